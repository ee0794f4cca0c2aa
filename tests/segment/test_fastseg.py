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


def _old_scores(fast: FastPkuseg, pieces: list[str], walk: dict[str, int]) -> np.ndarray:
    """Node scores as computed before session 5 (kept as the reference): every feature id
    of every position in one (n, 69) matrix, words by walking the prefix dict from each
    start, word pairs compared at every position, summed column by column."""
    joined = "".join(pieces)
    n = len(joined)
    lengths = np.array([len(p) for p in pieces], dtype=np.int64)
    ends = np.cumsum(lengths)
    pos = np.arange(n)
    piece_start = np.repeat(ends - lengths, lengths)
    piece_end = np.repeat(ends, lengths)
    renamed = joined.translate(fastseg._RENAME)
    codes = np.frombuffer(renamed.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    tok = fast.tok_of_code[codes].astype(np.int64)
    has = [pos - piece_start >= d for d in (1, 2)]
    has_next = [piece_end - pos > d for d in (1, 2)]
    zero, uni, unknown, no_word = fast.zero, fast.uni, fast.n_vocab, fast.no_word

    def shifted(arr, by, valid, fill):
        out = np.roll(arr, by, axis=0)
        out[~valid] = fill
        return out

    prev1, prev2 = shifted(tok, 1, has[0], unknown), shifted(tok, 2, has[1], unknown)
    next1, next2 = shifted(tok, -1, has_next[0], unknown), shifted(tok, -2, has_next[1], unknown)
    keys = tok * (unknown + 1) + np.roll(tok, -1)
    at = np.searchsorted(fast.pair_keys, keys)
    at[at == len(fast.pair_keys)] = 0
    at[(fast.pair_keys[at] != keys) | ~has_next[0]] = len(fast.pair_keys)
    pair = fast.pair_ids[at]
    cols = [np.zeros(n, dtype=np.int32), uni[tok, 0], np.where(has[0], uni[prev1, 1], zero),
            np.where(has[0], np.roll(pair[:, 0], 1), zero),
            np.where(has_next[0], uni[next1, 2], zero), pair[:, 1],
            np.where(has[1], uni[prev2, 3], zero), np.where(has[1], np.roll(pair[:, 2], 2), zero),
            np.where(has_next[1], uni[next2, 4], zero)]
    end_w = np.full((n, fastseg.N_LEN), no_word, dtype=np.int64)
    start_w = end_w.copy()
    for s in range(n):
        for e in range(s + fastseg.WORD_MIN, min(int(piece_end[s]), s + fastseg.WORD_MAX) + 1):
            v = walk.get(renamed[s:e])
            if v is None:
                break
            if v >= 0:
                start_w[s, fastseg.WORD_MAX - (e - s)] = v
                end_w[e - 1, fastseg.WORD_MAX - (e - s)] = v
    ww = []
    for (keys, ids), pre, post in zip(
        fast.ww_tables, (shifted(end_w, 1, has[0], no_word), end_w),
        (start_w, shifted(start_w, -1, has_next[0], no_word)), strict=True
    ):
        valid = (pre != no_word)[:, :, None] & (post != no_word)[:, None, :]
        key = (pre[:, :, None] * (no_word + 1) + post[:, None, :])[valid]
        out = np.full(valid.shape, zero, dtype=np.int32)
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        out[valid] = np.where(keys[at] == key, ids[at], zero)
        ww.append(out.reshape(n, -1))
    feats = np.concatenate([np.column_stack(cols), fast.w_m1[end_w], fast.w_p1[start_w], *ww],
                           axis=1)
    used = np.flatnonzero((feats != zero).any(axis=0))
    gathered = fast.weights[feats[:, used]]
    score = np.zeros((n, fast.edge.shape[0]), dtype=np.float64)
    for k in range(len(used)):
        score += gathered[:, k]
    return score


def test_scores_bit_identical_to_the_feature_matrix(fast) -> None:
    """The numpy trie, the sparse word pairs and the per-slot sums give the very node
    scores of the old code (one matrix of all feature ids, a prefix-dict walk per start,
    all 25 word-length pairs compared at every position): random texts of dictionary
    words, word pairs the model has ww features for, other characters and piece breaks.
    (Swapping two slots' order would pass here too: float64 sums of ~20 float32 weights
    are nearly always exact. The code keeps pkuseg's order all the same.)"""
    table = fastseg.load_tables(MODEL_DIR)
    prefixes = bytes(table["prefixes"]).decode("utf-8").split("\n")
    walk = dict(zip(prefixes, table["prefix_ids"].tolist(), strict=True))
    word = {v: p for p, v in walk.items() if v >= 0}
    # word pairs the model has ww features for (most random neighbours have none)
    keys = np.concatenate([k for k, _ in fast.ww_tables])
    pairs = [(word[int(k) // (fast.no_word + 1)], word[int(k) % (fast.no_word + 1)])
             for k in keys[:: max(len(keys) // 3000, 1)]]
    rng = np.random.default_rng(7)
    texts = [text for text in _report_texts()[:10]]
    for _ in range(80):
        parts = []
        for _ in range(int(rng.integers(1, 60))):
            roll = rng.random()
            if roll < 0.4:
                pre, post = pairs[int(rng.integers(len(pairs)))]
                parts.append(pre + (" " if rng.random() < 0.2 else "") + post)
            elif roll < 0.8:
                parts.append(prefixes[int(rng.integers(len(prefixes)))])
            else:
                parts.append(rng.choice(list("的了 \n&甲1A.,")))
        texts.append("".join(parts))
    for text in texts:
        pieces = text.split()
        if not pieces:
            continue
        score, _ = fast._scores(pieces)
        assert np.array_equal(score, _old_scores(fast, pieces, walk)), text[:80]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=st.sampled_from(list("公安局破获案件的了 \n\t　１2ab.,*甲乙")),
                        max_size=30), max_size=6))
def test_many_texts_in_one_pass_are_cut_as_each_alone(fast, texts: list[str]) -> None:
    """`spans_many` (the tokenizer's batches of reports) gives each text's own spans."""
    assert fast.spans_many(texts) == [fast.spans_many([t])[0] for t in texts]


def test_reports_in_one_pass_are_cut_as_each_alone(fast, slow) -> None:
    texts = _report_texts()[:12]
    together = fast.spans_many(texts)
    for text, spans in zip(texts, together, strict=True):
        assert [text[a:b] for a, b in spans] == slow.cut(text)
