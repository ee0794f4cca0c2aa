"""Matching primitives: spans, one-to-one greedy matching, string and value comparison.

Everything here is deterministic: candidate pairs are ordered by a total key, so the same
inputs always give the same matching regardless of dict/set iteration order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from ..textutil import strip_marks

Span = tuple[int, int]
G = TypeVar("G")
P = TypeVar("P")

# Quote marks that annotators and pipelines disagree about keeping (SCHEMA §2: `norm` is the
# text with spaces and quotes removed). A metric definition, not a domain rule.
QUOTE_CHARS = frozenset("“”‘’\"'「」『』")

# Numbers compare with an absolute tolerance of 1e-6 (the brief) plus a tiny relative one so
# that money computed as 3.2 * 1e8 in floating point still equals the integer 320000000.
ABS_TOL = 1e-6
REL_TOL = 1e-9


def overlap(a: Span | None, b: Span | None) -> int:
    """Number of shared code points of two half-open spans (0 if either is unknown)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def strip_text(text: str) -> str:
    """Remove whitespace and quote marks: the comparison form of a mention or string value."""
    return strip_marks(text, QUOTE_CHARS)


def count_exact(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> int:
    """One-to-one matches between two multisets of keys (a duplicate prediction is an FP)."""
    g, p = Counter(gold), Counter(pred)
    return sum(min(n, p[k]) for k, n in g.items())


def greedy_match(
    gold: Sequence[G],
    pred: Sequence[P],
    score: Callable[[G, P], tuple[Any, ...] | None],
) -> list[tuple[int, int]]:
    """One-to-one greedy matching.

    `score(g, p)` returns None when the pair may not match, else a sort key (smaller = better).
    Pairs are taken in order of (key, gold index, pred index); each gold and each pred item is
    used at most once. Greedy rather than maximum matching, so the result is easy to explain;
    callers make the key "largest overlap first, then earliest position".
    """
    candidates: list[tuple[tuple[Any, ...], int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            key = score(g, p)
            if key is not None:
                candidates.append((key, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def overlap_key(g: Span | None, p: Span | None) -> tuple[int, int, int] | None:
    """Score for span-overlap matching: biggest overlap first, then earliest gold, then pred."""
    ov = overlap(g, p)
    if ov <= 0 or g is None or p is None:
        return None
    return (-ov, g[0], p[0])


# --- normalized values (SCHEMA §4) -------------------------------------------------------


def is_number(v: Any) -> bool:
    # bool is an int subclass in Python but never a count/amount.
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def is_structured(v: Any) -> bool:
    """A normalized non-string value: number, dict (count with `n`, ...), list or bool."""
    return v is not None and not isinstance(v, str)


def numbers_equal(a: Any, b: Any) -> bool:
    return is_number(a) and is_number(b) and math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _magnitude(v: Any) -> Any:
    """The number a value stands for: a number itself, or the `n` of a count dict."""
    if isinstance(v, dict) and "n" in v:
        return v["n"]
    return v


def values_equal_lenient(a: Any, b: Any) -> bool:
    """Equal magnitude: numbers numerically; `{"n": ...}` dicts (or a dict vs a bare number)
    by `n` alone, so `approx`/`unit` differences do not fail an argument. Other structures
    (dicts without `n`, lists, bools) must be equal as a whole."""
    ma, mb = _magnitude(a), _magnitude(b)
    if is_number(ma) or is_number(mb):
        return numbers_equal(ma, mb)
    return values_equal_strict(a, b)


def values_equal_strict(a: Any, b: Any) -> bool:
    """Whole-value equality; numbers anywhere inside compare with the numeric tolerance."""
    if is_number(a) and is_number(b):
        return numbers_equal(a, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(values_equal_strict(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(values_equal_strict(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b
