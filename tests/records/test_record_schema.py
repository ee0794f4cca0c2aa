"""The shipped JSON Schema matches the models, and records validate against it."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pipeline.records.build import dump_record, summarize
from pipeline.records.model import (
    SCHEMA_PATH,
    Argument,
    Entity,
    Event,
    PipelineInfo,
    Record,
    Source,
    Trigger,
    record_json_schema,
)


def test_shipped_schema_is_generated_from_the_models() -> None:
    shipped = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert shipped == record_json_schema(), "run: python -m pipeline.records.model"


def make_record(**overrides) -> Record:
    entities = [
        Entity(label="UNIT", start=0, end=4, text="市公安局", norm="市公安局",
               attrs={"canonical": "义乌市公安局"}),
        Entity(label="OFFICIAL", start=10, end=13, text="林海涛", norm="林海涛",
               attrs={"title": "省委书记"}),
    ]
    events = [
        Event(type="SOLVE_CASES", trigger=Trigger(start=4, end=6, text="破获"),
              arguments=[Argument(role="count", start=6, end=9, text="12起", value=12)]),
    ]
    fields = dict(
        id="a#1", file="a.txt", title="标题", bylines=[], text="市公安局破获12起…林海涛",
        entities=entities, events=events, summary=summarize(entities, events),
        source=Source(path="a.txt", sha256="0" * 64, encoding="utf_8", kind="text",
                      offset_map=[[0, 5, 10]]),
        pipeline=PipelineInfo(version="0.1.0", config_hash="abc", models={}),
    )
    fields.update(overrides)
    return Record(**fields)


def test_a_record_validates_and_summarizes() -> None:
    record = make_record()
    data = json.loads(dump_record(record))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["summary"]["units"] == ["义乌市公安局"]
    assert data["summary"]["officials"] == [{"name": "林海涛", "titles": ["省委书记"]}]
    assert data["summary"]["event_counts"] == {"SOLVE_CASES": 1}


def test_schema_rejects_unknown_labels_and_fields() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(dump_record(make_record()))
    data["entities"][0]["label"] = "WEAPON"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data = json.loads(dump_record(make_record()))
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_dump_is_byte_stable() -> None:
    assert dump_record(make_record()) == dump_record(make_record())
