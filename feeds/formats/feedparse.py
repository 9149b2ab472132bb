"""Feed bytes → :class:`ParsedFeed` (RSS 0.9x/2.0, RSS 1.0/RDF, Atom, JSON Feed).

Pipeline, for every document (nothing is ever fetched):

1. **Caps and sniffing.** More than 10 MiB → ``too-large``. Empty, whitespace,
   PDF, HTML pages, OPML, sitemaps and JSON that is not a JSON Feed →
   ``not-a-feed`` with a message saying what the document looks like.
2. **Guard** (:mod:`feeds.formats.xmlguard`): decode with RFC 3023 precedence, apply
   the DOCTYPE/entity policy, drop characters XML forbids, turn HTML named
   entities into numeric references. Both parsers below get the same UTF-8
   bytes with no DOCTYPE in them.
3. **Fast path: fastfeedparser** (lxml plus a native extractor; on the 47
   real-world feeds it parses 30× faster than feedparser with sanitising off
   and 78× faster than feedparser with its defaults — ``benchmarks/parse.py``).
   Its dates go through our strict, bounded date parser instead of
   dateutil/dateparser (see :func:`_install_date_adapter`). A document with
   more than :data:`MAX_TAGS` tags is cut at an item boundary first, or
   refused when it has none.
4. **Fallback: feedparser**, when the fast path raises (channel-less RSS,
   Atom 0.3 and CDF documents, some broken XML) or returns no entries although
   the document has ``<item``/``<entry`` tags (a cheap substring check, so
   well-formed feeds are parsed once). feedparser is given a ``BytesIO`` —
   never a string, which it would treat as a URL or a file name — with the
   post-decoding content type, and at most :data:`FALLBACK_ITEMS` items and
   :data:`FALLBACK_MAX_CHARS` characters, since it costs about 0.15 ms per item
   and up to 5 µs per character of tag soup.
5. **Normalisation**: every string is sanitised after all decoding, links are
   resolved (feed URL, root ``xml:base``) and kept only when http(s); bodies
   become paragraphs of plain text (:mod:`feeds.formats.htmltext`) in which links are
   numbered (``[3]``), with the numbered list at the end (``Links:``); the
   links and the enclosures (RSS ``<enclosure>`` with ``itunes:duration``,
   Atom ``rel="enclosure"``, JSON Feed ``attachments``) are kept on the entry;
   author fields become names (``none@none.com (Reuters)`` → ``Reuters``).
   With ``defer_text=True`` (what a refresh asks for) the bodies are not
   converted: each entry carries an :class:`EntryBody` instead, whose
   :meth:`~EntryBody.render` gives the same text, links and ``summary_only``
   later (the library does it when the entry is first read).

Identity and caps (E2, E3, K5):

* ``id`` = guid/atom:id/rdf:about; else the resolved link; else
  ``urn:newsreader:<sha256(title, published, text[:200])>``; ids over 1,000
  characters are replaced by ``urn:newsreader:sha256:<hash>``.
* **Dedupe rule: the first occurrence of an id is kept**, later ones are
  dropped and counted in a warning.
* At most :data:`MAX_ENTRIES` entries: the first ones in document order,
  unless the dates clearly say the document is oldest-first (80% of the first
  and last 50 entries dated, every date at the end later than every date at
  the start), in which case the last ones; document order is kept either way.
* ``summary_only`` is True when the entry had no full content (only a
  description/summary) and its text is shorter than
  :data:`SUMMARY_ONLY_MAX_CHARS`.

``ParsedFeed.parser`` names the path: ``"fastfeedparser"``, ``"feedparser"``,
or ``"jsonfeed"`` for JSON Feeds, which are read by this module (with type
checks on every field) rather than by either library: feedparser 6 cannot read
them and fastfeedparser assumes well-typed items.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import json
import re
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterable
from urllib.parse import urljoin, urlsplit

from ..core.dates import parse_date
from ..core.errors import FeedError
from .htmltext import MAX_TEXT_CHARS, html_to_text, inline_text, links_footer, text_to_paragraphs
from ..core.model import MAX_ENCLOSURES, Enclosure
from ..core.sanitize import sanitize_line
from .xmlguard import MAX_FEED_BYTES, XML_DECLARATION, Decoded, decode_xml, prepare_xml, sniff_root

__all__ = [
    "ParsedEntry",
    "ParsedFeed",
    "EntryBody",
    "Rendered",
    "parse_feed",
    "feed_date",
    "safe_http_url",
    "MAX_ENTRIES",
    "MAX_TITLE_CHARS",
    "MAX_ID_CHARS",
    "MAX_CATEGORIES",
]

#: Entries kept per parse (I4, K5).
MAX_ENTRIES = 2_000
#: Feed and entry titles, after normalisation (I4).
MAX_TITLE_CHARS = 2_000
#: Longest id kept as is; longer ids are replaced by a hash (E2).
MAX_ID_CHARS = 1_000
#: Categories kept per entry, and their length (E3).
MAX_CATEGORIES = 50
MAX_CATEGORY_CHARS = 200
#: Author names kept per entry, and the length of the joined field (E3).
MAX_AUTHORS = 5
MAX_AUTHOR_CHARS = 300
#: Longest URL kept.
MAX_URL_CHARS = 4_000
#: A summary-only entry whose text is shorter than this is flagged
#: ``summary_only`` (the reader may fetch the full page).
SUMMARY_ONLY_MAX_CHARS = 1_500
#: Entries converted at most per feed (duplicates without a guid or link are
#: only recognised after conversion), and entries looked at at most.
MAX_EXAMINED = 6_000
MAX_SCANNED = 30_000
#: Tags ('<') handed to a parser at most: an ill-formed document of millions of
#: tiny elements costs lxml's recovering parser ~120 bytes per element.
MAX_TAGS = 1_000_000
#: Items and characters handed to the feedparser fallback (it costs ~0.15 ms
#: per item, and up to 5 µs per character of tag soup).
FALLBACK_ITEMS = MAX_ENTRIES + 500
FALLBACK_MAX_CHARS = 256 * 1024


@dataclass
class ParsedEntry:
    id: str
    title: str
    link: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    text: str
    summary_only: bool
    categories: list[str] = field(default_factory=list)
    #: The links numbered in ``text`` (``[1]`` is ``links[0]``), listed again at its end.
    links: list[str] = field(default_factory=list)
    enclosures: list[Enclosure] = field(default_factory=list)
    #: With ``parse_feed(defer_text=True)``: what the feed sent for the body,
    #: from which ``text`` and ``links`` are made later (they are empty until
    #: then, and ``summary_only`` is only a guess, see :meth:`EntryBody.guess_summary_only`).
    body: "EntryBody | None" = None


@dataclass(frozen=True, slots=True)
class Rendered:
    """An entry body made into what the reader shows."""

    text: str
    links: list[str]
    summary_only: bool
    #: The first 200 characters before the link list was added (what an id is hashed from).
    lead: str = ""


@dataclass(frozen=True, slots=True)
class EntryBody:
    """What a feed sent for an entry's body: enough to make its text at any later time.

    Why: turning HTML into text is half of what parsing a feed costs, and most
    entries are never opened; a refresh stores this instead and the text is
    made when the entry is first read (or by a catch-up after the refresh).
    :meth:`render` gives exactly what parsing gave before, links included.
    """

    content: str
    content_type: str
    summary: str
    summary_type: str
    base: str | None
    has_full: bool

    def render(self) -> Rendered:
        """The entry's text, numbered links and ``summary_only`` flag (see :func:`_finish`)."""
        has_full = self.has_full
        links: list[str] = []
        text = ""
        if has_full:
            text = _body_to_text(self.content, self.content_type, links, self.base)
            if not text and self.summary:
                has_full = False
        if not has_full:
            links.clear()
            text = _body_to_text(self.summary or self.content, self.summary_type or self.content_type, links,
                                 self.base)
        summary_only = not has_full and len(text) < SUMMARY_ONLY_MAX_CHARS
        lead = text[:200]
        if links:
            text = _with_footer(text, links_footer(links))
        return Rendered(text, links, summary_only, lead)

    def guess_summary_only(self) -> bool:
        """``summary_only`` before rendering: True whenever it may be (the caller checks the rendered value)."""
        return not self.has_full or not self.content.strip()

    def payload(self) -> bytes:
        """The body uncompressed: a one-line JSON header, then the two bodies as UTF-8.

        The bodies are not JSON-escaped (that cost as much as parsing). This is
        what the library hashes to tell a changed body (see :func:`pack_body`
        for what it stores), so the hash does not depend on the compressor.
        """
        content = self.content.encode("utf-8", "surrogatepass")
        header = _blob_header(self.content_type, self.summary_type, self.base, self.has_full, len(content))
        return b"".join((header, b"\n", content, self.summary.encode("utf-8", "surrogatepass")))

    def to_blob(self) -> bytes:
        """A compact storable form: :meth:`payload`, compressed when that saves space."""
        return pack_body(self.payload())

    @classmethod
    def from_blob(cls, blob: bytes) -> "EntryBody | None":
        """The body back from :meth:`to_blob`; ``None`` for anything damaged."""
        try:
            data = unpack_body(blob)
            if data is None:
                return None
            head, _, rest = data.partition(b"\n")
            ct, st, base, full, size = json.loads(head)
            if not (isinstance(ct, str) and isinstance(st, str) and isinstance(base, (str, type(None)))
                    and isinstance(size, int) and 0 <= size <= len(rest)):
                return None
            return cls(rest[:size].decode("utf-8", "surrogatepass"), ct, rest[size:].decode("utf-8", "surrogatepass"),
                       st, base, bool(full))
        except (ValueError, TypeError):
            return None


