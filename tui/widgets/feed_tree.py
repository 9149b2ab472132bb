"""The library column: smart views, folders and feeds with unread counts.

A feed whose last refresh failed shows ``⚠`` and its one-line reason under its
name, so a broken subscription is visible without opening anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from ..text import line
from .navlist import NavList


@dataclass(frozen=True, slots=True)
class Scope:
    """What the article list shows: a smart view, a folder or one feed."""

    kind: str  # "all" | "unread" | "starred" | "folder" | "feed" | "search"
    value: str | int | None = None
    label: str = ""


ALL = Scope("all", label="All articles")
UNREAD = Scope("unread", label="Unread")
STARRED = Scope("starred", label="Starred")


class ScopeOption(Option):
    def __init__(self, scope: Scope, prompt: Content) -> None:
        super().__init__(prompt)
        self.scope = scope


def _count(n: int) -> Content:
    """Unread count in a fixed-width column before the name, so names can be cut, not counts."""
    return Content(f"{n:>4} " if n < 10_000 else " 9k+ ").stylize("bold $text-accent") if n else Content("     ")


class FeedTree(NavList):
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

    def show_feeds(self, feeds: list, *, total_unread: int, starred: int, keep: Scope | None = None) -> None:
        """Rebuild the rows from the library's feeds, keeping the cursor on ``keep``."""
        keep = keep or self.current
        self._feeds = {f.id: f for f in feeds}
        self._starred = starred
        self._keep = keep
        self.border_title = Content(f"Library ({len(feeds)} feed{'s' if len(feeds) != 1 else ''})")
        if not self.scrollable_content_region.width:
            # Not laid out yet: rows are cut to the width, so they are built on the first resize.
            self._built_width = 0
            return
        options: list[ScopeOption] = [
            ScopeOption(ALL, self._smart_prompt(ALL)),
            ScopeOption(UNREAD, self._smart_prompt(UNREAD)),
            ScopeOption(STARRED, self._smart_prompt(STARRED)),
        ]
        folder_unread = self._folder_unread()
        seen_folders: set[str] = set()
        for f in sorted(feeds, key=lambda f: (f.folder is not None, (f.folder or "").casefold(),
                                             f.display_title.casefold())):
            indent = ""
            if f.folder:
                indent = "  "
                if f.folder not in seen_folders:
                    seen_folders.add(f.folder)
                    scope = Scope("folder", f.folder, f.folder)
                    options.append(ScopeOption(scope, self._folder_prompt(f.folder, folder_unread[f.folder])))
            options.append(ScopeOption(Scope("feed", f.id, f.display_title), self._feed_prompt(f, indent)))
        self.set_options(options)
        self._built_width = self.scrollable_content_region.width
        self.border_title = Content(f"Library ({len(feeds)} feed{'s' if len(feeds) != 1 else ''})")
        self._select(keep)

    def on_resize(self) -> None:
        """Names are cut to the width: a new width needs new rows."""
        width = self.scrollable_content_region.width
        if self._feeds and width != getattr(self, "_built_width", width):
            self.show_feeds(list(self._feeds.values()), total_unread=sum(f.unread for f in self._feeds.values()),
                            starred=self._starred, keep=getattr(self, "_keep", None))
        self._built_width = width

    def _folder_unread(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self._feeds.values():
            if f.folder:
                counts[f.folder] = counts.get(f.folder, 0) + f.unread
        return counts

    def _smart_prompt(self, scope: Scope) -> Content:
        if scope.kind == "starred":
            n = self._starred
            return Content.assemble(Content(f"{n:>4} " if n else "     ").stylize("dim"), Content(scope.label))
        return Content.assemble(_count(sum(f.unread for f in self._feeds.values())), Content(scope.label))

    @staticmethod
    def _folder_prompt(folder: str, unread: int) -> Content:
        return Content.assemble(_count(unread), line(f"▾ {folder}", limit=80).stylize("bold"))

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
        folders = self._folder_unread()
        for i in range(self.option_count):
            opt = self.get_option_at_index(i)
            if not isinstance(opt, ScopeOption):
                continue
            kind, value = opt.scope.kind, opt.scope.value
            if kind in ("all", "unread", "starred"):
                prompt = self._smart_prompt(opt.scope)
            elif kind == "folder" and value == feed.folder:
                prompt = self._folder_prompt(value, folders.get(value, 0))
            elif kind == "feed" and value == feed_id:
                prompt = self._feed_prompt(feed, "  " if feed.folder else "")
            else:
                continue
            self.replace_option_prompt_at_index(i, prompt)

    def _name_width(self, indent: str, mark: bool) -> int:
        """Cells left for a name on one row: names are cut with … rather than wrapped."""
        width = self.scrollable_content_region.width or 26
        # option padding (2), the scrollbar when it appears (2), the count column (5)
        return max(8, width - 4 - 5 - len(indent) - (2 if mark else 0))

    def _feed_prompt(self, feed, indent: str) -> Content:
        mark = Content("⚠ ").stylize("bold $text-error") if feed.last_error else Content("")
        title = line(feed.display_title, limit=120).truncate(self._name_width(indent, bool(feed.last_error)),
                                                               ellipsis=True)
        parts = [_count(feed.unread), Content(indent), mark, title]
        if feed.last_error:
            error = line(feed.last_error, limit=160).truncate(self._name_width(indent, False), ellipsis=True)
            parts += ["\n", Content("     " + indent), error.stylize("$text-error")]
        return Content.assemble(*parts)

    def feed_scopes(self) -> list[Scope]:
        """The feeds' scopes in the order the rows show them (for n/N across feeds)."""
        out = []
        for i in range(self.option_count):
            opt = self.get_option_at_index(i)
            if isinstance(opt, ScopeOption) and opt.scope.kind == "feed":
                out.append(opt.scope)
        return out

    def unread_in(self, scope: Scope) -> int:
        if scope.kind == "feed":
            feed = self._feeds.get(scope.value)  # type: ignore[arg-type]
            return feed.unread if feed is not None else 0
        if scope.kind == "folder":
            return self._folder_unread().get(scope.value, 0)  # type: ignore[arg-type]
        return sum(f.unread for f in self._feeds.values())

    def feed(self, feed_id: int):
        return self._feeds.get(feed_id)

    def select_scope(self, scope: Scope) -> None:
        """Put the cursor on ``scope``'s row without announcing it."""
        self._last = scope
        self._select(scope)

    def _select(self, scope: Scope | None) -> None:
        if scope is not None:
            for i in range(self.option_count):
                opt = self.get_option_at_index(i)
                if isinstance(opt, ScopeOption) and (opt.scope.kind, opt.scope.value) == (scope.kind, scope.value):
                    with self.prevent(NavList.OptionHighlighted):
                        self.highlighted = i
                    return
        if self.option_count:
            with self.prevent(NavList.OptionHighlighted):
                self.highlighted = 0

    @property
    def current(self) -> Scope | None:
        if self.highlighted is None or not self.option_count:
            return None
        opt = self.get_option_at_index(self.highlighted)
        return opt.scope if isinstance(opt, ScopeOption) else None

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        event.stop()
        if isinstance(event.option, ScopeOption) and event.option.scope != self._last:
            self._last = event.option.scope
            self.post_message(self.Chosen(event.option.scope))

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option, ScopeOption):
            self._last = event.option.scope
            self.post_message(self.Chosen(event.option.scope))
