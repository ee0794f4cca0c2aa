"""What a rule's regex needs to match, derived from the regex itself (no rule declares it).

Most entity rules cannot match most reports: `case.named` needs `案` or `事件`, a title
rule needs one of its titles. Running every one of ~160 regexes over every report cost
~18% of the pipeline. The engine reads each parsed pattern once and derives

* `literals`: a set of strings, one of which every match's consumed text contains, or one a
  positive lookahead reads (`(?=同志)`; then `width` is the reach) (`None` when nothing can be
  said: the rule then always runs);
* `width`: the most characters a match can consume (`None`: unbounded);
* `reach`: how far past its start a match attempt can look, lookaheads included
  (`None`: unbounded).

A run of one plain class (`\ue000+`, a masked place) counts as the text's longest run of it:
width and reach grow per text by a coefficient times that run (`width_runs`, `reach_runs`).
A free tail ending the pattern (`{UPSUB}*`: it can always match nothing) is left out of width
and reach (`tail`): the part before it decides where the pattern matches, and a match found on
the cut text is taken again on the whole text.

`RuleSearch` uses them to give exactly `regex.search(text, pos)`: a report holding none
of the literals is skipped; where they are rare, only starts within `width` before an
occurrence are tried, and the search is cut `reach` characters after the last such start,
so the regex sees the same characters as on the whole text. Anything the analysis does not
understand (back-references, case folding, unknown opcodes) yields `None`, never a guess.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from types import EllipsisType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported when a vocabulary is made (spaCy loads it anyway)
    import numpy

try:  # Python >= 3.11 names them re._parser / re._constants
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

# Exact string sets are multiplied out along a sequence up to this size (`公安(?:局|厅)`
# -> {公安局, 公安厅}); beyond it the engine keeps the best factor seen so far.
MAX_EXACT = 64
# A required set larger than this is cut to shorter prefixes (each still required).
MAX_LITERALS = 32
# Windows are used when occurrences x width cover less than this share of the text;
# otherwise the plain search is as fast.
WINDOW_SHARE = 0.5
# The same when each start must be tried alone (reach unbounded: a lookahead with `+`).
MATCH_SHARE = 0.15
# Gaps between windows shorter than this are scanned rather than jumped (a call costs
# more than scanning a few characters in C).
MIN_GAP = 24


# (character class, coefficient) pairs, sorted: a width or reach grows by coefficient x the
# longest run of that class in the text (`\ue000+`, a masked place name, is a few characters)
Runs = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Needs:
    literals: frozenset[str] | None
    width: int | None
    reach: int | None
    # per text, `width` and `reach` grow by these times the longest run of each class
    width_runs: Runs = ()
    reach_runs: Runs = ()
    # the width and reach are those of the pattern without its free tail (see `_Info.head`):
    # a match found on a cut text is taken again on the whole text
    tail: bool = False
    # the literals' first characters: a text holding none of them is skipped at once
    gate: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first = frozenset(s[0] for s in self.literals) if self.literals else frozenset()
        object.__setattr__(self, "gate", first)

    def width_in(self, index: TextIndex) -> int | None:
        return _bound_in(self.width, self.width_runs, index)

    def reach_in(self, index: TextIndex) -> int | None:
        return _bound_in(self.reach, self.reach_runs, index)


def _bound_in(const: int | None, runs: Runs, index: TextIndex) -> int | None:
    if const is None or not runs:
        return const
    return const + sum(k * index.longest_run(cls) for cls, k in runs)


@dataclass(frozen=True)
class Bound:
    """A count of characters: `const` + the sum of coefficient x longest run of a class."""

    const: int
    runs: Runs = ()

    def __add__(self, other: Bound) -> Bound:
        return Bound(self.const + other.const, _merge_runs(self.runs, other.runs, operator.add))

    def times(self, k: int) -> Bound:
        return Bound(self.const * k, tuple((cls, c * k) for cls, c in self.runs if c * k))


def _merge_runs(a: Runs, b: Runs, op) -> Runs:
    if not b:
        return a
    if not a:
        return b
    out = dict(a)
    for cls, k in b:
        out[cls] = op(out[cls], k) if cls in out else k
    return tuple(sorted(out.items()))


def _upper(a: Bound | None, b: Bound | None) -> Bound | None:
    """A bound at least as large as both (each term's maximum)."""
    if a is None or b is None:
        return None
    return Bound(max(a.const, b.const), _merge_runs(a.runs, b.runs, max))


def _add(a: Bound | None, b: Bound | None) -> Bound | None:
    return None if a is None or b is None else a + b


ZERO = Bound(0)
ONE = Bound(1)


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every string the node can match (small sets only)
    req: frozenset[str] | None  # one of these is a substring of every match
    width: Bound | None  # most characters consumed
    reach: Bound | None  # most characters examined from the node's start
    low: int = 0  # fewest characters consumed
    # matches the empty string with no condition at all (`(?:…)?`, `{UPSUB}*`)
    free: bool = False
    # At the end of a pattern: the part before its free tail, which decides alone whether the
    # pattern matches at a place (`{SCOPE}?{POLICE_TOP}` of `{SCOPE}?{POLICE_TOP}{UPSUB}*`: the
    # tail can always match nothing). None: the node itself.
    head: _Info | None = None
    # a single character of this class (a regex source), for runs `[…]+`
    cls: str | None = None
    # one of these stands within the characters a match attempt examines (`reach`), in
    # what it consumes or in a lookahead (`(?=同志)`); None: see `req`/`exact` only
    look: frozenset[str] | None = None


_UNKNOWN = _Info(None, None, None, None)
_EMPTY = frozenset({""})
_NOTHING = _Info(_EMPTY, None, ZERO, ZERO, 0, True)
_NO_NEEDS = Needs(None, None, None)
# A placeholder `{name}` stands in a rule as one character of Supplementary Private Use
# Area-A while it is analysed: each lexicon or macro is then parsed and analysed once, not
# once per rule that uses it (parsing the expanded patterns was half of the load time).
MARK_BASE = 0xF0000


class _Fallback(Exception):
    """A placeholder where one character cannot stand for it (inside a character class)."""


def parse_pattern(pattern: str, flags: int = 0):
    """`re`'s own parse tree of a pattern (raises `re.error` as `re.compile` would)."""
    return _p.parse(pattern, flags)


def analyze(pattern: str, flags: int = 0) -> Needs:
    """The needs of a regex source (parsed here; see `analyze_parsed`)."""
    return analyze_parsed(parse_pattern(pattern, flags))


def analyze_parsed(parsed) -> Needs:
    """The needs of a parsed pattern (`re._parser.parse`). Raises `re.error` for what `re`
    finds only when compiling (a lookbehind of variable width)."""
    return _Analyzer().needs(parsed)


class PatternAnalyzer:
    """Needs of patterns written with `{name}` placeholders (lexicons, macros, masks).

    `names` maps each name to its regex source, which may use other names. A rule's
    pattern is parsed with every placeholder as one marker character; a marker's
    analysis is its name's, made once. The result equals that of the expanded pattern,
    or is the expanded pattern's own analysis when a placeholder sits where one character
    cannot stand for it. Syntax errors of the rule or of a name raise `re.error`.
    """

    def __init__(self, names: dict[str, str], placeholder: re.Pattern[str]) -> None:
        self.names = names
        self.placeholder = placeholder
        self.codes = {name: MARK_BASE + i for i, name in enumerate(names)}
        self.by_code = {code: name for name, code in self.codes.items()}
        self.memo: dict[str, _Info] = {}
        self.analyzer = _Analyzer(self._resolve)

    def needs(self, pattern: str, expanded: str) -> Needs:
        try:
            return self.analyzer.needs(parse_pattern(self._marked(pattern)))
        except (_Fallback, re.error):
            # a placeholder inside a class, or group references that a marker renumbers:
            # the expanded pattern decides (and raises its own error if it has one)
            return analyze(expanded)

    def _marked(self, pattern: str) -> str:
        if _placeholder_in_class(pattern, self.placeholder):
            raise _Fallback(pattern)  # `[{A}]` means something else once expanded
        return self.placeholder.sub(lambda m: chr(self.codes[m.group(1)]), pattern)

    def _resolve(self, code: int) -> _Info:
        name = self.by_code.get(code)
        if name is None:
            raise _Fallback(code)
        info = self.memo.get(name)
        if info is None:
            parsed = parse_pattern(self._marked(self.names[name]))
            # groups would renumber the rule's, global flags are an error when inlined
            if parsed.state.groups > 1 or parsed.state.flags & ~re.UNICODE:
                raise _Fallback(name)
            info = self.memo[name] = self.analyzer.seq(list(parsed))
        return info


def _placeholder_in_class(pattern: str, placeholder: re.Pattern[str]) -> bool:
    """True when a `{name}` stands inside a character class of the source."""
    in_class, i, n = False, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if not in_class and ch == "[":
            in_class = True
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":  # a leading `]` is a member
                i += 1
            continue
        if in_class and ch == "]":
            in_class = False
        elif in_class and ch == "{" and placeholder.match(pattern, i):
            return True
        i += 1
    return False


class _Analyzer:
    """Walks `re`'s parse tree bottom-up (see `_Info`)."""

    def __init__(self, resolve=None) -> None:
        self.resolve = resolve

    def needs(self, parsed) -> Needs:
        if parsed.state.flags & re.IGNORECASE:  # literals would have to be case-folded
            self.check(parsed)
            return _NO_NEEDS
        try:
            info = self.seq(list(parsed))
        except RecursionError:  # pragma: no cover - absurdly nested patterns
            return _NO_NEEDS
        tail = False
        head = info.head
        if (
            head is not None
            and (info.width is None or info.reach is None)
            and (head.width, head.reach) != (info.width, info.reach)
        ):
            # the part before the free tail has bounded width or reach where the whole
            # pattern has none: it decides where the pattern matches (RuleSearch)
            info, tail = head, True
        best = _best_of(info)
        width, reach = info.width, info.reach
        look = _look_of(info)
        if look is not None and reach is not None and look != best and (
            best is None or width is None or _cover(look, reach) < _cover(best, width)
        ):
            # a literal a lookahead reads (`(?=同志)`) ends within `reach` of the start
            best, width = look, reach
        return Needs(
            None if best is None else _minimal(best),
            None if width is None else width.const,
            None if reach is None else reach.const,
            () if width is None else width.runs,
            () if reach is None else reach.runs,
            tail,
        )

    def check(self, parsed) -> None:
        self.seq(list(parsed))

    def seq(self, items: list) -> _Info:
        """A sequence, with the head it has when it ends the pattern (`_Info.head`)."""
        infos = [self.node(op, av) for op, av in items]
        info = self.combine(infos)
        last = len(infos) - 1
        while last >= 0 and infos[last].free:
            last -= 1
        if last < 0:
            head: _Info | None = _NOTHING
        elif last == len(infos) - 1 and infos[last].head is None:
            head = None
        else:
            head = self.combine([*infos[:last], infos[last].head or infos[last]])
        cls = infos[0].cls if len(infos) == 1 else None
        return replace(info, free=last < 0, head=head, cls=cls)

    def combine(self, infos: list[_Info]) -> _Info:
        """A sequence: exact sets multiply out while small; the best required factor wins."""
        exact: frozenset[str] | None = _EMPTY
        best: frozenset[str] | None = None
        width: Bound | None = ZERO
        reach: Bound | None = ZERO
        low = 0
        single = True  # exact covers the whole sequence so far
        look = None  # what a node reads lies within what the sequence reads
        for node in infos:
            look = _better(look, _look_of(node))
            if reach is not None:
                reach = _upper(reach, _add(width, node.reach))
            width = _add(width, node.width)
            low += node.low
            if (
                exact is not None
                and node.exact is not None
                and len(exact) * len(node.exact) <= MAX_EXACT
            ):
                exact = frozenset(a + b for a in exact for b in node.exact)
                continue
            if exact is not None:  # the run of exact pieces ends here: keep it as a factor
                best = _better(best, _best_of(_Info(exact, None, None, None)))
            single = False
            if node.exact is not None:
                exact = node.exact
            else:
                exact = None
                best = _better(best, node.req)
        if exact is not None:
            best = _better(best, _best_of(_Info(exact, None, None, None)))
        return _Info(exact if single else None, best, width, reach, low, look=look)

    def node(self, op, av) -> _Info:  # noqa: C901 - one branch per opcode
        if op is _c.LITERAL:
            if av >= MARK_BASE and self.resolve is not None:
                return self.resolve(av)
            return _Info(frozenset({chr(av)}), None, ONE, ONE, 1, cls=re.escape(chr(av)))
        if op in (_c.NOT_LITERAL, _c.ANY):
            self._no_mark(op, av)
            return _Info(None, None, ONE, ONE, 1)
        if op is _c.IN:
            return self.charset(av)
        if op is _c.AT:  # an anchor looks at the characters around it
            return _Info(_EMPTY, None, ZERO, ONE)
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            inner = self.seq(list(sub))
            if add_flags & re.IGNORECASE:  # its literals would have to be case-folded
                return _Info(None, None, inner.width, inner.reach, inner.low)
            return inner
        if op is _c.BRANCH:
            return self.alternatives([self.seq(list(sub)) for sub in av[1]])
        if op in _REPEATS:
            return self.repeat(*av)
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            inner = self.seq(list(sub))
            if direction == 1:  # a lookahead examines what follows, consumes nothing
                look = _look_of(inner) if op is _c.ASSERT else None
                return _Info(_EMPTY, None, ZERO, inner.reach, look=look)
            self._check_lookbehind(sub, inner)
            # a lookbehind examines what precedes, unless it holds a lookahead of its own
            return _Info(_EMPTY, None, ZERO, None if _looks_ahead(sub) else ZERO)
        if op is _ATOMIC:
            return replace(self.seq(list(av)), free=False, head=None, cls=None)
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS) and self.resolve is not None:
            raise _Fallback(op)  # group numbers differ once placeholders are expanded
        for child in _children(op, av):  # conditionals: their lookbehinds are checked too
            self.seq(list(child))
        return _UNKNOWN  # back-references, conditionals, anything new

    def _check_lookbehind(self, sub, inner: _Info) -> None:
        """`re` rejects a variable-width lookbehind only when compiling; say it at load."""
        if self.resolve is None:
            lo, hi = sub.getwidth()
        elif inner.width is None or inner.width.runs:
            raise _Fallback("lookbehind")  # let `re` measure the expanded pattern
        else:
            lo, hi = inner.low, inner.width.const
        if lo != hi:
            raise re.error("look-behind requires fixed-width pattern")

    def _no_mark(self, op, av) -> None:
        if op is _c.NOT_LITERAL and av >= MARK_BASE and self.resolve is not None:
            raise _Fallback(av)

    def alternatives(self, infos: list[_Info]) -> _Info:
        width: Bound | None = infos[0].width
        reach: Bound | None = infos[0].reach
        for info in infos[1:]:
            width, reach = _upper(width, info.width), _upper(reach, info.reach)
        low = min(i.low for i in infos)
        exact = None
        if all(i.exact is not None for i in infos):
            union = frozenset().union(*(i.exact for i in infos))
            exact = union if len(union) <= MAX_EXACT else None
        req = None
        bests = [_best_of(i) for i in infos]
        if all(b is not None for b in bests):
            req = _shrink(frozenset().union(*bests))
        # a branch ending the pattern matches where one of its alternatives' heads does
        looks = [_look_of(i) for i in infos]
        look = _shrink(frozenset().union(*looks)) if all(x is not None for x in looks) else None
        head = None
        if any(i.head is not None for i in infos):
            head = self.alternatives([i.head or i for i in infos])
        return _Info(exact, req, width, reach, low, any(i.free for i in infos), head, look=look)

    def repeat(self, lo: int, hi: int, sub) -> _Info:
        inner = self.seq(list(sub))
        bounded = hi != _c.MAXREPEAT
        width = reach = None
        if bounded and inner.width is not None:
            width = inner.width.times(hi)
            if inner.reach is not None:
                reach = ZERO if hi == 0 else inner.width.times(hi - 1) + inner.reach
        elif inner.cls is not None and (inner.width, inner.reach) == (ONE, ONE):
            # a run of one class (`\ue000+`) is no longer than the text's longest run of
            # it; the character after the run is examined too
            width = Bound(0, ((inner.cls, 1),))
            reach = ONE + width
        req = _best_of(inner) if lo >= 1 else None
        exact = _repeat_exact(lo, hi, inner.exact) if bounded else None
        look = _look_of(inner) if lo >= 1 else None
        return _Info(exact, req, width, reach, lo * inner.low, lo == 0 or inner.free, look=look)

    def charset(self, items) -> _Info:
        marks = [av for op, av in items if op is _c.LITERAL and av >= MARK_BASE]
        if marks and self.resolve is not None:
            # `re` turns `(?:{A}|“|”)` into a class of three characters: an alternation
            # (the markers' sources never put a placeholder inside a class, see _marked)
            if any(op is _c.NEGATE for op, _ in items):
                raise _Fallback(marks[0])
            rest = [(op, av) for op, av in items if not (op is _c.LITERAL and av >= MARK_BASE)]
            infos = [self.resolve(code) for code in marks]
            return self.alternatives(infos + ([self.charset(rest)] if rest else []))
        chars: set[str] = set()
        known = True
        for op, av in items:
            if op is _c.LITERAL:
                chars.add(chr(av))
            elif op is _c.RANGE and av[1] - av[0] < MAX_EXACT:
                chars.update(chr(c) for c in range(av[0], av[1] + 1))
            else:  # NEGATE, CATEGORY, big ranges
                if op is _c.RANGE and av[1] >= MARK_BASE and self.resolve is not None:
                    raise _Fallback(av)
                known = False
        if not known or len(chars) > MAX_EXACT:
            return _Info(None, None, ONE, ONE, 1, cls=_class_source(items))
        return _Info(frozenset(chars), None, ONE, ONE, 1, cls=_class_source(items))


