"""Does time grow linearly with the input? Seeds repeated k times, in ONE file and as a folder.

    .venv/bin/python bench/scale.py [--factors 1 2 4 8] [--base DIR] [--big-mb 20]
                                    [--long 50000 1000000] [--profile K]

For each factor k the seed files (../shared/seeds by default) are written k times into one
file (`one`: reports per file grow with k) and k times as separate files in a folder
(`folder`). Both go through the real per-file code (`extract.process_file`) with one pipeline
built once. `--big-mb M` adds one file of M megabytes (UTF-8), written chunk by chunk from
the seeds and corpus/samples repeated (decoded by the reader first, so GBK/HTML samples
become plain text). `--long N ...` runs one report of about N characters each (no
headlines: one report) and says whether it processes.

Printed per run: CPU seconds of this process (`time.process_time`: the fair figure on a
machine other people load), wall seconds, and microseconds of CPU and wall per input
character. Flat CPU us/char from 1x to 8x and on the big file (within +-20% of the 1x
figure) means linear. A benchmark, not a test: nothing asserts on the figures.
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


def _run(loaded, sources) -> tuple[float, float, int, int]:
    """CPU seconds, wall seconds, reports, input characters."""
    from pipeline.extract import make_normalizer, pipeline_info, process_file
    from pipeline.ingest import load_ingest_settings

    info = pipeline_info(loaded)
    normalizer = make_normalizer(True, loaded.normalize_settings)
    settings = loaded.ingest_settings or load_ingest_settings()
    c0, w0 = time.process_time(), time.perf_counter()
    reports = sum(len(process_file(loaded, s, info, normalizer, settings)) for s in sources)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return cpu, wall, reports, sum(len(s.text) for s in sources)


HEADER = (f"{'mode':8} {'k':>5} {'chars':>10} {'reports':>8} {'cpu s':>8} {'wall s':>8} "
          f"{'cpu us/ch':>9} {'wall us/ch':>10}")


def _row(mode: str, k: object, cpu: float, wall: float, reports: int, chars: int) -> str:
    return (f"{mode:8} {k!s:>5} {chars:>10} {reports:>8} {cpu:>8.2f} {wall:>8.2f} "
            f"{cpu / chars * 1e6:>9.1f} {wall / chars * 1e6:>10.1f}")


def write_big_file(path: Path, megabytes: float, texts: list[str]) -> int:
    """One UTF-8 file of about `megabytes` MB: `texts` repeated, written as it goes (never
    the whole file in memory). Returns the number of characters written."""
    target = int(megabytes * 1_000_000)
    written = chars = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            for text in texts:
                piece = text.strip() + "\n\n"
                out.write(piece)
                written += len(piece.encode("utf-8"))
                chars += len(piece)
                if written >= target:
                    break
    return chars


def _bulk_texts(seeds: list[Path]) -> list[str]:
    """Seeds and corpus/samples as decoded text (the reader handles GBK, HTML, BOMs)."""
    samples = ROOT / "corpus" / "samples"
    paths = list(seeds) + (sorted(p for p in samples.iterdir() if p.is_file())
                           if samples.is_dir() else [])
    return [s.text for s in _sources(paths)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--base", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--long", type=int, nargs="*", default=[],
                        help="also one report of ~N chars (several sizes allowed)")
    parser.add_argument("--big-mb", type=float, default=0,
                        help="also one file of this many MB (seeds + samples repeated)")
    parser.add_argument("--profile", type=int, default=0, help="profile this factor (one file)")
    parser.add_argument("--modes", nargs="+", default=["one", "folder"])
    args = parser.parse_args(argv)

    from pipeline.nlp import build_pipeline

    seeds = sorted(p for p in args.base.iterdir() if p.suffix in (".txt", ".html", ".md"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    loaded = build_pipeline()
    _run(loaded, _sources(seeds[:1]))  # warm-up (lazy loads)
    print(HEADER)
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
                cpu, wall, reports, chars = _run(loaded, sources)
                if args.profile == k and mode == "one":
                    prof.disable()
                    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
                print(_row(mode, k, cpu, wall, reports, chars), flush=True)
        if args.big_mb:
            path = Path(tmp) / "big.txt"
            write_big_file(path, args.big_mb, _bulk_texts(seeds))
            sources = _sources([path])
            cpu, wall, reports, chars = _run(loaded, sources)
            del sources
            print(_row("big", f"{args.big_mb:g}MB", cpu, wall, reports, chars), flush=True)
        for size in args.long:
            # one paragraph, no line breaks: no headline can split it, so it is ONE report
            body = "".join(t.replace("#", "") for t in texts).replace("\n", "")
            text = "长篇报告\n\n" + (body * (size // max(len(body), 1) + 1))[:size]
            path = Path(tmp) / "long.txt"
            path.write_text(text, encoding="utf-8")
            try:
                cpu, wall, reports, chars = _run(loaded, _sources([path]))
                print(_row("long", "", cpu, wall, reports, chars), flush=True)
            except Exception as err:  # noqa: BLE001 - report the failure as a figure
                print(f"long     {size} chars: FAILED {type(err).__name__}: {err}"[:300])


if __name__ == "__main__":
    main()
