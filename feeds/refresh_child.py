"""A refresh in a process of its own, reporting each feed as one JSON line.

Why: a refresh of hundreds of feeds keeps a hundred connections busy in Python
(HTTP parsing, SQLite writes). In the reader's process that work competes with
the key presses for the one interpreter lock, and on two cores the worst key
waited seconds. In a child process it competes only for a core, and the child
runs at a lower priority. The library is shared between processes (WAL), so
the child writes it directly; the reader reads the lines for its progress bar
and reloads at the end.

    python -m feeds.refresh_child LIBRARY [--full N] [--feed ID ...]

Each line on standard output is ``{"done", "total", "outcome"}`` for a feed,
then one ``{"summary"}`` line. Anything else the child says goes to standard
error. The child dies with its parent (Linux's parent-death signal), so a
killed reader leaves no refresh behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from .core.errors import CATEGORIES, FeedError
from .refresh import FeedOutcome, RefreshSummary

if TYPE_CHECKING:
    from pathlib import Path

#: The child runs this much lower than the reader (os.nice increment).
CHILD_NICENESS = 5


def outcome_from_dict(d: dict) -> FeedOutcome:
    error = None
    if isinstance(d.get("error"), dict):
        category = d["error"].get("category")
        error = FeedError(category if category in CATEGORIES else "parse", str(d["error"].get("message", "")))
    return FeedOutcome(feed_id=int(d.get("feed_id", -1)), url=str(d.get("url", "")), title=str(d.get("title", "")),
                       status=d.get("status", "error"), new=int(d.get("new", 0)), updated=int(d.get("updated", 0)),
                       error=error, full_articles=int(d.get("full_articles", 0)))


def _outcome_dict(o: FeedOutcome) -> dict:
    return {**o.to_dict(), "feed_id": o.feed_id}


async def refresh_in_child(library_path: "Path", feed_ids: Sequence[int] | None, *,
                           progress: Callable[[FeedOutcome, int, int], None] | None = None,
                           full_articles: int = 0) -> RefreshSummary:
    """Run the refresh in a child process; ``progress`` is called here as each feed lands.

    Raises OSError when the child cannot be started (the caller falls back to
    refreshing in-process) and RuntimeError when it ends without a summary.
    """
    argv = [sys.executable, "-m", "feeds.refresh_child", str(library_path), "--full", str(full_articles)]
    for feed_id in feed_ids or ():
        argv += ["--feed", str(feed_id)]
    proc = await asyncio.create_subprocess_exec(*argv, stdin=asyncio.subprocess.DEVNULL,
                                                stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.DEVNULL,
                                                limit=1 << 20)
    summary: RefreshSummary | None = None
    try:
        assert proc.stdout is not None
        async for raw in proc.stdout:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if "outcome" in message and progress is not None:
                progress(outcome_from_dict(message["outcome"]), int(message["done"]), int(message["total"]))
            elif "summary" in message:
                s = message["summary"]
                summary = RefreshSummary(outcomes=[outcome_from_dict(o) for o in s.get("outcomes", [])],
                                         seconds=float(s.get("seconds", 0.0)))
        await proc.wait()
    finally:
        if proc.returncode is None:  # cancelled (the reader quit or moved on): the child goes too
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 5)
    if summary is None:
        raise RuntimeError(f"the refresh process ended without a result (exit status {proc.returncode})")
    return summary


def _die_with_parent() -> None:
    from .parse_worker import _parent_death_signal  # the workers' own mechanism

    _parent_death_signal()
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m feeds.refresh_child")
    ap.add_argument("library")
    ap.add_argument("--full", type=int, default=0)
    ap.add_argument("--feed", type=int, action="append", default=[])
    args = ap.parse_args(argv)
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:
        return 1
    from .refresh import refresh
    from .library.store import Library

    out = sys.stdout

    def emit(message: dict) -> None:
        out.write(json.dumps(message, ensure_ascii=True) + "\n")
        out.flush()

    with Library.open(args.library) as library:
        feeds = library.feeds()
        if args.feed:
            wanted = set(args.feed)
            feeds = [f for f in feeds if f.id in wanted]

        def progress(outcome: FeedOutcome, done: int, total: int) -> None:
            emit({"done": done, "total": total, "outcome": _outcome_dict(outcome)})

        # The reader writes this library meanwhile (an article marked read as it opens, on a
        # key press): a feed per transaction, so its writes find a gap at once.
        summary = asyncio.run(refresh(library, feeds, progress=progress, full_articles=max(0, args.full),
                                      writes_together=1))
    emit({"summary": {"seconds": summary.seconds, "outcomes": [_outcome_dict(o) for o in summary.outcomes]}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
