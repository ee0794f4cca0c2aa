"""Character-level repairs on text that carries, per character, its raw source offset.

A line is a `Chars` pair `(text, positions)`: the text and the raw offset of each of its
characters (`len(positions) == len(text)`; a `range` for a line no rule has cut yet). Every
rule takes and returns such a pair, so the offset map back to the source is exact by
construction: rules only drop characters or replace one by one. The text is a `str` (not a
list of characters) so that the rules read it with regexes and slices in C; the old
per-character version is kept in tests/normalize/old_rules.py and compared on random lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.normalize.settings import NormalizeSettings, SpaceSettings
from pipeline.textutil import may_match, translator

# (text, raw offset of each character)
Chars = tuple[str, Sequence[int]]

# Full-width digits/letters -> ASCII, ideographic space -> space. 1:1 by construction.
_WIDTH_TABLE: dict[str, str] = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)},
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)},
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)},
    "\u3000": " ",
}
_WIDTH_TRANS = str.maketrans(_WIDTH_TABLE)
# `str.translate(_WIDTH_TRANS)`: most lines hold no such character, and a regex skips the
# others in C faster than `translate` looks every character up in its table
_HALF_WIDTH = translator(_WIDTH_TRANS)
_SPACES = frozenset(" \t\u3000\u00a0")
# a run of `_SPACES` characters
_SPACE_RUN = re.compile("[" + re.escape("".join(sorted(_SPACES))) + "]+")


def width_char(ch: str) -> str:
    """The half-width form of a full-width digit/letter/space, else the character itself."""
    return _WIDTH_TABLE.get(ch, ch)


# The Han ranges `is_han` tests, as one character class for counting over a whole text.
_HAN_CHAR = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0003ffff]")


def count_han(text: str) -> int:
    """How many characters of `text` are `is_han` (one regex pass, not a call per char)."""
    return len(_HAN_CHAR.findall(text))


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    )


def is_narrow_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def half_width(text: str) -> str:
    """`width_char` of every character."""
    return _HALF_WIDTH(text)


def apply_width(chars: Chars) -> Chars:
    text, pos = chars
    return half_width(text), pos


def remove_spans(chars: Chars, spans: list[tuple[int, int]]) -> Chars:
    """`chars` without the characters inside any of `spans` (in any order, may overlap)."""
    if not spans:
        return chars
    text, pos = chars
    pieces: list[str] = []
    kept: list[int] = []
    at = 0
    for start, end in sorted(spans):
        if start > at:
            pieces.append(text[at:start])
            kept.extend(pos[at:start])
        at = max(at, end)
    pieces.append(text[at:])
    kept.extend(pos[at:])
    return "".join(pieces), kept


def remove_matches(chars: Chars, patterns: list[re.Pattern[str]]) -> Chars:
    if not may_match(patterns, chars[0]):  # most lines hold none of their literals
        return chars
    for pattern in patterns:
        spans = [m.span() for m in pattern.finditer(chars[0]) if m.end() > m.start()]
        if spans:
            chars = remove_spans(chars, spans)
    return chars


def table_pattern(table: dict[str, str]) -> re.Pattern[str] | None:
    """One alternation of a repair table's keys, longest first (None for an empty table)."""
    if not table:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)))


def replace_table(chars: Chars, table: dict[str, str], pattern: re.Pattern[str] | None) -> Chars:
    """Replace every table key by its value; new characters map to the key's first offset."""
    if pattern is None:
        return chars
    text, pos = chars
    if pattern.search(text) is None:
        return chars
    pieces: list[str] = []
    out: list[int] = []
    at = 0
    for m in pattern.finditer(text):
        pieces.append(text[at : m.start()])
        out.extend(pos[at : m.start()])
        value = table[m.group()]
        pieces.append(value)
        out.extend([pos[m.start()]] * len(value))
        at = m.end()
    pieces.append(text[at:])
    out.extend(pos[at:])
    return "".join(pieces), out


def remove_pinyin(chars: Chars, settings: NormalizeSettings) -> Chars:
    cfg = settings.pinyin
    tones = frozenset(cfg.tone_marks)
    spans = [m.span() for m in cfg.pattern.finditer(chars[0]) if not tones.isdisjoint(m.group())]
    return remove_spans(chars, spans)


def _run(text: str, i: int, step: int, kind: Callable[[str], bool] = is_han) -> int:
    """Length of the run of characters of `kind` (Han by default) through text[i], going
    in direction `step`."""
    n = 0
    while 0 <= i < len(text) and kind(text[i]):
        n += 1
        i += step
    return n


def _space_stays(
    text: str, left: int, right: int, cfg: SpaceSettings, lost_quotes: bool
) -> bool:
    """Whether the space run between text[left] and text[right] is a real separator."""
    a, b = text[left], text[right]
    cjk_punct = cfg.cjk_punctuation
    if a in cjk_punct or b in cjk_punct:
        return False
    han_a, han_b = is_han(a), is_han(b)
    if (a in cfg.ascii_punctuation and han_b) or (han_a and b in cfg.ascii_punctuation):
        return False
    if han_a and han_b:
        if lost_quotes:
            return False
        short = cfg.letter_spacing_max_run
        return _run(text, left, -1) > short and _run(text, right, 1) > short
    if (han_a and is_narrow_alnum(b)) or (is_narrow_alnum(a) and han_b):
        return False
    return not _inside_number(text, left, right, cfg)


def _ascii_digit(ch: str) -> bool:
    return ch.isascii() and ch.isdigit()


