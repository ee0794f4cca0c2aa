"""find_quantities: mentions, offsets, kinds, values, and the false positives it avoids."""

from __future__ import annotations

import pytest

from pipeline.values import Quantity, ReportYear, find_quantities


def _found(text: str, year: int | None = 2020) -> list[tuple[str, str, object]]:
    return [(q.text, q.kind, q.value) for q in find_quantities(text, year)]


def test_offsets_are_exact_and_end_exclusive():
    text = "今年以来，共破获电诈案件42起，抓获嫌疑人61人，挽回损失3.2亿元。"
    found = find_quantities(text, 2022)
    assert [(q.start, q.end) for q in found] == [(0, 4), (12, 15), (21, 24), (29, 34)]
    for q in found:
        assert text[q.start : q.end] == q.text
    assert found[1] == Quantity(12, 15, "42起", "count", 42)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("打处涉案人员42起61人", [("42起", "count", 42), ("61人", "count", 61)]),
        ("抓获逃犯60余名", [("60余名", "count", {"n": 60, "approx": "over"})]),
        ("发放资料1.5万余份", [("1.5万余份", "count", {"n": 15000, "approx": "over", "unit": "份"})]),
        ("安装门禁2.4万套", [("2.4万套", "count", {"n": 24000, "unit": "套"})]),
        ("同比下降27.1%、26.8%", [("27.1%", "percent", 27.1), ("26.8%", "percent", 26.8)]),
        ("上升5个百分点", [("5个百分点", "percent", 5)]),
        ("缩短近35%", [("近35%", "percent", {"n": 35, "approx": "nearly"})]),
        ("占比百分之十五", [("百分之十五", "percent", 15)]),
        ("从3个小时缩短到40分钟", [("3个小时", "duration", {"n": 3, "unit": "小时"}),
                                   ("40分钟", "duration", {"n": 40, "unit": "分钟"})]),
        ("依法治安拘留十一日，罚款1000元", [("十一日", "days", 11), ("1000元", "money", 1000)]),
        ("行政拘留15天", [("15天", "days", 15)]),
        ("连续执勤980余天", [("980余天", "duration", {"n": 980, "approx": "over", "unit": "天"})]),
        ("挽回损失2300万余元", [("2300万余元", "money", {"n": 23000000, "approx": "over"})]),
        ("查获５,０００元", [("５,０００元", "money", 5000)]),
        ("抓获嫌疑人三十四人", [("三十四人", "count", 34)]),
        ("出动警力两千人次", [("两千人次", "count", {"n": 2000, "unit": "人次"})]),
        ("侦破一起盗窃案", [("一起", "count", 1)]),
        ("建成一个半小时服务圈", [("一个半小时", "duration", {"n": 1.5, "unit": "小时"})]),
        ("新中国成立70周年", [("70周年", "count", {"n": 70, "unit": "周年"})]),
    ],
)  # fmt: skip
def test_finds_quantities(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5月28日，徐某被处罚", [("5月28日", "date", "2020-05-28")]),
        ("5月26日8时许，民警接警", [("5月26日8时许", "date", "2020-05-26T08:00")]),
        ("4月8日凌晨出发", [("4月8日凌晨", "date", "2020-04-08")]),
        ("今年1月起", [("今年1月", "date", "2020-01")]),
        ("二〇二一年三月五日", [("二〇二一年三月五日", "date", "2021-03-05")]),
        ("5月26日至28日开展", [("5月26日至28日", "date", "2020-05-26/2020-05-28")]),
        ("连续16年保持全破", [("连续16年", "date", "连续16年")]),
        ("近三年来打掉团伙", [("近三年来", "date", "近三年来")]),
        ("党的十八大以来", [("党的十八大以来", "date", "党的十八大以来")]),
        ("几个月来", [("几个月来", "date", "几个月来")]),
        ("中午12时许到达", [("中午12时许", "date", "中午12时许")]),
        ("日前召开会议", [("日前", "date", "日前")]),
        ("2018年以来", [("2018年以来", "date", "2018年以来")]),
    ],
)
def test_finds_dates(text, expected):
    assert _found(text) == expected


