"""Speed and memory of the full pipeline, with jieba segmentation as a yardstick.

    .venv/bin/python bench/run_bench.py [PATH ...] [--repeat 3]

Default inputs: corpus/samples and ../shared/seeds (when present). Prints, from one run:
cold start (fresh interpreter: import + build the pipeline), throughput of the full
pipeline (ingest -> records, decoded characters per second, best of --repeat), peak RSS
of the process that ran it, and jieba's plain `cut` over the same normalized texts.
This is a benchmark, not a test: nothing asserts on the figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COLD_START = """
import time, resource, json
t0 = time.perf_counter()
from pipeline.nlp import build_pipeline
loaded = build_pipeline()
doc = loaded.nlp("市公安局破获案件12起。")
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def cold_start() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", COLD_START], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def default_inputs() -> list[str]:
    inputs = [str(ROOT / "corpus" / "samples")]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        inputs.append(str(seeds))
    return inputs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from pipeline.extract import make_normalizer, pipeline_info, prepare_file, process_file
    from pipeline.ingest import iter_input_paths, load_ingest_settings, read_source
    from pipeline.nlp import build_pipeline

    cold = cold_start()
    loaded = build_pipeline()
    info = pipeline_info(loaded)
    normalizer = make_normalizer()
    ingest_settings = load_ingest_settings()
    sources = []
    for path in iter_input_paths(args.paths or default_inputs()):
        try:
            sources.append(read_source(path))
        except Exception as err:  # noqa: BLE001 - a benchmark skips unreadable inputs
            print(f"skip {path}: {err}", file=sys.stderr)
    chars = sum(len(s.text) for s in sources)
    best = float("inf")
    reports = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        reports = sum(
            len(process_file(loaded, s, info, normalizer, ingest_settings)) for s in sources
        )
        best = min(best, time.perf_counter() - t0)
    texts = [
        p.normalized.text for s in sources for p in prepare_file(s, normalizer, ingest_settings)
    ]
    jieba_s = jieba_speed(texts, args.repeat)
    norm_chars = sum(len(t) for t in texts)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine          {platform.machine()} {platform.python_version()}")
    print(f"inputs           {len(sources)} files, {reports} reports, {chars} chars")
    print(f"cold start       {cold['seconds']:.2f} s (import + build + first doc), "
          f"RSS {cold['rss_mb']:.0f} MB")
    print(f"full pipeline    {chars / best:,.0f} chars/s ({best:.3f} s per pass, best of "
          f"{args.repeat})")
    print(f"peak RSS         {rss:.0f} MB (this process)")
    print(f"jieba cut        {norm_chars / jieba_s:,.0f} chars/s (yardstick, same texts)")


def jieba_speed(texts: list[str], repeat: int) -> float:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            list(jieba.cut(text))
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    main()
