"""Search: the full-text index (FTS5, or LIKE where SQLite lacks it) and its catch-up."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from .errors import StorageBusy


from .limits import (MAX_QUERY_CHARS, MAX_QUERY_TERMS, _ENTRY_COLUMNS, _ENTRY_ORDER, _SQLITE_BUSY, _SQLITE_IOERR, _SQLITE_LOCKED)
from .base import (_api, _primary)
from .records import (Entry, _encodable, _entry)


def _fts_query(query: str) -> str:
    """User words → an FTS5 query in which every word is a quoted string (never a syntax error)."""
    terms: list[str] = []
    for raw in _encodable(query[:MAX_QUERY_CHARS]).split():
        prefix = raw.endswith("*")
        word = raw.strip("*").replace("\x00", "")
        if not any(ch.isalnum() for ch in word):
            continue
        terms.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return " ".join(terms)


def _like_terms(query: str) -> list[str]:
    terms = []
    for raw in _encodable(query[:MAX_QUERY_CHARS]).split():
        word = raw.strip("*").replace("\x00", "")
        if not any(ch.isalnum() for ch in word):
            continue
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        terms.append(f"%{escaped}%")
        if len(terms) >= MAX_QUERY_TERMS:
            break
    return terms


class SearchIndex:
    """Search: the full-text index (FTS5, or LIKE where SQLite lacks it) and its catch-up.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    @_api()
    def search(self, query: str, *, limit: int = 200) -> list[Entry]:
        """Entries matching every word of ``query``, best first; never raises on odd input.

        The search index is brought up to date first (new entries are indexed
        after a refresh, not during it); a read-only library searches what is
        indexed and matches the rest by substring.
        """
        pending = self.readonly
        if self.search_backend == "fts5" and not self.readonly:
            try:
                self.update_search_index()
            except StorageBusy:  # another writer: search what is indexed, match the rest by substring
                pending = True
        return self._search(query, limit=limit, pending=pending)

    @_api()
    def _search(self, query: str, *, limit: int = 200, pending: bool = False) -> list[Entry]:
        """The query itself (see :meth:`search`).

        Words are matched as whole tokens (a trailing ``*`` makes a word a prefix);
        quotes, operators and punctuation are taken literally or ignored. With
        FTS5 results are ranked by BM25 (title weighs most, then author, then
        text); without it, ``LIKE`` substring matching is used.
        """
        assert self._con is not None
        if not isinstance(query, str):
            return []
        limit = max(0, min(int(limit), 10_000))
        if self.search_backend == "fts5":
            match = _fts_query(query)
            if not match:
                return []
            try:
                rows = self._con.execute(
                    f"SELECT {_ENTRY_COLUMNS} FROM entries_fts "
                    "JOIN entries e ON e.seq = entries_fts.rowid JOIN feeds f ON f.id = e.feed_id "
                    "WHERE entries_fts MATCH ? "
                    f"ORDER BY bm25(entries_fts, 10.0, 1.0, 3.0), {_ENTRY_ORDER} LIMIT ?",
                    (match, limit)).fetchall()
            except sqlite3.OperationalError as exc:
                if _primary(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR):
                    raise
                return []  # an FTS5 query error: by construction unreachable, but never the user's problem
            found = [_entry(r) for r in rows]
            if pending and len(found) < limit:
                found += self._like_search(query, limit - len(found), "e.indexed = 0")
            return found
        return self._like_search(query, limit)

    def _like_search(self, query: str, limit: int, extra: str = "1") -> list[Entry]:
        assert self._con is not None
        terms = _like_terms(query)
        if not terms or limit <= 0:
            return []
        clause = f"({extra}) AND " + " AND ".join(
            "(e.title LIKE ? ESCAPE '\\' OR e.author LIKE ? ESCAPE '\\' OR e.text LIKE ? ESCAPE '\\')"
            for _ in terms)
        params: list[Any] = [t for t in terms for _ in range(3)]
        title_hit = " + ".join("(e.title LIKE ? ESCAPE '\\')" for _ in terms)
        rows = self._con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries e JOIN feeds f ON f.id = e.feed_id WHERE {clause} "
            f"ORDER BY ({title_hit}) DESC, {_ENTRY_ORDER} LIMIT ?",
            params + terms + [limit]).fetchall()
        return [_entry(r) for r in rows]

    def update_search_index(self, *, batch: int = 1000) -> int:
        """Index entries stored since the last call, one batch per transaction.

        The library's lock is released between batches, so a reader can keep
        reading while a background thread catches the index up.
        """
        if self.readonly:
            return 0
        self.make_pending_text(batch=batch)  # the index needs the text
        if self.search_backend != "fts5":
            return 0
        total = 0
        while True:
            n = self._index_batch(batch)
            total += n
            if n < batch:
                return total
            time.sleep(0.002)  # locks are not fair: let a waiting reader in between batches

    @_api()
    def pending_index(self) -> int:
        """How many entries the search index has not taken in yet."""
        assert self._con is not None
        if self.search_backend != "fts5":
            return 0
        return self._con.execute("SELECT COUNT(*) FROM entries WHERE indexed = 0").fetchone()[0]

    @_api(write=True)
    def _index_batch(self, batch: int) -> int:
        with self._transaction() as con:
            seqs = [r[0] for r in con.execute(
                "SELECT seq FROM entries WHERE indexed = 0 ORDER BY seq LIMIT ?", (batch,))]
            if seqs:
                lo, hi = seqs[0], seqs[-1]
                con.execute(
                    "INSERT INTO entries_fts (rowid, title, text, author) SELECT seq, title, text, author "
                    "FROM entries WHERE indexed = 0 AND seq BETWEEN ? AND ?", (lo, hi))
                con.execute("UPDATE entries SET indexed = 1 WHERE indexed = 0 AND seq BETWEEN ? AND ?", (lo, hi))
        return len(seqs)
