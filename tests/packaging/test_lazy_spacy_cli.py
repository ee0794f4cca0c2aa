"""`import spacy` after `import pipeline` leaves spaCy's command line out until it is used
(pipeline/lazy_spacy_cli.py). Each case runs in a fresh interpreter: the hook acts once
per process, on its first `import spacy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLI_MODULES = ("spacy.cli", "typer", "weasel", "httpx", "requests", "jinja2")
# imported only where needed: HTML input, fallback decoding, rare numeral forms, pkuseg itself
ON_DEMAND = ("lxml", "inscriptis", "charset_normalizer", "cn2an", "spacy_pkuseg")


def run(code: str, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, **(env or {})})
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.strip()


def test_building_the_pipeline_imports_no_spacy_command_line() -> None:
    code = (
        "import sys\n"
        "import pipeline.ingest\n"
        "from pipeline.nlp import build_pipeline\n"
        "doc = build_pipeline().nlp('市公安局破获案件12起，抓获三十二人。')\n"
        f"print(sorted(m for m in {CLI_MODULES + ON_DEMAND!r} if m in sys.modules))\n"
    )
    assert run(code) == "[]"
    # the switch turns the hook off: spaCy imports its command line as usual
    assert "spacy.cli" in run(code, {"BULLETIN_EAGER_SPACY": "1"})


def test_spacy_cli_info_and_training_still_work_after_the_hook() -> None:
    code = (
        "import sys\n"
        "import pipeline, spacy\n"
        "assert 'spacy.cli' not in sys.modules\n"
        "info = spacy.info(markdown=False)\n"  # the wrapper imports the real one
        "assert info['spacy_version'] == spacy.__version__\n"
        "import spacy.cli\n"
        "assert spacy.cli.info(markdown=False) == info\n"
        "assert spacy.cli.__file__.endswith('spacy/cli/__init__.py')\n"
        "from spacy.cli.train import train\n"  # what `bulletin train-ner` imports
        "assert train.__module__ == 'spacy.cli.train'\n"
        "assert spacy.__spec__.loader is spacy.__loader__\n"
        "assert type(spacy.__loader__).__name__ == 'SourceFileLoader'\n"
        "print('ok')\n"
    )
    assert run(code) == "ok"
    # `spacy.cli` as an attribute, without importing it first, as after a plain import
    assert run("import pipeline, spacy; print(spacy.cli.setup_cli.__name__)") == "setup_cli"


def test_spacy_imported_first_is_left_alone() -> None:
    code = (
        "import sys, spacy, pipeline.lazy_spacy_cli as h\n"
        "import pipeline.nlp\n"
        "print('spacy.cli' in sys.modules, any(isinstance(f, h._SpacyFinder) for f in sys.meta_path))\n"
    )
    assert run(code) == "True False"


def test_a_spacy_that_needs_more_of_its_cli_imports_the_normal_way(tmp_path: Path) -> None:
    """A stand-in `spacy` package whose `__init__` takes a second name from `.cli`: the
    placeholder lacks it, so the hook runs `__init__` again with the real `spacy.cli`."""
    pkg = tmp_path / "spacy"
    (pkg / "cli").mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        "from .cli.info import info\nfrom .cli import other\n", encoding="utf-8"
    )
    (pkg / "cli" / "__init__.py").write_text(
        "from .info import info\nother = 'real'\n", encoding="utf-8"
    )
    (pkg / "cli" / "info.py").write_text("def info():\n    return 'real info'\n", encoding="utf-8")
    code = (
        "import sys, pipeline, spacy\n"
        "assert spacy.__file__.startswith(sys.argv[1] if len(sys.argv) > 1 else '')\n"
        "print(spacy.other, spacy.info(), 'spacy.cli' in sys.modules)\n"
    )
    env = {"PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"}
    assert run(code, env) == "real real info True"


def _has_torch() -> bool:
    import importlib.util

    return importlib.util.find_spec("torch") is not None


def test_thinc_does_not_pull_torch_into_a_run_but_torch_still_imports() -> None:
    if not _has_torch():
        import pytest

        pytest.skip("torch not installed (the hanlp extra): nothing to hide")
    code = (
        "import sys\n"
        "from pipeline.nlp import build_pipeline\n"
        "build_pipeline().nlp('市公安局破获案件12起。')\n"
        "import thinc.compat\n"
        "print('torch' in sys.modules, thinc.compat.has_torch, sys.modules.get('tensorflow', 0))\n"
        "import torch\n"  # what the HanLP backend does: a normal import afterwards
        "print(torch.zeros(2).sum().item())\n"
    )
    assert run(code).splitlines() == ["False False 0", "0.0"]
    # the switch turns the hook off: thinc probes torch as usual
    assert run(code, {"BULLETIN_EAGER_SPACY": "1"}).splitlines()[0] == "True True 0"


def test_a_framework_imported_before_spacy_is_not_hidden() -> None:
    if not _has_torch():
        import pytest

        pytest.skip("torch not installed (the hanlp extra)")
    code = "import torch, pipeline, spacy, thinc.compat; print(thinc.compat.has_torch)"
    assert run(code) == "True"
