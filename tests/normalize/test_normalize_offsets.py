"""OffsetMap: runs, lookups, compact form."""

from __future__ import annotations

import pytest

from pipeline.normalize import OffsetMap


def test_runs_from_positions() -> None:
    m = OffsetMap.from_positions([0, 1, 2, 5, 6, 9])
    assert m.to_compact() == [[0, 0, 3], [3, 5, 2], [5, 9, 1]]
    assert [m.to_raw(i) for i in range(6)] == [0, 1, 2, 5, 6, 9]
    assert m.to_raw(6) == 10  # end offset
    assert m.span_to_raw(1, 4) == (1, 6)
    assert OffsetMap.from_compact(m.to_compact()) == m


def test_out_of_range() -> None:
    m = OffsetMap.from_positions([3, 4])
    with pytest.raises(IndexError):
        m.to_raw(3)
    with pytest.raises(IndexError):
        m.to_raw(-1)


def test_empty() -> None:
    m = OffsetMap.from_positions([])
    assert m.length == 0 and m.to_compact() == []
