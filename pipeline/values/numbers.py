"""Numbers, counts, money, percentages, days and durations -> normalized values.

A mention is read with one compiled regex (`ValuesSettings.mention`, built from
`configs/values.yaml`): optional approximation prefix, the numeral core, an optional
`个`, infix approximation (`余`, `多`), an optional trailing `万`/`亿`, the unit and an
optional approximation suffix. The core goes to `parse_number`; approximation words become
a flag and never reach the numeral parser (PITFALLS §6).

Value shapes (SCHEMA §4, docs/values.md): plain counts -> int; approximate counts and
counts with a measure unit -> {"n", "approx"?, "unit"?}; money in yuan -> number or
{"n", "approx"}; percent -> number or {"n", "approx"}; exact days -> int; durations ->
{"n", "approx"?, "unit"}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..textutil import translator
from .cnnum import cn_to_number
from .settings import UnitInfo, ValuesSettings, settings_or_default

Number = int | float
Value = int | float | str | dict

# Full-width digits and signs fold to ASCII one character for one, so offsets into the
# folded text are offsets into the original.
_FOLD = str.maketrans("０１２３４５６７８９％．：", "0123456789%.:")
_ARABIC = re.compile(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)([十百千万亿]*)")
_MULTIPLIER = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN_LEADING_MULT = "十百千万亿"


_FOLDED = translator(_FOLD)


def fold(text: str) -> str:
    """Full-width digits, `％`, `．`, `：` -> ASCII; the length never changes. (By regex:
    `translate` looks up every character, most texts hold none of these.)"""
    return _FOLDED(text)


def _as_number(value: Decimal) -> Number:
    """An integral value becomes a Python int (never 2021.0)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def _decimal(core: str) -> Decimal | None:
    core = fold(core.strip())
    if not core:
        return None
    m = _ARABIC.fullmatch(core)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        for ch in m.group(2):
            value *= _MULTIPLIER[ch]
        return value
    if core[0] in _CN_LEADING_MULT and core[0] != "十":
        core = "一" + core  # cn2an rejects a bare `百`/`千`; `十` it reads itself
    result = cn_to_number(core)  # = cn2an.cn2an(core, "smart") without its import cost
    return None if result is None else Decimal(str(result))


def parse_number(core: str) -> Number | None:
    """'2.4万' -> 24000, '十一' -> 11, '两千' -> 2000, '5,000' -> 5000, '27.1' -> 27.1."""
    value = _decimal(core)
    return None if value is None else _as_number(value)


@dataclass(frozen=True)
class Reading:
    """One number+unit mention as read from the text (offsets into that text)."""

    start: int
    end: int
    kind: str
    n: Decimal
    approx: str | None
    unit: str | None  # the unit kept in the value; None for plain classifiers

    def value(self) -> Value:
        return shape(self.kind, _as_number(self.n), self.approx, self.unit)

    @property
    def final_kind(self) -> str:
        return "duration" if self.kind == "days" and self.approx else self.kind


def shape(kind: str, n: Number, approx: str | None, unit: str | None) -> Value:
    """The normalized value for a reading (see the module docstring)."""
    if kind == "days":
        if approx is None:
            return n
        kind = "duration"
    if kind == "duration" or (kind == "count" and unit is not None):
        out: dict[str, object] = {"n": n}
        if approx:
            out["approx"] = approx
        out["unit"] = unit
        return out
    if approx:
        return {"n": n, "approx": approx}
    return n


def _prefix_approx(m: re.Match[str], s: ValuesSettings) -> str | None:
    """The approx label of the prefix group; matched in place, since prefixes may look
    ahead into the number (`上(?=[百千万])`)."""
    if not m.group("pre"):
        return None
    start, end = m.span("pre")
    for regex, approx in s.prefixes:
        hit = regex.match(m.string, start)
        if hit and hit.end() == end:
            return approx
    return None


