"""One test per trigger family (SCHEMA §3 types and the words real bulletins use), each
with negatives: excluded contexts, negated or planned actions, words that only look alike.
Sentences are invented."""

from __future__ import annotations

from typing import Any

import pytest


def _triggers(events: list[dict[str, Any]], etype: str) -> list[str]:
    return [e["trigger"]["text"] for e in events if e["type"] == etype]


def _roles(events: list[dict[str, Any]], etype: str) -> set[tuple[str, Any]]:
    return {(a["role"], json_key(a["value"])) for e in events if e["type"] == etype
            for a in e["arguments"]}


def json_key(value: Any) -> Any:
    """A count dict by its magnitude, as the evaluator compares it."""
    return value["n"] if isinstance(value, dict) else value


SUSPECT = {"role": "suspect"}


@pytest.mark.parametrize(
    ("text", "ents", "attrs", "trigger"),
    [
        ("城东派出所民警在车站将网上逃犯周某擒获。", [("城东派出所", "UNIT"), ("周某", "PERSON")],
         {"周某": SUSPECT}, "擒获"),
        ("经连续追踪，8名团伙成员全部落网。", [], {}, "全部落网"),
        ("在强大攻势下，3名在逃人员先后投案自首。", [], {}, "投案自首"),
        ("嫌疑人钱某在出租屋内被抓。", [("钱某", "PERSON")], {"钱某": SUSPECT}, "被抓"),
        ("民警在检查站截获运毒嫌疑人2名。", [], {}, "截获"),
        ("2名犯罪嫌疑人已被县公安局依法刑事拘留。", [("县公安局", "UNIT")], {}, "刑事拘留"),
        ("专案组抓获犯罪嫌疑人12人。", [("专案组", "UNIT")], {}, "抓获"),
    ],
)
def test_detain_family(run, text, ents, attrs, trigger):
    events = run(text, ents, attrs=attrs)
    assert _triggers(events, "DETAIN_SUSPECTS") == [trigger]


def test_detain_measure_and_counts(run):
    events = run("2名犯罪嫌疑人已被县公安局依法刑事拘留。", [("县公安局", "UNIT")])
    roles = _roles(events, "DETAIN_SUSPECTS")
    assert ("measure", "刑事拘留") in roles and ("count", 2) in roles
    assert ("suspect", "犯罪嫌疑人") in roles


@pytest.mark.parametrize(
    "text",
    [
        "全年命案抓获率达到100%。",  # a rate, not an arrest
        "目前仍有2名逃犯尚未抓获。",  # negated
        "力争年底前抓获全部在逃人员10名。",  # planned
        "民警抓紧时间控制在10分钟内到达。",  # 控制在 is not a detention
        "他是一名记者。",
    ],
)
def test_detain_negatives(run, text):
    assert _triggers(run(text), "DETAIN_SUSPECTS") == []


@pytest.mark.parametrize(
    ("text", "ents", "trigger", "count"),
    [
        ("县公安局共破获二十一起盗窃案件。", [("县公安局", "UNIT")], "破获", 21),
        ("公安机关在侦的各类诈骗案件15起。", [], "在侦", 15),
        ("专案组串并同类案件40余起。", [("专案组", "UNIT")], "串并", 40),
        ("全年查处治安案件320起。", [], "查处", 320),
    ],
)
def test_solve_family(run, text, ents, trigger, count):
    events = run(text, ents)
    assert _triggers(events, "SOLVE_CASES") == [trigger]
    assert ("count", count) in _roles(events, "SOLVE_CASES")


@pytest.mark.parametrize(
    "text",
    ["全年破案率达到95%。", "要突破技术瓶颈3项。", "群众反映破坏公物5起。", "计划侦破积案10起。"],
)
def test_solve_negatives(run, text):
    assert _triggers(run(text), "SOLVE_CASES") == []


def test_solve_list_of_results(run):
    events = run("全县破获刑事案件120起、治安案件86起，其中电诈案件30起。")
    solve = [e for e in events if e["type"] == "SOLVE_CASES"]
    pairs = sorted((a["value"], b["value"]) for e in solve for a in e["arguments"]
                   for b in e["arguments"] if a["role"] == "case" and b["role"] == "count")
    assert pairs == [("刑事案件", 120), ("治安案件", 86), ("电诈案件", 30)]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("警方一举捣毁制假窝点3个。", "捣毁"),
        ("警方将这个盗窃团伙一网打尽。", "一网打尽"),
        ("专案组端掉一个跨省诈骗团伙。", "端掉"),
    ],
)
def test_dismantle_family(run, text, trigger):
    assert _triggers(run(text), "DISMANTLE_GROUPS") == [trigger]


