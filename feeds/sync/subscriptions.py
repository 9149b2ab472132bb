"""Subscribing and unsubscribing a feed the sync server fetches: the server first, the library after.

With a sync service configured the server holds the subscriptions: a feed
added only here would be fetched twice (here and there, as different entries)
and one removed only here comes back with the next sync. So ``add`` asks the
server to subscribe and then takes the server's list of feeds (the new one is
in the library at once, marked remote; its articles come with the next sync),
and ``remove`` asks the server to unsubscribe and deletes the feed here only
once the server said yes. When the server cannot be asked, nothing changes
here and the caller gets one line (:class:`SyncError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeVar

from ..core.urls import display_url
from .backend import SyncAuthError, SyncBackend, SyncError, SyncUnavailable
from .engine import SyncSettings, make_backend
from .status import NOT_CONFIGURED

__all__ = ["Added", "add_on_server", "remove_on_server"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Added:
    """The feed as the library now has it, and whether the folder asked for exists on the server."""

    feed: object  # feeds.library.records.Feed
    #: The server has no folder by that name (tt-rss's API cannot create one): the feed is unfiled there.
    folder_missing: bool = False


def _with_backend(settings: SyncSettings | None, work: Callable[[SyncBackend], T]) -> T:
    """Run ``work`` against a logged-in backend, closed afterwards whatever happens."""
    if settings is None:
        raise SyncError(NOT_CONFIGURED)
    backend = make_backend(settings)
    try:
        backend.login()
        return work(backend)
    finally:
        backend.close()


def _remote_id(library, feed_id: int) -> str | None:
    """The server's id of a local feed, None for a feed only this library has."""
    return next((remote for remote, local in library.remote_feeds().items() if local == feed_id), None)


def add_on_server(library, settings: SyncSettings | None, url: str, folder: str | None = None) -> Added:
    """Subscribe the server to ``url`` (in ``folder`` when the server has it) and list it here as remote."""
    def work(backend: SyncBackend) -> Added:
        folder_id = None
        lookup = getattr(backend, "folder_id", None)  # services that file feeds by category id
        if folder and lookup is not None:
            folder_id = lookup(folder)
        backend.subscribe(url, folder_id)
        before = set(library.remote_feeds())
        remote = backend.subscriptions()
        mapping = library.apply_remote_feeds(remote)
        match = [f.id for f in remote if f.url == url] or [r for r in mapping if r not in before]
        if not match or match[0] not in mapping:
            raise SyncError(f"the sync server accepted {display_url(url)} but does not list it among its feeds")
        feed = library.get_feed(mapping[match[0]])
        return Added(feed=feed, folder_missing=bool(folder) and lookup is not None and folder_id is None)

    return _with_backend(settings, work)


def remove_on_server(library, settings: SyncSettings | None, feed_id: int) -> bool:
    """Unsubscribe the server from a remote feed, then remove it here; False when it is not a remote feed.

    A server that no longer lists the feed (removed there from another device)
    counts as having said yes: the feed then goes here too.
    """
    remote = _remote_id(library, feed_id)
    if remote is None:
        return False

    def work(backend: SyncBackend) -> None:
        try:
            backend.unsubscribe(remote)
        except (SyncUnavailable, SyncAuthError):
            raise
        except SyncError:
            if any(f.id == remote for f in backend.subscriptions()):
                raise
        library.remove_feed(feed_id)

    _with_backend(settings, work)
    return True
