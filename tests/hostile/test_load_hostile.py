"""K1: a large fleet on loopback — the refresh finishes within its limits and the UI keeps answering."""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import threading
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library

from ..conftest import env_for_subprocess, installed_command
from ..feedgen import rss
from ..netserver import LoopbackServer, Response
from ..procinfo import tree_rss_kib

HOSTS = [f"127.0.0.{i}" for i in range(2, 22)]  # 20 "hosts"
N_FEEDS = 2000


def _fleet(seed: int = 11, gate: threading.Event | None = None) -> tuple[LoopbackServer, list[str], set[int], set[int]]:
    """2,000 feeds on 20 loopback hosts; slow ones take a second (or wait for ``gate``)."""
    rng = random.Random(seed)
    ids = list(range(N_FEEDS))
    slow = set(rng.sample(ids, N_FEEDS // 10))
    failing = set(rng.sample([i for i in ids if i not in slow], N_FEEDS // 20))
    srv = LoopbackServer(hosts=HOSTS)
    bodies = [rss(f"Fleet {k}", 4) for k in range(16)]

    async def handler(req):
        i = int(req.path.rsplit("/", 1)[1].split(".")[0])
        if i in slow:
            if gate is None:
                await asyncio.sleep(1.0)
            else:
                for _ in range(600):  # until the test opens the gate (at most 30 s)
                    if gate.is_set():
                        break
                    await asyncio.sleep(0.05)
        if i in failing:
            return Response(500, b"<html>down</html>", content_type="text/html")
        return Response(200, bodies[i % len(bodies)], content_type="application/rss+xml")

    srv.route("/f/", handler, prefix=True)
    srv.start()
    urls = [srv.url(f"/f/{i}.xml", host=HOSTS[i % len(HOSTS)]) for i in ids]
    return srv, urls, slow, failing


@pytest.mark.timeout(300)
def test_K1_two_thousand_feeds(isolated_home: Path) -> None:
    srv, urls, slow, failing = _fleet()
    try:
        with Library.open(library_path()) as lib:
            for url in urls:
                lib.add_feed(url)
        env = env_for_subprocess(isolated_home)
        out_file, err_file = isolated_home / "out.json", isolated_home / "err.txt"
        with out_file.open("w") as out, err_file.open("w") as errs:  # files: a full pipe would stall the child
            proc = subprocess.Popen([installed_command(), "refresh", "--json"], env=env, stdout=out, stderr=errs)
            peak = 0
            while proc.poll() is None:
                peak = max(peak, tree_rss_kib(proc.pid))
                try:
                    proc.wait(0.2)
                except subprocess.TimeoutExpired:
                    pass
        summary = json.loads(out_file.read_text())
        err = err_file.read_text()
        assert peak < 300 * 1024, f"peak RSS {peak // 1024} MB"
        assert summary["feeds"] == N_FEEDS
        assert summary["failed"] == len(failing)
        assert summary["ok"] == N_FEEDS - len(failing)
        assert srv.max_in_flight <= 128  # waiting connections overall (M13); 20 hosts × 2 here
        assert max(srv.max_in_flight_by_host.values()) <= 2
        assert "Traceback" not in err
    finally:
        srv.stop()


@pytest.mark.timeout(300)
async def test_K1_reader_answers_keys_while_refreshing(isolated_home: Path, monkeypatch) -> None:
    """During a refresh of hundreds of feeds, j still moves through the list (UI not blocked)."""
    from tui.app import make_app
    from tui.screens.library import LibraryScreen
    from tui.widgets.article_view import ArticleView

    from ..tui.harness import settle

    gate = threading.Event()  # slow feeds hold the refresh open until the keys have been pressed
    srv, urls, slow, failing = _fleet(seed=5, gate=gate)
    try:
        with Library.open(library_path()) as lib:
            for url in urls[:400]:
                lib.add_feed(url)
            from feeds.refresh import refresh

            quick = {u for i, u in enumerate(urls[:400]) if i not in slow and i not in failing}
            await refresh(lib, [f for f in lib.feeds() if f.url in quick][:40])  # articles to move through
        app = make_app([])
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            await pilot.press("R")
            await pilot.pause(0.3)
            titles = []
            view = screen.query_one(ArticleView)
            for _ in range(5):
                await pilot.press("j")
                await pilot.pause(0.05)
                titles.append(view.article.title if view.article else None)
            refreshing = any(w.group == "refresh" and w.is_running for w in app.workers)
            assert refreshing, "the refresh should still be running while we press keys"
            assert len(set(titles)) >= 4  # each j moved to another article while fetching went on
            gate.set()
            await app.workers.wait_for_complete()
            await settle(pilot)
    finally:
        srv.stop()
