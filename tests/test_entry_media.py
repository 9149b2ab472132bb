"""An entry's links and enclosures in a real SQLite library: stored, read back, migrated into."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from feeds.core import paths

from feeds.library import schema
from feeds.formats.feedparse import parse_feed
from feeds.core.model import Enclosure
from feeds.library.store import Library

_FEED = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Lock Keepers</title>
<link>https://locks.example/</link>
<item><title>Gate 9 repaired</title><guid>g9</guid><link>https://locks.example/g9</link>
<author>none@none.com (Canal Radio)</author>
<description>&lt;p&gt;The &lt;a href="/gates"&gt;gate list&lt;/a&gt; is out.&lt;/p&gt;</description>
<enclosure url="https://locks.example/g9.mp3" type="audio/mpeg" length="7340032"/>
<itunes:duration>14:30</itunes:duration></item>
<item><title>Quiet week</title><guid>q</guid><description>Nothing moved.</description></item>
</channel></rss>"""


def _store(lib: Library, data: bytes = _FEED) -> int:
    feed = lib.add_feed("https://locks.example/feed.xml")
    parsed = parse_feed(data, url=feed.url)
    lib.store_update(feed.id, title=parsed.title, link=parsed.link, entries=parsed.entries, etag=None,
                     last_modified=None, next_update=None)
    return feed.id


def test_links_and_enclosures_survive_the_library(isolated_home: Path) -> None:
    with Library.open() as lib:
        feed_id = _store(lib)
    with Library.open() as lib:  # a fresh connection: read from the file
        entry = lib.get_entry((feed_id, "g9"))
        assert entry is not None
        assert entry.author == "Canal Radio"
        assert entry.links == ["https://locks.example/gates"]
        assert entry.enclosures == [Enclosure("https://locks.example/g9.mp3", "audio/mpeg", 7340032, 870)]
        article = entry.to_article()
        assert article.links == entry.links and article.enclosures == entry.enclosures
        assert article.text.endswith("gate list[1] is out.\n\nLinks:\n[1] https://locks.example/gates")
        quiet = lib.get_entry((feed_id, "q"))
        assert quiet is not None and quiet.links == [] and quiet.enclosures == []
        assert [e.enclosures for e in lib.entries() if e.id == "g9"] == [entry.enclosures]


def test_a_changed_enclosure_is_stored_without_touching_read_flags(isolated_home: Path) -> None:
    with Library.open() as lib:
        feed_id = _store(lib)
        lib.set_read((feed_id, "g9"))
        lib.set_starred((feed_id, "g9"))
        stats = lib.store_update(
            feed_id, title=None, link=None, etag=None, last_modified=None, next_update=None,
            entries=parse_feed(_FEED.replace(b"g9.mp3", b"g9-fixed.mp3"), url="https://locks.example/").entries)
        assert stats.updated == 1
        entry = lib.get_entry((feed_id, "g9"))
        assert entry is not None and entry.read and entry.starred
        assert [e.url for e in entry.enclosures] == ["https://locks.example/g9-fixed.mp3"]


def test_damaged_media_json_reads_as_none(isolated_home: Path) -> None:
    with Library.open() as lib:
        feed_id = _store(lib)
        assert lib._con is not None
        lib._con.execute("UPDATE entries SET media = ? WHERE entry_id = 'g9'",
                         ('{"links": ["javascript:x", "https://ok.example/\\u001b[2J"], "enclosures": [7]}',))
        entry = lib.get_entry((feed_id, "g9"))
        assert entry is not None and entry.links == [] and entry.enclosures == []
        lib._con.execute("UPDATE entries SET media = '{not json' WHERE entry_id = 'g9'")
        assert lib.get_entry((feed_id, "g9")).links == []  # type: ignore[union-attr]


def test_a_v4_library_is_migrated_and_keeps_everything(isolated_home: Path) -> None:
    db = paths.library_path()
    paths.ensure_dir(db.parent)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for version in schema.MIGRATIONS[:4]:
        for step in version:
            step(con) if callable(step) else con.execute(step)
    con.execute("INSERT INTO feeds (id, url, title, created) "
                "VALUES (1, 'https://locks.example/feed.xml', 'Lock Keepers', '2026-01-01T00:00:00.000000')")
    con.execute("INSERT INTO entries (feed_id, entry_id, seq, title, text, read, starred, first_seen, sort_date) "
                "VALUES (1, 'g9', 1, 'Gate 9 repaired', 'The gate list is out.', 1, 1, "
                "'2026-01-02T00:00:00.000000', '2026-01-02T00:00:00.000000')")
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 4")
    con.execute("COMMIT")
    con.close()

    with Library.open() as lib:
        assert lib._con is not None
        assert lib._con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION >= 5
        old = lib.get_entry((1, "g9"))
        assert old is not None and old.read and old.starred and old.links == [] and old.enclosures == []
        # The next refresh fills in the links and the enclosure, flags untouched.
        lib.store_update(1, title=None, link=None, etag=None, last_modified=None, next_update=None,
                         entries=parse_feed(_FEED, url="https://locks.example/feed.xml").entries)
        new = lib.get_entry((1, "g9"))
        assert new is not None and new.read and new.starred
        assert new.links == ["https://locks.example/gates"] and len(new.enclosures) == 1
        assert lib.integrity_check() == ["ok"]
