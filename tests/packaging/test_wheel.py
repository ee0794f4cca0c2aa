"""The built wheel gives byte-identical records from /tmp (bench/check_wheel.sh).

Slow (a fresh venv and every dependency, ~5 min here): runs only with BULLETIN_SLOW_TESTS=1.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pipeline.paths import checkout_root

ROOT = checkout_root()
SEEDS = ROOT.parent / "shared" / "seeds" if ROOT else None


@pytest.mark.skipif(not os.environ.get("BULLETIN_SLOW_TESTS"), reason="BULLETIN_SLOW_TESTS=1")
@pytest.mark.skipif(SEEDS is None or not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_wheel_runs_anywhere_with_identical_records(tmp_path: Path) -> None:
    assert ROOT is not None
    result = subprocess.run(
        ["bash", str(ROOT / "bench" / "check_wheel.sh"), str(SEEDS)],
        capture_output=True, text=True, timeout=1800, env={**os.environ, "WORK": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "identical:" in result.stdout
