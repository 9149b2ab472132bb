"""End to end: ``R`` in the installed reader refreshes a large library (issue 9, item 1).

From 24 feeds on, a refresh parses in worker processes. Under Textual the
standard error stream is a stand-in without a file descriptor, and starting
the pool used to fail there, so every feed of a big library was stored as
failed. This drives the real command in tmux with 60 loopback feeds.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import env_for_subprocess, installed_command
from ..feedgen import rss
from ..netserver import LoopbackServer, Response
from .test_tmux import Tmux, pytestmark, tmux  # noqa: F401 - the fixture and the skip-without-tmux mark

N_FEEDS = 60
HOSTS = [f"127.0.0.{i}" for i in range(2, 8)]  # six hosts: the per-host limit applies as on the web
#: The start of ``RefreshSummary.line()``; the rest may wrap in a narrow status line.
SUMMARY = re.compile(r"(\d+) feeds: (\d+) ok")


def _server(edition: list[int]) -> LoopbackServer:
    """60 feeds; ``edition[0]`` more stories appear in each once the test bumps it."""
    srv = LoopbackServer(hosts=HOSTS)

    def handler(req) -> Response:
        i = int(req.path.rsplit("/", 1)[1].split(".")[0])
        body = rss(f"Loop {i}", 3 + edition[0])
        return Response(200, body, content_type="application/rss+xml")

    srv.route("/f/", handler, prefix=True)
    return srv.start()


def _opml(urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="Loop {i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>{outlines}</body></opml>'


def _newsreader(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([installed_command(), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.timeout(240)
def test_R_refreshes_sixty_feeds_in_the_reader(tmux: Tmux, isolated_home: Path) -> None:
    edition = [0]
    srv = _server(edition)
    try:
        env = env_for_subprocess(isolated_home)
        urls = [srv.url(f"/f/{i}.xml", host=HOSTS[i % len(HOSTS)]) for i in range(N_FEEDS)]
        opml = isolated_home / "loop.opml"
        opml.write_text(_opml(urls), encoding="utf-8")
        assert _newsreader(env, "import", str(opml)).returncode == 0
        first = _newsreader(env, "refresh", "--json")
        assert json.loads(first.stdout)["ok"] == N_FEEDS, first.stderr

        edition[0] = 2  # every feed now has two more stories
        tmux.start(["sh", "-c", f"{installed_command()}; echo NR-EXITED-$?"])
        tmux.wait_for("Loop", timeout=30)  # the library is on screen
        time.sleep(0.5)
        started = time.monotonic()
        tmux.send("R")
        screen = tmux.wait_for(f"{N_FEEDS} feeds:", timeout=120)  # the summary line, whatever the layout
        took = time.monotonic() - started
        match = SUMMARY.search(screen)
        assert match, screen
        own = re.search(r"\((\d+\.\d) s\)", screen)
        print(f"\n60-feed refresh in the reader: {took:.1f} s until on screen "
              f"({own.group(1) if own else '?'} s by its own clock); {match.group(0)}")
        assert int(match.group(2)) == N_FEEDS, screen
        tmux.send("Q")
        tmux.wait_for("NR-EXITED-", timeout=20)

        feeds = json.loads(_newsreader(env, "feeds", "--json").stdout)
        assert len(feeds) == N_FEEDS
        assert [f["url"] for f in feeds if f["error"]] == []  # none failed, none backing off
        assert {f["total"] for f in feeds} == {5}  # each has its two new stories
    finally:
        srv.stop()
