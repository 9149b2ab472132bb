"""What the analysis index reads back: quoted passages, sources and figures with their article.

Kept apart from :mod:`feeds.library.quotes` (the index itself) so that the
library opens without defining them: only the people, quotes and stories views
read the index, and a frozen dataclass costs about a millisecond to make.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IndexedArticle", "IndexedQuote", "IndexedSource", "IndexedFigure", "AnalysedEntry"]


@dataclass(slots=True, frozen=True)
class IndexedArticle:
    """Where an indexed item comes from: enough to list it and to open it."""

    seq: int
    feed_id: int
    entry_id: str
    title: str
    url: str | None
    feed: str
    feed_url: str
    #: ISO date-time the article was published (else first seen).
    published: str


@dataclass(slots=True, frozen=True)
class IndexedQuote:
    text: str
    speaker: str | None
    role: str | None
    kind: str
    start: int
    end: int
    article: IndexedArticle


@dataclass(slots=True, frozen=True)
class IndexedSource:
    name: str
    kind: str
    mentions: int
    quotes: int
    seq: int


@dataclass(slots=True, frozen=True)
class IndexedFigure:
    text: str
    value: str | None
    unit: str | None
    kind: str
    context: str
    start: int
    end: int
    seq: int


@dataclass(slots=True)
class AnalysedEntry:
    """One entry's analysis as the workers return it (plain data: it crosses processes)."""

    seq: int
    #: The text that was analysed; the result is stored only if the entry still holds it.
    text: str
    title: str
    quotes: list[tuple[str, str | None, str | None, str, int, int]]
    sources: list[tuple[str, str, int, int]]
    figures: list[tuple[str, str | None, str | None, str, str, int, int]]
