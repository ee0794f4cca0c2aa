"""Input validation: clear errors for broken files, warnings for offsets that do not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import EvalInputError, evaluate_files, evaluate_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "evaluate"


def test_malformed_line_names_file_and_line() -> None:
    bad = FIXTURES / "malformed.jsonl"
    with pytest.raises(EvalInputError) as info:
        evaluate_files(FIXTURES / "missing_id.jsonl", bad)
    # line 2 is blank and skipped; line 3 is the truncated object
    assert f"{bad}:3" in str(info.value)
    assert "malformed JSON" in str(info.value)


def test_missing_id_names_file_and_line() -> None:
    path = FIXTURES / "missing_id.jsonl"
    with pytest.raises(EvalInputError, match=rf"{path}:2: record has no `id`"):
        evaluate_files(path, path)


def test_non_object_line(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(EvalInputError, match=r"list\.jsonl:2: expected a JSON object"):
        evaluate_files(path, path)


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "a"}\n', encoding="utf-8")
    with pytest.raises(EvalInputError, match=r"dup\.jsonl:3: duplicate id 'a' \(first at .*dup\.jsonl:1\)"):
        evaluate_files(path, path)


def test_in_memory_errors_name_the_record() -> None:
    with pytest.raises(EvalInputError, match=r"pred record #2: record has no `id`"):
        evaluate_records([], [{"id": "x"}, {"text": ""}])
    with pytest.raises(EvalInputError, match=r"gold record #1: missing or non-string `label`"):
        evaluate_records([{"id": "x", "text": "ab", "entities": [{"start": 0, "end": 1}]}], [])
    with pytest.raises(EvalInputError, match=r"gold record #1: `entities` must be a list"):
        evaluate_records([{"id": "x", "entities": {"label": "UNIT"}}], [])


def test_bad_offsets_are_warnings_not_crashes() -> None:
    text = "市公安局破案"
    gold = [{"id": "x", "text": text, "entities": [
        {"label": "UNIT", "start": 0, "end": 4, "text": "市公安局"},
    ]}]
    pred = [{"id": "x", "text": text, "entities": [
        {"label": "UNIT", "start": 1, "end": 5, "text": "市公安局"},  # slices 公安局破
        {"label": "CASE", "start": 4, "end": 99, "text": "破案"},  # beyond the text
        {"label": "LOC", "start": None, "end": 2, "text": "市"},  # no offsets
    ]}]
    result = evaluate_records(gold, pred)
    assert len(result.warnings) == 3
    assert "slices '公安局破', not '市公安局'" in result.warnings[0]
    d = result.to_dict()
    assert d["warnings"]["count"] == 3
    # The misaligned UNIT still overlaps (lenient) and has the same text (mention-set).
    assert d["entities"]["strict"]["per_label"]["UNIT"]["tp"] == 0
    assert d["entities"]["lenient"]["per_label"]["UNIT"]["tp"] == 1
    assert d["entities"]["mention_set"]["per_label"]["UNIT"]["tp"] == 1
    # Entities without usable offsets still count as predictions.
    assert d["entities"]["strict"]["per_label"]["CASE"]["fp"] == 1


def test_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_text('\ufeff{"id": "a", "text": "", "entities": [], "events": []}\n\n  \n', encoding="utf-8")
    assert evaluate_files(path, path).to_dict()["reports"]["matched"] == 1
