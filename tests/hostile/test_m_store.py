"""The library store under damage, churning feeds and odd places (issue 10: M1, M3, M7, M9).

Real SQLite files damaged on disk, a real loopback feed server, the installed
``newsreader`` command and the real Textual app.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Iterator

import pytest

from feeds.core.paths import library_path
from feeds.refresh import refresh_sync
from feeds.library.store import Library, LibraryDamaged, LibraryError

from ..conftest import env_for_subprocess, installed_command
from ..feedgen import BASE, rss
from ..netserver import LoopbackServer, RecordedRequest
from .storage_child import Item


def nr(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([installed_command(), *args], capture_output=True, text=True, timeout=120,
                         env={**env_for_subprocess(home), **(env or {})})
    assert "Traceback" not in out.stderr, out.stderr
    return out


# ----------------------------------------------------------------------------- M1

FEEDS, PER_FEED = 7, 2000


def _big_library(db: Path) -> dict[tuple[str, str], tuple[bool, bool]]:
    """14,000 entries, 2,000 read and 1,272 starred; returns (feed url, entry id) → (read, starred)."""
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with Library.open(db) as lib:
        for n in range(FEEDS):
            feed = lib.add_feed(f"https://example.org/{n}.xml", folder="News" if n % 2 else None)
            lib.store_update(feed.id, title=f"Feed {n}", link=None, etag=None, last_modified=None,
                             next_update=None, entries=[
                                 Item(id=f"f{n}-{i}", title=f"Feed {n} story {i}", link=f"https://example.org/{n}/{i}",
                                      published=when + timedelta(minutes=i), text=f"Story {i} of feed {n}. " * 8)
                                 for i in range(PER_FEED)])
    con = sqlite3.connect(db)
    try:
        con.execute("UPDATE entries SET read = 1 WHERE seq % 7 = 0")
        con.execute("UPDATE entries SET starred = 1 WHERE seq % 11 = 0")
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {(url, eid): (bool(r), bool(s)) for url, eid, r, s in con.execute(
            "SELECT f.url, e.entry_id, e.read, e.starred FROM entries e JOIN feeds f ON f.id = e.feed_id")}
    finally:
        con.close()


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    """SQLite's big-endian varint at ``pos``: (value, next position)."""
    value = 0
    for i in range(9):
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise AssertionError("unreachable")


def _rowids_on_leaf(page: bytes) -> list[int]:
    """The rowids stored on one table b-tree leaf page (the file format, section 1.6)."""
    assert page[0] == 0x0D, "not a table leaf page"
    cells = int.from_bytes(page[3:5], "big")
    out = []
    for c in range(cells):
        offset = int.from_bytes(page[8 + 2 * c:10 + 2 * c], "big")
        _, pos = _varint(page, offset)  # payload size
        rowid, _ = _varint(page, pos)
        out.append(rowid)
    return out


def _damage_entry_pages(db: Path, count: int) -> set[int]:
    """Overwrite ``count`` leaf pages in the middle of the entries table with garbage; their rowids."""
    con = sqlite3.connect(db)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        leaves = [r[0] for r in con.execute(
            "SELECT pageno FROM dbstat WHERE name = 'entries' AND pagetype = 'leaf' ORDER BY pageno")]
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find the pages with")
    finally:
        con.close()
    middle = len(leaves) // 2
    rng = random.Random(10)
    lost: set[int] = set()
    with open(db, "r+b") as f:
        for pageno in leaves[middle:middle + count]:
            f.seek((pageno - 1) * page_size)
            lost.update(_rowids_on_leaf(f.read(page_size)))
            f.seek((pageno - 1) * page_size)
            f.write(bytes(rng.randrange(256) for _ in range(page_size)))
    return lost


def _flags_now(db: Path) -> dict[tuple[str, str], tuple[bool, bool]]:
    with Library.open(db) as lib:
        urls = {f.id: f.url for f in lib.feeds()}
        return {(urls[e.feed_id], e.id): (e.read, e.starred) for e in lib.entries()}


@pytest.mark.timeout(180)
def test_M1_damaged_pages_lose_only_their_own_rows() -> None:
    db = library_path()
    before = _big_library(db)
    assert len(before) == 14_000
    con = sqlite3.connect(db)
    rowid_to_key = {rowid: (url, eid) for rowid, url, eid in con.execute(
        "SELECT e.rowid, f.url, e.entry_id FROM entries e JOIN feeds f ON f.id = e.feed_id")}
    con.close()
    lost_rowids = _damage_entry_pages(db, 4)
    assert 4 <= len(lost_rowids) < 100
    lost = {rowid_to_key[r] for r in lost_rowids}
    kept = {k: v for k, v in before.items() if k not in lost}

    with pytest.raises(LibraryDamaged) as info:
        Library.open(db)
    err = info.value
    # Every readable entry is back, with its own read and starred flags.
    assert _flags_now(db) == kept
    assert err.recovered_feeds == FEEDS
    assert err.recovered_entries == len(kept) == 14_000 - len(lost)
    assert err.lost_entries == len(lost)
    assert err.kept_read == sum(r for r, _ in kept.values())
    assert err.kept_starred == sum(s for _, s in kept.values())
    message = str(err)
    assert "\n" not in message and f"{len(kept):,} articles" in message
    assert f"{len(lost)} articles could not be read" in message
    with Library.open(db) as lib:
        assert lib.integrity_check() == ["ok"]
        assert {f.folder for f in lib.feeds()} == {"News", None}