@pytest.mark.parametrize("text", ["要打掉不良风气。", "准备捣毁窝点2个。"])
def test_dismantle_negatives(run, text):
    assert _triggers(run(text), "DISMANTLE_GROUPS") == []


@pytest.mark.parametrize(
    ("text", "ents", "attrs", "trigger"),
    [
        ("县公安局依法对孙某处以行政拘留五日。", [("县公安局", "UNIT"), ("孙某", "PERSON")],
         {"孙某": SUSPECT}, "行政拘留"),
        ("派出所对吴某予以治安罚款。", [("派出所", "UNIT"), ("吴某", "PERSON")],
         {"吴某": SUSPECT}, "治安罚款"),
        ("当晚共行政处罚12人。", [], {}, "行政处罚"),
    ],
)
def test_penalty_family(run, text, ents, attrs, trigger):
    assert _triggers(run(text, ents, attrs=attrs), "PENALTY") == [trigger]


@pytest.mark.parametrize("text", ["他被送往拘留所。", "依据治安管理处罚法第十条。"])
def test_penalty_negatives(run, text):
    assert _triggers(run(text), "PENALTY") == []


@pytest.mark.parametrize(
    ("text", "trigger", "direction"),
    [
        ("全市刑事案件发案数同比下降12.5%。", "下降", "down"),
        ("破案数上升6成。", "上升", "up"),
        ("发案数、损失数实现双下降。", "双下降", "down"),
    ],
)
def test_stat_change_family(run, text, trigger, direction):
    events = run(text)
    assert _triggers(events, "STAT_CHANGE") == [trigger]
    assert ("direction", direction) in _roles(events, "STAT_CHANGE")


@pytest.mark.parametrize("text", ["要提升打击效能。", "破案率达到35%。", "力争发案数下降10%。"])
def test_stat_change_negatives(run, text):
    assert _triggers(run(text), "STAT_CHANGE") == []


@pytest.mark.parametrize(
    ("text", "trigger", "amount"),
    [
        ("为群众挽回经济损失320万元。", "挽回经济损失", 3200000),
        ("追缴被骗资金56万元。", "追缴", 560000),
        ("向12名受害人返还涉案资金8.6万元。", "返还", 86000),
    ],
)
def test_recover_family(run, text, trigger, amount):
    events = run(text)
    assert _triggers(events, "RECOVER_LOSSES") == [trigger]
    assert ("amount", amount) in _roles(events, "RECOVER_LOSSES")


@pytest.mark.parametrize("text", ["挽回了单位声誉。", "尚未追回赃款。"])
def test_recover_negatives(run, text):
    assert _triggers(run(text), "RECOVER_LOSSES") == []


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # Told without a sum: the verb's object or the victim says it is a recovery.
        ("民警连夜追查，为受害人挽回了全部经济损失。", "挽回了全部经济损失"),
        ("民警为受害人追回全部被骗资金。", "追回"),
        ("被骗钱款已全部返还。", "返还"),
        ("派出所将找到的手机返还失主。", "返还"),
        ("县公安局向受害群众集中返还被骗财物。", "返还"),
        ("民警顺线追踪，追回被盗电动车一批。", "追回"),
        ("民警帮助8名农民工讨回欠薪。", "讨回"),
        ("县公安局召开返赃大会，为群众集中返赃。", "返赃"),
    ],
)
def test_recover_without_sum(run, text, trigger):
    assert _triggers(run(text), "RECOVER_LOSSES") == [trigger]


@pytest.mark.parametrize(
    "text",
    [
        "县公安局举行追缴资金返还仪式。",  # a ceremony named after the act
        "现场向受害群众返还追缴的涉案资金，是打击成果的展现。",  # a comment on the object
        "紧急止付涉案资金75万元。",  # stop-payment: no recovery (dev/train notes)
        "冻结涉案账户12个。",  # freeze: no recovery
        "挽回群众经济损失同比上升约6倍。",  # a compared metric
        "力争为群众挽回经济损失。",  # planned
        "全力追赃挽损，守护群众钱袋子。",  # a work aim without a sum
    ],
)
def test_recover_without_sum_negatives(run, text):
    assert _triggers(run(text), "RECOVER_LOSSES") == []


