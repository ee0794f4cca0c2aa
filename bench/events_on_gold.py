"""Event extraction alone on gold texts with gold entities.

    python bench/events_on_gold.py [GOLD.jsonl] [--events configs/events] [--show TYPE]

Builds docs from the gold `text` with a blank zh pipeline (character tokens), sets
`doc.ents` and `doc._.entity_meta` from the GOLD entities, sentence spans from the
project splitter and the report year from `guess_report_year`, runs the events component
and prints the project evaluator's event tables. This isolates event extraction from
entity errors. `--show TYPE` lists missed and spurious triggers/arguments of one type.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import spacy

from pipeline.docext import ReportContext
from pipeline.evaluate import evaluate_records, format_text
from pipeline.events.component import EventExtractor
from pipeline.paths import project_root
from pipeline.segment.sentences import SentenceSettings, sentence_spans
from pipeline.values import guess_report_year


def sidecar_date(gold_path: Path, rec: dict[str, Any]) -> str | None:
    """`published` of the report's sidecar (`texts/X.meta.json` beside the gold file), if
    any. Temporary: extract.py will fill the reference date itself (the real-pages issue)."""
    name = rec.get("file")
    if not name:
        return None
    meta = gold_path.parent / "texts" / (Path(name).stem + ".meta.json")
    if not meta.is_file():
        return None
    published = json.loads(meta.read_text(encoding="utf-8")).get("published")
    return published if isinstance(published, str) and published else None


def make_doc(nlp: Any, rec: dict[str, Any], reference_date: str | None = None) -> Any:
    doc = nlp.make_doc(rec["text"])
    spans, meta = [], {}
    for e in rec.get("entities", []):
        span = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="strict")
        if span is None:
            continue
        spans.append(span)
        meta[(e["start"], e["end"])] = {"norm": e.get("norm", e["text"]),
                                        "attrs": e.get("attrs") or {}}
    # Gold entities do not overlap in principle; keep the longest if they ever do.
    chosen: list[Any] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= c.start or c.end <= span.start for c in chosen):
            chosen.append(span)
    doc.ents = sorted(chosen, key=lambda s: s.start)
    doc._.entity_meta = meta
    doc._.sent_spans = sentence_spans(rec["text"], SentenceSettings())
    year = guess_report_year(rec["text"])
    doc._.report = ReportContext(
        title=rec.get("title", ""), year=year, reference_date=reference_date,
        date_origin="sidecar" if reference_date else None,
    )
    return doc


def _key(ev: dict[str, Any]) -> tuple[str, int]:
    return ev["type"], ev["trigger"]["start"]


def show(etype: str, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    text = gold["text"]
    g = [e for e in gold["events"] if e["type"] == etype]
    p = [e for e in pred["events"] if e["type"] == etype]

    def fmt(ev: dict[str, Any]) -> str:
        args = ", ".join(f"{a['role']}={a['text']}:{json.dumps(a['value'], ensure_ascii=False)}"
                         for a in ev["arguments"])
        t = ev["trigger"]
        return f"{t['text']}@{t['start']} [{args}] | {text[max(0, t['start'] - 25):t['end'] + 20]}"

    gk, pk = [fmt(e) for e in g], [fmt(e) for e in p]
    for s in gk:
        if s not in pk:
            print("  GOLD", s.replace("\n", " "))
    for s in pk:
        if s not in gk:
            print("  PRED", s.replace("\n", " "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="?",
                        default=str(project_root().parent / "shared/gold/seeds.jsonl"))
    parser.add_argument("--events", default=str(project_root() / "configs/events"))
    parser.add_argument("--show", default="", help="event type whose differences to list")
    parser.add_argument("--out", default="", help="write the predicted records (JSONL) here")
    args = parser.parse_args()
    nlp = spacy.blank("zh")
    comp = EventExtractor("events")
    comp.initialize(events_dir=args.events)
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    pred = []
    for rec in gold:
        doc = comp(make_doc(nlp, rec, sidecar_date(Path(args.gold), rec)))
        pred.append({**rec, "events": doc._.events})
        if args.show:
            print("==", rec["id"])
            show(args.show, rec, pred[-1])
    if args.out:
        Path(args.out).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred), encoding="utf-8")
    report = format_text(evaluate_records(gold, pred))
    idx = report.find("Triggers per event type")
    print(report[idx:] if idx >= 0 else report)


if __name__ == "__main__":
    main()
