"""Entity rules as data: schema, loading, validation and compilation.

A rule directory (default `configs/entities/`) holds:

* `lexicons.yaml` — named lexicons (`{name}` in patterns expands to any entry) and named
  regex macros (`{CJK}`), see `lexicon.py`;
* one `<label>.yaml` per label: `label:` and a list of `rules:`.

A rule is a regex over the report's characters (never over tokens, so spans are
character-precise). The named group `span` (if present) is the entity; other named
groups `attr_<key>` become entity attributes (an OFFICIAL's `title`). Every rule has an
id and a score; the merge policy settles overlaps by score, then length (`merge.py`).
Unknown keys, undeclared labels, unknown `{names}`, duplicate ids and regexes that do
not compile are errors at load time, naming the file and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..configfile import ConfigError, load_model
from ..schema import LABELS
from .lexicon import LexiconSpec, class_escape, load_lexicon, read_rows, trie_regex
from .needs_table import load_table as load_needs_table
from .needs_table import pattern_key
from .prefilter import Needs, PatternAnalyzer
from .programs import Program, compile_pattern
from .programs import load_table as load_program_table
from .programs import pattern_key as program_key

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RuleError(ConfigError):
    """A rule file that cannot be used; the message names the file and the rule."""


class EntityRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    pattern: str
    score: float = Field(default=0.5, ge=0.0, le=1.0)
    label: str | None = None  # overrides the file's label for this rule
    attrs: dict[str, str] = {}  # constant attributes set on every match
    deny: list[str] = []  # exact span texts this rule must not produce
    min_length: int = 1
    max_length: int = 40
    # match on the quote view (`quoteview.py`) where the source lost its quotes to spaces;
    # unset: the file's `quote_view`
    quote_view: bool | None = None
    comment: str = ""


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    description: str = ""
    # the default of the file's rules: read the recorded lost quotes as quotation marks
    quote_view: bool = False
    rules: list[EntityRule]

    @field_validator("label")
    @classmethod
    def _known_label(cls, value: str) -> str:
        if value not in LABELS:
            raise ValueError(f"unknown label {value!r}; expected one of {', '.join(LABELS)}")
        return value


class GuardSpec(BaseModel):
    """Where the boundary guards are: a TSV of `word<TAB>labels` (see `Guards`)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    # labels a row with `*` (or an empty labels cell) applies to
    default_labels: list[str] = []


class LexiconFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lexicons: dict[str, LexiconSpec] = {}
    macros: dict[str, str] = {}
    # name -> lexicons whose mentions are masked before matching (see `Mask`)
    masks: dict[str, list[str]] = {}
    # name -> words after which a mention may end inside a segmenter word (see `Mask`)
    mask_followers: dict[str, list[str]] = {}
    guards: GuardSpec | None = None


MASK_CHAR = "\ue000"  # a private-use character: never in report text


class Mask:
    """Mentions of big lexicons (3,000 place names) found once, not once per rule.

    Compiling a 3,000-name trie into every rule that may start with a place made
    loading take seconds. Instead the text is copied with every mention replaced by
    as many `MASK_CHAR`s (same length, so offsets do not move), and in patterns the
    mask's name stands for `MASK_CHAR+`. Rules using a mask run on the masked copy.

    A mention is masked only where it starts and ends on a word boundary of the
    segmenter (when boundaries are given): `安新` (a county) inside `公安/新/业务` is not
    a place, and `金华/市局` keeps `市局` for the unit rules.

    The segmenter often glues a place to the word after it (`江/宁交/巡警`, `贵州人`):
    a mention may also end inside a word when one of the mask's `followers` comes next
    (`交巡警`, `人`), words that only follow a place.
    """

    def __init__(self, name: str, words: list[str], followers: list[str] | None = None) -> None:
        self.name = name
        self.trie: dict = {}
        for word in words:
            node = self.trie
            for ch in word:
                node = node.setdefault(ch, {})
            node[""] = True
        self.followers = Mask(name + ":followers", followers) if followers else None
        # the characters a mention can start with, as one class: `find` jumps over the
        # others in C instead of trying the trie at every character
        starts = sorted(ch for ch in self.trie if ch)
        self._starts = re.compile(_char_class(starts)) if starts else None
        self._finder = _start_finder(self.trie) if starts else None

    def apply(self, text: str, boundaries: set[int] | None = None) -> str:
        out = list(text)
        for start, end in self.find(text, boundaries):
            out[start:end] = MASK_CHAR * (end - start)
        return "".join(out)

    def find(self, text: str, boundaries: set[int] | None = None) -> Iterator[tuple[int, int]]:
        """Leftmost-longest mentions, left to right, not overlapping."""
        if self._finder is None:
            return
        i, search = 0, self._finder.search
        while i < len(text):
            found = search(text, i)
            if found is None:
                return
            i = found.start()
            end = self.longest(text, i, boundaries) if _ok(i, boundaries) else None
            if end is None:
                i += 1
                continue
            yield i, end
            i = end

    def longest(
        self, text: str, start: int, boundaries: set[int] | None = None
    ) -> int | None:
        """End of the longest entry starting at `start` (on boundaries when given)."""
        node, best = self.trie, None
        for j in range(start, len(text)):
            node = node.get(text[j])
            if node is None:
                break
            if "" in node and (_ok(j + 1, boundaries) or self._followed(text, j + 1)):
                best = j + 1
        return best

    def holds(self, text: str, first: int, stop: int, end: int) -> bool:
        """Whether an entry starting at one of `first..stop-1` ends at or before `end`.
        Only the places where an entry's first character stands are tried (found in C)."""
        if self._starts is None:
            return False
        search, i = self._starts.search, first
        while (found := search(text, i, stop)) is not None:
            i = found.start()
            last = self.longest(text, i)
            if last is not None and last <= end:
                return True
            i += 1
        return False

    def _followed(self, text: str, end: int) -> bool:
        return self.followers is not None and self.followers.longest(text, end) is not None


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(map(class_escape, chars)) + "]"


