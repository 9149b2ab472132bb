"""The article list: title, source and date per row; unread rows stand out."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from feeds.dates import format_date
from feeds.model import Article

from ..text import line
from .navlist import NavList


class ArticleOption(Option):
    """A row holding its article, so the list never has to look it up."""

    def __init__(self, article: Article, index: int, unread: bool) -> None:
        self.article = article
        self.unread = unread
        super().__init__(self.render_prompt(), id=f"a{index}")

    def render_prompt(self) -> Content:
        a = self.article
        title = line(a.title, limit=300).stylize("bold" if self.unread else "")
        mark = Content("● ").stylize("$text-accent") if self.unread else Content("  ")
        meta = " · ".join(x for x in (a.source, format_date(a.published)) if x)
        return Content.assemble(mark, title, "\n  ", line(meta, limit=200).stylize("dim"))


class ArticleList(NavList):
    """Articles to read. Moving the cursor previews; Enter opens."""

    @dataclass
    class Opened(Message):
        article: Article
        focus: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = Content("Articles")

    def show_articles(self, articles: list[Article], unread: set[str] | None = None) -> None:
        unread = unread or set()
        self.set_options(ArticleOption(a, i, a.key in unread) for i, a in enumerate(articles))
        self.border_title = Content(f"Articles ({len(articles)})")
        if articles:
            self.highlighted = 0

    def _index_of(self, key: str) -> int | None:
        for i in range(self.option_count):
            opt = self.get_option_at_index(i)
            if isinstance(opt, ArticleOption) and opt.article.key == key:
                return i
        return None

    def select_key(self, key: str, *, reopen: bool = False) -> bool:
        """Move the cursor to the article with ``key`` (quietly unless ``reopen``)."""
        index = self._index_of(key)
        if index is None:
            return False
        if reopen:
            self.highlighted = None
            self.highlighted = index
        else:
            with self.prevent(NavList.OptionHighlighted):
                self.highlighted = index
        return True

    def set_unread(self, key: str, unread: bool) -> None:
        """Redraw one row after its read state changed."""
        index = self._index_of(key)
        if index is None:
            return
        opt = self.get_option_at_index(index)
        if isinstance(opt, ArticleOption) and opt.unread != unread:
            opt.unread = unread
            self.replace_option_prompt_at_index(index, opt.render_prompt())

    def move_to_unread(self, step: int) -> bool:
        """Jump to the next (step 1) or previous (-1) unread article; False if none."""
        start = self.highlighted if self.highlighted is not None else -1
        i = start + step
        while 0 <= i < self.option_count:
            opt = self.get_option_at_index(i)
            if isinstance(opt, ArticleOption) and opt.unread:
                self.highlighted = i
                return True
            i += step
        return False

    @property
    def current(self) -> Article | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.article if isinstance(option, ArticleOption) else None

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        event.stop()
        if isinstance(event.option, ArticleOption):
            self.post_message(self.Opened(event.option.article, focus=False))

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, ArticleOption):
            self.post_message(self.Opened(event.option.article, focus=True))
