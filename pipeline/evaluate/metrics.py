"""Scoring pipeline records against gold (SCHEMA §6).

Readings of the schema that this module commits to (also listed in `EvalResult.notes`):

* Entities are scored three ways, always within one report and one label:
  - strict: same start and end; one-to-one, so a duplicated prediction is a false alarm;
  - lenient: overlapping spans, one-to-one, greedy by largest overlap then earliest position;
  - mention-set: per report, the *set* of (label, norm) pairs, where norm is the entity's
    `norm` field if present, else its text with whitespace and quote marks removed.
* Triggers: same event type and overlapping trigger spans, one-to-one greedy as above.
* Arguments (DuEE argument level): an argument is (report, event type, role, value) and is
  matched within the same report, type and role regardless of which event holds it. If both
  sides carry a non-string normalized value, the values decide: numbers numerically
  (tolerance 1e-6); count dicts by `n` only, so an `approx`/`unit` difference does not fail
  the argument. Otherwise (a string or missing value on either side) the argument matches if
  the spans overlap or the stripped strings (value if a string, else text) are equal. A
  second variant, `arguments_strict_value`, requires whole dicts to be equal.
* Reports are matched by `id`; gold-only reports count every item as a miss, pred-only
  reports every item as a false alarm.
* Undefined precision or recall is 0.0 (and F1 then 0.0); raw tp/fp/fn are always reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluate.io import (
    EvalInputError,
    Located,
    index_by_id,
    list_field,
    locate,
    read_jsonl,
    required_str,
)
from pipeline.evaluate.matching import (
    Span,
    count_exact,
    greedy_match,
    is_number,
    is_structured,
    overlap,
    overlap_key,
    strip_text,
    values_equal_lenient,
    values_equal_strict,
)

from ..schema import CORE_LABELS, EVENT_TYPES, SUPPORT_LABELS

ENTITY_MODES: tuple[str, ...] = ("strict", "lenient", "mention_set")
MAX_WARNING_MESSAGES = 50

NOTES: dict[str, str] = {
    "entities.strict": "same label and same start/end; one-to-one (duplicates are false alarms)",
    "entities.lenient": "same label, overlapping spans; one-to-one greedy by overlap size, then position",
    "entities.mention_set": "per report, set of (label, norm); norm = `norm` field, else text "
    "without whitespace and quote marks",
    "triggers": "same event type and overlapping trigger span; one-to-one greedy",
    "arguments": "within report+type+role, any event; non-string values on both sides must be "
    "equal (numbers with tol 1e-6, count dicts by `n` only: approx/unit ignored); otherwise "
    "span overlap or equal stripped strings; one-to-one greedy",
    "arguments_strict_value": "as `arguments`, but dict values must be equal as a whole",
    "trigger_sets": "per report, set of (type, trigger text without whitespace and quotes); "
    "offsets ignored, so a report whose text differs from gold still scores",
    "argument_sets": "per report, set of (type, role, normalized value): numbers and count "
    "dicts by magnitude, strings (or the text when there is no value) without whitespace "
    "and quotes; offsets ignored",
    "zero_division": "undefined P or R is 0.0 and then F1 is 0.0; raw tp/fp/fn are kept",
}


@dataclass
class Counts:
    """True positives, false alarms and misses of one cell of a table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, n_gold: int, n_pred: int, matched: int) -> None:
        self.tp += matched
        self.fp += n_pred - matched
        self.fn += n_gold - matched

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def support(self) -> int:
        """Number of gold items."""
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "support": self.support,
        }


