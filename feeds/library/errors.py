"""The library's exceptions: each one prints as a single line a user can act on.

They live apart from :mod:`feeds.library.store` so that :mod:`feeds.library.lock` and
:mod:`feeds.library.schema` can raise them; import them from :mod:`feeds.library.store`.
"""

from __future__ import annotations

from ..core.errors import NewsreaderError
from ..core.sanitize import sanitize_line

__all__ = ["LibraryError", "LibraryLocked", "LibraryDamaged", "StorageBusy", "WritesLost"]


class LibraryError(NewsreaderError):
    """The library cannot be opened, read or written. ``str(err)`` is one line."""

    def __init__(self, message: str) -> None:
        self.message = sanitize_line(message, limit=500) or "library error"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class LibraryLocked(LibraryError):
    """The library needs the file to itself (repair, upgrade) and another process has it open,
    or another process is repairing or upgrading it right now."""

    def __init__(self, path: object, pid: int | None, message: str | None = None) -> None:
        self.path = str(path)
        self.pid = pid
        who = f"PID {pid}" if pid else "PID unknown"
        super().__init__(message or f"another newsreader ({who}) is repairing or upgrading {path}; "
                                    "try again in a moment")


class LibraryDamaged(LibraryError):
    """The file was damaged; it was moved aside (``saved_to``) and a fresh library built
    from every row that could still be read (the counts say how much)."""

    def __init__(self, message: str, *, saved_to: object = None, recovered_feeds: int = 0,
                 recovered_entries: int = 0, lost_entries: int = 0, kept_read: int = 0,
                 kept_starred: int = 0) -> None:
        self.saved_to = str(saved_to) if saved_to is not None else None
        self.recovered_feeds = recovered_feeds
        self.recovered_entries = recovered_entries
        self.lost_entries = lost_entries
        self.kept_read = kept_read
        self.kept_starred = kept_starred
        super().__init__(message)


class StorageBusy(LibraryError):
    """Another writer kept the database locked for longer than the busy timeout."""


class WritesLost(LibraryError):
    """The shared transaction of :meth:`Library.writes_together` is gone: none of its writes were kept.

    A write inside failed (and rolled it back), or its ``COMMIT`` failed. The
    writes may be made again, each on its own.
    """
