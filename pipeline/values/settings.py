"""Value settings: `configs/values.yaml` loaded, validated and compiled.

The YAML holds every word and pattern (number cores, units per kind, approximation words,
date anchors, report-year clues); this module checks it with pydantic (unknown keys are
errors that name the file), expands `{MACRO}` placeholders and compiles the regexes once,
so a typo fails at load time instead of silently lowering recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..configfile import ConfigError, load_model, read_text
from ..paths import configs_dir

Approx = Literal["over", "nearly", "about"]
KINDS = ("count", "money", "percent", "days", "duration", "date")

_MACRO = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_UNGROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")  # named group -> plain group


class ValuesConfigError(ConfigError):
    """A values config that cannot be used; the message names the file."""


# --- raw schema -------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NumbersConfig(_Strict):
    arabic_left_blockers: str
    chinese_left_blockers: str
    lone_blocked: list[str] = []


class PrefixRule(_Strict):
    pattern: str
    approx: Approx


class ApproxConfig(_Strict):
    prefix: list[PrefixRule]
    infix: dict[str, Approx]
    suffix: dict[str, Approx]


class UnitsConfig(_Strict):
    classifiers_file: str
    measure: list[str]
    duration: dict[str, str]
    duration_after_ge: dict[str, str]
    days: dict[str, str]
    money: dict[str, float]
    percent: list[str]
    percent_scaled: dict[str, float] = {}
    percent_after_ge: list[str] = []
    percent_prefix: str
    not_followed_by: dict[str, list[str]] = {}


class AnchorConfig(_Strict):
    base: Literal["written", "about"]
    offset: int = 0


class RelativeConfig(_Strict):
    from_reference: dict[str, int]
    from_anchor: dict[str, int]
    months_from_reference: dict[str, int]
    day_of_reference: str
    year_from_anchor: list[str]
    bare_day: str
    pm_words: list[str]
    clock: str


class HolidayConfig(_Strict):
    # `MM-DD`, or one per year in `by_year` (lunar holidays).
    start: str | None = None
    by_year: dict[int, str] = {}
    days: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _one_start(self) -> HolidayConfig:
        if (self.start is None) == (not self.by_year):
            raise ValueError("a holiday has either `start` or `by_year`")
        for mmdd in [self.start, *self.by_year.values()]:
            if mmdd is not None and not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", mmdd):
                raise ValueError(f"holiday start {mmdd!r} is not MM-DD")
        return self


class DatesConfig(_Strict):
    year: str
    month: str
    day: str
    anchors: dict[str, AnchorConfig]
    time_of_day: str
    clock: str
    clock_alone: str
    keep_tails: str
    since_tails: str
    range_separators: str
    in_year_events: str
    in_year_events_deny: str
    periods: list[str]
    relative: RelativeConfig
    year_parts: dict[str, tuple[int, int]] = {}
    holidays: dict[str, HolidayConfig] = {}
    holiday_tails: dict[str, Literal["during", "first", "eve"]] = {}
    eve_days: int = Field(default=7, ge=1)


class ClueConfig(_Strict):
    pattern: str
    year: int | None = None
    base: int | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ClueConfig:
        if self.year is not None and self.base is not None:
            raise ValueError("a clue has either `year` or `base`, not both")
        if self.base is not None and "(?P<n>" not in self.pattern:
            raise ValueError(f"clue {self.pattern!r} has `base` but no group `n`")
        if self.year is None and self.base is None and "(?P<year>" not in self.pattern:
            raise ValueError(f"clue {self.pattern!r} needs `year`, `base` or a group `year`")
        return self


class ReportYearConfig(_Strict):
    explicit: str
    target_before: str
    clues: list[ClueConfig]
    opening_year: str
    lookback: str


class ValuesConfig(_Strict):
    macros: dict[str, str] = Field(default_factory=dict)
    numbers: NumbersConfig
    approx: ApproxConfig
    units: UnitsConfig
    deny: list[str] = []
    dates: DatesConfig
    report_year: ReportYearConfig


# --- compiled settings ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    """What a unit form means: its kind, the unit kept in the value, a factor to yuan."""

    kind: str  # count | money | percent | days | duration
    unit: str | None  # None for plain classifiers, money and percent
    factor: float = 1.0


@dataclass(frozen=True)
class Clue:
    regex: re.Pattern[str]
    year: int | None
    base: int | None


@dataclass(frozen=True)
class RelativeSettings:
    """Compiled relative-date rules (see `configs/values.yaml`, dates.relative)."""

    from_reference: dict[str, int]
    from_anchor: dict[str, int]
    months_from_reference: dict[str, int]
    day_of_reference: re.Pattern[str]
    year_from_anchor: re.Pattern[str]
    bare_day: re.Pattern[str]
    pm_words: tuple[str, ...]
    clock: re.Pattern[str]
    # `<word>(<time of day>)?(<clock>)?` for the day tables above
    day_words: re.Pattern[str]
    month_words: re.Pattern[str]
    year_parts: dict[str, tuple[int, int]]
    year_part_words: re.Pattern[str] | None
    holidays: dict[str, HolidayConfig]
    holiday_words: re.Pattern[str] | None
    holiday_tails: dict[str, str]
    eve_days: int


@dataclass(frozen=True)
class ValuesSettings:
    """Compiled, immutable value settings (build with `load_settings`)."""

    source: Path
    mention: re.Pattern[str]
    percent_words: re.Pattern[str]
    prefixes: tuple[tuple[re.Pattern[str], str], ...]
    infix: dict[str, str]
    suffix: dict[str, str]
    units: dict[str, UnitInfo]
    ge_units: dict[str, UnitInfo]
    lone_blocked: frozenset[str]
    deny: tuple[re.Pattern[str], ...]
    date_full: re.Pattern[str]
    date_find: re.Pattern[str]
    date_range: re.Pattern[str]
    month_range: re.Pattern[str]
    range_separators: re.Pattern[str]
    range_right_day: re.Pattern[str]
    tail: re.Pattern[str]
    keep_tails: re.Pattern[str]
    since_tails: re.Pattern[str]
    in_year_events: re.Pattern[str]
    in_year_events_deny: re.Pattern[str]
    periods: re.Pattern[str]
    clock_alone: re.Pattern[str]
    anchors: dict[str, AnchorConfig]
    relative: RelativeSettings
    explicit_year: re.Pattern[str]
    target_before: re.Pattern[str]
    clues: tuple[Clue, ...]
    opening_year: re.Pattern[str]
    lookback: re.Pattern[str]


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise ValuesConfigError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    return _MACRO.sub(repl, pattern)


def _compile(pattern: str, macros: dict[str, str], where: str) -> re.Pattern[str]:
    expanded = _expand(pattern, macros, where)
    try:
        return re.compile(expanded)
    except re.error as exc:
        raise ValuesConfigError(f"{where}: regex does not compile ({exc}): {pattern!r}") from exc


def _alternation(forms: list[str], not_followed_by: dict[str, list[str]]) -> str:
    """Longest form first, so `人次` wins over `人`; each form with its blockers."""
    parts = []
    for form in sorted(set(forms), key=lambda f: (-len(f), f)):
        blockers = not_followed_by.get(form, [])
        guard = f"(?!{'|'.join(map(re.escape, blockers))})" if blockers else ""
        parts.append(re.escape(form) + guard)
    return "|".join(parts)


def _read_classifiers(path: Path, where: str) -> list[str]:
    if not path.is_file():
        raise ValuesConfigError(f"{where}: classifiers file not found: {path}")
    items = []
    for line in read_text(path, ValuesConfigError).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.append(line)
    return items


def _unit_tables(cfg: ValuesConfig, config_dir: Path, where: str):
    u = cfg.units
    units: dict[str, UnitInfo] = {}

    def add(form: str, info: UnitInfo) -> None:
        if form in units and units[form] != info:
            raise ValuesConfigError(f"{where}: unit {form!r} is declared twice with two meanings")
        units[form] = info

    for form in _read_classifiers(config_dir / u.classifiers_file, where):
        add(form, UnitInfo("count", None))
    for form in u.measure:
        add(form, UnitInfo("count", form))
    for form, canon in u.duration.items():
        add(form, UnitInfo("duration", canon))
    for form, canon in u.days.items():
        add(form, UnitInfo("days", canon))
    for form, factor in u.money.items():
        add(form, UnitInfo("money", None, factor))
    for form in u.percent:
        add(form, UnitInfo("percent", None))
    for form, factor in u.percent_scaled.items():
        add(form, UnitInfo("percent", None, factor))
    ge_units = {form: UnitInfo("duration", canon) for form, canon in u.duration_after_ge.items()}
    ge_units.update({form: UnitInfo("percent", None) for form in u.percent_after_ge})
    return units, ge_units


def _build(cfg: ValuesConfig, source: Path) -> ValuesSettings:
    where = str(source)
    macros: dict[str, str] = {}
    for name, body in cfg.macros.items():  # later macros may use earlier ones
        macros[name] = _expand(body, macros, f"{where}: macro {name}")
    units, ge_units = _unit_tables(cfg, source.parent, where)
    nfb = cfg.units.not_followed_by
    for form in nfb:
        if form not in units and form not in ge_units:
            raise ValuesConfigError(f"{where}: not_followed_by names unknown unit {form!r}")

    prefixes = tuple(
        (_compile(p.pattern, macros, f"{where}: approx.prefix"), p.approx)
        for p in cfg.approx.prefix
    )
    pre = "|".join(f"(?:{_expand(p.pattern, macros, where)})" for p in cfg.approx.prefix)
    infix = "|".join(map(re.escape, sorted(cfg.approx.infix, key=len, reverse=True)))
    post = "|".join(map(re.escape, sorted(cfg.approx.suffix, key=len, reverse=True)))
    num = cfg.numbers
    core = (
        f"(?P<core>(?<![{num.arabic_left_blockers}])(?:{macros.get('AR_NUM', '[0-9]+')})"
        f"|(?<![{num.chinese_left_blockers}])(?:{macros.get('CN_NUM', '[一二三四五六七八九十]+')}))"
    )
    mention = (
        f"(?:(?P<pre>{pre}))?{core}"
        f"(?:个(?P<half>半)?(?P<geinfix>{infix})?(?P<geunit>{_alternation(list(ge_units), nfb)})"
        f"|(?P<infix>{infix})?(?P<mult>[万亿])?(?P<infix2>{infix})?"
        f"(?P<unit>{_alternation(list(units), nfb)}))"
        f"(?P<post>{post})?"
    )
    percent_words = (
        f"(?:(?P<pre>{pre}))?{re.escape(cfg.units.percent_prefix)}"
        f"(?P<core>{macros.get('AR_NUM', '[0-9]+')}|{macros.get('CN_NUM', '[一二三四五六七八九十]+')})"
    )

    d = cfg.dates
    anchors = "|".join(map(re.escape, sorted(d.anchors, key=len, reverse=True)))
    tail = f"(?:{d.keep_tails}|{d.since_tails}|{d.time_of_day}|{d.clock})"
    head = (
        f"(?:(?:(?<![0-9])(?P<year>{d.year})年|(?P<anchor>{anchors}))"
        f"(?:(?<![0-9])(?P<month>{d.month})月份?(?:(?P<day>{d.day})[日号])?)?"
        f"|(?<![0-9个])(?P<month2>{d.month})月份?(?:(?P<day2>{d.day})[日号])?)"
    )
    date_full = f"{head}(?P<tail>{tail}*)"
    # The finder stops at tails that never end a date mention by themselves.
    find_tail = f"(?:{d.keep_tails}|以来|{d.time_of_day}|{d.clock})"
    date_find = f"{head}(?:{find_tail})*"
    # `今年1至5月`, `1-12月`: a span of months.
    month_range = (
        f"(?:(?<![0-9])(?P<year>{d.year})年|(?P<anchor>{anchors}))?"
        f"(?<![0-9])(?P<m1>{d.month})(?:月份?)?(?:{d.range_separators})(?P<m2>{d.month})月份?"
        f"(?P<tail>(?:{find_tail})*)"
    )
    one = _UNGROUP.sub("(?:", date_find)
    date_range = (
        f"{one}(?:{d.range_separators})(?:{one}|(?<![0-9])(?:{d.day})[日号](?:{find_tail})*)"
    )
    periods = "|".join(f"(?:{_expand(p, macros, where)})" for p in d.periods)
    relative = _relative(d, anchors, tail, macros, f"{where}: dates.relative")

    r = cfg.report_year
    clues = tuple(
        Clue(_compile(c.pattern, macros, f"{where}: report_year.clues"), c.year, c.base)
        for c in r.clues
    )
    return ValuesSettings(
        source=source,
        mention=_compile(mention, macros, f"{where}: units/approx"),
        percent_words=_compile(percent_words, macros, f"{where}: units.percent_prefix"),
        prefixes=prefixes,
        infix=dict(cfg.approx.infix),
        suffix=dict(cfg.approx.suffix),
        units=units,
        ge_units=ge_units,
        lone_blocked=frozenset(num.lone_blocked),
        deny=tuple(_compile(p, macros, f"{where}: deny") for p in cfg.deny),
        date_full=_compile(date_full, macros, f"{where}: dates"),
        date_find=_compile(date_find, macros, f"{where}: dates"),
        date_range=_compile(date_range, macros, f"{where}: dates.range_separators"),
        month_range=_compile(month_range, macros, f"{where}: dates.range_separators"),
        range_separators=_compile(d.range_separators, macros, f"{where}: dates.range_separators"),
        range_right_day=_compile(f"(?P<day>{d.day})[日号](?P<tail>{tail}*)", macros, where),
        tail=_compile(tail, macros, f"{where}: dates tails"),
        keep_tails=_compile(d.keep_tails, macros, f"{where}: dates.keep_tails"),
        since_tails=_compile(d.since_tails, macros, f"{where}: dates.since_tails"),
        in_year_events=_compile(d.in_year_events, macros, f"{where}: dates.in_year_events"),
        in_year_events_deny=_compile(d.in_year_events_deny, macros, f"{where}: dates"),
        periods=_compile(periods, macros, f"{where}: dates.periods"),
        clock_alone=_compile(d.clock_alone, macros, f"{where}: dates.clock_alone"),
        anchors=dict(d.anchors),
        relative=relative,
        explicit_year=_compile(r.explicit, macros, f"{where}: report_year.explicit"),
        target_before=_compile(r.target_before, macros, f"{where}: report_year.target_before"),
        clues=clues,
        opening_year=_compile(r.opening_year, macros, f"{where}: report_year.opening_year"),
        lookback=_compile(r.lookback, macros, f"{where}: report_year.lookback"),
    )


def _words(words: list[str] | dict) -> str:
    return "|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w))))


def _relative(d: DatesConfig, anchors: str, tail: str, macros: dict[str, str],
              where: str) -> RelativeSettings:  # fmt: skip
    r = d.relative
    day_table = {**r.from_reference, **r.from_anchor}
    year_words = _words(list(d.anchors) + r.year_from_anchor)
    parts = (
        _compile(f"(?:(?<![0-9])(?P<year>{d.year})年|(?P<anchor>{year_words}))?"
                 f"(?P<part>{_words(d.year_parts)})(?P<tail>{tail}*)", macros, where)
        if d.year_parts else None
    )
    holiday_tails = _words(d.holiday_tails) if d.holiday_tails else "(?!)"
    holidays = (
        _compile(f"(?:(?<![0-9])(?P<year>{d.year})年|(?P<anchor>{year_words}))?"
                 f"(?P<holiday>{_words(d.holidays)})(?P<htail>{holiday_tails})?"
                 f"(?P<tail>{tail}*)", macros, where)
        if d.holidays else None
    )
    return RelativeSettings(
        from_reference=dict(r.from_reference),
        from_anchor=dict(r.from_anchor),
        months_from_reference=dict(r.months_from_reference),
        day_of_reference=_compile(f"(?:{r.day_of_reference})(?P<tail>{tail}*)", macros, where),
        year_from_anchor=_compile(f"(?P<word>{_words(r.year_from_anchor)})", macros, where),
        bare_day=_compile(f"(?:{r.bare_day})(?P<tail>{tail}*)", macros, where),
        pm_words=tuple(sorted(r.pm_words, key=len, reverse=True)),
        clock=_compile(r.clock, macros, where),
        day_words=_compile(f"(?P<word>{_words(day_table)})(?P<tail>{tail}*)", macros, where),
        month_words=_compile(f"(?P<word>{_words(r.months_from_reference)})", macros, where),
        year_parts={k: tuple(v) for k, v in d.year_parts.items()},  # type: ignore[misc]
        year_part_words=parts,
        holidays=dict(d.holidays),
        holiday_words=holidays,
        holiday_tails=dict(d.holiday_tails),
        eve_days=d.eve_days,
    )


# Settings built from the same config and files, shared (they are frozen): the values and
# the events components both load configs/values.yaml, `default_settings` once more
# (compiling ~90 regexes: ~0.02 CPU-s each time).
_BUILT: dict[tuple[str, str, str], ValuesSettings] = {}


def load_settings(path: Path | None = None) -> ValuesSettings:
    """Load, validate and compile a values config (default: `configs/values.yaml`)."""
    source = Path(path) if path is not None else configs_dir() / "values.yaml"
    cfg = load_model(source, ValuesConfig, ValuesConfigError)
    source = source.resolve()
    classifiers = source.parent / cfg.units.classifiers_file
    if not classifiers.is_file():
        return _build(cfg, source)  # (says which file is missing)
    # every file the build reads is in the key (and read here, so `recording` sees it)
    key = (str(source), cfg.model_dump_json(), read_text(classifiers, ValuesConfigError))
    if key not in _BUILT:
        if len(_BUILT) >= 8:
            _BUILT.clear()
        _BUILT[key] = _build(cfg, source)
    return _BUILT[key]


@cache
def default_settings() -> ValuesSettings:
    """The default settings, loaded once. The object is frozen, so sharing it is safe;
    pass `s=` explicitly to use another config."""
    return load_settings()


def settings_or_default(s: ValuesSettings | None) -> ValuesSettings:
    return s if s is not None else default_settings()