def read_mention(m: re.Match[str], s: ValuesSettings) -> Reading | None:
    """A match of `s.mention` -> Reading, or None when the core is not a number."""
    g = m.groupdict()
    infixes = [g[k] for k in ("geinfix", "infix", "infix2") if g.get(k)]
    if g["core"] in s.lone_blocked and not (g["pre"] or infixes):
        return None
    n = _decimal(g["core"])
    if n is None:
        return None
    if g.get("half"):  # `一个半小时`
        n += Decimal("0.5")
    if g.get("mult"):
        n *= _MULTIPLIER[g["mult"]]
    info: UnitInfo = s.ge_units[g["geunit"]] if g.get("geunit") else s.units[g["unit"]]
    if info.kind in ("money", "percent") and info.factor != 1:
        n *= Decimal(str(info.factor))
    if info.kind == "count" and info.unit is None and n != n.to_integral_value():
        return None  # `2.5人` is not a head count: plain classifiers count whole things
    approx = (
        _prefix_approx(m, s)
        or next((s.infix[i] for i in infixes), None)
        or (s.suffix[g["post"]] if g.get("post") else None)
    )
    return Reading(m.start(), m.end(), info.kind, n, approx, info.unit)


def read_percent_words(m: re.Match[str], s: ValuesSettings) -> Reading | None:
    """A match of `s.percent_words` (`百分之十五`) -> Reading."""
    n = _decimal(m.group("core"))
    if n is None:
        return None
    return Reading(m.start(), m.end(), "percent", n, _prefix_approx(m, s), None)


def read_one(text: str, s: ValuesSettings) -> Reading | None:
    """The reading of a whole mention text (surrounding spaces ignored), else None."""
    folded = fold(text.strip())
    m = s.mention.fullmatch(folded)
    if m:
        return read_mention(m, s)
    m = s.percent_words.fullmatch(folded)
    if m:
        return read_percent_words(m, s)
    return None


def parse_count(text: str, s: ValuesSettings | None = None) -> int | dict | None:
    """'61人' -> 61; '60余名' -> {"n": 60, "approx": "over"}; '2.4万套' -> {"n": 24000,
    "unit": "套"}; '2个小时' -> {"n": 2, "unit": "小时"}. A bare number is read too."""
    s = settings_or_default(s)
    reading = read_one(text, s)
    if reading is None:
        n = parse_number(text)
        return n if isinstance(n, int) else None
    if reading.kind == "days":  # a count of days keeps its unit, like any duration
        return shape("duration", _as_number(reading.n), reading.approx, reading.unit)
    if reading.kind not in ("count", "duration"):
        return None
    value = reading.value()
    return value if isinstance(value, int | dict) else {"n": value}


def parse_money(text: str, s: ValuesSettings | None = None) -> int | float | dict | None:
    """'3.2亿元' -> 320000000; '2300万余元' -> {"n": 23000000, "approx": "over"}."""
    reading = read_one(text, settings_or_default(s))
    if reading is None or reading.kind != "money":
        return None
    return reading.value()  # type: ignore[return-value]


def parse_percent(text: str, s: ValuesSettings | None = None) -> int | float | dict | None:
    """'27.1%' -> 27.1; '百分之十五' -> 15; '近35%' -> {"n": 35, "approx": "nearly"};
    '5个百分点' -> 5 (percentage points are written like percentages, as the gold does)."""
    reading = read_one(text, settings_or_default(s))
    if reading is None or reading.kind != "percent":
        return None
    return reading.value()  # type: ignore[return-value]


def parse_days(text: str, s: ValuesSettings | None = None) -> int | None:
    """'十一日' -> 11, '15天' -> 15. Approximate days ('980余天') are durations: None here,
    see `parse_duration`."""
    reading = read_one(text, settings_or_default(s))
    if reading is None or reading.kind != "days" or reading.approx:
        return None
    value = _as_number(reading.n)
    return value if isinstance(value, int) else None


def parse_duration(text: str, s: ValuesSettings | None = None) -> dict | None:
    """'2个小时' -> {"n": 2, "unit": "小时"}; '980余天' -> {"n": 980, "approx": "over",
    "unit": "天"}. Days are durations here too."""
    reading = read_one(text, settings_or_default(s))
    if reading is None or reading.kind not in ("duration", "days"):
        return None
    value = shape("duration", _as_number(reading.n), reading.approx, reading.unit)
    return value if isinstance(value, dict) else None
