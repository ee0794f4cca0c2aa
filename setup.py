"""Ship `configs/` and `models/` inside the wheel as `pipeline/_resources/`.

Everything else is declared in pyproject.toml. The two folders stay at the repository
root, where they are edited; an editable install reads them there (`pipeline/paths.py`),
so the copy is made only for a built wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("configs", "models")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithResources(build_py):
    """build_py, plus a copy of the data folders into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the checkout itself is the data
        target = Path(self.build_lib) / "pipeline" / "_resources"
        for name in SHIPPED:
            if not (ROOT / name).is_dir():
                raise FileNotFoundError(f"{ROOT / name}: data folder missing; cannot build")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=IGNORED)


setup(cmdclass={"build_py": BuildWithResources})
