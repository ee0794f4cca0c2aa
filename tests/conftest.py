"""Shared fixtures: the real pipeline, built once per test session from the shipped config."""

from __future__ import annotations

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
