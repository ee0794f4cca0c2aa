"""Unit rule families widened in session 5 (issue 8): chains of any province; officials
and operations whose rules were narrowed beside them.

One positive and one negative example per change; every sentence is invented (facts,
persons, events); only division names come from the gazetteer, because the rules look
places up there.
"""

from __future__ import annotations

import pytest

# (sentence, entity that must be found, entity that must not be found)
BOUNDARIES = [
    # a place name starts a unit even after a verb glued to it (提请/报请) or a date
    ("案件已提请德惠市人民检察院批准逮捕。",
     ("UNIT", "德惠市人民检察院"), ("UNIT", "市人民检察院")),
    ("5月3日农安县交警大队开展夜查。",
     ("UNIT", "农安县交警大队"), ("UNIT", "县交警大队")),
    ("据德惠市公安局刑侦大队介绍，嫌疑人已落网。",
     ("UNIT", "德惠市公安局刑侦大队"), None),
    # ... but a hand-over verb still never starts one
    ("嫌疑人被交由派出所处理。", ("UNIT", "派出所"), ("UNIT", "交由派出所")),
]

CORPS = [
    # the corps' place before the short 兵团, and a division's city from the gazetteer
    ("新疆兵团第九师公安局开展巡逻。",
     ("UNIT", "新疆兵团第九师公安局"), ("UNIT", "兵团第九师公安局")),
    ("新疆生产建设兵团第八师石河子市公安局通报案情。",
     ("UNIT", "新疆生产建设兵团第八师石河子市公安局"), ("UNIT", "石河子市公安局")),
    # a 师 that is no corps division takes nothing
    ("第三师范学院的学生参加活动。", None, ("UNIT", "第三师范学院")),
]

POLICE_FORCE = [
    # X公安 + branch + corps/detachment/brigade, no 局 between: one unit
    ("吉林公安交警总队部署春运安保。",
     ("UNIT", "吉林公安交警总队"), ("UNIT", "吉林公安")),
    ("德惠市公安特警大队一中队开展巡逻。",
     ("UNIT", "德惠市公安特警大队一中队"), ("UNIT", "特警大队")),
    # X公安 alone stays the short name of the bureau
    ("德惠公安还联合银行开展宣传。", ("UNIT", "德惠公安"), ("UNIT", "德惠公安还")),
    # a territory's police branch department is one body, as 全疆刑侦部门
    ("吉林公安交警部门开展整治。", ("UNIT", "吉林公安交警部门"), ("UNIT", "吉林公安")),
]

COMMON_WORD_PLACES = [
    # a stoplisted short name (also an everyday word) still names its police
    ("长春警方破获一起电诈案件。", ("UNIT", "长春警方"), None),
    ("据朝阳警方通报，嫌疑人已被刑拘。", ("UNIT", "朝阳警方"), None),
    ("鼓楼公安提醒市民防范诈骗。", ("UNIT", "鼓楼公安"), None),
    # ... but not everyday words on the stoplist left out of the list
    ("人民公安为人民。", None, ("UNIT", "人民公安")),
    ("中方警方与邻国警方开展合作。", None, ("UNIT", "中方警方")),
    ("双方警方加强合作。", None, ("UNIT", "双方警方")),
]

NAMED_SUB_UNITS = [
    # a sub-unit named by what it does stays inside the chain
    ("德惠市公安局情报信息中心研判线索。",
     ("UNIT", "德惠市公安局情报信息中心"), ("UNIT", "德惠市公安局")),
    ("农安县公安局治安巡逻大队开展巡逻。",
     ("UNIT", "农安县公安局治安巡逻大队"), None),
    ("德惠市公安局交通指挥中心调度警力。",
     ("UNIT", "德惠市公安局交通指挥中心"), ("UNIT", "指挥中心")),
    # ... but a verb after the bureau ends the chain: two units
    ("德惠市公安局组织刑侦大队开展行动。",
     ("UNIT", "刑侦大队"), ("UNIT", "德惠市公安局组织刑侦大队")),
    ("德惠市公安局民警来到刑侦大队。",
     ("UNIT", "德惠市公安局"), ("UNIT", "德惠市公安局民警来到刑侦大队")),
]

NEW_PLACE_STARTS = [
    # an adverb or a joining verb before a scope character is no unknown place
    ("接到报警后，随后县公安局刑侦大队民警赶到。",
     ("UNIT", "县公安局刑侦大队"), ("UNIT", "随后县公安局刑侦大队")),
    ("，联合县公安局刑侦大队开展行动。",
     ("UNIT", "县公安局刑侦大队"), ("UNIT", "联合县公安局刑侦大队")),
    ("，督促县政府限期整改。", ("UNIT", "县政府"), ("UNIT", "督促县政府")),
    # ... while an unknown place of two characters still starts the chain
    ("，澄岭县公安局刑侦大队开展行动。",
     ("UNIT", "澄岭县公安局刑侦大队"), ("UNIT", "县公安局刑侦大队")),
]

