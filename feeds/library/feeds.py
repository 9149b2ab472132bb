"""Subscriptions: adding, renaming, moving and removing feeds, and storing what a refresh brought."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Sequence



from .limits import (MAX_ERROR_CHARS, MAX_FOLDER_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, _BODY_HASH_PREFIX, _FEED_COLUMNS, _FEED_ORDER)
from .base import (_api)
from .records import (EntryData, Feed, UpdateStats, _converted, _encodable, _feed, _legacy_body_hash, _line, _link, _prepare, _same_entries_as_before, _sort_date, _text_hash, _ts, _utcnow, _validator)


def _trim_feed(con: sqlite3.Connection, feed_id: int, cap: int, current: set[str]) -> int:
    """Drop the feed's entries beyond ``cap``: read ones first, oldest first; never starred or current."""
    total = con.execute("SELECT COUNT(*) FROM entries WHERE feed_id = ?", (feed_id,)).fetchone()[0]
    excess = total - cap
    if excess <= 0:
        return 0
    victims: list[tuple[int, str]] = []
    for (eid,) in con.execute("SELECT entry_id FROM entries WHERE feed_id = ? AND starred = 0 "
                              "ORDER BY read DESC, sort_date ASC, seq ASC", (feed_id,)):
        if eid not in current:
            victims.append((feed_id, eid))
            if len(victims) >= excess:
                break
    con.executemany("DELETE FROM entries WHERE feed_id = ? AND entry_id = ?", victims)
    return len(victims)


