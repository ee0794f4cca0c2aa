"""The custom `Doc` attributes the components share, registered once, idempotently.

Per-report facts travel as typed values, never as a free dict:

* `doc._.report` (`ReportContext`): what the runner knows before NLP — title, the whole
  file's text (for locality), the report year and the reference date with its origin;
* `doc._.locality` (`dict[str, str]`): the report's place by level, found by `entity_attrs`;
* `doc._.entity_meta`: rule/model, score and attrs per entity, keyed by (start, end);
* `doc._.sent_spans`: character spans of sentences; `doc._.events`: the events' output.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def ensure_extensions() -> None:
    """Register the `doc._` attributes; safe to call many times."""
    for name in ("report", "locality", "entity_meta", "sent_spans", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
