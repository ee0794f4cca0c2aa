"""Sidecar fields and the report date: one origin per fixture (sidecar, page, file name, text),
and year-less dates resolved with that date's year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.extract import _dated, choose_report_date, run_extract
from pipeline.ingest import iter_input_paths
from pipeline.ingest.sidecar import SourceMeta
from pipeline.values import ReportYear

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


@pytest.fixture(scope="module")
def out(loaded, tmp_path_factory) -> dict[str, dict]:
    path = tmp_path_factory.mktemp("dates") / "out.jsonl"
    stats, _ = run_extract(loaded, iter_input_paths([str(PAGES)]), path, None)
    assert stats.errors == []
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def _date_args(record: dict) -> list[str]:
    return [
        a["value"] for e in record["events"] for a in e["arguments"] if a["role"] == "date"
    ]


def test_no_sidecar_yields_a_report(out: dict[str, dict]) -> None:
    assert sorted(out) == [
        "2017-04-05_bulletin#1",
        "page_dated#1",
        "sidecar_case#1",
        "text_dated#1",
    ]


def test_sidecar_fields_and_date(out: dict[str, dict]) -> None:
    record = out["sidecar_case#1"]
    assert record["source"]["url"] == "http://news.example.cn/2019/0601/1.html"
    assert record["source"]["published"] == "2019-06-01"
    assert record["source"]["site"] == "东河新闻网"
    assert record["date"] == {"value": "2019-06-01", "origin": "sidecar"}
    assert _date_args(record) == ["2019-05-10"]  # `5月10日` takes the sidecar's year


def test_page_posting_line_dates_the_report(out: dict[str, dict]) -> None:
    record = out["page_dated#1"]
    assert record["title"] == "南湖派出所依法拘留一名醉酒滋事男子"
    assert record["source"]["published_in_page"] == "2018-03-02"
    assert record["source"]["published"] is None
    assert "发布时间" not in record["text"] and "首页" not in record["text"]
    assert record["date"] == {"value": "2018-03-02", "origin": "page"}
    assert _date_args(record) == ["2018-03-02"]


def test_file_name_dates_the_report(out: dict[str, dict]) -> None:
    record = out["2017-04-05_bulletin#1"]
    assert record["date"] == {"value": "2017-04-05", "origin": "filename"}
    periods = {a["value"] for e in record["events"] for a in e["arguments"] if a["role"] == "period"}
    assert periods == {"2017-04-03"}


def test_text_year_when_nothing_else_dates_it(out: dict[str, dict]) -> None:
    assert out["text_dated#1"]["date"] == {"value": "2016", "origin": "text"}


def test_manifest_fields_reach_the_record(loaded, tmp_path: Path) -> None:
    shutil.copy(PAGES / "text_dated.txt", tmp_path / "m.txt")
    manifest = {tmp_path.joinpath("m.txt").resolve(): SourceMeta(published="2016-06", region="东河")}
    path = tmp_path / "out.jsonl"
    stats, _ = run_extract(loaded, [tmp_path / "m.txt"], path, None, manifest=manifest)
    (record,) = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    assert record["source"]["region"] == "东河"
    assert record["date"] == {"value": "2016-06", "origin": "sidecar"}


def test_bad_sidecar_is_an_error_line_and_the_bulletin_is_still_read(loaded, tmp_path: Path) -> None:
    shutil.copy(PAGES / "text_dated.txt", tmp_path / "x.txt")
    (tmp_path / "x.meta.json").write_text('{"published": "June"}', encoding="utf-8")
    path = tmp_path / "out.jsonl"
    stats, _ = run_extract(loaded, [tmp_path / "x.txt"], path, None)
    assert len(stats.errors) == 1 and "x.meta.json: published 'June'" in stats.errors[0]
    assert stats.reports == 1


@pytest.mark.parametrize(
    ("text_year", "dated", "expected"),
    [
        # the sidecar wins over a background year the text mentions (`2009年参警`)
        (ReportYear(2009), ("2018-02-05", "sidecar"), (2018, "2018-02-05", "sidecar")),
        # ... but not over a later year the text states
        (ReportYear(2021), ("2019", "sidecar"), (2021, "2021", "text")),
        # a review of 2020 written in 2021: the year keeps what it is about
        (ReportYear(2020, 2021), ("2021-01-08", "page"), (2020, "2021-01-08", "page")),
        (None, ("2017", "filename"), (2017, "2017", "filename")),
        (ReportYear(2016), None, (2016, "2016", "text")),
        (None, None, (None, None, None)),
    ],
)
def test_choose_report_date(text_year, dated, expected) -> None:
    assert choose_report_date(text_year, dated) == expected


def test_page_date_refines_a_year_only_sidecar() -> None:
    assert _dated("2018", "2018-02-05", None) == ("2018-02-05", "page")
    assert _dated("2018-02-04", "2018-02-05", "2017") == ("2018-02-04", "sidecar")
    assert _dated(None, None, "2017") == ("2017", "filename")


def test_cli_manifest_option(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    shutil.copy(PAGES / "text_dated.txt", tmp_path / "x.txt")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"path": "x.txt", "url": "http://e.cn/1", "published": "2016-06-01"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    args = ["extract", str(tmp_path), "--manifest", str(manifest), "-o", str(out), "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (record,) = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    assert record["source"]["url"] == "http://e.cn/1"
    assert record["date"] == {"value": "2016-06-01", "origin": "sidecar"}
    bad = CliRunner().invoke(app, ["extract", str(tmp_path), "--manifest", "nope.jsonl", "-o", str(out)])
    assert bad.exit_code == 2


def test_records_with_sidecar_fields_validate_against_the_shipped_schema(
    out: dict[str, dict],
) -> None:
    import jsonschema

    from pipeline.records.model import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for record in out.values():
        jsonschema.validate(record, schema)
