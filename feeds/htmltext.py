"""Entry HTML → plain text with paragraphs, safe for a terminal.

Feed entries carry HTML written by strangers. What the reader shows is plain
text: block elements become paragraphs separated by a blank line, ``<br>``
becomes a line break, list items become ``• item`` lines, and nothing that a
browser would not show as text survives (script, style, template, SVG, MathML,
iframes, noscript, the document head, comments).

The HTML is parsed by libxml2's HTML parser (through lxml): it is written in C,
follows the HTML5 tokenizer, never fetches anything (``no_network``), caps the
tree depth at 256 (a 100k-deep ``<div>`` bomb is cut there, not recursed into)
and runs in linear time. The tree is walked with ``iterwalk``, which is
iterative, so no Python recursion is involved. Comments are removed by a
linear pre-pass with the SGML-era rule feedparser uses (a comment that is never
closed with ``-->`` ends at the next ``>``), so ``sa<!-- -- x >fe`` reads
``safe`` rather than swallowing the rest of the entry.

Entities are decoded by the parser, and the result is passed through
:func:`~feeds.sanitize.sanitize_text` afterwards, so an entity-encoded escape
(``&#27;[31m``) can never reach the terminal.
"""

from __future__ import annotations

import html as _html
import re
import threading

from .sanitize import sanitize_display, sanitize_line

# sanitize_display is sanitize_text with a fast "already clean?" check in front
# (same result on every input); bodies are large, so the check pays.
sanitize_text = sanitize_display

__all__ = ["html_to_text", "text_to_paragraphs", "inline_text", "MAX_TEXT_CHARS"]

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

(_A_SKIP, _A_BLOCK, _A_LIST, _A_LI, _A_BR, _A_LINE, _A_CELL, _A_PRE, _OTHER) = range(1, 10)
_ACTIONS: dict[str, int] = {}
for _names, _code in ((_BLOCK, _A_BLOCK), (_LIST, _A_LIST), (_LINE, _A_LINE), (_CELL, _A_CELL),
                      ({"li"}, _A_LI), ({"br"}, _A_BR), ({"pre"}, _A_PRE), (_SKIP, _A_SKIP)):
    for _name in _names:
        _ACTIONS[_name] = _code
del _names, _code, _name

#: Nested lists are indented by at most this many steps.
MAX_INDENT = 8
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
# characters, no white space other than single inner spaces.
_CLEAN_LINE = re.compile(
    "(?:[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    "\u3000\ufeff\ud800-\udfff\\s] ?)*[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f"
    "\u2028-\u202f\u205f-\u206f\u3000\ufeff\ud800-\udfff\\s]"
)

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

    __slots__ = ("paras", "lines", "cur", "prefix", "size", "pre", "limit")

    def __init__(self, limit: int) -> None:
        self.paras: list[str] = []
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.prefix = ""
        self.size = 0
        self.pre = 0
        self.limit = limit

    def text(self, s: str) -> None:
        self.cur.append(s)
        self.size += len(s)

    def line(self) -> None:
        if self.pre:
            self.cur.append("\n")
            return
        if not self.cur:
            return
        text = " ".join("".join(self.cur).split())
        self.cur.clear()
        if text:
            self.lines.append(self.prefix + text)
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
            self.paras.append(_PRE_BLANKS.sub("\n\n", "\n".join(lines)))

    def result(self) -> str:
        self.para()
        return "\n\n".join(self.paras)


def html_to_text(html: str, *, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Block elements → paragraphs, ``<br>`` → line break, lists → ``• item`` lines.

    No script/style/template/svg/math/iframe/noscript text, no comments;
    entities decoded, then sanitised. Linear time, no recursion, at most
    ``max_chars`` characters out.
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

    out = _Builder(max_chars)
    list_depth = 0
    events = 0
    actions = _ACTIONS
    walker = etree.iterwalk(root, events=("start", "end"))
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
            elif action == _A_LIST:
                if list_depth:
                    out.line()
                else:
                    out.para()
                list_depth += 1
            elif action == _A_LI:
                out.line()
                out.prefix = "  " * min(max(0, list_depth - 1), MAX_INDENT) + "• "
            elif action == _A_BR:
                out.br()
            elif action == _A_LINE:
                out.line()
            elif action == _A_PRE:
                out.para()
                out.pre += 1
            elif action == _OTHER:  # a comment or PI the parser kept: no text of its own
                continue
            if el.text:
                out.text(el.text)
        else:
            if action is None or action == _A_SKIP or action == _OTHER or action == _A_BR:
                pass
            elif action == _A_BLOCK:
                out.para()
            elif action == _A_LIST:
                list_depth = max(0, list_depth - 1)
                if list_depth:
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
    return _bounded(sanitize_text(out.result()), max_chars)


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
