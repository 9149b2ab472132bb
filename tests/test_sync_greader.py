"""``newsreader sync`` with ``service = "greader"`` against the loopback Google Reader API server.

The server (tests/greader_server.py) was written from the protocol's
documentation, since no FreshRSS or Miniflux installs from the registries here;
it pages two items at a time, so every sync below reads several pages. State on
the server is asserted through its own API over HTTP (:class:`ApiClient`), as
another client of the same account would see it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from feeds.library.store import Library
from feeds.sync.backend import SyncAuthError
from feeds.sync.greader import GreaderBackend, item_key

from .conftest import ROOT, env_for_subprocess
from .greader_server import PASSWORD, USER, ApiClient, Article, GreaderServer, short_id
from .test_sync_ttrss import (KILLED_MARKER, assert_not_stored, library_path, local, run,  # the same CLI,
                              sync_ok)  # the same library
from .ttrss import free_port

SEED = {
    ("Harbour desk", "Harbour Notes", "https://harbour.example.invalid/feed.xml"): [
        Article("Flood barrier closes for the first time", "<p>The <b>barrier</b> closed at dawn.</p>",
                link="https://harbour.example.invalid/flood"),
        Article("Ferry fares rise", "<p>Fares rose by five percent.</p>", read=True, starred=True),
        Article("Pier lights repaired", "<p>All forty lamps work again.</p>", read=True),
    ],
    (None, "Valley Gazette", "https://valley.example.invalid/rss"): [
        Article("Orchard harvest starts early", "<p>Pickers began on Monday.</p>", author="Ines Ward"),
        Article("Bridge toll scrapped", "<p>Drivers cross free from June.</p>"),
    ],
}
TITLES = {a.title for articles in SEED.values() for a in articles}


@pytest.fixture
def server() -> Iterator[GreaderServer]:
    with GreaderServer() as srv:
        srv.seed(SEED)
        yield srv


def configure(home: Path, url: str, password_command: str = f"echo {PASSWORD}") -> None:
    config = home / "config" / "newsreader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[sync]\nservice = "greader"\nurl = "{url}"\nuser = "{USER}"\n'
                      f'password_command = "{password_command}"\n', encoding="utf-8")


def mark(home: Path, title: str, *, read: bool | None = None, starred: bool | None = None) -> None:
    """Mark an entry in the library, as the reader does when the user reads or stars it."""
    with Library.open(library_path(home)) as lib:
        entry = next(e for e in lib.entries() if e.title == title)
        if read is not None:
            lib.set_read((entry.feed_id, entry.id), read)
        if starred is not None:
            lib.set_starred((entry.feed_id, entry.id), starred)


def contents_requests(server: GreaderServer) -> list[str]:
    return [r for r in server.state.log if r.startswith("GET /reader/api/0/stream/contents/")]


def test_both_forms_of_an_item_id_are_the_same_entry() -> None:
    assert item_key("tag:google.com,2005:reader/item/8000000000001007") == "8000000000001007"
    assert item_key(short_id(0x8000000000001007)) == "8000000000001007"  # a negative decimal
    assert item_key("-9223372036854771705") == "8000000000001007"
    assert item_key("4660") == item_key("tag:google.com,2005:reader/item/0000000000001234") == "0000000000001234"
    assert item_key("tag:google.com,2005:reader/item/zz") is None and item_key("12abc") is None
    assert item_key(str(1 << 64)) is None


def test_first_sync_brings_subscriptions_folders_entries_and_flags(server: GreaderServer,
                                                                   isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    summary = sync_ok(isolated_home)
    assert summary["feeds"] == 2 and summary["new_entries"] == 5
    assert len(contents_requests(server)) == 3  # five items, two a page
    with Library.open(library_path(isolated_home)) as lib:
        feeds = {f.title: f for f in lib.feeds()}
        assert set(feeds) == {"Harbour Notes", "Valley Gazette"}
        assert feeds["Harbour Notes"].folder == "Harbour desk" and feeds["Valley Gazette"].folder is None
        assert feeds["Harbour Notes"].url == "https://harbour.example.invalid/feed.xml"
        entries = {e.title: e for e in lib.entries()}
        assert set(entries) == TITLES
        flood = entries["Flood barrier closes for the first time"]
        assert "The barrier closed at dawn." in lib.get_entry((flood.feed_id, flood.id)).text
        assert flood.link == "https://harbour.example.invalid/flood"
        assert entries["Orchard harvest starts early"].author == "Ines Ward"
        assert entries["Orchard harvest starts early"].feed_id == feeds["Valley Gazette"].id
    flags = local(isolated_home)
    assert flags["Flood barrier closes for the first time"] == (False, False)
    assert flags["Ferry fares rise"] == (True, True) and flags["Pier lights repaired"] == (True, False)
    # a second sync asks only for what was crawled since, and brings nothing twice
    assert sync_ok(isolated_home)["new_entries"] == 0
    assert len(contents_requests(server)) == 4


def test_entries_crawled_after_a_sync_come_with_the_next_one(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    before = len(contents_requests(server))
    server.add_items("feed/2", [Article("Library reopens", "<p>Doors open at nine.</p>"),
                                Article("Market moves indoors", "<p>Stalls fill the old hall.</p>", starred=True)])
    summary = sync_ok(isolated_home)
    assert summary["new_entries"] == 2
    # ot=<the newest crawl second seen> brings that item again and the two new ones: two pages, not the
    # four all seven would take
    assert len(contents_requests(server)) - before == 2
    assert local(isolated_home)["Market moves indoors"] == (False, True)


def test_marks_made_here_appear_on_the_server(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    mark(isolated_home, "Flood barrier closes for the first time", read=True, starred=True)
    mark(isolated_home, "Ferry fares rise", read=False, starred=False)
    assert sync_ok(isolated_home)["pushed"] == 4
    seen = ApiClient(server.url).flags()
    assert seen["Flood barrier closes for the first time"] == (True, True)
    assert seen["Ferry fares rise"] == (False, False)
    assert seen["Orchard harvest starts early"] == (False, False)  # the others untouched
    assert local(isolated_home)["Ferry fares rise"] == (False, False)  # not undone by the server's old state


def test_marks_made_on_the_server_appear_here(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    phone = ApiClient(server.url)  # another client of the account; it sends short (decimal) ids
    phone.edit_tag("Orchard harvest starts early", add="user/-/state/com.google/read")
    phone.edit_tag("Orchard harvest starts early", add="user/-/state/com.google/starred")
    phone.edit_tag("Ferry fares rise", remove="user/-/state/com.google/starred")
    phone.edit_tag("Pier lights repaired", remove="user/-/state/com.google/read")
    summary = sync_ok(isolated_home)
    assert summary["read_changed"] == 2 and summary["starred_changed"] == 2 and summary["pushed"] == 0
    flags = local(isolated_home)
    assert flags["Orchard harvest starts early"] == (True, True)
    assert flags["Ferry fares rise"] == (True, False)
    assert flags["Pier lights repaired"] == (False, False)
    assert flags["Flood barrier closes for the first time"] == (False, False)


def test_the_offline_queue_survives_kill_9_and_is_pushed_next_time(server: GreaderServer,
                                                                    isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    child = subprocess.Popen([sys.executable, "-c", KILLED_MARKER, str(library_path(isolated_home))],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env_for_subprocess(isolated_home))
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "marked"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    phone = ApiClient(server.url)
    assert phone.flags()["Flood barrier closes for the first time"] == (False, False)  # not sent yet
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 2
    assert sync_ok(isolated_home)["pushed"] == 2
    assert phone.flags()["Flood barrier closes for the first time"] == (True, True)
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 0


def test_server_down_is_one_line_and_nothing_is_lost(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    mark(isolated_home, "Flood barrier closes for the first time", read=True)
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/api/greader.php")  # nothing listens there
    done = run(isolated_home, "sync")
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("newsreader: sync failed: cannot reach the sync server") and "1 changes kept" in line
    assert local(isolated_home)["Flood barrier closes for the first time"] == (True, False)
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 1 and len(lib.entries()) == 5
    configure(isolated_home, server.url)  # back up: the change goes through
    assert sync_ok(isolated_home)["pushed"] == 1
    assert ApiClient(server.url).flags()["Flood barrier closes for the first time"] == (True, False)


def test_a_wrong_password_is_one_line_and_never_shown(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url, password_command="echo wrong-horse-7")
    done = run(isolated_home, "sync", "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"newsreader: sync failed: the sync server {server.url} refused the user name or password for '{USER}'"]
    assert "wrong-horse-7" not in done.stderr
    assert_not_stored(isolated_home, b"wrong-horse-7")


def test_an_expired_token_is_logged_in_again(server: GreaderServer) -> None:
    backend = GreaderBackend(server.url, USER, PASSWORD)
    try:
        assert len(backend.subscriptions()) == 2
        server.expire_tokens()  # the server forgets the auth and T tokens
        before = backend.requests
        assert len(backend.subscriptions()) == 2
        assert backend.requests == before + 3  # 401, ClientLogin, subscription/list again
        assert server.state.log[-3:] == ["GET /reader/api/0/subscription/list", "POST /accounts/ClientLogin",
                                         "GET /reader/api/0/subscription/list"]
        [flood] = [e for page, _ in backend.entries_since(None) for e in page
                   if e.title == "Flood barrier closes for the first time"]
        backend.mark_starred([flood.id], True)  # a write: the T token is fetched and kept
        server.expire_tokens()
        backend.mark_read([flood.id], True)  # refused: new auth token, new T token, then edit-tag again
        assert server.state.log[-4:] == ["POST /reader/api/0/edit-tag", "POST /accounts/ClientLogin",
                                         "GET /reader/api/0/token", "POST /reader/api/0/edit-tag"]
        assert ApiClient(server.url).flags()["Flood barrier closes for the first time"] == (True, True)
        assert PASSWORD not in repr(backend)
    finally:
        backend.close()
    with pytest.raises(SyncAuthError):
        GreaderBackend(server.url, USER, "not-it").login()


def test_a_miniflux_style_server_without_stream_contents_is_read_through_item_ids(isolated_home: Path) -> None:
    with GreaderServer(prefix="", miniflux=True) as server:  # Miniflux: the base URL is the host itself
        server.seed(SEED)
        configure(isolated_home, server.url + "/")
        summary = sync_ok(isolated_home)
        assert summary["feeds"] == 2 and summary["new_entries"] == 5
        assert any(r == "POST /reader/api/0/stream/items/contents" for r in server.state.log)
        flags = local(isolated_home)
        assert set(flags) == TITLES and flags["Ferry fares rise"] == (True, True)
        mark(isolated_home, "Bridge toll scrapped", starred=True)
        assert sync_ok(isolated_home)["pushed"] == 1
        assert ApiClient(server.url).flags()["Bridge toll scrapped"] == (False, True)


def test_a_feed_subscribed_through_the_backend_is_on_the_server_in_its_folder(server: GreaderServer) -> None:
    backend = GreaderBackend(server.url, USER, PASSWORD)
    try:
        backend.subscribe("https://tides.example.invalid/atom.xml", backend.folder_id("Harbour desk"))
        backend.subscribe("https://loose.example.invalid/rss")
    finally:
        backend.close()
    subs = ApiClient(server.url).subscriptions()
    assert [c["label"] for c in subs["https://tides.example.invalid/atom.xml"]["categories"]] == ["Harbour desk"]
    assert subs["https://loose.example.invalid/rss"]["categories"] == []


def test_removing_a_feed_of_the_server_removes_it_there(server: GreaderServer, isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    done = run(isolated_home, "remove", "https://valley.example.invalid/rss")
    assert done.returncode == 0, done.stderr
    assert set(ApiClient(server.url).subscriptions()) == {"https://harbour.example.invalid/feed.xml"}
    sync_ok(isolated_home)  # and the next sync does not bring it back
    assert set(local(isolated_home)) == {"Flood barrier closes for the first time", "Ferry fares rise",
                                         "Pier lights repaired"}


def test_what_the_server_sends_reaches_the_library_as_plain_text(isolated_home: Path) -> None:
    with GreaderServer() as server:
        server.seed({("Desk\x1b[2J", "Feed\x1b]0;owned\x07 title", "https://hostile.example.invalid/rss"): [
            Article("Red\x1b[31m alert\u202e", "<script>alert(1)</script><p>Calm [bold]text[/bold] here.</p>",
                    author="[red]Ed[/red]\x1b[0m")]})
        configure(isolated_home, server.url)
        sync_ok(isolated_home)
    with Library.open(library_path(isolated_home)) as lib:
        [feed] = lib.feeds()
        [entry] = lib.entries()
        text = lib.get_entry((entry.feed_id, entry.id)).text
    for value in (feed.title, feed.folder, entry.title, entry.author, text):
        assert "\x1b" not in value and "\x07" not in value and "\u202e" not in value
    assert "alert(1)" not in text and "Calm [bold]text[/bold] here." in text


def test_a_page_that_is_not_the_api_is_one_line(isolated_home: Path) -> None:
    from .netserver import LoopbackServer, Response

    with LoopbackServer() as web:  # a web page where the API was expected: a wrong URL in the settings
        web.route("/", lambda request: Response(body=b"<html><p>Welcome\x1b[2J</p></html>", content_type="text/html"),
                  prefix=True)
        configure(isolated_home, web.url("/rss"))
        done = run(isolated_home, "sync")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"newsreader: sync failed: {web.url('/rss')} is not a Google Reader API (no token in its ClientLogin answer)"]


def test_the_apis_own_address_pasted_as_the_url_works_too(server: GreaderServer) -> None:
    backend = GreaderBackend(server.url + "/reader/api/0/", USER, PASSWORD)
    try:
        assert len(backend.subscriptions()) == 2
    finally:
        backend.close()
