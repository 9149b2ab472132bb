"""Refreshing subscriptions: fetch, parse and store, many feeds at once.

One refresh is an asyncio job with three lanes, so that on a multi-core
machine they overlap instead of queueing behind each other:

- fetching is I/O, on the event loop, through one shared
  :class:`~feeds.net.http.Fetcher` (which bounds concurrency overall and per host);
- parsing is CPU work: worker processes for a large refresh (parsing and
  HTML-to-text are Python and would otherwise hold the GIL), threads for a few
  feeds (no process start-up to pay). Workers die with the process that started
  them, even after ``kill -9`` (M6), and stay off the terminal; if they cannot
  start or die, threads parse instead: the pool never fails a feed;
- writing is one thread that owns the library's writes: SQLite releases the
  GIL while it works, so indexing runs beside the parsers.

Each feed's result is written whole or not at all (the writes that queue up
while the writer is busy share a transaction, see :class:`_Writes`), and a
failing feed keeps its old entries and records a one-line error.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import functools
import itertools
import os
import random
import threading
import time
from concurrent.futures import BrokenExecutor, Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Callable, Literal, Sequence

from .core.errors import FeedError
from .parse_worker import (WorkerPool, _give_back_freed, _bounded_malloc, extract_article_text, parse_for_store)

if TYPE_CHECKING:
    from .net.http import Fetcher
    from .library.store import Feed, Library

__all__ = ["FeedOutcome", "RefreshSummary", "refresh", "refresh_in_thread", "refresh_sync", "next_update_after",
           "DEFAULT_INTERVAL"]

#: How often a healthy feed is polled when the server gives no hint.
DEFAULT_INTERVAL = timedelta(hours=1)
#: Failing feeds back off exponentially up to this (I9, L2).
MAX_BACKOFF = timedelta(days=7)
#: A Cloudflare challenge will not pass by retrying soon (L4).
CHALLENGE_BACKOFF = timedelta(hours=4)
MAX_RETRY_AFTER = timedelta(days=30)

Status = Literal["ok", "not-modified", "error"]


@dataclass(slots=True)
class FeedOutcome:
    feed_id: int
    url: str
    title: str
    status: Status
    new: int = 0
    updated: int = 0
    error: FeedError | None = None
    #: Summary-only entries whose full article was fetched during this refresh.
    full_articles: int = 0

    def to_dict(self) -> dict:
        d = {"url": self.url, "title": self.title, "status": self.status, "new": self.new,
             "updated": self.updated, "full_articles": self.full_articles}
        if self.error is not None:
            d["error"] = {"category": self.error.category, "message": self.error.message}
        return d


@dataclass(slots=True)
class RefreshSummary:
    outcomes: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.status != "error")

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "error")

    @property
    def not_modified(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "not-modified")

    @property
    def new_entries(self) -> int:
        return sum(o.new for o in self.outcomes)

    def line(self) -> str:
        """The one-line summary a user reads after a refresh."""
        parts = [f"{len(self.outcomes)} feed{'s' if len(self.outcomes) != 1 else ''}: {self.ok} ok"]
        if self.not_modified:
            parts.append(f"{self.not_modified} unchanged")
        parts.append(f"{self.failed} failed")
        parts.append(f"{self.new_entries} new entr{'ies' if self.new_entries != 1 else 'y'}")
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"

    def to_dict(self) -> dict:
        return {
            "feeds": len(self.outcomes), "ok": self.ok, "failed": self.failed,
            "not_modified": self.not_modified, "new_entries": self.new_entries,
            "seconds": round(self.seconds, 3), "results": [o.to_dict() for o in self.outcomes],
        }


def next_update_after(now: datetime, *, error: FeedError | None = None, failures: int = 0,
                      max_age: float | None = None, rng: random.Random | None = None) -> datetime:
    """When to poll a feed next: the server's hint, or backoff with jitter after errors."""
    rng = rng or random
    if error is None:
        interval = DEFAULT_INTERVAL
        if max_age:
            interval = max(interval, min(timedelta(seconds=max_age), timedelta(days=1)))
        return now + interval
    if error.retry_after is not None:
        return now + min(timedelta(seconds=max(error.retry_after, 0)), MAX_RETRY_AFTER)
    if error.category == "gone":
        return now + MAX_RETRY_AFTER  # stopped; shown as removed, the user can retry by hand
    if error.status == 403 and "challenge" in error.message:
        return now + CHALLENGE_BACKOFF
    base = timedelta(minutes=30) * (2 ** min(max(failures, 0), 10))
    base = min(base, MAX_BACKOFF)
    return now + base * (0.75 + rng.random() * 0.5)  # jitter: failing feeds don't retry in lockstep


