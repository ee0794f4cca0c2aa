"""Page chrome of scraped bureau sites is recognised; report sentences are not."""

from __future__ import annotations

import pytest

from pipeline.normalize import load_settings

CHROME = load_settings().chrome.line_patterns


def is_chrome(line: str) -> bool:
    return any(p.search(line) for p in CHROME)


@pytest.mark.parametrize(
    "line",
    [
        "【字体：大 中 小】",
        "字体：【大】【中】【小】",
        "时间：2023-05-12 10:23",
        "阅读：1234",
        "上一条：某某",
        "Copyright © 2024 某市公安局",
        "联系我们 | 网站地图 | 隐私声明",
        "您现在的位置：网站首页 » 新闻中心",
        "原创 澄岭公安 澄岭公安 2024年08月18日 19:32 云南",
        "（编辑：柯雨桐 审核：石振邦）",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "2023年全市刑事发案同比下降12%。",
        "时间就是生命，民警迅速出警。",
        "编辑部门积极配合警方调查。",
        "阅读量高达2万的视频引发关注。",
    ],
)
def test_report_sentences_are_kept(line: str) -> None:
    assert not is_chrome(line)
