"""The refresh's parse workers: the pool that runs them, and what each one runs.

Each parse worker is a fresh interpreter (``python -m feeds.parse_worker``)
that runs :func:`parse_for_store` for jobs the pool hands it over a pipe. It
imports no asyncio, HTTP or thread pool of the refresh (asyncio alone is
~7 MB a process, with its SSL), so two workers on a two-core machine keep the
refresh's process tree small. The refresh itself (:mod:`feeds.refresh`)
starts the pool and re-exports these names.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: with "spawn" (the
only safe start for a process that runs threads) it needs multiprocessing's
resource tracker, one more interpreter (~13 MB) in the tree for the whole
refresh, whose start also needs a real ``sys.stderr`` (Textual replaces it).
A job here is one picklable call and its answer, so two pipes per worker do.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor
from dataclasses import dataclass


@dataclass(slots=True)
class _Parsed:
    title: str
    link: str | None
    entries: list


def parse_for_store(data: bytes, url: str | None, content_type: str | None, charset: str | None) -> _Parsed:
    """Parse a fetched document and prepare its entries for the library (runs in a worker).

    Entry bodies are stored as the feed sent them: the library makes their text
    when they are read, or in the catch-up after the refresh (most are never read
    before that, and converting is half of what parsing costs).
    """
    from .formats.feedparse import parse_feed
    from .library.records import prepare_entries  # not the store: a worker never opens the library (-60 ms a start)

    # No categories: the library stores none (they were read and cleaned for every entry, then dropped).
    parsed = parse_feed(data, url=url, content_type=content_type, charset=charset, defer_text=True,
                        categories=False)
    result = _Parsed(parsed.title, parsed.link, prepare_entries(parsed.entries))
    del parsed
    if _IN_WORKER:
        _keep_bounded()
    return result


def extract_article_text(html: bytes, url: str) -> str:
    """The main text of an article page (runs in a worker: trafilatura is heavy)."""
    from .formats.htmlpage import article_from_html

    return article_from_html(html, url, url=url).text


#: ``prctl`` option: the signal a process gets when its parent dies (Linux).
#: How much lower parse workers run than the reader (os.nice increment).
PARSE_NICENESS = 10
_PR_SET_PDEATHSIG = 1


def _parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """The portable fallback: poll for being orphaned (re-parented) and leave."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


#: glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
#: Blocks from this size up (a fetched document, a parsed feed's bodies) get a mapping of their own.
MMAP_THRESHOLD = 256 * 1024
#: Malloc arenas per process: a refresh runs a few threads, not a few dozen.
ARENA_MAX = 2


#: True in a parse worker process (set by its initializer).
_IN_WORKER = False


@functools.cache
def _libc() -> "ctypes.CDLL | None":
    """This process's C library, loaded once (a load costs ~0.2 ms; workers ask after every document)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def _libc_call(name: str, *args: int) -> None:
    """Call a glibc memory function by name; nothing where there is none (musl, macOS)."""
    try:
        getattr(_libc(), name)(*args)
    except (OSError, AttributeError):
        pass


#: glibc's mallopt parameter for the free heap top kept (malloc.h).
_M_TRIM_THRESHOLD = -1
#: A parse worker's mapping threshold and heap top kept: see _worker_malloc.
WORKER_MMAP_THRESHOLD = 1 << 20
WORKER_TRIM_THRESHOLD = 4 << 20
#: How far a worker's resident size may stay above its smallest between documents before
#: its freed pages go back to the system.
TRIM_SLACK = 16 << 20


@dataclass(slots=True)
class _Resident:
    """A worker's smallest resident size between documents so far."""

    floor: int = 1 << 62


_resident = _Resident()


