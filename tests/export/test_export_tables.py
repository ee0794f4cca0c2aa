"""Export: row counts equal the records' items, typed value columns, README SQL runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.export.tables import build_tables, iso_date, split_value
from pipeline.paths import project_root

pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

from pipeline.export.writers import write_duckdb, write_parquet  # noqa: E402


def _counts(path: Path) -> dict[str, int]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    events = [e for r in records for e in r["events"]]
    return {
        "reports": len(records),
        "entities": sum(len(r["entities"]) for r in records),
        "events": len(events),
        "arguments": sum(len(e["arguments"]) for e in events),
    }


@pytest.fixture(scope="module")
def exported(samples_records: Path, tmp_path_factory) -> tuple[Path, Path]:
    from pipeline.export.cli import run_export

    out = tmp_path_factory.mktemp("export")
    lines = list(run_export(samples_records, out / "pq", out / "samples.duckdb"))
    assert len(lines) == 2
    return out / "pq", out / "samples.duckdb"


def test_parquet_and_duckdb_row_counts_equal_record_counts(samples_records, exported):
    expected = _counts(samples_records)
    assert expected["arguments"] > expected["events"] > 0
    pq_dir, db = exported
    for name, count in expected.items():
        assert pq.read_table(pq_dir / f"{name}.parquet").num_rows == count, name
    con = duckdb.connect(str(db), read_only=True)
    for name, count in expected.items():
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == count, name


def test_keys_join_every_argument_to_its_event_and_report(exported):
    con = duckdb.connect(str(exported[1]), read_only=True)
    orphans = con.execute(
        "SELECT count(*) FROM arguments a LEFT JOIN events e USING (report_id, event_idx) "
        "LEFT JOIN reports r USING (report_id) WHERE e.type IS NULL OR r.title IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    types = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'arguments'"
    ).fetchall())
    assert types["value_num"] == "DOUBLE" and types["value_date"] == "DATE"
    assert types["start"] == "INTEGER"


def test_value_json_round_trips_every_argument_value(samples_records, exported):
    records = [json.loads(x) for x in samples_records.read_text(encoding="utf-8").splitlines()]
    values = [a["value"] for r in records for e in r["events"] for a in e["arguments"]]
    table = pq.read_table(exported[0] / "arguments.parquet").to_pylist()
    assert [json.loads(row["value_json"]) for row in table] == values


def test_split_value_types():
    assert split_value({"n": 60, "approx": "over", "unit": "名"}) | {"value_json": ""} == {
        "value_kind": "quantity", "value_num": 60.0, "value_text": None, "approx": "over",
        "unit": "名", "value_date": None, "value_date_precision": None, "value_json": "",
    }
    assert split_value(27.1)["value_num"] == 27.1
    month = split_value("2024-05")
    assert month["value_kind"] == "date" and month["value_date_precision"] == "month"
    assert str(month["value_date"]) == "2024-05-01"
    assert split_value("徐某")["value_kind"] == "text"
    assert split_value(None)["value_kind"] == "null"
    assert iso_date("2024-02-30") == (None, None)


def test_optional_source_fields_and_date_are_read():
    record = {
        "id": "x#1", "title": "t", "bylines": [], "text": "abc", "entities": [], "events": [],
        "date": "2025-03-04",
        "source": {"path": "d/x.txt", "published": "2025-03", "region": "某省", "url": "u"},
    }
    row = build_tables([record])["reports"][0]
    assert row["file"] == "x.txt" and row["region"] == "某省"
    assert str(row["report_date"]) == "2025-03-04" and str(row["published_date"]) == "2025-03-01"


def _readme_sql() -> list[str]:
    text = (project_root() / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, flags=re.S)


def test_readme_sql_queries_run_as_written(exported):
    queries = _readme_sql()
    assert len(queries) >= 3
    con = duckdb.connect(str(exported[1]), read_only=True)
    for query in queries:
        assert con.execute(query).fetchall(), query


def test_empty_records_give_typed_empty_tables(tmp_path):
    assert set(write_parquet([], tmp_path / "pq").values()) == {0}
    schema = pq.read_table(tmp_path / "pq" / "arguments.parquet").schema
    assert schema.field("value_num").type == "double"
    assert "unit_event_counts" in write_duckdb(tmp_path / "pq", tmp_path / "e.duckdb")


def test_records_are_written_in_chunks_in_order(samples_records: Path, tmp_path):
    from pipeline.export.tables import read_records

    counts = write_parquet(read_records(samples_records), tmp_path / "pq", chunk_size=3)
    assert counts == _counts(samples_records)
    table = pq.read_table(tmp_path / "pq" / "entities.parquet")
    records = [json.loads(x) for x in samples_records.read_text(encoding="utf-8").splitlines()]
    assert table.column("text").to_pylist() == [e["text"] for r in records for e in r["entities"]]
    assert pq.ParquetFile(tmp_path / "pq" / "reports.parquet").num_row_groups == 4


def test_gold_files_export_too(samples_gold: Path, tmp_path):
    """Gold has no source/pipeline/rule: the tables still fill, provenance columns stay null."""
    from pipeline.export.cli import run_export

    list(run_export(samples_gold, tmp_path / "pq", None))
    expected = _counts(samples_gold)
    for name, count in expected.items():
        assert pq.read_table(tmp_path / "pq" / f"{name}.parquet").num_rows == count, name
    entities = pq.read_table(tmp_path / "pq" / "entities.parquet").to_pylist()
    assert all(row["rule"] is None for row in entities)


def test_export_command(samples_records: Path, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["export", str(samples_records), "--duckdb",
                                 str(tmp_path / "x.duckdb")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.duckdb").is_file() and not (tmp_path / "pq").exists()
    assert runner.invoke(app, ["export", str(samples_records)]).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    result = runner.invoke(app, ["export", str(bad), "--to", str(tmp_path / "o")])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output


def test_a_broken_view_file_names_itself(tmp_path):
    views = tmp_path / "views.sql"
    views.write_text("CREATE VIEW v AS SELEC 1;")
    write_parquet([], tmp_path / "pq")
    with pytest.raises(ValueError, match="views.sql"):
        write_duckdb(tmp_path / "pq", tmp_path / "b.duckdb", views)
    assert list(tmp_path.glob("b.duckdb*")) == []


def test_every_event_row_carries_the_sentence_of_its_trigger(exported):
    con = duckdb.connect(str(exported[1]), read_only=True)
    rows = con.execute("SELECT trigger_text, sentence FROM events").fetchall()
    assert rows and all(s is not None and t in s for t, s in rows)
    assert all("\n" not in s for _, s in rows)  # a sentence never spans a line break
