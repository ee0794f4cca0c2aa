"""Records (JSONL) -> four row sets with typed columns, ready for Arrow.

One row per item; keys join them: `report_id` everywhere, `(report_id, event_idx)` from
arguments to events. The JSON `value` of an argument has mixed types (int, float, string,
`{"n", "approx", "unit"}`), which Arrow cannot hold in one column: it is split into
`value_num`, `value_text`, `approx`, `unit`, `value_date` (+ precision) and `value_kind`, and
the exact JSON is kept in `value_json` so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..configfile import load_model
from ..paths import project_root
from ..segment.sentences import SentenceSettings, sentence_spans

TABLE_NAMES = ("reports", "entities", "events", "arguments")

# ISO 8601 as the value normalizer writes it: YYYY, YYYY-MM or YYYY-MM-DD
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file; a bad line stops with its line number."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not a JSON line: {err.msg}") from None


def sentence_settings() -> SentenceSettings:
    """The pipeline's own sentence boundaries (`configs/sentences.yaml`), so the sentence
    shown with an event is the one the event was read from."""
    return load_model(project_root() / "configs" / "sentences.yaml", SentenceSettings)


def sentence_of(spans: list[tuple[int, int]], offset: int | None) -> tuple[int, int] | None:
    if offset is None:
        return None
    return next(((a, b) for a, b in spans if a <= offset < b), None)


def build_tables(
    records: Iterable[dict[str, Any]], sentences: SentenceSettings | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The four tables as lists of row dicts (columns as declared in `writers.SCHEMAS`)."""
    sentences = sentences or sentence_settings()
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for record in records:
        rid = record["id"]
        tables["reports"].append(report_row(record))
        for idx, entity in enumerate(record.get("entities") or []):
            tables["entities"].append(entity_row(rid, idx, entity))
        spans = sentence_spans(record.get("text", ""), sentences) if record.get("events") else []
        for idx, event in enumerate(record.get("events") or []):
            row = event_row(rid, idx, event)
            found = sentence_of(spans, row["trigger_start"])
            row["sentence"] = record["text"][found[0]:found[1]] if found else None
            tables["events"].append(row)
            for arg_idx, argument in enumerate(event.get("arguments") or []):
                tables["arguments"].append(argument_row(rid, idx, arg_idx, argument))
    return tables


def report_row(record: dict[str, Any]) -> dict[str, Any]:
    # `source` fields from a sidecar and a report `date` are optional (not every pipeline
    # version writes them): read them defensively
    source = record.get("source") or {}
    info = record.get("pipeline") or {}
    published = source.get("published")
    date = record.get("date")
    return {
        "report_id": record["id"],
        "file": record.get("file") or source.get("path", "").rsplit("/", 1)[-1],
        "title": record.get("title", ""),
        "bylines": "; ".join(
            f"{b.get('role', '')} {b.get('name', '')}".strip() for b in record.get("bylines") or []
        ),
        "text": record.get("text", ""),  # full text: `WHERE text LIKE '%…%'` finds reports
        "text_chars": len(record.get("text", "")),
        "n_entities": len(record.get("entities") or []),
        "n_events": len(record.get("events") or []),
        "date": _as_text(date),
        "report_date": iso_date(date)[0] if isinstance(date, str) else None,
        "published": _as_text(published),
        "published_date": iso_date(published)[0] if isinstance(published, str) else None,
        "region": _as_text(source.get("region")),
        "site": _as_text(source.get("site")),
        "url": _as_text(source.get("url")),
        "source_path": source.get("path"),
        "sha256": source.get("sha256"),
        "encoding": source.get("encoding"),
        "kind": source.get("kind"),
        "pipeline_version": info.get("version"),
        "config_hash": info.get("config_hash"),
        "models": json.dumps(info.get("models"), ensure_ascii=False, sort_keys=True)
        if info.get("models") is not None
        else None,
    }


def entity_row(rid: str, idx: int, entity: dict[str, Any]) -> dict[str, Any]:
    attrs = entity.get("attrs") or {}
    return {
        "report_id": rid,
        "entity_idx": idx,
        "label": entity["label"],
        "start": entity["start"],
        "end": entity["end"],
        "text": entity["text"],
        "norm": entity.get("norm", entity["text"]),
        "canonical": _as_text(attrs.get("canonical")),
        "title": _as_text(attrs.get("title")),
        "role": _as_text(attrs.get("role")),
        "attrs_json": json.dumps(attrs, ensure_ascii=False, sort_keys=True),
        "rule": entity.get("rule"),
        "score": _as_float(entity.get("score")),
    }


def event_row(rid: str, idx: int, event: dict[str, Any]) -> dict[str, Any]:
    trigger = event.get("trigger") or {}
    return {
        "report_id": rid,
        "event_idx": idx,
        "event_id": f"{rid}/{idx}",
        "type": event["type"],
        "trigger_start": trigger.get("start"),
        "trigger_end": trigger.get("end"),
        "trigger_text": trigger.get("text"),
        "n_arguments": len(event.get("arguments") or []),
        "rule": event.get("rule"),
        "sentence": None,  # filled by build_tables: the sentence holding the trigger
    }


def argument_row(rid: str, event_idx: int, idx: int, argument: dict[str, Any]) -> dict[str, Any]:
    row = {
        "report_id": rid,
        "event_idx": event_idx,
        "event_id": f"{rid}/{event_idx}",
        "arg_idx": idx,
        "role": argument["role"],
        "start": argument.get("start"),
        "end": argument.get("end"),
        "text": argument.get("text"),
    }
    row.update(split_value(argument.get("value")))
    return row


def split_value(value: Any) -> dict[str, Any]:
    """A normalized value as typed columns (see the module docstring)."""
    out: dict[str, Any] = {
        "value_kind": "null",
        "value_num": None,
        "value_text": None,
        "approx": None,
        "unit": None,
        "value_date": None,
        "value_date_precision": None,
        "value_json": json.dumps(value, ensure_ascii=False, sort_keys=True),
    }
    if isinstance(value, bool):  # bool is an int to Python; not a value the schema has
        out.update(value_kind="text", value_text=str(value).lower())
    elif isinstance(value, int | float):
        out.update(value_kind="number", value_num=float(value))
    elif isinstance(value, dict):
        number = value.get("n")
        out.update(
            value_kind="quantity",
            value_num=float(number) if isinstance(number, int | float) else None,
            approx=_as_text(value.get("approx")),
            unit=_as_text(value.get("unit")),
        )
    elif isinstance(value, str):
        day, precision = iso_date(value)
        out.update(value_kind="date" if day else "text", value_text=value)
        out.update(value_date=day, value_date_precision=precision)
    return out


def iso_date(text: str | None) -> tuple[dt.date | None, str | None]:
    """`2023-06-12` -> (date, "day"); `2023-06` -> (first of the month, "month"); else None."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None, None
    year, month, day = match.groups()
    try:
        value = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None, None
    return value, "day" if day else "month" if month else "year"


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _as_float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
