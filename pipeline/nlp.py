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
import inspect
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy import util
from spacy.language import Language
from thinc.api import Config

from . import __version__
from . import registrations as _registrations  # noqa: F401  (factories, Doc extensions)
from .configfile import ConfigError, recording
from .ingest import IngestSettings, load_ingest_settings
from .normalize import NormalizeSettings
from .normalize import load_settings as load_normalize_settings
from .paths import default_pipeline_config, project_root

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
    # The runner's settings files, by name (`ingest`, `normalize`), for save_pipeline,
    # and every file their loaders read (files they include, e.g. `chrome/page.yaml`).
    runner_files: tuple[tuple[str, Path], ...] = ()
    runner_opened: tuple[Path, ...] = ()
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
        raise ConfigError(f"{path}: invalid pipeline config: {_first_line(exc)}") from exc


def build_pipeline(
    config_path: Path | None = None,
    root: Path | None = None,
    overrides: dict[str, object] | None = None,
) -> LoadedPipeline:
    """Assemble and initialize the pipeline; reads the models and rule files once."""
    config_path = Path(config_path or default_config_path()).resolve()
    root = Path(root or root_for(config_path)).resolve()
    config = load_config(config_path, root, overrides)
    with recording() as opened:
        nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
        nlp.initialize()
        check_vocabulary(nlp)
        runner_files = _runner_files(config)
        with recording() as runner_opened:
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
        runner_opened=tuple(runner_opened),
        opened_files=rel,
    )


def root_for(config_path: Path) -> Path:
    """What `${paths.root}` stands for: the folder above a config kept in a `configs/`
    folder (a copy of the project's configs is self-contained), else the data root."""
    config_path = Path(config_path).resolve()
    if config_path.parent.name == "configs":
        return config_path.parent.parent
    return project_root()


@dataclass(frozen=True)
class ValidationReport:
    components: tuple[str, ...]
    opened_files: tuple[str, ...]
    # The hash `build_pipeline` would give (same recorder, same files, same model ids).
    config_hash: str


def validate_pipeline(config_path: Path | None = None) -> ValidationReport:
    """Build and initialize everything the config names except the statistical models:
    every rule, lexicon, event and settings file is read and validated (seconds), the
    model folders are only checked to exist. Raises ConfigError (or the loader's own
    error) naming the file and key."""
    config_path = Path(config_path or default_config_path()).resolve()
    root = root_for(config_path)
    config = load_config(config_path, root)
    with recording() as opened:
        try:
            nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
        except Exception as exc:  # spaCy's config errors are several lines: keep the first
            raise ConfigError(f"{config_path}: {_first_line(exc)}") from exc
        _check_model_dirs(config, config_path)
        init = config.get("initialize", {}).get("components", {}) or {}
        for name, proc in nlp.pipeline:
            if hasattr(proc, "initialize"):
                args = dict(init.get(name) or {})
                if "load_model" in inspect.signature(proc.initialize).parameters:
                    args["load_model"] = False  # a statistical model: its folder is checked
                proc.initialize(lambda: [], nlp=nlp, **args)
        check_vocabulary(nlp)
        _load_runner_settings(dict(_runner_files(config)))
    config_hash = _config_hash(config_path.read_bytes(), opened, root, _model_ids(config))
    return ValidationReport(
        tuple(nlp.pipe_names), tuple(_relative(p, root) for p in opened), config_hash
    )


def check_vocabulary(nlp: Language) -> None:
    """Values the loaders keep as plain strings but the contract fixes (pipeline/schema.py):
    a typo there would silently never match, so it fails the build instead."""
    from .schema import PERSON_ROLES

    for name, proc in nlp.pipeline:
        cues = getattr(proc, "cues", None)
        settings = getattr(proc, "settings", None)
        if not cues or settings is None or not hasattr(settings, "roles"):
            continue
        where = f"{name}: roles.cues_file ({settings.roles.cues_file})"
        for cue, role, position in cues:
            if role not in PERSON_ROLES:
                raise ConfigError(f"{where}: cue {cue!r}: role {role!r} is not one of "
                                  f"{', '.join(PERSON_ROLES)}")
            if position not in ("before", "after"):
                raise ConfigError(f"{where}: cue {cue!r}: position {position!r} is not "
                                  "before or after")


def _check_model_dirs(config: Config, config_path: Path) -> None:
    from .segment.tokenizer import PKUSEG_FILES

    model = config.get("initialize", {}).get("tokenizer", {}).get("pkuseg_model")
    if model is None:
        return
    missing = [name for name in PKUSEG_FILES if not (Path(model) / name).is_file()]
    if missing:
        raise ConfigError(
            f"{config_path}: initialize.tokenizer.pkuseg_model: {model} lacks {', '.join(missing)}"
        )


def _first_line(exc: BaseException) -> str:
    """spaCy/thinc errors span several lines (a title, then one per problem): join a few."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:4]) if lines else type(exc).__name__


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
    ids = pkuseg_model_id(Path(model_dir)) if model_dir else {}
    ner_dir = config.get("initialize", {}).get("components", {}).get("ner", {}).get("model_path")
    if ner_dir and Path(ner_dir).is_dir():
        digest = hashlib.sha256()
        for file in sorted(p for p in Path(ner_dir).rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(ner_dir)).encode("utf-8"))
            digest.update(file.read_bytes())
        ids["ner"] = "ner-" + digest.hexdigest()[:12]
    return ids


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
        "runner": _saved_runner_names(loaded),
    }
    try:
        nlp.to_disk(out_dir)
    finally:
        nlp.meta.pop(META_KEY, None)
    runner_dir = out_dir / SAVED_RUNNER_DIR
    root = _runner_root(loaded)
    for path in {*(p for _, p in loaded.runner_files), *loaded.runner_opened}:
        target = runner_dir / Path(path).resolve().relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    _detach_config(out_dir / "config.cfg", loaded)
    return out_dir


def _detach_config(path: Path, loaded: LoadedPipeline) -> None:
    """The saved config must not point back into the checkout it was built from: its data
    is in the saved folder. `[initialize]` paths become null (as spaCy does for
    `pkuseg_model`, PITFALLS §2.2: a loaded pipeline is used, not initialized again) and
    `[runner]` names the copies, relative to the saved folder."""
    config = Config().from_disk(path, interpolate=False)
    config["paths"]["root"] = "."
    init = config.get("initialize", {})
    if "tokenizer" in init:
        init["tokenizer"]["pkuseg_model"] = None
    for settings in (init.get("components") or {}).values():
        for key in list(settings):
            settings[key] = None
    config[RUNNER_SECTION] = _saved_runner_names(loaded)
    config.to_disk(path)


def _runner_root(loaded: LoadedPipeline) -> Path:
    """The folder that holds every runner file, so copies keep their relative layout
    (an ingest.yaml that includes `chrome/page.yaml` still finds it)."""
    files = [Path(p).resolve() for _, p in loaded.runner_files] + list(loaded.runner_opened)
    if not files:
        return Path(".")
    return Path(os.path.commonpath([str(f.parent) for f in files]))


def _saved_runner_names(loaded: LoadedPipeline) -> dict[str, str]:
    root = _runner_root(loaded)
    return {
        name: f"{SAVED_RUNNER_DIR}/{Path(file).resolve().relative_to(root).as_posix()}"
        for name, file in loaded.runner_files
    }


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
