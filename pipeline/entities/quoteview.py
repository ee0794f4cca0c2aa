"""The quote view of a report: its text with the quotation marks its source lost put back.

Some sources turn quotation marks into spaces, and normalize removes those spaces
(`深入推进 甲乙丙 活动` -> `深入推进甲乙丙活动`), so a rule that needs the quotes loses the
name's boundary. Normalize records where such a space stood and which mark it most likely
was (`NormalizedText.quote_gaps`, `doc._.quote_gaps`). Rules marked `quote_view` match on
this view instead of the plain text: the marks are inserted at those offsets, and every
match is mapped back to offsets of the plain text, which stays as it is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from .merge import Candidate

# Suffix of the rule id of a candidate that borders or holds a restored mark.
LOST_QUOTE_SUFFIX = "+lost_quote"


@dataclass(frozen=True)
class QuoteView:
    text: str
    # view offset of every inserted mark, ascending
    marks: tuple[int, ...]

    @classmethod
    def build(cls, text: str, gaps: Sequence[tuple[int, str]]) -> QuoteView:
        """`text` with `mark` inserted before the character at each gap offset."""
        pieces: list[str] = []
        marks: list[int] = []
        pos = 0
        for offset, mark in sorted(gaps):
            if not 0 < offset < len(text) or offset < pos:
                continue  # a gap outside the text (a stale record) is ignored
            pieces.append(text[pos:offset])
            marks.append(offset + len(marks))
            pieces.append(mark)
            pos = offset
        pieces.append(text[pos:])
        return cls("".join(pieces), tuple(marks))

    def apply(self, same_length: str) -> str:
        """The view of another text of the same offsets (the masked copy)."""
        pieces: list[str] = []
        pos = 0
        for k, view_at in enumerate(self.marks):
            offset = view_at - k
            pieces.append(same_length[pos:offset])
            pieces.append(self.text[view_at])
            pos = offset
        pieces.append(same_length[pos:])
        return "".join(pieces)

    def to_text(self, view_offset: int) -> int:
        """Offset of the plain text for a view offset (a mark maps to the character after it)."""
        return view_offset - bisect_left(self.marks, view_offset)

    def touches_mark(self, start: int, end: int) -> bool:
        """Whether the view span `[start, end)` holds a mark or has one right beside it."""
        k = bisect_left(self.marks, start - 1)
        return k < len(self.marks) and self.marks[k] <= end

    def to_text_candidate(self, cand: Candidate) -> Candidate:
        start, end = self.to_text(cand.start), self.to_text(cand.end)
        rule = cand.rule
        if self.touches_mark(cand.start, cand.end):
            rule += LOST_QUOTE_SUFFIX
        return Candidate(cand.label, start, end, cand.score, rule, dict(cand.attrs))
