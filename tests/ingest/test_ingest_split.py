"""Report splitting and byline recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import Byline, load_ingest_settings, read_source, split_reports
from pipeline.ingest.bylines import parse_byline
from pipeline.normalize import Normalizer, load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SETTINGS = load_ingest_settings()


def _reports(name: str):
    source = read_source(FIXTURES / name, settings=SETTINGS)
    normalizer = Normalizer(load_settings())
    return [
        (r, normalizer.normalize_title(r.title), normalizer.normalize_report(r).text)
        for r in split_reports(source, SETTINGS)
    ]


def test_multi_article_page_splits_at_headlines() -> None:
    reports = _reports("multi_article.txt")
    assert [(r.id, title) for r, title, _ in reports] == [
        ("multi_article#1", "市公安局开展夏季治安巡查"),
        ("multi_article#2", "城西派出所民警救起落水儿童"),
        ("multi_article#3", "反诈举报方式"),
    ]
    first, photo, tips = (r for r, _, _ in reports)
    assert first.bylines == (
        Byline("记者", "张明"),
        Byline("通讯员", "李华"),
        Byline("通讯员", "王芳"),
    )
    # a sub-heading and a photo caption stay paragraphs of the story
    assert reports[0][2].split("\n")[2:] == [
        "巡查成效",
        "截至目前，辖区盗窃警情同比下降18%。",
        "民警走访夜市商户",
    ]
    # a photo report with a trailing credit is its own report
    assert photo.bylines == (Byline("通讯员", "赵强"),)
    assert (
        reports[1][2]
        == "7月5日傍晚，城西派出所民警在河边巡逻时发现一名儿童落水，立即下水将其救起。"
    )
    # the tip box: each key:value line on its own
    assert tips.bylines == ()
    assert reports[2][2] == "举报电话：0571-12345678\n网络举报：微信公众号 平安城西"


def test_markdown_subheadings_are_not_reports() -> None:
    reports = _reports("markdown_page.md")
    assert [title for _, title, _ in reports] == ["城南分局 三项举措 护航开学季", "反诈进校园"]
    text = reports[0][2]
    assert "聚焦校园周边巡逻防控更加有力" in text.split("\n")
    assert "##" not in text
    assert reports[1][0].bylines == (Byline("通讯员", "孙伟"),)


def test_body_ranges_point_into_source() -> None:
    source = read_source(FIXTURES / "multi_article.txt", settings=SETTINGS)
    report = split_reports(source, SETTINGS)[0]
    assert len(report.joins) == len(report.body) - 1
    for start, end in report.body:
        assert source.text[start:end] == source.text[start:end].strip()
        assert "\n" not in source.text[start:end]


def test_text_before_any_headline_is_an_untitled_report() -> None:
    source = read_source(
        "x.txt", data="民警巡逻时发现一辆无人看管的电动车。\n".encode(), settings=SETTINGS
    )
    reports = split_reports(source, SETTINGS)
    assert [(r.id, r.title) for r in reports] == [("x#1", "")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("通讯员 俞某某", [("通讯员", "俞某某")]),
        ("通讯员 甲乙 丙丁", [("通讯员", "甲乙"), ("通讯员", "丙丁")]),
        ("记者 张明 通讯员 李华", [("记者", "张明"), ("通讯员", "李华")]),
        ("通讯员 王学文 摄", [("通讯员", "王学文")]),
        ("（记者 周凯）", [("记者", "周凯")]),
        ("通讯员李华", [("通讯员", "李华")]),
        ("王芳 摄", [("摄影", "王芳")]),
        ("记者从市公安局获悉", None),
        ("记者节日快乐", None),
        ("黑恶势力 个个喊打", None),
        ("通讯员 王学文 摄 李华", None),
    ],
)
def test_parse_byline(line: str, expected: list[tuple[str, str]] | None) -> None:
    result = parse_byline(line, SETTINGS.bylines)
    assert (None if result is None else [(b.role, b.name) for b in result]) == expected


@pytest.mark.parametrize(
    ("text", "credits"),
    [
        (
            "东河5月9日电 (记者 王某 通讯员 李某 赵某)5月8日,东河警方破获一起盗窃案。",
            [("记者", "王某"), ("通讯员", "李某"), ("通讯员", "赵某")],
        ),
        ("本报讯(东河新闻记者 王某)5月8日,东河警方破获一起盗窃案。", [("东河新闻记者", "王某")]),
        ("本报讯(见习记者钱某 通讯员 孙某)民警抓获一名逃犯。", [("见习记者", "钱某"), ("通讯员", "孙某")]),
        ("东河网5月9日电 (王某某 李某)民警抓获一名逃犯。", [("", "王某某"), ("", "李某")]),
        ("民警抓获一名逃犯。(记者周某、通讯员吴某)", [("记者", "周某"), ("通讯员", "吴某")]),
        ("民警抓获一名逃犯。(郑某 记者 冯某)", [("", "郑某"), ("记者", "冯某")]),
        ("起点开跑。(陈某某 摄)\n民警维持秩序。(文/杨某 朱某)", [("摄", "陈某某"), ("文", "杨某"), ("文", "朱某")]),
        ("东河客户端讯 记者秦某报道:民警抓获一名逃犯。", [("记者", "秦某")]),
        # not credits: a lone bracketed name, a bracketed remark, names run together
        ("民警抓获一名逃犯。(张某)", []),
        ("民警抓获一名逃犯(图)。", []),
        ("民警抓获一名逃犯。(黄某黄某某王某)", []),
    ],
)
def test_inline_credits(text: str, credits: list[tuple[str, str]]) -> None:
    from pipeline.ingest.bylines import inline_credits

    got = inline_credits(text, SETTINGS.bylines)
    assert [(b.role, b.name) for b in got] == credits


@pytest.mark.parametrize(
    ("line", "bylines"),
    [
        ("作者: 记者 赵某", (Byline("记者", "赵某"),)),
        ("通讯员:龙某 蒲某某", (Byline("通讯员", "龙某"), Byline("通讯员", "蒲某某"))),
        ("作者:张某", None),  # no role: a posting cue, not a credit line
        ("(责任编辑:王某)", None),
    ],
)
def test_credit_line_labels_and_editor_notes(line: str, bylines) -> None:
    assert parse_byline(line, SETTINGS.bylines) == bylines


def test_byline_quick_reject_changes_no_answer(monkeypatch) -> None:
    """A line without any role or photo word is rejected before it is parsed: the same
    answers as parsing every line (random lines of roles, names, labels and marks)."""
    import random
    import re as _re

    from pipeline.ingest import bylines as bl

    settings = SETTINGS.bylines
    pieces = [*settings.roles, *settings.photo_suffixes, *settings.labels, "王某", "李某某",
              "俞亮波", "欧阳·娜娜", " ", "、", "，", "(", ")", "【", "】", "作者:", "文/", "警方"]
    rng = random.Random("bylines")
    lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 7))) for _ in range(4000)]
    fast = [bl.parse_byline(line, settings) for line in lines]
    monkeypatch.setattr(bl, "_credit_words", lambda *_: _re.compile(""))
    assert fast == [bl.parse_byline(line, settings) for line in lines]
    assert sum(r is not None for r in fast) > 100
