"""A rule component's data, saved with the pipeline: the very files it read at initialize.

Our components are built from data files (rules, lexicons, settings), not from learned
weights, so their state is best saved as those files: a saved pipeline then holds editable
YAML/TSV that a reader can diff against `configs/`, and loading re-runs the same validated
loader. `keeps_init_data` (a class decorator) records, while `initialize` runs, its path
arguments and every file read through `configfile.read_text`; `DataSnapshot` writes them
under the component's folder with their relative layout (so `../lexicons/x.tsv` references
keep working) and re-initializes from the copies.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import srsly

from .configfile import ConfigError, recording

T = TypeVar("T")
_ATTR = "_init_data"
_FILES = "files"
_CFG = "init_args.json"


@dataclass(frozen=True)
class DataSnapshot:
    """Initialize arguments (paths relative to a common root) and the files read."""

    args: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def capture(cls, args: Mapping[str, Any], opened: Iterable[Path]) -> DataSnapshot:
        opened = [Path(p).resolve() for p in opened]
        path_args = {k: Path(v).resolve() for k, v in args.items() if _is_path(v)}
        anchors = [*opened, *path_args.values()]
        if not anchors:
            return cls(dict(args), {})
        root = Path(os.path.commonpath(anchors))
        if root.is_file():
            root = root.parent
        rel_args = {
            k: (path_args[k].relative_to(root).as_posix() if k in path_args else v)
            for k, v in args.items()
        }
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in opened}
        return cls(rel_args, files)

    def materialize(self, folder: Path) -> dict[str, Any]:
        """Write the files under `folder`; the initialize arguments pointing at them."""
        for rel, data in self.files.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        path_keys = set(self.args.get("__paths__", []))
        return {
            k: (str(folder / v) if k in path_keys else v)
            for k, v in self.args.items()
            if k != "__paths__"
        }

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _CFG, self.args)
        for rel, data in self.files.items():
            target = path / _FILES / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    @classmethod
    def from_disk(cls, path: Path) -> DataSnapshot:
        cfg = path / _CFG
        if not cfg.is_file():
            raise ConfigError(f"{cfg}: missing; not a component saved by this package")
        files_dir = path / _FILES
        files = {
            p.relative_to(files_dir).as_posix(): p.read_bytes()
            for p in sorted(files_dir.rglob("*"))
            if p.is_file()
        }
        return cls(srsly.read_json(cfg), files)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"args": self.args, "files": self.files})

    @classmethod
    def from_bytes(cls, data: bytes) -> DataSnapshot:
        msg = srsly.msgpack_loads(data)
        return cls(dict(msg["args"]), dict(msg["files"]))


def _is_path(value: Any) -> bool:
    return isinstance(value, Path) or (isinstance(value, str) and os.sep in value)


def keeps_init_data(cls: type[T]) -> type[T]:
    """Record what `initialize` read, for `save_component`/`load_component`."""
    original: Callable[..., Any] = cls.initialize  # type: ignore[attr-defined]

    @functools.wraps(original)
    def initialize(self, get_examples=None, *, nlp=None, **kwargs):
        with recording() as opened:
            result = original(self, get_examples, nlp=nlp, **kwargs)
        snap = DataSnapshot.capture(kwargs, opened)
        paths = [k for k, v in kwargs.items() if _is_path(v)]
        setattr(self, _ATTR, DataSnapshot({**snap.args, "__paths__": paths}, snap.files))
        return result

    cls.initialize = initialize  # type: ignore[attr-defined]
    return cls


def _snapshot_of(component: Any) -> DataSnapshot:
    snap = getattr(component, _ATTR, None)
    if snap is None:
        name = getattr(component, "name", type(component).__name__)
        raise ValueError(f"{name}: not initialized, nothing to save (call nlp.initialize())")
    return snap


def _restore(component: Any, snap: DataSnapshot, folder: Path) -> None:
    args = snap.materialize(folder)
    component.initialize(**args)


def save_component(component: Any, path: str | Path) -> None:
    """`component.to_disk`: its initialize arguments and the files it read."""
    _snapshot_of(component).to_disk(Path(path))


def load_component(component: T, path: str | Path) -> T:
    """`component.from_disk`: initialize again from the saved copies (read in place)."""
    path = Path(path)
    snap = DataSnapshot.from_disk(path)
    args = {k: v for k, v in snap.args.items() if k != "__paths__"}
    for key in snap.args.get("__paths__", []):
        args[key] = str(path / _FILES / args[key])
    component.initialize(**args)  # type: ignore[attr-defined]
    return component


def component_to_bytes(component: Any) -> bytes:
    return _snapshot_of(component).to_bytes()


def component_from_bytes(component: T, data: bytes) -> T:
    """Initialize from bytes: the files go to a temporary folder, read once at initialize."""
    snap = DataSnapshot.from_bytes(data)
    with tempfile.TemporaryDirectory(prefix="bulletin-component-") as tmp:
        _restore(component, snap, Path(tmp))
    return component


class SavesInitData:
    """spaCy serialization for a component decorated with `keeps_init_data`: a saved
    pipeline holds the files the component read at initialize, and loading re-runs the same
    validated loader on those copies."""

    def to_disk(self, path, *, exclude=()) -> None:
        save_component(self, path)

    def from_disk(self, path, *, exclude=()):
        return load_component(self, path)

    def to_bytes(self, *, exclude=()) -> bytes:
        return component_to_bytes(self)

    def from_bytes(self, data: bytes, *, exclude=()):
        return component_from_bytes(self, data)
