"""Rule families widened in session 4 (issue 8): unit chains and case categories.

One positive and one negative example per change; every sentence is invented (names,
places, cases); only division names come from the gazetteer, because the rules look
places up there.
"""

from __future__ import annotations

import pytest

# (sentence, entity that must be found, entity that must not be found)
UNITS = [
    # a station's post (警务室/警务站) stays inside the chain, as 派出所 after 分局 does
    ("青州市公安局东城分局站前警务站民警帮助群众。",
     ("UNIT", "青州市公安局东城分局站前警务站"), ("UNIT", "站前警务站")),
    ("临河县公安局城关镇派出所石桥警务室民警走访群众。",
     ("UNIT", "临河县公安局城关镇派出所石桥警务室"), ("UNIT", "石桥警务室")),
    # ... but a verb between two units still splits them
    ("临河县公安局网安大队联合城北派出所破案。",
     ("UNIT", "城北派出所"), ("UNIT", "临河县公安局网安大队联合城北派出所")),
    # a district's bureau written in full inside a city bureau's chain
    ("青州市公安局岚湖区公安分局刑侦大队民警赶到。",
     ("UNIT", "青州市公安局岚湖区公安分局刑侦大队"), ("UNIT", "区公安分局刑侦大队")),
    ("青州市公安局东城公安分局城北派出所民警赶到。",
     ("UNIT", "青州市公安局东城公安分局城北派出所"), ("UNIT", "青州市公安局")),
    # a government bureau or court with its branch, tribunal or law-enforcement team
    ("青州市市场监督管理局东城分局执法人员到场。",
     ("UNIT", "青州市市场监督管理局东城分局"), ("UNIT", "东城分局")),
    ("临河县人民法院石桥法庭审理此案。",
     ("UNIT", "临河县人民法院石桥法庭"), ("UNIT", "临河县人民法院")),
    ("青州市交通运输局执法支队查处超载车辆。",
     ("UNIT", "青州市交通运输局执法支队"), ("UNIT", "青州市交通运输局")),
    # a bureau alone stays the bureau (nothing after it to join)
    ("青州市应急管理局联合检查。", ("UNIT", "青州市应急管理局"), None),
]

CASES = [
    # a category head followed by a group or person noun is no case mention
    ("严厉打击养老诈骗犯罪团伙。", None, ("CASE", "养老诈骗犯罪")),
    ("查处涉毒违法犯罪人员12名。", None, ("CASE", "涉毒违法犯罪")),
    ("打击涉黑涉恶犯罪组织。", None, ("CASE", "涉黑涉恶犯罪")),
    ("全市侵财犯罪分子纷纷落网。", None, ("CASE", "侵财犯罪")),
    ("捣毁诈骗犯罪窝点3个。", None, ("CASE", "诈骗犯罪")),
    # a thing or activity after the head does not undo the category (train gold)
    ("开展电信网络诈骗案件资金返还活动。", ("CASE", "电信网络诈骗案件"), None),
    # ... while the category acted on or counted stays one
    ("严厉打击养老诈骗犯罪，破获一批案件。", ("CASE", "养老诈骗犯罪"), None),
    ("侦破盗窃犯罪案件8起。", ("CASE", "盗窃犯罪案件"), None),
    # a bare short category before a rate or a count of calls is no case (train and seeds gold)
    ("全市侵财破案率达到40%。", None, ("CASE", "侵财")),
    ("“两抢”警情同比下降。", None, ("CASE", "两抢")),
    # ... with its head it is one
    ("严厉打击两抢犯罪。", ("CASE", "两抢犯罪"), None),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), UNITS + CASES)
def test_rule_families_s4(found, text: str, wanted, unwanted) -> None:
    ents = found(text)
    if wanted:
        assert wanted in ents, (text, sorted(ents))
    if unwanted:
        assert unwanted not in ents, (text, sorted(ents))