def micro(cells: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in cells:
        total += c
    return total


def ordered_keys(keys: Iterable[str], preferred: tuple[str, ...]) -> list[str]:
    """Schema order first, then any other keys alphabetically (stable output)."""
    keys = set(keys)
    return [k for k in preferred if k in keys] + sorted(keys - set(preferred))


@dataclass
class EvalResult:
    """All counts of one evaluation; P/R/F1 are derived on demand."""

    matched_reports: list[str] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)  # in gold only
    extra_reports: list[str] = field(default_factory=list)  # in pred only
    # mode -> label -> counts
    entities: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {m: defaultdict(Counts) for m in ENTITY_MODES}
    )
    triggers: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    # variant ("arguments" | "arguments_strict_value") -> (type, role) -> counts
    arguments: dict[str, dict[tuple[str, str], Counts]] = field(
        default_factory=lambda: {
            "arguments": defaultdict(Counts),
            "arguments_strict_value": defaultdict(Counts),
        }
    )
    # SCHEMA §6 set figures: type -> counts, (type, role) -> counts
    trigger_sets: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    argument_sets: dict[tuple[str, str], Counts] = field(
        default_factory=lambda: defaultdict(Counts)
    )
    warnings: list[str] = field(default_factory=list)

    # --- aggregates ---------------------------------------------------------------------

    def entity_labels(self) -> list[str]:
        keys = {k for mode in self.entities.values() for k in mode}
        return ordered_keys(keys, CORE_LABELS + SUPPORT_LABELS)

    def entity_micro(self, mode: str, core_only: bool = False) -> Counts:
        cells = self.entities[mode]
        return micro(c for label, c in cells.items() if not core_only or label in CORE_LABELS)

    def event_types(self) -> list[str]:
        keys = set(self.triggers) | {t for v in self.arguments.values() for t, _ in v}
        keys |= set(self.trigger_sets) | {t for t, _ in self.argument_sets}
        return ordered_keys(keys, EVENT_TYPES)

    def trigger_micro(self) -> Counts:
        return micro(self.triggers.values())

    def argument_type(self, event_type: str, variant: str = "arguments") -> Counts:
        return micro(c for (t, _), c in self.arguments[variant].items() if t == event_type)

    def argument_micro(self, variant: str = "arguments") -> Counts:
        return micro(self.arguments[variant].values())

    def trigger_set_micro(self) -> Counts:
        return micro(self.trigger_sets.values())

    def argument_set_type(self, event_type: str) -> Counts:
        return micro(c for (t, _), c in self.argument_sets.items() if t == event_type)

    def argument_set_micro(self) -> Counts:
        return micro(self.argument_sets.values())

    def headline(self) -> dict[str, float]:
        return {
            "core_strict_f1": round(self.entity_micro("strict", core_only=True).f1, 4),
            "core_lenient_f1": round(self.entity_micro("lenient", core_only=True).f1, 4),
            "core_mention_set_f1": round(self.entity_micro("mention_set", core_only=True).f1, 4),
            "all_strict_f1": round(self.entity_micro("strict").f1, 4),
            "all_lenient_f1": round(self.entity_micro("lenient").f1, 4),
            "all_mention_set_f1": round(self.entity_micro("mention_set").f1, 4),
            "trigger_f1": round(self.trigger_micro().f1, 4),
            "argument_f1": round(self.argument_micro().f1, 4),
            "argument_strict_value_f1": round(self.argument_micro("arguments_strict_value").f1, 4),
            "trigger_set_f1": round(self.trigger_set_micro().f1, 4),
            "argument_set_f1": round(self.argument_set_micro().f1, 4),
        }

    # --- JSON ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, stable key order, ratios rounded to 4 decimals."""
        labels = self.entity_labels()
        types = self.event_types()
        entities = {
            mode: {
                "per_label": {lb: self.entities[mode].get(lb, Counts()).to_dict() for lb in labels},
                "micro_core": self.entity_micro(mode, core_only=True).to_dict(),
                "micro_all": self.entity_micro(mode).to_dict(),
            }
            for mode in ENTITY_MODES
        }
        out: dict[str, Any] = {
            "reports": {
                "matched": len(self.matched_reports),
                "missing": len(self.missing_reports),
                "extra": len(self.extra_reports),
                "missing_ids": sorted(self.missing_reports),
                "extra_ids": sorted(self.extra_reports),
            },
            "entities": entities,
            "triggers": {
                "per_type": {t: self.triggers.get(t, Counts()).to_dict() for t in types},
                "micro": self.trigger_micro().to_dict(),
            },
        }
        for variant, cells in self.arguments.items():
            per_type: dict[str, Any] = {}
            for t in types:
                roles = sorted(r for tt, r in cells if tt == t)
                per_type[t] = {
                    **self.argument_type(t, variant).to_dict(),
                    "roles": {r: cells[(t, r)].to_dict() for r in roles},
                }
            out[variant] = {"per_type": per_type, "micro": self.argument_micro(variant).to_dict()}
        out["trigger_sets"] = {
            "per_type": {t: self.trigger_sets.get(t, Counts()).to_dict() for t in types},
            "micro": self.trigger_set_micro().to_dict(),
        }
        out["argument_sets"] = {
            "per_type": {
                t: {
                    **self.argument_set_type(t).to_dict(),
                    "roles": {
                        r: self.argument_sets[(tt, r)].to_dict()
                        for tt, r in sorted(self.argument_sets) if tt == t
                    },
                }
                for t in types
            },
            "micro": self.argument_set_micro().to_dict(),
        }
        out["warnings"] = {
            "count": len(self.warnings),
            "messages": self.warnings[:MAX_WARNING_MESSAGES],
        }
        out["notes"] = dict(NOTES)
        out["headline"] = self.headline()
        return out


# --- extraction of comparable items from one record ------------------------------------


@dataclass(frozen=True)
class Mention:
    label: str
    span: Span | None
    norm: str


