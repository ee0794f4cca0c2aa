"""Label Studio task JSON <-> our records (gold or pipeline output).

One task per report. `data` holds the report's fields (`text`, `id`, `title`, …) in their
order; the spans are one result list, for `annotations` (gold) or `predictions` (pipeline
records, with each entity's `score` and its rule as region meta). Controls, as named in
`configs/labelstudio.xml`:

- `entity` (Labels): an entity span; per-region TextAreas `norm` and `attrs`
  (`key=value`, one entry per attribute).
- `trigger` (Labels, the event type): one region per event, so two events with the same
  trigger word stay two events.
- `argument` (Labels, the role): one region per argument; per-region TextArea `value`
  (the normalized value as text, see `common.value_to_text`).
- a relation trigger -> argument (labelled with the role) puts the argument in the event.

Region order is item order, so gold -> Label Studio -> gold gives the same file.
"""

from __future__ import annotations

import json
from typing import Any

from .common import ConvertError, default_norm, rebuild_record, report_data, text_to_value
from .common import value_to_text as _value_text

TO_NAME = "text"
ENTITY_KEYS = ("label", "start", "end", "text", "norm", "attrs", "rule", "score")
ARGUMENT_KEYS = ("role", "start", "end", "text", "value")
EVENT_KEYS = ("type", "trigger", "arguments")


# --- records -> tasks -----------------------------------------------------------------

def records_to_tasks(records: list[dict[str, Any]], kind: str = "auto") -> list[dict[str, Any]]:
    """Tasks for Label Studio's import; `kind` is annotations, predictions or auto."""
    return [record_to_task(record, kind) for record in records]


def record_to_task(record: dict[str, Any], kind: str = "auto") -> dict[str, Any]:
    if kind not in ("auto", "annotations", "predictions"):
        raise ConvertError(f"kind must be auto, annotations or predictions, not {kind!r}")
    if kind == "auto":
        kind = "predictions" if "pipeline" in record else "annotations"
    result = _entity_results(record.get("entities") or [])
    result += _event_results(record.get("events") or [])
    task: dict[str, Any] = {"data": report_data(record)}
    if kind == "predictions":
        info = record.get("pipeline") or {}
        version = " ".join(str(info[k]) for k in ("version", "config_hash") if k in info)
        task["predictions"] = [{"model_version": f"bulletin {version}".strip(), "result": result}]
    else:
        task["annotations"] = [{"result": result}]
    return task


def _region(rid: str, control: str, span: dict[str, Any], label: str) -> dict[str, Any]:
    return {
        "id": rid, "from_name": control, "to_name": TO_NAME, "type": "labels",
        "value": {"start": span["start"], "end": span["end"], "text": span["text"],
                  "labels": [label]},
    }


