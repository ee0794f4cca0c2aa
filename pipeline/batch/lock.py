"""One run per output file: an advisory lock on `OUT.lock`.

`flock` is released by the kernel when the process dies (also on SIGKILL), so a crashed run
never leaves a lock that has to be removed by hand; the file itself is only a handle.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class LockError(Exception):
    """Another run holds the output; `str()` is one line saying which."""


def lock_path(out: Path) -> Path:
    return out.with_name(out.name + ".lock")


class OutputLock:
    def __init__(self, out: Path) -> None:
        self.path = lock_path(out)
        self.fd: int | None = None

    def acquire(self) -> OutputLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise LockError(
                f"{self.path}: another run (pid {holder}) is writing this output; "
                "wait for it to finish or choose another -o"
            ) from None
        if os.fstat(fd).st_size:  # a pid left by a killed run
            # (only then: on ext4 a file truncated to 0 and written is flushed to disk when
            # closed, which took up to 0.3 s of wall time before the pipeline was built)
            os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)  # still ours: we hold the lock
        finally:
            os.close(self.fd)  # closing releases the flock
            self.fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
