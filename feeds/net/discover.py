"""Feed discovery in HTML pages, and telling pages from feeds.

:func:`discover_feeds` reads ``<link rel="alternate" type="…">`` elements (the
RSS autodiscovery convention) and returns the feeds a page advertises, resolved
against ``<base href>`` or the page URL, http(s) only, de-duplicated, in
document order. It never fetches anything: whether a discovered URL may be
fetched (it may point at a private address, G1/F15) is the fetcher's decision.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass

from ..core.sanitize import sanitize_line
from ..formats.xmlguard import parse_content_type, sniff_root

__all__ = ["FeedLink", "discover_feeds", "looks_like_html", "FEED_TYPES", "MAX_PAGE_BYTES"]

#: The link types that name a feed.
FEED_TYPES = frozenset({
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
})
#: Pages are read up to this size (I4: decoded body per article page).
MAX_PAGE_BYTES = 5 * 1024 * 1024
#: At most this many feeds are returned for one page.
MAX_FEED_LINKS = 100

_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_HTML_ROOTS = frozenset({"html", "head", "body"})


@dataclass
class FeedLink:
    url: str
    title: str | None
    type: str


_local = threading.local()


def _parser():
    parser = getattr(_local, "parser", None)
    if parser is None:
        from lxml import etree

        parser = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True, collect_ids=False, default_doctype=False, huge_tree=False)
        _local.parser = parser
    return parser


def _page_text(html: bytes | str) -> str:
    if isinstance(html, str):
        return html[:MAX_PAGE_BYTES]
    data = bytes(html[:MAX_PAGE_BYTES])
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def discover_feeds(html: bytes | str, base_url: str) -> list[FeedLink]:
    """The feeds a page links to with ``rel="alternate"`` (or ``rel="feed"``)."""
    from ..formats.feedparse import safe_http_url

    text = _page_text(html)
    if "<link" not in text.lower() and "<LINK" not in text:
        return []
    from lxml import etree

    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), _parser())
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    base = safe_http_url(base_url) or None
    for el in root.iter("base"):
        href = el.get("href")
        if href:
            resolved = safe_http_url(href, base)
            if resolved:
                base = resolved
            break
    found: list[FeedLink] = []
    seen: set[str] = set()
    for el in root.iter("link"):
        rel = {token.lower() for token in (el.get("rel") or "").split()}
        if not rel & {"alternate", "feed"}:
            continue
        mime, _ = parse_content_type(el.get("type") or "")
        if mime not in FEED_TYPES:
            continue
        url = safe_http_url(el.get("href"), base)
        if url is None or url in seen:
            continue
        if mime == "application/json" and ("/wp-json/" in url or "oembed" in url.lower()):
            continue  # WordPress's REST API and oEmbed links, not feeds
        seen.add(url)
        title = sanitize_line(el.get("title") or "", limit=300) or None
        found.append(FeedLink(url=url, title=title, type=mime))
        if len(found) >= MAX_FEED_LINKS:
            break
    return found


def looks_like_html(data: bytes, content_type: str | None) -> bool:
    """True when a fetched body is an HTML page (so: discovery, not feed parsing).

    A body whose root element is a feed's wins over a ``text/html`` label
    (servers mislabel feeds), and a page wins over a feed label (C8: an HTML
    page served as ``application/rss+xml``).
    """
    mime, _ = parse_content_type(content_type)
    head = _page_text(bytes(data[:65536]) if not isinstance(data, str) else data[:65536])
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        return False
    root, doctype_html, _junk = sniff_root(head)
    if root in _FEED_ROOTS:
        return False
    if doctype_html or root in _HTML_ROOTS:
        return True
    if mime in ("text/html", "application/xhtml+xml"):
        return True
    lower = head[:4096].lower()
    return root is None and ("<html" in lower or "<body" in lower)
