"""A table of real-looking value expressions (invented, in the shapes bulletins use) and
the normalized value each must give (SCHEMA §4, docs/values.md)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.values import (
    ReportYear,
    find_quantities,
    parse_count,
    parse_days,
    parse_duration,
    parse_money,
    parse_percent,
    resolve_date,
)

COUNTS: list[tuple[str, Any]] = [
    ("二十一起", 21),
    ("三十一起", 31),
    ("一百零一起", 101),
    ("十一起", 11),
    ("61人", 61),
    ("60余名", {"n": 60, "approx": "over"}),
    ("2.4万套", {"n": 24000, "unit": "套"}),
    ("1.2万人", 12000),
    ("3万余人", {"n": 30000, "approx": "over"}),
    ("近4万起", {"n": 40000, "approx": "nearly"}),
    ("约200名", {"n": 200, "approx": "about"}),
    ("两名", 2),
    ("两千余起", {"n": 2000, "approx": "over"}),
    ("数十人", {"n": 10, "approx": "over"}),
    ("上千名", {"n": 1000, "approx": "about"}),
    ("百余人", {"n": 100, "approx": "over"}),
    ("5,000人", 5000),
    ("１２名", 12),
    ("8个", 8),
    ("41个", 41),
    ("773伙", 773),
    ("三宗", 3),
    ("15户", 15),
    ("120余起", {"n": 120, "approx": "over"}),
    ("10人以上", {"n": 10, "approx": "over"}),
    ("50人左右", {"n": 50, "approx": "about"}),
    ("十来人", {"n": 10, "approx": "about"}),
    ("51头", 51),
    ("2.1万人次", {"n": 21000, "unit": "人次"}),
    ("9.57千克", {"n": 9.57, "unit": "千克"}),
    ("55455粒", None),  # 粒 is not a declared unit
    ("2.5人", None),  # a head count is whole
    ("二点五名", None),
    ("0.5起", None),
]

MONEY: list[tuple[str, Any]] = [
    ("3.2亿元", 320000000),
    ("799万元", 7990000),
    ("5.97亿元", 597000000),
    ("2300万余元", {"n": 23000000, "approx": "over"}),
    ("6万余元", {"n": 60000, "approx": "over"}),
    ("683046元", 683046),
    ("938.25万元", 9382500),
    ("1000元", 1000),
    ("五百元", 500),
    ("近千万元", {"n": 10000000, "approx": "nearly"}),
    ("3000余万元", {"n": 30000000, "approx": "over"}),
    ("61人", None),
]

PERCENTS: list[tuple[str, Any]] = [
    ("27.1%", 27.1),
    ("116.5%", 116.5),
    ("百分之十五", 15),
    ("近35%", {"n": 35, "approx": "nearly"}),
    ("5个百分点", 5),
    ("六成", 60),
    ("三成", 30),
    ("近三成", {"n": 30, "approx": "nearly"}),
    ("六成以上", {"n": 60, "approx": "over"}),
    ("3‰", 0.3),
    ("2.5‰", 0.25),
    ("１５％", 15),
    ("100%", 100),
    ("十五人", None),
]

DAYS: list[tuple[str, Any]] = [
    ("十一日", 11),
    ("15天", 15),
    ("十日", 10),
    ("5日", 5),
    ("980余天", None),
    ("3个月", None),
]

DURATIONS: list[tuple[str, Any]] = [
    ("980余天", {"n": 980, "approx": "over", "unit": "天"}),
    ("2个小时", {"n": 2, "unit": "小时"}),
    ("一个半小时", {"n": 1.5, "unit": "小时"}),
    ("3个月", {"n": 3, "unit": "月"}),
]

REVIEW = ReportYear(2021, written=2022)
DATES: list[tuple[str, Any, dict[str, str], Any]] = [
    ("5月9日10时30分许", 2023, {}, "2023-05-09T10:30"),
    ("5月28日", 2020, {}, "2020-05-28"),
    ("4月17日凌晨2时许", 2021, {}, "2021-04-17T02:00"),
    ("7月7日17时许", 2011, {}, "2011-07-07T17:00"),
    ("5月26日下午3时", 2020, {}, "2020-05-26T15:00"),
    ("4月12日晚8时", 2020, {}, "2020-04-12T20:00"),
    ("当日下午15时许", 2023, {"anchor": "2023-05-09"}, "2023-05-09T15:00"),
    ("当天", 2016, {"anchor": "2016-08-04"}, "2016-08-04"),
    ("当晚", 2009, {"anchor": "2009-07-01T20:00"}, "2009-07-01"),
    ("案发当晚", 2023, {"anchor": "2023-03-02"}, "2023-03-02"),
    ("次日凌晨", 2023, {"anchor": "2023-05-31"}, "2023-06-01"),
    ("次日凌晨3时", 2023, {"anchor": "2023-12-31"}, "2024-01-01T03:00"),
    ("同年9月2日", 2023, {"anchor": "2021-03-01"}, "2021-09-02"),
    ("同年9月2日", 2023, {}, None),  # nothing to take the year from
    ("今(15)日", 2023, {"reference": "2023-06-20"}, "2023-06-15"),
    ("今（3）日", 2023, {"reference": "2023-06-20"}, "2023-06-03"),
    ("昨日上午", 2023, {"reference": "2023-03-01"}, "2023-02-28"),
    ("昨天", 2024, {"reference": "2024-03-01"}, "2024-02-29"),
    ("今日", 2023, {"reference": "2023-06-20"}, "2023-06-20"),
    ("今日", 2023, {"reference": "2023-06"}, None),  # the day is unknown
    ("上月", 2023, {"reference": "2023-01-10"}, "2022-12"),
    ("本月", 2023, {"reference": "2023-01-10"}, "2023-01"),
    ("15日上午", 2022, {"reference": "2022-02-20"}, "2022-02-15"),
    ("22日凌晨4时许", 2010, {"anchor": "2010-09-21"}, "2010-09-22T04:00"),
    ("3月2日至4日", 2023, {}, "2023-03-02/2023-03-04"),
    ("3月5日夜至3月7日凌晨5时许", 2019, {}, "2019-03-05/2019-03-07T05:00"),
    ("6月18日至8月25日", 2022, {}, "2022-06-18/2022-08-25"),
    ("上半年", 2023, {}, "2023-01/2023-06"),
    ("今年上半年", 2023, {}, "2023-01/2023-06"),
    ("2022年下半年", None, {}, "2022-07/2022-12"),
    ("一季度", 2023, {}, "2023-01/2023-03"),
    ("前三季度", 2023, {}, "2023-01/2023-09"),
    ("春节前夕", 2023, {}, "2023-01-15/2023-01-21"),
    ("春节期间", 2024, {}, "2024-02-10/2024-02-16"),
    ("国庆期间", 2023, {}, "2023-10-01/2023-10-07"),
    ("去年国庆期间", 2023, {}, "2022-10-01/2022-10-07"),
    ("五一期间", 2023, {}, "2023-05-01/2023-05-05"),
    ("元旦当天", 2023, {}, "2023-01-01"),
    ("12月5日", 2023, {"reference": "2023-01-10"}, "2022-12-05"),
    ("1月5日", 2023, {"reference": "2023-01-10"}, "2023-01-05"),
    ("今年1至5月", 2023, {}, "2023-01/2023-05"),
    ("今年以来", 2015, {}, "2015"),
    ("去年", REVIEW, {}, "2021"),
    ("今年", REVIEW, {}, "2022"),
    ("连续16年", 2021, {}, None),
    ("近三年来", 2022, {}, None),
    ("二〇二一年三月五日", None, {}, "2021-03-05"),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counts(text: str, expected: Any) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(("text", "expected"), MONEY)
def test_money(text: str, expected: Any) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(("text", "expected"), PERCENTS)
def test_percents(text: str, expected: Any) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize(("text", "expected"), DAYS)
def test_days(text: str, expected: Any) -> None:
    assert parse_days(text) == expected


@pytest.mark.parametrize(("text", "expected"), DURATIONS)
def test_durations(text: str, expected: Any) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(("text", "year", "refs", "expected"), DATES)
def test_dates(text: str, year: Any, refs: dict[str, str], expected: Any) -> None:
    assert resolve_date(text, year, **refs) == expected


def test_table_is_large_enough() -> None:
    total = len(COUNTS) + len(MONEY) + len(PERCENTS) + len(DAYS) + len(DURATIONS) + len(DATES)
    assert total >= 80


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共破获二十一起电诈案件", [("二十一起", "count", 21)]),
        ("和民警一起巡逻", []),
        ("近六成受访群众", [("近六成", "percent", {"n": 60, "approx": "nearly"})]),
        ("一成不变", []),
        ("5月9日10时30分许报警，次日凌晨将其抓获",
         [("5月9日10时30分许", "date", "2023-05-09T10:30"), ("次日凌晨", "date", "2023-05-10")]),
    ],
)
def test_finder_in_running_text(text: str, expected: list[tuple[str, str, Any]]) -> None:
    found = [(q.text, q.kind, q.value) for q in find_quantities(text, 2023)]
    assert found == expected
