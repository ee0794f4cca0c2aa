"""`bulletin review`: the command's work, kept out of `pipeline/cli.py`."""

from __future__ import annotations

import os
from pathlib import Path

from ..export.tables import read_records
from .page import render_page


def run_review(records_path: Path, out: Path, reports: list[str] | None = None,
               title: str | None = None, gold_path: Path | None = None) -> int:
    """Write the page; returns the number of reports on it."""
    if not records_path.is_file():
        raise FileNotFoundError(f"no such records file: {records_path}")
    records = list(read_records(records_path))
    if reports:
        wanted = set(reports)
        records = [r for r in records if r["id"] in wanted]
        missing = wanted - {r["id"] for r in records}
        if missing:
            raise ValueError(f"no report {', '.join(sorted(missing))} in {records_path}")
    gold = None
    if gold_path is not None:
        if not gold_path.is_file():
            raise FileNotFoundError(f"no such gold file: {gold_path}")
        gold = {r["id"]: r for r in read_records(gold_path)}
    page = render_page(records, title or f"bulletin review: {records_path.name}", gold=gold)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return len(records)
