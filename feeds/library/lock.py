"""Who may use a library file at the same time (I7, S4).

Several newsreader processes share one library the way SQLite allows: the
reader, a cron ``newsreader refresh`` and an ``add`` all write through short
WAL transactions, and SQLite's own locking (with a busy timeout) orders them.
What SQLite cannot coordinate is *replacing or restructuring the file* while
another process has it open: a migration rewrites the schema under a process
that still runs the old code, and a repair moves the damaged file aside, so a
process still holding it would keep writing into the copy.

So every open library holds a **shared** ``flock`` on ``<db>.lock`` for its
whole life, and the two operations that need the file to themselves hold it
**exclusively**: an opener first tries for the exclusive lock (without
waiting), checks, migrates or repairs while it has it, then steps down to
shared. An opener that cannot get it exclusively (someone else has the library
open) waits briefly for a shared lock — a repair or migration in progress holds
the exclusive one for a moment — and then goes on without the right to migrate
or repair (the store says so if it would have to).

The kernel drops a ``flock`` when its holder dies, even by SIGKILL, so a stale
lock needs no clean-up. The file itself is left in place (removing it would let
two processes lock two different inodes). The PID of the exclusive holder is
written into it, so a waiting process can say who is busy.

``flock`` locks belong to the open file description: a second
:class:`LibraryLock` in the *same* process conflicts with the first exactly as
another process would, which is what a repair needs.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

from .errors import LibraryError, LibraryLocked

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, SQLite's own locking only
    fcntl = None  # type: ignore[assignment]

__all__ = ["DEFAULT_SHARED_WAIT", "LibraryLock", "lock_path_for", "place_is_writable", "read_holder_pid"]

#: How long an opener waits for another process's repair or migration to finish.
DEFAULT_SHARED_WAIT = 30.0
_BUSY_ERRNOS = (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def read_holder_pid(lock_path: Path) -> int | None:
    """The PID written by the current exclusive holder, if it can be read."""
    try:
        with open(lock_path, "rb") as f:
            raw = f.read(32)
        pid = int(raw.strip() or b"0")
        return pid if pid > 0 else None
    except (OSError, ValueError):
        return None


class LibraryLock:
    """A shared-or-exclusive advisory lock on ``<db>.lock``.

    ``readonly=True`` never creates the lock file: it locks the file if it
    exists and can be opened, and otherwise holds nothing (a read-only folder
    cannot hold a writer either).
    """

    def __init__(self, db_path: Path, *, readonly: bool = False) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.readonly = readonly
        self._fd: int | None = None
        self.exclusive = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _open(self) -> int | None:
        if self._fd is not None:
            return self._fd
        cloexec = getattr(os, "O_CLOEXEC", 0)
        try:
            if self.readonly:
                self._fd = os.open(self.path, os.O_RDONLY | cloexec)
            else:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | cloexec, 0o600)
        except OSError as exc:
            if self.readonly:
                return None  # no lock file (or unreadable): nothing to coordinate with
            raise LibraryError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None
        return self._fd

    def _flock(self, flags: int) -> bool:
        """One non-blocking attempt; False when someone else's lock is in the way."""
        if fcntl is None or self._fd is None:  # pragma: no cover
            return True
        try:
            fcntl.flock(self._fd, flags | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in _BUSY_ERRNOS:
                return False
            raise LibraryError(f"cannot lock {self.path}: {exc.strerror or exc}") from None

    def try_exclusive(self) -> bool:
        """Take the lock exclusively if nobody else holds it at all; never waits."""
        if self._open() is None or self.readonly:
            return False
        if fcntl is not None and not self._flock(fcntl.LOCK_EX):
            return False
        self.exclusive = True
        self._write_pid(f"{os.getpid()}\n")
        return True

    def acquire_shared(self, wait: float = DEFAULT_SHARED_WAIT) -> None:
        """Take (or step down to) the shared lock, waiting up to ``wait`` s for an exclusive holder."""
        if self._open() is None or fcntl is None:
            return
        if self.exclusive:
            self._write_pid("")
        deadline = time.monotonic() + max(0.0, wait)
        delay = 0.02
        while not self._flock(fcntl.LOCK_SH):
            if time.monotonic() >= deadline:
                pid = read_holder_pid(self.path)
                self.release()
                raise LibraryLocked(self.db_path, pid) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
        self.exclusive = False

    def _write_pid(self, text: str) -> None:
        if self._fd is None or self.readonly:
            return
        try:
            os.ftruncate(self._fd, 0)
            if text:
                os.pwrite(self._fd, text.encode(), 0)
        except OSError:
            pass  # the PID is informative only; the flock is what counts

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if self.exclusive:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
        self.exclusive = False
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def place_is_writable(db_path: Path) -> bool:
    """Whether this process may write the library file and its folder (-wal, -shm, lock).

    ``os.access`` answers for the real user and for read-only mounts (EROFS),
    so root on a writable disk is told yes, as SQLite would find.
    """
    folder = db_path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not db_path.exists() or os.access(db_path, os.W_OK)

