"""Dates -> ISO 8601 strings, as far as the text knows them; report-year guessing.

Two years matter for a report (docs/values.md):

* `written` — the year the report is written in: `今年`, `去年`, `明年` count from it;
* `about` — the year the report reviews: bare `5月28日`, `全年`, `过去一年`,
  `大庆安保期间` belong to it.

Usually they are the same year. A year-end review written in January (`2021年，…去年…`)
has about = 2021 and written = 2022. `ReportYear` is an `int` (the `about` year) that also
carries `written` and `stated` (whether the text names the `about` year itself); a plain
int stands for both years, stated. Year-wide anchors (`全年`, `过去一年`, `…期间`) are
resolved only for a stated year: a report dated by clues alone may review a rolling year
(`一年来`), and then `全年` is left as text.
"""

from __future__ import annotations

import calendar
import re

from ..textutil import may_match_one
from .numbers import fold, parse_number
from .relative import (
    DateRefs,
    clock_time,
    holiday,
    parse_iso,
    relative_day,
    relative_month,
    year_part,
)
from .scan import finditer
from .settings import ValuesSettings, settings_or_default

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}  # fmt: skip


class ReportYear(int):
    """The year a report is about (the int value), with the year it is written in."""

    def __new__(cls, about: int, written: int | None = None, stated: bool = True) -> ReportYear:
        obj = super().__new__(cls, about)
        obj.__dict__["written"] = int(written) if written is not None else int(about)
        obj.__dict__["stated"] = bool(stated)
        return obj

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ReportYear is immutable")

    def __getnewargs__(self) -> tuple[int, int, bool]:
        return (int(self), self.written, self.stated)

    @property
    def about(self) -> int:
        return int(self)

    @property
    def written(self) -> int:
        return self.__dict__["written"]

    @property
    def stated(self) -> bool:
        return self.__dict__["stated"]

    def __repr__(self) -> str:
        return f"ReportYear({int(self)}, written={self.written}, stated={self.stated})"


def _years(report_year: int | None) -> tuple[int | None, int | None, int | None]:
    """(written, about, about-if-stated) from an int, a ReportYear or None."""
    if report_year is None:
        return None, None, None
    about = int(report_year)
    stated = about if getattr(report_year, "stated", True) else None
    return getattr(report_year, "written", about), about, stated


def _year_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [_CN_DIGIT.get(ch) for ch in text]  # `二〇二一` is read digit by digit
    if None in digits:
        return None
    return int("".join(map(str, digits)))


def _small(text: str | None) -> int | None:
    if not text:
        return None
    n = parse_number(text)
    return n if isinstance(n, int) else None


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


Parts = tuple[int | None, int | None, int | None]  # year, month, day
NO_REFS = DateRefs()  # frozen: safe as a shared default


def _parts(m: re.Match[str], years: tuple[int | None, int | None, int | None],
           s: ValuesSettings, *, bare_year: bool = True,
           refs: DateRefs = NO_REFS) -> Parts | None:  # fmt: skip
    """(year, month, day) of a `date_full` match; None when it cannot be one date.

    With `bare_year=False` a month without a year keeps year None (a range's right side
    inherits it from the left side)."""
    written, about, stated = years
    year: int | None
    if m.group("year"):
        year = _year_value(m.group("year"))
        if year is None:
            return None
    elif m.group("anchor"):
        anchor = s.anchors[m.group("anchor")]
        base = written if anchor.base == "written" else stated
        if base is None:
            return None
        year = base + anchor.offset
    else:
        year = about if bare_year else None  # a bare month belongs to the reviewed year
    month = _small(m.group("month") or m.group("month2"))
    day = _small(m.group("day") or m.group("day2"))
    if year is not None and not m.group("year") and not m.group("anchor"):
        year = _before_reference(year, month, day, refs)
    tails = [t.group(0) for t in s.tail.finditer(m.group("tail"))]
    if any(s.since_tails.fullmatch(t) for t in tails):
        # `今年以来` stays inside one year; `2018年以来` spans several: not one date. A
        # period opened by a month or day (`5月份以来`, `今年3月以来`) is neither that year
        # nor a month: the annotators keep its text (dev/train gold).
        if written is None or year != written or month is not None:
            return None
    return year, month, day


def _before_reference(year: int, month: int | None, day: int | None, refs: DateRefs) -> int:
    """A year-less month (and day) after the reference date happened the year before
    (`12月5日` in a report published on 2021-01-10 is 2020-12-05)."""
    ref = parse_iso(refs.reference)
    if ref is None or ref[1] is None or month is None or year != ref[0]:
        return year
    if (month, day or 1) > (ref[1], ref[2] or 31):
        return year - 1
    return year


