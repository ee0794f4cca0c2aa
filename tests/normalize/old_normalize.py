"""The per-character normalize code that session 5 replaced (pipeline/normalize/rules.py,
`Normalizer` line and report assembly, `OffsetMap.from_positions`), kept as the reference
the faster code is compared with (tests/normalize/test_normalize_equal.py). Not collected.

Here a line is a list of `(char, raw_offset)` pairs, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.ingest.models import RawReport
from pipeline.normalize import Flag, NormalizedText, Normalizer, OffsetMap
from pipeline.normalize.rules import (
    _SPACES,
    _WIDTH_TRANS,
    count_han,
    is_han,
    is_narrow_alnum,
    width_char,
)
from pipeline.normalize.settings import NormalizeSettings, SpaceSettings

Chars = list[tuple[str, int]]


def text_of(chars: Chars) -> str:
    return "".join([ch for ch, _ in chars])  # a list joins faster than a generator


def apply_width(chars: Chars) -> Chars:
    text = text_of(chars)
    wide = text.translate(_WIDTH_TRANS)  # `width_char` of every character, in C
    if wide == text:
        return chars
    return [(ch, raw) for ch, (_, raw) in zip(wide, chars, strict=True)]


def remove_spans(chars: Chars, spans: list[tuple[int, int]]) -> Chars:
    if not spans:
        return chars
    drop = set()
    for start, end in spans:
        drop.update(range(start, end))
    return [c for i, c in enumerate(chars) if i not in drop]


def remove_matches(chars: Chars, patterns: list[re.Pattern[str]]) -> Chars:
    text = text_of(chars)
    for pattern in patterns:
        spans = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        if spans:  # the text is rebuilt only when a pattern removed something
            chars = remove_spans(chars, spans)
            text = text_of(chars)
    return chars


def replace_table(chars: Chars, table: dict[str, str], pattern: re.Pattern[str] | None) -> Chars:
    """Replace every table key by its value; new characters map to the key's first offset."""
    if pattern is None:
        return chars
    text = text_of(chars)
    if pattern.search(text) is None:
        return chars
    out: Chars = []
    pos = 0
    for m in pattern.finditer(text):
        out.extend(chars[pos : m.start()])
        raw = chars[m.start()][1]
        out.extend((ch, raw) for ch in table[m.group()])
        pos = m.end()
    out.extend(chars[pos:])
    return out


def remove_pinyin(chars: Chars, settings: NormalizeSettings) -> Chars:
    cfg = settings.pinyin
    text = text_of(chars)
    tones = frozenset(cfg.tone_marks)
    spans = [m.span() for m in cfg.pattern.finditer(text) if tones & set(m.group())]
    return remove_spans(chars, spans)


def _run(chars: Chars, i: int, step: int, kind: Callable[[str], bool] = is_han) -> int:
    """Length of the run of characters of `kind` (Han by default) through chars[i], going
    in direction `step`."""
    n = 0
    while 0 <= i < len(chars) and kind(chars[i][0]):
        n += 1
        i += step
    return n


def _space_stays(
    chars: Chars, left: int, right: int, cfg: SpaceSettings, lost_quotes: bool
) -> bool:
    """Whether the space run between chars[left] and chars[right] is a real separator."""
    a, b = chars[left][0], chars[right][0]
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
        return _run(chars, left, -1) > short and _run(chars, right, 1) > short
    if (han_a and is_narrow_alnum(b)) or (is_narrow_alnum(a) and han_b):
        return False
    return not _inside_number(chars, left, right, cfg)


def _ascii_digit(ch: str) -> bool:
    return ch.isascii() and ch.isdigit()


def _inside_number(chars: Chars, left: int, right: int, cfg: SpaceSettings) -> bool:
    """`2 0 1 9`, `1 2起`, `5 %`, `3. 5`: the space splits one number."""
    a, b = chars[left][0], chars[right][0]
    digit_a = a.isascii() and a.isdigit()
    digit_b = b.isascii() and b.isdigit()
    if digit_a and digit_b:
        short = cfg.digit_spacing_max_run
        return min(_run(chars, left, -1, _ascii_digit), _run(chars, right, 1, _ascii_digit)) <= short
    if digit_a and b in cfg.number_marks and b != ".":
        return True
    # `3. 5`: a decimal point after digits, digits after the space
    return a == "." and digit_b and left > 0 and chars[left - 1][0].isdigit()


