"""The analysis cache: an article's analysis kept beside it, keyed by its text."""

from __future__ import annotations




from .limits import (MAX_ANALYSIS_CHARS)
from .base import (_api)
from .records import (_bounded_text, _encodable)


class AnalysisCache:
    """The analysis cache: an article's analysis kept beside it, keyed by its text.

    A part of :class:`Library`; it relies on the connection and guards the
    library sets up (``self._con``, ``_transaction``, ``_require``).
    """

    @_api()
    def cached_analysis(self, key: tuple[int, str]) -> str | None:
        """The analysis JSON cached for the entry's current text, if any."""
        assert self._con is not None
        feed_id, entry_id = self._key(key)
        row = self._con.execute("SELECT analysis FROM entries WHERE feed_id = ? AND entry_id = ?",
                                (feed_id, entry_id)).fetchone()
        return row[0] if row else None

    @_api(write=True)
    def cache_analysis(self, key: tuple[int, str], analysis_json: str, *, text: str | None = None) -> None:
        """Cache an analysis; it is dropped whenever the entry's text changes.

        Pass ``text`` (the text that was analysed) to refuse caching a result
        computed from text that has changed since. Oversized results are not cached.
        """
        if not isinstance(analysis_json, str) or len(analysis_json) > MAX_ANALYSIS_CHARS:
            return
        feed_id, entry_id = self._key(key)
        with self._transaction() as con:
            self._settle(con, feed_id, entry_id)  # the analysis is keyed to the text, so the text must be there
            if text is None:
                con.execute("UPDATE entries SET analysis = ? WHERE feed_id = ? AND entry_id = ?",
                            (_encodable(analysis_json), feed_id, entry_id))
            else:
                con.execute("UPDATE entries SET analysis = ? WHERE feed_id = ? AND entry_id = ? AND text = ?",
                            (_encodable(analysis_json), feed_id, entry_id, _bounded_text(text)))
