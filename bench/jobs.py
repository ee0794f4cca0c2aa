"""`bulletin extract --jobs 1` vs `--jobs N` on the same ~600k characters, wall time.

    .venv/bin/python bench/jobs.py [--copies 15] [--jobs 2]

Copies corpus/samples and ../shared/seeds `--copies` times into a temporary folder (about
40k characters per copy), runs the real command line once per setting (cold start
included), prints wall seconds, input chars/s, CPU seconds of the process tree, the load
average before each run, the speed-up, and whether both outputs are byte-identical. On a
shared machine compare the CPU seconds (the wall speed-up means something only at load
< ~1). A benchmark, not a test: nothing asserts on the figures.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _corpus(dest: Path, copies: int) -> int:
    sources = [ROOT / "corpus" / "samples", ROOT.parent / "shared" / "seeds"]
    files = [p for d in sources if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()]
    size = 0
    for i in range(copies):
        for src in files:
            target = dest / f"c{i:03d}_{src.name}"
            shutil.copy(src, target)
            size += len(src.read_bytes().decode("utf-8", "replace"))
    return size


def _run(inputs: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of the command's process tree, load average before."""
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
           "--no-progress", "--jobs", str(jobs)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=15)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        chars = _corpus(inputs, args.copies)
        one, many = Path(tmp) / "one.jsonl", Path(tmp) / "many.jsonl"
        t1, c1, l1 = _run(inputs, one, 1)
        tn, cn, ln = _run(inputs, many, args.jobs)
        same = filecmp.cmp(one, many, shallow=False)
        print(f"inputs      {len(list(inputs.iterdir()))} files, ~{chars:,} chars")
        for jobs, wall, cpu, load in ((1, t1, c1, l1), (args.jobs, tn, cn, ln)):
            print(f"--jobs {jobs:<4} {wall:7.1f} s wall  {chars / wall:10,.0f} chars/s  "
                  f"{cpu:7.1f} CPU-s  load {load:.1f}")
        print(f"speed-up    {t1 / tn:.2f}x wall, {cn / c1:.2f}x the CPU-s   "
              f"byte-identical output: {same}")


if __name__ == "__main__":
    main()
