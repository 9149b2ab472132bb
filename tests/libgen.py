"""Build realistic libraries for UI tests: dozens of feeds, thousands of entries, in a real SQLite file.

Entries are written through :meth:`Library.store_update`, the same call a refresh makes,
so the rows are exactly what a refresh would have left.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from feeds.formats.feedparse import ParsedEntry
from feeds.library.store import Library

_WORDS = ("council harbour budget river school bridge market rail storm clinic museum port farm union "
          "court election festival library tunnel airport wind solar ferry hospital").split()
START = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def headline(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 12))]
    return f"{words[0].capitalize()} {' '.join(words[1:])} (story {n})"


def build_library(path: Path, *, feeds: int, per_feed: int, folders: int = 4, seed: int = 1,
                  feed_title: str = "Feed {i:02d} Regional News Service") -> Library:
    """A library at ``path`` with ``feeds`` feeds of ``per_feed`` entries each, newest first overall."""
    rng = random.Random(seed)
    lib = Library.open(path)
    n = 0
    for i in range(feeds):
        folder = f"Folder {i % folders}" if folders else None
        feed = lib.add_feed(f"http://127.0.0.1:9/feed{i}.xml", folder=folder)
        entries = []
        for j in range(per_feed):
            n += 1
            when = START - timedelta(minutes=17 * (j * feeds + i))
            entries.append(ParsedEntry(id=f"f{i}-e{j}", title=headline(rng, n), link=f"https://example.com/{i}/{j}",
                                       author=None, published=when, updated=None, summary_only=False,
                                       text=f"Body of story {n}. The {rng.choice(_WORDS)} opened on Monday."))
        lib.store_update(feed.id, title=feed_title.format(i=i), link=None, entries=entries, etag=None,
                         last_modified=None, next_update=None)
    return lib