def pack_body(payload: bytes) -> bytes:
    """A body's payload as stored: ``b"z"`` and a zlib stream when that saves space, else ``b"r"`` and the payload.

    The stream is deflated by ISA-L (:mod:`isal`) where it is installed: the
    same zlib format (any zlib reads it) at a third of zlib's CPU on feed
    HTML, for the same size; compressing was a fifth of a refresh's parsing.
    Payloads under :data:`_PACK_FROM` bytes are kept as they are.
    """
    if len(payload) >= _PACK_FROM:
        packed = _deflate(payload)
        if len(packed) < len(payload) - 16:
            return b"z" + packed
    return b"r" + payload


def unpack_body(blob: bytes) -> bytes | None:
    """The payload of a stored body (:func:`pack_body`); ``None`` for anything damaged or oversized."""
    kind, data = blob[:1], bytes(blob[1:])
    if kind == b"r":
        return data
    if kind != b"z":
        return None
    try:
        return zlib.decompressobj().decompress(data, MAX_BODY_BYTES * 8)
    except zlib.error:
        return None


def _fast_deflate() -> Callable[[bytes], bytes]:
    """ISA-L's zlib-format compressor (level 1) where it is installed, else zlib's fastest level."""
    try:
        from isal import isal_zlib
    except ImportError:  # a platform without its wheels: zlib writes the same format
        return functools.partial(zlib.compress, level=1)
    return functools.partial(isal_zlib.compress, level=1)


_deflate = _fast_deflate()


_json_string = json.encoder.encode_basestring_ascii  # what json.dumps(ensure_ascii=True) writes for a str


def _blob_header(content_type: str, summary_type: str, base: str | None, has_full: bool, size: int) -> bytes:
    """``json.dumps([content_type, summary_type, base, has_full, size])``, byte for byte.

    Why: json.dumps costs ~10 µs a call through its encoder objects, once per
    entry of every refresh; the fields have fixed types, so the same text is
    written directly (anything of another type goes through json.dumps).
    """
    if (type(content_type) is str and type(summary_type) is str and (base is None or type(base) is str)
            and type(has_full) is bool and type(size) is int):
        return (f"[{_json_string(content_type)}, {_json_string(summary_type)}, "
                f"{'null' if base is None else _json_string(base)}, {'true' if has_full else 'false'}, {size}]"
                ).encode("ascii")
    return json.dumps([content_type, summary_type, base, has_full, size], ensure_ascii=True).encode("ascii")


#: Bodies larger than this (in characters) are converted while parsing, not stored raw.
MAX_BODY_BYTES = 4_000_000
#: Stored bodies over this many bytes were compressed by earlier versions (records._legacy_body_hash redoes it).
_COMPRESS_FROM = 200
#: Payloads from this size on are compressed (when that saves space). Why not from
#: _COMPRESS_FROM as before: ISA-L costs ~15 µs a call whatever the size, and more than
#: half of real feeds' bodies are under 512 bytes, where it saved ~90 bytes each.
_PACK_FROM = 512


@dataclass
class ParsedFeed:
    title: str
    link: str | None
    kind: str               # "rss" | "atom" | "rdf" | "json"
    entries: list[ParsedEntry]
    warnings: list[str]
    parser: str             # "fastfeedparser" | "feedparser" | "jsonfeed"


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

_DATE_WS = re.compile(r"\s+")
# RFC 822 dates with a two-digit year are ambiguous; like feeds.core.dates, refuse them.
_TWO_DIGIT_YEAR = re.compile(r"^(?:[A-Za-z]{2,9},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2}(?:\s|$)")
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")
_TZ_NAME = re.compile(r"\s([A-Z]{2,5})$")
# An ISO 8601 date and time without blanks ("2024-04-18T00:00:00+00:00", "…:00.754Z"), at most 40 characters.
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d[T ]?\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d(?::?\d\d)?)?")
_TZ_OFFSETS = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "IST": 330, "PST": -480, "PDT": -420, "MST": -420,
    "MDT": -360, "CST": -360, "CDT": -300, "EST": -300, "EDT": -240, "AKST": -540, "AKDT": -480,
    "HST": -600, "AEST": 600, "AEDT": 660, "ACST": 570, "ACDT": 630, "AWST": 480, "NZST": 720,
    "NZDT": 780, "JST": 540, "KST": 540, "SGT": 480,
}


def feed_date(value: object) -> datetime | None:
    """A feed date as an aware UTC datetime, or ``None`` (undated). Never raises.

    ISO 8601, RFC 822 with a four-digit year (named zones included) and
    "March 3, 2024"; two-digit years, years outside 1800–2200, leap seconds,
    epoch numbers and anything else are undated.
    """
    try:
        if isinstance(value, datetime):
            dt: datetime | None = value
        elif isinstance(value, str):
            if not value:
                return None
            # Most feed dates (fastfeedparser's among them): no blank to normalise (one
            # space at most, inside), no two-digit year nor zone name, shorter than 64:
            # what parse_date reads of it is the answer, as below, with three regexes less.
            dt = parse_date(value) if _ISO_DATE.fullmatch(value) else None
            if dt is None:
                s = _DATE_WS.sub(" ", value.strip())
                if not s or len(s) > 64 or _TWO_DIGIT_YEAR.match(s):
                    return None
                dt = _named_zone(s)
                if dt is None:
                    dt = parse_date(s)
                if dt is None:
                    dt = _date_variants(s)
        else:
            return None
        if dt is None:
            return None
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        if not 1800 <= dt.year <= 2200:
            return None
        dt = dt.astimezone(timezone.utc)
        return dt if 1800 <= dt.year <= 2200 else None
    except Exception:  # noqa: BLE001 — a date is never worth an exception
        return None


