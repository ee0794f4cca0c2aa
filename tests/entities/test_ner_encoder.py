"""`WindowEncoder` gives thinc's scores bit for bit (numpy gemm), or steps aside (issue 10)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from thinc.api import NumpyOps, Softmax_v2, chain, with_array

from pipeline.entities import ner
from pipeline.entities.ner_encoder import WindowEncoder
from pipeline.paths import project_root

MODEL = project_root() / "models" / "ner"
# Invented report lines: names, units, digits, punctuation, spaces, newlines.
TEXTS = [
    "峤南县公安局刑侦大队民警岑山在青松镇抓获犯罪嫌疑人蔡某东等３人。\n",
    "２０２６年，全县破获案件１２起（同比上升５％），ＡＢＣ　Ｄ小组  \t受表彰。\r\n",
    "Qinglin Police 报道:张某某、黄先生\u3000在 Hall-7 领奖。",
    "某",
    "青松镇派出所所长岑山说，" * 40,
]


@pytest.fixture(scope="module")
def backend():
    tagger = ner.SpacyCharTagger("numpy")
    tagger.load(MODEL)
    return tagger


def _thinc_scores(run: ner._CharTaggerRun, texts: list[str]) -> list[np.ndarray]:
    run.predict(texts)  # grows the embedding table for new characters
    rows = [run.features.index_of(t) for t in texts]
    return run.split[1].predict([run.vectors[r] for r in rows])


def test_the_shipped_model_runs_on_the_numpy_encoder(backend) -> None:
    assert ner._run(backend.model).encoder is not None


@pytest.fixture
def exact(backend):
    """The encoder with its first block on the gemm, as thinc computes it."""
    encoder = ner._run(backend.model).encoder
    encoder.exact = True
    yield encoder
    encoder.exact = False


def test_same_scores_as_thinc_alone_and_in_batches(backend, exact) -> None:
    run = ner._run(backend.model)
    rng = random.Random(7)
    batches = [[t] for t in TEXTS]
    batches += [[rng.choice(TEXTS)[: rng.randint(1, 120)] for _ in range(rng.randint(2, 9))]
                for _ in range(20)]
    with ner._one_blas_thread():
        for texts in batches:
            got = run.predict(texts)
            want = _thinc_scores(run, texts)
            assert len(got) == len(want)
            for a, b in zip(got, want, strict=True):
                assert a.dtype == b.dtype and np.array_equal(a, b)


def _random_rest(window: int, pieces: int, depth: int, normalize: bool = False):
    """encode >> output like spaCy's tagger, random weights, on numpy's gemm."""
    width = 8
    rest = chain(MaxoutWindowEncoder(width=width, window_size=window, maxout_pieces=pieces,
                                     depth=depth),
                 with_array(Softmax_v2(nO=5, nI=width, normalize_outputs=normalize)))
    rng = np.random.default_rng(3)
    sample = [rng.standard_normal((n, width)).astype("f") for n in (4, 9)]
    rest.initialize(X=sample)
    for node in rest.walk():
        node.ops = NumpyOps(use_blis=False)
        for name in node.param_names:
            if node.has_param(name):
                shape = node.get_param(name).shape
                node.set_param(name, rng.standard_normal(shape).astype("f"))
    return rest


@pytest.mark.parametrize(("window", "pieces", "depth"), [(1, 2, 3), (2, 3, 2), (1, 1, 1)])
def test_other_shapes_give_thincs_scores_too(window: int, pieces: int, depth: int) -> None:
    rest = _random_rest(window, pieces, depth)
    encoder = WindowEncoder.from_model(rest)
    assert encoder is not None
    rng = np.random.default_rng(window * 10 + pieces)
    table = rng.standard_normal((30, 8)).astype("f")
    for lengths in ([1], [5], [40], [3, 1, 17], [2] * 6):
        rows = [rng.integers(0, 30, n).astype(np.uint32) for n in lengths]
        want = rest.predict([table[r] for r in rows])
        encoder.exact = True
        for a, b in zip(encoder(table, rows), want, strict=True):
            assert np.array_equal(a, b)
        encoder.exact = False
        for a, b in zip(encoder(table, rows), want, strict=True):
            assert np.allclose(a, b, rtol=1e-5, atol=1e-5)


def test_first_block_tables_follow_a_growing_table_or_start_over() -> None:
    rest = _random_rest(1, 2, 2)
    encoder = WindowEncoder.from_model(rest)
    rng = np.random.default_rng(11)
    table = rng.standard_normal((10, 8)).astype("f")
    grown = np.concatenate([table, rng.standard_normal((5, 8)).astype("f")])
    other = rng.standard_normal((15, 8)).astype("f")
    rows = [np.array([0, 3, 14, 9, 12, 1], dtype=np.uint32)]
    encoder(table, [rows[0][rows[0] < 10]])
    for t in (grown, other, grown):
        want = rest.predict([t[r] for r in rows])
        assert np.allclose(encoder(t, rows)[0], want[0], rtol=1e-5, atol=1e-5)
        assert encoder._covered == len(t)


def test_blis_or_a_normalized_output_is_left_to_thinc(backend) -> None:
    rest = _random_rest(1, 2, 2)
    for node in rest.walk():
        node.ops = NumpyOps()  # blis
    assert WindowEncoder.from_model(rest) is None
    assert WindowEncoder.from_model(_random_rest(1, 2, 2, normalize=True)) is None
    blis = ner.SpacyCharTagger("blis")
    blis.load(MODEL)
    assert ner._run(blis.model).encoder is None

