"""`bulletin export`: the command's work, kept out of `pipeline/cli.py`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from .tables import read_records


def run_export(records: Path, parquet_dir: Path | None, db_path: Path | None) -> Iterator[str]:
    """Write the tables; yields one summary line per output.

    DuckDB reads the Parquet files (written to a temporary folder when only `--duckdb`
    is asked for), so both outputs hold the same rows and types by construction.
    """
    if not records.is_file():
        raise FileNotFoundError(f"no such records file: {records}")
    from .writers import write_duckdb, write_parquet

    with tempfile.TemporaryDirectory(prefix="bulletin-export-") as scratch:
        target = parquet_dir or Path(scratch)
        counts = write_parquet(read_records(records), target)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if parquet_dir is not None:
            yield f"{summary} -> {parquet_dir}/*.parquet"
        if db_path is not None:
            views = write_duckdb(target, db_path)
            yield f"{summary} -> {db_path} (views: {', '.join(views)})"
