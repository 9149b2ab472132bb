"""Refreshing subscriptions against a real loopback server into a real SQLite library."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from feeds.net.http import Fetcher
from feeds.refresh import next_update_after, refresh
from feeds.core.errors import FeedError
from feeds.library.store import Library

from .feedgen import rss
from .netserver import LoopbackServer, Response, gzip_bomb


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "library.sqlite")
    yield lib
    lib.close()


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def run(library: Library, feeds, **kwargs):
    return asyncio.run(refresh(library, feeds, **kwargs))


def test_entries_are_stored_and_a_second_refresh_is_a_304(library: Library, server: LoopbackServer) -> None:
    server.static("/a.xml", rss("Alpha", 3), etag='"v1"', last_modified="Sun, 01 Mar 2026 09:00:00 GMT")
    feed = library.add_feed(server.url("/a.xml"))
    summary = run(library, [feed])
    assert (summary.ok, summary.failed, summary.new_entries) == (1, 0, 3)
    assert [e.title for e in library.entries(feed_id=feed.id)][:1] == ["Alpha story 0"]
    assert library.get_feed(feed.id).title == "Alpha"

    again = run(library, library.feeds())
    assert again.not_modified == 1 and again.new_entries == 0
    second = server.requests_to("/a.xml")[-1]
    assert second.header("if-none-match") == '"v1"'
    assert second.header("if-modified-since") == "Sun, 01 Mar 2026 09:00:00 GMT"
    assert library.get_feed(feed.id).total == 3


def test_read_state_survives_refreshes(library: Library, server: LoopbackServer) -> None:
    items = [("One", "first body"), ("Two", "second body")]
    server.static("/f.xml", rss("Feed", items))
    feed = library.add_feed(server.url("/f.xml"))
    run(library, [feed])
    key = library.entries(feed_id=feed.id)[0].key
    library.set_read(key)
    server.static("/f.xml", rss("Feed", [("One", "first body, corrected"), ("Two", "second body")]))
    run(library, library.feeds())
    entry = library.get_entry(key)
    assert entry.read and "corrected" in entry.text
    assert library.unread_count(feed.id) == 1


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404"), (500, "HTTP 500")])
def test_a_failing_feed_keeps_its_entries_and_records_the_error(library: Library, server: LoopbackServer,
                                                                 status: int, message: str) -> None:
    server.static("/x.xml", rss("X", 2))
    feed = library.add_feed(server.url("/x.xml"))
    run(library, [feed])
    server.route("/x.xml", lambda req: Response(status, b"<html>broken</html>", content_type="text/html"))
    summary = run(library, library.feeds())
    assert summary.failed == 1
    stored = library.get_feed(feed.id)
    assert message in stored.last_error and stored.error_category == "http-status"
    assert stored.total == 2  # nothing lost
    assert stored.failures == 1


def test_other_feeds_carry_on_when_one_fails(library: Library, server: LoopbackServer) -> None:
    server.static("/good.xml", rss("Good", 2))
    server.route("/bad.xml", lambda req: Response(200, b"<html><body>not a feed</body></html>",
                                                   content_type="text/html"))
    good = library.add_feed(server.url("/good.xml"))
    bad = library.add_feed(server.url("/bad.xml"))
    summary = run(library, [good, bad])
    assert (summary.ok, summary.failed, summary.new_entries) == (1, 1, 2)
    assert library.get_feed(bad.id).error_category == "not-a-feed"
    assert library.get_feed(good.id).last_error is None


def test_permanent_redirect_moves_the_subscription_after_two_observations(library: Library,
                                                                           server: LoopbackServer) -> None:
    server.static("/new.xml", rss("Moved", 1))
    server.route("/old.xml", lambda req: Response(301, b"", headers={"Location": "/new.xml"}))
    feed = library.add_feed(server.url("/old.xml"))
    run(library, [feed])
    assert library.get_feed(feed.id).url == server.url("/old.xml")  # once is not enough
    run(library, library.feeds())
    assert library.get_feed(feed.id).url == server.url("/new.xml")


def test_temporary_redirect_keeps_the_url(library: Library, server: LoopbackServer) -> None:
    server.static("/new.xml", rss("Temp", 1))
    server.route("/tmp.xml", lambda req: Response(302, b"", headers={"Location": "/new.xml"}))
    feed = library.add_feed(server.url("/tmp.xml"))
    run(library, [feed])
    run(library, library.feeds())
    assert library.get_feed(feed.id).url == server.url("/tmp.xml")
    assert library.get_feed(feed.id).total == 1


def test_429_retry_after_schedules_the_next_poll(library: Library, server: LoopbackServer) -> None:
    server.route("/busy.xml", lambda req: Response(429, b"slow down", headers={"Retry-After": "7200"}))
    feed = library.add_feed(server.url("/busy.xml"))
    before = datetime.now(timezone.utc)
    run(library, [feed])
    stored = library.get_feed(feed.id)
    assert stored.error_category == "http-status"
    assert stored.next_update - before >= timedelta(seconds=7100)
    assert library.due_feeds() == []


@pytest.mark.timeout(30)
def test_trickling_server_is_cut_at_the_deadline(library: Library, server: LoopbackServer) -> None:
    server.install_catalogue()
    server.static("/ok.xml", rss("Quick", 1))
    slow = library.add_feed(server.url("/trickle"))
    quick = library.add_feed(server.url("/ok.xml"))

    async def go():
        async with Fetcher(deadline=1.5, read_timeout=5) as fetcher:
            return await refresh(library, [slow, quick], fetcher=fetcher)

    summary = asyncio.run(go())
    assert summary.failed == 1 and summary.new_entries == 1
    assert library.get_feed(slow.id).error_category == "timeout"


@pytest.mark.timeout(60)
def test_gzip_bomb_and_endless_body_are_too_large(library: Library, server: LoopbackServer) -> None:
    bomb = gzip_bomb(256 * 1024 * 1024)
    server.route("/bomb.xml", lambda req: Response(200, bomb, headers={"Content-Encoding": "gzip"}))

    async def endless(req):
        async def body():
            while True:
                yield b"<item><title>again</title></item>" * 100
        return Response(200, body())

    server.route("/endless.xml", endless)
    feeds = [library.add_feed(server.url("/bomb.xml")), library.add_feed(server.url("/endless.xml"))]
    summary = run(library, feeds)
    assert summary.failed == 2
    assert {library.get_feed(f.id).error_category for f in feeds} == {"too-large"}


@pytest.mark.timeout(30)
def test_redirect_loop_is_an_error(library: Library, server: LoopbackServer) -> None:
    server.install_catalogue()
    feed = library.add_feed(server.url("/loop/0"))
    run(library, [feed])
    assert "redirect" in library.get_feed(feed.id).last_error


def test_410_stops_polling_and_says_so(library: Library, server: LoopbackServer) -> None:
    server.route("/gone.xml", lambda req: Response(410, b"gone"))
    feed = library.add_feed(server.url("/gone.xml"))
    run(library, [feed])
    stored = library.get_feed(feed.id)
    assert stored.last_error == "feed removed by publisher (410)"
    assert stored.next_update - datetime.now(timezone.utc) > timedelta(days=20)


def test_backoff_grows_with_failures_and_has_jitter() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    err = FeedError("network", "connection refused")
    delays = [next_update_after(now, error=err, failures=n) - now for n in range(8)]
    assert delays[1] > delays[0] and delays[4] > delays[2]
    assert max(delays) <= timedelta(days=7) * 1.25
    spread = {next_update_after(now, error=err, failures=3) for _ in range(20)}
    assert len(spread) > 1  # failing feeds don't retry in lockstep
    assert next_update_after(now) - now == timedelta(hours=1)
    assert next_update_after(now, max_age=6 * 3600) - now == timedelta(hours=6)


def test_progress_is_reported_per_feed(library: Library, server: LoopbackServer) -> None:
    for i in range(5):
        server.static(f"/p{i}.xml", rss(f"P{i}", 1))
    feeds = [library.add_feed(server.url(f"/p{i}.xml")) for i in range(5)]
    seen: list[tuple[int, int]] = []
    run(library, feeds, progress=lambda outcome, done, total: seen.append((done, total)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_full_articles_are_fetched_for_summary_only_entries(library: Library, server: LoopbackServer) -> None:
    from .feedgen import article_page

    server.static("/sum.xml", rss("Summaries", [("Dam repairs finish", "Short summary."),
                                                 ("Bridge opens", "Another short one.")],
                                  link=server.url("/")))
    server.static("/story/0", article_page("Dam repairs finish", [
        "Engineers finished the dam repairs on Friday, two weeks ahead of the plan agreed in May.",
        "\u201cThe reservoir can be filled again,\u201d said Mira Osei, who led the works for the water board.",
    ]), content_type="text/html")
    server.route("/story/1", lambda req: Response(404, b"gone"))
    feed = library.add_feed(server.url("/sum.xml"))
    summary = run(library, [feed], full_articles=10)
    assert summary.outcomes[0].full_articles == 1
    by_title = {e.title: e for e in library.entries(feed_id=feed.id)}
    assert "two weeks ahead of the plan" in by_title["Dam repairs finish"].text
    assert not by_title["Dam repairs finish"].summary_only
    assert by_title["Bridge opens"].text == "Another short one."  # the failing page left the summary
    run(library, library.feeds(), full_articles=10)
    assert server.hits("/story/0") == 1  # already full: not fetched again


# -- the parse pool: worker processes from 24 feeds on (issue 9, item 1) -----------------------

#: Run in a fresh interpreter: standard error replaced the way Textual replaces it while the
#: reader runs (a stand-in whose fileno() is -1), then a refresh big enough for worker processes.
_STAND_IN_STDERR_REFRESH = """
import asyncio, json, sys