def _resident_bytes() -> int | None:
    """This process's resident size now (Linux ``/proc``); ``None`` where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _keep_bounded() -> None:
    """After a document: give freed pages back only when the worker holds notably more than it did.

    Why not after every document: trimming hands back the heap the next document
    reuses, which the kernel then faults in again page by page (see
    :func:`_worker_malloc`). Blocks of a megabyte and more are unmapped when freed,
    and malloc itself gives back a free heap top beyond 4 MiB; what is left (a big
    document's parse scattered over the heap) is given back here once the worker
    holds :data:`TRIM_SLACK` more than its smallest size between documents.
    """
    now = _resident_bytes()
    if now is None:
        _give_back_freed()
        return
    if now > _resident.floor + TRIM_SLACK:
        _give_back_freed()
        now = _resident_bytes() or now
    _resident.floor = min(_resident.floor, now)


def _give_back_freed() -> None:
    """Freed pages go back to the system (the refresh's own process: every few documents;
    a parse worker: when it grew, see :func:`_keep_bounded`).

    A worker's peak is one big document's parse tree (a 1 MB feed takes ~20 MB);
    without this it keeps that much between documents, in every worker at once.
    """
    _libc_call("malloc_trim", 0)


def _bounded_malloc() -> None:
    """Give freed documents back to the system (glibc; elsewhere nothing changes).

    A refresh holds a few documents of up to megabytes at a time, but reads
    hundreds. glibc raises its mapping threshold each time a big block is
    freed, after which documents land on the heap, which fragments and keeps
    its peak; and each thread gets an arena of its own. A fixed threshold and
    two arenas keep the process near what it holds at once.
    """
    _libc_call("mallopt", _M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    _libc_call("mallopt", _M_ARENA_MAX, ARENA_MAX)


def _worker_malloc() -> None:
    """A parse worker reuses its heap from one document to the next instead of mapping it afresh.

    Why: every page of a fresh mapping is faulted in by the kernel, and at the
    refresh's 256 KiB threshold each document's copies (bytes, decoded text,
    guarded text, UTF-8 for the parser) and each stored body's compressor
    state (ISA-L: 280 KiB) were fresh mappings: ~550 faults per document, a
    fifth of a worker's CPU in the kernel. Blocks under 1 MiB now come from
    the heap, and up to 4 MiB of free heap top is kept for the next document;
    a worker holds ~3 MB more between documents, its peak is unchanged.
    """
    _libc_call("mallopt", _M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD)
    _libc_call("mallopt", _M_TRIM_THRESHOLD, WORKER_TRIM_THRESHOLD)


def _worker_init(parent: int) -> None:
    """First thing in every parse worker: die with the parent, keep off the terminal.

    A worker whose parent is gone would otherwise live on as an orphan (a
    hostile document may hold it for a while); so the worker goes by itself.
    """
    if not _parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)
    # Parsing is background work: on a machine with two cores the reader's keys
    # (and the fetching) must win every contest for a core against it.
    with contextlib.suppress(OSError):
        os.nice(PARSE_NICENESS)
    # The reader's terminal is the worker's fd 1 and 2: nothing of a worker may land on it.
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    _bounded_malloc()
    _worker_malloc()
    global _IN_WORKER
    _IN_WORKER = True


# -- the pool ---------------------------------------------------------------------------------

#: Bytes of a frame's length prefix (big-endian): a job or an answer, pickled.
_FRAME = 8
#: The largest answer read back (a parsed feed's prepared entries): beyond it the worker is
#: treated as broken (the fetcher caps documents far below this).
MAX_ANSWER_BYTES = 1 << 30


def _read_exact(stream, n: int) -> bytes:
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError("the worker closed its pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_frame(stream, blob: bytes) -> None:
    stream.write(len(blob).to_bytes(_FRAME, "big"))
    stream.write(blob)
    stream.flush()


def _read_frame(stream) -> bytes:
    size = int.from_bytes(_read_exact(stream, _FRAME), "big")
    if size > MAX_ANSWER_BYTES:
        raise EOFError("an answer beyond the size limit")
    return _read_exact(stream, size)


def serve(parent: int) -> None:
    """A worker's life: jobs in on stdin, answers out on (a copy of) stdout, until stdin ends."""
    import pickle

    answers = os.fdopen(os.dup(1), "wb")  # fd 1 itself goes to /dev/null in _worker_init
    _worker_init(parent)
    jobs = os.fdopen(0, "rb")
    while True:
        try:
            fn, args, kwargs = pickle.loads(_read_frame(jobs))
        except EOFError:
            return
        try:
            answer = (True, fn(*args, **kwargs))
        except Exception as exc:  # the caller's future gets it, as from any executor
            answer = (False, exc)
        try:
            blob = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exception that cannot be pickled: its message will do
            blob = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        del answer
        _write_frame(answers, blob)
        del blob


def _fail_broken(future) -> None:
    """A queued job of a pool whose worker died: it fails as any job of a broken executor does."""
    from concurrent.futures import BrokenExecutor

    if future.set_running_or_notify_cancel():
        future.set_exception(BrokenExecutor("a parse worker died"))


class WorkerPool(Executor):
    """An executor of ``workers`` parse processes, each fed by one thread of this process.

    Like a process pool that lost a worker, the pool is broken once any worker
    dies (a memory limit, a hostile document): that job and every queued one
    fail with :class:`~concurrent.futures.BrokenExecutor`, and so does every
    later ``submit``; the refresh then parses in its own process.
    """

    def __init__(self, workers: int) -> None:
        import queue
        import subprocess

        self._jobs: "queue.SimpleQueue" = queue.SimpleQueue()
        self._broken = False
        self._closed = False
        self._lock = threading.Lock()
        argv = [sys.executable, "-m", "feeds.parse_worker", str(os.getpid())]
        # The package as this process found it, installed or not.
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        self._procs = []
        try:
            for _ in range(workers):
                # Started from this thread: the parent-death signal belongs to the thread that starts.
                self._procs.append(subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                    stderr=subprocess.DEVNULL, close_fds=True, env=env))
        except BaseException:
            self._kill()
            raise
        self._threads = [threading.Thread(target=self._feed, args=(proc,), name=f"parse-feed-{i}", daemon=True)
                         for i, proc in enumerate(self._procs)]
        for t in self._threads:
            t.start()

    def submit(self, fn, /, *args, **kwargs):
        from concurrent.futures import BrokenExecutor, Future

        with self._lock:
            if self._broken:
                raise BrokenExecutor("a parse worker died")
            if self._closed:
                raise RuntimeError("cannot schedule new jobs after shutdown")
            future: Future = Future()
            self._jobs.put((future, fn, args, kwargs))
        return future

    def _feed(self, proc) -> None:
        import pickle
        from concurrent.futures import BrokenExecutor

        while True:
            item = self._jobs.get()
            if item is None:
                break
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                blob = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:
                future.set_exception(exc)
                continue
            try:
                _write_frame(proc.stdin, blob)
                del blob
                ok, value = pickle.loads(_read_frame(proc.stdout))
            except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
                future.set_exception(BrokenExecutor(f"a parse worker died: {exc}"))
                self._break()
                break
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
            del value
        with contextlib.suppress(OSError):
            proc.stdin.close()  # the worker's end of the day: it leaves when its input ends

    def _break(self) -> None:
        with self._lock:
            self._broken = True
        self._kill()
        self._fail_queued(_fail_broken)

    def _fail_queued(self, fail) -> None:
        import queue

        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._jobs.put(None)  # another thread's stop: leave it for that thread
                break
            fail(item[0])
        for _ in self._threads:  # wake any thread still waiting: there is nothing left to do
            self._jobs.put(None)

    def _kill(self) -> None:
        for proc in self._procs:
            with contextlib.suppress(OSError):
                proc.kill()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
        if cancel_futures:
            # A broken pool's queued jobs fail as broken, not cancelled, whoever drains them:
            # a submit refused between the break and its own draining shuts the pool down
            # (the refresh then parses in its own process), and a cancelled job would cancel
            # the feed's whole refresh instead of being parsed there.
            with self._lock:
                broken = self._broken
            self._fail_queued(_fail_broken if broken else (lambda f: f.cancel()))
        for _ in self._threads:
            self._jobs.put(None)
        if wait:
            self._reap()
        else:  # each worker leaves when its thread closes its input; it is reaped meanwhile
            threading.Thread(target=self._reap, name="parse-reap", daemon=True).start()

    def _reap(self) -> None:
        for t in self._threads:
            t.join()
        for proc in self._procs:
            with contextlib.suppress(Exception):
                proc.wait(5)



if __name__ == "__main__":
    # Through the package's own module, not this __main__ copy: its globals (_IN_WORKER)
    # are the ones parse_for_store reads when a job arrives pickled by reference.
    from feeds.parse_worker import serve as _serve

    _serve(int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid())
