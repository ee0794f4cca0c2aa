"""`bulletin extract --engine dask`: the batch on a Dask cluster (`pip install .[dask]`).

The work unit is one input file, run by the same `extract_file` as the local engine. Each
worker builds the pipeline once, when it joins (`PipelinePlugin`, a Dask worker plugin:
it also reaches workers that join later), from a recipe the client sends: the config path
or saved pipeline folder, so workers must see the same paths as the client (a shared
filesystem mounted at the same place, the package installed on every worker). A worker
writes a file's records to its own shard, `OUT.shards/<name>.jsonl`; the client journals
each finished file with its shard (the journal is the shards' manifest, `batch.journal`),
and when every file is done merges the shards in input order into OUT, exactly as the
local engine assembles its part file: the bytes are the same as `--jobs 1`. Lock, journal,
`--resume` and signals work as for the local engine (`extract.run_extract`).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .journal import Journal
from .lock import OutputLock

if TYPE_CHECKING:
    from ..extract import ExtractStats
    from ..ingest.sidecar import SourceMeta

PLUGIN_NAME = "bulletin-pipeline"
INSTALL_HINT = "install with pip install .[dask] (dask[distributed])"
CONNECT_TIMEOUT = "10s"


class DaskEngineError(Exception):
    """The cluster cannot be used (not installed, unreachable, a worker cannot build the
    pipeline or see the files); `str()` is one line."""


@dataclass(frozen=True)
class PipelineRecipe:
    """How a worker builds the pipeline: a config file, a saved pipeline folder, or neither
    (the config shipped with the worker's own install). Paths are absolute."""

    config: str | None = None
    saved: str | None = None
    t2s: bool = True

    @classmethod
    def of(cls, config: Path | None, saved: Path | None, t2s: bool) -> PipelineRecipe:
        return cls(str(config.resolve()) if config else None,
                   str(saved.resolve()) if saved else None, t2s)


@dataclass(frozen=True)
class FileTask:
    """One input file for a worker: everything per-run that `_Job` holds for it."""

    path: Path | str
    data: bytes | None  # stdin's bytes
    cwd: str  # the client's folder: relative input paths are read (and shown) from it
    shard_dir: str
    meta: Mapping[Path, SourceMeta] | None = None  # its manifest entry, by resolved path
    id_stem: str | None = None


@dataclass
class ShardResult:
    """What a worker sends back: the file's journal fields, its records stay in the shard."""

    name: str
    sha256: str | None
    shard: str | None
    records: int
    length: int
    chars: int
    errors: list[dict] = field(default_factory=list)


def _worker_plugin_base() -> type:
    try:
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError:  # the client reports this (require_distributed); workers have it
        return object
    return WorkerPlugin


class PipelinePlugin(_worker_plugin_base()):  # type: ignore[misc]
    """Builds the pipeline once per worker process and runs files with it."""

    name = PLUGIN_NAME
    idempotent = False  # a new run's recipe replaces an old one on long-lived workers

    def __init__(self, recipe: PipelineRecipe) -> None:
        self.recipe = recipe
        self.job: Any = None  # extract._Job without the per-file fields, once built
        self.lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"recipe": self.recipe}  # only the recipe travels; workers build the rest

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["recipe"])  # type: ignore[misc]

    def setup(self, worker: Any) -> Awaitable[None]:
        if threading.current_thread() is threading.main_thread():
            # Ctrl-C in a terminal reaches every process of the group: the client decides
            # when to stop (it finishes the file in flight, journals, says how to resume).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Built on a thread: the worker's event loop keeps answering the scheduler meanwhile
        # (seconds of model loading would otherwise block its heartbeats).
        return asyncio.get_running_loop().run_in_executor(None, self._build)

    def _build(self) -> None:
        self.job = build_job(self.recipe)

    def run(self, task: FileTask) -> ShardResult:
        from ..extract import extract_file

        # One file at a time per process: the pipeline is not shared between threads, and
        # the working folder is the client's while the file runs.
        with self.lock, _working_folder(task.cwd):
            job = self.job.with_file(task)
            result = extract_file(job, task.path, task.data)
        shard, length = _write_shard(Path(task.shard_dir), result.name, result.sha256,
                                     result.lines)
        return ShardResult(result.name, result.sha256, shard, len(result.lines), length,
                           result.chars, [e.to_dict() for e in result.errors])


def build_job(recipe: PipelineRecipe) -> Any:
    from ..extract import make_normalizer, pipeline_info
    from ..ingest import load_ingest_settings
    from ..nlp import build_pipeline, load_saved_pipeline

    if recipe.saved:
        loaded = load_saved_pipeline(Path(recipe.saved))
    else:
        loaded = build_pipeline(Path(recipe.config) if recipe.config else None)
    return _WorkerJob(loaded, pipeline_info(loaded),
                      make_normalizer(recipe.t2s, loaded.normalize_settings),
                      loaded.ingest_settings or load_ingest_settings())


@dataclass(frozen=True)
class _WorkerJob:
    loaded: Any
    info: Any
    normalizer: Any
    settings: Any

    def with_file(self, task: FileTask) -> Any:
        from ..extract import _Job, display_name

        stems = {display_name(task.path): task.id_stem} if task.id_stem else {}
        return _Job(self.loaded, self.info, self.normalizer, self.settings, task.meta, stems)


@contextmanager
def _working_folder(cwd: str) -> Iterator[None]:
    old = os.getcwd()
    if old == cwd:
        yield
        return
    try:
        os.chdir(cwd)
    except OSError as err:
        raise DaskEngineError(
            f"worker cannot see {cwd} ({err.strerror}): inputs and output must be on a "
            "filesystem every worker mounts at the same path") from None
    try:
        yield
    finally:
        os.chdir(old)


