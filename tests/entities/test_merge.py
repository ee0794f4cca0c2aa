"""The merge policy's container searches: the fast versions equal the pairwise ones."""

from __future__ import annotations

import random

import pytest

from pipeline.entities.merge import (
    Candidate,
    _Containers,
    _split_nested,
    _strictly_contains,
    _take,
)


def pairwise_split(cands: list[Candidate], score_first: bool):
    """`_split_nested` as it was: every candidate compared with every other of its label."""
    by_label: dict[str, list[Candidate]] = {}
    for cand in cands:
        by_label.setdefault(cand.label, []).append(cand)
    kept, shadowed = [], []
    for group in by_label.values():
        group.sort(key=lambda c: (c.start, -c.end))
        for cand in group:
            containers = [o for o in group if _strictly_contains(o, cand)]
            if not containers or (score_first and all(cand.score > o.score for o in containers)):
                kept.append(cand)
            else:
                shadowed.append(cand)
    return kept, shadowed


def random_candidates(rng: random.Random) -> list[Candidate]:
    out = []
    for k in range(rng.randint(0, 14)):
        start = rng.randint(0, 12)
        end = start + rng.randint(0, 6)  # empty spans too
        out.append(Candidate(rng.choice("AB"), start, end, rng.choice([0.5, 0.7, 0.9]), f"r{k}"))
    return out


@pytest.mark.parametrize("score_first", [False, True])
def test_one_pass_equals_pairwise(score_first: bool) -> None:
    rng = random.Random(11)
    for _ in range(4000):
        cands = random_candidates(rng)
        assert _split_nested(list(cands), score_first) == pairwise_split(list(cands), score_first)


def test_same_span_twice_is_not_nested_but_inside_a_longer_one_is() -> None:
    a = Candidate("UNIT", 0, 4, 0.8, "a")
    b = Candidate("UNIT", 0, 4, 0.7, "b")
    c = Candidate("UNIT", 0, 6, 0.6, "c")
    kept, shadowed = _split_nested([a, b], score_first=False)
    assert (kept, shadowed) == ([a, b], [])
    kept, shadowed = _split_nested([a, b, c], score_first=False)
    assert (kept, shadowed) == ([c], [a, b])


def test_take_skips_overlaps_of_what_was_taken() -> None:
    a = Candidate("X", 0, 3, 0.9, "a")
    b = Candidate("X", 2, 5, 0.8, "b")
    c = Candidate("X", 3, 5, 0.7, "c")
    assert _take([c, b, a], lambda x: -x.score, set()) == [a, c]


def test_containers_hold_what_some_span_of_its_label_strictly_contains() -> None:
    rng = random.Random(5)
    for _ in range(3000):
        spans, queries = random_candidates(rng), random_candidates(rng) + random_candidates(rng)
        index = _Containers(spans)
        for inner in queries + spans:
            expected = any(_strictly_contains(o, inner) and o.label == inner.label for o in spans)
            assert index.hold(inner) == expected, (spans, inner)


def test_containers_ignore_the_same_span_and_other_labels() -> None:
    inner = Candidate("UNIT", 2, 5, 0.5, "x")
    assert not _Containers([Candidate("UNIT", 2, 5, 0.9, "y")]).hold(inner)
    assert not _Containers([Candidate("LOC", 0, 9, 0.9, "y")]).hold(inner)
    assert _Containers([Candidate("UNIT", 2, 6, 0.9, "y")]).hold(inner)
    assert _Containers([Candidate("UNIT", 1, 5, 0.9, "y")]).hold(inner)
