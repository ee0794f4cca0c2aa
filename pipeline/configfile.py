"""Reading the YAML files of `configs/`: one error type and one message format for all stages.

Every stage validates its file with a pydantic model (unknown keys rejected); a problem is
reported as `file: key.sub: message`, so a typo fails at load time, naming where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration or rule file that is missing, unreadable or invalid."""


def read_yaml(path: Path, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A YAML mapping (empty file: `{}`); every failure is `error` naming the file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read config: {exc.strerror or exc}") from exc
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
