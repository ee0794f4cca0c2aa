"""Headless Chromium (Debian's `chromium` package) for the review page: DOM and screenshots.

Playwright's browser download does not work here; the distribution's browser does. As root
it needs `--no-sandbox`. A private profile folder per call keeps parallel runs apart. Chinese
text needs a CJK font (Debian: fonts-wqy-microhei), or every character is drawn as a box.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BASE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--no-first-run", "--disable-extensions")


def find_chromium() -> str | None:
    """$BULLETIN_CHROMIUM, else the first Chromium-like browser on PATH."""
    explicit = os.environ.get("BULLETIN_CHROMIUM")
    if explicit:
        return explicit
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def has_cjk_font() -> bool:
    """True when fontconfig knows a font covering Chinese (otherwise pages show boxes)."""
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def _run(url: str, extra: list[str], timeout: float) -> subprocess.CompletedProcess:
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError(
            "no Chromium found: apt-get install chromium (or set $BULLETIN_CHROMIUM)"
        )
    with tempfile.TemporaryDirectory(prefix="bulletin-chromium-") as profile:
        cmd = [browser, *BASE_FLAGS, f"--user-data-dir={profile}", *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)


def dump_dom(page: Path, query: str = "", timeout: float = 90) -> str:
    """The DOM after the page's scripts ran (`query` like `?labels=UNIT`)."""
    url = page.resolve().as_uri() + query
    return _run(url, ["--virtual-time-budget=5000", "--dump-dom"], timeout).stdout


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 1500,
               timeout: float = 90) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    url = page.resolve().as_uri()
    _run(url, [f"--window-size={width},{height}", f"--screenshot={png.resolve()}"], timeout)
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot to {png}")
    return png
