"""``newsreader add`` / ``remove`` with a sync service: the real Tiny Tiny RSS holds the subscriptions.

The server is Debian's tt-rss (see tests/ttrss.py). Its fetcher refuses
loopback feeds, and ``subscribeToFeed`` fetches the feed before it subscribes,
so this module's server gets one test-only plugin (:data:`LOOPBACK_PLUGIN`):
when tt-rss's own fetch came back empty it reads the URL itself. Everything
else is tt-rss's own code: its API, its ``subscribe_to_feed``, its database.
What the server holds is asserted through its API (``getFeeds``), as another
client of the account would see it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest

from feeds.library.store import Library

from .feedgen import rss
from .netserver import LoopbackServer, Response
from .test_sync_ttrss import SEED, configure, library_path, run, sync_ok, ttrss_server  # noqa: F401 (fixture)
from .ttrss import TtrssServer, free_port

LOOPBACK_PLUGIN = """<?php
class Loopback_Feeds extends Plugin {
\tfunction about() {
\t\treturn array(1.0, "newsreader tests only: reads the loopback feeds tt-rss's SSRF guard refuses", "tests");
\t}
\tfunction init($host) {
\t\t$host->add_hook($host::HOOK_SUBSCRIBE_FEED, $this);
\t\t$host->add_hook($host::HOOK_FEED_BASIC_INFO, $this);
\t}
\tprivate function read($url) {
\t\t$origin = trim(@file_get_contents(__DIR__ . "/origin.txt"));
\t\t$local = preg_replace("#^http://127\\.0\\.0\\.1/#", $origin . "/", $url);
\t\treturn @file_get_contents($local, false, stream_context_create(["http" => ["timeout" => 10]]));
\t}
\tfunction hook_subscribe_feed($contents, $url, $login, $pass) {
\t\tif ($contents) return $contents;
\t\t$got = $this->read($url);
\t\treturn $got === false ? $contents : $got;
\t}
\tfunction hook_feed_basic_info($info, $url, $owner_uid, $feed, $login, $pass) {
\t\t$got = $this->read($url);
\t\tif ($got === false || !preg_match("#<title>([^<]*)</title>#", $got, $m)) return $info;
\t\treturn array("title" => $m[1], "site_url" => $url);
\t}
\tfunction api_version() {
\t\treturn 2;
\t}
}
"""


def allow_loopback_subscriptions(server: TtrssServer) -> Path:
    """Install and enable :data:`LOOPBACK_PLUGIN`; write the site it reads into the returned file.

    tt-rss drops the port of a URL it is asked to subscribe to (its
    ``UrlHelper::build_url``), so it hands the plugin ``http://127.0.0.1/PATH``;
    the plugin reads PATH from the origin in that file. ``php -S`` reads
    config.php on every request, so no restart is needed.
    """
    folder = server.root / "www" / "plugins.local" / "loopback_feeds"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "init.php").write_text(LOOPBACK_PLUGIN, encoding="utf-8")
    config = server.root / "www" / "config.php"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"define\('PLUGINS', '[^']*'\);", "define('PLUGINS', 'auth_internal, loopback_feeds');",
                             text), encoding="utf-8")
    return folder / "origin.txt"


@pytest.fixture(scope="session")
def subscribing_server(ttrss_server: TtrssServer) -> TtrssServer:
    """The session's tt-rss, able to subscribe to loopback feeds."""
    ttrss_server.origin_file = allow_loopback_subscriptions(ttrss_server)  # type: ignore[attr-defined]
    return ttrss_server


@pytest.fixture
def server(subscribing_server: TtrssServer) -> TtrssServer:
    subscribing_server.reset()
    return subscribing_server


@pytest.fixture
def feeds_site(server: TtrssServer) -> Iterator[LoopbackServer]:
    """A feed newsreader reads at its address and the server (through the plugin) at the same path."""
    with LoopbackServer() as site:
        body = rss("Tide Tables", [("Spring tide on Sunday", "The highest tide of the year.")], link=site.url("/"))
        # closed after each answer: PHP's HTTP/1.0 client reads until the connection ends
        site.route("/tide.xml", lambda req: Response(200, body, content_type="application/rss+xml", close=True))
        server.origin_file.write_text(site.url("").rstrip("/"), encoding="utf-8")  # type: ignore[attr-defined]
        yield site


def on_server(url: str) -> str:
    """The URL as tt-rss stores it: without the port (see :func:`allow_loopback_subscriptions`)."""
    return re.sub(r"^(http://127\.0\.0\.1):\d+/", r"\1/", url)


def synced(server: TtrssServer, home: Path) -> None:
    """The server seeded, the [sync] settings written, and one sync done by the command line."""
    server.seed(SEED)
    configure(home, server.url)
    sync_ok(home)


def server_feeds(server: TtrssServer) -> dict[str, str | None]:
    """Feed URL -> its category's title, as the server's API lists them."""
    categories = {c["id"]: c["title"] for c in server.api("getCategories", include_empty=True)}
    return {f["feed_url"]: categories.get(f["cat_id"]) if f["cat_id"] else None
            for f in server.api("getFeeds", cat_id=-3)}


