"""The run journal: what a run has finished, so `--resume` can skip it.

Beside `OUT` a run keeps `OUT.journal.jsonl` (one line per finished input file: its name,
sha256, status, record count, its errors, and where its records sit in `OUT.records.part`)
and `OUT.records.part` (the record lines, appended in the order files finish). A file's
records are written and flushed before its journal line, so after a crash (SIGKILL) every
journal line points at complete records; resuming cuts `OUT.records.part` back to the end
of the last journaled file and drops a torn last journal line. When the run ends the final
output is assembled in input order from the part file, and both files are removed.

The Dask engine's workers write each file's records to a shard of their own,
`OUT.shards/<name>.jsonl` (written whole, then renamed), and the journal line names the
shard instead of a place in the part file: the journal is the shards' manifest. A line
whose shard is missing or of another size is dropped on resume (that file runs again).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class JournalEntry:
    file: str
    sha256: str | None
    status: str  # "done" | "failed"
    records: int
    offset: int  # byte offset of the file's records in the part file
    length: int  # bytes of those records
    chars: int = 0
    errors: list[dict] = field(default_factory=list)
    shard: str | None = None  # file name in OUT.shards/ holding the records (Dask engine)


def journal_path(out: Path) -> Path:
    return out.with_name(out.name + ".journal.jsonl")


def part_path(out: Path) -> Path:
    return out.with_name(out.name + ".records.part")


def shard_dir(out: Path) -> Path:
    return out.with_name(out.name + ".shards")


class Journal:
    """Open for appending; `entries` holds what earlier runs (with resume) finished."""

    def __init__(self, out: Path, resume: bool) -> None:
        self.path = journal_path(out)
        self.part_path = part_path(out)
        self.shard_dir = shard_dir(out)
        self.entries: dict[str, JournalEntry] = {}
        self.discarded = False
        if resume:
            self._load()
        elif self.path.exists() or self.part_path.exists() or self.shard_dir.exists():
            self.discarded = True  # an unfinished run the caller chose not to resume
            shutil.rmtree(self.shard_dir, ignore_errors=True)
        end = max((e.offset + e.length for e in self.entries.values() if e.shard is None),
                  default=0)
        self.part = open(self.part_path, "ab" if self.entries else "wb")  # noqa: SIM115
        self.part.truncate(end)  # records of a file in flight when the last run died
        self.part.seek(end)
        self._rewrite()
        self.log = open(self.path, "a", encoding="utf-8")  # noqa: SIM115

    @property
    def exists(self) -> bool:
        return bool(self.entries)

    def _load(self) -> None:
        if not self.path.exists():
            return
        size = self.part_path.stat().st_size if self.part_path.exists() else 0
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = JournalEntry(**json.loads(line))
            except (ValueError, TypeError):
                break  # a line torn by a crash: everything after it is unknown
            if entry.shard is not None:
                if self._shard_size(entry.shard) == entry.length:
                    self.entries[entry.file] = entry
                else:
                    self.entries.pop(entry.file, None)  # shard lost: run the file again
                continue
            if entry.offset + entry.length > size:
                break
            self.entries[entry.file] = entry

    def _shard_size(self, shard: str) -> int | None:
        try:
            return (self.shard_dir / shard).stat().st_size
        except OSError:
            return None

    def _rewrite(self) -> None:
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_text("".join(_line(e) for e in self.entries.values()), encoding="utf-8")
        os.replace(tmp, self.path)

    def done(self, name: str, sha256: str | None) -> JournalEntry | None:
        """The entry of a file finished earlier with the same content, if any."""
        entry = self.entries.get(name)
        return entry if entry is not None and entry.sha256 == sha256 else None

    def record(
        self, name: str, sha256: str | None, lines: list[str], chars: int, errors: list[dict]
    ) -> JournalEntry:
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        offset = self.part.tell()
        self.part.write(data)
        self.part.flush()
        os.fsync(self.part.fileno())
        entry = JournalEntry(
            name, sha256, "done" if lines else "failed", len(lines), offset, len(data), chars,
            errors,
        )
        return self.add(entry)

    def record_shard(
        self, name: str, sha256: str | None, shard: str | None, records: int, length: int,
        chars: int, errors: list[dict],
    ) -> JournalEntry:
        """A file whose records a worker already wrote to `shard` (None: no records)."""
        entry = JournalEntry(name, sha256, "done" if records else "failed", records, 0, length,
                             chars, errors, shard)
        return self.add(entry)

    def add(self, entry: JournalEntry) -> JournalEntry:
        self.entries[entry.file] = entry
        self.log.write(_line(entry))
        self.log.flush()
        os.fsync(self.log.fileno())
        return entry

    def read(self, entry: JournalEntry) -> bytes:
        path = self.part_path if entry.shard is None else self.shard_dir / entry.shard
        with open(path, "rb") as f:
            f.seek(entry.offset)
            data = f.read(entry.length)
        if len(data) != entry.length:  # a shard changed under us: never merge a partial one
            raise OSError(f"{path}: {len(data)} bytes, the journal says {entry.length}; "
                          "rerun with --resume")
        return data

    def close(self) -> None:
        self.part.close()
        self.log.close()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)
        self.part_path.unlink(missing_ok=True)
        shutil.rmtree(self.shard_dir, ignore_errors=True)


def _line(entry: JournalEntry) -> str:
    return json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True) + "\n"
