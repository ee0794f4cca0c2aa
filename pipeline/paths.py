"""Where the project's own files live.

One helper so that every stage finds `configs/` the same way, whether the package runs from
a checkout or from an installed copy that sits next to its configs.
"""

from __future__ import annotations

from pathlib import Path


def project_root() -> Path:
    """The repository root: the folder that holds `pipeline/` and `configs/`."""
    return Path(__file__).resolve().parents[1]


def configs_dir() -> Path:
    """The default configuration folder (`<root>/configs`)."""
    return project_root() / "configs"
