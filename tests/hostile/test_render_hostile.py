"""A: the render boundary. Whatever a feed or file holds, the terminal only gets text.

These tests deliberately hand the widgets *unsanitised* articles (bypassing the
engine's own cleaning) to prove that the display boundary alone is enough,
then scan everything the app would write to the terminal.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from feeds.analysis import Analysis, Quote, Source
from feeds.core.model import Article
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.panes import QuotesPane, SourcesPane

from ..tui.harness import UNSAFE, screen_bytes_outside_sgr, screen_text, settle

MARKUP_CRASH_CORPUS = ["[/]", "[/bold]", "[0] Hello", "[/", "a [bold", "[link=x]y", "\\[", "[[", "]]", "[@click=]"]


def raw_article(**fields: str) -> Article:
    """An Article whose fields hold exactly the given strings, uncleaned."""
    article = Article(title="placeholder", text="placeholder body")
    for name, value in fields.items():
        object.__setattr__(article, name, value)
    return article


def assert_terminal_clean(app) -> str:
    raw = screen_bytes_outside_sgr(app)
    leftover = raw.replace("\x1b", "")  # only our own SGR used ESC, and it was removed
    assert "\x1b" not in raw, repr(raw[raw.index("\x1b") - 20: raw.index("\x1b") + 20])
    assert not UNSAFE.search(leftover)
    return raw


async def _show(pilot, articles: list[Article], analysis: Analysis | None = None) -> ReaderScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    screen.set_articles(articles)
    await settle(pilot)
    if analysis is not None:
        view = screen.query_one(ArticleView)
        screen._show_analysis(view.article, analysis)
        await pilot.pause()
    return screen


def _app(tmp_path: Path):
    empty = tmp_path / "x.txt"
    empty.write_text("Start\n\nNothing yet.\n", encoding="utf-8")
    return make_app([str(empty)])


@pytest.mark.parametrize("title", [
    "News\x1b]0;pwned\x07",  # raw ESC, BEL-terminated
    "News\x1b]0;pwned\x1b\\",  # ST-terminated
    "News\x9d0;pwned\x9c",  # C1 OSC
])
async def test_A1_osc_title_injection(tmp_path: Path, title: str) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, [raw_article(title=title, source=title, text=f"Body {title} end.")])
        assert_terminal_clean(app)
        assert "News" in screen_text(app)


async def test_A2_csi_screen_wipe_in_entry_title(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        hostile = raw_article(title="a\x1b[2J\x1b[Hb\x1b[31mRED", text="x")
        plain = raw_article(title="plain", text="y")
        await _show(pilot, [hostile, plain])
        assert_terminal_clean(app)
        lst = app.screen.query_one(ArticleList)
        # the hostile row takes no more lines than an ordinary one
        rows = screen_text(app).splitlines()[lst.region.y + 1:lst.region.y + 3]
        assert "abRED" in rows[0] and "plain" in rows[1]  # one screen row each
        assert "abRED" in screen_text(app)


@pytest.mark.parametrize("st", ["\x07", "\x1b\\"])
async def test_A3_osc8_hyperlink_spoof(tmp_path: Path, st: str) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        body = f"See \x1b]8;;https://evil.example{st}Official{st}\x1b]8;;{st} site."
        await _show(pilot, [raw_article(title="t", text=body)])
        raw = assert_terminal_clean(app)
        assert "]8;;" not in raw and "evil.example" not in raw


async def test_A4_osc52_clipboard_write(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        payload = "\x1b]52;c;Y3VybCBldmlsfHNo\x07"
        await _show(pilot, [raw_article(title=f"t{payload}", text=f"b{payload}", byline=payload)])
        raw = assert_terminal_clean(app)
        assert "]52;" not in raw
        assert app.clipboard == ""


async def test_A5_query_and_report_sequences(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        body = "q \x1b[21t \x1b[6n \x1bP$qm\x1b\\ \x1b]10;?\x07 end"
        await _show(pilot, [raw_article(title="queries", text=body)])
        raw = assert_terminal_clean(app)
        assert "[6n" not in raw and "[21t" not in raw


async def test_A6_entity_encoded_controls_in_html_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Entities &#27;]0;pwned&#7; here</title></head><body><article>"
        "<p>x &#27;[31mred &#x9b;1m &#0; text long enough to count as the article body of this page.</p>"
        "<p>A second paragraph keeps the extractor convinced this is an article worth reading.</p>"
        "</article></body></html>", encoding="utf-8")
    app = make_app([str(page)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        assert not UNSAFE.search(view.article.text + view.article.title)
        assert_terminal_clean(app)


async def test_A7_rich_markup_injection(tmp_path: Path) -> None:
    title = "[link=https://evil.example]BBC[/link] [bold red]BREAKING[/] [@click=app.quit]Read more[/]"
    app = _app(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await _show(pilot, [raw_article(title=title, text=title, source=title)])
        text = screen_text(app)
        assert "[bold red]BREAKING[/]" in text and "[@click=app.quit]Read more[/]" in text
        raw = assert_terminal_clean(app)
        assert "evil.example\x07" not in raw and "]8;" not in raw
        await pilot.click(ArticleView, offset=(30, 1))
        await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("bad", MARKUP_CRASH_CORPUS)
async def test_A8_markup_crash_corpus_through_every_widget(tmp_path: Path, bad: str) -> None:
    from tui.screens.dialogs import ChooseFeedDialog
    from feeds.net.discover import FeedLink

    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        article = raw_article(title=f"t {bad}", text=f"b {bad} «{bad}»", byline=bad, source=bad, url=bad)
        analysis = Analysis(
            quotes=[Quote(text=bad, speaker=bad, role=bad, cue=bad, kind="direct", start=0, end=1)],
            sources=[Source(name=bad, kind="person", mentions=[(0, 1)], quotes=1)],
        )
        await _show(pilot, [article], analysis)
        await pilot.press("1")
        await pilot.press("3")
        app.notify(bad, title=bad, markup=False)
        await pilot.pause()
        app.push_screen(ChooseFeedDialog(bad, [FeedLink(url=bad, title=bad, type=bad)]))
        await pilot.pause()
        text = screen_text(app)
        assert bad in text
        assert app.is_running
        assert_terminal_clean(app)


async def test_A9_bidi_and_zero_width_spoofing(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _show(pilot, [raw_article(title="Invoice \u202egnp.exe\u200b", byline="a\u2066b\u2069",
                                        url="https://bank.example\u202e/moc.live", text="body")])
        raw = screen_bytes_outside_sgr(app)
        for ch in ("\u202e", "\u2066", "\u2069", "\u200b"):
            assert ch not in raw
        assert "Invoice gnp.exe" in screen_text(app)


async def test_A10_overprint_tricks(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        body = "Good\rEvil and Safe\x08\x08\x08\x08Evil " + "a\tb " * 10_000
        await _show(pilot, [raw_article(title="Good\rEvil", text=body)])
        raw = assert_terminal_clean(app)
        assert "\r" not in raw.replace("\r\n", "\n") and "\x08" not in raw
        assert "\t" not in raw


@pytest.mark.timeout(120)
@pytest.mark.parametrize("kind", ["combining", "zwj-emoji", "long-line", "huge-article"])
async def test_A11_hostile_widths(tmp_path: Path, kind: str) -> None:
    bodies = {
        "combining": "e" + "\u0301" * 200_000,
        "zwj-emoji": "👩\u200d👩\u200d👧" * 50_000,
        "long-line": "x" * 1_000_000,
        "huge-article": ("A paragraph of an enormous article, repeated to the size limit. " * 40 + "\n\n") * 4000,
    }
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        started = time.monotonic()
        await _show(pilot, [Article(title=f"wide {kind}", text=bodies[kind])])
        await pilot.press("enter", "G", "g")
        await pilot.pause()
        elapsed = time.monotonic() - started
        assert app.is_running
        assert f"wide {kind}" in screen_text(app)
        assert_terminal_clean(app)
        # generous: the bound that matters (< 1 s per screen) is measured in benchmarks/
        assert elapsed < 60
