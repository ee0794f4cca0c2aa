"""FastPkuseg cuts exactly as spacy_pkuseg does with the same model, and its derived
tables (`models/pkuseg/fastseg.bin`) are those of the shipped model files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.segment import fastseg
from pipeline.segment.fastseg import FAST_FILE, FastPkuseg, load, load_segmenter
from pipeline.segment.tokenizer import _cut_by_view, words_and_spaces, words_and_spaces_at
from pipeline.segment.view import seg_view

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / "models" / "pkuseg"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def fast() -> FastPkuseg:
    seg = load(MODEL_DIR)
    assert seg is not None, f"{MODEL_DIR / FAST_FILE} missing or stale: derive it again"
    return seg


@pytest.fixture(scope="module")
def slow():
    import spacy_pkuseg

    return spacy_pkuseg.pkuseg(str(MODEL_DIR), user_dict=None)


def _report_texts() -> list[str]:
    """Real reports (read, never copied) plus our own samples, as the tokenizer sees them."""
    folders = [SHARED / "seeds", ROOT / "corpus" / "samples", SHARED / "dev" / "train" / "texts"]
    files = [f for d in folders if d.is_dir() for f in sorted(d.glob("*.txt"))]
    return [seg_view(f.read_text(encoding="utf-8", errors="replace")) for f in files[:40]]


def test_same_words_as_pkuseg_on_reports(fast, slow) -> None:
    texts = _report_texts()
    assert len(texts) >= 5
    for text in texts:
        assert fast.cut(text) == slow.cut(text)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n", "民", "民警", "民 警", "  某县公安局  ", "3", "３名", "a.b-c", "ＡＢｇ",
     "一二三十", "2025年12月1日", "＊＊Num", "**Num", "&&", "😀警😀", "\ud800民",
     "某县公安局刑侦大队民警抓获犯罪嫌疑人3名。\n\n城关派出所接到报警。"],
)
def test_same_words_as_pkuseg_on_edge_cases(fast, slow, text: str) -> None:
    assert fast.cut(text) == slow.cut(text)


# Characters for random texts: dictionary words (so word features fire), digits and letters
# of both widths, pkuseg's renamed keyword characters, CJK punctuation, whitespace, and
# characters outside the model (astral, surrogate).
_PIECES = [
    "公安局", "派出所", "民警", "犯罪嫌疑人", "抓获", "诈骗", "案件", "刑事", "侦查", "大队",
    "中华人民共和国", "电信网络", "经济", "社会", "发展", "万元", "人民", "群众", "报警",
    "某", "县", "市", "局", "的", "了", "在", "和", "名", "起", "年", "月", "日",
    "0", "1", "9", "３", "十", "万", "亿", "零", "几", "％", "%", "a", "Z", "ｇ", "Ｑ",
    "-", ".", "_", ",", "|", "/", "*", ":", "&", "・", "－", "／", "，", "。", "、", "（", "）",
    "“", "”", "《", "》", " ", "\n", "\t", "\u3000", "😀", "\ud83d", "ꀀ", "Ω",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_same_words_as_pkuseg_on_random_strings(fast, slow, text: str) -> None:
    assert fast.cut(text) == slow.cut(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_same_words_as_pkuseg_on_any_text(fast, slow, text: str) -> None:
    assert fast.cut(text) == slow.cut(text)


def test_shipped_tables_are_derived_from_the_shipped_model() -> None:
    shipped = fastseg.load_tables(MODEL_DIR)
    assert bytes(shipped.pop("source")).decode() == fastseg.source_digest(MODEL_DIR)
    derived = fastseg.derive(MODEL_DIR)
    assert sorted(shipped) == sorted(derived)
    for name, table in derived.items():
        assert shipped[name].dtype == table.dtype, name
        assert np.array_equal(shipped[name], table), name


def test_stale_or_missing_tables_fall_back_to_pkuseg(tmp_path: Path) -> None:
    model = tmp_path / "pkuseg"
    model.mkdir()
    for name in (*fastseg.SOURCE_FILES, FAST_FILE):
        shutil.copyfile(MODEL_DIR / name, model / name)
    assert isinstance(load_segmenter(model), FastPkuseg)
    # another model in the same folder (here: the same weights saved again, other bytes)
    with np.load(model / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    np.savez(model / "weights.npz", **arrays)
    assert load(model) is None
    with pytest.warns(UserWarning, match="fastseg"):
        seg = load_segmenter(model)
    assert not isinstance(seg, FastPkuseg)
    assert seg.cut("民警抓获犯罪嫌疑人") == load(MODEL_DIR).cut("民警抓获犯罪嫌疑人")
    (model / FAST_FILE).unlink()
    assert load(model) is None


def test_pipeline_tokenizer_segments_with_fastpkuseg(loaded) -> None:
    assert isinstance(loaded.nlp.tokenizer.pkuseg_seg, FastPkuseg)


def test_saved_tokenizer_keeps_the_tables(loaded, tmp_path: Path) -> None:
    tok = loaded.nlp.tokenizer
    tok.to_disk(tmp_path / "tok")
    saved = tmp_path / "tok" / "pkuseg_model" / FAST_FILE
    assert saved.read_bytes() == (MODEL_DIR / FAST_FILE).read_bytes()
    again = type(tok)(tok.vocab, segmenter=tok.segmenter).from_bytes(tok.to_bytes())
    assert isinstance(again.pkuseg_seg, FastPkuseg)
    again.to_disk(tmp_path / "again")
    assert (tmp_path / "again" / "pkuseg_model" / FAST_FILE).read_bytes() == saved.read_bytes()


def _old_tokens(seg, text: str) -> tuple[list[str], list[bool]]:
    """The tokenizer's path for spacy_pkuseg: cut the view, find each word in the text."""
    return words_and_spaces(_cut_by_view(seg.cut, text), text)


def test_tokens_from_spans_equal_tokens_from_searching(fast, slow) -> None:
    texts = [f.read_text(encoding="utf-8", errors="replace")
             for d in (SHARED / "seeds", ROOT / "corpus" / "samples") if d.is_dir()
             for f in sorted(d.glob("*.txt"))]
    texts += ["", "  ", " 民警 抓获\u3000嫌疑人  3名 \n\n（完）\n ", "a b\tc\r\n"]
    for text in texts:
        assert words_and_spaces_at(fast.spans(seg_view(text)), text) == _old_tokens(slow, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_tokens_from_spans_on_random_strings(fast, slow, text: str) -> None:
    assert words_and_spaces_at(fast.spans(seg_view(text)), text) == _old_tokens(slow, text)


def test_regex_pieces_are_str_split_pieces() -> None:
    """`spans` finds pkuseg's pieces with `\\S+`: the same whitespace as `str.split`."""
    import re
    import sys

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        assert ch.isspace() == bool(re.fullmatch(r"\s", ch)), hex(code)