def _with_clock(iso: str | None, tail: str, s: ValuesSettings) -> str | None:
    """A day-precision date with a clock in its tail gets `THH:MM` (`5月9日10时30分许`)."""
    if iso is None or len(iso) != 10:
        return iso
    time = clock_time(tail, s.relative)
    return f"{iso}T{time}" if time else iso


def _one(t: str, years: tuple[int | None, int | None, int | None],
         s: ValuesSettings, refs: DateRefs = NO_REFS) -> str | None:  # fmt: skip
    m = s.date_full.fullmatch(t)
    if not m:
        return None
    parts = _parts(m, years, s, refs=refs)
    if parts is None or parts[0] is None:
        return None
    return _with_clock(_iso(*parts), m.group("tail"), s)  # type: ignore[arg-type]


def _range(t: str, years: tuple[int | None, int | None, int | None],
           s: ValuesSettings, refs: DateRefs = NO_REFS) -> str | None:  # fmt: skip
    """`5月26日至28日` -> '2020-05-26/2020-05-28' (ISO 8601 interval)."""
    for sep in s.range_separators.finditer(t):
        left_m = s.date_full.fullmatch(t[: sep.start()])
        right_text = t[sep.end() :]
        if not left_m or not right_text:
            continue
        left = _parts(left_m, years, s, refs=refs)
        if left is None or left[0] is None:
            continue
        right_m = s.date_full.fullmatch(right_text)
        right_tail = ""
        if right_m:
            right = _parts(right_m, years, s, bare_year=False)
            right_tail = right_m.group("tail")
            if right is not None and right[0] is None:
                right = (left[0], right[1], right[2])
        else:
            day_m = s.range_right_day.fullmatch(right_text)
            right = (left[0], left[1], _small(day_m.group("day"))) if day_m else None
            right_tail = day_m.group("tail") if day_m else ""
        if right is None or right[0] is None:
            continue
        start = _with_clock(_iso(*left), left_m.group("tail"), s)  # type: ignore[arg-type]
        end = _with_clock(_iso(*right), right_tail, s)  # type: ignore[arg-type]
        if start and end:
            return f"{start}/{end}"
    return None


def _month_range(m: re.Match[str], years: tuple[int | None, int | None, int | None],
                 s: ValuesSettings) -> str | None:  # fmt: skip
    """`今年1至5月` -> '2020-01/2020-05'."""
    written, about, stated = years
    if m.group("year"):
        year = _year_value(m.group("year"))
    elif m.group("anchor"):
        anchor = s.anchors[m.group("anchor")]
        base = written if anchor.base == "written" else stated
        year = None if base is None else base + anchor.offset
    else:
        year = about
    first, last = _small(m.group("m1")), _small(m.group("m2"))
    if year is None or first is None or last is None or first > last:
        return None
    start, end = _iso(year, first, None), _iso(year, last, None)
    return f"{start}/{end}" if start and end else None


def resolve_date(text: str, report_year: int | None, s: ValuesSettings | None = None, *,
                 reference: str | None = None, anchor: str | None = None) -> str | None:
    """A date mention -> ISO 8601 as far as known, else None (the caller keeps the text).

    '5月28日' (2020 report) -> '2020-05-28'; '今年1月' -> '2020-01'; '二〇二一年三月五日'
    -> '2021-03-05'; '4月8日凌晨' -> '2020-04-08'; '5月9日10时30分许' -> '2020-05-09T10:30';
    '5月26日至28日' -> '2020-05-26/2020-05-28'; '上半年' -> '2020-01/2020-06';
    '连续16年', '近三年来', '该模式推行以来' -> None.

    `reference` (the report's reference date) resolves `昨日`, `今(15)日`, `上月`;
    `anchor` (the date mentioned last before) resolves `当日下午`, `次日凌晨`, `同年9月2日`.
    """
    s = settings_or_default(s)
    t = fold(text.strip())
    if not t:
        return None
    years = _years(report_year)
    refs = DateRefs(reference, anchor)
    t = _anchor_year(t, refs, s)
    if t is None:
        return None
    parts = s.relative.year_part_words.fullmatch(t) if s.relative.year_part_words else None
    if parts:  # before date_full, which reads `今年上半年` as the year alone
        return year_part(parts.group("part"), _part_year(parts, years, s), s.relative)
    if s.date_full.fullmatch(t):
        return _one(t, years, s, refs)
    months = s.month_range.fullmatch(t)
    if months:
        return _month_range(months, years, s)
    ranged = _range(t, years, s, refs)
    if ranged is not None:
        return ranged
    found = _relative(t, years, refs, s)
    if found is not None:
        return found
    stated = years[2]
    if stated is not None and s.in_year_events.fullmatch(t) and not s.in_year_events_deny.search(t):
        return f"{stated:04d}"
    return None


