"""Turning what the user typed into a feed URL worth subscribing to.

The user may give a feed's address or a site's: a feed is checked by parsing
it; a page is searched for the feeds it advertises. One feed found is taken;
several are returned as choices; none is a clear error. Messages show the
URL as :func:`feeds.core.urls.display_url` does: never its password (M12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .core.errors import FeedError, NewsreaderError
from .core.urls import display_url

if TYPE_CHECKING:
    from .net.discover import FeedLink

__all__ = ["SubscribeError", "Resolved", "resolve_feed_url", "validate_feed_url", "complete_url"]


class SubscribeError(NewsreaderError):
    """The URL cannot be subscribed to; ``str()`` is one line."""


@dataclass(slots=True)
class Resolved:
    url: str
    title: str | None = None
    choices: list["FeedLink"] = field(default_factory=list)


async def resolve_feed_url(url: str, *, fetcher=None) -> Resolved:
    from .net.discover import discover_feeds, looks_like_html
    from .formats.feedparse import parse_feed
    from .net.http import Fetcher

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        if own:
            await fetcher.__aenter__()
        try:
            fetched = await fetcher.fetch(url)
        except FeedError as err:
            raise SubscribeError(f"{display_url(url)}: {err.message}") from None
        if looks_like_html(fetched.content, fetched.content_type):
            links = discover_feeds(fetched.content, fetched.final_url)
            if not links:
                raise SubscribeError(f"{display_url(url)}: this page is not a feed and lists no feeds")
            if len(links) > 1:
                return Resolved(url=links[0].url, title=links[0].title, choices=links)
            url = links[0].url
            try:
                fetched = await fetcher.fetch(url, derived=True, origin=fetched.final_url)
            except FeedError as err:
                raise SubscribeError(f"{display_url(url)}: {err.message}") from None
        try:
            parsed = parse_feed(fetched.content, url=fetched.final_url, content_type=fetched.content_type,
                                charset=fetched.charset)
        except FeedError as err:
            raise SubscribeError(f"{display_url(url)}: {err.message}") from None
        return Resolved(url=fetched.permanent_redirect or url, title=parsed.title or None)
    finally:
        if own:
            await fetcher.__aexit__(None, None, None)


def validate_feed_url(value: str) -> str | None:
    """A one-line problem with a typed URL, or None when it can be tried."""
    from urllib.parse import urlsplit

    v = value.strip()
    if not v:
        return "type the address of a feed or of a site"
    if v.startswith("-"):
        return "an address cannot start with '-'"
    if "://" not in v:
        return None  # "example.com/feed" is completed with https://
    parts = urlsplit(v)
    if parts.scheme.lower() not in ("http", "https"):
        return f"only http and https addresses can be added (not {parts.scheme}:)"
    if not parts.netloc:
        return "the address has no host"
    return None


def complete_url(value: str) -> str:
    """A typed address made whole: "example.com/feed" becomes "https://example.com/feed"."""
    v = value.strip()
    return v if "://" in v else "https://" + v
