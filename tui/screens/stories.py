"""The Stories view: one event told by several outlets, side by side.

A list of stories (how many outlets, the title); Enter on one shows its
articles and, beside them, the figures each outlet gives, with the ones that
disagree marked ``≠``. Enter on an article opens it. ``q``/Escape goes back a
level. The index of analyses catches up first, in worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import line
from ..widgets.navlist import NavList

if TYPE_CHECKING:
    from feeds.library.store import Library
    from feeds.people.stories import Story


@dataclass(frozen=True, slots=True)
class ArticleChoice:
    """The article the user chose: its library key."""

    key: tuple[int, str]


class _StoryOption(Option):
    def __init__(self, story: "Story") -> None:
        marks = Content(" ≠").stylize("bold $text-warning") if story.disagreements else Content("")
        prompt = Content.assemble(Content(f"{story.outlets:3} outlets  ").stylize("bold"),
                                  line(story.title, limit=200), marks)
        super().__init__(prompt)
        self.story = story


class _ArticleOption(Option):
    def __init__(self, article) -> None:
        prompt = Content.assemble(line(article.title, limit=200), Content("\n  "),
                                  line(f"{article.feed} · {article.published[:10]}", limit=200).stylize("dim"))
        super().__init__(prompt)
        self.choice = ArticleChoice((article.feed_id, article.entry_id))


def _figure_rows(story: "Story") -> list[Option]:
    """Each outlet's key figures; a figure in a disagreement is marked ≠ and listed first."""
    disputed = {(v["feed"], v["text"]) for d in story.disagreements for v in d["values"]}  # type: ignore[index]
    rows = sorted(story.figures, key=lambda f: ((f["feed"], f["text"]) not in disputed, str(f.get("what") or "")))
    out: list[Option] = []
    for f in rows:
        mark = Content("≠ ").stylize("bold $text-warning") if (f["feed"], f["text"]) in disputed else Content("  ")
        what = f.get("what") or f.get("unit") or ""
        out.append(Option(Content.assemble(mark, line(str(f["text"]), limit=60).stylize("bold"), Content("  "),
                                           line(str(what), limit=80), Content("\n    "),
                                           line(str(f["feed"]), limit=120).stylize("dim")), disabled=True))
    return out or [Option(Content("No key figures").stylize("dim"), disabled=True)]


class StoriesScreen(ModalScreen[ArticleChoice | None]):
    """Stories by number of outlets; a story's articles and its figures side by side."""

    BINDINGS = [Binding("escape,q", "back", "Back", id="stories.back")]

    def __init__(self, library: "Library", reads: "Library") -> None:
        super().__init__()
        self.library = library
        self.reads = reads
        self.story: "Story | None" = None
        self._stories: list["Story"] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog stories") as box:
            box.border_title = Content("Stories")
            with Horizontal():
                yield NavList(id="stories-list")
                figures = NavList(id="story-figures")
                figures.display = False
                yield figures
            yield Static(Content("Reading the library…").stylize("dim"), id="stories-status")

    def on_mount(self) -> None:
        self.query_one("#stories-list", NavList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def _load(self) -> None:
        from feeds.people.index import catch_up
        from feeds.people.stories import stories

        if not self.library.readonly:
            catch_up(self.library, progress=lambda n, total: self.app.call_from_thread(
                self._status, f"Indexing the library: {n}/{total} articles…"),
                should_stop=lambda: not self.is_attached)
        found = [s for s in stories(self.reads) if s.outlets > 1]
        if self.is_attached:
            self.app.call_from_thread(self._show_stories, found)

    def _status(self, text: str) -> None:
        self.query_one("#stories-status", Static).update(Content(text).stylize("dim"))

    def _show_stories(self, found: list["Story"]) -> None:
        self._stories = sorted(found, key=lambda s: (-s.outlets, s.title))
        self._status("" if found else "No story is told by more than one feed yet.")
        if self.story is None:
            self._fill_stories()

    def _fill_stories(self) -> None:
        lst = self.query_one("#stories-list", NavList)
        lst.clear_options()
        lst.add_options([_StoryOption(s) for s in self._stories])
        self.query_one("#story-figures", NavList).display = False
        self.query_one(".stories", Vertical).border_title = Content(f"Stories ({len(self._stories)})")
        if self._stories:
            lst.highlighted = 0

    def _show_story(self, story: "Story") -> None:
        self.story = story
        lst = self.query_one("#stories-list", NavList)
        lst.clear_options()
        lst.add_options([_ArticleOption(a) for a in story.articles])
        figures = self.query_one("#story-figures", NavList)
        figures.clear_options()
        figures.add_options(_figure_rows(story))
        figures.display = True
        n = len(story.disagreements)
        self.query_one(".stories", Vertical).border_title = Content.assemble(
            line(story.title, limit=80), Content(f" ({story.outlets} outlets" + (f", {n} ≠)" if n else ")")))
        lst.highlighted = 0
        lst.focus()

    @on(OptionList.OptionSelected, "#stories-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, _StoryOption):
            self._show_story(event.option.story)
        elif isinstance(event.option, _ArticleOption):
            self.dismiss(event.option.choice)

    def action_back(self) -> None:
        if self.story is not None:
            story, self.story = self.story, None
            self._fill_stories()
            self.query_one("#stories-list", NavList).highlighted = next(
                (i for i, s in enumerate(self._stories) if s is story), 0)
        else:
            self.dismiss(None)
