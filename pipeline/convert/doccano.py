"""doccano JSONL (sequence labeling with relations) <-> our records.

One line per report: `text`, `entities` (`id`, `label`, `start_offset`, `end_offset`),
`relations` (`id`, `from_id`, `to_id`, `type`) as doccano imports and exports them, and the
report's other fields as metadata: `report` (id, title, bylines, …), `report_keys` (their
order) and `bulletin.spans` (what doccano cannot show on a span: an entity's norm, attrs,
rule and score, an argument's normalized value, an event's other keys), keyed by
`label:start:end` because doccano renumbers span ids when it exports.

Span labels: an entity label (`UNIT` …), an event type for a trigger (`SOLVE_CASES` …; one
span per event), or a role for an argument (`agent`, `count` …; one span per argument).
A relation trigger -> argument, typed with the role, puts the argument in the event. The
doccano project needs "Allow overlapping spans" and "Use relation labeling" on, since an
argument span often covers an entity span. Spans added in doccano get a default norm and
their own text as value.
"""

from __future__ import annotations

import json
from typing import Any, get_args

from ..events.spec import EVENT_ROLES
from ..records.model import Entity
from .common import ConvertError, default_norm, rebuild_record, report_data

ENTITY_LABELS = frozenset(get_args(Entity.model_fields["label"].annotation))
EVENT_TYPES = frozenset(EVENT_ROLES)


def span_key(label: str, start: int, end: int) -> str:
    """What ties a span to its extras: doccano renumbers span ids on export, so extras are
    keyed by label and offsets (spans with equal keys take theirs in order)."""
    return f"{label}:{start}:{end}"


def record_to_line(record: dict[str, Any]) -> dict[str, Any]:
    text = record["text"]
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    extras: dict[str, list[dict[str, Any]]] = {}

    def add_span(label: str, item: dict[str, Any], extra: dict[str, Any]) -> int:
        spans.append({"id": len(spans) + 1, "label": label, "start_offset": item["start"],
                      "end_offset": item["end"]})
        extras.setdefault(span_key(label, item["start"], item["end"]), []).append(extra)
        return len(spans)

    for entity in record.get("entities") or []:
        # everything a span cannot say; `text` only when it is not text[start:end]
        extra = {k: v for k, v in entity.items() if k not in ("label", "start", "end", "text")}
        if entity["text"] != text[entity["start"]:entity["end"]]:
            extra["text"] = entity["text"]
        add_span(entity["label"], entity, extra)
    for event in record.get("events") or []:
        trigger_extra = {k: v for k, v in event["trigger"].items() if k not in ("start", "end")}
        event_extra = {k: v for k, v in event.items() if k not in ("type", "trigger", "arguments")}
        tid = add_span(event["type"], event["trigger"], {"trigger": trigger_extra, **event_extra})
        for argument in event.get("arguments") or []:
            extra = {k: v for k, v in argument.items() if k not in ("role", "start", "end")}
            aid = add_span(argument["role"], argument, extra)
            relations.append({"id": len(relations) + 1, "from_id": tid, "to_id": aid,
                              "type": argument["role"]})
    data = report_data(record)
    return {
        "text": text,
        "entities": spans,
        "relations": relations,
        "report": {k: v for k, v in data.items() if k != "text"},
        "report_keys": list(data),
        "bulletin": {"spans": extras},
    }


def line_to_record(line: dict[str, Any], number: int = 0) -> dict[str, Any]:
    text = line.get("text")
    if not isinstance(text, str):
        raise ConvertError(f"line {number}: no text")
    report = line.get("report") or {}
    keys = line.get("report_keys") or ["text", *report]
    data = {k: (text if k == "text" else report[k]) for k in keys if k == "text" or k in report}
    where = f"line {number} ({report.get('id', '?')})"
    spans = {s["id"]: s for s in _spans(line, where)}
    extras = _extras_by_span(spans, (line.get("bulletin") or {}).get("spans") or {})
    entities = [_entity(span, text, extras[sid]) for sid, span in spans.items()
                if span["label"] in ENTITY_LABELS]
    events = _events(line, spans, text, extras, where)
    return rebuild_record(data, entities, events)


def _extras_by_span(
    spans: dict[int, dict[str, Any]], stored: dict[str, list[dict[str, Any]]]
) -> dict[int, dict[str, Any] | None]:
    """Each span's stored extras, handed out in order among spans with the same key."""
    taken: dict[str, int] = {}
    out: dict[int, dict[str, Any] | None] = {}
    for sid, span in spans.items():
        key = span_key(span["label"], span["start_offset"], span["end_offset"])
        n = taken.get(key, 0)
        taken[key] = n + 1
        options = stored.get(key) or []
        out[sid] = options[n] if n < len(options) else None
    return out


def _spans(line: dict[str, Any], where: str) -> list[dict[str, Any]]:
    spans = line.get("entities")
    if spans is None and isinstance(line.get("label"), list):  # doccano's plain NER shape
        spans = [{"id": n, "label": lab, "start_offset": s, "end_offset": e}
                 for n, (s, e, lab) in enumerate(line["label"], 1)]
    for span in spans or []:
        if not {"id", "label", "start_offset", "end_offset"} <= set(span):
            raise ConvertError(f"{where}: span {span} lacks id/label/start_offset/end_offset")
    return spans or []


def _entity(span: dict[str, Any], text: str, extra: dict[str, Any] | None) -> dict[str, Any]:
    start, end = span["start_offset"], span["end_offset"]
    entity = {"label": span["label"], "start": start, "end": end, "text": text[start:end]}
    if extra is None:
        extra = {"norm": default_norm(entity["text"])}
    return entity | extra


def _events(
    line: dict[str, Any], spans: dict[int, dict[str, Any]], text: str,
    extras: dict[int, dict[str, Any] | None], where: str,
) -> list[dict[str, Any]]:
    members: dict[int, list[int]] = {}
    for relation in line.get("relations") or []:
        members.setdefault(relation["from_id"], []).append(relation["to_id"])
    order = list(spans)
    out = []
    for sid, span in spans.items():
        if span["label"] not in EVENT_TYPES:
            continue
        start, end = span["start_offset"], span["end_offset"]
        info = dict(extras[sid] or {})
        trigger = {"start": start, "end": end} | (info.pop("trigger", None) or
                                                  {"text": text[start:end]})
        arguments = []
        for aid in sorted(set(members.get(sid, [])), key=order.index):
            if aid not in spans or spans[aid]["label"] in ENTITY_LABELS | EVENT_TYPES:
                raise ConvertError(f"{where}: relation from {sid} to {aid}: not an argument span")
            arg = spans[aid]
            a_start, a_end = arg["start_offset"], arg["end_offset"]
            default = {"text": text[a_start:a_end], "value": text[a_start:a_end]}
            arguments.append({"role": arg["label"], "start": a_start, "end": a_end}
                             | (extras[aid] or default))
        out.append({"type": span["label"], "trigger": trigger, "arguments": arguments} | info)
    return out


def dumps_lines(lines: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
