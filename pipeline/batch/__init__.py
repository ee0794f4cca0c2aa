"""Running `bulletin extract` over large batches: worker processes, a run journal for
`--resume`, and a lock so two runs never write one output."""

from .journal import Journal, JournalEntry
from .lock import LockError, OutputLock
from .workers import finished_map, ordered_map

__all__ = ["Journal", "JournalEntry", "LockError", "OutputLock", "finished_map", "ordered_map"]
