"""Where configs/ and models/ are found: $BULLETIN_HOME, a checkout, an installed wheel."""

from __future__ import annotations

from pathlib import Path

from pipeline import paths


def _data(folder: Path) -> Path:
    (folder / "configs").mkdir(parents=True)
    (folder / "configs" / "pipeline.cfg").write_text("[nlp]\n", encoding="utf-8")
    return folder


def test_checkout_is_the_default(monkeypatch) -> None:
    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)
    root = Path(paths.__file__).resolve().parents[1]
    assert paths.data_root() == root == paths.checkout_root()
    assert paths.default_pipeline_config() == root / "configs" / "pipeline.cfg"
    assert paths.models_dir() == root / "models"


def test_bulletin_home_wins(monkeypatch, tmp_path: Path) -> None:
    home = _data(tmp_path / "home")
    monkeypatch.setenv(paths.HOME_VARIABLE, str(home))
    assert paths.configs_dir() == home / "configs"
    assert paths.models_dir() == home / "models"


def test_installed_wheel_reads_its_resources(monkeypatch, tmp_path: Path) -> None:
    # site-packages/pipeline/ with no configs/ beside it: the shipped copy inside the package
    package = tmp_path / "site-packages" / "pipeline"
    _data(package / "_resources")
    monkeypatch.delenv(paths.HOME_VARIABLE, raising=False)
    monkeypatch.setattr(paths, "_PACKAGE", package)
    assert paths.data_root() == package / "_resources"
    assert paths.checkout_root() is None
