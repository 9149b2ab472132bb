"""One sync: push the queued changes, then bring in subscriptions, new entries and the server's flags.

Order matters for "the latest change wins": changes made here since the last
sync are pushed first, so the state read back afterwards already holds them;
every other entry takes the server's flags. A failure at any step leaves the
queue as it was (a change leaves it only once the server accepted it), so
nothing the user did is lost; the next sync starts again from the stored
cursor, and storing what it brings twice is harmless.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import asdict, dataclass
from typing import Callable, Sequence

from ..core.sanitize import sanitize_line
from ..formats.feedparse import EntryBody
from .backend import RemoteEntry, RemoteFeed, SyncBackend, SyncError

__all__ = ["SyncSummary", "SyncSettings", "make_backend", "password_from_command", "sync", "CURSOR_KEY"]

CURSOR_KEY = "ttrss.since_id"
LAST_SYNC_KEY = "last_sync"
#: A password command gets this long, and its answer this many bytes.
PASSWORD_TIMEOUT = 30.0
MAX_PASSWORD_BYTES = 4096

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """The ``[sync]`` settings a sync needs (the password comes from the command when it runs)."""

    service: str
    url: str
    user: str
    password_command: str


@dataclass(slots=True)
class SyncSummary:
    feeds: int = 0
    new_entries: int = 0
    pushed: int = 0
    queued: int = 0
    read_changed: int = 0
    starred_changed: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def line(self) -> str:
        return (f"synced {self.feeds} feeds: {self.new_entries} new entries, {self.pushed} changes sent, "
                f"{self.read_changed + self.starred_changed} flags from the server"
                + (f", {self.queued} changes still queued" if self.queued else ""))


@dataclass(frozen=True, slots=True)
class _Entry:
    """A server entry in the shape :meth:`Library.store_update` stores (text made later from ``body``)."""

    id: str
    title: str
    link: str | None
    author: str | None
    published: object
    updated: object
    text: str
    summary_only: bool
    body: EntryBody


def password_from_command(command: str) -> str:
    """The first line the command prints: the password. Never logged; its failure is one line without it."""
    try:
        done = subprocess.run(command, shell=True, capture_output=True, timeout=PASSWORD_TIMEOUT,
                              stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        raise SyncError(f"the [sync] password_command did not finish in {PASSWORD_TIMEOUT:g}s") from None
    except OSError as exc:
        raise SyncError(f"the [sync] password_command could not run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise SyncError(f"the [sync] password_command failed (exit status {done.returncode})")
    out = done.stdout[:MAX_PASSWORD_BYTES].decode("utf-8", "replace")
    password = out.splitlines()[0] if out.splitlines() else ""
    if not password:
        raise SyncError("the [sync] password_command printed no password")
    return password


def make_backend(settings: SyncSettings) -> SyncBackend:
    """The backend for the configured service, logged in lazily on its first call."""
    if settings.service == "greader":
        from .greader import GreaderBackend as Backend
    elif settings.service == "ttrss":
        from .ttrss import TtrssBackend as Backend
    else:
        raise SyncError(f"sync service {settings.service!r} is not supported (\"ttrss\" or \"greader\")")
    return Backend(settings.url, settings.user, password_from_command(settings.password_command))


def _as_entry(e: RemoteEntry) -> _Entry:
    body = EntryBody(content=e.html, content_type="text/html", summary="", summary_type="", base=e.link,
                     has_full=bool(e.html.strip()))
    return _Entry(id=f"ttrss:{e.id}", title=e.title, link=e.link, author=e.author, published=e.published,
                  updated=e.updated, text="", summary_only=not e.html.strip(), body=body)


def push(library, backend: SyncBackend) -> int:
    """Send the queued changes the retry schedule allows; returns how many the server took."""
    changes = library.queued_changes()
    groups: dict[tuple[str, bool], list] = {}
    for change in changes:
        groups.setdefault((change.field, change.value), []).append(change)
    pushed = 0
    for (field, value), group in groups.items():
        ids = [c.remote_id for c in group]
        try:
            if field == "read":
                backend.mark_read(ids, value)
            else:
                backend.mark_starred(ids, value)
        except SyncError as exc:
            library.changes_failed([c.id for c in group], str(exc))
            raise
        library.changes_pushed([c.id for c in group])
        pushed += len(group)
    return pushed


def pull_entries(library, backend: SyncBackend, feed_map: dict[str, int], progress: Progress) -> int:
    """Store the entries newer than the cursor; the cursor moves only once every page is stored."""
    new = 0
    for page, cursor in backend.entries_since(library.sync_value(CURSOR_KEY)):
        by_feed: dict[int, list[RemoteEntry]] = {}
        for e in page:
            if e.feed_id in feed_map:
                by_feed.setdefault(feed_map[e.feed_id], []).append(e)
        for feed_id, entries in by_feed.items():
            stats = library.store_update(feed_id, title=None, link=None, entries=[_as_entry(e) for e in entries],
                                         etag=None, last_modified=None, next_update=None)
            new += stats.new
            library.map_remote_entries([(feed_id, f"ttrss:{e.id}", e.id, e.read, e.starred) for e in entries])
        progress(f"{new} new entries")
        if cursor is not None:
            library.set_sync_values({CURSOR_KEY: cursor})
    return new


def _unread(library, backend: SyncBackend, remote: Sequence[RemoteFeed], feed_map: dict[str, int],
            full: bool) -> tuple[set[str], list[int] | None]:
    """The server's unread ids, and the local feeds they are complete for (None: all).

    Reading every unread id costs a request per 200 of them, the most of an
    incremental sync; a feed whose unread count on the server equals the
    library's is taken as unchanged (``full`` reads them all regardless).
    """
    here = library.remote_unread_counts()
    stale = [f.id for f in remote if f.id in feed_map and (f.unread is None or f.unread != here.get(f.id, 0))]
    if full or len(stale) * 2 > len(feed_map):
        return backend.unread_ids(), None
    unread: set[str] = set()
    for feed_id in stale:
        unread |= backend.unread_ids(feed_id)
    return unread, [feed_map[f] for f in stale]


def sync(library, backend: SyncBackend, *, progress: Progress | None = None, full: bool = False) -> SyncSummary:
    """One sync of ``library`` with the server behind ``backend``. Raises :class:`SyncError`.

    ``full`` reads the read flags of every feed, not only of those whose unread count differs.
    """
    say = progress or (lambda _message: None)
    started = time.monotonic()
    summary = SyncSummary()
    say("logging in")
    backend.login()
    say(f"sending {library.queue_length()} queued changes")
    summary.pushed = push(library, backend)
    say("reading subscriptions")
    remote = backend.subscriptions()
    feed_map = library.apply_remote_feeds(remote)
    summary.feeds = len(remote)
    say("reading new entries")
    summary.new_entries = pull_entries(library, backend, feed_map, say)
    say("reading read and starred state")
    unread, read_feeds = _unread(library, backend, remote, feed_map, full)
    summary.read_changed, summary.starred_changed = library.apply_remote_state(
        unread, backend.starred_ids(), read_feeds=read_feeds)
    summary.queued = library.queue_length()
    library.set_sync_values({LAST_SYNC_KEY: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def safe_message(exc: BaseException) -> str:
    """A failure as one printable line."""
    return sanitize_line(str(exc) or type(exc).__name__, limit=400)
