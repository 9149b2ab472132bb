"""What a sync service offers, whatever its protocol (Tiny Tiny RSS, Google Reader, ...).

The engine (:mod:`feeds.sync.engine`) speaks only this interface, so a second
service is one more class, not a second engine. Ids are the server's, as text,
because services disagree on their shape (integers, long tag URIs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Protocol, Sequence

from ..core.errors import NewsreaderError

__all__ = ["RemoteEntry", "RemoteFeed", "SyncBackend", "SyncError", "SyncAuthError", "SyncUnavailable"]


class SyncError(NewsreaderError):
    """A sync failed; the message is one line, safe to print (never holds a credential)."""


class SyncAuthError(SyncError):
    """The server refused the user name or password (or has its API switched off)."""


class SyncUnavailable(SyncError):
    """The server could not be reached or answered with something that is not its API."""


@dataclass(frozen=True, slots=True)
class RemoteFeed:
    """A subscription on the server, with the folder it is filed in (None: unfiled)."""

    id: str
    url: str
    title: str
    folder: str | None
    #: Unread entries there (None: the service does not say): a sync reads the flags of a feed
    #: again only when this differs from the library's count.
    unread: int | None = None


@dataclass(frozen=True, slots=True)
class RemoteEntry:
    """One article as the server holds it: its content (HTML) and the user's flags."""

    id: str
    feed_id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    html: str
    read: bool
    starred: bool


class SyncBackend(Protocol):
    """A service's API. Every method raises :class:`SyncError` (one line) on failure."""

    def login(self) -> None:
        """Start a session; :class:`SyncAuthError` when the credentials are refused."""

    def subscriptions(self) -> list[RemoteFeed]:
        """Every subscription with its folder."""

    def entries_since(self, cursor: str | None) -> Iterator[tuple[list[RemoteEntry], str | None]]:
        """Pages of entries newer than ``cursor`` (None: all), each with the cursor after it."""

    def unread_ids(self, feed_id: str | None = None) -> set[str]:
        """The ids of every unread entry on the server (of one feed, given its id)."""

    def starred_ids(self) -> set[str]:
        """The ids of every starred entry on the server."""

    def mark_read(self, ids: Sequence[str], read: bool) -> None:
        """Set the read flag of these entries."""

    def mark_starred(self, ids: Sequence[str], starred: bool) -> None:
        """Set the starred flag of these entries."""

    def subscribe(self, url: str, folder_id: str | None = None) -> None:
        """Subscribe the server to a feed."""

    def unsubscribe(self, feed_id: str) -> None:
        """Unsubscribe the server from a feed."""

    def close(self) -> None:
        """Release the connection."""
