"""End to end: the installed reader after a big first refresh (issue 11).

60 feeds x 100 entries stored as HTML by a real refresh. The reader's status
line counts the catch-up down while keys keep working; quitting mid-way ends
the catch-up child with the reader and loses nothing; the next start finishes it.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library

from ..conftest import installed_command
from ..netserver import LoopbackServer
from ..pendinglib import fill_pending
from .test_tmux import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def tmux(isolated_home: Path):
    t = Tmux(isolated_home)
    yield t
    t.kill()


def _catchup_children(library: Path) -> list[int]:
    """Processes running ``python -m feeds.catchup`` on this library (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"feeds.catchup" in argv and str(library).encode() in argv:
            found.append(int(entry.name))
    return found


def _counts(path: Path) -> tuple[int, int]:
    with Library.open(path, readonly=True) as lib:
        return lib.pending_text(), len(lib.view_index().seqs)


def _body(screen: str) -> str:
    return "\n".join(line for line in screen.splitlines() if "left" not in line)


def test_status_line_counts_the_catch_up_and_keys_work_meanwhile(tmux: Tmux) -> None:
    path = library_path()
    with LoopbackServer() as srv:
        assert fill_pending(path, srv, feeds=60, per_feed=100) == 6000
    tmux.start([installed_command()])
    screen = tmux.wait_for("Preparing articles for reading and search", timeout=60)
    assert "left" in screen
    assert _catchup_children(path), "no catch-up child is running"
    before = _body(tmux.screen())
    tmux.send("j")
    deadline = time.monotonic() + 10
    while _body(tmux.screen()) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _body(tmux.screen()) != before, "j did nothing while the catch-up ran"
    tmux.send("q")  # quit mid-way: the child goes with the reader
    deadline = time.monotonic() + 10
    while _catchup_children(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _catchup_children(path)
    left, total = _counts(path)
    assert total == 6000  # nothing lost
    if left:  # the next start finishes what the first left
        tmux.kill()
        again = Tmux(Path(os.environ["XDG_DATA_HOME"]).parent)
        try:
            again.start([installed_command()])
            again.wait_for("Library (60 feeds)", timeout=60)
            deadline = time.monotonic() + 180
            while _counts(path)[0] and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(1.5)  # the next look at the count clears the status note
            assert "left" not in again.screen()
        finally:
            again.kill()
    assert _counts(path) == (0, 6000)
