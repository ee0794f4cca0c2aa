"""One test per rule family added for issue 8: a positive and a negative example each.

All sentences are invented (names, places, cases); only the division names come from the
gazetteer, because the rules look places up there.
"""

from __future__ import annotations

import pytest

from pipeline.entities.rules import load_rules
from pipeline.paths import project_root

RULES = project_root() / "configs" / "entities"




# (sentence, entity that must be found, entity that must not be found)
CASES = [
    # boundary guards: a verb or preposition never starts a unit or case
    ("群众把视频交由派出所处理。", None, ("UNIT", "交由派出所")),
    ("他回到派出所换了衣服。", None, ("UNIT", "他回到派出所")),
    ("全年共破获各类案件12起。", None, ("CASE", "获各类案件")),
    # ... but a gazetteer place starting with a guard character is kept
    ("获嘉县公安局通报了情况。", ("UNIT", "获嘉县公安局"), None),
    # unit chains through a place name inside the chain
    ("荆州市公安局荆州分局东港派出所民警赶到。", ("UNIT", "荆州市公安局荆州分局东港派出所"),
     ("UNIT", "荆州分局")),
    ("吴忠市公安局利通分局通报案情。", ("UNIT", "吴忠市公安局利通分局"), ("UNIT", "利通分局")),
    ("广西公安厅刑侦总队刑事技术处开展比对。", ("UNIT", "广西公安厅刑侦总队刑事技术处"), None),
    # two units joined by a verb stay two units
    ("百色边境管理支队执法调查队联合靖西边境管理大队查获一批人员。",
     ("UNIT", "靖西边境管理大队"), ("UNIT", "百色边境管理支队执法调查队联合靖西边境管理大队")),
    ("公安南开分局迅速开展调查。", ("UNIT", "公安南开分局"), None),
    # the corps system
    ("新疆生产建设兵团第十四师公安局破获一起案件。", ("UNIT", "新疆生产建设兵团第十四师公安局"), None),
    # party and government organs, ministries, the central bank, mass organisations
    ("省政府新闻办召开发布会。", ("UNIT", "省政府新闻办"), None),
    ("宁夏网信办、宁夏通管局参加会议。", ("UNIT", "宁夏网信办"), None),
    ("联合人民银行西宁中心支行开展宣传。", ("UNIT", "人民银行西宁中心支行"), None),
    ("落实中央、省委部署。", ("UNIT", "中央"), None),
    ("中央电视台播出了节目。", None, ("UNIT", "中央")),
    ("中共江苏省委表彰了先进。", ("UNIT", "中共江苏省委"), None),
    ("青州市委市政府召开会议。", ("UNIT", "青州市委"), ("UNIT", "青州市委市政府")),
    ("工作考验着公安部门的能力。", None, ("UNIT", "公安部")),
    ("活动由浙江省总工会主办。", ("UNIT", "浙江省总工会"), None),
    ("单位工会组织了活动。", None, ("UNIT", "工会")),
    # X警方 / X公安 and coordinated places
    ("厦门警方全警动员。", ("UNIT", "厦门警方"), None),
    ("警方提醒市民注意防范。", None, ("UNIT", "警方")),
    ("嫌疑人已移交中宁、银川、鄂托克前旗警方。", ("UNIT", "银川"), None),
    ("进一步加强北仑公安工作。", ("UNIT", "北仑公安"), None),
    # territory police with 各级
    ("全省各级公安机关共摸排线索。", ("UNIT", "全省各级公安机关"), None),
    ("报请上级公安机关批准。", None, ("UNIT", "上级公安机关")),
    # task forces
    ("县公安机关成立专案组展开调查。", ("UNIT", "专案组"), None),
    ("“春雨”追逃工作组凯旋。", ("UNIT", "追逃工作组"), None),
    ("抓获一名巡防队员。", None, ("UNIT", "抓获一名巡防队")),
    # CASE: named cases, categories, charges, offences
    ("警方破获一起特大耕牛盗窃案。", ("CASE", "特大耕牛盗窃案"), None),
    ("破获跨区域系列入室盗窃案23起。", ("CASE", "跨区域系列入室盗窃案"), None),
    ("侦破“飞鹰7号”传销案、钱某某贩毒团伙案等案件。", ("CASE", "钱某某贩毒团伙案"), None),
    ("侦破“飞鹰7号”传销案。", ("CASE", "飞鹰7号"), None),
    ("“5·16”工作专班被记功。", ("CASE", "5·16"), None),
    ("某公司涉嫌非法吸收公众存款。", ("CASE", "非法吸收公众存款"), None),
    ("李某因非法携带管制器具被行政拘留2日。", ("CASE", "非法携带管制器具"), None),
    ("共查获31起酒后驾车，其中5起为醉酒驾车。", ("CASE", "醉酒驾车"), None),
    ("推进食药环侦工作，开展禁酒驾宣传。", None, ("CASE", "酒驾")),
    ("依法查处非法出入境活动。", ("CASE", "非法出入境活动"), ("CASE", "违法犯罪活动")),
    ("坚决打击违法犯罪活动。", None, ("CASE", "违法犯罪活动")),
    # PERSON: pseudonyms with a given-name character, bylines, listed officers
    ("在某地将犯罪嫌疑人潘某林抓获。", ("PERSON", "潘某林"), ("PERSON", "潘某")),
    ("潘某称，他并不知情。", ("PERSON", "潘某"), ("PERSON", "潘某称")),
    ("犯罪嫌疑人扎某、贡某对盗窃供认不讳。", ("PERSON", "扎某"), None),
    ("（记者 任文涛 通讯员 俞晓岚 葛义鸣）", ("PERSON", "葛义鸣"), None),
    ("（通讯员俞晓岚记者葛义鸣戴林峰）", ("PERSON", "葛义鸣"), None),
    ("新华社某地3月2日电（任文涛 俞晓岚）", ("PERSON", "俞晓岚"), None),
    ("民警秦立带领协警韩秋生、邹明、贾宁，巡逻至桥头。", ("PERSON", "邹明"), None),
    ("一名老人不慎落水，民警向老人伸出援手。", None, ("PERSON", "向老人")),
    # OFFICIAL: name after a compound title, with a verb the old cue list lacked
    ("党委委员、副局长侯向东出席仪式。", ("OFFICIAL", "侯向东"), None),
    ("刑侦支队支队长冀晓川介绍了案情。", ("OFFICIAL", "冀晓川"), None),
    ("局长介绍了案情。", None, ("OFFICIAL", "介绍")),
    # OPERATION: a known campaign name with its head wins over a guessed longer span
    ("随着扫黑除恶专项斗争深入推进。", ("OPERATION", "扫黑除恶专项斗争"),
     ("OPERATION", "随着扫黑除恶专项斗争")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), CASES)
