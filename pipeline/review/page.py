"""Records -> one HTML page (see the package docstring)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..convert.common import LABEL_COLORS, value_to_text
from ..export.tables import sentence_settings
from ..segment.sentences import SentenceSettings, sentence_spans
from .compare import Comparison, compare

DEFAULT_COLOR = "#ddd"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "entity" | "trigger"
    html_open: str


def render_page(
    records: list[dict[str, Any]], title: str = "bulletin review",
    sentences: SentenceSettings | None = None,
    gold: dict[str, dict[str, Any]] | None = None,
) -> str:
    """The whole page; deterministic for the same records. With `gold` (records by id),
    marks and event rows the gold lacks are flagged and missed gold items listed."""
    sentences = sentences or sentence_settings()
    labels = sorted({e["label"] for r in records for e in r.get("entities") or []},
                    key=_label_order)
    types = sorted({ev["type"] for r in records for ev in r.get("events") or []})
    body = [_controls(labels, types, gold is not None), _index(records)]
    body += [
        _report(n, record, sentences,
                compare(record, gold[record["id"]]) if gold and record["id"] in gold else None)
        for n, record in enumerate(records, 1)
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{_asset('review.css')}</style>\n"
        f"</head>\n<body data-reports=\"{len(records)}\">\n<h1>{html.escape(title)}"
        f" <small>{len(records)} reports</small></h1>\n" + "\n".join(body)
        + f"\n<pre id=\"selfcheck\" hidden></pre>\n<script>\n{_asset('review.js')}</script>\n"
        "</body>\n</html>\n"
    )


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _label_order(label: str) -> int:
    order = list(LABEL_COLORS)
    return order.index(label) if label in order else len(order)


def _controls(labels: list[str], types: list[str], with_gold: bool = False) -> str:
    chips = "".join(
        f'<label class="chip" style="background: {LABEL_COLORS.get(lab, DEFAULT_COLOR)}">'
        f'<input type="checkbox" class="f-label" value="{html.escape(lab)}" checked> '
        f"{html.escape(lab)}</label>"
        for lab in labels
    )
    event_chips = "".join(
        f'<label class="chip ev"><input type="checkbox" class="f-type" value="{html.escape(t)}"'
        f" checked> {html.escape(t)}</label>"
        for t in types
    )
    legend = ('<div class="legend">Against gold: <span class="extra-sample">dashed</span> = '
              "not in gold (false alarm); gold items the pipeline missed are listed under "
              "each text.</div>") if with_gold else ""
    return (f'<div id="filters"><div><b>Entities</b> {chips}</div>'
            f"<div><b>Events</b> {event_chips}</div>{legend}</div>")


def _index(records: list[dict[str, Any]]) -> str:
    items = "".join(
        f'<li><a href="#r{n}">{html.escape(r.get("title") or r["id"])}</a> '
        f'<small>{html.escape(r["id"])} · {len(r.get("entities") or [])} entities · '
        f'{len(r.get("events") or [])} events</small></li>'
        for n, r in enumerate(records, 1)
    )
    return f'<nav id="index"><ol>{items}</ol></nav>'


def _report(
    n: int, record: dict[str, Any], sentences: SentenceSettings, check: Comparison | None
) -> str:
    text = record.get("text", "")
    entities = record.get("entities") or []
    events = record.get("events") or []
    marks, skipped = _marks(n, entities, events, check)
    anchors = _trigger_anchors(n, events, marks)
    bounds = _sentences(text, marks, sentences)
    sentence_of = _sentence_index(bounds)
    meta = _report_meta(record)
    parts = [
        f'<section class="report" id="r{n}" data-report-id="{html.escape(record["id"])}"'
        f' data-entities="{len(entities)}" data-events="{len(events)}"'
        f' data-overlapping="{skipped}"{_check_attrs(check)}>',
        f'<h2>{html.escape(record.get("title") or "(no title)")}</h2>',
        f'<p class="meta">{meta}</p>',
        _summary(record.get("summary")),
        f'<div class="entities">{_text_html(n, text, marks, bounds)}</div>',
        _missed(check),
        _events_table(n, events, sentence_of, anchors, check),
        "</section>",
    ]
    return "\n".join(parts)


def _report_meta(record: dict[str, Any]) -> str:
    source = record.get("source") or {}
    bits = [record["id"]]
    bylines = " ".join(f"{b.get('role', '')} {b.get('name', '')}".strip()
                       for b in record.get("bylines") or [])
    for value in (bylines, record.get("date"), source.get("published"), source.get("region"),
                  source.get("path")):
        if value:
            bits.append(str(value))
    info = record.get("pipeline") or {}
    if info:
        bits.append(f"pipeline {info.get('version', '')} config {info.get('config_hash', '')}")
    return " · ".join(html.escape(b) for b in bits)


def _summary(summary: Any) -> str:
    """The record's summary line (units, officials with titles, operations, cases)."""
    if not isinstance(summary, dict):
        return ""
    parts = []
    for key in ("units", "operations", "cases"):
        names = [str(x) for x in summary.get(key) or []]
        if names:
            parts.append(f"<b>{key}</b> " + html.escape("、".join(names)))
    officials = [f"{o.get('name', '')}（{'、'.join(o.get('titles') or [])}）"
                 for o in summary.get("officials") or [] if isinstance(o, dict)]
    if officials:
        parts.append("<b>officials</b> " + html.escape("、".join(officials)))
    return f'<p class="summary">{" · ".join(parts)}</p>' if parts else ""