def _class_source(items) -> str | None:
    """A character class's regex source when it is a plain list of characters and ranges
    (the classes whose runs are counted per text); None for the others."""
    parts = []
    for op, av in items:
        if op is _c.LITERAL:
            parts.append(_class_escape(chr(av)))
        elif op is _c.RANGE:
            parts.append(f"{_class_escape(chr(av[0]))}-{_class_escape(chr(av[1]))}")
        else:
            return None
    return "[" + "".join(parts) + "]"


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


_REPEATS = tuple(
    op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def _best_of(info: _Info) -> frozenset[str] | None:
    if info.exact is not None and "" not in info.exact:
        return info.exact if len(info.exact) <= MAX_LITERALS else _shrink(info.exact)
    return info.req


def _look_of(info: _Info) -> frozenset[str] | None:
    """A set one of which lies within what the node examines (consumed or looked at)."""
    return _better(_best_of(info), info.look)


def _cover(lits: frozenset[str], span: Bound) -> float:
    """Expected share of a text that windows of `span` around `lits` cover."""
    return _score(lits) * (span.const + 1)


def _score(lits: frozenset[str]) -> float:
    """Expected occurrences per character (lower is better): a character ~1/30."""
    # summed in a fixed order: a set's order varies between runs, and float sums in another
    # order may differ in the last bit and flip a comparison of equal scores
    return sum((1 / 30) ** n for n in sorted(map(len, lits)))


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if _score(a) <= _score(b) else b


def _shrink(lits: frozenset[str]) -> frozenset[str] | None:
    """At most MAX_LITERALS strings, each a prefix or each a suffix of one given (a part of
    a required string is required too): 300 titles -> the characters they end with."""
    if "" in lits:
        return None
    if len(lits) <= MAX_LITERALS:
        return lits
    best = None
    for k in range(max(len(s) for s in lits), 0, -1):
        for cut in (frozenset(s[:k] for s in lits), frozenset(s[-k:] for s in lits)):
            if len(cut) <= MAX_LITERALS:
                best = _better(best, _minimal(cut))
    return best


def _minimal(lits: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another one of the set (`月上旬` when `月` is there): the
    shorter one occurs wherever the longer does, so it alone says as much."""
    keep: list[str] = []
    for s in sorted(lits, key=len):
        if not any(k in s for k in keep):
            keep.append(s)
    return frozenset(keep)


def _looks_ahead(sub) -> bool:
    for op, av in sub:
        if op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] == 1:
            return True
        if any(_looks_ahead(child) for child in _children(op, av)):
            return True
    return False


def _children(op, av) -> list:
    if op is _c.SUBPATTERN:
        return [av[3]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in _REPEATS:
        return [av[2]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _ATOMIC:
        return [av]
    if op is _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []


def _repeat_exact(lo: int, hi: int, once: frozenset[str] | None) -> frozenset[str] | None:
    """Every string of `lo..hi` copies (`(?:现行)?` -> {"", 现行}), when few."""
    if once is None or hi > 3:
        return None
    options: set[str] = {""} if lo == 0 else set()
    power: set[str] = {""}
    for k in range(1, hi + 1):
        if len(power) * len(once) > MAX_EXACT:
            return None
        power = {a + b for a in power for b in once}
        if k >= lo:
            options |= power
    return frozenset(options) if len(options) <= MAX_EXACT else None


class Vocabulary:
    """Every literal a rule set asks for, known before any text: a text's counts of all of
    them are made at once (`TextIndex`), ~800 literals, most of them absent from a report."""

    def __init__(self, literals) -> None:
        words = sorted(set(literals))
        self.zeros = dict.fromkeys(words, 0)
        by_pair: dict[str, list[str]] = {}
        for word in words:
            if len(word) >= 2:
                by_pair.setdefault(word[:2], []).append(word)
        pairs = sorted(by_pair)
        # each literal's first two characters as one number, sorted, and the literals
        # starting with the k-th pair (`_pair_codes` gives a text's pairs the same way)
        self.pair_codes = _pair_codes("".join(pairs))[::2].copy() if pairs else None
        self.words_of_pair = [by_pair[pair] for pair in pairs]

    @classmethod
    def of(cls, needs) -> Vocabulary:
        return cls(lit for n in needs if n.literals for lit in n.literals)

    def present(self, text: str) -> list[str]:
        """The literals (of two characters or more) whose first two characters stand side
        by side in `text`: the others occur 0 times."""
        if self.pair_codes is None or len(text) < 2:
            return []
        import numpy

        codes = _pair_codes(text)
        at = numpy.searchsorted(self.pair_codes, codes)
        at[at == len(self.pair_codes)] = 0
        found = numpy.unique(at[self.pair_codes[at] == codes]).tolist()
        words = self.words_of_pair
        return [word for k in found for word in words[k]]


def _pair_codes(text: str) -> numpy.ndarray:
    """Code of each pair of adjacent characters (the first shifted above any code point)."""
    import numpy

    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)
    return (codes[:-1] << numpy.uint64(21)) | codes[1:]


_NO_VOCABULARY = Vocabulary(())


class _Counts(dict):
    """Occurrences of each literal asked for. The vocabulary's literals are counted when
    the text is indexed: characters in one pass in C; a longer literal with `str.count`
    only when its first two characters stand side by side in the text (found for all at
    once with numpy), the others are 0. Any other literal is counted on first request."""

    def __init__(self, text: str, vocabulary: Vocabulary) -> None:
        chars = Counter(text)
        super().__init__(vocabulary.zeros)
        self.update(chars)
        self.chars = frozenset(chars)
        self.text = text
        self._pairs: set[str] | None = None
        for word in vocabulary.present(text):
            self[word] = text.count(word)

    def __missing__(self, literal: str) -> int:
        if self._pairs is None:
            self._pairs = set(map(operator.add, self.text, self.text[1:]))
        if len(literal) >= 2 and literal[:2] not in self._pairs:
            n = self[literal] = 0
        else:
            n = self[literal] = self.text.count(literal)
        return n


class TextIndex:
    """Counts and positions of literals in one text, each found once. `vocabulary`: the
    literals the rules will ask for (counted at once; others are counted when asked)."""

    def __init__(self, text: str, vocabulary: Vocabulary = _NO_VOCABULARY) -> None:
        self.text = text
        self.counts = _Counts(text, vocabulary)
        self.chars = self.counts.chars
        self._starts: dict[str, list[int]] = {}
        self._runs: dict[str, int] = {}

    def count(self, literal: str) -> int:
        return self.counts[literal]

    def starts(self, literal: str) -> list[int]:
        out = self._starts.get(literal)
        if out is None:
            out, find, i = [], self.text.find, self.text.find(literal)
            while i >= 0:
                out.append(i)
                i = find(literal, i + 1)
            self._starts[literal] = out
        return out

    def longest_run(self, cls: str) -> int:
        """The most characters of class `cls` (a regex source) standing side by side."""
        out = self._runs.get(cls)
        if out is None:
            runs = re.findall(f"(?:{cls})+", self.text)
            out = self._runs[cls] = max(map(len, runs), default=0)
        return out


def windows(index: TextIndex, needs: Needs) -> list[tuple[int, int]] | None:
    """Where a match may start: sorted, disjoint [first, last] ranges; `[]` when it cannot
    match at all; `None` when the whole text must be searched."""
    if needs.literals is None:
        return None
    if needs.gate.isdisjoint(index.chars):
        return []
    total = sum(map(index.counts.__getitem__, needs.literals))
    if total == 0:
        return []
    width = needs.width_in(index) if needs.width_runs else needs.width
    if width is None:  # unbounded: the whole text is searched
        return None
    # Without a bounded reach every start is tried on its own (a Python call each), so
    # windows only pay when they are few.
    share = WINDOW_SHARE if needs.reach is not None else MATCH_SHARE
    if total * width > share * len(index.text):
        return None
    present = list(filter(index.counts.__getitem__, needs.literals))
    if len(present) == 1:  # its occurrences are in order already
        shift = len(present[0]) - width
        spans = [(q + shift, q) for q in index.starts(present[0])]
    else:
        spans = sorted((q + len(lit) - width, q) for lit in present for q in index.starts(lit))
    gap = MIN_GAP if needs.reach is not None else 0
    out: list[tuple[int, int]] = []
    for first, last in spans:
        if out and first <= out[-1][1] + 1 + gap:
            if last > out[-1][1]:
                out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    # starts before the text (first < 0) all sort first and merge into the first window
    if out and out[0][0] < 0:
        out[0] = (0, out[0][1])
    return out


class RuleSearch:
    """`regex.search(text, pos)` for one rule on one text, trying only possible starts."""

    def __init__(
        self,
        regex: re.Pattern[str],
        text: str,
        needs: Needs,
        index: TextIndex,
        found: list[tuple[int, int]] | None | EllipsisType = ...,
    ):
        self.regex = regex
        self.text = text
        # `found`: `windows(index, needs)` when the caller already asked (it compiles a
        # rule's regex only once the windows say it can match)
        self.windows = windows(index, needs) if found is ... else found
        # (only windows read the reach)
        self.reach = needs.reach_in(index) if self.windows else None
        # windows cut the text after the head (`Needs.tail`): its match is taken again
        self.tail = needs.tail and self.windows is not None
        self._lasts = [last for _, last in self.windows] if self.windows else []

    def search(self, pos: int) -> re.Match[str] | None:
        if self.windows is None:
            return self.regex.search(self.text, pos)
        n = len(self.text)
        for k in range(bisect_left(self._lasts, pos), len(self.windows)):
            first, last = self.windows[k]
            if self.reach is None:
                match = self._match_each(max(pos, first), last)
                if match is not None:
                    return match
                continue
            # Every character a match starting at or before `last` examines lies before
            # `end`, so the regex decides those starts exactly as on the whole text.
            end = min(n, last + self.reach + 1)
            match = self.regex.search(self.text, max(pos, first), end)
            if match is not None and match.start() <= last:
                return self._whole(match, pos) if self.tail else match
        return None

    def _whole(self, match: re.Match[str], pos: int) -> re.Match[str] | None:
        """The match at the same start on the whole text: the cut text decides where the
        pattern matches (its head sees all it needs) but may shorten its free tail."""
        whole = self.regex.match(self.text, match.start())
        return whole if whole is not None else self.regex.search(self.text, pos)

    def _match_each(self, first: int, last: int) -> re.Match[str] | None:
        """The first start in [first, last] where the regex matches, on the whole text."""
        match = self.regex.match
        for start in range(first, last + 1):
            found = match(self.text, start)
            if found is not None:
                return found
        return None
