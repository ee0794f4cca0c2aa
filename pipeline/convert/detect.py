"""Which format a file is in, and the conversion between any two of ours."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import doccano, labelstudio
from .common import ConvertError

FORMATS = ("gold", "labelstudio", "doccano")


def detect_format(text: str) -> str:
    """`labelstudio` (a JSON array of tasks), `doccano` (JSONL with `start_offset` spans or a
    `label` list) or `gold` (our gold/record JSONL)."""
    stripped = text.lstrip()
    if not stripped:
        raise ConvertError("empty input")
    if stripped.startswith("["):
        return "labelstudio"
    if _single_task(stripped) is not None:
        return "labelstudio"
    try:
        first = json.loads(stripped.splitlines()[0])
    except ValueError as err:
        raise ConvertError(f"first line is not JSON: {err}") from None
    if not isinstance(first, dict):
        raise ConvertError("first line is not a JSON object")
    spans = first.get("entities")
    if isinstance(first.get("label"), list) or "relations" in first or (
        spans and isinstance(spans[0], dict) and "start_offset" in spans[0]
    ):
        return "doccano"
    if "text" in first and "entities" in first:
        return "gold"
    raise ConvertError("not gold/record JSONL, Label Studio JSON or doccano JSONL")


def _single_task(text: str) -> dict[str, Any] | None:
    """A file holding one Label Studio task object (Label Studio imports that too)."""
    if not text.startswith("{") or "\n{" in text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) and isinstance(value.get("data"), dict) else None


def read_any(text: str, fmt: str) -> list[dict[str, Any]]:
    """Our records from a file's text in format `fmt`."""
    if fmt == "labelstudio":
        single = _single_task(text.strip())
        tasks = [single] if single is not None else json.loads(text)
        if not isinstance(tasks, list):
            raise ConvertError("Label Studio input must be a list of tasks or one task")
        return labelstudio.tasks_to_records(tasks)
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    if fmt == "doccano":
        return [doccano.line_to_record(line, n) for n, line in enumerate(lines, 1)]
    return lines


def write_as(records: list[dict[str, Any]], fmt: str, kind: str = "auto") -> str:
    if fmt == "labelstudio":
        return labelstudio.dumps_tasks(labelstudio.records_to_tasks(records, kind))
    if fmt == "doccano":
        return doccano.dumps_lines([doccano.record_to_line(r) for r in records])
    # the gold files' own layout (json.dumps defaults), one report per line
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def convert_file(src: Path, to: str, out: Path, kind: str = "auto") -> tuple[str, int]:
    """Convert `src` into `out`; returns (input format, number of reports)."""
    if to not in FORMATS:
        raise ConvertError(f"unknown target format {to!r}; one of {', '.join(FORMATS)}")
    text = src.read_text(encoding="utf-8")
    fmt = detect_format(text)
    records = read_any(text, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(write_as(records, to, kind), encoding="utf-8")
    return fmt, len(records)
