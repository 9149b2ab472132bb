"""The library commands, run as the installed command against a loopback server."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library

from .conftest import env_for_subprocess, installed_command
from .feedgen import page_with_feed, rss
from .netserver import LoopbackServer, Response


def nr(home: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([installed_command(), *args], capture_output=True, text=True, timeout=120,
                         env=env_for_subprocess(home))
    if check:
        assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    return out


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        srv.static("/news.xml", rss("Town News", 3), etag='"n1"')
        srv.static("/sport.xml", rss("Sport Desk", 2))
        srv.static("/site", page_with_feed("/sport.xml", "Sport site"), content_type="text/html; charset=utf-8")
        srv.route("/broken.xml", lambda req: Response(500, b"<html>oops</html>", content_type="text/html"))
        yield srv


def test_add_feeds_refresh_unread_remove(isolated_home: Path, server: LoopbackServer) -> None:
    out = nr(isolated_home, "add", server.url("/news.xml"), "--folder", "Local", check=True)
    assert out.stdout.strip() == f"added: Town News <{server.url('/news.xml')}>, 3 entries"
    # a site's address: its advertised feed is found and subscribed
    out = nr(isolated_home, "add", server.url("/site"), check=True)
    assert "Sport Desk" in out.stdout and server.url("/sport.xml") in out.stdout
    out = nr(isolated_home, "add", server.url("/news.xml"), check=True)
    assert out.stdout.startswith("already subscribed")

    out = nr(isolated_home, "feeds", check=True)
    lines = out.stdout.splitlines()
    assert any(line.strip().startswith("3/3  [Local] Town News") for line in lines)
    assert any("2/2  Sport Desk" in line for line in lines)
    assert nr(isolated_home, "unread", check=True).stdout.strip() == "5"

    out = nr(isolated_home, "refresh", "--json")
    summary = json.loads(out.stdout)
    assert (summary["feeds"], summary["failed"], summary["not_modified"]) == (2, 0, 1)

    nr(isolated_home, "remove", server.url("/sport.xml"), check=True)
    assert nr(isolated_home, "unread", check=True).stdout.strip() == "3"
    out = nr(isolated_home, "remove", server.url("/sport.xml"))
    assert out.returncode == 1 and out.stderr.strip() == f"newsreader: not subscribed: {server.url('/sport.xml')}"


def test_failing_feed_is_reported_in_refresh_and_feeds(isolated_home: Path, server: LoopbackServer) -> None:
    nr(isolated_home, "add", server.url("/news.xml"), check=True)
    with Library.open(library_path()) as lib:  # subscribe directly: `add` refuses a feed that fails now
        lib.add_feed(server.url("/broken.xml"), title="Broken Feed")
    out = nr(isolated_home, "refresh")
    assert out.returncode == 2
    assert f"failed: Broken Feed <{server.url('/broken.xml')}>: HTTP 500 Internal Server Error" in out.stdout
    assert out.stdout.strip().splitlines()[-1].startswith("2 feeds: 1 ok, 1 unchanged, 1 failed")
    feeds = nr(isolated_home, "feeds", check=True).stdout
    assert "Broken Feed" in feeds and "⚠ HTTP 500 Internal Server Error" in feeds
    data = json.loads(nr(isolated_home, "feeds", "--json", check=True).stdout)
    broken = next(f for f in data if f["title"] == "Broken Feed")
    assert broken["error"] == {"category": "http-status", "message": "HTTP 500 Internal Server Error"}


def test_add_refuses_bad_input_with_one_line(isolated_home: Path, server: LoopbackServer) -> None:
    for url, expected in [
        ("ftp://example.com/feed", "only http and https"),
        ("-rf", "cannot start with '-'"),
        (server.url("/broken.xml"), "HTTP 500"),
        (server.url("/missing"), "HTTP 404"),
    ]:
        out = nr(isolated_home, "add", "--", url)
        assert out.returncode == 1
        assert expected in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert not library_path().exists() or nr(isolated_home, "unread").stdout.strip() == "0"


def test_opml_round_trip(isolated_home: Path, server: LoopbackServer, tmp_path: Path) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(f"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="Local"><outline type="rss" text="Town News" xmlUrl="{server.url('/news.xml')}"/></outline>
  <outline type="rss" text="Sport Desk" xmlUrl="{server.url('/sport.xml')}"/>
  <outline type="rss" text="Evil" xmlUrl="file:///etc/passwd"/>
</body></opml>""", encoding="utf-8")
    out = nr(isolated_home, "import", str(opml), check=True)
    assert "imported 2 feeds" in out.stdout and "skipped" in out.stdout
    exported = tmp_path / "out.opml"
    nr(isolated_home, "export", str(exported), check=True)
    first = json.loads(nr(isolated_home, "feeds", "--json", check=True).stdout)

    other = tmp_path / "home2"
    for sub in ("data", "config", "cache"):
        (other / sub).mkdir(parents=True)
    nr(other, "import", str(exported), check=True)
    second = json.loads(nr(other, "feeds", "--json", check=True).stdout)
    assert sorted((f["url"], f["title"], f["folder"]) for f in first) == \
        sorted((f["url"], f["title"], f["folder"]) for f in second)
    assert {f["folder"] for f in second} == {"Local", None}


