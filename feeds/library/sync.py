"""Sync state in the library: which feeds and entries the server holds, and the changes to push.

A part of :class:`~feeds.library.store.Library`. The queue of local read/star
changes is filled by SQLite triggers (schema v7), so a change is queued in the
very transaction that changes the flag: once :meth:`set_read` returns, the
change is both stored and queued, and survives ``kill -9``. Only the newest
change of a flag is kept. Applying the server's state runs with a row in
``sync_applying`` inside its own transaction, which switches the triggers off
for that transaction only (other connections never see the row).

Conflicts resolve by the latest change: a change queued here was made after
the last sync (the server's state was applied then), so it is pushed before the
server's state is read again and wins over it; an entry with no queued change
takes the server's flags.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Iterator, Sequence

from .base import _api
from .limits import MAX_FOLDER_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS
from .records import _encodable, _line, _ts, _utcnow

__all__ = ["QueuedChange", "SyncRecords", "RETRY_BASE", "RETRY_MAX"]

#: A change the server refused is tried again after this, doubling up to RETRY_MAX.
RETRY_BASE = timedelta(seconds=30)
RETRY_MAX = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """The newest local change of one flag of one server entry, not yet pushed."""

    id: int
    remote_id: str
    field: str  # "read" or "starred"
    value: bool
    changed: str
    attempts: int


def backoff(attempts: int) -> timedelta:
    """How long a change waits after its ``attempts``-th failed push."""
    return min(RETRY_BASE * (2 ** max(0, min(attempts - 1, 20))), RETRY_MAX)


class SyncRecords:
    """Remote feeds and entries, the push queue and the sync cursors."""

    # -- cursors ---------------------------------------------------------------------------------
    @_api()
    def sync_value(self, key: str) -> str | None:
        assert self._con is not None
        row = self._con.execute("SELECT value FROM sync_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_api(write=True)
    def set_sync_values(self, values: dict[str, str | None]) -> None:
        with self._transaction() as con:
            con.executemany("INSERT INTO sync_meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", list(values.items()))

    # -- feeds -----------------------------------------------------------------------------------
    @_api()
    def remote_feeds(self) -> dict[str, int]:
        """Server feed id -> local feed id."""
        assert self._con is not None
        return {r[0]: r[1] for r in self._con.execute("SELECT remote_id, feed_id FROM sync_feeds")}

    @_api()
    def is_remote(self, feed_id: int) -> bool:
        """Whether the server fetches this feed (then ``refresh`` leaves it alone)."""
        assert self._con is not None
        return self._con.execute("SELECT 1 FROM sync_feeds WHERE feed_id = ?", (feed_id,)).fetchone() is not None

    @_api(write=True)
    def apply_remote_feeds(self, feeds: Iterable[Any]) -> dict[str, int]:
        """Subscriptions and folders as the server has them; server id -> local feed id.

        A feed already subscribed here by the same URL becomes the server's
        (entries and flags kept). The folder follows the server's.
        """
        with self._transaction() as con:
            for feed in feeds:
                url = _encodable(feed.url.strip())
                if not url or len(url) > MAX_URL_CHARS:
                    continue
                title = _line(feed.title, MAX_TITLE_CHARS)
                folder = _line(feed.folder, MAX_FOLDER_CHARS)
                row = con.execute("SELECT feed_id FROM sync_feeds WHERE remote_id = ?", (feed.id,)).fetchone()
                if row is None:
                    con.execute("INSERT INTO feeds (url, title, folder, created) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT (url) DO NOTHING", (url, title, folder, _ts(_utcnow())))
                    feed_id = con.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()[0]
                    con.execute("INSERT OR REPLACE INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)",
                                (feed_id, feed.id))
                else:
                    feed_id = row[0]
                con.execute("UPDATE feeds SET title = COALESCE(?, title), folder = ? WHERE id = ?",
                            (title, folder, feed_id))
            return {r[0]: r[1] for r in con.execute("SELECT remote_id, feed_id FROM sync_feeds")}

    # -- entries ---------------------------------------------------------------------------------
    @_api(write=True)
    def map_remote_entries(self, rows: Sequence[tuple[int, str, str, bool, bool]]) -> None:
        """Record (feed id, entry id, server id, read, starred) of entries just stored, flags included.

        New entries take the server's flags; this is applying server state, so nothing is queued.
        """
        with self._applying() as con:
            con.executemany("INSERT OR REPLACE INTO sync_entries (feed_id, entry_id, remote_id) VALUES (?, ?, ?)",
                            [(f, e, r) for f, e, r, _, _ in rows])
            con.executemany(
                "UPDATE entries SET read = ?, starred = ? WHERE feed_id = ? AND entry_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM sync_queue q WHERE q.remote_id = ?)",
                [(int(read), int(starred), f, e, r) for f, e, r, read, starred in rows])

    @_api()
    def remote_unread_counts(self) -> dict[str, int]:
        """Server feed id -> unread entries of it here (to compare with the server's count)."""
        assert self._con is not None
        return {r[0]: r[1] for r in self._con.execute(
            "SELECT s.remote_id, COUNT(e.seq) FROM sync_feeds s LEFT JOIN entries e "
            "ON e.feed_id = s.feed_id AND e.read = 0 GROUP BY s.remote_id")}

    @_api(write=True)
    def apply_remote_state(self, unread: set[str], starred: set[str], *,
                           read_feeds: Sequence[int] | None = None) -> tuple[int, int]:
        """The server's read and starred flags on every mapped entry without a queued change.

        ``starred`` is complete, and so is ``unread`` for the feeds ``read_feeds``
        names (None: every feed): an entry there not in ``unread`` is read on the
        server. Returns how many entries changed their read, starred flag.
        """
        scope = None if read_feeds is None else set(read_feeds)
        with self._applying() as con:
            rows = con.execute(
                "SELECT m.remote_id, e.read, e.starred, e.feed_id, e.entry_id FROM sync_entries m "
                "JOIN entries e ON e.feed_id = m.feed_id AND e.entry_id = m.entry_id "
                "WHERE NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.remote_id = m.remote_id)").fetchall()
            reads, stars = [], []
            for remote_id, read, star, feed_id, entry_id in rows:
                want_read, want_star = remote_id not in unread, remote_id in starred
                if (scope is None or feed_id in scope) and bool(read) != want_read:
                    reads.append((int(want_read), feed_id, entry_id))
                if bool(star) != want_star:
                    stars.append((int(want_star), feed_id, entry_id))
            con.executemany("UPDATE entries SET read = ? WHERE feed_id = ? AND entry_id = ?", reads)
            con.executemany("UPDATE entries SET starred = ? WHERE feed_id = ? AND entry_id = ?", stars)
        return len(reads), len(stars)

    @contextmanager
    def _applying(self) -> Iterator[sqlite3.Connection]:
        """A transaction in which flag changes are the server's, so the triggers do not queue them back."""
        with self._transaction() as con:
            con.execute("INSERT INTO sync_applying VALUES (1)")
            yield con
            con.execute("DELETE FROM sync_applying")

    # -- the queue -------------------------------------------------------------------------------
    @_api()
    def queued_changes(self, *, now: datetime | None = None, due_only: bool = True) -> list[QueuedChange]:
        """Changes waiting to be pushed, oldest first (only those due for a retry with ``due_only``)."""
        assert self._con is not None
        stamp = _ts(now or _utcnow())
        where = "WHERE next_try IS NULL OR next_try <= ?" if due_only else ""
        rows = self._con.execute(
            f"SELECT id, remote_id, field, value, changed, attempts FROM sync_queue {where} ORDER BY id",
            (stamp,) if due_only else ()).fetchall()
        return [QueuedChange(r[0], r[1], r[2], bool(r[3]), r[4], r[5]) for r in rows]

    @_api()
    def queue_length(self) -> int:
        assert self._con is not None
        return int(self._con.execute("SELECT COUNT(*) FROM sync_queue").fetchone()[0])

    @_api(write=True)
    def changes_pushed(self, ids: Sequence[int]) -> None:
        """Drop pushed changes (a newer change of the same flag has a new id and stays)."""
        with self._transaction() as con:
            con.executemany("DELETE FROM sync_queue WHERE id = ?", [(i,) for i in ids])

    @_api(write=True)
    def changes_failed(self, ids: Sequence[int], error: str, *, now: datetime | None = None) -> None:
        """Keep the changes and try them again later, waiting longer after each failure."""
        now = now or datetime.now(timezone.utc)
        with self._transaction() as con:
            for change_id in ids:
                row = con.execute("SELECT attempts FROM sync_queue WHERE id = ?", (change_id,)).fetchone()
                if row is None:
                    continue
                attempts = row[0] + 1
                con.execute("UPDATE sync_queue SET attempts = ?, next_try = ?, last_error = ? WHERE id = ?",
                            (attempts, _ts(now + backoff(attempts)), _line(error, 300), change_id))
