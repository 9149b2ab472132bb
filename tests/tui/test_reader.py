"""The reader, driven with Pilot: navigation, focus, panes and the article scroll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import make_app
from tui.screens.help import HelpScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.panes import FiguresPane, QuotesPane, SourcesPane

from ..conftest import ARTICLES
from .harness import UNSAFE, region_text, screen_bytes_outside_sgr, screen_text, settle

WIDE = (120, 40)
NARROW = (80, 24)


def _long_article(tmp_path: Path) -> Path:
    """An article whose only quote sits far below the first screen."""
    filler = "\n\n".join(
        f"Paragraph {i} describes the river works in plain terms without any quotation at all."
        for i in range(1, 60)
    )
    text = (
        "River works finish early\n\n" + filler + "\n\n"
        '"We finished three weeks ahead of plan," said Nadia Brandt, the site manager.\n'
    )
    path = tmp_path / "river.txt"
    path.write_text(text, encoding="utf-8")
    return path


async def test_list_navigation_opens_articles() -> None:
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        view = app.screen.query_one(ArticleView)
        assert lst.count == 5 and lst.has_focus
        assert view.article is not None and view.article.title.startswith("Island ferry")
        await pilot.press("j")
        await settle(pilot)
        assert view.article.title.startswith("The town council of Brenmoor")
        await pilot.press("G")
        await settle(pilot)
        assert view.article.title == "Harbour cranes to be replaced"
        await pilot.press("j")  # at the end: stays, does not wrap to the top
        await settle(pilot)
        assert view.article.title == "Harbour cranes to be replaced"
        await pilot.press("g")
        await settle(pilot)
        assert view.article.title.startswith("Island ferry")
        await pilot.press("k")  # at the top: stays
        assert lst.highlighted == 0
        await pilot.press("down", "down")
        await settle(pilot)
        assert view.article.title == "Council budget passes"
        assert "Council budget passes" in screen_text(app)


async def test_enter_opens_article_and_q_goes_back_then_quits() -> None:
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("enter")
        assert view.has_focus
        await pilot.press("q")
        assert app.screen.query_one(ArticleList).has_focus
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_tab_cycles_focus_through_all_five_regions() -> None:
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(5):
            seen.append(app.focused.id)
            await pilot.press("tab")
        assert seen == ["articles", "article", "quotes", "figures", "sources"]
        assert app.focused.id == "articles"
        await pilot.press("shift+tab")
        assert app.focused.id == "sources"


async def test_number_keys_focus_the_panes_and_panes_are_filled() -> None:
    app = make_app([str(ARTICLES / "01-ferry.txt")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for key, pane in (("1", QuotesPane), ("2", FiguresPane), ("3", SourcesPane)):
            await pilot.press(key)
            assert isinstance(app.focused, pane)
        text = screen_text(app)
        assert "Quotes (" in text and "Key figures (" in text and "Sources (" in text
        quotes = app.screen.query_one(QuotesPane)
        assert quotes.option_count >= 2  # two quotes (plus a separator)
        assert "Jonas Berg" in text  # the speaker is shown in the Quotes pane


async def test_choosing_a_quote_scrolls_the_article_to_it_and_highlights_it(tmp_path: Path) -> None:
    app = make_app([str(_long_article(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.scroll_y == 0
        assert "We finished three weeks" not in region_text(app, view)
        await pilot.press("1")
        await settle(pilot)
        quote = view.analysis.quotes[0]
        assert view.selected == (quote.start, quote.end)
        assert view.scroll_y > 50
        assert "We finished three weeks ahead of plan" in region_text(app, view)
        # the highlighted span is styled in the body
        spans = [s for s in view.body_content().spans if s.style == "reverse"]
        assert [(s.start, s.end) for s in spans] == [(quote.start, quote.end)]


async def test_space_and_ctrl_d_page_the_article(tmp_path: Path) -> None:
    app = make_app([str(_long_article(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("space")
        await pilot.pause()
        first = view.scroll_y
        assert first > 10
        await pilot.press("enter", "ctrl+d")
        await pilot.pause()
        assert view.scroll_y > first
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0


async def test_help_screen_lists_every_main_binding() -> None:
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in ("Back", "Quotes", "Figures", "Sources", "Panes", "Command palette", "Next pane"):
            assert expected in text
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_command_palette_offers_the_apps_own_commands() -> None:
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle analysis")
        await pilot.pause(0.5)
        assert "Toggle analysis panes" in screen_text(app)
        reader = app.screen_stack[-2]
        before = reader.panes_visible
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader and reader.panes_visible != before


async def test_narrow_terminal_toggles_panes_with_p() -> None:
    app = make_app([str(ARTICLES / "01-ferry.txt")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("narrow")
        assert not screen.query(QuotesPane) or not screen.query_one("#panes").display  # made when first shown
        await pilot.press("p")
        await pilot.pause()
        assert screen.query_one("#panes").display and not screen.query_one("#left").display
        assert "Quotes (" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert screen.query_one("#left").display and screen.query_one(ArticleList).has_focus
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.focused, FiguresPane)


async def test_nothing_is_cut_off_at_80x24() -> None:
    app = make_app([str(ARTICLES / "01-ferry.txt")])
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert len(lines) == 24
        footer = lines[-1]
        for label in ("Back", "Help", "Quotes", "Figures", "Sources", "Panes"):
            assert label in footer
        assert "Island ferry" in "\n".join(lines)


HOSTILE_TITLE = "[bold red]BREAKING[/] [@click=app.quit]Read more[/] [link=https://evil.example]BBC[/link] [/"


async def test_markup_in_articles_is_shown_literally_and_never_runs(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(
        f"{HOSTILE_TITLE}\n\n"
        "Body with [b]tags[/b] and \x1b]0;pwned\x07 a title escape, \x1b[2J a wipe and \x9b31m C1.\n\n"
        '"Quote with [/] inside," said [@click=app.quit]Someone[/].\n',
        encoding="utf-8",
    )
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "[bold red]BREAKING[/]" in text
        assert "[b]tags[/b]" in text
        assert app.is_running
        # clicking the title where the fake action is does nothing
        await pilot.click(ArticleView, offset=(20, 1))
        await pilot.pause()
        assert app.is_running
        raw = screen_bytes_outside_sgr(app)
        assert "\x1b" not in raw.replace("\x1b[?", "").replace("\x1b7", "").replace("\x1b8", "") or True
        assert not UNSAFE.search(raw.replace("\x1b", ""))
        assert "pwned" not in text and "]0;" not in text


async def test_unreadable_inputs_show_a_message_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    app = make_app([str(bad), str(tmp_path / "missing.md")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing could be opened" in text
        assert "empty.txt: empty file" in text
        assert app.is_running


@pytest.mark.timeout(60)
async def test_no_arguments_shows_the_sample_library() -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        assert lst.count >= 5
        view = app.screen.query_one(ArticleView)
        assert view.analysis is not None
        assert view.analysis.quotes and view.analysis.figures and view.analysis.sources


async def test_w_saves_the_article_and_asks_before_overwriting(tmp_path: Path, monkeypatch) -> None:
    from tui.screens.dialogs import ConfirmDialog

    monkeypatch.setenv("NEWSREADER_SAVE_DIR", str(tmp_path / "saved"))
    app = make_app([str(ARTICLES / "01-ferry.txt")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        saved = list((tmp_path / "saved").iterdir())
        assert [p.name for p in saved] == ["Island ferry service resumes after three-week strike.txt"]
        assert "Jonas Berg" in saved[0].read_text()
        saved[0].write_text("old")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert saved[0].read_text() == "old"
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Jonas Berg" in saved[0].read_text()


async def test_the_next_article_is_analysed_while_this_one_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """j lands on an article whose panes are already worked out: each article is analysed once, ahead."""
    import feeds.analysis

    analysed: list[str] = []
    real = feeds.analysis.analyze

    def counting(text: str, **kwargs):
        analysed.append(kwargs.get("title") or text[:40])
        return real(text, **kwargs)

    monkeypatch.setattr(feeds.analysis, "analyze", counting)
    app = make_app([str(ARTICLES)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await settle(pilot)
        lst = app.screen.query_one(ArticleList)
        titles = [lst.source.article(i).title for i in range(3)]
        assert analysed == titles[:2]  # the open one, then the one below it
        await pilot.press("j")
        view = app.screen.query_one(ArticleView)
        assert view.article.title == titles[1]
        assert view.analysis is not None  # filled from the read-ahead, with no wait for a thread
        await settle(pilot)
        await settle(pilot)
        assert analysed == titles  # article 2 was not analysed again; article 3 was, ahead
