"""Rule families of session 3 (issue 8): a positive and a negative example each.

Every sentence is invented (places, names, cases); the rules alone are run (conftest
`found`), so each test says what the data in configs/entities decides.
"""

from __future__ import annotations

import pytest

# (sentence, entity that must be found, entity that must not be found)
OPERATIONS = [
    # a prefix that belongs to the name keeps its head after the quote ...
    ("推行助企“123”模式，即一项机制。", ("OPERATION", "助企“123”模式"), ("OPERATION", "助企“123”")),
    ("实行反诈“走心工程”，劝阻群众。", ("OPERATION", "反诈“走心工程”"), None),
    # ... an owner before the quote does not (SCHEMA §7: 公安“最多跑一次”改革 -> the name)
    ("持续深化公安“放管服”改革。", ("OPERATION", "放管服"), ("OPERATION", "公安“放管服”")),
    # 全警/全民 open a campaign name; 全 alone stays a scope word
    ("通过开展全警实战大练兵，提升能力。", ("OPERATION", "全警实战大练兵"), None),
    ("开展全市治安大巡防，出动警力。", ("OPERATION", "治安大巡防"), ("OPERATION", "全市治安大巡防")),
    # the national campaign named with a bare 斗争
    ("深入推进扫黑除恶斗争，打掉团伙3个。", ("OPERATION", "扫黑除恶斗争"),
     ("OPERATION", "扫黑除恶")),
    # 平安 + a place the gazetteer lacks, only before 建设
    ("全力推进平安峤南建设。", ("OPERATION", "平安峤南建设"), None),
    ("推进平安校园建设。", None, ("OPERATION", "平安校园建设")),
    # a quoted name before an education-campaign head
    ("开展“三能”主题教育实践活动。", ("OPERATION", "三能"), None),
    ("深化路口革命，治理隐患。", ("OPERATION", "路口革命"), None),
    # an enumerated item never starts with a verb
    ("陆续开展暑期夏令营、警营开放日等活动。", None, ("OPERATION", "陆续开展暑期夏令营")),
    # a bare 等活动 closes a list of activities, not of programmes
    ("组织了亲子运动会、警营开放日等活动。", None, ("OPERATION", "警营开放日")),
    ("打造红枫驿站、老兵调解室等特色品牌。", ("OPERATION", "老兵调解室"), None),
    # an unquoted item between two quoted items of one list
    ("持续开展“清路障”、天天查酒驾、“除隐患”行动。", ("OPERATION", "天天查酒驾"), None),
    ("开展“清路障”行动、天天查酒驾。", None, ("OPERATION", "天天查酒驾")),
    # 应用场景 after a name; a kind word before it is no name
    ("其中，渔船智能监管应用场景得到肯定。", ("OPERATION", "渔船智能监管应用场景"), None),
    ("打造“渔船智管”标志性应用场景。", ("OPERATION", "渔船智管"), ("OPERATION", "标志性应用场景")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), OPERATIONS)
