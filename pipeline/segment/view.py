"""The character view the segmenter sees.

pkuseg's CRF learns from People's-Daily-style text: full-width punctuation, and
(after our normalizer) half-width digits and letters. Bulletins mix both widths, and
half-width punctuation glues to words in a model trained on full-width text
(PITFALLS §1.5). So the segmenter never sees the text as it is: it sees a *view*
with one width per character class. The view is a 1:1 character mapping, so word
lengths in the view are word lengths in the text, and offsets never move.

The same function is applied to the training corpus and at run time.
"""

from __future__ import annotations

from ..textutil import translator

_FULLWIDTH_OFFSET = 0xFEE0


def _build_table() -> dict[int, int]:
    table: dict[int, int] = {}
    for code in range(0x21, 0x7F):
        ch = chr(code)
        if ch.isascii() and ch.isalnum():
            # full-width digits/letters -> ASCII (what the normalizer does too)
            table[code + _FULLWIDTH_OFFSET] = code
        else:
            # ASCII punctuation -> full-width, the width the corpus was written in
            table[code] = code + _FULLWIDTH_OFFSET
    table[0x3000] = 0x20  # ideographic space -> space
    return table


_TABLE = _build_table()
_VIEW = translator(_TABLE)  # `text.translate(_TABLE)`, faster on CJK text


def seg_view(text: str) -> str:
    """Return the segmenter's view of ``text``; ``len(seg_view(t)) == len(t)``."""
    return _VIEW(text)