def test_relative_dates_follow_the_report_year():
    text = "去年，全年刑事发案下降4%；今年继续努力。"
    found = _found(text, ReportYear(2021, written=2022))
    assert found == [
        ("去年", "date", "2021"),
        ("全年", "date", "2021"),
        ("4%", "percent", 4),
        ("今年", "date", "2022"),
    ]


def test_without_report_year_dates_keep_their_text():
    assert _found("5月28日", None) == [("5月28日", "date", "5月28日")]


@pytest.mark.parametrize(
    "text",
    [
        "推进一体化建设",
        "实行一村一警、一所一品",
        "践行三能要求",
        "学习党的十九大精神",
        "统一部署，进一步加强",
        "矛盾纠纷一站化解",
        "成功侦破7·12涉黑专案",
        "拨打110报警",
        "举报电话:0571-86543219或110",
        "唯一一个、第一次",
        "和民警一起巡逻",
        "服务千家万户",
        "完成一批重大活动安保",
        "G20杭州峰会",
        "参加净网2020专项行动",
        "地址:丽州北路1号",
        "一次性解决",
        "起到作用",
        "十分重视",
        "一点也不",
        "一时间",
        "两手硬两战赢",
        "一把手负责",
        "星期一",
        "一月一镇平安大会战",
        "投资损失20亿",
        "16连冠",
        "5，000元",
    ],
)
def test_false_positives(text):
    assert find_quantities(text, 2020) == []


def test_ordinals_are_not_counts():
    assert _found("连续第11年保持全破") == [("连续第11年", "date", "连续第11年")]
    assert _found("第二届进博会") == []


def test_longest_mention_wins_overlaps():
    # `2021年` is a date, not a duration of 2021 years; `十年来` a period, not `十年`.
    assert _found("2021年") == [("2021年", "date", "2021")]
    assert _found("十年来") == [("十年来", "date", "十年来")]
    assert _found("3个月") == [("3个月", "duration", {"n": 3, "unit": "月"})]


def test_results_are_in_text_order_and_deterministic():
    text = "去年破案125起，挽损3.2亿元，下降17%，2个小时。"
    first = find_quantities(text, 2022)
    assert [q.start for q in first] == sorted(q.start for q in first)
    assert find_quantities(text, 2022) == first


# --- the per-character marks give the pairwise tests' answers -----------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.values.finder import _longest_first, _not_denied  # noqa: E402

_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6)), max_size=20)


@settings(max_examples=300, deadline=None)
@given(_SPANS, _SPANS)
def test_deny_and_overlap_marks_match_the_pairwise_tests(cand_spans, deny_spans) -> None:
    cands = [(s, s + n, "count", i) for i, (s, n) in enumerate(cand_spans)]
    denied = [(s, s + n) for s, n in deny_spans]
    plain = [c for c in cands if not any(c[0] < e and s < c[1] for s, e in denied)]
    assert _not_denied(cands, denied, 50) == plain
    taken: list = []
    for c in plain:
        if all(c[1] <= t[0] or t[1] <= c[0] for t in taken):
            taken.append(c)
    assert _longest_first(plain, 50) == taken


def test_a_long_text_is_found_like_its_pieces() -> None:
    piece = "今年以来，共破获电诈案件42起，抓获嫌疑人61人，挽回损失3.2亿元。"
    one = find_quantities(piece, 2022)
    many = find_quantities(piece * 200, 2022)
    assert len(many) == 200 * len(one)
    shift = 199 * len(piece)
    last = [(q.start - shift, q.end - shift, q.text, q.kind, q.value) for q in many[-len(one):]]
    assert last == [(q.start, q.end, q.text, q.kind, q.value) for q in one]