ProgressCallback = Callable[[FeedOutcome, int, int], None]


#: From this many feeds on, parsing goes to worker processes.
PROCESS_POOL_MIN_FEEDS = 24
def _start_worker_processes(workers: int) -> Executor:
    """Parse worker processes that die with this process and never write to the terminal."""
    return WorkerPool(workers)


class _LazyPool(Executor):
    """The parse pool, started when the first document needs parsing.

    A refresh where every feed answers 304 never pays for worker processes.
    Worker processes that cannot start, or a pool broken by a dying worker,
    hand over to threads for the rest of the refresh: no feed fails because
    of the pool.
    """

    def __init__(self, n_feeds: int) -> None:
        self._n = n_feeds
        self._pool: Executor | None = None

    def submit(self, fn, /, *args, **kwargs):
        if self._pool is None:
            self._pool = self._start()
        try:
            return self._pool.submit(fn, *args, **kwargs)  # a process pool starts its workers here
        except Exception:
            if isinstance(self._pool, ThreadPoolExecutor):
                raise
            with contextlib.suppress(Exception):
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._threads()
            return self._pool.submit(fn, *args, **kwargs)

    def _start(self) -> Executor:
        cpus = os.cpu_count() or 1
        if self._n >= PROCESS_POOL_MIN_FEEDS and cpus > 1:
            try:
                return _start_worker_processes(min(cpus, 4))
            except Exception:  # no processes allowed, no /dev/shm, a sandbox: threads will do
                pass
        return self._threads()

    @staticmethod
    def _threads() -> Executor:
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix="parse")

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


#: Documents in hand (body read, not yet stored). Reading bodies faster than the parsers keep
#: up would only pile them up in memory; a body waits for room before it is read. A waiting
#: body holds its connection, so fewer places would slow the fetching down.
PARSE_BACKLOG = 16
#: Documents stored between two returns of freed memory to the system in the refreshing process.
TRIM_EVERY = 32


class _DocumentSlot:
    """One feed's place in the backlog, taken when its body is about to be read.

    Taken at the fetcher's ``body_gate``, after the headers: a feed still
    waiting for a slow server holds no place, so it never holds up the others
    (M13); given back once the document is stored (or the feed failed).
    """

    def __init__(self, backlog: asyncio.Semaphore) -> None:
        self._backlog = backlog
        self._held = False

    async def take(self) -> None:
        await self._backlog.acquire()
        self._held = True

    def give_back(self) -> None:
        if self._held:
            self._held = False
            self._backlog.release()


def _parse_pool(n_feeds: int) -> Executor:
    return _LazyPool(n_feeds)


