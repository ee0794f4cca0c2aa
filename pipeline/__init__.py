"""Turn Chinese police bulletins into structured event records.

Stages (one sub-package each, data flows one way):
ingest -> normalize -> segment -> entities -> events (-> values) -> records -> evaluate.
"""

__version__ = "0.1.0"

# Importing the package stays light (the CLI's --version and evaluate need no spaCy). spaCy
# finds our factories, tokenizer and merge policies through the entry points declared in
# pyproject.toml, so `spacy.load(SAVED_DIR)` works in a fresh interpreter; building a
# pipeline (pipeline/nlp.py) imports pipeline/registrations.py itself.

# `import spacy` without spaCy's command line (typer, weasel, httpx, ...) until it is used:
# ~0.35 CPU-s of every start (pipeline/lazy_spacy_cli.py). Imports nothing itself.
from .lazy_spacy_cli import install as _install_lazy_spacy_cli  # noqa: E402

_install_lazy_spacy_cli()
