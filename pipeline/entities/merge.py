"""Candidates and the named policies that settle overlaps between them.

Every recognizer (rule file or statistical NER) proposes `Candidate`s; one policy,
named in the pipeline config, decides which survive. Which source wins is therefore
written down in `configs/pipeline.cfg`, not an accident of component order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy import registry


@dataclass(frozen=True)
class Candidate:
    label: str
    start: int
    end: int
    score: float
    rule: str
    attrs: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def length(self) -> int:
        return self.end - self.start


MergePolicy = Callable[[Iterable[Candidate]], list[Candidate]]


def drop_nested_same_label(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Drop a candidate lying inside a longer one of the same label.

    Two rules for one label that disagree on extent (今年 / 今年1月) disagree on
    boundaries, not on the label: the longer reading keeps the information of both.
    """
    by_label: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_label.setdefault(cand.label, []).append(cand)
    kept: list[Candidate] = []
    for group in by_label.values():
        group.sort(key=lambda c: (c.start, -c.end))
        reach = -1  # furthest end of a span that started at or before this one
        for cand in group:
            if cand.end <= reach and not _same_span(cand, kept):
                continue
            kept.append(cand)
            reach = max(reach, cand.end)
    return kept


def _same_span(cand: Candidate, kept: list[Candidate]) -> bool:
    # Equal spans from two rules both stay: the policy then decides by score.
    return bool(kept) and kept[-1].start == cand.start and kept[-1].end == cand.end


def _greedy(candidates: Iterable[Candidate], key) -> list[Candidate]:
    candidates = drop_nested_same_label(candidates)
    taken: list[Candidate] = []
    occupied: set[int] = set()
    for cand in sorted(candidates, key=key):
        span = range(cand.start, cand.end)
        if any(i in occupied for i in span):
            continue
        occupied.update(span)
        taken.append(cand)
    return sorted(taken, key=lambda c: (c.start, c.end))


@registry.misc("bulletin.score_then_longest.v1")
def score_then_longest() -> MergePolicy:
    """Higher score first; among equal scores the longer span, then the earlier one."""

    def policy(candidates: Iterable[Candidate]) -> list[Candidate]:
        return _greedy(candidates, key=lambda c: (-c.score, -c.length, c.start, c.rule))

    return policy


@registry.misc("bulletin.longest_then_score.v1")
def longest_then_score() -> MergePolicy:
    """The longer span first (spaCy's "first longest"); score breaks ties."""

    def policy(candidates: Iterable[Candidate]) -> list[Candidate]:
        return _greedy(candidates, key=lambda c: (-c.length, -c.score, c.start, c.rule))

    return policy
