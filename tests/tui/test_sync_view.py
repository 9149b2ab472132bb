"""The reader with a sync service: ``R`` syncs with the real Tiny Tiny RSS, the status line tells the state.

The server is the one of tests/test_sync_tui.py (Debian's tt-rss with the
test plugin that lets it read loopback feeds). What the server holds is
asserted through its API.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.dialogs import ConfirmDialog
from tui.screens.library import LibraryScreen
from tui.widgets.feed_tree import FeedTree, Scope

from ..conftest import installed_command
from ..netserver import LoopbackServer
from ..test_sync_tui import (feeds_site, on_server, server, server_feeds, subscribing_server,  # noqa: F401 (fixtures)
                             synced, ttrss_server)
from ..test_sync_ttrss import SEED, configure
from ..ttrss import Article, TtrssServer, free_port
from .harness import add_feed_in_dialog, screen_text, settle
from .test_tmux import Tmux, tmux  # noqa: F401 (the fixture)
from .test_tmux import pytestmark as needs_tmux

WIDE = (120, 40)


def flat(app) -> str:
    return " ".join(screen_text(app).replace("│", " ").split())


async def until(pilot, check, seconds: float = 20.0) -> None:
    """Let the app run until ``check()`` holds (workers, timers and the catch-up child land on their own time)."""
    for _ in range(int(seconds / 0.05)):
        await settle(pilot)
        if check():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened; the screen shows: {flat(pilot.app)}")


async def unsubscribe(app, pilot, title: str) -> None:
    """``d`` on the feed called ``title`` in the library column, and yes to the question."""
    with Library.open(library_path(), readonly=True) as lib:
        feed = next(f for f in lib.feeds() if f.title == title)
    tree = app.screen.query_one(FeedTree)
    tree.select_scope(Scope("feed", feed.id, title))
    tree.focus()
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("y")


async def test_R_syncs_and_the_status_line_shows_the_last_sync_and_the_queue(
        server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)  # not the samples: the feeds are one R away
        await until(pilot, lambda: "Not synced yet" in flat(app) and "Press R to sync" in flat(app))
        await pilot.press("R")
        await until(pilot, lambda: re.search(r"Synced \d\d:\d\d", flat(app)) is not None)
        text = flat(app)
        assert "3 new articles from 2 feeds" in text
        assert "Harbour Notes" in text and "Valley Gazette" in text and "Orchard harvest starts early" in text
        assert re.search(r"\b2 Unread", text) and re.search(r"\b1 Starred", text)  # the counts: Ferry fares rise was read on the server
        screen = app.screen
        current = screen.current_article.title
        assert server.headlines()[current]["unread"] is True
        await pilot.press("m")  # read here: one change waits for the next sync
        await until(pilot, lambda: "1 change queued" in flat(app))
        await pilot.press("R")
        await until(pilot, lambda: "1 change sent" in flat(app))
        assert "queued" not in flat(app)
        assert server.headlines()[current]["unread"] is False


async def test_R_with_the_server_down_is_one_line_and_the_library_stays(server: TtrssServer,
                                                                        isolated_home: Path) -> None:
    synced(server, isolated_home)
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/")  # nothing listens there
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await until(pilot, lambda: "Sync failed: cannot reach the sync server" in flat(app))
        status = str(app.screen.query_one("#status").render())
        assert "\n" not in status.strip() and "Traceback" not in flat(app)
        assert "Flood barrier closes for the first time" in flat(app)
        assert app.is_running
    with Library.open(library_path(), readonly=True) as lib:
        assert len(lib.entries()) == 3 and len(lib.feeds()) == 2


async def test_the_help_says_R_syncs_when_a_service_is_configured(server: TtrssServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    app = make_app([])
    async with app.run_test(size=(120, 140)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: "Sync with the server, refresh local feeds" in flat(app))
        line = next(l for l in screen_text(app).splitlines() if "Sync with the server, refresh local feeds" in l)
        assert re.search(r"(^|\s|│)R\s", line)
        assert "Refresh all" not in flat(app)


async def test_unsubscribing_with_the_server_down_keeps_the_feed(server: TtrssServer, isolated_home: Path) -> None:
    synced(server, isolated_home)
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await unsubscribe(app, pilot, "Valley Gazette")
        await until(pilot, lambda: "Not unsubscribed (kept here too): cannot reach the sync server" in flat(app))
        assert "Valley Gazette" in flat(app)
    assert len(server_feeds(server)) == 2
    with Library.open(library_path(), readonly=True) as lib:
        assert len(lib.feeds()) == 2 and len(lib.entries()) == 3


async def test_sync_without_a_service_says_how_to_configure_it(isolated_home: Path) -> None:
    with LoopbackServer() as site:
        from ..feedgen import rss

        site.static("/town.xml", rss("Town News", [("Bridge reopens", "The bridge reopened.")], link=site.url("/")))
        with Library.open(library_path()) as lib:
            lib.add_feed(site.url("/town.xml"))
        app = make_app([])
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Sync with the server")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await until(pilot, lambda: "No sync service is configured: set [sync]" in flat(app))
            with Library.open(library_path(), readonly=True) as lib:
                assert lib.sync_value("last_sync") is None and len(lib.entries()) == 0  # nothing else happened


async def test_unsubscribing_a_remote_feed_removes_it_on_the_server_first(server: TtrssServer,
                                                                          isolated_home: Path) -> None:
    synced(server, isolated_home)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await unsubscribe(app, pilot, "Valley Gazette")
        await until(pilot, lambda: "Valley Gazette" not in flat(app) and "Orchard harvest" not in flat(app))
    assert list(server_feeds(server)) == ["https://harbour.example.invalid/feed.xml"]
    with Library.open(library_path(), readonly=True) as lib:
        assert [f.title for f in lib.feeds()] == ["Harbour Notes"]


async def test_adding_a_feed_in_the_reader_subscribes_the_server(server: TtrssServer, feeds_site: LoopbackServer,
                                                                 isolated_home: Path) -> None:
    synced(server, isolated_home)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await add_feed_in_dialog(pilot, feeds_site.url("/tide.xml"), "Harbour desk")
        await until(pilot, lambda: "Tide Tables" in flat(app))
    assert server_feeds(server)[on_server(feeds_site.url("/tide.xml"))] == "Harbour desk"
    with Library.open(library_path(), readonly=True) as lib:
        [tide] = [f for f in lib.feeds() if f.title == "Tide Tables"]
        assert lib.is_remote(tide.id) and tide.folder == "Harbour desk"


# -- end to end: the installed command in tmux, against the real server with a realistic account ------------
N_FEEDS, PER_FEED = 40, 15
FOLDERS = ["World", "Business", "Science", "Local", None]


def _realistic_account(shared: Path) -> dict:
    """40 feeds in four folders and unfiled, 600 articles whose bodies are the corpus's real news texts.

    The texts are read from ../shared at run time (never copied into the
    project); every seventh article is read on the server and every eleventh
    starred, as an account in use would be.
    """
    from html import escape

    texts = [t.read_text(encoding="utf-8") for t in sorted((shared / "corpus" / "articles").glob("*.txt"))]
    account, n = {}, 0
    for i in range(N_FEEDS):
        articles = []
        for j in range(PER_FEED):
            n += 1
            text = texts[n % len(texts)]
            body = "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
            lede = " ".join(text.split())[:60].rsplit(" ", 1)[0]
            articles.append(Article(f"{lede} ({i:02d}.{j:02d})", body, unread=n % 7 != 0, marked=n % 11 == 0,
                                    author=f"Desk {i % 9}"))
        account[(FOLDERS[i % len(FOLDERS)], f"Wire {i:02d}", f"https://wire{i:02d}.example.invalid/rss")] = articles
    return account


@needs_tmux
@pytest.mark.timeout(300)
def test_R_in_the_installed_reader_syncs_a_realistic_account(server: TtrssServer, tmux: Tmux, shared: Path,
                                                            isolated_home: Path) -> None:
    server.seed(_realistic_account(shared))
    configure(isolated_home, server.url)
    tmux.start(["sh", "-c", f"{installed_command()}; echo NR-EXITED-$?"])
    tmux.wait_for("Not synced yet", timeout=30)  # a first run with a service: the library, not the samples
    started = time.monotonic()
    tmux.send("R")
    screen = tmux.wait_for(f"{N_FEEDS * PER_FEED} new articles from {N_FEEDS} feeds", timeout=120)
    assert re.search(r"Synced \d\d:\d\d", screen), screen
    screen = tmux.wait_for(f"All articles ({N_FEEDS * PER_FEED})", timeout=30)  # the list, filled
    first = time.monotonic() - started
    assert re.search(r"\b515 Unread", screen) and re.search(r"\b54 Starred", screen), screen
    tmux.send("m")  # the article on screen, read here
    tmux.wait_for("1 change queued", timeout=20)
    with Library.open(library_path(), readonly=True) as lib:
        [change] = lib.queued_changes(due_only=False)
    title = next(t for t, h in server.headlines().items() if str(h["id"]) == change.remote_id)
    assert server.headlines()[title]["unread"] is True
    started = time.monotonic()
    tmux.send("R")
    screen = tmux.wait_for("1 change sent", timeout=120)
    again = time.monotonic() - started
    assert "queued" not in screen
    assert server.headlines()[title]["unread"] is False  # read on the server too
    print(f"\nsync in the reader, {N_FEEDS} feeds / {N_FEEDS * PER_FEED} articles: first {first:.1f} s, "
          f"next {again:.1f} s (until on screen)")
    tmux.send("Q")
    screen = tmux.wait_for("NR-EXITED-0", timeout=20)
    assert "Traceback" not in screen and "password" not in screen  # nothing went past the screen to the terminal
