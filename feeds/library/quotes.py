"""The analysis index: every entry's quotes, sources and key figures, kept in the library.

A part of :class:`~feeds.library.store.Library`. The analysis itself runs
elsewhere (:mod:`feeds.people.index`, in worker processes); this part only
says which entries still need it and stores and reads what came back. An
entry's rows are keyed by its stable ``seq`` and by the analyser's version:
triggers (schema v7) drop them when the entry is deleted or its title or text
changes, and a new analyser version makes every entry due again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from .base import _api
from .records import _encodable

if TYPE_CHECKING:
    from .indexed import AnalysedEntry, IndexedArticle, IndexedFigure, IndexedQuote, IndexedSource

__all__ = ["QuoteIndex"]


_ARTICLE_COLUMNS = ("e.seq, e.feed_id, e.entry_id, e.title, e.link, COALESCE(f.user_title, f.title, f.url), "
                    "f.url, COALESCE(e.published, e.first_seen)")


def _article(row: Sequence[Any]) -> IndexedArticle:
    from .indexed import IndexedArticle

    return IndexedArticle(seq=row[0], feed_id=row[1], entry_id=row[2], title=row[3] or "", url=row[4],
                          feed=row[5] or "", feed_url=row[6], published=row[7] or "")


def _scope(feed_url: str | None, since: str | None) -> tuple[str, list[Any]]:
    """SQL conditions (on ``e``/``f``) for a feed and a first date, shared by every read."""
    where, params = [], []
    if feed_url is not None:
        where.append("f.url = ?")
        params.append(feed_url)
    if since is not None:
        where.append("COALESCE(e.published, e.first_seen) >= ?")
        params.append(since)
    return "".join(f" AND {w}" for w in where), params


class QuoteIndex:
    """The analysis index: which entries are analysed, and their quotes, sources and figures.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    @_api()
    def index_behind(self, version: str) -> int:
        """How many entries the index lacks (or holds from another analyser version)."""
        assert self._con is not None
        return self._con.execute(
            "SELECT COUNT(*) FROM entries e LEFT JOIN analysis_index a ON a.seq = e.seq AND a.version = ? "
            "WHERE a.seq IS NULL", (version,)).fetchone()[0]

    @_api()
    def index_todo(self, version: str, after: int, limit: int) -> list[tuple[int, str, str]]:
        """The next entries to analyse after ``seq`` ``after``: (seq, title, text), made text only."""
        assert self._con is not None
        return self._con.execute(
            "SELECT e.seq, e.title, e.text FROM entries e "
            "LEFT JOIN analysis_index a ON a.seq = e.seq AND a.version = ? "
            "WHERE a.seq IS NULL AND e.body IS NULL AND e.seq > ? ORDER BY e.seq LIMIT ?",
            (version, after, max(1, int(limit)))).fetchall()

    @_api(write=True)
    def store_index(self, version: str, done: Sequence[AnalysedEntry]) -> int:
        """Store analyses in one transaction; returns how many were kept.

        One whose entry changed (or went) since it was read is skipped: the
        trigger already dropped the old rows and the next catch-up redoes it.
        """
        kept = 0
        with self._transaction() as con:
            for item in done:
                if con.execute("SELECT 1 FROM entries WHERE seq = ? AND text = ? AND title = ?",
                               (item.seq, item.text, item.title)).fetchone() is None:
                    continue
                for table in ("index_quotes", "index_sources", "index_figures"):
                    con.execute(f"DELETE FROM {table} WHERE seq = ?", (item.seq,))
                con.executemany("INSERT INTO index_quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                [(item.seq, n, _encodable(q[0]), q[1] and _encodable(q[1]),
                                  q[2] and _encodable(q[2]), *q[3:]) for n, q in enumerate(item.quotes)])
                con.executemany("INSERT OR IGNORE INTO index_sources VALUES (?, ?, ?, ?, ?)",
                                [(item.seq, _encodable(s[0]), *s[1:]) for s in item.sources])
                con.executemany("INSERT INTO index_figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [(item.seq, n, _encodable(f[0]), f[1], f[2] and _encodable(f[2]), f[3],
                                  _encodable(f[4]), f[5], f[6]) for n, f in enumerate(item.figures)])
                con.execute("INSERT OR REPLACE INTO analysis_index (seq, version) VALUES (?, ?)",
                            (item.seq, version))
                kept += 1
        return kept

    @_api()
    def indexed_quotes(self, *, speakers: Sequence[str] | None = None, search: str | None = None,
                       feed_url: str | None = None, since: str | None = None) -> list[IndexedQuote]:
        """Indexed quotes, newest article first; ``speakers``: exact speaker names to keep."""
        from .indexed import IndexedQuote

        assert self._con is not None
        extra, params = _scope(feed_url, since)
        if speakers is not None:
            names = list(speakers) or [""]
            extra += f" AND q.speaker IN ({','.join('?' * len(names))})"
            params += names
        for word in (search or "").split():
            extra += " AND q.text LIKE ? ESCAPE '\\'"
            params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        rows = self._con.execute(
            f"SELECT q.text, q.speaker, q.role, q.kind, q.start, q.end, {_ARTICLE_COLUMNS} "
            "FROM index_quotes q JOIN entries e ON e.seq = q.seq JOIN feeds f ON f.id = e.feed_id "
            f"WHERE 1{extra} ORDER BY COALESCE(e.published, e.first_seen) DESC, e.seq, q.n", params).fetchall()
        return [IndexedQuote(*r[:6], article=_article(r[6:])) for r in rows]

    @_api()
    def indexed_sources(self, seqs: Sequence[int] | None = None) -> list[IndexedSource]:
        """Indexed sources (all, or of the entries ``seqs``)."""
        from .indexed import IndexedSource

        assert self._con is not None
        sql = "SELECT name, kind, mentions, quotes, seq FROM index_sources"
        if seqs is None:
            return [IndexedSource(*r) for r in self._con.execute(sql)]
        out: list[IndexedSource] = []
        for chunk in _chunks(list(seqs)):
            out += [IndexedSource(*r) for r in self._con.execute(
                f"{sql} WHERE seq IN ({','.join('?' * len(chunk))})", chunk)]
        return out

    @_api()
    def indexed_figures(self, seqs: Sequence[int]) -> list[IndexedFigure]:
        """The key figures of the entries ``seqs``, in text order."""
        from .indexed import IndexedFigure

        assert self._con is not None
        out: list[IndexedFigure] = []
        for chunk in _chunks(list(seqs)):
            out += [IndexedFigure(*r) for r in self._con.execute(
                "SELECT text, value, unit, kind, context, start, end, seq FROM index_figures "
                f"WHERE seq IN ({','.join('?' * len(chunk))}) ORDER BY seq, n", chunk)]
        return out

    @_api()
    def indexed_articles(self, *, since: str | None = None, lede: int = 400) -> list[tuple[IndexedArticle, str]]:
        """Every indexed article (oldest first) with the start of its text, for grouping stories."""
        assert self._con is not None
        extra, params = _scope(None, since)
        rows = self._con.execute(
            f"SELECT {_ARTICLE_COLUMNS}, substr(e.text, 1, ?) FROM analysis_index a "
            "JOIN entries e ON e.seq = a.seq JOIN feeds f ON f.id = e.feed_id "
            f"WHERE 1{extra} ORDER BY COALESCE(e.published, e.first_seen), e.seq", [lede, *params]).fetchall()
        return [(_article(r), r[8] or "") for r in rows]


def _chunks(items: list[int], size: int = 500) -> list[list[int]]:
    """SQLite bounds the number of parameters: ask in slices."""
    return [items[i:i + size] for i in range(0, len(items), size)]
