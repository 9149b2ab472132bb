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

from .ptyterm import HOME, PtyReader
from .test_startup_worker import library  # noqa: F401  (the fixture: three feeds of five entries)

pytestmark = pytest.mark.timeout(120)

#: An article's body as drawn: its number is highlighted (a figure), so colours may come between.
_BODY = re.compile(rb"Body of story (?:\x1b\[[0-9;]*m)*(\d+)")


def test_moving_the_cursor_draws_the_article_in_the_frame_that_moves_the_cursor(library: Path) -> None:
    with PtyReader() as term:
        term.read_until(lambda out: b"Body of story 1." in out and HOME in out[out.index(b"Body of story 1."):])
        term.read_quietly(3.0)  # the background work after start-up is done: only the key draws now
        for key, shown in ((b"j", b"1"), (b"k", None)):
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
