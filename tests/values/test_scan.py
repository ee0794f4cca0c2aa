"""`scan.finditer` gives `regex.finditer`'s matches (spans and groups), faster (issue 10)."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.values.numbers import fold
from pipeline.values.scan import Scanner, finditer, first_chars
from pipeline.values.settings import settings_or_default

# Characters the values patterns read, plus others: digits (both widths), numerals, units,
# date words, punctuation, spaces, latin letters.
ALPHABET = ("0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿点年月日号时分秒"
            "今去本上下前明全过初底末中旬季度元名人起件个辆次天小时周岁%％.．:：-—～~至到和、，。"
            "约近余多共计同比增长下降公安局破获案抓嫌疑 \nabcX")
# Invented report lines.
LINES = [
    "2024年5月9日晚，峤南县公安局破获案件12起，抓获犯罪嫌疑人35名，同比上升15.5%。",
    "今年以来，全县共立案一百二十三起，较去年同期下降百分之十二；次日凌晨3时许到案。",
    "5月1日至7日，警方查扣车辆7辆、现金2.3万元，拘留十一日并罚款1000元。",
]


def _values_patterns() -> list[re.Pattern[str]]:
    s = settings_or_default(None)
    pats = [s.mention, s.percent_words, s.date_find, s.date_range, s.month_range, s.periods,
            s.clock_alone, s.explicit_year, *s.deny, *(c.regex for c in s.clues)]
    return pats


def _same(regex: re.Pattern[str], text: str) -> None:
    want = [(m.span(), m.groupdict(), m.groups()) for m in regex.finditer(text)]
    got = [(m.span(), m.groupdict(), m.groups()) for m in Scanner(regex).finditer(text)]
    assert got == want


def test_values_patterns_on_random_texts_and_report_lines() -> None:
    rng = random.Random(5)
    texts = [fold(t) for t in LINES]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60)))
              for _ in range(400)]
    # splice pieces of the report lines into noise: matches at odd places and edges
    texts += [rng.choice(texts[3:])[: rng.randint(0, 20)] + fold(rng.choice(LINES))
              [rng.randint(0, 20):] for _ in range(200)]
    patterns = _values_patterns()
    assert sum(Scanner(p).starts is not None for p in patterns) >= 7  # the slow ones skip
    for regex in patterns:
        for text in texts:
            _same(regex, text)


@pytest.mark.parametrize("pattern", [
    r"(?<![0-9])(?:[0-9]+|[一二三])年",  # lookbehind first: sees text before the start
    r"(?:约|近)?[0-9]+(?:名|人)",  # optional prefix
    r"(?:(?<=a)b|c)+d?",
    r"(?=[0-9])[0-9a]{2}",
    r"(?:x*)(?:y|z)",
    r"\bab",
    r"^[0-9]+",
    r"(?:a?b|c)(?!d)",
])
def test_synthetic_patterns_match_like_finditer(pattern: str) -> None:
    regex = re.compile(pattern, re.MULTILINE)
    assert Scanner(regex).starts is not None
    rng = random.Random(len(pattern))
    for _ in range(500):
        text = "".join(rng.choice("0123abcdxyz一二年名人约近 \n") for _ in range(rng.randint(0, 30)))
        _same(regex, text)


@pytest.mark.parametrize("pattern", [
    r"a*",  # can match empty
    r"(?:x|)y?",
    r"(?i)ab",  # case folding
    r".b",
    r"[^a]b",
    r"\d+",
    r"(?:\w|a)b",
])
def test_patterns_not_read_here_keep_finditer(pattern: str) -> None:
    regex = re.compile(pattern)
    assert first_chars(regex) is None
    assert Scanner(regex).starts is None
    assert [m.span() for m in finditer(regex, "aab 1ab xy")] == \
        [m.span() for m in regex.finditer("aab 1ab xy")]


def test_a_literal_first_pattern_is_left_to_re() -> None:
    assert Scanner(re.compile("年(?:底|末)")).starts is None
    assert Scanner(re.compile("(?:同比|较)[0-9]")).starts is None
