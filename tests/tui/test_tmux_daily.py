"""The daily loop in a real terminal: the installed ``newsreader`` on a library of 60 feeds and 3,000 entries."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from feeds.core.paths import library_path

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


def _row_backgrounds(tmux: Tmux) -> list[set[str]]:
    """For each screen row holding a headline (●), the background colour codes used on it."""
    raw = tmux._tmux("capture-pane", "-e", "-p", "-t", tmux.name)
    import re

    out = []
    for row in raw.splitlines():
        if "●" in row:
            out.append(set(re.findall(r"\x1b\[[0-9;]*?(48;[0-9;]+?)m", row.split("│")[1] if "│" in row else row)))
    return out


def test_the_row_under_the_cursor_stands_out_in_a_real_terminal(tmux: Tmux, big_library: Path) -> None:
    """The cursor's colours sit on top of each row's own: in a terminal its row looks unlike the others."""
    tmux.start([installed_command()], width=120, height=40)
    tmux.wait_for("All articles (3,000)")
    tmux.send("j", "j")
    time.sleep(1.0)
    rows = _row_backgrounds(tmux)
    assert len(rows) >= 10, rows
    only_once = [code for code in set().union(*rows) if sum(code in bg for bg in rows) == 1]
    marked = [i for i, bg in enumerate(rows) if any(code in bg for code in only_once)]
    assert marked == [2], rows  # the third headline (two j's down), and no other, has the cursor's colour
