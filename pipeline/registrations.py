"""Import every module that registers something with spaCy (idempotent, import only).

Factories (`bulletin_sentences`, `bulletin_entity_rules`, `bulletin_entity_attrs`,
`bulletin_events`, `bulletin_quantities`, `bulletin_ner`), the tokenizer `bulletin.ChineseTokenizer.v1`, the merge policies, the NER
backends (`bulletin.ner_backend.spacy_tagger.v1`, `bulletin.ner_backend.hanlp.v1`) and
the Doc extensions (`pipeline/docext.py`). A new component module is added here, and its
factory to the `spacy_factories` entry points in pyproject.toml (then `pip install -e .`
again): spaCy's own loader finds it there (tests/packaging/test_entry_points.py).
"""

from __future__ import annotations

from . import docext as _docext  # noqa: F401
from .entities import attributes as _attributes  # noqa: F401
from .entities import merge as _merge  # noqa: F401
from .entities import ner as _ner  # noqa: F401
from .entities import ner_hanlp as _ner_hanlp  # noqa: F401  (imports without hanlp)
from .entities import ruler as _ruler  # noqa: F401
from .events import component as _events  # noqa: F401
from .segment import sentences as _sentences  # noqa: F401
from .segment import tokenizer as _tokenizer  # noqa: F401
from .values import component as _quantities  # noqa: F401
