"""Input discovery: files, directories, globs, stdin, exclusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import IngestError, iter_input_paths


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for rel in [
        "b.txt",
        "a.txt",
        "sub/c.html",
        "sub/d.md",
        ".hidden.txt",
        ".git/e.txt",
        "notes.json",
        "out.jsonl",
    ]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def test_directory_is_walked_sorted_without_hidden(tree: Path) -> None:
    paths = iter_input_paths([str(tree)])
    assert [p.relative_to(tree).as_posix() for p in paths] == [
        "a.txt",
        "b.txt",
        "sub/c.html",
        "sub/d.md",
    ]


def test_exclude_and_dedupe(tree: Path) -> None:
    paths = iter_input_paths([str(tree / "a.txt"), str(tree), "-"], exclude={tree / "b.txt"})
    names = [p.name for p in paths]
    assert names == ["a.txt", "c.html", "d.md", "-"]


def test_explicit_file_is_taken_whatever_its_suffix(tree: Path) -> None:
    assert iter_input_paths([str(tree / "notes.json")]) == [tree / "notes.json"]


def test_glob_pattern(tree: Path) -> None:
    paths = iter_input_paths([str(tree / "*.txt")])
    assert [p.name for p in paths] == ["a.txt", "b.txt"]


def test_nothing_found_is_an_error(tree: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        iter_input_paths([str(tree / "missing.txt")])
    with pytest.raises(IngestError, match="no file matches"):
        iter_input_paths([str(tree / "*.xml")])
