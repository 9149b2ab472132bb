"""OPML subscription lists: import (:func:`parse_opml`) and export (:func:`write_opml`).

Import runs the same pre-parse guard as feeds (:mod:`feeds.formats.xmlguard`: size cap,
RFC 3023 decoding, DOCTYPE/entity policy), then reads the document with expat's
event API: no tree is built, nothing recurses, so 100k outlines or outlines
nested 10k deep cost time and memory in proportion to the file. Only http(s)
``xmlUrl`` values are kept; anything else (``|rm -rf ~``, ``file:///etc/passwd``,
``javascript:``) is skipped with a one-line report. Addresses that are private,
loopback or link-local (``http://169.254.169.254/``) are kept — the user chose
to import them — and flagged in the report; the fetcher refuses content-derived
moves into private networks (I5).

Folders: a feed's ``folder`` is the path of the enclosing outlines that are not
feeds themselves, joined with ``/`` (a ``/`` inside a folder name becomes
``∕`` so the path splits back exactly). :func:`write_opml` writes those folders
as nested outlines, so import → export → import gives the same feeds and
folders.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Iterable
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..core.errors import FeedError
from ..core.sanitize import sanitize_line
from .xmlguard import MAX_FEED_BYTES, prepare_xml

__all__ = ["OpmlFeed", "OpmlRead", "Skipped", "read_opml", "parse_opml", "write_opml", "MAX_OPML_FEEDS"]

#: Feeds imported from one file at most.
MAX_OPML_FEEDS = 10_000
#: Distinct feed outlines examined at most (valid or not).
MAX_OPML_OUTLINES = 20_000
#: Problem lines reported at most (the rest are counted).
MAX_PROBLEMS = 200
#: Longest folder path kept.
MAX_FOLDER_CHARS = 1_000
_FOLDER_SEP = "/"
_FOLDER_SEP_IN_NAME = "\u2215"  # DIVISION SLASH


@dataclass
class OpmlFeed:
    url: str
    title: str | None
    folder: str | None


@dataclass
class Skipped:
    """A feed outline that was not imported: ``reason`` is its class, ``label`` names the outline."""

    reason: str
    label: str
    detail: str = ""


@dataclass
class OpmlRead:
    """Everything an import has to report, so its summary adds up.

    Every outline with a feed URL is in ``feeds`` or in ``skipped``; ``private``
    names the feeds (kept) whose host is a private or local address.
    """

    feeds: list[OpmlFeed]
    skipped: list[Skipped]
    private: list[str]
    notes: list[str]
    problems: list[str]

    @property
    def outlines(self) -> int:
        """Outlines that name a feed URL (imported or not)."""
        return len(self.feeds) + len(self.skipped)


#: Reason classes of :class:`Skipped`.
SKIP_SCHEME = "unsupported scheme"
SKIP_NOT_URL = "not an http(s) URL"
SKIP_CONTROL = "control or bidi characters in the URL"
SKIP_DUPLICATE = "listed twice in the file"
SKIP_LIMIT = f"over the limit of {MAX_OPML_FEEDS:,} feeds per file"


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, line: str) -> None:
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(sanitize_line(line, limit=300))
        else:
            self.dropped += 1

    def result(self) -> list[str]:
        if self.dropped:
            return self.lines + [f"… and {self.dropped} more problems"]
        return self.lines


def _private_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return not ip.is_global


def _label(text: str) -> str:
    return sanitize_line(text, limit=60) or "(no name)"


def parse_opml(data: bytes) -> tuple[list[OpmlFeed], list[str]]:
    """Feeds in an OPML document, and one-line problems (see :func:`read_opml`)."""
    read = read_opml(data)
    return read.feeds, read.problems


def read_opml(data: bytes) -> OpmlRead:
    """Feeds in an OPML document, what was skipped and why, and one-line problems.

    Raises ``FeedError`` ("too-large", "policy" or "parse") when the document
    itself is unusable: too big, entity tricks, not XML, not OPML.
    """
    from .feedparse import safe_http_url
    from ..core.sizes import too_large
    from ..core.urls import url_problem

    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    if len(data) > MAX_FEED_BYTES:
        raise FeedError("too-large", f"OPML file {too_large(len(data), MAX_FEED_BYTES)}")
    if not data.strip():
        raise FeedError("parse", "not an OPML document: the file is empty")
    prepared = prepare_xml(data, content_type="application/xml")
    if prepared.root is None:
        raise FeedError("parse", "not an OPML document: no XML element found")
    if prepared.root != "opml":
        if prepared.root in ("rss", "feed", "rdf"):
            raise FeedError("parse", "this is a feed, not an OPML subscription list (subscribe to it instead)")
        raise FeedError("parse", f"not an OPML document (root element <{sanitize_line(prepared.root, limit=40)}>)")

    import xml.parsers.expat as expat

    feeds: list[OpmlFeed] = []
    skipped: list[Skipped] = []
    private: list[str] = []
    problems = _Problems()
    # One entry per open element: the folder path it opens (None if it opens none).
    paths: list[str | None] = []
    current: list[str | None] = [None]  # folder path in effect
    seen: set[str] = set()
    seen_raw: set[str] = set()
    state = {"outlines": 0, "capped": False, "root_ok": False, "depth": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1].lower()
        state["depth"] += 1
        if local != "outline":
            paths.append(None)
            return
        state["outlines"] += 1
        lower = {k.lower(): v for k, v in attrs.items()}
        text = lower.get("text") or lower.get("title") or ""
        xml_url = (lower.get("xmlurl") or "").strip()
        if not xml_url and (lower.get("type") or "").lower() in ("rss", "atom", "feed") and lower.get("url"):
            xml_url = lower["url"].strip()
        if xml_url:
            paths.append(None)  # a feed outline is never a folder
            _feed(xml_url, text, lower.get("title") or "")
            return
        name_clean = sanitize_line(text, limit=200).replace(_FOLDER_SEP, _FOLDER_SEP_IN_NAME)
        if not name_clean:
            paths.append(None)
            return
        parent = current[-1]
        path = name_clean if parent is None else parent + _FOLDER_SEP + name_clean
        if len(path) > MAX_FOLDER_CHARS:
            path = parent if parent is not None else name_clean[:MAX_FOLDER_CHARS]
        paths.append(path)
        current.append(path)

    def end(name: str) -> None:
        state["depth"] -= 1
        if paths and paths.pop() is not None:
            current.pop()

    def _feed(xml_url: str, text: str, title_attr: str) -> None:
        label = _label(text or xml_url)
        if xml_url in seen_raw:
            skipped.append(Skipped(SKIP_DUPLICATE, label))
            return
        if len(feeds) >= MAX_OPML_FEEDS or len(seen_raw) >= MAX_OPML_OUTLINES:
            skipped.append(Skipped(SKIP_LIMIT, label))
            if not state["capped"]:
                state["capped"] = True
                problems.add(f"only the first {len(feeds)} feeds were imported (the file lists more)")
            return
        seen_raw.add(xml_url)
        if url_problem(xml_url):
            skipped.append(Skipped(SKIP_CONTROL, label))
            problems.add(f"skipped outline '{label}': {url_problem(xml_url)}")
            return
        url = safe_http_url(xml_url)
        if url is None:
            raw = sanitize_line(xml_url, limit=80)
            scheme = urlsplit(raw).scheme if ":" in raw else ""
            if scheme and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum():
                skipped.append(Skipped(SKIP_SCHEME, label, f"{scheme.lower()}:"))
                problems.add(f"skipped outline '{label}': unsupported scheme {scheme.lower()}:")
            else:
                skipped.append(Skipped(SKIP_NOT_URL, label))
                problems.add(f"skipped outline '{label}': not an http(s) URL: {raw}")
            return
        if url in seen:
            skipped.append(Skipped(SKIP_DUPLICATE, label))
            return
        seen.add(url)
        host = urlsplit(url).hostname or ""
        if _private_host(host):
            private.append(host)
            problems.add(f"kept outline '{label}': {host} is a private or local address")
        title = sanitize_line(text, limit=300) or sanitize_line(title_attr, limit=300) or None
        if title == url:
            title = None
        feeds.append(OpmlFeed(url=url, title=title, folder=current[-1]))

    notes: list[str] = []
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end

    def no_entities(*_args: object) -> None:
        raise FeedError("policy", "OPML file uses XML entity expansion (refused)")

    parser.EntityDeclHandler = no_entities
    parser.ExternalEntityRefHandler = no_entities  # type: ignore[assignment]
    try:
        parser.Parse(prepared.xml, True)
    except expat.ExpatError as exc:
        where = f"line {exc.lineno}" if getattr(exc, "lineno", None) else "somewhere"
        if not feeds:
            raise FeedError("parse", f"not a valid OPML document ({expat.ErrorString(exc.code)} at {where})") from None
        note = f"the OPML file is not well-formed ({expat.ErrorString(exc.code)} at {where}); the rest was skipped"
        problems.add(note)
        notes.append(note)
    return OpmlRead(feeds=feeds, skipped=skipped, private=private, notes=notes, problems=problems.result())


def _xml_text(value: str, limit: int = 2000) -> str:
    """One line of text that is valid in XML and safe on a terminal (A12)."""
    value = sanitize_line(value or "", limit=limit)
    return value.replace("\ufffe", "").replace("\uffff", "")


def write_opml(feeds: Iterable[OpmlFeed], *, title: str = "newsreader subscriptions") -> str:
    """OPML 2.0 with folders as nested outlines (escaped, no control characters).

    Within each folder, feeds and sub-folders keep the order in which they
    first appear in ``feeds``.
    """
    # folder path → its children in first-seen order: ("feed", OpmlFeed) or ("folder", path)
    tree: dict[str | None, list[tuple[str, object]]] = {None: []}
    for feed in feeds:
        parts = [p for p in (feed.folder or "").split(_FOLDER_SEP) if _xml_text(p, 200)]
        parent: str | None = None
        for part in parts:
            path = part if parent is None else parent + _FOLDER_SEP + part
            if path not in tree:
                tree[path] = []
                tree[parent].append(("folder", path))
            parent = path
        tree[parent].append(("feed", feed))

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        f"    <title>{escape(_xml_text(title, 300))}</title>",
        f"    <dateCreated>{format_datetime(datetime.now(timezone.utc), usegmt=True)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    # Iterative walk, since folders may nest deeply: (kind, payload, depth)
    stack: list[tuple[str, object, int]] = [("children", None, 2)]
    while stack:
        kind, payload, depth = stack.pop()
        pad = "  " * depth
        if kind == "close":
            lines.append(pad + "</outline>")
        elif kind == "feed":
            feed = payload
            assert isinstance(feed, OpmlFeed)
            url = _xml_text(feed.url, 4000)
            name = _xml_text(feed.title or "", 300)
            attrs = f"type=\"rss\" text={quoteattr(name or url)}"
            if name:
                attrs += f" title={quoteattr(name)}"
            lines.append(f"{pad}<outline {attrs} xmlUrl={quoteattr(url)}/>")
        elif kind == "folder":
            path = payload
            assert isinstance(path, str)
            name = _xml_text(path.rsplit(_FOLDER_SEP, 1)[-1], 200)
            lines.append(f"{pad}<outline text={quoteattr(name)} title={quoteattr(name)}>")
            stack.append(("close", None, depth))
            stack.append(("children", path, depth + 1))
        else:  # children of a folder (or of the body)
            for child_kind, child in reversed(tree[payload]):  # type: ignore[index]
                stack.append((child_kind, child, depth))
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
