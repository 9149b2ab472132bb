"""The library: subscriptions, entries and read state in one SQLite file.

Durability and crash consistency (I6)
-------------------------------------
The database runs in WAL mode with ``synchronous=NORMAL``. In WAL mode a
transaction is complete once its frames, including the commit frame, are
written to the ``-wal`` file; NORMAL only skips the fsync at commit. The
written data sits in the kernel's page cache, which survives the death of the
process (SIGKILL, a crash, the terminal closing), so everything a method has
returned from — in particular :meth:`Library.set_read` / :meth:`set_starred`,
which the UI treats as *acknowledged* — is still there on the next start. What
NORMAL gives up is the last few transactions on a power cut or kernel panic;
the file still opens and is consistent then (SQLite rolls back to the last
synced commit). That trade is the one SQLite recommends for WAL.

Every feed update is one ``BEGIN IMMEDIATE`` transaction (entries and the feed
row together), so after a crash a feed is either wholly updated or not at all
(S1). On a network file system (S9) WAL is unsafe; the library then uses
``journal_mode=DELETE`` with ``synchronous=FULL`` and records a warning in
:attr:`Library.warnings`.

Entry text, made when first needed
----------------------------------
A refresh stores each entry's body as the feed sent it (``entries.body``,
compressed when that pays) and an empty ``text``: converting HTML is half of
what parsing costs and most entries are never opened. The text is made, exactly
as parsing would have made it, when the entry is read through this API (and
written back when that can be done without waiting), before an analysis is
cached or a full article replaces it, and by :meth:`Library.make_pending_text`,
which the search index catch-up runs first. A changed body is recognised by
its hash, so a refresh converts nothing to compare (only once, for an entry
stored before schema v6, whose text hash is then replaced by its body's).

Several processes (I7)
----------------------
Any number of processes may have the library open and write it: the reader,
a cron ``newsreader refresh``, an ``add``. Every write is one short
``BEGIN IMMEDIATE`` transaction; SQLite orders them (WAL lets reads go on
meanwhile), a write waits up to ``busy_timeout`` for another's transaction
(retrying the few busy states SQLite does not wait on itself) and then raises
:class:`StorageBusy` (S5). :meth:`Library.data_version` tells a long-lived
reader, cheaply, that another process has committed. Two refreshes at once
are allowed: each feed's update is one transaction keyed by entry id, so they
interleave safely; the worst case is one feed fetched twice.

Migrating and repairing need the file to themselves: :mod:`feeds.lock` gives
every open library a shared lock and those two an exclusive one, so neither
runs while another process has the library open (the user is told to quit it).
``readonly=True`` opens (and writers that find the file or folder unwritable,
which fall back to read-only and say so in :attr:`Library.warnings`) open the
file with ``mode=ro`` and ``query_only``, and never write to the database or
create a lock or damage marker. (SQLite itself may create the empty
``-wal``/``-shm`` side files a WAL reader needs, and leave them.)

Errors
------
No ``sqlite3`` exception leaves this module. Everything becomes a
:class:`LibraryError` (or a subclass) with a one-line message, and a failed
write is rolled back first (S7). A damaged file found at open (S6) is moved
aside to ``<path>.corrupt-<timestamp>``, every subscription and entry that can
still be read from it is copied into a fresh library (row by row, stepping
over damaged pages with the rowids its indexes list: M1), and
:class:`LibraryDamaged` says how many were kept and lost; the next open
works normally. Damage found later, mid-session, raises ``LibraryError`` and leaves a marker so that the
next open runs a full ``integrity_check`` first.

Search
------
Full-text search uses FTS5 (``unicode61``, diacritics folded, ranked with
BM25 weighting title over author over text). User queries are split into
words and every word is quoted, so no query syntax reaches FTS5 and no input
raises. If this SQLite has no FTS5, :meth:`Library.search` falls back to
``LIKE`` over title, author and text (unranked beyond "title matches first").

Bounds
------
The store never trusts its caller on sizes: entry ids over 1,000 characters
(or containing NUL or lone surrogates) are replaced by ``"sha256:" + hex``;
titles are cut to 2,000 characters, authors to 1,000, texts to
:data:`feeds.model.MAX_TEXT_CHARS`; links over 4,000 characters are dropped;
an update keeps at most :data:`MAX_ENTRIES_PER_UPDATE` distinct entries (the
first occurrence of an id wins). A feed keeps at most
:attr:`Library.max_items_per_feed` entries (M3), and an entry re-issued under a
new id is recognised as the one already stored.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sqlite3
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence, TypeVar

from . import paths, schema
from . import lock
from .lock import DEFAULT_SHARED_WAIT, LibraryLock
from .model import MAX_TEXT_CHARS, Article, Enclosure, bounded_text
from .sanitize import sanitize_display, sanitize_line, sanitize_text
from .errors import NewsreaderError
from .store_errors import LibraryDamaged, LibraryError, LibraryLocked, StorageBusy

__all__ = [
    "Entry",
    "EntryData",
    "Feed",
    "Headline",
    "Library",
    "LibraryDamaged",
    "LibraryError",
    "LibraryLocked",
    "StorageBusy",
    "UpdateStats",
    "ViewIndex",
    "MAX_ENTRIES_PER_UPDATE",
    "normalize_entry_id",
]

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


# --------------------------------------------------------------------------- model


@dataclass
class Feed:
    id: int
    url: str
    title: str | None
    folder: str | None
    etag: str | None
    last_modified: str | None
    #: One-line message and category of the last failed update (a FeedError's).
    last_error: str | None
    error_category: str | None
    #: When the feed was last polled (successfully, 304, or with an error).
    last_updated: datetime | None
    next_update: datetime | None
    unread: int
    total: int
    #: The site's home page, as the feed gives it.
    link: str | None = None
    #: Polls in a row that failed (0 after any success or 304).
    failures: int = 0

    @property
    def display_title(self) -> str:
        from .urls import display_url  # the URL as shown: password masked, spoofing host in punycode

        return self.title or display_url(self.url)


@dataclass
class Entry:
    feed_id: int
    id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    text: str
    summary_only: bool
    read: bool
    starred: bool
    first_seen: datetime
    feed_title: str | None
    feed_url: str | None = None
    #: The links numbered in ``text``, and the enclosures (schema v5 ``media``).
    links: list[str] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str]:
        return (self.feed_id, self.id)

    def to_article(self) -> Article:
        return Article(
            title=self.title,
            text=self.text,
            byline=self.author,
            source=self.feed_title,
            published=self.published,
            url=self.link,
            origin=self.link or self.feed_url or "",
            entry_key=self.key,
            links=self.links,
            enclosures=self.enclosures,
        )


@dataclass
class Headline:
    """One row of an article list: what the list shows, without the body."""

    seq: int
    feed_id: int
    id: str
    title: str
    published: datetime | None
    read: bool
    starred: bool
    feed_title: str | None
    link: str | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.feed_id, self.id)


@dataclass
class ViewIndex:
    """A view's entries in list order (``seq`` numbers) and which of them are unread."""

    seqs: list[int]
    unread: set[int]


