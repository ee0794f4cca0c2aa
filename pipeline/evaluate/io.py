"""Reading and validating JSONL record/gold files for evaluation (SCHEMA §5).

Structural problems (bad JSON, a line that is not an object, a missing `id`, a duplicate `id`,
an entity without a label) raise `EvalInputError` naming the file and line, because a score
computed over silently skipped reports would be misleading. Offsets that do not slice the
report text are only *warnings*: a gold file made on another normalization must still score
(the mention-set metric ignores offsets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class EvalInputError(ValueError):
    """A record or gold file cannot be evaluated; the message names file and line."""


@dataclass(frozen=True)
class Located:
    """A parsed record together with where it came from (for error messages)."""

    record: dict[str, Any]
    where: str


def read_jsonl(path: str | Path) -> list[Located]:
    """Parse a JSON Lines file; blank lines are skipped, anything else must be a JSON object."""
    path = Path(path)
    out: list[Located] = []
    # utf-8-sig: tolerate a BOM written by Windows editors; it is not part of the first record.
    with path.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalInputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from exc
            if not isinstance(obj, dict):
                raise EvalInputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
            out.append(Located(obj, where))
    return out


def locate(records: list[dict[str, Any]], name: str) -> list[Located]:
    """Wrap in-memory records so that errors name `<name> record #i` (1-based)."""
    out: list[Located] = []
    for i, rec in enumerate(records, start=1):
        where = f"{name} record #{i}"
        if not isinstance(rec, dict):
            raise EvalInputError(f"{where}: expected a dict, got {type(rec).__name__}")
        out.append(Located(rec, where))
    return out


def index_by_id(items: list[Located]) -> dict[str, Located]:
    """Map report id -> record; a missing, non-string or duplicate id is an error."""
    by_id: dict[str, Located] = {}
    for item in items:
        rid = item.record.get("id")
        if not isinstance(rid, str) or not rid:
            raise EvalInputError(f"{item.where}: record has no `id` (a non-empty string is required)")
        if rid in by_id:
            raise EvalInputError(f"{item.where}: duplicate id {rid!r} (first at {by_id[rid].where})")
        by_id[rid] = item
    return by_id


def list_field(item: Located, key: str) -> list[dict[str, Any]]:
    """A list-of-objects field (`entities`, `events`, `arguments`); absent means empty."""
    value = item.record.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise EvalInputError(f"{item.where}: `{key}` must be a list of objects")
    return value


def required_str(obj: dict[str, Any], key: str, where: str) -> str:
    """A required non-empty string field of an entity/event/argument."""
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise EvalInputError(f"{where}: missing or non-string `{key}` in {json.dumps(obj, ensure_ascii=False)[:120]}")
    return value
