"""A key draws everything it changes in one frame, read byte for byte from a real terminal.

Moving through the headlines shows the article under the cursor. If the cursor
is drawn in one frame and the article in the next, the article comes a frame
period (1/60 s, or more when busy) after the cursor, every key: measured in
tmux, a key took 59 ms to show its article instead of 31.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from feeds.core.paths import library_path

from ..libgen import build_library
from .ptyterm import HOME, PtyReader

pytestmark = pytest.mark.timeout(120)

#: An article's body as drawn: its number is highlighted (a figure), so colours may come between.
_BODY = re.compile(rb"Body of story (?:\x1b\[[0-9;]*m)*(\d+)")


@pytest.fixture
def library() -> Path:
    """A realistic library in the user's library file: 60 feeds in folders, 3,000 entries."""
    path = library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    build_library(path, feeds=60, per_feed=50).close()
    return path


def _article_shown(out: bytes) -> bool:
    m = _BODY.search(out)
    return m is not None and HOME in out[m.end():]


def test_moving_the_cursor_draws_the_article_in_the_frame_that_moves_the_cursor(library: Path) -> None:
    with PtyReader() as term:
        term.read_until(_article_shown)
        term.read_quietly(3.0)  # the background work after start-up is done: only the key draws now
        first_shown = _BODY.findall(term.out)[-1]
        for key, shown in ((b"j", first_shown), (b"k", None)):
            at = term.press(key)

            def article_drawn(out: bytes) -> bool:
                m = _BODY.search(out, at)
                return m is not None and HOME in out[m.end():]

            term.read_until(article_drawn, timeout=30)
            after = term.out[at:]
            first = after[:after.index(HOME) + len(HOME)]  # the first frame the key caused
            m = _BODY.search(first)
            assert m is not None, "the first frame after the key moved the cursor without the article"
            assert shown is None or m.group(1) != shown
            # The cursor moved in that frame too: the two rows it left and reached (at column 1).
            assert len(set(re.findall(rb"\x1b\[(\d+);1H", first)) - {b"1"}) >= 2
            term.read_quietly(0.5)