def _inside_number(text: str, left: int, right: int, cfg: SpaceSettings) -> bool:
    """`2 0 1 9`, `1 2起`, `5 %`, `3. 5`: the space splits one number."""
    a, b = text[left], text[right]
    digit_a = a.isascii() and a.isdigit()
    digit_b = b.isascii() and b.isdigit()
    if digit_a and digit_b:
        short = cfg.digit_spacing_max_run
        return min(_run(text, left, -1, _ascii_digit), _run(text, right, 1, _ascii_digit)) <= short
    if digit_a and b in cfg.number_marks and b != ".":
        return True
    # `3. 5`: a decimal point after digits, digits after the space
    return a == "." and digit_b and left > 0 and text[left - 1].isdigit()


def kept_spaces(text: str, cfg: SpaceSettings) -> frozenset[int]:
    """Indexes of `text` covered by a keep pattern (their spaces are real separators)."""
    keep: set[int] = set()
    if not may_match(cfg.keep_patterns, text):
        return frozenset()
    for pattern in cfg.keep_patterns:
        for m in pattern.finditer(text):
            keep.update(range(m.start(), m.end()))
    return frozenset(keep)


_OPENING = frozenset("(（[【《“")
_CLOSING = frozenset(")）]】》”")


def _hugs_bracket(text: str, left: int, right: int) -> bool:
    """A space just inside a bracket (`( 王某`, `王某 )`) is never a separator."""
    return text[left] in _OPENING or text[right] in _CLOSING


def fix_spaces(
    chars: Chars, cfg: SpaceSettings, lost_quotes: bool, gaps: list[int] | None = None
) -> Chars:
    """Drop layout spaces, keep phrase separators as one space, strip the line's ends.

    In a document that lost its quotes, a dropped space between two phrases of a sentence
    line is appended to `gaps` (when given) as the raw offset of the character after it.
    """
    text, pos = chars
    if _SPACES.isdisjoint(text):  # no space run: nothing to drop or keep
        return chars
    keep = kept_spaces(text, cfg)
    record = (
        gaps is not None
        and lost_quotes
        and cfg.lost_quote.record_gaps
        and not frozenset(cfg.lost_quote.sentence_punctuation).isdisjoint(text)
    )
    pieces: list[str] = []
    out: list[int] = []  # raw offsets of the characters kept so far
    n = len(text)
    at = 0  # start of the characters after the last space run
    for run in _SPACE_RUN.finditer(text):
        i, j = run.span()
        pieces.append(text[at:i])
        out.extend(pos[at:i])
        if out and j < n and (
            (i in keep and not _hugs_bracket(text, i - 1, j))
            or _space_stays(text, i - 1, j, cfg, lost_quotes)
        ):
            pieces.append(" ")
            out.append(pos[i])
        elif record and out and j < n and i not in keep and _phrase_gap(text, i - 1, j):
            gaps.append(pos[j])
        at = j
    pieces.append(text[at:])
    out.extend(pos[at:])
    return "".join(pieces), out


def _phrase_gap(text: str, left: int, right: int) -> bool:
    """A space between two phrases: runs of two or more Han characters on both sides, or
    such a Han run and a Latin/digit word of two or more (`推出 84110 内部`). Spaces of
    letter spacing (`党 的`) and of numbers (`2 0 1 9`) are no quote marks."""
    a, b = text[left], text[right]
    if is_han(a) and is_han(b):
        return _run(text, left, -1) >= 2 and _run(text, right, 1) >= 2
    if is_han(a) and is_narrow_alnum(b):
        return _run(text, left, -1) >= 2 and _run(text, right, 1, is_narrow_alnum) >= 2
    if is_narrow_alnum(a) and is_han(b):
        return _run(text, left, -1, is_narrow_alnum) >= 2 and _run(text, right, 1) >= 2
    return False


OPEN_QUOTE = "“"
CLOSE_QUOTE = "”"


def quote_marks(text: str, gaps: list[int], clause_punctuation: str) -> tuple[tuple[int, str], ...]:
    """Each gap offset of `text` with the quote mark it most likely stood for.

    Quotes come in pairs: within a clause (ended by `clause_punctuation` or a line break)
    the gaps alternate opening and closing, starting with an opening one (`推进 甲 活动`
    -> `推进“甲”活动`). A clause that lost one mark of a pair to adjacent punctuation
    keeps a lone opening mark, which no quoted rule can close.
    """
    ends = frozenset(clause_punctuation) | {"\n"}
    out: list[tuple[int, str]] = []
    opened = False
    pos = 0
    for gap in sorted(set(gaps)):
        if any(ch in ends for ch in text[pos:gap]):
            opened = False
        out.append((gap, CLOSE_QUOTE if opened else OPEN_QUOTE))
        opened = not opened
        pos = gap
    return tuple(out)


def has_lost_quotes(text: str, cfg: SpaceSettings) -> bool:
    """Document-level test: are CJK-CJK spaces inside sentences lost quotation marks?"""
    lq = cfg.lost_quote
    if not lq.enabled:
        return False
    punct = frozenset(lq.sentence_punctuation)
    count = 0
    han_total = 0
    for line in text.splitlines():
        han_total += count_han(line)
        if punct.isdisjoint(line):
            continue
        wide = half_width(line)
        keep = kept_spaces(wide, cfg)
        n = len(wide)
        for run in _SPACE_RUN.finditer(wide):
            i, j = run.span()
            if (
                i > 0
                and i not in keep
                and j < n
                and _run(wide, i - 1, -1) >= 2
                and _run(wide, j, 1) >= 2
            ):
                count += 1
    if count < lq.min_count:
        return False
    return count * 1000 >= lq.min_per_1000_chars * max(han_total, 1)
