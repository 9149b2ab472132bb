"""Saving an article to a file the user can keep (J1–J3).

The file name comes from the article's title, which a stranger wrote: it is
reduced to one safe path component (no separators, no ``..``, no leading dot
or dash, no control or bidi characters, no Windows device names), bounded in
length, and given a fixed extension. The target must resolve inside the save
directory (a symlink there cannot redirect the write), an existing file is
never overwritten unless asked, and the write is atomic.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .core.dates import format_date
from .core.errors import NewsreaderError
from .core.model import Article
from .core.sanitize import sanitize_line

__all__ = ["safe_filename", "article_as_text", "save_article", "SaveError"]

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
MAX_NAME_BYTES = 120  # well under every filesystem's 255-byte limit, extension included


class SaveError(NewsreaderError):
    """Saving failed; ``str()`` is one line."""


def safe_filename(title: str, extension: str = ".txt") -> str:
    """One safe file name from an untrusted title."""
    name = unicodedata.normalize("NFC", sanitize_line(title or "", limit=500))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    name = re.sub(r"-{2,}", "-", name)
    stem = name.split(".")[0].strip().lower()
    if not name or stem in _RESERVED:
        name = f"article-{name}" if name else "article"
    budget = MAX_NAME_BYTES - len(extension.encode())
    encoded = name.encode("utf-8")
    if len(encoded) > budget:
        name = encoded[:budget].decode("utf-8", "ignore").rstrip(" .-")
    return name + extension


def article_as_text(article: Article) -> str:
    """The saved form: a header of metadata, then the body."""
    head = [article.title, "=" * min(len(article.title), 72)]
    for label, value in (("By", article.byline), ("Source", article.source),
                         ("Published", format_date(article.published, with_time=True)), ("Link", article.url)):
        if value:
            head.append(f"{label}: {value}")
    return "\n".join(head) + "\n\n" + article.text + "\n"


def save_article(article: Article, directory: Path, *, overwrite: bool = False) -> Path:
    """Write the article into ``directory``; returns the path written."""
    from .core.atomic import atomic_write

    try:
        directory.mkdir(parents=True, exist_ok=True)
        root = directory.resolve(strict=True)
    except OSError as exc:
        raise SaveError(f"cannot use {directory}: {exc.strerror or exc}") from None
    target = root / safe_filename(article.title)
    resolved = target.resolve()
    if resolved.parent != root or os.path.islink(target):
        raise SaveError(f"refused to write outside {root}")
    if target.exists() and not overwrite:
        raise FileExistsError(str(target))
    try:
        atomic_write(target, article_as_text(article).encode("utf-8"))
    except OSError as exc:
        raise SaveError(f"cannot write {target.name}: {exc.strerror or exc}") from None
    return target
