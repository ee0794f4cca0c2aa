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


def _configured_lists() -> dict[str, list[re.Pattern[str]]]:
    from pipeline.ingest import load_ingest_settings
    from pipeline.normalize import load_settings
    from pipeline.values.settings import default_settings

    ingest, norm, values = load_ingest_settings(), load_settings(), default_settings()
    page = ingest.page
    return {
        "chrome_lines": page.chrome_lines, "footer_cues": page.footer_cues,
        "end_markers": page.end_markers, "story_openers": page.story_openers,
        "not_title": page.not_title, "header_chrome": page.header_chrome,
        "normalize_chrome": norm.chrome.line_patterns, "inline": norm.chrome.inline_patterns,
        "spam": norm.spam.patterns, "keep": norm.spaces.keep_patterns,
        "clues": [c.regex for c in values.clues], "credits": ingest.bylines.inline_patterns,
        "non_heading": ingest.layout.non_heading,
    }


def _texts(patterns: list[re.Pattern[str]], seed: int) -> list[str]:
    """Lines of our samples and random texts of the patterns' own literals and marks."""
    import random
    from pathlib import Path

    from pipeline.entities.prefilter import analyze

    root = Path(__file__).resolve().parents[2] / "corpus" / "samples"
    lines = [ln for f in sorted(root.glob("*.txt"))
             for ln in f.read_text("utf-8", errors="replace").splitlines()]
    pieces = ["：", ":", " ", "(", ")", "（", "）", "。", "|", "1", "2023", "年", "甲", "\n", "【", "】"]
    for p in patterns:
        try:
            pieces.extend(analyze(p.pattern, p.flags).literals or ())
        except re.error:
            pass
    rng = random.Random(seed)
    return lines + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
                    for _ in range(1500)]


def test_search_any_equals_a_loop_on_the_configured_lists() -> None:
    for k, (name, patterns) in enumerate(_configured_lists().items()):
        for text in _texts(patterns, k):
            assert search_any(patterns, text) == any(p.search(text) for p in patterns), (
                name, text)


def test_literal_gates_never_hide_a_match() -> None:
    from pipeline.textutil import literal_gate, may_match, may_match_one

    gated = 0
    for k, (name, patterns) in enumerate(_configured_lists().items()):
        gated += literal_gate(patterns) is not None
        for text in _texts(patterns, 100 + k):
            found = [p for p in patterns if any(m.end() > m.start() for m in p.finditer(text))]
            if found:
                assert may_match(patterns, text), (name, text)
            for p in found:
                assert may_match_one(p, text), (p.pattern, text)
    assert gated >= 5  # the analysis gives most lists a gate
