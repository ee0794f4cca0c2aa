"""CASE rule families changed in session 5 (issue 8): positive and negative examples.

Every sentence is invented (places, codes, counts); only division names come from the
gazetteer, because the rules look places up there.
"""

from __future__ import annotations

import pytest

# (sentence, entity that must be found, entity that must not be found)
QUOTED_CODE = [
    # a quoted code right before its head is named like an M·D case: code, inner quote, head
    ("青州警方成功侦破“803”专案，抓获嫌疑人5名。", ("CASE", "803”专案"), ("CASE", "803")),
    ("“利剑3号”案件告破。", ("CASE", "利剑3号”案件"), None),
    # with a description between code and head the code alone stays (train gold)
    ("侦破“雷霆7号”非法经营案。", ("CASE", "雷霆7号"), ("CASE", "雷霆7号”非法经营案")),
    # a task force of the case is no case head: the code alone
    ("成立“803”专案组。", ("CASE", "803"), ("CASE", "803”专案")),
]

SHORT_CATEGORY = [
    # a bare two-character category stands as a noun: in a list, counted, or stated about
    ("针对命案、电诈等突出犯罪开展攻坚。", ("CASE", "电诈"), None),
    ("查处交通违法行为90起，其中醉驾4起。", ("CASE", "醉驾"), None),
    ("全县现行命案连续9年保持全破。", ("CASE", "命案"), None),
    # ... a noun after it makes it a modifier (train and corpus gold refuse these)
    ("去年全区电诈发案同比下降12%。", None, ("CASE", "电诈")),
    ("坚决遏制电诈高发态势。", None, ("CASE", "电诈")),
    ("抓获命案逃犯2名。", None, ("CASE", "命案")),
    ("依法查封涉黑资产。", None, ("CASE", "涉黑")),
    # an anti-X body or law is not the category X
    ("青州市反电信网络诈骗中心发出预警。", None, ("CASE", "电信网络诈骗")),
    # longer categories keep their own rule
    ("去年全市电信网络诈骗发案数同比下降20%。", ("CASE", "电信网络诈骗"), None),
]

NAMED = [
    # a class of cases named by its kind, right after 的 or a verb on cases
    ("公安机关在办的虚构项目融资类诈骗犯罪案件16起。",
     ("CASE", "虚构项目融资类诈骗犯罪案件"), ("CASE", "诈骗犯罪案件")),
    # a case named by several suspects
    ("民警侦破陈某、吴某某等人合同诈骗案。", ("CASE", "陈某、吴某某等人合同诈骗案"), None),
    ("侦破周某和郑某非法经营案。", ("CASE", "周某和郑某非法经营案"), ("CASE", "郑某非法经营案")),
    # a specific case named by its place, a description and the offence before 案
    ("先后侦破了青州东城金店抢劫案、临河“某茶庄”养老诈骗团伙案。",
     ("CASE", "临河“某茶庄”养老诈骗团伙案"), None),
    ("先后侦破了青州东城金店抢劫案、临河“某茶庄”养老诈骗团伙案。",
     ("CASE", "青州东城金店抢劫案"), None),
    # ... a victim's report is no case name, neither by place nor by person
    ("青州市民李某报警称遭遇诈骗案。", None, ("CASE", "青州市民李某报警称遭遇诈骗案")),
    ("青州市民李某报警称遭遇诈骗案。", None, ("CASE", "李某报警称遭遇诈骗案")),
    # ... a place before a category is no named case
    ("青州市刑事案件同比下降8%。", ("CASE", "刑事案件"), ("CASE", "青州市刑事案件")),
]

CATEGORY = [
    # a kind of fraud before 诈骗 and a head is part of the category's name
    ("其中虚假投资理财诈骗案件占四成。", ("CASE", "虚假投资理财诈骗案件"), ("CASE", "诈骗案件")),
    ("冒充客服类诈骗犯罪高发。", ("CASE", "冒充客服类诈骗犯罪"), None),
    # ... a bare offence head stays what it was
    ("破获诈骗案件15起。", ("CASE", "诈骗案件"), None),
    # a category that names a body or working group is part of a unit, no case mention
    ("县处置非法集资领导小组办公室召开会议。", None, ("CASE", "非法集资")),
    ("市刑事案件管理中心正式运行。", None, ("CASE", "刑事案件")),
    ("刑事案件同比下降6%。", ("CASE", "刑事案件"), None),
    # a verb of solving after a list mark stays out of a listed case name
    ("今年以来，专案组成功侦破某某金店盗窃案、某某诈骗案等案件。",
     ("CASE", "某某金店盗窃案"), ("CASE", "专案组成功侦破某某金店盗窃案")),
    # offences listed after 实施 are case categories from the first item on
    ("该团伙实施寻衅滋事、敲诈勒索等违法犯罪活动。", ("CASE", "寻衅滋事"), None),
    # the violation named as the ground of a penalty decision
    ("根据规定，以殴打他人对王某某处以行政拘留五日。", ("CASE", "殴打他人"), None),
    ("以盗窃对李某作出罚款处罚。", ("CASE", "盗窃"), None),
    ("以此为契机对辖区开展检查。", None, ("CASE", "此为契机")),
]

