"""STAT_CHANGE conventions: 分别 pairs, no-number changes, from-to, levels are not events."""

from __future__ import annotations

from typing import Any


def _args(event: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(a["role"], a["text"], a["value"]) for a in event["arguments"]]


def test_fenbie_gives_one_event_per_metric(run):
    events = run("全县盗窃、诈骗警情分别同比下降12%和20%。")
    assert [e["type"] for e in events] == ["STAT_CHANGE", "STAT_CHANGE"]
    assert _args(events[0]) == [
        ("region", "全县", "全县"), ("metric", "盗窃", "盗窃"), ("baseline", "同比", "同比"),
        ("direction", "下降", "down"), ("value", "12%", 12),
    ]
    assert _args(events[1]) == [
        ("region", "全县", "全县"), ("metric", "诈骗警情", "诈骗警情"),
        ("baseline", "同比", "同比"), ("direction", "下降", "down"), ("value", "20%", 20),
    ]


def test_change_without_number_has_direction_only(run):
    events = run("全县交通事故持续下降。")
    assert len(events) == 1
    assert _args(events[0]) == [
        ("region", "全县", "全县"), ("metric", "交通事故", "交通事故"),
        ("direction", "下降", "down"),
    ]


def test_from_to_gives_baseline_and_value(run):
    events = run("报警量从1200起减少到800起。")
    assert len(events) == 1
    assert _args(events[0]) == [
        ("metric", "报警量", "报警量"), ("baseline", "1200起", 1200),
        ("direction", "减少", "down"), ("value", "800起", 800),
    ]


def test_period_is_resolved_date(run):
    events = run("2022年，辖区刑事警情同比上升3.5%。", [("2022年", "DATE")])
    assert len(events) == 1
    assert ("period", "2022年", "2022") in _args(events[0])
    assert ("direction", "上升", "up") in _args(events[0])
    assert ("value", "3.5%", 3.5) in _args(events[0])


def test_level_and_rank_are_not_events(run):
    assert run("全县破案率达到35%，居全省第二。") == []


def test_verb_with_object_is_not_a_change(run):
    assert run("县公安局大力提升打击效能。", [("县公安局", "UNIT")]) == []
