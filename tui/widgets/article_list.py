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
