"""Entity rules alone on gold texts: score the rule recognizers without ingest/normalize.

    python bench/entities_on_gold.py [GOLD.jsonl] [--rules configs/entities]

Builds docs from the gold `text` with the pipeline's own tokenizer (pkuseg), runs the
entity components only, and prints the entity tables of the project evaluator. This
isolates entity recognition from splitting and normalization errors.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.docext import ReportContext
from pipeline.evaluate import evaluate_records, format_text
from pipeline.nlp import build_pipeline
from pipeline.paths import project_root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("gold", nargs="?", default=str(project_root().parent / "shared/gold/seeds.jsonl"))
    parser.add_argument("--model", default=None, help="pkuseg model dir (default: config)")
    parser.add_argument("--show", default="", help="label whose FP/FN to list")
    args = parser.parse_args()
    overrides = {"initialize.tokenizer.pkuseg_model": args.model} if args.model else {}
    nlp = build_pipeline(overrides=overrides).nlp
    ruler, attrs = nlp.get_pipe("entity_rules"), nlp.get_pipe("entity_attrs")
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines()]
    pred = []
    for rec in gold:
        doc = nlp.make_doc(rec["text"])
        doc._.report = ReportContext(title=rec.get("title", ""))
        doc = attrs(ruler(doc))
        meta = doc._.entity_meta
        ents = [
            {"label": e.label_, "start": e.start_char, "end": e.end_char, "text": e.text,
             "norm": meta[(e.start_char, e.end_char)]["norm"],
             "attrs": meta[(e.start_char, e.end_char)]["attrs"],
             "rule": meta[(e.start_char, e.end_char)]["rule"]}
            for e in doc.ents
        ]
        pred.append({**rec, "entities": ents})
        if args.show:
            g = {(e["start"], e["end"]) for e in rec["entities"] if e["label"] == args.show}
            p = {(e["start"], e["end"]): e for e in ents if e["label"] == args.show}
            for key, e in p.items():
                if key not in g:
                    print("FP", e["text"], e["rule"], "|", rec["text"][max(0, key[0] - 6):key[1] + 6].replace("\n", " "))
            for s, t in sorted(g - set(p)):
                print("FN", rec["text"][s:t], "|", rec["text"][max(0, s - 6):t + 6].replace("\n", " "))
    print(format_text(evaluate_records(gold, pred)).split("Triggers per event type")[0])


if __name__ == "__main__":
    main()