def local_feeds() -> dict[str, tuple[str | None, int, bool]]:
    """Feed URL -> (folder, entries, remote) in the library."""
    with Library.open(library_path(Path())) as lib:
        return {f.url: (f.folder, f.total, lib.is_remote(f.id)) for f in lib.feeds()}


def test_add_with_sync_subscribes_on_the_server_and_the_next_sync_keeps_one_feed(
        server: TtrssServer, feeds_site: LoopbackServer, isolated_home: Path) -> None:
    synced(server, isolated_home)
    url = feeds_site.url("/tide.xml")
    done = run(isolated_home, "add", url, "--folder", "Harbour desk")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added on the sync server: ") and "newsreader sync brings its entries" in done.stdout
    assert server_feeds(server)[on_server(url)] == "Harbour desk"  # filed in the server's existing folder
    # listed here at once as the server has it, with no entries fetched behind its back
    assert local_feeds()[on_server(url)] == ("Harbour desk", 0, True)
    assert url not in local_feeds()
    sync_ok(isolated_home)
    assert len(local_feeds()) == 3  # the sync brings it once, not a second copy


def test_add_into_a_folder_the_server_lacks_says_so(server: TtrssServer, feeds_site: LoopbackServer,
                                                     isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    done = run(isolated_home, "add", feeds_site.url("/tide.xml"), "--folder", "Nowhere")
    assert done.returncode == 0, done.stderr
    assert "the server has no folder 'Nowhere', so it is unfiled there" in done.stdout
    assert server_feeds(server) == {on_server(feeds_site.url("/tide.xml")): None}


def test_add_with_the_server_down_is_one_line_and_changes_nothing(
        server: TtrssServer, feeds_site: LoopbackServer, isolated_home: Path) -> None:
    synced(server, isolated_home)
    before = local_feeds()
    configure(isolated_home, f"http://127.0.0.1:{free_port()}/")  # nothing listens there
    done = run(isolated_home, "add", feeds_site.url("/tide.xml"))
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("newsreader: could not add ") and "(nothing changed): cannot reach the sync server" in line
    assert local_feeds() == before
    assert len(server_feeds(server)) == 2


def test_add_local_keeps_the_feed_off_the_server(server: TtrssServer, feeds_site: LoopbackServer,
                                                  isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    done = run(isolated_home, "add", feeds_site.url("/tide.xml"), "--local")
    assert done.returncode == 0, done.stderr
    assert local_feeds()[feeds_site.url("/tide.xml")] == (None, 1, False)
    assert server_feeds(server) == {}


def test_remove_of_a_remote_feed_goes_from_the_server_then_from_here(server: TtrssServer,
                                                                      isolated_home: Path) -> None:
    synced(server, isolated_home)
    done = run(isolated_home, "remove", "https://valley.example.invalid/rss")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "removed here and on the sync server: https://valley.example.invalid/rss"
    assert list(server_feeds(server)) == ["https://harbour.example.invalid/feed.xml"]
    assert list(local_feeds()) == ["https://harbour.example.invalid/feed.xml"]


def test_remove_of_a_feed_the_server_already_dropped_removes_it_here(server: TtrssServer,
                                                                      isolated_home: Path) -> None:
    synced(server, isolated_home)
    [valley] = [f["id"] for f in server.api("getFeeds", cat_id=-3) if f["title"] == "Valley Gazette"]
    server.api("unsubscribeFeed", feed_id=valley)  # from another device
    done = run(isolated_home, "remove", "https://valley.example.invalid/rss")
    assert done.returncode == 0, done.stderr
    assert list(local_feeds()) == ["https://harbour.example.invalid/feed.xml"]


def test_sync_json_still_reports_after_a_remote_add(server: TtrssServer, feeds_site: LoopbackServer,
                                                    isolated_home: Path) -> None:
    configure(isolated_home, server.url)
    assert run(isolated_home, "add", feeds_site.url("/tide.xml")).returncode == 0
    summary = sync_ok(isolated_home)
    assert summary["feeds"] == 1
    done = run(isolated_home, "feeds", "--json")
    assert [f["url"] for f in json.loads(done.stdout)] == [on_server(feeds_site.url("/tide.xml"))]


def test_add_with_the_google_reader_service_subscribes_there_in_its_label(isolated_home: Path) -> None:
    from .greader_server import ApiClient, GreaderServer
    from .test_sync_greader import SEED as GREADER_SEED
    from .test_sync_greader import configure as configure_greader

    with GreaderServer() as api, LoopbackServer() as site:
        api.seed(GREADER_SEED)
        site.static("/tide.xml", rss("Tide Tables", [("Spring tide on Sunday", "The highest tide.")],
                                     link=site.url("/")))
        configure_greader(isolated_home, api.url)
        done = run(isolated_home, "add", site.url("/tide.xml"), "--folder", "Harbour desk")
        assert done.returncode == 0, done.stderr
        subscriptions = ApiClient(api.url).subscriptions()
        assert [c["label"] for c in subscriptions[site.url("/tide.xml")]["categories"]] == ["Harbour desk"]
        assert local_feeds()[site.url("/tide.xml")] == ("Harbour desk", 0, True)
