"""Markdown articles: front matter for metadata, the document as plain text.

Markdown is parsed with markdown-it-py (already installed with Rich, and the
CommonMark reference for Python) rather than by regular expressions, so
emphasis, links, code spans and nested lists come out as the words a reader
sees and nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.dates import parse_date
from ..core.model import Article
from .plaintext import title_from_sentence

__all__ = ["article_from_markdown", "split_front_matter"]

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")

_KEYS = {
    "title": "title", "headline": "title",
    "author": "byline", "byline": "byline", "authors": "byline", "by": "byline",
    "source": "source", "publisher": "source", "outlet": "source", "site": "source",
    "date": "published", "published": "published", "pubdate": "published",
    "url": "url", "link": "url", "canonical": "url",
}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-style ``key: value`` front matter (the common subset) and the rest."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    fields: dict[str, str] = {}
    for line in m["body"].splitlines():
        f = _FIELD.match(line.strip())
        if f:
            value = f["value"].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[f["key"].lower()] = value
    return fields, text[m.end():]


def article_from_markdown(text: str, origin: str) -> Article:
    meta, body = split_front_matter(text)
    fields: dict[str, Any] = {}
    for key, value in meta.items():
        target = _KEYS.get(key)
        if target and value and target not in fields:
            fields[target] = value
    heading, paragraphs = _render(body)
    title = fields.pop("title", None) or heading
    if not paragraphs and not title:
        raise ValueError("no text")
    if not title:
        title = title_from_sentence(paragraphs[0])
    return Article(
        title=title,
        text="\n\n".join(paragraphs),
        byline=fields.get("byline"),
        source=fields.get("source"),
        published=parse_date(fields.get("published")),
        url=fields.get("url"),
        origin=origin,
    )


# Anything that could make Markdown mean more than "paragraphs of words".
_MARKDOWN_SYNTAX = re.compile(r"[*_`\\<>\[\]|#~=&]|^\s*(?:[-+]\s|\d+[.)]\s|>|\s{4})", re.MULTILINE)


def _render(source: str) -> tuple[str | None, list[str]]:
    """The first level-one heading, and every other block as a plain paragraph."""
    if not _MARKDOWN_SYNTAX.search(source):
        # Plain paragraphs (most articles): what CommonMark would give, without
        # paying ~80 ms to import the parser at start-up.
        blocks = re.split(r"\n[ \t]*\n", source)
        return None, [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(source)
    title: str | None = None
    paragraphs: list[str] = []
    prefix: list[str] = []
    pending_heading: str | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            pending_heading = tok.tag
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            prefix.append("• ")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            prefix.pop()
        elif tok.type == "inline":
            text = _inline_text(tok)
            if not text:
                continue
            if pending_heading == "h1" and title is None:
                title = text
            elif prefix and not pending_heading:
                paragraphs.append("  " * (len(prefix) - 1) + prefix[-1] + text)
            else:
                paragraphs.append(text)
        elif tok.type == "heading_close":
            pending_heading = None
        elif tok.type in ("fence", "code_block"):
            code = tok.content.rstrip("\n")
            if code:
                paragraphs.append(code)
    return title, paragraphs


def _inline_text(tok: Any) -> str:
    out: list[str] = []
    for child in tok.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            continue
    return "".join(out).strip()
