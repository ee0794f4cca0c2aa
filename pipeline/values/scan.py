"""`regex.finditer` that skips the positions where no match can start (issue 10).

The values patterns (dates, periods, number+unit mentions) begin with lookbehinds and
optional parts, so Python's `re` cannot use its first-character skip and tries a whole
match at every position of a report: ~1.5 us per character for the seven patterns. Here the
characters a match can start with are read off the parsed pattern, one character-class
search finds the next such position, and the pattern is matched there.

Same matches as `finditer`: for a pattern that cannot match the empty string, finditer's
next match is the pattern's match at the leftmost position >= the current one where it
matches at all (`regex.match(text, p)`: lookbehinds still see text before p), and such a
position holds one of the first characters. Patterns that can match empty, or that hold
something whose first characters are not read here (back-references, case folding, `.`,
negated classes, `\\d`-style categories), keep `finditer` (`first_chars` gives None).
Compared with finditer on random texts: tests/values/test_scan.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]

Ranges = list[tuple[int, int]]  # inclusive code point ranges

# Zero-width items: they consume nothing, so the first character comes after them (a
# lookahead or lookbehind may only narrow the set: leaving it out keeps a superset).
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)}


def first_chars(regex: re.Pattern[str]) -> Ranges | None:
    """The code points a non-empty match can start with, or None when unknown here or when
    the pattern can match the empty string."""
    items = _parse(regex)
    return None if items is None else _first_of(items)


def _parse(regex: re.Pattern[str]) -> list | None:
    if not isinstance(regex.pattern, str) or regex.flags & re.IGNORECASE:
        return None
    try:
        return list(_sre_parse.parse(regex.pattern, regex.flags))
    except Exception:  # noqa: BLE001 - another re version: keep finditer
        return None


def _first_of(items: list) -> Ranges | None:
    found = _sequence(items)
    if found is None or found[1] or not found[0]:
        return None
    return found[0]


def _sequence(items: list) -> tuple[Ranges, bool] | None:
    """(first characters, can be empty) of items matched one after the other."""
    out: Ranges = []
    for item in items:
        found = _item(*item)
        if found is None:
            return None
        out += found[0]
        if not found[1]:
            return out, False
    return out, True


def _item(op, av) -> tuple[Ranges, bool] | None:  # noqa: PLR0911 - one case per opcode
    if op is _sre.LITERAL:
        return [(av, av)], False
    if op is _sre.IN:
        return _class(av)
    if op in _ZERO_WIDTH:
        return [], True
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & _sre.SRE_FLAG_IGNORECASE:
            return None
        return _sequence(list(sub))
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is _sre.BRANCH:
        out: Ranges = []
        empty = False
        for alternative in av[1]:
            found = _sequence(list(alternative))
            if found is None:
                return None
            out += found[0]
            empty = empty or found[1]
        return out, empty
    if op in _REPEATS:
        low, _high, sub = av
        found = _sequence(list(sub))
        if found is None:
            return None
        return found[0], found[1] or low == 0
    return None  # NOT_LITERAL, ANY, GROUPREF, GROUPREF_EXISTS, CATEGORY...


def _class(items) -> tuple[Ranges, bool] | None:
    out: Ranges = []
    for op, av in items:
        if op is _sre.LITERAL:
            out.append((av, av))
        elif op is _sre.RANGE:
            out.append((av[0], av[1]))
        else:  # NEGATE, CATEGORY (\d, \w: Unicode-wide)
            return None
    return out, False


def _class_pattern(ranges: Ranges) -> str:
    def char(code: int) -> str:
        return "\\" + chr(code) if chr(code) in "\\]^-[" else chr(code)

    return "[" + "".join(char(a) if a == b else f"{char(a)}-{char(b)}"
                         for a, b in sorted(set(ranges))) + "]"


def _skips_itself(items: list) -> bool:
    """Whether `re` finds the start positions itself: a pattern that opens with a literal, a
    class, or alternatives that all open with a literal (its literal/charset prefix)."""
    while items and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN):
        return True
    return op is _sre.BRANCH and all(alt and list(alt)[0][0] is _sre.LITERAL for alt in av[1])


class Scanner:
    """`finditer` of one compiled pattern, skipping to the positions a match can start at."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        items = _parse(regex)
        ranges = None if items is None or _skips_itself(items) else _first_of(items)
        self.starts = re.compile(_class_pattern(ranges)) if ranges else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.starts is None:
            yield from self.regex.finditer(text)
            return
        search, match = self.starts.search, self.regex.match
        pos = 0
        while (start := search(text, pos)) is not None:
            at = start.start()
            found = match(text, at)
            if found is None:
                pos = at + 1
            else:  # never empty (first_chars gives None for such patterns)
                yield found
                pos = found.end()


@cache
def scanner(regex: re.Pattern[str]) -> Scanner:
    """The scanner of a pattern (patterns hash by their text and flags), built once."""
    return Scanner(regex)


def finditer(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`regex.finditer(text)`, the same matches, skipping where no match can start."""
    return scanner(regex).finditer(text)
