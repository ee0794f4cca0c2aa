"""HTML: text extraction, headings from h1-h6, page chrome removed by normalize."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import load_ingest_settings, read_source, split_reports
from pipeline.ingest.settings import PageSettings
from pipeline.normalize import Normalizer, NormalizeSettings, load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
SETTINGS = load_ingest_settings()


def test_html_page_with_chrome() -> None:
    source = read_source(FIXTURES / "page.html", settings=SETTINGS)
    assert source.kind == "html"
    assert "不应出现的脚本文字" not in source.text  # <script>
    assert "color" not in source.text  # <style>
    assert "网站首页" not in source.text  # <nav>
    assert "版权所有" not in source.text  # <footer>
    assert [source.text[a:b] for a, b in source.headings] == ["城西派出所破获系列盗窃案"]

    reports = split_reports(source, SETTINGS)
    assert len(reports) == 1
    normalizer = Normalizer(load_settings())
    assert normalizer.normalize_title(reports[0].title) == "城西派出所破获系列盗窃案"
    text = normalizer.normalize_report(reports[0]).text
    assert text == (
        "7月8日，城西派出所破获一起系列盗窃案，抓获犯罪嫌疑人2名，追回被盗电动车5辆。\n"
        "民警提醒市民停放车辆时加装防盗锁。"
    )


def test_chrome_stays_without_chrome_patterns() -> None:
    """The chrome lines above are removed by configured patterns, not by accident."""
    bare = SETTINGS.model_copy(update={"page": PageSettings(enabled=False)})
    source = read_source(FIXTURES / "page.html", settings=bare)
    report = split_reports(source, bare)[0]
    text = Normalizer(NormalizeSettings()).normalize_report(report).text
    assert "责任编辑" in text and "字号" in text


def test_html_sniffed_without_extension() -> None:
    data = (FIXTURES / "multi_article.html").read_bytes()
    source = read_source("page.txt", data=data, settings=SETTINGS)
    assert source.kind == "html"


def test_html_multi_article_page() -> None:
    source = read_source(FIXTURES / "multi_article.html", settings=SETTINGS)
    reports = split_reports(source, SETTINGS)
    assert [(r.id, r.title) for r in reports] == [
        ("multi_article#1", "交警大队开展夜查行动"),
        ("multi_article#2", "巡特警大队开展实战演练"),
    ]
    assert [(b.role, b.name) for b in reports[0].bylines] == [("记者", "周凯")]
    text = Normalizer(load_settings()).normalize_report(reports[0]).text
    assert text.split("\n")[1] == "重点路段 全面覆盖"  # an h3 sub-heading stays in the text


def test_furniture_dropped_by_class_or_id() -> None:
    html = (
        '<html><body><div class="top-bar">欢迎访问本站</div>'
        '<div id="menu"><ul><li>首页</li><li>警务动态</li></ul></div>'
        "<h1>城北派出所开展消防检查</h1><p>民警检查了辖区12家商铺。</p>"
        '<div class="footer copyright">版权所有 城北派出所</div></body></html>'
    )
    source = read_source("p.html", data=html.encode(), settings=SETTINGS)
    assert source.text.split() == ["城北派出所开展消防检查", "民警检查了辖区12家商铺。"]


def test_shared_parser_configuration_leaks_nothing_between_pages() -> None:
    """The inscriptis configuration is built once and shared: pages read in any order give
    what each gives first."""
    from pipeline.ingest import html

    names = ["page.html", "multi_article.html"]
    first = {}
    for name in names:
        html._config_for.cache_clear()
        source = read_source(FIXTURES / name, settings=SETTINGS)
        first[name] = (source.text, source.headings)
    for name in names + names[::-1] + names:
        source = read_source(FIXTURES / name, settings=SETTINGS)
        assert (source.text, source.headings) == first[name], name
