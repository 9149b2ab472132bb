"""The library's bounds and tuning: sizes it never exceeds, waits, and SQLite result codes."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any, Callable, TypeVar



MAX_ID_CHARS = 1_000
MAX_TITLE_CHARS = 2_000
MAX_AUTHOR_CHARS = 1_000
MAX_LINK_CHARS = 4_000
MAX_URL_CHARS = 8_000
MAX_FOLDER_CHARS = 200
MAX_VALIDATOR_CHARS = 1_000
MAX_ERROR_CHARS = 300
MAX_ANALYSIS_CHARS = 16_000_000
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 32
#: Distinct entries stored from one update; the parser keeps far fewer (I4: 2,000).
MAX_ENTRIES_PER_UPDATE = 10_000
#: Seconds a write waits for another connection's transaction (SQLite busy_timeout).
DEFAULT_BUSY_TIMEOUT = 5.0
#: Files up to this size get ``PRAGMA quick_check`` on open (cheap; catches damage early).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
#: A published date more than this far past the first sighting is not trusted for ordering.
FUTURE_SLACK = timedelta(days=1)
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR = 3, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
#: ``feed_text_hash`` of an entry stored with its body unconverted: a hash of
#: the body and enclosures (the same body always makes the same text and links).
_BODY_HASH_PREFIX = "b:"
#: Links and enclosures stored per entry (the parser keeps no more).
MAX_MEDIA_LINKS = 200
MAX_MEDIA_ENCLOSURES = 20
MAX_MEDIA_TYPE_CHARS = 128
#: Numbered links may be mail addresses; enclosures and everything opened are http(s).
_LINK_SCHEMES = ("http", "https", "mailto")
_F = TypeVar("_F", bound=Callable[..., Any])
_ENTRY_COLUMNS = (
    "e.feed_id, e.entry_id, e.title, e.link, e.author, e.published, e.updated, e.text, "
    "e.summary_only, e.read, e.starred, e.first_seen, COALESCE(f.user_title, f.title), f.url, e.media, e.body"
)
_ENTRY_ORDER = "e.sort_date DESC, e.feed_order ASC, e.seq ASC"
_FEED_COLUMNS = (
    "f.id, f.url, COALESCE(f.user_title, f.title), f.folder, f.etag, f.last_modified, f.last_error, "
    "f.error_category, f.last_updated, f.next_update, f.link, f.failures"
)
_FEED_ORDER = "f.folder IS NULL, f.folder COLLATE NOCASE, COALESCE(f.user_title, f.title, f.url) COLLATE NOCASE, f.id"
_SALVAGE_ERRORS = (sqlite3.Error, MemoryError, ValueError, OverflowError)