COUNTED = [
    # a category after a scope word, counted or changing
    ("全市两抢案件同比下降9%。", ("CASE", "两抢案件"), None),
    ("全县暴力犯罪同比下降。", ("CASE", "暴力犯罪"), None),
    # ... but 犯罪 before a count of people is no category
    ("抓获刑事犯罪12人。", None, ("CASE", "刑事犯罪")),
    # a kind of offence counted as cases, after the verb, 其中 or an item mark
    ("破获电信诈骗21起。", ("CASE", "电信诈骗"), None),
    ("其中盗窃45起、诈骗12起。", ("CASE", "诈骗"), None),
    ("其中盗窃45起、诈骗12起。", ("CASE", "盗窃"), None),
    ("打掉盗窃团伙3个。", None, ("CASE", "盗窃")),
    # a tally word after the verb stays out of a list of categories
    ("成功破获多起食药环森、黄赌毒等大要案件。", ("CASE", "食药环森"), None),
    # a charge ends in X罪, never in the generic 犯罪 nor across 等
    ("王某因涉嫌寻衅滋事等违法犯罪被刑事拘留。", None, ("CASE", "寻衅滋事等违法犯罪")),
    ("李某涉嫌帮助信息网络犯罪活动罪被逮捕。", ("CASE", "帮助信息网络犯罪活动罪"), None),
    ("张某涉嫌组织、领导传销活动罪。", ("CASE", "组织、领导传销活动罪"), None),
]

MODIFIER = [
    # a category without its head before its trend is no case mention (train, corpus gold) ...
    ("坚决遏制节日期间酒后驾驶的高发势头。", None, ("CASE", "酒后驾驶")),
    ("遏制电信网络诈骗高发态势。", None, ("CASE", "电信网络诈骗")),
    # ... with its head it stays one
    ("全力遏制电信网络诈骗犯罪高发势头。", ("CASE", "电信网络诈骗犯罪"), None),
    # warnings and publicity about a category are no case mention
    ("发布养老诈骗宣传短视频。", None, ("CASE", "养老诈骗")),
    ("开展电信网络诈骗预警劝阻。", None, ("CASE", "电信网络诈骗")),
    # a verb inside a listed item means it is no offence (创建无吸毒社区)
    ("六成社区、村达到无吸毒、无贩毒。", None, ("CASE", "村达到无吸毒")),
    ("严厉打击盗窃、电信诈骗、跨境赌博等违法犯罪。", ("CASE", "跨境赌博"), None),
]

SUSPECTED = [
    # a known offence right after 涉嫌 is the offence, whatever follows
    ("王某涉嫌盗窃已被刑事拘留。", ("CASE", "盗窃"), None),
    ("王某涉嫌诈骗现已移送起诉。", ("CASE", "诈骗"), ("CASE", "诈骗现已移送起诉")),
    # free text after 涉嫌 up to a stop (train gold), and charges, stay as they were
    ("对涉嫌编造虚假险情扰乱公共秩序的人员依法处理。", ("CASE", "编造虚假险情扰乱公共秩序"), None),
    ("李某涉嫌贩卖毒品罪，已被逮捕。", ("CASE", "贩卖毒品罪"), ("CASE", "贩卖毒品")),
]


def test_fraud_kinds_file_is_clean() -> None:
    from pipeline.paths import project_root

    path = project_root() / "configs" / "lexicons" / "fraud_kinds.txt"
    lines = path.read_text("utf-8").split("\n")
    assert lines[0].startswith("#") and lines[-1] == ""
    words = [w for w in lines if w and not w.startswith("#")]
    assert len(words) == len(set(words)) and all(w == w.strip() and "\t" not in w for w in words)


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"), QUOTED_CODE + SHORT_CATEGORY + NAMED + CATEGORY + COUNTED + MODIFIER + SUSPECTED
)
def test_case_rules_s5(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))
