"""Argument readings of session 5 (helper s6-args), on invented sentences: objects written
after their count, and anchored periods framed by 自/从 … 以来/开始/起."""

from __future__ import annotations

from typing import Any


def _of(events: list[dict[str, Any]], etype: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == etype]


def _role(event: dict[str, Any], role: str) -> list[str]:
    return [a["text"] for a in event["arguments"] if a["role"] == role]


def test_counts_written_first_keep_their_own_case(run):
    events = run("当晚，县交警大队查获85起酒后驾车违法行为，其中有12起醉酒驾车。",
                 [("县交警大队", "UNIT")])
    solve = _of(events, "SOLVE_CASES")
    assert [(_role(e, "count"), _role(e, "case")) for e in solve] == [
        (["85起"], ["酒后驾车违法行为"]), (["12起"], ["醉酒驾车"])]


def test_subgroups_written_with_wei_keep_their_own_case(run):
    events = run("县公安局查获140起无证驾驶违法行为，其中90起为无证驾驶摩托车，50起为无证驾驶汽车。",
                 [("县公安局", "UNIT")])
    cases = [(_role(e, "count"), _role(e, "case")) for e in _of(events, "SOLVE_CASES")]
    assert cases == [(["140起"], ["无证驾驶违法行为"]), (["90起"], ["无证驾驶摩托车"]),
                     (["50起"], ["无证驾驶汽车"])]


def test_objects_before_their_counts_unchanged(run):
    events = run("县公安局破获刑事案件31起、治安案件18起。", [("县公安局", "UNIT")])
    cases = [(_role(e, "count"), _role(e, "case")) for e in _of(events, "SOLVE_CASES")]
    assert cases == [(["31起"], ["刑事案件"]), (["18起"], ["治安案件"])]


def test_suspects_written_after_their_count(run):
    events = run("县公安局抓获327名涉赌犯罪嫌疑人。", [("县公安局", "UNIT")])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "suspect") == ["涉赌犯罪嫌疑人"]


def test_no_suspect_from_a_word_that_is_no_person(run):
    events = run("县公安局将3人抓获归案。", [("县公安局", "UNIT")])
    for ev in _of(events, "DETAIN_SUSPECTS"):
        assert "归案" not in _role(ev, "suspect")


def test_objects_listed_before_a_total_keep_their_cases(run):
    events = run("今年县公安局侦破“8·16”诈骗案、李某某盗窃团伙案等两起典型案件的侦办经过。",
                 [("县公安局", "UNIT"), ("8·16”诈骗案", "CASE"), ("李某某盗窃团伙案", "CASE")])
    for ev in _of(events, "SOLVE_CASES"):
        assert "典型案件的侦办经过" not in _role(ev, "case")


def test_period_framed_by_zi_yilai_is_the_whole_frame(run):
    events = run("自2019年“雷霆”行动开展以来，县公安局共打掉犯罪团伙12个。",
                 [("2019年", "DATE"), ("县公安局", "UNIT")])
    (dismantle,) = _of(events, "DISMANTLE_GROUPS")
    period = [a for a in dismantle["arguments"] if a["role"] == "period"]
    assert [(a["text"], a["value"]) for a in period] == [
        ("自2019年“雷霆”行动开展以来", "自2019年雷霆行动开展以来")]  # values drop quotes


def test_period_framed_by_cong_kaishi(run):
    events = run("从今年3月开始，县公安局破获电信诈骗案件45起。",
                 [("今年3月", "DATE"), ("县公安局", "UNIT")])
    (solve,) = _of(events, "SOLVE_CASES")
    assert _role(solve, "period") == ["从今年3月开始"]


def test_bare_period_keeps_its_normalized_date(run):
    events = run("今年以来，县公安局破获电信诈骗案件45起。",
                 [("今年以来", "DATE"), ("县公安局", "UNIT")])
    (solve,) = _of(events, "SOLVE_CASES")
    period = [a for a in solve["arguments"] if a["role"] == "period"]
    assert [(a["text"], a["value"]) for a in period] == [("今年以来", "2023")]


def test_no_frame_from_a_source_phrase(run):
    # `从…获悉` names the source of the news, not a period.
    events = run("记者从县公安局获悉，5月以来，该局破获电信诈骗案件45起。",
                 [("县公安局", "UNIT"), ("5月以来", "DATE")])
    (solve,) = _of(events, "SOLVE_CASES")
    assert _role(solve, "period") == ["5月以来"]


