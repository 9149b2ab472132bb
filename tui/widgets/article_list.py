"""The article list: one row per headline, virtualised.

A Line-API widget (like :class:`~tui.widgets.article_view.ArticleView`): the list
knows only how many rows it has and asks its :class:`~tui.rows.RowSource` for the
few on screen, so a view of 100,000 library entries costs what a view of ten
does. Each row is ``● ★ Title…  Feed  Date`` in aligned columns; the feed column
is left out when every row comes from one feed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from feeds.dates import short_date
from feeds.model import Article

from ..rows import ListSource, Row, RowSource
from ..text import cut_words, line

UNREAD_MARK = "●"
STAR_MARK = "★"
#: Width of the date column ("14:05", "12 Nov", "Nov 2025").
DATE_WIDTH = 8


class ArticleList(ScrollView, can_focus=True):
    """Articles to read. Moving the cursor previews an article; Enter opens it."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("ctrl+d,pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("ctrl+u,pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("enter", "open", "Open article", show=False, id="list.open"),
    ]

    COMPONENT_CLASSES = {"article-list--cursor"}

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
    }
    ArticleList > .article-list--cursor {
        background: $block-cursor-blurred-background;
    }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    @dataclass
    class Opened(Message):
        """An article was chosen: ``focus`` when the user opened it (Enter, a click)."""

        article: Article
        focus: bool

    #: The row under the cursor (None: the list is empty).
    highlighted: reactive[int | None] = reactive(None, always_update=True, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: RowSource = ListSource([])
        self.border_title = Content("Articles")
        #: Whether rows name their feed (off when the view is one feed).
        self.show_feed = True

    # -- data ------------------------------------------------------------------------
    def show_articles(self, articles: list[Article], unread: set[str] | None = None) -> None:
        """Show in-memory articles (files, a feed read without subscribing)."""
        self.set_source(ListSource(articles, unread=unread or set()))

    def set_source(self, source: RowSource, *, keep_key: object = None, title: str = "Articles",
                   show_feed: bool = True) -> None:
        """Show ``source``'s rows; the cursor goes to ``keep_key`` when it is there, else the top.

        The cursor moves quietly: replacing the rows never opens an article.
        """
        self.source = source
        self.show_feed = show_feed
        self.border_title = Content.assemble(line(title, limit=120), f" ({len(source):,})")
        self.virtual_size = Size(self.size.width, len(source))
        index = source.index_of(keep_key) if keep_key is not None else None
        if index is None and len(source):
            index = 0
        self.set_reactive(ArticleList.highlighted, index)
        self.scroll_to(y=0, animate=False, immediate=True)
        if index:
            self._scroll_to_cursor(center=True)
        self.refresh()

    @property
    def count(self) -> int:
        return len(self.source)

    def row_at(self, index: int) -> Row:
        return self.source.row(index)

    @property
    def current(self) -> Article | None:
        """The article under the cursor (loaded from the source)."""
        if self.highlighted is None or not len(self.source):
            return None
        return self.source.article(self.highlighted)

    @property
    def current_row(self) -> Row | None:
        if self.highlighted is None or not len(self.source):
            return None
        return self.source.row(self.highlighted)

    def select_key(self, key: object, *, reopen: bool = False) -> bool:
        """Move the cursor to the row with ``key`` (quietly unless ``reopen``)."""
        index = self.source.index_of(key)
        if index is None:
            return False
        if reopen:
            self.highlighted = index
        else:
            self.set_reactive(ArticleList.highlighted, index)
            self._scroll_to_cursor()
            self.refresh()
        return True

    def set_unread(self, key: object, unread: bool) -> None:
        """Redraw one row after its read state changed."""
        self.source.set_flag(key, unread=unread)
        self.refresh()

    def forget(self, key: object) -> None:
        """The article behind ``key`` changed in the library (its text was fetched): read it again."""
        forget = getattr(self.source, "forget", None)
        if forget is not None:
            forget(key)

    def set_starred(self, key: object, starred: bool) -> None:
        self.source.set_flag(key, starred=starred)
        self.refresh()

    def move_to_unread(self, step: int) -> bool:
        """Jump to the next (step 1) or previous (-1) unread article; False if none."""
        start = self.highlighted if self.highlighted is not None else -1
        index = self.source.next_unread(start, step)
        if index is None:
            return False
        self.highlighted = index
        return True

    # -- moving ----------------------------------------------------------------------
    def watch_highlighted(self, index: int | None) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if index is not None and len(self.source):
            self.post_message(self.Opened(self.source.article(index), focus=False))

    def _move_to(self, index: int) -> None:
        n = len(self.source)
        if not n:
            return
        index = max(0, min(n - 1, index))
        if index != self.highlighted:
            self.highlighted = index

    def action_cursor(self, step: int) -> None:
        if self.highlighted is None:
            self._move_to(0)
        else:
            self._move_to(self.highlighted + step)

    def action_cursor_down(self) -> None:
        self.action_cursor(1)

    def action_cursor_up(self) -> None:
        self.action_cursor(-1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.source) - 1)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self._move_to((self.highlighted or 0) + direction * step)

    def action_open(self) -> None:
        if self.highlighted is not None and len(self.source):
            self.post_message(self.Opened(self.source.article(self.highlighted), focus=True))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.source):
            if index == self.highlighted:
                self.action_open()
            else:
                self.highlighted = index

    def _scroll_to_cursor(self, center: bool = False) -> None:
        index = self.highlighted
        if index is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if center:
            self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
        elif index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    # -- drawing ---------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.source))
        self._scroll_to_cursor()

    def row_content(self, row: Row, width: int) -> Content:
        """One headline in ``width`` cells: marks, title cut with …, feed, date."""
        mark = Content(UNREAD_MARK).stylize("$text-accent") if row.unread else Content(" ")
        star = Content(STAR_MARK + " ").stylize("$text-warning") if row.starred else Content("  ")
        date = short_date(row.published)
        feed_width = 0
        if self.show_feed and row.feed and width >= 50:
            feed_width = min(22, max(10, width // 4))
        title_width = max(4, width - 3 - DATE_WIDTH - (feed_width + 2 if feed_width else 0) - 1)
        title = line(row.title or "(untitled)", limit=400).truncate(title_width, ellipsis=True, pad=True)
        if row.unread:
            title = title.stylize("bold")
        parts: list[Content | str] = [mark, star, title]
        if feed_width:
            feed = cut_words(row.feed or "", feed_width)
            parts += ["  ", Content(feed + " " * (feed_width - cell_len(feed))).stylize("$text-muted")]
        parts += [" ", Content(date.rjust(DATE_WIDTH)).stylize("$text-muted")]
        return Content.assemble(*parts)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.source) or width <= 0:
            return Strip.blank(width, base)
        content = self.row_content(self.source.row(index), width - 1)
        strip = Strip(content.render_segments(self.visual_style), content.cell_length)
        strip = Strip.join([Strip.blank(1, base), strip]).crop_extend(0, width, base)
        if index == self.highlighted:
            strip = strip.apply_style(self.get_component_rich_style("article-list--cursor"))
        return strip
