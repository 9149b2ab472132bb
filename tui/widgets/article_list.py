"""The article list: one row per headline, virtualised.

A :class:`~tui.widgets.rowlist.RowList`: the list knows only how many rows it
has and asks its :class:`~tui.rows.RowSource` for the few on screen, so a view of 100,000 library entries costs what a view of ten
does. Each row is ``● ★ Title…  Feed  Date`` in aligned columns; the feed column
is left out when every row comes from one feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from rich.cells import cell_len
from textual.binding import Binding
from textual.geometry import Size
from textual.content import Content
from textual.message import Message

from feeds.core.dates import short_date
from feeds.core.model import Article

from ..rows import ListSource, Row, RowSource
from ..text import cut_words, line
from .rowlist import RowList

UNREAD_MARK = "●"
STAR_MARK = "★"
#: Width of the date column ("14:05", "12 Nov", "Nov 2025").
DATE_WIDTH = 8


class ArticleList(RowList):
    """Articles to read. Moving the cursor previews an article; Enter opens it."""

    BINDINGS = [Binding("enter", "choose", "Open article", show=False, id="list.open")]

    @dataclass
    class Opened(Message):
        """An article was chosen (Enter, a click): the screen opens it and moves the focus there."""

        article: Article

    def __init__(self, *, follow: Callable[[Article], None], id: str | None = None) -> None:
        super().__init__(id=id)
        #: Shows the article under the cursor, called as the cursor moves (the screen passes its own).
        #: Not the Opened message: a message reaches the screen after the moved cursor has been
        #: drawn, so the article came a frame later (Textual draws at most every 1/60 s): a key
        #: took two frames, 20-30 ms more. Called here, the cursor and the article share a frame.
        self.follow = follow
        self.source: RowSource = ListSource([])
        self.border_title = Content("Articles")
        #: Whether rows name their feed (off when the view is one feed).
        self.show_feed = True
        self._title = "Articles"

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
        self._title = title
        self.border_title = Content.assemble(line(title, limit=120), f" ({len(source):,})")
        index = source.index_of(keep_key) if keep_key is not None else None
        self.rows_changed(index, center=True)

    def rows_grew(self) -> None:
        """The source learnt the rest of its rows (a view read in two steps): cursor and scroll stay."""
        self.virtual_size = Size(self.size.width, self.row_count())
        self.border_title = Content.assemble(line(self._title, limit=120), f" ({len(self.source):,})")
        self.refresh()

    def row_count(self) -> int:
        return len(self.source)

    def selectable(self, index: int) -> bool:
        return getattr(self.source, "selectable", True)

    def row_state(self, index: int) -> object:
        """A row is drawn again when its title or flags change (a fetched title, r, s)."""
        row = self.source.row(index)
        return (row.key, row.title, row.unread, row.starred)

    @property
    def count(self) -> int:
        return len(self.source)

    def row_at(self, index: int) -> Row:
        return self.source.row(index)

    @property
    def current(self) -> Article | None:
        """The article under the cursor (loaded from the source)."""
        if self.highlighted is None or not len(self.source) or not self.selectable(self.highlighted):
            return None
        return self.source.article(self.highlighted)

    def select_key(self, key: object, *, reopen: bool = False) -> bool:
        """Move the cursor to the row with ``key`` (quietly unless ``reopen``)."""
        index = self.source.index_of(key)
        if index is None:
            return False
        if reopen:
            self.highlighted = index
        else:
            self.move_quietly(index)
        return True

    def set_unread(self, key: object, unread: bool) -> None:
        """Redraw one row after its read state changed."""
        self.source.set_flag(key, unread=unread)
        self.redraw_row(self.source.index_of(key))

    def set_starred(self, key: object, starred: bool) -> None:
        self.source.set_flag(key, starred=starred)
        self.redraw_row(self.source.index_of(key))

    def forget(self, key: object) -> None:
        """The article behind ``key`` changed in the library (its text was fetched): read it again."""
        forget = getattr(self.source, "forget", None)
        if forget is not None:
            forget(key)

    def move_to_unread(self, step: int) -> bool:
        """Jump to the next (step 1) or previous (-1) unread article; False if none."""
        start = self.highlighted if self.highlighted is not None else -1
        index = self.source.next_unread(start, step)
        if index is None:
            return False
        self.highlighted = index
        return True

    # -- events ------------------------------------------------------------------------
    def on_row_highlighted(self, index: int) -> None:
        self.follow(self.source.article(index))

    def on_row_chosen(self, index: int) -> None:
        self.post_message(self.Opened(self.source.article(index)))

    # -- drawing ---------------------------------------------------------------------
    def render_row(self, index: int, width: int) -> Content:
        return self.row_content(self.source.row(index), width)

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
