"""The shipped ingest config loads; broken configs fail with file and key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ConfigError, load_ingest_settings
from pipeline.paths import configs_dir, project_root


def test_default_config_loads() -> None:
    settings = load_ingest_settings()
    assert "通讯员" in settings.bylines.roles
    assert configs_dir() == project_root() / "configs"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("layout:\n  fild_line: 'x'\n", "layout.fild_line: Extra inputs are not permitted"),
        ("layout:\n  field_line: '([a'\n", "layout.field_line"),
        ("decode:\n  fallback_encoding: nope\n", "decode.fallback_encoding"),
        ("- a\n- b\n", "expected a mapping"),
    ],
)
def test_broken_config(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ingest.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_ingest_settings(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
