"""Issue 15: the People view of the library (P), driven through the real app with Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tui.app import make_app
from tui.screens.people import PeopleScreen
from tui.widgets.article_view import ArticleView

from ..conftest import installed_command
from ..netserver import LoopbackServer
from ..people_fixtures import refreshed_library
from .harness import screen_text, settle

WIDE = (120, 40)


@pytest.fixture
def outlets(isolated_home: Path) -> None:
    """The invented outlets refreshed into the library, not indexed yet: the view catches the index up."""
    with LoopbackServer() as srv:
        refreshed_library(srv).close()


async def test_people_view_lists_people_their_quotes_and_opens_the_article_at_the_quote(outlets: None) -> None:
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        text = screen_text(app)
        assert "People (6)" in text
        assert "Dorrin Kassel, regional fire chief" in text and "Tomas Brannoch, district engineer" in text
        assert "Mr. Kassel" not in text and "   1  Kassel" not in text  # the alias is merged, not listed
        lst = app.screen.query_one(OptionList)
        assert lst.highlighted == 0 and "Dorrin Kassel" in str(lst.get_option_at_index(0).prompt)

        await pilot.press("enter")  # Dorrin Kassel's quotes, across both outlets
        await settle(pilot)
        text = screen_text(app)
        assert "Dorrin Kassel (2 quotes)" in text
        assert "Crews worked through the night" in text and "We will rebuild every bridge" in text
        assert "Valley Post" in text and "Riverside Courier" in text

        await pilot.press("q")  # back to the people, on the same person
        await settle(pilot)
        assert "People (6)" in screen_text(app)
        await pilot.press("enter", "j")
        await settle(pilot)
        await pilot.press("enter")  # the second quote opens its article, the quote highlighted
        await settle(pilot)
        assert not isinstance(app.screen, PeopleScreen)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        start, end = view.selected
        assert view.article.text[start:end].startswith(("Crews worked", "We will rebuild"))
        assert view.article.title in {"Veltmark floods kill 12 as River Odra bursts its banks",
                                      "River Odra floods Veltmark, 12 dead"}


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_people_view_end_to_end_in_a_terminal(outlets: None, isolated_home: Path) -> None:
    """The installed command: P, a person, a quote, and the article it came from."""
    from .test_tmux import Tmux

    tmux = Tmux(isolated_home)
    try:
        tmux.start([installed_command()])
        tmux.wait_for("Veltmark")
        tmux.send("P")
        screen = tmux.wait_for("People (6)")
        assert "Dorrin Kassel" in screen and "Ilse Brannoch" in screen and "Tomas Brannoch" in screen
        tmux.send("Enter")
        screen = tmux.wait_for("Dorrin Kassel (2 quotes)")
        assert "We will rebuild every bridge" in screen
        tmux.send("Enter")
        screen = tmux.wait_for("the regional fire chief")  # the article, open at the quote
        assert "People (" not in screen
        assert "worked through the night" in screen or "rebuild every bridge" in screen
        # At 120 columns the panes take the list's place while reading; q gives
        # the list back, scoped to what the person said.
        tmux.send("q")
        tmux.wait_for("Quoted: Dorrin Kassel")
    finally:
        tmux.kill()


async def test_from_a_quote_enter_finds_its_speaker_and_c_copies_it_with_its_source(outlets: None) -> None:
    """In the Quotes pane: Enter jumps to the speaker's quotes across the library; c copies one, attributed."""
    from tui.widgets.panes import QuotesPane

    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # reading: at 120 columns the panes come in
        await settle(pilot)
        pane = app.screen.query_one(QuotesPane)
        for _ in range(20):  # to an article that quotes Dorrin Kassel
            if any(q.speaker == "Dorrin Kassel" for q in pane._quotes):
                break
            await pilot.press("J")
            await settle(pilot)
        index = next(i for i, q in enumerate(pane._quotes) if q.speaker == "Dorrin Kassel")
        pane.focus()
        await pilot.pause()
        pane.highlighted = next(i for i in range(pane.option_count)
                                if pane.get_option_at_index(i).id == f"q{index}")
        await pilot.press("c")
        await pilot.pause()
        copied = app.clipboard
        article = app.screen.query_one(ArticleView).article
        assert copied.startswith("“") and "” — Dorrin Kassel" in copied
        assert article.title in copied and f"<{article.url}>" in copied
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        for _ in range(60):
            await pilot.pause(0.1)
            if "Dorrin Kassel (2 quotes)" in screen_text(app):
                break
        assert "Dorrin Kassel (2 quotes)" in screen_text(app)


async def test_stories_view_shows_one_event_from_several_outlets_with_the_disputed_toll(outlets: None) -> None:
    """S: stories by outlets; a story's articles beside each outlet's figures, the disputed ones marked ≠."""
    from tui.screens.stories import StoriesScreen

    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        for _ in range(100):
            await pilot.pause(0.1)
            if "outlets" in screen_text(app):
                break
        text = screen_text(app)
        assert "3 outlets" in text and "Veltmark" in text and "≠" in text
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Valley Post" in text and "Riverside Courier" in text
        assert "≠ 12" in text and "≠ 15" in text  # the toll each outlet gives, marked as disputed
        await pilot.press("enter")  # the first article opens
        await settle(pilot)
        assert not isinstance(app.screen, StoriesScreen)
        assert "Veltmark" in app.screen.query_one(ArticleView).article.title or \
            "Odra" in app.screen.query_one(ArticleView).article.title