@dataclass(frozen=True)
class Trigger:
    type: str
    span: Span | None
    text: str = ""  # stripped trigger text, for the set figures


@dataclass(frozen=True)
class Argument:
    type: str
    role: str
    span: Span | None
    value: Any
    string: str | None  # stripped string form, for string comparison


def _span(obj: dict[str, Any], text: Any, where: str, what: str, warn: list[str]) -> Span | None:
    """Offsets of an item, or None (with a warning) when they do not slice the report text."""
    start, end = obj.get("start"), obj.get("end")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) \
            or isinstance(end, bool) or not 0 <= start <= end:
        warn.append(f"{where}: {what} has no valid start/end ({start!r}, {end!r})")
        return None
    if isinstance(text, str):
        if end > len(text):
            warn.append(f"{where}: {what} [{start},{end}) beyond text length {len(text)}")
            return None
        surface = obj.get("text")
        if isinstance(surface, str) and text[start:end] != surface:
            # Keep the offsets: they may still overlap; the text is what disagrees.
            warn.append(
                f"{where}: {what} [{start},{end}) slices {text[start:end]!r}, not {surface!r}"
            )
    return (start, end)


def _mentions(item: Located, warn: list[str]) -> list[Mention]:
    text = item.record.get("text")
    out: list[Mention] = []
    for i, ent in enumerate(list_field(item, "entities")):
        label = required_str(ent, "label", item.where)
        span = _span(ent, text, item.where, f"entity #{i + 1} ({label})", warn)
        norm = ent.get("norm")
        if not isinstance(norm, str):
            surface = ent.get("text")
            if isinstance(surface, str):
                norm = strip_text(surface)
            elif span is not None and isinstance(text, str):
                norm = strip_text(text[span[0]:span[1]])
            else:
                norm = ""
        out.append(Mention(label, span, norm))
    return out


def _events(item: Located, warn: list[str]) -> tuple[list[Trigger], list[Argument]]:
    text = item.record.get("text")
    triggers: list[Trigger] = []
    args: list[Argument] = []
    for i, ev in enumerate(list_field(item, "events")):
        etype = required_str(ev, "type", item.where)
        trig = ev.get("trigger")
        what = f"event #{i + 1} ({etype}) trigger"
        if isinstance(trig, dict):
            surface = trig.get("text")
            if not isinstance(surface, str) and isinstance(text, str):
                span = _span(trig, text, item.where, what, [])
                surface = text[span[0]:span[1]] if span else ""
            triggers.append(Trigger(etype, _span(trig, text, item.where, what, warn),
                                    strip_text(surface) if isinstance(surface, str) else ""))
        else:
            warn.append(f"{item.where}: {what} missing")
            triggers.append(Trigger(etype, None))
        raw_args = ev.get("arguments") or []
        if not isinstance(raw_args, list) or not all(isinstance(a, dict) for a in raw_args):
            raise EvalInputError(f"{item.where}: event #{i + 1} `arguments` must be a list of objects")
        for arg in raw_args:
            role = required_str(arg, "role", item.where)
            span = _span(arg, text, item.where, f"event #{i + 1} ({etype}) argument {role}", warn)
            value = arg.get("value")
            surface = value if isinstance(value, str) else arg.get("text")
            string = strip_text(surface) if isinstance(surface, str) else None
            args.append(Argument(etype, role, span, value, string or None))
    return triggers, args


# --- pairwise scores (None = may not match; smaller key = better) ------------------------


def _mention_key(g: Mention, p: Mention) -> tuple[Any, ...] | None:
    return overlap_key(g.span, p.span)


def _trigger_key(g: Trigger, p: Trigger) -> tuple[Any, ...] | None:
    return overlap_key(g.span, p.span)


def _argument_key(strict_value: bool) -> Callable[[Argument, Argument], tuple[Any, ...] | None]:
    same = values_equal_strict if strict_value else values_equal_lenient

    def key(g: Argument, p: Argument) -> tuple[Any, ...] | None:
        if is_structured(g.value) and is_structured(p.value):
            ok = same(g.value, p.value)
        else:
            ok = overlap(g.span, p.span) > 0 or (g.string is not None and g.string == p.string)
        if not ok:
            return None
        # Prefer the pair whose spans agree most, then earliest position.
        gpos = g.span[0] if g.span else -1
        ppos = p.span[0] if p.span else -1
        return (-overlap(g.span, p.span), gpos, ppos)

    return key


