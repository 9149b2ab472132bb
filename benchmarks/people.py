#!/usr/bin/env python3
"""Time and peak memory of building the analysis index (issue 15) for a 17,000-entry library.

    .venv/bin/python benchmarks/people.py [--workers 2] [--copies 11]

The library is made of real articles: the 47 real-world feeds of
``../shared/corpus/feeds/real-world`` (about 1,600 entries) stored ``--copies``
times under different feeds and ids, as a refresh stores them (bodies
deferred), so the analyser sees real prose, not generated words. It is built
once into ``benchmarks/.cache/`` and copied for each run, since the run
writes the index into it.

Printed: entries; seconds to make the pending text (the refresh's deferred
conversion, which the catch-up runs first); seconds to analyse and store
everything; entries per second; peak RSS of this process (which reads and
writes the library) and of the largest worker; then the time of
``people``, ``quotes --speaker`` and ``stories`` over the finished index.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
CORPUS = ROOT.parent / "shared" / "corpus" / "feeds" / "real-world"


def build(path: Path, copies: int) -> None:
    """Store every real-world feed ``copies`` times, bodies deferred as a refresh leaves them."""
    from feeds.core.errors import FeedError
    from feeds.formats.feedparse import parse_feed
    from feeds.library.store import Library

    parsed = []
    for file in sorted(CORPUS.iterdir()):
        try:
            parsed.append((file.name, parse_feed(file.read_bytes(), defer_text=True)))
        except FeedError:
            continue
    lib = Library.open(path, max_items_per_feed=10_000)
    for copy in range(copies):
        for name, feed in parsed:
            row = lib.add_feed(f"http://127.0.0.1:9/{copy}/{name}")
            entries = [replace(e, id=f"{copy}:{e.id}") for e in feed.entries]
            lib.store_update(row.id, title=f"{feed.title} ({copy})", link=None, entries=entries, etag=None,
                             last_modified=None, next_update=None)
    lib.close()


def library(copies: int) -> Path:
    from feeds.library.schema import SCHEMA_VERSION

    path = CACHE / f"people-realworld-x{copies}-v{SCHEMA_VERSION}.sqlite"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        for leftover in CACHE.glob(tmp.name + "*"):
            leftover.unlink()
        build(tmp, copies)
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.rename(path)
    return path


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--copies", type=int, default=11)
    args = ap.parse_args()
    from feeds.library.store import Library
    from feeds.people.index import catch_up
    from feeds.people.people import people, quotes_by
    from feeds.people.stories import stories

    source = library(args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.sqlite"
        shutil.copy(source, path)
        lib = Library.open(path)
        entries = lib.count_entries()
        t0 = time.perf_counter()
        lib.make_pending_text()
        made = time.perf_counter() - t0
        done = catch_up(lib, workers=args.workers)
        total = time.perf_counter() - t0
        print(f"entries: {entries}; analysed {done.analysed}, stored {done.stored}")
        print(f"make pending text: {made:.1f} s; analyse and store: {done.seconds:.1f} s "
              f"({done.analysed / max(done.seconds, 1e-9):.0f} entries/s with {args.workers} workers); "
              f"total {total:.1f} s")
        print(f"peak RSS: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB, "
              f"largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        print(f"library: {source.stat().st_size / 1e6:.0f} MB before, {path.stat().st_size / 1e6:.0f} MB after "
              f"(+WAL {Path(str(path) + '-wal').stat().st_size / 1e6 if Path(str(path) + '-wal').exists() else 0:.0f} MB)")
        for label, run in (("people", lambda: people(lib)), ("quotes --speaker Trump", lambda: quotes_by(lib, speaker="Trump")),
                           ("stories", lambda: stories(lib))):
            t = time.perf_counter()
            n = len(run())
            print(f"{label}: {n} in {time.perf_counter() - t:.2f} s")
        lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
