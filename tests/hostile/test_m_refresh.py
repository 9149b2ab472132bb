"""M6 and M13: the refresh's helpers die with it, and slow feeds do not hold up the rest."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable

import pytest

from feeds.core.paths import library_path
from feeds.refresh import refresh
from feeds.library.store import Library

from ..conftest import env_for_subprocess, installed_command
from ..feedgen import rss
from ..netserver import LoopbackServer, Response


# -- process helpers (from /proc) ------------------------------------------------------------

def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _descendants(root: int) -> set[int]:
    """Every live process below ``root``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info is not None:
                children.setdefault(info[1], []).append(int(entry.name))
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    """Those still running (a zombie waiting for init to reap it has died)."""
    return {p for p in pids if (info := _stat(p)) is not None and info[0] != "Z"}


def _gated_feeds(hosts: list[str], gate: threading.Event, *, holds: Callable[[str], bool],
                 seconds: float) -> LoopbackServer:
    """Feeds at /f/<name>.xml; those ``holds(name)`` picks answer when ``gate`` opens (or after ``seconds``)."""
    srv = LoopbackServer(hosts=hosts)

    async def handler(req) -> Response:
        name = req.path.rsplit("/", 1)[1].split(".")[0]
        if holds(name):
            for _ in range(int(seconds / 0.05)):
                if gate.is_set():
                    break
                await asyncio.sleep(0.05)
        return Response(200, rss(f"Feed {name}", 2), content_type="application/rss+xml")

    srv.route("/f/", handler, prefix=True)
    return srv.start()


# -- M6 ---------------------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.timeout(90)
def test_M6_parse_workers_die_with_a_killed_refresh(isolated_home: Path) -> None:
    """``kill -9`` of ``newsreader refresh`` mid-way: within seconds nothing it started is left running."""
    gate = threading.Event()
    hosts = [f"127.0.0.{i}" for i in range(2, 12)]
    # the slow half keeps the refresh (and its parse pool) running
    srv = _gated_feeds(hosts, gate, holds=lambda name: int(name) >= 20, seconds=30)
    proc = None
    helpers: set[int] = set()
    try:
        with Library.open(library_path()) as lib:
            for i in range(40):
                lib.add_feed(srv.url(f"/f/{i}.xml", host=hosts[i % len(hosts)]))
        with (isolated_home / "err.txt").open("w") as errs:
            proc = subprocess.Popen([installed_command(), "refresh", "--json"], env=env_for_subprocess(isolated_home),
                                    stdout=subprocess.DEVNULL, stderr=errs)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            helpers = _descendants(proc.pid)
            if sum("feeds.parse_worker" in _cmdline(p) for p in helpers) >= 2:
                time.sleep(1.0)  # let the pool finish starting every worker it wants
                helpers = _descendants(proc.pid)
                break
            time.sleep(0.1)
        assert any("feeds.parse_worker" in _cmdline(p) for p in helpers), "the parse pool never started"
        assert proc.poll() is None, "the refresh should still be waiting for the slow feeds"

        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 5
        while _alive(helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = {p: _cmdline(p)[:120] for p in _alive(helpers)}
        assert not left, f"still running after the refresh was killed: {left}"
    finally:
        gate.set()
        for pid in _alive(helpers):  # on failure, clean up what this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(10)
        srv.stop()


# -- M13 --------------------------------------------------------------------------------------

@pytest.mark.timeout(90)
async def test_M13_slow_feeds_do_not_hold_up_the_fast_ones(tmp_path: Path) -> None:
    """20 feeds that hang are queued first; the 40 fast feeds (40 hosts) all land before any hanging one.

    The hanging servers answer only once every fast feed is stored (or after
    10 s), so the order of completion tells whether fast feeds waited behind
    them: no wall-clock threshold.
    """
    fast_hosts = [f"127.0.0.{i}" for i in range(2, 42)]
    slow_hosts = [f"127.0.0.{i}" for i in range(42, 52)]
    release = threading.Event()
    # 10 s at most: under the 15 s read timeout
    srv = _gated_feeds(fast_hosts + slow_hosts, release, holds=lambda name: name.startswith("slow"), seconds=10)
    try:
        with Library.open(tmp_path / "library.sqlite") as lib:
            for i in range(20):  # subscribed first, so fetched first
                lib.add_feed(srv.url(f"/f/slow{i}.xml", host=slow_hosts[i % len(slow_hosts)]))
            for i, host in enumerate(fast_hosts):
                lib.add_feed(srv.url(f"/f/fast{i}.xml", host=host))
            feeds = sorted(lib.feeds(), key=lambda f: "/slow" not in f.url)  # the hanging ones first
            order: list[str] = []

            def progress(outcome, done: int, total: int) -> None:
                order.append("slow" if "/slow" in outcome.url else "fast")
                if order.count("fast") == 40:
                    release.set()

            summary = await refresh(lib, feeds, progress=progress)
        assert summary.failed == 0 and summary.ok == 60
        assert order[:40] == ["fast"] * 40, order
        assert srv.max_in_flight > 16  # more than the old overall limit waited at once
        assert max(srv.max_in_flight_by_host.values()) <= 2  # the per-host limit stays
    finally:
        release.set()
        srv.stop()


@pytest.mark.timeout(30)
async def test_M13_bodies_in_memory_stay_bounded_while_many_connections_wait() -> None:
    """Overall many requests wait at once, but only ``max_transfers`` bodies are read at once (memory)."""
    from feeds.net.http import Fetcher

    class Counting(Fetcher):
        active = peak = 0

        async def _read_body(self, response, cap):
            Counting.active += 1
            Counting.peak = max(Counting.peak, Counting.active)
            try:
                await asyncio.sleep(0.05)  # a body that takes a moment to arrive
                return await super()._read_body(response, cap)
            finally:
                Counting.active -= 1

    hosts = [f"127.0.0.{i}" for i in range(2, 12)]
    with LoopbackServer(hosts=hosts, catalogue=True) as srv:
        urls = [srv.url("/slow?delay=0.2", h) for h in hosts for _ in range(2)]
        async with Counting(max_transfers=3) as fetcher:
            results = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
    assert [r.status for r in results] == [200] * 20
    assert Counting.peak == 3
    assert srv.max_in_flight == 20  # every host's two requests waited on the server together


@pytest.mark.timeout(30)
async def test_M13_waiting_for_the_parsers_is_not_the_servers_time() -> None:
    """A refresh that holds a body back (its parsers are busy) does not time the feed out."""
    from feeds.net.http import Fetcher

    async def busy_parsers() -> None:
        await asyncio.sleep(1.5)

    with LoopbackServer() as srv:
        srv.static("/f.xml", rss("Patient", 2))
        async with Fetcher(deadline=1.0) as fetcher:
            result = await fetcher.fetch(srv.url("/f.xml"), body_gate=busy_parsers)
    assert result.status == 200 and b"Patient story 1" in result.content
