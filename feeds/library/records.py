"""What the library hands out and takes in: feeds, entries, headlines and the prepared rows of a refresh."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import sqlite3
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol, Sequence

from ..core.model import MAX_TEXT_CHARS, Article, Enclosure, bounded_text
from ..core.sanitize import sanitize_display, sanitize_line


from .limits import (FUTURE_SLACK, MAX_AUTHOR_CHARS, MAX_ENTRIES_PER_UPDATE, MAX_ID_CHARS, MAX_LINK_CHARS, MAX_MEDIA_ENCLOSURES, MAX_MEDIA_LINKS, MAX_MEDIA_TYPE_CHARS, MAX_TITLE_CHARS, MAX_VALIDATOR_CHARS, _BODY_HASH_PREFIX, _LINK_SCHEMES)


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
        from ..core.urls import display_url  # the URL as shown: password masked, spoofing host in punycode

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
    """What the parser produces for one entry (``feeds.formats.feedparse.ParsedEntry``)."""

    id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    text: str
    summary_only: bool


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _ts(value: object) -> str | None:
    """A datetime as sortable UTC text; None for anything unusable (E1)."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is timezone.utc and type(value) is datetime:
        # What the parser gives: the same text as below, without a converted copy
        return value.isoformat(timespec="microseconds")[:-6]  # (its "+00:00" cut)
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


def _body_hash(data: bytes, media: str | None) -> str:
    """A body's hash as stored: of its uncompressed payload and its media (SHA-256, cut to 128 bits).

    SHA-256 because it is the fastest digest here (CPUs compute it in hardware):
    a refresh hashes every body it parses.
    """
    h = hashlib.sha256(data)
    h.update(b"\0" + (media or "").encode("utf-8"))
    return _BODY_HASH_PREFIX + h.hexdigest()[:32]


def _stored_body(body: object, media: str | None) -> tuple[bytes, str] | None:
    """A parser's ``EntryBody`` as stored, and its hash (``None`` when the entry came with its text).

    The hash is the uncompressed payload's: which compressor packed the blob
    (and its version, or the machine's CPU) never makes a body look changed.
    """
    payload = getattr(body, "payload", None)
    if not callable(payload):
        return None
    data = payload()
    return _pack_body()(data), _body_hash(data, media)


@functools.cache
def _pack_body() -> Any:
    """feedparse.pack_body, imported once (an import statement per entry cost ~1.5 µs)."""
    from ..formats.feedparse import pack_body  # a body exists: the parser is loaded already

    return pack_body


def _legacy_body_hash(blob: bytes, media: str | None) -> str | None:
    """The hash earlier versions stored for this body: that of the blob zlib (level 1) packed.

    A refresh compares it when the stored hash is not the payload's, so a
    library they wrote sees its unchanged bodies as unchanged (once: the new
    hash is stored then) instead of rewriting every entry and dropping its analysis.
    """
    from ..formats.feedparse import _COMPRESS_FROM, unpack_body

    try:
        data = unpack_body(blob)
    except (TypeError, ValueError):
        return None
    if data is None:
        return None
    old = b"r" + data
    if len(data) > _COMPRESS_FROM:
        packed = zlib.compress(data, 1)
        if len(packed) < len(data) - 16:
            old = b"z" + packed
    h = hashlib.blake2b(old, digest_size=16)
    h.update(b"\0" + (media or "").encode("utf-8"))
    return _BODY_HASH_PREFIX + h.hexdigest()


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
    from ..formats.feedparse import EntryBody  # the parser is only needed once there is a body to convert

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
    bad = "\x00" in value or len(value) > MAX_ID_CHARS
    if not bad and not value.isascii():  # (an ASCII str always encodes; isascii() reads a flag)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            bad = True
    if bad:
        return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
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
        stored = _stored_body(getattr(item, "body", None), media)
        blob: bytes | None = None
        if stored is None:
            text = _bounded_text(getattr(item, "text", None))
            text_hash = _text_hash(text)
        else:
            text, (blob, text_hash) = "", stored
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
    if not links and not enclosures:
        return None  # (most entries)
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


def _entry(row: Sequence[Any], made: "_Made | None" = None) -> Entry:
    """A row of :data:`_ENTRY_COLUMNS` as an Entry; a body still unconverted is converted
    here, unless the caller already did (``made``)."""
    media = row[14] if len(row) > 14 else None
    text, summary_only = row[7] or "", bool(row[8])
    if len(row) > 15 and row[15] is not None:
        made = made or _make_text(bytes(row[15]), media)
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
