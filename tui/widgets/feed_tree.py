"""The library column: smart views, folders and feeds with unread counts.

A feed whose last refresh failed shows ``⚠`` and its one-line reason under its
name, so a broken subscription is visible without opening anything. Rows are
drawn only when on screen (:class:`~tui.widgets.rowlist.RowList`), and names
are cut to the width as they are drawn, so 2,000 feeds cost what twenty do.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message

from ..text import line
from .rowlist import RowList


@dataclass(frozen=True, slots=True)
class Scope:
    """What the article list shows: a smart view, a folder or one feed."""

    kind: str  # "all" | "unread" | "starred" | "folder" | "feed" | "search"
    value: str | int | None = None
    label: str = ""


ALL = Scope("all", label="All articles")
UNREAD = Scope("unread", label="Unread")
STARRED = Scope("starred", label="Starred")


@dataclass(frozen=True, slots=True)
class _Row:
    scope: Scope
    #: "smart", "folder", "feed", or "error" (a failed feed's reason: shown, never chosen)
    kind: str
    indent: str = ""


def _count(n: int) -> Content:
    """Unread count in a fixed-width column before the name, so names can be cut, not counts."""
    return Content(f"{n:>4} " if n < 10_000 else " 9k+ ").stylize("bold $text-accent") if n else Content("     ")


class FeedTree(RowList):
    """Smart views, then folders with their feeds indented beneath."""

    @dataclass
    class Chosen(Message):
        scope: Scope

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = Content("Library")
        self._last: Scope | None = None
        self._feeds: dict[int, object] = {}
        self._starred = 0
        self._rows: list[_Row] = []

    def show_feeds(self, feeds: list, *, total_unread: int, starred: int, keep: Scope | None = None) -> None:
        """Replace the rows from the library's feeds, keeping the cursor on ``keep``."""
        keep = keep or self.current
        self._feeds = {f.id: f for f in feeds}
        self._starred = starred
        rows = [_Row(ALL, "smart"), _Row(UNREAD, "smart"), _Row(STARRED, "smart")]
        seen_folders: set[str] = set()
        for f in sorted(feeds, key=lambda f: (f.folder is not None, (f.folder or "").casefold(),
                                             f.display_title.casefold())):
            indent = ""
            if f.folder:
                indent = "  "
                if f.folder not in seen_folders:
                    seen_folders.add(f.folder)
                    rows.append(_Row(Scope("folder", f.folder, f.folder), "folder"))
            scope = Scope("feed", f.id, f.display_title)
            rows.append(_Row(scope, "feed", indent))
            if f.last_error:
                rows.append(_Row(scope, "error", indent))
        self._rows = rows
        self.border_title = Content(f"Library ({len(feeds)} feed{'s' if len(feeds) != 1 else ''})")
        self.rows_changed(self._index_of(keep) if keep is not None else 0)

    def row_count(self) -> int:
        return len(self._rows)

    def selectable(self, index: int) -> bool:
        return self._rows[index].kind != "error"

    def row_text(self, index: int) -> str:
        """The row as plain text (what a test or a screen reader would read)."""
        return self.render_row(index, 60).plain

    def _index_of(self, scope: Scope | None) -> int | None:
        if scope is None:
            return None
        for i, row in enumerate(self._rows):
            if row.kind != "error" and (row.scope.kind, row.scope.value) == (scope.kind, scope.value):
                return i
        return None

    # -- counts -------------------------------------------------------------------------
    def _folder_unread(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self._feeds.values():
            if f.folder:
                counts[f.folder] = counts.get(f.folder, 0) + f.unread
        return counts

    def unread_in(self, scope: Scope) -> int:
        if scope.kind == "feed":
            feed = self._feeds.get(scope.value)  # type: ignore[arg-type]
            return feed.unread if feed is not None else 0
        if scope.kind == "folder":
            return self._folder_unread().get(scope.value, 0)  # type: ignore[arg-type]
        return sum(f.unread for f in self._feeds.values())

    def adjust(self, feed_id: int, *, unread: int = 0, starred: int = 0) -> None:
        """Change counts after a read/star toggle without asking the library again.

        Re-reading every feed's counts scans every entry: fine after a refresh,
        too slow on each article opened in a library of tens of thousands.
        """
        feed = self._feeds.get(feed_id)
        if feed is None:
            return
        feed.unread = max(0, feed.unread + unread)
        self._starred = max(0, self._starred + starred)
        self.forget_drawn()  # the feed's, its folder's and the smart views' counts changed

    # -- drawing -----------------------------------------------------------------------
    def render_row(self, index: int, width: int) -> Content:
        row = self._rows[index]
        scope = row.scope
        if row.kind == "smart":
            if scope.kind == "starred":
                n = self._starred
                return Content.assemble(Content(f"{n:>4} " if n else "     ").stylize("dim"), Content(scope.label))
            return Content.assemble(_count(self.unread_in(scope)), Content(scope.label))
        if row.kind == "folder":
            name = line(f"▾ {scope.value}", limit=200).truncate(max(4, width - 5), ellipsis=True)
            return Content.assemble(_count(self.unread_in(scope)), name.stylize("bold"))
        feed = self._feeds[scope.value]  # type: ignore[index]
        room = max(4, width - 5 - len(row.indent))
        if row.kind == "error":
            error = line(feed.last_error, limit=300).truncate(room, ellipsis=True)
            return Content.assemble(Content("     " + row.indent), error.stylize("$text-error"))
        mark = Content("⚠ ").stylize("bold $text-error") if feed.last_error else Content("")
        title = line(feed.display_title, limit=200).truncate(max(4, room - (2 if feed.last_error else 0)),
                                                            ellipsis=True)
        return Content.assemble(_count(feed.unread), Content(row.indent), mark, title)

    # -- the cursor ------------------------------------------------------------------------
    def feed_scopes(self) -> list[Scope]:
        """The feeds' scopes in the order the rows show them (for n/N across feeds)."""
        return [row.scope for row in self._rows if row.kind == "feed"]

    def feed(self, feed_id: int):
        return self._feeds.get(feed_id)

    def select_scope(self, scope: Scope) -> None:
        """Put the cursor on ``scope``'s row without announcing it."""
        self._last = scope
        index = self._index_of(scope)
        if index is not None:
            self.move_quietly(index)

    @property
    def current(self) -> Scope | None:
        if self.highlighted is None or not self._rows:
            return None
        return self._rows[self.highlighted].scope

    def on_row_highlighted(self, index: int) -> None:
        scope = self._rows[index].scope
        if scope != self._last:
            self._last = scope
            self.post_message(self.Chosen(scope))

    def on_row_chosen(self, index: int) -> None:
        self._last = self._rows[index].scope
        self.post_message(self.Chosen(self._last))
