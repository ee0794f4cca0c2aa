"""Command-line arguments -> the list of input files, in a stable order."""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable
from pathlib import Path

from pipeline.ingest.models import IngestError
from pipeline.ingest.settings import PathSettings

STDIN = Path("-")
_GLOB_CHARS = frozenset("*?[")
# Never bulletins, whatever the arguments say: metadata sidecars (`X.meta.json`, read with
# their bulletin) and the errors file of a run (`OUT.errors.txt`), which would otherwise be
# read back as input by the next run over the same folder.
_NEVER_INPUT = (re.compile(r"(?i)\.meta\.json$"), re.compile(r"(?i)\.errors\.[^.\\/]+$"))


def never_input(path: Path) -> bool:
    """A sidecar or an errors file: not a bulletin."""
    return any(p.search(path.name) for p in _NEVER_INPUT)


def _hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _walk(root: Path, settings: PathSettings) -> Iterable[Path]:
    suffixes = {s.lower() for s in settings.extensions}
    for path in root.rglob("*"):
        if path.is_file() and not _hidden(path, root) and path.suffix.lower() in suffixes:
            yield path


def iter_input_paths(
    args: list[str],
    exclude: set[Path] | frozenset[Path] = frozenset(),
    settings: PathSettings | None = None,
) -> list[Path]:
    """Expand files, directories (recursive) and glob patterns; `-` stands for stdin.

    Each group is sorted, duplicates are dropped (first occurrence wins) and paths in
    `exclude` (e.g. the output file) are skipped, and so are sidecars and errors files
    (`never_input`), also when named explicitly. A path that matches nothing raises
    IngestError so that a typo is not silently ignored.
    """
    settings = settings or PathSettings()
    excluded = {p.resolve() for p in exclude}
    found: list[Path] = []
    for arg in args:
        if arg == "-":
            found.append(STDIN)
            continue
        path = Path(arg)
        if path.is_dir():
            found.extend(sorted(_walk(path, settings)))
        elif path.exists():
            found.append(path)
        elif _GLOB_CHARS & set(arg):
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    files.extend(sorted(_walk(m, settings)))
            if not files:
                raise IngestError(arg, None, "no file matches this pattern")
            found.extend(files)
        else:
            raise IngestError(arg, None, "no such file or directory")
    seen: set[Path] = set()
    result: list[Path] = []
    for path in found:
        key = path if path == STDIN else path.resolve()
        if key in seen or key in excluded or (path != STDIN and never_input(path)):
            continue
        seen.add(key)
        result.append(path)
    return result
