"""What the engine derives once per spec (sorted trigger words, role order) per spec object."""

from __future__ import annotations

from pipeline.events import engine
from pipeline.events.spec import _role_order, load_specs, per_spec, role_order
from pipeline.paths import configs_dir


def test_cached_values_equal_a_fresh_derivation_for_every_shipped_spec() -> None:
    _, specs = load_specs(configs_dir() / "events")
    for spec in specs:
        words = sorted(((w, r) for r in spec.triggers for w in r.words),
                       key=lambda x: (-len(x[0]), x[0]))
        for _ in range(2):  # first call fills the cache, the second reads it
            assert role_order(spec) == _role_order(spec)
            assert engine._ordered_words(spec) == words


def test_a_copied_spec_gets_its_own_entry() -> None:
    _, specs = load_specs(configs_dir() / "events")
    spec = specs[0]
    cache: dict = {}
    assert per_spec(cache, spec, lambda: "first") == "first"
    assert per_spec(cache, spec, lambda: "again") == "first"
    other = spec.model_copy(update={"roles": {}})
    assert per_spec(cache, other, lambda: "other") == "other"
    assert role_order(other) == []
