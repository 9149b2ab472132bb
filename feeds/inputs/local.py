"""Open local files and directories as articles.

One bad file never stops the others: every failure becomes a :class:`LoadError`
with a one-line reason, collected beside the articles that did load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from ..net.decode import DecodeError, decode_text, looks_binary
from ..core.model import Article, LoadError

if TYPE_CHECKING:
    from ..formats.feedparse import ParsedFeed

__all__ = ["LoadResult", "load_paths", "load_file", "SUPPORTED_SUFFIXES", "sample_articles", "articles_from_feed"]

#: Files larger than this are refused: no article is that long.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: A directory walk stops after this many files, and this many levels down.
MAX_DIRECTORY_FILES = 5000
MAX_DIRECTORY_DEPTH = 6


@dataclass(slots=True)
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def extend(self, other: "LoadResult") -> None:
        self.articles.extend(other.articles)
        self.errors.extend(other.errors)


def _text_loader(data: bytes, origin: str) -> list[Article]:
    from ..formats.plaintext import article_from_text

    return [article_from_text(decode_text(data), origin, fallback_title=Path(origin).stem)]


def _markdown_loader(data: bytes, origin: str) -> list[Article]:
    from ..formats.markdown import article_from_markdown

    return [article_from_markdown(decode_text(data), origin)]


def _html_loader(data: bytes, origin: str) -> list[Article]:
    from ..formats.htmlpage import article_from_html

    return [article_from_html(data, origin)]


def _feed_loader(data: bytes, origin: str) -> list[Article]:
    """A saved feed file: its entries, as articles (nothing is subscribed)."""
    from ..core.errors import FeedError
    from ..formats.feedparse import parse_feed

    try:
        parsed = parse_feed(data)
    except FeedError as err:
        raise ValueError(err.message) from None
    return articles_from_feed(parsed, origin)


Loader = Callable[[bytes, str], list[Article]]

_LOADERS: dict[str, Loader] = {
    ".txt": _text_loader,
    ".text": _text_loader,
    ".md": _markdown_loader,
    ".markdown": _markdown_loader,
    ".html": _html_loader,
    ".htm": _html_loader,
    ".xhtml": _html_loader,
    ".xml": _feed_loader,
    ".rss": _feed_loader,
    ".atom": _feed_loader,
    ".rdf": _feed_loader,
    ".json": _feed_loader,
}

SUPPORTED_SUFFIXES = frozenset(_LOADERS)


def register_loader(suffix: str, loader: Loader) -> None:
    """Let another module of the engine (feeds, for saved feed files) add a format."""
    _LOADERS[suffix] = loader


def load_file(path: Path) -> list[Article]:
    """Articles in one file; :class:`LoadError` with a one-line reason otherwise."""
    origin = str(path)
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        kinds = ", ".join(sorted(_LOADERS))
        raise LoadError(origin, f"unsupported file type {path.suffix or '(none)'!r} (supported: {kinds})")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            from ..core.sizes import too_large

            raise LoadError(origin, f"file {too_large(size, MAX_FILE_BYTES)}")
        data = path.read_bytes()
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError(origin, "no such file") from None
    except PermissionError:
        raise LoadError(origin, "permission denied") from None
    except IsADirectoryError:
        raise LoadError(origin, "is a directory") from None
    except OSError as exc:
        raise LoadError(origin, exc.strerror or "cannot read") from None
    if not data.strip():
        raise LoadError(origin, "empty file")
    if looks_binary(data):
        raise LoadError(origin, "binary file, not text")
    try:
        articles = loader(data, origin)
    except DecodeError as exc:
        raise LoadError(origin, str(exc)) from None
    except (ValueError, LookupError, RecursionError, MemoryError) as exc:
        raise LoadError(origin, str(exc) or type(exc).__name__) from None
    except Exception as exc:  # a third-party parser failing in a new way
        raise LoadError(origin, f"could not read ({type(exc).__name__}: {exc})") from None
    if not articles:
        raise LoadError(origin, "no article found")
    return articles


def _walk(root: Path) -> Iterable[Path]:
    count = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        depth = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")) if depth < MAX_DIRECTORY_DEPTH else []
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in _LOADERS:
                continue
            count += 1
            if count > MAX_DIRECTORY_FILES:
                return
            yield Path(dirpath) / name


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Load every file given, and every supported file inside each directory."""
    result = LoadResult()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                result.errors.append(LoadError(str(path), "no supported files in this directory"))
            for file in files:
                _load_one(file, result)
        elif not path.exists():
            result.errors.append(LoadError(str(path), "no such file or directory"))
        else:
            _load_one(path, result)
    return result


def _load_one(path: Path, result: LoadResult) -> None:
    try:
        result.articles.extend(load_file(path))
    except LoadError as exc:
        result.errors.append(exc)


def sample_articles() -> list[Article]:
    """The built-in library: invented stories that exercise every pane."""
    from importlib import resources

    from ..formats.markdown import article_from_markdown

    folder = resources.files("feeds.samples")
    articles = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md"):
            articles.append(article_from_markdown(entry.read_text(encoding="utf-8"), f"sample:{entry.name}"))
    articles.sort(key=lambda a: a.published.timestamp() if a.published else 0, reverse=True)
    return articles


def articles_from_feed(parsed: "ParsedFeed", origin: str) -> list[Article]:
    """A feed's entries as articles, without storing anything."""
    return [
        Article(title=e.title, text=e.text or e.title, byline=e.author, source=parsed.title or None,
                published=e.published or e.updated, url=e.link, origin=origin,
                links=e.links, enclosures=e.enclosures)
        for e in parsed.entries
    ]