def _named_zone(s: str) -> datetime | None:
    """RFC 822 with a zone abbreviation email.utils does not know ("… CEST")."""
    m = _TZ_NAME.search(s)
    if m is None or m.group(1) not in _TZ_OFFSETS:
        return None
    dt = parse_date(s[: m.start()] + " +0000")
    if dt is None or dt.tzinfo is None:
        return None
    return dt.replace(tzinfo=timezone(timedelta(minutes=_TZ_OFFSETS[m.group(1)])))


def _date_variants(s: str) -> datetime | None:
    if _LONG_FRACTION.search(s):  # "…:00.1234567Z": Python reads at most 6 digits
        return parse_date(_LONG_FRACTION.sub(r"\1", s, count=1))
    return None


# A year from 1800 to 2299 somewhere in the value: worth keeping for later.
_PLAUSIBLE_DATE = re.compile(r"(?<!\d)(?:1[89]|2[012])\d\d")


def _ffp_date_adapter(value: str) -> str | None:
    """fastfeedparser's date hook: keep the raw value when it may be a date.

    fastfeedparser calls this for every entry while it parses; the real parse
    (:func:`feed_date`) runs later, only for the entries that are kept, so a
    feed of 100k items costs 2,000 date parses, not 100k. Values without a
    plausible year return ``None`` so fastfeedparser still tries its other
    date elements.
    """
    if isinstance(value, str) and len(value) <= 64 and _PLAUSIBLE_DATE.search(value):
        return value
    return None


_adapter_lock = threading.Lock()
_ffp_module: Any = None


def _install_date_adapter() -> Any:
    """Import fastfeedparser and route its date parsing through :func:`feed_date`.

    fastfeedparser falls back to dateutil and then dateparser for dates it
    cannot read quickly; dateparser costs ~0.7 ms per value, so a 10 MiB feed
    of 100k items with unique garbage dates would take over a minute, and
    dateutil invents missing fields from today's date ("2024" → 2024-<today>).
    Both the native extractor and the lxml path look ``_parse_date`` up in the
    module when they run, so replacing it there is enough. Only newsreader uses
    fastfeedparser in this process.
    """
    global _ffp_module
    if _ffp_module is None:
        with _adapter_lock:
            if _ffp_module is None:
                import fastfeedparser.main as ffp_main

                if hasattr(ffp_main, "_parse_date"):
                    ffp_main._parse_date = _ffp_date_adapter
                _ffp_module = ffp_main
    return _ffp_module


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _s(value: Any) -> str:
    """A string field from a parser's dict ('' for anything else)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


_PLAIN_URL = re.compile(r"[!-~]{1,4000}")  # printable ASCII, no spaces: nothing to sanitise
# An absolute http(s) URL that joining with any base leaves as it is, and that has
# a host: lower-case scheme, a plain host name (and port), a path without
# parameters, a query only when it is not empty, no fragment (urlunparse would
# drop an empty query or fragment; a query is put back as it was).
_SIMPLE_ABSOLUTE_URL = re.compile(r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})(?::\d{1,5})?"
                                  r"(?:/[A-Za-z0-9._~!$&'()*+,=:@%/-]*)?(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def safe_http_url(value: Any, base: str | None = None) -> str | None:
    """An absolute http(s) URL (resolved against ``base``), or ``None``."""
    raw = _s(value)
    if not raw:
        return None
    stripped = raw.strip()
    url = stripped if _PLAIN_URL.fullmatch(stripped) else sanitize_line(raw, limit=None)
    if not url or len(url) > MAX_URL_CHARS:
        return None
    if _SIMPLE_ABSOLUTE_URL.fullmatch(url):
        return url  # what urljoin and the checks below would return: no need to parse it twice
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or not parts.hostname:
        return None
    url = url.replace(" ", "%20")
    return url if len(url) <= MAX_URL_CHARS else None


_ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^&]{0,200})?/?&gt;")


def _body_to_text(value: str, kind: str, links: list[str] | None = None, base: str | None = None) -> str:
    """An entry body (HTML, XHTML or plain text) → paragraphs of plain text.

    Links found in HTML are numbered in the text and appended to ``links``.
    """
    if not value:
        return ""
    kind = (kind or "").lower()
    if kind in ("text", "text/plain"):
        return text_to_paragraphs(value)
    if "<" not in value and "&lt;" in value and _ESCAPED_TAG.search(value[:100_000]):
        # Double-escaped HTML (the publisher escaped it once too often).
        import html as _html

        value = _html.unescape(value)
    return html_to_text(value, max_chars=MAX_TEXT_CHARS, links=links, base=base)


def _same_text(a: str, b: str) -> bool:
    """Whether two bodies are the same words with the same spacing ignored (a content that repeats the summary)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(64, min(len(a), len(b))):
        return False
    # The words the first 256 characters hold whole (all but the last) must agree:
    # most contents differ from their summary there, and a full article need not be split.
    head_a, head_b = a[:256].split(), b[:256].split()
    whole = min(len(head_a), len(head_b)) - 1
    if whole > 0 and head_a[:whole] != head_b[:whole]:
        return False
    # Most such pairs differ only in blanks around them (fastfeedparser strips the summary,
    # not the content): then they have the same words without splitting both into lists.
    if a.strip() == b.strip():
        return True
    return a.split() == b.split()  # the same as comparing the words joined by single spaces


@dataclass
class _Raw:
    """An entry as one of the parsers gave it, before normalisation."""

    id: str = ""
    title: str = ""
    link: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    content: str = ""
    content_type: str = ""
    summary: str = ""
    summary_type: str = ""
    categories: list[str] = field(default_factory=list)
    #: (url, type, length, duration) as the parser gave them, unchecked.
    enclosures: list[tuple[Any, Any, Any, Any]] = field(default_factory=list)


def _stable_id(title: str, published: datetime | None, text: str) -> str:
    basis = f"{title}\0{published.isoformat() if published else ''}\0{text[:200]}"
    return "urn:newsreader:" + hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:40]


def _bounded_id(value: str) -> str:
    value = sanitize_line(value, limit=None)
    if len(value) > MAX_ID_CHARS:
        return "urn:newsreader:sha256:" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()
    return value


def _categories(values: Iterable[Any]) -> list[str]:
    if not values:
        return []  # (a refresh's entries have none)
    out: list[str] = []
    seen: set[str] = set()
    for i, v in enumerate(values):
        if i >= MAX_CATEGORIES * 20 or len(out) >= MAX_CATEGORIES:
            break
        value = _s(v)
        term = _category_term(value) if len(value) <= _CACHED_CHARS else inline_text(value, limit=MAX_CATEGORY_CHARS)
        key = term.casefold()
        if term and key not in seen:
            seen.add(key)
            out.append(term)
    return out


#: Longest category, or author names together, whose cleaned form is cached (the
#: caches then hold at most ~1,300 short strings, whatever a hostile feed sends).
_CACHED_CHARS = 400


@functools.lru_cache(maxsize=1024)
def _category_term(value: str) -> str:
    """One category as kept. Cached: a feed repeats the same few on every entry."""
    return inline_text(value, limit=MAX_CATEGORY_CHARS)


def _authors(names: Iterable[str]) -> str | None:
    """The entry's author names, cleaned and joined (the first MAX_AUTHORS * 20 are looked at)."""
    looked_at = tuple(itertools.islice(names, MAX_AUTHORS * 20))
    if sum(map(len, looked_at)) <= _CACHED_CHARS:
        return _authors_of(looked_at)
    return _authors_of.__wrapped__(looked_at)


