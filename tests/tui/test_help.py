"""``?`` shows the keys of the screen it was pressed on, after the user's remapping."""

from __future__ import annotations

import asyncio
import re

import pytest

from feeds.core.config import config_path
from feeds.core.paths import library_path
from feeds.refresh import refresh
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen

from ..feedgen import rss
from ..netserver import LoopbackServer
from .harness import screen_text, settle

#: Tall enough for the whole help box to be on screen at once.
TALL = (120, 140)
LIBRARY_KEYS = {"n": "Next unread", "N": "Previous unread", "m": "Toggle read", "s": "Star",
                "A": "Mark all here read", "r": "Refresh", "R": "Refresh all", "/": "Search",
                "f": "Fetch full article"}


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer() as srv:
        srv.static("/town.xml", rss("Town News", 3, link=srv.url("/")))
        with Library.open(library_path()) as lib:
            asyncio.run(refresh(lib, [lib.add_feed(srv.url("/town.xml"))]))
        yield srv


def help_rows(text: str) -> dict[str, list[str]]:
    """What the help box shows: description -> keys, read off the screen."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        inside = line.split("│")
        for cell in inside:
            parts = re.split(r"\s{2,}", cell.strip())
            if len(parts) >= 2 and parts[0] and parts[1]:
                rows.setdefault(parts[1], parts[0].split())
    return rows


async def _help_text(app, pilot) -> str:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    return screen_text(app)


async def test_help_on_the_library_lists_the_library_keys_and_no_framework_internals(library) -> None:
    app = make_app([])
    async with app.run_test(size=TALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        text = await _help_text(app, pilot)
        rows = help_rows(text)
        for key, words in LIBRARY_KEYS.items():
            assert key in rows.get(words, []), (key, words, rows.get(words))
        assert "Library" in text and "Everywhere" in text
        for internal in ("scroll left", "scroll right", "focus next", "copy selected text", "help_quit",
                         "screen.copy_text", "page left"):
            assert internal not in text.lower()
        assert "↓" in rows["Down"] and "j" in rows["Down"]  # Textual's arrow shares our row
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_key_remapped_in_config_shows_its_new_key_in_the_help(library) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"library.refresh_all" = "ctrl+r"\n"library.star" = "S,asterisk"\n', encoding="utf-8")
    app = make_app([])
    async with app.run_test(size=TALL) as pilot:
        rows = help_rows(await _help_text(app, pilot))
        assert rows["Refresh all"] == ["^r"]
        assert rows["Star"] == ["S", "*"]
        assert "R" not in sum(rows.values(), [])  # the old key is gone everywhere


async def test_help_on_the_reader_of_files_does_not_offer_library_keys(tmp_path) -> None:
    article = tmp_path / "note.txt"
    article.write_text("A short note\n\nThe council met on Tuesday.\n", encoding="utf-8")
    app = make_app([str(article)])
    async with app.run_test(size=TALL) as pilot:
        rows = help_rows(await _help_text(app, pilot))
        assert rows["Next article"] == ["J"] and "Next unread" not in rows and "Refresh all" not in rows
        text = screen_text(app).lower()
        assert "scroll left" not in text and "scroll right" not in text
