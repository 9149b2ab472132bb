"""Hostile cases that cross layers: saved files (J), paths (G5), logs and exports (A12), analysis (E4–E6)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from feeds.analysis import analyze
from feeds.core.model import Article
from feeds.save import SaveError, safe_filename, save_article
from feeds.subscribe import validate_feed_url

from ..conftest import env_for_subprocess, installed_command
from ..netserver import LoopbackServer
from ..tui.harness import screen_text, settle

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize("title", [
    "../../.bashrc", "/etc/passwd", "CON", "con.txt", "a\x00b", ".", "..", "-rf", "😀" * 300,
    "foo/bar\\baz", "Invoice \u202egnp.exe", "   ", "nul", "LPT1", "x" * 1000,
])
def test_J1_save_article_filename_sanitising(tmp_path: Path, title: str) -> None:
    name = safe_filename(title)
    assert "/" not in name and "\\" not in name and "\x00" not in name and "\u202e" not in name
    assert name.endswith(".txt") and not name.startswith((".", "-"))
    assert len(name.encode()) <= 120
    assert name.split(".")[0].lower() not in {"con", "nul", "lpt1", "prn", "aux"}
    path = save_article(Article(title=title or "x", text="body"), tmp_path)
    assert path.parent == tmp_path.resolve()
    with pytest.raises(FileExistsError):  # no overwrite without confirmation
        save_article(Article(title=title or "x", text="other"), tmp_path)
    assert "body" in path.read_text()
    save_article(Article(title=title or "x", text="other"), tmp_path, overwrite=True)
    assert "other" in path.read_text()


def test_J2_symlink_escape(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "saved"
    root.mkdir()
    (root / "evil.txt").symlink_to(outside / "target.txt")
    with pytest.raises(SaveError, match="outside"):
        save_article(Article(title="evil", text="x"), root)
    assert not (outside / "target.txt").exists()
    # a save folder that is itself a link is resolved first: writes land in the real folder only
    link_root = tmp_path / "link-root"
    link_root.symlink_to(outside, target_is_directory=True)
    path = save_article(Article(title="fine", text="x"), link_root)
    assert path.parent == outside.resolve()


BAD_PATHS = ["../feed.rss", "/feed.rss", "file:///feed.rss", "file://localhost/feed.rss", "file://host/x",
             "whatever:feed.rss", "NUL", "CON", "C:feed.rss", "feed:https://example.com/x"]


@pytest.mark.parametrize("value", BAD_PATHS)
def test_G5_local_file_feeds(value: str, isolated_home: Path) -> None:
    """Subscriptions are http(s) only: a local feed file is read by naming it as a path, never subscribed."""
    out = subprocess.run([installed_command(), "add", "--", value], capture_output=True, text=True,
                         env=env_for_subprocess(isolated_home), timeout=60)
    assert out.returncode == 1
    assert out.stderr.startswith("newsreader: ") and len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr
    if value.startswith("file:"):
        assert validate_feed_url(value) == "only http and https addresses can be added (not file:)"


def test_A12_logs_and_exports(isolated_home: Path, tmp_path: Path) -> None:
    env = env_for_subprocess(isolated_home)
    with LoopbackServer(catalogue=True) as srv:
        from feeds.core.paths import library_path
        from feeds.library.store import Library

        with Library.open(library_path()) as lib:
            lib.add_feed(srv.url("/reason/esc"), title="Evil \x1b]0;x\x07 title", folder="F\x1b[31m")
        refresh = subprocess.run([installed_command(), "refresh"], capture_output=True, text=True, env=env,
                                 timeout=60)
        feeds = subprocess.run([installed_command(), "feeds"], capture_output=True, text=True, env=env, timeout=60)
        feeds_json = subprocess.run([installed_command(), "feeds", "--json"], capture_output=True, text=True,
                                    env=env, timeout=60)
        export = subprocess.run([installed_command(), "export"], capture_output=True, text=True, env=env,
                                timeout=60)
    for out in (refresh, feeds, feeds_json, export):
        assert not CONTROL.search(out.stdout + out.stderr), repr(out.stdout + out.stderr)
    assert "failed" in refresh.stdout and "500" in refresh.stdout
    error = json.loads(feeds_json.stdout)[0]["error"]
    assert error["category"] == "http-status" and not CONTROL.search(error["message"])
    assert "<opml" in export.stdout


async def test_A12_error_reason_in_the_tui_is_clean(isolated_home: Path) -> None:
    from feeds.core.paths import library_path
    from feeds.library.store import Library
    from tui.app import make_app

    with LoopbackServer(catalogue=True) as srv:
        with Library.open(library_path()) as lib:
            lib.add_feed(srv.url("/reason/esc"), title="Evil feed")
        app = make_app([])
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")
            await settle(pilot)
            text = screen_text(app)
            assert "⚠" in text and "HTTP 500" in text
            assert not CONTROL.search(text)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", [
    "“" * 100_000,
    "\"'" * 50_000,
    "\"start" + " " * 1_000_000 + "end\"",
    "«‹" * 50_000,
])
def test_E4_quote_analysis_redos(text: str) -> None:
    result = analyze(text)
    assert len(result.quotes) <= 5000


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", [
    "It cost " + "9" * 5000 + " dollars.", "The value was 1e309 units.", "NaN percent of ∞ people.",
    "A total of 1" + ",000" * 100_000 + " people.", "Some ٣٤٥ Arabic-Indic digits and ١٢٫٥ with a separator.",
])
def test_E5_figure_analysis_numeric_traps(text: str) -> None:
    result = analyze(text)
    for f in result.figures:
        assert text[f.start:f.end] == f.text
        assert f.value is None or isinstance(f.value, (int, float, str))
    json.dumps(result.to_dict())  # every value serialisable (no inf/nan surprises)


def test_E6_source_attribution_uses_the_parsed_host() -> None:
    from feeds.formats.htmltext import html_to_text
    from tui.widgets.article_view import _host

    # the article's link is shown by its parsed host, never by text that looks like a host
    assert _host("https://bbc.co.uk@evil.example/news") == "evil.example"
    assert _host("https://xn--bbc-9ya.example/") == "xn--bbc-9ya.example"  # punycode kept, not rendered
    # anchor text that looks like a trusted URL is only text: it names no source
    text = html_to_text('<p>Read <a href="https://evil.example">https://bbc.co.uk/news</a> now.</p>')
    assert "bbc.co.uk" in text and "evil.example" not in text
    assert [s.name for s in analyze(text).sources] == []


@pytest.mark.timeout(60)
def test_F15_discovery_never_fetches_across_zones(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 'public' page lists a feed on a private address: it may be shown, never fetched by itself."""
    import asyncio

    import feeds.net.http
    from feeds.inputs.open import open_inputs
    from feeds.subscribe import SubscribeError, resolve_feed_url

    from ..feedgen import page_with_feed, rss

    monkeypatch.setattr(feeds.net.http, "PUBLIC_OVERRIDES", ["127.0.0.2"])
    with LoopbackServer() as canary, LoopbackServer(hosts=["127.0.0.2"]) as public:
        canary.static("/admin", rss("Internal", 1))
        page = page_with_feed(canary.url("/admin"), "Public site").replace(b"<p>", b"<article><p>" + b"Words. " * 60)
        public.static("/", page, content_type="text/html")
        # subscribing through the page: the discovered private feed is refused, not fetched
        with pytest.raises(SubscribeError, match="private"):
            asyncio.run(resolve_feed_url(public.url("/")))
        # opening the page: the feed is offered (listed), not fetched
        result = open_inputs([public.url("/")])
        assert [links[0].url for _, links in result.discovered] == [canary.url("/admin")]
        assert canary.hits() == 0
