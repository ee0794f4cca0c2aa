"""`bulletin export`: the command's work, kept out of `pipeline/cli.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .tables import build_tables, read_records


def run_export(records: Path, parquet_dir: Path | None, db_path: Path | None) -> Iterator[str]:
    """Write the tables; yields one summary line per output."""
    if not records.is_file():
        raise FileNotFoundError(f"no such records file: {records}")
    tables = build_tables(read_records(records))
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in tables.items())
    from .writers import write_duckdb, write_parquet

    if parquet_dir is not None:
        write_parquet(tables, parquet_dir)
        yield f"{counts} -> {parquet_dir}/*.parquet"
    if db_path is not None:
        views = write_duckdb(tables, db_path)
        yield f"{counts} -> {db_path} (views: {', '.join(views)})"