@pytest.mark.parametrize(
    ("text", "ents", "trigger"),
    [
        ("刑侦大队荣获集体二等功。", [("刑侦大队", "UNIT"), ("集体二等功", "HONOR")], "荣获"),
        ("市政府给专案组荣记集体一等功。", [("市政府", "UNIT"), ("专案组", "UNIT"),
                                        ("集体一等功", "HONOR")], "荣记"),
        ("侦查专班被市公安局记集体三等功。", [("侦查专班", "UNIT"), ("市公安局", "UNIT"),
                                          ("集体三等功", "HONOR")], "记"),
        ("民警郑某当选全国优秀人民警察。", [("郑某", "PERSON"),
                                        ("全国优秀人民警察", "HONOR")], "当选"),
        ("省委发来贺电表彰专案组。", [("省委", "UNIT"), ("专案组", "UNIT")], "贺电表彰"),
    ],
)
def test_honor_family(run, text, ents, trigger):
    assert _triggers(run(text, ents), "HONOR_AWARD") == [trigger]


def test_honor_conferrer_and_recipient(run):
    events = run("侦查专班被市公安局记集体三等功。",
                 [("侦查专班", "UNIT"), ("市公安局", "UNIT"), ("集体三等功", "HONOR")])
    roles = _roles(events, "HONOR_AWARD")
    assert ("conferrer", "市公安局") in roles and ("honor", "集体三等功") in roles


@pytest.mark.parametrize(
    "text", ["记者从县公安局获悉。", "书记听取汇报。", "办理户口登记5件。", "获得感不断增强。"]
)
def test_honor_negatives(run, text):
    assert _triggers(run(text, [("县公安局", "UNIT")] if "县公安局" in text else []),
                     "HONOR_AWARD") == []


def test_endorsement_family(run):
    events = run("市委书记王某对此作出批示肯定。", [("市委", "UNIT"), ("王某", "OFFICIAL")])
    assert _triggers(events, "ENDORSEMENT") == ["批示肯定"]
    assert ("endorser", "王某") in _roles(events, "ENDORSEMENT")


@pytest.mark.parametrize("text", ["这肯定会有效果。", "他不肯定。"])
def test_endorsement_negatives(run, text):
    assert _triggers(run(text), "ENDORSEMENT") == []


def test_security_family(run):
    events = run("县公安局圆满完成马拉松赛事安保任务。",
                 [("县公安局", "UNIT"), ("马拉松赛事", "OCCASION")])
    assert _triggers(events, "SECURITY_TASK") == ["安保"]
    assert ("outcome", "圆满完成") in _roles(events, "SECURITY_TASK")


@pytest.mark.parametrize("text", ["他在一家安保公司工作。", "保卫科科长到场。"])
def test_security_negatives(run, text):
    assert _triggers(run(text), "SECURITY_TASK") == []


@pytest.mark.parametrize(
    ("text", "trigger"),
    [("民警冯某从火场救出被困老人。", "救出"), ("民警成功解救被拐儿童2名。", "解救")],
)
def test_rescue_family(run, text, trigger):
    events = run(text, [("冯某", "PERSON")] if "冯某" in text else [],
                 attrs={"冯某": {"role": "officer"}})
    assert _triggers(events, "RESCUE") == [trigger]


@pytest.mark.parametrize("text", ["他被送到救助站。", "申请社会救助。"])
def test_rescue_negatives(run, text):
    assert _triggers(run(text), "RESCUE") == []


def _stat_args(run, text):
    return [sorted((a["role"], json_key(a["value"])) for a in e["arguments"])
            for e in run(text) if e["type"] == "STAT_CHANGE"]


def test_stat_change_pairs_split_on_he(run):
    assert _stat_args(run, "电诈发案数和损失金额分别下降21%和35%。") == [
        [("direction", "down"), ("metric", "电诈发案数"), ("value", 21)],
        [("direction", "down"), ("metric", "损失金额"), ("value", 35)],
    ]


def test_stat_change_from_to_and_opening_comparison(run):
    [from_to] = _stat_args(run, "全市刑事案件由2022年的100起下降到50起。")
    assert ("baseline", 100) in from_to and ("value", 50) in from_to
    [compared] = _stat_args(run, "与去年同期相比，全市盗窃案件下降15%。")
    assert ("baseline", "2022") in compared and ("metric", "盗窃案件") in compared


