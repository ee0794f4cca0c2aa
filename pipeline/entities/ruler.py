"""The entity-rule component: character regexes from `configs/entities/` -> `doc.ents`.

Matching runs on `doc.text`, so a span may start or end inside a pkuseg word
(`在古山` is one token, `古山` the place). Before writing `doc.ents` the tokens are
split at every chosen boundary: the spans stay exactly where the rules put them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..docext import ensure_extensions
from ..snapshot import SavesInitData, keeps_init_data
from .merge import Candidate, MergePolicy
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

    def initialize(self, get_examples=None, *, nlp=None, rules_dir: str | None = None) -> None:
        if rules_dir is None:
            raise ValueError(f"{self.name}: initialize needs rules_dir (see configs/pipeline.cfg)")
        self.ruleset = load_rules(Path(rules_dir))

    def candidates(self, text: str, boundaries: set[int] | None = None) -> list[Candidate]:
        """Every rule's matches; `boundaries` are the word boundaries masks must respect."""
        if self.ruleset is None:
            raise ValueError(f"{self.name} is not initialized (call nlp.initialize())")
        masked = self.ruleset.masked_text(text, boundaries) if self.ruleset.masks else text
        found: list[Candidate] = []
        guards = self.ruleset.guards
        for rule in self.ruleset.rules:
            found.extend(_match_rule(rule, masked if rule.masked else text, text, guards, masked))
        return found

    def __call__(self, doc: Doc) -> Doc:
        found = self.candidates(doc.text, _word_boundaries(doc))
        # Names the rules settled on are looked for again where they recur without a cue;
        # the repeats then compete with every other candidate under the same policy.
        repeats = _repeat_mentions(self.merge_policy(found), doc.text, self.propagate)
        chosen = self.merge_policy(found + repeats)
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
) -> Iterable[Candidate]:
    """Matches of one rule in `searched` (the text or its masked copy, same length).

    A match whose span starts with a boundary guard of the rule's label (`交由派出所`) is
    dropped and the search goes on from the next character, so a shorter reading that
    the rule allows (`派出所` after a preposition) can still be found.
    """
    for match in _search_all(rule, searched, text, guards, masked):
        if "span" in match.re.groupindex and match.group("span") is not None:
            start, end = match.span("span")
        else:
            start, end = match.span()
        surface = text[start:end]
        if not (rule.min_length <= end - start <= rule.max_length) or surface in rule.deny:
            continue
        if surface != surface.strip():
            continue
        attrs = dict(rule.attrs)
        for key in match.groupdict():
            if key.startswith("attr_") and match.group(key):
                attrs[key[5:]] = text[match.start(key) : match.end(key)]
        yield Candidate(rule.label, start, end, rule.score, rule.id, attrs)


def _search_all(
    rule: CompiledRule,
    searched: str,
    text: str,
    guards: Guards | None,
    masked: str | None,
) -> Iterable[re.Match[str]]:
    """Non-overlapping matches left to right, skipping those a guard blocks."""
    check = guards is not None and rule.label in guards.tries
    pos = 0
    while pos <= len(searched):
        match = rule.regex.search(searched, pos)
        if match is None:
            return
        start, end = match.span("span") if "span" in rule.regex.groupindex else match.span()
        if start < 0:  # the span group did not take part
            start, end = match.span()
        if check and start < len(text) and guards.blocks(rule.label, text, start, masked, end):
            pos = match.start() + 1
            continue
        yield match
        pos = match.end() if match.end() > match.start() else match.start() + 1


def _repeat_mentions(chosen: list[Candidate], text: str, labels: set[str]) -> list[Candidate]:
    """Later bare mentions of a name the rules found with its cue (邵晨阳 after 所长邵晨阳).

    A name is recognised by a title or cue word; the same person named again without
    one is still that person. Only full names (not 某 pseudonyms) of the given labels.
    """
    out: list[Candidate] = []
    for cand in chosen:
        name = text[cand.start : cand.end]
        if cand.label not in labels or len(name) < 2 or "某" in name:
            continue
        start = text.find(name)
        while start >= 0:
            if start != cand.start:
                # A confirmed name string outranks a place reading of it (邝海宁 vs 海宁) but
                # not the more specific rules (units, cases, honours).
                out.append(Candidate(cand.label, start, start + len(name), 0.62,
                                     cand.rule + "+repeat", dict(cand.attrs)))
            start = text.find(name, start + 1)
    return out


def _word_boundaries(doc: Doc) -> set[int]:
    bounds = {len(doc.text)}
    for token in doc:
        bounds.update((token.idx, token.idx + len(token)))
    return bounds


def _boundaries(cands: Iterable[Candidate]) -> set[int]:
    out: set[int] = set()
    for cand in cands:
        out.update((cand.start, cand.end))
    return out


def split_tokens_at(doc: Doc, offsets: set[int]) -> Doc:
    """Split every token that has one of `offsets` strictly inside it."""
    ordered = sorted(offsets)
    plans = []
    for token in doc:
        lo = bisect_right(ordered, token.idx)
        hi = bisect_left(ordered, token.idx + len(token), lo)
        cuts = [o - token.idx for o in ordered[lo:hi]]
        if cuts:
            pieces = [token.text[a:b] for a, b in zip([0, *cuts], [*cuts, len(token)], strict=True)]
            plans.append((token, pieces))
    if not plans:
        return doc
    with doc.retokenize() as retok:
        for token, pieces in plans:
            # Each piece attaches to the first one: no parser runs, heads are only required.
            heads = [(token, 0)] * len(pieces)
            retok.split(token, pieces, heads=heads)
    return doc


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
