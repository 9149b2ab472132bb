"""An OptionList that moves like a terminal user expects.

Textual's OptionList wraps around at both ends; in a reader, ``j`` on the last
article must stay on the last article. Vim keys sit beside the arrows.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option


def next_enabled(options: Sequence[Option], anchor: int, direction: int) -> int | None:
    """The index of the next enabled option from ``anchor`` in ``direction``, never wrapping.

    Written here rather than borrowed from Textual's private navigation helpers:
    those can change in any release.
    """
    i = anchor + direction
    while 0 <= i < len(options):
        if not options[i].disabled:
            return i
        i += direction
    return None


class NavList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="nav.down"),
        Binding("k", "cursor_up", "Up", show=False, id="nav.up"),
        Binding("g", "first", "First", show=False, id="nav.first"),
        Binding("G", "last", "Last", show=False, id="nav.last"),
        Binding("ctrl+d", "page_down", "Page down", show=False, id="nav.page_down"),
        Binding("ctrl+u", "page_up", "Page up", show=False, id="nav.page_up"),
    ]

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        nxt = next_enabled(self.options, self.highlighted, direction)
        if nxt is not None:
            self.highlighted = nxt

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)
