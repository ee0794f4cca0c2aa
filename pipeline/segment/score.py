"""Score a word segmenter on a SIGHAN-style test/gold pair (word precision/recall/F1).

Both the raw test line and the gold words go through :func:`seg_view` first: that is the
text our tokenizer actually segments at run time, and the gold must be in the same
characters for word spans to be comparable. Words are compared as character spans, the
way the SIGHAN ``score`` script counts them.

``python -m pipeline.segment.score --model models/pkuseg`` scores the shipped model alone
(no pkuseg default dictionary) on the whole SIGHAN-2005 PKU test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.paths import data_root
from pipeline.segment.view import seg_view

# configs/ and models/ of a checkout or of the installed package (pipeline/paths.py); the
# corpora are not shipped: they sit beside a checkout, in ../shared/data.
REPO_ROOT = data_root()
DEFAULT_ICWB2_DIR = REPO_ROOT.parent / "shared" / "data" / "icwb2"
PKU_TEST = "testing/pku_test.utf8"
PKU_GOLD = "gold/pku_test_gold.utf8"

SegmentFn = Callable[[str], Sequence[str]]


def read_text_lines(path: Path | str) -> list[str]:
    """Lines without their CRLF/LF endings (the icwb2 files use CRLF)."""
    text = Path(path).read_text(encoding="utf-8")
    return [line.rstrip("\r\n") for line in text.splitlines()]


def word_spans(words: Sequence[str]) -> set[tuple[int, int]]:
    """Words -> set of (start, end) character offsets."""
    spans: set[tuple[int, int]] = set()
    pos = 0
    for word in words:
        spans.add((pos, pos + len(word)))
        pos += len(word)
    return spans


def _prf(correct: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_segmentation(
    seg_fn: SegmentFn,
    test_path: Path | str,
    gold_path: Path | str,
) -> dict[str, float | int]:
    """Segment every test line with ``seg_fn`` and compare with the gold words.

    ``seg_fn`` receives the viewed line and returns its words. Whitespace is not part of
    any word on either side. Returns precision, recall, f1 (fractions in [0, 1]),
    chars_per_s (segmentation time only), n_sentences, n_gold_words, n_pred_words.
    Raises ValueError if a line's characters differ between test, gold and output.
    """
    test_lines = read_text_lines(test_path)
    gold_lines = read_text_lines(gold_path)
    if len(test_lines) != len(gold_lines):
        raise ValueError(f"{len(test_lines)} test lines vs {len(gold_lines)} gold lines")

    correct = n_pred = n_gold = n_sent = n_chars = 0
    seconds = 0.0
    for lineno, (raw, gold_raw) in enumerate(zip(test_lines, gold_lines, strict=True), 1):
        gold = seg_view(gold_raw).split()
        text = "".join(seg_view(raw).split())
        if not text and not gold:
            continue
        start = time.perf_counter()
        pred = [w for w in (w.strip() for w in seg_fn(text)) if w]
        seconds += time.perf_counter() - start
        if "".join(pred) != text or "".join(gold) != text:
            raise ValueError(f"line {lineno}: characters differ between test/gold/output")
        gold_spans, pred_spans = word_spans(gold), word_spans(pred)
        correct += len(gold_spans & pred_spans)
        n_pred += len(pred_spans)
        n_gold += len(gold_spans)
        n_sent += 1
        n_chars += len(text)

    precision, recall, f1 = _prf(correct, n_pred, n_gold)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "chars_per_s": n_chars / seconds if seconds else 0.0,
        "n_sentences": n_sent,
        "n_gold_words": n_gold,
        "n_pred_words": n_pred,
    }


def load_pkuseg(model_dir: Path | str, user_dict: str | None = None) -> SegmentFn:
    """A pkuseg segmenter from a model directory, by default without any dictionary.

    ``user_dict=None`` in plain ``spacy_pkuseg.pkuseg`` means: no user dict and no
    ``default.pkl`` post-processing merges (which go against the PKU standard, PITFALLS
    §1.6). ``"default"`` adds the 390K-word default dictionary as a merging post-processor.
    The directory must be absolute-or-existing: a model *name* such as ``news`` would
    trigger a download.
    """
    import spacy_pkuseg

    path = Path(model_dir).resolve()
    if not (path / "features.msgpack").is_file():
        raise FileNotFoundError(path / "features.msgpack")
    seg = spacy_pkuseg.pkuseg(model_name=str(path), user_dict=user_dict)
    return seg.cut


def model_size_bytes(model_dir: Path | str) -> int:
    """Total size of the files in the model directory (what ships)."""
    return sum(p.stat().st_size for p in Path(model_dir).iterdir() if p.is_file())


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m pipeline.segment.score",
        description="Word P/R/F1 of a pkuseg model on the SIGHAN-2005 PKU test (viewed).",
    )
    p.add_argument("--model", type=Path, required=True, help="pkuseg model directory")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_ICWB2_DIR, help="icwb2 dir")
    p.add_argument("--test", type=Path, default=None, help="raw test file")
    p.add_argument("--gold", type=Path, default=None, help="gold file (words by spaces)")
    p.add_argument(
        "--user-dict",
        default=None,
        help="pkuseg user_dict: omit for none (how we score), 'default' for pkuseg's",
    )
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    test = args.test or args.data_dir / PKU_TEST
    gold = args.gold or args.data_dir / PKU_GOLD
    seg_fn = load_pkuseg(args.model, args.user_dict)
    result = score_segmentation(seg_fn, test, gold)
    size = model_size_bytes(args.model)
    print(f"model      {args.model}  ({size / 1e6:.1f} MB on disk)")
    print(f"test       {test}  ({result['n_sentences']} sentences)")
    print(
        f"precision  {100 * result['precision']:.2f}  recall {100 * result['recall']:.2f}"
        f"  F1 {100 * result['f1']:.2f}"
    )
    print(f"speed      {result['chars_per_s']:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
