"""HF datasets: samples and gold load with declared features; to_bio is character-exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from analyst_samples import samples_jsonl

from pipeline.datasets import (
    FEATURES,
    bio_tag_names,
    load_gold,
    load_records,
    to_bio,
    with_bio,
)


@pytest.fixture(scope="module")
def samples(loaded, tmp_path_factory) -> Path:
    return samples_jsonl(loaded, tmp_path_factory)


def test_load_records_keeps_every_item(samples: Path):
    records = [json.loads(x) for x in samples.read_text(encoding="utf-8").splitlines()]
    ds = load_records(samples)
    assert ds.features == FEATURES
    assert ds.num_rows == len(records)
    assert [len(r["entities"]) for r in ds] == [len(r["entities"]) for r in records]
    first_args = [a for e in records[0]["events"] for a in e["arguments"]]
    got = [json.loads(a["value_json"]) for e in ds[0]["events"] for a in e["arguments"]]
    assert got == [a["value"] for a in first_args]
    assert any(e["rule"] for e in ds[0]["entities"])


def test_load_gold(samples_gold: Path):
    ds = load_gold(samples_gold)
    assert ds.features == FEATURES and ds.num_rows == 11
    assert ds[0]["entities"][0]["rule"] is None  # gold has no provenance


def test_to_bio_matches_entity_offsets(samples_gold: Path):
    ds = with_bio(load_gold(samples_gold))
    names = bio_tag_names()
    for row in ds:
        assert len(row["chars"]) == len(row["text"]) == len(row["ner_tags"])
        tags = [names[i] for i in row["ner_tags"]]
        begins = sum(t.startswith("B-") for t in tags)
        assert 0 < begins <= len(row["entities"])
        for entity in row["entities"]:
            if tags[entity["start"]] == f"B-{entity['label']}":
                assert "".join(row["chars"][entity["start"]:entity["end"]]) == entity["text"]


def test_to_bio_overlaps_and_filter():
    example = {"text": "甲市公安局乙", "entities": [
        {"label": "LOC", "start": 0, "end": 2}, {"label": "UNIT", "start": 0, "end": 5},
        {"label": "PERSON", "start": 5, "end": 6}]}
    assert to_bio(example) == ["B-UNIT", "I-UNIT", "I-UNIT", "I-UNIT", "I-UNIT", "B-PERSON"]
    assert to_bio(example, labels=("LOC",)) == ["B-LOC", "I-LOC", "O", "O", "O", "O"]


def test_empty_file_has_typed_columns(tmp_path: Path):
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    ds = load_records(empty)
    assert ds.num_rows == 0 and ds.features == FEATURES