def _group(items: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for it in items:
        groups[key(it)].append(it)
    return groups


# --- scoring one report -----------------------------------------------------------------


def _score_entities(result: EvalResult, gold: list[Mention], pred: list[Mention]) -> None:
    g_by, p_by = _group(gold, lambda m: m.label), _group(pred, lambda m: m.label)
    for label in set(g_by) | set(p_by):
        gl, pl = g_by.get(label, []), p_by.get(label, [])
        strict = count_exact([m.span for m in gl if m.span], [m.span for m in pl if m.span])
        result.entities["strict"][label].add(len(gl), len(pl), strict)
        lenient = len(greedy_match(gl, pl, _mention_key))
        result.entities["lenient"][label].add(len(gl), len(pl), lenient)
        gs, ps = {m.norm for m in gl}, {m.norm for m in pl}
        result.entities["mention_set"][label].add(len(gs), len(ps), len(gs & ps))


def _score_events(
    result: EvalResult,
    gold: tuple[list[Trigger], list[Argument]],
    pred: tuple[list[Trigger], list[Argument]],
) -> None:
    g_by, p_by = _group(gold[0], lambda t: t.type), _group(pred[0], lambda t: t.type)
    for etype in set(g_by) | set(p_by):
        gl, pl = g_by.get(etype, []), p_by.get(etype, [])
        result.triggers[etype].add(len(gl), len(pl), len(greedy_match(gl, pl, _trigger_key)))
    ga_by = _group(gold[1], lambda a: (a.type, a.role))
    pa_by = _group(pred[1], lambda a: (a.type, a.role))
    for variant, strict_value in (("arguments", False), ("arguments_strict_value", True)):
        key = _argument_key(strict_value)
        for tr in set(ga_by) | set(pa_by):
            gl, pl = ga_by.get(tr, []), pa_by.get(tr, [])
            result.arguments[variant][tr].add(len(gl), len(pl), len(greedy_match(gl, pl, key)))


def value_key(arg: Argument) -> tuple[str, Any] | None:
    """The set form of an argument's normalized value: a magnitude for numbers and count
    dicts (as the offset-based metric compares them), else the stripped string."""
    value = arg.value
    if isinstance(value, dict) and is_number(value.get("n")):
        return ("n", round(float(value["n"]), 6))
    if is_number(value):
        return ("n", round(float(value), 6))
    if is_structured(value):
        return ("v", repr(value))
    return ("s", arg.string) if arg.string else None


def _score_event_sets(
    result: EvalResult,
    gold: tuple[list[Trigger], list[Argument]],
    pred: tuple[list[Trigger], list[Argument]],
) -> None:
    """SCHEMA §6 set figures of one report (offsets ignored)."""
    g_tr = {(t.type, t.text) for t in gold[0] if t.text}
    p_tr = {(t.type, t.text) for t in pred[0] if t.text}
    for etype in {t for t, _ in g_tr | p_tr}:
        gs = {x for x in g_tr if x[0] == etype}
        ps = {x for x in p_tr if x[0] == etype}
        result.trigger_sets[etype].add(len(gs), len(ps), len(gs & ps))

    def keys(args: list[Argument]) -> set[tuple[str, str, Any]]:
        out = set()
        for a in args:
            k = value_key(a)
            if k is not None:
                out.add((a.type, a.role, k))
        return out

    g_ar, p_ar = keys(gold[1]), keys(pred[1])
    for tr in {(t, r) for t, r, _ in g_ar | p_ar}:
        gs = {x for x in g_ar if x[:2] == tr}
        ps = {x for x in p_ar if x[:2] == tr}
        result.argument_sets[tr].add(len(gs), len(ps), len(gs & ps))


_EMPTY: Located = Located({}, "<absent>")


def _evaluate(gold: list[Located], pred: list[Located]) -> EvalResult:
    g_by, p_by = index_by_id(gold), index_by_id(pred)
    result = EvalResult()
    result.matched_reports = [rid for rid in g_by if rid in p_by]
    result.missing_reports = [rid for rid in g_by if rid not in p_by]
    result.extra_reports = [rid for rid in p_by if rid not in g_by]
    # Gold order first, then pred-only ids: warnings come out in a predictable order.
    for rid in list(g_by) + result.extra_reports:
        g, p = g_by.get(rid, _EMPTY), p_by.get(rid, _EMPTY)
        _score_entities(result, _mentions(g, result.warnings), _mentions(p, result.warnings))
        g_events, p_events = _events(g, result.warnings), _events(p, result.warnings)
        _score_events(result, g_events, p_events)
        _score_event_sets(result, g_events, p_events)
    return result


def evaluate_records(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> EvalResult:
    """Score in-memory records (pure: inputs are not modified)."""
    return _evaluate(locate(gold, "gold"), locate(pred, "pred"))


def evaluate_files(gold_path: str | Path, pred_path: str | Path) -> EvalResult:
    """Score a pipeline JSONL file against a gold JSONL file."""
    return _evaluate(read_jsonl(gold_path), read_jsonl(pred_path))
