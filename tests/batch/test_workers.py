"""Worker pools: `ordered_map` keeps task order, `finished_map` gives each result when done."""

from __future__ import annotations

import gc
import time

from pipeline.batch import finished_map, ordered_map
from pipeline.batch.workers import submission_order


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_ordered_map_keeps_task_order() -> None:
    assert list(ordered_map(_nap, [1.0, 0.0, 0.1], jobs=2)) == [1.0, 0.0, 0.1]


def test_finished_map_yields_results_as_they_finish() -> None:
    # the slow first file must not hold back the journaling of the ones done after it
    assert list(finished_map(_nap, [2.0, 0.0, 0.1], jobs=2)) == [0.0, 0.1, 2.0]
    assert list(finished_map(_nap, [0.2, 0.0], jobs=1)) == [0.2, 0.0]  # one process: in order


def test_submission_order_is_biggest_first_ties_in_task_order() -> None:
    assert submission_order(["bb", "a", "ccc", "dd"], len) == [2, 0, 3, 1]
    assert submission_order(["bb", "a"], None) == [0, 1]


def test_ordered_map_with_costs_still_yields_in_task_order() -> None:
    # the costs send the last task out first; results must come back in task order
    tasks = [0.0, 0.1, 0.3, 0.0, 0.2]
    assert list(ordered_map(_nap, tasks, jobs=2, cost=lambda t: tasks.index(t))) == tasks


_WARMED: list[str] = []


def _warm() -> None:
    _WARMED.append("warm")


def _seen_by_worker(_: int) -> tuple[list[str], int]:
    return list(_WARMED), gc.get_freeze_count()


def test_workers_inherit_the_warmed_parent_and_a_frozen_heap() -> None:
    _WARMED.clear()
    results = list(ordered_map(_seen_by_worker, [1, 2], jobs=2, warm=_warm))
    assert _WARMED == ["warm"]  # once, in the parent
    for warmed, frozen in results:
        assert warmed == ["warm"]  # forked after the warm-up
        assert frozen > 0  # the parent's objects are out of the workers' collections
    assert gc.get_freeze_count() == 0  # the parent collects its heap as before


def test_one_job_neither_warms_nor_forks() -> None:
    _WARMED.clear()
    assert list(ordered_map(_seen_by_worker, [1, 2], jobs=1, warm=_warm)) == [([], 0)] * 2