@pytest.mark.timeout(180)
def test_M1_truncated_library_keeps_its_subscriptions() -> None:
    db = library_path()
    before = _big_library(db)
    with open(db, "r+b") as f:
        f.truncate(db.stat().st_size // 2)
    with pytest.raises(LibraryDamaged) as info:
        Library.open(db)
    err = info.value
    assert err.recovered_feeds == FEEDS and "\n" not in str(err)
    with Library.open(db) as lib:
        assert sorted(f.url for f in lib.feeds()) == sorted(f"https://example.org/{n}.xml" for n in range(FEEDS))
        assert {f.title for f in lib.feeds()} == {f"Feed {n}" for n in range(FEEDS)}
    after = _flags_now(db)
    # Whatever entries the first half still holds come back with their flags, none invented.
    assert err.recovered_entries == len(after) > 0
    assert all(before[key] == flags for key, flags in after.items())


# ----------------------------------------------------------------------------- M3


def _churning_feed(srv: LoopbackServer, stories: int = 20) -> dict[str, int]:
    """/churn.xml: the same stories every time, but every GUID is new on every fetch."""
    hits = {"n": 0}

    def handler(req: RecordedRequest) -> bytes:
        hits["n"] += 1
        body = rss("Churn", stories, link=srv.url("/"))
        return body.replace(b'<guid isPermaLink="false">Churn-', f'<guid isPermaLink="false">{hits["n"]}-'.encode())

    srv.route("/churn.xml", handler)
    return hits


@pytest.mark.timeout(60)
def test_M3_new_guids_every_fetch_do_not_duplicate() -> None:
    with LoopbackServer() as srv:
        hits = _churning_feed(srv)
        # every item links to the home page (distinct GUIDs, titles and dates)
        srv.static("/home-links.xml", re.sub(rb"story/\d+<", b"<", rss("Same link", 5, link=srv.url("/"))))
        with Library.open(library_path()) as lib:
            feed = lib.add_feed(srv.url("/churn.xml"))
            homes = lib.add_feed(srv.url("/home-links.xml"))
            refresh_sync(lib, [feed, homes])
            first = lib.entries(feed_id=feed.id)
            assert len(first) == 20
            lib.set_read(first[0].key)
            lib.set_starred(first[1].key)
            for _ in range(3):
                summary = refresh_sync(lib, [lib.get_feed(feed.id)])
                assert summary.outcomes[0].new == 0
            assert hits["n"] == 4
            again = lib.entries(feed_id=feed.id)
            assert len(again) == 20  # not 80
            assert [e.key for e in again] == [e.key for e in first]  # keys held by a reader stay valid
            assert again[0].read and again[1].starred and lib.unread_count(feed.id) == 19
            # Distinct items that all link to one page are still distinct.
            assert len(lib.entries(feed_id=homes.id)) == 5


def test_M3_reissue_matches_title_and_date_and_never_merges_ambiguous_links() -> None:
    when = datetime(2026, 2, 1, tzinfo=timezone.utc)
    with Library.open(library_path()) as lib:
        feed = lib.add_feed("https://example.org/m3.xml")

        def update(items: list[Item]) -> None:
            lib.store_update(feed.id, title="m3", link=None, entries=items, etag=None, last_modified=None,
                             next_update=None)

        update([Item(id="a1", title="No link, dated", published=when),
                Item(id="b1", title="Shared link one", link="https://example.org/"),
                Item(id="c1", title="Shared link two", link="https://example.org/")])
        lib.set_read((feed.id, "a1"))
        # a re-issued undated-link entry (same title and date), and two new ones sharing a link
        update([Item(id="a2", title="No link, dated", published=when),
                Item(id="d1", title="Shared link three", link="https://example.org/"),
                Item(id="e1", title="Shared link four", link="https://example.org/")])
        ids = {e.id for e in lib.entries(feed_id=feed.id)}
        assert ids == {"a1", "b1", "c1", "d1", "e1"}
        assert lib.get_entry((feed.id, "a1")).read  # type: ignore[union-attr]


@pytest.mark.timeout(120)
def test_M3_max_items_per_feed_read_go_first_starred_stay(isolated_home: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[refresh]\nmax_items_per_feed = 30\n")
    with LoopbackServer() as srv:
        hits = {"n": 0}

        def sliding(req: RecordedRequest) -> bytes:
            """Ten stories, five of them new on every fetch (a busy feed)."""
            hits["n"] += 1
            first = 5 * hits["n"]
            items = "".join(
                f"<item><title>Busy story {i}</title><link>{srv.url(f'/busy/{i}')}</link><guid>busy-{i}</guid>"
                f"<pubDate>{format_datetime(BASE + timedelta(hours=i))}</pubDate>"
                f"<description>Story number {i}.</description></item>" for i in range(first + 9, first - 1, -1))
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title>'
                    f"<link>{srv.url('/')}</link>{items}</channel></rss>").encode()

        srv.route("/busy.xml", sliding)
        env = {"NEWSREADER_CONFIG": str(config)}
        assert nr(isolated_home, "add", srv.url("/busy.xml"), env=env).returncode == 0
        with Library.open(library_path()) as lib:
            feed = lib.feeds()[0]
            oldest = sorted(lib.entries(feed_id=feed.id), key=lambda e: e.published)
            lib.set_starred(oldest[0].key)  # kept whatever happens
            lib.set_read(oldest[1].key)
        for _ in range(12):
            out = nr(isolated_home, "refresh", env=env)
            assert out.returncode == 0, out.stderr
        with Library.open(library_path()) as lib:
            entries = lib.entries(feed_id=feed.id)
            assert len(entries) == 30
            assert lib.get_entry(oldest[0].key).starred  # type: ignore[union-attr]
            assert lib.get_entry(oldest[1].key) is None  # read: among the first to go
            titles = {e.title for e in entries}
            newest = 5 * hits["n"]
            assert {f"Busy story {i}" for i in range(newest, newest + 10)} <= titles  # the feed's own stay


# ----------------------------------------------------------------------------- M7


@contextmanager
def read_only_place(folder: Path) -> Iterator[None]:
    """Make ``folder`` and every file in it unwritable, as a read-only mount would, even for root.

    Root ignores mode bits, so as root the immutable attribute (``chattr +i``) is used.
    """
    targets = [str(p) for p in (*folder.iterdir(), folder)]
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", *targets]).returncode:
            subprocess.run(["chattr", "-i", *targets], capture_output=True)
            pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
        undo = lambda: subprocess.run(["chattr", "-i", *targets], check=True)  # noqa: E731
    else:
        modes = {t: os.stat(t).st_mode for t in targets}
        for t in targets:
            os.chmod(t, 0o555 if os.path.isdir(t) else 0o444)
        undo = lambda: [os.chmod(t, m) for t, m in modes.items()]  # noqa: E731
    try:
        yield
    finally:
        undo()


def _small_library() -> Path:
    db = library_path()
    with Library.open(db) as lib:
        feed = lib.add_feed("https://example.org/harbour.xml", title="Harbour Times")
        lib.store_update(feed.id, title="Harbour Times", link=None, etag=None, last_modified=None, next_update=None,
                         entries=[Item(id="h1", title="Harbour wall repaired", text="The harbour wall was repaired."),
                                  Item(id="h2", title="Ferry timetable changes", text="Ferries leave earlier.")])
        lib.set_read((feed.id, "h2"))
    assert not Path(str(db) + "-wal").exists()
    return db


def test_M7_read_only_data_folder_cli(isolated_home: Path) -> None:
    db = _small_library()
    with read_only_place(db.parent):
        out = nr(isolated_home, "search", "harbour")
        assert out.returncode == 0 and "Harbour wall repaired" in out.stdout, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "read-only" in lines[0] and str(db) in lines[0], out.stderr
        out = nr(isolated_home, "feeds")
        assert out.returncode == 0 and "Harbour Times" in out.stdout and "1/2" in out.stdout, out.stderr
        assert nr(isolated_home, "unread").stdout.strip() == "1"
        out = nr(isolated_home, "remove", "https://example.org/harbour.xml")
        assert out.returncode == 1 and out.stderr.count("\n") <= 2 and "read-only" in out.stderr, out.stderr
        assert "unexpected error" not in out.stderr
    with Library.open(db) as lib:  # untouched, and writable again
        assert [f.url for f in lib.feeds()] == ["https://example.org/harbour.xml"]


async def test_M7_read_only_data_folder_tui() -> None:
    from tui.app import make_app
    from tui.screens.library import LibraryScreen

    from ..tui.harness import settle

    db = _small_library()
    with read_only_place(db.parent):
        app = make_app([])
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)  # the user's library, not the samples
            assert app.library is not None and app.library.readonly
            notes = [n.message for n in app._notifications]
            assert any("opened read-only" in n and str(db.parent) in n for n in notes), notes
            await pilot.press("m")  # a write is refused politely, the app carries on
            await pilot.pause()
            assert app.is_running


# ----------------------------------------------------------------------------- M9


def test_M9_library_env_names_a_directory(isolated_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "my-library"
    folder.mkdir()
    env = {"NEWSREADER_LIBRARY": str(folder)}
    for args in (("feeds",), ("unread",), ("search", "x"), ("refresh",), ("add", "http://127.0.0.1:9/x.xml")):
        out = nr(isolated_home, *args, env=env)
        assert out.returncode == 1, (args, out.stdout)
        assert out.stderr == (f"newsreader: the library path {folder} is a directory, not a library file "
                              "(check NEWSREADER_LIBRARY)\n"), (args, out.stderr)
    for readonly in (False, True):
        with pytest.raises(LibraryError, match="is a directory, not a library file"):
            Library.open(folder, readonly=readonly)
    assert list(folder.iterdir()) == []  # nothing created inside it