MORE_SHAPES = [
    # a stoplisted short that reads as a word before 公安 still names its police before 警方
    ("高新警方破获一起盗窃案。", ("UNIT", "高新警方"), None),
    ("会同警方开展清查。", None, ("UNIT", "会同警方")),
    # a district's short name missing from the gazetteer before a branch's brigade
    ("，澄岭交警大队民警赶到现场。", ("UNIT", "澄岭交警大队"), ("UNIT", "交警大队")),
    ("，当地交警大队民警赶到现场。", None, ("UNIT", "当地交警大队")),
    ("，组织交警大队民警开展整治。", None, ("UNIT", "组织交警大队")),
    ("，两个交警大队联合设卡。", None, ("UNIT", "两个交警大队")),
    # bare 公安 + branch + brigade after a preposition
    ("由公安交警大队负责处理。", ("UNIT", "公安交警大队"), ("UNIT", "交警大队")),
    # a zone's whole name before its body
    ("，德惠经济开发区公安分局民警赶到。",
     ("UNIT", "德惠经济开发区公安分局"), ("UNIT", "济开发区公安分局")),
    ("，德惠经济技术开发区管委会召开会议。",
     ("UNIT", "德惠经济技术开发区管委会"), None),
    # the provincial department by its short name, with its sub-units
    ("，在省厅刑侦总队的指导下破案。", ("UNIT", "省厅刑侦总队"), ("UNIT", "刑侦总队")),
    ("，该省厅级干部参加。", None, ("UNIT", "省厅")),
    # a section named by closed-list words inside a chain
    ("德惠市公安局情报信息科民警研判。",
     ("UNIT", "德惠市公安局情报信息科"), ("UNIT", "德惠市公安局")),
]

BODIES = [
    # a national body with its office, a court's enforcement bureau, a procuratorate's department
    ("，国家禁毒委员会办公室发布通报。",
     ("UNIT", "国家禁毒委员会办公室"), ("UNIT", "国家禁毒委员会")),
    ("，德惠市人民法院执行局冻结账户。",
     ("UNIT", "德惠市人民法院执行局"), ("UNIT", "德惠市人民法院")),
    ("，德惠市人民检察院第二检察部提前介入。",
     ("UNIT", "德惠市人民检察院第二检察部"), None),
    ("，公安部部署专项行动。", ("UNIT", "公安部"), ("UNIT", "公安部部")),
    # an anti-fraud centre named by what it does; the Youth League committee of a place
    ("，德惠市反诈预警劝阻中心发出预警。", ("UNIT", "德惠市反诈预警劝阻中心"), None),
    ("，反诈预警劝阻中心发出预警。", ("UNIT", "反诈预警劝阻中心"), None),
    ("，反诈民警赶到现场。", None, ("UNIT", "反诈民警")),
    ("，共青团德惠市委开展活动。", ("UNIT", "共青团德惠市委"), ("UNIT", "德惠市委")),
]

OFFICIALS = [
    # a section's name before its chief's post is no person
    ("宣传科科长马丽介绍情况。", ("OFFICIAL", "马丽"), ("OFFICIAL", "宣传科")),
    ("刑警队队长张伟带队。", ("OFFICIAL", "张伟"), ("OFFICIAL", "刑警队")),
    ("陈龙书记出席会议。", ("OFFICIAL", "陈龙"), None),
    # the short post 公安局长 after another post
    ("副县长、公安局长王强出席会议。", ("OFFICIAL", "王强"), None),
]

OPERATIONS = [
    # an owner word alone before 改革 names a work area
    ("全面深化公安改革。", None, ("OPERATION", "公安改革")),
    ("深化警务改革。", None, ("OPERATION", "警务改革")),
    # ... a named reform or programme stays one
    ("推进警务机制改革。", ("OPERATION", "警务机制改革"), None),
    ("实施雪亮工程。", ("OPERATION", "雪亮工程"), None),
]


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    BOUNDARIES + CORPS + POLICE_FORCE + COMMON_WORD_PLACES + NAMED_SUB_UNITS + NEW_PLACE_STARTS
    + MORE_SHAPES + BODIES + OFFICIALS + OPERATIONS,
)
def test_unit_rules_s5(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))
