"""The shipped segmentation model, the scorer, and a toy training run."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from pipeline.segment import fastseg
from pipeline.segment.score import load_pkuseg, score_segmentation
from pipeline.segment.train import train_segmenter
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
    npz = np.load(MODEL_DIR / "weights.npz")
    assert npz["w"].dtype == np.float64  # pkuseg's kernel only takes double
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    assert npz["w"].shape == (n_tag * (n_feature + n_tag),)
    total = sum((MODEL_DIR / name).stat().st_size for name in ("features.msgpack", "weights.npz"))
    assert total < 50_000_000
    # the derived fast-load tables beside it (segment/fastseg.py): weights stored raw
    assert (MODEL_DIR / "fastseg.bin").stat().st_size < 25_000_000


def test_unit_names_stay_whole(seg) -> None:
    words = seg("某县公安局刑侦大队民警抓获犯罪嫌疑人3名。")
    assert words[:5] == ["某县", "公安局", "刑侦大队", "民警", "抓获"]
    assert "".join(words) == "某县公安局刑侦大队民警抓获犯罪嫌疑人3名。"


def test_city_bureau_is_not_split_into_characters(seg) -> None:
    words = seg("市公安局带队检查。")
    assert words[:2] == ["市", "公安局"]


def test_police_station_kept_whole(seg) -> None:
    assert seg("城关派出所接到群众报警后迅速出警。") == [
        "城关",
        "派出所",
        "接到",
        "群众",
        "报警",
        "后",
        "迅速",
        "出警",
        "。",
    ]


def test_percentage_stays_together_after_the_view(seg) -> None:
    words = seg("警情同比下降27.1%。")
    assert "27．1％" in words  # one word in the view = "27.1%" in the text
    assert words[-2:] == ["27．1％", "。"]


def test_halfwidth_amount_and_brackets(seg) -> None:
    words = seg("ＡＢＣ公司报案称被骗５.６万元(已冻结)。")
    assert words[0] == "ABC"
    assert "5．6万" in words
    assert "（" in words and "）" in words  # brackets do not glue to words


def test_lexicon_only_words(seg) -> None:
    # absent from PD1998 as words; learnt from the domain lexicon lines
    words = seg("经侦大队联合反诈中心开展追赃挽损。")
    assert words[0] == "经侦大队"
    assert "追赃挽损" in words


# --------------------------------------------------------------------------- toy training

CORPUS = [
    "１９９８年 ， 市 公安局 民警 抓获 ２ 名 嫌疑人 。",
    "派出所 民警 接到 报警 后 迅速 出警 。",
    "全市 警情 同比 下降 ２７．１％ 。",
    "公安局 刑侦 大队 破获 案件 ５ 起 。",
    "群众 报警 称 家中 被盗 。",
] * 4


def _digest(directory: Path) -> str:
    h = hashlib.sha256()
    for name in ("features.msgpack", "weights.npz"):
        h.update((directory / name).read_bytes())
    return h.hexdigest()


def test_toy_training_is_deterministic_and_loadable(tmp_path: Path) -> None:
    corpus = tmp_path / "toy.txt"
    corpus.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")
    lexicon = tmp_path / "lex.txt"
    lexicon.write_text("# toy\n反诈中心\n", encoding="utf-8")

    outs = []
    for run in ("a", "b"):
        report = train_segmenter(
            tmp_path / run,
            corpora=[str(corpus)],
            lexicon=lexicon,
            iterations=1,
            prune_threshold=0.0,
            heldout=corpus,
            tmp_dir=tmp_path,
        )
        outs.append(tmp_path / run)
        assert report.build.lexicon_entries == 1
        assert report.build.total_lines == 21
    assert _digest(outs[0]) == _digest(outs[1])  # seeded shuffle: identical files
    assert np.load(outs[0] / "weights.npz")["w"].dtype == np.float64
    words = load_pkuseg(outs[0])("民警接到报警")
    assert "".join(words) == "民警接到报警"
    # training also writes the tokenizer's fast tables, and they cut the same words
    fast = fastseg.load(outs[0])
    assert fast is not None
    for text in [*CORPUS, "民警接到报警", "全市警情同比下降２７．１％。"]:
        assert fast.cut(text) == load_pkuseg(outs[0])(text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "lex.txt", "toy.txt"]
