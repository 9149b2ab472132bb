"""The library's exceptions: each one prints as a single line a user can act on.

They live apart from :mod:`feeds.store` so that :mod:`feeds.lock` and
:mod:`feeds.schema` can raise them; import them from :mod:`feeds.store`.
"""

from __future__ import annotations

from .sanitize import sanitize_line

__all__ = ["LibraryError", "LibraryLocked", "LibraryDamaged", "StorageBusy"]


class LibraryError(Exception):
    """The library cannot be opened, read or written. ``str(err)`` is one line."""

    def __init__(self, message: str) -> None:
        self.message = sanitize_line(message, limit=500) or "library error"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class LibraryLocked(LibraryError):
    """Another process (or another :class:`~feeds.store.Library` here) holds the writer lock."""

    def __init__(self, path: object, pid: int | None) -> None:
        self.path = str(path)
        self.pid = pid
        who = f"PID {pid}" if pid else "PID unknown"
        super().__init__(f"newsreader is already running ({who}) on {path}")


class LibraryDamaged(LibraryError):
    """The file was damaged; it was moved aside (``saved_to``) and a fresh library built."""

    def __init__(self, message: str, *, saved_to: object = None, recovered_feeds: int = 0) -> None:
        self.saved_to = str(saved_to) if saved_to is not None else None
        self.recovered_feeds = recovered_feeds
        super().__init__(message)


class StorageBusy(LibraryError):
    """Another writer kept the database locked for longer than the busy timeout."""
