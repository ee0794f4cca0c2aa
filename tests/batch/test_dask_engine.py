"""`bulletin extract --engine dask` on a 2-worker LocalCluster: the same bytes as `--jobs 1`
(records, errors), resume across engines and lost shards, one-line failures."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch.journal import journal_path, part_path, shard_dir
from pipeline.cli import app
from pipeline.extract import run_extract

pytest.importorskip("distributed")

from pipeline.batch import dask_engine  # noqa: E402
from pipeline.batch.dask_engine import (  # noqa: E402
    PipelineRecipe,
    connect,
    run_batch,
    start_workers,
)

runner = CliRunner()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster):
    with connect(cluster.scheduler_address, 2) as client:
        start_workers(client, PipelineRecipe())
        yield client


def _same_output(out: Path, clean: Path) -> None:
    assert out.read_bytes() == clean.read_bytes()
    for suffix in (".errors.txt", ".errors.jsonl"):
        made = out.with_name(out.stem + suffix)
        assert made.read_bytes() == clean.with_name(clean.stem + suffix).read_bytes()
    assert not journal_path(out).exists() and not shard_dir(out).exists()


def test_two_workers_give_the_bytes_of_jobs_1(client, resume_case, tmp_path: Path) -> None:
    _, paths, clean = resume_case
    out = tmp_path / "out.jsonl"
    stats = run_batch(client, paths, out, tmp_path / "out.errors.txt")
    assert stats.processed == len(paths) and stats.reports > len(paths)
    assert len(client.nthreads()) == 2
    _same_output(out, clean)


def test_resume_across_engines_and_a_lost_shard(loaded, client, resume_case,
                                                tmp_path: Path) -> None:
    _, paths, clean = resume_case
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.txt"
    stats, _ = run_extract(loaded, paths, out, errors, should_stop=lambda: True)  # local: 1 file
    assert stats.interrupted and part_path(out).exists()
    calls = []

    def stop_after_two() -> bool:
        calls.append(1)
        return len(calls) >= 2

    stats = run_batch(client, paths, out, errors, resume=True, should_stop=stop_after_two)
    assert stats.interrupted and stats.resumed == 1 and stats.processed == 2
    assert not out.exists()
    lines = journal_path(out).read_text(encoding="utf-8").splitlines()
    journaled = [json.loads(line) for line in lines]
    assert len(journaled) == 3
    # records of dask-run files sit in shards (the empty file has none), not in the part file
    shards = [e["shard"] for e in journaled if e["shard"]]
    assert 1 <= len(shards) <= 2 and all((shard_dir(out) / s).is_file() for s in shards)
    (shard_dir(out) / shards[0]).unlink()  # a lost shard: its file runs again
    # the local engine finishes the dask run: it merges the part file and the shards
    stats, _ = run_extract(loaded, paths, out, errors, resume=True)
    assert stats.resumed == 2 and stats.processed == len(paths) - 2
    _same_output(out, clean)
    assert not part_path(out).exists()


def test_cli_scheduler_option(cluster, resume_case, tmp_path: Path) -> None:
    inputs, _, clean = resume_case
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(inputs), "-o", str(out), "--no-progress",
                                 "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "11 reports from 8/9 files" in result.stderr
    _same_output(out, clean)


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "no-port"])
def test_unreachable_scheduler_is_one_line(address: str, samples_dir: Path, tmp_path: Path,
                                          monkeypatch) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(samples_dir), "-o", str(out), "--no-progress",
                                 "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert f"cannot reach the Dask scheduler at {address}" in result.stderr
    assert not out.exists()


def test_without_dask_installed_says_how_to_install(samples_dir: Path, tmp_path: Path,
                                                   monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if absent
    result = runner.invoke(app, ["extract", str(samples_dir), "-o", str(tmp_path / "o.jsonl"),
                                 "--no-progress", "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install .[dask]" in result.stderr and "Traceback" not in result.stderr
