"""Import spaCy without its command line (`spacy.cli`) until something asks for it.

`spacy/__init__.py` runs `from .cli.info import info`, and `spacy.cli` imports every spaCy
command with typer, weasel, httpx, requests and jinja2: ~0.35 of the ~1.1 CPU-s that
`import spacy` costs, on every start of `bulletin extract`, which never uses them.

`install()` (called by `pipeline/__init__.py`, before any of our modules imports spaCy)
adds an import hook that acts once, on the first `import spacy` of the process, and only
if spaCy is not imported yet: while `spacy/__init__.py` runs, `spacy.cli` and
`spacy.cli.info` are placeholders; right after it, both are removed again, so a later
`import spacy.cli` or `from spacy.cli.train import train` (`bulletin train-ner`) imports the
real package as if nothing had happened. Meanwhile `spacy.info` (the one name spaCy takes
from there) is a wrapper that imports the real one when called, and `spacy.cli` as an
attribute imports the real package on first access.

If spaCy's `__init__` ever needs more from `spacy.cli` than `info`, the placeholders make
that import fail: the hook then runs `spacy/__init__.py` again the normal way (tested in
tests/packaging/test_lazy_spacy_cli.py). `BULLETIN_EAGER_SPACY=1` turns the hook off.

While `spacy/__init__.py` runs, the deep-learning frameworks thinc probes for
(`thinc.compat`: `try: import torch` ...) are hidden too, unless already imported: with
the `hanlp` extra installed, that probe imported torch into every `bulletin` process
(1.5 CPU-s warm; ~20 s of disk reads on a cold page cache, 434 MB of libtorch), though
only the optional HanLP backend uses torch, and it imports torch itself. thinc then
records "no torch" (its torch wrappers are never used here); a later `import torch` works
as usual, since the hiding entries are removed right after spaCy's `__init__`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import os
import sys
import types
from typing import Any

_CLI = "spacy.cli"
_INFO = "spacy.cli.info"
OFF_ENV = "BULLETIN_EAGER_SPACY"
# What thinc.compat tries to import at spaCy's import; `None` in sys.modules makes that
# import fail at once (ImportError, which thinc catches).
PROBED_FRAMEWORKS = ("torch", "tensorflow", "mxnet")


def install() -> None:
    """Add the hook unless spaCy is imported already (then there is nothing to save)."""
    if "spacy" in sys.modules or os.environ.get(OFF_ENV) == "1":
        return
    if not any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SpacyFinder())


class _SpacyFinder(importlib.abc.MetaPathFinder):
    """Finds `spacy` as the other finders do and wraps its loader (once)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None):
        if name != "spacy":
            return None
        _remove_finder()
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None  # let the import system report it as usual
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _Loader(spec.loader)
        return spec


def _remove_finder() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _SpacyFinder)]


class _Loader(importlib.abc.Loader):
    """spaCy's own loader, with the placeholders in place while it runs `__init__.py`;
    afterwards the module's spec and `__loader__` name the original loader again."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def __getattr__(self, name: str) -> Any:  # resource readers, get_code, ...
        return getattr(self.loader, name)

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        hidden = _hide(PROBED_FRAMEWORKS)
        try:
            self._exec_without_cli(module)
        finally:
            _unhide(hidden)

    def _exec_without_cli(self, module: types.ModuleType) -> None:
        placeholders = _placeholders()
        if any(name in sys.modules for name in placeholders):
            self.loader.exec_module(module)  # someone imported spacy.cli already
            return
        sys.modules.update(placeholders)
        try:
            self.loader.exec_module(module)
        except ImportError:
            _drop(module, placeholders)
            self.loader.exec_module(module)  # the normal way: spaCy needs more of its CLI
            return
        _drop(module, placeholders)
        module.info = _lazy_info  # type: ignore[attr-defined]
        module.__getattr__ = _module_getattr  # type: ignore[attr-defined]


def _hide(names: tuple[str, ...]) -> list[str]:
    """Make `import NAME` fail for the names not imported yet; returns those names."""
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    return hidden


def _unhide(hidden: list[str]) -> None:
    for name in hidden:
        if name in sys.modules and sys.modules[name] is None:
            del sys.modules[name]


def _placeholders() -> dict[str, types.ModuleType]:
    cli = types.ModuleType(_CLI, "placeholder while spacy/__init__.py runs")
    cli.__path__ = []  # a package with no submodules: anything else fails to import
    info = types.ModuleType(_INFO, "placeholder while spacy/__init__.py runs")
    info.info = _lazy_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    return {_CLI: cli, _INFO: info}


def _drop(module: types.ModuleType, placeholders: dict[str, types.ModuleType]) -> None:
    for name, stub in placeholders.items():
        if sys.modules.get(name) is stub:
            del sys.modules[name]
    if module.__dict__.get("cli") is placeholders[_CLI]:
        del module.__dict__["cli"]


def _real_info():
    return importlib.import_module(_INFO).info


def _lazy_info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`: spaCy's own, imported on first call."""
    return _real_info()(*args, **kwargs)


def _module_getattr(name: str) -> Any:
    """`spacy.cli` without `import spacy.cli` first (as after a normal `import spacy`)."""
    if name == "cli":
        return importlib.import_module(_CLI)
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")
