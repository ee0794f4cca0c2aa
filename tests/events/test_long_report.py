"""A report made of one paragraph repeated gives each copy the events of the paragraph:
the role sources read only the entities near each trigger (no whole-report scans)."""

from __future__ import annotations

import spacy

from pipeline.docext import ReportContext
from pipeline.events.component import EventExtractor

PARAGRAPH = ("县公安局刑侦大队在雷霆行动中破获涉毒案件12起，抓获犯罪嫌疑人5名，"
             "为群众挽回损失36万元。李某因吸毒被行政拘留十日。")
ENTS = [("县公安局刑侦大队", "UNIT"), ("雷霆行动", "OPERATION"), ("涉毒案件", "CASE"),
        ("李某", "PERSON")]


def _events(extractor: EventExtractor, copies: int) -> list[dict]:
    nlp = spacy.blank("zh")
    text = PARAGRAPH * copies
    doc = nlp.make_doc(text)
    spans, meta = [], {}
    for k in range(copies):
        for surface, label in ENTS:
            start = k * len(PARAGRAPH) + PARAGRAPH.index(surface)
            spans.append(doc.char_span(start, start + len(surface), label=label))
            meta[(start, start + len(surface))] = {"norm": surface, "attrs": {}}
    doc.ents = sorted(spans, key=lambda s: s.start)
    doc._.entity_meta = meta
    doc._.report = ReportContext(year=2023)
    return extractor(doc)._.events


def _shifted(events: list[dict], shift: int) -> list[tuple]:
    return [
        (e["type"], e["trigger"]["start"] - shift, e["trigger"]["text"],
         tuple((a["role"], a["start"] - shift, a["text"], repr(a["value"]))
               for a in e["arguments"]))
        for e in events
    ]


def test_every_copy_has_the_events_of_one_paragraph(extractor: EventExtractor) -> None:
    one = _events(extractor, 1)
    assert {e["type"] for e in one} >= {"SOLVE_CASES", "DETAIN_SUSPECTS", "RECOVER_LOSSES"}
    many = _events(extractor, 60)
    assert len(many) == 60 * len(one)
    per_copy = len(one)
    for k in (1, 30, 59):
        chunk = many[k * per_copy : (k + 1) * per_copy]
        assert _shifted(chunk, k * len(PARAGRAPH)) == _shifted(one, 0)
