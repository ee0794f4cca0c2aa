"""Build a `Record` from a processed `Doc` and its report (after the pipeline ran)."""

from __future__ import annotations

import json
from collections import Counter

from spacy.tokens import Doc

from ..docext import doc_text, report_context
from ..ingest import Byline as RawByline
from ..ingest import RawReport
from ..normalize import NormalizedText
from .model import (
    Byline,
    DamageFlag,
    Entity,
    Event,
    OfficialSummary,
    PipelineInfo,
    Record,
    ReportDate,
    Source,
    Summary,
)


def build_record(
    report: RawReport,
    title: str,
    bylines: tuple[RawByline, ...],
    normalized: NormalizedText,
    doc: Doc,
    pipeline_info: PipelineInfo,
) -> Record:
    entities = _outside_flags(_entities(doc), normalized)
    events = [Event.model_validate(e) for e in (doc._.events or [])]
    return Record(
        id=report.id,
        file=report.source.path.rsplit("/", 1)[-1],
        title=title,
        bylines=[Byline(role=b.role, name=b.name) for b in bylines],
        date=_report_date(doc),
        text=normalized.text,
        entities=entities,
        events=events,
        summary=summarize(entities, events),
        source=Source(
            path=report.source.path,
            sha256=report.source.sha256,
            encoding=report.source.encoding,
            kind=report.source.kind,
            **report.source.meta.fields(),
            published_in_page=report.published_in_page,
            flags=[
                DamageFlag(kind=f.kind, start=f.start, end=f.end, text=f.text)
                for f in normalized.flags
            ]
            or None,
            offset_map=normalized.offsets.to_compact(),
        ),
        pipeline=pipeline_info,
    )


def _outside_flags(entities: list[Entity], normalized: NormalizedText) -> list[Entity]:
    """Entities that do not touch flagged damage (spam over a name is never an entity)."""
    if not normalized.flags:
        return entities
    spans = [(f.start, f.end) for f in normalized.flags]
    return [e for e in entities if not any(e.start < b and a < e.end for a, b in spans)]


def _report_date(doc: Doc) -> ReportDate | None:
    """The reference date the runner chose for this report, with its origin."""
    ctx = report_context(doc)
    if not ctx.reference_date or not ctx.date_origin:
        return None
    return ReportDate(value=ctx.reference_date, origin=ctx.date_origin)


def _entities(doc: Doc) -> list[Entity]:
    meta = doc._.entity_meta or {}
    out: list[Entity] = []
    text = doc_text(doc)  # a span's text is the doc's text between its character offsets
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        info = meta.get((start, end), {})
        out.append(
            Entity(
                label=ent.label_,
                start=start,
                end=end,
                text=surface,
                norm=info.get("norm", surface),
                attrs=info.get("attrs", {}),
                rule=info.get("rule"),
                score=info.get("score"),
            )
        )
    return out


def summarize(entities: list[Entity], events: list[Event]) -> Summary:
    """Distinct units (canonical where known), officials with titles, operations, cases."""

    def distinct(label: str, key=lambda e: e.norm) -> list[str]:
        return list(dict.fromkeys(key(e) for e in entities if e.label == label))

    titles: dict[str, list[str]] = {}
    for ent in entities:
        if ent.label == "OFFICIAL":
            bucket = titles.setdefault(ent.norm, [])
            title = ent.attrs.get("title")
            if title and title not in bucket:
                bucket.append(title)
    return Summary(
        units=distinct("UNIT", key=lambda e: e.attrs.get("canonical", e.norm)),
        officials=[OfficialSummary(name=n, titles=t) for n, t in titles.items()],
        operations=distinct("OPERATION"),
        cases=distinct("CASE"),
        event_counts=dict(sorted(Counter(e.type for e in events).items())),
    )


def dump_record(record: Record) -> str:
    """One JSONL line; key order follows the model, so output is byte-stable."""
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
