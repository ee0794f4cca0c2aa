"""The entity-rule component: character regexes from `configs/entities/` -> `doc.ents`.

Matching runs on `doc.text`, so a span may start or end inside a pkuseg word
(`在古山` is one token, `古山` the place). Before writing `doc.ents` the tokens are
split at every chosen boundary: the spans stay exactly where the rules put them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..docext import doc_text, ensure_extensions, quote_gaps, remember_text
from ..snapshot import SavesInitData, keeps_init_data
from .merge import Candidate, MergePolicy
from .prefilter import RuleSearch, TextIndex, Vocabulary, windows
from .quoteview import QuoteView
from .rules import CompiledRule, Guards, RuleSet, load_rules


@keeps_init_data
class EntityRuler(SavesInitData):
    """Propose candidates from every rule, keep those the merge policy chooses."""

    def __init__(
        self, nlp: Language, name: str, merge_policy: MergePolicy, propagate: list[str]
    ) -> None:
        ensure_extensions()
        self.name = name
        self.merge_policy = merge_policy
        self.propagate = set(propagate)
        self.ruleset: RuleSet | None = None
        self._vocabulary: tuple[RuleSet, Vocabulary] | None = None

    def initialize(self, get_examples=None, *, nlp=None, rules_dir: str | None = None) -> None:
        if rules_dir is None:
            raise ValueError(f"{self.name}: initialize needs rules_dir (see configs/pipeline.cfg)")
        self.ruleset = load_rules(Path(rules_dir))
        self._vocabulary = None

    def warm_up(self) -> None:
        """Compile every rule's regex now (they compile on first use): called before
        `--jobs` forks its workers, so they share the compiled rules instead of each
        compiling its own."""
        if self.ruleset is not None:
            for rule in self.ruleset.rules:
                _ = rule.regex
            self.vocabulary()

    def candidates(
        self,
        text: str,
        boundaries: set[int] | None = None,
        gaps: tuple[tuple[int, str], ...] = (),
    ) -> list[Candidate]:
        """Every rule's matches; `boundaries` are the word boundaries masks must respect,
        `gaps` the lost quotes that `quote_view` rules read as marks (`quoteview.py`)."""
        if self.ruleset is None:
            raise ValueError(f"{self.name} is not initialized (call nlp.initialize())")
        masked = self.ruleset.masked_text(text, boundaries) if self.ruleset.masks else text
        found: list[Candidate] = []
        guards = self.ruleset.guards
        # Literals are counted once per text, for every rule that needs them (prefilter.py).
        vocabulary = self.vocabulary()
        plain_index = TextIndex(text, vocabulary)
        masked_index = TextIndex(masked, vocabulary) if masked != text else plain_index
        view = QuoteView.build(text, gaps) if gaps else None
        view_texts: dict[bool, tuple[str, TextIndex]] = {}
        for rule in self.ruleset.rules:
            if view is not None and rule.quote_view:
                found.extend(_match_in_view(rule, view, masked, guards, view_texts, vocabulary))
                continue
            searched, index = (masked, masked_index) if rule.masked else (text, plain_index)
            found.extend(_rule_candidates(rule, searched, index, text, guards, masked))
        return found

    def vocabulary(self) -> Vocabulary:
        """The literals of the current rule set (made once per rule set)."""
        assert self.ruleset is not None
        if self._vocabulary is None or self._vocabulary[0] is not self.ruleset:
            self._vocabulary = (self.ruleset, Vocabulary.of(r.needs for r in self.ruleset.rules))
        return self._vocabulary[1]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = self.candidates(text, _word_boundaries(doc, text), quote_gaps(doc))
        # Names the rules settled on are looked for again where they recur without a cue;
        # the repeats then compete with every other candidate under the same policy.
        first = self.merge_policy(found)
        repeats = _repeat_mentions(first, text, self.propagate)
        # a policy is a function of its candidates: without repeats it would choose `first`
        chosen = self.merge_policy(found + repeats) if repeats else first
        doc = split_tokens_at(doc, _boundaries(chosen))
        ents = []
        meta = {}
        for cand in chosen:
            span = doc.char_span(cand.start, cand.end, label=cand.label, alignment_mode="strict")
            if span is None:  # only whitespace-edged spans can fail after the split
                continue
            ents.append(span)
            meta[(cand.start, cand.end)] = {
                "rule": cand.rule,
                "score": cand.score,
                "attrs": dict(cand.attrs),
            }
        doc.ents = ents
        doc._.entity_meta = meta
        return doc


def _match_rule(
    rule: CompiledRule,
    searched: str,
    text: str,
    guards: Guards | None = None,
    masked: str | None = None,
    finder: RuleSearch | None = None,
    first: re.Match[str] | None = None,
) -> Iterable[Candidate]:
    """Matches of one rule in `searched` (the text or its masked copy, same length);
    `first`: the search's result from position 0 when the caller already has it.

    A match whose span starts with a boundary guard of the rule's label (`交由派出所`) is
    dropped and the search goes on from the next character, so a shorter reading that
    the rule allows (`派出所` after a preposition) can still be found.
    """
    # what the rule's groups are, read once per rule and text, not once per match
    groups = rule.regex.groupindex
    has_span = "span" in groups
    attr_keys = [key for key in groups if key.startswith("attr_")]
    for match in _search_all(rule, searched, text, guards, masked, finder, first):
        if has_span and match.group("span") is not None:
            start, end = match.span("span")
        else:
            start, end = match.span()
        surface = text[start:end]
        if not (rule.min_length <= end - start <= rule.max_length) or surface in rule.deny:
            continue
        if surface != surface.strip():
            continue
        attrs = dict(rule.attrs)
        for key in attr_keys:
            if match.group(key):
                attrs[key[5:]] = text[match.start(key) : match.end(key)]
        yield Candidate(rule.label, start, end, rule.score, rule.id, attrs)


def _match_in_view(
    rule: CompiledRule,
    view: QuoteView,
    masked: str,
    guards: Guards,
    cache: dict[bool, tuple[str, TextIndex]],
    vocabulary: Vocabulary,
) -> list[Candidate]:
    """Matches of a `quote_view` rule on the text with its lost quotes put back, at offsets
    of the plain text (rare: only reports whose source lost its quotes). `cache` keeps the
    plain and masked views with their literal index for the next rule."""
    for is_masked, same_length in ((False, view.text), (True, masked)):
        if is_masked not in cache:
            searched_view = view.apply(same_length) if is_masked else same_length
            cache[is_masked] = (searched_view, TextIndex(searched_view, vocabulary))
    searched, index = cache[rule.masked]
    found = _rule_candidates(rule, searched, index, view.text, guards, cache[True][0])
    return [view.to_text_candidate(cand) for cand in found]


def _rule_candidates(
    rule: CompiledRule,
    searched: str,
    index: TextIndex,
    text: str,
    guards: Guards | None,
    masked: str | None,
) -> Iterable[Candidate]:
    """One rule's matches in `searched` (the text or its masked copy, indexed by `index`),
    or none at once when a literal every match needs is not there. The windows are asked
    before `rule.regex`: a rule compiles only once it can match."""
    found_windows = windows(index, rule.needs)
    if found_windows == []:
        return ()
    # the whole text searched: no finder needed
    finder = (
        None if found_windows is None
        else RuleSearch(rule.regex, searched, rule.needs, index, found_windows)
    )
    # most rules that can run find nothing in a report: say so before building generators
    first = rule.regex.search(searched) if finder is None else finder.search(0)
    if first is None:
        return ()
    return _match_rule(rule, searched, text, guards, masked, finder, first)


def _search_all(
    rule: CompiledRule,
    searched: str,
    text: str,
    guards: Guards | None,
    masked: str | None,
    finder: RuleSearch | None = None,
    first: re.Match[str] | None = None,
) -> Iterable[re.Match[str]]:
    """Non-overlapping matches left to right, skipping those a guard blocks (`first`: the
    search from position 0, when already made)."""
    check = guards is not None and rule.label in guards.tries
    regex = rule.regex
    search = finder.search if finder is not None else (lambda at: regex.search(searched, at))
    has_span = "span" in regex.groupindex
    pos, n = 0, len(searched)
    pending = first
    while pos <= n:
        match, pending = (pending, None) if pending is not None else (search(pos), None)
        if match is None:
            return
        if check:
            start, end = match.span("span") if has_span else match.span()
            if start < 0:  # the span group did not take part
                start, end = match.span()
            if start < len(text) and guards.blocks(rule.label, text, start, masked, end):
                pos = match.start() + 1
                continue
        yield match
        first, last = match.span()
        pos = last if last > first else first + 1


def _repeat_mentions(chosen: list[Candidate], text: str, labels: set[str]) -> list[Candidate]:
    """Later bare mentions of a name the rules found with its cue (邵晨阳 after 所长邵晨阳).

    A name is recognised by a title or cue word; the same person named again without
    one is still that person. Only full names (not 某 pseudonyms) of the given labels.
    """
    out: list[Candidate] = []
    # A name found k times would be looked for k times over the whole text: quadratic on a
    # long report that names the same chief throughout. Each name's places are found once.
    places: dict[str, list[int]] = {}
    # The same name found k times by one rule would give k - 1 identical repeats at every
    # place (k^2 candidates): each is made once (a later identical one never wins a merge).
    made: set[tuple] = set()
    for cand in chosen:
        name = text[cand.start : cand.end]
        if cand.label not in labels or len(name) < 2 or "某" in name:
            continue
        if name not in places:
            places[name] = _occurrences(text, name)
        source = (name, cand.label, cand.rule, tuple(sorted(cand.attrs.items())))
        for start in places[name]:
            if start != cand.start and (start, source) not in made:
                made.add((start, source))
                # A confirmed name string outranks a place reading of it (邝海宁 vs 海宁) but
                # not the more specific rules (units, cases, honours).
                out.append(Candidate(cand.label, start, start + len(name), 0.62,
                                     cand.rule + "+repeat", dict(cand.attrs)))
    return out


def _occurrences(text: str, name: str) -> list[int]:
    """Every start of `name` in `text`, overlapping ones included."""
    out = []
    start = text.find(name)
    while start >= 0:
        out.append(start)
        start = text.find(name, start + 1)
    return out


def _word_boundaries(doc: Doc, text: str | None = None) -> set[int]:
    # Token offsets from one array read: a Python loop over Token objects cost ~0.3 us/char.
    bounds = {len(doc_text(doc) if text is None else text)}
    if len(doc):
        starts, lengths = doc.to_array([IDX, LENGTH]).T
        bounds.update(starts.tolist())
        bounds.update((starts + lengths).tolist())
    return bounds


def _boundaries(cands: Iterable[Candidate]) -> set[int]:
    out: set[int] = set()
    for cand in cands:
        out.update((cand.start, cand.end))
    return out


def split_tokens_at(doc: Doc, offsets: set[int]) -> Doc:
    """Split every token that has one of `offsets` strictly inside it.

    Returns `doc` itself when nothing is split, else a new Doc with the same text, the
    finer tokens and everything the pipeline has put on the doc so far (sentence starts,
    entities, `doc._` values). spaCy's `retokenize().split` moves the whole token array
    once per split token, quadratic on one long report (2.5 s of a 200k-character report);
    building the Doc once is linear. A doc with other annotations (tags, lemmas, a
    parse, span groups, a tensor) goes through spaCy's retokenizer, which keeps them.
    """
    cuts = _cuts_inside_tokens(doc, offsets)
    if not cuts:
        return doc
    if _has_rich_annotation(doc):
        return _split_with_retokenizer(doc, cuts)
    return _rebuild_split(doc, cuts)


def _cuts_inside_tokens(doc: Doc, offsets: set[int]) -> dict[int, list[int]]:
    """Token index -> the offsets (relative to the token) strictly inside it."""
    if not len(doc):
        return {}
    starts = doc.to_array("IDX").tolist()
    lengths = doc.to_array("LENGTH").tolist()
    cuts: dict[int, list[int]] = {}
    for offset in sorted(offsets):
        i = bisect_right(starts, offset) - 1
        if i >= 0 and starts[i] < offset < starts[i] + lengths[i]:
            cuts.setdefault(i, []).append(offset - starts[i])
    return cuts


# Token annotations the rebuilt Doc would not carry: such docs use spaCy's retokenizer.
_RICH_ANNOTATIONS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")


def _has_rich_annotation(doc: Doc) -> bool:
    if any(doc.has_annotation(attr) for attr in _RICH_ANNOTATIONS):
        return True
    return bool(doc.spans) or (doc.tensor is not None and doc.tensor.size > 0)


def _split_with_retokenizer(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    with doc.retokenize() as retok:
        for i, inner in cuts.items():
            token = doc[i]
            bounds = [0, *inner, len(token)]
            pieces = [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            # Each piece attaches to the first one: no parser runs, heads are only required.
            retok.split(token, pieces, heads=[(token, 0)] * len(pieces))
    return doc


def _rebuild_split(doc: Doc, cuts: dict[int, list[int]]) -> Doc:
    text = doc_text(doc)
    starts = doc.to_array("IDX").tolist()
    lengths = doc.to_array("LENGTH").tolist()
    spaces = doc.to_array("SPACY").tolist()
    # spaCy stores sentence starts as uint64: 1 start, 2**64-1 (-1) not a start, 0 unknown
    sent = doc.to_array("SENT_START").astype("int64").tolist()
    words: list[str] = []
    new_spaces: list[bool] = []
    new_sent: list[int] = []
    for i, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        inner = cuts.get(i)
        if inner is None:  # most tokens: kept as they are (the loop below with no cut)
            words.append(text[start : start + length])
            new_spaces.append(bool(spaces[i]))
            new_sent.append(sent[i])
            continue
        bounds = [0, *inner, length]
        for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            words.append(text[start + a : start + b])
            last = k == len(bounds) - 2
            new_spaces.append(bool(spaces[i]) and last)
            # a piece after the first continues the token's sentence
            new_sent.append(sent[i] if k == 0 else (-1 if sent[i] else 0))
    out = remember_text(Doc(doc.vocab, words=words, spaces=new_spaces, sent_starts=new_sent), text)
    out.user_data.update(doc.user_data)
    if doc.has_annotation("ENT_IOB"):
        out.ents = [
            out.char_span(e.start_char, e.end_char, label=e.label, kb_id=e.kb_id, span_id=e.id)
            for e in doc.ents
        ]
    return out


@Language.factory(
    "bulletin_entity_rules",
    assigns=["doc.ents", "doc._.entity_meta"],
    default_config={
        "merge_policy": {"@misc": "bulletin.score_then_longest.v1"},
        "propagate": ["OFFICIAL", "PERSON"],
    },
)
def make_entity_ruler(
    nlp: Language, name: str, merge_policy: MergePolicy, propagate: list[str]
) -> EntityRuler:
    return EntityRuler(nlp, name, merge_policy, propagate)
