"""Kill `bulletin extract` at random points, resume, compare with a clean run.

    nice -n 10 .venv/bin/python bench/kill_resume.py [--rounds 20] [--seed 1] [--copies 3]
        [--jobs 2] [--engine local|dask]

Inputs: corpus/samples copied `--copies` times plus an empty file (an error line). One
clean uninterrupted run gives the reference bytes and its wall time T. Each round starts
a fresh output, then 1-3 times: starts the real command line (`--resume` after the first
time), waits a random delay in [0, 1.1 T] and sends a random signal among SIGKILL, SIGINT
and SIGTERM; then runs `--resume` until it exits 0. The output and both errors files
must be byte-identical to the clean run's, and nothing of the run may be left beside
the output (journal, part file, shards, lock, temporary files). Prints one line per round
and a summary; exits 1 if any round differs. The RNG is seeded: the same arguments give
the same signals and delays (the machine's load decides where in the run they land).
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNALS = (signal.SIGKILL, signal.SIGINT, signal.SIGTERM)
RESUME_LIMIT = 10  # --resume runs per round before calling it stuck


@dataclass
class Round:
    number: int
    hits: list[str] = field(default_factory=list)  # "SIGINT@2.31s->rc130 j4"
    resumes: int = 0
    identical: bool = False
    leftovers: list[str] = field(default_factory=list)
    tracebacks: int = 0
    seconds: float = 0.0


def _inputs(dest: Path, copies: int) -> int:
    files = sorted(p for p in (ROOT / "corpus" / "samples").iterdir() if p.is_file())
    for i in range(copies):
        for src in files:
            shutil.copy(src, dest / f"c{i:02d}_{src.name}")
    (dest / "zz_empty.txt").write_bytes(b"")
    return len(files) * copies + 1


def _command(inputs: Path, out: Path, args: argparse.Namespace, resume: bool) -> list[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
           "--no-progress", "--jobs", str(args.jobs), "--engine", args.engine]
    return cmd + (["--resume"] if resume else [])


def _journal_lines(out: Path) -> int:
    path = out.with_name(out.name + ".journal.jsonl")
    try:
        return len(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return 0


def _interrupt(cmd: list[str], delay: float, sig: signal.Signals) -> tuple[int, str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=600)
    return proc.returncode, err


def _round(number: int, rng: random.Random, inputs: Path, work: Path, clean: Path,
           clean_seconds: float, args: argparse.Namespace) -> Round:
    result = Round(number)
    folder = work / f"r{number:02d}"
    folder.mkdir()
    out = folder / "out.jsonl"
    start = time.perf_counter()
    for hit in range(rng.randint(1, 3)):
        sig = rng.choice(SIGNALS)
        delay = rng.uniform(0, 1.1 * clean_seconds)
        rc, err = _interrupt(_command(inputs, out, args, resume=hit > 0), delay, sig)
        result.tracebacks += "Traceback" in err
        result.hits.append(f"{sig.name[3:]}@{delay:.1f}s>{rc}/j{_journal_lines(out)}")
    rc = None
    while rc != 0 and result.resumes < RESUME_LIMIT:
        done = subprocess.run(_command(inputs, out, args, resume=True), capture_output=True,
                              text=True)
        rc = done.returncode
        result.tracebacks += "Traceback" in done.stderr
        result.resumes += 1
    result.seconds = time.perf_counter() - start
    result.identical = rc == 0 and all(
        (folder / name).read_bytes() == (clean.parent / name.replace("out", "clean")).read_bytes()
        for name in ("out.jsonl", "out.errors.txt", "out.errors.jsonl"))
    expected = {"out.jsonl", "out.errors.txt", "out.errors.jsonl"}
    result.leftovers = sorted(p.name for p in folder.iterdir() if p.name not in expected)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    args = parser.parse_args(argv)
    # A shell starts background jobs with SIGINT ignored, and children inherit that: give
    # them the default disposition, as a terminal's Ctrl-C finds it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill_resume_") as tmp:
        work = Path(tmp)
        inputs = work / "in"
        inputs.mkdir()
        files = _inputs(inputs, args.copies)
        clean = work / "clean.jsonl"
        t0 = time.perf_counter()
        subprocess.run(_command(inputs, clean, args, resume=False), check=True,
                       capture_output=True)
        clean_seconds = time.perf_counter() - t0
        print(f"{files} files, engine {args.engine}, --jobs {args.jobs}, seed {args.seed}; "
              f"clean run {clean_seconds:.1f} s")
        print(f"{'round':>5}  {'signal@delay>rc/journal lines':<48} {'resumes':>7} "
              f"{'identical':>9} {'tracebacks':>10} {'s':>6}  leftovers")
        rounds = []
        for number in range(1, args.rounds + 1):
            r = _round(number, rng, inputs, work, clean, clean_seconds, args)
            rounds.append(r)
            print(f"{r.number:>5}  {' '.join(r.hits):<48} {r.resumes:>7} "
                  f"{'yes' if r.identical else 'NO':>9} {r.tracebacks:>10} {r.seconds:>6.1f}  "
                  f"{' '.join(r.leftovers) or '-'}", flush=True)
    hits = sum(len(r.hits) for r in rounds)
    bad = [r.number for r in rounds if not r.identical or r.leftovers or r.tracebacks]
    print(f"{len(rounds)} rounds, {hits} interruptions: "
          f"{sum(r.identical for r in rounds)} identical, "
          f"{sum(bool(r.leftovers) for r in rounds)} with leftovers, "
          f"{sum(r.tracebacks for r in rounds)} tracebacks"
          + (f"; failed rounds {bad}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
