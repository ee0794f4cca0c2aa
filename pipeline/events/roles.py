"""Role fillers: evaluate one `Source` of an event spec around one trigger occurrence.

Every source works on character offsets of the report text. A source first narrows its
scope (before/after the trigger, clause or sentence, bounded by neighbouring triggers,
narrowed by marker words), then collects candidates (entities, quantities, regex matches
or a phrase) and picks among them (nearest to the trigger, first, last, all, or a chain of
coordinated items).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pipeline.values import (
    Quantity,
    ValuesSettings,
    parse_count,
    parse_days,
    parse_money,
    parse_percent,
    resolve_date,
)

from ..textutil import strip_marks
from .spec import (
    EngineSettings,
    EntitySource,
    PatternSource,
    PhraseSource,
    QuantitySource,
    ReportSource,
    Source,
    TriggerMapSource,
    _SourceBase,
)

Scoped = EntitySource | QuantitySource | PatternSource | PhraseSource

_COMPILED: dict[str, re.Pattern[str]] = {}
_AT_END: dict[str, re.Pattern[str]] = {}


def rx(pattern: str) -> re.Pattern[str]:
    """`re.compile(pattern)`, kept here: the spec patterns are asked per trigger and source,
    and re's own cache costs a hash of (type, pattern, flags) and more per call."""
    found = _COMPILED.get(pattern)
    if found is None:
        found = _COMPILED[pattern] = re.compile(pattern)
    return found


def rx_at_end(pattern: str) -> re.Pattern[str]:
    """`re.compile(f"(?:{pattern})$")`: the pattern at the end of a text."""
    found = _AT_END.get(pattern)
    if found is None:
        found = _AT_END[pattern] = re.compile(f"(?:{pattern})$")
    return found


_NUMERAL = re.compile(r"[0-9零一二两三四五六七八九十百千万]")


