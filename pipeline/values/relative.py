"""Dates that need more than the report year: relative days, clocks, year parts, holidays.

Two reference points come from outside the mention (`configs/values.yaml`, dates.relative):

* `reference` — the report's reference date (its publication day, ISO `YYYY[-MM[-DD]]`):
  `昨日`, `今(15)日`, `上月` count from it;
* `anchor` — the date mentioned last before the mention: `当日下午`, `次日凌晨`, `同年9月2日`,
  `案发当晚` and a bare `15日上午` take their day, year or month from it.

Every function returns an ISO 8601 string or None (unknown: the caller keeps the text).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numbers import parse_number
from .settings import RelativeSettings

Ymd = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class DateRefs:
    """The outside reference points of one mention (ISO strings, or None)."""

    reference: str | None = None
    anchor: str | None = None


_ISO = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?")


def parse_iso(iso: str | None) -> Ymd | None:
    """'2023-05-09T10:30' -> (2023, 5, 9); '2023-05' -> (2023, 5, None); the start of an
    interval is read; None for anything else."""
    if not iso:
        return None
    m = _ISO.match(iso)
    if not m:
        return None
    month = int(m.group("m")) if m.group("m") else None
    day = int(m.group("d")) if m.group("d") else None
    return int(m.group("y")), month, day


def iso_day(day: dt.date, time: str | None = None) -> str:
    return day.isoformat() + (f"T{time}" if time else "")


def _small(text: str | None) -> int | None:
    if not text:
        return None
    n = parse_number(text)
    return n if isinstance(n, int) else None


def clock_time(tail: str, r: RelativeSettings) -> str | None:
    """'HH:MM' of the clock in a date's tail (`10时30分许` -> '10:30', `下午3时` ->
    '15:00'), None without a clock."""
    m = r.clock.search(tail)
    if not m:
        return None
    hour = _small(m.group("hour") or m.group("hour2"))
    minute = _small(m.group("minute") or m.group("minute2")) or 0
    if m.group("half"):
        minute = 30
    if hour is None or not 0 <= hour <= 24 or not 0 <= minute < 60:
        return None
    before = tail[: m.start()]
    if hour < 12 and any(w in before for w in r.pm_words):
        hour += 12  # `下午3时`, `晚8时`
    if hour == 24:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _full_day(ymd: Ymd | None) -> dt.date | None:
    if ymd is None or ymd[1] is None or ymd[2] is None:
        return None
    try:
        return dt.date(ymd[0], ymd[1], ymd[2])
    except ValueError:
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def relative_day(t: str, refs: DateRefs, r: RelativeSettings) -> str | None:
    """`昨日上午`, `次日凌晨3时`, `当日下午15时许`, `今(15)日`, `15日上午`."""
    m = r.day_words.fullmatch(t)
    if m:
        word = m.group("word")
        if word in r.from_reference:
            base, delta = _full_day(parse_iso(refs.reference)), r.from_reference[word]
        else:
            base, delta = _full_day(parse_iso(refs.anchor)), r.from_anchor[word]
        if base is None:
            return None
        return iso_day(base + dt.timedelta(days=delta), clock_time(m.group("tail"), r))
    m = r.day_of_reference.fullmatch(t)
    if m:
        return _day_in_month(parse_iso(refs.reference), _small(m.group("day")), m.group("tail"), r)
    m = r.bare_day.fullmatch(t)
    if m:
        # A bare day belongs to the month last mentioned, else to the reference month.
        base = parse_iso(refs.anchor)
        if base is None or base[1] is None:
            base = parse_iso(refs.reference)
        return _day_in_month(base, _small(m.group("day")), m.group("tail"), r)
    return None


def _day_in_month(base: Ymd | None, day: int | None, tail: str,
                  r: RelativeSettings) -> str | None:  # fmt: skip
    if base is None or base[1] is None or day is None:
        return None
    found = _full_day((base[0], base[1], day))
    return iso_day(found, clock_time(tail, r)) if found else None


def relative_month(t: str, refs: DateRefs, r: RelativeSettings) -> str | None:
    """`上月` -> the month before the reference month ('2023-04')."""
    m = r.month_words.fullmatch(t)
    base = parse_iso(refs.reference)
    if not m or base is None or base[1] is None:
        return None
    year, month = _shift_month(base[0], base[1], r.months_from_reference[m.group("word")])
    return f"{year:04d}-{month:02d}"


def year_part(t: str, year: int | None, r: RelativeSettings) -> str | None:
    """`上半年` -> '2023-01/2023-06' for `year` (the caller resolves `今年`/`2022年`)."""
    if year is None:
        return None
    first, last = r.year_parts[t]
    return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"


def holiday(name: str, tail: str | None, year: int | None, r: RelativeSettings) -> str | None:
    """`国庆期间` -> '2023-10-01/2023-10-07'; `春节前夕` -> the `eve_days` days before the
    Spring Festival of that year; `国庆当天` -> its first day."""
    if year is None:
        return None
    h = r.holidays[name]
    mmdd = h.start if h.start is not None else h.by_year.get(year)
    if mmdd is None:
        return None
    first = dt.date(year, int(mmdd[:2]), int(mmdd[3:]))
    kind = r.holiday_tails.get(tail or "", "during")
    if kind == "first":
        return first.isoformat()
    if kind == "eve":
        return f"{first - dt.timedelta(days=r.eve_days)}/{first - dt.timedelta(days=1)}"
    last = first + dt.timedelta(days=h.days - 1)
    return first.isoformat() if h.days == 1 else f"{first}/{last}"
