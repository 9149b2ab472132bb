"""Store now, convert later: a refresh keeps entry bodies as the feed sent them.

The text is made when an entry is first read through the library (and written
back), or by the catch-up that runs before the search index takes entries in.
Everything a reader sees must be exactly what converting at refresh time gave.
Real loopback server, real SQLite files.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import feeds.formats.feedparse
import feeds.formats.htmltext
import feeds.library.store
from feeds.library import schema
from feeds.formats.feedparse import parse_feed
from feeds.refresh import refresh
from feeds.library.store import Library, prepare_entries

from .netserver import LoopbackServer

FEED_URL_PATH = "/harbour.xml"


def _harbour_feed(count: int = 3, *, extra: str = "") -> bytes:
    """An RSS feed whose descriptions are HTML with links, lists and entities (invented text)."""
    items = []
    for n in range(count):
        html = (f"<p>The <b>harbour board</b> met on Tuesday{extra} and heard report {n} on the "
                f"<a href=\"/docs/report-{n}\">dredging plan</a> &amp; the ferry timetable.</p>"
                f"<ul><li>Berth {n} reopens</li><li>Crane works: <i>cormorant</i> nests moved</li></ul>"
                f"<p>Minutes at <a href=\"https://board.example/minutes/{n}\">the board's site</a>.</p>")
        items.append(f"<item><title>Harbour notice {n}</title><link>https://board.example/n/{n}</link>"
                     f"<guid isPermaLink=\"false\">harbour-{n}</guid>"
                     f"<pubDate>Sun, 01 Mar 2026 {9 + n % 10:02d}:00:00 GMT</pubDate>"
                     f"<description>{escape(html)}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour Board</title>'
            '<link>https://board.example/</link>' + "".join(items) + "</channel></rss>").encode()


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def conversions(monkeypatch) -> list[int]:
    """Counts html_to_text calls (the work a refresh must no longer do)."""
    calls: list[int] = []
    real = feeds.formats.htmltext.html_to_text

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(feeds.formats.feedparse, "html_to_text", counting)
    monkeypatch.setattr(feeds.formats.htmltext, "html_to_text", counting)
    made = getattr(feeds.library.store, "_make_text", None)  # bodies converted by an earlier test are not work saved here
    if made is not None:
        made.cache_clear()
    return calls


def _refresh(library: Library) -> None:
    summary = asyncio.run(refresh(library, library.feeds()))
    assert summary.failed == 0, [o.error for o in summary.outcomes]


def _rows(path: Path) -> dict[str, tuple]:
    con = sqlite3.connect(path)
    try:
        return {r[0]: r[1:] for r in con.execute("SELECT entry_id, text, body, feed_text_hash FROM entries")}
    finally:
        con.close()


def _expected(data: bytes, url: str) -> dict[str, object]:
    """What converting at refresh time gave (the parser without deferring)."""
    return {e.id: e for e in parse_feed(data, url=url).entries}


def test_a_refresh_stores_the_html_and_the_text_is_made_on_first_read(tmp_path: Path, server) -> None:
    data = _harbour_feed()
    server.static(FEED_URL_PATH, data)
    db = tmp_path / "library.sqlite"
    with Library.open(db) as lib:
        feed = lib.add_feed(server.url(FEED_URL_PATH))
        _refresh(lib)

        rows = _rows(db)
        assert set(rows) == {"harbour-0", "harbour-1", "harbour-2"}
        for entry_id, (text, body, _hash) in rows.items():
            assert text == "" and body is not None  # no text yet: the feed's HTML is kept
            kept = feeds.formats.feedparse.EntryBody.from_blob(body)
            assert kept is not None and 'href="/docs/report-' in kept.content and "<li>Berth" in kept.content

        expected = _expected(data, server.url(FEED_URL_PATH))
        entry = lib.get_entry((feed.id, "harbour-1"))
        assert entry is not None
        want = expected["harbour-1"]
        assert entry.text == want.text and "dredging plan[1]" in entry.text and "• Berth 1 reopens" in entry.text
        assert entry.links == want.links == ["https://board.example/docs/report-1", "https://board.example/minutes/1"]
        assert entry.summary_only == want.summary_only

        # cached: the row now holds the text and no longer the body
        text, body, _hash = _rows(db)["harbour-1"]
        assert text == want.text and body is None
        # the analysis cache keys on the text the reader saw
        lib.cache_analysis(entry.key, '{"ok": 1}', text=entry.text)
        assert lib.cached_analysis(entry.key) == '{"ok": 1}'

        # an unconverted entry reads the same through a listing
        listed = {e.id: e for e in lib.entries(feed_id=feed.id)}
        assert listed["harbour-2"].text == expected["harbour-2"].text
        assert listed["harbour-2"].links == expected["harbour-2"].links


def test_search_finds_a_word_of_the_body_after_the_catch_up(tmp_path: Path, server) -> None:
    server.static(FEED_URL_PATH, _harbour_feed(extra=" with the quartermaster"))
    db = tmp_path / "library.sqlite"
    with Library.open(db) as lib:
        lib.add_feed(server.url(FEED_URL_PATH))
        _refresh(lib)
        assert all(text == "" for text, _b, _h in _rows(db).values())
        assert lib.pending_text() == 3

        lib.update_search_index()  # the reader's background catch-up after a refresh

        assert lib.pending_text() == 0
        assert all(body is None and "quartermaster" in text for text, body, _h in _rows(db).values())
        found = lib.search("quartermaster cormorant")
        assert sorted(e.id for e in found) == ["harbour-0", "harbour-1", "harbour-2"]
        assert lib.integrity_check() == ["ok"]


def test_a_refresh_of_200_entries_converts_no_html(tmp_path: Path, server, conversions: list[int]) -> None:
    server.static(FEED_URL_PATH, _harbour_feed(200))
    with Library.open(tmp_path / "library.sqlite") as lib:
        lib.add_feed(server.url(FEED_URL_PATH))
        _refresh(lib)
        assert lib.count_entries() == 200
        assert conversions == []
        # the same feed again (no validators, so it is parsed again): still nothing converted
        _refresh(lib)
        assert conversions == []
        lib.update_search_index()
        assert len(conversions) == 200  # the catch-up does it, once per entry


def _previous_version_library(db: Path, data: bytes, url: str) -> None:
    """A schema-v5 library holding the feed as the previous newsreader stored it (text, no body)."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for version in schema.MIGRATIONS[:5]:
        for step in version:
            step(con) if callable(step) else con.execute(step)
    con.execute("INSERT INTO feeds (id, url, title, created) VALUES (1, ?, 'Harbour Board', "
                "'2026-01-01T00:00:00.000000')", (url,))
    for seq, e in enumerate(prepare_entries(parse_feed(data, url=url).entries), 1):
        con.execute("INSERT INTO entries (feed_id, entry_id, seq, title, link, author, published, updated, "
                    "sort_date, text, feed_text_hash, summary_only, read, starred, first_seen, media) "
                    "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-02T00:00:00.000000', ?)",
                    (e.id, seq, e.title, e.link, e.author, e.published, e.updated, e.published, e.text,
                     e.text_hash, int(e.summary_only), int(seq == 1), int(seq == 2), e.media))
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 5")
    con.execute("COMMIT")
    con.close()