@functools.lru_cache(maxsize=256)
def _authors_of(names: tuple[str, ...]) -> str | None:
    """Cached: most feeds name the same few authors on every entry, and each name costs a few regexes."""
    out: list[str] = []
    for name in names:
        if len(out) >= MAX_AUTHORS:
            break
        clean = _author_name(inline_text(name, limit=MAX_AUTHOR_CHARS))
        if clean and clean not in out:
            out.append(clean)
    return sanitize_line(", ".join(out), limit=MAX_AUTHOR_CHARS) or None


_EMAIL = r"[^\s@()<>,;]+@[^\s@()<>,;]+\.[^\s@()<>,;]+"
# "none@none.com (Reuters)" (RSS <author>) and "Jane Doe (jane@example.com)".
_EMAIL_THEN_NAME = re.compile(r"<?(%s)>?\s*\((.+)\)" % _EMAIL)
_NAME_THEN_EMAIL = re.compile(r"(.+?)\s*[(<](%s)[)>]" % _EMAIL)
_BARE_EMAIL = re.compile(r"<?(%s)>?" % _EMAIL)
_BY = re.compile(r"by[:\s]\s*", re.IGNORECASE)
# Local parts that name a mailbox, not a person ("news@…", "no-reply@…").
_ROLE_WORDS = frozenset({
    "admin", "author", "contact", "desk", "editor", "editors", "editorial", "feedback", "feeds", "hello",
    "info", "mail", "news", "newsdesk", "newsroom", "no", "none", "noreply", "nobody", "office", "press",
    "reply", "rss", "staff", "support", "team", "web", "webmaster", "donotreply", "do", "not",
})


def _author_name(value: str) -> str:
    """A name from what feeds put in their author fields ('' when there is none).

    ``none@none.com (Reuters)`` → ``Reuters``; ``Jane Doe (jane@x.org)`` →
    ``Jane Doe``; a bare address → its local part when it reads as a name
    (``jane.doe@…`` → ``Jane Doe``), else nothing; ``By Jane Doe`` → ``Jane Doe``.
    """
    value = value.strip()
    for pattern, group in ((_EMAIL_THEN_NAME, 2), (_NAME_THEN_EMAIL, 1)):
        m = pattern.fullmatch(value)
        if m:
            value = m.group(group).strip()
            break
    else:
        m = _BARE_EMAIL.fullmatch(value)
        if m:
            value = _name_from_address(m.group(1))
    if _BY.match(value) and len(value) > 3:
        value = _BY.sub("", value, count=1)
    return value.strip(" ,;:-")


def _name_from_address(address: str) -> str:
    """``jane.doe@…`` → ``Jane Doe``; mailboxes (``news@``, ``j123@``) → ''."""
    parts = [p for p in re.split(r"[._-]+", address.split("@", 1)[0]) if p]
    if len(parts) < 2 or len(parts) > 4:
        return ""
    if not all(p.isalpha() and len(p) >= 2 for p in parts) or any(p.lower() in _ROLE_WORDS for p in parts):
        return ""
    return " ".join(p[:1].upper() + p[1:] for p in parts)


