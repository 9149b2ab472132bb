"""The Textual application: loads what the user asked for and shows the reader."""

from __future__ import annotations

from typing import Iterable, Sequence

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from feeds.local import LoadResult

from .screens.reader import ReaderScreen


class NewsReaderApp(App[int]):
    """newsreader: a terminal reader with quotes, figures and sources beside each article."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    BINDINGS = [
        Binding("f1", "screen.help", "Help", show=False, id="app.help"),
    ]

    def __init__(self, inputs: Sequence[str] = ()) -> None:
        super().__init__()
        self.inputs = list(inputs)
        self.load_errors: list[str] = []
        #: Set once the first load has finished (tests and benchmarks wait on it).
        self.loaded = False

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen())
        self.load()

    @property
    def reader(self) -> ReaderScreen:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("reader screen not mounted")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read files (and, for HTML, import the extractor) off the event loop."""
        result = _load(self.inputs)
        self.call_from_thread(self._loaded, result)

    def _loaded(self, result: LoadResult) -> None:
        self.load_errors = [str(e) for e in result.errors]
        for err in self.load_errors:
            self.notify(err, title="Could not open", severity="error", markup=False, timeout=8)
        message = "Nothing could be opened:\n" + "\n".join(self.load_errors) if self.load_errors else ""
        self.reader.set_articles(result.articles, message)
        self.loaded = True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand("Help: keys", "Show every key binding", screen.action_help)
            yield SystemCommand("Toggle analysis panes", "Show or hide Quotes, Key figures and Sources",
                                screen.action_toggle_panes)
            yield SystemCommand("Focus Quotes", "Move to the Quotes pane", lambda: screen.action_focus_pane("quotes"))
            yield SystemCommand("Focus Key figures", "Move to the Key figures pane",
                                lambda: screen.action_focus_pane("figures"))
            yield SystemCommand("Focus Sources", "Move to the Sources pane", lambda: screen.action_focus_pane("sources"))
            yield SystemCommand("Next article", "Open the next article", lambda: screen.action_next_article(1))
            yield SystemCommand("Previous article", "Open the previous article",
                                lambda: screen.action_next_article(-1))


def _load(inputs: list[str]) -> LoadResult:
    if inputs:
        from feeds.open import open_inputs

        return open_inputs(inputs)
    from feeds.local import sample_articles

    return LoadResult(articles=sample_articles())


def make_app(inputs: Sequence[str] = ()) -> NewsReaderApp:
    """The one factory for the CLI, the tests and the snapshots."""
    return NewsReaderApp(inputs)