def test_place_that_is_the_subject_of_the_counts(run):
    events = run("去年峤南县共破获盗窃案件120起。", [("去年", "DATE"), ("峤南县", "LOC")])
    (solve,) = _of(events, "SOLVE_CASES")
    assert _role(solve, "place") == ["峤南县"]


def test_no_place_from_a_destination(run):
    events = run("县公安局民警远赴峤南县破获盗窃案件12起。", [("县公安局", "UNIT"), ("峤南县", "LOC")])
    (solve,) = _of(events, "SOLVE_CASES")
    assert _role(solve, "place") == []


def test_object_after_needs_an_arg_group():
    import pytest
    from pydantic import ValidationError

    from pipeline.events.spec import PhraseSource
    with pytest.raises(ValidationError):
        PhraseSource(source="phrase", object_after="^(?:为)?[^，]{2,8}")


def test_fronted_suspect_without_its_modifier_clause(run):
    events = run("民警在巷口将浑身湿透的男子抓获。", [])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "suspect") == ["男子"]


def test_fronted_group_without_its_modifier_clause(run):
    events = run("县公安局于凌晨将专偷电动车的盗窃团伙一网打尽。", [("县公安局", "UNIT")])
    (dismantle,) = _of(events, "DISMANTLE_GROUPS")
    assert _role(dismantle, "target") == ["盗窃团伙"]


def test_fronted_group_without_modifier_kept_whole(run):
    events = run("县公安局将跨省盗窃团伙一网打尽。", [("县公安局", "UNIT")])
    (dismantle,) = _of(events, "DISMANTLE_GROUPS")
    assert _role(dismantle, "target") == ["跨省盗窃团伙"]


def test_offense_given_as_the_cause_before_bei(run):
    events = run("5月2日，钱某因在车站谎报险情被县公安局依法行政拘留5日。",
                 [("5月2日", "DATE"), ("钱某", "PERSON"), ("县公安局", "UNIT")],
                 attrs={"钱某": {"role": "suspect"}})
    (penalty,) = _of(events, "PENALTY")
    assert _role(penalty, "offense") == ["在车站谎报险情"]


def test_no_offense_from_a_reason_in_another_clause(run):
    events = run("该男子由于行为过激，被处以行政拘留5天。", [])
    (penalty,) = _of(events, "PENALTY")
    assert _role(penalty, "offense") == []


def test_offense_counted_before_the_penalty(run):
    events = run("民警在小区共查处12起违规停放车辆行为，行政处罚12人。", [])
    (penalty,) = _of(events, "PENALTY")
    assert _role(penalty, "offense") == ["违规停放车辆行为"]


def test_endorser_after_a_receiving_verb_that_is_also_an_honor_word(run):
    events = run("在8个重点项目中，智慧巡防项目多次获市县两级领导高度肯定。", [])
    (endorse,) = _of(events, "ENDORSEMENT")
    assert _role(endorse, "endorser") == ["市县两级领导"]
    assert _role(endorse, "subject") == ["智慧巡防项目"]


def test_rescued_is_not_a_manner_complement(run):
    events = run("因救助及时，落水男孩已无生命危险。", [])
    for ev in _of(events, "RESCUE"):
        assert "及时" not in _role(ev, "rescued")


def test_rescued_without_the_closing_hou_of_a_time_clause(run):
    events = run("民警张某在救起男孩后，又返回岗位。", [("张某", "PERSON")],
                 attrs={"张某": {"role": "officer"}})
    (rescue,) = _of(events, "RESCUE")
    assert _role(rescue, "rescued") == ["男孩"]


def test_metrics_ending_the_clause_before_a_bare_comparison(run):
    events = run("今年以来，全县破获盗窃案件数、抓获盗窃嫌疑人数，同比分别上升12.5%、30.1%。",
                 [("今年以来", "DATE")])
    stats = _of(events, "STAT_CHANGE")
    assert [(_role(e, "metric"), _role(e, "value")) for e in stats] == [
        (["破获盗窃案件数"], ["12.5%"]), (["抓获盗窃嫌疑人数"], ["30.1%"])]