class StandIn:
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1
    def isatty(self): return False

sys.stderr = StandIn()
from feeds.refresh import refresh
from feeds.library.store import Library

async def main():
    with Library.open(sys.argv[1]) as lib:
        summary = await refresh(lib, lib.feeds())
    errors = [o.error.message for o in summary.outcomes if o.error is not None]
    print(json.dumps({"ok": summary.ok, "failed": summary.failed, "errors": errors[:3]}))

asyncio.run(main())
"""


def _many_feeds(library: Library, server: LoopbackServer, n: int = 30) -> None:
    for i in range(n):
        server.static(f"/many/{i}.xml", rss(f"Many {i}", 2))
        library.add_feed(server.url(f"/many/{i}.xml"))


@pytest.mark.timeout(60)
def test_a_big_refresh_works_where_stderr_has_no_file_descriptor(tmp_path: Path, server: LoopbackServer) -> None:
    """Under the reader, stderr is a stand-in: the worker processes must still start (or threads take over)."""
    import json
    import subprocess
    import sys

    path = tmp_path / "library.sqlite"
    with Library.open(path) as lib:
        _many_feeds(lib, server)
    out = subprocess.run([sys.executable, "-c", _STAND_IN_STDERR_REFRESH, str(path)], capture_output=True,
                         text=True, timeout=50)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"ok": 30, "failed": 0, "errors": []}
    with Library.open(path) as lib:
        assert all(f.total == 2 and not f.last_error for f in lib.feeds())


def test_no_feed_fails_when_worker_processes_cannot_start(library: Library, server: LoopbackServer,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Any failure to start the pool (here: no processes allowed) means parsing in threads, not failed feeds."""
    import feeds.refresh as refresh_module

    def refuse(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(refresh_module, "WorkerPool", refuse)
    _many_feeds(library, server)
    summary = run(library, library.feeds())
    assert (summary.ok, summary.failed, summary.new_entries) == (30, 0, 60)


def test_parse_workers_run_jobs_in_their_own_processes_and_hand_back_errors() -> None:
    """The pool's jobs run elsewhere; a job's exception reaches its caller; a dead worker breaks the pool."""
    import os
    from concurrent.futures import BrokenExecutor

    from feeds.parse_worker import WorkerPool
    from feeds.core.errors import FeedError

    pool = WorkerPool(2)
    try:
        pids = {pool.submit(os.getpid).result(timeout=30) for _ in range(6)}
        assert pids and os.getpid() not in pids
        with pytest.raises(ValueError, match="invalid literal"):
            pool.submit(int, "not a number").result(timeout=30)
        assert pool.submit(FeedError, "parse", "kept").result(timeout=30).message == "kept"
        doomed = pool.submit(os._exit, 3)  # a worker dies mid-job
        with pytest.raises(BrokenExecutor):
            doomed.result(timeout=30)
        with pytest.raises(BrokenExecutor):
            pool.submit(os.getpid)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def test_no_feed_fails_when_a_parse_worker_dies(library: Library, server: LoopbackServer,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-refresh (a memory limit, a hostile document): its feeds are parsed here instead."""
    import os
    import signal

    import feeds.refresh as refresh_module

    started: list = []

    class KilledOnce(refresh_module.WorkerPool):
        def __init__(self, workers: int) -> None:
            super().__init__(workers)
            started.append(self)
            os.kill(self._procs[0].pid, signal.SIGKILL)

    monkeypatch.setattr(refresh_module, "WorkerPool", KilledOnce)
    _many_feeds(library, server)
    summary = run(library, library.feeds())
    assert started, "the refresh never started its worker processes"
    assert (summary.ok, summary.failed, summary.new_entries) == (30, 0, 60)


def _recording_pool(monkeypatch: pytest.MonkeyPatch) -> list:
    """Swap in a WorkerPool that records each pool it starts."""
    import feeds.refresh as refresh_module

    started: list = []

    class Recorded(refresh_module.WorkerPool):
        def __init__(self, workers: int) -> None:
            super().__init__(workers)
            started.append(self)

    monkeypatch.setattr(refresh_module, "WorkerPool", Recorded)
    return started


def test_a_refresh_where_every_feed_answers_304_starts_no_parse_workers(
        library: Library, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Feeds with validators may all answer 304: no worker processes for nothing (they start on a document)."""
    for i in range(30):
        server.static(f"/kept/{i}.xml", rss(f"Kept {i}", 2), etag=f'"k{i}"')
        library.add_feed(server.url(f"/kept/{i}.xml"))
    assert run(library, library.feeds()).new_entries == 60
    started = _recording_pool(monkeypatch)
    summary = run(library, library.feeds())
    assert (summary.not_modified, summary.failed) == (30, 0)
    assert started == []


def test_jobs_queued_when_a_worker_dies_fail_as_broken_even_if_the_pool_is_shut_down_first() -> None:
    """The refresh parses a broken pool's documents itself; a cancelled one cancelled the whole refresh.

    The moment this pins down: a worker has died, the pool is marked broken but has
    not failed its queued jobs yet, and a document handed over right then is refused,
    so the refresh shuts the pool down (cancelling what is queued). The queued
    documents must still fail as "broken", which the refresh answers by parsing
    them in its own process. (Seen once in CI: a whole refresh failed with CancelledError.)
    """
    import os
    import signal
    import threading
    import time
    from concurrent.futures import BrokenExecutor

    from feeds.parse_worker import WorkerPool

    clearing_up = threading.Event()
    may_go_on = threading.Event()

    class HeldWhileClearingUp(WorkerPool):
        def _kill(self) -> None:
            if self._broken and not clearing_up.is_set():
                clearing_up.set()
                may_go_on.wait(30)
            super()._kill()

    pool = HeldWhileClearingUp(1)
    try:
        running = pool.submit(time.sleep, 5)  # the one worker is busy with this...
        queued = [pool.submit(os.getpid) for _ in range(3)]  # ...so these wait in the queue
        time.sleep(0.3)  # the job is in the worker
        os.kill(pool._procs[0].pid, signal.SIGKILL)
        assert clearing_up.wait(30), "the pool never noticed its worker died"
        with pytest.raises(BrokenExecutor):
            pool.submit(os.getpid)  # refused: what the refresh does next is shut the pool down
        pool.shutdown(wait=False, cancel_futures=True)
        may_go_on.set()
        with pytest.raises(BrokenExecutor):
            running.result(timeout=30)
        for future in queued:
            assert not future.cancelled()
            assert isinstance(future.exception(timeout=30), BrokenExecutor)
    finally:
        may_go_on.set()
        pool.shutdown(wait=True, cancel_futures=True)


# -- the reader's refresh: its own loop in a thread ------------------------------------------

async def test_refresh_in_thread_reports_progress_on_the_callers_thread(library: Library,
                                                                          server: LoopbackServer) -> None:
    """The reader's widgets may only be touched from its own thread: progress arrives there."""
    import threading

    from feeds.refresh import refresh_in_thread

    for name in ("a", "b", "c"):
        server.static(f"/{name}.xml", rss(f"Thread {name}", 2))
        library.add_feed(server.url(f"/{name}.xml"))
    seen: list[int] = []
    summary = await refresh_in_thread(library, library.feeds(), progress=lambda o, d, t: seen.append(
        threading.get_ident()))
    assert (summary.ok, summary.new_entries) == (3, 6)
    assert seen == [threading.get_ident()] * 3


@pytest.mark.timeout(30)
async def test_cancelling_refresh_in_thread_stops_the_refresh(library: Library, server: LoopbackServer) -> None:
    """Leaving the screen (the worker is cancelled) ends the refresh thread too, not 20 s later."""
    import threading

    from feeds.refresh import refresh_in_thread

    server.route("/hang.xml", lambda req: Response(body=rss("Hang", 1), delay=20))
    library.add_feed(server.url("/hang.xml"))
    server.static("/quick.xml", rss("Quick", 1))
    library.add_feed(server.url("/quick.xml"))
    told: list[str] = []
    task = asyncio.create_task(refresh_in_thread(library, library.feeds(), progress=lambda o, d, t: told.append(o.url)))
    for _ in range(500):  # the quick feed stored: its progress is on its way to us
        if server.hits("/hang.xml") and library.get_feed(server.url("/quick.xml")).total:
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):
        if not any(t.name == "refresh" for t in threading.enumerate()):
            break
        await asyncio.sleep(0.05)
    assert not any(t.name == "refresh" for t in threading.enumerate())
    await asyncio.sleep(0.3)
    assert told == []  # nothing reaches a caller that has gone (its screen may be gone too)


async def test_progress_sent_just_before_the_caller_goes_is_dropped() -> None:
    """An outcome on its way when the screen closes is not delivered to the closed screen."""
    import threading

    from feeds.refresh import FeedOutcome, _ProgressRelay

    got: list[tuple] = []
    relay = _ProgressRelay(asyncio.get_running_loop(), lambda *args: got.append(args))
    sender = threading.Thread(target=relay.send, args=(FeedOutcome(1, "http://a.test/", "A", "ok"), 1, 2))
    sender.start()
    sender.join()
    relay.close()
    await asyncio.sleep(relay.interval * 3)
    assert got == []
    relay.send(FeedOutcome(2, "http://b.test/", "B", "ok"), 2, 2)
    relay.deliver()
    assert got == []