def _entity_tooltip(entity: dict[str, Any]) -> str:
    lines = [f"{entity['label']} [{entity['start']}, {entity['end']})"]
    if entity.get("norm") and entity["norm"] != entity["text"]:
        lines.append(f"norm: {entity['norm']}")
    lines += [f"{k}: {v}" for k, v in (entity.get("attrs") or {}).items()]
    if entity.get("rule"):
        lines.append(f"rule: {entity['rule']}")
    if entity.get("score") is not None:
        lines.append(f"score: {entity['score']}")
    return "\n".join(lines)


def _check_attrs(check: Comparison | None) -> str:
    if check is None:
        return ""
    return (f' data-gold="{"offsets" if check.by_offsets else "norms"}"'
            f' data-extra-entities="{check.entity_ok.count(False)}"'
            f' data-missed-entities="{len(check.missed_entities)}"'
            f' data-extra-events="{check.event_ok.count(False)}"'
            f' data-missed-events="{len(check.missed_events)}"')


def _missed(check: Comparison | None) -> str:
    """Gold items the pipeline did not produce, under the text they belong to."""
    if check is None or not (check.missed_entities or check.missed_events):
        return ""
    entities = "".join(
        f'<span class="missed-entity" data-label="{html.escape(e["label"])}" style="border-color:'
        f' {LABEL_COLORS.get(e["label"], DEFAULT_COLOR)}" title="gold [{e["start"]}, {e["end"]})">'
        f'{html.escape(e["text"])} <b>{html.escape(e["label"])}</b></span>'
        for e in check.missed_entities
    )
    events = "".join(
        f'<li class="missed-event" data-type="{html.escape(e["type"])}">'
        f'{html.escape(e["type"])} <b>{html.escape(e["trigger"]["text"])}</b> '
        + html.escape("; ".join(f'{a["role"]} {a.get("text", "")}'
                                for a in e.get("arguments") or []))
        + "</li>"
        for e in check.missed_events
    )
    return ('<div class="missed"><b>Missed (in gold only):</b> ' + entities
            + (f"<ul>{events}</ul>" if events else "") + "</div>")


def _marks(
    n: int, entities: list[dict[str, Any]], events: list[dict[str, Any]],
    check: Comparison | None = None,
):
    """Spans to draw: entities, then triggers where they do not overlap an entity.

    HTML cannot cross-nest, so an entity that overlaps one already drawn (possible in gold,
    not in pipeline output) is counted in `data-overlapping` instead.
    """
    placed: list[Mark] = []
    skipped = 0
    for idx, entity in sorted(enumerate(entities), key=lambda p: (p[1]["start"], -p[1]["end"])):
        if any(_overlaps(entity["start"], entity["end"], m) for m in placed):
            skipped += 1
            continue
        label = entity["label"]
        color = LABEL_COLORS.get(label, DEFAULT_COLOR)
        tooltip, flag = _entity_tooltip(entity), ""
        if check is not None:
            flag = f' data-check="{"ok" if check.entity_ok[idx] else "extra"}"'
            tooltip += "" if check.entity_ok[idx] else "\nnot in gold"
        placed.append(Mark(entity["start"], entity["end"], "entity", (
            f'<mark class="entity" data-label="{html.escape(label)}" data-idx="{idx}"{flag}'
            f' title="{html.escape(tooltip)}" style="background: {color}">'
        )))
    for idx, event in enumerate(events):
        trigger = event["trigger"]
        if any(_overlaps(trigger["start"], trigger["end"], m) for m in placed):
            continue
        placed.append(Mark(trigger["start"], trigger["end"], "trigger", (
            f'<span class="trigger" id="r{n}-t{idx}" data-type="{html.escape(event["type"])}"'
            f' title="{html.escape(event["type"])} trigger">'
        )))
    return sorted(placed, key=lambda m: m.start), skipped


