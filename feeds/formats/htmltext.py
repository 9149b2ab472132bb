"""Entry HTML → plain text with paragraphs, safe for a terminal.

Feed entries carry HTML written by strangers. What the reader shows is plain
text that keeps the shape of the page: block elements become paragraphs
separated by a blank line, ``<br>`` becomes a line break, list items become
``• item`` (or ``1. item``) lines, block quotes are indented with a bar
(``  │ ``), ``<pre>`` keeps its indentation, table cells are separated by
`` | ``, images become ``[image: alt]`` placeholders, and links are numbered
in the text (``the report[3]``) when the caller asks for them (the numbered
URLs go to a list it passes; :func:`links_footer` writes them out). Nothing
that a browser would not show as text survives (script, style, template, SVG,
MathML, iframes, noscript, the document head, comments).

The HTML is parsed by libxml2's HTML parser (through lxml): it is written in C,
follows the HTML5 tokenizer, never fetches anything (``no_network``), caps the
tree depth at 256 (a 100k-deep ``<div>`` bomb is cut there, not recursed into)
and runs in linear time. The tree is walked with ``iterwalk``, which is
iterative, so no Python recursion is involved. Comments are removed by a
linear pre-pass with the SGML-era rule feedparser uses (a comment that is never
closed with ``-->`` ends at the next ``>``), so ``sa<!-- -- x >fe`` reads
``safe`` rather than swallowing the rest of the entry.

Entities are decoded by the parser, and the result is passed through
:func:`~feeds.core.sanitize.sanitize_text` afterwards, so an entity-encoded escape
(``&#27;[31m``) can never reach the terminal.
"""

from __future__ import annotations

import html as _html
import re
import threading
from urllib.parse import urljoin, urlsplit

from ..core.sanitize import sanitize_display, sanitize_line

# sanitize_display is sanitize_text with a fast "already clean?" check in front
# (same result on every input); bodies are large, so the check pays.
sanitize_text = sanitize_display

__all__ = ["html_to_text", "text_to_paragraphs", "inline_text", "links_footer", "link_target", "mask_markers",
           "MAX_TEXT_CHARS", "MAX_LINKS"]

#: Plain text kept per entry (I4: extracted article text ≤ 2 MB).
MAX_TEXT_CHARS = 2_000_000

# Elements whose content is never text for a reader.
_SKIP = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "noscript", "head", "title",
    "object", "embed", "applet", "canvas", "audio", "video", "select", "button",
    "frameset", "frame", "noembed", "noframes", "param", "source", "track", "datalist",
})
# Elements that start and end a paragraph.
_BLOCK = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "main",
    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "figure", "figcaption",
    "address", "details", "summary", "center", "form", "fieldset", "legend", "hr",
    "caption", "body", "html", "dl", "hgroup", "menu", "dir", "listing", "xmp", "plaintext",
})
_LIST = frozenset({"ul", "ol", "menu", "dir"})
_LINE = frozenset({"tr", "dt", "dd", "thead", "tbody", "tfoot", "option", "optgroup"})
_CELL = frozenset({"td", "th"})

(_A_SKIP, _A_BLOCK, _A_LIST, _A_LI, _A_BR, _A_LINE, _A_CELL, _A_PRE, _OTHER, _A_QUOTE, _A_IMG,
 _A_LINK) = range(1, 13)
_ACTIONS: dict[str, int] = {}
for _names, _code in ((_BLOCK, _A_BLOCK), (_LIST, _A_LIST), (_LINE, _A_LINE), (_CELL, _A_CELL),
                      ({"li"}, _A_LI), ({"br"}, _A_BR), ({"pre"}, _A_PRE), (_SKIP, _A_SKIP),
                      ({"blockquote"}, _A_QUOTE), ({"img"}, _A_IMG), ({"a"}, _A_LINK)):
    for _name in _names:
        _ACTIONS[_name] = _code
del _names, _code, _name

#: Nested lists and quotes are indented by at most this many steps.
MAX_INDENT = 8
#: Links numbered per entry; later ones stay plain text (an entry of 10,000
#: links would otherwise end in a list longer than the article).
MAX_LINKS = 200
#: Longest link kept (like the feed's own links); a cut URL would be a wrong one.
MAX_LINK_CHARS = 4_000
#: Alt text kept per image placeholder.
MAX_ALT_CHARS = 200
#: What a block quote's lines start with, per level.
QUOTE_BAR = "  │ "
#: The heading of the numbered link list at the end of an entry's text.
LINKS_HEADING = "Links:"
#: Tree events walked at most (an element-count bomb is cut here, about 1 s of work).
MAX_EVENTS = 300_000

