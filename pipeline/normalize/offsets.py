"""Map from normalized-text offsets back to offsets in the decoded source text."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class OffsetMap:
    """Runs `(norm_start, raw_start, length)`: inside a run characters map one to one.

    `raw` offsets index `SourceFile.text` (for HTML the text inscriptis extracted).
    """

    runs: tuple[tuple[int, int, int], ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(run[0] for run in self.runs))

    @classmethod
    def from_positions(cls, positions: Sequence[int]) -> OffsetMap:
        """Build from the raw offset of every normalized character.

        A run continues while each offset is the previous one + 1; the breaks are found
        with numpy (a Python loop per character cost ~0.4 us/char)."""
        n = len(positions)
        if n == 0:
            return cls(())
        raw = np.asarray(positions, dtype=np.int64)
        starts = np.flatnonzero(np.diff(raw) != 1) + 1
        starts = np.concatenate(([0], starts))
        lengths = np.diff(np.append(starts, n))
        return cls(tuple(zip(starts.tolist(), raw[starts].tolist(), lengths.tolist(),
                             strict=True)))

    @classmethod
    def from_compact(cls, runs: Sequence[Sequence[int]]) -> OffsetMap:
        return cls(tuple((int(a), int(b), int(c)) for a, b, c in runs))

    @property
    def length(self) -> int:
        """Length of the normalized text the map covers."""
        if not self.runs:
            return 0
        start, _, length = self.runs[-1]
        return start + length

    def to_raw(self, i: int) -> int:
        """Raw offset of normalized character `i`; `i == length` gives the end of the last one."""
        if i == self.length and self.runs:
            _, raw, length = self.runs[-1]
            return raw + length
        if not 0 <= i < self.length:
            raise IndexError(f"offset {i} outside normalized text of length {self.length}")
        k = bisect.bisect_right(self._starts, i) - 1
        start, raw, _ = self.runs[k]
        return raw + (i - start)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw range covering normalized `[start, end)` (end exclusive, non-empty span)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def to_compact(self) -> list[list[int]]:
        return [list(run) for run in self.runs]
