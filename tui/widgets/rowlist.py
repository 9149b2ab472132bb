"""A cursor over rows that are drawn only when on screen.

Textual's OptionList measures every option up front: fine for tens of rows,
a visible pause at a library of 500 feeds, and unusable for 100,000 articles.
:class:`RowList` is a Line-API widget (like Textual's Log): it knows how many
rows there are and asks its subclass for the few on screen. Moving keeps the
terminal user's expectations: ``j``/``k`` stop at the ends instead of wrapping,
vim keys sit beside the arrows, and rows that cannot be chosen (a feed's error
line) are stepped over.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.widget import Widget
from rich.segment import Segment
from textual.strip import Strip


def expect_scrollbar(view: ScrollView, lines: int) -> None:
    """Before its first layout, give ``view`` the vertical scrollbar that ``lines`` surely need.

    Textual finds out that a view needs a scrollbar only once the view is laid out,
    and adding the scrollbar then takes a second layout before the first frame can
    be drawn as it stays. More lines than the terminal has rows always need one;
    fewer may too (a short box), and those are found out the usual way.
    """
    if not view.size and view.is_attached and lines > view.app.size.height:
        view.set_reactive(Widget.show_vertical_scrollbar, True)


class RowList(ScrollView, can_focus=True):
    """Subclasses implement :meth:`row_count` and :meth:`render_row`; they react in
    :meth:`on_row_highlighted` (the cursor moved) and :meth:`on_row_chosen` (Enter, a click)."""

    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("ctrl+d,pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("ctrl+u,pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("enter", "choose", "Open", show=False, id="list.open"),
    ]

    COMPONENT_CLASSES = {"rowlist--cursor"}

    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
    }
    RowList > .rowlist--cursor {
        background: $block-cursor-blurred-background;
    }
    RowList:focus > .rowlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    #: The row under the cursor (None: the list is empty). Not ``repaint``: the
    #: watcher repaints only the rows the cursor left and reached, where a
    #: repainting reactive would have every visible line rendered again per key.
    highlighted: reactive[int | None] = reactive(None, always_update=True, init=False, repaint=False)

    #: Drawn rows kept (a few screens' worth).
    ROWS_KEPT = 512

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: (index, width, under the cursor, focused, row_state) -> the drawn row.
        self._drawn: OrderedDict[tuple, Strip] = OrderedDict()

    def on_mount(self) -> None:
        # Rows hold the theme's colours: a new theme draws them again.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.forget_drawn())

    def forget_drawn(self) -> None:
        """Drop every drawn row (the rows, their counts or the colours changed) and repaint."""
        self._drawn.clear()
        self.refresh()

    def redraw_row(self, index: int | None) -> None:
        """Repaint one row (its flags changed); the others stay as drawn."""
        if index is None:
            return
        for key in [k for k in self._drawn if k[0] == index]:
            del self._drawn[key]
        self.refresh_line(index)

    # -- what subclasses provide ---------------------------------------------------
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int) -> Content:
        raise NotImplementedError

    def selectable(self, index: int) -> bool:
        return True

    def row_state(self, index: int) -> Hashable:
        """What a drawn row depends on besides its index (an article's read and star flags).

        A drawn row is kept until this changes, so a cursor move redraws two
        rows instead of building every row on screen again.
        """
        return None

    def on_row_highlighted(self, index: int) -> None:
        """The cursor moved to ``index`` (by the user or by setting ``highlighted``)."""

    def on_row_chosen(self, index: int) -> None:
        """Enter or a click on the row under the cursor."""

    # -- the rows changed -------------------------------------------------------------
    def rows_changed(self, cursor: int | None = None, *, center: bool = False) -> None:
        """The rows were replaced: new height, the cursor set quietly (no highlight event)."""
        rows = self.row_count()
        self.virtual_size = Size(self.size.width, rows)
        expect_scrollbar(self, rows)
        if cursor is None and rows:
            cursor = self._selectable_from(0, 1)
        self.set_reactive(RowList.highlighted, cursor)
        self.scroll_to(y=0, animate=False, immediate=True)
        if cursor:
            self.scroll_to_cursor(center=center)
        self.forget_drawn()

    def move_quietly(self, index: int) -> None:
        """Put the cursor on ``index`` without announcing it."""
        old = self.highlighted
        self.set_reactive(RowList.highlighted, index)
        self._repaint_cursor(old, index)

    # -- moving ---------------------------------------------------------------------------
    def watch_highlighted(self, old: int | None, index: int | None) -> None:
        self._repaint_cursor(old, index)
        if index is not None and self.row_count():
            self.on_row_highlighted(index)

    def _repaint_cursor(self, old: int | None, new: int | None) -> None:
        """Scroll to the cursor; when the view did not scroll, only the rows it left and reached change."""
        top = self.scroll_offset.y
        self.scroll_to_cursor()
        if self.scroll_offset.y != top or old is None or new is None:
            self.refresh()
            return
        self.refresh_line(old)
        if new != old:
            self.refresh_line(new)

    def _selectable_from(self, index: int, step: int) -> int | None:
        n = self.row_count()
        while 0 <= index < n:
            if self.selectable(index):
                return index
            index += step
        return None

    def _move_to(self, index: int, step: int = 1) -> None:
        n = self.row_count()
        if not n:
            return
        index = max(0, min(n - 1, index))
        target = self._selectable_from(index, step)
        if target is None:
            target = self._selectable_from(index, -step)
        if target is not None and target != self.highlighted:
            self.highlighted = target

    def action_cursor(self, step: int) -> None:
        if self.highlighted is None:
            self._move_to(0)
        else:
            self._move_to(self.highlighted + step, step)

    def action_cursor_down(self) -> None:
        self.action_cursor(1)

    def action_cursor_up(self) -> None:
        self.action_cursor(-1)

    def action_first(self) -> None:
        self._move_to(0, 1)

    def action_last(self) -> None:
        self._move_to(self.row_count() - 1, -1)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 1)
        self._move_to((self.highlighted or 0) + direction * step, direction)

    def action_choose(self) -> None:
        if self.highlighted is not None and self.row_count():
            self.on_row_chosen(self.highlighted)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < self.row_count() and self.selectable(index):
            if index == self.highlighted:
                self.action_choose()
            else:
                self.highlighted = index

    def scroll_to_cursor(self, center: bool = False) -> None:
        index = self.highlighted
        if index is None:
            return
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if center:
            self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
        elif index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    # -- drawing ---------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.row_count())
        self.scroll_to_cursor()
        self._drawn.clear()

    def on_focus(self) -> None:
        self.refresh()  # the cursor's colour follows focus (the key below tells the rows apart)

    def on_blur(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.visual_style.rich_style  # cached by Textual; rich_style is rebuilt per call
        if index >= self.row_count() or width <= 0:
            return Strip.blank(width, base)
        key = (index, width, index == self.highlighted, self.has_focus, self.row_state(index))
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._draw_row(index, width, base)
            self._drawn[key] = strip
            if len(self._drawn) > self.ROWS_KEPT:
                self._drawn.popitem(last=False)
        else:
            self._drawn.move_to_end(key)
        return strip

    def _draw_row(self, index: int, width: int, base) -> Strip:
        """Build one row's strip: the subclass's content, a margin, the cursor on top."""
        content = self.render_row(index, width - 1)
        strip = Strip(content.render_segments(self.visual_style), content.cell_length)
        strip = Strip.join([Strip.blank(1, base), strip]).crop_extend(0, width, base)
        if index == self.highlighted:
            # On top of the row's own colours (a dim feed name, an accent for unread):
            # under them, the row's styles would win and the cursor would not show.
            cursor = self.get_component_rich_style("rowlist--cursor")
            strip = Strip(Segment.apply_style(list(strip), post_style=cursor), strip.cell_length)
        return strip
