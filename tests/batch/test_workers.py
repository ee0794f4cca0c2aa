"""Worker pools: `ordered_map` keeps task order, `finished_map` gives each result when done."""

from __future__ import annotations

import time

from pipeline.batch import finished_map, ordered_map


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_ordered_map_keeps_task_order() -> None:
    assert list(ordered_map(_nap, [1.0, 0.0, 0.1], jobs=2)) == [1.0, 0.0, 0.1]


def test_finished_map_yields_results_as_they_finish() -> None:
    # the slow first file must not hold back the journaling of the ones done after it
    assert list(finished_map(_nap, [2.0, 0.0, 0.1], jobs=2)) == [0.0, 0.1, 2.0]
    assert list(finished_map(_nap, [0.2, 0.0], jobs=1)) == [0.2, 0.0]  # one process: in order