def test_export_to_stdout_and_empty_library(isolated_home: Path) -> None:
    out = nr(isolated_home, "export", check=True)
    assert out.stdout.startswith("<?xml") and "<opml" in out.stdout
    assert nr(isolated_home, "feeds", check=True).stdout.startswith("no subscriptions yet")
    assert nr(isolated_home, "unread", check=True).stdout.strip() == "0"
    assert nr(isolated_home, "refresh", check=True).stdout.strip() == "nothing to refresh"


def test_commands_work_while_the_reader_is_open(isolated_home: Path, server: LoopbackServer) -> None:
    nr(isolated_home, "add", server.url("/news.xml"), check=True)
    with Library.open(library_path()):  # another newsreader has the library open
        out = nr(isolated_home, "refresh")
        assert out.returncode == 0 and "already running" not in out.stderr, out.stderr
        assert nr(isolated_home, "unread", check=True).stdout.strip() == "3"


def test_import_keeps_existing_subscriptions_and_its_summary_adds_up(isolated_home: Path, server: LoopbackServer,
                                                                     tmp_path: Path) -> None:
    nr(isolated_home, "add", server.url("/news.xml"), "--folder", "Mine", check=True)
    outlines = "".join(f'<outline type="rss" text="Local {i}" xmlUrl="{server.url(f"/local{i}.xml")}"/>'
                       for i in range(5))
    opml = tmp_path / "list.opml"
    opml.write_text(f"""<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline text="Imported"><outline type="rss" text="Renamed by the file" xmlUrl="{server.url('/news.xml')}"/></outline>
  <outline type="rss" text="Sport Desk" xmlUrl="{server.url('/sport.xml')}"/>
  <outline type="rss" text="Sport again" xmlUrl="{server.url('/sport.xml')}"/>
  {outlines}
  <outline type="rss" text="passwd" xmlUrl="file:///etc/passwd"/>
  <outline type="rss" text="js" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="pipe" xmlUrl="|rm -rf ~"/>
</body></opml>""", encoding="utf-8")
    out = nr(isolated_home, "import", str(opml), check=True)
    lines = out.stdout.strip().splitlines()
    # 11 outlines with a feed URL = 6 imported + 1 already subscribed + 4 skipped; the summary comes first
    assert lines[0] == ("imported 6 feeds, already subscribed: 1, skipped: 4 (of 11 outlines with a feed URL); "
                        "run 'newsreader refresh' to fetch them")
    assert lines[1:4] == [
        "skipped 1: listed twice in the file: 'Sport again'",
        "skipped 2: unsupported scheme (file:, javascript:): 'passwd', 'js'",
        "skipped 1: not an http(s) URL: 'pipe'",
    ]
    # loopback feeds are imported, and said so once, not once per feed as "skipped"
    assert lines[4:] == ["note: 7 of the feeds in the file are on a private or local address (127.0.0.1); "
                         "they were imported as listed"]
    feeds = {f["url"]: f for f in json.loads(nr(isolated_home, "feeds", "--json", check=True).stdout)}
    assert len(feeds) == 7
    mine = feeds[server.url("/news.xml")]
    assert (mine["title"], mine["folder"]) == ("Town News", "Mine")  # not renamed, not moved
    # importing again changes nothing and says so
    out = nr(isolated_home, "import", str(opml), check=True)
    assert out.stdout.splitlines()[0] == "imported 0 feeds, already subscribed: 7, skipped: 4 (of 11 outlines with a feed URL)"
