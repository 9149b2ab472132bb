"""A quote as a reader would paste it: the words, who said them, and where."""

from __future__ import annotations

from feeds.analysis import Quote
from feeds.core.sanitize import sanitize_line


def attributed_quote(quote: Quote, *, title: str | None, url: str | None) -> str:
    """“Words,” Speaker, role — Title <url>; one line, control codes removed (it goes to a clipboard)."""
    words = sanitize_line(quote.text, limit=2_000)
    who = sanitize_line(quote.speaker or "unattributed", limit=200)
    role = sanitize_line(quote.role or "", limit=200)
    out = f"“{words}” — {who}" + (f", {role}" if role else "")
    where = " ".join(x for x in (sanitize_line(title or "", limit=300), f"<{url}>" if url else "") if x)
    return out + (f" ({where})" if where else "")
