"""The library's first screen, read in one go, and read early.

What the reader shows before anything else is the feed tree and the head of
the article list. Reading it takes a module import (the store and sqlite3),
opening the file and three small queries; the reader starts this in a thread
before it even imports its UI (:func:`start_reading`), so the two overlap and
the first frame is drawn with the library in it instead of "Loading…".
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import NewsreaderError

if TYPE_CHECKING:
    from .records import Feed, ViewIndex
    from .store import Library

#: Rows of the article list read for the first screen; the rest follow once it is up.
FIRST_SCREEN_ROWS = 200


class FirstScreenError(NewsreaderError):
    """The first screen could not be read: ``library`` is set when the file did open."""

    def __init__(self, message: str, library: "Library | None" = None) -> None:
        super().__init__(message)
        self.message = message
        self.library = library


@dataclass
class FirstScreen:
    library: "Library"
    #: A second, read-only connection for the lists (never waits on a refresh's writes),
    #: or ``library`` itself where none could be had.
    reads: "Library"
    feeds: list["Feed"]
    starred: int
    #: The head of the whole library's list; None without feeds.
    head: "ViewIndex | None"


def read_first_screen(path: Path, rows: int = FIRST_SCREEN_ROWS,
                      library: "Library | None" = None) -> FirstScreen:
    """Open ``path`` (unless ``library`` is given) and read the first screen.

    The integrity check is left for later: on a big library it costs more than
    the whole first screen. Every failure is a :class:`FirstScreenError` with a
    one-line message.
    """
    from .store import Library

    try:
        library = library or Library.open(path, check=False)
    except Exception as exc:  # LibraryError and anything unforeseen: one line, never a traceback
        raise FirstScreenError(str(exc) or type(exc).__name__) from exc
    try:
        feeds = library.feeds()
        reads = library
        if feeds and not library.readonly:
            try:
                reads = library.reader()
            except Exception:  # reading through the one connection still works
                reads = library
        starred = library.count_entries(starred_only=True) if feeds else 0
        head = reads.view_head(rows) if feeds else None
    except Exception as exc:
        raise FirstScreenError(str(exc) or type(exc).__name__, library) from exc
    return FirstScreen(library, reads, feeds, starred, head)


def start_reading(path: Path, rows: int = FIRST_SCREEN_ROWS) -> "Future[FirstScreen]":
    """Begin :func:`read_first_screen` in a thread of its own now; the future holds the outcome."""
    future: Future[FirstScreen] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(read_first_screen(path, rows))
        except BaseException as exc:  # the reader's worker raises it where it waits
            future.set_exception(exc)

    threading.Thread(target=run, name="first-screen", daemon=True).start()
    return future
