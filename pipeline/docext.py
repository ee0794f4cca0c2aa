"""The custom `Doc` attributes the components share, registered once, idempotently.

Per-report facts travel as typed values, never as a free dict:

* `doc._.report` (`ReportContext`): what the runner knows before NLP — title, the whole
  file's text (for locality), the report year and the reference date with its origin;
* `doc._.locality` (`dict[str, str]`): the report's place by level, found by `entity_attrs`;
* `doc._.entity_meta`: rule/model, score and attrs per entity, keyed by (start, end);
* `doc._.sent_spans`: character spans of sentences; `doc._.events`: the events' output;
* `doc._.quote_gaps`: where normalize dropped a space that stood for a lost quotation mark,
  as `(offset, mark)` pairs (`NormalizedText.quote_gaps`; read with `quote_gaps(doc)`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import srsly
from spacy.tokens import Doc

# Where a report's reference date came from (SCHEMA §1; the real-pages issue).
DATE_ORIGINS = ("text", "page", "sidecar", "filename")


@dataclass(frozen=True)
class ReportContext:
    """Report facts set by the runner before the pipeline runs (`doc._.report`)."""

    title: str = ""
    # The whole file's titles and texts: a short report takes its locality from the file.
    context: str = ""
    # The year the report is about (a `values.ReportYear`, an int that also carries the
    # year it is written in), or None when nothing dates it.
    year: int | None = None
    # ISO 8601 reference date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) for year-less and
    # relative dates, and where it came from (one of DATE_ORIGINS).
    reference_date: str | None = None
    date_origin: str | None = None


def report_context(doc: Doc) -> ReportContext:
    """The doc's report context, or an empty one for a doc made outside the runner."""
    ctx = doc._.report
    return ctx if isinstance(ctx, ReportContext) else ReportContext()


_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc object: spaCy joins every token's text on each access
    (a Python loop over the tokens), and the components asked for it ~9 times per report.
    A Doc's text never changes (retokenizing keeps it); a rebuilt Doc is a new key."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def quote_gaps(doc: Doc) -> tuple[tuple[int, str], ...]:
    """The doc's lost-quote gaps as `(offset, mark)` pairs, sorted (msgpack turns the tuples
    into lists on the way through `--jobs` workers); none for a doc made outside the runner."""
    gaps = doc._.quote_gaps
    return tuple(sorted((int(offset), str(mark)) for offset, mark in gaps)) if gaps else ()


def remember_text(doc: Doc, text: str) -> Doc:
    """Record `text` as `doc`'s text, for a Doc just built from `text` by the caller (the
    tokenizer, a re-split): `doc_text` then never rebuilds it from the tokens."""
    _TEXTS[doc] = text
    return doc


def ensure_extensions() -> None:
    """Register the `doc._` attributes; safe to call many times."""
    for name in ("report", "locality", "entity_meta", "sent_spans", "events", "quote_gaps"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# --- crossing process boundaries ---------------------------------------------------------
# `nlp.pipe(..., n_process=2)` and `Doc.to_bytes` send docs as msgpack (srsly). Two of our
# values are not msgpack types: `ReportContext` (a dataclass, whose year is a `ReportYear`
# int that also carries the writing year) gets a registered codec, and `entity_meta`
# (keyed by (start, end) tuples, which msgpack cannot read back as keys) is stored as rows.

_CODEC_KEY = "__bulletin_report_context__"


def _encode_report_context(obj: object, chain=None):
    if isinstance(obj, ReportContext):
        year = obj.year
        year_cell = None
        if year is not None:
            year_cell = [int(year), getattr(year, "written", None), getattr(year, "stated", None)]
        return {
            _CODEC_KEY: True,
            "title": obj.title,
            "context": obj.context,
            "year": year_cell,
            "reference_date": obj.reference_date,
            "date_origin": obj.date_origin,
        }
    return obj if chain is None else chain(obj)


def _decode_report_context(obj: object, chain=None):
    if isinstance(obj, dict) and obj.get(_CODEC_KEY) is True:
        year = obj["year"]
        if year is not None:
            about, written, stated = year
            if written is not None:
                from .values.dates import ReportYear  # only here: values imports spaCy docs

                year = ReportYear(about, written, bool(stated))
            else:
                year = about
        return ReportContext(
            title=obj["title"],
            context=obj["context"],
            year=year,
            reference_date=obj["reference_date"],
            date_origin=obj["date_origin"],
        )
    return obj if chain is None else chain(obj)


_META_ROWS = "entity_meta_rows"


def _get_entity_meta(doc: Doc) -> dict[tuple[int, int], dict] | None:
    rows = doc._.get(_META_ROWS)
    if rows is None:
        return None
    return {(int(start), int(end)): info for start, end, info in rows}


def _set_entity_meta(doc: Doc, meta: dict[tuple[int, int], dict] | None) -> None:
    rows = None if meta is None else [[start, end, info] for (start, end), info in meta.items()]
    doc._.set(_META_ROWS, rows)


def register() -> None:
    """The Doc extensions and the msgpack codec (idempotent; runs on import, so a worker
    process that imports a component module has them before any doc arrives)."""
    srsly.msgpack_encoders.register("bulletin_report_context", func=_encode_report_context)
    srsly.msgpack_decoders.register("bulletin_report_context", func=_decode_report_context)
    if not Doc.has_extension(_META_ROWS):
        Doc.set_extension(_META_ROWS, default=None)
    if not Doc.has_extension("entity_meta"):
        Doc.set_extension("entity_meta", getter=_get_entity_meta, setter=_set_entity_meta)
    ensure_extensions()


register()
