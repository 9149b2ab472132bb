"""The article model: what every loader produces and every view consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from .sanitize import sanitize_line, sanitize_text

__all__ = ["Article", "LoadError", "MAX_TEXT_CHARS", "bounded_text"]

#: Plain text kept per article. Longer bodies are cut (at a paragraph break
#: where possible) so that analysis and rendering stay bounded.
MAX_TEXT_CHARS = 2_000_000


class LoadError(Exception):
    """An input could not be read. ``str(error)`` is one line for the user."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = sanitize_line(origin, limit=300)
        self.reason = sanitize_line(reason, limit=300)
        super().__init__(f"{self.origin}: {self.reason}")


@dataclass(slots=True)
class Article:
    """One readable article: metadata plus the body as plain text.

    ``text`` keeps paragraph breaks as blank lines (``"\\n\\n"``); every offset
    in an analysis points into it. All string fields are sanitised on
    construction, so no control character survives into the model.
    """

    title: str
    text: str
    byline: str | None = None
    source: str | None = None
    published: datetime | None = None
    url: str | None = None
    origin: str = ""
    #: Library identity, when the article came from a stored feed entry.
    entry_key: tuple[int, str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        self.title = sanitize_line(self.title) or "(untitled)"
        self.text = bounded_text(sanitize_text(self.text))
        self.byline = sanitize_line(self.byline or "", limit=300) or None
        self.source = sanitize_line(self.source or "", limit=300) or None
        self.url = sanitize_line(self.url or "", limit=4000) or None
        self.origin = sanitize_line(self.origin, limit=4000)

    @property
    def key(self) -> str:
        """A stable identifier, for caches and for telling articles apart."""
        if self.entry_key is not None:
            return f"{self.entry_key[0]}:{self.entry_key[1]}"
        basis = f"{self.origin}\0{self.url or ''}\0{self.title}"
        return hashlib.blake2b(basis.encode("utf-8", "replace"), digest_size=8).hexdigest()

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    def metadata(self) -> dict[str, str | None]:
        """The article's metadata as JSON-ready values (``None`` where unknown)."""
        return {
            "title": self.title,
            "byline": self.byline,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
        }


def bounded_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, at a paragraph break where one is near, marked […]."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip() + "\n\n[…]"