def test_a_library_from_the_previous_schema_opens_reads_and_keeps_its_text(
        tmp_path: Path, server, conversions: list[int]) -> None:
    data = _harbour_feed()
    server.static(FEED_URL_PATH, data)
    url = server.url(FEED_URL_PATH)
    db = tmp_path / "library.sqlite"
    _previous_version_library(db, data, url)
    expected = _expected(data, url)
    conversions.clear()

    with Library.open(db) as lib:
        assert lib._con is not None
        assert lib._con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 8
        first = lib.get_entry((1, "harbour-0"))
        assert first is not None and first.read and first.text == expected["harbour-0"].text
        assert first.links == expected["harbour-0"].links
        lib.set_entry_text((1, "harbour-2"), "The full article, fetched from the board's site.")

        _refresh(lib)  # the feed says the same: nothing changes, the full article stays
        after = {e.id: e for e in lib.entries(feed_id=1)}
        assert after["harbour-0"].read and after["harbour-1"].starred
        assert after["harbour-0"].text == expected["harbour-0"].text
        assert after["harbour-2"].text == "The full article, fetched from the board's site."
        assert all(h.startswith("b:") for _t, _b, h in _rows(db).values())  # compared by body from now on

        conversions.clear()
        _refresh(lib)  # parsed again: the stored entries are recognised without converting anything
        assert conversions == []
        assert lib.get_entry((1, "harbour-2")).text == "The full article, fetched from the board's site."
        assert lib.integrity_check() == ["ok"]
