"""The article in the centre: title, a metadata line, and the highlighted body.

A Line-API widget (like Textual's Log and toolong's log view): the article is
one ``Content`` with spans for every quote, figure and source mention; it is
wrapped into line ranges once per width, and only the lines on screen are ever
rendered. A 2 MB article costs the same to draw as a short one, and the
analysis offsets (into the body) map straight onto lines, which is how
choosing a pane item scrolls to the exact line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from rich.cells import cell_len, get_character_cell_size
from textual.binding import Binding
from textual.content import Content, Span
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from feeds.core.dates import format_date
from feeds.formats.htmltext import mask_markers
from feeds.core.model import Article
from feeds.core.sanitize import sanitize_display, sanitize_line

from .rowlist import expect_scrollbar

if TYPE_CHECKING:  # imported with the analyser, after the first frame
    from feeds.analysis import Analysis

_WORD = re.compile(r"\s*\S+\s*")


def divide_line(text: str, width: int) -> list[int]:
    """Offsets where each new screen line starts when ``text`` is wrapped to ``width`` cells.

    Cell-aware (wide CJK characters take two cells), greedy word wrapping that
    folds words longer than a line, as Rich wraps ``Text``. Kept here rather
    than imported from Rich's private ``_wrap`` module, which may change in any
    release; ``tests/tui/test_wrap.py`` checks it still agrees with Rich's
    public ``Text.wrap``.
    """
    breaks: list[int] = []
    used = 0
    for m in _WORD.finditer(text):
        word = m.group()
        bare = cell_len(word.rstrip())
        if used and used + bare > width:
            breaks.append(m.start())
            used = 0
        if bare > width:  # fold a word longer than the line
            for i, ch in enumerate(word.rstrip()):
                c = get_character_cell_size(ch)
                if used and used + c > width:
                    breaks.append(m.start() + i)
                    used = 0
                used += c
            used += cell_len(word) - bare
        else:
            used += cell_len(word)
    return breaks

QUOTE_STYLE = "$text-accent italic"
FIGURE_STYLE = "bold $text-warning"
SOURCE_STYLE = "underline $text-success"
SELECTED_STYLE = "reverse"
#: Lines longer than this are hard to read: a wider view centres the text instead.
READING_WIDTH = 80
TITLE_STYLE = "bold"
META_STYLE = "dim"
#: Link markers ("[3]"), image placeholders and the link list: there, but quiet.
MARKER_STYLE = "dim"
ENCLOSURE_STYLE = "$text-secondary"
#: Enclosures listed under the metadata line at most (the rest are counted).
SHOWN_ENCLOSURES = 3


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each screen line when ``text`` is word-wrapped to ``width`` cells.

    Narrow-character lines use one regular expression (linear, in C); lines
    with wide or zero-width characters go through the cell-aware ``divide_line``.
    """
    width = max(1, width)
    ranges: list[tuple[int, int]] = []
    chunk = re.compile(r"[^\S\n]*(.{1,%d}(?=\s|\Z)|\S{1,%d})" % (width, width))
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        if not raw.strip():
            ranges.append((pos, pos))
        elif raw.isascii() or cell_len(raw) == len(raw):
            found = False
            for m in chunk.finditer(raw):
                ranges.append((pos + m.start(1), pos + m.end(1)))
                found = True
            if not found:
                ranges.append((pos, pos))
        else:
            breaks = divide_line(raw, width)
            starts = [0, *breaks]
            for a, b in zip(starts, [*breaks, len(raw)]):
                ranges.append((pos + a, pos + b))
        pos = end + 1
    return ranges


