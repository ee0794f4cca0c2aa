"""Shared fixtures: the real pipeline, built once per test session from the shipped config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.paths import project_root

ROOT = project_root()
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def loaded():
    """The pipeline as configured; $BULLETIN_PKUSEG_MODEL tests another segmenter model."""
    import os

    from pipeline.nlp import build_pipeline

    model = os.environ.get("BULLETIN_PKUSEG_MODEL")
    return build_pipeline(overrides={"initialize.tokenizer.pkuseg_model": model} if model else None)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return ROOT / "corpus" / "samples"


@pytest.fixture(scope="session")
def samples_gold() -> Path:
    return ROOT / "corpus" / "gold" / "samples.jsonl"


@pytest.fixture
def resume_case(loaded, samples_dir: Path, tmp_path: Path):
    """For interrupted-run tests: a copy of the samples plus an empty file (an error line
    in the journal), its input paths, and the output of one clean uninterrupted run."""
    from pipeline.extract import run_extract
    from pipeline.ingest import iter_input_paths

    inputs = tmp_path / "in"
    shutil.copytree(samples_dir, inputs)
    (inputs / "zz_empty.txt").write_bytes(b"")
    paths = iter_input_paths([str(inputs)])
    clean = tmp_path / "clean.jsonl"
    run_extract(loaded, paths, clean, tmp_path / "clean.errors.txt")
    return inputs, paths, clean
