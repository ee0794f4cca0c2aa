"""`Mask.holds` (a guard word inside a span) equals the per-position trie walk it replaced."""

from __future__ import annotations

import random

from pipeline.entities.rules import Mask


def walk_holds(mask: Mask, text: str, first: int, stop: int, end: int) -> bool:
    return any(
        (found := mask.longest(text, i)) is not None and found <= end
        for i in range(first, stop)
    )


def test_holds_equals_the_walk_on_random_texts() -> None:
    mask = Mask("inside:UNIT", ["交由", "回到", "交", "到达现场"])
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice("交由回到达现场派出所") for _ in range(rng.randint(0, 12)))
        first = rng.randint(0, len(text) + 1)
        stop = rng.randint(0, len(text) + 1)
        end = rng.randint(0, len(text) + 1)
        assert mask.holds(text, first, stop, end) == walk_holds(mask, text, first, stop, end)


def test_an_entry_must_start_before_stop_and_end_by_end() -> None:
    mask = Mask("inside:UNIT", ["交由"])
    text = "视频交由派出所"
    assert mask.holds(text, 1, 6, 7)
    assert not mask.holds(text, 1, 2, 7)  # 交 stands at 2: not before stop
    assert not mask.holds(text, 1, 6, 3)  # 交由 ends at 4, after end
    assert not Mask("empty", []).holds(text, 0, 7, 7)
