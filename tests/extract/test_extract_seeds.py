"""The development set (../shared, not part of the project): skipped where it is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import evaluate_files
from pipeline.extract import run_extract
from pipeline.ingest import iter_input_paths
from pipeline.paths import project_root

SHARED = project_root().parent / "shared"

pytestmark = pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared absent")


def test_seeds_give_seven_reports_above_the_floor(loaded, tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    stats, _ = run_extract(loaded, iter_input_paths([str(SHARED / "seeds")]), out, None)
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 7
    for rec in recs:
        assert " 的 " not in rec["text"] and "党 的 十 八 大" not in rec["text"]
    head = evaluate_files(SHARED / "gold" / "seeds.jsonl", out).to_dict()["headline"]
    assert head["core_mention_set_f1"] >= 0.70
    assert head["argument_f1"] >= 0.40
