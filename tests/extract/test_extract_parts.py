"""A big file under `--jobs N` runs in parts on several workers: same bytes as one piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import extract
from pipeline.extract import (
    BatchError,
    FileResult,
    merge_parts,
    report_block,
    run_extract,
    split_tasks,
    whole_files,
)

TOWNS = ["东城", "西城", "南湖", "北山", "青石", "白沙", "红桥", "黄岗", "金田", "银湖",
         "铜鼓", "柳岸", "松林", "竹溪", "梅坞", "桃源"]
NAMES = ["甲一", "乙二", "丙三", "丁四"]


def _small_file(path: Path) -> Path:
    """A one-report file to run beside the big one."""
    path.write_text("## 城关派出所开展防诈宣传\n\n通讯员 李某\n\n民警走进社区讲解防诈知识。\n",
                    encoding="utf-8")
    return path


def _big_file(path: Path) -> Path:
    """One file of 16 invented reports, each a headline, a byline and two sentences."""
    reports = [
        f"## {town}派出所破获盗窃电动车案\n\n通讯员 王{NAMES[i % 4]}\n\n"
        f"{i + 3}月{i + 1}日，{town}派出所破获一起盗窃案，抓获犯罪嫌疑人{i % 3 + 1}名，"
        f"追回被盗电动车{i + 2}辆。\n\n民警提醒群众妥善停放车辆。\n\n"
        for i, town in enumerate(TOWNS)
    ]
    path.write_text("".join(reports), encoding="utf-8")
    return path


def test_report_blocks_cover_every_report_once_in_order() -> None:
    for reports in (0, 1, 5, 16, 17):
        for n in (1, 2, 3, 7):
            for unit in (1, 4):
                blocks = [report_block(reports, k, n, unit) for k in range(n)]
                assert [i for a, b in blocks for i in range(a, b)] == list(range(reports))
                # every block starts where a batch of the whole file starts
                assert all(a % unit == 0 or a == reports for a, _ in blocks)


def test_split_tasks_parts_big_files_only_with_workers(tmp_path: Path) -> None:
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_bytes(b"x" * 1000)
    small.write_bytes(b"x" * 100)
    tasks = [(big, None), (small, None), ("-", b"y" * 1000)]
    assert split_tasks(tasks, 2, part_bytes=300) == [
        (big, None, (0, 4)), (big, None, (1, 4)), (big, None, (2, 4)), (big, None, (3, 4)),
        (small, None, None), ("-", b"y" * 1000, None)]  # stdin stays whole
    assert split_tasks(tasks, 1, part_bytes=300) == [(p, d, None) for p, d in tasks]
    assert extract.task_size((big, None, (1, 4))) == 250


def test_a_file_in_parts_gives_the_bytes_of_the_whole_file(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_file(tmp_path / "page.txt")
    other = _small_file(tmp_path / "other.txt")
    whole, parts = tmp_path / "whole.jsonl", tmp_path / "parts.jsonl"
    stats, _ = run_extract(loaded, [other, path], whole, None, jobs=1)
    assert stats.reports == 17
    monkeypatch.setattr(extract, "PART_BYTES", path.stat().st_size // 5)
    assert len(split_tasks([(path, None)], 2)) == 6
    stats, _ = run_extract(loaded, [other, path], parts, None, jobs=2)
    assert stats.reports == 17 and stats.files == 2
    assert parts.read_bytes() == whole.read_bytes()
    _, lines = run_extract(loaded, [other, path], None, None, jobs=2)
    assert "".join(line + "\n" for line in lines or []).encode() == whole.read_bytes()


def test_parts_of_a_file_prepare_it_once_per_process(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_file(tmp_path / "page.txt")
    prepared = []
    real = extract.prepare_whole_file

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - a test double
        prepared.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(extract, "prepare_whole_file", counting)
    stats, lines = run_extract(loaded, [path], None, None, jobs=1)
    job = extract._Job(loaded, extract.pipeline_info(loaded), extract.make_normalizer(),
                       loaded.ingest_settings, None, {})
    prepared.clear()
    results = [job((path, None, (k, 3))) for k in (2, 0, 1)]
    assert len(prepared) == 1
    merged = merge_parts(results)
    assert merged.lines == list(lines or []) and merged.errors == []
    assert merged.chars == stats.chars


def _part(k: int, n: int, lines: list[str], *kinds: str) -> FileResult:
    errors = [BatchError("f.txt", None, kind, f"{kind} problem", "extract") for kind in kinds]
    return FileResult("f.txt", lines, errors, 10, "abc", (k, n))


def test_merge_keeps_each_error_once_and_a_failed_part_fails_the_file() -> None:
    ok = merge_parts([_part(1, 2, ["b"], "sidecar"), _part(0, 2, ["a"], "sidecar")])
    assert ok.lines == ["a", "b"] and [e.kind for e in ok.errors] == ["sidecar"]
    failed = merge_parts([_part(0, 2, ["a"]), _part(1, 2, [], "internal")])
    assert failed.lines == [] and [e.kind for e in failed.errors] == ["internal"]
    empty = merge_parts([_part(0, 2, []), _part(1, 2, [])])
    assert empty.lines == [] and [e.kind for e in empty.errors] == ["no_text"]


def test_whole_files_waits_for_the_last_part() -> None:
    results = [_part(1, 2, ["b"]), FileResult("g.txt", ["g"], []), _part(0, 2, ["a"])]
    merged = list(whole_files(results))
    assert [r.name for r in merged] == ["g.txt", "f.txt"]
    assert merged[1].lines == ["a", "b"]


def test_an_interrupted_run_with_a_file_in_parts_resumes_to_the_same_bytes(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_file(tmp_path / "page.txt")
    other = _small_file(tmp_path / "other.txt")
    clean, out = tmp_path / "clean.jsonl", tmp_path / "out.jsonl"
    run_extract(loaded, [other, path], clean, None, jobs=1)
    monkeypatch.setattr(extract, "PART_BYTES", path.stat().st_size // 4)
    stats, _ = run_extract(loaded, [other, path], out, None, jobs=2, should_stop=lambda: True)
    assert stats.interrupted and stats.processed == 1 and not out.exists()
    stats, _ = run_extract(loaded, [other, path], out, None, jobs=2, resume=True)
    assert stats.resumed == 1 and stats.processed == 1
    assert out.read_bytes() == clean.read_bytes()


def test_a_bad_file_in_parts_gives_the_error_lines_of_the_whole_file(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\xff\xfe\x01" * 400)
    good = _big_file(tmp_path / "page.txt")
    for jobs in (1, 2):
        monkeypatch.setattr(extract, "PART_BYTES", 400)
        errors = tmp_path / f"errors{jobs}.txt"
        run_extract(loaded, [bad, good], tmp_path / f"out{jobs}.jsonl", errors, jobs=jobs)
    assert len(split_tasks([(bad, None)], 2)) == 4
    assert (tmp_path / "errors1.txt").read_bytes() == (tmp_path / "errors2.txt").read_bytes()
    assert (tmp_path / "errors1.jsonl").read_bytes() == (tmp_path / "errors2.jsonl").read_bytes()
    assert (tmp_path / "out1.jsonl").read_bytes() == (tmp_path / "out2.jsonl").read_bytes()
    assert (tmp_path / "errors1.txt").read_text(encoding="utf-8").count("bad.txt") == 1


def test_reports_tokenized_in_passes_give_the_bytes_of_one_by_one(
    loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner tokenizes a file's reports several at a time (`TOKENIZE_CHARS`): the
    records are those of a tokenizer call per report."""
    path = _big_file(tmp_path / "page.txt")
    outputs = []
    for chars in (1, 300, extract.TOKENIZE_CHARS):
        monkeypatch.setattr(extract, "TOKENIZE_CHARS", chars)
        _, lines = run_extract(loaded, [path], None, None, jobs=1)
        outputs.append(list(lines or []))
    monkeypatch.setattr(loaded.nlp.tokenizer, "make_docs", None, raising=False)
    _, lines = run_extract(loaded, [path], None, None, jobs=1)
    assert len(outputs[0]) == 16
    assert outputs[0] == outputs[1] == outputs[2] == list(lines or [])
