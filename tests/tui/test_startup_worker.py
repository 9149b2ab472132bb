"""Start-up: the first screen paints before the library is open, and fills in when it is.

The library is opened (and read) in a thread: another process may hold it for a
migration or a repair, and a big library takes a while to read. Until then the
screen shows its layout and a "Loading…" row, and only the reader's own keys act.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.library.lock import LibraryLock
from feeds.core.paths import library_path
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList

from ..libgen import build_library
from .harness import screen_text, settle

WIDE = (120, 40)


@pytest.fixture
def library() -> Path:
    """Three feeds of five entries in the user's library file."""
    path = library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    build_library(path, feeds=3, per_feed=5, folders=0).close()
    return path


async def _until(pilot, condition, rounds: int = 400) -> None:
    """Let the app run until ``condition()`` holds (no clock in the assertion: rounds of the loop)."""
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)


async def test_first_screen_paints_while_another_process_holds_the_library(library: Path) -> None:
    # Another newsreader migrating or repairing the library holds it exclusively.
    other = LibraryLock(library)
    assert other.try_exclusive()
    try:
        app = make_app([])
        async with app.run_test(size=WIDE) as pilot:
            await _until(pilot, lambda: isinstance(app.screen, LibraryScreen) and "Loading…" in screen_text(app))
            shown = screen_text(app)
            assert "Loading…" in shown  # a row saying the list is coming, not a blank screen
            assert "Library" in shown and "Article" in shown  # the whole layout is there
            assert not app.loaded and app.library is None
            await pilot.press("j", "enter", "m", "s", "r")  # keys that need the library do nothing yet
            await pilot.pause(0.2)
            assert isinstance(app.screen, LibraryScreen) and "Loading…" in screen_text(app)

            other.release()  # the other process is done: the list fills in
            await _until(pilot, lambda: app.loaded)
            await settle(pilot)
            shown = screen_text(app)
            assert "Loading…" not in shown
            assert "All articles (15)" in shown and "Body of story 1." in shown
            await pilot.press("j")
            await settle(pilot)
            assert app.screen.query_one(ArticleList).highlighted == 1
            assert "Body of story 6." in screen_text(app)
    finally:
        other.release()
    with Library.open(library) as lib:  # nothing the user had was touched by the wait
        assert lib.count_entries() == 15



async def test_first_list_read_in_two_steps_reaches_every_entry(library: Path, monkeypatch) -> None:
    # The first screen reads only the head of the list; the rest follows in a thread.
    monkeypatch.setattr("tui.screens.library.HEAD_ROWS", 5)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await _until(pilot, lambda: app.loaded)
        await settle(pilot)
        assert "All articles (15)" in screen_text(app)
        await pilot.press("end")  # the oldest entry, past the head
        await settle(pilot)
        assert app.screen.query_one(ArticleList).highlighted == 14
        assert "Body of story 15." in screen_text(app)
        await pilot.press("home", "j")
        await settle(pilot)
        assert "Body of story 6." in screen_text(app)


async def test_a_library_read_before_the_ui_loaded_is_in_its_very_first_frame(library: Path) -> None:
    # The command line starts reading the library before it imports the UI; when that is
    # done by the time the screen mounts, no "Loading…" frame is ever drawn.
    from feeds.library.firstscreen import start_reading

    early = start_reading(library)
    early.result(timeout=30)
    app = make_app([], early=early)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "Loading…" not in shown
        assert "All articles (15)" in shown and "Body of story 1." in shown
        await pilot.press("j")
        await settle(pilot)
        assert "Body of story 6." in screen_text(app)


async def test_a_library_that_cannot_be_read_early_is_one_line_and_the_samples(isolated_home: Path) -> None:
    from feeds.library.firstscreen import FirstScreenError, read_first_screen, start_reading

    path = library_path()
    path.mkdir(parents=True)  # a folder where the library file should be
    with pytest.raises(FirstScreenError) as failed:
        read_first_screen(path)
    assert failed.value.message and "\n" not in failed.value.message
    app = make_app([], early=start_reading(path))
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _until(pilot, lambda: not isinstance(app.screen, LibraryScreen) or app.loaded)
        await settle(pilot)
        shown = screen_text(app)
        assert "Traceback" not in shown
        assert not isinstance(app.screen, LibraryScreen)  # the built-in samples instead
        assert " ".join(failed.value.message.split()[:3]) in " ".join(shown.split())  # the reason, said once
