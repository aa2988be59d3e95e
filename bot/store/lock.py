"""The lock the running bot holds on its state folder: one bot per database, no restore under it.

An `flock` on `bot.lock` beside the database, held for the life of the process: the
operating system lets go of it however the process ends, so a crash never leaves it stuck.
The file holds the holder's pid, for the message that names it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from bot.store.database import WRITABLE, StoreError

LOCK_FILE = "bot.lock"


class LockHeld(StoreError):
    """Another process holds the lock; `pid` is the one it wrote, if readable."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.pid = pid
        who = f"process {pid}" if pid else "another process"
        super().__init__(f"{who} already holds {path}: is the bot running?")


class RunLock:
    """An exclusive lock on the state folder of the database at `db_path`."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd = fd
        self.path = path

    @classmethod
    def acquire(cls, db_path: Path) -> RunLock:
        """Take the lock, or raise LockHeld (someone has it) or StoreError (cannot write)."""
        path = db_path.parent / LOCK_FILE
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot write in {path.parent} ({exc.strerror}): {WRITABLE}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise LockHeld(path, pid) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(fd, path)

    def release(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the file lets go of the lock
            self._fd = -1

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(os.pread(fd, 32, 0).decode().strip())
    return None
