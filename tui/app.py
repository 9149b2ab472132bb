"""The Textual application: picks what to show and owns the library handle.

- ``newsreader PATH|URL …`` reads those, without subscribing to anything;
- ``newsreader`` opens the library when it has subscriptions;
- otherwise the built-in sample library, so the first run shows real content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .screens.reader import ReaderScreen

if TYPE_CHECKING:
    from feeds.inputs.open import OpenResult
    from feeds.library.store import Library


#: At most this many settings problems get a notification each at start.
SETTINGS_WARNINGS_SHOWN = 4


class NewsReaderApp(App[int]):
    """newsreader: a terminal reader with quotes, figures and sources beside each article."""

    CSS_PATH = "newsreader.tcss"
    TITLE = "newsreader"
    BINDINGS = [
        Binding("f1", "screen.help", "Help", show=False, id="app.help"),
    ]

    def __init__(self, inputs: Sequence[str] = (), *, library_path=None, early=None) -> None:
        """``early``: the library's first screen, already being read (feeds.library.firstscreen)."""
        super().__init__()
        self.inputs = list(inputs)
        self.library_path = library_path
        self._early = early
        self.library: "Library | None" = None
        self.load_errors: list[str] = []
        #: Set once the first load has finished (tests and benchmarks wait on it).
        self.loaded = False
        #: The theme config.toml has (or will have once the pending save is done).
        self._saved_theme: str = self.theme
        #: A [sync] service is configured (then the reader opens on the library even before it exists).
        self._syncs = False

    def on_mount(self) -> None:
        from . import startgc

        self.set_timer(startgc.RESUME_AFTER, startgc.resume)  # whether or not a first frame is drawn
        self._apply_settings()
        # The first screen comes once the app's own mount is over: a screen pushed during it
        # is laid out and drawn whole inside Textual's start-up batch, which shows nothing,
        # so that frame was thrown away and drawn again after (a third of the start-up's CPU).
        self.call_later(self._show_first_screen)

    def _show_first_screen(self) -> None:
        if not self.inputs:
            from feeds.core.paths import library_path

            path = self.library_path or library_path()
            if path.exists() or self._syncs:  # with a sync service the library is one R away
                # The library screen paints at once and opens the library in a thread
                # (it may wait on another process); see library_opened.
                self._show_library(None, path=path, early=self._early)
                return
        if self.inputs:
            self.push_screen(ReaderScreen())
            self.load()
        else:
            self._show_samples()

    def _show_samples(self) -> None:
        # The samples are a few small files in the package: reading them here
        # (~15 ms) puts them in the very first frame, where a thread would
        # only compete with the first layout for the interpreter.
        from feeds.inputs.local import sample_articles

        screen = ReaderScreen(initial=sample_articles())
        if self.screen_stack and self.screen is not self.default_screen:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.loaded = True

    # -- settings ---------------------------------------------------------------------
    def _apply_settings(self) -> None:
        """Keys and theme from config.toml; each setting that cannot be used is said once, in one line."""
        from feeds.core.config import load_config

        config = load_config()
        from feeds.sync.status import is_configured

        self._syncs = is_configured(config)
        warnings = list(config.warnings)
        if config.keys:
            from .keymap import check_keymap

            checked = check_keymap(config.keys)
            self.set_keymap(checked.keymap)
            warnings += checked.warnings
        if config.theme is not None:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                warnings.append(f"[ui] theme {config.theme!r} is not a theme here; the default is used")
        self._saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._report_settings(warnings)

    def _report_settings(self, warnings: list[str]) -> None:
        from feeds.core.sanitize import sanitize_line

        for warning in warnings[:SETTINGS_WARNINGS_SHOWN]:
            self.notify(sanitize_line(warning, limit=300), title="Settings", severity="warning",
                        markup=False, timeout=10)
        if len(warnings) > SETTINGS_WARNINGS_SHOWN:
            self.notify(f"{len(warnings) - SETTINGS_WARNINGS_SHOWN} more problems in config.toml",
                        title="Settings", severity="warning", markup=False, timeout=10)

    def _theme_changed(self, theme) -> None:
        """A theme picked in the command palette is remembered in config.toml."""
        if theme.name != self._saved_theme:
            self._saved_theme = theme.name
            self._save_theme()

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_theme(self) -> None:
        from feeds.core.config import ConfigError, save_setting
        from feeds.core.sanitize import sanitize_line

        try:
            save_setting("ui", "theme", self.theme)  # the newest theme, whichever save runs last
        except ConfigError as exc:
            self.call_from_thread(self.notify, sanitize_line(str(exc), limit=300),
                                  title="Theme not saved", severity="warning", markup=False)

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()
            self.library = None

    # -- the library ------------------------------------------------------------------
    def _open_library(self, *, create: bool) -> "Library | None":
        """Open the library; None if there is none (or it cannot be opened: the user is told why).

        Other newsreader processes (a cron refresh, a second window) may have it
        open at the same time. Where it cannot be written (a read-only folder)
        it opens read-only, and the user is told so.
        """
        if self.library is not None:
            return self.library
        from feeds.core.paths import library_path

        path = self.library_path or library_path()
        if not create and not path.exists():
            return None  # the first run: the samples need no store (nor its import)
        from feeds.library.store import Library, LibraryError

        try:
            self.library = Library.open(path)
        except LibraryError as exc:
            self.notify(str(exc), title="Library", severity="error", markup=False, timeout=15)
            return None
        self._tell_warnings(self.library)
        return self.library

    def _tell_warnings(self, library: "Library") -> None:
        for warning in library.warnings:
            title = "Library opened read-only" if library.readonly else "Library"
            self.notify(warning, title=title, severity="warning", markup=False, timeout=15)

    def _show_library(self, library: "Library | None", *, path=None, early=None) -> None:
        """The library screen; with ``library`` None it opens ``path`` itself, off the UI thread."""
        from .screens.library import LibraryScreen

        screen = LibraryScreen(library, path=path, early=early)
        if isinstance(self.screen, ReaderScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def library_opened(self, library: "Library", *, has_feeds: bool) -> bool:
        """The library screen has opened and read the library: False when the samples show instead."""
        if self.library is None:
            self.library = library
            self._tell_warnings(library)
        self.loaded = True
        if not has_feeds:
            self._show_samples()  # a library without subscriptions: the samples, as on a first run
            return False
        return True

    def library_unavailable(self, message: str, library: "Library | None") -> None:
        """The library could not be opened or read: say why in one line and show the samples."""
        if library is not None and library is not self.library:
            library.close()
        self.notify(message, title="Library", severity="error", markup=False, timeout=15)
        self._show_samples()

    def action_add_feed(self) -> None:
        """From the sample or file view: subscribe, then switch to the library."""
        from .screens.dialogs import AddFeedDialog

        def done(request) -> None:
            if request is not None:
                self._subscribe(request.url, request.folder)

        self.push_screen(AddFeedDialog(), done)

    @work(exclusive=True, group="subscribe", exit_on_error=False)
    async def _subscribe(self, url: str, folder: str | None) -> None:
        from feeds.core.urls import display_url

        from .flows.subscribe import subscribe
        from .screens.library import LibraryScreen

        self.notify(f"Adding {display_url(url)}…", markup=False, timeout=3)
        feed = await subscribe(self, url, folder, lambda: self._open_library(create=True))
        if feed is None:
            return
        library = self._open_library(create=True)
        self._show_library(library)
        screen = self.screen
        if isinstance(screen, LibraryScreen):
            screen.call_after_refresh(screen.start_refresh, [library.get_feed(feed.id)])

    # -- files and URLs ------------------------------------------------------------------
    @property
    def reader(self) -> ReaderScreen:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("reader screen not mounted")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read files and fetch URLs (and import the extractor) off the event loop."""
        result = _load(self.inputs)
        self.call_from_thread(self._loaded, result)

    def _loaded(self, result: "OpenResult") -> None:
        self.load_errors = [str(e) for e in result.errors]
        for err in self.load_errors:
            self.notify(err, title="Could not open", severity="error", markup=False, timeout=8)
        message = "Nothing could be opened:\n" + "\n".join(self.load_errors) if self.load_errors else ""
        self.reader.set_articles(result.articles, message)
        self.loaded = True
        for page_url, feeds in getattr(result, "discovered", []):
            self._offer_feeds(page_url, feeds)

    def _offer_feeds(self, page_url: str, feeds: list) -> None:
        from .screens.dialogs import ChooseFeedDialog

        def done(chosen: str | None) -> None:
            if chosen:
                self._subscribe(chosen, None)

        self.push_screen(ChooseFeedDialog(page_url, feeds), done)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then the ones the screen declares (``palette_commands``)."""
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            for title, help_text, callback in commands():
                yield SystemCommand(title, help_text, callback)


def _load(inputs: list[str]) -> "OpenResult":
    from feeds.inputs.open import open_inputs

    return open_inputs(inputs)


def make_app(inputs: Sequence[str] = (), **kwargs) -> NewsReaderApp:
    """The one factory for the CLI, the tests and the snapshots."""
    return NewsReaderApp(inputs, **kwargs)
