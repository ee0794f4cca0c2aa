"""Files to worker processes, results back in input order.

Workers are forked after the parent built the pipeline, so each starts with the pipeline
already in memory (copy-on-write) instead of building it again; `imap` returns results in
task order whatever order they finish in, so the output does not depend on `--jobs`.
Where `fork` does not exist the run stays in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_FN: Callable[[Any], Any] | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    # The parent decides when to stop (it finishes, journals, and says how to resume);
    # a Ctrl-C sent to the whole process group must not kill a worker mid-file.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(task: Any) -> Any:
    assert _FN is not None
    return _FN(task)


def ordered_map(fn: Callable[[Any], Any], tasks: Iterable[Any], jobs: int) -> Iterator[Any]:
    """`map(fn, tasks)` on `jobs` processes, in task order."""
    return _pool_map(fn, tasks, jobs, ordered=True)


def finished_map(fn: Callable[[Any], Any], tasks: Iterable[Any], jobs: int) -> Iterator[Any]:
    """`map(fn, tasks)` on `jobs` processes, each result as soon as it is done (journaled
    runs: a file finished behind a slow one is journaled at once, not held in memory where
    a SIGKILL would lose it; the output is assembled in input order later)."""
    return _pool_map(fn, tasks, jobs, ordered=False)


def _pool_map(
    fn: Callable[[Any], Any], tasks: Iterable[Any], jobs: int, ordered: bool
) -> Iterator[Any]:
    tasks = list(tasks)
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, tasks)
        return
    global _FN
    _FN = fn  # inherited by the forked workers
    ctx = multiprocessing.get_context("fork")
    pool = ctx.Pool(min(jobs, len(tasks)), initializer=_init_worker)
    try:
        imap = pool.imap if ordered else pool.imap_unordered
        yield from imap(_call, tasks, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _FN = None
