"""Settings in the running app: keys remapped, the theme applied and saved, problems said once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from feeds.core.config import config_path, load_config
from tui.app import NewsReaderApp, make_app
from tui.screens.dialogs import SearchDialog
from tui.screens.library import LibraryScreen

from .harness import settle
from .test_help import library  # noqa: F401  (the fixture: a real library on a loopback feed)

WIDE = (120, 40)


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(title, message) of every notification the app shows."""
    shown: list[tuple[str, str]] = []
    original = NewsReaderApp.notify

    def notify(self, message, *, title="", **kwargs):
        shown.append((title, message))
        return original(self, message, title=title, **kwargs)

    monkeypatch.setattr(NewsReaderApp, "notify", notify)
    return shown


async def test_a_remapped_key_runs_the_action_and_the_old_key_no_longer_does(library) -> None:  # noqa: F811
    write_config('[keys]\nlibrary.search = "ctrl+f"   # unquoted dotted id works too\n')
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchDialog)


async def test_bad_keys_and_settings_are_each_reported_once_in_one_line(library, notes) -> None:  # noqa: F811
    write_config('[keys]\n"library.nope" = "x"\n"library.search" = "ctrl+bogus"\n'
                 '[ui]\ntheme = "no-such-theme"\nlist_width = 5\n')
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # a refresh reads the settings again: nothing more is said
        await settle(pilot)
        settings = [message for title, message in notes if title == "Settings"]
        assert len(settings) == 4, settings
        assert all("\n" not in m for m in settings)
        joined = " | ".join(settings)
        assert "'library.nope' is not a binding id" in joined and "'ctrl+bogus' is not a key" in joined
        assert "'no-such-theme' is not a theme" in joined and "list_width must be" in joined
        assert app.theme == "textual-dark"
        await pilot.press("slash")  # the refused remapping left the default key working
        await pilot.pause()
        assert isinstance(app.screen, SearchDialog)


async def test_the_theme_is_applied_at_start_and_a_picked_theme_is_saved_in_place(library) -> None:  # noqa: F811
    mine = ('# my settings\n[refresh]\nfetch_full_articles = true  # pages too\n\n'
            '[ui]\n# the colours\ntheme = "nord"   # a dark one\nlist_width = 40\n')
    path = write_config(mine)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.5)
        await pilot.press("enter")  # "Theme: change the current theme"
        await pilot.pause(0.5)
        await pilot.press(*"gruvbox")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.theme == "gruvbox"
    assert path.read_text(encoding="utf-8") == mine.replace('"nord"', '"gruvbox"')
    assert load_config(path).theme == "gruvbox"
    again = make_app([])
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


def test_the_installed_command_takes_keys_from_config_and_says_what_it_refused(isolated_home) -> None:
    import shutil

    from ..conftest import installed_command
    from .test_tmux import Tmux

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    write_config('[keys]\n"reader.help" = "h"\n"reader.nope" = "x"\n')
    term = Tmux(isolated_home)
    try:
        term.start([installed_command()])
        term.wait_for("Articles (")
        screen = term.wait_for("reader.nope")  # the refused entry, in a notification
        assert "Traceback" not in screen
        term.send("h")
        screen = term.wait_for("Everywhere")  # the help box, opened by the new key
        assert re.search(r"│\s+h\s+Help\s+reader\.help\s", screen), screen
    finally:
        term.kill()
