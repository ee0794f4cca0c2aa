"""Custom `Doc` attributes the components share (registered once, idempotently)."""

from __future__ import annotations

from spacy.tokens import Doc


def ensure_extensions() -> None:
    """Register the `doc._` attributes; safe to call many times."""
    # entity_meta: rule/score/attrs per entity; meta: report context set by the runner
    # (title, year, locality hints); sent_spans: character spans of sentences;
    # events: the events component's output.
    for name in ("entity_meta", "meta", "sent_spans", "events"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
