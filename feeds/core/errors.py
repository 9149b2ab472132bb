"""Typed, one-line errors for everything that can go wrong with a feed.

Every per-feed failure — network, HTTP, parsing, policy — becomes a
:class:`FeedError` with a category and a message short enough to show beside
the feed's name. The message is sanitised here, once, because it often echoes
text a server chose (a reason phrase, a parser's complaint about the input).
"""

from __future__ import annotations

from typing import Literal

from .sanitize import sanitize_line

__all__ = ["NewsreaderError", "FeedError", "Category", "CATEGORIES"]


class NewsreaderError(Exception):
    """The root of every error the engine raises on purpose.

    One root lets a caller (the CLI, the TUI, a script) catch "anything
    newsreader refused or could not do" in one clause while letting real bugs
    (``TypeError``, ``KeyError``…) surface as the tracebacks they should be.
    ``str(err)`` of every subclass is one line a user can act on.
    """

Category = Literal[
    "network",      # DNS, refused, reset, connection lost, incomplete body
    "timeout",      # connect/read timeout or the total deadline
    "tls",          # certificate or handshake failure
    "http-status",  # 4xx/5xx (status kept in ``status``)
    "gone",         # 410: the publisher removed the feed; polling stops
    "too-large",    # body or decoded body over the cap, or too many entries
    "not-a-feed",   # HTML, JSON that is not a JSON Feed, PDF, empty body…
    "parse",        # a feed document we could not parse
    "encoding",     # undecodable text
    "policy",       # refused by us: scheme, private address, entity expansion…
    "storage",      # the library could not be written
]

CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]


class FeedError(NewsreaderError):
    """A failure tied to one feed or URL. ``str(err)`` is one line for the user."""

    def __init__(
        self,
        category: Category,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        if category not in CATEGORIES:
            raise ValueError(f"unknown error category {category!r}")
        self.category: Category = category
        self.message = sanitize_line(message, limit=300) or category
        self.url = sanitize_line(url or "", limit=2000) or None
        self.status = status
        #: Seconds the server asked us to wait (429/503 Retry-After), if any.
        self.retry_after = retry_after
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # Parsing runs in worker processes: the error must survive pickling whole.
        return (_rebuild, (self.category, self.message, self.url, self.status, self.retry_after))

    def __repr__(self) -> str:
        return f"FeedError({self.category!r}, {self.message!r}, url={self.url!r})"


def _rebuild(category: Category, message: str, url: str | None, status: int | None,
             retry_after: float | None) -> FeedError:
    return FeedError(category, message, url=url, status=status, retry_after=retry_after)
