"""`search_any`: one joined regex pass answers like a loop over the patterns."""

from __future__ import annotations

import re

from pipeline.textutil import _joined, anchored, search_any

PATTERNS = [
    re.compile(r"^来源[:：]"),
    re.compile(r"(?i)share\s+to"),
    re.compile(r"(\d+)-\1"),  # a back-reference: kept apart
    re.compile(r"责任编辑$"),
    re.compile(r"x  # verbose comment", re.VERBOSE),
    re.compile(r"(?P<a>甲)乙"),
    re.compile(r"(?P<a>丙)丁"),  # the same group name: cannot join with the one above
]
TEXTS = ["来源：某某日报", "SHARE to friends", "12-12", "12-13", "本文责任编辑", "责任编辑：某",
         "x", "甲乙", "丙丁", "", "无关的一行"]


def test_same_answer_as_a_loop() -> None:
    for text in TEXTS:
        for k in range(len(PATTERNS)):
            subset = PATTERNS[k:] + PATTERNS[:k]
            expected = any(p.search(text) for p in subset)
            assert search_any(subset, text) == expected, (text, k)


def test_patterns_with_one_flag_set_are_joined() -> None:
    plain = [re.compile("a"), re.compile("(?i)b"), re.compile("c")]
    joined = _joined(tuple(plain))
    assert len(joined) == 2  # `(?i)` gives the second its own flags
    assert search_any(plain, "B") and not search_any(plain, "d")


def test_back_reference_is_not_renumbered() -> None:
    pats = [re.compile(r"(a)"), re.compile(r"(\d)\1")]
    assert len(_joined(tuple(pats))) == 2
    assert not search_any(pats, "12")
    assert search_any(pats, "11")


def test_anchored_patterns_are_joined_apart_and_tried_at_the_start() -> None:
    anchored_ones = [re.compile(r"^来源"), re.compile(r"\A编辑"), re.compile(r"(?:^甲|^乙)丙"),
                     re.compile(r"^a|^b")]
    loose = [re.compile(r"来源$"), re.compile(r"x^"), re.compile(r"(?m)^丁"), re.compile(r"^c|d")]
    assert all(anchored(p) for p in anchored_ones)
    assert not any(anchored(p) for p in loose)
    joined = _joined(tuple(anchored_ones + loose))
    assert joined[0].pattern.startswith(r"\A(?:")
    texts = ["来源：某报", "某报来源", "编辑", "甲丙", "乙丙", "丙甲丙", "b", "xb", "丁", "戊\n丁",
             "cd", "d", "", "\n来源"]
    for text in texts:
        for k in range(len(anchored_ones + loose)):
            subset = (anchored_ones + loose)[k:] + (anchored_ones + loose)[:k]
            assert search_any(subset, text) == any(p.search(text) for p in subset), text


def test_a_list_changed_in_place_is_joined_again() -> None:
    patterns = [re.compile("a")]
    assert not search_any(patterns, "b")
    patterns.append(re.compile("b"))
    assert search_any(patterns, "b")


def test_multiline_start_anchors_are_not_anchored() -> None:
    for source in [r"(?m)^丁", r"(?m:^丁)", r"(?:(?m)^丁)|^戊"]:
        try:
            pattern = re.compile(source)
        except re.error:
            continue
        assert not anchored(pattern), source
    assert not anchored(re.compile("^丁", re.MULTILINE))
    assert anchored(re.compile(r"(?m)\A丁"))
    assert anchored(re.compile(r"(?m:丁)|^戊")) is False
