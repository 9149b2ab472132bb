"""``newsreader sync`` against a real Tiny Tiny RSS (Debian's tt-rss, PostgreSQL, ``php -S``; see tests/ttrss.py).

State on the server is asserted through its own API (``getHeadlines``), as
another client of the same account would see it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from feeds.library.store import Library
from feeds.sync.backend import SyncAuthError
from feeds.sync.ttrss import TtrssBackend

from .conftest import ROOT, env_for_subprocess, installed_command
from .ttrss import PASSWORD, USER, Article, TtrssServer, free_port, start_server


@pytest.fixture(scope="session")
def ttrss_server() -> Iterator[TtrssServer]:
    server = start_server()
    if isinstance(server, str):
        pytest.skip(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(ttrss_server: TtrssServer) -> TtrssServer:
    ttrss_server.reset()
    return ttrss_server


SEED = {
    ("Harbour desk", "Harbour Notes", "https://harbour.example.invalid/feed.xml"): [
        Article("Flood barrier closes for the first time", "<p>The <b>barrier</b> closed at dawn.</p>"),
        Article("Ferry fares rise", "<p>Fares rose by five percent.</p>", unread=False, marked=True),
    ],
    (None, "Valley Gazette", "https://valley.example.invalid/rss"): [
        Article("Orchard harvest starts early", "<p>Pickers began on Monday.</p>", author="Ines Ward"),
    ],
}


def configure(home: Path, url: str, password_command: str = f"echo {PASSWORD}") -> None:
    folder = home / "config" / "newsreader"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(textwrap.dedent(f"""\
        [sync]
        service = "ttrss"
        url = "{url}"
        user = "{USER}"
        password_command = "{password_command}"
        """), encoding="utf-8")


def run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([installed_command(), *argv], capture_output=True, text=True, timeout=300,
                          env=env_for_subprocess(home), stdin=subprocess.DEVNULL)


def sync_ok(home: Path) -> dict:
    done = run(home, "sync", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def local(home: Path) -> dict[str, tuple[bool, bool]]:
    """Title -> (read, starred) in the library the CLI used."""
    with Library.open(library_path(home)) as lib:
        return {e.title: (e.read, e.starred) for e in lib.entries()}


def library_path(home: Path) -> Path:
    """The library the CLI uses under ``home`` (the test's own environment points at the same one)."""
    from feeds.core import paths

    return paths.library_path()


def assert_not_stored(home: Path, secret: bytes) -> None:
    """Neither the library nor its side files (-wal, -shm) hold ``secret``."""
    library = library_path(home)
    for path in [library, *library.parent.glob(library.name + "-*")]:
        assert secret not in path.read_bytes()


def test_first_sync_brings_subscriptions_folders_entries_and_flags(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    summary = sync_ok(isolated_home)
    assert summary["feeds"] == 2 and summary["new_entries"] == 3
    with Library.open(library_path(isolated_home)) as lib:
        feeds = {f.title: f for f in lib.feeds()}
        assert set(feeds) == {"Harbour Notes", "Valley Gazette"}
        assert feeds["Harbour Notes"].folder == "Harbour desk" and feeds["Valley Gazette"].folder is None
        entries = {e.title: e for e in lib.entries()}
        assert set(entries) == {"Flood barrier closes for the first time", "Ferry fares rise",
                                "Orchard harvest starts early"}
        flood = entries["Flood barrier closes for the first time"]
        assert (flood.read, flood.starred) == (False, False)
        assert "The barrier closed at dawn." in lib.get_entry((flood.feed_id, flood.id)).text
        assert (entries["Ferry fares rise"].read, entries["Ferry fares rise"].starred) == (True, True)
        assert entries["Orchard harvest starts early"].author == "Ines Ward"
    # a second sync brings nothing twice
    assert sync_ok(isolated_home)["new_entries"] == 0


def test_marks_made_here_appear_on_the_server(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    with Library.open(library_path(isolated_home)) as lib:
        entries = {e.title: e for e in lib.entries()}
        flood, ferry = entries["Flood barrier closes for the first time"], entries["Ferry fares rise"]
        lib.set_read((flood.feed_id, flood.id), True)
        lib.set_starred((flood.feed_id, flood.id), True)
        lib.set_read((ferry.feed_id, ferry.id), False)
        lib.set_starred((ferry.feed_id, ferry.id), False)
    assert sync_ok(isolated_home)["pushed"] == 4
    seen = server.headlines()
    assert (seen["Flood barrier closes for the first time"]["unread"],
            seen["Flood barrier closes for the first time"]["marked"]) == (False, True)
    assert (seen["Ferry fares rise"]["unread"], seen["Ferry fares rise"]["marked"]) == (True, False)
    assert local(isolated_home)["Ferry fares rise"] == (False, False)  # not undone by the server's old state


def test_marks_made_on_the_server_appear_here(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    ids = {title: h["id"] for title, h in server.headlines().items()}
    server.api("updateArticle", article_ids=str(ids["Orchard harvest starts early"]), field=2, mode=0)  # read
    server.api("updateArticle", article_ids=str(ids["Orchard harvest starts early"]), field=0, mode=1)  # star
    server.api("updateArticle", article_ids=str(ids["Ferry fares rise"]), field=0, mode=0)  # unstar
    summary = sync_ok(isolated_home)
    assert summary["read_changed"] == 1 and summary["starred_changed"] == 2 and summary["pushed"] == 0
    flags = local(isolated_home)
    assert flags["Orchard harvest starts early"] == (True, True)
    assert flags["Ferry fares rise"] == (True, False)
    assert flags["Flood barrier closes for the first time"] == (False, False)


def test_a_change_made_here_since_the_last_sync_wins_over_the_servers_older_state(
        server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    ids = {title: h["id"] for title, h in server.headlines().items()}
    server.api("updateArticle", article_ids=str(ids["Orchard harvest starts early"]), field=2, mode=0)
    with Library.open(library_path(isolated_home)) as lib:
        orchard = next(e for e in lib.entries() if e.title == "Orchard harvest starts early")
        lib.set_read((orchard.feed_id, orchard.id), True)
        lib.set_read((orchard.feed_id, orchard.id), False)  # read, then kept unread: the newest change
    sync_ok(isolated_home)
    assert server.headlines()["Orchard harvest starts early"]["unread"] is True
    assert local(isolated_home)["Orchard harvest starts early"] == (False, False)


KILLED_MARKER = """
import os, sys, time
from feeds.library.store import Library
lib = Library.open(sys.argv[1])
e = next(e for e in lib.entries() if e.title == "Flood barrier closes for the first time")
lib.set_read((e.feed_id, e.id), True)
lib.set_starred((e.feed_id, e.id), True)
print("marked", flush=True)
time.sleep(600)
"""


def test_the_offline_queue_survives_kill_9_and_is_pushed_next_time(server: TtrssServer,
                                                                    isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    child = subprocess.Popen([sys.executable, "-c", KILLED_MARKER, str(library_path(isolated_home))],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env_for_subprocess(isolated_home))
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "marked"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert server.headlines()["Flood barrier closes for the first time"]["unread"] is True  # not sent yet
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 2
    assert sync_ok(isolated_home)["pushed"] == 2
    headline = server.headlines()["Flood barrier closes for the first time"]
    assert (headline["unread"], headline["marked"]) == (False, True)
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 0


def test_server_down_is_one_line_and_nothing_is_lost(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    with Library.open(library_path(isolated_home)) as lib:
        flood = next(e for e in lib.entries() if e.title == "Flood barrier closes for the first time")
        lib.set_read((flood.feed_id, flood.id), True)
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/")  # nothing listens there
    done = run(isolated_home, "sync")
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("newsreader: sync failed: cannot reach the sync server") and "1 changes kept" in line
    assert local(isolated_home)["Flood barrier closes for the first time"] == (True, False)
    with Library.open(library_path(isolated_home)) as lib:
        assert lib.queue_length() == 1 and len(lib.entries()) == 3
    configure(isolated_home, server.url)  # back up: the change goes through
    assert sync_ok(isolated_home)["pushed"] == 1
    assert server.headlines()["Flood barrier closes for the first time"]["unread"] is False


def test_a_wrong_password_is_one_line_and_never_shown(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url, password_command="echo wrong-horse-7")
    done = run(isolated_home, "sync", "--json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"newsreader: sync failed: the sync server {server.url}api/ refused the user name or password for 'admin'"]
    assert "wrong-horse-7" not in done.stderr
    assert_not_stored(isolated_home, b"wrong-horse-7")


def test_an_expired_session_is_logged_in_again(server: TtrssServer) -> None:
    server.seed(SEED)
    backend = TtrssBackend(server.url, USER, PASSWORD)
    try:
        backend.login()
        assert len(backend.subscriptions()) == 2
        server.psql("DELETE FROM ttrss_sessions")  # the server forgets every session
        before = backend.requests
        assert len(backend.subscriptions()) == 2
        assert backend.requests == before + 4  # NOT_LOGGED_IN, login, then getCategories again, getFeeds
    finally:
        backend.close()
    with pytest.raises(SyncAuthError):
        TtrssBackend(server.url, USER, "not-it").login()


def test_refresh_leaves_the_servers_feeds_to_the_server(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    done = run(isolated_home, "refresh", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["feeds"] == 0


def test_full_sync_reads_flags_that_left_the_unread_count_unchanged(server: TtrssServer,
                                                                    isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    ids = {title: h["id"] for title, h in server.headlines().items()}
    # one read and one unread on the server: Harbour Notes still has one unread entry
    server.api("updateArticle", article_ids=str(ids["Flood barrier closes for the first time"]), field=2, mode=0)
    server.api("updateArticle", article_ids=str(ids["Ferry fares rise"]), field=2, mode=1)
    sync_ok(isolated_home)
    assert local(isolated_home)["Ferry fares rise"] == (True, True)  # the quick sync cannot tell
    done = run(isolated_home, "sync", "--json", "--full")
    assert done.returncode == 0 and json.loads(done.stdout)["read_changed"] == 2
    flags = local(isolated_home)
    assert flags["Ferry fares rise"] == (False, True) and flags["Flood barrier closes for the first time"][0]


def test_a_change_the_server_refused_waits_longer_after_each_failure(isolated_home: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from feeds.library.sync import RETRY_BASE

    with Library.open(library_path(isolated_home)) as lib:
        feed = lib.add_feed("https://harbour.example.invalid/feed.xml")
        lib._con.execute("INSERT INTO sync_feeds VALUES (?, '7')", (feed.id,))
        lib._con.execute("INSERT INTO entries (feed_id, entry_id, seq, title, first_seen) "
                         "VALUES (?, 'ttrss:42', 1, 'Ferry fares rise', '2026-01-01')", (feed.id,))
        lib.map_remote_entries([(feed.id, "ttrss:42", "42", False, False)])
        lib.set_read((feed.id, "ttrss:42"), True)
        now = datetime.now(timezone.utc)
        [change] = lib.queued_changes(now=now)
        lib.changes_failed([change.id], "the sync server refused updateArticle", now=now)
        assert lib.queued_changes(now=now + RETRY_BASE - timedelta(seconds=1)) == []
        assert len(lib.queued_changes(now=now + RETRY_BASE)) == 1
        lib.changes_failed([change.id], "again", now=now + RETRY_BASE)
        assert lib.queued_changes(now=now + RETRY_BASE * 2) == []  # the wait doubled
        assert len(lib.queued_changes(now=now + RETRY_BASE * 3)) == 1
        assert lib.queue_length() == 1  # never dropped


def test_what_the_server_sends_reaches_the_library_as_plain_text(server: TtrssServer, isolated_home: Path) -> None:
    server.seed({("Desk\x1b[2J", "Feed\x1b]0;owned\x07 title", "https://hostile.example.invalid/rss"): [
        Article("Red\x1b[31m alert\u202e", "<script>alert(1)</script><p>Calm [bold]text[/bold] here.</p>")]})
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    with Library.open(library_path(isolated_home)) as lib:
        [feed] = lib.feeds()
        [entry] = lib.entries()
        text = lib.get_entry((entry.feed_id, entry.id)).text
    for value in (feed.title, feed.folder, entry.title, text):
        assert "\x1b" not in value and "\x07" not in value and "\u202e" not in value
    assert "alert(1)" not in text and "Calm [bold]text[/bold] here." in text


def test_removing_a_feed_of_the_server_removes_it_there(server: TtrssServer, isolated_home: Path) -> None:
    server.seed(SEED)
    configure(isolated_home, server.url)
    sync_ok(isolated_home)
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/")  # server unreachable: kept on both sides
    done = run(isolated_home, "remove", "https://valley.example.invalid/rss")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "could not be removed there (kept here too)" in done.stderr
    assert len(local(isolated_home)) == 3
    configure(isolated_home, server.url)
    done = run(isolated_home, "remove", "https://valley.example.invalid/rss")
    assert done.returncode == 0, done.stderr
    assert [f["title"] for f in server.api("getFeeds", cat_id=-3)] == ["Harbour Notes"]
    sync_ok(isolated_home)  # and the next sync does not bring it back
    assert set(local(isolated_home)) == {"Flood barrier closes for the first time", "Ferry fares rise"}
