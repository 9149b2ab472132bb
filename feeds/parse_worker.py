"""What a refresh's parse worker process runs, and nothing more.

Each parse worker is a fresh interpreter ("spawn") that imports this module to
run :func:`parse_for_store`. It imports no asyncio, HTTP or threads pool of
the refresh (asyncio alone is ~7 MB a process, with its SSL), so two workers
on a two-core machine keep the refresh's process tree small. The refresh
itself (:mod:`feeds.refresh`) starts the workers and re-exports these names.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
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
    from .library.store import prepare_entries

    parsed = parse_feed(data, url=url, content_type=content_type, charset=charset, defer_text=True)
    result = _Parsed(parsed.title, parsed.link, prepare_entries(parsed.entries))
    del parsed
    if _IN_WORKER:
        _give_back_freed()
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


def _libc_call(name: str, *args: int) -> None:
    """Call a glibc memory function by name; nothing where there is none (musl, macOS)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        getattr(ctypes.CDLL(None), name)(*args)
    except (OSError, AttributeError):
        pass


def _give_back_freed() -> None:
    """After a document: the parse tree's freed pages go back to the system.

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


def _worker_init(parent: int) -> None:
    """First thing in every parse worker: die with the parent, keep off the terminal.

    The multiprocessing queues keep a worker waiting forever once its parent is
    gone (each worker holds both ends of its pipe), and an orphaned worker also
    keeps the resource tracker alive; so the worker must go by itself.
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
    global _IN_WORKER
    _IN_WORKER = True
