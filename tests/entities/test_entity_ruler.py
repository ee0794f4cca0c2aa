"""The entity ruler and attributes on invented sentences, through the shipped rules."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from pipeline.docext import ReportContext
from pipeline.entities.attributes import EntityAttributes
from pipeline.entities.merge import Candidate, longest_then_score, score_then_longest
from pipeline.entities.ruler import EntityRuler, split_tokens_at
from pipeline.paths import project_root


@pytest.fixture(scope="module")
def run():
    nlp = spacy.blank("zh")
    ruler = EntityRuler(nlp, "entity_rules", score_then_longest(), ["OFFICIAL", "PERSON"])
    ruler.initialize(rules_dir=str(project_root() / "configs" / "entities"))
    attrs = EntityAttributes("entity_attrs")
    attrs.initialize(settings_path=str(project_root() / "configs" / "entity_attributes.yaml"))

    def _run(text: str, context: str | None = None) -> Doc:
        doc = nlp.make_doc(text)
        doc._.report = ReportContext(context=context or "")
        return attrs(ruler(doc))

    return _run


def ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.label_, e.text) for e in doc.ents]


def test_units_officials_and_titles(run) -> None:
    doc = run("义乌市公安局刑侦大队破获一起案件，受到省委书记林海涛批示肯定。")
    assert ("UNIT", "义乌市公安局刑侦大队") in ents(doc)
    assert ("UNIT", "省委") in ents(doc)
    assert ("OFFICIAL", "林海涛") in ents(doc)
    official = next(e for e in doc.ents if e.label_ == "OFFICIAL")
    meta = doc._.entity_meta[(official.start_char, official.end_char)]
    assert meta["attrs"]["title"] == "省委书记"


def test_name_before_title_and_coordination(run) -> None:
    doc = run("该做法得到周立新书记、吴芳主任批示肯定。")
    assert ("OFFICIAL", "周立新") in ents(doc)
    assert ("OFFICIAL", "吴芳") in ents(doc)


def test_case_operation_law_honor_date(run) -> None:
    text = "2023年3月5日，警方侦破“3·18跨境赌博专案”，依照《中华人民共和国治安管理处罚法》第二十六条处理。"
    found = ents(run(text))
    assert ("DATE", "2023年3月5日") in found
    assert ("CASE", "3·18跨境赌博专案") in found
    assert ("LAW", "《中华人民共和国治安管理处罚法》第二十六条") in found
    found = ents(run("深入开展“清源”行动，派出所荣获集体二等功。"))
    assert ("OPERATION", "清源") in found
    assert ("HONOR", "集体二等功") in found


def test_pseudonym_person_role_from_cue(run) -> None:
    doc = run("民警依法传唤了违法嫌疑人王某。")
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    assert person.text == "王某"
    assert doc._.entity_meta[(person.start_char, person.end_char)]["attrs"]["role"] == "suspect"


def test_unit_canonical_uses_the_reports_locality(run) -> None:
    context = "义乌警方通报。义乌市近日……金华市领导"
    doc = run("市公安局网安大队民警在巡查中发现线索。", context=context)
    unit = next(e for e in doc.ents if e.label_ == "UNIT")
    assert unit.text == "市公安局网安大队"
    canonical = doc._.entity_meta[(unit.start_char, unit.end_char)]["attrs"]["canonical"]
    assert canonical == "义乌市公安局网安大队"


def test_generic_bodies_are_not_units(run) -> None:
    labels = ents(run("在上级公安机关的领导下，各部门通力配合。"))
    assert ("UNIT", "上级公安机关") not in labels
    assert ("UNIT", "全市公安机关") in ents(run("全市公安机关共出动警力。"))


def test_spans_are_character_precise_inside_word_tokens() -> None:
    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=["来到", "在古山", "派出所"], spaces=[False, False, False])
    doc = split_tokens_at(doc, {3, 5})
    assert [t.text for t in doc] == ["来到", "在", "古山", "派出所"]
    assert doc.char_span(3, 5, alignment_mode="strict").text == "古山"


@pytest.mark.parametrize(
    ("policy", "winner"),
    [(score_then_longest(), "high"), (longest_then_score(), "long")],
)
def test_merge_policies_decide_overlaps(policy, winner: str) -> None:
    cands = [
        Candidate("UNIT", 0, 6, 0.5, "long"),
        Candidate("LOC", 0, 2, 0.9, "high"),
    ]
    assert [c.rule for c in policy(cands)] == [winner]


def test_same_label_nesting_keeps_the_longer_span() -> None:
    cands = [Candidate("DATE", 0, 2, 0.9, "short"), Candidate("DATE", 0, 5, 0.5, "long")]
    assert [c.rule for c in score_then_longest()(cands)] == ["long"]


def test_nested_score_first_lets_a_precise_short_span_beat_a_greedy_long_one() -> None:
    # A greedy low-score UNIT swallowing a verb (他回到派出所) holds a precise UNIT; a
    # PERSON overlaps the long one only. Score first: the precise UNIT and the PERSON stay.
    cands = [
        Candidate("UNIT", 0, 8, 0.4, "greedy"),
        Candidate("UNIT", 3, 8, 0.9, "precise"),
        Candidate("PERSON", 0, 2, 0.8, "name"),
    ]
    assert [c.rule for c in score_then_longest(nested_same_label="score_first")(cands)] == [
        "name",
        "precise",
    ]
    # Nesting first (the old policy): the precise span is gone before scores are compared.
    assert [c.rule for c in score_then_longest()(cands)] == ["name"]


def test_nested_score_first_keeps_the_longer_span_when_it_scores_as_high() -> None:
    cands = [Candidate("DATE", 0, 2, 0.5, "short"), Candidate("DATE", 0, 5, 0.5, "long")]
    assert [c.rule for c in score_then_longest(nested_same_label="score_first")(cands)] == ["long"]
    cands = [Candidate("DATE", 0, 2, 0.9, "short"), Candidate("DATE", 0, 5, 0.5, "long")]
    assert [c.rule for c in score_then_longest(nested_same_label="score_first")(cands)] == ["short"]


def test_nested_span_must_outscore_every_container() -> None:
    cands = [
        Candidate("UNIT", 0, 9, 0.95, "outer"),
        Candidate("UNIT", 2, 9, 0.5, "middle"),
        Candidate("UNIT", 4, 9, 0.8, "inner"),
    ]
    assert [c.rule for c in score_then_longest(nested_same_label="score_first")(cands)] == ["outer"]


def test_equal_spans_from_two_rules_are_not_nested() -> None:
    cands = [Candidate("UNIT", 0, 4, 0.5, "a"), Candidate("UNIT", 0, 4, 0.7, "b")]
    for policy in (score_then_longest(), score_then_longest(nested_same_label="score_first")):
        assert [c.rule for c in policy(cands)] == ["b"]


def test_fallback_lets_a_nested_span_step_in_where_its_container_lost() -> None:
    # The long UNIT loses to a surer PERSON at its start; the nested UNIT, clear of the
    # PERSON, then stands instead of nothing.
    cands = [
        Candidate("UNIT", 0, 8, 0.5, "greedy"),
        Candidate("UNIT", 3, 8, 0.4, "nested"),
        Candidate("PERSON", 0, 2, 0.8, "name"),
    ]
    fallback = score_then_longest(nested_same_label="fallback")
    assert [c.rule for c in fallback(cands)] == ["name", "nested"]
    assert [c.rule for c in score_then_longest()(cands)] == ["name"]


def test_fallback_keeps_the_container_when_it_wins() -> None:
    cands = [
        Candidate("DATE", 0, 5, 0.5, "long"),
        Candidate("DATE", 0, 2, 0.9, "short"),
        Candidate("LOC", 6, 8, 0.9, "apart"),
    ]
    fallback = score_then_longest(nested_same_label="fallback")
    assert [c.rule for c in fallback(cands)] == ["long", "apart"]


def test_fallback_nested_span_still_yields_to_what_beat_its_container() -> None:
    # The PERSON overlaps the nested span too: the nested span stays out.
    cands = [
        Candidate("UNIT", 0, 8, 0.5, "greedy"),
        Candidate("UNIT", 1, 8, 0.4, "nested"),
        Candidate("PERSON", 0, 3, 0.8, "name"),
    ]
    assert [c.rule for c in score_then_longest(nested_same_label="fallback")(cands)] == ["name"]


def test_unknown_nested_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        score_then_longest(nested_same_label="longest")


def test_locality_ignores_places_inside_personal_names(run) -> None:
    # 海宁 is a county, but here it is part of the mayor's name; the report's own place,
    # missing from the gazetteer, is read off the unit that names it in full.
    text = "峤南市公安局召开大会，市长邝海宁讲话。市公安局网安大队获表彰，邝海宁颁奖。"
    doc = run(text)
    units = {e.text: doc._.entity_meta[(e.start_char, e.end_char)]["attrs"] for e in doc.ents
             if e.label_ == "UNIT"}
    assert units["市公安局网安大队"]["canonical"] == "峤南市公安局网安大队"
    assert doc._.locality == {"county": "峤南市"}


def test_warm_up_compiles_every_rule_before_any_text() -> None:
    # `--jobs` calls warm_up before forking so workers share compiled rules.
    ruler = EntityRuler(spacy.blank("zh"), "entity_rules", score_then_longest(), [])
    ruler.initialize(rules_dir=str(project_root() / "configs" / "entities"))
    assert ruler.ruleset is not None
    assert not all("regex" in vars(rule) for rule in ruler.ruleset.rules)  # lazy at load
    ruler.warm_up()
    assert all("regex" in vars(rule) for rule in ruler.ruleset.rules)