class FeedRecords:
    """Subscriptions: adding, renaming, moving and removing feeds, and storing what a refresh brought.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    def _feed_where(self, url_or_id: str | int) -> tuple[str, Any]:
        if isinstance(url_or_id, bool):
            raise ValueError("a feed is named by its URL or id")
        if isinstance(url_or_id, int):
            return "f.id = ?", url_or_id
        if isinstance(url_or_id, str):
            return "f.url = ?", _encodable(url_or_id.strip())
        raise ValueError("a feed is named by its URL or id")

    def _counts(self, feed_id: int) -> tuple[int, int]:
        assert self._con is not None
        row = self._con.execute(
            "SELECT COALESCE(SUM(read = 0), 0), COUNT(*) FROM entries WHERE feed_id = ?", (feed_id,)).fetchone()
        return int(row[0]), int(row[1])

    @_api(write=True)
    def add_feed(self, url: str, *, title: str | None = None, folder: str | None = None) -> Feed:
        """Subscribe; an existing URL is returned as it is (its title/folder updated if given)."""
        if not isinstance(url, str) or not url.strip():
            raise ValueError("a feed URL is required")
        url = _encodable(url.strip())
        if len(url) > MAX_URL_CHARS:
            raise ValueError(f"the feed URL is too long ({len(url)} characters; at most {MAX_URL_CHARS})")
        title = _line(title, MAX_TITLE_CHARS)
        folder = _line(folder, MAX_FOLDER_CHARS)
        with self._transaction() as con:
            con.execute(
                "INSERT INTO feeds (url, user_title, folder, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET user_title = COALESCE(excluded.user_title, user_title), "
                "folder = COALESCE(excluded.folder, folder)",
                (url, title, folder, _ts(_utcnow())))
        feed = self._get_feed(url)
        assert feed is not None
        return feed

    @_api(write=True)
    def remove_feed(self, url_or_id: str | int) -> bool:
        """Unsubscribe; the feed's entries (and their read state) go with it."""
        where, value = self._feed_where(url_or_id)
        with self._transaction() as con:
            cur = con.execute(f"DELETE FROM feeds WHERE id IN (SELECT f.id FROM feeds f WHERE {where})", (value,))
        return cur.rowcount > 0

    @_api()
    def feeds(self) -> list[Feed]:
        """Every subscription, by folder (unfiled last), then title or URL; with unread/total counts."""
        assert self._con is not None
        rows = self._con.execute(
            f"SELECT {_FEED_COLUMNS}, COALESCE(c.unread, 0), COALESCE(c.total, 0) FROM feeds f "
            "LEFT JOIN (SELECT feed_id, SUM(read = 0) AS unread, COUNT(*) AS total FROM entries "
            "GROUP BY feed_id) c ON c.feed_id = f.id "
            f"ORDER BY {_FEED_ORDER}").fetchall()
        return [_feed(r[:12], r[12], r[13]) for r in rows]

    @_api()
    def get_feed(self, url_or_id: str | int) -> Feed | None:
        return self._get_feed(url_or_id)

    def _get_feed(self, url_or_id: str | int) -> Feed | None:
        assert self._con is not None
        where, value = self._feed_where(url_or_id)
        row = self._con.execute(f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE {where}", (value,)).fetchone()
        if row is None:
            return None
        return _feed(row, *self._counts(row[0]))

    @_api(write=True)
    def set_feed_url(self, feed_id: int, new_url: str) -> None:
        """Follow a permanent redirect. Validators are cleared: the next fetch is unconditional."""
        if not isinstance(new_url, str) or not new_url.strip():
            raise ValueError("a feed URL is required")
        new_url = _encodable(new_url.strip())
        if len(new_url) > MAX_URL_CHARS:
            raise ValueError("the feed URL is too long")
        with self._transaction() as con:
            other = con.execute("SELECT id FROM feeds WHERE url = ?", (new_url,)).fetchone()
            if other is not None and other[0] != feed_id:
                raise ValueError("another subscription already uses that URL")
            con.execute("UPDATE feeds SET url = ?, etag = NULL, last_modified = NULL WHERE id = ? AND url != ?",
                        (new_url, feed_id, new_url))

    @_api(write=True)
    def note_permanent_redirect(self, feed_id: int, new_url: str | None) -> bool:
        """Record a 301/308 seen on this poll; True when it is the second in a row to the same URL.

        One permanent redirect may be a mistake on the server; two consistent
        ones move the subscription (F6). ``None`` clears a pending redirect.
        """
        with self._transaction() as con:
            row = con.execute("SELECT redirect_url FROM feeds WHERE id = ?", (feed_id,)).fetchone()
            if row is None:
                return False
            confirmed = new_url is not None and row[0] == new_url
            con.execute("UPDATE feeds SET redirect_url = ? WHERE id = ?",
                        (None if confirmed else new_url, feed_id))
            return confirmed

    @_api(write=True)
    def set_feed_folder(self, feed_id: int, folder: str | None) -> None:
        with self._transaction() as con:
            con.execute("UPDATE feeds SET folder = ? WHERE id = ?", (_line(folder, MAX_FOLDER_CHARS), feed_id))

    @_api()
    def folders(self) -> list[str]:
        assert self._con is not None
        rows = self._con.execute(
            "SELECT DISTINCT folder FROM feeds WHERE folder IS NOT NULL ORDER BY folder COLLATE NOCASE, folder"
        ).fetchall()
        return [r[0] for r in rows]

    @_api(write=True)
    def store_update(
        self,
        feed_id: int,
        *,
        title: str | None,
        link: str | None,
        entries: Sequence[EntryData],
        etag: str | None,
        last_modified: str | None,
        next_update: datetime | None,
    ) -> UpdateStats:
        """Upserts entries keyed by (feed_id, entry id), in one all-or-nothing transaction (I6/S1).

        New entries are inserted unread; changed ones (title, link, author, dates or
        the text the feed gives) are updated WITHOUT touching read/starred. A
        full article fetched with :meth:`set_entry_text` is kept while the feed's
        own text for that entry stays the same. An entry the feed re-issues
        under a new id (same link, or same title and date) is the entry already
        stored, flags and all (M3). Past :attr:`max_items_per_feed` entries the
        oldest read ones are dropped, then the oldest unread; never a starred
        one, nor one the feed still carries. Clears ``last_error``, sets
        ``last_updated``, the validators (verbatim) and ``next_update``. A feed
        removed meanwhile is ignored (all counts zero).
        """
        prepared = _prepare(entries)
        now = _ts(_utcnow())
        assert now is not None
        stats = UpdateStats(0, 0, 0)
        with self._transaction() as con:
            if con.execute("SELECT 1 FROM feeds WHERE id = ?", (feed_id,)).fetchone() is None:
                return stats
            next_seq = con.execute("SELECT COALESCE(MAX(seq), 0) FROM entries").fetchone()[0] + 1
            # One read of what the feed already has, then the inserts in one batch:
            # a refresh of hundreds of feeds is dominated by these round trips.
            existing = {row[0]: row[1:] for row in con.execute(
                "SELECT entry_id, title, link, author, published, updated, feed_text_hash, first_seen, media "
                "FROM entries WHERE feed_id = ? ORDER BY seq", (feed_id,))}
            prepared = _same_entries_as_before(prepared, existing)
            inserts = []
            for order, e in enumerate(prepared):
                old = existing.get(e.id)
                if old is None:
                    inserts.append(
                        (feed_id, e.id, next_seq, e.title, e.link, e.author, e.published, e.updated,
                         _sort_date(e.published, now), order, e.text, e.text_hash, int(e.summary_only), now,
                         e.media, e.body))
                    next_seq += 1
                    stats.new += 1
                    continue
                legacy = e.body is not None and not (old[5] or "").startswith(_BODY_HASH_PREFIX)
                if legacy:
                    # stored before bodies were kept: compare the text, as it was stored then
                    e = _converted(e)
                same_text = old[5] == (_text_hash(e.text) if legacy else e.text_hash)
                if not same_text and e.body is not None and old[5] == _legacy_body_hash(e.body, e.media):
                    same_text = legacy = True  # hashed by an earlier version: store the new hash below
                # a body's hash covers its links and enclosures: the stored media is the same
                same_media = old[7] == e.media or (e.body is not None and same_text)
                if tuple(old[:5]) == (e.title, e.link, e.author, e.published, e.updated) and same_text \
                        and same_media:
                    stats.unchanged += 1
                elif not same_text:
                    con.execute(
                        "UPDATE entries SET title = ?, link = ?, author = ?, published = ?, updated = ?, "
                        "sort_date = ?, text = ?, feed_text_hash = ?, summary_only = ?, analysis = NULL, "
                        "media = ?, body = ? WHERE feed_id = ? AND entry_id = ?",
                        (e.title, e.link, e.author, e.published, e.updated, _sort_date(e.published, old[6]),
                         e.text, e.text_hash, int(e.summary_only), e.media, e.body, feed_id, e.id))
                    stats.updated += 1
                else:
                    con.execute(
                        "UPDATE entries SET title = ?, link = ?, author = ?, published = ?, updated = ?, "
                        "sort_date = ?, media = ? WHERE feed_id = ? AND entry_id = ?",
                        (e.title, e.link, e.author, e.published, e.updated, _sort_date(e.published, old[6]),
                         e.media if e.body is None else old[7], feed_id, e.id))
                    stats.updated += 1
                if legacy and same_text:
                    # from now on the body's hash is compared, and nothing is converted
                    con.execute("UPDATE entries SET feed_text_hash = ? WHERE feed_id = ? AND entry_id = ?",
                                (e.text_hash, feed_id, e.id))
            if inserts:
                con.executemany(
                    "INSERT INTO entries (feed_id, entry_id, seq, title, link, author, published, updated, "
                    "sort_date, feed_order, text, feed_text_hash, summary_only, read, starred, first_seen, media, "
                    "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)", inserts)
            if self.max_items_per_feed:
                stats.removed = _trim_feed(con, feed_id, self.max_items_per_feed, {e.id for e in prepared})
            con.execute(
                "UPDATE feeds SET title = COALESCE(?, title), link = COALESCE(?, link), etag = ?, "
                "last_modified = ?, last_error = NULL, error_category = NULL, failures = 0, last_updated = ?, "
                "next_update = ? WHERE id = ?",
                (_line(title, MAX_TITLE_CHARS), _link(link), _validator(etag), _validator(last_modified),
                 now, _ts(next_update), feed_id))
        return stats

    @_api(write=True)
    def store_not_modified(self, feed_id: int, *, next_update: datetime | None) -> None:
        """A 304: no entry is written; the feed is healthy and scheduled again."""
        with self._transaction() as con:
            con.execute(
                "UPDATE feeds SET last_error = NULL, error_category = NULL, failures = 0, last_updated = ?, "
                "next_update = ? WHERE id = ?", (_ts(_utcnow()), _ts(next_update), feed_id))

    @_api(write=True)
    def store_error(self, feed_id: int, *, category: str, message: str, next_update: datetime | None) -> None:
        """Record a failed update as one line (I8); the feed's entries are kept."""
        with self._transaction() as con:
            con.execute(
                "UPDATE feeds SET last_error = ?, error_category = ?, failures = failures + 1, last_updated = ?, "
                "next_update = ? WHERE id = ?",
                (_line(message, MAX_ERROR_CHARS) or "update failed", _line(category, 40) or "network",
                 _ts(_utcnow()), _ts(next_update), feed_id))

    @_api()
    def due_feeds(self, now: datetime | None = None) -> list[Feed]:
        """Feeds whose next update is due (or never scheduled), soonest first."""
        assert self._con is not None
        stamp = _ts(now or _utcnow())
        rows = self._con.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds f WHERE f.next_update IS NULL OR f.next_update <= ? "
            "ORDER BY f.next_update IS NOT NULL, f.next_update, f.id", (stamp,)).fetchall()
        return [_feed(r, *self._counts(r[0])) for r in rows]

    @_api(write=True)
    def rename_feed(self, feed_id: int, title: str | None) -> None:
        """The user's own name for a feed (None or empty: the feed's own title again)."""
        title = _line(title, MAX_TITLE_CHARS) if title and title.strip() else None
        with self._transaction() as con:
            con.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title and title.strip(), feed_id))