def _start_finder(trie: dict) -> re.Pattern[str]:
    """Where an entry may start: its first character, followed by a possible second one
    (one class of all second characters; 2 of 3 place-name initials in a report are
    followed by none). A superset of the starts, found in C: `longest` decides."""
    one = sorted(ch for ch, node in trie.items() if ch and "" in node)
    first = sorted(ch for ch, node in trie.items() if ch and set(node) - {""})
    second = sorted({ch for ch, node in trie.items() if ch for ch in node if ch})
    options = [_char_class(one)] if one else []
    if first:
        options.append(_char_class(first) + "(?=" + _char_class(second) + ")")
    return re.compile("|".join(options))


def _ok(offset: int, boundaries: set[int] | None) -> bool:
    return boundaries is None or offset in boundaries


class Guards:
    """Words that never start an entity of some labels (verbs, prepositions, pronouns).

    Patterns that take "a few characters before a head" (`{OPCHAR}{2,6}?派出所`) also
    take the verb in front of the name: `交由派出所`, `回到派出所`, `获各类案件`. Instead
    of writing the same exclusion into every pattern, the engine drops a match whose span
    starts with a guard word of its label and searches again one character further on,
    so the rule's own conditions decide about the shorter span.

    Words marked `anywhere` (verbs of hand-over and motion: `交由`, `回到`) may not occur
    inside the span either: `视频交由派出所` starts with a noun but is no unit name.

    A place name from the gazetteer is never guarded (`获嘉县`, `从化区` start with a
    guard character): the caller passes the masked text, where such names are masked.
    Words marked `exempt` are ordinary starts that begin with a guard word (`系列` after the
    copula `系`): a span starting with one is not blocked by the shorter guard.
    """

    def __init__(self, rows: list[tuple[str, frozenset[str], bool | str]]) -> None:
        start_words: dict[str, list[str]] = {}
        inside_words: dict[str, list[str]] = {}
        exempt_words: dict[str, list[str]] = {}
        for word, labels, place in rows:
            place = "anywhere" if place is True else ("start" if place is False else place)
            for label in labels:
                if place == "exempt":
                    exempt_words.setdefault(label, []).append(word)
                    continue
                start_words.setdefault(label, []).append(word)
                if place == "anywhere":
                    inside_words.setdefault(label, []).append(word)
        self.tries = {label: Mask(f"guard:{label}", ws) for label, ws in start_words.items()}
        self.inside = {label: Mask(f"inside:{label}", ws) for label, ws in inside_words.items()}
        self.exempt = {label: Mask(f"exempt:{label}", ws) for label, ws in exempt_words.items()}

    def blocks(
        self, label: str, text: str, start: int, masked: str | None = None, end: int | None = None
    ) -> bool:
        """True when the span `text[start:end]` starts with (or holds) a guard word."""
        trie = self.tries.get(label)
        if trie is None:
            return False
        if not (masked is not None and masked[start] == MASK_CHAR):
            guard = trie.longest(text, start)
            exempt = self.exempt.get(label)
            if guard is not None and not (exempt and (exempt.longest(text, start) or 0) > guard):
                return True
        inside = self.inside.get(label)
        if inside is None or end is None:
            return False
        return inside.holds(text, start + 1, end - 1, end)

    def words(self, label: str) -> list[str]:
        trie = self.tries.get(label)
        return [] if trie is None else _trie_words(trie.trie)