def _textarea(rid: str, control: str, span: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    return {
        "id": rid, "from_name": control, "to_name": TO_NAME, "type": "textarea",
        "value": {"start": span["start"], "end": span["end"], "text": lines},
    }


def _entity_results(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for n, entity in enumerate(entities, 1):
        rid = f"e{n}"
        region = _region(rid, "entity", entity, entity["label"])
        if entity.get("score") is not None:
            region["score"] = entity["score"]
        meta = _meta(entity, ENTITY_KEYS, keep_none=("rule", "score"))
        if meta:
            region["meta"] = meta
        out.append(region)
        if "norm" in entity:
            out.append(_textarea(rid, "norm", entity, [entity["norm"]]))
        if "attrs" in entity:
            lines = [f"{k}={v}" for k, v in entity["attrs"].items()]
            out.append(_textarea(rid, "attrs", entity, lines))
    return out


def _meta(item: dict[str, Any], known: tuple[str, ...], keep_none: tuple[str, ...] = ()) -> dict:
    """Region meta: the rule as the note Label Studio shows, other keys kept as JSON."""
    meta: dict[str, Any] = {}
    if item.get("rule") is not None:
        meta["text"] = [item["rule"]]
    # keys with a null value or unknown to this encoding travel unchanged
    extra = {k: v for k, v in item.items() if k not in known}
    extra |= {k: None for k in keep_none if k in item and item[k] is None}
    if extra:
        meta["bulletin"] = extra
    return meta


def _event_results(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, relations = [], []
    for n, event in enumerate(events, 1):
        tid = f"t{n}"
        region = _region(tid, "trigger", event["trigger"], event["type"])
        meta = _meta(event, EVENT_KEYS)
        extra_trigger = {
            k: v for k, v in event["trigger"].items() if k not in ("start", "end", "text")
        }
        if extra_trigger:
            meta.setdefault("bulletin", {})["trigger"] = extra_trigger
        if meta:
            region["meta"] = meta
        out.append(region)
        for m, argument in enumerate(event.get("arguments") or [], 1):
            aid = f"t{n}.a{m}"
            arg_region = _region(aid, "argument", argument, argument["role"])
            arg_meta = _meta(argument, ARGUMENT_KEYS)
            if arg_meta:
                arg_region["meta"] = arg_meta
            out.append(arg_region)
            if "value" in argument:
                out.append(_textarea(aid, "value", argument, [_value_text(argument["value"])]))
            relations.append({
                "from_id": tid, "to_id": aid, "type": "relation", "direction": "right",
                "labels": [argument["role"]],
            })
    return out + relations


# --- tasks -> records -----------------------------------------------------------------

def tasks_to_records(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [task_to_record(task, n) for n, task in enumerate(tasks, 1)]


def task_to_record(task: dict[str, Any], number: int = 0) -> dict[str, Any]:
    """The latest kept annotation of a task, else its first prediction, as a record."""
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ConvertError(f"task {number}: no data.text")
    result = _chosen_result(task)
    where = f"task {number} ({data.get('id', '?')})"
    regions = _Regions(where)
    for item in result:
        regions.add(item)
    return rebuild_record(data, regions.entities(), regions.events())


def _chosen_result(task: dict[str, Any]) -> list[dict[str, Any]]:
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if kept:
        return kept[-1].get("result") or []
    predictions = task.get("predictions") or []
    return (predictions[0].get("result") or []) if predictions else []


class _Regions:
    """Collects one task's result items by region id, in their order."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.spans: dict[str, dict[str, Any]] = {}  # id -> {"control", "item", extras}
        self.texts: dict[tuple[str, str], list[str]] = {}
        self.links: list[tuple[str, str]] = []

    def add(self, item: dict[str, Any]) -> None:
        kind = item.get("type")
        if kind == "relation":
            self.links.append((item["from_id"], item["to_id"]))
        elif kind == "labels":
            labels = item["value"].get("labels") or []
            if len(labels) != 1:
                raise ConvertError(f"{self.where}: region {item.get('id')} has labels {labels}")
            self.spans[item["id"]] = item
        elif kind == "textarea":
            self.texts[(item["id"], item["from_name"])] = list(item["value"].get("text") or [])

    def _of(self, control: str) -> list[tuple[str, dict[str, Any]]]:
        return [(rid, it) for rid, it in self.spans.items() if it["from_name"] == control]

    def entities(self) -> list[dict[str, Any]]:
        out = []
        for rid, item in self._of("entity"):
            span = _span(item)
            entity = {"label": item["value"]["labels"][0], **span}
            norm = self.texts.get((rid, "norm"))
            entity["norm"] = norm[0] if norm else default_norm(span["text"])
            attrs = self.texts.get((rid, "attrs"))
            if attrs is not None:
                entity["attrs"] = dict(_attr(line, self.where) for line in attrs if line.strip())
            meta = item.get("meta") or {}
            if meta.get("text"):
                entity["rule"] = meta["text"][0]
            if item.get("score") is not None:
                entity["score"] = item["score"]
            entity |= meta.get("bulletin") or {}
            out.append({k: entity[k] for k in ENTITY_KEYS if k in entity}
                       | {k: v for k, v in entity.items() if k not in ENTITY_KEYS})
        return out

    def events(self) -> list[dict[str, Any]]:
        triggers = self._of("trigger")
        members: dict[str, list[str]] = {rid: [] for rid, _ in triggers}
        for source, target in self.links:
            if source in members and target in self.spans:
                members[source].append(target)
        arg_order = [rid for rid, _ in self._of("argument")]
        out = []
        for rid, item in triggers:
            meta = dict((item.get("meta") or {}).get("bulletin") or {})
            trigger = _span(item) | meta.pop("trigger", {})
            args = sorted(set(members[rid]), key=arg_order.index)
            event = {"type": item["value"]["labels"][0], "trigger": trigger,
                     "arguments": [self._argument(a) for a in args]}
            out.append(event | meta)
        return out

    def _argument(self, rid: str) -> dict[str, Any]:
        item = self.spans[rid]
        if item["from_name"] != "argument":
            raise ConvertError(f"{self.where}: relation to {rid}, which is not an argument")
        argument = {"role": item["value"]["labels"][0], **_span(item)}
        value = self.texts.get((rid, "value"))
        if value is not None:
            argument["value"] = text_to_value(value[0]) if value else None
        return argument | ((item.get("meta") or {}).get("bulletin") or {})


def _span(item: dict[str, Any]) -> dict[str, Any]:
    value = item["value"]
    return {"start": value["start"], "end": value["end"], "text": value["text"]}


def _attr(line: str, where: str) -> tuple[str, str]:
    key, sep, value = line.partition("=")
    if not sep or not key.strip():
        raise ConvertError(f"{where}: attribute {line!r} is not key=value")
    return key.strip(), value


def dumps_tasks(tasks: list[dict[str, Any]]) -> str:
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"
