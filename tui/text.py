"""The display boundary: the only way text from outside becomes something shown.

Widgets never receive a ``str`` that came from a feed, page or file: Textual
parses markup in plain strings (``[@click=app.quit]`` becomes a live action and
``[/`` crashes the app), and escaping is not enough (Textual #6155). Instead the
text is passed through :func:`feeds.core.sanitize.sanitize_display` and wrapped in a
:class:`~textual.content.Content`, which never parses markup.
"""

from __future__ import annotations

from textual.content import Content

from feeds.core.sanitize import sanitize_display, sanitize_line

__all__ = ["plain", "line", "styled", "assemble", "cut_words"]


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


def cut_words(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, cut at a word boundary with … (a name, never half a word).

    A first word longer than the width is cut inside it (there is no better place).
    """
    from rich.cells import cell_len, set_cell_size

    text = sanitize_line(text or "", limit=400)
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = set_cell_size(text, width - 1)
    cut = head.rstrip()
    if " " in cut and not text[len(head):len(head) + 1].isspace():
        cut = cut[: cut.rfind(" ")].rstrip(" ,;:-–—·")
    return cut + "…"