def _anchor_year(t: str, refs: DateRefs, s: ValuesSettings) -> str | None:
    """`同年9月2日` -> `2023年9月2日` with the anchor's year; None when it has none."""
    m = s.relative.year_from_anchor.match(t)
    if not m or len(t) == m.end():
        return t
    anchor = parse_iso(refs.anchor)
    if anchor is None:
        return None
    return f"{anchor[0]}年{t[m.end():]}"


def _part_year(m: re.Match[str], years: tuple[int | None, int | None, int | None],
               s: ValuesSettings) -> int | None:  # fmt: skip
    """The year of a year part or holiday: written (`2022年`), relative (`今年`) or the
    reviewed year."""
    written, about, stated = years
    if m.group("year"):
        return _year_value(m.group("year"))
    if m.group("anchor") and m.group("anchor") in s.anchors:
        anchor = s.anchors[m.group("anchor")]
        base = written if anchor.base == "written" else stated
        return None if base is None else base + anchor.offset
    return about


def _relative(t: str, years: tuple[int | None, int | None, int | None], refs: DateRefs,
              s: ValuesSettings) -> str | None:  # fmt: skip
    r = s.relative
    found = relative_day(t, refs, r) or relative_month(t, refs, r)
    if found:
        return found
    m = r.holiday_words.fullmatch(t) if r.holiday_words else None
    if m:
        return holiday(m.group("holiday"), m.group("htail"), _part_year(m, years, s), r)
    return _clock_on_anchor(t, refs, s)


_CLOCK_REST = re.compile("(?:许|左右|时分|分|时许|多|钟)*")


def _clock_on_anchor(t: str, refs: DateRefs, s: ValuesSettings) -> str | None:
    """A clock time alone (`下午3时`, `清晨7点时分`) is on the anchor's day."""
    m = s.relative.clock.search(t)
    anchor = parse_iso(refs.anchor)
    if not m or anchor is None or anchor[2] is None:
        return None
    rest = s.tail.sub("", t[: m.start()] + t[m.end():])
    if not _CLOCK_REST.fullmatch(rest):
        return None
    time = clock_time(t, s.relative)
    iso = _iso(*anchor)
    return f"{iso}T{time}" if iso and time else iso


def year_with_reference(guessed: int | None, reference: str | None) -> int | None:
    """The report year once the reference date (publication) is known: written in the
    reference year, and about it too, unless the text reads as a review of the year
    before written in the reference year (`2021年，…去年…` published in 2022). A year the
    text merely mentions (`2018年案发`) does not move it. The reference date fixes the
    year, so year-wide anchors (`全年`) resolve."""
    ref = parse_iso(reference)
    if ref is None:
        return guessed
    written = ref[0]
    about = written
    if isinstance(guessed, ReportYear) and guessed.written == written \
            and guessed.about == written - 1:
        about = guessed.about
    return ReportYear(about, written, stated=True)


def _year_bounds(t: str, s: ValuesSettings) -> tuple[list[int], set[int]]:
    """Lower bounds of the year a text is written in (explicit years and clues), and the
    explicit years alone."""
    bounds = []
    explicit = set()
    for m in finditer(s.explicit_year, t):
        explicit.add(int(m.group("year")))
        if s.target_before.search(t[max(0, m.start() - 4) : m.start()]):
            continue  # `到2025年`: a plan
        bounds.append(int(m.group("year")))
    for clue in s.clues:
        if not may_match_one(clue.regex, t):  # a clue's literal is rare: skip its regex
            continue
        for m in finditer(clue.regex, t):
            if clue.year is not None:
                bounds.append(clue.year)
            elif clue.base is not None:
                n = parse_number(m.group("n"))
                if isinstance(n, int):
                    bounds.append(clue.base + n)
            else:
                bounds.append(int(m.group("year")))
    return bounds, explicit


def guess_report_year(text: str, s: ValuesSettings | None = None) -> ReportYear | None:
    """The most plausible year a report is about, as a `ReportYear` (an int that also
    carries the year it was written in), or None when the text gives no clue.

    Every explicit year and every clue (`新中国成立70周年` -> 2019, `党的二十大` -> 2022,
    `净网2020` -> 2020) is a lower bound of the writing year; the largest wins. A review
    that opens with its year and looks back (`2021年，…去年…`) is about that year and
    written in the next. Pass the whole bulletin when single reports are short.
    """
    s = settings_or_default(s)
    t = fold(text)
    bounds, explicit = _year_bounds(t, s)
    opening = s.opening_year.search(t)
    if opening and s.lookback.search(t):
        year = int(opening.group("year"))
        if not bounds or max(bounds) <= year + 1:
            return ReportYear(year, year + 1, stated=True)
    if not bounds:
        return None
    return ReportYear(max(bounds), stated=max(bounds) in explicit)
