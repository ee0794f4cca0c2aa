"""Normalize: repair layout damage in a report's text, keeping a map back to the raw text.

Order per source line: full-width digits/letters to ASCII, page chrome dropped, pinyin
debris removed, layout spaces removed. Lines are then joined with the separators ingest
decided (nothing inside a broken sentence, a space inside a two-line headline, a newline
between paragraphs) and Traditional characters converted to Simplified. Every output
character keeps the offset of the source character it came from; inserted separators map
to the line break they replace.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ingest.models import Byline, RawReport
from pipeline.normalize.offsets import OffsetMap
from pipeline.normalize.rules import (
    Chars,
    apply_width,
    count_han,
    fix_spaces,
    half_width,
    has_lost_quotes,
    quote_marks,
    remove_matches,
    remove_pinyin,
    remove_spans,
    replace_table,
    table_pattern,
)
from pipeline.normalize.settings import NormalizeSettings, load_mojibake_table, load_settings
from pipeline.textutil import any_searcher, may_match

__all__ = [
    "Flag",
    "NormalizeSettings",
    "NormalizedText",
    "Normalizer",
    "OffsetMap",
    "load_settings",
    "normalize_bylines",
    "normalize_report",
    "normalize_title",
]


@dataclass(frozen=True)
class Flag:
    """A stretch of the normalized text that is damage kept in place (e.g. `spam`)."""

    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NormalizedText:
    text: str
    offsets: OffsetMap
    flags: tuple[Flag, ...] = ()
    # Side data of a document that lost its quotes to spaces (`has_lost_quotes`): where a
    # dropped space stood between two phrases, as (offset of the character after it, the
    # quote mark it most likely was). Never written into `text`; entity rules with
    # `quote_view` read them (the Doc carries them as `doc._.quote_gaps`).
    quote_gaps: tuple[tuple[int, str], ...] = ()


class Normalizer:
    """Holds the compiled settings and the OpenCC converter; reuse it for many reports."""

    def __init__(self, settings: NormalizeSettings | None = None) -> None:
        self.settings = settings or load_settings()
        self._converter = None
        self._lost_quotes: dict[str, bool] = {}
        self._mojibake = load_mojibake_table(self.settings)
        self._mojibake_re = table_pattern(self._mojibake)
        self._fixups_re = table_pattern(self.settings.t2s.fixups)
        self._chrome_line = any_searcher(self.settings.chrome.line_patterns)

    # -- Traditional -> Simplified -------------------------------------------------------
    def _opencc(self):  # noqa: ANN202 - opencc has no type stubs
        if self._converter is None:
            import opencc

            self._converter = opencc.OpenCC(self.settings.t2s.config)
        return self._converter

    def to_simplified(self, text: str) -> str:
        """Convert with OpenCC if enabled (and, in auto mode, if the text looks Traditional).

        The configs allowed keep length (PITFALLS §5); should a future dictionary break that,
        characters are converted one by one so that offsets stay valid.
        """
        cfg = self.settings.t2s
        if not cfg.enabled or not text:
            return text
        converter = self._opencc()
        out = converter.convert(text)
        if len(out) != len(text):
            out = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)
        if cfg.mode == "auto":
            if out == text:  # nothing to convert: the text stays as it is either way
                return text
            han = count_han(text)
            changed = sum(1 for a, b in zip(text, out, strict=True) if a != b)
            if han == 0 or changed < cfg.min_changed_share * han:
                return text
        if out != text and self._fixups_re is not None:
            out = self._fixups_re.sub(lambda m: cfg.fixups[m.group()], out)
        return out

    # -- per line ------------------------------------------------------------------------
    def _is_chrome(self, line: str) -> bool:
        return self._chrome_line(line)

    def _line(self, chars: Chars, lost_quotes: bool, gaps: list[int] | None = None) -> Chars:
        s = self.settings
        if s.width.enabled:
            chars = apply_width(chars)
        chars = replace_table(chars, self._mojibake, self._mojibake_re)
        if self._is_chrome(chars[0].strip()):
            return "", ()
        chars = remove_matches(chars, s.chrome.inline_patterns)
        if s.pinyin.enabled:
            chars = remove_pinyin(chars, s)
        return fix_spaces(chars, s.spaces, lost_quotes, gaps)

    def lost_quotes(self, report: RawReport) -> bool:
        key = report.source.sha256 or report.source.path
        if key not in self._lost_quotes:
            self._lost_quotes[key] = has_lost_quotes(report.source.text, self.settings.spaces)
        return self._lost_quotes[key]

    # -- public --------------------------------------------------------------------------
    def normalize_report(self, report: RawReport) -> NormalizedText:
        raw = report.source.text
        lost = self.lost_quotes(report)
        pieces: list[str] = []  # the kept lines and their separators
        positions: list[int] = []  # the raw offset of every character of `pieces`
        pending = ("\n", 0)  # separator after the last kept line and the break it stands for
        dropped = False  # a chrome line was dropped since the last kept line
        gaps: list[int] = []  # raw offsets of the characters after lost-quote spaces
        for k, (start, end) in enumerate(report.body):
            text, pos = self._line((raw[start:end], range(start, end)), lost, gaps)
            if not text:
                dropped = dropped or bool(positions)
                continue
            if positions:
                sep, at = pending
                if dropped:
                    sep = "\n"
                if sep:
                    pieces.append(sep)
                    positions.append(at)
            pieces.append(text)
            positions.extend(pos)
            dropped = False
            pending = (report.joins[k] if k < len(report.joins) else "\n", _break_after(raw, end))
        text = self.to_simplified("".join(pieces))  # one to one: the positions stay
        (text, positions), flags = self._spam((text, positions))
        gaps_out = self._quote_gaps(text, positions, gaps)
        return NormalizedText(text, OffsetMap.from_positions(positions), flags, gaps_out)

    def _quote_gaps(
        self, text: str, positions: list[int], gaps: list[int]
    ) -> tuple[tuple[int, str], ...]:
        """The recorded gaps as offsets of the normalized text, each with its quote mark.

        A gap is the raw offset of the character after the dropped space; it is found again
        by that offset, since spam removal may have shifted the text."""
        if not gaps:
            return ()
        wanted = set(gaps)
        found: dict[int, int] = {}
        for i, raw in enumerate(positions):
            if raw in wanted and raw not in found:
                found[raw] = i
        offsets = [i for i in found.values() if i > 0]
        return quote_marks(text, offsets, self.settings.spaces.lost_quote.clause_punctuation)

    def _spam(self, chars: Chars) -> tuple[Chars, tuple[Flag, ...]]:
        """Spam written over report text: flagged in place, or removed (`spam.action`)."""
        cfg = self.settings.spam
        text = chars[0]
        if not may_match(cfg.patterns, text):
            return chars, ()
        spans = sorted(
            {m.span() for p in cfg.patterns for m in p.finditer(text) if m.end() > m.start()}
        )
        if not spans:
            return chars, ()
        if cfg.action == "remove":
            return remove_spans(chars, spans), ()
        return chars, tuple(Flag("spam", a, b, text[a:b]) for a, b in spans)

    def normalize_bylines(self, bylines: tuple[Byline, ...]) -> tuple[Byline, ...]:
        """Roles and names with width and t2s applied (ingest reads them from raw text)."""
        return tuple(
            Byline(self.normalize_title(b.role), self.normalize_title(b.name)) for b in bylines
        )

    def normalize_title(self, title: str) -> str:
        s = self.settings
        text = title.strip().lstrip(s.title.strip_leading).strip()
        if s.width.enabled:
            text = half_width(text)
        if s.pinyin.enabled:
            text = remove_pinyin((text, range(len(text))), s)[0]
        text = _collapse_letter_spacing(" ".join(text.split()), s)
        return self.to_simplified(text)


def _collapse_letter_spacing(title: str, settings: NormalizeSettings) -> str:
    """`警 方 提 醒` -> `警方提醒`: only when every space stands between single characters."""
    parts = title.split(" ")
    if not settings.title.collapse_letter_spacing or len(parts) < 3:
        return title
    return "".join(parts) if all(len(p) == 1 for p in parts) else title


def _break_after(raw: str, end: int) -> int:
    """Offset of the line break that ends the line ending at `end` (a whitespace char)."""
    for i in range(end, len(raw)):
        if raw[i] in "\r\n":
            return i
    return max(end - 1, 0)


def normalize_report(
    report: RawReport, settings: NormalizeSettings | None = None
) -> NormalizedText:
    """Normalized text of one report with its offset map (see `Normalizer` for batches)."""
    return Normalizer(settings).normalize_report(report)


def normalize_bylines(
    bylines: tuple[Byline, ...], settings: NormalizeSettings | None = None
) -> tuple[Byline, ...]:
    """Bylines with width and t2s applied to role and name."""
    return Normalizer(settings).normalize_bylines(bylines)


def normalize_title(title: str, settings: NormalizeSettings | None = None) -> str:
    """Headline without Markdown marks and kicker dashes, width- and t2s-normalized.

    Inner spaces are kept as in the source (runs collapse to one space).
    """
    return Normalizer(settings).normalize_title(title)
