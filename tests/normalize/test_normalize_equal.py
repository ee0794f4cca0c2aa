"""The string-and-offsets normalize code gives what the per-character code gave.

Session 5 replaced the `(char, offset)` pair lists of `normalize/rules.py` by a text and
its offsets (regexes and slices instead of Python loops per character) and
`OffsetMap.from_positions` by a numpy pass. The old code is kept in `old_normalize.py`; here
both normalize random reports built from the characters the rules react to (spaces of every
kind, full-width forms, pinyin debris, credits, chrome, Traditional characters, mojibake,
spam, numbers), with and without lost quotes, with spam flagged and removed.
"""

from __future__ import annotations

import random

import pytest
from old_normalize import OldNormalizer, from_positions
from old_normalize import has_lost_quotes as old_has_lost_quotes

from pipeline.ingest.models import RawReport, SourceFile
from pipeline.normalize import Normalizer, OffsetMap, load_settings
from pipeline.normalize.rules import has_lost_quotes

PIECES = [
    "公安", "民警", "抓获", "嫌疑人", "某县", "派出所", "机关", "關", "機", "隨著", "警察",
    "记者", "通讯员", "王某", "李某某", "摄", "本报讯", "8月4日电", "责任编辑", "编辑",
    "(完)", "（完）", "(jī)", "（dǎng wěi）", "(GPS)", "来源：", "首页 > 新闻", "|", "｜",
    "２０１９", "ＧＰＳ", "\u3000", " ", "  ", "\t", "\u00a0", "2 0 1 9", "3. 5", "5 %", "12",
    "，", "。", "；", ",", ";", "“", "”", "(", ")", "（", "）", "【", "】", "!", "?", "…",
    "â€œ", "&ldquo;", "锟斤拷", "a", "Ab", "x", "·", "〈", "%", ".", "欢迎访问", "加微信",
    "\r", "字号：大 中 小", "某某体育在线_某某投注", "彩票平台：", "_",
]


def _random_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 8)):
        lines.append("".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14))))
    return "\n".join(lines)


def _report(text: str, rng: random.Random) -> RawReport:
    source = SourceFile("t.txt", "t", f"sha{rng.random()}", "utf-8", "text", text)
    body, pos = [], 0
    for line in text.split("\n"):
        if rng.random() < 0.9:
            body.append((pos, pos + len(line)))
        pos += len(line) + 1
    joins = tuple(rng.choice(["", " ", "\n"]) for _ in range(max(len(body) - 1, 0)))
    return RawReport(source, 1, "", (), tuple(body), joins)


def _settings(action: str):
    settings = load_settings()
    spam = settings.spam.model_copy(update={"action": action})
    return settings.model_copy(update={"spam": spam})


@pytest.mark.parametrize("action", ["flag", "remove"])
def test_reports_equal_to_the_per_character_code(action: str) -> None:
    settings = _settings(action)
    new, old = Normalizer(settings), OldNormalizer(settings)
    rng = random.Random(f"normalize-{action}")
    for _ in range(1500):
        text = _random_text(rng)
        report = _report(text, rng)
        lost = rng.random() < 0.5  # both readings of the document, whatever it holds
        for normalizer in (new, old):
            normalizer._lost_quotes[report.source.sha256] = lost
        assert new.normalize_report(report) == old.normalize_report(report), text
        title = text.split("\n")[0]
        assert new.normalize_title(title) == old.normalize_title(title), title


def test_lost_quote_test_equal_to_the_per_character_code() -> None:
    cfg = load_settings().spaces
    rng = random.Random("lost-quotes")
    seen = set()
    quoted = ["公安", "民警", "抓获", "某县", "平安", "关", " ", " ", "\u3000", "，", "。", "ab", "12",
              "(记者 王某)", "王某 摄"]
    for k in range(1500):
        text = _random_text(rng) if k % 2 else "".join(
            rng.choice(quoted) for _ in range(rng.randint(0, 40)))
        result = has_lost_quotes(text, cfg)
        assert result == old_has_lost_quotes(text, cfg), text
        seen.add(result)
    assert seen == {True, False}


def test_offset_map_equal_to_the_loop() -> None:
    rng = random.Random("offsets")
    for _ in range(2000):
        n = rng.randint(0, 30)
        positions, at = [], rng.randint(0, 5)
        for _ in range(n):
            at += rng.choice([1, 1, 1, 0, 2, 5, -3])
            positions.append(max(at, 0))
        assert OffsetMap.from_positions(positions) == from_positions(positions), positions
    assert OffsetMap.from_positions(range(3, 9)).runs == ((0, 3, 6),)


def test_half_width_equals_the_table() -> None:
    from pipeline.normalize.rules import _WIDTH_TABLE, half_width, width_char

    rng = random.Random("width")
    alphabet = [*_WIDTH_TABLE, "a", "１", "，", "中", " ", "\u3001"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert half_width(text) == "".join(width_char(ch) for ch in text)
