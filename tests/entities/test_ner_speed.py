"""The char NER's fast paths give what the plain paths give (issue 10).

- `CharFeatures` hands the tagger the same feature rows as a char_doc, without the Doc;
- `fold_width` (str.translate) folds exactly like the per-character map it replaced;
- the numpy (OpenBLAS) gemm scores within float rounding of thinc's blis, same spans;
- OpenBLAS runs on one thread while the CNN runs.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.vocab import Vocab

from pipeline.entities import ner
from pipeline.entities.ner_data import _WIDTH, CharFeatures, char_doc, fold_width
from pipeline.paths import project_root

MODEL = project_root() / "models" / "ner"
COLUMNS = ["NORM", "SHAPE"]
# Invented report lines: names, units, full-width digits and punctuation, spaces, newlines.
TEXTS = [
    "峤南县公安局刑侦大队民警岑山在青松镇抓获犯罪嫌疑人蔡某东等３人。\n",
    "２０２６年，全县破获案件１２起（同比上升５％），ＡＢＣ　Ｄ小组  \t受表彰。\r\n",
    "Qinglin Police 报道:张某某、黄先生\u3000在 Hall-7 领奖 \U0001F600\U00020000。",
    "",
    "某",
]


def test_fold_width_equals_the_per_character_map_on_every_code_point() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert fold_width(every) == "".join(_WIDTH.get(ch, ch) for ch in every)
    assert fold_width("１２，ＡＢ\u3000") == "12,AB "


def test_char_features_equal_a_char_docs_features() -> None:
    vocab = Vocab()
    features = CharFeatures(vocab, COLUMNS)
    for text in TEXTS + TEXTS[::-1]:  # characters first seen, then already known
        rows = features.rows(text)
        expected = char_doc(vocab, text).to_array(COLUMNS).reshape(len(text), len(COLUMNS))
        assert len(rows) == len(text)
        assert rows.to_array(COLUMNS).dtype == np.uint64
        assert np.array_equal(rows.to_array(COLUMNS), expected)


def test_char_features_learn_each_character_once() -> None:
    features = CharFeatures(Vocab(), COLUMNS)
    features.rows("岑山岑山，")
    assert len(features.table) == 1 + 3  # row 0 is "not seen"
    features.rows("岑山，峤")
    assert len(features.table) == 1 + 4


def _assert_same_spans(got: list[list[ner.TagSpan]], want: list[list[ner.TagSpan]]) -> None:
    """Same offsets and labels; scores equal up to float rounding."""
    assert [[s[:3] for s in spans] for spans in got] == [[s[:3] for s in spans] for spans in want]
    assert [s[3] for spans in got for s in spans] == pytest.approx(
        [s[3] for spans in want for s in spans], abs=1e-5)


@pytest.fixture(scope="module")
def blis_model():
    return spacy.load(MODEL)  # thinc's default ops, as main ran it


@pytest.fixture(scope="module")
def numpy_backend():
    backend = ner.SpacyCharTagger("numpy")
    backend.load(MODEL)
    return backend


def test_the_model_reads_char_features_not_docs(numpy_backend) -> None:
    assert isinstance(ner._char_input(numpy_backend.model, TEXTS[0]), ner.CharRows)


def test_numpy_gemm_scores_within_rounding_of_blis_and_same_spans(
    blis_model, numpy_backend
) -> None:
    texts = [t for t in TEXTS if t]
    run = ner._run(numpy_backend.model)
    assert run.split is not None  # the shipped model's embedding is per character
    embed, rest = run.split
    assert all(not n.ops.use_blis for n in rest.walk() if not n.layers)
    assert all(n.ops.use_blis for n in embed.walk())  # the once-per-character table
    blis_scores = blis_model.get_pipe("tagger").model.predict(
        [char_doc(blis_model.vocab, t) for t in texts])
    with ner._one_blas_thread():
        numpy_scores = run.predict(texts)
    for a, b in zip(blis_scores, numpy_scores, strict=True):
        assert a.shape == b.shape
        assert np.allclose(a, b, atol=1e-4)
    fast = numpy_backend.tag_spans(texts)
    assert any(fast)
    _assert_same_spans(fast, ner.tag_spans(blis_model, texts))


def test_the_embedding_table_gives_the_embedding_of_whole_texts(blis_model) -> None:
    """With blis ops everywhere the split model gives exactly the whole model's scores."""
    run = ner._CharTaggerRun(blis_model)
    texts = [t for t in TEXTS if t] + ["岑山，峤南。" * 3]
    whole = blis_model.get_pipe("tagger").model.predict(
        [char_doc(blis_model.vocab, t) for t in texts])
    for a, b in zip(whole, run.predict(texts), strict=True):
        assert np.array_equal(a, b)


def test_a_model_whose_embedding_sees_neighbours_is_not_split(blis_model) -> None:
    from thinc.api import chain, expand_window

    tagger = blis_model.get_pipe("tagger").model
    (embed, encode), output = tagger.layers[0].layers, tagger.layers[1]
    mixed = chain(chain(chain(embed, expand_window(1)), encode), output)
    assert ner._split_embedding(mixed) is None
    assert ner._split_embedding(tagger) is not None


def test_windows_with_numpy_gemm_give_the_spans_of_the_whole_text(numpy_backend, monkeypatch):
    text = "峤南县公安局刑侦大队民警岑山在青松镇抓获犯罪嫌疑人蔡某东等3人。\n" * 30
    monkeypatch.setattr(ner, "CHUNK_CHARS", 10**9)
    spans = numpy_backend.tag_spans([text])
    with ner._one_blas_thread():
        (whole,) = ner._score_matrices(numpy_backend.model, [text])
    monkeypatch.setattr(ner, "CHUNK_CHARS", 89)
    with ner._one_blas_thread():
        (parts,) = ner._score_matrices(numpy_backend.model, [text])
    assert np.allclose(parts, whole, atol=1e-5)
    _assert_same_spans(numpy_backend.tag_spans([text]), spans)


def test_openblas_runs_on_one_thread_while_tagging() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    with ner._one_blas_thread():
        inside = threadpoolctl.threadpool_info()
    assert inside and all(lib["num_threads"] == 1 for lib in inside
                          if lib["user_api"] == "blas")


def test_unknown_gemm_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown gemm"):
        ner.SpacyCharTagger("mkl")


def test_without_threadpoolctl_the_backend_keeps_blis(monkeypatch) -> None:
    monkeypatch.setattr(ner, "_blas_libraries", lambda: None)
    backend = ner.SpacyCharTagger("numpy")
    backend.load(MODEL)
    assert backend.gemm == "blis"
    tagger = backend.model.get_pipe("tagger").model
    assert all(getattr(n.ops, "use_blis", True) for n in tagger.walk())


def test_a_batch_of_empty_texts_gives_no_spans(numpy_backend) -> None:
    assert numpy_backend.tag_spans([""]) == [[]]
    assert numpy_backend.tag_spans(["", "岑山"])[0] == []