def _trie_words(node: dict, prefix: str = "") -> list[str]:
    out = [prefix] if "" in node else []
    for ch, child in sorted((k, v) for k, v in node.items() if k):
        out.extend(_trie_words(child, prefix + ch))
    return out


GUARD_WHERE = ("start", "anywhere", "exempt")


def load_guards(spec: GuardSpec, base_dir: Path, where: Path) -> Guards:
    """Rows `word<TAB>labels[<TAB>start|anywhere|exempt[<TAB>note]]`; labels comma-separated,
    `*` = the defaults; `anywhere` also forbids the word inside a span; `exempt` lifts a
    shorter guard at the start (`系列` vs `系`)."""
    path = (base_dir / spec.file).resolve()
    rows: list[tuple[str, frozenset[str], bool | str]] = []
    for lineno, cells in read_rows(path):
        word = cells[0]
        cell = cells[1] if len(cells) > 1 else ""
        place = (cells[2] if len(cells) > 2 else "") or "start"
        names = [x.strip() for x in cell.split(",") if x.strip()]
        if not names or names == ["*"]:
            names = list(spec.default_labels)
        unknown = [x for x in names if x not in LABELS]
        if not word or unknown or place not in GUARD_WHERE:
            raise RuleError(
                f"{path}:{lineno}: empty guard word, unknown labels {unknown} or place {place!r}"
                f" (expected one of {GUARD_WHERE})"
            )
        rows.append((word, frozenset(names), place))
    bad = [x for x in spec.default_labels if x not in LABELS]
    if bad:
        raise RuleError(f"{where}: guards.default_labels: unknown labels {bad}")
    return Guards(rows)


@dataclass(frozen=True)
class CompiledRule:
    """A validated rule. Its regex is compiled when first searched: compiling all ~160
    took ~0.6 CPU-s of every start-up, and a rule is needed only once a report holds its
    literals (`needs`). Load time parses the rule and each lexicon and macro once
    (`PatternAnalyzer`), which validates them."""

    id: str
    label: str
    pattern: str  # with lexicons and macros expanded
    score: float
    attrs: dict[str, str]
    deny: frozenset[str]
    min_length: int
    max_length: int
    masked: bool = False  # runs on the masked copy of the text
    quote_view: bool = False  # runs on the quote view where the source lost its quotes
    # what a match needs (literals, width, reach), derived from the pattern (prefilter.py)
    needs: Needs = Needs(None, None, None)
    # the pattern as written, placeholders unexpanded (key of needs_table.py)
    written: str = field(default="", compare=False, repr=False)
    # its compiled program from the derived table `rule_programs.bin` (programs.py), if there
    program: Program | None = field(default=None, compare=False, repr=False)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return compile_pattern(self.pattern, self.program)


@dataclass
class RuleSet:
    """Everything the entity ruler needs, read once at initialize time."""

    rules: list[CompiledRule]
    lexicons: dict[str, list[str]] = field(default_factory=dict)
    source_files: list[str] = field(default_factory=list)
    masks: list[Mask] = field(default_factory=list)
    guards: Guards = field(default_factory=lambda: Guards([]))

    def masked_text(self, text: str, boundaries: set[int] | None = None) -> str:
        for mask in self.masks:
            text = mask.apply(text, boundaries)
        return text


def load_lexicon_file(
    path: Path,
) -> tuple[dict[str, list[str]], dict[str, str], list[Mask], Guards]:
    """Named lexicons, macros, masks and guards from `lexicons.yaml` (paths relative to it)."""
    spec = load_model(path, LexiconFile, RuleError)
    guards = load_guards(spec.guards, path.parent, path) if spec.guards else Guards([])
    lexicons = {name: load_lexicon(s, path.parent) for name, s in spec.lexicons.items()}
    clash = (set(lexicons) | set(spec.masks)) & set(spec.macros) or set(lexicons) & set(spec.masks)
    if clash:
        raise RuleError(f"{path}: names defined twice (lexicon/macro/mask): {sorted(clash)}")
    masks = []
    stray = set(spec.mask_followers) - set(spec.masks)
    if stray:
        raise RuleError(f"{path}: mask_followers names unknown masks {sorted(stray)}")
    for name, sources in spec.masks.items():
        unknown = [src for src in sources if src not in lexicons]
        if unknown:
            raise RuleError(f"{path}: mask {name!r} names unknown lexicons {unknown}")
        followers = spec.mask_followers.get(name)
        masks.append(Mask(name, [w for src in sources for w in lexicons[src]], followers))
    return lexicons, dict(spec.macros), masks, guards


