"""Turn Chinese police bulletins into structured event records.

Stages (one sub-package each, data flows one way):
ingest -> normalize -> segment -> entities -> events (-> values) -> records -> evaluate.
"""

__version__ = "0.1.0"

# Register the spaCy factories, tokenizer, merge policies and Doc extensions, so that
# `import pipeline; spacy.load(SAVED_DIR)` works (pyproject's entry points do the same for
# spaCy alone).
from . import registrations as _registrations  # noqa: E402, F401
