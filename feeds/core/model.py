"""The article model: what every loader produces and every view consumes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from .errors import NewsreaderError
from .sanitize import sanitize_line, sanitize_text

__all__ = ["Article", "Enclosure", "LoadError", "MAX_TEXT_CHARS", "bounded_text", "format_duration", "format_size"]

#: Plain text kept per article. Longer bodies are cut (at a paragraph break
#: where possible) so that analysis and rendering stay bounded.
MAX_TEXT_CHARS = 2_000_000


class LoadError(NewsreaderError):
    """An input could not be read. ``str(error)`` is one line for the user."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = sanitize_line(origin, limit=300)
        self.reason = sanitize_line(reason, limit=300)
        super().__init__(f"{self.origin}: {self.reason}")


#: Links and enclosures kept per article (the parser keeps no more either).
MAX_LINKS = 200
MAX_ENCLOSURES = 20
MAX_LINK_CHARS = 4_000


@dataclass(frozen=True, slots=True)
class Enclosure:
    """A file the entry carries (a podcast episode, a video): what ``e`` plays.

    ``length`` is in bytes and ``duration`` in seconds, as the feed states
    them (``None`` when it does not, or states nonsense).
    """

    url: str
    type: str | None = None
    length: int | None = None
    duration: int | None = None

    def describe(self) -> str:
        """One line for the article header: type, size, duration and the file's name."""
        from urllib.parse import unquote, urlsplit

        name = unquote(urlsplit(self.url).path.rsplit("/", 1)[-1]) or self.url
        parts = [p for p in (self.type, format_size(self.length), format_duration(self.duration)) if p]
        line = f"{name} ({', '.join(parts)})" if parts else name
        return sanitize_line(line, limit=300)


def format_size(length: int | None) -> str | None:
    """Bytes as people say them: ``850 bytes``, ``12.3 MB`` (decimal units, like file managers)."""
    if not length or length < 0:
        return None
    if length < 1000:
        return f"{length} bytes"
    value = float(length)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 999.95 or unit == "TB":
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return None  # pragma: no cover - the loop always returns


def format_duration(seconds: int | None) -> str | None:
    """``1:02:03`` / ``4:05``, the way players show a length."""
    if not seconds or seconds < 0:
        return None
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
    #: The links numbered in ``text`` (``[1]`` is ``links[0]``): http(s) or mailto.
    links: list[str] = field(default_factory=list, compare=False)
    #: Files the entry carries (podcast episodes); ``e`` plays the first.
    enclosures: list[Enclosure] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        self.title = sanitize_line(self.title) or "(untitled)"
        self.text = bounded_text(sanitize_text(self.text))
        self.byline = sanitize_line(self.byline or "", limit=300) or None
        self.source = sanitize_line(self.source or "", limit=300) or None
        self.url = sanitize_line(self.url or "", limit=4000) or None
        self.origin = sanitize_line(self.origin, limit=4000)
        self.links = [u for u in self.links[:MAX_LINKS] if _clean_url(u)]
        self.enclosures = [e for e in self.enclosures[:MAX_ENCLOSURES]
                           if isinstance(e, Enclosure) and _clean_url(e.url)]

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


def _clean_url(url: object) -> bool:
    """A link as the parser leaves it: one bounded line with nothing to sanitise."""
    return isinstance(url, str) and 0 < len(url) <= MAX_LINK_CHARS and sanitize_line(url, limit=None) == url


def bounded_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, at a paragraph break where one is near, marked […]."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip() + "\n\n[…]"