def _trigger_anchors(n: int, events: list[dict[str, Any]], marks: list[Mark]) -> list[str | None]:
    """Per event, the id of the drawn trigger at its offsets (events sharing a trigger word
    share one), or None when an entity covers the trigger."""
    drawn = {(m.start, m.end): m.html_open.split('id="', 1)[1].split('"', 1)[0]
             for m in marks if m.kind == "trigger"}
    return [drawn.get((ev["trigger"]["start"], ev["trigger"]["end"])) for ev in events]


def _overlaps(start: int, end: int, mark: Mark) -> bool:
    return start < mark.end and mark.start < end


def _sentences(
    text: str, marks: list[Mark], settings: SentenceSettings
) -> list[tuple[int, int]]:
    """The pipeline's sentence spans, merged where a mark would cross a boundary."""
    merged: list[tuple[int, int]] = []
    for start, end in sentence_spans(text, settings):
        if merged and any(m.start < merged[-1][1] < m.end for m in marks):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sentence_index(bounds: list[tuple[int, int]]):
    def find(offset: int) -> int | None:
        for j, (start, end) in enumerate(bounds):
            if start <= offset < end:
                return j
        return None

    return find


def _text_html(n: int, text: str, marks: list[Mark], bounds: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for j, (start, end) in enumerate(bounds):
        out.append(html.escape(text[pos:start]).replace("\n", "<br>\n"))
        out.append(f'<span class="sent" id="r{n}-s{j}">')
        out.append(_marked(text, start, end, [m for m in marks if start <= m.start < end]))
        out.append("</span>")
        pos = end
    out.append(html.escape(text[pos:]).replace("\n", "<br>\n"))
    return "".join(out)


def _marked(text: str, start: int, end: int, marks: list[Mark]) -> str:
    out, pos = [], start
    for mark in marks:
        out.append(html.escape(text[pos:mark.start]))
        body = html.escape(text[mark.start:mark.end])
        if mark.kind == "entity":
            label = mark.html_open.split('data-label="', 1)[1].split('"', 1)[0]
            out.append(f'{mark.html_open}{body}<span class="label">{label}</span></mark>')
        else:
            out.append(f"{mark.html_open}{body}</span>")
        pos = mark.end
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def _events_table(
    n: int, events: list[dict[str, Any]], sentence_of, anchors: list[str | None],
    check: Comparison | None = None,
) -> str:
    if not events:
        return '<p class="no-events">No events.</p>'
    rows = []
    for idx, event in enumerate(events):
        trigger = event["trigger"]
        sent = sentence_of(trigger["start"])
        link = f'<a href="#r{n}-s{sent}">sentence {sent + 1}</a>' if sent is not None else ""
        args = "".join(
            f'<li title="[{a.get("start")}, {a.get("end")}) value: '
            f'{html.escape(json.dumps(a.get("value"), ensure_ascii=False))}">'
            f'<b>{html.escape(a["role"])}</b> {html.escape(a.get("text", ""))}'
            + (f' = <code>{html.escape(value_to_text(a["value"]))}</code>'
               if "value" in a and a["value"] != a.get("text") else "")
            + "</li>"
            for a in event.get("arguments") or []
        )
        provenance = f"{event['type']} trigger [{trigger['start']}, {trigger['end']})"
        if event.get("rule"):
            provenance += f" rule: {event['rule']}"
        flag = ""
        if check is not None:
            flag = f' data-check="{"ok" if check.event_ok[idx] else "extra"}"'
            provenance += "" if check.event_ok[idx] else " (not in gold)"
        rows.append(
            f'<tr class="event" data-type="{html.escape(event["type"])}" data-idx="{idx}"{flag}'
            f' title="{html.escape(provenance)}"><td>{idx + 1}</td>'
            f'<td>{html.escape(event["type"])}</td>'
            + (f'<td><a href="#{anchors[idx]}">{html.escape(trigger["text"])}</a></td>'
               if anchors[idx] else f'<td>{html.escape(trigger["text"])}</td>')
            + f"<td>{link}</td><td><ul>{args}</ul></td></tr>"
        )
    return ('<table class="events"><thead><tr><th>#</th><th>type</th><th>trigger</th>'
            "<th>sentence</th><th>arguments (role text = value)</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")
