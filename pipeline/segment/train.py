"""Train, prune and save our spacy-pkuseg word-segmentation model.

Recipe (the defaults of ``python -m pipeline.segment.train --out models/pkuseg``):

1. Read the training corpora (one sentence per line, words separated by spaces), put every
   word through :func:`seg_view` (the same 1:1 character view the tokenizer segments at run
   time) and append every domain-lexicon entry, also viewed, as its own one-word line.
2. Train spacy-pkuseg's CRF with a fixed random seed (its SGD shuffles with ``random``).
3. Prune features whose largest absolute weight is <= ``prune_threshold``, drop the bigram
   list (unused at inference), round the weights and save them as float64 in a compressed
   ``weights.npz`` (the Cython kernel only accepts float64, PITFALLS §1.3).

Load the result with ``spacy_pkuseg.pkuseg(model_name=DIR, user_dict=None)``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import srsly

from pipeline.paths import data_root
from pipeline.segment.fastseg import write_derived
from pipeline.segment.view import seg_view

# configs/ and models/ of a checkout or of the installed package (pipeline/paths.py); the
# corpora are not shipped: they sit beside a checkout, in ../shared/data.
REPO_ROOT = data_root()
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "cws"
DEFAULT_LEXICON = REPO_ROOT / "configs" / "segmenter" / "domain_lexicon.txt"

# Corpus name -> path relative to the data dir. ctb6 is deliberately absent: LDC-licensed.
CORPUS_FILES: dict[str, str] = {
    "pd1998": "pd1998/jan_feb_words.txt",
    "sxu": "sxu/train.txt",
    "ud_gsdsimp": "ud_gsdsimp/train.txt",
}
# pkuseg.train() insists on a test file and prints an F-score on it every iteration; the
# number is only a progress signal (the real score is score.py on the whole PKU test).
DEFAULT_HELDOUT = "ud_gsdsimp/dev.txt"

# The shipped recipe.
DEFAULT_CORPORA: tuple[str, ...] = ("pd1998",)
DEFAULT_ITERATIONS = 4
DEFAULT_PRUNE_THRESHOLD = 0.02
DEFAULT_WEIGHT_BITS = 32
DEFAULT_SEED = 0


@dataclass
class BuildStats:
    """What went into the training file (reported in MODEL.md)."""

    lines_per_corpus: dict[str, int] = field(default_factory=dict)
    lexicon_entries: int = 0
    dropped_lines: int = 0
    total_lines: int = 0
    total_chars: int = 0


# --------------------------------------------------------------------------- reading


def read_lines(path: Path, cache_dir: Path | None = None) -> list[str]:
    """Read a text corpus with ``datasets`` (the project's data loader), one item per line.

    The arrow cache goes to ``cache_dir`` (our temp dir) so nothing is left in ~/.cache.
    The "text" builder ships with ``datasets``: offline mode keeps it from asking the Hub.
    """
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # read at import time
    import datasets

    datasets.disable_progress_bars()
    ds = datasets.load_dataset(
        "text",
        data_files=str(path),
        split="train",
        cache_dir=str(cache_dir) if cache_dir else None,
    )
    return list(ds["text"])


def load_lexicon(path: Path) -> list[str]:
    """One word per line; ``#`` comment lines and blank lines are skipped, order kept."""
    words: list[str] = []
    seen: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        word = raw.strip()
        if not word or word.startswith("#"):
            continue
        if any(ch.isspace() for ch in word):
            raise ValueError(f"lexicon entry contains whitespace: {word!r}")
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def view_words(line: str) -> list[str] | None:
    """Split a corpus line into words and view each word; None if the view breaks a word.

    seg_view maps only U+3000 to a space, and ``str.split()`` already splits on U+3000, so
    this cannot happen with the current view (0 lines dropped on our corpora); the check
    guards against a future view that maps something else to whitespace.
    """
    words = [seg_view(w) for w in line.split()]
    if any(any(ch.isspace() for ch in w) for w in words):
        return None
    return words


# --------------------------------------------------------------------------- building


def build_training_file(
    corpora: Sequence[Path],
    lexicon: Sequence[str],
    out_path: Path,
    cache_dir: Path | None = None,
) -> BuildStats:
    """Write the viewed corpora plus one line per lexicon entry to ``out_path``."""
    stats = BuildStats()
    with out_path.open("w", encoding="utf-8") as out:
        for corpus in corpora:
            kept = 0
            for line in read_lines(corpus, cache_dir):
                words = view_words(line)
                if words is None:
                    stats.dropped_lines += 1
                    continue
                if not words:
                    continue
                out.write(" ".join(words) + "\n")
                kept += 1
                stats.total_chars += sum(map(len, words))
            stats.lines_per_corpus[str(corpus)] = kept
            stats.total_lines += kept
        # One-word lines: the word enters pkuseg's word list (its w-1./w1. dictionary
        # features) and is seen once as a B..E span; no sentence context is invented.
        for word in lexicon:
            out.write(seg_view(word) + "\n")
            stats.lexicon_entries += 1
            stats.total_lines += 1
            stats.total_chars += len(word)
    return stats


def write_viewed_copy(src: Path, dst: Path, cache_dir: Path | None = None) -> int:
    """Viewed copy of the held-out file pkuseg wants; returns the number of lines."""
    n = 0
    with dst.open("w", encoding="utf-8") as out:
        for line in read_lines(src, cache_dir):
            words = view_words(line)
            if words:
                out.write(" ".join(words) + "\n")
                n += 1
    return n


# --------------------------------------------------------------------------- training

_CONFIG_FIELDS = ("trainFile", "testFile", "modelDir", "nThread", "ttlIter", "init_model")


def train_raw(
    train_file: Path,
    heldout_file: Path,
    raw_dir: Path,
    iterations: int,
    seed: int,
    scratch_dir: Path,
) -> float:
    """Run ``spacy_pkuseg.train`` deterministically; return seconds taken.

    * The optimizer shuffles sentences with the global ``random`` module (unseeded in
      pkuseg): seeding it makes two runs give byte-identical files.
    * ``train`` mutates the global ``spacy_pkuseg.config`` (model dir, ...), which every
      later ``pkuseg()`` in this process would see: the fields are restored afterwards.
    * Its feature files (~80x the corpus) go to a lazily created temp dir that lives
      until process exit; pointing it into ``scratch_dir`` lets us delete them now.
    """
    import spacy_pkuseg
    from spacy_pkuseg.config import config

    saved = {name: getattr(config, name, None) for name in _CONFIG_FIELDS}
    saved_tmp = config._tmp_dir
    pk_tmp = tempfile.TemporaryDirectory(prefix="pkuseg_", dir=scratch_dir)
    config._tmp_dir = pk_tmp
    random.seed(seed)
    np.random.seed(seed)
    start = time.perf_counter()
    try:
        spacy_pkuseg.train(str(train_file), str(heldout_file), str(raw_dir), iterations)
    finally:
        for name, value in saved.items():
            setattr(config, name, value)
        config._tmp_dir = saved_tmp
        pk_tmp.cleanup()
    return time.perf_counter() - start


# --------------------------------------------------------------------------- pruning


@dataclass
class PruneStats:
    features_before: int
    features_after: int
    threshold: float
    weight_bits: int


def round_weights(w: np.ndarray, bits: int) -> np.ndarray:
    """Round to float32/float16 precision but keep float64 (the only dtype pkuseg loads).

    The zeroed low mantissa bits make ``np.savez_compressed`` much smaller; f32 precision
    gave identical output in PITFALLS §1.3.
    """
    if bits == 64:
        return w.astype(np.float64)
    dtype = {32: np.float32, 16: np.float16}[bits]
    return w.astype(dtype).astype(np.float64)


def prune_model(
    raw_dir: Path,
    out_dir: Path,
    threshold: float,
    weight_bits: int = DEFAULT_WEIGHT_BITS,
) -> PruneStats:
    """Drop features with max|w| <= threshold, re-index, and save a compact model.

    Weights are laid out as ``w[f * n_tag + t]`` for node features, followed by an
    ``n_tag x n_tag`` block of transitions (spacy_pkuseg ``model.py``). Feature 0 is the
    always-on bias and is always kept. The bigram list is not read at inference time, so
    it is emptied; the unigram list is kept, because it decides which word features fire.
    """
    data = srsly.read_msgpack(raw_dir / "features.msgpack")
    npz = np.load(raw_dir / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = npz["w"]
    node = w[: n_tag * n_feature].reshape(n_feature, n_tag)
    trans = w[n_tag * n_feature :]

    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True
    new_index = np.full(n_feature, -1, dtype=np.int64)
    new_index[keep] = np.arange(int(keep.sum()))

    feature_to_idx = {
        feat: int(new_index[idx]) for feat, idx in data["feature_to_idx"].items() if keep[idx]
    }
    new_w = np.concatenate([node[keep].reshape(-1), trans])
    new_w = round_weights(new_w, weight_bits)

    out_dir.mkdir(parents=True, exist_ok=True)
    features = {
        "unigram": data["unigram"],
        "bigram": [],
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": data["tag_to_idx"],
    }
    srsly.write_msgpack(out_dir / "features.msgpack", features)
    sizes = np.array([n_tag, len(feature_to_idx)], dtype=np.int64)
    np.savez_compressed(out_dir / "weights.npz", sizes=sizes, w=new_w)
    write_derived(out_dir)  # fastseg.bin: the tables the tokenizer loads (fastseg.py)
    return PruneStats(n_feature, len(feature_to_idx), threshold, weight_bits)


# --------------------------------------------------------------------------- recipe


@dataclass
class TrainReport:
    out_dir: str
    corpora: list[str]
    lexicon: str | None
    iterations: int
    prune_threshold: float
    weight_bits: int
    seed: int
    train_seconds: float
    build: BuildStats
    prune: PruneStats
    files: dict[str, dict[str, object]]


def file_info(directory: Path) -> dict[str, dict[str, object]]:
    """Size and sha256 of every model file (for MODEL.md and reproducibility checks)."""
    info: dict[str, dict[str, object]] = {}
    for path in sorted(directory.glob("*")):
        if path.is_file() and path.suffix in {".msgpack", ".npz"}:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            info[path.name] = {"bytes": path.stat().st_size, "sha256": digest}
    return info


def resolve_corpora(names: Iterable[str], data_dir: Path) -> list[Path]:
    """Corpus names (see CORPUS_FILES) or explicit file paths -> existing paths."""
    paths: list[Path] = []
    for name in names:
        if name == "ctb6" or "ctb6" in Path(name).parts:
            raise ValueError("ctb6 is LDC-licensed and must not be used")
        path = data_dir / CORPUS_FILES[name] if name in CORPUS_FILES else Path(name)
        if not path.is_file():
            raise FileNotFoundError(path)
        paths.append(path)
    return paths


def train_segmenter(
    out_dir: Path | str,
    corpora: Sequence[str] = DEFAULT_CORPORA,
    lexicon: Path | str | None = DEFAULT_LEXICON,
    iterations: int = DEFAULT_ITERATIONS,
    prune_threshold: float = DEFAULT_PRUNE_THRESHOLD,
    *,
    data_dir: Path | str = DEFAULT_DATA_DIR,
    heldout: Path | str | None = None,
    seed: int = DEFAULT_SEED,
    weight_bits: int = DEFAULT_WEIGHT_BITS,
    keep_raw: Path | str | None = None,
    tmp_dir: Path | str | None = None,
) -> TrainReport:
    """Build the training file, train pkuseg, prune, and save the model in ``out_dir``.

    ``corpora`` are names from CORPUS_FILES (resolved under ``data_dir``) or file paths.
    ``keep_raw`` keeps a copy of the unpruned model (to try other thresholds without
    retraining). All temp files live under ``tmp_dir`` (default: system temp) and are
    removed at the end.
    """
    out_dir = Path(out_dir)
    data_dir = Path(data_dir)
    corpus_paths = resolve_corpora(corpora, data_dir)
    heldout_path = Path(heldout) if heldout else data_dir / DEFAULT_HELDOUT
    words = load_lexicon(Path(lexicon)) if lexicon else []

    with tempfile.TemporaryDirectory(prefix="segtrain_", dir=tmp_dir) as tmp:
        scratch = Path(tmp)
        train_file = scratch / "train.txt"
        heldout_file = scratch / "heldout.txt"
        build = build_training_file(corpus_paths, words, train_file, scratch / "hf_cache")
        write_viewed_copy(heldout_path, heldout_file, scratch / "hf_cache")
        raw_dir = Path(keep_raw) if keep_raw else scratch / "raw_model"
        seconds = train_raw(train_file, heldout_file, raw_dir, iterations, seed, scratch)
        prune = prune_model(raw_dir, out_dir, prune_threshold, weight_bits)

    return TrainReport(
        out_dir=str(out_dir),
        corpora=[str(p) for p in corpus_paths],
        lexicon=str(lexicon) if lexicon else None,
        iterations=iterations,
        prune_threshold=prune_threshold,
        weight_bits=weight_bits,
        seed=seed,
        train_seconds=round(seconds, 1),
        build=build,
        prune=prune,
        files=file_info(out_dir),
    )


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m pipeline.segment.train",
        description="Train the bulletin segmenter (spacy-pkuseg). Defaults = shipped recipe.",
    )
    p.add_argument("--out", required=True, type=Path, help="output model directory")
    p.add_argument(
        "--corpora",
        nargs="+",
        default=list(DEFAULT_CORPORA),
        help=f"corpus names ({', '.join(CORPUS_FILES)}) or file paths",
    )
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON)
    p.add_argument("--no-lexicon", action="store_true", help="train without the lexicon")
    p.add_argument("--heldout", type=Path, default=None, help="pkuseg's progress test file")
    p.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
    p.add_argument("--prune-threshold", type=float, default=DEFAULT_PRUNE_THRESHOLD)
    p.add_argument("--weight-bits", type=int, choices=(16, 32, 64), default=DEFAULT_WEIGHT_BITS)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--keep-raw", type=Path, default=None, help="also keep the unpruned model")
    p.add_argument("--tmp-dir", type=Path, default=None, help="where temp files go")
    p.add_argument(
        "--prune-only",
        type=Path,
        default=None,
        metavar="RAW_DIR",
        help="skip training: prune an existing unpruned model into --out",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if args.prune_only:
        stats = prune_model(args.prune_only, args.out, args.prune_threshold, args.weight_bits)
        print(json.dumps({"prune": asdict(stats), "files": file_info(args.out)}, indent=2))
        return 0
    report = train_segmenter(
        args.out,
        corpora=args.corpora,
        lexicon=None if args.no_lexicon else args.lexicon,
        iterations=args.iterations,
        prune_threshold=args.prune_threshold,
        data_dir=args.data_dir,
        heldout=args.heldout,
        seed=args.seed,
        weight_bits=args.weight_bits,
        keep_raw=args.keep_raw,
        tmp_dir=args.tmp_dir,
    )
    print(json.dumps(asdict(report), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
