"""The review page: static checks, then a real headless Chromium (Debian's package)."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from analyst_samples import samples_jsonl

from pipeline.review import render_page
from pipeline.review.browser import dump_dom, find_chromium, has_cjk_font, screenshot
from pipeline.review.cli import run_review


@pytest.fixture(scope="module")
def records(loaded, tmp_path_factory) -> list[dict]:
    path = samples_jsonl(loaded, tmp_path_factory)
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def page(records, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.html"
    out.write_text(render_page(records), encoding="utf-8")
    return out


class _Marks(HTMLParser):
    """Per report section: the text inside each entity mark (without its label) and rows."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[str, dict] = {}
        self.current: dict | None = None
        self.depth = 0  # >0 while inside a mark
        self.in_label = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-report-id" in a:
            self.current = {"marks": [], "rows": [], "off_marks": 0}
            self.reports[a["data-report-id"]] = self.current
        elif tag == "mark" and self.current is not None:
            self.depth = 1
            self.current["marks"].append([a["data-label"], ""])
            self.current["off_marks"] += "off" in (a.get("class") or "").split()
        elif tag == "span" and self.depth and a.get("class") == "label":
            self.in_label = True
        elif tag == "tr" and "event" in (a.get("class") or "").split() and self.current:
            self.current["rows"].append((a["data-type"], "off" in a["class"].split()))

    def handle_endtag(self, tag):
        if tag == "span" and self.in_label:
            self.in_label = False
        elif tag == "mark":
            self.depth = 0

    def handle_data(self, data):
        if self.depth and not self.in_label:
            self.current["marks"][-1][1] += data


def _parse(html_text: str) -> dict[str, dict]:
    parser = _Marks()
    parser.feed(html_text)
    return parser.reports


def test_every_entity_and_event_is_on_the_page(records, page):
    reports = _parse(page.read_text(encoding="utf-8"))
    assert list(reports) == [r["id"] for r in records]
    for record in records:
        got = reports[record["id"]]
        want = sorted((e["label"], e["text"]) for e in record["entities"])
        assert sorted(tuple(m) for m in got["marks"]) == want, record["id"]
        assert [t for t, _ in got["rows"]] == [e["type"] for e in record["events"]]


def test_page_is_self_contained_and_escapes_text():
    record = {"id": "x#1", "title": "<b>t</b>", "text": "甲<script>县公安局\n第二句。",
              "entities": [{"label": "UNIT", "start": 9, "end": 13, "text": "县公安局",
                            "norm": "县公安局", "attrs": {}, "rule": "r&d", "score": 1.0}],
              "events": []}
    html_text = render_page([record])
    assert "<script>县" not in html_text and "&lt;script&gt;" in html_text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html_text)  # no CDN, no web
    assert "rule: r&amp;d" in html_text


def test_overlapping_gold_entities_are_counted_not_lost():
    record = {"id": "g#1", "text": "甲市公安局", "events": [], "entities": [
        {"label": "UNIT", "start": 0, "end": 5, "text": "甲市公安局", "norm": "甲市公安局"},
        {"label": "LOC", "start": 0, "end": 2, "text": "甲市", "norm": "甲市"}]}
    assert 'data-overlapping="1"' in render_page([record])


def test_review_command_filters_reports(tmp_path, loaded, tmp_path_factory):
    src = samples_jsonl(loaded, tmp_path_factory)
    out = tmp_path / "one.html"
    assert run_review(src, out, ["a04_gbk_case_report#1"]) == 1
    assert list(_parse(out.read_text(encoding="utf-8"))) == ["a04_gbk_case_report#1"]
    with pytest.raises(ValueError, match="no report"):
        run_review(src, out, ["nope#1"])


# --- in a real browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (.ci/run does)")
        pytest.skip("no chromium on this machine (apt-get install chromium fonts-wqy-microhei)")
    return found


def _selfcheck(dom: str) -> dict:
    match = re.search(r'<pre id="selfcheck"[^>]*>(.*?)</pre>', dom, flags=re.S)
    assert match, "the page's script did not run"
    return json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_chromium_draws_every_entity_and_event_row(chromium, records, page):
    dom = dump_dom(page)
    check = _selfcheck(dom)
    assert [r["id"] for r in check["reports"]] == [r["id"] for r in records]
    for report, record in zip(check["reports"], records, strict=True):
        assert report["overlapping"] == 0
        assert report["drawn"] == report["entities"] == len(record["entities"]), report
        assert report["rows"] == report["events"] == len(record["events"]), report
    assert _parse(dom).keys() == {r["id"] for r in records}