def test_detain_list_pairs_each_count_with_its_object(run):
    events = run("全县抓获犯罪嫌疑人75人，其中外籍犯罪嫌疑人6人。")
    pairs = sorted((a["value"], b["value"]) for e in events if e["type"] == "DETAIN_SUSPECTS"
                   for a in e["arguments"] for b in e["arguments"]
                   if a["role"] == "suspect" and b["role"] == "count")
    assert pairs == [("外籍犯罪嫌疑人", 6), ("犯罪嫌疑人", 75)]


def test_honor_list_of_named_recipients(run):
    events = run("城东派出所、刑侦大队荣获集体三等功。",
                 [("城东派出所", "UNIT"), ("刑侦大队", "UNIT"), ("集体三等功", "HONOR")])
    recipients = {v for r, v in _roles(events, "HONOR_AWARD") if r == "recipient"}
    assert recipients == {"城东派出所", "刑侦大队"}


def test_fenbie_aligns_units_and_results_by_position(run):
    text = "城东派出所、城西派出所分别抓获犯罪嫌疑人3名、5名。"
    events = run(text, [("城东派出所", "UNIT"), ("城西派出所", "UNIT")])
    pairs = sorted((a["value"], b["value"]) for e in events if e["type"] == "DETAIN_SUSPECTS"
                   for a in e["arguments"] for b in e["arguments"]
                   if a["role"] == "agent" and b["role"] == "count")
    assert pairs == [("城东派出所", 3), ("城西派出所", 5)]


def test_unit_list_without_fenbie_acts_together(run):
    text = "城东派出所和刑侦大队联手抓获犯罪嫌疑人4名。"
    events = run(text, [("城东派出所", "UNIT"), ("刑侦大队", "UNIT")])
    [ev] = [e for e in events if e["type"] == "DETAIN_SUSPECTS"]
    assert {a["value"] for a in ev["arguments"] if a["role"] == "agent"} == {"城东派出所", "刑侦大队"}


@pytest.mark.parametrize(
    "text",
    ["全省破获刑事案件数、抓获犯罪嫌疑人数同比上升12%、15%。", "抓获数、刑拘数分别上升5%、8%。"],
)
def test_triggers_inside_metric_names_are_not_actions(run, text):
    events = run(text)
    assert {e["type"] for e in events} == {"STAT_CHANGE"}


def test_award_object_is_not_a_second_award(run):
    events = run("26个集体荣获嘉奖。", [("嘉奖", "HONOR")])
    assert _triggers(events, "HONOR_AWARD") == ["荣获"]


def test_every_listed_operation_is_an_argument(run):
    text = "县公安局开展了清源、雷霆和“断卡”等专项行动，侦破案件12起。"
    ents = [("县公安局", "UNIT"), ("清源", "OPERATION"), ("雷霆", "OPERATION"), ("断卡", "OPERATION")]
    ops = {v for r, v in _roles(run(text, ents), "SOLVE_CASES") if r == "operation"}
    assert ops == {"清源", "雷霆", "断卡"}


def test_endorsement_subject_after_dui(run):
    events = run("市长陈某对县公安局的工作给予充分肯定。", [("陈某", "OFFICIAL"), ("县公安局", "UNIT")])
    assert ("subject", "县公安局的工作") in _roles(events, "ENDORSEMENT")


def test_conferring_verb_takes_its_subject_as_conferrer(run):
    text = "公安部授予民警郑某全国优秀人民警察称号。"
    events = run(text, [("公安部", "UNIT"), ("郑某", "PERSON"), ("全国优秀人民警察", "HONOR")])
    roles = _roles(events, "HONOR_AWARD")
    assert ("conferrer", "公安部") in roles and ("recipient", "郑某") in roles


def test_receiving_verb_takes_its_subject_as_recipient(run):
    events = run("刑侦大队荣获集体二等功。", [("刑侦大队", "UNIT"), ("集体二等功", "HONOR")])
    roles = _roles(events, "HONOR_AWARD")
    assert ("recipient", "刑侦大队") in roles
    assert not any(r == "conferrer" for r, _ in roles)


def test_places_inside_the_dismantled_object(run):
    text = "警方打掉了盘踞在东坪、西岭等地的5个犯罪团伙。"
    events = run(text, [("东坪", "LOC"), ("西岭", "LOC")])
    places = {v for r, v in _roles(events, "DISMANTLE_GROUPS") if r == "place"}
    assert places == {"东坪", "西岭"}


