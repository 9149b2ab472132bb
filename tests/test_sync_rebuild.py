"""Issue 16: a damaged library that is rebuilt keeps what sync needs (no server: the library alone).

Which feeds and entries are the server's, and the local read/star changes not
yet pushed, come through a repair; the sync cursor does not (entries may have
been lost with the damage), so the next sync reads the server's entries again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from feeds.library.store import Library, LibraryDamaged
from feeds.sync.backend import RemoteFeed

from .hostile.storage_child import Item


def _synced_library(db: Path) -> int:
    """A library with one server feed of 20 entries mapped to server ids, and one local feed."""
    with Library.open(db) as lib:
        local = lib.add_feed("https://example.org/local.xml")
        lib.store_update(local.id, title="local", link=None, entries=[Item(id="l0", title="local 0", text="x " * 40)],
                         etag=None, last_modified=None, next_update=None)
        mapped = lib.apply_remote_feeds([RemoteFeed(id="41", url="https://example.org/remote.xml",
                                                    title="Remote", folder="World")])
        feed_id = mapped["41"]
        lib.store_update(feed_id, title="Remote", link=None,
                         entries=[Item(id=f"r{i}", title=f"remote {i}", text=f"text {i} " * 30) for i in range(20)],
                         etag=None, last_modified=None, next_update=None)
        lib.map_remote_entries([(feed_id, f"r{i}", f"900{i}", False, False) for i in range(20)])
        lib.set_sync_values({"ttrss.since_id": "9019"})
        lib.set_read((feed_id, "r3"))  # made here, not yet pushed
        lib.set_starred((feed_id, "r5"))
        assert lib.queue_length() == 2
    return feed_id


def _damage_an_index(db: Path) -> None:
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    (page,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_by_feed_read'").fetchone()
    con.close()
    with open(db, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\xff")


def test_a_rebuilt_library_keeps_its_server_feeds_and_the_changes_not_yet_pushed(isolated_home: Path) -> None:
    db = isolated_home / "library.sqlite"
    _synced_library(db)
    _damage_an_index(db)
    with pytest.raises(LibraryDamaged):
        Library.open(db)
    with Library.open(db) as lib:
        feeds = {f.url: f for f in lib.feeds()}
        remote = feeds["https://example.org/remote.xml"]
        assert lib.remote_feeds() == {"41": remote.id}
        assert lib.is_remote(remote.id) and not lib.is_remote(feeds["https://example.org/local.xml"].id)
        changes = {(c.remote_id, c.field, c.value) for c in lib.queued_changes()}  # due at once
        assert changes == {("9003", "read", True), ("9005", "starred", True)}
        assert lib.get_entry((remote.id, "r3")).read  # type: ignore[union-attr]
        # the cursor is not kept: the next sync reads the server's entries again
        assert lib.sync_value("ttrss.since_id") is None
        # and what the server sends again maps onto the kept entries, flags queued here winning
        lib.map_remote_entries([(remote.id, "r3", "9003", False, False)])
        assert lib.get_entry((remote.id, "r3")).read  # type: ignore[union-attr]
        assert lib.integrity_check() == ["ok"]
