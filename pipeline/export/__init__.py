"""Analyst tables from records: Parquet files and a DuckDB database (`bulletin export`).

`tables.py` flattens records into four row sets joined by keys (reports, entities, events,
arguments) with typed columns; `writers.py` writes them as Parquet in chunks (pyarrow) and
loads those files into DuckDB (duckdb), the optional `[export]` extra. The views and their SQL are data in `configs/export/views.sql`.
"""

from .tables import TABLE_NAMES, build_tables, read_records

__all__ = ["TABLE_NAMES", "build_tables", "read_records"]
