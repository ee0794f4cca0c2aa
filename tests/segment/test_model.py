"""The shipped segmentation model and the scorer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.segment.score import load_pkuseg, score_segmentation
from pipeline.segment.view import seg_view

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "pkuseg"


# --------------------------------------------------------------------------- scorer


def _write(path: Path, lines: Sequence[str]) -> Path:
    # CRLF like the icwb2 files
    path.write_bytes("".join(line + "\r\n" for line in lines).encode("utf-8"))
    return path


def test_score_segmentation_hand_computed(tmp_path: Path) -> None:
    test = _write(tmp_path / "test.txt", ["民警抓获嫌疑人", "", "市公安局通报", "同比上升27.1%"])
    gold = _write(
        tmp_path / "gold.txt",
        ["民警  抓获  嫌疑人  ", "", "市  公安局  通报  ", "同比  上升  27.1%  "],
    )
    canned = {
        "民警抓获嫌疑人": ["民警", "抓获", "嫌疑", "人"],  # 2 of 4 right
        "市公安局通报": ["市公安局通报"],  # 0 of 1 right
        "同比上升27．1％": ["同比", "上升", "27．1％"],  # 3 of 3; input is the view
    }
    seen: list[str] = []

    def seg_fn(text: str) -> list[str]:
        seen.append(text)
        return canned[text]

    result = score_segmentation(seg_fn, test, gold)
    assert seen == list(canned)  # empty line skipped, test line viewed
    assert result["n_sentences"] == 3
    assert result["n_gold_words"] == 9
    assert result["n_pred_words"] == 8
    # correct = 2 + 0 + 3 = 5; P = 5/8, R = 5/9, F1 = 2PR/(P+R) = 10/17
    assert result["precision"] == pytest.approx(5 / 8)
    assert result["recall"] == pytest.approx(5 / 9)
    assert result["f1"] == pytest.approx(10 / 17)
    assert result["chars_per_s"] > 0


def test_score_segmentation_rejects_changed_characters(tmp_path: Path) -> None:
    test = _write(tmp_path / "test.txt", ["民警出警"])
    gold = _write(tmp_path / "gold.txt", ["民警  出警"])
    with pytest.raises(ValueError):
        score_segmentation(lambda text: ["民警", "出"], test, gold)


# --------------------------------------------------------------------------- shipped model


@pytest.fixture(scope="module")
def seg():
    if not (MODEL_DIR / "features.msgpack").is_file():
        pytest.fail(f"shipped model missing in {MODEL_DIR}")
    cut = load_pkuseg(MODEL_DIR)  # offline: a directory, no dictionary

    def run(text: str) -> list[str]:
        return list(cut(seg_view(text)))

    return run


def test_model_files_are_float64_and_small() -> None:
    import numpy as np

    npz = np.load(MODEL_DIR / "weights.npz")
    assert npz["w"].dtype == np.float64  # pkuseg's kernel only takes double
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    assert npz["w"].shape == (n_tag * (n_feature + n_tag),)
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert total < 50_000_000
