"""Several processes on one library (issue 9, item 11): the reader stays open while cron writes.

A long-lived :class:`Library` plays the reader (it keeps marking articles read
from a thread, as the TUI does on its own worker), while the installed
``newsreader refresh`` and ``newsreader add`` run as real subprocesses against
the same real SQLite file and a loopback feed server.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library

from .conftest import installed_command
from .feedgen import rss
from .netserver import LoopbackServer, RecordedRequest
from .test_cli_library import nr


def _growing_feed(srv: LoopbackServer) -> dict[str, int]:
    """/town.xml: every fetch rewrites the text of the stories it had and adds one more."""
    hits = {"n": 0}

    def handler(req: RecordedRequest) -> bytes:
        hits["n"] += 1
        n = hits["n"]
        return rss("Town News", [(f"Town story {i}", f"Version {n} of story {i}: the council met again.")
                                 for i in range(5 + n)], link=srv.url("/"))

    srv.route("/town.xml", handler)
    return hits


def _keep_marking(lib: Library, keys: list[tuple[int, str]], stop: threading.Event,
                  log: list[float], errors: list[BaseException]) -> None:
    """The reader's side: toggle articles read/unread until told to stop, then mark them all read.

    Each write is acknowledged (committed) when it returns; ``log`` gets how long each took.
    """
    try:
        n = 0
        while not stop.is_set():
            key = keys[n % len(keys)]
            started = time.monotonic()
            lib.set_read(key, read=(n // len(keys)) % 2 == 1)
            log.append(time.monotonic() - started)
            n += 1
            time.sleep(0.005)
        for key in keys:
            lib.set_read(key)
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)


def _subscribed_to_town(srv: LoopbackServer, home: Path) -> dict[str, int]:
    """Serve /town.xml (growing) and /sport.xml (4 stories); subscribe to the town only."""
    hits = _growing_feed(srv)
    srv.static("/sport.xml", rss("Sport Desk", 4, link=srv.url("/")))
    nr(home, "add", srv.url("/town.xml"), check=True)
    return hits


@pytest.mark.timeout(120)
def test_refresh_and_add_land_while_the_reader_has_the_library_open(isolated_home: Path) -> None:
    with LoopbackServer() as srv:
        hits = _subscribed_to_town(srv, isolated_home)

        with Library.open(library_path()) as reader:
            town = reader.feeds()[0]
            keys = [e.key for e in reader.entries(feed_id=town.id)]
            assert len(keys) == 5 + hits["n"]
            seen = reader.data_version()
            stop = threading.Event()
            log: list[float] = []
            errors: list[BaseException] = []
            marker = threading.Thread(target=_keep_marking, args=(reader, keys, stop, log, errors))
            marker.start()
            try:
                refreshed = nr(isolated_home, "refresh")
                added = nr(isolated_home, "add", srv.url("/sport.xml"))
            finally:
                stop.set()
                marker.join(timeout=30)
            assert not errors, errors
            assert len(log) > 20  # the reader really was writing all along
            print(f"reader writes during refresh+add: {len(log)}, slowest {max(log) * 1000:.1f} ms")
            assert refreshed.returncode == 0, refreshed.stderr
            assert "already running" not in refreshed.stderr + added.stderr
            assert refreshed.stdout.strip().startswith("1 feed: 1 ok"), refreshed.stdout
            assert added.returncode == 0 and "Sport Desk" in added.stdout, added.stderr

            # The reader notices without reopening, and sees both processes' work.
            assert reader.data_version() != seen
            feeds = {f.title: f for f in reader.feeds()}
            assert set(feeds) == {"Town News", "Sport Desk"}
            assert feeds["Town News"].total == len(keys) + 1 and feeds["Sport Desk"].total == 4
            # Nothing the reader marked was lost to the refresh rewriting those stories.
            for key in keys:
                entry = reader.get_entry(key)
                assert entry is not None and entry.read, key
                assert entry.text.startswith(f"Version {hits['n']} of story"), entry.text  # rewritten
            assert reader.unread_count() == 1 + 4  # the new town story and the sport ones
            assert reader.integrity_check() == ["ok"]

        # And the CLI, opened after, agrees.
        assert nr(isolated_home, "unread", check=True).stdout.strip() == "5"


@pytest.mark.timeout(60)
def test_data_version_changes_only_for_other_writers(isolated_home: Path) -> None:
    with Library.open(library_path()) as reader, Library.open(library_path()) as other:
        feed = reader.add_feed("https://example.org/a.xml")
        start = reader.data_version()
        reader.set_feed_folder(feed.id, "Mine")
        assert reader.data_version() == start  # its own write: nothing to reload
        other.set_feed_folder(feed.id, "Theirs")
        changed = reader.data_version()
        assert changed != start
        assert reader.data_version() == changed  # stable until the next commit elsewhere
        assert reader.get_feed(feed.id).folder == "Theirs"  # type: ignore[union-attr]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.timeout(90)
def test_cron_refresh_and_add_beside_the_running_reader_in_a_terminal(isolated_home: Path) -> None:
    """The installed reader runs in tmux; ``add`` and ``refresh`` from another shell land and show up."""
    from .tui.test_tmux import Tmux

    with LoopbackServer() as srv:
        hits = _subscribed_to_town(srv, isolated_home)
        tmux = Tmux(isolated_home)
        try:
            tmux.start([installed_command()])
            tmux.wait_for("Town News")
            time.sleep(0.5)
            added = nr(isolated_home, "add", srv.url("/sport.xml"))
            assert added.returncode == 0, added.stderr
            refreshed = nr(isolated_home, "refresh")
            assert refreshed.returncode == 0 and "already running" not in refreshed.stderr, refreshed.stderr
            tmux.wait_for("Sport Desk", timeout=15)  # the reader noticed the other processes' commits
            newest = f"Town story {4 + hits['n']}"
            tmux.wait_for(newest, timeout=15)
        finally:
            tmux.kill()
