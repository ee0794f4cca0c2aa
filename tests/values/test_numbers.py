"""Numbers, counts, money, percentages, days and durations (SCHEMA §4 shapes)."""

from __future__ import annotations

import pytest

from pipeline.values import (
    parse_count,
    parse_days,
    parse_duration,
    parse_money,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        ("2.4万", 24000),
        ("1.5万", 15000),
        ("3.2亿", 320000000),
        ("799万", 7990000),
        ("十一", 11),
        ("三十四", 34),
        ("两千", 2000),
        ("一万二千", 12000),
        ("百", 100),
        ("十", 10),
        ("5,000", 5000),
        ("５０００", 5000),
        ("２.４万", 24000),
        ("2021", 2021),
        ("27.1", 27.1),
        ("0.5", 0.5),
        ("1.1万", 11000),
        ("三十四点五", 34.5),
        ("二〇二一", 2021),
        ("5千万", 50000000),
    ],
)
def test_parse_number(core, expected):
    value = parse_number(core)
    assert value == expected
    assert type(value) is type(expected)  # ints are ints, never 2021.0


@pytest.mark.parametrize("core", ["", "abc", "余", "一点也不", "5，000"])
def test_parse_number_rejects(core):
    assert parse_number(core) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("61人", 61),
        ("42起", 42),
        ("11个", 11),
        ("135名", 135),
        ("8支", 8),
        ("三十四人", 34),
        ("两千人", 2000),
        ("１２人", 12),
        ("1.5万人", 15000),
        ("  16人 ", 16),
        ("61", 61),
        ("60余名", {"n": 60, "approx": "over"}),
        ("60名以上", {"n": 60, "approx": "over"}),
        ("近60人", {"n": 60, "approx": "nearly"}),
        ("约300人", {"n": 300, "approx": "about"}),
        ("300人左右", {"n": 300, "approx": "about"}),
        ("10多起", {"n": 10, "approx": "over"}),
        ("百余人", {"n": 100, "approx": "over"}),
        ("上千名", {"n": 1000, "approx": "about"}),
        ("数十人", {"n": 10, "approx": "over"}),
        ("1.5万余份", {"n": 15000, "approx": "over", "unit": "份"}),
        ("2.4万套", {"n": 24000, "unit": "套"}),
        ("1.5倍", {"n": 1.5, "unit": "倍"}),
        ("2个小时", {"n": 2, "unit": "小时"}),
        ("30分钟", {"n": 30, "unit": "分钟"}),
        ("2个多小时", {"n": 2, "approx": "over", "unit": "小时"}),
        ("3个月", {"n": 3, "unit": "月"}),
        ("15天", {"n": 15, "unit": "天"}),
        ("980余天", {"n": 980, "approx": "over", "unit": "天"}),
        ("300人次", {"n": 300, "unit": "人次"}),
    ],
)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["1000元", "15%", "人", "第一次", "abc", "百家"])
def test_parse_count_rejects(text):
    assert parse_count(text) is None


def test_count_dict_key_order_follows_gold():
    assert list(parse_count("1.5万余份")) == ["n", "approx", "unit"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.2亿元", 320000000),
        ("799万元", 7990000),
        ("1000元", 1000),
        ("5,000元", 5000),
        ("一万二千元", 12000),
        ("3.5元", 3.5),
        ("2300万余元", {"n": 23000000, "approx": "over"}),
        ("100余万元", {"n": 1000000, "approx": "over"}),
        ("10多万元", {"n": 100000, "approx": "over"}),
        ("约5万元", {"n": 50000, "approx": "about"}),
        ("100元左右", {"n": 100, "approx": "about"}),
    ],
)
def test_parse_money(text, expected):
    value = parse_money(text)
    assert value == expected
    if isinstance(expected, int):
        assert type(value) is int


@pytest.mark.parametrize("text", ["61人", "20亿", "27.1%", "5,000"])
def test_parse_money_rejects(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27.1%", 27.1),
        ("15%", 15),
        ("100%", 100),
        ("37.14%", 37.14),
        ("１５％", 15),
        ("百分之十五", 15),
        ("百分之三十四点五", 34.5),
        ("近35%", {"n": 35, "approx": "nearly"}),
        ("5个百分点", 5),
        ("3百分点", 3),
    ],
)
def test_parse_percent(text, expected):
    value = parse_percent(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["61人", "1000元", "百分之", "%"])
def test_parse_percent_rejects(text):
    assert parse_percent(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("十一日", 11), ("10日", 10), ("15天", 15), ("十日", 10), ("五天", 5)],
)
def test_parse_days(text, expected):
    value = parse_days(text)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize("text", ["980余天", "5月28日", "24小时", "61人"])
def test_parse_days_rejects(text):
    assert parse_days(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24小时", {"n": 24, "unit": "小时"}),
        ("一个半小时", {"n": 1.5, "unit": "小时"}),
        ("3个星期", {"n": 3, "unit": "周"}),
        ("16年", {"n": 16, "unit": "年"}),
        ("十一日", {"n": 11, "unit": "天"}),
        ("980余天", {"n": 980, "approx": "over", "unit": "天"}),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


def test_parse_duration_rejects_counts():
    assert parse_duration("61人") is None


def test_fold_equals_the_translation_table() -> None:
    """`fold` translates only texts holding a full-width character: the same result."""
    import random

    from pipeline.values.numbers import _FOLD, fold

    alphabet = [chr(k) for k in _FOLD] + ["a", "中", "1", " ", "：", "．"]
    rng = random.Random("fold")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert fold(text) == text.translate(_FOLD)
