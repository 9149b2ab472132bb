"""The library store: paths, feeds, updates, entries, search, the analysis cache, migrations.

Every test works on a real SQLite file inside the per-test XDG directories
that ``conftest.isolated_home`` sets up.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds.core import paths

from feeds.library import schema

from feeds.library import store
from feeds.core.atomic import atomic_write
from feeds.core.model import MAX_TEXT_CHARS, Article
from feeds.library.store import Entry, Feed, Library, LibraryError, UpdateStats

UTC = timezone.utc
pytestmark = pytest.mark.timeout(60)


from .hostile.storage_child import Item  # noqa: E402  (shaped like ParsedEntry: the EntryData protocol)



def _patch_library(monkeypatch: pytest.MonkeyPatch, name: str, value: object) -> None:
    """Replace a clock or a bound in every part of the library that reads it."""
    import importlib
    import pkgutil

    import feeds.library

    for info in pkgutil.iter_modules(feeds.library.__path__):
        mod = importlib.import_module(f"feeds.library.{info.name}")
        if hasattr(mod, name):
            monkeypatch.setattr(mod, name, value)

def day(n: int) -> datetime:
    return datetime(2024, 3, 1, 12, tzinfo=UTC) + timedelta(days=n)


@pytest.fixture
def lib() -> Library:
    library = Library.open()
    yield library
    library.close()


def update(lib: Library, feed_id: int, items: list[Item], **kw: object) -> UpdateStats:
    args: dict = dict(title=None, link=None, etag=None, last_modified=None, next_update=None)
    args.update(kw)
    return lib.store_update(feed_id, entries=items, **args)


# ------------------------------------------------------------------------------ paths


def test_paths_follow_xdg(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = isolated_home / "data"
    # platformdirs itself honours XDG_DATA_HOME / XDG_CONFIG_HOME on Linux…
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert platformdirs.user_data_path("newsreader") == data / "newsreader"
        assert platformdirs.user_config_path("newsreader") == isolated_home / "config" / "newsreader"
    # …and so do we, on every platform.
    assert paths.data_dir() == data / "newsreader"
    assert paths.config_dir() == isolated_home / "config" / "newsreader"
    assert paths.cache_dir() == isolated_home / "cache" / "newsreader"
    assert paths.library_path() == data / "newsreader" / "library.sqlite"
    # A relative XDG path is invalid by the spec and ignored.
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    assert paths.data_dir().is_absolute()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv(paths.LIBRARY_ENV, str(isolated_home / "elsewhere" / "my.sqlite"))
    assert paths.library_path() == isolated_home / "elsewhere" / "my.sqlite"
    monkeypatch.setenv(paths.LIBRARY_ENV, "  ")
    assert paths.library_path() == data / "newsreader" / "library.sqlite"
    assert paths.save_dir() == data / "newsreader" / "saved"
    monkeypatch.setenv(paths.SAVE_DIR_ENV, str(isolated_home / "saves"))
    assert paths.save_dir() == isolated_home / "saves"


def test_directories_are_created_lazily_with_0700(isolated_home: Path) -> None:
    target = paths.data_dir()
    paths.library_path()
    assert not target.exists()  # asking for a path creates nothing
    with Library.open() as lib:
        assert lib.path == isolated_home / "data" / "newsreader" / "library.sqlite"
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.library_path().stat().st_mode) == 0o600
    deep = isolated_home / "a" / "b" / "c"
    paths.ensure_dir(deep)
    for d in (isolated_home / "a", isolated_home / "a" / "b", deep):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700


def test_library_env_override(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = isolated_home / "custom" / "lib.db"
    monkeypatch.setenv(paths.LIBRARY_ENV, str(target))
    with Library.open() as lib:
        lib.add_feed("https://example.org/feed")
    assert target.exists() and (isolated_home / "custom" / "lib.db.lock").exists()
    assert not paths.data_dir().exists()


def test_atomic_write(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert paths.atomic_write is atomic_write
    atomic_write(str(target), "first")
    assert target.read_text() == "first"
    os.chmod(target, 0o604)
    atomic_write(target, b"second")
    assert target.read_bytes() == b"second"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    with pytest.raises(OSError):
        atomic_write(tmp_path / "missing" / "x", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


# ------------------------------------------------------------------------------ feeds


def test_add_feed_is_idempotent_and_remove_cascades(lib: Library) -> None:
    a = lib.add_feed("  https://a.example/feed  ", title="A", folder="News")
    assert isinstance(a, Feed)
    assert (a.url, a.title, a.folder, a.unread, a.total) == ("https://a.example/feed", "A", "News", 0, 0)
    again = lib.add_feed("https://a.example/feed")
    assert again.id == a.id and again.folder == "News" and again.title == "A"
    moved = lib.add_feed("https://a.example/feed", folder="Tech")
    assert moved.id == a.id and moved.folder == "Tech"
    assert len(lib.feeds()) == 1
    b = lib.add_feed("https://b.example/feed")
    update(lib, a.id, [Item(id="1", title="one", text="alpha bravo"), Item(id="2", title="two")])
    update(lib, b.id, [Item(id="1", title="b one", text="alpha")])
    assert lib.remove_feed("https://a.example/feed") is True
    assert lib.remove_feed(a.id) is False
    assert [f.id for f in lib.feeds()] == [b.id]
    assert lib.get_entry((a.id, "1")) is None
    assert [e.feed_id for e in lib.search("alpha")] == [b.id]  # the search index forgot them too
    assert lib.remove_feed(b.id) is True
    assert lib.entries() == [] and lib.integrity_check() == ["ok"]
    with pytest.raises(ValueError):
        lib.add_feed("   ")


def test_feed_title_from_the_feed_does_not_override_the_users(lib: Library) -> None:
    mine = lib.add_feed("https://a.example/feed", title="My name for it")
    theirs = lib.add_feed("https://b.example/feed")
    update(lib, mine.id, [], title="Publisher title", link="https://a.example/")
    update(lib, theirs.id, [], title="Publisher B")
    assert lib.get_feed(mine.id).title == "My name for it"  # type: ignore[union-attr]
    got = lib.get_feed(theirs.id)
    assert got is not None and got.title == "Publisher B" and got.display_title == "Publisher B"
    update(lib, theirs.id, [], title=None)  # a fetch without a title keeps the old one
    assert lib.get_feed(theirs.id).title == "Publisher B"  # type: ignore[union-attr]
    assert lib.add_feed("https://c.example/x").display_title == "https://c.example/x"


def test_feeds_sorted_by_folder_then_title_and_folders(lib: Library) -> None:
    lib.add_feed("https://z.example/", title="zulu")
    lib.add_feed("https://y.example/", title="Yankee", folder="tech")
    lib.add_feed("https://x.example/", title="alpha", folder="Tech")
    lib.add_feed("https://w.example/", folder="arts")
    lib.add_feed("https://v.example/", title="Beta", folder="tech")
    order = [(f.folder, f.display_title) for f in lib.feeds()]
    # Folders case-insensitively (unfiled last), then titles case-insensitively.
    assert order == [("arts", "https://w.example/"), ("Tech", "alpha"), ("tech", "Beta"),
                     ("tech", "Yankee"), (None, "zulu")]
    assert lib.folders() == ["arts", "Tech", "tech"]
    f = lib.get_feed("https://z.example/")
    assert f is not None
    lib.set_feed_folder(f.id, "arts")
    assert lib.get_feed(f.id).folder == "arts"  # type: ignore[union-attr]
    lib.set_feed_folder(f.id, None)
    assert lib.get_feed(f.id).folder is None  # type: ignore[union-attr]
    assert lib.get_feed("https://nope.example/") is None and lib.get_feed(999) is None


def test_set_feed_url_for_permanent_redirects(lib: Library) -> None:
    a = lib.add_feed("http://a.example/feed")
    b = lib.add_feed("http://b.example/feed")
    update(lib, a.id, [Item(id="1", title="t")], etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    lib.set_feed_url(a.id, "https://a.example/feed")
    moved = lib.get_feed("https://a.example/feed")
    assert moved is not None and moved.id == a.id and moved.total == 1
    assert moved.etag is None and moved.last_modified is None  # the next fetch is unconditional
    assert lib.get_feed("http://a.example/feed") is None
    with pytest.raises(ValueError):
        lib.set_feed_url(a.id, b.url)


# ------------------------------------------------------------------------------ updates


def test_store_update_upserts_and_keeps_read_and_starred(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed")
    first = [Item(id="1", title="One", text="first text", published=day(1), author="Ann"),
             Item(id="2", title="Two", text="second", published=day(2))]
    assert update(lib, f.id, first, etag='"e1"', next_update=day(3)) == UpdateStats(2, 0, 0)
    assert all(not e.read and not e.starred for e in lib.entries())
    lib.set_read((f.id, "1"))
    lib.set_starred((f.id, "1"))
    changed = [Item(id="1", title="One (corrected)", text="first text, revised", published=day(1), author="Ann"),
               Item(id="2", title="Two", text="second", published=day(2)),
               Item(id="3", title="Three", text="third", published=day(3))]
    assert update(lib, f.id, changed) == UpdateStats(1, 1, 1)
    one = lib.get_entry((f.id, "1"))
    assert one is not None
    assert (one.title, one.text, one.read, one.starred) == ("One (corrected)", "first text, revised", True, True)
    three = lib.get_entry((f.id, "3"))
    assert three is not None and not three.read and not three.starred
    # Entries the feed no longer lists are kept.
    assert update(lib, f.id, [Item(id="3", title="Three", text="third", published=day(3))]) == UpdateStats(0, 0, 1)
    assert lib.get_feed(f.id).total == 3  # type: ignore[union-attr]
    feed = lib.get_feed(f.id)
    assert feed is not None and feed.etag is None and feed.last_updated is not None


def test_store_update_records_validators_and_schedule(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed")
    when = datetime(2030, 1, 1, 8, tzinfo=UTC)
    update(lib, f.id, [], etag='W/"weak"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT", next_update=when,
           title="T", link="https://a.example/")
    got = lib.get_feed(f.id)
    assert got is not None
    assert (got.etag, got.last_modified, got.next_update, got.link) == (
        'W/"weak"', "Wed, 21 Oct 2015 07:28:00 GMT", when, "https://a.example/")
    update(lib, f.id, [], etag="bad\r\nX-Injected: 1")  # never stored to be echoed back as a header
    assert lib.get_feed(f.id).etag is None  # type: ignore[union-attr]


def test_not_modified_writes_no_entries(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed")
    update(lib, f.id, [Item(id=str(i), title=str(i)) for i in range(5)], etag='"x"')
    lib.store_error(f.id, category="timeout", message="timed out", next_update=None)
    con = lib._con
    assert con is not None
    before = con.total_changes
    snapshot = [(e.key, e.title, e.first_seen) for e in lib.entries()]
    lib.store_not_modified(f.id, next_update=day(10))
    assert con.total_changes - before == 1  # the feed row, nothing else
    assert [(e.key, e.title, e.first_seen) for e in lib.entries()] == snapshot
    feed = lib.get_feed(f.id)
    assert feed is not None and feed.next_update == day(10) and feed.etag == '"x"' and feed.last_error is None
    # An unchanged 200 writes no entry either.
    before = con.total_changes
    update(lib, f.id, [Item(id=str(i), title=str(i)) for i in range(5)], etag='"x"')
    assert con.total_changes - before == 1


def test_store_error_keeps_entries_and_one_line_message(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed")
    update(lib, f.id, [Item(id="1", title="kept"), Item(id="2", title="kept too")])
    lib.set_read((f.id, "1"))
    lib.store_error(f.id, category="http-status", message="HTTP 503\nService \x1b]0;pwned\x07Unavailable" + "!" * 900,
                    next_update=day(1))
    feed = lib.get_feed(f.id)
    assert feed is not None
    assert feed.error_category == "http-status"
    assert feed.last_error is not None and "\n" not in feed.last_error and "\x1b" not in feed.last_error
    assert feed.last_error.startswith("HTTP 503 Service") and len(feed.last_error) <= 300
    assert (feed.total, feed.unread, feed.next_update) == (2, 1, day(1))
    update(lib, f.id, [Item(id="1", title="kept")])
    cleared = lib.get_feed(f.id)
    assert cleared is not None and cleared.last_error is None and cleared.error_category is None


def test_updates_for_a_removed_feed_are_ignored(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed")
    lib.remove_feed(f.id)
    assert update(lib, f.id, [Item(id="1", title="x")]) == UpdateStats(0, 0, 0)
    lib.store_not_modified(f.id, next_update=None)
    lib.store_error(f.id, category="network", message="x", next_update=None)
    assert lib.entries() == [] and lib.feeds() == []


def test_due_feeds(lib: Library) -> None:
    never = lib.add_feed("https://never.example/")
    past = lib.add_feed("https://past.example/")
    future = lib.add_feed("https://future.example/")
    update(lib, past.id, [], next_update=day(-1))
    update(lib, future.id, [], next_update=day(30))
    assert [f.id for f in lib.due_feeds(now=day(0))] == [never.id, past.id]
    assert [f.id for f in lib.due_feeds(now=day(31))] == [never.id, past.id, future.id]
    naive = datetime(2024, 3, 1, 12)  # naive means UTC
    assert [f.id for f in lib.due_feeds(now=naive)] == [never.id, past.id]


# ------------------------------------------------------------------------------ entries


def test_unread_counts_and_mark_read(lib: Library) -> None:
    a = lib.add_feed("https://a.example/", folder="news")
    b = lib.add_feed("https://b.example/", folder="news")
    c = lib.add_feed("https://c.example/", folder="other")
    for f in (a, b, c):
        update(lib, f.id, [Item(id=str(i), title=f"{f.id}/{i}") for i in range(4)])
    assert lib.unread_count() == 12 and lib.unread_count(a.id) == 4
    lib.set_read((a.id, "0"))
    lib.set_read((a.id, "1"))
    lib.set_read((a.id, "1"), False)
    assert lib.unread_count(a.id) == 3
    assert {f.id: (f.unread, f.total) for f in lib.feeds()} == {a.id: (3, 4), b.id: (4, 4), c.id: (4, 4)}
    assert lib.mark_feed_read(a.id) == 3
    assert lib.mark_feed_read(a.id) == 0
    assert lib.mark_feed_read(folder="news") == 4
    assert lib.unread_count() == 4
    assert len(lib.entries(unread_only=True)) == 4
    assert lib.mark_feed_read() == 4
    assert lib.unread_count() == 0
    lib.set_read((a.id, "does not exist"))  # ignored, no error


def test_entries_filters_and_paging(lib: Library) -> None:
    a = lib.add_feed("https://a.example/", folder="news")
    b = lib.add_feed("https://b.example/", folder="sport")
    update(lib, a.id, [Item(id=f"a{i}", title=f"a{i}", published=day(i)) for i in range(5)])
    update(lib, b.id, [Item(id=f"b{i}", title=f"b{i}", published=day(i) + timedelta(hours=1)) for i in range(5)])
    lib.set_starred((a.id, "a2"))
    lib.set_read((b.id, "b4"))
    everything = [e.id for e in lib.entries()]
    assert everything == ["b4", "a4", "b3", "a3", "b2", "a2", "b1", "a1", "b0", "a0"]
    assert [e.id for e in lib.entries(feed_id=a.id)] == ["a4", "a3", "a2", "a1", "a0"]
    assert [e.id for e in lib.entries(folder="sport", unread_only=True)] == ["b3", "b2", "b1", "b0"]
    assert [e.id for e in lib.entries(starred_only=True)] == ["a2"]
    pages = [e.id for n in range(4) for e in lib.entries(limit=3, offset=3 * n)]
    assert pages == everything
    assert lib.entries(limit=0) == []


def test_undated_entries_keep_a_stable_position(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [datetime(2024, 5, 1, 9, tzinfo=UTC)]
    _patch_library(monkeypatch, "_utcnow", lambda: clock[0])
    f = lib.add_feed("https://undated.example/")
    g = lib.add_feed("https://dated.example/")
    update(lib, f.id, [Item(id=f"u{i}", title=f"u{i}") for i in range(3)])  # no dates at all
    clock[0] += timedelta(seconds=1)
    update(lib, g.id, [Item(id="d-old", title="old", published=datetime(2024, 4, 1, tzinfo=UTC)),
                       Item(id="d-future", title="poison", published=datetime(9999, 12, 31, tzinfo=UTC))])
    first = [e.id for e in lib.entries()]
    # Undated entries sort by first sighting, in feed order; a far-future date is not trusted.
    assert first == ["d-future", "u0", "u1", "u2", "d-old"]
    clock[0] += timedelta(hours=2)
    update(lib, f.id, [Item(id="u-new", title="new"), *[Item(id=f"u{i}", title=f"u{i}") for i in range(3)]])
    update(lib, f.id, [Item(id=f"u{i}", title=f"u{i} edited") for i in (2, 1, 0)])  # reordered and edited
    again = [e.id for e in lib.entries()]
    assert again[0] == "u-new"
    assert [i for i in again if i.startswith("u") and i != "u-new"] == ["u0", "u1", "u2"]
    assert [e.id for e in lib.entries()] == again  # deterministic
    poison = lib.get_entry((g.id, "d-future"))
    assert poison is not None and poison.published == datetime(9999, 12, 31, tzinfo=UTC)


def test_poison_dates_and_odd_strings_are_stored_safely(lib: Library) -> None:
    f = lib.add_feed("https://odd.example/")
    east = timezone(timedelta(hours=14))
    items = [
        Item(id="min", title="min", published=datetime(1, 1, 1, tzinfo=east)),  # overflows to UTC: undated
        Item(id="max", title="max", published=datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12)))),
        Item(id="naive", title="naive", published=datetime(2024, 1, 1, 12)),
        Item(id="junk", title="junk", published="yesterday"),  # type: ignore[arg-type]
        Item(id="sur", title="bad \ud800 surrogate \x00 nul", text="text \udfff\x00 more", author="a\ud800"),
    ]
    assert update(lib, f.id, items).new == 5
    got = {e.id: e for e in lib.entries()}
    assert got["min"].published is None and got["max"].published is None and got["junk"].published is None
    assert got["naive"].published == datetime(2024, 1, 1, 12, tzinfo=UTC)
    assert "\ud800" not in got["sur"].title and "\x00" not in got["sur"].text


def test_sizes_are_bounded(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    f = lib.add_feed("https://big.example/")
    huge_text = ("word " * 100 + "\n\n") * (MAX_TEXT_CHARS // 500 + 10)
    update(lib, f.id, [Item(id="big", title="T" * 1_000_000, text=huge_text, author="A" * 50_000,
                            link="https://x.example/" + "p" * 10_000)])
    entry = lib.get_entry((f.id, "big"))
    assert entry is not None
    assert len(entry.title) <= 2_000 and entry.title.endswith("…")
    assert len(entry.text) <= MAX_TEXT_CHARS + 10 and entry.text.endswith("[…]")
    assert entry.author is not None and len(entry.author) <= 1_000
    assert entry.link is None  # a cut URL would be a wrong URL
    _patch_library(monkeypatch, "MAX_ENTRIES_PER_UPDATE", 7)
    assert update(lib, f.id, [Item(id=f"m{i}", title="m") for i in range(50)]).new == 7
    with pytest.raises(ValueError):
        lib.add_feed("https://x.example/" + "a" * 20_000)


def test_set_entry_text_survives_unchanged_feed_updates(lib: Library) -> None:
    f = lib.add_feed("https://a.example/")
    summary = Item(id="1", title="t", text="a short summary", summary_only=True)
    update(lib, f.id, [summary])
    lib.set_entry_text((f.id, "1"), "The whole article, fetched.\n\nSecond paragraph.")
    assert update(lib, f.id, [summary]) == UpdateStats(0, 0, 1)
    entry = lib.get_entry((f.id, "1"))
    assert entry is not None and entry.text.startswith("The whole article") and not entry.summary_only
    # The feed's own text changes: that wins again.
    update(lib, f.id, [Item(id="1", title="t", text="a new summary", summary_only=True)])
    entry = lib.get_entry((f.id, "1"))
    assert entry is not None and entry.text == "a new summary" and entry.summary_only
    # Only the feed's text changed for the fetched entry's title: the fetched text stays.
    lib.set_entry_text((f.id, "1"), "Full again.")
    update(lib, f.id, [Item(id="1", title="t2", text="a new summary", summary_only=True)])
    entry = lib.get_entry((f.id, "1"))
    assert entry is not None and (entry.title, entry.text) == ("t2", "Full again.")


def test_to_article(lib: Library) -> None:
    f = lib.add_feed("https://a.example/feed.xml", title="The Daily")
    update(lib, f.id, [
        Item(id="1", title="Headline", link="https://a.example/story", author="Jo Writer", published=day(0),
             text="Para one.\n\nPara two."),
        Item(id="2", title="", text="No link here."),
    ])
    entry = lib.get_entry((f.id, "1"))
    assert isinstance(entry, Entry) and entry.key == (f.id, "1")
    article = entry.to_article()
    assert isinstance(article, Article)
    assert (article.title, article.byline, article.source, article.published, article.url, article.origin) == (
        "Headline", "Jo Writer", "The Daily", day(0), "https://a.example/story", "https://a.example/story")
    assert article.text == "Para one.\n\nPara two." and article.entry_key == (f.id, "1")
    bare = lib.get_entry((f.id, "2")).to_article()  # type: ignore[union-attr]
    assert bare.origin == "https://a.example/feed.xml" and bare.url is None and bare.title == "(untitled)"


# ------------------------------------------------------------------------------ search

HOSTILE_QUERIES = ['"', '""', "AND (", "*", "**", "OR", "NOT", "a OR", "NEAR(", "title:", "-", "^", "(",
                   ")", "'", "\\", "%", "_", "\x00", "\ud800", "\x1b[31m", "a\" OR \"b", "x*y", "é*", "{a b}:c",
                   "col : x", "+", "AND AND", "NEAR(a b, 3)", " ", "", "a" * 5000, "b " * 500]


def _search_corpus(lib: Library) -> tuple[int, int]:
    a = lib.add_feed("https://a.example/", title="A")
    b = lib.add_feed("https://b.example/", title="B")
    update(lib, a.id, [
        Item(id="title-hit", title="Harbour flood barrier opens", text="The city council said it works.",
             published=day(1)),
        Item(id="text-hit", title="Council meeting", text="Residents asked about the harbour and the barrier.",
             published=day(2)),
        Item(id="author-hit", title="Weather", text="Rain.", author="Harbour Desk", published=day(3)),
        Item(id="accents", title="Café culture", text="Über naïve résumé", published=day(4)),
    ])
    update(lib, b.id, [Item(id="other", title="Cup final", text="Nothing to see.", published=day(5))])
    return a.id, b.id


def test_search_ranks_and_matches(lib: Library) -> None:
    _search_corpus(lib)
    assert lib.search_backend == "fts5"
    assert [e.id for e in lib.search("harbour")] == ["title-hit", "author-hit", "text-hit"]
    assert [e.id for e in lib.search("harbour barrier")] == ["title-hit", "text-hit"]
    assert [e.id for e in lib.search("HARBOUR   Barrier")] == ["title-hit", "text-hit"]
    assert [e.id for e in lib.search("harb*")][0] == "title-hit"
    assert [e.id for e in lib.search("cafe uber")] == ["accents"]  # diacritics folded
    assert lib.search("zeppelin") == []
    assert len(lib.search("harbour", limit=1)) == 1
    assert [e.id for e in lib.search("council OR nothing")] == []  # OR is a word, not an operator
    f = lib.get_feed("https://a.example/")
    assert f is not None
    lib.set_entry_text((f.id, "accents"), "now it mentions zeppelins and a zeppelin")
    assert [e.id for e in lib.search("zeppelin")] == ["accents"]
    assert lib.search("naive") == []  # the index follows the text


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_search_hostile_queries_never_raise(lib: Library, query: str) -> None:
    _search_corpus(lib)
    result = lib.search(query)
    assert isinstance(result, list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_search_never_raises_property(lib: Library, query: str) -> None:
    if not lib.feeds():
        _search_corpus(lib)
    assert isinstance(lib.search(query), list)


def test_like_fallback_without_fts5(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "_fts5", False)
    with Library.open() as lib:
        assert lib.search_backend == "like"
        _search_corpus(lib)
        assert [e.id for e in lib.search("harbour")][0] == "title-hit"
        assert {e.id for e in lib.search("harbour")} == {"title-hit", "text-hit", "author-hit"}
        assert [e.id for e in lib.search("%")] == [] and [e.id for e in lib.search("_")] == []
        for query in HOSTILE_QUERIES:
            assert isinstance(lib.search(query), list)


# ------------------------------------------------------------------------------ analysis cache


def test_analysis_cache_invalidated_by_text_change(lib: Library) -> None:
    f = lib.add_feed("https://a.example/")
    update(lib, f.id, [Item(id="1", title="t", text="original text")])
    key = (f.id, "1")
    assert lib.cached_analysis(key) is None
    lib.cache_analysis(key, '{"quotes": []}')
    assert lib.cached_analysis(key) == '{"quotes": []}'
    update(lib, f.id, [Item(id="1", title="new title", text="original text")])  # text unchanged
    assert lib.cached_analysis(key) == '{"quotes": []}'
    lib.set_read(key)
    assert lib.cached_analysis(key) == '{"quotes": []}'
    update(lib, f.id, [Item(id="1", title="new title", text="edited text")])
    assert lib.cached_analysis(key) is None
    lib.cache_analysis(key, '{"v": 2}')
    lib.set_entry_text(key, "edited text")  # the same text: cache kept
    assert lib.cached_analysis(key) == '{"v": 2}'
    lib.set_entry_text(key, "the full article")
    assert lib.cached_analysis(key) is None
    # A result computed from stale text is not cached.
    lib.cache_analysis(key, '{"stale": true}', text="edited text")
    assert lib.cached_analysis(key) is None
    lib.cache_analysis(key, '{"fresh": true}', text="the full article")
    assert lib.cached_analysis(key) == '{"fresh": true}'
    assert lib.cached_analysis((f.id, "missing")) is None


# ------------------------------------------------------------------------------ lifecycle


def test_readonly_and_closed(isolated_home: Path) -> None:
    with pytest.raises(LibraryError, match="no library"):
        Library.open(readonly=True)
    assert not paths.data_dir().exists()  # a read-only open creates nothing
    with Library.open() as lib:
        f = lib.add_feed("https://a.example/")
        update(lib, f.id, [Item(id="1", title="t")])
    with Library.open(readonly=True) as ro:
        assert ro.readonly and len(ro.entries()) == 1
        for write in (lambda: ro.add_feed("https://b.example/"), lambda: ro.set_read((f.id, "1")),
                      lambda: ro.mark_feed_read(), lambda: ro.remove_feed(f.id)):
            with pytest.raises(LibraryError, match="read-only"):
                write()
        # A second read-only instance and a writer can both be open alongside it.
        with Library.open(readonly=True) as ro2, Library.open() as w:
            w.set_read((f.id, "1"))
            assert ro2.get_entry((f.id, "1")).read  # type: ignore[union-attr]
    lib = Library.open()
    lib.close()
    lib.close()  # idempotent
    assert lib.closed
    with pytest.raises(LibraryError, match="closed"):
        lib.feeds()


def test_readonly_open_never_writes(isolated_home: Path) -> None:
    with Library.open() as lib:
        lib.add_feed("https://a.example/")
    db = paths.library_path()
    (db.parent / "library.sqlite.lock").unlink()
    listing = sorted(p.name for p in db.parent.iterdir())
    digest = db.read_bytes()
    with Library.open(readonly=True) as ro:
        ro.feeds()
        ro.search("x")
    # No lock file and no change to the database. (SQLite may leave its WAL side files
    # behind, the -wal one empty: a WAL reader needs the shared-memory index.)
    after = sorted(p.name for p in db.parent.iterdir())
    assert set(after) - set(listing) <= {"library.sqlite-wal", "library.sqlite-shm"}
    wal = db.with_name("library.sqlite-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert db.read_bytes() == digest


def test_bad_arguments_are_value_errors(lib: Library) -> None:
    with pytest.raises(ValueError):
        lib.get_entry("not a key")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        lib.set_read((1, 2))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        lib.get_feed(3.5)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ schema and migrations

V1_DDL = [
    """CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT, folder TEXT,
       link TEXT, etag TEXT, last_modified TEXT, last_error TEXT, error_category TEXT, last_updated TEXT,
       next_update TEXT, created TEXT NOT NULL)""",
    """CREATE TABLE entries (feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
       entry_id TEXT NOT NULL, title TEXT NOT NULL DEFAULT '', link TEXT, author TEXT, published TEXT,
       updated TEXT, text TEXT NOT NULL DEFAULT '', summary_only INTEGER NOT NULL DEFAULT 0,
       read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL,
       PRIMARY KEY (feed_id, entry_id))""",
    "CREATE INDEX entries_by_feed_read ON entries (feed_id, read)",
]


def _schema_shape(db: Path) -> dict[str, object]:
    con = sqlite3.connect(db)
    try:
        names = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        cols = {t: [tuple(r[1:]) for r in con.execute(f"PRAGMA table_info({t})")] for t in ("feeds", "entries")}
        return {"names": names, "columns": cols, "version": con.execute("PRAGMA user_version").fetchone()[0],
                "app": con.execute("PRAGMA application_id").fetchone()[0]}
    finally:
        con.close()


def test_fresh_library_schema(isolated_home: Path) -> None:
    with Library.open() as lib:
        con = lib._con
        assert con is not None
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert con.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    shape = _schema_shape(paths.library_path())
    assert shape["version"] == schema.SCHEMA_VERSION == 8
    assert shape["app"] == schema.APPLICATION_ID
    names = shape["names"]
    assert isinstance(names, list)
    assert {"feeds", "entries", "entries_fts", "entries_by_feed_date", "entries_unread_by_date"} <= set(names)
    assert not list(paths.data_dir().glob("*.bak-v*"))  # nothing to back up for a new file


def test_migration_from_v1(isolated_home: Path) -> None:
    db = paths.library_path()
    paths.ensure_dir(db.parent)
    con = sqlite3.connect(db)
    for stmt in V1_DDL:
        con.execute(stmt)
    con.execute("INSERT INTO feeds (id, url, title, folder, etag, created) VALUES "
                "(1, 'https://old.example/feed', 'Old', 'news', '\"v\"', '2023-01-01T00:00:00.000000')")
    for i in range(30):
        con.execute("INSERT INTO entries (feed_id, entry_id, title, text, published, read, starred, first_seen) "
                    "VALUES (1, ?, ?, ?, ?, ?, ?, '2023-02-01T00:00:00.000000')",
                    (f"id{i}", f"Entry {i}", "kangaroo" if i == 3 else f"text {i}",
                     None if i % 5 == 0 else f"2023-01-{1 + i % 28:02d}T00:00:00.000000", i % 2, i == 4))
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with Library.open() as lib:
        feed = lib.get_feed("https://old.example/feed")
        assert feed is not None and (feed.title, feed.folder, feed.etag, feed.total, feed.unread) == (
            "Old", "news", '"v"', 30, 15)
        assert lib.get_entry((1, "id4")).starred  # type: ignore[union-attr]
        assert lib.get_entry((1, "id1")).read  # type: ignore[union-attr]
        assert [e.id for e in lib.search("kangaroo")] == ["id3"]
        assert len(lib.entries()) == 30 and lib.integrity_check() == ["ok"]
        # The migrated library behaves like a new one.
        update(lib, feed.id, [Item(id="id3", title="Entry 3", text="kangaroo")])
        assert lib.get_entry((1, "id3")).text == "kangaroo"  # type: ignore[union-attr]
    backup = db.with_name("library.sqlite.bak-v1")
    assert backup.exists() and _schema_shape(backup)["version"] == 1
    migrated = _schema_shape(db)
    fresh_db = isolated_home / "fresh.sqlite"
    Library.open(fresh_db).close()
    assert migrated == _schema_shape(fresh_db)  # one path: migrated and new libraries are identical


def test_migration_from_empty_file(isolated_home: Path) -> None:
    db = paths.library_path()
    paths.ensure_dir(db.parent)
    db.write_bytes(b"")  # version 0: an empty file
    with Library.open() as lib:
        lib.add_feed("https://a.example/")
    assert _schema_shape(db)["version"] == schema.SCHEMA_VERSION


def test_migration_steps_labels() -> None:
    labels = schema.migration_steps(0)
    assert labels[0] == "begin" and labels[-2:] == ["commit", "committed"]
    assert len(labels) == 2 + sum(len(m) for m in schema.MIGRATIONS) + 1


def test_list_queries_use_indexes(lib: Library) -> None:
    """K6: listing entries walks an index in order, never a full scan plus sort."""
    f = lib.add_feed("https://a.example/", folder="x")
    update(lib, f.id, [Item(id=str(i), title=str(i), published=day(i)) for i in range(20)])
    con = lib._con
    assert con is not None
    seen: list[str] = []
    con.set_trace_callback(seen.append)
    lib.entries(limit=50)
    lib.entries(unread_only=True, limit=50)
    lib.entries(starred_only=True, limit=50)
    lib.entries(feed_id=f.id, limit=50)
    con.set_trace_callback(None)
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 4
    for sql in selects:
        plan = " / ".join(row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql))
        assert "TEMP B-TREE" not in plan and "USING INDEX" in plan.upper().replace("COVERING ", ""), plan


# ---------------------------------------------------------------- deferred search index


def test_search_index_catches_up_and_stays_consistent(tmp_path: Path) -> None:
    """New entries are indexed after a refresh; edits and deletes keep the index exact."""
    from types import SimpleNamespace as E

    lib = Library.open(tmp_path / "lib.sqlite")
    try:
        feed = lib.add_feed("https://example.org/feed")
        item = lambda i, text: E(id=f"e{i}", title=f"Item {i}", link=None, author=None, published=None,  # noqa: E731
                                 updated=None, text=text, summary_only=False)
        lib.store_update(feed.id, title="F", link=None, entries=[item(1, "harbour cranes"), item(2, "river boats")],
                         etag=None, last_modified=None, next_update=None)
        assert lib.pending_index() == 2
        assert [e.id for e in lib.search("cranes")] == ["e1"]  # search indexes first
        assert lib.pending_index() == 0
        lib.store_update(feed.id, title="F", link=None, entries=[item(1, "harbour ferries"), item(2, "river boats")],
                         etag=None, last_modified=None, next_update=None)
        assert lib.search("cranes") == [] and [e.id for e in lib.search("ferries")] == ["e1"]
        lib.set_entry_text((feed.id, "e2"), "canal barges")
        assert lib.search("boats") == [] and [e.id for e in lib.search("barges")] == ["e2"]
        lib.store_update(feed.id, title="F", link=None, entries=[item(3, "unindexed lighthouse")],
                         etag=None, last_modified=None, next_update=None)
        assert lib.remove_feed(feed.id)  # indexed and unindexed rows removed alike
        assert lib.integrity_check() == ["ok"]
        assert lib.search("ferries") == [] and lib.search("lighthouse") == []
    finally:
        lib.close()


def test_read_only_search_finds_entries_not_yet_indexed(tmp_path: Path) -> None:
    from types import SimpleNamespace as E

    path = tmp_path / "lib.sqlite"
    with Library.open(path) as lib:
        feed = lib.add_feed("https://example.org/feed")
        lib.store_update(feed.id, title="F", link=None,
                         entries=[E(id="a", title="Quay", link=None, author=None, published=None, updated=None,
                                    text="new tram line", summary_only=False)],
                         etag=None, last_modified=None, next_update=None)
    with Library.open(path, readonly=True) as ro:
        assert ro.pending_index() == 1
        assert [e.id for e in ro.search("tram")] == ["a"]
