"""The rules+model combine policy: who wins where (configs/pipeline.cfg names it)."""

from __future__ import annotations

from spacy import registry

from pipeline.entities.merge import Candidate


def _policy(**overrides):
    settings = {
        "add": ["PERSON", "LOC", "ORG"],
        "override": {"PERSON": ["LOC", "ORG"]},
        "override_below": {"PERSON": 0.8},
        "extend_same_label": ["PERSON"],
        **overrides,
    }
    return registry.misc.get("bulletin.rules_then_model.v1")(**settings)


def rule(label: str, start: int, end: int, score: float = 0.9) -> Candidate:
    return Candidate(label, start, end, score, f"test.{label.lower()}")


def model(label: str, start: int, end: int) -> Candidate:
    return Candidate(label, start, end, 0.7, "model.ner")


def test_model_adds_a_person_no_rule_found():
    out = _policy()([rule("UNIT", 0, 5)], [model("PERSON", 7, 10)])
    assert [(c.label, c.start, c.end, c.rule) for c in out] == [
        ("UNIT", 0, 5, "test.unit"), ("PERSON", 7, 10, "model.ner")]


def test_label_not_in_add_is_not_added():
    out = _policy()([], [model("UNIT", 0, 6)])
    assert out == []


def test_rule_unit_wins_over_a_model_span_it_overlaps():
    out = _policy()([rule("UNIT", 0, 8, 0.88)], [model("ORG", 2, 10)])
    assert [(c.label, c.start, c.end) for c in out] == [("UNIT", 0, 8)]


def test_model_person_extends_a_shorter_rule_pseudonym():
    # 蔡某 (rule) inside 蔡某东 (model): the model knows the boundary
    out = _policy()([rule("PERSON", 3, 5, 0.75)], [model("PERSON", 3, 6)])
    assert [(c.start, c.end, c.rule) for c in out] == [(3, 6, "model.ner")]


def test_model_person_does_not_extend_when_not_allowed():
    out = _policy(extend_same_label=[])([rule("PERSON", 3, 5, 0.75)], [model("PERSON", 3, 6)])
    assert [(c.start, c.end, c.rule) for c in out] == [(3, 5, "test.person")]


def test_model_person_replaces_a_weak_place_reading_of_a_name():
    out = _policy()([rule("LOC", 1, 3, 0.6)], [model("PERSON", 0, 3)])
    assert [(c.label, c.start, c.end) for c in out] == [("PERSON", 0, 3)]


def test_model_person_keeps_a_strong_rule_loc():
    out = _policy()([rule("LOC", 1, 3, 0.85)], [model("PERSON", 0, 3)])
    assert [(c.label, c.start, c.end) for c in out] == [("LOC", 1, 3)]


def test_model_never_replaces_an_official_or_case():
    rules = [rule("OFFICIAL", 0, 3, 0.5), rule("CASE", 5, 12, 0.5)]
    out = _policy()(rules, [model("PERSON", 0, 4), model("ORG", 5, 9)])
    assert [(c.label, c.start, c.end) for c in out] == [("OFFICIAL", 0, 3), ("CASE", 5, 12)]


def test_rules_only_ignores_the_model():
    policy = registry.misc.get("bulletin.rules_only.v1")()
    assert policy([rule("UNIT", 0, 3)], [model("PERSON", 4, 6)]) == [rule("UNIT", 0, 3)]


def test_shipped_policy_lets_the_model_add_units_but_not_generic_bodies():
    """configs/pipeline.cfg: the model adds UNITs no rule found; the generic and relative
    bodies it would read as units are listed in configs/ner/ignore_phrases.txt."""
    from thinc.api import Config

    from pipeline.entities.lexicon import read_column
    from pipeline.paths import project_root

    root = project_root()
    cfg = Config().from_disk(root / "configs/pipeline.cfg", interpolate=False)
    combine = cfg["components"]["ner"]["combine_policy"]
    assert "UNIT" in combine["add"]
    policy = _policy(add=combine["add"])
    out = policy([rule("UNIT", 0, 5)], [model("UNIT", 7, 13), model("UNIT", 3, 8)])
    assert [(c.start, c.end, c.rule) for c in out] == [(0, 5, "test.unit"), (7, 13, "model.ner")]
    ignored = set(read_column(root / "configs/ner/ignore_phrases.txt", 0))
    assert {"上级公安机关", "辖区派出所"} <= ignored
    assert "全市公安机关" not in ignored


def test_protected_rule_entities_are_never_joined_by_a_model_span():
    # 省委宣传部: the rules split 省委 + 宣传部 (docs/decisions.md); a model span over both
    # would join them, and the protected department keeps them apart
    committee = Candidate("UNIT", 0, 2, 0.85, "unit.party_government")
    department = Candidate("UNIT", 2, 5, 0.8, "unit.party_department")
    joined = model("UNIT", 0, 5)
    kept = _policy(extend_same_label=["UNIT"], protect=["unit.party_department"])(
        [committee, department], [joined])
    assert [(c.start, c.end) for c in kept] == [(0, 2), (2, 5)]
    # without protection the model's longer span extends both (the old behaviour)
    joined_out = _policy(extend_same_label=["UNIT"])([committee, department], [joined])
    assert [(c.start, c.end) for c in joined_out] == [(0, 5)]
