"""Ingest + normalize reproduce the bundled gold exactly: ids, titles, bylines and text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest import iter_input_paths, read_source, split_reports
from pipeline.normalize import Normalizer
from pipeline.paths import project_root

CORPUS = project_root() / "corpus"


def reports(folder: Path) -> dict[str, dict]:
    normalizer = Normalizer()
    out = {}
    for path in iter_input_paths([str(folder)]):
        for report in split_reports(read_source(path)):
            out[report.id] = {
                "title": normalizer.normalize_title(report.title),
                "bylines": [
                    {"role": b.role, "name": b.name}
                    for b in normalizer.normalize_bylines(report.bylines)
                ],
                "text": normalizer.normalize_report(report).text,
            }
    return out


@pytest.mark.parametrize(("folder", "gold"), [("samples", "samples"), ("heldout", "heldout")])
def test_corpus_text_matches_gold(folder: str, gold: str) -> None:
    got = reports(CORPUS / folder)
    lines = (CORPUS / "gold" / f"{gold}.jsonl").read_text(encoding="utf-8").splitlines()
    expected = [json.loads(line) for line in lines]
    assert list(got) == [g["id"] for g in expected]
    for g in expected:
        assert got[g["id"]]["title"] == g["title"], g["id"]
        assert got[g["id"]]["bylines"] == g["bylines"], g["id"]
        assert got[g["id"]]["text"] == g["text"], g["id"]