def test_no_metric_from_a_clause_that_is_no_measure(run):
    events = run("全县加大巡逻力度，同比上升12.5%。", [])
    for ev in _of(events, "STAT_CHANGE"):
        assert "加大巡逻力度" not in _role(ev, "metric")


def test_scope_word_is_not_part_of_the_case_category(run):
    events = run("县公安局串并全国同类案件35起。", [("县公安局", "UNIT")])
    for ev in _of(events, "SOLVE_CASES"):
        assert "全国同类案件" not in _role(ev, "case")
    events = run("县公安局协助破获全省电信诈骗案件12起。", [("县公安局", "UNIT")])
    (solve,) = _of(events, "SOLVE_CASES")
    assert _role(solve, "case") == ["电信诈骗案件"]


def test_long_named_subgroup_is_its_own_result(run):
    events = run("县公安局共抓获在逃人员40人，其中峤南县公安局网上追逃人员25人。",
                 [("县公安局", "UNIT"), ("峤南县公安局", "UNIT")])
    counts = sorted(_role(e, "count")[0] for e in _of(events, "DETAIN_SUSPECTS"))
    assert counts == ["25人", "40人"]


def test_quantifier_is_not_part_of_a_fronted_description(run):
    events = run("在家人劝说下，一批网上逃犯纷纷投案自首。", [])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "suspect") == ["网上逃犯"]


def test_resultative_complement_is_not_part_of_the_suspect(run):
    events = run("民警迅速控制住该男子。", [])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "suspect") == ["该男子"]


def test_award_date_in_the_clause_before(run):
    events = run("一年来，共有3个集体荣立集体三等功。", [("一年来", "DATE"), ("集体三等功", "HONOR")])
    (honor,) = _of(events, "HONOR_AWARD")
    assert _role(honor, "date") == ["一年来"]


def test_no_award_date_two_clauses_back(run):
    events = run("近五年来，县公安局涌现出一批先进典型，巡警大队荣获集体二等功。",
                 [("近五年来", "DATE"), ("县公安局", "UNIT"), ("巡警大队", "UNIT"),
                  ("集体二等功", "HONOR")])
    (honor,) = _of(events, "HONOR_AWARD")
    assert _role(honor, "date") == []


def test_praised_unit_right_after_dui(run):
    events = run("局党委对专案组日夜连续奋战、不怕牺牲、敢打硬拼的优良工作作风给予了充分肯定。",
                 [("局党委", "UNIT"), ("专案组", "UNIT")])
    (endorse,) = _of(events, "ENDORSEMENT")
    assert _role(endorse, "subject") == ["专案组"]


def test_second_praise_word_is_not_the_subject(run):
    events = run("市委书记王某对此给予了充分肯定和高度赞扬。", [("王某", "OFFICIAL")])
    for ev in _of(events, "ENDORSEMENT"):
        assert "和高度赞扬" not in _role(ev, "subject")


def test_operation_naming_the_press_meeting_is_not_the_results_operation(run):
    events = run("记者从平安护航行动第二次新闻通气会上获悉，县公安局抓获犯罪嫌疑人35人。",
                 [("平安护航行动", "OPERATION"), ("县公安局", "UNIT")])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "operation") == []


def test_operation_of_the_results_is_kept(run):
    events = run("平安护航行动开展以来，县公安局抓获犯罪嫌疑人35人。",
                 [("平安护航行动", "OPERATION"), ("县公安局", "UNIT")])
    (detain,) = _of(events, "DETAIN_SUSPECTS")
    assert _role(detain, "operation") == ["平安护航行动"]


def test_place_opening_the_dismantled_object(run):
    events = run("县公安局打掉了峤南县跨境赌博团伙。", [("县公安局", "UNIT"), ("峤南县", "LOC")])
    (dismantle,) = _of(events, "DISMANTLE_GROUPS")
    assert _role(dismantle, "place") == ["峤南县"]


def test_no_place_from_a_later_part_of_the_object(run):
    events = run("县公安局打掉一个流窜峤南县作案的盗窃团伙。", [("县公安局", "UNIT"), ("峤南县", "LOC")])
    (dismantle,) = _of(events, "DISMANTLE_GROUPS")
    assert _role(dismantle, "place") == []
