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
    for command in ["extract", "evaluate", "validate-rules", "train-segmenter"]:
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


def test_each_error_is_one_line_whatever_the_width(tmp_path: Path) -> None:
    bad = tmp_path / "a-rather-long-file-name-that-would-wrap-on-a-narrow-terminal-window.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(bad), "-o", str(tmp_path / "o.jsonl"),
                                 "--no-progress"], env={"COLUMNS": "40"})
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and str(bad) in lines[0] and "empty file" in lines[0]