def test_operation_rules(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


CASES = [
    # 发案 is incidence, not the end of a case name
    ("最早的一起积案发案于1998年。", None, ("CASE", "积案发案")),
    ("破获一起耕牛盗窃案。", ("CASE", "耕牛盗窃案"), None),
    # a 涉X category never runs across 等 (the list's tail is not part of it)
    ("重点打击侵财、涉毒等违法犯罪。", ("CASE", "涉毒"), ("CASE", "涉毒等违法犯罪")),
    ("全年破获涉毒案件15起。", ("CASE", "涉毒案件"), None),
    # a case named by its suspects takes a coordinated charge
    ("警方破获了钱某某等人组织、领导传销活动案。", ("CASE", "钱某某等人组织、领导传销活动案"),
     ("CASE", "领导传销活动案")),
    # a further charge of a list of charges (one not in the lexicon)
    ("两人因涉嫌诈骗罪、掩饰隐瞒赃物所得罪被逮捕。", ("CASE", "掩饰隐瞒赃物所得罪"), None),
    ("因涉嫌诈骗罪、并处罚金被起诉。", ("CASE", "诈骗罪"), ("CASE", "并处罚金被起诉罪")),
    # a category does not swallow the action or tally before it
    ("集中攻坚一批命案积案，侦破8起。", None, ("CASE", "集中攻坚一批命案积案")),
    # a modifier before 案 after a solving verb (the lexicon knows only 盗窃案)
    ("成功侦破耕牛盗窃案，抓获嫌疑人3名。", ("CASE", "耕牛盗窃案"), ("CASE", "盗窃案")),
    ("民警迅速侦破此案。", None, ("CASE", "此案")),
    # …犯罪案件 is one category, not 犯罪 + 案件; 犯罪团伙 is no category
    ("全年破获诈骗犯罪案件120起。", ("CASE", "诈骗犯罪案件"), ("CASE", "诈骗犯罪")),
    ("打掉诈骗犯罪团伙3个。", None, ("CASE", "诈骗犯罪")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), CASES)
def test_case_rules(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


OCCASIONS = [
    # the edition, 首届, a bracketed place or short name, 赛事 belong to an event's name
    ("确保首届青岚龙舟赛顺利进行。", ("OCCASION", "首届青岚龙舟赛"), ("OCCASION", "龙舟赛")),
    ("保障第五届中国（青岚）国际茶业博览会（茶博会）顺利举行。",
     ("OCCASION", "第五届中国（青岚）国际茶业博览会（茶博会）"), ("OCCASION", "国际茶业博览会")),
    ("完成2024年青岚国际马拉松赛事安保工作。", ("OCCASION", "2024年青岚国际马拉松赛事"), None),
    ("完成2023中国·沂岭国际樱桃文化旅游节安保任务。",
     ("OCCASION", "2023中国·沂岭国际樱桃文化旅游节"), None),
    # 大运会/省运会 are event heads; a known event keeps its edition
    ("完成2023年成都大运会安保工作。", ("OCCASION", "2023年成都大运会"), None),
    ("做好第七届进博会安保工作。", ("OCCASION", "第七届进博会"), ("OCCASION", "进博会")),
    # a bare head is no event; a holiday far from 安保 stays a time
    ("召开了一次研讨会。", None, ("OCCASION", "研讨会")),
    # a known event with its host place; sports events with a year or place
    ("全力做好杭州亚运会安保工作。", ("OCCASION", "杭州亚运会"), ("OCCASION", "亚运会")),
    ("完成2024环青岚湖国际公路自行车赛安保任务。",
     ("OCCASION", "2024环青岚湖国际公路自行车赛"), None),
    ("组织民警开展篮球赛和拉力赛。", None, ("OCCASION", "拉力赛")),
    ("春节前夕，民警走访了孤寡老人，送去米面油等慰问品和节日问候。", None, ("OCCASION", "春节")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), OCCASIONS)
def test_occasion_rules(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


UNITS = [
    # a police branch's 部门 inside a chain is specific; bare it is generic
    ("青州市公安局交警部门加大查处力度。", ("UNIT", "青州市公安局交警部门"), None),
    ("交警部门提醒广大司机。", None, ("UNIT", "交警部门")),
    # a territory's police (or one branch of it) as one body, like 全市公安机关
    ("全区公安部门共破获刑事案件500起。", ("UNIT", "全区公安部门"), ("UNIT", "区公安部")),
    ("全省刑侦部门加强命案侦破。", ("UNIT", "全省刑侦部门"), None),
    # 公安部门 is a kind of body, never the ministry
    ("市场监管局联合公安部门开展检查。", None, ("UNIT", "公安部")),
    ("公安部部署开展专项行动。", ("UNIT", "公安部"), None),
    # heads inside a chain: 反…中心, 车辆管理所, 刑事科学技术研究所, 缉私分局
    ("青州市公安局反电信网络诈骗中心发出预警。", ("UNIT", "青州市公安局反电信网络诈骗中心"),
     ("UNIT", "青州市公安局")),
    ("青州市公安局交警支队车辆管理所推出便民措施。",
     ("UNIT", "青州市公安局交警支队车辆管理所"), None),
    ("青州市公安局刑事科学技术研究所完成鉴定。", ("UNIT", "青州市公安局刑事科学技术研究所"), None),
    ("青州海关缉私分局查获走私案件。", ("UNIT", "青州海关缉私分局"), ("UNIT", "缉私分局")),
    # a township's 中心派出所 and an office named by what it manages stay inside the chain
    ("青州市公安局城关镇中心派出所民警赶到。", ("UNIT", "青州市公安局城关镇中心派出所"),
     ("UNIT", "中心派出所")),
    ("青州市公安局监所管理处组织检查。", ("UNIT", "青州市公安局监所管理处"), None),
    ("青州市公安局组织民警开展检查。", None, ("UNIT", "青州市公安局组织民警")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), UNITS)
def test_unit_rules(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))
