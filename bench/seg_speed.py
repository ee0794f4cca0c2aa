"""CPU cost of the segmenter: spacy_pkuseg against FastPkuseg on the same texts, one run.

``python bench/seg_speed.py corpus/samples ../shared/seeds`` prints, in CPU seconds
(`time.process_time`: wall time is noise on a shared machine):

* model load: `spacy_pkuseg.pkuseg(model)` against `fastseg.load(model)`;
* segmentation alone: characters per CPU-second of `cut(seg_view(text))`, same words checked;
* the whole per-file pipeline (`extract.process_file`) with each segmenter swapped into the
  same built pipeline, alternating A/B/A/B so drift in the machine's load hits both.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.paths import models_dir
from pipeline.segment import fastseg
from pipeline.segment.view import seg_view


def _cpu(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


def _files(folders: Sequence[Path]) -> list[Path]:
    files = []
    for folder in folders:
        files += sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".json")
    return files


def _pipeline_us_per_char(loaded, sources, segmenter, rounds: int) -> list[float]:
    from pipeline.extract import make_normalizer, pipeline_info, process_file
    from pipeline.ingest import load_ingest_settings

    info = pipeline_info(loaded)
    normalizer = make_normalizer(True, loaded.normalize_settings)
    settings = loaded.ingest_settings or load_ingest_settings()
    chars = sum(len(s.text) for s in sources)
    loaded.nlp.tokenizer.pkuseg_seg = segmenter
    out = []
    for _ in range(rounds):
        cpu, _ = _cpu(lambda: [process_file(loaded, s, info, normalizer, settings)
                               for s in sources])
        out.append(1e6 * cpu / chars)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python bench/seg_speed.py", description=__doc__)
    p.add_argument("folders", type=Path, nargs="+", help="folders of input files")
    p.add_argument("--model", type=Path, default=models_dir() / "pkuseg")
    p.add_argument("--rounds", type=int, default=2, help="A/B rounds of the whole pipeline")
    p.add_argument("--no-pipeline", action="store_true", help="segmenter figures only")
    args = p.parse_args(argv)

    import spacy_pkuseg  # imported before timing: its import is not the model's load

    from pipeline.ingest import read_source

    load_slow, slow = _cpu(lambda: spacy_pkuseg.pkuseg(str(args.model), user_dict=None))
    load_fast, fast = _cpu(lambda: fastseg.load(args.model))
    if fast is None:
        raise SystemExit(f"{args.model}: no up-to-date {fastseg.FAST_FILE}")
    print(f"model load CPU-s   spacy_pkuseg {load_slow:.3f}   fastseg {load_fast:.3f}")

    sources = [read_source(f) for f in _files(args.folders)]
    texts = [seg_view(s.text) for s in sources]
    chars = sum(len(t) for t in texts)
    t_slow, words_slow = _cpu(lambda: [slow.cut(t) for t in texts])
    t_fast, words_fast = _cpu(lambda: [fast.cut(t) for t in texts])
    same = words_slow == words_fast
    print(f"segmentation       {chars:,} chars   spacy_pkuseg {chars / t_slow:,.0f} chars/CPU-s"
          f"   fastseg {chars / t_fast:,.0f} chars/CPU-s   x{t_slow / t_fast:.1f}   "
          f"same words: {same}")
    if args.no_pipeline:
        return 0 if same else 1

    from pipeline.nlp import build_pipeline

    loaded = build_pipeline()
    rows: dict[str, list[float]] = {"spacy_pkuseg": [], "fastseg": []}
    for _ in range(args.rounds):
        for name, seg in (("spacy_pkuseg", slow), ("fastseg", fast)):
            rows[name] += _pipeline_us_per_char(loaded, sources, seg, 1)
    in_chars = sum(len(s.text) for s in sources)
    for name, values in rows.items():
        shown = " ".join(f"{v:.1f}" for v in values)
        print(f"pipeline ({in_chars:,} input chars)  {name:12} CPU us/char: {shown}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