@dataclass(frozen=True)
class Ent:
    start: int
    end: int
    label: str
    text: str
    norm: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Arg:
    role: str
    start: int
    end: int
    text: str
    value: Any = field(hash=False, compare=False)
    # Which source of which spec produced it (`detain_suspects:count[1]`), like entities.
    rule: str = field(default="", hash=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        out = {"role": self.role, "start": self.start, "end": self.end, "text": self.text,
               "value": self.value}
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass(frozen=True)
class DocView:
    """What the role sources read: the text and the annotations of one report."""

    text: str
    year: int | None
    ents: Sequence[Ent]
    quantities: Sequence[Quantity]
    engine: EngineSettings
    values: ValuesSettings
    # The report's reference date (ISO), for `昨日`, `上月` (SCHEMA §1).
    reference: str | None = None

    # Entities and quantities come sorted by start (spaCy's doc.ents; find_quantities):
    # a source reads only those starting inside its window, found by bisection, so the
    # work per trigger does not grow with the length of the report.
    @cached_property
    def _ent_starts(self) -> list[int]:
        return [e.start for e in self.ents]

    @cached_property
    def _quantity_starts(self) -> list[int]:
        return [q.start for q in self.quantities]

    @cached_property
    def _longest_ent(self) -> int:
        return max((e.end - e.start for e in self.ents), default=0)

    @cached_property
    def _report_choice(self) -> dict[int, tuple[list[Ent], list[Ent]]]:
        return {}  # per report source (by id): its entities and the mentions it picks

    def ents_overlapping(self, a: int, b: int) -> Sequence[Ent]:
        """Entities that may overlap [a, b): those starting at most one entity length
        before it (callers still test the overlap)."""
        return self.ents_starting_in(a - self._longest_ent, b)

    def ents_starting_in(self, a: int, b: int) -> Sequence[Ent]:
        starts = self._ent_starts
        return self.ents[bisect_left(starts, a) : bisect_left(starts, b)]

    def quantities_starting_in(self, a: int, b: int) -> Sequence[Quantity]:
        starts = self._quantity_starts
        return self.quantities[bisect_left(starts, a) : bisect_left(starts, b)]

    @cached_property
    def _anchors(self) -> tuple[list[int], list[str]]:
        """Ends and values of the dates resolved to a month or finer, in text order
        (quantities do not overlap, so their ends are sorted too)."""
        ends: list[int] = []
        values: list[str] = []
        for q in self.quantities:
            if q.kind == "date" and isinstance(q.value, str) and q.value[:4].isdigit() \
                    and len(q.value) >= 7:
                ends.append(q.end)
                values.append(q.value.split("/")[-1])
        return ends, values

    def anchor_before(self, pos: int) -> str | None:
        """The last date resolved to a month or finer that ends at or before `pos`: what
        `当日`, `次日`, `同年` refer to."""
        ends, values = self._anchors
        i = bisect_right(ends, pos)
        return values[i - 1] if i else None

    def date(self, text: str, start: int) -> str | None:
        return resolve_date(text, self.year, self.values, reference=self.reference,
                            anchor=self.anchor_before(start))


@dataclass(frozen=True)
class HitContext:
    """One trigger occurrence (or a merged group of them) and the spans around it."""

    word: str
    start: int
    end: int  # end of the (first) trigger: `after` scopes start here
    sentence: tuple[int, int]
    clause: tuple[int, int]
    prev_trigger_end: int  # end of the nearest other trigger before, else -1
    next_trigger_start: int  # start of the nearest other trigger after, else len(text)


def strip_value(text: str, engine: EngineSettings) -> str:
    return strip_marks(text, engine.strip_chars)


# --- scopes -------------------------------------------------------------------------------


def scope_span(src: _SourceBase, hit: HitContext, doc: DocView) -> tuple[int, int] | None:
    """The character span a source looks at, or None when it is empty."""
    lo, hi = hit.clause if src.extent == "clause" else hit.sentence
    if src.scope == "before":
        a, b = lo, hit.start
        if src.bounded:
            a = max(a, hit.prev_trigger_end)
    elif src.scope == "after":
        a, b = hit.end, hi
        if src.bounded:
            b = min(b, hit.next_trigger_start)
    elif src.scope in ("covering", "trigger"):
        a, b = hit.start, hit.end
    elif src.scope == "report":
        a, b = 0, len(doc.text)
    else:  # around
        a, b = lo, hi
    return _narrow_by_markers(src, doc.text, a, b)


def _narrow_by_markers(src: _SourceBase, text: str, a: int, b: int) -> tuple[int, int] | None:
    found = not (src.after_marker or src.before_marker)
    if src.after_marker:
        best = -1
        for m in src.after_marker:
            pos = text.rfind(m, a, b)
            if pos >= 0:
                best = max(best, pos + len(m))
        if best >= 0:
            a, found = best, True
    if src.before_marker:
        best = b + 1
        for m in src.before_marker:
            pos = text.find(m, a, b)
            if pos >= 0:
                best = min(best, pos)
        if best <= b:
            b, found = best, True
    if src.marker_required and not found:
        return None
    return (a, b) if b > a else None


# --- picking ------------------------------------------------------------------------------

Cand = tuple[int, int, str, Any]  # start, end, text, value


def _series(src: _SourceBase, cands: list[Cand], clause_end: int, text: str) -> list[Cand]:
    """The first candidate inside the clause, then the results listed after it."""
    first = next((c for c in cands if c[1] <= clause_end), None)
    if first is None:
        return []
    out = [first]
    for c in cands[cands.index(first) + 1:]:
        gap = text[out[-1][1]:c[0]]
        if not _series_gap_ok(src, gap):
            break
        out.append(c)
    return out


def _series_gap_ok(src: _SourceBase, gap: str) -> bool:
    """A gap between two listed results: it starts with a connector (or, for counts written
    first, with the previous result's object, free of numbers, then a connector)."""
    if not gap or len(gap) > src.series_gap or any(ch in "。！？!?" for ch in gap):
        return False
    if gap[0] in src.connectors:
        return True
    if not src.series_objects_after:
        return False
    cut = next((i for i, ch in enumerate(gap) if ch in src.connectors), None)
    return cut is not None and not _NUMERAL.search(gap[:cut])


def _pick(src: _SourceBase, cands: list[Cand], a: int, b: int, text: str,
          clause_end: int | None = None) -> list[Cand]:
    cands = sorted(cands, key=lambda c: (c[0], c[1]))
    if not cands:
        return []
    if src.pick == "series":
        return _series(src, cands, b if clause_end is None else clause_end, text)
    toward_end = src.scope == "before"  # the trigger sits at the end of a `before` scope
    near = cands
    if src.max_gap is not None:
        if toward_end:
            near = [c for c in cands if b - c[1] <= src.max_gap]
        elif src.scope == "after":
            near = [c for c in cands if c[0] - a <= src.max_gap]
        if not near:
            return []
    if src.pick == "all":
        return near
    if src.pick == "first":
        return near[:1]
    if src.pick == "last":
        return near[-1:]
    nearest = near[-1] if toward_end else near[0]
    if src.pick == "nearest":
        return [nearest]
    # A chain starts within the gap and goes on through connectors, however far.
    return _chain(src, cands, nearest, toward_end, text)


def _chain(src: _SourceBase, cands: list[Cand], first: Cand, backwards: bool, text: str) -> list[Cand]:
    """`first` plus the candidates that follow it separated only by connector characters."""
    out = [first]
    ordered = cands[::-1] if backwards else cands
    idx = ordered.index(first)
    for c in ordered[idx + 1:]:
        prev = out[-1]
        gap = text[c[1]:prev[0]] if backwards else text[prev[1]:c[0]]
        if gap and all(ch in src.connectors for ch in gap):
            out.append(c)
        else:
            break
    return sorted(out)


# --- candidates ---------------------------------------------------------------------------


def _attrs_ok(src: EntitySource | ReportSource, ent: Ent) -> bool:
    if src.reject is not None and rx(src.reject).search(ent.norm or ent.text):
        return False
    for key, allowed in src.attrs.items():
        got = ent.attrs.get(key)
        if got is not None and got not in allowed:
            return False
    return True


def _preceded_ok(src: EntitySource | QuantitySource, text: str, a: int, start: int) -> bool:
    before = text[a:start]
    if src.not_preceded_by is not None and rx_at_end(src.not_preceded_by).search(before):
        return False
    if src.preceded_by is None:
        return True
    return rx_at_end(src.preceded_by).search(before) is not None


def _entity_value(ent: Ent, doc: DocView) -> Any:
    if ent.label == "DATE":
        return doc.date(ent.text, ent.start) or strip_value(ent.text, doc.engine)
    return ent.norm or strip_value(ent.text, doc.engine)


def _entities(src: EntitySource, hit: HitContext, doc: DocView, a: int, b: int) -> list[Cand]:
    out: list[Cand] = []
    # covering: entities overlapping the trigger, which may start before it
    ents = doc.ents_overlapping(hit.start, hit.end) if src.scope == "covering" \
        else doc.ents_starting_in(a, b)
    for e in ents:
        if e.label not in src.labels or not _attrs_ok(src, e):
            continue
        if src.scope == "covering":
            inside = e.start < hit.end and hit.start < e.end
        else:
            inside = a <= e.start and e.end <= b
        if inside and _preceded_ok(src, doc.text, a, e.start) and _followed_ok(src, doc, e) \
                and _breaks_ok(src, doc, e.end, hit.start):
            out.append((e.start, e.end, e.text, _entity_value(e, doc)))
    return out


def _breaks_ok(src: EntitySource, doc: DocView, start: int, end: int) -> bool:
    """No more than `max_breaks` clause breaks in text[start:end] (before the trigger)."""
    if src.max_breaks is None:
        return True
    breaks = doc.engine.clause_breaks
    return sum(doc.text.count(ch, start, end) for ch in breaks) <= src.max_breaks


def _followed_ok(src: EntitySource, doc: DocView, e: Ent) -> bool:
    # Looks a clause's length ahead only: what modifies the entity follows it closely.
    if src.not_followed_by is None:
        return True
    return rx(f"(?:{src.not_followed_by})").match(doc.text[e.end : e.end + 20]) is None


def _unit_ok(src: QuantitySource, q: Quantity, doc: DocView) -> bool:
    if not src.units:
        return True
    body = q.text
    for suffix in doc.engine.quantity_suffixes:
        if body.endswith(suffix):
            body = body[: -len(suffix)]
            break
    return any(body.endswith(u) for u in src.units)


def _quantities(src: QuantitySource, doc: DocView, a: int, b: int) -> list[Cand]:
    out: list[Cand] = []
    for q in doc.quantities_starting_in(a, b):
        if q.kind not in src.kinds or not (a <= q.start and q.end <= b):
            continue
        if _unit_ok(src, q, doc) and _preceded_ok(src, doc.text, a, q.start):
            out.append((q.start, q.end, q.text, q.value))
    return out


def _overlaps_label(doc: DocView, labels: list[str], s: int, e: int) -> bool:
    return any(x.label in labels and x.start < e and s < x.end
               for x in doc.ents_overlapping(s, e))


def _patterns(src: PatternSource, doc: DocView, a: int, b: int) -> list[Cand]:
    out: list[Cand] = []
    for m in rx(src.regex).finditer(doc.text[a:b]):
        s, e = m.span("arg")
        if e <= s:
            continue
        s, e = a + s, a + e
        if src.exclude_labels and _overlaps_label(doc, src.exclude_labels, s, e):
            continue
        out.append((s, e, doc.text[s:e], None))
    return out


def _phrase(src: PhraseSource, doc: DocView, a: int, b: int,
            filled: dict[str, list[Arg]]) -> list[Cand]:
    if src.until_role and src.per_filler:
        out: list[Cand] = []
        lo = a
        for x in sorted(filled.get(src.until_role, []), key=lambda x: x.start):
            if not a <= x.start <= b:
                continue
            found = _phrase_in(src, doc, lo, x.start)[:1]
            if not found and src.object_after and _bare_before(src, doc.text[lo:x.start]):
                found = _object_after(src.object_after, doc, x.end, b)
            out += found
            lo = x.end
        return out
    if src.until_role:
        stops = [x.start for x in filled.get(src.until_role, []) if a <= x.start <= b]
        if not stops:
            return []
        b = min(stops)
    return _phrase_in(src, doc, a, b)


_BREAKS = re.compile(r"[，,；;、]")


def _bare_before(src: PhraseSource, gap: str) -> bool:
    """Nothing but `object_after_if` words before a filler in its clause part."""
    tail = _BREAKS.split(gap)[-1]
    return rx(src.object_after_if).match(tail) is not None


def _object_after(regex: str, doc: DocView, start: int, b: int) -> list[Cand]:
    """The object written right after a filler (`10起<醉酒驾车>`), or nothing."""
    m = rx(regex).match(doc.text[start:b])  # a slice: `^` and `$` are its ends
    if m is None or m.end("arg") <= m.start("arg"):
        return []
    s, e = start + m.start("arg"), start + m.end("arg")
    return [(s, e, doc.text[s:e], None)]


def _phrase_in(src: PhraseSource, doc: DocView, a: int, b: int) -> list[Cand]:
    """The phrase of text[a:b]: the run nearest the trigger once blockers are cut out."""
    blocked = [False] * (b - a)
    for pat in src.blockers:
        for m in rx(pat).finditer(doc.text[a:b]):
            for i in range(m.start(), m.end()):
                blocked[i] = True
    for e in doc.ents_overlapping(a, b):
        if e.label in src.blocker_labels and e.start < b and a < e.end:
            for i in range(max(e.start, a), min(e.end, b)):
                blocked[i - a] = True
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(blocked):
        if blocked[i]:
            i += 1
            continue
        j = i
        while j < len(blocked) and not blocked[j]:
            j += 1
        runs.append((a + i, a + j))
        i = j
    if not runs:
        return []
    s, e = runs[-1] if src.scope == "before" else runs[0]
    s, e = _trim(src, doc.text, s, e)
    if e - s < src.min_chars or e - s > src.max_chars:
        return []
    if src.reject and rx(src.reject).search(doc.text[s:e]):
        return []
    return [(s, e, doc.text[s:e], None)]


def _trim(src: PhraseSource, text: str, s: int, e: int) -> tuple[int, int]:
    if src.strip_prefix:
        m = rx(src.strip_prefix).match(text[s:e])
        if m:
            s += m.end()
    if src.strip_suffix:
        m = rx_at_end(src.strip_suffix).search(text[s:e])
        if m and m.start() > 0:
            e = s + m.start()
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _report(src: ReportSource, hit: HitContext, doc: DocView) -> list[Cand]:
    """The report's most frequent entity of the labels (ties: earliest), at the mention
    nearest before the trigger, else its first mention."""
    ents, mentions = _report_mentions(src, doc)
    if not ents:
        return []
    if src.prefer == "nearest":
        # The unit the report spoke of last before the trigger, else its first unit.
        mentions = ents
    # the last mention ending before the trigger (entities do not overlap: their ends
    # are sorted like their starts), by bisection rather than a scan per trigger
    before = bisect_right(mentions, hit.start, key=lambda m: m.end)
    e = mentions[before - 1] if before else mentions[0]
    return [(e.start, e.end, e.text, _entity_value(e, doc))]


def _most_frequent(ents: list[Ent]) -> list[Ent]:
    """The mentions of the most frequent norm among `ents` (ties: the earliest named)."""
    freq = Counter(e.norm for e in ents)
    first_pos: dict[str, int] = {}
    for e in ents:
        first_pos.setdefault(e.norm, e.start)
    best = min(freq, key=lambda n: (-freq[n], first_pos[n]))
    return [e for e in ents if e.norm == best]


def _report_mentions(src: ReportSource, doc: DocView) -> tuple[list[Ent], list[Ent]]:
    """The source's entities in the report and the mentions of the most frequent one: the
    same for every trigger of the report, so found once."""
    cache = doc._report_choice
    if id(src) not in cache:
        ents = [e for e in doc.ents if e.label in src.labels and _attrs_ok(src, e)]
        cache[id(src)] = (ents, _most_frequent(ents) if ents else [])
    return cache[id(src)]


# --- values -------------------------------------------------------------------------------


def _convert(src: _SourceBase, text: str, value: Any, doc: DocView, start: int) -> Any:
    if src.value == "auto":
        return value if value is not None else strip_value(text, doc.engine)
    if src.value == "text":
        return strip_value(text, doc.engine)
    parsers = {
        "date": lambda t: doc.date(t, start),
        "count": lambda t: parse_count(t, doc.values),
        "money": lambda t: parse_money(t, doc.values),
        "percent": lambda t: parse_percent(t, doc.values),
        "days": lambda t: parse_days(t, doc.values),
    }
    parsed = parsers[src.value](text)
    return parsed if parsed is not None else strip_value(text, doc.engine)


def fill(role: str, src: Source, hit: HitContext, doc: DocView,
         filled: dict[str, list[Arg]], rule: str = "") -> list[Arg]:
    """The arguments one source gives for `role` around `hit` (empty if none); each
    records `rule`, the id of the source that made it."""
    if isinstance(src, TriggerMapSource):
        value = src.map.get(hit.word)
        if value is None:
            return []
        return [Arg(role, hit.start, hit.start + len(hit.word), hit.word, value, rule)]
    if isinstance(src, ReportSource):
        return [Arg(role, s, e, t, v, rule) for s, e, t, v in _report(src, hit, doc)]
    if src.only_triggers and hit.word not in src.only_triggers:
        return []
    span = scope_span(src, hit, doc)
    if span is None:
        return []
    a, b = span
    cands = _candidates(src, hit, doc, a, b, filled)
    picked = _pick(src, cands, a, b, doc.text, hit.clause[1])
    return [Arg(role, s, e, t, _convert(src, t, v, doc, s), rule) for s, e, t, v in picked]


def _candidates(src: Scoped, hit: HitContext, doc: DocView, a: int, b: int,
                filled: dict[str, list[Arg]]) -> list[Cand]:
    if isinstance(src, EntitySource):
        return _entities(src, hit, doc, a, b)
    if isinstance(src, QuantitySource):
        return _quantities(src, doc, a, b)
    if isinstance(src, PatternSource):
        return _patterns(src, doc, a, b)
    return _phrase(src, doc, a, b, filled)