async def refresh(
    library: "Library",
    feeds: Sequence["Feed"],
    *,
    fetcher: "Fetcher | None" = None,
    progress: ProgressCallback | None = None,
    parse_pool: Executor | None = None,
    full_articles: int = 0,
    writes_together: int | None = None,
) -> RefreshSummary:
    """Refresh ``feeds``; never raises for a single feed's failure.

    ``full_articles``: for up to this many summary-only entries per feed, fetch
    the linked page and keep its main text (the ``fetch_full_articles``
    setting); a page that fails leaves its entry as the summary.
    ``writes_together``: at most this many writes (a feed's store is one) share a
    transaction (default :data:`WRITES_TOGETHER`; see :class:`_Writes`).
    """
    from .net.http import Fetcher

    _bounded_malloc()
    started = time.monotonic()
    summary = RefreshSummary()
    total = len(feeds)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    loop = asyncio.get_running_loop()
    own_pool = parse_pool is None
    pool = parse_pool or _parse_pool(total)
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-writer")
    write = _Writes(library, loop, writer, together=writes_together)
    backlog = asyncio.Semaphore(PARSE_BACKLOG)
    stored = [0]  # documents stored so far

    async def one(feed: "Feed") -> FeedOutcome:
        now = datetime.now(timezone.utc)
        slot = _DocumentSlot(backlog)
        try:
            result = await fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified,
                                         body_gate=slot.take)
            if result.not_modified:
                await write(_not_modified, library, feed, result.permanent_redirect,
                            next_update_after(now, max_age=result.max_age))
                return FeedOutcome(feed.id, feed.url, feed.display_title, "not-modified")
            job = functools.partial(parse_for_store, result.content, result.final_url,
                                    result.content_type, result.charset)
            try:
                parsed = await loop.run_in_executor(pool, job)
            except BrokenExecutor:
                # worker processes could not start or died (a memory limit, a
                # hostile document that killed one): parse here instead
                parsed = await loop.run_in_executor(writer, job)
            stats = await write(
                _store_parsed, library, feed, result.permanent_redirect, title=parsed.title or None,
                link=parsed.link, entries=parsed.entries, etag=result.etag, last_modified=result.last_modified,
                next_update=next_update_after(now, max_age=result.max_age))
            del result, job
            slot.give_back()
            stored[0] += 1
            if stored[0] % TRIM_EVERY == 0:
                await write(_give_back_freed)
            full = await fetch_full(feed, parsed.entries) if full_articles > 0 else 0
            return FeedOutcome(feed.id, feed.url, parsed.title or feed.display_title, "ok",
                               new=stats.new, updated=stats.updated, full_articles=full)
        except FeedError as err:
            return await write(_failed, library, feed, err, now)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or a library surprise: this feed fails, the others go on
            err = FeedError("parse", f"unexpected error: {type(exc).__name__}: {exc}", url=feed.url)
            return await write(_failed, library, feed, err, now)
        finally:
            slot.give_back()

    async def fetch_full(feed: "Feed", entries) -> int:
        from .formats.htmlpage import MAX_HTML_BYTES
        from .net.http import PAGE_ACCEPT

        from .library.store import is_summary_only

        done = 0
        # lazily: an entry stored unconverted is only converted to tell until enough are found
        candidates = itertools.islice((e for e in entries if e.link and is_summary_only(e)), full_articles)
        for e in candidates:
            stored = await write(library.get_entry, (feed.id, e.id))
            if stored is None or not stored.summary_only:
                continue  # gone, or its full text is already there
            try:
                page = await fetcher.fetch(e.link, accept=PAGE_ACCEPT, max_bytes=MAX_HTML_BYTES, derived=True,
                                           origin=feed.url)
                text = await loop.run_in_executor(pool, functools.partial(extract_article_text, page.content,
                                                                          page.final_url))
            except (FeedError, ValueError, BrokenExecutor):
                continue  # the summary stays; `f` in the reader can try again
            if len(text) > len(stored.text):
                await write(library.set_entry_text, (feed.id, e.id), text, summary_only=False)
                done += 1
        return done

    async def run(feed: "Feed") -> None:
        outcome = await one(feed)
        summary.outcomes.append(outcome)
        if progress is not None:
            progress(outcome, len(summary.outcomes), total)

    finished = False
    try:
        if own_fetcher:
            await fetcher.__aenter__()
        await asyncio.gather(*(run(f) for f in feeds))
        finished = True
    finally:
        if own_fetcher:
            await fetcher.__aexit__(None, None, None)
        if own_pool:
            # Done: the idle workers leave at once, and are waited for (their time is the
            # refresh's). Cancelled: nobody waits for a worker still in a big document.
            pool.shutdown(wait=finished, cancel_futures=True)
        writer.shutdown(wait=True)
    summary.seconds = time.monotonic() - started
    return summary


