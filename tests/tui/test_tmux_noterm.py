"""The reader started in a real terminal but with its input redirected (item 12).

``newsreader FILE </dev/null`` used to paint the reader and then ignore every
key; ``0<&-`` ended in a traceback. Both now print one line pointing at the
headless commands and exit with status 2, while a tty on both ends still
opens the reader (``test_tmux.py``).
"""

from __future__ import annotations

import shlex
import shutil

import pytest

from ..conftest import ARTICLES, installed_command
from .test_tmux import Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def tmux(isolated_home):
    t = Tmux(isolated_home)
    yield t
    t.kill()


@pytest.mark.parametrize("redirect", ["</dev/null", "0<&-"])
def test_reader_with_stdin_redirected_in_a_terminal_says_so_and_exits(tmux: Tmux, redirect: str) -> None:
    command = f"{shlex.quote(installed_command())} {shlex.quote(str(ARTICLES / '01-ferry.txt'))} {redirect}"
    tmux._tmux("new-session", "-d", "-s", tmux.name, "-x", "200", "-y", "20",
               f"{command}; echo exit-status=$?; sleep 60")
    screen = tmux.wait_for("exit-status=", timeout=20)
    assert "exit-status=2" in screen
    assert "newsreader: the reader needs a terminal" in screen and "newsreader analyze" in screen
    assert "Traceback" not in screen and "Key figures" not in screen  # nothing painted
