"""After a big first refresh the reader leaves the text catch-up to a child (issue 11).

The real app over a library whose entries are still HTML: the status line
counts down what the catch-up child has left, keys keep moving the cursor
meanwhile, and not one entry is converted in the reader's process beyond the
article on screen.
"""

from __future__ import annotations

import pytest

import feeds.library.store
from feeds.core.paths import library_path
from feeds.library.store import Library
from tui.app import make_app
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

from ..netserver import LoopbackServer
from ..pendinglib import fill_pending
from .harness import settle

WIDE = (120, 40)


@pytest.fixture
def pending_library():
    with LoopbackServer() as srv:
        assert fill_pending(library_path(), srv, feeds=20, per_feed=150) == 3000


async def test_catch_up_runs_in_a_child_and_the_status_line_counts_it_down(pending_library, monkeypatch) -> None:
    converted: list[int] = []
    in_process: list[int] = []
    real_make = feeds.library.store._make_text
    real_pending = Library.make_pending_text

    def counting_make(*args, **kwargs):
        converted.append(1)
        return real_make(*args, **kwargs)

    def counting_pending(self, *args, **kwargs):
        in_process.append(1)
        return real_pending(self, *args, **kwargs)

    monkeypatch.setattr(feeds.library.store, "_make_text", counting_make)
    monkeypatch.setattr(Library, "make_pending_text", counting_pending)
    app = make_app([])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status")
        seen: list[str] = []
        for _ in range(600):  # the catch-up starts a second after the first screen
            seen.append(str(status.render()))
            if "left" in seen[-1]:
                break
            await pilot.pause(0.05)
        assert any("Preparing articles for reading and search" in s and "left" in s for s in seen), seen[-3:]
        # keys work while the child converts
        lst = app.screen.query_one(ArticleList)
        lst.focus()
        view = app.screen.query_one(ArticleView)
        first = view.article.title
        await pilot.press("j", "j")
        await pilot.pause(0.2)
        assert view.article.title != first and "bus lanes" in view.article.text
        for _ in range(2400):
            if "left" not in str(status.render()):
                break
            await pilot.pause(0.05)
        assert "left" not in str(status.render())
        # The count is of articles still to convert; the search index follows them in
        # the same child: wait for it while the reader runs (quitting stops the child).
        for _ in range(2400):
            with Library.open(library_path(), readonly=True) as lib:
                done = lib.pending_text() == 0 and lib.pending_index() == 0
            if done:
                break
            await pilot.pause(0.05)
    with Library.open(library_path(), readonly=True) as lib:
        assert lib.pending_text() == 0 and lib.pending_index() == 0
    assert in_process == []  # the reader never ran the catch-up itself...
    assert len(converted) <= 5  # ...and converted only the few articles it showed
