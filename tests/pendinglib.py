"""A library a first refresh has just filled: entry bodies stored as HTML, not yet text.

Served from a real loopback server and stored by a real refresh, so the rows
are exactly what the catch-up finds after a big first refresh.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from xml.sax.saxutils import escape

from feeds.library.store import Library
from feeds.refresh import refresh

from .netserver import LoopbackServer


def html_feed(i: int, count: int) -> bytes:
    """An RSS feed of ``count`` items whose descriptions are HTML paragraphs with links (invented)."""
    items = []
    for n in range(count):
        html = (f"<p>The <b>ward {i} committee</b> met on Tuesday and heard report {n} on the "
                f"<a href=\"https://ward{i}.example/r/{n}\">bus lanes</a> &amp; the ferry timetable.</p>"
                f"<ul><li>Stop {n} moves</li><li>Works start in <i>spring</i></li></ul>"
                f"<p>{'Residents asked about the budget and the weekend service. ' * 4}</p>")
        items.append(f"<item><title>Ward {i} notice {n}</title><link>https://ward{i}.example/n/{n}</link>"
                     f"<guid isPermaLink=\"false\">ward{i}-{n}</guid>"
                     f"<pubDate>Sun, 01 Mar 2026 {n % 24:02d}:{i % 60:02d}:00 GMT</pubDate>"
                     f"<description>{escape(html)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ward {i} Notices'
            f'</title><link>https://ward{i}.example/</link>' + "".join(items) + "</channel></rss>").encode()


def fill_pending(path: Path, server: LoopbackServer, *, feeds: int, per_feed: int) -> int:
    """Subscribe to ``feeds`` served feeds and refresh them once; returns the entries left pending."""
    for i in range(feeds):
        server.static(f"/ward{i}.xml", html_feed(i, per_feed))
    with Library.open(path) as lib:
        for i in range(feeds):
            lib.add_feed(server.url(f"/ward{i}.xml"), folder=f"Wards {i % 3}")
        summary = asyncio.run(refresh(lib, lib.feeds()))
        assert summary.failed == 0, [o.error for o in summary.outcomes]
        return lib.pending_text()
