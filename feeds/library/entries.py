"""Entries: lists and pages of headlines, read and starred flags, entry text."""

from __future__ import annotations

from typing import Any, Sequence



from .limits import (_ENTRY_COLUMNS, _ENTRY_ORDER)
from .base import (_api)
from .records import (Entry, Headline, ViewIndex, _bounded_text, _dt, _encodable, _entry, _make_text)


class EntryRecords:
    """Entries: lists and pages of headlines, read and starred flags, entry text.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    @_api()
    def entries(
        self,
        *,
        feed_id: int | None = None,
        folder: str | None = None,
        unread_only: bool = False,
        starred_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Entry]:
        """Newest first: by publication date, else by when first seen (so undated entries keep
        a stable place); ties in feed order. Dates implausibly far in the future count as undated."""
        assert self._con is not None
        where, params = self._entry_filter(feed_id, folder, unread_only, starred_only)
        params += [-1 if limit is None else max(0, int(limit)), max(0, int(offset))]
        rows = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id {where} "
            f"ORDER BY {_ENTRY_ORDER} LIMIT ? OFFSET ?", params).fetchall()
        return [_entry(r) for r in rows]

    @_api()
    def view_index(
        self,
        *,
        feed_id: int | None = None,
        folder: str | None = None,
        unread_only: bool = False,
        starred_only: bool = False,
    ) -> "ViewIndex":
        """Every entry of a view, in list order, as ``seq`` numbers with their read state.

        Two integers a row and no text: a 100,000-entry view is read in a few tens of
        milliseconds, so a list can reach every entry and fetch only the rows on screen
        (:meth:`headlines`).
        """
        assert self._con is not None
        where, params = self._entry_filter(feed_id, folder, unread_only, starred_only)
        join = "JOIN feeds f ON f.id = e.feed_id" if folder is not None else ""
        # Two index-only scans (the order, then the unread ones) beat one scan that
        # visits every row for its read flag.
        seqs = [r[0] for r in self._con.execute(
            f"SELECT e.seq FROM entries e {join} {where} ORDER BY {_ENTRY_ORDER}", params)]
        if unread_only:
            unread = set(seqs)
        else:
            where_u, params_u = self._entry_filter(feed_id, folder, True, starred_only)
            unread = {r[0] for r in self._con.execute(f"SELECT e.seq FROM entries e {join} {where_u}", params_u)}
        return ViewIndex(seqs=seqs, unread=unread)

    @_api()
    def count_entries(self, *, starred_only: bool = False, unread_only: bool = False) -> int:
        assert self._con is not None
        where, params = self._entry_filter(None, None, unread_only, starred_only)
        return int(self._con.execute(f"SELECT COUNT(*) FROM entries e {where}", params).fetchone()[0])

    @_api()
    def headlines(self, seqs: Sequence[int]) -> dict[int, "Headline"]:
        """The list rows for these entries (no body text), keyed by ``seq``."""
        assert self._con is not None
        out: dict[int, Headline] = {}
        seqs = list(seqs)
        for i in range(0, len(seqs), 500):
            chunk = seqs[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._con.execute(
                    f"SELECT e.seq, e.feed_id, e.entry_id, e.title, e.published, e.read, e.starred, "
                    f"COALESCE(f.user_title, f.title, f.url), e.link FROM entries e JOIN feeds f ON f.id = e.feed_id "
                    f"WHERE e.seq IN ({marks})", chunk):
                out[r[0]] = Headline(seq=r[0], feed_id=r[1], id=r[2], title=r[3] or "", published=_dt(r[4]),
                                     read=bool(r[5]), starred=bool(r[6]), feed_title=r[7], link=r[8])
        return out

    @_api()
    def seq_of(self, key: tuple[int, str]) -> int | None:
        """The entry's stable list number (``seq``), None when it is not in the library."""
        assert self._con is not None
        feed_id, entry_id = self._key(key)
        row = self._con.execute("SELECT seq FROM entries WHERE feed_id = ? AND entry_id = ?",
                                (feed_id, entry_id)).fetchone()
        return row[0] if row else None

    @_api()
    def scope_keys(self, *, feed_id: int | None = None, folder: str | None = None, unread_only: bool = False,
                   starred_only: bool = False) -> list[tuple[int, str]]:
        """The keys of a view's entries (what a bulk mark would touch)."""
        assert self._con is not None
        where, params = self._entry_filter(feed_id, folder, unread_only, starred_only)
        return [(r[0], r[1]) for r in self._con.execute(
            f"SELECT e.feed_id, e.entry_id FROM entries e JOIN feeds f ON f.id = e.feed_id {where}", params)]

    @_api(write=True)
    def set_read_many(self, keys: Sequence[tuple[int, str]], read: bool = True) -> list[tuple[int, str]]:
        """Set many read flags in one transaction; returns the keys whose flag changed (for undo)."""
        changed: list[tuple[int, str]] = []
        flag = 1 if read else 0
        with self._transaction() as con:
            for key in keys:
                feed_id, entry_id = self._key(key)
                cur = con.execute("UPDATE entries SET read = ? WHERE feed_id = ? AND entry_id = ? AND read != ?",
                                  (flag, feed_id, entry_id, flag))
                if cur.rowcount > 0:
                    changed.append((feed_id, entry_id))
        return changed

    @staticmethod
    def _entry_filter(feed_id: int | None, folder: str | None, unread_only: bool,
                      starred_only: bool) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if feed_id is not None:
            clauses.append("e.feed_id = ?")
            params.append(feed_id)
        if folder is not None:
            clauses.append("f.folder = ?")
            params.append(_encodable(folder))
        if unread_only:
            clauses.append("e.read = 0")
        if starred_only:
            clauses.append("e.starred = 1")
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    @_api()
    def get_entry(self, key: tuple[int, str]) -> Entry | None:
        assert self._con is not None
        feed_id, entry_id = self._key(key)
        row = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id "
            "WHERE e.feed_id = ? AND e.entry_id = ?", (feed_id, entry_id)).fetchone()
        if row is None:
            return None
        if row[15] is None:
            return _entry(row)
        made = _make_text(bytes(row[15]), row[14])  # once: for the entry and to keep
        self._keep_made_text(feed_id, entry_id, bytes(row[15]), made)
        return _entry(row, made)

    @_api(write=True)
    def set_read(self, key: tuple[int, str], read: bool = True) -> None:
        """Committed before returning: once this returns, the flag survives a crash of the process.

        An unknown key is ignored (the feed may have been removed meanwhile).
        """
        feed_id, entry_id = self._key(key)
        with self._transaction() as con:
            con.execute("UPDATE entries SET read = ? WHERE feed_id = ? AND entry_id = ?",
                        (1 if read else 0, feed_id, entry_id))

    @_api(write=True)
    def set_starred(self, key: tuple[int, str], starred: bool = True) -> None:
        """Committed before returning, like :meth:`set_read`."""
        feed_id, entry_id = self._key(key)
        with self._transaction() as con:
            con.execute("UPDATE entries SET starred = ? WHERE feed_id = ? AND entry_id = ?",
                        (1 if starred else 0, feed_id, entry_id))

    @_api(write=True)
    def mark_feed_read(self, feed_id: int | None = None, folder: str | None = None) -> int:
        """Mark a feed, a folder, or (both None) everything read; returns how many entries changed."""
        where = ["read = 0"]
        params: list[Any] = []
        if feed_id is not None:
            where.append("feed_id = ?")
            params.append(feed_id)
        if folder is not None:
            where.append("feed_id IN (SELECT id FROM feeds WHERE folder = ?)")
            params.append(_encodable(folder))
        with self._transaction() as con:
            cur = con.execute(f"UPDATE entries SET read = 1 WHERE {' AND '.join(where)}", params)
        return max(0, cur.rowcount)

    @_api()
    def unread_count(self, feed_id: int | None = None) -> int:
        assert self._con is not None
        if feed_id is None:
            row = self._con.execute("SELECT COUNT(*) FROM entries WHERE read = 0").fetchone()
        else:
            row = self._con.execute("SELECT COUNT(*) FROM entries WHERE read = 0 AND feed_id = ?",
                                    (feed_id,)).fetchone()
        return int(row[0])

    @_api(write=True)
    def set_entry_text(self, key: tuple[int, str], text: str, *, summary_only: bool = False) -> None:
        """Replace an entry's text (e.g. with the full article); a change drops its cached analysis."""
        feed_id, entry_id = self._key(key)
        text = _bounded_text(text)
        with self._transaction() as con:
            self._settle(con, feed_id, entry_id)  # the feed's text first, so the comparison below is with it
            con.execute(
                "UPDATE entries SET analysis = CASE WHEN text = ? THEN analysis ELSE NULL END, "
                "text = ?, summary_only = ? WHERE feed_id = ? AND entry_id = ?",
                (text, text, int(bool(summary_only)), feed_id, entry_id))