# Characters libxml2 cannot take, or that must not be decoded into text.
_RAW_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Numeric references to C0 controls, NUL, surrogates and non-characters.
# HTML allows the final ';' to be missing.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));?")
_WS = re.compile(r"\s+")
_PRE_BLANKS = re.compile(r"\n(?:[ \t]*\n)+")
_BR_RUN = re.compile(r"(?:<br\s*/?>\s*){3,}", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_SPACES = re.compile(r"[^\S\n]+")

# A line sanitize_line leaves unchanged: no controls, no bidi/invisible
# characters, no white space other than single inner spaces. Runs of the
# character class, one space between them: the language of "(?:C ?)*C", read
# without a backtracking step per character (2-4x faster on titles).
_CLEAN_CHAR = ("[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f"
               "\u3000\ufeff\ud800-\udfff\\s]")
_CLEAN_LINE = re.compile(f"{_CLEAN_CHAR}+(?: {_CLEAN_CHAR}+)*")

_local = threading.local()


def _parser():
    parser = getattr(_local, "parser", None)
    if parser is None:
        from lxml import etree  # lazy: lxml is only needed once HTML is seen

        parser = etree.HTMLParser(
            encoding="utf-8",
            recover=True,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=False,
            collect_ids=False,
            default_doctype=False,
            compact=True,
            huge_tree=False,
        )
        _local.parser = parser
    return parser


def _char_ref(m: re.Match[str]) -> str:
    try:
        cp = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
    except ValueError:
        return ""
    if cp in (0x9, 0xA, 0xD) or (0x20 <= cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF
                                 and cp not in (0xFFFE, 0xFFFF) and cp != 0x7F):
        return m.group(0)
    return ""


def _strip_comments(html: str) -> str:
    """Remove ``<!-- … -->``; an unclosed comment ends at the next ``>``. Linear."""
    if "<!--" not in html:
        return html
    out: list[str] = []
    pos = 0
    closes = True  # once no '-->' is left, every later search would fail too
    n = len(html)
    while pos < n:
        start = html.find("<!--", pos)
        if start < 0:
            break
        out.append(html[pos:start])
        body = start + 4
        if html.startswith(">", body):
            pos = body + 1
            continue
        if html.startswith("->", body):
            pos = body + 2
            continue
        end = html.find("-->", body) if closes else -1
        if end >= 0:
            pos = end + 3
            continue
        closes = False
        gt = html.find(">", body)
        pos = n if gt < 0 else gt + 1
    out.append(html[pos:])
    return "".join(out)


def text_to_paragraphs(text: str, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Plain text → paragraphs separated by ``"\\n\\n"``, spaces collapsed, sanitised."""
    if not text:
        return ""
    text = sanitize_text(text[: max_chars * 2])
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paragraphs.append(block)
    return _bounded("\n\n".join(paragraphs), max_chars)


def _bounded(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text.rfind("\n\n", 0, max_chars)
    if cut < max_chars // 2:
        cut = max_chars - 1
    return text[:cut].rstrip() + "…"


class _Builder:
    """Collects text into lines and paragraphs while the tree is walked."""

    __slots__ = ("paras", "lines", "cur", "prefix", "size", "pre", "limit", "quote", "cells")

    def __init__(self, limit: int) -> None:
        self.paras: list[str] = []
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.prefix = ""
        self.size = 0
        self.pre = 0
        self.limit = limit
        #: Block quotes open around the current text (each adds a bar).
        self.quote = 0
        #: Table cells already on the current line (the next one gets a separator).
        self.cells = 0

    def text(self, s: str) -> None:
        self.cur.append(s)
        self.size += len(s)

    def bar(self) -> str:
        return QUOTE_BAR * min(self.quote, MAX_INDENT)

    def line(self) -> None:
        self.cells = 0
        if self.pre:
            self.cur.append("\n")
            return
        if not self.cur:
            return
        text = " ".join("".join(self.cur).split())
        self.cur.clear()
        if text:
            self.lines.append(self.bar() + self.prefix + text)
            if self.prefix:
                self.prefix = " " * len(self.prefix)

    def br(self) -> None:
        if self.pre:
            self.cur.append("\n")
            return
        had_text = bool(self.cur) and bool("".join(self.cur).strip())
        self.line()
        if not had_text and self.lines:
            self.para()  # <br><br>: a paragraph break

    def para(self) -> None:
        if self.pre:
            self.cur.append("\n")
            return
        self.line()
        if self.lines:
            self.paras.append("\n".join(self.lines))
            self.lines.clear()

    def end_pre(self) -> None:
        raw = "".join(self.cur)
        self.cur.clear()
        lines = [line.rstrip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            self.line()
            if self.lines:
                self.paras.append("\n".join(self.lines))
                self.lines.clear()
            # Runs of blank lines inside a <pre> become one paragraph break.
            block = _PRE_BLANKS.sub("\n\n", "\n".join(lines))
            bar = self.bar()
            if bar:
                block = "\n".join(bar + line if line else line for line in block.split("\n"))
            self.paras.append(block)

    def result(self) -> str:
        self.para()
        return "\n\n".join(self.paras)


class _Links:
    """Numbers the links of one entry: each distinct URL once, at most :data:`MAX_LINKS`."""

    __slots__ = ("base", "urls", "numbers")

    def __init__(self, base: str | None, urls: list[str]) -> None:
        self.base = base
        self.urls = urls
        self.numbers = {url: i for i, url in enumerate(urls, 1)}

    def number(self, href: str | None) -> int | None:
        url = link_target(href, self.base)
        if url is None:
            return None
        n = self.numbers.get(url)
        if n is None and len(self.urls) < MAX_LINKS:
            self.urls.append(url)
            n = self.numbers[url] = len(self.urls)
        return n


_PLAIN_URL = re.compile(r"[!-~]{1,%d}" % MAX_LINK_CHARS)  # printable ASCII, no spaces
_MAILTO = re.compile(r"mailto:[^\s<>\"'\\]{1,500}", re.IGNORECASE)


def link_target(href: object, base: str | None = None) -> str | None:
    """An ``<a href>`` worth numbering: an absolute http(s) URL (resolved against
    ``base``) or a ``mailto:``, sanitised and bounded; else ``None`` (fragments,
    ``javascript:``, ``data:`` and the rest are not links a reader can follow)."""
    if not isinstance(href, str):
        return None
    raw = href.strip()
    if not _PLAIN_URL.fullmatch(raw):  # the common case needs no cleaning
        raw = sanitize_line(href[: MAX_LINK_CHARS * 2], limit=None)
    if not raw or raw.startswith("#"):
        return None
    if raw[:7].lower() == "mailto:":
        return raw if _MAILTO.fullmatch(raw) else None
    try:
        absolute = raw[:8].lower().startswith(("http://", "https://"))
        url = urljoin(base, raw) if base and not absolute else raw
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    url = url.replace(" ", "%20")
    return url if len(url) <= MAX_LINK_CHARS else None


def _image(el) -> str | None:
    """``[image: alt]`` / ``[image]``; ``None`` for a tracking pixel (1×1, 0×0)."""
    for dim in ("width", "height"):
        value = (el.get(dim) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= 2:
            return None
    alt = sanitize_line(el.get("alt") or "", limit=MAX_ALT_CHARS)
    alt = " ".join(alt.replace("[", "(").replace("]", ")").split())  # brackets would end the placeholder
    return f" [image: {alt}] " if alt else " [image] "


def links_footer(links: list[str]) -> str:
    """The list that ends an entry's text: ``Links:`` then ``[n] URL`` one per line ('' for none)."""
    if not links:
        return ""
    return "\n".join([LINKS_HEADING, *(f"[{i}] {url}" for i, url in enumerate(links, 1))])


# The markers html_to_text writes, which are not prose: "[3]" after a link,
# "[image]" / "[image: alt]", and the link list that ends an entry.
_MARKERS = re.compile(r"\[\d{1,4}\]|\[image(?:: [^\]\n]{0,%d})?\]" % MAX_ALT_CHARS)
_FOOTER = re.compile(r"(?:\A|\n\n)%s\n(?:\[\d{1,4}\] [^\n]+\n?)+\Z" % LINKS_HEADING)


def mask_markers(text: str) -> str:
    """``text`` with link markers, image placeholders and the final link list
    blanked out, character for character (so offsets into it stay valid):
    the analyser must not read ``[3]`` as a figure or URLs as prose."""
    if "[" not in text:
        return text
    tail = text[-(MAX_LINKS * (MAX_LINK_CHARS + 8) + 16):]
    footer = _FOOTER.search(tail)
    if footer is not None:
        start = len(text) - len(tail) + footer.start()
        text = text[:start] + _blank(text[start:])
    return _MARKERS.sub(lambda m: " " * len(m.group(0)), text)


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def html_to_text(html: str, *, max_chars: int = MAX_TEXT_CHARS, links: list[str] | None = None,
                 base: str | None = None) -> str:
    """Block elements → paragraphs, ``<br>`` → line break, lists → ``• item`` lines.

    No script/style/template/svg/math/iframe/noscript text, no comments;
    entities decoded, then sanitised. Linear time, no recursion, at most
    ``max_chars`` characters out. With ``links`` (a list, usually empty),
    each followable link gets a ``[n]`` marker after its text and its URL
    (resolved against ``base``) is appended to ``links`` as number ``n``.
    """
    if not html:
        return ""
    if not isinstance(html, str):
        html = str(html)
    # More input than this cannot be needed for max_chars of text.
    html = html[: max(4 * max_chars, 65536)]
    if "<" not in html:
        if "&" in html:
            html = _html.unescape(html)  # HTML5 rules: &#27; and &#0; become nothing or U+FFFD
        return text_to_paragraphs(html, max_chars=max_chars)
    # Whole escape sequences go before parsing (so no "[2J" is left behind),
    # and once more after entities are decoded.
    html = _RAW_CONTROLS.sub("", sanitize_text(html))
    if "<br" in html or "<BR" in html:
        html = _BR_RUN.sub("<br><br>", html)
    if "&#" in html:
        html = _CHAR_REF.sub(_char_ref, html)
    html = _strip_comments(html)
    if not html.strip():
        return ""

    from lxml import etree

    try:
        root = etree.fromstring(html.encode("utf-8", "replace"), _parser())
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        return ""
    return _bounded(sanitize_text(_walk(etree.iterwalk(root, events=("start", "end")), max_chars,
                                        _Links(base, links) if links is not None else None)), max_chars)


def _walk(walker, max_chars: int, numbering: _Links | None) -> str:
    """The tree events → text (see :func:`html_to_text`)."""
    out = _Builder(max_chars)
    # One entry per open list: the next item's number, or -1 for a bulleted list.
    lists: list[int] = []
    anchors: list[int | None] = []
    events = 0
    actions = _ACTIONS
    for event, el in walker:
        events += 1
        if events > MAX_EVENTS:
            break
        action = actions.get(el.tag) if isinstance(el.tag, str) else _OTHER
        if event == "start":
            if action is None:  # inline element: the common case
                if el.text:
                    out.text(el.text)
                continue
            if action == _A_SKIP:
                walker.skip_subtree()
                continue
            if action == _A_BLOCK:
                out.para()
            elif action == _A_LINK:
                anchors.append(numbering.number(el.get("href")) if numbering is not None else None)
            elif action == _A_IMG:
                placeholder = _image(el)
                if placeholder:
                    out.text(placeholder)
            elif action == _A_QUOTE:
                out.para()
                out.quote += 1
            elif action == _A_LIST:
                if lists:
                    out.line()
                else:
                    out.para()
                lists.append(_list_start(el) if el.tag == "ol" else -1)
            elif action == _A_LI:
                out.line()
                number = lists[-1] if lists else -1
                marker = "• " if number < 0 else f"{number}. "
                if number >= 0:
                    lists[-1] += 1
                out.prefix = "  " * min(max(0, len(lists) - 1), MAX_INDENT) + marker
            elif action == _A_BR:
                out.br()
            elif action == _A_LINE:
                out.line()
            elif action == _A_CELL:
                if out.cells:
                    out.text(" | ")
                out.cells += 1
            elif action == _A_PRE:
                out.para()
                out.pre += 1
            elif action == _OTHER:  # a comment or PI the parser kept: no text of its own
                continue
            if el.text:
                out.text(el.text)
        else:
            if action is None or action == _A_SKIP or action == _OTHER or action == _A_BR or action == _A_IMG:
                pass
            elif action == _A_BLOCK:
                out.para()
            elif action == _A_LINK:
                number = anchors.pop() if anchors else None
                if number is not None:
                    out.text(f"[{number}]")
            elif action == _A_QUOTE:
                out.para()
                out.quote = max(0, out.quote - 1)
            elif action == _A_LIST:
                if lists:
                    lists.pop()
                if lists:
                    out.line()
                else:
                    out.para()
            elif action == _A_LI or action == _A_LINE:
                out.line()
                out.prefix = ""
            elif action == _A_CELL:
                out.text(" ")
            elif action == _A_PRE:
                out.pre = max(0, out.pre - 1)
                if not out.pre:
                    out.end_pre()
            if el.tail:
                out.text(el.tail)
        if out.size > max_chars:
            break
    return out.result()


def _list_start(el) -> int:
    """An ordered list's first number (``<ol start="5">``), within reason."""
    value = (el.get("start") or "").strip()
    if value.isdigit() and len(value) <= 6:
        return int(value)
    return 1


def inline_text(value: str, *, limit: int = 2000) -> str:
    """A one-line field that may hold HTML or entities (a title) → one sanitised line."""
    if not value:
        return ""
    value = value[: max(8 * limit, 65536)]
    if "<" in value:
        value = html_to_text(value, max_chars=max(4 * limit, 8192))
    elif "&" in value:
        value = _html.unescape(value)
    elif len(value) <= limit and _CLEAN_LINE.fullmatch(value):
        return value  # what sanitize_line would return
    return sanitize_line(value, limit=limit)
