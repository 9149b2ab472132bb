"""Recovery: backups, integrity checks, rebuilding a damaged library and salvaging its rows."""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import LibraryDamaged, LibraryError


from .limits import (MAX_AUTHOR_CHARS, MAX_FOLDER_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS, _SALVAGE_ERRORS)
from .base import (_Damaged, _api)
from .records import (_bounded_text, _dt, _encodable, _line, _link, _make_text, _sort_date, _text_hash, _ts, _utcnow, normalize_entry_id)


@dataclass
class _Restored:
    """What a repair put into the fresh library."""

    feeds: int = 0
    entries: int = 0
    read: int = 0
    starred: int = 0

    def add(self, read: bool, starred: bool) -> None:
        self.entries += 1
        self.read += read
        self.starred += starred

    def summary(self, lost: int) -> str:
        """One clause for the user: what was kept, and what could not be read."""
        if not self.feeds:
            return "started a new, empty library"
        subs = f"{self.feeds:,} subscription{'s' if self.feeds != 1 else ''}"
        text = (f"kept {subs} and {self.entries:,} article{'s' if self.entries != 1 else ''} "
                f"({self.read:,} read, {self.starred:,} starred)")
        return text + (f"; {lost:,} article{'s' if lost != 1 else ''} could not be read" if lost else "")


@dataclass
class _Salvage:
    """What a damaged file still yields: rows of ``feeds`` and ``entries``, and how many were lost."""

    feeds: list[dict[str, Any]]
    entries: list[dict[str, Any]]
    #: Entries an index says exist but whose row could not be read.
    lost_entries: int = 0
    #: Rows of the sync tables (feeds.library.sync) by table: which feeds and entries are a
    #: server's, and the local changes not yet pushed to it.
    sync: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


#: The sync tables a repair carries over. Not ``sync_meta``: its cursors say how far the
#: server's entries were read, and entries may have been lost, so the next sync reads all again.
_SYNC_TABLES = ("sync_feeds", "sync_entries", "sync_queue")


def _salvage(saved: Path) -> _Salvage:
    """Read every row of ``feeds`` and ``entries`` that a damaged copy still yields (M1).

    ``writable_schema`` lets SQLite open a file shorter than its header says
    (a truncated copy) instead of refusing it whole; text that is not UTF-8
    any more is read with replacement characters rather than dropped.
    """
    result = _Salvage([], [])
    try:
        con = sqlite3.connect("file:" + urllib.parse.quote(str(saved)) + "?mode=ro", uri=True)
    except sqlite3.Error:
        return result
    con.row_factory = sqlite3.Row
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        try:
            con.execute("PRAGMA writable_schema = ON")
        except sqlite3.Error:
            pass
        result.feeds, _ = _salvage_table(con, "feeds")
        result.feeds += _feeds_from_url_index(con, result.feeds)
        result.entries, result.lost_entries = _salvage_table(con, "entries")
        for table in _SYNC_TABLES:
            try:
                result.sync[table], _ = _salvage_table(con, table)
            except sqlite3.Error:  # an older library without sync, or a page beyond reading
                result.sync[table] = []
    finally:
        try:
            con.close()
        except sqlite3.Error:
            pass
    return result


def _salvage_table(con: sqlite3.Connection, table: str) -> tuple[list[dict[str, Any]], int]:
    """Rows of ``table`` in rowid order, stepping over pages that cannot be read.

    A plain scan stops at the first damaged page. The table's indexes live on
    other pages and list the rowids that exist, so after each failure the scan
    resumes at the next listed rowid: only the rows on damaged pages are lost
    (each failure costs one b-tree seek). Returns the rows and how many listed
    rowids could not be read.
    """
    listed = _rowids_from_indexes(con, table)
    rows: dict[int, dict[str, Any]] = {}
    start: int | None = None
    while True:
        failed_after = _scan_from(con, table, start, rows)
        if failed_after is None:
            break
        if start is not None and start not in rows:
            # sqlite3 steps to the next row before handing over this one, so the
            # last row before a damaged page is lost with it: look it up alone.
            _scan_from(con, table, start, rows, only=True)
        start = next((r for r in listed if r > failed_after and r not in rows), None)
        if start is None:
            break
    return [rows[r] for r in sorted(rows)], len(set(listed) - rows.keys())


