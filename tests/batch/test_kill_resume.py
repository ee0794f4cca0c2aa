"""Signals at random points of a real `bulletin extract` run, then `--resume`: the output is
byte-identical to a clean run and nothing of the run is left beside it. (The 20-round
version with random delays is `bench/kill_resume.py`; this one keeps CI fast.)"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.batch.journal import journal_path

SEED = 20261201
POINTS = 3
SIGNALS = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)


def _start(inputs: Path, out: Path, resume: bool) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
           "--no-progress", "--jobs", "2"] + (["--resume"] if resume else [])
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _journaled(out: Path) -> int:
    path = journal_path(out)
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def _wait_until(proc: subprocess.Popen, out: Path, lines: int, limit: float = 90) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None and _journaled(out) < lines:
        time.sleep(0.02)


def test_random_signals_then_resume_give_the_clean_bytes(resume_case, tmp_path: Path) -> None:
    inputs, paths, clean = resume_case
    out = tmp_path / "out.jsonl"
    rng = random.Random(SEED)
    history = []
    for point, sig in enumerate(rng.sample(SIGNALS, POINTS)):  # each signal once
        # a random point: after 0-2 more journaled files, plus a random fraction of a file.
        # 0 (SIGKILL only) lands while Python starts or the pipeline is built; a Ctrl-C in
        # the first half second, while Python imports the CLI, is Python's own traceback.
        target = _journaled(out) + rng.randint(0 if sig == signal.SIGKILL else 1, 2)
        delay = rng.uniform(0, 0.3)
        proc = _start(inputs, out, resume=point > 0)
        _wait_until(proc, out, target)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        history.append((sig.name, target, round(delay, 2), proc.returncode, _journaled(out)))
        assert "Traceback" not in err, (history, err)
        # a signal that lands after the run has written its output and dropped its journal
        # (Python is exiting) meets the default handler: nothing is left to resume then.
        completed = out.exists() and not journal_path(out).exists()
        if sig != signal.SIGKILL and proc.returncode not in (0, 1) and not completed:
            assert proc.returncode == 130 and "--resume" in err, (history, err)
    proc = _start(inputs, out, resume=True)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, (history, err)
    assert out.read_bytes() == clean.read_bytes(), history
    for suffix in (".errors.txt", ".errors.jsonl"):
        assert (tmp_path / f"out{suffix}").read_bytes() == (
            tmp_path / f"clean{suffix}").read_bytes()
    left = {p.name for p in tmp_path.iterdir()} - {
        "in", "clean.jsonl", "clean.errors.txt", "clean.errors.jsonl",
        "out.jsonl", "out.errors.txt", "out.errors.jsonl"}
    assert not left, (left, history)  # no journal, part file, lock or temporary file
    assert len(paths) > POINTS