def _write_shard(
    folder: Path, name: str, sha256: str | None, lines: list[str]
) -> tuple[str | None, int]:
    """Write a file's records whole under a temporary name, then rename: a shard that
    exists is complete. Its name depends on the input's name and content only."""
    if not lines:
        return None, 0
    key = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    shard = f"{key}-{(sha256 or 'none')[:12]}.jsonl"
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{shard}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / shard)
    return shard, len(data)


def _run_task(task: FileTask) -> ShardResult:
    from distributed import get_worker

    return get_worker().plugins[PLUGIN_NAME].run(task)


def _worker_config_hash(dask_worker: Any) -> str:
    return dask_worker.plugins[PLUGIN_NAME].job.info.config_hash


def require_distributed() -> None:
    """Stop with one line when dask.distributed is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskEngineError(f"--engine dask needs dask.distributed: {INSTALL_HINT}") from None


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client on the scheduler at `scheduler`, or on a new LocalCluster of `workers`
    single-threaded processes."""
    require_distributed()
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:  # ValueError: a bad address
                raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler}: "
                                      f"{_one_line(err)}") from None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def start_workers(client: Any, recipe: PipelineRecipe) -> str:
    """Send the recipe to every worker (and to any that joins later); each builds the
    pipeline once. Returns the pipeline's config hash, the same on every worker."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError):
        raise DaskEngineError("the Dask scheduler has no workers (start some with "
                              "`dask worker ADDRESS`)") from None
    try:
        client.register_plugin(PipelinePlugin(recipe), name=PLUGIN_NAME)
    except Exception as err:  # noqa: BLE001 - any build failure, reported as one line
        raise DaskEngineError(f"a Dask worker cannot build the pipeline: {_one_line(err)}"
                              ) from None
    hashes = set(client.run(_worker_config_hash).values())
    if len(hashes) != 1:
        raise DaskEngineError(f"Dask workers built different pipelines (config hashes "
                              f"{', '.join(sorted(hashes))}): install the same version and "
                              "configs on every worker")
    return hashes.pop()


def run_batch(
    client: Any,
    paths: list[Path | str],
    out_path: Path,
    errors_path: Path | None,
    read_stdin: Callable[[], bytes] | None = None,
    on_file: Callable[[str], None] | None = None,
    manifest: Mapping[Path, SourceMeta] | None = None,
    resume: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> ExtractStats:
    """The journaled batch of `run_extract` with files run on the cluster's workers."""
    from ..extract import ExtractStats, file_done, finish_batch, id_stems, pending_files

    stats = ExtractStats()
    data = {"-": read_stdin()} if read_stdin and any(str(p) == "-" for p in paths) else {}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with OutputLock(out_path):
        journal = Journal(out_path, resume)
        stats.discarded_journal = journal.discarded
        try:
            todo = pending_files(paths, data, journal, stats, on_file)
            tasks = _tasks(todo, journal.shard_dir, manifest, id_stems(paths))
            for result in _run_on_cluster(client, tasks):
                journal.record_shard(result.name, result.sha256, result.shard,
                                     result.records, result.length, result.chars,
                                     result.errors)
                if file_done(stats, result.name, on_file, should_stop):
                    break
        finally:
            journal.close()
        if stats.interrupted:
            return stats
        finish_batch(journal, paths, out_path, errors_path, stats)
    return stats


def _tasks(
    todo: list[tuple[Path | str, bytes | None]],
    shards: Path,
    manifest: Mapping[Path, SourceMeta] | None,
    stems: Mapping[str, str],
) -> list[FileTask]:
    from ..extract import display_name

    cwd = os.getcwd()
    tasks = []
    for path, data in todo:
        meta = None
        if manifest and str(path) != "-":
            key = Path(path).resolve()
            meta = {key: manifest[key]} if key in manifest else None
        tasks.append(FileTask(path, data, cwd, str(shards.resolve()), meta,
                              stems.get(display_name(path))))
    return tasks


def _run_on_cluster(client: Any, tasks: list[FileTask]) -> Iterator[ShardResult]:
    """Results in the order files finish; a few files per worker thread are in flight at a
    time, so a stop loses little and memory stays bounded on huge batches."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    window = 2 * max(1, sum(client.nthreads().values()))
    pending = iter(tasks)
    by_key: dict[str, FileTask] = {}
    running = as_completed()

    def submit_next() -> None:
        task = next(pending, None)
        if task is not None:
            future = client.submit(_run_task, task, key=f"bulletin-file-{uuid.uuid4().hex}",
                                   pure=False)
            by_key[future.key] = task
            running.add(future)

    for _ in range(window):
        submit_next()
    try:
        for future in running:
            task = by_key.pop(future.key)
            try:
                yield future.result()
            except KilledWorker:  # the file killed its workers (memory?): an error line
                yield _lost(task)
            except DaskEngineError:
                raise
            except Exception as err:  # noqa: BLE001 - infrastructure, not one file's content
                raise DaskEngineError(f"{task.path}: worker failed: {_one_line(err)}"
                                      ) from None
            submit_next()
    finally:
        futures = list(running.futures)
        if futures:
            client.cancel(futures)


def _lost(task: FileTask) -> ShardResult:
    from ..extract import BatchError, display_name

    name = display_name(task.path)
    error = BatchError(name, None, "internal", "internal error: the Dask workers running "
                       "this file died (out of memory?)", "extract")
    return ShardResult(name, None, None, 0, 0, 0, [error.to_dict()])


def _one_line(err: BaseException) -> str:
    text = " ".join(line.strip() for line in str(err).splitlines() if line.strip())
    return text or type(err).__name__
