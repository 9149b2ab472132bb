"""Snapshots of the main screen: what a user sees at 120×40 and at 80×24.

pytest-textual-snapshot stores an SVG of the rendered screen and fails on any
visual change; ``pytest --snapshot-update`` accepts an intended one. The
fixture article is ours and never changes, so a diff is always the UI's doing.
"""

from __future__ import annotations

from tui.app import make_app

from ..conftest import ARTICLES
from .harness import settle

FERRY = str(ARTICLES / "01-ferry.txt")


async def _loaded(pilot) -> None:
    await settle(pilot)


async def _quotes_focused(pilot) -> None:
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)


def test_main_screen_120x40(snap_compare) -> None:
    assert snap_compare(make_app([FERRY, str(ARTICLES / "04-orchard.md")]), terminal_size=(120, 40),
                        run_before=_loaded)


def test_quote_selected_120x40(snap_compare) -> None:
    assert snap_compare(make_app([FERRY]), terminal_size=(120, 40), run_before=_quotes_focused)


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(make_app([FERRY, str(ARTICLES / "04-orchard.md")]), terminal_size=(80, 24),
                        run_before=_loaded)


def test_panes_shown_80x24(snap_compare) -> None:
    assert snap_compare(make_app([FERRY]), terminal_size=(80, 24), run_before=_quotes_focused)
