"""A writable copy of the project's configs (models linked, not copied) for break-and-check tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.paths import configs_dir, models_dir


def copy_project_data(dest: Path) -> Path:
    """`dest/configs` (a copy) and `dest/models` (a link); returns the copied pipeline.cfg."""
    shutil.copytree(configs_dir(), dest / "configs", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "models").symlink_to(models_dir(), target_is_directory=True)
    return dest / "configs" / "pipeline.cfg"


@pytest.fixture()
def config_copy(tmp_path: Path) -> Path:
    return copy_project_data(tmp_path / "project")


@pytest.fixture(scope="session")
def copy_data():
    """`copy_project_data` for module-scoped fixtures."""
    return copy_project_data


@pytest.fixture(scope="session")
def saved_dir(loaded, tmp_path_factory) -> Path:
    """The shipped pipeline saved once per session (`save_pipeline`)."""
    from pipeline.nlp import save_pipeline

    return save_pipeline(loaded, tmp_path_factory.mktemp("saved") / "pipeline")
