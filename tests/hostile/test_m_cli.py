"""Hostile cases of the command line (issue 10): M2, M4, M5, M8, M11, M12.

Each runs the installed ``newsreader`` command (or the real app through Pilot)
with the isolated home of ``conftest.py`` and a loopback server where a feed
is needed.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library

from ..conftest import ARTICLES, env_for_subprocess, installed_command
from ..feedgen import rss
from ..netserver import LoopbackServer, Response

RAW_CONTROLS = ("\x9b", "\u202e", "\x1b", "\u2066")


def nr(home: Path, *args: str | bytes, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    """The installed command, output as bytes (so a raw byte cannot hide behind decoding)."""
    out = subprocess.run([installed_command(), *args], capture_output=True, timeout=120,
                         env={**env_for_subprocess(home), **(env or {})}, **kw)
    assert b"Traceback" not in out.stderr, out.stderr
    return out


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        srv.static("/news.xml", rss("Town News", 2))
        srv.route("/broken.xml", lambda req: Response(500, b"oops", content_type="text/plain"))
        yield srv


def _subscribe(url: str, title: str | None = None) -> None:
    with Library.open(library_path()) as lib:
        lib.add_feed(url, title=title)


# -- M2 export to symlinks, FIFOs, devices, streams ------------------------------------------
def _export_library(server: LoopbackServer) -> None:
    _subscribe(server.url("/news.xml"), "Town News")


def test_M2_export_writes_through_a_symlink_and_keeps_it(isolated_home: Path, server, tmp_path: Path) -> None:
    _export_library(server)
    target = tmp_path / "real" / "subs.opml"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.opml"
    link.symlink_to(target)
    out = nr(isolated_home, "export", str(link))
    assert out.returncode == 0, out.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)  # the link is still a link
    assert "Town News" in target.read_text()  # ... and its target has the export
    assert [p.name for p in target.parent.iterdir()] == ["subs.opml"]  # no temporary file left


def test_M2_export_to_a_fifo_writes_into_it(isolated_home: Path, server, tmp_path: Path) -> None:
    _export_library(server)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    out = nr(isolated_home, "export", str(fifo))
    reader.join(10)
    if reader.is_alive():  # nothing was written into the FIFO: let the reader go
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
    assert out.returncode == 0, out.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert b"Town News" in received[0] and b"<opml" in received[0]


def test_M2_export_to_a_character_device_and_to_stdout(isolated_home: Path, server, tmp_path: Path) -> None:
    _export_library(server)
    # A private null device: a regression must never replace the machine's own /dev/null.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("creating a device node needs root")
    before = os.stat(device)
    out = nr(isolated_home, "export", str(device))
    assert out.returncode == 0, out.stderr
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino  # the device was not replaced
    for stream in ("-", "/dev/stdout"):
        out = nr(isolated_home, "export", stream)
        assert out.returncode == 0 and out.stdout.startswith(b"<?xml") and b"Town News" in out.stdout


def test_M2_export_to_a_process_substitution(isolated_home: Path, server, tmp_path: Path) -> None:
    _export_library(server)
    copy = tmp_path / "copy.opml"
    script = f'{installed_command()} export >(cat > "{copy}"); wait'
    out = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60, env=env_for_subprocess(isolated_home))
    assert out.returncode == 0, out.stderr
    for _ in range(50):
        if copy.exists() and b"</opml>" in copy.read_bytes():
            break
        threading.Event().wait(0.1)
    assert b"Town News" in copy.read_bytes()


def test_M2_export_refuses_a_directory_and_a_socket(isolated_home: Path, server, tmp_path: Path) -> None:
    _export_library(server)
    folder = tmp_path / "folder"
    folder.mkdir()
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        for target, reason in ((folder, "is a directory"), (sock_path, "not a regular file (a socket)")):
            out = nr(isolated_home, "export", str(target))
            assert out.returncode == 1
            lines = out.stderr.decode().strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"newsreader: {target}: {reason}")
        assert folder.is_dir() and stat.S_ISSOCK(os.lstat(sock_path).st_mode)
        assert list(tmp_path.glob(".*tmp-*")) == []
    finally:
        sock.close()


# -- M4 JSON escaping, non-UTF-8 names, C1/bidi in URLs -----------------------------------------
def test_M4_analyze_json_escapes_controls_in_file_names(isolated_home: Path, tmp_path: Path) -> None:
    names = ["csi\x9b31m.txt", "rtl\u202etxt.exe.txt"]
    for name in names:
        (tmp_path / name).write_text("Harbour reopens\n\nThe harbour reopened on Monday, the mayor said.\n")
    out = nr(isolated_home, "analyze", "--format", "json", *(str(tmp_path / n) for n in names))
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")
    assert not any(c in text for c in RAW_CONTROLS)
    assert "\\u009b" in text and "\\u202e" in text
    assert [json.loads(line)["path"] for line in text.splitlines()] == [str(tmp_path / n) for n in names]


def test_M4_a_file_name_that_is_not_utf8_is_escaped_and_the_rest_still_runs(isolated_home: Path,
                                                                         tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/caf\xe9\xff.txt"
    with open(bad, "wb") as f:
        f.write(b"Ferry returns\n\nThe ferry returned on Friday after repairs, the operator said.\n")
    good = str(ARTICLES / "01-ferry.txt").encode()
    out = nr(isolated_home, "analyze", "--format", "json", bad, good)
    assert out.returncode == 0, out.stderr
    assert b"\xff" not in out.stdout and b"\xe9" not in out.stdout  # never the raw bytes
    lines = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    assert [d["title"] for d in lines] == ["Ferry returns", "Island ferry service resumes after three-week strike"]
    assert os.fsencode(lines[0]["path"]) == bad  # the escapes name the file exactly
    # text output and errors show the bytes as \xNN escapes
    out = nr(isolated_home, "analyze", bad + b".missing")
    assert out.returncode == 1 and b"\xff" not in out.stderr
    assert "caf\\xe9\\xff.txt.missing: no such file or directory" in out.stderr.decode("utf-8")


def test_M4_feeds_and_refresh_json_escape_c1_and_bidi_in_urls(isolated_home: Path, server) -> None:
    _subscribe(server.url("/news.xml") + "?\x9b2J=\u202e", "Odd")
    for args in (("feeds", "--json"), ("refresh", "--json"), ("feeds",), ("refresh",)):
        out = nr(isolated_home, *args)
        text = out.stdout.decode("utf-8")
        assert not any(c in text for c in RAW_CONTROLS), args
        if "--json" in args:
            json.loads(text)


def test_M4_add_refuses_c1_and_bidi_controls_in_a_url(isolated_home: Path, server) -> None:
    for bad in ("\x9b", "\u202e", "\u2066"):
        out = nr(isolated_home, "add", server.url("/news.xml") + bad)
        assert out.returncode == 1
        err = out.stderr.decode("utf-8")
        assert f"U+{ord(bad):04X}" in err and len(err.strip().splitlines()) == 1
        assert bad not in err
    assert not library_path().exists() or nr(isolated_home, "unread").stdout.strip() == b"0"


# -- M5 mixed-script hosts as punycode --------------------------------------------------------------
SPOOF = "https://аррӏе.com/story"  # Cyrillic letters that look like "apple"
SPOOF_ASCII = "xn--80ak6aa92e.com"


def test_M5_spoofing_hosts_are_punycode_for_the_browser_and_the_clipboard() -> None:
    from feeds.handoff import browser_command, checked_url

    assert checked_url(SPOOF) == f"https://{SPOOF_ASCII}/story"
    assert checked_url("https://gооgle.com/") == "https://xn--ggle-55da.com/"  # Latin with two Cyrillic o
    assert checked_url("https://пример.рф/новости") == "https://пример.рф/новости"  # one script: readable
    assert checked_url("https://bücher.de/") == "https://bücher.de/"
    argv = browser_command(checked_url(SPOOF), {"BROWSER": "echo", "PATH": os.environ["PATH"]})
    assert argv == ["echo", f"https://{SPOOF_ASCII}/story"]


def test_M5_feeds_listing_shows_spoofing_hosts_as_punycode(isolated_home: Path) -> None:
    _subscribe("https://аррӏе.com/feed.xml", "Fruit")
    _subscribe("https://пример.рф/rss", "Example RF")
    out = nr(isolated_home, "feeds").stdout.decode("utf-8")
    assert f"<https://{SPOOF_ASCII}/feed.xml>" in out and "аррӏе" not in out
    assert "<https://пример.рф/rss>" in out
    data = json.loads(nr(isolated_home, "feeds", "--json").stdout)
    assert {d["url"] for d in data} == {f"https://{SPOOF_ASCII}/feed.xml", "https://пример.рф/rss"}


async def test_M5_article_header_shows_a_spoofing_host_as_punycode(tmp_path: Path) -> None:
    from tui.app import make_app

    from ..tui.harness import screen_text, settle

    doc = tmp_path / "story.md"
    doc.write_text(f"---\ntitle: Orchard prices rise\nurl: {SPOOF}\n---\n\n"
                   "Apple prices rose by a tenth this autumn, growers said on Monday.\n", encoding="utf-8")
    app = make_app([str(doc)])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = screen_text(app)
    assert SPOOF_ASCII in screen and "аррӏе" not in screen


# -- M8 a terminal that is not UTF-8 ------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_M8_output_degrades_on_a_terminal_that_is_not_utf8(isolated_home: Path, server, encoding: str) -> None:
    _subscribe(server.url("/broken.xml"), "Café “Zeitung” ● 東京")
    nr(isolated_home, "refresh")
    env = {"PYTHONIOENCODING": encoding}
    for args in (("feeds",), ("search", "council"), ("analyze", str(ARTICLES / "01-ferry.txt")),
                 ("feeds", "--json")):
        out = nr(isolated_home, *args, env=env)
        assert b"UnicodeEncodeError" not in out.stderr, (args, out.stderr)
        assert out.stdout.decode(encoding), args  # all of it in the terminal's encoding
    listing = nr(isolated_home, "feeds", env=env).stdout.decode(encoding)
    assert "! HTTP 500" in listing  # the warning sign's ASCII stand-in
    report = nr(isolated_home, "analyze", str(ARTICLES / "01-ferry.txt"), env=env).stdout.decode(encoding)
    assert "Sources (" in report  # the report ran to its end
    data = json.loads(nr(isolated_home, "feeds", "--json", env=env).stdout.decode(encoding))
    assert data[0]["title"] == "Café “Zeitung” ● 東京"  # JSON keeps every character as \u escapes


# -- M11 "too large" sizes that differ ------------------------------------------------------------------
def test_M11_too_large_shows_sizes_that_differ(isolated_home: Path, tmp_path: Path) -> None:
    from feeds.inputs.local import MAX_FILE_BYTES

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # one byte over: sparse, costs no disk
    out = nr(isolated_home, "analyze", str(big))
    assert out.returncode == 1
    assert out.stderr.decode().strip() == (f"newsreader: {big}: file too large "
                                           f"({MAX_FILE_BYTES + 1:,} bytes; limit {MAX_FILE_BYTES:,} bytes)")
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + MAX_FILE_BYTES // 40)
    out = nr(isolated_home, "analyze", str(big))
    assert "file too large (20.5 MiB; limit 20 MiB)" in out.stderr.decode()


# -- M12 passwords in feed URLs ------------------------------------------------------------------------------
def test_M12_passwords_in_feed_urls_are_masked_everywhere_they_are_printed(isolated_home: Path, server) -> None:
    good = server.url("/news.xml").replace("://", "://reader:s3cret@")
    broken = server.url("/broken.xml").replace("://", "://reader:hunter2@")
    _subscribe(good)
    _subscribe(broken, "Broken")
    refresh = nr(isolated_home, "refresh")
    refresh_json = nr(isolated_home, "refresh", "--json")
    listing = nr(isolated_home, "feeds")
    listing_json = nr(isolated_home, "feeds", "--json")
    for out in (refresh, refresh_json, listing, listing_json):
        shown = (out.stdout + out.stderr).decode("utf-8")
        assert "s3cret" not in shown and "hunter2" not in shown
        assert "reader:***@127.0.0.1" in shown
    assert "failed: Broken <http://reader:***@127.0.0.1" in refresh.stdout.decode()
    assert "2/2" in listing.stdout.decode()  # the feed with a password was fetched
    with Library.open(library_path(), readonly=True) as lib:
        assert {f.url for f in lib.feeds()} == {good, broken}  # the library keeps the password
    # the URL as shown names the feed for `remove`
    assert nr(isolated_home, "remove", server.url("/broken.xml").replace("://", "://reader:***@")).returncode == 0
    out = nr(isolated_home, "add", server.url("/missing.xml").replace("://", "://me:topsecret@"))
    assert out.returncode == 1 and b"topsecret" not in out.stderr and b"me:***@" in out.stderr
