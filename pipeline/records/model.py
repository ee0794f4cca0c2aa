"""The record a report becomes (SCHEMA §5), as pydantic models.

`record.schema.json` beside this file is generated from these models
(`python -m pipeline.records.model`) and shipped; a test checks that the two agree and
that every record the pipeline writes validates against the shipped file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..schema import EventType, Label

SCHEMA_PATH = Path(__file__).with_name("record.schema.json")

Value = int | float | str | dict[str, int | float | str] | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Byline(_Strict):
    role: str
    name: str


class Entity(_Strict):
    label: Label
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    norm: str
    attrs: dict[str, str] = {}
    rule: str | None = Field(default=None, description="id of the rule that produced it")
    score: float | None = None


class Trigger(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Argument(_Strict):
    role: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    value: Value = None
    rule: str | None = Field(default=None, description="id of the role source that filled it")


class Event(_Strict):
    type: EventType
    trigger: Trigger
    arguments: list[Argument]
    rule: str | None = Field(default=None, description="id of the trigger rule that fired")


class DamageFlag(_Strict):
    kind: Literal["spam"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Source(_Strict):
    path: str
    sha256: str
    encoding: str
    kind: str
    # Fields of the bulletin's metadata sidecar `X.meta.json` or of its manifest line.
    url: str | None = None
    published: str | None = Field(
        default=None, description="ISO date the crawler gives (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    site: str | None = None
    title: str | None = Field(default=None, description="the title the crawler gives")
    region: str | None = None
    extra: dict[str, Any] | None = Field(
        default=None, description="any other sidecar field, as given"
    )
    published_in_page: str | None = Field(
        default=None,
        description="ISO date of the page's own posting line or date bar (removed as chrome)",
    )
    flags: list[DamageFlag] | None = Field(
        default=None, description="damage kept in the text (e.g. spam over a name), flagged"
    )
    offset_map: list[list[int]] = Field(
        description="runs [norm_start, raw_start, length] mapping text offsets to the decoded file"
    )


class ReportDate(_Strict):
    value: str = Field(description="ISO reference date: YYYY, YYYY-MM or YYYY-MM-DD")
    origin: Literal["text", "page", "sidecar", "filename"] = Field(
        description="where it came from: the text's own year, the page's posting line, the "
        "metadata sidecar or manifest, the file name"
    )


class OfficialSummary(_Strict):
    name: str
    titles: list[str]


class Summary(_Strict):
    units: list[str]
    officials: list[OfficialSummary]
    operations: list[str]
    cases: list[str]
    event_counts: dict[str, int]


class PipelineInfo(_Strict):
    version: str
    config_hash: str
    models: dict[str, str]


class Record(_Strict):
    id: str
    file: str
    title: str
    bylines: list[Byline]
    date: ReportDate | None = Field(
        default=None, description="the reference date used for year-less and relative dates"
    )
    text: str
    entities: list[Entity]
    events: list[Event]
    summary: Summary
    source: Source
    pipeline: PipelineInfo


def record_json_schema() -> dict:
    return Record.model_json_schema()


if __name__ == "__main__":  # regenerate the shipped schema
    SCHEMA_PATH.write_text(
        json.dumps(record_json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {SCHEMA_PATH}")
