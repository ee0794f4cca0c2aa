"""HTML beyond lxml's default limits: deep nesting and huge text nodes come out whole."""

from __future__ import annotations

import logging
import time

import pytest

from pipeline.ingest import html as html_module
from pipeline.ingest import load_ingest_settings, read_source
from pipeline.ingest.html import extract_html

SETTINGS = load_ingest_settings()
BOTTOM = "城南派出所民警在深夜巡逻时救下一名落水群众。"


def _nested(depth: int, top: str = "") -> str:
    return (
        f"<html><body><h1>深层标题</h1><p>{top}</p>" + "<div>" * depth
        + f"<p>{BOTTOM}</p>" + "</div>" * depth + "</body></html>"
    )


def test_400_deep_nesting_keeps_the_bottom_text_and_layout() -> None:
    # lxml's default parser stops at 256 levels: this page used to be "HTML without text".
    source = read_source("deep.html", data=_nested(400, "顶部一段。").encode(), settings=SETTINGS)
    assert source.text.split() == ["深层标题", "顶部一段。", BOTTOM]
    assert [source.text[a:b] for a, b in source.headings] == ["深层标题"]


def test_nesting_beyond_the_raised_limit_falls_back_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Even huge_tree stops at 2048 levels; the plain reading has no limit.
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.html"):
        text, headings = extract_html(_nested(2500, "顶部一段。"), SETTINGS.html, "deeper.html")
    assert text.split("\n") == ["深层标题", "顶部一段。", BOTTOM]
    assert headings == ()
    assert any("deeper.html" in r.getMessage() and "plain text" in r.getMessage()
               for r in caplog.records)


def test_deep_page_skips_script_and_furniture_in_the_plain_reading() -> None:
    html = (
        "<html><head><title>页面标题</title><script>var a = '脚本';</script></head><body>"
        "<nav>首页 警务动态</nav>" + "<div>" * 2200 + f"<p>{BOTTOM}</p>"
        + "</div>" * 2200 + "<footer>版权所有</footer></body></html>"
    )
    text, _ = extract_html(html, SETTINGS.html)
    assert text == BOTTOM


def test_huge_text_node_comes_out_whole(caplog: pytest.LogCaptureFixture) -> None:
    # 10.5 M characters in one text node: lxml's default parser cuts it at 10 M.
    unit = "民警巡逻，群众平安。"
    body = unit * 1_050_000
    html = f"<html><body><p>{body}</p><p>结尾一句。</p></body></html>"
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.html"):
        text, _ = extract_html(html, SETTINGS.html, "big.html")
    assert time.perf_counter() - started < 5
    assert len(body) == 10_500_000
    assert text == body + "\n结尾一句。"
    assert any("big.html" in r.getMessage() for r in caplog.records)


def test_ordinary_page_takes_no_fallback(caplog: pytest.LogCaptureFixture) -> None:
    html = "<html><body><h2>标题</h2><p>正文 &amp; 内容</p><ul><li>甲</li></ul></body></html>"
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.html"):
        text, headings = extract_html(html, SETTINGS.html)
    assert caplog.records == []
    assert [text[a:b] for a, b in headings] == ["标题"]
    assert "  * 甲" in text  # inscriptis' list layout, which the plain reading has not


def test_nesting_too_deep_for_the_layout_falls_back(caplog: pytest.LogCaptureFixture) -> None:
    # 1500 levels parse with huge_tree, but inscriptis recurses once per level.
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest.html"):
        text, _ = extract_html(_nested(1500), SETTINGS.html, "mid.html")
    assert text.split("\n") == ["深层标题", BOTTOM]
    assert any("mid.html" in r.getMessage() for r in caplog.records)


def test_xhtml_with_an_encoding_declaration_drops_furniture_by_class() -> None:
    # lxml refuses str input that declares an encoding; the declaration is stripped first,
    # as inscriptis does, so the class-based furniture removal applies to XHTML too.
    html = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html><body><h1>城东派出所开展宣传</h1>'
        '<p>民警向居民讲解防诈骗知识。</p><div class="copyright">版权所有</div></body></html>'
    )
    text, headings = extract_html(html, SETTINGS.html)
    assert text.split() == ["城东派出所开展宣传", "民警向居民讲解防诈骗知识。"]
    assert [text[a:b] for a, b in headings] == ["城东派出所开展宣传"]


def test_the_plain_reading_runs_only_when_lxml_stopped_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The stdlib tokenizer cost as much again as the parse it checked, on every page: it
    # now runs only when lxml's log says the parse stopped before the end.
    calls: list[str] = []
    real = html_module._plain

    def counting(html: str, settings: object) -> object:
        calls.append(html[:20])
        return real(html, settings)

    monkeypatch.setattr(html_module, "_plain", counting)
    page = "<html><body><h2>标题</h2><p>正文一段。</p></body></html>"
    assert extract_html(page, SETTINGS.html)[0].split() == ["标题", "正文一段。"]
    assert calls == []
    text, _ = extract_html(_nested(2500), SETTINGS.html)
    assert text.split("\n") == ["深层标题", BOTTOM]
    assert len(calls) == 1