def test_rule_family(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


def test_guards_are_loaded_as_data() -> None:
    """The guard list is read from configs/lexicons/boundary_guards.tsv, per label."""
    guards = load_rules(RULES).guards
    assert "交由" in guards.words("UNIT")
    assert "治理" in guards.words("CASE")
    assert "交由" not in guards.words("PERSON")  # names are not guarded by default
    assert guards.blocks("UNIT", "交由派出所", 0)
    assert not guards.blocks("UNIT", "派出所", 0)


DATE_HONOR_OCCASION = [
    ("3日，记者从市局获悉。", ("DATE", "3日"), None),
    ("治安拘留10日，罚款500元。", None, ("DATE", "10日")),
    ("截至目前，共抓获嫌疑人5名。", ("DATE", "截至目前"), ("DATE", "目前")),
    ("7月2日至8月9日，开展集中整治。", ("DATE", "7月2日至8月9日"), ("DATE", "7月2日")),
    ("当日下午，民警赶到现场。", ("DATE", "当日下午"), None),
    ("涌现出全国优秀人民警察甘某等典型。", ("HONOR", "全国优秀人民警察"), None),
    ("被评为先进集体。", None, ("HONOR", "全国先进集体")),
    ("全省公安系统英雄模范立功表彰大会召开。", ("OCCASION", "全省公安系统英雄模范立功表彰大会"), None),
    ("2023年梧州国际马拉松赛顺利举行。", ("OCCASION", "2023年梧州国际马拉松赛"), ("DATE", "2023年")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), DATE_HONOR_OCCASION)
def test_date_honor_occasion_family(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


LOC_FAMILY = [
    ("嫌疑人沿着青岚路向北逃窜。", ("LOC", "青岚路"), ("LOC", "沿着青岚路")),
    ("在附近的滨江大道上被查获。", ("LOC", "滨江大道"), None),
    ("巡逻至解放北路东门桥附近。", ("LOC", "解放北路东门桥"), None),
    ("老人系荆州区纪南镇人。", ("LOC", "荆州区纪南镇"), ("LOC", "荆州区")),
    ("车辆驶入京港澳高速公路后被拦截。", ("LOC", "京港澳高速公路"), None),
    ("车辆驶入高速公路后被拦截。", None, ("LOC", "高速公路")),
    ("诈骗窝点设在柬埔寨金边。", ("LOC", "柬埔寨金边"), None),
    ("坚持中国特色社会主义道路。", None, ("LOC", "中国")),
    ("表彰大会在北京人民大会堂举行。", ("LOC", "北京人民大会堂"), None),
    # a place glued by the segmenter to a word that only follows places is still a place
    ("该男子是贵州人。", ("LOC", "贵州"), None),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), LOC_FAMILY)
def test_loc_family(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


def test_mask_followers_relax_only_the_end_boundary() -> None:
    """A mention may end inside a segmenter word only before a follower word."""
    from pipeline.entities.rules import Mask

    mask = Mask("P", ["江宁", "贵州"], followers=["交巡警", "人"])
    # boundaries of a segmentation that glued the place to the next word: 江/宁交/巡警
    text = "江宁交巡警大队"
    assert list(mask.find(text, {0, 1, 3, 5, 7})) == [(0, 2)]
    # without a follower the same glued mention is not masked
    assert list(mask.find("江宁交通", {0, 1, 3, 4})) == []
    # the start must still be on a boundary
    assert list(mask.find("黔贵州人", {0, 2, 4})) == []


MORE = [
    ("他把视频交由派出所处理。", ("UNIT", "派出所"), None),
    ("基层派出所要加强巡逻。", None, ("UNIT", "派出所")),
    ("查获冰毒7.3克以及其他作案用具。", None, ("CASE", "7.3克以及其他作案")),
    ("侦破“8·21”专案。", ("CASE", "8·21”专案"), None),
    ("图片由警方提供随着扫黑除恶专项斗争深入开展。", ("OPERATION", "扫黑除恶专项斗争"), None),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), MORE)
def test_bare_references_and_case_numbers(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


PROBES = [
    ("省公安厅党委副书记、常务副厅长林建章出席会议。", ("OFFICIAL", "林建章"), ("OFFICIAL", "常务")),
    ("市打击治理电信网络新型违法犯罪工作领导小组办公室发布提醒。",
     ("UNIT", "市打击治理电信网络新型违法犯罪工作领导小组办公室"), None),
    ("枣阳市鹿头镇派出所所长赵刚说。", ("UNIT", "枣阳市鹿头镇派出所"), ("UNIT", "头镇派出所")),
    ("民警刘洋、王磊迅速赶到现场。", ("PERSON", "王磊"), None),
    ("这是今年破获的最大一起涉毒案件。", ("CASE", "涉毒案件"), ("CASE", "最大一起涉毒案件")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), PROBES)
def test_probes_of_common_shapes(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


SPECIAL_POLICE = [
    ("武汉铁路公安处汉口站派出所民警在候车室巡查。", ("UNIT", "武汉铁路公安处汉口站派出所"), None),
    ("南宁海关缉私局破获一起走私案。", ("UNIT", "南宁海关缉私局"), None),
    ("民警将其移交当地派出所处理。", None, ("UNIT", "当地派出所")),
    ("赣州市章贡区水西镇人民政府开展联合执法。", ("UNIT", "赣州市章贡区水西镇人民政府"),
     ("UNIT", "镇人民政府")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), SPECIAL_POLICE)
def test_special_police_and_township_bodies(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


OPERATIONS = [
    ("由于当时正是中央部署的“严打”刚刚拉开。", ("OPERATION", "严打"), None),
    ("组织开展“飓风2024”打击整治专项行动。", ("OPERATION", "飓风2024"), ("OPERATION", "开展“飓风2024”")),
    ("积累了“三快一准”“五个必须”等宝贵经验。", ("OPERATION", "五个必须"), None),
    ("通报夏季治安打击整治“百日行动”战果。", ("OPERATION", "夏季治安打击整治“百日行动”"), None),
    ("警方展开禁酒风暴。", ("OPERATION", "禁酒风暴"), None),
    ("以命案积案攻坚为重点。", ("OPERATION", "命案积案攻坚"), ("CASE", "命案")),
    ("所长钱立新荣立个人二等功。", ("OFFICIAL", "钱立新"), ("PERSON", "钱立新")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), OPERATIONS)
def test_operation_family(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


PERSONS = [
    ("报警人李晓红称，其在网上被骗。", ("PERSON", "李晓红"), None),
    ("有效守护了市民钱包。", None, ("PERSON", "钱包")),
    ("受害人黄某某（化名）报警。", ("PERSON", "黄某某"), None),
    ("王德发同志荣获称号。", ("PERSON", "王德发"), ("HONOR", "称号")),
    ("市政府副市长、市公安局局长同志们", None, ("PERSON", "局长同")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), PERSONS)
def test_person_cues(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


ORG_HONOR = [
    ("16:27某某网江北新闻2月5日电（徐石泉 周圆）", ("ORG", "某某网江北新闻"), None),
    ("组织操盘手在“金沙娱乐”赌博平台上投注。", ("ORG", "金沙娱乐"), ("OPERATION", "操盘手在“金沙娱乐”")),
    ("授予省公安厅刑侦局政委吴大有全国公安系统二级英模称号。", ("HONOR", "全国公安系统二级英模"), None),
    ("表彰了反诈先进集体和个人。", None, ("HONOR", "先进集体")),
    ("经侦、禁毒等单位领导参加。", None, ("OFFICIAL", "单位")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), ORG_HONOR)
def test_org_and_honor_family(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


NAMES = [
    ("张国华（市公安局副局长）介绍了情况。", ("OFFICIAL", "张国华"), None),
    ("，李文博说，这是他第一次报警。", ("PERSON", "李文博"), None),
    ("民警赵磊和孙浩立即赶到。", ("PERSON", "孙浩"), None),
    ("民警赵磊和孙浩立即赶到。", ("PERSON", "赵磊"), None),
    ("副市长王强来到现场慰问。", ("OFFICIAL", "王强"), ("OFFICIAL", "王强来")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), NAMES)
def test_name_shapes(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))


LATE = [
    ("今年来，全市警情下降。", ("DATE", "今年来"), ("DATE", "今年")),
    ("2024年至今，共追回赃款。", ("DATE", "2024年至今"), None),
    ("嫌疑人逃到荆州区纪南镇一居民小区。", ("LOC", "荆州区纪南镇"), ("LOC", "荆州区纪南镇一居民小区")),
    ("侦破了十年前开平水口金店抢劫案、另一起命案。", ("CASE", "开平水口金店抢劫案"), None),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), LATE)
def test_late_fixes(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))
