"""Start-up in a real terminal: the installed ``newsreader`` on a 20,000-entry library.

The first screen comes up while another process still holds the library (a
migration or a repair elsewhere): the layout with a "Loading…" row. When the
library is free the list fills in, and the keys work at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.library.lock import LibraryLock
from feeds.core.paths import library_path

from ..conftest import installed_command
from ..libgen import build_library
from .test_tmux import Tmux, tmux  # noqa: F401  (the fixture)

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def library_20k() -> Path:
    """80 feeds of 250 entries: story 1 is the newest, story 251 (feed 1's newest) the next."""
    path = library_path()
    build_library(path, feeds=80, per_feed=250, folders=8).close()
    return path


def test_big_library_paints_at_once_then_fills_in_and_keys_work(tmux: Tmux, library_20k: Path) -> None:
    other = LibraryLock(library_20k)  # another process has the library to itself for now
    assert other.try_exclusive()
    try:
        tmux.start([installed_command()])
        screen = tmux.wait_for("Loading…", timeout=30)
        assert "Library" in screen and "Article" in screen
        assert "All articles" not in screen
    finally:
        other.release()
    screen = tmux.wait_for("All articles (20,000)", timeout=30)
    screen = tmux.wait_for("Body of story 1.", timeout=30)
    assert "Loading…" not in screen
    tmux.send("j")  # the highlight moves: the second newest article shows
    tmux.wait_for("Body of story 251.", timeout=20)
    tmux.send("Enter")  # opening it: at 120 columns the panes take the list's place
    screen = tmux.wait_for("Key figures (", timeout=20)
    assert "Body of story 251." in screen


def test_a_pane_key_pressed_first_thing_brings_the_panes_in(tmux: Tmux, library_20k: Path) -> None:
    # At 120 columns the analysis panes are made only when first shown: a pane key pressed
    # before any article was opened must make them, show the article's analysis, and give
    # the list back on q.
    tmux.start([installed_command()])
    screen = tmux.wait_for("Body of story 1.", timeout=30)
    assert "Sources (" not in screen
    tmux.send("3")
    screen = tmux.wait_for("Sources (", timeout=20)
    assert "Quotes (" in screen and "Key figures (" in screen
    assert "All articles (20,000)" not in screen  # the panes took the list's place
    tmux.send("q")
    tmux.wait_for("All articles (20,000)", timeout=20)
