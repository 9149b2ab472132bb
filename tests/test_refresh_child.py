"""The reader's refresh in a child process: progress per feed, the same result, nothing left behind."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from feeds.refresh_child import refresh_in_child
from feeds.library.store import Library

from .feedgen import rss
from .netserver import LoopbackServer, Response


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        for i in range(6):
            srv.static(f"/f{i}.xml", rss(f"Feed {i}", [(f"Story {i}-{j}", f"Body {i} {j}.") for j in range(3)]))
        srv.route("/broken.xml", lambda req: Response(500, b"no", content_type="text/plain"))
        yield srv


def _library(path: Path, server: LoopbackServer) -> list[int]:
    with Library.open(path) as lib:
        ids = [lib.add_feed(server.url(f"/f{i}.xml")).id for i in range(6)]
        ids.append(lib.add_feed(server.url("/broken.xml")).id)
    return ids


def test_the_child_refreshes_the_library_and_reports_every_feed(tmp_path: Path, server: LoopbackServer) -> None:
    path = tmp_path / "lib.sqlite"
    ids = _library(path, server)
    seen: list[tuple[str, int, int]] = []
    summary = asyncio.run(refresh_in_child(path, None, progress=lambda o, d, t: seen.append((o.status, d, t))))
    assert len(seen) == 7 and {d for _, d, _ in seen} == set(range(1, 8)) and {t for *_, t in seen} == {7}
    assert summary.ok == 6 and summary.failed == 1 and summary.new_entries == 18
    failed = next(o for o in summary.outcomes if o.status == "error")
    assert failed.feed_id == ids[-1] and failed.error is not None and "500" in failed.error.message
    with Library.open(path, readonly=True) as lib:
        assert lib.unread_count() == 18


def test_the_child_refreshes_only_the_feeds_asked_for(tmp_path: Path, server: LoopbackServer) -> None:
    path = tmp_path / "lib.sqlite"
    ids = _library(path, server)
    summary = asyncio.run(refresh_in_child(path, ids[:2]))
    assert sorted(o.feed_id for o in summary.outcomes) == ids[:2]
    with Library.open(path, readonly=True) as lib:
        assert lib.unread_count() == 6


def test_cancelling_the_refresh_ends_the_child(tmp_path: Path, server: LoopbackServer) -> None:
    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        lib.add_feed(server.url("/slow.xml"))
    server.route("/slow.xml", lambda req: (__import__("time").sleep(8), Response(200, b"<rss/>"))[1])

    def children() -> set[int]:
        out = set()
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if b"feeds.refresh_child" in cmd and str(path).encode() in cmd:
                    out.add(int(pid))
        return out

    async def run() -> set[int]:
        task = asyncio.ensure_future(refresh_in_child(path, None))
        for _ in range(100):
            await asyncio.sleep(0.1)
            if children():
                break
        running = children()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return running

    running = asyncio.run(run())
    assert running, "the refresh should have been running in a child process"
    assert not children()


def test_a_child_that_cannot_start_is_an_oserror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 server: LoopbackServer) -> None:
    path = tmp_path / "lib.sqlite"
    _library(path, server)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    with pytest.raises(OSError):
        asyncio.run(refresh_in_child(path, None))
