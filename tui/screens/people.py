"""The People view: everyone quoted in the library, and what each of them said (issue 15).

``P`` in the library opens it. It lists people by number of quotes; Enter on
a person lists their quotes across articles, newest first; Enter on a quote
closes the view with that quote, and the library opens its article with the
quote highlighted. ``q``/Esc goes back one level.

The index is caught up first, in worker processes (see
:mod:`feeds.people.index`), from a thread of this screen, so the keys stay
live meanwhile; what is already indexed shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import line
from ..widgets.navlist import NavList

if TYPE_CHECKING:
    from feeds.library.indexed import IndexedQuote
    from feeds.library.store import Library
    from feeds.people.people import Person

__all__ = ["PeopleScreen", "QuoteChoice"]


@dataclass(frozen=True, slots=True)
class QuoteChoice:
    """The quote the user chose: its article and where the quote is in its text."""

    key: tuple[int, str]
    start: int
    end: int
    speaker: str


class _PersonOption(Option):
    def __init__(self, person: "Person") -> None:
        role = f", {person.role}" if person.role else ""
        prompt = Content.assemble(Content(f"{person.quotes:4}  ").stylize("bold"), line(person.name, limit=120),
                                  line(role, limit=120).stylize("dim"),
                                  Content(f"  {person.articles} art. · {person.feeds} feeds").stylize("dim"))
        super().__init__(prompt)
        self.person = person


class _QuoteOption(Option):
    def __init__(self, speaker: str, quote: "IndexedQuote") -> None:
        a = quote.article
        prompt = Content.assemble(line(f"“{quote.text}”", limit=400), Content("\n  "),
                                  line(f"{a.feed} · {a.published[:10]} · {a.title}", limit=200).stylize("dim"))
        super().__init__(prompt)
        self.choice = QuoteChoice((a.feed_id, a.entry_id), quote.start, quote.end, speaker)


class PeopleScreen(ModalScreen[QuoteChoice | None]):
    """People by quotes; a person's quotes; a quote opens its article."""

    BINDINGS = [Binding("escape,q", "back", "Back", id="people.back")]

    def __init__(self, library: "Library", reads: "Library", speaker: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.reads = reads
        self.person: "Person | None" = None
        self._people: list["Person"] = []
        #: A speaker to go straight to (Enter on a quote in the Quotes pane).
        self._wanted = speaker

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog people") as box:
            box.border_title = Content("People")
            yield NavList(id="people-list")
            yield Static(Content("Reading the library…").stylize("dim"), id="people-status")

    def on_mount(self) -> None:
        self.query_one(NavList).focus()
        self._load()

    # -- data ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="people", exit_on_error=False)
    def _load(self) -> None:
        """Show what is indexed, catch the index up in worker processes, then show it all."""
        from feeds.people.index import catch_up
        from feeds.people.people import people

        self.app.call_from_thread(self._show_people, people(self.reads), False)
        if self.library.readonly:
            return
        done = catch_up(self.library, progress=lambda n, total: self.app.call_from_thread(
            self._status, f"Indexing the library: {n}/{total} articles…"),
            should_stop=lambda: not self.is_attached)
        if done.analysed and self.is_attached:
            self.app.call_from_thread(self._show_people, people(self.reads), True)
        elif self.is_attached:
            self.app.call_from_thread(self._status, "")

    def _status(self, text: str) -> None:
        self.query_one("#people-status", Static).update(Content(text).stylize("dim"))

    def _show_people(self, found: list["Person"], final: bool) -> None:
        self._people = found
        if self.person is None:
            self._fill_people()
        if self._wanted and self.person is None:
            match = next((p for p in found if p.name == self._wanted or self._wanted in p.aliases), None)
            if match is not None:
                self._wanted = None
                self.person = match
                self._load_quotes(match)
        if final or not found:
            self._status("" if found else "Nobody is quoted yet (the index fills in the background).")

    def _fill_people(self) -> None:
        lst = self.query_one(NavList)
        lst.clear_options()
        lst.add_options([_PersonOption(p) for p in self._people])
        box = self.query_one(".people", Vertical)
        box.border_title = Content(f"People ({len(self._people)})")
        if self._people:
            lst.highlighted = 0

    @work(thread=True, exclusive=True, group="people-quotes", exit_on_error=False)
    def _load_quotes(self, person: "Person") -> None:
        from feeds.people.people import quotes_by

        found = quotes_by(self.reads, speaker=person.name)
        self.app.call_from_thread(self._show_quotes, person, [(n, q) for n, q in found if n == person.name])

    def _show_quotes(self, person: "Person", found: list) -> None:
        if self.person is not person:
            return
        lst = self.query_one(NavList)
        lst.clear_options()
        lst.add_options([_QuoteOption(name, q) for name, q in found])
        self.query_one(".people", Vertical).border_title = Content.assemble(
            line(person.name, limit=80), Content(f" ({len(found)} quotes)"))
        if found:
            lst.highlighted = 0

    # -- keys ------------------------------------------------------------------------
    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, _PersonOption):
            self.person = event.option.person
            self._load_quotes(self.person)
        elif isinstance(event.option, _QuoteOption):
            self.dismiss(event.option.choice)

    def action_back(self) -> None:
        if self.person is not None:
            person, self.person = self.person, None
            self._fill_people()
            lst = self.query_one(NavList)
            lst.highlighted = next((i for i, p in enumerate(self._people) if p.name == person.name), 0)
        else:
            self.dismiss(None)
