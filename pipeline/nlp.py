"""Build the spaCy `Language` from `configs/pipeline.cfg`.

This module only reads the config and initializes it: what runs, in which order and on
which data is all in the config file. Importing the component modules registers their
factories (the only import-time side effect we allow).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from spacy import util
from spacy.language import Language
from thinc.api import Config

# Registration of factories and registered functions (idempotent).
from .entities import attributes as _attributes  # noqa: F401
from .entities import ner as _ner  # noqa: F401
from .entities import ruler as _ruler  # noqa: F401
from .events import component as _events  # noqa: F401
from .paths import project_root
from .segment import sentences as _sentences  # noqa: F401
from .segment import tokenizer as _tokenizer  # noqa: F401


def default_config_path() -> Path:
    return project_root() / "configs" / "pipeline.cfg"


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    config_path: Path
    config_hash: str  # sha256 over the config and every data file it points to
    model_ids: dict[str, str]


def load_config(
    path: Path, root: Path | None = None, overrides: dict[str, object] | None = None
) -> Config:
    """The config with `paths.root` set, plus dotted overrides (`{"paths.models": ...}`)."""
    root = root or project_root()
    if not path.is_file():
        raise FileNotFoundError(f"pipeline config not found: {path}")
    return util.load_config(
        path, overrides={"paths.root": str(root), **(overrides or {})}, interpolate=True
    )


def build_pipeline(
    config_path: Path | None = None,
    root: Path | None = None,
    overrides: dict[str, object] | None = None,
) -> LoadedPipeline:
    """Assemble and initialize the pipeline; reads the models and rule files once."""
    config_path = Path(config_path or default_config_path()).resolve()
    root = Path(root or project_root()).resolve()
    config = load_config(config_path, root, overrides)
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return LoadedPipeline(
        nlp=nlp,
        config_path=config_path,
        config_hash=_config_hash(config_path, config, root),
        model_ids=_model_ids(config),
    )


def _data_paths(config: Config) -> list[Path]:
    """Every file or directory the [initialize] block points to."""
    found: list[Path] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, str) and ("/" in node) and Path(node).exists():
            found.append(Path(node))

    walk(config.get("initialize", {}))
    return sorted(set(found))


def _config_hash(config_path: Path, config: Config, root: Path) -> str:
    """Hash of the config text and the data it loads, so records say what made them."""
    digest = hashlib.sha256(config_path.read_bytes())
    for path in _data_paths(config):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix in {".pyc"} or "__pycache__" in file.parts:
                continue
            rel = file.resolve().relative_to(root) if file.resolve().is_relative_to(root) else file
            digest.update(str(rel).encode("utf-8"))
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _model_ids(config: Config) -> dict[str, str]:
    """Short content hashes of the statistical models the pipeline loads."""
    ids: dict[str, str] = {}
    model_dir = config.get("initialize", {}).get("tokenizer", {}).get("pkuseg_model")
    if model_dir and Path(model_dir).is_dir():
        digest = hashlib.sha256()
        for file in sorted(Path(model_dir).glob("*")):
            if file.is_file() and file.suffix in {".msgpack", ".npz"}:
                digest.update(file.read_bytes())
        ids["pkuseg"] = "pkuseg-" + digest.hexdigest()[:12]
    ner_dir = config.get("initialize", {}).get("components", {}).get("ner", {}).get("model_path")
    if ner_dir and Path(ner_dir).is_dir():
        digest = hashlib.sha256()
        for file in sorted(p for p in Path(ner_dir).rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(ner_dir)).encode("utf-8"))
            digest.update(file.read_bytes())
        ids["ner"] = "ner-" + digest.hexdigest()[:12]
    return ids
