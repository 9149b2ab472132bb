"""Moving the cursor redraws the rows that changed, not the whole list (issue 11).

Every row on screen used to be built again on each j/k: on a loaded machine
that was most of the ~55 ms a key took to reach the screen. These tests count
the rows the article list builds while a user moves and flags articles.
"""

from __future__ import annotations

import asyncio

import pytest

from feeds.core.paths import library_path
from feeds.library.store import Library
from feeds.refresh import refresh
from tui.app import make_app
from tui.widgets.article_list import ArticleList

from ..feedgen import rss
from ..netserver import LoopbackServer
from .harness import screen_text, settle

WIDE = (120, 40)


@pytest.fixture
def library_of_30(monkeypatch: pytest.MonkeyPatch):
    with LoopbackServer() as srv:
        srv.static("/daily.xml", rss("Daily Wire", 30, link=srv.url("/")))
        with Library.open(library_path()) as lib:
            asyncio.run(refresh(lib, [lib.add_feed(srv.url("/daily.xml"))]))
        yield srv


def _count_rows_built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the index of every row the article list builds."""
    built: list[int] = []
    real = ArticleList.render_row

    def counting(self: ArticleList, index: int, width: int):
        built.append(index)
        return real(self, index, width)

    monkeypatch.setattr(ArticleList, "render_row", counting)
    return built


async def _focused_list(pilot) -> ArticleList:
    await settle(pilot)
    lst = pilot.app.screen.query_one(ArticleList)
    lst.focus()
    await settle(pilot)
    return lst


async def test_cursor_move_redraws_only_the_two_rows_it_touches(library_of_30, monkeypatch) -> None:
    built = _count_rows_built(monkeypatch)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        lst = await _focused_list(pilot)
        assert lst.count == 30
        assert len(set(built)) >= 15  # the first screen drew every row it shows
        start = lst.highlighted
        built.clear()
        await pilot.press("j")
        await settle(pilot)
        assert lst.highlighted == start + 1
        assert set(built) <= {start, start + 1}, f"rows rebuilt on one key: {sorted(set(built))}"
        built.clear()
        await pilot.press("k")
        await settle(pilot)
        assert set(built) <= {start, start + 1}, f"rows rebuilt on one key: {sorted(set(built))}"


async def test_a_star_redraws_its_row_and_shows_the_mark(library_of_30, monkeypatch) -> None:
    built = _count_rows_built(monkeypatch)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        lst = await _focused_list(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        here = lst.highlighted
        title = lst.row_at(here).title
        assert not any("★" in line and title in line for line in screen_text(app).splitlines())
        built.clear()
        await pilot.press("s")
        await settle(pilot)
        assert lst.row_at(here).starred
        assert here in built  # the starred row was drawn again...
        assert len(set(built)) <= 2, f"rows rebuilt for one star: {sorted(set(built))}"  # ...not the list
        assert any("★" in line and title in line for line in screen_text(app).splitlines())