#: The writer's pause between two transactions. Hundreds of quick writes in a row would hold the
#: library's lock back to back (a thread re-takes a lock it just released before a waiting one
#: wakes); the pause lets the reader's own reads and writes in between, so keys answer during
#: a refresh.
WRITER_PAUSE = 0.001
#: At most this many writes share one transaction (see :class:`_Writes`).
WRITES_TOGETHER = 8


class _Writes:
    """The refresh's writes to the library: one thread makes them, a few to a transaction.

    A write is queued and awaited. The writer thread takes what has queued up
    meanwhile (at most ``together`` writes), pauses (:data:`WRITER_PAUSE`), and
    makes them in one transaction (:meth:`Library.writes_together`). Why: each
    transaction writes every page it changed to the WAL again, and a refresh's
    stores change the same pages feed after feed. When writes come slower than
    they are made, each goes alone, as before.

    A feed is still stored wholly or not at all: if any write of a group fails,
    nothing of the group is kept, and each of its writes is made again on its
    own (so only the one that fails, fails).
    """

    def __init__(self, library: "Library", loop: asyncio.AbstractEventLoop, thread: Executor, *,
                 together: int | None = None) -> None:
        self._library = library
        self._loop = loop
        self._thread = thread
        self._together = max(1, WRITES_TOGETHER if together is None else together)
        self._queued: collections.deque[tuple[Callable[[], object], asyncio.Future]] = collections.deque()

    async def __call__(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` on the writer thread; its value (or its exception) here."""
        future = self._loop.create_future()
        self._queued.append((functools.partial(fn, *args, **kwargs), future))
        # One turn of the thread per write: a turn that finds the queue emptied by an
        # earlier one (which took this write along) does nothing.
        self._thread.submit(self._turn)
        return await future

    def _turn(self) -> None:
        jobs = []
        while self._queued and len(jobs) < self._together:
            job, future = self._queued.popleft()
            if not future.cancelled():  # (its feed was cancelled while it waited)
                jobs.append((job, future))
        if not jobs:
            return
        try:
            time.sleep(WRITER_PAUSE)
            outcomes = self._make([job for job, _ in jobs])
        except BaseException as exc:  # a bug here must fail these feeds, not leave them waiting
            outcomes = [(False, exc)] * len(jobs)
        for (_, future), outcome in zip(jobs, outcomes):
            self._loop.call_soon_threadsafe(_settle, future, outcome)

    def _make(self, jobs: list[Callable[[], object]]) -> list[tuple[bool, object]]:
        if len(jobs) > 1:
            try:
                with self._library.writes_together():
                    return [(True, job()) for job in jobs]
            except Exception:
                pass  # nothing of them was kept: each on its own, below
        return [_outcome(job) for job in jobs]


def _outcome(job: Callable[[], object]) -> tuple[bool, object]:
    """(True, its value) or (False, its exception)."""
    try:
        return True, job()
    except Exception as exc:  # handed to the feed that asked, as from any executor
        return False, exc


def _settle(future: asyncio.Future, outcome: tuple[bool, object]) -> None:
    if future.cancelled():
        return
    ok, value = outcome
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)  # type: ignore[arg-type]


def _failed(library: "Library", feed: "Feed", err: FeedError, now: datetime) -> FeedOutcome:
    try:
        library.store_error(feed.id, category=err.category, message=err.message,
                            next_update=next_update_after(now, error=err, failures=feed.failures))
    except Exception as exc:  # the library itself failing is reported, not raised per feed
        err = FeedError("storage", f"could not record the error: {exc}", url=feed.url)
    return FeedOutcome(feed.id, feed.url, feed.display_title, "error", error=err)


def _store_parsed(library: "Library", feed: "Feed", redirect: str | None, **update):
    """A fetched feed's new state, in one trip to the writer thread (each trip waits a pause)."""
    _follow_permanent_redirect(library, feed, redirect)
    return library.store_update(feed.id, **update)


def _not_modified(library: "Library", feed: "Feed", redirect: str | None, next_update: datetime) -> None:
    """A 304, in one trip to the writer thread (a refresh of hundreds of 304s is mostly these)."""
    _follow_permanent_redirect(library, feed, redirect)
    library.store_not_modified(feed.id, next_update=next_update)


def _follow_permanent_redirect(library: "Library", feed: "Feed", new_url: str | None) -> None:
    """Two polls in a row redirected permanently to the same URL: it becomes the feed's URL.

    A temporary redirect, or a permanent one seen once, changes nothing (F6);
    a URL another subscription already uses is never taken over.
    """
    if new_url == feed.url:
        new_url = None
    if library.note_permanent_redirect(feed.id, new_url) and new_url and library.get_feed(new_url) is None:
        library.set_feed_url(feed.id, new_url)


class _ProgressRelay:
    """Hands progress from the refresh thread to the caller's loop, in batches.

    Every outcome arrives, in order; but hundreds a second (a refresh of 304s)
    are delivered at most every :attr:`interval` in one go, so the reader's
    loop is woken a few times a second instead of once per feed.
    """

    interval = 0.1

    def __init__(self, loop: asyncio.AbstractEventLoop, progress: ProgressCallback) -> None:
        self._loop = loop
        self._progress = progress
        self._pending: list[tuple[FeedOutcome, int, int]] = []
        self._lock = threading.Lock()
        self._closed = False

    def send(self, outcome: FeedOutcome, done: int, total: int) -> None:
        with self._lock:
            first = not self._pending
            self._pending.append((outcome, done, total))
        if first:
            with contextlib.suppress(RuntimeError):  # the caller's loop is gone: nobody to tell
                self._loop.call_soon_threadsafe(self._loop.call_later, self.interval, self.deliver)

    def deliver(self) -> None:
        """Everything not yet handed over (on the caller's loop; also once the refresh is done)."""
        with self._lock:
            batch, self._pending = self._pending, []
        for args in batch:
            if self._closed:
                return
            self._progress(*args)

    def close(self) -> None:
        """The caller has gone (its screen may be gone too): nothing more is delivered."""
        self._closed = True


async def refresh_in_thread(library: "Library", feeds: Sequence["Feed"], *,
                            progress: ProgressCallback | None = None, **kwargs) -> RefreshSummary:
    """:func:`refresh` on its own event loop in a thread; ``progress`` is called on the caller's loop.

    For the reader: a refresh keeps up to a hundred connections busy, and on
    the reader's own loop their callbacks would queue in front of key presses.
    In a thread of its own it takes turns with the reader (the GIL's switch
    interval) instead. Cancelling the caller cancels the refresh, which still
    finishes its current writes.
    """
    relay = _ProgressRelay(asyncio.get_running_loop(), progress) if progress is not None else None

    result: concurrent.futures.Future[RefreshSummary] = concurrent.futures.Future()
    running: list[tuple[asyncio.AbstractEventLoop, asyncio.Task]] = []
    stop = threading.Event()

    # The reader's thread shares this library object (and its lock): a write at a time, so
    # that its reads never wait behind a group of them.
    kwargs.setdefault("writes_together", 1)

    async def main() -> RefreshSummary:
        running.append((asyncio.get_running_loop(), asyncio.current_task()))
        if stop.is_set():
            raise asyncio.CancelledError
        return await refresh(library, feeds, progress=relay.send if relay else None, **kwargs)

    def run() -> None:
        with contextlib.suppress(concurrent.futures.InvalidStateError):  # the caller cancelled it
            try:
                result.set_result(asyncio.run(main()))
            except BaseException as exc:  # handed to the caller, cancellation included
                result.set_exception(exc)

    threading.Thread(target=run, name="refresh", daemon=False).start()
    try:
        summary = await asyncio.wrap_future(result)
        if relay is not None:
            relay.deliver()  # the last outcomes, before the caller shows the summary
        return summary
    except asyncio.CancelledError:
        stop.set()
        if relay is not None:
            relay.close()
        if running:
            loop, task = running[0]
            with contextlib.suppress(RuntimeError):  # it has just finished: its loop is closed
                loop.call_soon_threadsafe(task.cancel)
        raise


def refresh_sync(library: "Library", feeds: Sequence["Feed"], **kwargs) -> RefreshSummary:
    """Run :func:`refresh` to completion from synchronous code (the CLI)."""
    return asyncio.run(refresh(library, feeds, **kwargs))
