"""The key footer: right keys for what has focus, without rebuilding itself for nothing."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import ProgressBar, Static
from textual.widgets._progress_bar import Bar

from tui.app import make_app
from tui.widgets.footer import KeyFooter

from .harness import settle

WIDE = (120, 40)


class _Box(Static, can_focus=True):
    pass


class _Marks(_Box):
    BINDINGS = [Binding("m", "noop", "Mark")]


class _Stars(_Box):
    BINDINGS = [Binding("s", "noop", "Star")]


class _Twin(_Box):
    BINDINGS = [Binding("s", "noop", "Star")]


class _Probe(App):
    def compose(self) -> ComposeResult:
        yield _Marks("one", id="one")
        yield _Stars("two", id="two")
        yield _Twin("three", id="three")
        yield KeyFooter()

    def action_noop(self) -> None:
        pass


def _keys(app: App) -> list[str]:
    return [str(key.render()).strip() for key in app.screen.query("FooterKey")]


async def test_the_footer_shows_the_keys_of_what_has_focus() -> None:
    app = _Probe()
    async with app.run_test() as pilot:
        app.query_one("#one").focus()
        await pilot.pause()
        assert "m Mark" in _keys(app) and "s Star" not in _keys(app)
        await pilot.press("tab")
        await pilot.pause()
        assert "s Star" in _keys(app) and "m Mark" not in _keys(app)
        shown = list(app.screen.query("FooterKey"))
        await pilot.press("tab")  # the next widget has the same keys: nothing to rebuild
        await pilot.pause()
        assert list(app.screen.query("FooterKey")) == shown


async def test_moving_focus_in_the_reader_does_not_rebuild_the_footer() -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = list(app.screen.query("FooterKey"))
        keys = _keys(app)
        assert "? Help" in keys
        await pilot.press("tab")  # from the article list to the article: the same keys apply
        await pilot.pause()
        assert _keys(app) == keys
        assert list(app.screen.query("FooterKey")) == shown


async def test_the_refresh_bar_never_animates_while_hidden(tmp_path) -> None:
    """A bar with no total pulses on a timer, waking the reader 15 times a second even while hidden."""
    from feeds.core.paths import library_path
    from feeds.library.store import Library

    with Library.open(library_path()) as lib:
        lib.add_feed("http://127.0.0.1:9/feed.xml")  # nothing listens there: the refresh fails fast

    def pulsing(app) -> bool:
        return any(not bar.display and bar.query_one(Bar).auto_refresh is not None
                   for bar in app.screen.query("#refresh-progress").results(ProgressBar))

    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not pulsing(app)
        await pilot.press("R")
        await settle(pilot)
        for _ in range(100):
            bars = list(app.screen.query("#refresh-progress").results(ProgressBar))
            if bars and not bars[0].display:
                break
            await pilot.pause(0.05)
        assert bars and not bars[0].display
        assert not pulsing(app)


async def test_the_status_line_is_rewritten_in_place_and_still_wraps_when_it_must(tmp_path) -> None:
    """A refresh rewrites the status ten times a second: a line of the same height needs no new
    layout of the screen (a key pressed meanwhile waited for it); a longer one still wraps."""
    from feeds.core.paths import library_path
    from feeds.library.store import Library

    from .harness import screen_text

    with Library.open(library_path()) as lib:
        lib.add_feed("http://127.0.0.1:9/feed.xml")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        status = screen.query_one("#status", Static)
        layouts: list[bool] = []
        real_update = status.update

        def update(content="", *, layout: bool = True) -> None:
            layouts.append(layout)
            real_update(content, layout=layout)

        status.update = update  # type: ignore[method-assign]
        screen.set_status("Refreshing 1/500 — first feed")
        await pilot.pause()
        screen.set_status("Refreshing 2/500 — second feed")
        await pilot.pause()
        assert "Refreshing 2/500 — second feed" in screen_text(app)
        assert layouts[-1] is False  # same height: repainted in place
        long = "Refreshing 3/500 — " + " ".join(["a feed with a very long title"] * 3) + " END"
        screen.set_status(long)
        await pilot.pause()
        assert layouts[-1] is True  # it wraps to two lines: a layout
        assert "END" in screen_text(app)
        screen.set_status("Refreshing 4/500 — short")
        await pilot.pause()
        assert layouts[-1] is True  # back to one line
        assert "END" not in screen_text(app) and "Refreshing 4/500 — short" in screen_text(app)