def _scan_from(con: sqlite3.Connection, table: str, start: int | None, rows: dict[int, dict[str, Any]],
               *, only: bool = False) -> int | None:
    """Read rows with rowid ≥ ``start`` (``only``: = ``start``) into ``rows`` until the end (None)
    or a failure; on a failure, returns the rowid after which the unreadable part begins."""
    last = (start - 1) if start is not None else -(2 ** 63)
    where, params = (f"WHERE rowid {'=' if only else '>='} ?", (start,)) if start is not None else ("", ())
    try:
        for row in con.execute(f"SELECT rowid AS _rowid_, * FROM {table} {where} ORDER BY rowid", params):
            item = dict(row)
            rowid = item.get("_rowid_")
            if isinstance(rowid, int):
                rows[rowid] = item
                last = max(last, rowid)
    except _SALVAGE_ERRORS:
        return max(last, start) if start is not None else last
    return None


def _rowids_from_indexes(con: sqlite3.Connection, table: str) -> list[int]:
    """Every rowid that any readable index of ``table`` lists (partial reads count), sorted."""
    found: set[int] = set()
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))]
    except _SALVAGE_ERRORS:
        return []
    for name in names:
        quoted = '"' + str(name).replace('"', '""') + '"'
        try:
            for (rowid,) in con.execute(f"SELECT rowid FROM {table} INDEXED BY {quoted}"):
                if isinstance(rowid, int):
                    found.add(rowid)
        except _SALVAGE_ERRORS:
            pass  # a partial index ("no query solution") or a damaged one: keep what it gave
    return sorted(found)


