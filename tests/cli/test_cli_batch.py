"""`bulletin extract` under faults: killed and interrupted runs resume to the same bytes,
a second run on one output is refused, bad output paths fail before any work."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from pipeline.batch import OutputLock
from pipeline.batch.journal import journal_path
from pipeline.cli import app

runner = CliRunner()


def _start(inputs: Path, out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
           "--no-progress", "--jobs", "1", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_journal(proc: subprocess.Popen, out: Path, lines: int, limit: float = 600) -> None:
    # The limit only guards against a hung run: the loop ends as soon as the journal has the
    # lines or the process exits. 60 s was too short on a machine loaded 4x (start-up alone
    # took most of it), which made this test flaky under load.
    end = time.monotonic() + limit
    path = journal_path(out)
    while time.monotonic() < end and proc.poll() is None:
        if path.exists() and len(path.read_text(encoding="utf-8").splitlines()) >= lines:
            return
        time.sleep(0.02)
    raise AssertionError(f"journal did not reach {lines} lines (rc {proc.poll()})")


def test_kill_and_interrupt_then_resume_give_the_clean_bytes(resume_case,
                                                             tmp_path: Path) -> None:
    inputs, _, clean = resume_case
    out = tmp_path / "out.jsonl"
    rng = random.Random(7)
    # SIGKILL at a random point (each start costs seconds: one kill keeps the test short)
    proc = _start(inputs, out)
    _wait_for_journal(proc, out, rng.randint(1, 3))
    time.sleep(rng.uniform(0, 0.1))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    # SIGINT: the current file is finished and journaled, the message says how to resume
    done = len(journal_path(out).read_text(encoding="utf-8").splitlines())
    proc = _start(inputs, out, "--resume")
    _wait_for_journal(proc, out, done + 1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    proc = _start(inputs, out, "--resume")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.read_bytes() == clean.read_bytes()
    assert (tmp_path / "out.errors.txt").read_bytes() == (
        tmp_path / "clean.errors.txt").read_bytes()
    assert not journal_path(out).exists()


def test_second_run_on_one_output_is_refused(samples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("good\n", encoding="utf-8")
    with OutputLock(out):
        result = runner.invoke(app, ["extract", str(samples_dir), "-o", str(out),
                                     "--no-progress"])
    assert result.exit_code == 2
    assert "another run" in result.stderr and f"pid {os.getpid()}" in result.stderr
    assert out.read_text(encoding="utf-8") == "good\n"


def test_output_path_faults_fail_before_work(samples_dir: Path, tmp_path: Path) -> None:
    cases = {"is a directory": tmp_path}
    readonly = tmp_path / "ro.jsonl"
    readonly.write_text("x\n", encoding="utf-8")
    readonly.chmod(0o444)
    cases["read-only"] = readonly
    cases["stdout"] = Path("-")
    for message, target in cases.items():
        result = runner.invoke(app, ["extract", str(samples_dir), "-o", str(target),
                                     "--no-progress"])
        assert result.exit_code == 2, (target, result.output)
        assert message in result.stderr and "Traceback" not in result.stderr
    assert readonly.read_text(encoding="utf-8") == "x\n"
