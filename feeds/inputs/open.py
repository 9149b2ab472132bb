"""One entry point for everything the user can name on the command line.

Paths go to the local loaders. URLs are fetched once: a feed becomes its
entries (nothing is subscribed); a web page is opened as an article, and the
feeds it advertises (``<link rel="alternate">``) are returned beside it so the
reader can offer them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..core.errors import FeedError
from .local import LoadResult, articles_from_feed, load_paths
from ..core.model import Article, LoadError

if TYPE_CHECKING:
    from ..net.discover import FeedLink

__all__ = ["OpenResult", "open_inputs", "is_url", "articles_from_feed", "fetch_article_page"]


@dataclass(slots=True)
class OpenResult(LoadResult):
    #: Pages that advertise feeds: (page URL, the feeds it lists).
    discovered: list[tuple[str, list["FeedLink"]]] = field(default_factory=list)


def is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def open_inputs(inputs: Iterable[str]) -> OpenResult:
    """Load each path or URL; failures become one-line errors beside the rest."""
    result = OpenResult()
    paths: list[str] = []
    urls: list[str] = []
    for raw in inputs:
        (urls if is_url(raw) else paths).append(raw)
    if paths:
        result.extend(load_paths(paths))
    if urls:
        asyncio.run(_open_urls(urls, result))
    return result


async def _open_urls(urls: list[str], result: OpenResult) -> None:
    from ..net.http import Fetcher

    async with Fetcher() as fetcher:
        outcomes = await asyncio.gather(*(_open_url(fetcher, u) for u in urls))
    for articles, discovered, error in outcomes:
        result.articles.extend(articles)
        if discovered:
            result.discovered.append(discovered)
        if error is not None:
            result.errors.append(error)


async def _open_url(fetcher, url: str):
    from ..net.discover import discover_feeds, looks_like_html
    from ..formats.feedparse import parse_feed
    from ..formats.htmlpage import article_from_html

    try:
        fetched = await fetcher.fetch(url)
        if looks_like_html(fetched.content, fetched.content_type):
            feeds = discover_feeds(fetched.content, fetched.final_url)
            article = await asyncio.to_thread(article_from_html, fetched.content, url, url=fetched.final_url)
            return [article], ((fetched.final_url, feeds) if feeds else None), None
        parsed = await asyncio.to_thread(parse_feed, fetched.content, url=fetched.final_url,
                                         content_type=fetched.content_type, charset=fetched.charset)
        articles = articles_from_feed(parsed, fetched.final_url)
        if not articles:
            return [], None, LoadError(url, "the feed has no entries")
        return articles, None, None
    except FeedError as err:
        return [], None, LoadError(url, err.message)
    except ValueError as err:  # the page held no article text
        return [], None, LoadError(url, str(err))


def fetch_article_page(url: str, *, origin: str | None = None) -> Article:
    """Fetch a page and extract its article (the reader's 'fetch full article').

    The link came from a feed, so it is a *derived* URL: it may not lead from
    a public feed into a private network (I5). ``origin`` is the feed's URL.
    """
    from ..formats.htmlpage import MAX_HTML_BYTES, article_from_html
    from ..net.http import PAGE_ACCEPT, fetch_sync

    fetched = fetch_sync(url, accept=PAGE_ACCEPT, max_bytes=MAX_HTML_BYTES, derived=True, origin=origin)
    try:
        return article_from_html(fetched.content, url, url=fetched.final_url)
    except ValueError as exc:
        raise FeedError("parse", str(exc), url=url) from None
