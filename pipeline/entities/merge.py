"""Candidates and the named policies that settle overlaps between them.

Every recognizer (rule file or statistical NER) proposes `Candidate`s; one policy,
named in the pipeline config, decides which survive. Which source wins is therefore
written down in `configs/pipeline.cfg`, not an accident of component order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate

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


NESTED_POLICIES = ("shadow", "score_first", "fallback")


def drop_nested_same_label(
    candidates: Iterable[Candidate], score_first: bool = False
) -> list[Candidate]:
    """Drop a candidate lying inside a longer one of the same label.

    Two rules for one label that disagree on extent (今年 / 今年1月) disagree on
    boundaries, not on the label: the longer reading keeps the information of both.
    With `score_first`, a nested candidate stays when its score is strictly higher than
    that of every longer same-label candidate around it.
    """
    kept, _ = _split_nested(candidates, score_first)
    return kept


def _split_nested(
    candidates: Iterable[Candidate], score_first: bool
) -> tuple[list[Candidate], list[Candidate]]:
    """(kept, shadowed): candidates free of a same-label container, and the others."""
    by_label: dict[str, list[Candidate]] = {}
    for cand in candidates:
        by_label.setdefault(cand.label, []).append(cand)
    kept: list[Candidate] = []
    shadowed: list[Candidate] = []
    for group in by_label.values():
        group.sort(key=lambda c: (c.start, -c.end))
        nested = _has_container(group)
        for cand, inside in zip(group, nested, strict=True):
            if not inside:
                kept.append(cand)
            elif score_first and all(
                cand.score > o.score for o in group if _strictly_contains(o, cand)
            ):
                kept.append(cand)
            else:
                shadowed.append(cand)
    return kept, shadowed


def _has_container(group: list[Candidate]) -> list[bool]:
    """For each candidate of `group` (sorted by start, then longest first): whether another
    one strictly contains it. One pass instead of a comparison with every other candidate:
    a container starts earlier and ends no sooner, or starts at the same place and ends
    later (then it comes first in the group)."""
    out: list[bool] = []
    reach_before = -1  # the farthest end of the candidates starting before this start
    start, first_end, reach_here = None, -1, -1
    for cand in group:
        if cand.start != start:
            reach_before = max(reach_before, reach_here)
            start, first_end = cand.start, cand.end
        reach_here = max(reach_here, cand.end)
        out.append(reach_before >= cand.end or first_end > cand.end)
    return out


def _strictly_contains(outer: Candidate, inner: Candidate) -> bool:
    # Equal spans from two rules are not nested: both stay and the policy decides by score.
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.start, outer.end) != (inner.start, inner.end)
    )


class _Containers:
    """Whether any of some spans strictly contains a candidate of its own label
    (`_strictly_contains`), by two bisects instead of a scan of every span (a scan made
    `fallback` quadratic in a long report's candidates: 1 M characters took minutes)."""

    def __init__(self, spans: Iterable[Candidate]) -> None:
        by_label: dict[str, list[tuple[int, int]]] = {}
        for span in spans:
            by_label.setdefault(span.label, []).append((span.start, span.end))
        # per label: the starts in order, and the farthest end of the spans up to each
        self._index = {
            label: ([start for start, _ in bounds], list(accumulate((e for _, e in bounds), max)))
            for label, bounds in ((label, sorted(b)) for label, b in by_label.items())
        }

    def hold(self, inner: Candidate) -> bool:
        found = self._index.get(inner.label)
        if found is None:
            return False
        starts, reach = found
        before = bisect_left(starts, inner.start)  # spans that start before it
        upto = bisect_right(starts, inner.start)  # ... or where it starts
        # one starting before it that reaches its end, or one starting no later that goes
        # past its end: either contains it and is not the very same span
        return (before > 0 and reach[before - 1] >= inner.end) or (
            upto > 0 and reach[upto - 1] > inner.end
        )


def _check_nested(nested: str) -> None:
    if nested not in NESTED_POLICIES:
        raise ValueError(f"unknown nested policy {nested!r}; choose from {NESTED_POLICIES}")


def _take(candidates: Iterable[Candidate], key, occupied: set[int]) -> list[Candidate]:
    taken: list[Candidate] = []
    for cand in sorted(candidates, key=key):
        span = range(cand.start, cand.end)
        if not occupied.isdisjoint(span):
            continue
        occupied.update(span)
        taken.append(cand)
    return taken


def _greedy(candidates: Iterable[Candidate], key, nested: str = "shadow") -> list[Candidate]:
    """Take candidates in `key` order where they do not overlap one already taken.

    `nested` says what a span inside a longer one of its own label may do:
    - "shadow": nothing, the longer one always hides it;
    - "score_first": compete on score when it outscores every such container;
    - "fallback": stay hidden while its container is taken, but step in where the
      container lost to another label and the nested span itself overlaps nothing taken.
    """
    _check_nested(nested)
    kept, shadowed = _split_nested(candidates, nested == "score_first")
    occupied: set[int] = set()
    taken = _take(kept, key, occupied)
    if nested == "fallback" and shadowed:
        chosen = set(taken)
        losers = [c for c in kept if c not in chosen]
        in_taken, in_loser = _Containers(taken), _Containers(losers)
        orphans = [s for s in shadowed if not in_taken.hold(s) and in_loser.hold(s)]
        taken += _take(orphans, key, occupied)
    return sorted(taken, key=lambda c: (c.start, c.end))


@registry.misc("bulletin.score_then_longest.v1")
def score_then_longest(nested_same_label: str = "shadow") -> MergePolicy:
    """Higher score first; among equal scores the longer span, then the earlier one.

    `nested_same_label`: what a span nested in a longer one of its own label may do
    ("shadow", "score_first" or "fallback"; see `_greedy`).
    """
    _check_nested(nested_same_label)

    def policy(candidates: Iterable[Candidate]) -> list[Candidate]:
        return _greedy(
            candidates,
            key=lambda c: (-c.score, -c.length, c.start, c.rule),
            nested=nested_same_label,
        )

    return policy


@registry.misc("bulletin.longest_then_score.v1")
def longest_then_score() -> MergePolicy:
    """The longer span first (spaCy's "first longest"); score breaks ties."""

    def policy(candidates: Iterable[Candidate]) -> list[Candidate]:
        return _greedy(candidates, key=lambda c: (-c.length, -c.score, c.start, c.rule))

    return policy


# ---------------------------------------------------------------------------------------
# Rules + trained model: which source wins where (used by the `bulletin_ner` component).

CombinePolicy = Callable[[list[Candidate], list[Candidate]], list[Candidate]]


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


@registry.misc("bulletin.rules_then_model.v1")
def rules_then_model(
    add: list[str],
    override: dict[str, list[str]],
    override_below: dict[str, float],
    extend_same_label: list[str],
    protect: list[str] | None = None,
) -> CombinePolicy:
    """Rules stay where they are precise; the model adds and corrects named things.

    For each model span (longest first):
    - nothing from the rules overlaps it: it is added when its label is in `add`;
    - it overlaps rule entities: it replaces them only when every one of them has a label
      the model's label may override (`override[label]`) and a rule score below
      `override_below[label]`, or, for labels in `extend_same_label`, when it is the same
      label and strictly covers them (蔡某 -> 蔡某东: the model knows the boundary better).
    Otherwise the rules win (units with known heads, titles, laws, M·D cases, dates).
    Entities of the rules named in `protect` are never replaced: they encode a split the
    schema asks for (省委宣传部 -> 省委 + 宣传部), which a model span joining them would undo.
    """
    protected = frozenset(protect or ())

    def may_replace(model: Candidate, rule: Candidate) -> bool:
        if rule.rule in protected:
            return False
        if model.label in extend_same_label and rule.label == model.label:
            covers = model.start <= rule.start and rule.end <= model.end
            if covers and model.length > rule.length:
                return True
        allowed = override.get(model.label, [])
        return rule.label in allowed and rule.score < override_below.get(model.label, 0.0)

    def policy(rules: list[Candidate], model: list[Candidate]) -> list[Candidate]:
        kept = _Kept(rules)
        for cand in sorted(model, key=lambda c: (-c.length, c.start, c.label)):
            clashes = kept.overlapping(cand)
            if not clashes:
                if cand.label in add:
                    kept.add(cand)
                continue
            if all(may_replace(cand, r) for r in clashes):
                kept.replace(clashes, cand)
        return sorted(kept.items(), key=lambda c: (c.start, c.end))

    return policy


class _Kept:
    """The combine policy's current entities, found by position.

    Scanning every kept entity for each model span is quadratic on one long report (8 s of
    a 200k-character report). While the entities do not overlap (rule entities come from
    `doc.ents`, and the policy only adds a span after removing all it overlaps) they are
    sorted by start and by end alike, so the ones a span overlaps are a run found by
    bisection. Overlapping input falls back to the plain scan. The policy's result is the
    same either way: `all(...)` does not depend on the clashes' order, and the result is
    sorted by (start, end), unique for spans that do not overlap.
    """

    def __init__(self, rules: list[Candidate]) -> None:
        ordered = sorted(rules, key=lambda c: (c.start, c.end))
        self._indexed = all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False))
        self._items = ordered if self._indexed else list(rules)
        self._ends = [c.end for c in ordered] if self._indexed else []

    def items(self) -> list[Candidate]:
        return self._items

    def _run(self, cand: Candidate) -> tuple[int, int]:
        """Index range of the (sorted) entities that overlap `cand`."""
        lo = hi = bisect_right(self._ends, cand.start)
        while hi < len(self._items) and self._items[hi].start < cand.end:
            hi += 1
        return lo, hi

    def overlapping(self, cand: Candidate) -> list[Candidate]:
        if not self._indexed or cand.start >= cand.end:
            return [r for r in self._items if _overlaps(r, cand)]
        lo, hi = self._run(cand)
        return self._items[lo:hi]

    def add(self, cand: Candidate) -> None:
        """Add a span that overlaps nothing kept."""
        if not self._indexed:
            self._items.append(cand)
            return
        at = bisect_right(self._ends, cand.start)
        self._items.insert(at, cand)
        self._ends.insert(at, cand.end)

    def replace(self, clashes: list[Candidate], cand: Candidate) -> None:
        """Remove `clashes` (all that `cand` overlaps) and add `cand`."""
        if not self._indexed or cand.start >= cand.end:
            gone = {id(r) for r in clashes}
            self._items = [r for r in self._items if id(r) not in gone]
            self._ends = [r.end for r in self._items] if self._indexed else []
        else:
            lo, hi = self._run(cand)
            del self._items[lo:hi]
            del self._ends[lo:hi]
        self.add(cand)


@registry.misc("bulletin.rules_only.v1")
def rules_only() -> CombinePolicy:
    """Ignore the model (for comparisons: the pipeline as it was without it)."""

    def policy(rules: list[Candidate], model: list[Candidate]) -> list[Candidate]:
        return sorted(rules, key=lambda c: (c.start, c.end))

    return policy
