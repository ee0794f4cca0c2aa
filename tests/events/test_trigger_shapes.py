"""Trigger and role shapes of real bulletins (issue 9, second pass), each with negatives.

Sentences are invented in the shapes the annotators' notes of `dev/train` describe: the
trigger span the gold marks, attributive verbs that are no action, comparison points that
are no period, from-to changes, hand-overs that are no detention, coordinated endorsing
words, quoted honours and uncounted cases.
"""

from __future__ import annotations

from typing import Any


def _of(events: list[dict[str, Any]], etype: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == etype]


def _role(event: dict[str, Any], role: str) -> list[Any]:
    return [a["value"] for a in event["arguments"] if a["role"] == role]


# --- RECOVER_LOSSES --------------------------------------------------------------------


def test_recover_trigger_takes_its_loss_noun(run):
    events = _of(run("今年以来，共为群众挽回直接经济损失860万元。"), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["挽回直接经济损失"]
    assert _role(events[0], "amount") == [8600000]
    assert events[0]["trigger"]["end"] - events[0]["trigger"]["start"] == 8


def test_recover_plain_wanhui_without_loss_noun_stays_short(run):
    events = _of(run("民警帮助受害人挽回12万元。"), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["挽回"]


def test_recover_attributive_verb_is_no_event(run):
    # `依法追缴的` describes the money handed back: one event, 返还, with the amount.
    events = _of(run("分局集中向16名受害群众返还依法追缴的52万元涉案资金。"), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["返还"]
    assert _role(events[0], "amount") == [520000]


def test_stop_payment_and_seized_goods_are_no_recovery(run):
    assert _of(run("紧急止付资金1200万元，冻结涉案资金300万元。"), "RECOVER_LOSSES") == []
    assert _of(run("现场查扣作案车辆2辆。"), "RECOVER_LOSSES") == []


def test_seized_stolen_money_is_recovered(run):
    events = _of(run("抓获嫌疑人2名，查扣赃款3万余元。"), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["查扣"]


# --- STAT_CHANGE -----------------------------------------------------------------------


def test_from_to_change_with_short_verb(run):
    events = _of(run("全市火灾亡人数由2021年的35人降至2022年的21人。"), "STAT_CHANGE")
    assert [e["trigger"]["text"] for e in events] == ["降至"]
    ev = events[0]
    assert _role(ev, "baseline") == [35] and _role(ev, "value") == [21]
    assert _role(ev, "direction") == ["down"]


def test_level_reached_is_no_change(run):
    # `升至92%` without a starting level is a level (SCHEMA §7).
    assert _of(run("全县命案破案率升至92%。"), "STAT_CHANGE") == []


def test_comparison_point_is_no_period(run):
    events = _of(run("与去年同期相比，全县抢劫警情下降40%。", [("去年同期", "DATE")]),
                 "STAT_CHANGE")
    assert len(events) == 1
    assert _role(events[0], "period") == []
    assert _role(events[0], "baseline") == ["2022"]


def test_metric_named_by_an_action_is_no_action(run):
    events = run("全县治安案件查处数较去年同期上升15%。")
    assert _of(events, "SOLVE_CASES") == []
    assert [e["trigger"]["text"] for e in _of(events, "STAT_CHANGE")] == ["上升"]


def test_quoted_slogan_word_is_no_change(run):
    text = "围绕“一降、二升、三提高”的工作目标，加强巡逻防控。"
    assert _of(run(text), "STAT_CHANGE") == []


# --- DETAIN_SUSPECTS: hand-overs --------------------------------------------------------


def test_handover_to_prosecution_detains(run):
    events = run("日前，郑某所涉案件已移交检察院。", [("郑某", "PERSON")],
                 attrs={"郑某": {"role": "suspect"}})
    assert [e["trigger"]["text"] for e in _of(events, "DETAIN_SUSPECTS")] == ["移交"]


def test_handover_elsewhere_is_no_detention(run):
    assert _of(run("移交纪检监察机关问题线索41件、57人。"), "DETAIN_SUSPECTS") == []
    text = "目前，相关犯罪嫌疑人12人已分别移交甲地、乙地警方。"
    assert _of(run(text), "DETAIN_SUSPECTS") == []


# --- ENDORSEMENT -----------------------------------------------------------------------


def test_coordinated_endorsing_words_make_one_event(run):
    text = "刘建新局长对专案组敢打硬拼的作风给予了充分肯定和高度赞扬。"
    events = _of(run(text, [("刘建新", "OFFICIAL")]), "ENDORSEMENT")
    assert [e["trigger"]["text"] for e in events] == ["肯定"]
    assert _role(events[0], "endorser") == ["刘建新"]


def test_endorser_taken_for_a_person_after_a_post(run):
    text = "市委副书记吴国栋对此案作出批示。"
    events = _of(run(text, [("吴国栋", "PERSON")], attrs={"吴国栋": {"role": "other"}}),
                 "ENDORSEMENT")
    assert [_role(e, "endorser") for e in events] == [["吴国栋"]]
    # A suspect is never an endorser.
    events = _of(run("犯罪嫌疑人吴某对此案作出批示。", [("吴某", "PERSON")],
                     attrs={"吴某": {"role": "suspect"}}), "ENDORSEMENT")
    assert events == []


# --- HONOR_AWARD -----------------------------------------------------------------------


def test_quoted_honour_without_entity(run):
    events = _of(run("城北派出所被授予“人民满意派出所”荣誉称号。", [("城北派出所", "UNIT")]),
                 "HONOR_AWARD")
    assert [_role(e, "honor") for e in events] == [["人民满意派出所"]]


def test_title_head_word_is_no_honour(run):
    text = "城北派出所被授予“人民满意派出所”荣誉称号。"
    ents = [("城北派出所", "UNIT"), ("人民满意派出所", "HONOR"), ("荣誉称号", "HONOR")]
    events = _of(run(text, ents), "HONOR_AWARD")
    assert [_role(e, "honor") for e in events] == [["人民满意派出所"]]


def test_quoted_words_after_a_weak_verb_are_no_honour(run):
    # `获得` is not among the verbs whose quoted object is an honour without an entity.
    assert _of(run("该做法获得“群众点赞”。"), "HONOR_AWARD") == []


# --- DISMANTLE_GROUPS / SOLVE_CASES objects -----------------------------------------------


def test_count_written_first_is_not_part_of_the_target(run):
    events = _of(run("民警成功打掉一个以孙某为首的盗窃团伙。"), "DISMANTLE_GROUPS")
    assert [_role(e, "target") for e in events] == [["盗窃团伙"]]


def test_uncounted_case_after_the_verb(run):
    events = _of(run("专案组历时半年，终于破获了这起跨省系列入室盗窃案。"), "SOLVE_CASES")
    assert [_role(e, "case") for e in events] == [["跨省系列入室盗窃案"]]
    events = _of(run("民警破获了一批社会影响大的大案要案。"), "SOLVE_CASES")
    assert [_role(e, "case") for e in events] == [["大案要案"]]


def test_case_named_before_its_closing_verb(run):
    events = _of(run("经过连续奋战，这起持刀抢劫案成功告破。"), "SOLVE_CASES")
    assert [_role(e, "case") for e in events] == [["持刀抢劫案"]]
    # `告破` needs a case: a bare breakthrough is no event.
    assert _of(run("经过连续奋战，案情终于告破。"), "SOLVE_CASES") == []


# --- STAT_CHANGE metric from the counted clause before ------------------------------------


def test_metric_of_previous_clause_drops_scope_and_event_words(run):
    text = "全县共发生盗窃案件326起，同比下降31.5%。"
    events = _of(run(text), "STAT_CHANGE")
    assert [_role(e, "metric") for e in events] == [["盗窃案件"]]
    assert _role(events[0], "region") == ["全县"]


def test_breakdown_clause_without_comparison_word(run):
    text = "全市刑事案件发案3120起，同比下降8.5%，其中侵财案件发案1850起，下降11.2%。"
    events = _of(run(text), "STAT_CHANGE")
    assert sorted(m for e in events for m in _role(e, "metric")) == ["侵财案件发案", "刑事案件发案"]


def test_a_change_clause_is_no_metric_of_the_next(run):
    events = _of(run("刑事案件破案数同比增长42起，增幅达18%。"), "STAT_CHANGE")
    second = [e for e in events if e["trigger"]["text"] == "增幅"]
    assert second and _role(second[0], "metric") == []


def test_counts_written_first_each_take_their_object(run):
    text = "民警打掉了盘踞在甲地、乙地的3个涉黑组织，以及12个恶势力团伙。"
    events = _of(run(text), "DISMANTLE_GROUPS")
    pairs = sorted((_role(e, "count")[0], _role(e, "target")[0]) for e in events)
    assert pairs == [(3, "涉黑组织"), (12, "恶势力团伙")]


def test_modifier_before_de_is_not_the_target(run):
    events = _of(run("民警捣毁非法收购人员的中转窝点2个。"), "DISMANTLE_GROUPS")
    assert [_role(e, "target") for e in events] == [["中转窝点"]]


def test_listed_results_counted_first_each_make_an_event(run):
    events = _of(run("交警查获52起酒后驾车，其中包括10起醉酒驾车。"), "SOLVE_CASES")
    assert sorted(_role(e, "count")[0] for e in events) == [10, 52]
    # A number inside the gap ends the list: `缴获…` is no further result.
    events = _of(run("查获52起酒后驾车，缴获手机3部，另有10起醉酒驾车。"), "SOLVE_CASES")
    assert [_role(e, "count") for e in events] == [[52]]


def test_this_case_closed(run):
    events = _of(run("经过连续奋战，该案成功告破。"), "SOLVE_CASES")
    assert [_role(e, "case") for e in events] == [["该案"]]


def test_body_endorsing_in_its_own_name(run):
    text = "记者从市公安局获悉，公安部对该局的做法给予充分肯定。"
    events = _of(run(text, [("市公安局", "UNIT"), ("公安部", "UNIT")]), "ENDORSEMENT")
    assert [_role(e, "endorser") for e in events] == [["公安部"]]


def test_recovered_sum_after_a_long_object(run):
    events = _of(run("民警为受害人追回被骗资金共计人民币12.6万元。"), "RECOVER_LOSSES")
    assert [_role(e, "amount") for e in events] == [[126000]]


def test_rank_of_a_metric_is_no_action(run):
    assert _of(run("抓获犯罪嫌疑人增幅全省第三。"), "DETAIN_SUSPECTS") == []
    assert _of(run("破案总量位列全省第二。"), "SOLVE_CASES") == []


def test_second_verb_takes_the_sentence_subject_as_recipient(run):
    text = "民警李国华被授予“优秀人民警察”称号，并记个人一等功。"
    ents = [("李国华", "PERSON"), ("优秀人民警察", "HONOR"), ("个人一等功", "HONOR")]
    events = _of(run(text, ents, attrs={"李国华": {"role": "officer"}}), "HONOR_AWARD")
    merit = [e for e in events if e["trigger"]["text"] == "记"]
    assert [_role(e, "recipient") for e in merit] == [["李国华"]]


def test_commendation_by_level_is_the_honour(run):
    events = _of(run("今年以来，该局有12个集体、35名个人受到省级以上表彰奖励。"), "HONOR_AWARD")
    assert sorted(r for e in events for r in _role(e, "recipient")) == ["12个集体", "35名个人"]
    assert {h for e in events for h in _role(e, "honor")} == {"省级以上表彰奖励"}
    # A commendation meeting is no award.
    assert _of(run("全市召开省级表彰大会。"), "HONOR_AWARD") == []


# --- agents --------------------------------------------------------------------------------


def test_units_joined_by_lianhe_act_together(run):
    text = "县公安局刑侦大队联合城关派出所抓获犯罪嫌疑人5名。"
    events = _of(run(text, [("县公安局刑侦大队", "UNIT"), ("城关派出所", "UNIT")]),
                 "DETAIN_SUSPECTS")
    assert [set(_role(e, "agent")) for e in events] == [{"城关派出所", "县公安局刑侦大队"}]


def test_helper_unit_is_no_agent(run):
    text = "在省公安厅的配合下，民警抓获犯罪嫌疑人5名。"
    ents = [("市公安局", "UNIT"), ("省公安厅", "UNIT")]
    events = _of(run("市公安局通报一起案件。" + text, ents), "DETAIN_SUSPECTS")
    # The helper is skipped; the report's acting unit is taken instead.
    assert [_role(e, "agent") for e in events] == [["市公安局"]]


def test_recovered_sum_named_in_the_clause_before(run):
    events = _of(run("受害人被骗的5万元，已全部追回。"), "RECOVER_LOSSES")
    assert [_role(e, "amount") for e in events] == [[50000]]


# --- SECURITY_TASK ---------------------------------------------------------------------------


def test_security_work_carried_out_is_an_event(run):
    events = _of(run("厦门警方全力以赴开展安全保卫工作。", [("厦门警方", "UNIT")]),
                 "SECURITY_TASK")
    assert [(e["trigger"]["text"], _role(e, "agent")) for e in events] == [
        ("安全保卫", ["厦门警方"])]


def test_security_meeting_or_bare_mention_is_no_event(run):
    ents = [("市公安局", "UNIT")]
    assert _of(run("市公安局召开安保工作部署会。", ents), "SECURITY_TASK") == []
    assert _of(run("市公安局研究安保工作方案。", ents), "SECURITY_TASK") == []
    # `安保力量` is a force, not a task.
    assert _of(run("市公安局动员安保力量2000人。", ents), "SECURITY_TASK") == []


def test_compared_action_names_a_metric(run):
    events = run("挽回群众经济损失同比上升约6倍。")
    assert _of(events, "RECOVER_LOSSES") == []
    assert [e["trigger"]["text"] for e in _of(events, "STAT_CHANGE")] == ["上升"]


def test_case_kept_solved_over_a_streak(run):
    events = _of(run("现行命案连续第11年保持全破。", [("命案", "CASE"), ("连续第11年", "DATE")]),
                 "SOLVE_CASES")
    assert [_role(e, "case") for e in events] == [["命案"]]


def test_rest_of_clause_after_a_receiving_verb_is_the_honour(run):
    events = _of(run("该案被评为全省十大精品案件，受到表扬。"), "HONOR_AWARD")
    assert [_role(e, "honor") for e in events] == [["全省十大精品案件"]]
    # Not after a conferring verb, where the object is the recipient.
    assert _of(run("市政府授予城北派出所。"), "HONOR_AWARD") == []


# --- third pass (session 2): sums after the objects, 攻破, compound endorsements ---------


def test_recover_sum_stated_after_the_objects(run):
    text = "县公安局将追缴的赃款及被盗车辆返还给12名受害群众，涉及金额共计48万余元。"
    events = _of(run(text, [("县公安局", "UNIT")]), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["返还"]
    assert _role(events[0], "amount") == [{"n": 480000, "approx": "over"}]


def test_recover_later_sum_without_amount_word_is_not_taken(run):
    # A count of people after the verb and a turnover figure are no recovered sum.
    text = "县公安局返还手机12部给失主，该团伙流水达300万元。"
    events = _of(run(text, [("县公安局", "UNIT")]), "RECOVER_LOSSES")
    assert all(300 * 10000 not in _role(e, "amount") for e in events)


def test_gongpo_of_a_case_solves_it(run):
    events = _of(run("北河警方快速攻破一起入室盗窃案。"), "SOLVE_CASES")
    assert [e["trigger"]["text"] for e in events] == ["攻破"]
    assert _of(run("民警攻破技术难关，提升了办案效率。"), "SOLVE_CASES") == []


def test_compound_endorsement_needs_no_endorser(run):
    events = _of(run("“猎鹰”追逃工作组受到表扬通报。"), "ENDORSEMENT")
    assert [e["trigger"]["text"] for e in events] == ["表扬通报"]
    # A bare praising word still needs someone who praised.
    assert _of(run("工作组的做法值得肯定。"), "ENDORSEMENT") == []


def test_unit_inside_an_object_modifier_is_no_agent(run):
    text = "今年以来，北河市公安局一举侦破省公安厅督办的特大跨境赌博案，抓获嫌疑人12名。"
    ents = [("北河市公安局", "UNIT"), ("省公安厅", "UNIT")]
    detains = _of(run(text, ents), "DETAIN_SUSPECTS")
    assert [a["text"] for e in detains for a in e["arguments"] if a["role"] == "agent"] == [
        "北河市公安局"]
    # Without the modifier the unit before the verb still acts.
    solves = _of(run("省公安厅侦破特大跨境赌博案。", [("省公安厅", "UNIT")]), "SOLVE_CASES")
    assert [a["text"] for a in solves[0]["arguments"] if a["role"] == "agent"] == ["省公安厅"]


def test_found_again_for_the_owner_is_a_recovery(run):
    events = _of(run("民警连夜追查，帮助失主找回被盗电动车3辆。"), "RECOVER_LOSSES")
    assert [e["trigger"]["text"] for e in events] == ["找回"]
    # Without a sum or counted goods nothing was recovered to report.
    assert _of(run("民警帮助走失老人找回家人。"), "RECOVER_LOSSES") == []
