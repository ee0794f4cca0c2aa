"""Small text helpers shared by the stages (one definition, used everywhere)."""

from __future__ import annotations

import functools
import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Callable, Container, Sequence
from typing import Any, TypeVar


def strip_marks(text: str, marks: Container[str]) -> str:
    """`text` without whitespace and without the characters in `marks` (quote marks): the
    `norm` of a mention (SCHEMA §2) and the comparison form of a string value."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in marks)


def translator(table: dict[int, int | str | None]) -> Callable[[str], str]:
    """`str.translate(table)` as a regex substitution: `translate` looks every character
    up in the table (~60 ns a character for CJK text), the regex skips the characters the
    table does not name in C and replaces the few it does (~5x faster when they are rare,
    as punctuation and full-width forms are in report text)."""
    values = {chr(k): (chr(v) if isinstance(v, int) else v or "") for k, v in table.items()}
    if not values:
        return lambda text: text
    pattern = re.compile("[" + "".join(re.escape(ch) for ch in sorted(values)) + "]")
    lookup = values.__getitem__
    return lambda text: pattern.sub(lambda m: lookup(m.group()), text)


# Patterns that cannot be joined into one alternation without changing what they match:
# back-references and conditionals count groups, which joining renumbers.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
# Inline global flags opening a pattern (`(?i)...`): already in its compiled `flags`.
_LEADING_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")


def _join(patterns: list[re.Pattern[str]], anchored: bool = False) -> re.Pattern[str] | None:
    """One alternation of patterns with the same flags, or None if they cannot be joined.

    `anchored`: every pattern can only match at the start of the text; the alternation is
    then opened with `\\A`, so `search` tries the start only (re gives up after position 0
    for a pattern whose compiled code begins with a start anchor, not for an alternation of
    anchored branches, which it tries at every position)."""
    flags = patterns[0].flags
    if flags & re.VERBOSE or any(_GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return None  # (a verbose `#` comment would swallow the patterns joined after it)
    bodies = [_LEADING_FLAGS.sub("", p.pattern, count=1) for p in patterns]
    joined = "|".join(f"(?:{body})" for body in bodies)
    try:
        return re.compile(f"\\A(?:{joined})" if anchored else joined, flags)
    except re.error:  # e.g. a repeated group name, inline flags further in
        return None


def _starts_anchored(items: list, flags: int) -> bool:
    """Whether parsed regex items can only match at the start of the text (`^` without
    MULTILINE, or `\\A`, first in every branch); False when unsure. (The parser leaves `^`
    as AT_BEGINNING under MULTILINE too: the compiler reads the flags.)"""
    if not items:
        return False
    op, av = items[0]
    if op is _c.AT:
        return av is _c.AT_BEGINNING_STRING or (
            av is _c.AT_BEGINNING and not flags & re.MULTILINE
        )
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return _starts_anchored(sub.data, (flags | add_flags) & ~del_flags)
    if op is _c.BRANCH:
        return all(_starts_anchored(alt.data, flags) for alt in av[1])
    return False


def anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every match of `pattern` starts at position 0 (so `search` = `match`)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        return _starts_anchored(parsed.data, parsed.state.flags | pattern.flags)
    except Exception:  # noqa: BLE001 - a private parser: any surprise means "not known"
        return False


def _groups(patterns: tuple[re.Pattern[str], ...]
            ) -> list[tuple[re.Pattern[str], list[re.Pattern[str]]]]:
    """Fewer patterns that match somewhere iff one of `patterns` does, each with the
    patterns it stands for: those with the same flags (and all anchored at the start, or
    none) joined into one alternation (kept apart when they cannot be joined)."""
    by_kind: dict[tuple[int, bool], list[re.Pattern[str]]] = {}
    for pattern in patterns:
        by_kind.setdefault((pattern.flags, anchored(pattern)), []).append(pattern)
    out: list[tuple[re.Pattern[str], list[re.Pattern[str]]]] = []
    for (_, starts), group in by_kind.items():
        joined = _join(group, starts) if len(group) > 1 else None
        if joined is None:
            out.extend((p, [p]) for p in group)
        else:
            out.append((joined, group))
    return out


@functools.lru_cache(maxsize=256)
def _joined(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """The joined patterns of `_groups`."""
    return tuple(joined for joined, _ in _groups(patterns))


def literal_gate(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """A regex of literals one of which every non-empty match of any of `patterns` holds
    (the entity prefilter's analysis of each pattern), or None when that cannot be said of
    one of them. A text it does not find can skip the patterns: a search for a few
    literals is ~10x faster than an alternation of patterns that `re` tries at every
    position."""
    from pipeline.entities.prefilter import analyze

    literals: set[str] = set()
    for pattern in patterns:
        try:
            needs = analyze(pattern.pattern, pattern.flags).literals
        except Exception:  # noqa: BLE001 - what the analysis cannot read gets no gate
            return None
        if not needs:
            return None
        literals |= needs
    if not literals:
        return None
    return re.compile("|".join(re.escape(s) for s in sorted(literals, key=len, reverse=True)))


def _gated(patterns: tuple[re.Pattern[str], ...]
           ) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]:
    """`_joined(patterns)`, each with the literal gate of the patterns it joins (none for
    the start-anchored: `re` tries those at position 0 only)."""
    return tuple((None if anchored(joined) else literal_gate(members), joined)
                 for joined, members in _groups(patterns))


# Per list of patterns (settings hold them for the process), by the list's identity:
# hashing the tuple for an `lru_cache` hashes every pattern's compiled code, ~7 us for the
# 46 chrome patterns, on every line. An entry keeps the list alive (so its id is not
# reused) and a copy of it, to notice a list changed in place.
_BY_ID: dict[tuple[int, str], tuple[Any, Any, Any]] = {}
_T = TypeVar("_T")


def _per_list(patterns: Sequence[re.Pattern[str]], kind: str,
              build: Callable[[tuple[re.Pattern[str], ...]], _T]) -> _T:
    """`build(patterns)`, made once per list of patterns (and kind of thing built)."""
    key = (id(patterns), kind)
    hit = _BY_ID.get(key)
    if hit is None or hit[0] is not patterns or hit[1] != patterns:
        if len(_BY_ID) >= 512:
            _BY_ID.clear()
        copy = patterns.copy() if isinstance(patterns, list) else tuple(patterns)
        hit = _BY_ID[key] = (patterns, copy, build(tuple(patterns)))
    return hit[2]


def search_any(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    """Whether any of `patterns` matches somewhere in `text`: a regex pass per flag set
    (the patterns joined once, cached), behind a literal gate, instead of one pass per
    pattern."""
    for gate, pattern in _per_list(patterns, "search_any", _gated):
        if (gate is None or gate.search(text)) and pattern.search(text):
            return True
    return False


def any_searcher(patterns: Sequence[re.Pattern[str]]) -> Callable[[str], bool]:
    """`search_any` bound to `patterns`, for a loop over many lines (the cache is asked
    once, not per line)."""
    gated = _per_list(patterns, "search_any", _gated)
    if not gated:
        return lambda text: False
    if len(gated) == 1 and gated[0][0] is None:
        pattern = gated[0][1]
        return lambda text: pattern.search(text) is not None

    def search(text: str) -> bool:
        for gate, pattern in gated:
            if (gate is None or gate.search(text)) and pattern.search(text):
                return True
        return False

    return search


def may_match_one(pattern: re.Pattern[str], text: str) -> bool:
    """`may_match` for one pattern (cached by the pattern object's identity)."""
    hit = _ONE.get(id(pattern))
    if hit is None or hit[0] is not pattern:
        if len(_ONE) >= 512:
            _ONE.clear()
        hit = _ONE[id(pattern)] = (pattern, literal_gate([pattern]))
    return hit[1] is None or hit[1].search(text) is not None


_ONE: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def may_match(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    """False when no non-empty match of any of `patterns` can be in `text` (it holds none
    of their `literal_gate`'s literals); True otherwise."""
    gate = _per_list(patterns, "gate", literal_gate)
    return gate is None or gate.search(text) is not None
