"""spaCy finds every factory and registered function of the shipped config through the
package's entry points, so `spacy.load(SAVED_DIR)` works in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from spacy import registry
from spacy.language import Language
from thinc.api import Config

import pipeline.registrations  # noqa: F401
from pipeline.paths import checkout_root, default_pipeline_config


def _declared(group: str) -> dict[str, str]:
    root = checkout_root()
    assert root is not None
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"][group]


def _config_names() -> tuple[set[str], set[str]]:
    config = Config().from_disk(default_pipeline_config(), interpolate=False)
    factories = {c["factory"] for c in config["components"].values()}
    text = default_pipeline_config().read_text(encoding="utf-8")
    functions = {line.split("=", 1)[1].strip().strip('"') for line in text.splitlines()
                 if line.startswith("@")}
    return factories, functions


def test_every_factory_and_function_of_the_config_has_an_entry_point() -> None:
    factories, functions = _config_names()
    declared_factories = _declared("spacy_factories")
    assert factories <= set(declared_factories)
    for name, target in declared_factories.items():
        module, attr = target.split(":")
        assert Language.has_factory(name)
        assert registry.factories.get(name) is getattr(__import__(module, fromlist=[attr]), attr)
    declared = set(_declared("spacy_tokenizers")) | set(_declared("spacy_misc"))
    assert functions <= declared
    assert all(registry.has("tokenizers", n) for n in _declared("spacy_tokenizers"))
    assert all(registry.has("misc", n) for n in _declared("spacy_misc"))


def test_installed_entry_points_match_pyproject() -> None:
    # pip install -e . (again) after adding an entry point to pyproject.toml
    installed = {ep.name for ep in metadata.entry_points(group="spacy_factories")}
    assert set(_declared("spacy_factories")) <= installed


def test_spacy_load_in_a_fresh_interpreter(saved_dir: Path, tmp_path: Path) -> None:
    # Nothing of ours is imported first: spaCy resolves the factories by entry points.
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "doc = nlp('市公安局破获案件5起。'); print([e.label_ for e in doc.ents], nlp.pipe_names)")
    out = subprocess.run([sys.executable, "-c", code, str(saved_dir)],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "UNIT" in out.stdout and "entity_rules" in out.stdout