def kept_spaces(text: str, cfg: SpaceSettings) -> frozenset[int]:
    """Indexes of `text` covered by a keep pattern (their spaces are real separators)."""
    keep: set[int] = set()
    for pattern in cfg.keep_patterns:
        for m in pattern.finditer(text):
            keep.update(range(m.start(), m.end()))
    return frozenset(keep)


_OPENING = frozenset("(（[【《“")
_CLOSING = frozenset(")）]】》”")


def _hugs_bracket(chars: Chars, left: int, right: int) -> bool:
    """A space just inside a bracket (`( 王某`, `王某 )`) is never a separator."""
    return chars[left][0] in _OPENING or chars[right][0] in _CLOSING


def fix_spaces(
    chars: Chars, cfg: SpaceSettings, lost_quotes: bool, gaps: list[int] | None = None
) -> Chars:
    """Drop layout spaces, keep phrase separators as one space, strip the line's ends.

    In a document that lost its quotes, a dropped space between two phrases of a sentence
    line is appended to `gaps` (when given) as the raw offset of the character after it.
    """
    text = text_of(chars)
    if _SPACES.isdisjoint(text):  # no space run: nothing to drop or keep
        return chars
    keep = kept_spaces(text, cfg)
    record = (
        gaps is not None
        and lost_quotes
        and cfg.lost_quote.record_gaps
        and not frozenset(cfg.lost_quote.sentence_punctuation).isdisjoint(text)
    )
    out: Chars = []
    i = 0
    n = len(chars)
    while i < n:
        if chars[i][0] not in _SPACES:
            out.append(chars[i])
            i += 1
            continue
        j = i
        while j < n and chars[j][0] in _SPACES:
            j += 1
        if out and j < n and (
            (i in keep and not _hugs_bracket(chars, i - 1, j))
            or _space_stays(chars, i - 1, j, cfg, lost_quotes)
        ):
            out.append((" ", chars[i][1]))
        elif record and out and j < n and i not in keep and _phrase_gap(chars, i - 1, j):
            gaps.append(chars[j][1])
        i = j
    return out


def _phrase_gap(chars: Chars, left: int, right: int) -> bool:
    """A space between two phrases: runs of two or more Han characters on both sides, or
    such a Han run and a Latin/digit word of two or more (`推出 84110 内部`). Spaces of
    letter spacing (`党 的`) and of numbers (`2 0 1 9`) are no quote marks."""
    a, b = chars[left][0], chars[right][0]
    if is_han(a) and is_han(b):
        return _run(chars, left, -1) >= 2 and _run(chars, right, 1) >= 2
    if is_han(a) and is_narrow_alnum(b):
        return _run(chars, left, -1) >= 2 and _run(chars, right, 1, is_narrow_alnum) >= 2
    if is_narrow_alnum(a) and is_han(b):
        return _run(chars, left, -1, is_narrow_alnum) >= 2 and _run(chars, right, 1) >= 2
    return False


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
        if not punct & set(line):
            continue
        chars = [(width_char(ch), 0) for ch in line]
        keep = kept_spaces(text_of(chars), cfg)
        i = 0
        while i < len(chars):
            if chars[i][0] in _SPACES:
                j = i
                while j < len(chars) and chars[j][0] in _SPACES:
                    j += 1
                if (
                    i > 0
                    and i not in keep
                    and j < len(chars)
                    and _run(chars, i - 1, -1) >= 2
                    and _run(chars, j, 1) >= 2
                ):
                    count += 1
                i = j
            else:
                i += 1
    if count < lq.min_count:
        return False
    return count * 1000 >= lq.min_per_1000_chars * max(han_total, 1)