def _feeds_from_url_index(con: sqlite3.Connection, feeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Subscriptions (id and URL) that only the URL index still names.

    The table itself may be unreadable while the index on URLs is fine: the
    index alone still gives the subscription list.
    """
    got = {row["url"] for row in feeds if isinstance(row.get("url"), str)}
    more: list[dict[str, Any]] = []
    try:
        for row in con.execute("SELECT id, url FROM feeds INDEXED BY sqlite_autoindex_feeds_1 "
                               "WHERE url IS NOT NULL ORDER BY url"):
            if row["url"] not in got:
                more.append({"id": row["id"], "url": row["url"]})
    except _SALVAGE_ERRORS:
        pass
    return more


class Recovery:
    """Recovery: backups, integrity checks, rebuilding a damaged library and salvaging its rows.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    def _backup(self, target: str) -> None:
        """A consistent copy (WAL contents included) before a migration, written atomically."""
        assert self._con is not None
        tmp = f"{target}.tmp-{os.getpid()}"
        try:
            os.unlink(tmp)
        except OSError:
            pass
        dst = sqlite3.connect(tmp)
        try:
            self._con.backup(dst)
        finally:
            dst.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)

    def _damage_marker(self) -> Path:
        return self.path.with_name(self.path.name + ".damaged")

    def _rebuild(self, reason: str, busy_timeout: float) -> LibraryDamaged:
        """Move the damaged file aside, salvage what can be read, start a fresh library."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        saved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while saved.exists():
            n += 1
            saved = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, saved)
            for suffix in ("-wal", "-shm"):
                side = Path(str(self.path) + suffix)
                if side.exists():
                    os.replace(side, Path(str(saved) + suffix))
        except OSError as exc:
            return LibraryError(
                f"library is damaged ({reason}) and could not be moved aside: {exc.strerror or exc}")
        salvage = _salvage(saved)
        kept = _Restored()
        try:
            self.warnings = []
            self._setup(busy_timeout, exclusive=True)
            kept = self._restore(salvage.feeds, salvage.entries, salvage.sync)
            try:
                self._damage_marker().unlink()
            except OSError:
                pass
        except (_Damaged, LibraryError, sqlite3.Error, OSError) as exc:
            return LibraryError(f"library was damaged; a copy was saved to {saved}; rebuilding failed: {exc}")
        finally:
            self._close_connection()
        lost = salvage.lost_entries + len(salvage.entries) - kept.entries
        return LibraryDamaged(
            f"library was damaged ({reason}); a copy was saved to {saved}; {kept.summary(lost)} "
            "— start newsreader again",
            saved_to=saved, recovered_feeds=kept.feeds, recovered_entries=kept.entries, lost_entries=lost,
            kept_read=kept.read, kept_starred=kept.starred)

    def _restore(self, feeds: list[dict[str, Any]], entries: list[dict[str, Any]],
                 sync: dict[str, list[dict[str, Any]]] | None = None) -> "_Restored":
        """Write salvaged rows into the fresh library, cleaned and bounded like any other input."""
        con = self._con
        assert con is not None
        now = _ts(_utcnow())
        ids: dict[Any, int] = {}
        kept = _Restored()
        con.execute("BEGIN IMMEDIATE")
        try:
            for row in feeds:
                url = row.get("url")
                if not isinstance(url, str) or not url.strip() or len(url) > MAX_URL_CHARS:
                    continue
                cur = con.execute(
                    "INSERT OR IGNORE INTO feeds (url, title, user_title, folder, link, created) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (_encodable(url.strip()), _line(row.get("title"), MAX_TITLE_CHARS),
                     _line(row.get("user_title"), MAX_TITLE_CHARS), _line(row.get("folder"), MAX_FOLDER_CHARS),
                     _link(row.get("link")), now))
                if cur.rowcount:
                    ids[row.get("id")] = cur.lastrowid  # type: ignore[assignment]
            seq = 0
            for row in entries:
                feed_id = ids.get(row.get("feed_id"))
                first_seen = _ts(_dt(row.get("first_seen"))) or now
                if feed_id is None or not isinstance(row.get("entry_id"), str) or first_seen is None:
                    continue
                text = _bounded_text(row.get("text"))
                if isinstance(row.get("body"), bytes):  # stored unconverted: keep its text
                    text = _make_text(row["body"], row.get("media") if isinstance(row.get("media"), str) else None).text
                published = _ts(_dt(row.get("published")))
                seq += 1
                cur = con.execute(
                    "INSERT OR IGNORE INTO entries (feed_id, entry_id, seq, title, link, author, published, "
                    "updated, sort_date, feed_order, text, feed_text_hash, summary_only, read, starred, "
                    "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (feed_id, normalize_entry_id(row["entry_id"]), seq,
                     _line(row.get("title"), MAX_TITLE_CHARS) or "", _link(row.get("link")),
                     _line(row.get("author"), MAX_AUTHOR_CHARS), published,
                     _ts(_dt(row.get("updated"))), _sort_date(published, first_seen),
                     row.get("feed_order") if isinstance(row.get("feed_order"), int) else 0,
                     text, row.get("feed_text_hash") if isinstance(row.get("feed_text_hash"), str)
                     else _text_hash(text),
                     1 if row.get("summary_only") else 0, 1 if row.get("read") else 0,
                     1 if row.get("starred") else 0, first_seen))
                if cur.rowcount > 0:
                    kept.add(bool(row.get("read")), bool(row.get("starred")))
            _restore_sync(con, sync or {}, ids)
            con.execute("COMMIT")
        except BaseException:
            self._rollback_quietly(con)
            raise
        kept.feeds = len(ids)
        return kept

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check`` (``["ok"]`` when healthy), plus the FTS index's own check."""
        self.update_search_index()  # the index's check compares it with every stored entry
        return self._integrity_check()

    @_api()
    def _integrity_check(self) -> list[str]:
        assert self._con is not None
        result = [r[0] for r in self._con.execute("PRAGMA integrity_check").fetchall()]
        if result == ["ok"] and self.search_backend == "fts5" and not self.readonly:
            try:
                self._con.execute("INSERT INTO entries_fts (entries_fts) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                result = [f"search index: {exc}"]
        return result


def _text(value: Any, limit: int = MAX_URL_CHARS) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit else None


def _restore_sync(con: sqlite3.Connection, sync: dict[str, list[dict[str, Any]]], ids: dict[Any, int]) -> None:
    """Which feeds and entries are a server's, and the changes not yet pushed to it (a repair).

    Feed ids are those of the fresh library (``ids``: old id -> new). The queue's
    changes are due at once: they were waiting to be pushed before the damage.
    """
    for row in sync.get("sync_feeds", []):
        feed_id, remote = ids.get(row.get("feed_id")), _text(row.get("remote_id"))
        if feed_id is not None and remote:
            con.execute("INSERT OR IGNORE INTO sync_feeds (feed_id, remote_id) VALUES (?, ?)", (feed_id, remote))
    for row in sync.get("sync_entries", []):
        feed_id, entry, remote = ids.get(row.get("feed_id")), row.get("entry_id"), _text(row.get("remote_id"))
        if feed_id is not None and isinstance(entry, str) and remote:
            con.execute("INSERT OR IGNORE INTO sync_entries (feed_id, entry_id, remote_id) VALUES (?, ?, ?)",
                        (feed_id, normalize_entry_id(entry), remote))
    for row in sync.get("sync_queue", []):
        remote, changed = _text(row.get("remote_id")), _text(row.get("changed"), 64)
        if remote and changed and row.get("field") in ("read", "starred") and row.get("value") in (0, 1):
            con.execute("INSERT INTO sync_queue (remote_id, field, value, changed) VALUES (?, ?, ?, ?)",
                        (remote, row["field"], row["value"], changed))
