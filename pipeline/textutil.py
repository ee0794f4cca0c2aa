"""Small text helpers shared by the stages (one definition, used everywhere)."""

from __future__ import annotations

from collections.abc import Container


def strip_marks(text: str, marks: Container[str]) -> str:
    """`text` without whitespace and without the characters in `marks` (quote marks): the
    `norm` of a mention (SCHEMA §2) and the comparison form of a string value."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in marks)
