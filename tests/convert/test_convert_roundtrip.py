"""Label Studio and doccano round-trips are lossless; formats are detected; bad input fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.convert import convert_file, detect_format
from pipeline.convert.common import ConvertError, text_to_value, value_to_text
from pipeline.convert.labelstudio import task_to_record
from pipeline.convert.lsconfig import config_path, labelstudio_config
from pipeline.paths import project_root

ROOT = project_root()
GOLD_FILES = [
    ROOT.parent / "shared" / "gold" / "seeds.jsonl",
    ROOT.parent / "shared" / "dev" / "train" / "gold.jsonl",
    ROOT.parent / "shared" / "dev" / "test" / "gold.jsonl",
    *sorted((ROOT / "corpus" / "gold").glob("*.jsonl")),
]


@pytest.mark.parametrize("tool", ["labelstudio", "doccano"])
@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gold_round_trip_gives_the_same_file(gold: Path, tool: str, tmp_path: Path):
    if not gold.exists():
        pytest.skip(f"{gold} not here")
    middle, back = tmp_path / f"mid.{tool}", tmp_path / "back.jsonl"
    assert convert_file(gold, tool, middle)[0] == "gold"
    assert convert_file(middle, "gold", back) == (tool, len(gold.read_text().splitlines()))
    assert back.read_bytes() == gold.read_bytes()


def test_records_round_trip_keeps_rule_and_score(tmp_path: Path):
    record = {
        "id": "x#1", "file": "x.txt", "title": "标题", "bylines": [], "text": "某县公安局打处2人",
        "entities": [{"label": "UNIT", "start": 0, "end": 5, "text": "某县公安局",
                      "norm": "某县公安局", "attrs": {}, "rule": "unit.a", "score": 0.9},
                     {"label": "LOC", "start": 0, "end": 2, "text": "某县", "norm": "某县",
                      "attrs": {}, "rule": None, "score": None}],
        "events": [{"type": t, "trigger": {"start": 5, "end": 7, "text": "打处"}, "arguments": [
            {"role": "count", "start": 7, "end": 9, "text": "2人", "value": v}]}
            for t, v in [("DETAIN_SUSPECTS", 2), ("SOLVE_CASES", "2")]],
        "summary": {"units": ["某县公安局"]}, "pipeline": {"version": "0", "config_hash": "h"},
    }
    src = tmp_path / "rec.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    for tool in ("labelstudio", "doccano"):
        convert_file(src, tool, tmp_path / "mid")
        convert_file(tmp_path / "mid", "gold", tmp_path / "back.jsonl")
        assert json.loads((tmp_path / "back.jsonl").read_text()) == record, tool
    convert_file(src, "labelstudio", tmp_path / "ls.json")
    task = json.loads((tmp_path / "ls.json").read_text())[0]
    assert "predictions" in task and "annotations" not in task  # records pre-annotate
    triggers = [r for r in task["predictions"][0]["result"] if r.get("from_name") == "trigger"]
    assert len(triggers) == 2  # one region per event, even on one trigger word


def test_value_text_keeps_types():
    for value in [11, 27.1, 1.0, "徐某", "11", "null", None, {"n": 60, "approx": "over"}]:
        assert text_to_value(value_to_text(value)) == value
        assert type(text_to_value(value_to_text(value))) is type(value)
    assert value_to_text("2023-05-28") == "2023-05-28"  # annotators see dates bare


def test_label_studio_edit_is_read_back():
    """An annotator's edit in Label Studio (new region, annotation after a prediction)."""
    task = {
        "data": {"id": "r#1", "text": "甲乙市公安局"},
        "predictions": [{"result": []}],
        "annotations": [
            {"was_cancelled": True, "result": []},
            {"result": [{"id": "abc", "from_name": "entity", "to_name": "text", "type": "labels",
                         "value": {"start": 0, "end": 6, "text": "甲乙市公安局",
                                   "labels": ["UNIT"]}},
                        {"id": "abc", "from_name": "attrs", "to_name": "text", "type": "textarea",
                         "value": {"start": 0, "end": 6, "text": ["canonical=甲乙市公安局"]}}]},
        ],
    }
    record = task_to_record(task)
    assert record["entities"] == [{"label": "UNIT", "start": 0, "end": 6, "text": "甲乙市公安局",
                                   "norm": "甲乙市公安局", "attrs": {"canonical": "甲乙市公安局"}}]
    assert list(record) == ["id", "text", "entities", "events"]


def test_doccano_plain_ner_shape_is_read(tmp_path: Path):
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"text": "“净网”行动", "label": [[1, 3, "OPERATION"]]},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    convert_file(src, "gold", tmp_path / "g.jsonl")
    back = json.loads((tmp_path / "g.jsonl").read_text())
    assert back["entities"] == [{"label": "OPERATION", "start": 1, "end": 3, "text": "净网",
                                 "norm": "净网"}]


def test_detect_and_errors(tmp_path: Path):
    assert detect_format('[{"data": {}}]') == "labelstudio"
    assert detect_format('{"data": {"text": "x"},\n "annotations": []}') == "labelstudio"
    assert detect_format('{"text": "a", "entities": [], "events": []}') == "gold"
    with pytest.raises(ConvertError):
        detect_format('{"foo": 1}')
    with pytest.raises(ConvertError):
        detect_format("")
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": 1}\n')
    result = CliRunner().invoke(app, ["convert", str(bad), "--to", "labelstudio", "-o",
                                      str(tmp_path / "o.json")])
    assert result.exit_code == 2


def test_cli_convert(tmp_path: Path):
    gold = ROOT / "corpus" / "gold" / "samples.jsonl"
    result = CliRunner().invoke(app, ["convert", str(gold), "--to", "doccano", "-o",
                                      str(tmp_path / "d.jsonl")])
    assert result.exit_code == 0, result.output
    first = json.loads((tmp_path / "d.jsonl").read_text().splitlines()[0])
    assert {"text", "entities", "relations"} <= set(first)
    assert all("start_offset" in s for s in first["entities"])


def test_shipped_label_studio_config_is_current():
    assert config_path().read_text(encoding="utf-8") == labelstudio_config()
    config = labelstudio_config()
    for name in ("UNIT", "OFFICIAL", "SOLVE_CASES", "RESCUE", "detention_days", "legal_basis"):
        assert f'"{name}"' in config


def test_doccano_export_with_renumbered_ids_reads_back(tmp_path: Path):
    """doccano gives spans and relations new ids (and adds `id`, `Comments`) on export."""
    gold = ROOT / "corpus" / "gold" / "samples.jsonl"
    convert_file(gold, "doccano", tmp_path / "d.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "d.jsonl").read_text().splitlines()]
    for n, line in enumerate(lines):
        new_id = {s["id"]: 1000 * (n + 1) + 7 * s["id"] for s in line["entities"]}
        for span in line["entities"]:
            span["id"] = new_id[span["id"]]
        for rel in line["relations"]:
            rel["id"] += 500
            rel["from_id"], rel["to_id"] = new_id[rel["from_id"]], new_id[rel["to_id"]]
        line.update(id=9000 + n, Comments=[])
    exported = tmp_path / "export.jsonl"
    exported.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                        encoding="utf-8")
    convert_file(exported, "gold", tmp_path / "back.jsonl")
    assert (tmp_path / "back.jsonl").read_bytes() == gold.read_bytes()
