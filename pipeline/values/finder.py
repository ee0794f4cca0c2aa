"""Find every number+unit and date mention of a text, with its normalized value.

Candidates come from four compiled patterns (number+unit, `百分之…`, dates, periods and
clock times); a candidate that overlaps a `deny` match (idioms, programme names such as
`一村一警`) is dropped; overlaps are settled longest first, dates before quantities on a
tie, then leftmost. A number needs a unit or a percent sign to be a mention, so `110`,
`0579-87102993`, `7·12涉黑专案`, `十九大` and `统一` give nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import resolve_date
from .numbers import Reading, fold, read_mention, read_percent_words
from .scan import finditer
from .settings import ValuesSettings, settings_or_default

# Tie-break between equally long overlapping candidates: lower wins.
_PRIORITY = {"date": 0, "money": 1, "percent": 2, "days": 3, "duration": 4, "count": 5}


@dataclass(frozen=True)
class Quantity:
    """A mention: offsets (0-based, end exclusive) into the text, its kind and value.

    kind: count | money | percent | days | duration | date. A date that cannot be
    resolved (`连续16年`, `日前`, `中午12时许`) has its own text as value.
    """

    start: int
    end: int
    text: str
    kind: str
    value: int | float | str | dict


# (start, end, kind, value) of a mention before its date is resolved
_Cand = tuple[int, int, str, object]


def _number_candidates(folded: str, s: ValuesSettings) -> list[tuple[int, int, str, object]]:
    out = []
    readings: list[Reading | None] = [read_mention(m, s) for m in finditer(s.mention, folded)]
    readings += [read_percent_words(m, s) for m in finditer(s.percent_words, folded)]
    for r in readings:
        if r is not None:
            out.append((r.start, r.end, r.final_kind, r.value()))
    return out


def _date_candidates(folded: str, s: ValuesSettings) -> list[tuple[int, int, str, object]]:
    """Date mentions; their values are filled later, in text order (see `_resolve_dates`)."""
    out = []
    for regex in (s.date_find, s.date_range, s.month_range, s.periods, s.clock_alone):
        for m in finditer(regex, folded):
            if m.end() > m.start():
                out.append((m.start(), m.end(), "date", None))
    return out


def _resolve_dates(taken: list[tuple[int, int, str, object]], text: str,
                   report_year: int | None, s: ValuesSettings,
                   reference: str | None) -> list[tuple[int, int, str, object]]:  # fmt: skip
    """Resolve date mentions left to right, each with the last resolved date as its anchor
    (`5月9日…次日凌晨`); an unresolved one keeps its text as value."""
    anchor: str | None = None
    out = []
    for start, end, kind, value in taken:
        if kind == "date":
            mention = text[start:end]
            value = resolve_date(mention, report_year, s, reference=reference, anchor=anchor)
            if value is None:
                value = mention
            elif len(value) >= 7:  # month precision or finer: a usable anchor
                anchor = value.split("/")[-1]
        out.append((start, end, kind, value))
    return out


def _denied(folded: str, s: ValuesSettings) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for regex in s.deny for m in finditer(regex, folded)]


# Checking each candidate against every deny match, or against every mention taken so far,
# is quadratic on one long report (quantities of a 200k-character report: 1.9 s for 0.2 s
# at 50k). A per-character mark answers both in the candidate's length. Empty spans (none
# come from the patterns today) keep the pairwise test, whose meaning for them is subtle.


def _not_denied(candidates: list[_Cand], denied: list[tuple[int, int]], size: int) -> list[_Cand]:
    """Candidates that overlap no deny match (`a < d_end and d_start < b`)."""
    if not denied:
        return candidates
    if any(b <= a for a, b in denied) or any(c[1] <= c[0] for c in candidates):
        return [c for c in candidates if not any(c[0] < e and s < c[1] for s, e in denied)]
    marked = bytearray(size + 1)
    for s, e in denied:
        marked[s:e] = b"\x01" * (e - s)
    return [c for c in candidates if not any(marked[c[0] : c[1]])]


def _longest_first(candidates: list[_Cand], size: int) -> list[_Cand]:
    """Each candidate, in the given order, that overlaps none taken before it."""
    taken: list[_Cand] = []
    if any(c[1] <= c[0] for c in candidates):
        for c in candidates:
            if all(c[1] <= t[0] or t[1] <= c[0] for t in taken):
                taken.append(c)
        return taken
    used = bytearray(max([size, *(c[1] for c in candidates)]) + 1)
    for c in candidates:
        if not any(used[c[0] : c[1]]):
            used[c[0] : c[1]] = b"\x01" * (c[1] - c[0])
            taken.append(c)
    return taken


def find_quantities(text: str, report_year: int | None = None,
                    s: ValuesSettings | None = None, *,
                    reference: str | None = None) -> list[Quantity]:  # fmt: skip
    """Every number+unit / percent / date mention of `text`, in text order. `reference`
    (the report's reference date) resolves `昨日`, `上月`; each date is the anchor of the
    relative dates after it (`次日`, `当日下午`)."""
    s = settings_or_default(s)
    folded = fold(text)
    denied = _denied(folded, s)
    candidates = _number_candidates(folded, s) + _date_candidates(folded, s)
    candidates = _not_denied(candidates, denied, len(folded))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken = _longest_first(candidates, len(folded))
    taken.sort(key=lambda c: c[0])
    taken = _resolve_dates(taken, text, report_year, s, reference)
    return [Quantity(start, end, text[start:end], kind, value) for start, end, kind, value in taken]  # type: ignore[arg-type]
