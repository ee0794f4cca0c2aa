"""Files to worker processes, results back in input order (or as they finish).

Workers are forked after the parent built the pipeline, so each starts with the pipeline
already in memory (copy-on-write) instead of building it again. Before the fork the parent
runs `warm` (one short doc through the pipeline, so whatever a component loads on first
use is loaded once, not once per worker) and freezes its heap out of the garbage
collector (`gc.freeze`: the workers' collections then never write to the pages they
share with the parent). Tasks go out biggest first (`cost`), so a big file does not start
last and leave one worker running alone at the end; results still come back in task
order (`ordered_map`) or as they finish (`finished_map`), so the output does not depend
on `--jobs`. Where `fork` does not exist the run stays in one process.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.pool
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


class _QuietPool(multiprocessing.pool.Pool):
    """multiprocessing's Pool whose worker-maintenance thread waits only for what it acts
    on (a worker exiting; the pool closed, terminated or out of tasks: the change
    notifier), not also for "a result is readable". With the result pipe in its wait list
    (CPython 3.8 and later) that thread spins without blocking from the moment a result
    arrives until the result thread has read it: ~1 ms of the parent's CPU per task
    (0.29 CPU-s for 300 tasks in a synthetic run, 0 with this class), taken from the
    workers when there are as many workers as cores."""

    def _get_sentinels(self) -> list:
        notifier = getattr(self, "_change_notifier", None)
        if notifier is None:  # another Pool implementation: keep its own
            return super()._get_sentinels()
        return [notifier._reader]


def _call(item: tuple[int, Any]) -> tuple[int, Any]:
    assert _FN is not None
    index, task = item
    return index, _FN(task)


def ordered_map(
    fn: Callable[[Any], Any],
    tasks: Iterable[Any],
    jobs: int,
    cost: Callable[[Any], float] | None = None,
    warm: Callable[[], object] | None = None,
) -> Iterator[Any]:
    """`map(fn, tasks)` on `jobs` processes, in task order."""
    return _pool_map(fn, tasks, jobs, True, cost, warm)


def finished_map(
    fn: Callable[[Any], Any],
    tasks: Iterable[Any],
    jobs: int,
    cost: Callable[[Any], float] | None = None,
    warm: Callable[[], object] | None = None,
) -> Iterator[Any]:
    """`map(fn, tasks)` on `jobs` processes, each result as soon as it is done (journaled
    runs: a file finished behind a slow one is journaled at once, not held in memory where
    a SIGKILL would lose it; the output is assembled in input order later)."""
    return _pool_map(fn, tasks, jobs, False, cost, warm)


def submission_order(tasks: list[Any], cost: Callable[[Any], float] | None) -> list[int]:
    """Task indexes, most costly first (ties in task order): with the big files started
    first, the last minutes of a run are small files spread over every worker."""
    if cost is None:
        return list(range(len(tasks)))
    costs = [cost(task) for task in tasks]
    return sorted(range(len(tasks)), key=lambda i: (-costs[i], i))


def _pool_map(
    fn: Callable[[Any], Any],
    tasks: Iterable[Any],
    jobs: int,
    ordered: bool,
    cost: Callable[[Any], float] | None,
    warm: Callable[[], object] | None,
) -> Iterator[Any]:
    tasks = list(tasks)
    if jobs <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(fn, tasks)
        return
    if warm is not None:
        warm()
    global _FN
    _FN = fn  # inherited by the forked workers
    ctx = multiprocessing.get_context("fork")
    # What exists now is shared with the workers: keep their GC off it. Only the young
    # generations are collected first: a full collection of the built pipeline costs
    # ~0.07 CPU-s of the serial start-up and found a few dozen objects (kept, frozen).
    gc.collect(1)
    gc.freeze()
    try:
        pool = _QuietPool(min(jobs, len(tasks)), initializer=_init_worker, context=ctx)
    finally:
        gc.unfreeze()  # the parent's own heap is collected as before
    try:
        items = [(i, tasks[i]) for i in submission_order(tasks, cost)]
        results = pool.imap_unordered(_call, items, chunksize=1)
        yield from _in_order(results) if ordered else (result for _, result in results)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _FN = None


def _in_order(results: Iterable[tuple[int, Any]]) -> Iterator[Any]:
    """Results tagged with their task index, yielded in task order (the ones that finish
    early wait here until every task before them is done)."""
    waiting: dict[int, Any] = {}
    following = 0
    for index, result in results:
        waiting[index] = result
        while following in waiting:
            yield waiting.pop(following)
            following += 1
