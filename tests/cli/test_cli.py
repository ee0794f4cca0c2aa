"""The `bulletin` command line, through typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app

runner = CliRunner()


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout
    for command in ["extract", "evaluate", "validate-rules", "train-segmenter",
                    "score-segmenter", "save-pipeline"]:
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_extract_then_evaluate(samples_dir: Path, samples_gold: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(samples_dir / "a04_gbk_case_report.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "empty file" in result.stderr
    assert "empty.txt" in (tmp_path / "out.errors.txt").read_text(encoding="utf-8")
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [
        "a04_gbk_case_report#1"
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        next(line for line in samples_gold.read_text(encoding="utf-8").splitlines()
             if '"a04_gbk_case_report#1"' in line) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(gold), str(out), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["reports"]["matched"] == 1
    assert 0.5 <= metrics["headline"]["all_strict_f1"] <= 1.0
    tables = runner.invoke(app, ["evaluate", str(gold), str(out)])
    assert "Triggers per event type" in tables.stdout and "Summary" in tables.stdout


def test_extract_fails_only_when_nothing_was_processed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt"), "-o",
                                 str(tmp_path / "o.jsonl"), "--no-progress"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr


def test_evaluate_names_the_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text('{"id": "x#1", "text": "", "entities": [], "events": []}\n', encoding="utf-8")
    bad = tmp_path / "p.jsonl"
    bad.write_text('{"id": "x#1", "text": ""}\n{not json\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(good), str(bad)])
    assert result.exit_code == 2
    assert "p.jsonl" in result.stderr and "2" in result.stderr


def test_validate_rules_reports_ok() -> None:
    result = runner.invoke(app, ["validate-rules"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok:")
    # the broken-file cases are in tests/packaging/test_validate_rules.py


def test_each_error_is_one_line_whatever_the_width(tmp_path: Path) -> None:
    bad = tmp_path / "a-rather-long-file-name-that-would-wrap-on-a-narrow-terminal-window.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(bad), "-o", str(tmp_path / "o.jsonl"),
                                 "--no-progress"], env={"COLUMNS": "40"})
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and str(bad) in lines[0] and "empty file" in lines[0]


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_missing_input_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = runner.invoke(app, ["extract", str(missing), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert str(missing) in line and "no such file" in line


def test_unmatched_glob_is_one_line(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.nothing")
    for args in (["extract", pattern, "-o", str(tmp_path / "o.jsonl")],
                 ["evaluate", str(tmp_path / "g.jsonl"), "--input", pattern]):
        if args[0] == "evaluate":
            (tmp_path / "g.jsonl").write_text("", encoding="utf-8")
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        line = _one_error_line(result)
        assert pattern in line and "no file matches" in line


def test_unreadable_config_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "in.txt").write_text("市公安局通报。", encoding="utf-8")
    broken = tmp_path / "broken.cfg"
    broken.write_text("[nlp\nlang = zh\n", encoding="utf-8")
    for config in (broken, tmp_path / "absent.cfg"):
        result = runner.invoke(app, ["extract", str(tmp_path / "in.txt"), "-o",
                                     str(tmp_path / "o.jsonl"), "--config", str(config)])
        assert result.exit_code == 2
        assert str(config) in _one_error_line(result)
    result = runner.invoke(app, ["extract", str(tmp_path / "in.txt"), "-o",
                                 str(tmp_path / "o.jsonl"), "--pipeline", str(tmp_path)])
    assert result.exit_code == 2 and "not a saved pipeline" in _one_error_line(result)


def test_missing_gold_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", str(tmp_path / "gold.jsonl"), str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "gold.jsonl" in _one_error_line(result)


def test_old_error_files_in_an_input_folder_are_not_read(samples_dir: Path,
                                                         tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(samples_dir / "a04_gbk_case_report.txt", inputs)
    (inputs / "old.errors.txt").write_text("x.txt: empty file\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "old.errors" not in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_segmenter_commands_default_to_the_package_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score-segmenter", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert "pku_test" in line and "--data-dir" in line  # the model itself was found
    result = runner.invoke(app, ["score-segmenter", "--model", str(tmp_path)])
    assert result.exit_code == 2 and "features.msgpack" in _one_error_line(result)


def test_unwritable_output_is_one_line(samples_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "sub" / "o.jsonl"  # a folder cannot be made inside a file
    result = runner.invoke(app, ["extract", str(samples_dir / "a04_gbk_case_report.txt"),
                                 "-o", str(out), "--no-progress"])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert str(out) in line and "cannot write" in line
