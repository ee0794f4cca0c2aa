"""Development gold: ingest + normalize reproduce id, title, bylines and text exactly.

Runs only where the shared seed files exist (they are not part of the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest import load_ingest_settings, read_source, split_reports
from pipeline.normalize import Normalizer, load_settings

SHARED = Path("/work/shared")
GOLD = SHARED / "gold" / "seeds.jsonl"
SEEDS = SHARED / "seeds"


def _gold() -> list[dict]:
    if not GOLD.is_file() or not SEEDS.is_dir():
        pytest.skip("shared seed gold not available")
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_seed_reports_match_gold() -> None:
    gold = _gold()
    ingest, normalizer = load_ingest_settings(), Normalizer(load_settings())
    ours: dict[str, dict] = {}
    for name in sorted({g["file"] for g in gold}):
        for report in split_reports(read_source(SEEDS / name, settings=ingest), ingest):
            ours[report.id] = {
                "title": normalizer.normalize_title(report.title),
                "bylines": [{"role": b.role, "name": b.name} for b in report.bylines],
                "text": normalizer.normalize_report(report).text,
            }
    assert sorted(ours) == sorted(g["id"] for g in gold)
    for g in gold:
        for key in ("title", "bylines", "text"):
            assert ours[g["id"]][key] == g[key], f"{g['id']} {key}"
