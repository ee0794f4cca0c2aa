"""`bulletin extract` with each report's reference date taken from its sidecar.

    python bench/extract_with_sidecar.py TEXTS_DIR -o OUT.jsonl

Temporary, for measuring the date resolution before `extract.py` fills
`ReportContext.reference_date` itself (the real-pages issue): the same steps as
`pipeline.extract.process_file`, plus `published` of `X.meta.json` beside `X.txt`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.docext import ReportContext
from pipeline.extract import make_normalizer, pipeline_info, prepare_file
from pipeline.ingest import load_ingest_settings, read_source
from pipeline.nlp import build_pipeline
from pipeline.records.build import build_record, dump_record
from pipeline.values import guess_report_year


def published(path: Path) -> str | None:
    meta = path.with_name(path.stem + ".meta.json")
    if not meta.is_file():
        return None
    value = json.loads(meta.read_text(encoding="utf-8")).get("published")
    return value if isinstance(value, str) and value else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("texts")
    parser.add_argument("-o", "--out", required=True)
    args = parser.parse_args()
    loaded = build_pipeline()
    info = pipeline_info(loaded)
    normalizer = make_normalizer(True)
    settings = load_ingest_settings()
    lines: list[str] = []
    files = sorted(p for p in Path(args.texts).iterdir()
                   if p.is_file() and not p.name.endswith(".meta.json"))
    for path in files:
        source = read_source(path, settings=settings)
        prepared = [p for p in prepare_file(source, normalizer, settings)
                    if p.normalized.text.strip() or p.title]
        context = "\n".join(p.title + "\n" + p.normalized.text for p in prepared)
        file_year = guess_report_year(context)
        reference = published(path)
        docs = []
        for item in prepared:
            doc = loaded.nlp.make_doc(item.normalized.text)
            year = guess_report_year(item.title + "\n" + item.normalized.text) or file_year
            doc._.report = ReportContext(title=item.title, context=context, year=year,
                                         reference_date=reference,
                                         date_origin="sidecar" if reference else None)
            docs.append(doc)
        for item, doc in zip(prepared, loaded.nlp.pipe(docs), strict=True):
            record = build_record(item.report, item.title, item.bylines, item.normalized, doc,
                                  info)
            lines.append(dump_record(record))
    Path(args.out).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} reports -> {args.out}")


if __name__ == "__main__":
    main()
