"""Tiny invented feeds for tests (our own words, never corpus text)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

BASE = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def rss(title: str, items: list[tuple[str, str]] | int, *, link: str = "https://example.com/",
        start: datetime = BASE) -> bytes:
    """An RSS 2.0 document. ``items`` is [(title, body)] or a count of generated items."""
    if isinstance(items, int):
        items = [(f"{title} story {i}", f"Paragraph one of story {i} in {title}. The council met on "
                  f"Tuesday and approved {i + 2} new buses for the town.") for i in range(items)]
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
           f"<link>{escape(link)}</link><description>test feed</description>"]
    for n, (item_title, body) in enumerate(items):
        when = format_datetime(start - timedelta(hours=n))
        tag = "description"
        out.append(f"<item><title>{escape(item_title)}</title><link>{escape(link)}story/{n}</link>"
                   f"<guid isPermaLink=\"false\">{escape(title)}-{n}</guid><pubDate>{when}</pubDate>"
                   f"<{tag}>{escape('<p>' + body + '</p>')}</{tag}></item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def page_with_feed(feed_href: str, title: str = "A site") -> bytes:
    return (f'<!DOCTYPE html><html><head><title>{escape(title)}</title>'
            f'<link rel="alternate" type="application/rss+xml" title="{escape(title)} feed" href="{escape(feed_href)}">'
            f"</head><body><p>Welcome to the site. Nothing to read here yet.</p></body></html>").encode()


def article_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{escape(title)}</title>"
            f'<meta property="og:title" content="{escape(title)}"></head>'
            f"<body><nav>Home | Sport</nav><article><h1>{escape(title)}</h1>{body}</article>"
            f"<footer>Copyright</footer></body></html>").encode()
