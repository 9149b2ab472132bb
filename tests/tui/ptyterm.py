"""The installed ``newsreader`` in a real pseudo-terminal, read byte for byte.

tmux shows the screen as it ends up; a pty shows every frame the reader writes
and in what order, which is what start-up and key-latency tests are about.
Textual ends each frame by putting the cursor back home.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time

from ..conftest import installed_command

#: Where a frame starts (its first row) and ends (the cursor put back home).
HOME = b"\x1b[1;1H"


class PtyReader:
    """The reader running in a pty of ``size`` (columns, rows); ``out`` is everything it wrote."""

    def __init__(self, size: tuple[int, int] = (120, 40)) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="")
        self.proc = subprocess.Popen([installed_command()], stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.out = b""

    def read_until(self, done, timeout: float = 60) -> None:
        """Read until ``done(self.out)`` holds."""
        deadline = time.monotonic() + timeout
        while not done(self.out):
            if time.monotonic() > deadline:
                raise AssertionError(f"never came; got {self.out[-2000:]!r}")
            ready, _, _ = select.select([self.master], [], [], 1.0)
            if ready:
                self.out += os.read(self.master, 65536)

    def read_quietly(self, seconds: float) -> None:
        """Read what comes within ``seconds`` (the reader settling)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                self.out += os.read(self.master, 65536)

    def press(self, keys: bytes) -> int:
        """Send ``keys``; the offset in ``out`` where what they cause starts."""
        at = len(self.out)
        os.write(self.master, keys)
        return at

    def close(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        os.close(self.master)

    def __enter__(self) -> "PtyReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def frame_showing(out: bytes, showing: bytes, start: int = 0) -> bytes:
    """The whole frame (from the home before it to the home after it) in which ``showing`` first
    appears after ``start``."""
    at = out.index(showing, start)
    return out[out.rindex(HOME, 0, at):out.index(HOME, at) + len(HOME)]
