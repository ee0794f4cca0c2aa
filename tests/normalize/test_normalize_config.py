"""The shipped normalize config loads; broken configs fail with file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ConfigError
from pipeline.normalize import load_settings


def test_default_config_loads() -> None:
    settings = load_settings()
    assert settings.t2s.config == "t2s"
    assert settings.chrome.line_patterns  # chrome patterns come from the file


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("chrome:\n  line_patterns: ['([']\n", "chrome.line_patterns.0"),
        ("t2s:\n  config: tw2sp\n", "t2s.config"),
        ("spaces:\n  letter_spacing: 1\n", "spaces.letter_spacing: Extra inputs are not permitted"),
    ],
)
def test_broken_config(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "normalize.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value) and message in str(info.value)
