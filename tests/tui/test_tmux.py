"""End to end: the installed ``newsreader`` command in a real terminal (tmux)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from ..conftest import ARTICLES, env_for_subprocess, installed_command

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, home: Path) -> None:
        self.name = f"nr-{uuid.uuid4().hex[:8]}"
        self.socket = f"nr-test-{self.name}"
        self.env = env_for_subprocess(home)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              env=self.env, timeout=10).stdout

    def start(self, command: list[str], width: int = 120, height: int = 40) -> None:
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   " ".join(shlex.quote(c) for c in command) + "; sleep 60")

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_title}")

    def send(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{screen}")

    def kill(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def tmux(isolated_home: Path):
    t = Tmux(isolated_home)
    yield t
    t.kill()


def test_installed_command_shows_article_and_panes_and_responds_to_keys(tmux: Tmux) -> None:
    tmux.start([installed_command(), str(ARTICLES / "01-ferry.txt"), str(ARTICLES / "03-wrapped.txt")])
    tmux.wait_for("Island ferry service resumes")
    tmux.send("Enter")  # opening an article brings its panes beside it (at 120 columns, in the list's place)
    screen = tmux.wait_for("Key figures (")
    assert "Quotes (" in screen and "Sources (" in screen
    tmux.send("J")  # next article, still reading
    screen = tmux.wait_for("The budget passed by 31 votes")
    tmux.send("?")
    tmux.wait_for("Everywhere")
    tmux.send("End")  # the help scrolls: its last rows are the app's
    tmux.wait_for("Command palette")
    tmux.send("q")
    time.sleep(0.3)
    tmux.send("q")  # back to the list
    tmux.wait_for("Articles (2)")
    tmux.send("q")
    # the app exits; the shell's `sleep` keeps the pane, and the screen no longer shows the reader
    deadline = time.monotonic() + 10
    while "Key figures" in tmux.screen() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Key figures" not in tmux.screen()


def test_window_title_is_not_changed_by_article_text(tmux: Tmux, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text("Harmless headline\n\nBody \x1b]2;PWNED-TITLE\x07 text \x1b]0;PWNED-BEL\x07 end.\n",
                    encoding="utf-8")
    tmux.start([installed_command(), str(evil)])
    tmux.wait_for("Harmless headline")
    time.sleep(0.5)
    assert "PWNED" not in tmux.title()
    assert "PWNED" not in tmux.screen()
