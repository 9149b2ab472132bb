"""The single-writer lock (I7, S4): one newsreader writes a library at a time.

A lock file beside the database (``library.sqlite.lock``) is held with
``flock(LOCK_EX | LOCK_NB)`` for the life of the writer and holds its PID, so a
second instance can say who is running. The kernel drops a ``flock`` when its
holder dies, even by SIGKILL, so a stale lock needs no clean-up: the next
instance simply gets it. The file itself is left in place (removing it would
let two processes lock two different inodes).

``flock`` locks belong to the open file description, so a second
:class:`WriterLock` on the same path in the *same* process is refused too.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from .store_errors import LibraryError, LibraryLocked

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, SQLite's own locking only
    fcntl = None  # type: ignore[assignment]

__all__ = ["WriterLock", "lock_path_for", "read_holder_pid"]


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def read_holder_pid(lock_path: Path) -> int | None:
    """The PID written by the current holder, if it can be read."""
    try:
        with open(lock_path, "rb") as f:
            raw = f.read(32)
        pid = int(raw.strip() or b"0")
        return pid if pid > 0 else None
    except (OSError, ValueError):
        return None


class WriterLock:
    """An exclusive advisory lock on ``<db>.lock``; ``acquire`` raises :class:`LibraryLocked`."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: float = 0.0) -> None:
        """Take the lock, retrying for up to ``wait`` seconds while someone else has it."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:
            raise LibraryError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None
        if fcntl is None:  # pragma: no cover
            self._fd = fd
            return
        deadline = time.monotonic() + max(0.0, wait)
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise LibraryError(f"cannot lock {self.path}: {exc.strerror or exc}") from None
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LibraryLocked(self.db_path, read_holder_pid(self.path)) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the PID is informative only; the flock is what counts
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> "WriterLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
