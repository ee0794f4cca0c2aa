"""Where the project's own data lives: `configs/` and `models/`.

Three layouts, tried in this order, so that every command's defaults work from any folder:

1. `$BULLETIN_HOME`, when set: a folder holding `configs/` and `models/` (run another copy
   of the rules without reinstalling);
2. a checkout (or an editable install of one): `configs/` and `models/` beside the
   `pipeline/` package, where they are edited;
3. an installed wheel: the same two folders shipped inside the package as
   `pipeline/_resources/` (pyproject.toml / setup.py copy them there when the wheel is built).
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "BULLETIN_HOME"
_PACKAGE = Path(__file__).resolve().parent


def _has_data(folder: Path) -> bool:
    return (folder / "configs" / "pipeline.cfg").is_file()


def data_root() -> Path:
    """The folder that holds `configs/` and `models/` (see the module docstring)."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser().resolve()
    checkout = _PACKAGE.parent
    if _has_data(checkout):
        return checkout
    return _PACKAGE / "_resources"


def project_root() -> Path:
    """The root that `${paths.root}` in `configs/pipeline.cfg` stands for (= `data_root()`)."""
    return data_root()


def configs_dir() -> Path:
    """The default configuration folder (`<data root>/configs`)."""
    return data_root() / "configs"


def models_dir() -> Path:
    """The default model folder (`<data root>/models`)."""
    return data_root() / "models"


def default_pipeline_config() -> Path:
    return configs_dir() / "pipeline.cfg"


def checkout_root() -> Path | None:
    """The repository root when running from a checkout (tests, corpus/), else None."""
    checkout = _PACKAGE.parent
    return checkout if _has_data(checkout) else None
