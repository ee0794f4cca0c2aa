"""Helpers for event tests: a blank zh pipeline with hand-set entities."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy

from pipeline.docext import ReportContext
from pipeline.events.component import EventExtractor


@pytest.fixture(scope="module")
def extractor() -> EventExtractor:
    comp = EventExtractor("events")
    comp.initialize()
    return comp


@pytest.fixture(scope="module")
def run(extractor: EventExtractor) -> Callable[..., list[dict[str, Any]]]:
    nlp = spacy.blank("zh")

    def _run(text: str, ents: list[tuple[str, str]] | None = None, year: int = 2023,
             attrs: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Run the component; `ents` are (surface, label), located at first occurrence."""
        doc = nlp.make_doc(text)
        spans, meta = [], {}
        for surface, label in ents or []:
            start = text.index(surface)
            span = doc.char_span(start, start + len(surface), label=label,
                                 alignment_mode="strict")
            assert span is not None, surface
            spans.append(span)
            meta[(span.start_char, span.end_char)] = {
                "norm": surface, "attrs": (attrs or {}).get(surface, {}),
            }
        doc.ents = sorted(spans, key=lambda s: s.start)
        doc._.entity_meta = meta
        doc._.report = ReportContext(year=year)
        return extractor(doc)._.events

    return _run


def args_of(event: dict[str, Any]) -> list[tuple[str, str, Any]]:
    return [(a["role"], a["text"], a["value"]) for a in event["arguments"]]