def from_positions(positions: Sequence[int]) -> OffsetMap:
    """`OffsetMap.from_positions` as it was: a Python loop per character."""
    runs: list[list[int]] = []
    for i, raw in enumerate(positions):
        if runs and runs[-1][1] + runs[-1][2] == raw:
            runs[-1][2] += 1
        else:
            runs.append([i, raw, 1])
    return OffsetMap(tuple((a, b, c) for a, b, c in runs))


class OldNormalizer(Normalizer):
    """`Normalizer` with its per-line and per-report code as it was."""

    def _line(self, chars: Chars, lost_quotes: bool, gaps: list[int] | None = None) -> Chars:
        s = self.settings
        if s.width.enabled:
            chars = apply_width(chars)
        chars = replace_table(chars, self._mojibake, self._mojibake_re)
        if self._is_chrome(text_of(chars).strip()):
            return []
        chars = remove_matches(chars, s.chrome.inline_patterns)
        if s.pinyin.enabled:
            chars = remove_pinyin(chars, s)
        return fix_spaces(chars, s.spaces, lost_quotes, gaps)

    def lost_quotes(self, report: RawReport) -> bool:
        key = report.source.sha256 or report.source.path
        if key not in self._lost_quotes:
            self._lost_quotes[key] = has_lost_quotes(report.source.text, self.settings.spaces)
        return self._lost_quotes[key]

    def normalize_report(self, report: RawReport) -> NormalizedText:
        raw = report.source.text
        lost = self.lost_quotes(report)
        out: Chars = []
        pending = ("\n", 0)
        dropped = False
        gaps: list[int] = []
        for k, (start, end) in enumerate(report.body):
            line = list(zip(raw[start:end], range(start, end), strict=True))
            chars = self._line(line, lost, gaps)
            if not chars:
                dropped = dropped or bool(out)
                continue
            if out:
                sep, pos = pending
                if dropped:
                    sep = "\n"
                if sep:
                    out.append((sep, pos))
            out.extend(chars)
            dropped = False
            pending = (report.joins[k] if k < len(report.joins) else "\n", _break_after(raw, end))
        chars = out
        before = text_of(chars)
        text = self.to_simplified(before)
        if text != before:
            chars = [(ch, raw) for ch, (_, raw) in zip(text, chars, strict=True)]
        chars, flags = self._old_spam(chars, text)
        positions = [raw for _, raw in chars]
        text = text_of(chars)
        gaps_out = self._quote_gaps(text, positions, gaps)
        return NormalizedText(text, from_positions(positions), flags, gaps_out)

    def _old_spam(self, chars: Chars, text: str) -> tuple[Chars, tuple[Flag, ...]]:
        cfg = self.settings.spam
        spans = sorted(
            {m.span() for p in cfg.patterns for m in p.finditer(text) if m.end() > m.start()}
        )
        if not spans:
            return chars, ()
        if cfg.action == "remove":
            drop = {i for a, b in spans for i in range(a, b)}
            return [c for i, c in enumerate(chars) if i not in drop], ()
        return chars, tuple(Flag("spam", a, b, text[a:b]) for a, b in spans)

    def normalize_title(self, title: str) -> str:
        s = self.settings
        text = title.strip().lstrip(s.title.strip_leading).strip()
        if s.width.enabled:
            text = "".join(width_char(ch) for ch in text)
        chars = [(ch, i) for i, ch in enumerate(text)]
        if s.pinyin.enabled:
            chars = remove_pinyin(chars, s)
        text = _collapse_letter_spacing(" ".join(text_of(chars).split()), s)
        return self.to_simplified(text)


def _collapse_letter_spacing(title: str, settings: NormalizeSettings) -> str:
    parts = title.split(" ")
    if not settings.title.collapse_letter_spacing or len(parts) < 3:
        return title
    return "".join(parts) if all(len(p) == 1 for p in parts) else title


def _break_after(raw: str, end: int) -> int:
    for i in range(end, len(raw)):
        if raw[i] in "\r\n":
            return i
    return max(end - 1, 0)
