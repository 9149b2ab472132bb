"""The daily loop in a real terminal: the installed ``newsreader`` on a library of 60 feeds and 3,000 entries."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from feeds.paths import library_path

from ..conftest import env_for_subprocess, installed_command
from ..libgen import build_library
from .test_tmux import Tmux, tmux  # noqa: F401  (the fixture)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def big_library() -> Path:
    build_library(library_path(), feeds=60, per_feed=50).close()
    return library_path()


def _unread(home: Path) -> int:
    out = subprocess.run([installed_command(), "unread"], capture_output=True, text=True, timeout=30,
                         env=env_for_subprocess(home))
    return int(out.stdout.strip())


def _headlines(screen: str) -> int:
    """Rows of the article list on screen (every entry is unread, so each row has its ● mark)."""
    return sum(1 for row in screen.splitlines() if "●" in row)


@pytest.mark.parametrize(("size", "least"), [((120, 40), 25), ((80, 24), 12)])
def test_a_screen_holds_a_dense_headline_list(tmux: Tmux, big_library: Path, size: tuple[int, int],
                                              least: int) -> None:
    tmux.start([installed_command()], width=size[0], height=size[1])
    screen = tmux.wait_for("All articles (3,000)")
    time.sleep(0.5)
    screen = tmux.screen()
    assert _headlines(screen) >= least, screen
    if size[0] >= 120:  # one row per headline: title, feed and date share a line
        assert any("Feed" in row and "●" in row and "Nov" in row for row in screen.splitlines()), screen


def test_reading_pace_through_the_list_marks_nothing_read(tmux: Tmux, big_library: Path,
                                                          isolated_home: Path) -> None:
    tmux.start([installed_command()])
    tmux.wait_for("All articles (3,000)")
    # the article list has the focus at start
    for _ in range(10):
        tmux.send("j")
        time.sleep(0.4)  # long enough to read a headline: still not an opened article
    tmux.send("Q")
    deadline = time.monotonic() + 10
    while "All articles" in tmux.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _unread(isolated_home) == 3000
    # opening one is reading it
    tmux.kill()
    second = Tmux(isolated_home)
    try:
        second.start([installed_command()])
        second.wait_for("All articles (3,000)")
        second.send("Enter")
        second.wait_for("Key figures (")
        second.send("Q")
        deadline = time.monotonic() + 10
        while "Key figures" in second.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _unread(isolated_home) == 2999
    finally:
        second.kill()
