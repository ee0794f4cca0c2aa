"""spaCy component `bulletin_events`: sets `doc._.events` (SCHEMA §5 event dicts).

Reads sentences from `doc._.sent_spans` (or splits itself), entities from `doc.ents` with
`doc._.entity_meta`, the report year and quantities from `bulletin_quantities`
(`doc._.report_year`, `doc._.quantities`; computed here when that component did not run),
and the reference date from `doc._.report`. All words and patterns come from
`configs/events/*.yaml`; the values settings come through `[initialize]`, read once.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.docext import doc_text, ensure_extensions, report_context
from pipeline.paths import configs_dir
from pipeline.segment.sentences import SentenceSettings, sentence_spans
from pipeline.snapshot import SavesInitData, keeps_init_data
from pipeline.textutil import strip_marks
from pipeline.values import ValuesSettings, load_settings
from pipeline.values.component import (
    NotInitializedError,
    ensure_quantity_extensions,
    quantities_of,
    report_year_of,
)

from .engine import extract
from .roles import DocView, Ent
from .spec import EngineSettings, EventSpec, load_specs


def default_events_dir() -> Path:
    return configs_dir() / "events"


@keeps_init_data
class EventExtractor(SavesInitData):
    def __init__(self, name: str) -> None:
        ensure_extensions()
        ensure_quantity_extensions()
        self.name = name
        self.engine: EngineSettings | None = None
        self.specs: list[EventSpec] = []
        self.values: ValuesSettings | None = None

    def initialize(self, get_examples=None, *, nlp=None, events_dir: str | None = None,
                   values_path: str | None = None) -> None:
        self.engine, self.specs = load_specs(events_dir or default_events_dir())
        self.values = load_settings(Path(values_path) if values_path else None)

    def __call__(self, doc: Doc) -> Doc:
        if self.engine is None or self.values is None:
            raise NotInitializedError(f"{self.name}: call nlp.initialize() first")
        text = doc_text(doc)
        year = doc._.report_year
        quantities = doc._.quantities
        if quantities is None:  # no `bulletin_quantities` before us: same computation
            year = report_year_of(doc, self.values)
            quantities = quantities_of(doc, self.values, year)
        sents = doc._.sent_spans
        if sents is None:
            sents = sentence_spans(text, SentenceSettings())
        view = DocView(
            text=text,
            year=year,
            ents=_entities(doc, self.engine),
            quantities=quantities,
            engine=self.engine,
            values=self.values,
            reference=report_context(doc).reference_date,
        )
        doc._.events = extract(self.specs, view, [tuple(s) for s in sents])
        return doc


def _entities(doc: Doc, engine: EngineSettings) -> list[Ent]:
    meta = doc._.entity_meta or {}
    out = []
    text = doc_text(doc)  # a span's text is the doc's text between its character offsets
    for span in doc.ents:
        start, end = span.start_char, span.end_char
        surface = text[start:end]
        info = meta.get((start, end)) or {}
        norm = info.get("norm") or strip_marks(surface, engine.strip_chars)
        out.append(Ent(start, end, span.label_, surface, norm, dict(info.get("attrs") or {})))
    return out


@Language.factory("bulletin_events", assigns=["doc._.events"])
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(name)
