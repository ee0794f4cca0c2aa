"""Metadata sidecars and manifests; sidecars and errors files are never bulletins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest import iter_input_paths, load_ingest_settings
from pipeline.ingest.dating import filename_date
from pipeline.ingest.sidecar import (
    SidecarError,
    SourceMeta,
    iso_date,
    parse_meta,
    read_manifest,
    read_sidecar,
    sidecar_path,
)


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("5月9日,东河警方破获一起盗窃案。", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        json.dumps({"url": "http://example.cn/1.html", "published": "2019-06-01"}),
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text("<p>民警救起落水儿童。</p>", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"published": "2020"}', encoding="utf-8")
    (tmp_path / "out.errors.txt").write_text("a.txt: error", encoding="utf-8")
    return tmp_path


def test_sidecars_and_errors_files_are_never_input(batch: Path) -> None:
    assert [p.name for p in iter_input_paths([str(batch)])] == ["a.txt", "b.html"]
    named = [str(batch / "a.meta.json"), str(batch / "out.errors.txt"), str(batch / "a.txt")]
    assert [p.name for p in iter_input_paths(named)] == ["a.txt"]
    assert [p.name for p in iter_input_paths([str(batch / "*")])] == ["a.txt", "b.html"]


def test_sidecar_is_found_beside_its_bulletin(batch: Path) -> None:
    assert sidecar_path(batch / "b.html") == batch / "b.meta.json"
    meta = read_sidecar(batch / "a.txt")
    assert meta == SourceMeta(url="http://example.cn/1.html", published="2019-06-01")
    assert read_sidecar(batch / "b.html").published == "2020"
    assert read_sidecar(batch / "missing.txt") is None
    assert read_sidecar("-") is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2019-06-01", "2019-06-01"),
        ("2019-06", "2019-06"),
        ("2019", "2019"),
        (2019, "2019"),
        ("2019-06-01T08:30:00+08:00", "2019-06-01"),
        ("2019-06-01 08:30", "2019-06-01"),
        ("2019/6/1", "2019-06-01"),
        ("2019年6月1日", "2019-06-01"),
        ("2019.06", "2019-06"),
    ],
)
def test_published_forms(value: object, iso: str) -> None:
    assert iso_date(value, "x") == iso


@pytest.mark.parametrize("value", ["06/01/2019", "2019-13-01", "2019/6/40", "yesterday", "", None])
def test_bad_published_is_an_error(value: object) -> None:
    with pytest.raises(SidecarError, match="published"):
        iso_date(value, "x.meta.json")


def test_unknown_fields_are_kept_and_wrong_types_rejected() -> None:
    meta = parse_meta({"url": "u", "published": "2020", "crawler": "v2", "site": "某网"}, "x")
    assert meta.fields() == {"url": "u", "published": "2020", "site": "某网", "extra": {"crawler": "v2"}}
    with pytest.raises(SidecarError, match="title must be a string"):
        parse_meta({"title": 5}, "x")
    with pytest.raises(SidecarError, match="expected a JSON object"):
        parse_meta([1], "x")


def test_invalid_sidecar_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.meta.json").write_text("{url:", encoding="utf-8")
    with pytest.raises(SidecarError, match=r"c\.meta\.json: invalid JSON"):
        read_sidecar(tmp_path / "c.txt")


def test_manifest_paths_are_relative_to_the_manifest(batch: Path) -> None:
    manifest = batch / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"path": "a.txt", "published": "2018-01-02", "site": "东河网"}) + "\n\n"
        + json.dumps({"path": str(batch / "b.html"), "region": "东河"}) + "\n",
        encoding="utf-8",
    )
    got = read_manifest(manifest)
    assert got[(batch / "a.txt").resolve()] == SourceMeta(published="2018-01-02", site="东河网")
    assert got[(batch / "b.html").resolve()].region == "东河"


def test_sidecar_wins_over_manifest() -> None:
    manifest = SourceMeta(published="2018-01-02", site="东河网")
    sidecar = SourceMeta(url="u", published="2019-06-01")
    assert manifest.merged(sidecar) == SourceMeta(url="u", published="2019-06-01", site="东河网")


def test_bad_manifest_line_names_its_line(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"path": "a.txt"}\n{"published": "2019"}\n', encoding="utf-8")
    with pytest.raises(SidecarError, match=r"m\.jsonl:2: expected an object with a string `path`"):
        read_manifest(manifest)


@pytest.mark.parametrize(
    ("stem", "date"),
    [
        ("2021-06-02_bulletin", "2021-06-02"),
        ("news20210602", "2021-06-02"),
        ("2021年工作总结", "2021"),
        ("report_2019_5", "2019-05"),
        ("a01", None),
        ("000_6d6eb79d73295baa", None),
        ("ab2019cd", None),
    ],
)
def test_filename_date(stem: str, date: str | None) -> None:
    assert filename_date(stem, load_ingest_settings().dating) == date
