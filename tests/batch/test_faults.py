"""Faults of issue 10 tried as a user would, through the command line: two real runs on one
output, a read-only errors file, a non-UTF-8 file name, a 16-byte Big5 file. (Output paths
that are folders, read-only or `-`, and ids across folders: tests/cli/test_cli_batch.py
and tests/extract/test_extract_batch.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from pipeline.batch.journal import journal_path
from pipeline.cli import app

runner = CliRunner()


def _extract(*args: str):
    return runner.invoke(app, ["extract", *args, "--no-progress", "--jobs", "1"])


def test_second_real_run_is_refused_and_the_first_finishes(resume_case,
                                                           tmp_path: Path) -> None:
    inputs, _, clean = resume_case
    out = tmp_path / "out.jsonl"
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
         "--no-progress", "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    end = time.monotonic() + 120
    while first.poll() is None and not journal_path(out).exists() and time.monotonic() < end:
        time.sleep(0.02)  # the journal appears once the first run holds the lock
    assert first.poll() is None, first.communicate()
    second = _extract(str(inputs), "-o", str(out))
    assert second.exit_code == 2
    assert "another run (pid " in second.stderr and "Traceback" not in second.stderr
    _, err = first.communicate(timeout=180)
    assert first.returncode == 0, err
    assert out.read_bytes() == clean.read_bytes()


def test_read_only_errors_file_fails_before_work(samples_dir: Path, tmp_path: Path) -> None:
    errors = tmp_path / "out.errors.txt"
    errors.write_text("old\n", encoding="utf-8")
    errors.chmod(0o444)
    result = _extract(str(samples_dir), "-o", str(tmp_path / "out.jsonl"))
    if os.geteuid() == 0 and os.access(errors, os.W_OK) and result.exit_code == 0:
        return  # (root ignores permission bits; _unwritable checks the mode too)
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert not (tmp_path / "out.jsonl").exists()
    assert errors.read_text(encoding="utf-8") == "old\n"


def test_file_name_that_is_not_utf8_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(bytes(folder) + b"/\xb9\xab\xb0\xb2.txt", "wb") as f:  # GBK bytes in a name
        f.write("# 甲县公安局破获盗窃案\n\n甲县公安局破获一起盗窃案，抓获犯罪嫌疑人2名。\n"
                .encode())
    out = tmp_path / "out.jsonl"
    result = _extract(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr and "not UTF-8" in result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["id"].endswith("#1") and "\ufffd" in record["id"]


def test_sixteen_byte_big5_file_is_read_as_big5(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("市警察局破獲竊案".encode("big5"))
    assert path.stat().st_size == 16
    out = tmp_path / "out.jsonl"
    result = _extract(str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["source"]["encoding"] == "big5"
    assert record["title"] == "市警察局破获窃案"  # decoded right, then Traditional -> Simplified
