"""The article in the centre: title, a metadata line, and the highlighted body.

The body is one ``Static`` holding a ``Content`` built from the article's
plain text, with spans for every quote, figure and source mention. Offsets in
the analysis are offsets into that same text, so highlighting is exact, and
scrolling to a span computes the wrapped line the way Textual wraps it.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from feeds.analysis import Analysis
from feeds.dates import format_date
from feeds.model import Article

from ..text import line, plain

try:  # the same line breaker Textual's Content uses, for exact scroll targets
    from rich._wrap import divide_line as _divide_line
except ImportError:  # pragma: no cover - private API moved
    _divide_line = None

QUOTE_STYLE = "$text-accent italic"
FIGURE_STYLE = "bold $text-warning"
SOURCE_STYLE = "underline $text-success"
SELECTED_STYLE = "reverse"


class ArticleView(VerticalScroll, can_focus=True):
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

    def compose(self):
        yield Static(Content("Loading…"), id="article-title", markup=False)
        yield Static(id="article-meta", markup=False)
        yield Static(id="article-body", markup=False)

    # -- content -----------------------------------------------------------
    def show(self, article: Article | None, placeholder: str = "") -> None:
        """Show an article (or a placeholder message when there is none)."""
        self.article = article
        self.analysis = None
        self.selected = None
        title = self.query_one("#article-title", Static)
        meta = self.query_one("#article-meta", Static)
        if article is None:
            title.update(Content(placeholder))
            meta.update(Content(""))
            self._body.update(Content(""))
            return
        title.update(line(article.title, limit=2000))
        parts = [article.byline and f"By {article.byline}", article.source,
                 format_date(article.published, with_time=True), article.url]
        meta.update(line(" · ".join(p for p in parts if p), limit=2000))
        self._render_body()
        self.scroll_home(animate=False)

    def set_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._render_body()

    def select_span(self, start: int, end: int) -> None:
        """Highlight ``text[start:end]`` and bring it into view."""
        self.selected = (start, end)
        self._render_body()
        self.call_after_refresh(self._scroll_to_offset, start)

    @property
    def _body(self) -> Static:
        return self.query_one("#article-body", Static)

    def body_content(self) -> Content:
        """The body with its highlight spans (exposed for tests)."""
        if self.article is None:
            return Content("")
        text = self.article.text
        spans: list[Span] = []
        if self.analysis is not None:
            spans += [Span(q.start, q.end, QUOTE_STYLE) for q in self.analysis.quotes]
            spans += [Span(f.start, f.end, FIGURE_STYLE) for f in self.analysis.figures]
            spans += [Span(s, e, SOURCE_STYLE) for src in self.analysis.sources for s, e in src.mentions]
        if self.selected is not None:
            spans.append(Span(*self.selected, SELECTED_STYLE))
        n = len(text)
        spans = [s for s in spans if 0 <= s.start < s.end <= n]
        return Content(text, spans, strip_control_codes=False) if spans else plain(text)

    def _render_body(self) -> None:
        self._body.update(self.body_content())

    # -- scrolling -----------------------------------------------------------
    def line_of_offset(self, offset: int, width: int) -> int:
        """The wrapped line (0-based, within the body) where ``offset`` falls."""
        if self.article is None or width <= 0:
            return 0
        text = self.article.text
        y = 0
        pos = 0
        for raw in text.split("\n"):
            end = pos + len(raw)
            if offset <= end:
                if _divide_line is None:
                    return y + (offset - pos) // width
                breaks = _divide_line(raw, width, fold=True)
                return y + sum(1 for b in breaks if b <= offset - pos)
            y += len(_divide_line(raw, width, fold=True)) + 1 if _divide_line else (len(raw) // width) + 1
            pos = end + 1
        return y

    def _scroll_to_offset(self, offset: int) -> None:
        body = self._body
        width = body.content_region.width or body.size.width
        target = body.virtual_region.y + self.line_of_offset(offset, width)
        self.scroll_to(y=max(0, target - self.scrollable_content_region.height // 3), animate=False)

    def action_half_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_half_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height // 2), animate=False)
