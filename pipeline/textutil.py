"""Small text helpers shared by the stages (one definition, used everywhere)."""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Sequence


def strip_marks(text: str, marks: Container[str]) -> str:
    """`text` without whitespace and without the characters in `marks` (quote marks): the
    `norm` of a mention (SCHEMA §2) and the comparison form of a string value."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in marks)


# Patterns that cannot be joined into one alternation without changing what they match:
# back-references and conditionals count groups, which joining renumbers.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
# Inline global flags opening a pattern (`(?i)...`): already in its compiled `flags`.
_LEADING_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")


def _join(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One alternation of patterns with the same flags, or None if they cannot be joined."""
    flags = patterns[0].flags
    if flags & re.VERBOSE or any(_GROUP_REFERENCE.search(p.pattern) for p in patterns):
        return None  # (a verbose `#` comment would swallow the patterns joined after it)
    bodies = [_LEADING_FLAGS.sub("", p.pattern, count=1) for p in patterns]
    try:
        return re.compile("|".join(f"(?:{body})" for body in bodies), flags)
    except re.error:  # e.g. a repeated group name, inline flags further in
        return None


@functools.lru_cache(maxsize=256)
def _joined(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], ...]:
    """Fewer patterns that match somewhere iff one of `patterns` does: those with the same
    flags joined into one alternation (kept apart when they cannot be joined)."""
    by_flags: dict[int, list[re.Pattern[str]]] = {}
    for pattern in patterns:
        by_flags.setdefault(pattern.flags, []).append(pattern)
    out: list[re.Pattern[str]] = []
    for group in by_flags.values():
        joined = _join(group) if len(group) > 1 else None
        out.extend([joined] if joined is not None else group)
    return tuple(out)


def search_any(patterns: Sequence[re.Pattern[str]], text: str) -> bool:
    """Whether any of `patterns` matches somewhere in `text`: a regex pass per flag set
    (the patterns joined once, cached) instead of one pass per pattern."""
    return any(p.search(text) for p in _joined(tuple(patterns)))
