"""Records of `corpus/samples`, extracted once per test session for the analyst-output tests.

The file lives in the session's base temp folder, so tests/export, tests/review, tests/convert,
tests/service and tests/datasets share one extraction (and the session's one pipeline).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.paths import project_root


def samples_jsonl(loaded, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.getbasetemp() / "analyst_samples" / "samples.jsonl"
    if not out.exists():
        from pipeline.extract import run_extract
        from pipeline.ingest import iter_input_paths

        paths = list(iter_input_paths([str(project_root() / "corpus" / "samples")]))
        stats, _ = run_extract(loaded, paths, out, out.with_name("errors.txt"))
        assert stats.reports > 0 and not stats.errors, stats.errors
    return out
