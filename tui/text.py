"""The display boundary: the only way text from outside becomes something shown.

Widgets never receive a ``str`` that came from a feed, page or file: Textual
parses markup in plain strings (``[@click=app.quit]`` becomes a live action and
``[/`` crashes the app), and escaping is not enough (Textual #6155). Instead the
text is passed through :func:`feeds.sanitize.sanitize_display` and wrapped in a
:class:`~textual.content.Content`, which never parses markup.
"""

from __future__ import annotations

from textual.content import Content

from feeds.sanitize import sanitize_display, sanitize_line

__all__ = ["plain", "line", "styled", "assemble"]


def plain(text: str | None) -> Content:
    """Untrusted multi-line text as inert content."""
    return Content(sanitize_display(text or ""))


def line(text: str | None, limit: int = 500) -> Content:
    """Untrusted one-line text (a title, a name), flattened and bounded."""
    return Content(sanitize_line(text or "", limit=limit))


def styled(text: str | None, style: str, limit: int | None = 500) -> Content:
    """Untrusted text with a style of ours applied to the whole of it."""
    body = sanitize_line(text or "", limit=limit) if limit else sanitize_display(text or "")
    return Content(body).stylize(style) if body else Content("")


def assemble(*parts: Content | str | tuple[str, str]) -> Content:
    """Join pieces; plain ``str`` parts must be our own constants, never data."""
    return Content.assemble(*parts)
