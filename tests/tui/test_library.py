"""The reader on a real library (SQLite in a temp XDG dir) fed by a loopback server."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import stat
import sys
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.refresh import refresh
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.dialogs import AddFeedDialog, ChooseFeedDialog, SearchDialog
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.feed_tree import FeedTree

from ..feedgen import BASE, article_page, page_with_feed, rss
from ..netserver import LoopbackServer, Response
from .harness import add_feed_in_dialog, screen_text, settle

WIDE = (120, 40)


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        srv.static("/town.xml", rss("Town News", [
            ("Bridge reopens after repairs", "The old bridge reopened on Monday after 14 months of work."),
            ("Library extends opening hours", "The central library will open until 9 p.m. on weekdays."),
            ("Market moves to the harbour", "Stallholders voted 41 to 12 to move the market."),
        ], link=srv.url("/")))
        srv.static("/sport.xml", rss("Sport Desk", [
            ("Rovers win the cup", "Rovers beat United 3-1 in the final."),
        ], link=srv.url("/"), start=BASE - timedelta(days=1)))
        yield srv


@pytest.fixture
def populated(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> LoopbackServer:
    with Library.open(library_path()) as lib:
        feeds = [lib.add_feed(server.url("/town.xml"), folder="Local"), lib.add_feed(server.url("/sport.xml"))]
        asyncio.run(refresh(lib, feeds))
    return server


def _tree_labels(app) -> list[str]:
    tree = app.screen.query_one(FeedTree)
    return [tree.row_text(i) for i in range(tree.row_count())]


async def test_library_opens_with_feeds_folders_and_unread_counts(populated: LoopbackServer) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        labels = _tree_labels(app)
        assert labels[0].split() == ["4", "All", "articles"] or labels[0].split()[1:] == ["All", "articles"]
        assert any("▾ Local" in l for l in labels) and any("Town News" in l for l in labels)
        assert "Sport Desk" in screen_text(app)
        # the first article is shown, and stays unread: looking is not reading
        lst = app.screen.query_one(ArticleList)
        titles = {lst.row_at(i).title for i in range(lst.count)}
        assert titles == {"Bridge reopens after repairs", "Library extends opening hours",
                          "Market moves to the harbour", "Rovers win the cup"}
        assert app.screen.query_one(ArticleView).article.title in titles
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.unread_count() == 4


async def test_choosing_a_feed_filters_and_n_m_s_A_work(populated: LoopbackServer) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(FeedTree)
        tree.focus()
        index = next(i for i, l in enumerate(_tree_labels(app)) if "Town News" in l)
        tree.highlighted = index
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 3
        view = app.screen.query_one(ArticleView)
        assert view.article.title == "Bridge reopens after repairs"
        await pilot.press("n")  # next unread
        await settle(pilot)
        assert view.article.title == "Library extends opening hours"
        with Library.open(library_path(), readonly=True) as lib:
            assert not lib.get_entry(view.article.entry_key).read  # n moved the cursor: not read
        await pilot.press("m")  # toggle read
        await pilot.pause()
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.get_entry(view.article.entry_key).read
        await pilot.press("m")  # and back to unread
        await pilot.pause()
        with Library.open(library_path(), readonly=True) as lib:
            entry = lib.get_entry(view.article.entry_key)
            assert not entry.read
        await pilot.press("s")
        await pilot.pause()
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.get_entry(view.article.entry_key).starred
        assert any(l.split()[:2] == ["1", "Starred"] for l in _tree_labels(app))
        feed_id = view.article.entry_key[0]
        with Library.open(library_path(), readonly=True) as lib:
            others = lib.unread_count() - lib.unread_count(feed_id)
            assert lib.unread_count(feed_id) >= 1
        await pilot.press("A")  # mark this feed read
        await settle(pilot)
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.unread_count(feed_id) == 0
            assert lib.unread_count() == others  # the other feed is untouched


async def test_refresh_shows_progress_and_a_failing_feed_shows_its_reason(populated: LoopbackServer) -> None:
    populated.route("/town.xml", lambda req: Response(503, b"<html>down</html>", content_type="text/html",
                                                      headers={"Retry-After": "120"}))
    populated.static("/sport.xml", rss("Sport Desk", [("Rovers win the cup", "Rovers beat United 3-1."),
                                                       ("New coach named", "The club named a new coach.")]))
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        text = screen_text(app)
        flat = " ".join(text.replace("│", " ").split())
        assert "2 feeds: 1 ok, 1 failed, 1 new entry" in flat
        assert "⚠" in text and "HTTP 503" in text  # the reason beside the feed's name
        assert "New coach named" in text
        assert app.is_running


async def test_search_finds_articles_and_opens_them(populated: LoopbackServer) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchDialog)
        await pilot.press(*"harbour")
        await pilot.pause(0.2)
        assert "1 result" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(ArticleView).article.title == "Market moves to the harbour"
        assert "Search: harbour (1)" in screen_text(app)


async def test_add_feed_dialog_validates_then_subscribes_through_discovery(populated: LoopbackServer) -> None:
    populated.static("/blog.xml", rss("Garden Blog", 2))
    populated.static("/blog", page_with_feed("/blog.xml", "Garden"), content_type="text/html")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddFeedDialog)
        await pilot.press(*"ftp://x")
        await pilot.pause()
        assert "only http and https" in screen_text(app)
        await pilot.press(*(["backspace"] * 7))
        for ch in populated.url("/blog"):
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(40):
            await pilot.pause(0.05)
            await settle(pilot)
            if any("Garden Blog" in l for l in _tree_labels(app)):
                break
        assert any("Garden Blog" in l for l in _tree_labels(app))
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.get_feed(populated.url("/blog.xml")).total == 2


async def test_fetch_full_article_replaces_a_summary(populated: LoopbackServer) -> None:
    populated.static("/story/0", article_page("Bridge reopens after repairs", [
        "The old bridge reopened on Monday after 14 months of work, the council said.",
        "Engineers replaced 120 steel cables and resurfaced the whole deck, at a cost of $4.2 million.",
        "\u201cIt is good to have our bridge back,\u201d said Ana Lopez, who runs a bakery on the east bank.",
    ]), content_type="text/html")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article.title == "Bridge reopens after repairs"
        await pilot.press("f")
        for _ in range(60):
            await pilot.pause(0.1)
            await settle(pilot)
            if view.article and "120 steel cables" in view.article.text and view.analysis is not None:
                break
        await settle(pilot)
        assert "120 steel cables" in view.article.text
        assert view.analysis is not None and any(q.speaker == "Ana Lopez" for q in view.analysis.quotes)


async def test_open_and_copy_link(populated: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "argv.log"
    browser = tmp_path / "browser"
    browser.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'w').write(sys.argv[1])\n")
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        link = app.screen.query_one(ArticleView).article.url
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == link
        await pilot.press("o")
        for _ in range(50):
            if log.exists():
                break
            await pilot.pause(0.05)
        assert log.read_text() == link


async def test_second_instance_shares_the_library(populated: LoopbackServer) -> None:
    with Library.open(library_path()) as other:  # another newsreader (a cron refresh, a second window)
        seen = other.data_version()
        app = make_app([])
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            assert not app.library.readonly and "read-only" not in screen_text(app)
            await pilot.press("m")
            await pilot.pause()
            assert app.is_running
            # the reader's read flags are written, and the other process sees them at once
            assert other.data_version() != seen
            assert other.unread_count() == app.library.unread_count()


async def test_opening_a_feed_url_reads_it_without_subscribing(server: LoopbackServer) -> None:
    app = make_app([server.url("/town.xml")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 3
        assert app.screen.query_one(ArticleView).article.source == "Town News"
    assert not library_path().exists()  # nothing subscribed, no library created


async def test_opening_a_page_offers_its_feeds(server: LoopbackServer) -> None:
    server.static("/site", page_with_feed("/town.xml", "Town site").replace(
        b"<p>", b"<article><p>" + b"The town council meets on Tuesdays in the old hall. " * 8), content_type="text/html")
    app = make_app([server.url("/site")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ChooseFeedDialog)
        assert "Town site feed" in screen_text(app) and "Just read this page" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(ArticleView).article is not None  # the page itself, as an article


async def test_refresh_falls_back_to_a_thread_when_no_child_process_can_start(
        populated: LoopbackServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    populated.static("/sport.xml", rss("Sport Desk", [("Rovers win the cup", "Rovers beat United 3-1."),
                                                       ("Keeper signs on", "The keeper signed for two years.")]))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        flat = " ".join(screen_text(app).replace("│", " ").split())
        assert "2 feeds: 2 ok" in flat and "1 new entry" in flat
        assert "Keeper signs on" in screen_text(app)


@pytest.mark.parametrize("where", ["reader", "library"])
async def test_a_feed_added_anywhere_keeps_the_folder_typed_for_it(populated: LoopbackServer, tmp_path: Path,
                                                                   where: str) -> None:
    """One subscribe flow: from the reader (files open) and from the library, the folder is kept."""
    populated.static("/garden.xml", rss("Garden Blog", 2))
    inputs = []
    if where == "reader":
        article = tmp_path / "note.txt"
        article.write_text("A note\n\nThe ferry left at noon, the harbour master said.\n", encoding="utf-8")
        inputs = [str(article)]
    app = make_app(inputs)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await add_feed_in_dialog(pilot, populated.url("/garden.xml"), "Gardening")
        feed = None
        for _ in range(80):
            await pilot.pause(0.05)
            if library_path().exists():
                with Library.open(library_path(), readonly=True) as lib:
                    feed = next((f for f in lib.feeds() if f.url == populated.url("/garden.xml")), None)
                if feed is not None:
                    break
        assert feed is not None and feed.folder == "Gardening"
