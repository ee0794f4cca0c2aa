"""Build the spaCy `Language` from `configs/pipeline.cfg`, save it, and load a saved one.

This module only reads the config and initializes it: what runs, in which order and on
which data is all in the config file. Importing the component modules registers their
factories and the Doc extensions (the only import-time side effects we allow).

Provenance: every data file is read through `configfile.read_text`, and the build runs
inside `configfile.recording()`, so `config_hash` covers exactly the files the loaders
opened (rules, lexicons, settings of every stage), the config itself and the model ids.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy import util
from spacy.language import Language
from thinc.api import Config

from . import __version__

# Registration of factories, registered functions and Doc extensions (idempotent).
from .configfile import ConfigError, recording
from .entities import attributes as _attributes  # noqa: F401
from .entities import ruler as _ruler  # noqa: F401
from .events import component as _events  # noqa: F401
from .ingest import IngestSettings, load_ingest_settings
from .normalize import NormalizeSettings
from .normalize import load_settings as load_normalize_settings
from .paths import default_pipeline_config, project_root
from .segment import sentences as _sentences  # noqa: F401
from .segment import tokenizer as _tokenizer  # noqa: F401

# `[runner]` of pipeline.cfg: settings the batch job reads before the spaCy pipeline runs.
RUNNER_SECTION = "runner"
# Where a saved pipeline keeps the runner's settings and our provenance (nlp.meta key).
SAVED_RUNNER_DIR = "runner"
META_KEY = "bulletin"


def default_config_path() -> Path:
    return default_pipeline_config()


@dataclass(frozen=True)
class LoadedPipeline:
    nlp: Language
    config_path: Path
    config_hash: str  # sha256 over the config, every data file the loaders read, model ids
    model_ids: dict[str, str]
    # The runner's settings (`[runner]`): what ingest and normalize do before the pipeline.
    ingest_settings: IngestSettings | None = None
    normalize_settings: NormalizeSettings | None = None
    # The runner's settings files, by name (`ingest`, `normalize`), for save_pipeline.
    runner_files: tuple[tuple[str, Path], ...] = ()
    # Every file the build read, relative to the data root where possible (provenance).
    opened_files: tuple[str, ...] = ()


def load_config(
    path: Path, root: Path | None = None, overrides: dict[str, object] | None = None
) -> Config:
    """The config with `paths.root` set, plus dotted overrides (`{"paths.models": ...}`)."""
    root = root or project_root()
    if not path.is_file():
        raise ConfigError(f"{path}: pipeline config not found")
    try:
        return util.load_config(
            path, overrides={"paths.root": str(root), **(overrides or {})}, interpolate=True
        )
    except Exception as exc:  # thinc raises several types for syntax and reference errors
        first = str(exc).strip().splitlines()
        raise ConfigError(f"{path}: invalid pipeline config: {first[0] if first else exc}") from exc


def build_pipeline(
    config_path: Path | None = None,
    root: Path | None = None,
    overrides: dict[str, object] | None = None,
) -> LoadedPipeline:
    """Assemble and initialize the pipeline; reads the models and rule files once."""
    config_path = Path(config_path or default_config_path()).resolve()
    root = Path(root or project_root()).resolve()
    config = load_config(config_path, root, overrides)
    with recording() as opened:
        nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
        nlp.initialize()
        runner_files = _runner_files(config)
        ingest, normalize = _load_runner_settings(dict(runner_files))
    model_ids = _model_ids(config)
    rel = tuple(_relative(p, root) for p in opened)
    return LoadedPipeline(
        nlp=nlp,
        config_path=config_path,
        config_hash=_config_hash(config_path.read_bytes(), opened, root, model_ids),
        model_ids=model_ids,
        ingest_settings=ingest,
        normalize_settings=normalize,
        runner_files=runner_files,
        opened_files=rel,
    )


def _runner_files(config: Config) -> tuple[tuple[str, Path], ...]:
    section = config.get(RUNNER_SECTION, {}) or {}
    unknown = set(section) - {"ingest", "normalize"}
    if unknown:
        raise ConfigError(f"[{RUNNER_SECTION}]: unknown keys {sorted(unknown)}")
    return tuple((k, Path(v)) for k, v in sorted(section.items()) if v)


def _load_runner_settings(
    files: dict[str, Path],
) -> tuple[IngestSettings | None, NormalizeSettings | None]:
    ingest = load_ingest_settings(files["ingest"]) if "ingest" in files else None
    normalize = load_normalize_settings(files["normalize"]) if "normalize" in files else None
    return ingest, normalize


def _relative(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _config_hash(
    config_text: bytes, opened: list[Path], root: Path, model_ids: dict[str, str]
) -> str:
    """Hash of the config, the data files the loaders read and the models, so records say
    what made them. Paths enter relative to the data root: a checkout and an installed
    wheel with the same files give the same hash."""
    digest = hashlib.sha256(config_text)
    for path in sorted(set(opened), key=lambda p: _relative(p, root)):
        digest.update(_relative(path, root).encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, model_id in sorted(model_ids.items()):
        digest.update(f"{name}={model_id}".encode())
    return digest.hexdigest()[:16]


def _model_ids(config: Config) -> dict[str, str]:
    """Short content hashes of the statistical models the pipeline loads."""
    model_dir = config.get("initialize", {}).get("tokenizer", {}).get("pkuseg_model")
    return pkuseg_model_id(Path(model_dir)) if model_dir else {}


def pkuseg_model_id(model_dir: Path) -> dict[str, str]:
    if not model_dir.is_dir():
        return {}
    digest = hashlib.sha256()
    for file in sorted(model_dir.glob("*")):
        if file.is_file() and file.suffix in {".msgpack", ".npz"}:
            digest.update(file.read_bytes())
    return {"pkuseg": "pkuseg-" + digest.hexdigest()[:12]}


# --------------------------------------------------------------------------- save / load


def save_pipeline(loaded: LoadedPipeline, out_dir: Path) -> Path:
    """Write the whole assembled pipeline: spaCy's folder (config, tokenizer with the pkuseg
    model, each component's rule and lexicon files) plus the runner's settings and our
    provenance in `meta.json`. `spacy.load(out_dir)` (after `import pipeline`) reads it."""
    out_dir = Path(out_dir)
    nlp = loaded.nlp
    nlp.meta[META_KEY] = {
        "package_version": __version__,
        "config_hash": loaded.config_hash,
        "model_ids": loaded.model_ids,
        "runner": {name: f"{SAVED_RUNNER_DIR}/{path.name}" for name, path in loaded.runner_files},
    }
    try:
        nlp.to_disk(out_dir)
    finally:
        nlp.meta.pop(META_KEY, None)
    runner_dir = out_dir / SAVED_RUNNER_DIR
    runner_dir.mkdir(exist_ok=True)
    for _, path in loaded.runner_files:
        shutil.copyfile(path, runner_dir / path.name)
    return out_dir


def load_saved_pipeline(path: Path) -> LoadedPipeline:
    """A pipeline written by `save_pipeline`; records made with it carry the same
    `config_hash` and model ids as those of the pipeline that was saved."""
    path = Path(path)
    if not (path / "config.cfg").is_file() or not (path / "meta.json").is_file():
        raise ConfigError(f"{path}: not a saved pipeline (expected config.cfg and meta.json)")
    nlp = spacy.load(path)
    info: dict[str, Any] = nlp.meta.get(META_KEY) or {}
    if not info:
        raise ConfigError(f"{path}/meta.json: no '{META_KEY}' entry; not saved by bulletin")
    files = {name: path / rel for name, rel in (info.get("runner") or {}).items()}
    ingest, normalize = _load_runner_settings(files)
    return LoadedPipeline(
        nlp=nlp,
        config_path=path / "config.cfg",
        config_hash=str(info["config_hash"]),
        model_ids=dict(info.get("model_ids") or {}),
        ingest_settings=ingest,
        normalize_settings=normalize,
        runner_files=tuple(sorted(files.items())),
    )
