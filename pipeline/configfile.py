"""Reading the files of `configs/`: one error type and one message format for all stages.

Every stage validates its file with a pydantic model (unknown keys rejected); a problem is
reported as `file: key.sub: message`, so a typo fails at load time, naming where it is.

Every read goes through `read_text`, which tells the active `recording()`s which file was
opened: the pipeline's `config_hash` is computed from exactly the files the loaders read,
and a saved pipeline copies exactly those files (`pipeline/snapshot.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

# libyaml's safe loader when PyYAML was built with it: the same documents (checked on every
# shipped file), parsed ~10x faster, which is most of `validate-rules`' time.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(ValueError):
    """A configuration or rule file that is missing, unreadable or invalid."""


# The recordings in progress (innermost last); a context variable, not a global list, so
# that nested and concurrent builds each see only their own reads.
_RECORDINGS: ContextVar[tuple[list[Path], ...]] = ContextVar("bulletin_recordings", default=())


@contextmanager
def recording() -> Iterator[list[Path]]:
    """Collect the files read through `read_text` inside the block (resolved, in order)."""
    opened: list[Path] = []
    token = _RECORDINGS.set((*_RECORDINGS.get(), opened))
    try:
        yield opened
    finally:
        _RECORDINGS.reset(token)


def note_opened(path: Path | str) -> None:
    """Tell every active recording that `path` was read (for files read by other means)."""
    resolved = Path(path).resolve()
    for opened in _RECORDINGS.get():
        if resolved not in opened:
            opened.append(resolved)


def read_text(path: Path | str, error: type[ConfigError] = ConfigError) -> str:
    """A data file's text (UTF-8), recorded; a missing or unreadable file is `error`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text: {exc.reason} at byte {exc.start}") from exc
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from exc
    note_opened(path)
    return text


def read_yaml(path: Path, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A YAML mapping (empty file: `{}`); every failure is `error` naming the file."""
    try:
        data = yaml.load(read_text(path, error), Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{path}: invalid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping at the top level")
    return data


def validation_message(path: Path, exc: ValidationError) -> str:
    """One part per problem: `file: key.sub: message`."""
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "<root>"
        parts.append(f"{path}: {key}: {err['msg']}")
    return "; ".join(parts)


def validate(path: Path, data: Any, model: type[M], error: type[ConfigError] = ConfigError) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(validation_message(path, exc)) from None


def load_model(path: Path, model: type[M], error: type[ConfigError] = ConfigError) -> M:
    """Read and validate one config file."""
    return validate(path, read_yaml(path, error), model, error)