def _with_footer(text: str, footer: str) -> str:
    """The text with the link list at its end, the text cut first if both would not fit."""
    room = MAX_TEXT_CHARS - len(footer) - 2
    if room < MAX_TEXT_CHARS // 2:
        return text
    if len(text) > room:
        cut = text.rfind("\n\n", 0, room)
        text = text[: cut if cut > room // 2 else room].rstrip() + "…"
    return f"{text}\n\n{footer}"


def _finish(raw: _Raw, link: str | None, cheap_id: str | None, base: str | None = None,
            defer: bool = False) -> ParsedEntry:
    """The entry as the library wants it; with ``defer`` its text is left to be made later.

    The text is made now even when deferring if the id must be hashed from it,
    or when the body is too large to keep as it came.
    """
    title = inline_text(raw.title, limit=MAX_TITLE_CHARS) or "(untitled)"
    # isspace(), not strip(): the same test without copying a body of up to megabytes
    has_full = bool(raw.content) and not raw.content.isspace() and not _same_text(raw.content, raw.summary)
    body = EntryBody(raw.content, raw.content_type, raw.summary, raw.summary_type, link or base, has_full)
    entry = ParsedEntry(
        id=cheap_id or "",
        title=title,
        link=link,
        author=_authors(raw.authors),
        published=raw.published,
        updated=raw.updated,
        text="",
        summary_only=not has_full,  # body.guess_summary_only(): a full content is never blank
        categories=_categories(raw.categories),
        enclosures=_enclosures(raw.enclosures, base),
    )
    if defer and cheap_id and len(raw.content) + len(raw.summary) <= MAX_BODY_BYTES:
        entry.body = body
        return entry
    rendered = body.render()
    entry.text, entry.links, entry.summary_only = rendered.text, rendered.links, rendered.summary_only
    if not cheap_id:
        entry.id = _stable_id(title, raw.published, rendered.lead)
    return entry


#: Bounds for what a feed says about an enclosure (beyond them it says nonsense).
MAX_ENCLOSURE_BYTES = 10 ** 13
MAX_DURATION_SECONDS = 10 ** 6
_MIME = re.compile(r"[A-Za-z0-9][\w.+-]{0,63}/[\w.+-]{1,63}")
_CLOCK = re.compile(r"(?:(\d{1,4}):)?(?:(\d{1,4}):)?(\d{1,7})(?:\.\d{1,6})?")


def _enclosures(items: list[tuple[Any, Any, Any, Any]], base: str | None) -> list[Enclosure]:
    """Checked enclosures: http(s) URLs only, each once, at most :data:`MAX_ENCLOSURES`."""
    if not items:
        return []
    out: list[Enclosure] = []
    seen: set[str] = set()
    for url, kind, length, duration in items[: MAX_ENCLOSURES * 5]:
        checked = safe_http_url(url, base)
        if checked is None or checked in seen:
            continue
        seen.add(checked)
        mime = _s(kind).strip().lower()
        out.append(Enclosure(url=checked, type=mime if _MIME.fullmatch(mime) else None,
                             length=_bounded_int(length, MAX_ENCLOSURE_BYTES), duration=_duration(duration)))
        if len(out) >= MAX_ENCLOSURES:
            break
    return out


def _bounded_int(value: Any, limit: int) -> int | None:
    """A positive whole number below ``limit`` from an int or a digit string, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 20:
        value = int(value.strip())
    return value if isinstance(value, int) and 0 < value < limit else None


def _duration(value: Any) -> int | None:
    """``itunes:duration`` ("1:02:03", "62:03", "3723") or JSON seconds → whole seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _bounded_int(int(value) if value == value and abs(value) < 1e12 else None, MAX_DURATION_SECONDS)
    m = _CLOCK.fullmatch(_s(value).strip())
    if m is None:
        return None
    a, b, c = (int(g) if g else 0 for g in m.groups())
    hours, minutes = (a, b) if m.group(2) else (0, a)
    if m.group(2) and b >= 60 or (m.group(1) and c >= 60):
        return None
    return _bounded_int(hours * 3600 + minutes * 60 + c, MAX_DURATION_SECONDS)


def _cheap_id(raw: _Raw, base: str | None) -> tuple[str | None, str | None]:
    """(id from guid/id, else from the link — ``None`` when a hash is needed; the link)."""
    link = safe_http_url(raw.link, base)
    rid = raw.id.strip()
    if rid and rid != raw.link.strip():
        value = _bounded_id(rid)
        if value:
            return value, link
    if link:
        return _bounded_id(link), link
    return (_bounded_id(rid) or None) if rid else None, link


def _select(items: list, convert: Callable[[Any], _Raw | None], base: str | None,
            warnings: list[str], defer: bool = False) -> list[ParsedEntry]:
    """Newest :data:`MAX_ENTRIES` unique entries, in document order (E2, K5).

    ``items`` are a parser's entries; ``convert`` turns one into a
    :class:`_Raw`, and is only called for the entries looked at: a sample of
    100 for the order, then entries in order until MAX_ENTRIES are kept (at
    most MAX_SCANNED looked at, MAX_EXAMINED converted to text).
    Duplicates: the first occurrence of an id wins.
    """
    cache: dict[int, _Raw | None] = {}

    def raw(i: int) -> _Raw | None:
        if i not in cache:
            cache[i] = convert(items[i])
        return cache[i]

    total = len(items)
    ascending = total > MAX_ENTRIES and _oldest_first(total, raw)
    order = range(total - 1, -1, -1) if ascending else range(total)
    seen: set[str] = set()
    out: list[ParsedEntry] = []
    duplicates = 0
    scanned = converted = 0
    for i in order:
        if len(out) >= MAX_ENTRIES:
            break
        scanned += 1
        if scanned > MAX_SCANNED or converted >= MAX_EXAMINED:
            warnings.append(f"stopped after looking at {scanned - 1} entries")
            break
        r = raw(i)
        cache.pop(i, None)
        if r is None:
            continue
        cheap, link = _cheap_id(r, base)
        if cheap is not None and cheap in seen:
            duplicates += 1
            continue
        converted += 1
        entry = _finish(r, link, cheap, base, defer)
        if entry.id in seen:
            duplicates += 1
            continue
        seen.add(entry.id)
        out.append(entry)
    if ascending:
        out.reverse()
    if duplicates:
        warnings.append(f"{duplicates} entr{'y' if duplicates == 1 else 'ies'} with a repeated id dropped (first kept)")
    if total > MAX_ENTRIES and len(out) >= MAX_ENTRIES:
        kept = "newest" if not ascending else "newest (document is oldest-first)"
        warnings.append(f"entries truncated to {MAX_ENTRIES} ({kept} kept of {total})")
    return out


def _oldest_first(total: int, raw: Callable[[int], _Raw | None]) -> bool:
    """True when the dates clearly say the document lists the oldest entry first:
    80% of the first and of the last 50 entries are dated, and every date at the
    end is later than every date at the start."""
    def dates(indexes: range) -> tuple[list[datetime], int]:
        found = []
        for i in indexes:
            r = raw(i)
            d = (r.published or r.updated) if r is not None else None
            if d is not None:
                found.append(d)
        return found, len(indexes)

    head, n_head = dates(range(0, min(50, total)))
    tail, n_tail = dates(range(max(0, total - 50), total))
    if not head or not tail or len(head) < 0.8 * n_head or len(tail) < 0.8 * n_tail:
        return False
    return min(tail) > max(head)


# --------------------------------------------------------------------------
# fastfeedparser → _Raw
# --------------------------------------------------------------------------


def _raw_from_ffp(e: Any, media: "_MediaLookup | None" = None) -> _Raw | None:
    """One fastfeedparser entry → :class:`_Raw` (dates parsed here, see the adapter).

    fastfeedparser keeps neither ``itunes:duration`` nor the length of an Atom
    enclosure; ``media`` (see :func:`_media_details`) has them by URL.
    """
    if not isinstance(e, dict):
        return None
    r = _Raw()
    # (fastfeedparser's fields are str: _s only for anything else)
    value = e.get("id")
    r.id = value if type(value) is str else _s(value)
    value = e.get("title")
    r.title = value if type(value) is str else _s(value)
    value = e.get("link")
    r.link = value if type(value) is str else _s(value)
    if not r.link:
        for link in _list(e.get("links")):
            if isinstance(link, dict) and _s(link.get("rel") or "alternate") == "alternate" and _s(link.get("href")):
                r.link = _s(link.get("href"))
                break
    author = _s(e.get("author"))
    if author:
        r.authors = [author]
    else:
        r.authors = [_s(a.get("name")) for a in _list(e.get("authors"))[:50] if isinstance(a, dict)]
    value = e.get("published")
    r.published = feed_date(value if type(value) is str else _s(value))
    value = e.get("updated")
    r.updated = feed_date(value if type(value) is str else _s(value)) if value else None  # ('' and None: undated)
    if r.published is None:
        r.published = r.updated
    content = _list(e.get("content"))
    if content and isinstance(content[0], dict):
        r.content = _s(content[0].get("value"))
        r.content_type = _s(content[0].get("type"))
    r.summary = _s(e.get("description"))
    r.summary_type = "html"
    tags = e.get("tags")  # (none when a refresh asks fastfeedparser for none)
    if tags:
        r.categories = [_s(t.get("term")) for t in _list(tags)[: MAX_CATEGORIES * 20] if isinstance(t, dict)]
    enclosures, links = e.get("enclosures"), e.get("links")
    found = [(_s(x.get("url")), x.get("type"), x.get("length")) for x in _list(enclosures)[:100]
             if isinstance(x, dict)] if enclosures else []
    if links:
        found += [(_s(x.get("href")), x.get("type"), x.get("length")) for x in _list(links)[:100]
                  if isinstance(x, dict) and _s(x.get("rel")) == "enclosure"]
    for url, kind, length in found:
        known_length, duration = media.details(url.strip(), length) if media is not None else (None, None)
        r.enclosures.append((url, kind, length or known_length, duration))
    return r


@dataclass
class _MediaLookup:
    """Enclosure lengths and durations of one document, read only when an entry needs them.

    Why: reading them parses the document a second time with lxml (26 ms for an
    800 KB podcast feed). An enclosure whose length the parser gave needs
    nothing from it unless the document has a ``duration`` element at all.
    """

    xml: bytes
    _found: dict[str, tuple[Any, Any]] | None = None
    _durations: bool | None = None

    def details(self, url: str, length: Any) -> tuple[Any, Any]:
        """(length, duration) the document gives for ``url``; (None, None) when it gives none."""
        if self._found is None:
            if self._durations is None:
                self._durations = b"duration" in self.xml
            if length and not self._durations:
                return None, None  # no duration anywhere, and the length is known
            if b"enclosure" not in self.xml or not self._durations and _only_zero_lengths(self.xml):
                self._found = {}  # none to find (every length it could give is "0", which is no length)
            else:
                self._found = _media_details(self.xml)
        return self._found.get(url, (None, None))


def _only_zero_lengths(xml: bytes) -> bool:
    """Whether every ``length`` in the document is written ``length="0"`` (or with single quotes).

    Then any length attribute :func:`_media_details` could read is "0", which
    :func:`_bounded_int` makes no length, like the ``0`` fastfeedparser gives
    for it: the second parse (3 ms for a 440 KB news feed whose pictures all
    say ``length="0"``) could only find what is dropped.
    """
    return _NONZERO_LENGTH.search(xml) is None


# "length" but in length="0" or length='0' (one search, stopped at the first).
_NONZERO_LENGTH = re.compile(rb"""length(?!=(?:"0"|'0'))""")


def _media_details(xml: bytes) -> dict[str, tuple[Any, Any]]:
    """Enclosure URL → (length, ``itunes:duration``), read with lxml's incremental parser.

    Only for documents that have enclosures; the XML is the guarded one (no
    DOCTYPE), entities are not resolved and nothing is fetched. Never raises:
    without it enclosures simply have no duration.

    A podcast feed's show notes are most of it, in CDATA sections that
    libxml2 reads character by character (5 ms for an 800 KB feed). They are
    first read cut short (:func:`_cdata_cut`) by the strict parser: when that
    document is well-formed, so is the whole one, with the same elements and
    attributes and the same first characters in each section (see there), so
    the answer is the same. Otherwise the whole document is read leniently as before.
    """
    from lxml import etree

    cut = _cdata_cut(xml) if _CUT_FROM_BYTES <= len(xml) < _HUGE_TEXT_BYTES else None
    if cut is not None:
        try:
            return _read_media(etree, cut, recover=False)
        except Exception:  # noqa: BLE001 — not well-formed: read the whole document leniently
            pass
    out: dict[str, tuple[Any, Any]] = {}
    try:
        _read_media(etree, xml, recover=True, out=out)
    except Exception:  # noqa: BLE001 — details are optional; the feed still parses
        pass
    return out


_MEDIA_TAGS = ("{*}item", "{*}entry", "{*}enclosure", "{*}link", "{*}duration")


def _read_media(etree: Any, xml: bytes, *, recover: bool, out: dict | None = None) -> dict[str, tuple[Any, Any]]:
    """What :func:`_media_details` reads, into ``out`` (kept as far as it got if the parser raises)."""
    out = {} if out is None else out
    urls: list[tuple[str, Any]] = []
    duration: Any = None
    items = 0
    # Only the five element names below reach Python (in any namespace or none):
    # an event for every element of a big podcast feed cost ~5 ms per document.
    for event, el in etree.iterparse(io.BytesIO(xml), events=("start", "end"), resolve_entities=False,
                                     no_network=True, huge_tree=False, recover=recover, remove_comments=True,
                                     tag=_MEDIA_TAGS):
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in ("item", "entry"):
                urls, duration = [], None
            continue
        if tag == "enclosure" and el.get("url"):
            urls.append((el.get("url", "").strip(), el.get("length")))
        elif tag == "link" and el.get("rel") == "enclosure" and el.get("href"):
            urls.append((el.get("href", "").strip(), el.get("length")))
        elif tag == "duration" and el.text:
            duration = el.text[:_DURATION_CHARS]
        elif tag in ("item", "entry"):
            for url, length in urls[:MAX_ENCLOSURES * 5]:
                out.setdefault(url, (length, duration))
            items += 1
            el.clear()
            if items > MAX_SCANNED:
                break
    return out


#: Characters of a duration element's text that are read.
_DURATION_CHARS = 40
#: CDATA sections longer than this (in bytes) are cut for :func:`_read_media`, to their first
#: _CDATA_KEPT bytes (at least 49 characters, more than a duration's _DURATION_CHARS).
_CDATA_CUT_FROM = 512
_CDATA_KEPT = 200
#: Smaller documents are read whole: finding their sections costs about what cutting saves.
_CUT_FROM_BYTES = 128 * 1024
#: libxml2 refuses a text node over 10,000,000 bytes without huge_tree: a document that may
#: hold one is read whole (cut, it would not be refused).
_HUGE_TEXT_BYTES = 10_000_000


def _cdata_cut(xml: bytes) -> bytes | None:
    """``xml`` with each long CDATA section cut to its first :data:`_CDATA_KEPT` bytes; ``None`` if none is long.

    Sections are found the way an XML parser's content level finds them:
    comments and processing instructions are skipped first (a ``<![CDATA[``
    inside one is not a section), a section ends at the first ``]]>``. What
    a parser reads before the first cut is the same bytes in both documents;
    if the cut one is well-formed, that first ``<![CDATA[`` is a section in
    content there (a ``<`` anywhere else in a tag, a comment or a PI being
    skipped, would not be well-formed), so also in the whole document, where
    only its characters after the first ones differ; and so on for the next.
    Cut at a character boundary (the document is UTF-8).
    """
    parts: list[bytes] = []
    view = memoryview(xml)
    find = xml.find
    copied = pos = 0
    # Two-byte openers (bytes.find is fastest for needles under six bytes); a PI is looked
    # for only up to the next "<!", so each byte is searched once for each.
    next_decl = find(b"<!")
    while True:
        if 0 <= next_decl < pos:
            next_decl = find(b"<!", pos)
        next_pi = find(b"<?", pos, len(xml) if next_decl < 0 else next_decl)
        if next_pi >= 0:
            end = find(b"?>", next_pi + 2)
            if end < 0:
                break  # unclosed: the rest is left as it is
            pos = end + 2
            continue
        if next_decl < 0:
            break
        if xml.startswith(b"<!--", next_decl):
            end = find(b"-->", next_decl + 4)
            if end < 0:
                break
            pos = end + 3
        elif xml.startswith(b"<![CDATA[", next_decl):
            content = next_decl + 9
            end = find(b"]]>", content)
            if end < 0:
                break
            if end - content > max(_CDATA_CUT_FROM, _CDATA_KEPT):
                cut = content + _CDATA_KEPT
                while xml[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the character's start
                    cut -= 1
                parts.append(view[copied:cut])
                copied = end
            pos = end + 3
        else:
            pos = next_decl + 2  # another declaration: the strict parser will say
    if not parts:
        return None
    parts.append(view[copied:])
    return b"".join(parts)


# --------------------------------------------------------------------------
# feedparser → _Raw
# --------------------------------------------------------------------------


def _raw_from_feedparser(e: Any) -> _Raw | None:
    if not isinstance(e, dict):
        return None
    # dict.get: FeedParserDict's own lookups remap keys (and warn about "updated").
    get = dict.get
    r = _Raw()
    r.id = _s(get(e, "id"))
    r.title = _s(get(e, "title"))
    r.link = _s(get(e, "link"))
    names: list[str] = []
    for a in _list(get(e, "authors"))[:50]:
        if isinstance(a, dict) and _s(get(a, "name")):
            names.append(_s(get(a, "name")))
    if not names and _s(get(e, "author")):
        names = [_s(get(e, "author"))]
    r.authors = names
    r.published = feed_date(_s(get(e, "published")) or _s(get(e, "created")))
    r.updated = feed_date(_s(get(e, "updated")))
    if r.published is None and r.updated is not None:
        r.published = r.updated
    for c in _list(get(e, "content")):
        if isinstance(c, dict) and _s(get(c, "value")).strip():
            r.content = _s(get(c, "value"))
            r.content_type = _s(get(c, "type"))
            break
    r.summary = _s(get(e, "summary"))
    detail = get(e, "summary_detail")
    r.summary_type = _s(get(detail, "type")) if isinstance(detail, dict) else "html"
    if r.summary_type in ("text/plain", "text"):
        # feedparser labels RSS descriptions text/plain when they hold no
        # markup it recognises; entities may still be there.
        r.summary_type = "html"
    r.categories = [_s(get(t, "term")) for t in _list(get(e, "tags"))[: MAX_CATEGORIES * 20] if isinstance(t, dict)]
    duration = get(e, "itunes_duration")
    r.enclosures = [(_s(get(x, "href")), get(x, "type"), get(x, "length"), duration)
                    for x in _list(get(e, "links"))[:100] if isinstance(x, dict) and _s(get(x, "rel")) == "enclosure"]
    return r


# --------------------------------------------------------------------------
# JSON Feed
# --------------------------------------------------------------------------


def _json_feed(text: str, base: str | None, warnings: list[str], defer: bool = False) -> ParsedFeed:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if "jsonfeed.org" in text[:2048]:
            raise FeedError("parse", f"invalid JSON Feed: {str(exc)[:120]}") from None
        raise FeedError("not-a-feed", "not a feed: invalid JSON document") from None
    if not isinstance(doc, dict):
        raise FeedError("not-a-feed", "not a feed: JSON document that is not a JSON Feed")
    version = doc.get("version")
    items = doc.get("items")
    is_feed = (isinstance(version, str) and "jsonfeed.org" in version) or (
        isinstance(items, list) and any(k in doc for k in ("title", "home_page_url", "feed_url"))
    )
    if not is_feed:
        raise FeedError("not-a-feed", "not a feed: JSON document that is not a JSON Feed")
    link = safe_http_url(doc.get("home_page_url"), base)
    feed_author = _json_author_names(doc)

    def convert(item: Any) -> _Raw | None:
        if not isinstance(item, dict):
            return None
        r = _Raw()
        r.id = _s(item.get("id"))
        r.title = _s(item.get("title"))
        r.link = _s(item.get("url")) or _s(item.get("external_url"))
        r.authors = _json_author_names(item) or feed_author
        r.published = feed_date(_s(item.get("date_published")))
        r.updated = feed_date(_s(item.get("date_modified")) or _s(item.get("date_updated")))
        if r.published is None:
            r.published = r.updated
        html = _s(item.get("content_html"))
        plain = _s(item.get("content_text"))
        if html:
            r.content, r.content_type = html, "html"
        elif plain:
            r.content, r.content_type = plain, "text"
        r.summary = _s(item.get("summary"))
        r.summary_type = "text"
        r.categories = [_s(t) for t in _list(item.get("tags"))[: MAX_CATEGORIES * 20]]
        r.enclosures = [(a.get("url"), a.get("mime_type"), a.get("size_in_bytes"), a.get("duration_in_seconds"))
                        for a in _list(item.get("attachments"))[:100] if isinstance(a, dict)]
        return r

    entries = _select(_list(items), convert, base, warnings, defer)
    return ParsedFeed(
        title=inline_text(_s(doc.get("title")), limit=MAX_TITLE_CHARS),
        link=link,
        kind="json",
        entries=entries,
        warnings=_clean_warnings(warnings),
        parser="jsonfeed",
    )


def _json_author_names(obj: dict) -> list[str]:
    names: list[str] = []
    names = [_s(a.get("name")) for a in _list(obj.get("authors"))[:50] if isinstance(a, dict)]
    author = obj.get("author")
    if not names and isinstance(author, dict):
        names = [_s(author.get("name"))]
    return [n for n in names if n]


# --------------------------------------------------------------------------
# The document-type checks (C8)
# --------------------------------------------------------------------------

_FEED_ROOTS = {"rss": "rss", "feed": "atom", "rdf": "rdf", "channel": "rss"}
_NOT_FEEDS = {
    "html": "not a feed: looks like an HTML page (try discovery)",
    "head": "not a feed: looks like an HTML page (try discovery)",
    "body": "not a feed: looks like an HTML page (try discovery)",
    "opml": "not a feed: this is an OPML subscription list (import it instead)",
    "urlset": "not a feed: this is an XML sitemap",
    "sitemapindex": "not a feed: this is an XML sitemap",
    "svg": "not a feed: this is an SVG image",
}
_ITEM_TAG = re.compile(rb"<(?:[\w.-]{1,40}:)?(?:item|entry)[\s>/]", re.IGNORECASE)
_ITEM_START = re.compile(r"<(?:[\w.-]{1,40}:)?(?:item|entry)[\s>/]", re.IGNORECASE)
_ITEM_END = re.compile(r"</(?:[\w.-]{1,40}:)?(?:item|entry)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<(/)?([A-Za-z_][\w.:-]{0,127})(?:\s[^<>]*?)?(/)?>")
_XML_BASE = re.compile(r"""\bxml:base\s*=\s*["']([^"'<>]{1,2000})["']""")


#: What may come before a document's first character (what ``str.lstrip`` of these would drop).
_LEADING_BLANKS = re.compile("[\ufeff \t\r\n\x0c]*")


def _check_document_type(text: str, content_type: str | None) -> tuple[str | None, bool]:
    """Raise ``not-a-feed`` for documents that are clearly something else.

    Returns (root local name, whether the document is JSON).
    """
    # Where the document starts, found without copying it (a lstrip() copy of megabytes).
    start = _LEADING_BLANKS.match(text).end()
    if start == len(text):
        raise FeedError("not-a-feed", "not a feed: the document is empty")
    if text.startswith("%PDF", start):
        raise FeedError("not-a-feed", "not a feed: looks like a PDF document")
    if text[start] in "{[":
        return None, True
    root, doctype_html, _junk = sniff_root(text)
    if doctype_html and root not in _FEED_ROOTS:
        raise FeedError("not-a-feed", _NOT_FEEDS["html"])
    if root in _NOT_FEEDS:
        raise FeedError("not-a-feed", _NOT_FEEDS[root])
    if root is None:
        mime = (content_type or "").split(";")[0].strip().lower()
        if "html" in mime or text[start] != "<" and "<html" in text[start:start + 4096].lower():
            raise FeedError("not-a-feed", _NOT_FEEDS["html"])
        raise FeedError("not-a-feed", "not a feed: no XML or JSON document found")
    return root, False


#: How far into a document its root's xml:base is looked for (before the first item).
_ROOT_BASE_CHARS = 65536


def _root_base(text: str, url: str | None) -> str | None:
    """The feed URL, or the root element's xml:base resolved against it (only ``text[:_ROOT_BASE_CHARS]`` is read)."""
    m = _ITEM_START.search(text, 0, min(len(text), _ROOT_BASE_CHARS))
    head = text[: m.start() if m else min(len(text), 8192)]
    b = _XML_BASE.search(head) if "xml:base" in head else None  # (the pattern has no literal prefix to skip by)
    if b:
        try:
            resolved = urljoin(url or "", sanitize_line(b.group(1), limit=None))
        except ValueError:
            resolved = ""
        if safe_http_url(resolved):
            return resolved
    return url


def _fallback_input(text: str, max_items: int = FALLBACK_ITEMS,
                    max_chars: int = FALLBACK_MAX_CHARS) -> tuple[str, str | None]:
    """The part of the document feedparser gets, and a warning when it was cut.

    feedparser spends 1–5 µs of Python per character on tag soup (measured:
    9 MB of mismatched tags took 42 s), so it reads at most ``max_items`` items
    and ``max_chars`` characters. The cut is made after the last whole item
    that fits, and the elements still open there are closed.
    """
    if len(text) <= max_chars and text.count("</", 0, max_chars) < max_items:
        return text, None
    count = 0
    cut_at = -1
    for m in _ITEM_END.finditer(text, 0, max_chars + 64):
        if m.end() > max_chars or count >= max_items:
            break
        count += 1
        cut_at = m.end()
    if cut_at < 0:
        if len(text) <= max_chars:
            return text, None
        cut_at = max_chars
    elif cut_at >= len(text.rstrip()) or (count < max_items and len(text) <= max_chars):
        return text, None
    first = _ITEM_START.search(text, 0, cut_at)
    head = text[: first.start()] if first else ""
    stack: list[str] = []
    for t in _TAG.finditer(head):
        closing, name, selfclose = t.group(1), t.group(2), t.group(3)
        if selfclose:
            continue
        if closing:
            if name in stack:
                while stack and stack.pop() != name:
                    pass
        else:
            stack.append(name)
        if len(stack) > 64:  # not a feed's head; leave the end unclosed
            stack = []
            break
    closers = "".join(f"</{name}>" for name in reversed(stack))
    note = (f"document too large for the lenient parser: only the first {count} items "
            f"({cut_at // 1024} KiB) were read")
    return text[:cut_at] + closers, note


def _cap_tags(text: str, max_tags: int = MAX_TAGS) -> tuple[str, str]:
    """Cut a document with more than ``max_tags`` tags after the last whole item before that point."""
    pos = 0
    total = 0
    step = 1 << 16
    while pos < len(text):
        count = text.count("<", pos, pos + step)
        if total + count > max_tags:
            break
        total += count
        pos += step
    cut, note = _fallback_input(text, max_items=10 ** 9, max_chars=pos)
    if note is None or _ITEM_END.search(cut) is None:
        raise FeedError("too-large", f"feed has too many XML elements (over {max_tags:,} tags)")
    return cut, f"feed has over {max_tags:,} tags: " + note.split(": ", 1)[1]


# --------------------------------------------------------------------------
# parse_feed
# --------------------------------------------------------------------------


def parse_feed(data: bytes, *, url: str | None = None, content_type: str | None = None,
               charset: str | None = None, defer_text: bool = False, categories: bool = True) -> ParsedFeed:
    """Never fetches anything. Raises only FeedError (categories: not-a-feed, parse, encoding, policy, too-large).

    ``defer_text``: leave entry bodies unconverted (``ParsedEntry.body``) for
    the library to convert when they are read; a refresh does this.
    ``categories=False``: the caller drops entries' categories (a refresh
    stores none), so fastfeedparser does not read them: a fifth of its time.
    Entries from the other paths may still carry some.
    """
    try:
        return _parse(data, url=url, content_type=content_type, charset=charset, defer=defer_text,
                      categories=categories)
    except FeedError:
        raise
    except MemoryError:
        raise FeedError("too-large", "feed too large to parse") from None
    except RecursionError:
        raise FeedError("parse", "feed nested too deeply to parse") from None
    except Exception as exc:  # noqa: BLE001 — the contract is "only FeedError"
        raise FeedError("parse", f"could not parse feed ({type(exc).__name__})") from None


def _parse(data: bytes, *, url: str | None, content_type: str | None, charset: str | None,
           defer: bool = False, categories: bool = True) -> ParsedFeed:
    if isinstance(data, str):  # never a URL or a path: a string is the document itself
        data = data.encode("utf-8", "replace")
    data = bytes(data)
    if len(data) > MAX_FEED_BYTES:
        raise FeedError("too-large", f"feed too large ({len(data) / 1048576:.1f} MiB; limit 10 MiB)")
    base = safe_http_url(url) if url else None

    decoded = decode_xml(data, content_type=content_type, charset=charset)
    text = decoded.text
    root, is_json = _check_document_type(text, content_type)
    warnings = list(decoded.warnings)
    if is_json:
        return _json_feed(text.lstrip("\ufeff"), base, warnings, defer)

    prepared = prepare_xml(data, decoded=Decoded(text, decoded.encoding, [], decoded.source))
    warnings.extend(prepared.warnings)
    root = prepared.root or root
    # the declaration is ASCII: the text's character after it is the UTF-8's byte
    if not prepared.xml.startswith(b"<", len(XML_DECLARATION)):  # not a slice: a copy of the document
        raise FeedError("not-a-feed", "not a feed: no XML or JSON document found")
    if root in _NOT_FEEDS:
        raise FeedError("not-a-feed", _NOT_FEEDS[root])
    base = _root_base(prepared.head(_ROOT_BASE_CHARS), base)
    xml = prepared.xml
    # The same count as the text's ("<" is one byte in UTF-8), in a bytes scan; only a
    # document of more bytes than MAX_TAGS can have more tags (a scan of each feed saved).
    if len(xml) > MAX_TAGS and xml.count(b"<") > MAX_TAGS:
        text, note = _cap_tags(prepared.text)
        prepared.text = text
        xml = text.encode("utf-8", "replace")
        warnings.append(note)

    fast = _fast_path(xml, categories)
    if fast is not None:
        feed_info, raws = fast
        if raws or _ITEM_TAG.search(xml) is None:
            return _build(feed_info, raws, functools.partial(_raw_from_ffp, media=_MediaLookup(xml)), base,
                          _FEED_ROOTS.get(root or "", "rss"), warnings, "fastfeedparser", defer)
    return _fallback(prepared.text, root, base, warnings, fast, defer)


def _fast_path(xml: bytes, categories: bool = True) -> tuple[dict, list] | None:
    ffp = _install_date_adapter()
    try:
        # bytes: fastfeedparser fetches only when given a URL string. Its media:content
        # lists are never read here (enclosures are), so it does not make them.
        result = ffp.parse(xml, include_media=False, include_tags=categories)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — any refusal sends the document to feedparser
        return None
    if not isinstance(result, dict):
        return None
    feed = result.get("feed")
    return (feed if isinstance(feed, dict) else {}), _list(result.get("entries"))


def _fallback(text: str, root: str | None, base: str | None, warnings: list[str],
              fast: tuple[dict, list] | None, defer: bool = False) -> ParsedFeed:
    import feedparser

    limited, cut_note = _fallback_input(text)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if base:
        headers["content-location"] = base
    result = feedparser.parse(
        io.BytesIO(limited.encode("utf-8", "replace")),  # a stream: never a URL or a path
        response_headers=headers,
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    entries = result.get("entries") or []
    feed = result.get("feed") or {}
    version = _s(result.get("version"))
    raws = _list(entries)
    if not raws and fast is not None:
        # Neither parser found entries; the fast path's feed data is as good.
        return _build(fast[0], fast[1], _raw_from_ffp, base, _FEED_ROOTS.get(root or "", "rss"), warnings,
                      "fastfeedparser", defer)
    if not raws and not version and not _s(feed.get("title")):
        exc = result.get("bozo_exception")
        if root in _FEED_ROOTS:
            detail = sanitize_line(str(exc), limit=120) if exc else "no entries found"
            raise FeedError("parse", f"could not parse feed: {detail}")
        raise FeedError("not-a-feed", f"not a feed: XML document with root <{sanitize_line(root or '?', limit=40)}>")
    if result.get("bozo") and raws:
        warnings.append("ill-formed XML, parsed leniently")
    if cut_note:
        warnings.append(cut_note)
    kind = _FEED_ROOTS.get(root or "")
    if kind is None or root == "channel":
        kind = "atom" if version.startswith("atom") else "rdf" if version in ("rss090", "rss10") else "rss"
    return _build(feed, raws, _raw_from_feedparser, base, kind, warnings, "feedparser", defer)


def _build(feed: dict, items: list, convert: Callable[[Any], _Raw | None], base: str | None, kind: str,
           warnings: list[str], parser: str, defer: bool = False) -> ParsedFeed:
    title = inline_text(_s(feed.get("title")), limit=MAX_TITLE_CHARS)
    link = safe_http_url(feed.get("link"), base)
    if link is None:
        for item in _list(feed.get("links")):
            if isinstance(item, dict) and _s(item.get("rel") or "alternate") == "alternate":
                link = safe_http_url(item.get("href"), base)
                if link:
                    break
    entries = _select(items, convert, base or link, warnings, defer)
    return ParsedFeed(title=title, link=link, kind=kind, entries=entries, warnings=_clean_warnings(warnings),
                      parser=parser)


def _clean_warnings(warnings: list[str]) -> list[str]:
    """One line each (some quote the document, e.g. an encoding label), no repeats."""
    out: list[str] = []
    for w in warnings:
        line = sanitize_line(w, limit=300)
        if line and line not in out:
            out.append(line)
    return out
