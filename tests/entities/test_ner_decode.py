"""The fast BIO decoding (batched Viterbi, argmax shortcut) gives the reference path."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.entities.ner import _softmax, _transitions, _viterbi, best_path, decode_bio

TAGS = ["B-LOC", "B-ORG", "B-PERSON", "B-UNIT", "I-LOC", "I-ORG", "I-PERSON", "I-UNIT", "O"]


def reference_path(tags: list[str], probs: np.ndarray, sure_o: float = 0.98) -> np.ndarray:
    """The decoding as first written: Viterbi on each unsure stretch alone."""
    best = probs.argmax(axis=1)
    o_idx = tags.index("O")
    unsure = ~((best == o_idx) & (probs[:, o_idx] >= sure_o))
    trans, start_mask = _transitions(tags)
    logp = np.log(probs + 1e-12)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], unsure.view(np.int8), [0]))))
    for lo, hi in zip(edges[::2], edges[1::2], strict=True):
        best[lo:hi] = _viterbi(logp[lo:hi], trans, start_mask)
    return best


def _random_probs(rng: np.random.Generator, length: int, o_boost: float, ties: bool):
    raw = rng.standard_normal((length, len(TAGS))).astype(np.float32) * 3
    raw[:, -1] += o_boost
    if ties:  # coarse scores: equal probabilities within a row happen
        raw = np.round(raw)
    return _softmax(raw)


@pytest.mark.parametrize("ties", [False, True])
def test_best_path_equals_per_stretch_viterbi(ties: bool) -> None:
    rng = np.random.default_rng(7)
    for case in range(400):
        probs = _random_probs(rng, int(rng.integers(1, 80)), float(case % 4) * 2, ties)
        assert np.array_equal(best_path(TAGS, probs.copy()), reference_path(TAGS, probs.copy()))


def test_inconsistent_argmax_is_repaired() -> None:
    # argmax says O, I-PERSON, I-PERSON: an I- after O is not a path, Viterbi must change it
    probs = np.full((3, len(TAGS)), 0.01, dtype=np.float32)
    probs[0, TAGS.index("O")] = 0.6
    probs[0, TAGS.index("B-PERSON")] = 0.3
    probs[1:, TAGS.index("I-PERSON")] = 0.9
    path = best_path(TAGS, probs)
    assert [TAGS[i] for i in path] == ["B-PERSON", "I-PERSON", "I-PERSON"]
    assert np.array_equal(path, reference_path(TAGS, probs))


def test_sure_text_keeps_argmax() -> None:
    probs = np.zeros((5, len(TAGS)), dtype=np.float32)
    probs[:, -1] = 1.0
    assert best_path(TAGS, probs).tolist() == [8] * 5


def reference_spans(tags: list[str], best: np.ndarray, probs: np.ndarray) -> list:
    """decode_bio as first written: one step per character."""
    spans = []
    start, label, low = -1, "", 1.0
    for i, idx in enumerate(best.tolist()):
        tag = tags[idx]
        if tag.startswith("I-") and start >= 0 and tag[2:] == label:
            low = min(low, float(probs[i]))
            continue
        if start >= 0:
            spans.append((start, i, label, low))
            start = -1
        if tag != "O":
            start, label, low = i, tag[2:], float(probs[i])
    if start >= 0:
        spans.append((start, len(best), label, low))
    return spans


def test_decode_bio_equals_per_character_scan() -> None:
    rng = np.random.default_rng(3)
    for case in range(500):
        length = int(rng.integers(0, 60))
        weights = np.ones(len(TAGS))
        weights[-1] = float(case % 5) * 3  # from no O at all to mostly O
        best = rng.choice(len(TAGS), size=length, p=weights / weights.sum())
        probs = rng.random(length).astype(np.float32)
        assert decode_bio(TAGS, best, probs) == reference_spans(TAGS, best, probs)


def test_decode_bio_repairs_and_ends() -> None:
    best = np.array([TAGS.index(t) for t in ["I-LOC", "I-LOC", "O", "B-PERSON", "I-ORG", "I-ORG"]])
    probs = np.array([0.9, 0.7, 1.0, 0.8, 0.6, 0.95], dtype=np.float32)
    spans = decode_bio(TAGS, best, probs)
    assert [(s, e, lab) for s, e, lab, _ in spans] == [(0, 2, "LOC"), (3, 4, "PERSON"), (4, 6, "ORG")]
    assert spans[0][3] == pytest.approx(0.7) and spans[2][3] == pytest.approx(0.6)
