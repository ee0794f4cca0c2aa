"""Does time grow linearly with the input? Seeds repeated k times, in ONE file and as a folder.

    .venv/bin/python bench/scale.py [--factors 1 2 4 8] [--base DIR] [--long N] [--profile K]

For each factor k the seed files (../shared/seeds by default) are written k times into one
file (`one`: reports per file grow with k) and k times as separate files in a folder
(`folder`). Both go through the real per-file code (`extract.process_file`) with one pipeline
built once; the script prints seconds and microseconds per input character. Flat us/char
from 1x to 8x (within +-20%) means linear. `--long N` also runs one report of about N
characters (no headlines: one report) and says whether it processes. A benchmark, not a
test: nothing asserts on the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sources(paths: list[Path]):
    from pipeline.ingest import read_source

    return [read_source(p) for p in paths]


def _run(loaded, sources) -> tuple[float, int, int]:
    from pipeline.extract import make_normalizer, pipeline_info, process_file
    from pipeline.ingest import load_ingest_settings

    info = pipeline_info(loaded)
    normalizer = make_normalizer(True, loaded.normalize_settings)
    settings = loaded.ingest_settings or load_ingest_settings()
    t0 = time.process_time()
    reports = sum(len(process_file(loaded, s, info, normalizer, settings)) for s in sources)
    return time.process_time() - t0, reports, sum(len(s.text) for s in sources)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--base", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--long", type=int, default=0, help="also one report of ~N chars")
    parser.add_argument("--profile", type=int, default=0, help="profile this factor (one file)")
    parser.add_argument("--modes", nargs="+", default=["one", "folder"])
    args = parser.parse_args(argv)

    from pipeline.nlp import build_pipeline

    seeds = sorted(p for p in args.base.iterdir() if p.suffix in (".txt", ".html", ".md"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    loaded = build_pipeline()
    _run(loaded, _sources(seeds[:1]))  # warm-up (lazy loads)
    print(f"{'mode':8} {'k':>3} {'chars':>10} {'reports':>8} {'cpu s':>8} {'us/char':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for k in args.factors:
            for mode in args.modes:
                folder = Path(tmp) / f"{mode}{k}"
                folder.mkdir()
                if mode == "one":
                    files = [folder / "all.txt"]
                    files[0].write_text("\n\n".join(texts * k), encoding="utf-8")
                else:
                    files = []
                    for i in range(k):
                        for p, text in zip(seeds, texts, strict=True):
                            files.append(folder / f"{i:03d}_{p.name}")
                            files[-1].write_text(text, encoding="utf-8")
                sources = _sources(files)
                if args.profile == k and mode == "one":
                    prof = cProfile.Profile()
                    prof.enable()
                secs, reports, chars = _run(loaded, sources)
                if args.profile == k and mode == "one":
                    prof.disable()
                    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
                print(f"{mode:8} {k:>3} {chars:>10} {reports:>8} {secs:>8.2f} "
                      f"{secs / chars * 1e6:>8.1f}", flush=True)
        if args.long:
            # one paragraph, no line breaks: no headline can split it, so it is ONE report
            body = "".join(t.replace("#", "") for t in texts).replace("\n", "")
            text = "长篇报告\n\n" + (body * (args.long // max(len(body), 1) + 1))[: args.long]
            path = Path(tmp) / "long.txt"
            path.write_text(text, encoding="utf-8")
            try:
                secs, reports, chars = _run(loaded, _sources([path]))
                print(f"{'long':8} {'':>3} {chars:>10} {reports:>8} {secs:>8.2f} "
                      f"{secs / chars * 1e6:>8.1f}")
            except Exception as err:  # noqa: BLE001 - report the failure as a figure
                print(f"long     {args.long} chars: FAILED {type(err).__name__}: {err}"[:300])


if __name__ == "__main__":
    main()