# --- session 3: verbs real bulletins use beyond the first lexicons -------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("禁毒大队查获制毒工厂2个。", "查获"),
        ("县公安局取缔赌博窝点5处。", "取缔"),
        ("专案组一举清剿盘踞多年的涉恶团伙。", "清剿"),
        ("民警斩断一条跨境偷渡链条。", "斩断"),
    ],
)
def test_dismantle_generic_verbs_with_a_group(run, text, trigger):
    assert _triggers(run(text), "DISMANTLE_GROUPS") == [trigger]


@pytest.mark.parametrize(
    "text",
    [
        "民警查获毒品1.2千克。",  # goods, not a group
        "取缔非法营运车辆12辆。",  # not a group or den
        "斩断了犯罪分子的退路，抓获3人。",  # no group head after the verb
    ],
)
def test_dismantle_generic_verbs_negatives(run, text):
    assert _triggers(run(text), "DISMANTLE_GROUPS") == []


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("今年以来，全市盗窃警情同比回升3.2%。", "回升"),
        ("全市交通事故死亡人数锐减40%。", "锐减"),
        ("电诈警情同比压降18.6%。", "压降"),
    ],
)
def test_stat_change_other_verbs(run, text, trigger):
    assert _triggers(run(text), "STAT_CHANGE") == [trigger]


def test_stat_change_other_verbs_negatives(run):
    # A verb with an object and no number is no change of a measured quantity.
    assert _triggers(run("群众外出走亲访友日益增多。"), "STAT_CHANGE") == []
    assert _triggers(run("要压降发案。"), "STAT_CHANGE") == []


@pytest.mark.parametrize(
    ("text", "ents", "trigger"),
    [
        ("市公安局巡特警支队在全省比武中斩获团体一等奖。",
         [("市公安局巡特警支队", "UNIT"), ("团体一等奖", "HONOR")], "斩获"),
        ("城南派出所被评选为全国优秀公安基层单位。",
         [("城南派出所", "UNIT"), ("全国优秀公安基层单位", "HONOR")], "被评选为"),
    ],
)
def test_honour_other_verbs(run, text, ents, trigger):
    assert _triggers(run(text, ents), "HONOR_AWARD") == [trigger]


def test_honour_other_verbs_need_an_honour(run):
    # `斩获` of a catch, not of a prize: no honour, no event.
    assert _triggers(run("渔政部门斩获颇丰。"), "HONOR_AWARD") == []


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("市公安局抽调警力300名执行安保任务。", True),
        ("县公安局组织民警全力做好安保工作。", True),
        ("市公安局召开安保工作部署会。", False),  # a meeting about it
        ("研究制定安保工作方案。", False),  # a plan
    ],
)
def test_security_work_carried_out(run, text, event):
    ents = [(u, "UNIT") for u in ("市公安局", "县公安局") if u in text]
    assert bool(_triggers(run(text, ents), "SECURITY_TASK")) is event


def test_honour_rest_of_clause_runs_over_other_trigger_words(run):
    # `打击` inside the honour's name is no boundary of the honour (it bounded it before).
    text = "城北派出所被市公安局评选为打击侵财犯罪工作先进集体。"
    events = run(text, [("城北派出所", "UNIT"), ("市公安局", "UNIT")])
    assert ("honor", "打击侵财犯罪工作先进集体") in _roles(events, "HONOR_AWARD")


def test_recover_helped_victims_are_the_beneficiary(run):
    events = run("县公安局帮助12名农民工讨回欠薪30万元。", [("县公安局", "UNIT")])
    assert ("beneficiary", "12名农民工") in _roles(events, "RECOVER_LOSSES")
    assert ("amount", 300000) in _roles(events, "RECOVER_LOSSES")


def test_new_change_words_have_a_direction(run):
    assert ("direction", "down") in _roles(run("电诈警情同比压降18.6%。"), "STAT_CHANGE")
    assert ("direction", "up") in _roles(run("盗窃警情同比回升3.2%。"), "STAT_CHANGE")


@pytest.mark.parametrize(("text", "measure"), [("3名嫌疑人已被依法刑拘。", "刑拘"),
                                              ("2名嫌疑人已被检察机关批捕。", "批捕")])
def test_detain_measure_as_written(run, text, measure):
    # The measure keeps the words of the text (corpus decision 4), as the gold compares it.
    assert ("measure", measure) in _roles(run(text), "DETAIN_SUSPECTS")