def _host(url: str | None) -> str | None:
    """The link's real host (as parsed; punycode kept, and used for hosts that mix scripts), not the whole URL."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    from feeds.core.urls import display_host

    return display_host(host).removeprefix("www.") if host else None


# Runs the masking turned into spaces (the link list keeps its line breaks).
_BLANKED = re.compile(r" {3,}(?:\n+ +)*")


def _enclosure_lines(article: Article) -> str:
    """``▶ episode.mp3 (audio/mpeg, 12.3 MB, 1:02:03) · e plays`` per enclosure, sanitised."""
    enclosures = article.enclosures
    if not enclosures:
        return ""
    lines = [f"▶ {e.describe()}" for e in enclosures[:SHOWN_ENCLOSURES]]
    lines[0] += " · e plays"
    if len(enclosures) > SHOWN_ENCLOSURES:
        lines.append(f"  and {len(enclosures) - SHOWN_ENCLOSURES} more")
    return "\n".join(sanitize_line(line, limit=400) for line in lines)


class ArticleView(ScrollView, can_focus=True):
    """Scrollable article. j/k scroll, space pages, g/G jump to the ends."""

    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="article.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="article.up"),
        Binding("g", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="article.bottom"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="article.half_down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="article.half_up"),
        Binding("b", "page_up", "Page up", show=False, id="article.page_up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.selected: tuple[int, int] | None = None
        self.border_title = Content("Article")
        self._text = self._placeholder
        self._spans: list[Span] = []
        self._body_offset = 0
        self._lines: list[tuple[int, int]] = []
        self._line_spans: list[list[Span]] = []
        self._wrapped_width = -1

    # -- content ---------------------------------------------------------------
    def show(self, article: Article | None, placeholder: str = "") -> None:
        """Show an article (or a placeholder message when there is none)."""
        self.article = article
        self.analysis = None
        self.selected = None
        if article is None:
            self._placeholder = placeholder
        self._rebuild()
        self.scroll_to(y=0, animate=False, immediate=True)

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._rebuild()

    def select_span(self, start: int, end: int) -> None:
        """Highlight ``body[start:end]`` and bring it into view."""
        self.selected = (start, end)
        self._rebuild()
        self.call_after_refresh(self._scroll_to_offset, start)

    def body_content(self) -> Content:
        """The body with its highlight spans (exposed for tests)."""
        if self.article is None:
            return Content("")
        text = self._body_text()
        spans = [Span(s.start - self._body_offset, s.end - self._body_offset, s.style)
                 for s in self._spans if s.start >= self._body_offset]
        return Content(text, spans, strip_control_codes=False)

    def _body_text(self) -> str:
        return self._text[self._body_offset:] if self.article is not None else ""

    def _rebuild(self) -> None:
        article = self.article
        if article is None:
            self._text = sanitize_display(self._placeholder)
            self._spans = []
            self._body_offset = len(self._text)
        else:
            title = sanitize_line(article.title, limit=2000)
            parts = [article.byline and f"By {article.byline}", article.source,
                     format_date(article.published, with_time=True), _host(article.url)]
            meta = sanitize_line(" · ".join(p for p in parts if p), limit=2000)
            head = f"{title}\n{meta}\n" if meta else f"{title}\n"
            spans = [Span(0, len(title), TITLE_STYLE)]
            if meta:
                spans.append(Span(len(title) + 1, len(title) + 1 + len(meta), META_STYLE))
            media = _enclosure_lines(article)
            if media:
                spans.append(Span(len(head), len(head) + len(media), ENCLOSURE_STYLE))
                head += media + "\n"
            head += "\n"
            body = sanitize_display(article.text)
            self._text = head + body
            self._body_offset = len(head)
            if body is article.text or body == article.text:
                # Offsets are valid only for text the engine already cleaned.
                spans += self._marker_spans(body)
                spans += self._analysis_spans(len(body))
            self._spans = spans
        self._wrapped_width = -1
        self._rewrap()
        expect_scrollbar(self, len(self._lines))  # wrapped to at most the widest it can be: no more lines
        self.refresh()

    _placeholder = "Loading…"

    def _marker_spans(self, body: str) -> list[Span]:
        """Dim spans over what :func:`~feeds.formats.htmltext.mask_markers` blanks (markers, link list)."""
        if "[" not in body:
            return []
        masked = mask_markers(body)
        base = self._body_offset
        return [Span(base + m.start(), base + m.end(), MARKER_STYLE)
                for m in _BLANKED.finditer(masked) if not body[m.start():m.end()].isspace()]

    def _analysis_spans(self, n: int) -> list[Span]:
        base = self._body_offset
        raw: list[tuple[int, int, str]] = []
        if self.analysis is not None:
            raw += [(q.start, q.end, QUOTE_STYLE) for q in self.analysis.quotes]
            raw += [(f.start, f.end, FIGURE_STYLE) for f in self.analysis.figures]
            raw += [(s, e, SOURCE_STYLE) for src in self.analysis.sources for s, e in src.mentions]
        if self.selected is not None:
            raw.append((*self.selected, SELECTED_STYLE))
        return [Span(base + s, base + e, style) for s, e, style in raw if 0 <= s < e <= n]

    # -- wrapping and rendering ---------------------------------------------------
    def _content_width(self) -> int:
        return max(1, min(READING_WIDTH, self.scrollable_content_region.width or READING_WIDTH))

    def _rewrap(self) -> None:
        width = self._content_width()
        if width == self._wrapped_width:
            return
        self._wrapped_width = width
        self._lines = wrap_ranges(self._text, width)
        # Spans per line, found once per wrap: rendering a line is then O(its spans).
        self._line_spans = [[] for _ in self._lines]
        starts = [a for a, _ in self._lines]
        for span in self._spans:
            first = max(0, bisect_right(starts, span.start) - 1)
            for i in range(first, len(self._lines)):
                a, b = self._lines[i]
                if a >= span.end:
                    break
                if b > span.start or (a == b == span.start):
                    self._line_spans[i].append(span)
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        self._rewrap()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        rich_style = self.visual_style.rich_style  # cached by Textual; rich_style is rebuilt per call
        if index >= len(self._lines):
            return Strip.blank(width, rich_style)
        a, b = self._lines[index]
        spans = [Span(max(s.start, a) - a, min(s.end, b) - a, s.style)
                 for s in self._line_spans[index] if min(s.end, b) > max(s.start, a)]
        line = Content(self._text[a:b], spans, strip_control_codes=False)
        segments = line.render_segments(self.visual_style)
        strip = Strip(segments, line.cell_length)
        text_width = self._content_width()
        strip = strip.crop_extend(scroll_x, scroll_x + text_width, rich_style)
        margin = max(0, (width - text_width) // 2)
        if margin:
            strip = Strip.join([Strip.blank(margin, rich_style), strip])
        return strip.crop_extend(0, width, rich_style)

    # -- scrolling -------------------------------------------------------------------
    def line_of_offset(self, offset: int, width: int | None = None) -> int:
        """The screen line (0-based, from the top of the article) holding body ``offset``."""
        if width is not None and width != self._wrapped_width:
            self._wrapped_width = -1
        self._rewrap()
        starts = [a for a, _ in self._lines]
        return max(0, bisect_right(starts, self._body_offset + offset) - 1)

    def _scroll_to_offset(self, offset: int) -> None:
        target = self.line_of_offset(offset)
        self.scroll_to(y=max(0, target - self.scrollable_content_region.height // 3), animate=False)

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height // 2), animate=False)
