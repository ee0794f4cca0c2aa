"""Write the analyst tables as Parquet files (pyarrow) and one DuckDB database (duckdb).

Both libraries are the optional `[export]` extra; importing this module without them raises
an ImportError that names the extra. Column types are declared here, not inferred, so an
empty table or a column that is null in every row still has its type.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as err:  # pragma: no cover - depends on the install
    raise ImportError(
        "bulletin export needs pyarrow: pip install 'bulletin-pipeline[export]'"
    ) from err

from ..paths import project_root
from .tables import TABLE_NAMES, build_tables, sentence_settings

_STR, _INT, _FLOAT, _DATE = pa.string(), pa.int32(), pa.float64(), pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema([
        ("report_id", _STR), ("file", _STR), ("title", _STR), ("bylines", _STR),
        ("text", _STR), ("text_chars", _INT), ("n_entities", _INT), ("n_events", _INT),
        ("date", _STR), ("report_date", _DATE), ("published", _STR), ("published_date", _DATE),
        ("region", _STR), ("site", _STR), ("url", _STR),
        ("source_path", _STR), ("sha256", _STR), ("encoding", _STR), ("kind", _STR),
        ("pipeline_version", _STR), ("config_hash", _STR), ("models", _STR),
    ]),
    "entities": pa.schema([
        ("report_id", _STR), ("entity_idx", _INT), ("label", _STR), ("start", _INT),
        ("end", _INT), ("text", _STR), ("norm", _STR), ("canonical", _STR), ("title", _STR),
        ("role", _STR), ("attrs_json", _STR), ("rule", _STR), ("score", _FLOAT),
    ]),
    "events": pa.schema([
        ("report_id", _STR), ("event_idx", _INT), ("event_id", _STR), ("type", _STR),
        ("trigger_start", _INT), ("trigger_end", _INT), ("trigger_text", _STR),
        ("n_arguments", _INT), ("rule", _STR), ("sentence", _STR),
    ]),
    "arguments": pa.schema([
        ("report_id", _STR), ("event_idx", _INT), ("event_id", _STR), ("arg_idx", _INT),
        ("role", _STR), ("start", _INT), ("end", _INT), ("text", _STR),
        ("value_kind", _STR), ("value_num", _FLOAT), ("value_text", _STR), ("approx", _STR),
        ("unit", _STR), ("value_date", _DATE), ("value_date_precision", _STR),
        ("value_json", _STR),
    ]),
}


def default_views_path() -> Path:
    return project_root() / "configs" / "export" / "views.sql"


def write_parquet(
    records: Iterable[dict[str, Any]], out_dir: Path, chunk_size: int = 500
) -> dict[str, int]:
    """One `<table>.parquet` per table in `out_dir`; returns the row count of each.

    Records are read `chunk_size` at a time and written as row groups, so a large batch
    never sits in memory as Python rows; the files replace old ones only when complete.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = {name: out_dir / f"{name}.parquet.tmp" for name in TABLE_NAMES}
    writers = {name: pq.ParquetWriter(tmp[name], SCHEMAS[name]) for name in TABLE_NAMES}
    counts = dict.fromkeys(TABLE_NAMES, 0)
    sentences = sentence_settings()
    try:
        iterator = iter(records)
        while chunk := list(islice(iterator, chunk_size)):
            for name, rows in build_tables(chunk, sentences).items():
                writers[name].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]))
                counts[name] += len(rows)
    except BaseException:
        for name in TABLE_NAMES:
            writers[name].close()
            tmp[name].unlink(missing_ok=True)
        raise
    for name in TABLE_NAMES:
        writers[name].close()
        os.replace(tmp[name], out_dir / f"{name}.parquet")
    return counts


def write_duckdb(parquet_dir: Path, db_path: Path, views: Path | None = None) -> list[str]:
    """A new database with the Parquet tables of `parquet_dir` and the views of `views`
    (an SQL file); returns the view names."""
    try:
        import duckdb
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError(
            "--duckdb needs duckdb: pip install 'bulletin-pipeline[export]'"
        ) from err
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(db_path.name + ".tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        for name in TABLE_NAMES:
            source = str(parquet_dir / f"{name}.parquet")
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet(?)', [source])
        views_file = Path(views or default_views_path())
        try:
            con.execute(views_file.read_text(encoding="utf-8"))
        except duckdb.Error as err:  # an analyst's edit of the SQL file: say which file
            raise ValueError(f"{views_file}: {err}") from None
        names = [row[0] for row in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name"
        ).fetchall()]
    except BaseException:
        con.close()
        for part in (tmp, tmp.with_name(tmp.name + ".wal")):  # no half-built database left
            part.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    return names