@dataclass
class UpdateStats:
    new: int
    updated: int
    unchanged: int
    #: Entries dropped to keep the feed within ``max_items_per_feed``.
    removed: int = 0


class EntryData(Protocol):
    """What the parser produces for one entry (``feeds.feedparse.ParsedEntry``)."""

    id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    text: str
    summary_only: bool


# --------------------------------------------------------------------------- helpers


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _ts(value: object) -> str | None:
    """A datetime as sortable UTC text; None for anything unusable (E1)."""
    if not isinstance(value, datetime):
        return None
    try:
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    except (OverflowError, ValueError):
        return None


def _dt(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def _encodable(text: str) -> str:
    """Make ``text`` storable as UTF-8 (lone surrogates would make sqlite3 raise)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _line(value: object, limit: int) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    if len(value) > limit * 4:  # don't sanitise megabytes to keep 2,000 characters
        value = value[: limit * 4]
    return sanitize_line(value, limit=limit) or None


def _link(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if len(value) > MAX_LINK_CHARS * 2:
        return None
    cleaned = sanitize_line(value, limit=None)
    if not cleaned or len(cleaned) > MAX_LINK_CHARS:
        return None  # a cut URL would be a wrong URL
    return cleaned


def _bounded_text(value: object) -> str:
    if not isinstance(value, str) or not value:
        return ""
    if len(value) > MAX_TEXT_CHARS * 2:
        value = value[: MAX_TEXT_CHARS * 2]
    return bounded_text(sanitize_display(value), MAX_TEXT_CHARS)  # sanitize: a scan, for clean text


def _text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


#: ``feed_text_hash`` of an entry stored with its body unconverted: a hash of
#: the body and enclosures (the same body always makes the same text and links).
_BODY_HASH_PREFIX = "b:"


def _body_hash(blob: bytes, media: str | None) -> str:
    h = hashlib.blake2b(blob, digest_size=16)
    h.update(b"\0" + (media or "").encode("utf-8"))
    return _BODY_HASH_PREFIX + h.hexdigest()


def _body_blob(body: object) -> bytes | None:
    """A parser's ``EntryBody`` as stored (``None`` when the entry came with its text)."""
    to_blob = getattr(body, "to_blob", None)
    return to_blob() if callable(to_blob) else None


@dataclass(frozen=True, slots=True)
class _Made:
    """A stored body made into what the entry row holds once converted."""

    text: str
    summary_only: bool
    media: str | None


@functools.lru_cache(maxsize=32)
def _make_text(blob: bytes, media: str | None) -> _Made:
    """Convert a stored body exactly as parsing used to, cleaned and bounded like any stored text.

    Cached (a few dozen entries) so that a read-only reader, which cannot write
    the text back, converts an article it shows again only once.
    """
    from .feedparse import EntryBody  # the parser is only needed once there is a body to convert

    body = EntryBody.from_blob(blob)
    if body is None:  # a damaged value: the entry reads as having no text
        return _Made("", False, media)
    rendered = body.render()
    _links, enclosures = _media(media)
    return _Made(_bounded_text(rendered.text), rendered.summary_only, _media_json(rendered.links, enclosures))


def normalize_entry_id(value: object) -> str:
    """The id stored for an entry: as given, or hashed when too long or unstorable."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    raw = value.encode("utf-8", "surrogatepass")
    bad = "\x00" in value or len(value) > MAX_ID_CHARS
    if not bad:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            bad = True
    if bad:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    return value


def _validator(value: object) -> str | None:
    """ETag / Last-Modified: kept verbatim (F11), or dropped if unusable."""
    if not isinstance(value, str) or not value or len(value) > MAX_VALIDATOR_CHARS:
        return None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return None
    return _encodable(value)


@dataclass(slots=True)
class _Prepared:
    id: str
    title: str
    link: str | None
    author: str | None
    published: str | None
    updated: str | None
    text: str
    text_hash: str
    summary_only: bool
    media: str | None = None
    #: The body as the feed sent it (``EntryBody.to_blob``) when ``text`` is still to be made.
    body: bytes | None = None


class PreparedEntries(list):
    """Entries already checked and bounded by :func:`prepare_entries`.

    Preparing is CPU work (cleaning, hashing); a refresh does it in its worker
    processes and hands the result to :meth:`Library.store_update`, which then
    only writes. Only this module makes these, so the bounds still hold.
    """


def prepare_entries(entries: Sequence[Any]) -> PreparedEntries:
    return PreparedEntries(_prepare(entries))


def _prepare(entries: Sequence[Any]) -> list[_Prepared]:
    if isinstance(entries, PreparedEntries):
        return entries
    out: list[_Prepared] = []
    seen: set[str] = set()
    for item in entries:
        raw_id = getattr(item, "id", None)
        title = _line(getattr(item, "title", None), MAX_TITLE_CHARS) or ""
        link = _link(getattr(item, "link", None))
        published = _ts(getattr(item, "published", None))
        if not raw_id:
            # No guid and no link (E2): identity from what the entry says, deterministically.
            basis = f"{link or ''}\0{title}\0{published or ''}"
            raw_id = "noid:" + hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()
        eid = normalize_entry_id(raw_id)
        if eid in seen:
            continue
        seen.add(eid)
        media = _media_json(getattr(item, "links", None), getattr(item, "enclosures", None))
        blob = _body_blob(getattr(item, "body", None))
        if blob is None:
            text = _bounded_text(getattr(item, "text", None))
            text_hash = _text_hash(text)
        else:
            text, text_hash = "", _body_hash(blob, media)
        out.append(_Prepared(
            id=eid, title=title, link=link,
            author=_line(getattr(item, "author", None), MAX_AUTHOR_CHARS),
            published=published, updated=_ts(getattr(item, "updated", None)),
            text=text, text_hash=text_hash,
            summary_only=bool(getattr(item, "summary_only", False)),
            media=media, body=blob,
        ))
        if len(out) >= MAX_ENTRIES_PER_UPDATE:
            break
    return out


def is_summary_only(entry: Any) -> bool:
    """Whether a prepared entry has only a summary; one stored unconverted is converted to tell."""
    if not getattr(entry, "summary_only", False):
        return False
    body = getattr(entry, "body", None)
    return _make_text(body, entry.media).summary_only if isinstance(body, bytes) else True


def _write_made(con: sqlite3.Connection, feed_id: int, entry_id: str, blob: bytes, made: _Made) -> None:
    """Store an entry's made text in place of its body, unless a refresh changed the body meanwhile."""
    con.execute("UPDATE entries SET text = ?, summary_only = ?, media = ?, body = NULL "
                "WHERE feed_id = ? AND entry_id = ? AND body = ?",
                (made.text, int(made.summary_only), made.media, feed_id, entry_id, blob))


def _converted(e: _Prepared) -> _Prepared:
    """The entry with its text made now (its hash stays the body's)."""
    if e.body is None:
        return e
    made = _make_text(e.body, e.media)
    return dataclasses.replace(e, text=made.text, summary_only=made.summary_only, media=made.media, body=None)


def _identity_keys(title: str | None, link: str | None, published: str | None) -> list[tuple[str, ...]]:
    """What identifies an entry besides its id: its link; its title together with its date."""
    keys: list[tuple[str, ...]] = []
    if link:
        keys.append(("link", link))
    if title and published:
        keys.append(("dated title", title, published))
    return keys


def _same_entries_as_before(prepared: list[_Prepared], existing: dict[str, tuple[Any, ...]]) -> list[_Prepared]:
    """Give entries that a feed re-issued under a new id the id already stored (M3).

    Some feeds mint a new GUID on every fetch; taken at their word they add
    their whole content again each time. A new id whose link (or title and
    date) matches exactly one stored entry that this fetch no longer carries
    is that entry. A link shared by several entries of this fetch (feeds
    whose items all link to the home page) identifies nothing. The stored
    id is kept rather than replaced, so keys held by a reader stay valid.
    """
    incoming = {e.id for e in prepared}
    if all(e.id in existing for e in prepared):
        return prepared
    in_fetch = Counter(k for e in prepared for k in _identity_keys(e.title, e.link, e.published))
    stored: dict[tuple[str, ...], list[str]] = {}
    for eid, row in existing.items():  # row: title, link, author, published, …
        if eid not in incoming:
            for k in _identity_keys(row[0], row[1], row[3]):
                stored.setdefault(k, []).append(eid)
    taken: set[str] = set()
    out: list[_Prepared] = []
    for e in prepared:
        if e.id not in existing:
            for k in _identity_keys(e.title, e.link, e.published):
                olds = [o for o in stored.get(k, ()) if o not in taken]
                # a link must be unambiguous; a title with its date is identity enough
                if in_fetch[k] == 1 and olds and (k[0] != "link" or len(olds) == 1):
                    e = dataclasses.replace(e, id=olds[0])
                    taken.add(olds[0])
                    break
        out.append(e)
    return out


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


#: Links and enclosures stored per entry (the parser keeps no more).
MAX_MEDIA_LINKS = 200
MAX_MEDIA_ENCLOSURES = 20
MAX_MEDIA_TYPE_CHARS = 128
#: Numbered links may be mail addresses; enclosures and everything opened are http(s).
_LINK_SCHEMES = ("http", "https", "mailto")


def _media_url(value: object, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """A stored link as it came from the parser: one clean bounded line with an allowed scheme."""
    url = _link(value)
    if url is None or url != value or url.split(":", 1)[0].lower() not in schemes:
        return None
    return url


def _media_json(links: object, enclosures: object) -> str | None:
    """An entry's links and enclosures as the ``media`` column's JSON; ``None`` when it has none.

    Every URL is checked like the entry's own link (one sanitised line, not
    cut); numbers are whole and positive; the lists are bounded.
    """
    clean_links = [u for u in (links if isinstance(links, list) else [])[:MAX_MEDIA_LINKS]
                   if _media_url(u, _LINK_SCHEMES)]
    clean_enclosures = []
    for e in (enclosures if isinstance(enclosures, list) else [])[:MAX_MEDIA_ENCLOSURES]:
        url = _media_url(getattr(e, "url", None))
        if url is None:
            continue
        clean_enclosures.append({"url": url, "type": _line(getattr(e, "type", None), MAX_MEDIA_TYPE_CHARS),
                                 "length": _count(getattr(e, "length", None)),
                                 "duration": _count(getattr(e, "duration", None))})
    if not clean_links and not clean_enclosures:
        return None
    return json.dumps({"links": clean_links, "enclosures": clean_enclosures}, ensure_ascii=False)


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10 ** 15 else None


def _media(value: object) -> tuple[list[str], list[Enclosure]]:
    """The ``media`` column back as (links, enclosures); nothing for NULL or a damaged value."""
    if not isinstance(value, str) or not value:
        return [], []
    try:
        doc = json.loads(value)
    except ValueError:
        return [], []
    if not isinstance(doc, dict):
        return [], []
    links = [u for u in _as_list(doc.get("links")) if _media_url(u, _LINK_SCHEMES)][:MAX_MEDIA_LINKS]
    enclosures = []
    for e in _as_list(doc.get("enclosures"))[:MAX_MEDIA_ENCLOSURES]:
        if isinstance(e, dict) and _media_url(e.get("url")):
            enclosures.append(Enclosure(url=e["url"], type=_line(e.get("type"), MAX_MEDIA_TYPE_CHARS),
                                        length=_count(e.get("length")), duration=_count(e.get("duration"))))
    return links, enclosures[:MAX_MEDIA_ENCLOSURES]


def _sort_date(published: str | None, first_seen: str) -> str:
    """Newest first by publication date; undated (or implausibly future) entries by first sighting."""
    if published is None:
        return first_seen
    pub, seen = _dt(published), _dt(first_seen)
    if pub is None or seen is None:
        return first_seen
    try:
        if pub > seen + FUTURE_SLACK:
            return first_seen
    except OverflowError:
        return first_seen
    return published


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


def _primary(exc: sqlite3.Error) -> int:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        return _SQLITE_BUSY
    if "malformed" in msg or "corrupt" in msg:
        return _SQLITE_CORRUPT
    if "not a database" in msg:
        return _SQLITE_NOTADB
    if "full" in msg:
        return _SQLITE_FULL
    if "readonly" in msg or "read-only" in msg:
        return _SQLITE_READONLY
    if "unable to open" in msg:
        return _SQLITE_CANTOPEN
    return -1


def _is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and _primary(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


class _Damaged(NewsreaderError):
    """Internal: the file is damaged (raised during open, handled by Library.open)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_F = TypeVar("_F", bound=Callable[..., Any])


def _api(*, write: bool = False) -> Callable[[_F], _F]:
    """Serialise, check state, and translate every sqlite3/OS error into a LibraryError."""

    def decorate(fn: _F) -> _F:
        @functools.wraps(fn)
        def wrapper(self: "Library", *args: Any, **kwargs: Any) -> Any:
            with self._mutex:
                con = self._require(write)
                try:
                    return fn(self, *args, **kwargs)
                except sqlite3.Error as exc:
                    self._rollback_quietly(con)
                    raise self._translate(exc) from exc
                except OSError as exc:
                    self._rollback_quietly(con)
                    raise LibraryError(f"library I/O error on {self.path}: {exc.strerror or exc}") from exc

        return wrapper  # type: ignore[return-value]

    return decorate


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


def _entry(row: Sequence[Any]) -> Entry:
    """A row of :data:`_ENTRY_COLUMNS` as an Entry; a body still unconverted is converted here."""
    media = row[14] if len(row) > 14 else None
    text, summary_only = row[7] or "", bool(row[8])
    if len(row) > 15 and row[15] is not None:
        made = _make_text(bytes(row[15]), media)
        text, summary_only, media = made.text, made.summary_only, made.media
    links, enclosures = _media(media)
    return Entry(
        feed_id=row[0], id=row[1], title=row[2] or "", link=row[3], author=row[4],
        published=_dt(row[5]), updated=_dt(row[6]), text=text, summary_only=summary_only,
        read=bool(row[9]), starred=bool(row[10]),
        first_seen=_dt(row[11]) or datetime(1970, 1, 1, tzinfo=timezone.utc),
        feed_title=row[12], feed_url=row[13],
        links=links, enclosures=enclosures,
    )


def _feed(row: Sequence[Any], unread: int, total: int) -> Feed:
    return Feed(
        id=row[0], url=row[1], title=row[2], folder=row[3], etag=row[4], last_modified=row[5],
        last_error=row[6], error_category=row[7], last_updated=_dt(row[8]), next_update=_dt(row[9]),
        unread=int(unread or 0), total=int(total or 0), link=row[10], failures=int(row[11] or 0),
    )


# --------------------------------------------------------------------------- library


class Library:
    """One open library. Thread-safe: calls are serialised on one connection."""

    path: Path
    readonly: bool
    #: One-line notes for the user (network file system, …); empty normally.
    warnings: list[str]
    #: ``"fts5"`` or ``"like"``: how :meth:`search` works on this library.
    search_backend: str

    def __init__(self) -> None:  # use Library.open()
        self._con: sqlite3.Connection | None = None
        self._lock: LibraryLock | None = None
        self._mutex = threading.RLock()
        self._busy_timeout = DEFAULT_BUSY_TIMEOUT
        self.path = Path()
        self.readonly = False
        self.readonly_reason: str | None = None
        self._max_items: int | None = None
        self.warnings = []
        self.search_backend = "like"

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        readonly: bool = False,
        wait: float = DEFAULT_SHARED_WAIT,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        max_items_per_feed: int | None = None,
        check: bool = True,
        _take_lock: bool = True,
    ) -> "Library":
        """Opens (creating and migrating as needed); any number of processes may have it open.

        Writes from several processes are ordered by SQLite (WAL, short
        transactions, ``busy_timeout``). Migrating and repairing need the file
        to themselves (see :mod:`feeds.lock`); an open waits up to ``wait``
        seconds while another process does either. A library whose file or
        folder this process cannot write is opened read-only, with a note in
        :attr:`warnings` and :attr:`readonly_reason`. ``max_items_per_feed``
        (default: the ``[refresh]`` setting) bounds what a refresh keeps.
        ``check=False`` skips the quick check on open (for a second connection to a
        library this process has just opened and checked).
        ``_take_lock=False`` exists for tests of SQLite-level locking only (S5, S10).
        """
        lib = cls()
        lib._check_on_open = check
        lib.path = Path(path).expanduser() if path is not None else paths.library_path()
        lib.path = lib.path.absolute()
        lib.readonly = readonly
        lib._max_items = None if max_items_per_feed is None else max(0, int(max_items_per_feed))
        lib._busy_timeout = max(0.0, busy_timeout)
        try:
            lib._check_place()
            exclusive = not _take_lock
            if _take_lock:
                lib._lock = LibraryLock(lib.path, readonly=lib.readonly)
                exclusive = lib._lock.try_exclusive()
                if not exclusive:
                    lib._lock.acquire_shared(wait)
            try:
                lib._setup(busy_timeout, exclusive=exclusive)
            except _Damaged as damaged:
                lib._close_connection()
                if lib.readonly:
                    raise LibraryError(
                        f"library is damaged ({damaged.reason}); open it without read-only mode to repair it") from None
                if not exclusive:
                    raise LibraryError(
                        f"library is damaged ({damaged.reason}); quit every newsreader using it and "
                        "start again to repair it") from None
                raise lib._rebuild(damaged.reason, busy_timeout) from None
            if exclusive and lib._lock is not None:
                lib._lock.acquire_shared(0)  # done with the file to ourselves: let the others in
        except BaseException:
            lib._close_connection()
            if lib._lock is not None:
                lib._lock.release()
                lib._lock = None
            raise
        return lib

    def _check_place(self) -> None:
        """Refuse a directory (M9); fall back to read-only where nothing can be written (M7)."""
        path = self.path
        if path.is_dir():
            hint = f" (check {paths.LIBRARY_ENV})" if os.environ.get(paths.LIBRARY_ENV, "").strip() else ""
            raise LibraryError(f"the library path {path} is a directory, not a library file{hint}")
        if not self.readonly:
            try:
                paths.ensure_dir(path.parent)
            except OSError as exc:
                raise LibraryError(
                    f"cannot create the library folder {path.parent}: {exc.strerror or exc}") from None
            if not lock.place_is_writable(path):
                if not path.exists():
                    raise LibraryError(f"cannot create the library: the folder {path.parent} is not writable")
                where = "folder" if not os.access(path.parent, os.W_OK) else "file"
                self.readonly = True
                self.readonly_reason = f"the library's {where} is read-only"
                self.warnings.append(f"{self.readonly_reason} ({path}): opened read-only, changes cannot be saved")
        if self.readonly and not path.is_file():
            raise LibraryError(f"there is no library at {path} yet")

    def _connect(self, busy_timeout: float) -> sqlite3.Connection:
        if self.readonly:
            uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
            con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                  timeout=busy_timeout)
            try:
                con.execute("PRAGMA application_id").fetchone()
                return con
            except sqlite3.OperationalError as exc:
                # A WAL library in a folder we cannot write: SQLite cannot create the
                # -shm index. With no -wal content there is nothing it would miss, so
                # read the file as an immutable snapshot.
                wal = Path(str(self.path) + "-wal")
                if _primary(exc) not in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or (
                        wal.exists() and wal.stat().st_size > 0):
                    con.close()
                    raise
                con.close()
            if self.readonly_reason is None:  # otherwise the user has been told already
                self.warnings.append("the library's folder is read-only; showing it as it was when opened")
            return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=busy_timeout)
        return sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                               timeout=busy_timeout)

    def _setup(self, busy_timeout: float, *, exclusive: bool = True) -> None:
        """Connect, configure, check identity and version, migrate, sanity-check.

        Without ``exclusive`` access (another process has the library open) an
        existing library is not migrated: that process may be running older code.
        """
        path = self.path
        fstype = paths.filesystem_type(path.parent)
        network = fstype in paths.NETWORK_FILESYSTEMS
        if network:
            self.warnings.append(
                f"the library is on a network file system ({fstype}); using a rollback journal "
                "instead of WAL — use it from one computer at a time")
        marker = self._damage_marker()
        full_check = marker.exists()
        try:
            if not self.readonly and not path.exists():
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    pass
            con = self._con = self._connect(busy_timeout)
            con.execute(f"PRAGMA busy_timeout = {int(max(0.0, busy_timeout) * 1000)}")
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id not in (0, schema.APPLICATION_ID) or (
                    app_id == 0 and version == 0 and
                    con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0):
                raise LibraryError(
                    f"{path} is not a newsreader library (it belongs to another program); "
                    f"choose another file with {paths.LIBRARY_ENV}")
            if version > schema.SCHEMA_VERSION:
                raise LibraryError(
                    f"library was created by a newer newsreader (schema {version}; "
                    f"this version reads up to {schema.SCHEMA_VERSION})")
            if not self.readonly:
                if network:
                    con.execute("PRAGMA journal_mode = DELETE")
                    con.execute("PRAGMA synchronous = FULL")
                else:
                    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                    if str(mode).lower() != "wal":
                        self.warnings.append(f"could not switch the library to WAL mode ({mode})")
                    con.execute("PRAGMA synchronous = NORMAL")
                con.execute("PRAGMA journal_size_limit = 67108864")
            con.execute("PRAGMA foreign_keys = ON")
            if version < schema.SCHEMA_VERSION:
                if self.readonly:
                    raise LibraryError(
                        f"library needs upgrading (schema {version} → {schema.SCHEMA_VERSION}); "
                        "open it once without read-only mode")
                if version > 0 and not exclusive:
                    raise LibraryLocked(path, None, (
                        f"the library needs upgrading (schema {version} → {schema.SCHEMA_VERSION}) and another "
                        "newsreader has it open; quit it and start again"))
                if version > 0:
                    self._backup(f"{path}.bak-v{version}")
                schema.migrate(con, version)
            has_fts = con.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'entries_fts'").fetchone() is not None
            if has_fts and not schema.fts5_available():
                raise LibraryError("this library needs SQLite with FTS5, which this Python lacks")
            self.search_backend = "fts5" if has_fts else "like"
            try:
                size = path.stat().st_size
            except OSError:
                size = 0
            if full_check:
                result = con.execute("PRAGMA integrity_check").fetchall()
            elif size <= QUICK_CHECK_MAX_BYTES and getattr(self, "_check_on_open", True):
                result = con.execute("PRAGMA quick_check").fetchall()
            else:
                result = [("ok",)]
            if [r[0] for r in result] != ["ok"]:
                raise _Damaged(str(result[0][0]) if result else "integrity check failed")
            if full_check and not self.readonly:
                try:
                    marker.unlink()
                except OSError:
                    pass
            if self.readonly:
                con.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            if _is_damage(exc):
                raise _Damaged(str(exc)) from None
            raise self._translate(exc, opening=True) from exc
        except OSError as exc:
            raise LibraryError(f"cannot open the library at {path}: {exc.strerror or exc}") from exc

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
            kept = self._restore(salvage.feeds, salvage.entries)
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

    def _restore(self, feeds: list[dict[str, Any]], entries: list[dict[str, Any]]) -> "_Restored":
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
            con.execute("COMMIT")
        except BaseException:
            self._rollback_quietly(con)
            raise
        kept.feeds = len(ids)
        return kept

    @property
    def max_items_per_feed(self) -> int:
        """Entries a refresh keeps per feed (0: all): as opened with, else the ``[refresh]`` setting.

        Read from the settings only when a refresh first needs it, so opening
        a library to read never depends on the settings file.
        """
        if self._max_items is None:
            from .config import config_path, load_config

            # Read afresh (not the process-wide cache), so this never pins the
            # settings the app has yet to read.
            self._max_items = load_config(config_path()).max_items_per_feed
        return self._max_items

    @max_items_per_feed.setter
    def max_items_per_feed(self, value: int) -> None:
        self._max_items = max(0, int(value))

    # ---------------------------------------------------------------- lifecycle

    def close(self) -> None:
        with self._mutex:
            self._close_connection()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def _close_connection(self) -> None:
        con, self._con = self._con, None
        if con is None:
            return
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        try:
            con.close()
        except sqlite3.Error:
            pass

    @property
    def closed(self) -> bool:
        return self._con is None

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        state = "closed" if self._con is None else ("read-only" if self.readonly else "writer")
        return f"<Library {str(self.path)!r} {state}>"

    # ---------------------------------------------------------------- plumbing

    def _require(self, write: bool) -> sqlite3.Connection:
        if self._con is None:
            raise LibraryError("the library is closed")
        if write and self.readonly:
            raise LibraryError(f"the library is open read-only ({self.readonly_reason})" if self.readonly_reason
                               else "the library is open read-only")
        return self._con

    @staticmethod
    def _rollback_quietly(con: sqlite3.Connection | None) -> None:
        if con is None:
            return
        try:
            if con.in_transaction:
                con.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def _translate(self, exc: sqlite3.Error, *, opening: bool = False) -> LibraryError:
        code = _primary(exc)
        where = self.path
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StorageBusy(f"the library is busy (another program is writing to {where}); try again")
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            if not self.readonly:
                try:
                    self._damage_marker().touch()
                except OSError:
                    pass
            return LibraryError(f"library is damaged ({exc}); quit and start newsreader again to repair it")
        if code == _SQLITE_FULL:
            return LibraryError(f"cannot write the library: the disk is full ({where}); nothing was changed")
        if code in (_SQLITE_READONLY, _SQLITE_PERM):
            return LibraryError(f"cannot write the library: {where} is read-only or not writable")
        if code == _SQLITE_CANTOPEN:
            return LibraryError(f"cannot open the library at {where}: permission denied or folder missing")
        if code == _SQLITE_IOERR:
            return LibraryError(f"cannot {'open' if opening else 'write'} the library: I/O error on {where} "
                                f"(disk full, file too large or permissions?); nothing was changed")
        return LibraryError(f"library error: {exc}")

    def _begin(self, con: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, retried while another process writes, up to the busy timeout.

        SQLite's busy handler covers most waits; a few states (another
        connection recovering the WAL index, say) return SQLITE_BUSY at once,
        and those are retried here so a short write from the reader lands
        while a cron refresh is storing its feeds.
        """
        deadline = time.monotonic() + self._busy_timeout
        delay = 0.005
        while True:
            try:
                con.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if _primary(exc) not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any failure, COMMIT included."""
        con = self._con
        assert con is not None
        self._begin(con)
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            self._rollback_quietly(con)
            raise

    @staticmethod
    def _key(key: Any) -> tuple[int, str]:
        try:
            feed_id, entry_id = key
        except (TypeError, ValueError):
            raise ValueError(f"an entry key is (feed_id, entry_id), not {key!r:.80}") from None
        if not isinstance(feed_id, int) or isinstance(feed_id, bool) or not isinstance(entry_id, str):
            raise ValueError(f"an entry key is (feed_id, entry_id), not {key!r:.80}")
        return feed_id, normalize_entry_id(entry_id)

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

    # ---------------------------------------------------------------- feeds

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

    # ---------------------------------------------------------------- updates

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

    # ---------------------------------------------------------------- entries

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

    def reader(self) -> "Library":
        """A second, read-only connection to this library, for a user interface's reads.

        In WAL mode a reader never waits for a writer: while a refresh holds this
        connection in a long write, the list and the article still read the last
        committed state through the reader.
        """
        return Library.open(self.path, readonly=True, check=False)

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

    @_api(write=True)
    def rename_feed(self, feed_id: int, title: str | None) -> None:
        """The user's own name for a feed (None or empty: the feed's own title again)."""
        title = _line(title, MAX_TITLE_CHARS) if title and title.strip() else None
        with self._transaction() as con:
            con.execute("UPDATE feeds SET user_title = ? WHERE id = ?", (title and title.strip(), feed_id))

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
        entry = _entry(row)
        if row[15] is not None:
            self._keep_made_text(feed_id, entry_id, bytes(row[15]), row[14])
        return entry

    def _keep_made_text(self, feed_id: int, entry_id: str, blob: bytes, media: str | None) -> None:
        """Write an entry's newly made text back into its row, if that can be done without waiting.

        A reader showing an article must not stall behind a refresh's write, so
        this never waits for the lock: when busy (or read-only) the text is
        simply made again next time, or by the catch-up.
        """
        con = self._con
        if self.readonly or con is None or con.in_transaction:
            return
        made = _make_text(blob, media)
        try:
            con.execute("PRAGMA busy_timeout = 0")
            try:
                con.execute("BEGIN IMMEDIATE")
                _write_made(con, feed_id, entry_id, blob, made)
                con.execute("COMMIT")
            finally:
                con.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        except sqlite3.Error:
            self._rollback_quietly(con)

    def _settle(self, con: sqlite3.Connection, feed_id: int, entry_id: str) -> None:
        """Inside a write transaction: make the entry's text from its stored body, if it has one."""
        row = con.execute("SELECT body, media FROM entries WHERE feed_id = ? AND entry_id = ? AND body IS NOT NULL",
                          (feed_id, entry_id)).fetchone()
        if row is not None:
            _write_made(con, feed_id, entry_id, bytes(row[0]), _make_text(bytes(row[0]), row[1]))

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
    def data_version(self) -> int:
        """A number that changes when another connection commits (SQLite ``PRAGMA data_version``).

        Cheap (no table is read), so a reader can poll it every second or two
        and reload its lists only when a cron refresh, an ``add`` or another
        window changed the library. This connection's own writes do not change it.
        """
        assert self._con is not None
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

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

    # ---------------------------------------------------------------- search

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

    # ---------------------------------------------------------------- analysis cache

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

    # ---------------------------------------------------------------- search index

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

    def make_pending_text(self, *, batch: int = 200) -> int:
        """Make the text of every entry a refresh stored unconverted; returns how many.

        The conversion runs between transactions, without the library's lock,
        so a reader is never held up by it; a row changed meanwhile is left for
        the next call.
        """
        if self.readonly:
            return 0
        total = 0
        after = 0
        while True:
            rows = self._pending_bodies(after, batch)
            if not rows:
                return total
            made = [(r[1], r[2], bytes(r[3]), _make_text(bytes(r[3]), r[4])) for r in rows]
            self._write_made_batch(made)
            total += len(made)
            after = rows[-1][0]
            time.sleep(0.002)  # locks are not fair: let a waiting reader in between batches

    @_api()
    def _pending_bodies(self, after: int, batch: int) -> list[tuple[Any, ...]]:
        assert self._con is not None
        return self._con.execute(
            "SELECT seq, feed_id, entry_id, body, media FROM entries WHERE body IS NOT NULL AND seq > ? "
            "ORDER BY seq LIMIT ?", (after, batch)).fetchall()

    @_api(write=True)
    def _write_made_batch(self, made: list[tuple[int, str, bytes, "_Made"]]) -> None:
        with self._transaction() as con:
            for feed_id, entry_id, blob, m in made:
                _write_made(con, feed_id, entry_id, blob, m)

    @_api()
    def pending_text(self) -> int:
        """How many entries still hold the body a refresh stored, not yet made into text."""
        assert self._con is not None
        return self._con.execute("SELECT COUNT(*) FROM entries WHERE body IS NOT NULL").fetchone()[0]

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

    # ---------------------------------------------------------------- maintenance

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

    # --- start-up reads ---

    def quick_check(self) -> list[str]:
        """``PRAGMA quick_check`` on a connection of its own; the problems found ([] when healthy).

        A user interface opens with ``check=False`` so that a big library paints at
        once, and runs this in the background afterwards: on its own read-only
        connection it never holds up the user's marks on this one. Damage found
        leaves the damage marker, so the next open runs the full check and repairs.
        """
        if not self.path.is_file():
            return []
        uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=ro"
        try:
            con = sqlite3.connect(uri, uri=True, timeout=self._busy_timeout)
            try:
                rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
            finally:
                con.close()
        except sqlite3.Error as exc:
            if not _is_damage(exc):
                return []  # busy or not openable here: no evidence of damage
            rows = [str(exc)]
        problems = [] if rows == ["ok"] else rows
        if problems and not self.readonly:
            try:
                self._damage_marker().touch()
            except OSError:
                pass
        return problems

    @_api()
    def view_head(self, limit: int) -> ViewIndex:
        """The first ``limit`` entries of the whole library in list order, with their read state.

        What the first screen needs of a 100,000-entry library: an index-ordered
        ``LIMIT`` reads a few hundred rows where :meth:`view_index` reads them all.
        The full index follows in the background.
        """
        assert self._con is not None
        rows = self._con.execute(f"SELECT e.seq, e.read FROM entries e ORDER BY {_ENTRY_ORDER} LIMIT ?",
                                 (max(0, int(limit)),)).fetchall()
        return ViewIndex(seqs=[r[0] for r in rows], unread={r[0] for r in rows if not r[1]})


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


_SALVAGE_ERRORS = (sqlite3.Error, MemoryError, ValueError, OverflowError)


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
