"""Following an entry's numbered links and playing its enclosure, in the real app on a real library."""

from __future__ import annotations

import asyncio
import stat
import sys
from pathlib import Path

import pytest

from feeds.core.paths import library_path
from feeds.refresh import refresh
from feeds.library.store import Library
from tui.app import make_app
from tui.screens.links import LinkNumberPrompt, LinkPicker
from tui.widgets.article_view import ArticleView

from ..netserver import LoopbackServer
from .harness import screen_text, settle

WIDE = (120, 40)


def _podcast(base: str) -> bytes:
    """One episode with three links in its notes and an MP3 enclosure; one plain story."""
    notes = (f'<p>The harbour board met on <a href="{base}/minutes">Tuesday</a> and read '
             f'<a href="/budget">the budget</a>.</p><blockquote>We need [b]more[/b] boats.</blockquote>'
             f'<p>Write to <a href="mailto:desk@harbour.example">the desk</a>.</p>')
    esc = notes.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
            f"<channel><title>Harbour Hour</title><link>{base}/</link>"
            f"<item><title>Episode 12: the new ferry</title><link>{base}/ep12</link><guid>ep12</guid>"
            f"<author>none@none.com (Harbour Radio)</author>"
            f"<pubDate>Mon, 02 Mar 2026 09:00:00 +0000</pubDate><description>{esc}</description>"
            f'<enclosure url="{base}/media/ep12.mp3" type="audio/mpeg" length="12345678"/>'
            f"<itunes:duration>1:02:03</itunes:duration></item>"
            f"</channel></rss>").encode()


@pytest.fixture
def library() -> LoopbackServer:
    with LoopbackServer() as srv:
        srv.static("/pod.xml", _podcast(srv.url("").rstrip("/")), content_type="application/rss+xml")
        with Library.open(library_path()) as lib:
            asyncio.run(refresh(lib, [lib.add_feed(srv.url("/pod.xml"))]))
        yield srv


def _recorder(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A program that writes its arguments, one a line, to a log file."""
    log = tmp_path / f"{name}.log"
    program = tmp_path / name
    program.write_text(f"#!{sys.executable}\nimport sys\nopen({str(log)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program, log


@pytest.fixture(autouse=True)
def patient_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded test machine is slower than a typist: the pause after ``o`` is longer here."""
    from tui.screens import links as links_module

    monkeypatch.setattr(links_module, "NUMBER_WAIT", 2.0)


@pytest.fixture
def browser_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``$BROWSER`` is a recorder; the file it writes says what was opened."""
    browser, log = _recorder(tmp_path, "browser")
    monkeypatch.setenv("BROWSER", str(browser))
    return log


def _toasts(app) -> list[str]:
    """The notifications the app is showing (toasts are not in the compositor's output)."""
    return [n.message for n in app._notifications]


async def _read(pilot) -> ArticleView:
    """Open the first article the way a reader does (Enter in the list) and return the view."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    view = pilot.app.screen.query_one(ArticleView)
    assert view.has_focus
    return view


async def _wait_for(pilot, path: Path) -> str:
    for _ in range(200):
        if path.exists() and path.read_text():
            return path.read_text()
        await pilot.pause(0.05)
    return ""


async def test_u_lists_the_links_and_o_then_2_opens_link_2(library: LoopbackServer, browser_log: Path) -> None:
    log = browser_log
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        view = await _read(pilot)
        article = view.article
        assert article is not None and article.byline == "Harbour Radio"
        assert article.links == [library.url("/minutes"), library.url("/budget"), "mailto:desk@harbour.example"]
        text = screen_text(app)
        assert "Tuesday[1]" in text and "the budget[2]" in text and "│ We need [b]more[/b] boats." in text
        assert "▶ ep12.mp3 (audio/mpeg, 12.3 MB, 1:02:03)" in text

        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)
        shown = screen_text(app)
        assert f"[1] {library.url('/minutes')}" in shown and f"[2] {library.url('/budget')}" in shown
        assert "[3] mailto:desk@harbour.example" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkPicker)

        await pilot.press("o", "2")
        assert await _wait_for(pilot, log) == library.url("/budget")


async def test_link_picker_enter_opens_the_chosen_link(library: LoopbackServer, browser_log: Path) -> None:
    log = browser_log
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await _read(pilot)
        await pilot.press("u", "j", "enter")
        assert await _wait_for(pilot, log) == library.url("/budget")


async def test_o_alone_opens_the_articles_own_link_and_a_missing_number_is_explained(
        library: LoopbackServer, browser_log: Path) -> None:
    log = browser_log
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o", "7")
        await pilot.pause()
        assert "there is no link 7 (this article has 3)" in _toasts(app)
        assert not log.exists()
        await pilot.press("o")
        assert isinstance(app.screen, LinkNumberPrompt)
        assert await _wait_for(pilot, log) == library.url("/ep12")


async def test_e_plays_the_enclosure_with_PODCAST_PLAYER_without_a_shell(
        library: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    player, log = _recorder(tmp_path, "player")
    monkeypatch.setenv("PODCAST_PLAYER", f"{player} --no-video")
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await _read(pilot)
        await pilot.press("e")
        assert await _wait_for(pilot, log) == f"--no-video\n{library.url('/media/ep12.mp3')}"


async def test_e_without_a_player_opens_the_enclosure_in_the_browser(
        library: LoopbackServer, browser_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = browser_log
    monkeypatch.delenv("PODCAST_PLAYER", raising=False)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await _read(pilot)
        await pilot.press("e")
        assert await _wait_for(pilot, log) == library.url("/media/ep12.mp3")


async def test_two_digit_link_numbers_need_enter_or_a_pause(tmp_path: Path, browser_log: Path) -> None:
    links = "".join(f'<a href="https://dock.example/n{i}">note {i}</a> ' for i in range(1, 13))
    esc = f"<p>{links}</p>".replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed = tmp_path / "notes.xml"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Dock</title>'
                    f"<item><title>Twelve notes</title><link>https://dock.example/12</link>"
                    f"<description>{esc}</description></item></channel></rss>", encoding="utf-8")
    log = browser_log
    app = make_app([str(feed)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o", "1", "2", "enter")
        assert await _wait_for(pilot, log) == "https://dock.example/n12"
        log.unlink()
        await pilot.press("o", "1")  # 1 could still become 10, 11 or 12: the pause decides
        assert isinstance(app.screen, LinkNumberPrompt) and not log.exists()
        assert await _wait_for(pilot, log) == "https://dock.example/n1"
        log.unlink()
        await pilot.press("o", "escape")
        await pilot.pause(2.5)
        assert not log.exists()


async def test_o_opens_the_enclosure_of_an_entry_without_a_link(tmp_path: Path, browser_log: Path) -> None:
    feed = tmp_path / "bare.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Bare</title><item><title>Only audio'
                    '</title><guid isPermaLink="false">a1</guid><description>Listen.</description>'
                    '<enclosure url="https://bare.example/a1.ogg" type="audio/ogg"/></item></channel></rss>',
                    encoding="utf-8")
    app = make_app([str(feed)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert await _wait_for(pilot, browser_log) == "https://bare.example/a1.ogg"
