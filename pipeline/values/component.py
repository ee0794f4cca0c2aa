"""spaCy component `bulletin_quantities`: the report year and every quantity of a report.

Sets two typed Doc extensions:

* `doc._.report_year` (`ReportYear` or None): the runner's year (`doc._.report.year`, else
  guessed from the text), fixed by the report's reference date when there is one;
* `doc._.quantities` (`list[Quantity]`): number+unit, percent and date mentions with their
  normalized values, in exact character offsets (a quantity may end inside a pkuseg token,
  so they are not token spans). Dates are resolved with the reference date and with the
  date mentioned last before them.

Its values settings (`configs/values.yaml`) come through `[initialize]` and are read once.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.docext import doc_text, ensure_extensions, report_context
from pipeline.snapshot import SavesInitData, keeps_init_data

from .dates import guess_report_year, year_with_reference
from .finder import Quantity, find_quantities
from .settings import ValuesSettings, load_settings

EXTENSIONS = ("report_year", "quantities")
# `nlp.pipe(..., n_process=2)` sends docs back as msgpack (srsly): a `Quantity` travels as
# a tagged list of its fields (see pipeline/docext.py for the report context's codec).
_QUANTITY_TAG = "__bulletin_quantity__"
_QUANTITY_FIELDS = tuple(f.name for f in fields(Quantity))


def _encode_quantity(obj: object, chain=None):
    if isinstance(obj, Quantity):
        return {_QUANTITY_TAG: [getattr(obj, name) for name in _QUANTITY_FIELDS]}
    return obj if chain is None else chain(obj)


def _decode_quantity(obj: object, chain=None):
    if isinstance(obj, dict) and _QUANTITY_TAG in obj:
        return Quantity(*obj[_QUANTITY_TAG])
    return obj if chain is None else chain(obj)


def ensure_quantity_extensions() -> None:
    """Register `doc._.report_year` and `doc._.quantities` (and the msgpack codec of a
    `Quantity`); safe to call many times."""
    ensure_extensions()
    srsly.msgpack_encoders.register("bulletin_quantity", func=_encode_quantity)
    srsly.msgpack_decoders.register("bulletin_quantity", func=_decode_quantity)
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class NotInitializedError(RuntimeError):
    """A component ran before `nlp.initialize()` loaded its settings."""


def report_year_of(doc: Doc, values: ValuesSettings) -> int | None:
    """The runner's year or the text's, fixed by the reference date when known."""
    ctx = report_context(doc)
    year = ctx.year if ctx.year is not None else guess_report_year(doc_text(doc), values)
    return year_with_reference(year, ctx.reference_date)


def quantities_of(doc: Doc, values: ValuesSettings, year: int | None) -> list[Quantity]:
    return find_quantities(doc_text(doc), year, values, reference=report_context(doc).reference_date)


@keeps_init_data
class QuantityFinder(SavesInitData):
    def __init__(self, name: str) -> None:
        ensure_quantity_extensions()
        self.name = name
        self.values: ValuesSettings | None = None

    def initialize(self, get_examples=None, *, nlp=None, settings_path: str | None = None) -> None:
        self.values = load_settings(Path(settings_path) if settings_path else None)

    def __call__(self, doc: Doc) -> Doc:
        if self.values is None:
            raise NotInitializedError(f"{self.name}: call nlp.initialize() first")
        year = report_year_of(doc, self.values)
        doc._.report_year = year
        doc._.quantities = quantities_of(doc, self.values, year)
        return doc


ensure_quantity_extensions()  # on import, so a worker process has the codec before any doc


@Language.factory("bulletin_quantities", assigns=["doc._.report_year", "doc._.quantities"])
def make_quantities(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder(name)
