"""The daily loop on a realistic library: reading state, bulk marks, every entry reachable, feeds managed.

Each test drives the real app (Pilot) over a real SQLite library of dozens of feeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.dialogs import ConfirmDialog, TextDialog
from tui.screens.library import LibraryScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.feed_tree import FeedTree

from ..libgen import build_library
from .harness import screen_text, settle

WIDE = (120, 40)


def _unread() -> int:
    with Library.open(library_path(), readonly=True) as lib:
        return lib.unread_count()


def _choose(app, label: str) -> None:
    tree = app.screen.query_one(FeedTree)
    tree.focus()
    for i in range(tree.row_count()):
        if label in tree.row_text(i):
            tree.highlighted = i
            return
    raise AssertionError(f"{label!r} is not in the library column")


@pytest.fixture
def library() -> Path:
    build_library(library_path(), feeds=12, per_feed=10).close()
    return library_path()


async def test_moving_through_the_list_marks_nothing_read(library: Path) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        lst = app.screen.query_one(ArticleList)
        lst.focus()
        for _ in range(8):
            await pilot.press("j")
            await pilot.pause(0.1)
        await settle(pilot)
        assert _unread() == 120  # launching and passing over eight articles read none of them
        shown = app.screen.query_one(ArticleView).article
        await pilot.press("enter")  # opening is reading
        await settle(pilot)
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.get_entry(shown.entry_key).read
        assert _unread() == 119
        await pilot.press("q", "j")  # back in the list, the cursor previews again
        await settle(pilot)
        assert _unread() == 119
        await pilot.press("tab")  # the focus moving into the article is reading it
        await settle(pilot)
        assert _unread() == 118


async def test_dwell_setting_marks_what_stays_on_screen(library: Path, isolated_home: Path) -> None:
    config = isolated_home / "config" / "newsreader"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[reading]\nmark_read = "dwell"\ndwell_seconds = 1.5\n', encoding="utf-8")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert _unread() == 120
        await pilot.pause(2.0)
        assert _unread() == 119  # the first article stayed on screen past the dwell time


async def test_A_in_starred_marks_only_the_starred_articles(library: Path) -> None:
    with Library.open(library_path()) as lib:
        keys = [e.key for e in lib.entries(limit=3)]
        for key in keys:
            lib.set_starred(key)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        _choose(app, "Starred")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).count == 3
        await pilot.press("A")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)  # three articles: no question
        assert _unread() == 117  # exactly the three starred ones
        with Library.open(library_path(), readonly=True) as lib:
            assert all(lib.get_entry(k).read for k in keys)


async def test_A_asks_above_a_few_and_U_undoes(library: Path) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        _choose(app, "Folder 1")
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Mark 30 articles in “Folder 1” read?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert _unread() == 120
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert _unread() == 90
        await pilot.press("U")
        await settle(pilot)
        assert _unread() == 120
        await pilot.press("U")  # nothing more to undo: nothing changes
        await settle(pilot)
        assert _unread() == 120


async def test_every_view_reaches_every_entry() -> None:
    build_library(library_path(), feeds=40, per_feed=90).close()  # 3,600 entries: past the old 2,000 cap
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count == 3600
        assert "All articles (3,600)" in screen_text(app)
        lst.focus()
        await pilot.press("G")
        await settle(pilot)
        with Library.open(library_path(), readonly=True) as lib:
            oldest = lib.entries(limit=1, offset=3599)[0]
        assert app.screen.query_one(ArticleView).article.title == oldest.title
        assert oldest.title[:20] in screen_text(app)
        _choose(app, "Unread")
        await settle(pilot)
        assert lst.count == 3600


async def test_n_crosses_into_the_next_feed_with_unread_articles(library: Path) -> None:
    with Library.open(library_path()) as lib:
        feeds = lib.feeds()
        first, second = feeds[0], feeds[1]  # library order: Folder 0 holds feeds 0, 4, 8
        lib.mark_feed_read(feed_id=first.id)
        lib.mark_feed_read(feed_id=second.id)
        third = feeds[2]
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        _choose(app, first.display_title)
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert screen.scope.kind == "feed" and screen.scope.value == third.id  # the next feed with unread
        article = screen.query_one(ArticleView).article
        assert article.entry_key[0] == third.id
        await pilot.press("N")  # back: nothing unread before it in this feed, so the previous feed with some
        await settle(pilot)
        assert screen.scope.value not in (first.id, second.id)


async def test_feeds_are_renamed_moved_and_unsubscribed_in_the_reader(library: Path) -> None:
    with Library.open(library_path(), readonly=True) as lib:
        feed = lib.feeds()[0]
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        _choose(app, feed.display_title)
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+u", *"Morning Paper", "enter")
        await settle(pilot)
        assert "Morning Paper" in screen_text(app)
        await pilot.press("M")
        await pilot.pause()
        await pilot.press("ctrl+u", *"Daily", "enter")
        await settle(pilot)
        assert "▾ Daily" in screen_text(app)
        with Library.open(library_path(), readonly=True) as lib:
            moved = lib.get_feed(feed.id)
            assert moved.display_title == "Morning Paper" and moved.folder == "Daily"
        app.screen.query_one(FeedTree).focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Unsubscribe from “Morning Paper”?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "Morning Paper" not in screen_text(app)
        with Library.open(library_path(), readonly=True) as lib:
            assert lib.get_feed(feed.id) is None and len(lib.feeds()) == 11


async def test_starred_and_unread_marks_show_in_the_list(library: Path) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        lst.focus()
        await pilot.press("s")
        await settle(pilot)
        first_row = screen_text(app).splitlines()[lst.region.y + 1][lst.region.x:lst.region.right]
        assert "★" in first_row and "●" in first_row
        await pilot.press("m")
        await settle(pilot)
        first_row = screen_text(app).splitlines()[lst.region.y + 1][lst.region.x:lst.region.right]
        assert "★" in first_row and "●" not in first_row


async def test_the_palette_offers_the_library_commands(library: Path) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for words, title in (("unsubscribe", "Unsubscribe feed"), ("undo mark", "Undo mark read"),
                             ("move feed", "Move feed to folder")):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*words)
            await pilot.pause(0.4)
            assert title in screen_text(app)
            await pilot.press("escape")
            await pilot.pause()