def test_chromium_applies_filters_from_the_url(chromium, records, page):
    dom = dump_dom(page, "?labels=UNIT&types=PENALTY")
    reports = _parse(dom)
    check = {r["id"]: r for r in _selfcheck(dom)["reports"]}
    for record in records:
        got = reports[record["id"]]
        assert got["off_marks"] == sum(e["label"] != "UNIT" for e in record["entities"])
        penalties = sum(e["type"] == "PENALTY" for e in record["events"])
        assert sum(not off for _, off in got["rows"]) == penalties
        assert check[record["id"]]["rows"] == penalties  # hidden rows are not drawn


def test_chromium_screenshot_of_a_real_report(chromium, records, tmp_path):
    if os.environ.get("CI"):
        assert has_cjk_font(), "CI must install a CJK font (fonts-wqy-microhei)"
    one = tmp_path / "one.html"
    one.write_text(render_page([r for r in records if r["events"]][:1]), encoding="utf-8")
    png = screenshot(one, tmp_path / "shot.png", width=1000, height=900)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_event_links_lead_to_the_sentence_holding_the_trigger(records, page):
    html_text = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="event" data-type="[^"]+" data-idx="\d+"[^>]*>.*?</tr>',
                      html_text, flags=re.S)
    assert len(rows) == sum(len(r["events"]) for r in records)
    for n, record in enumerate(records, 1):
        section = html_text.split(f'<section class="report" id="r{n}"', 1)[1].split("</section>")[0]
        for idx, event in enumerate(record["events"]):
            row = re.search(rf'<tr class="event"[^>]*data-idx="{idx}".*?</tr>', section, re.S)
            target = re.search(r'href="#(r\d+-s\d+)"', row.group(0)).group(1)
            start = section.index(f'id="{target}"')
            following = section.find('<span class="sent"', start)
            sentence_html = section[start:following if following != -1 else len(section)]
            plain = re.sub(r'<span class="label">[^<]*</span>|<[^>]+>', "", sentence_html)
            assert event["trigger"]["text"] in plain, (record["id"], idx)


def test_review_command(loaded, tmp_path_factory, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    src = str(samples_jsonl(loaded, tmp_path_factory))
    runner = CliRunner()
    result = runner.invoke(app, ["review", src, "-o", str(tmp_path / "r.html"), "--title", "T"])
    assert result.exit_code == 0, result.output
    assert "<title>T</title>" in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["review", src, "-o", str(tmp_path / "x.html"),
                                 "--report", "no#9"])
    assert result.exit_code == 2 and "no#9" in result.output


def test_against_gold_flags_false_alarms_and_lists_misses():
    gold = {"id": "g#1", "text": "甲市公安局破获案件3起", "entities": [
        {"label": "UNIT", "start": 0, "end": 5, "text": "甲市公安局", "norm": "甲市公安局"},
        {"label": "CASE", "start": 7, "end": 9, "text": "案件", "norm": "案件"}],
        "events": [{"type": "SOLVE_CASES", "trigger": {"start": 5, "end": 7, "text": "破获"},
                    "arguments": []}]}
    pred = dict(gold, entities=[gold["entities"][0],
                                {"label": "OPERATION", "start": 7, "end": 9, "text": "案件",
                                 "norm": "案件"}],
                events=gold["events"] + [{"type": "DETAIN_SUSPECTS", "trigger": gold["events"][0]
                                          ["trigger"], "arguments": []}])
    html_text = render_page([pred], gold={"g#1": gold})
    assert ('data-gold="offsets" data-extra-entities="1" data-missed-entities="1" '
            'data-extra-events="1" data-missed-events="0"') in html_text
    assert re.search(r'<mark class="entity" data-label="OPERATION" data-idx="1" '
                     r'data-check="extra"', html_text)
    assert re.search(r'<span class="missed-entity" data-label="CASE"[^>]*>案件', html_text)
    assert 'data-type="DETAIN_SUSPECTS" data-idx="1" data-check="extra"' in html_text
    # another normalization of the same report: matched on label + norm instead
    moved = dict(gold, text=" " + gold["text"])
    assert 'data-gold="norms" data-extra-entities="0" data-missed-entities="0"' in render_page(
        [dict(moved, entities=[dict(e, start=e["start"] + 1, end=e["end"] + 1)
                               for e in gold["entities"]], events=[])], gold={"g#1": gold})
    assert " data-check=" not in render_page([pred])  # no gold, no flags


def test_review_with_gold_on_the_samples(loaded, tmp_path_factory, tmp_path, samples_gold):
    src = samples_jsonl(loaded, tmp_path_factory)
    out = tmp_path / "g.html"
    run_review(src, out, gold_path=samples_gold)
    sections = re.findall(r'<section class="report"[^>]*data-gold="(\w+)"', out.read_text())
    assert len(sections) == 11 and set(sections) == {"offsets"}
