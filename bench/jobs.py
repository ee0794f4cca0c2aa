"""`bulletin extract --jobs 1` vs `--jobs N` on the same ~600k characters, wall time.

    .venv/bin/python bench/jobs.py [--copies 15] [--jobs 2]

Copies corpus/samples and ../shared/seeds `--copies` times into a temporary folder (about
40k characters per copy), runs the real command line once per setting (cold start
included), prints wall seconds, input chars/s, the speed-up, and whether both outputs are
byte-identical. A benchmark, not a test: nothing asserts on the figures.
"""

from __future__ import annotations

import argparse
import filecmp
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


def _run(inputs: Path, out: Path, jobs: int) -> float:
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out),
           "--no-progress", "--jobs", str(jobs)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


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
        t1 = _run(inputs, one, 1)
        tn = _run(inputs, many, args.jobs)
        same = filecmp.cmp(one, many, shallow=False)
        print(f"inputs      {len(list(inputs.iterdir()))} files, ~{chars:,} chars")
        print(f"--jobs 1    {t1:7.1f} s wall  {chars / t1:10,.0f} chars/s")
        print(f"--jobs {args.jobs:<4} {tn:7.1f} s wall  {chars / tn:10,.0f} chars/s")
        print(f"speed-up    {t1 / tn:.2f}x   byte-identical output: {same}")


if __name__ == "__main__":
    main()