def expand(pattern: str, names: dict[str, str], where: str) -> str:
    """Replace `{name}` placeholders; macros may use other names (no cycles)."""

    def repl(match: re.Match[str], depth: int = 0) -> str:
        key = match.group(1)
        if key not in names:
            raise RuleError(f"{where}: unknown lexicon or macro {{{key}}}")
        return "(?:" + names[key] + ")"

    for _ in range(5):  # macros may nest a few levels deep
        if not _PLACEHOLDER.search(pattern):
            return pattern
        pattern = _PLACEHOLDER.sub(repl, pattern)
    raise RuleError(f"{where}: macros nest too deeply (a cycle?)")


def load_rules(rule_dir: Path, use_table: bool = True) -> RuleSet:
    """Read `lexicons.yaml` and every other `*.yaml` in `rule_dir` (sorted by name).
    `use_table`: take the needs of unchanged rules from `prefilter_needs.json` (a derived
    table, needs_table.py) instead of analysing them again, and their compiled regexes from
    `rule_programs.bin` (programs.py) instead of compiling them again."""
    rule_dir = Path(rule_dir)
    if not rule_dir.is_dir():
        raise RuleError(f"entity rule directory not found: {rule_dir}")
    lexicon_path = rule_dir / "lexicons.yaml"
    lexicons, macros, masks, guards = (
        load_lexicon_file(lexicon_path) if lexicon_path.exists() else ({}, {}, [], Guards([]))
    )
    names = {name: trie_regex(words) for name, words in lexicons.items()}
    names.update(macros)
    names.update({mask.name: re.escape(MASK_CHAR) + "+" for mask in masks})
    analyzer = PatternAnalyzer(names, _PLACEHOLDER)
    table = load_needs_table(rule_dir) if use_table else {}
    programs = load_program_table(rule_dir) if use_table else {}
    compiled: list[CompiledRule] = []
    seen: dict[str, str] = {}
    files: list[str] = []
    for path in sorted(rule_dir.glob("*.yaml")):
        if path.name == "lexicons.yaml":
            continue
        files.append(path.name)
        spec = load_model(path, RuleFile, RuleError)
        for rule in spec.rules:
            where = f"{path.name}: rule {rule.id!r}"
            if rule.id in seen:
                raise RuleError(f"{where}: duplicate rule id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            compiled.append(_compile(rule, spec, names, analyzer, where, table, programs))
    return RuleSet(
        rules=compiled, lexicons=lexicons, source_files=files, masks=masks, guards=guards
    )


def _compile(
    rule: EntityRule,
    spec: RuleFile,
    names: dict[str, str],
    analyzer: PatternAnalyzer,
    where: str,
    table: dict[str, Needs] | None = None,
    programs: dict[str, Program] | None = None,
) -> CompiledRule:
    label = rule.label or spec.label
    if label not in LABELS:
        raise RuleError(f"{where}: unknown label {label!r}")
    pattern = expand(rule.pattern, names, where)
    needs = (table or {}).get(pattern_key(rule.pattern, pattern))
    if needs is None:  # not in the derived table: analyse it now
        try:
            # parses the rule (and each name once): raises what `re.compile` would
            needs = analyzer.needs(rule.pattern, pattern)
        except re.error as err:
            raise RuleError(f"{where}: pattern does not compile: {err}") from err
    return CompiledRule(
        id=rule.id,
        label=label,
        pattern=pattern,
        score=rule.score,
        attrs=dict(rule.attrs),
        deny=frozenset(rule.deny),
        min_length=rule.min_length,
        max_length=rule.max_length,
        masked=MASK_CHAR in pattern or re.escape(MASK_CHAR) in pattern,
        quote_view=spec.quote_view if rule.quote_view is None else rule.quote_view,
        needs=needs,
        written=rule.pattern,
        program=(programs or {}).get(program_key(pattern)),
    )
