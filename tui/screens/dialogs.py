"""Small modal dialogs: add a feed, choose a discovered feed, search.

Each dialog returns its result through ``dismiss`` and does no I/O itself,
except the search box, which asks the screen's search function as you type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from feeds.core.dates import format_date
from feeds.subscribe import complete_url, validate_feed_url

from ..text import line
from ..widgets.navlist import NavList


@dataclass
class AddFeedRequest:
    url: str
    folder: str | None


class AddFeedDialog(ModalScreen[AddFeedRequest | None]):
    """Ask for a feed URL (and an optional folder); validated as you type."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="add.cancel")]

    def __init__(self, error: str | None = None, url: str = "") -> None:
        super().__init__()
        self._error = error
        self._url = url

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content("Add a feed")
            yield Label(Content("Feed or site address (http/https):"))
            yield Input(value=self._url, placeholder="https://example.com/feed.xml", id="add-url")
            yield Label(Content("Folder (optional):"))
            yield Input(placeholder="News", id="add-folder")
            yield Static(line(self._error or ""), id="add-error", classes="error")
            yield Static(Content("enter: add · esc: cancel").stylize("dim"))

    @on(Input.Changed, "#add-url")
    def _changed(self, event: Input.Changed) -> None:
        problem = validate_feed_url(event.value) if event.value else None
        self.query_one("#add-error", Static).update(line(problem or ""))

    @on(Input.Submitted)
    def _submit(self) -> None:
        url = self.query_one("#add-url", Input).value
        problem = validate_feed_url(url)
        if problem:
            self.query_one("#add-error", Static).update(line(problem))
            self.query_one("#add-url", Input).focus()
            return
        folder = self.query_one("#add-folder", Input).value.strip() or None
        self.dismiss(AddFeedRequest(complete_url(url), folder))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceOption(Option):
    def __init__(self, prompt: Content, value: str) -> None:
        super().__init__(prompt)
        self.value = value


class ChooseFeedDialog(ModalScreen[str | None]):
    """A page lists feeds: pick one to subscribe to (or keep reading the page)."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="choose.cancel")]

    def __init__(self, page_url: str, feeds: list, *, allow_page: bool = True) -> None:
        super().__init__()
        self.page_url = page_url
        self.feeds = feeds
        self.allow_page = allow_page

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content("Feeds on this page")
            yield Label(line(self.page_url, limit=200).stylize("dim"))
            options = [ChoiceOption(Content.assemble(Content("Subscribe: ").stylize("bold"),
                                                     line(f.title or f.url, limit=120), "\n  ",
                                                     line(f.url, limit=200).stylize("dim")), f.url)
                       for f in self.feeds]
            if self.allow_page:
                options.append(ChoiceOption(Content("Just read this page").stylize("italic"), ""))
            yield NavList(*options, id="choices")
            yield Static(Content("enter: choose · esc: cancel").stylize("dim"))

    def on_mount(self) -> None:
        self.query_one("#choices", NavList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, ChoiceOption):
            self.dismiss(event.option.value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResultOption(Option):
    def __init__(self, prompt: Content, key: tuple[int, str]) -> None:
        super().__init__(prompt)
        self.key = key


class SearchDialog(ModalScreen[tuple[str, list, int] | None]):
    """Full-text search over the library: type, see results, Enter to read them."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="search.cancel"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, search: Callable[[str], list], query: str = "") -> None:
        super().__init__()
        self._search = search
        self._query = query
        self._results: list = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search") as box:
            box.border_title = Content("Search the library")
            yield Input(value=self._query, placeholder="words, \"a phrase\", prefix*", id="search-input")
            yield Static(Content(""), id="search-status")
            yield NavList(id="search-results")
            yield Static(Content("enter: read results · ↓: pick one · esc: close").stylize("dim"))

    def on_mount(self) -> None:
        if self._query:
            self._run(self._query)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._run(event.value)

    def _run(self, query: str) -> None:
        results = self._search(query) if query.strip() else []
        self._results = results
        lst = self.query_one("#search-results", NavList)
        lst.set_options(
            ResultOption(Content.assemble(line(e.title, limit=200).stylize("bold"), "\n  ",
                                          line(" · ".join(x for x in (e.feed_title, format_date(e.published)) if x),
                                               limit=120).stylize("dim")), e.key)
            for e in results
        )
        status = f"{len(results)} result{'s' if len(results) != 1 else ''}" if query.strip() else ""
        self.query_one("#search-status", Static).update(Content(status).stylize("dim"))

    @on(Input.Submitted)
    def _submit(self) -> None:
        if self._results:
            self.dismiss((self.query_one("#search-input", Input).value, self._results, 0))

    @on(OptionList.OptionSelected, "#search-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((self.query_one("#search-input", Input).value, self._results, event.option_index))

    def action_to_results(self) -> None:
        lst = self.query_one("#search-results", NavList)
        if lst.option_count:
            lst.focus()
            if lst.highlighted is None:
                lst.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y/enter confirms, n/esc declines."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape,q", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content("Confirm")
            yield Static(line(self.question, limit=400))
            yield Static(Content("y: yes · n: no").stylize("dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextDialog(ModalScreen[str | None]):
    """Ask for one line of text (a feed's name, a folder); Enter accepts, Esc cancels.

    ``hint`` is our own help line; ``value`` (possibly from a feed) prefills the box.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="text.cancel")]

    def __init__(self, title: str, question: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(self.title_text)
            yield Static(line(self.question, limit=400))
            yield Input(value=self.value, id="text-value")
            if self.hint:
                yield Static(line(self.hint, limit=400).stylize("dim"))
            yield Static(Content("enter: save · esc: cancel").stylize("dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
