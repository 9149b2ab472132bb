"""The reader on the local library: feeds and folders above the article list.

Adds to the plain reader what subscriptions need: unread state, stars,
refreshing in the background with per-feed progress, search, adding and
managing feeds, and fetching the full text of summary-only entries.

Reading state follows what the user did, never where a cursor passed: an
article becomes read when it is opened (Enter, the focus moving into the
article or its panes, ``space`` paging through it), or, with ``[reading]
mark_read = "dwell"``, once it has been on screen for ``dwell_seconds``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.timer import Timer
from textual.widgets import Static

from feeds.core.model import Article
from feeds.library.firstscreen import FIRST_SCREEN_ROWS

from ..rows import ListSource, LibrarySource, PlaceholderSource
from ..widgets.article_list import ArticleList
from ..widgets.article_view import ArticleView
from ..widgets.feed_tree import ALL, FeedTree, Scope
from .reader import ReaderScreen, is_pane

if TYPE_CHECKING:
    from textual.widgets import ProgressBar
    from pathlib import Path

    from concurrent.futures import Future

    from feeds.catchup import CatchUp
    from feeds.library.firstscreen import FirstScreen
    from feeds.refresh import FeedOutcome
    from feeds.library.store import Feed, Library, ViewIndex

    from ..widgets.panes import QuotesPane

#: A bulk mark of more articles than this asks first.
CONFIRM_ABOVE = 5
#: Seconds between looks for changes made by another process (a cron refresh).
WATCH_SECONDS = 2.0
#: Seconds between repaints of the refresh's progress.
PROGRESS_SECONDS = 0.1
#: Seconds between looks at how many entries the catch-up child has left.
CATCHUP_POLL_SECONDS = 1.0
#: Seconds after a read/star change before the sync status line counts the queue again.
SYNC_NOTE_AFTER = 0.5
#: What ``R`` says in the help and the palette when a sync service is configured.
SYNC_DESCRIPTION = "Sync with the server, refresh local feeds"
#: Seconds after the first screen before the library's quick check runs in the background.
QUICK_CHECK_AFTER = 3.0
#: Seconds the first frame may wait for the library's first screen, read while the UI loaded.
EARLY_WAIT = 0.25
#: What the article list shows until the library has been read.
LOADING = "Loading…"
#: Rows of the first view read before the first screen (the rest follows in a thread).
HEAD_ROWS = FIRST_SCREEN_ROWS
#: Actions that only the reader's own keys (quit, help, panes) may run while the library loads.
_READER_ACTIONS = frozenset({"back", "help", "toggle_panes", "focus_pane", "page_article", "app.quit",
                             "quit", "screen.help"})


class LibraryScreen(ReaderScreen):
    """Three columns over the library: feeds + articles | article | panes."""

    BINDINGS = [
        Binding("r", "refresh_current", "Refresh", id="library.refresh"),
        Binding("R", "refresh_all", "Refresh all", show=False, id="library.refresh_all"),
        Binding("n", "next_unread(1)", "Next unread", show=False, id="library.next_unread"),
        Binding("N", "next_unread(-1)", "Previous unread", show=False, id="library.prev_unread"),
        Binding("m", "toggle_read", "Toggle read", show=False, id="library.toggle_read"),
        Binding("s", "toggle_star", "Star", show=False, id="library.star"),
        Binding("A", "mark_all_read", "Mark all here read", show=False, id="library.mark_all"),
        Binding("U", "undo", "Undo mark read", show=False, id="library.undo"),
        Binding("slash", "search", "Search", key_display="/", id="library.search"),
        Binding("P", "people", "People", show=False, id="library.people"),
        Binding("S", "stories", "Stories", show=False, id="library.stories"),
        Binding("f", "fetch_full", "Fetch full article", show=False, id="library.fetch_full"),
        Binding("a", "add_feed", "Add", id="library.add"),
        Binding("d", "unsubscribe", "Unsubscribe feed", show=False, id="library.unsubscribe"),
        Binding("E", "rename_feed", "Rename feed", show=False, id="library.rename"),
        Binding("M", "move_feed", "Move feed to folder", show=False, id="library.move"),
        Binding("p", "toggle_panes", "Panes", show=False, id="reader.panes"),
        Binding("space", "page_article(1)", "Page", show=False, id="reader.page_down"),
    ]

    def __init__(self, library: "Library | None" = None, *, path: "Path | None" = None,
                 early: "Future[FirstScreen] | None" = None) -> None:
        """``library`` already open, or ``path`` to open in a thread once the first screen is up.

        ``early``: that reading, already started by the command line.
        """
        super().__init__()
        self._early = early
        #: None until the library has been opened (off the UI thread: it may wait on a lock).
        self.library: "Library" = library  # type: ignore[assignment]
        self._path = path
        self._ready = False
        #: The first screen read while the UI loaded (taken in compose when it is already there).
        self._first: "FirstScreen | None" = None
        self.scope: Scope = ALL
        self._read_timer: Timer | None = None
        self._search_results: list | None = None
        #: The last bulk mark, for ``u``: (what, keys it changed).
        self._undo: tuple[str, list[tuple[int, str]]] | None = None
        self._data_version: int | None = None
        self._refreshing = False
        #: The child that makes stored entry HTML into text and indexes it (feeds.catchup).
        self._catchup: "CatchUp | None" = None
        self._catchup_timer: Timer | None = None
        #: The status line's own text, and the catch-up's progress shown after it.
        self._status_text = ""
        self._catchup_note = ""
        #: Reads for the list and the article go through a second, read-only connection:
        #: in WAL mode it never waits for a refresh's writes (see Library.reader).
        self.reads: "Library" = library  # type: ignore[assignment]
        from feeds.core.config import load_config

        config = load_config()
        self.mark_read_mode = getattr(config, "mark_read", "open")
        self.dwell_seconds = float(getattr(config, "dwell_seconds", 2.0))
        from feeds.sync.status import is_configured

        #: The settings, kept for the ``[sync]`` ones: with a service ``R`` syncs and the status line
        #: shows the sync state (None: no service).
        self.sync_config = config if is_configured(config) else None
        self._syncing = False
        #: "Synced 14:02 · 3 changes queued", first on the status line while a service is configured.
        self._sync_note = ""
        self._sync_note_timer: Timer | None = None

    def describe_binding(self, binding: Binding) -> str:
        """What the help says a key does here: ``R`` syncs when a service is configured."""
        if binding.id == "library.refresh_all" and self.sync_config is not None:
            return SYNC_DESCRIPTION
        return binding.description

    def compose(self) -> ComposeResult:
        self._take_early()
        yield from super().compose()

    def _take_early(self) -> None:
        """The first screen read while the UI loaded, when it is there (or very nearly).

        Both threads share one interpreter lock, so the reading finishes no later for
        the UI drawing meanwhile: waiting a moment for it costs nothing, where drawing
        "Loading…" first costs a whole second layout and frame. Taken here, before the
        widgets exist, the keys that need the library are in the footer's first build.
        A library that takes longer (another process holds it) gets the Loading… frame.
        """
        early = self._early
        if early is None or self.library is not None:
            return
        try:
            first = early.result(timeout=EARLY_WAIT)
        except Exception:  # not there yet, or failed: the worker waits for it and says why
            return
        self._early, self._first = None, first
        self.library, self.reads, self._ready = first.library, first.reads, True

    def compose_left(self) -> ComposeResult:
        yield FeedTree(id="feeds")
        yield ArticleList(id="articles", follow=self.open_article)
        yield Static(id="status", markup=False, classes="empty")

    def on_mount(self) -> None:
        super().on_mount()
        first, self._first = self._first, None
        if first is not None:
            self._opened(first.library, first.reads, first.feeds, first.starred, first.head)
            return
        # The layout paints now; the library is opened and read in a thread.
        self.query_one(ArticleList).set_source(PlaceholderSource(LOADING), title="Articles")
        self.query_one(ArticleView).show(None, LOADING)
        self._open_and_read()

    @property
    def ready(self) -> bool:
        """The library is open and its first view is on screen."""
        return self._ready

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the library loads only the reader's own keys work (there is nothing to act on)."""
        return self.ready or action in _READER_ACTIONS

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_and_read(self) -> None:
        """Open the library (it may wait for another process's migration) and read the first screen.

        The command line may have started this before the UI was imported
        (``early``, see feeds.library.firstscreen); then this only waits for it.
        """
        from feeds.library.firstscreen import FirstScreenError, read_first_screen

        early, self._early = self._early, None
        try:
            if early is not None and self.library is None:
                first = early.result()
            else:
                first = read_first_screen(self._path, HEAD_ROWS, library=self.library)
        except FirstScreenError as exc:
            self.app.call_from_thread(self._open_failed, exc.message, exc.library)
            return
        except Exception as exc:  # unforeseen: one line, never a traceback
            self.app.call_from_thread(self._open_failed, str(exc) or type(exc).__name__)
            return
        self.app.call_from_thread(self._opened, first.library, first.reads, first.feeds, first.starred, first.head)

    def _open_failed(self, message: str, library: "Library | None" = None) -> None:
        handover = getattr(self.app, "library_unavailable", None)
        if handover is not None:
            handover(message, library)
        else:
            self.query_one(ArticleList).set_source(PlaceholderSource("The library could not be opened."))
            self.query_one(ArticleView).show(None, message)

    def _opened(self, library: "Library", reads: "Library", feeds: list["Feed"], starred: int,
                head: "ViewIndex | None") -> None:
        """The library's first screen: tree, list and article from what the thread read."""
        self.library, self.reads, self._ready = library, reads, True
        handover = getattr(self.app, "library_opened", None)
        # With a sync service an empty library is not a first run: its feeds are one R away.
        if handover is not None and not handover(library, has_feeds=bool(feeds) or self.sync_config is not None):
            return  # the app shows something else (the samples for a library without feeds)
        self._show_tree(feeds, starred)
        if head is not None and self.scope == ALL:
            source = LibrarySource(self.reads, head, total=sum(f.total for f in feeds))
            self._show_source(ALL, source, None, 0)
            # The rest of the view is ~100 ms of Python for 100,000 entries: read it
            # once the first screen is drawn, not while it is being drawn.
            self.call_after_refresh(self._complete_view, source)
        else:
            self.show_scope(self.scope)
        self._note_sync_state()
        if library.readonly:
            self.set_status("read-only: the library cannot be written")
        else:
            # Catching up the search index can wait until the first screen is up.
            self.set_timer(1.0, self._index)
            self.set_timer(QUICK_CHECK_AFTER, self._quick_check)
        self._data_version = self._library_version()
        self.set_interval(WATCH_SECONDS, self._watch_library)

    @work(thread=True, exclusive=True, group="quick-check", exit_on_error=False)
    def _quick_check(self) -> None:
        """The integrity check skipped at open, now that the user is reading."""
        problems = self.library.quick_check()
        if problems:
            from feeds.core.sanitize import sanitize_line

            message = (f"The library file is damaged ({sanitize_line(problems[0], limit=120)}). "
                       "Quit and start newsreader again to repair it.")
            self.app.call_from_thread(self.notify, message, title="Library", severity="error", markup=False,
                                      timeout=30)

    def palette_commands(self):
        commands = [c for c in super().palette_commands() if c[0] != "Add a feed"]
        return commands + [
            ("Add a feed", "Subscribe to a feed by URL (a site's address works)", self.action_add_feed),
            ("Refresh all feeds", "Fetch every subscription", self.action_refresh_all),
            ("Sync with the server", "Send read/star changes to the [sync] server and bring in its feeds",
             self.action_sync),
            ("Refresh this feed", "Fetch the selected feed", self.action_refresh_current),
            ("Search", "Full-text search of the library", self.action_search),
            ("Mark all here read", "Mark the current feed, folder, view or search read", self.action_mark_all_read),
            ("Undo mark read", "Undo the last bulk mark", self.action_undo),
            ("Fetch full article", "Download the article's page and extract its text", self.action_fetch_full),
            ("Unsubscribe feed", "Remove the selected feed and its articles", self.action_unsubscribe),
            ("Rename feed", "Give the selected feed a name of your own", self.action_rename_feed),
            ("Move feed to folder", "Put the selected feed in a folder", self.action_move_feed),
        ]

    def on_unmount(self) -> None:
        if self._catchup is not None:
            self._catchup.stop()  # what it converted stays; the rest is taken up next time
        if self.reads is not None and self.reads is not self.library:
            self.reads.close()

    # -- data ----------------------------------------------------------------
    def reload(self, *, select_first: bool = False) -> None:
        """Re-read feeds and the current scope's entries from the library."""
        self.reload_tree()
        self.show_scope(self.scope, keep_position=not select_first)

    def reload_tree(self) -> None:
        self._show_tree(self.library.feeds(), self.library.count_entries(starred_only=True))

    def _show_tree(self, feeds: list["Feed"], starred: int) -> None:
        self.query_one(FeedTree).show_feeds(feeds, total_unread=sum(f.unread for f in feeds), starred=starred,
                                            keep=self.scope)

    def show_scope(self, scope: Scope, *, keep_position: bool = False, land: int = 0) -> None:
        """Show ``scope``'s articles; ``land`` 1/-1 puts the cursor on its first/last unread one."""
        self.scope = scope
        current = self.current_article if keep_position else None
        if scope.kind == "search":
            entries = self._search_results or []
            articles = [e.to_article() for e in entries]
            source = ListSource(articles, unread={a.key for a, e in zip(articles, entries) if not e.read})
            source.starred = {a.key for a, e in zip(articles, entries) if e.starred}
            self._show_source(scope, source, current, land)
        else:
            self._load_view(scope, current, land)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _load_view(self, scope: Scope, current: Article | None, land: int) -> None:
        """A view's order and unread state is one query: off the UI thread for large libraries."""
        kwargs: dict = {}
        if scope.kind == "feed":
            kwargs["feed_id"] = scope.value
        elif scope.kind == "folder":
            kwargs["folder"] = scope.value
        elif scope.kind == "unread":
            kwargs["unread_only"] = True
        elif scope.kind == "starred":
            kwargs["starred_only"] = True
        view: "ViewIndex" = self.reads.view_index(**kwargs)
        self.app.call_from_thread(self._view_loaded, scope, view, current, land)

    @work(thread=True, exclusive=True, group="view", exit_on_error=False)
    def _complete_view(self, source: LibrarySource) -> None:
        """The rest of the first view, read after the first screen is up."""
        view = self.reads.view_index()
        self.app.call_from_thread(self._view_completed, source, view)

    def _view_completed(self, source: LibrarySource, view: "ViewIndex") -> None:
        lst = self.query_one(ArticleList)
        if lst.source is not source:
            return  # the user has moved on (that view was read whole)
        source.complete(view)
        lst.rows_grew()

    def _view_loaded(self, scope: Scope, view: "ViewIndex", current: Article | None, land: int) -> None:
        if scope != self.scope:
            return  # the user has moved on
        self._show_source(scope, LibrarySource(self.reads, view), current, land)

    def _show_source(self, scope: Scope, source, current: Article | None, land: int) -> None:
        lst = self.query_one(ArticleList)
        lst.set_source(source, keep_key=current.key if current is not None else None,
                       title=scope.label or "Articles", show_feed=scope.kind != "feed")
        if not len(source):
            self.query_one(ArticleView).show(None, self._empty_message(scope))
            self._show_in_panes(None)
            return
        if land:
            index = source.next_unread(-1 if land > 0 else len(source), land)
            if index is not None:
                lst.highlighted = index
                return
        article = lst.current
        if article is not None and (current is None or article.key != current.key):
            self.open_article(article)

    def _empty_message(self, scope: Scope) -> str:
        if not self.library.feeds():
            if self.sync_config is not None:
                return "Your library is empty. Press R to sync with the server, or a to add a feed."
            return "Your library is empty. Press a to add a feed, or run: newsreader import FILE.opml"
        if scope.kind == "unread":
            return "Nothing unread."
        if scope.kind == "starred":
            return "No starred articles. Press s on an article to star it."
        if scope.kind == "feed":
            feed = self.library.get_feed(scope.value)
            if feed and feed.last_error:
                return f"This feed failed: {feed.last_error}. Press r to try again."
            return "No articles in this feed yet. Press r to refresh it."
        return "No articles here."

    @on(FeedTree.Chosen)
    def _scope_chosen(self, event: FeedTree.Chosen) -> None:
        self.show_scope(event.scope)

    def _library_version(self) -> int | None:
        version = getattr(self.library, "data_version", None)
        if version is None:
            return None
        try:
            return version()
        except Exception:
            return None

    def _watch_library(self) -> None:
        """Another process (a cron refresh, ``newsreader add``) changed the library: show it.

        Not while our own catch-up child writes: it changes only entries' text,
        which no list shows; a change made meanwhile is seen when it ends.
        """
        if self._refreshing or self._syncing or self._catchup_timer is not None:
            return
        version = self._library_version()
        if version is not None and self._data_version is not None and version != self._data_version:
            self.reload()
            self._index()
            self._note_sync_state_soon()  # a `newsreader sync` from cron, say
        self._data_version = version

    # -- reading state ----------------------------------------------------------
    def open_article(self, article: Article, *, opened: bool = False) -> None:
        super().open_article(article, opened=opened)
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        if article.entry_key is None:
            return
        if opened or self._reading_focus():
            self._set_read(article, True)
        elif self.mark_read_mode == "dwell":
            self._read_timer = self.set_timer(self.dwell_seconds, lambda: self._dwelt(article))

    def _reading_focus(self) -> bool:
        """The focus is in the article or its panes: what is shown there is being read."""
        return isinstance(self.focused, ArticleView) or is_pane(self.focused)

    def _dwelt(self, article: Article) -> None:
        if self.current_article is article:
            self._set_read(article, True)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        super().on_descendant_focus(event)
        if isinstance(event.widget, ArticleView) or is_pane(event.widget):
            article = self.current_article
            if article is not None and article.entry_key is not None:
                self._set_read(article, True)

    def action_page_article(self, direction: int) -> None:
        super().action_page_article(direction)
        article = self.current_article
        if article is not None and direction > 0:
            self._set_read(article, True)

    def _flags(self, article: Article) -> tuple[bool, bool]:
        """(unread, starred) as the list knows them, else as the library does."""
        lst = self.query_one(ArticleList)
        index = lst.source.index_of(article.key)
        if index is not None:
            row = lst.source.row(index)
            return row.unread, row.starred
        entry = self.reads.get_entry(article.entry_key) if article.entry_key else None
        return (entry is not None and not entry.read), (entry is not None and entry.starred)

    def _is_unread(self, article: Article) -> bool:
        return self._flags(article)[0]

    def _set_read(self, article: Article, read: bool) -> None:
        if article.entry_key is None or self._is_unread(article) != read:
            return
        if self.library.readonly:
            return  # nothing to save to; said once at start
        try:
            self.library.set_read(article.entry_key, read)
        except Exception as exc:
            self.notify(f"could not save: {exc}", title="Library", severity="error", markup=False)
            return
        self.query_one(ArticleList).set_unread(article.key, not read)
        self.query_one(FeedTree).adjust(article.entry_key[0], unread=-1 if read else 1)
        self._note_sync_state_soon()

    def _writable(self) -> bool:
        if self.library.readonly:
            self.notify("The library is open read-only.", title="Read-only", severity="warning", markup=False)
            return False
        return True

    def action_toggle_read(self) -> None:
        article = self.current_article
        if article is None or article.entry_key is None or not self._writable():
            return
        if self._read_timer is not None:
            self._read_timer.stop()
        self._set_read(article, self._is_unread(article))

    def action_toggle_star(self) -> None:
        article = self.current_article
        if article is None or article.entry_key is None or not self._writable():
            return
        starred = not self._flags(article)[1]
        self.library.set_starred(article.entry_key, starred)
        self.query_one(ArticleList).set_starred(article.key, starred)
        self.notify("Starred" if starred else "Star removed", markup=False, timeout=2)
        self.query_one(FeedTree).adjust(article.entry_key[0], starred=1 if starred else -1)
        self._note_sync_state_soon()

    # -- bulk marks ------------------------------------------------------------------
    def _scope_unread_keys(self) -> list[tuple[int, str]]:
        """Exactly the unread articles in front of the user: this feed, folder, view or search."""
        scope = self.scope
        if scope.kind == "search":
            return [e.key for e in self._search_results or [] if self._is_unread(e.to_article())]
        kwargs: dict = {"unread_only": True}
        if scope.kind == "feed":
            kwargs["feed_id"] = scope.value
        elif scope.kind == "folder":
            kwargs["folder"] = scope.value
        elif scope.kind == "starred":
            kwargs["starred_only"] = True
        return self.library.scope_keys(**kwargs)

    def action_mark_all_read(self) -> None:
        if not self._writable():
            return
        keys = self._scope_unread_keys()
        label = self.scope.label or "this view"
        if not keys:
            self.notify(f"Nothing unread in {label}.", markup=False, timeout=3)
            return
        if len(keys) <= CONFIRM_ABOVE:
            self._mark_keys_read(label, keys)
            return
        from .dialogs import ConfirmDialog

        question = f"Mark {len(keys):,} articles in “{label}” read?"
        self.app.push_screen(ConfirmDialog(question),
                             lambda yes: self._mark_keys_read(label, keys) if yes else None)

    def _mark_keys_read(self, label: str, keys: list[tuple[int, str]]) -> None:
        changed = self.library.set_read_many(keys, True)
        self._undo = (label, changed)
        n = len(changed)
        self.notify(f"Marked {n:,} article{'s' if n != 1 else ''} in “{label}” read · U to undo",
                    markup=False, timeout=5)
        self._after_bulk_change()

    def action_undo(self) -> None:
        """Undo the last bulk mark (kept until quit)."""
        if self._undo is None:
            self.notify("Nothing to undo.", markup=False, timeout=2)
            return
        if not self._writable():
            return
        label, keys = self._undo
        self._undo = None
        restored = self.library.set_read_many(keys, False)
        n = len(restored)
        self.notify(f"{n:,} article{'s' if n != 1 else ''} in “{label}” unread again", markup=False, timeout=4)
        self._after_bulk_change()

    def _after_bulk_change(self) -> None:
        self._note_sync_state_soon()
        if self.scope.kind == "search" and self._search_results:
            keys = [e.key for e in self._search_results]
            fresh = [self.library.get_entry(k) for k in keys]
            self._search_results = [e for e in fresh if e is not None]
        self.reload()

    # -- moving between unread articles ----------------------------------------------
    def action_next_unread(self, step: int) -> None:
        """The next (or previous) unread article, crossing into the next feed with unread ones."""
        if self.query_one(ArticleList).move_to_unread(step):
            return
        target = self._next_unread_scope(step)
        if target is None:
            self.notify("No more unread articles.", markup=False, timeout=2)
            return
        self.query_one(FeedTree).select_scope(target)
        self.show_scope(target, land=step)

    def _next_unread_scope(self, step: int) -> Scope | None:
        """The feed after (before) the current one, in library order, that has unread articles."""
        scope = self.scope
        if scope.kind not in ("feed", "folder"):
            return None
        tree = self.query_one(FeedTree)
        feeds = tree.feed_scopes()
        if scope.kind == "feed":
            here = [i for i, s in enumerate(feeds) if s.value == scope.value]
        else:
            here = [i for i, s in enumerate(feeds) if getattr(tree.feed(s.value), "folder", None) == scope.value]
        if not feeds or not here:
            return None
        start = here[-1] if step > 0 else here[0]
        for n in range(1, len(feeds)):
            index = (start + n * step) % len(feeds)
            if index not in here and tree.unread_in(feeds[index]) > 0:
                return feeds[index]
        return None

    # -- managing feeds ----------------------------------------------------------------
    def _chosen_feed(self):
        """The feed the user points at: the library row under the cursor, else the current view's feed."""
        tree = self.query_one(FeedTree)
        scope = tree.current if self.focused is tree else self.scope
        if scope is None or scope.kind != "feed":
            scope = self.scope
        if scope.kind != "feed":
            self.notify("Choose a feed in the library first.", markup=False, timeout=3)
            return None
        return self.library.get_feed(scope.value)

    def action_unsubscribe(self) -> None:
        feed = self._chosen_feed()
        if feed is None or not self._writable():
            return
        from .dialogs import ConfirmDialog

        remote = self.library.is_remote(feed.id)  # the sync server holds it

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if remote:  # the server first: removed only here, the next sync would bring it back
                self.set_status(f"Unsubscribing from {feed.display_title} on the sync server…")
                self._unsubscribe_remote(feed)
                return
            self.library.remove_feed(feed.id)
            self._unsubscribed(feed)

        self.app.push_screen(ConfirmDialog(
            f"Unsubscribe from “{feed.display_title}”? Its {feed.total:,} articles leave the library."), done)

    def _unsubscribed(self, feed: "Feed") -> None:
        self.notify(f"Unsubscribed from {feed.display_title}", markup=False, timeout=4)
        if self.scope.kind == "feed" and self.scope.value == feed.id:
            self.scope = ALL
        self.reload()

    @work(thread=True, exclusive=True, group="unsubscribe", exit_on_error=False)
    def _unsubscribe_remote(self, feed: "Feed") -> None:
        """Unsubscribe on the server, then here (network I/O: off the UI thread)."""
        from feeds.sync.engine import safe_message
        from feeds.sync.status import configured
        from feeds.sync.subscriptions import remove_on_server

        try:
            remove_on_server(self.library, configured(self.sync_config), feed.id)
        except Exception as exc:  # SyncError and anything unforeseen: one line, the feed kept
            message = f"Not unsubscribed (kept here too): {safe_message(exc)}"
            self.app.call_from_thread(self._sync_trouble, message, "The sync server could not remove the feed")
            return
        self.app.call_from_thread(self.set_status, "")
        self.app.call_from_thread(self._unsubscribed, feed)

    def _sync_trouble(self, message: str, title: str) -> None:
        self.set_status(message)
        self.notify(message, title=title, severity="error", markup=False)

    def action_rename_feed(self) -> None:
        feed = self._chosen_feed()
        if feed is None or not self._writable():
            return
        from .dialogs import TextDialog

        def done(name: str | None) -> None:
            if name is None:
                return
            self.library.rename_feed(feed.id, name.strip() or None)
            if self.scope.kind == "feed" and self.scope.value == feed.id:
                fresh = self.library.get_feed(feed.id)
                self.scope = Scope("feed", feed.id, fresh.display_title if fresh else feed.display_title)
            self.reload()

        self.app.push_screen(TextDialog("Rename feed", f"New name for {feed.url}",
                                        value=feed.display_title, hint="empty: the feed's own title"), done)

    def action_move_feed(self) -> None:
        feed = self._chosen_feed()
        if feed is None or not self._writable():
            return
        from .dialogs import TextDialog

        def done(folder: str | None) -> None:
            if folder is None:
                return
            self.library.set_feed_folder(feed.id, folder.strip() or None)
            self.notify(f"{feed.display_title} → {folder.strip() or 'no folder'}", markup=False, timeout=3)
            self.reload()

        folders = ", ".join(self.library.folders())
        self.app.push_screen(TextDialog("Move feed", f"Folder for “{feed.display_title}”",
                                        value=feed.folder or "",
                                        hint=("folders: " + folders if folders else "") + " · empty: no folder"),
                             done)

    # -- refresh -------------------------------------------------------------------
    def action_refresh_current(self) -> None:
        scope = self.query_one(FeedTree).current or self.scope
        feeds = self.library.feeds()
        if scope.kind == "feed":
            feeds = [f for f in feeds if f.id == scope.value]
        elif scope.kind == "folder":
            feeds = [f for f in feeds if f.folder == scope.value]
        else:
            article = self.current_article
            if article is not None and article.entry_key is not None:
                feeds = [f for f in feeds if f.id == article.entry_key[0]]
        self.start_refresh(feeds)

    def action_refresh_all(self) -> None:
        """Every feed; with a sync service: a sync, then the feeds only this library fetches."""
        if self.sync_config is not None:
            self.action_sync()
            return
        self.start_refresh(self.library.feeds())

    def start_refresh(self, feeds: list) -> None:
        if self.sync_config is not None and feeds:
            # The server fetches its feeds: fetching them here too would store every article twice.
            local = self._local_only(feeds)
            if len(local) < len(feeds):
                self.start_sync(after=local)
                return
        if not feeds:
            self.notify("No feeds to refresh. Press a to add one.", markup=False)
            return
        if not self._writable():
            return
        bar = self._progress()
        bar.update(total=len(feeds), progress=0)
        bar.display = True
        self.set_status(f"Refreshing {len(feeds)} feed{'s' if len(feeds) != 1 else ''}…")
        self._refresh(feeds)

    def _progress(self) -> ProgressBar:
        """The refresh bar, made when first needed: most starts of the reader never refresh
        (and its module, with its timers and renderables, is not imported until then)."""
        from textual.widgets import ProgressBar

        bars = self.query("#refresh-progress").results(ProgressBar)
        bar = next(bars, None)
        if bar is None:
            bar = ProgressBar(total=1, id="refresh-progress", show_eta=False)
            self.query_one("#status").parent.mount(bar, before="#status")
        return bar

    def _hide_progress(self) -> None:
        """Hide the bar, stopping a sync's pulse (its timer would go on waking the reader)."""
        bar = self._progress()
        bar.update(total=1, progress=0)
        bar.display = False

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def _refresh(self, feeds: list) -> None:
        """The refresh runs in a child process (feeds.refresh_child): keys stay live.

        Where a child cannot be started, it runs on its own loop in a thread here.
        """
        from feeds.refresh import refresh_in_thread
        from feeds.refresh_child import refresh_in_child

        failed = 0
        latest: list = []

        def show() -> None:
            """At most ten repaints a second, however fast the feeds land."""
            if not latest or not self._refreshing:
                return  # the refresh is over: its summary is on screen
            outcome, done, total = latest.pop()
            latest.clear()
            self._progress().update(progress=done)
            note = f" · {failed} failed" if failed else ""
            self.set_status(f"Refreshing {done}/{total}{note} — {outcome.title}")

        def progress(outcome: "FeedOutcome", done: int, total: int) -> None:
            nonlocal failed
            failed += outcome.status == "error"
            if not latest:
                self.set_timer(PROGRESS_SECONDS, show)
            latest.append((outcome, done, total))

        from feeds.core.config import load_config

        config = load_config()
        full = config.full_articles_per_feed if config.fetch_full_articles else 0
        self._refreshing = True
        try:
            try:
                ids = None if len(feeds) == len(self.library.feeds()) else [f.id for f in feeds]
                summary = await refresh_in_child(self.library.path, ids, progress=progress, full_articles=full)
            except (OSError, RuntimeError):
                failed = 0
                summary = await refresh_in_thread(self.library, feeds, progress=progress, full_articles=full)
        finally:
            self._refreshing = False
            self._hide_progress()
        self.set_status(summary.line())
        self.reload()
        self._data_version = self._library_version()
        self._index()
        errors = [o for o in summary.outcomes if o.error is not None]
        if len(feeds) == 1 and errors:
            self.notify(errors[0].error.message, title=f"{errors[0].title}: refresh failed",
                        severity="error", markup=False)
        else:
            self.notify(summary.line(), title="Refresh finished",
                        severity="warning" if errors else "information", markup=False)

    # -- sync ------------------------------------------------------------------------
    def action_sync(self) -> None:
        """Sync with the ``[sync]`` server, then refresh the feeds it does not hold."""
        if self.sync_config is None:
            from feeds.sync.status import NOT_CONFIGURED

            message = NOT_CONFIGURED[0].upper() + NOT_CONFIGURED[1:]
            self.set_status(message)
            self.notify(message, title="Sync", severity="warning", markup=False)
            return
        self.start_sync(after=self._local_only(self.library.feeds()))

    def _local_only(self, feeds: list) -> list:
        """The feeds this library fetches itself (not the sync server's)."""
        remote = set(self.library.remote_feeds().values())
        return [f for f in feeds if f.id not in remote]

    def start_sync(self, *, after: list | None = None) -> None:
        """Sync in a thread (HTTP and SQLite: the keys stay live); ``after``: local feeds to refresh then."""
        if self._syncing:
            self.notify("A sync is already running.", markup=False, timeout=3)
            return
        if not self._writable():
            return
        self._syncing = True
        bar = self._progress()
        bar.update(total=None, progress=0)  # steps, not a count: the bar pulses
        bar.display = True
        self.set_status("Syncing…")
        self._sync(list(after or []))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self, after: list) -> None:
        """The engine's sync on a connection of its own; progress and the outcome go back to the UI thread.

        The password command's output (and its errors) are captured by the
        engine: nothing of it reaches the screen.
        """
        from feeds.library.store import Library
        from feeds.sync.engine import make_backend, safe_message, sync
        from feeds.sync.status import configured, sync_status

        def progress(step: str) -> None:
            self.app.call_from_thread(self.set_status, f"Syncing: {step}")

        try:
            with Library.open(self.library.path, check=False) as library:
                try:
                    backend = make_backend(configured(self.sync_config))
                    try:
                        summary = sync(library, backend, progress=progress)
                    finally:
                        backend.close()
                finally:
                    state = sync_status(library)
        except Exception as exc:  # SyncError (server down, refused password), a busy library: one line
            self.app.call_from_thread(self._sync_done, None, f"Sync failed: {safe_message(exc)}", None, after)
            return
        flags = summary.read_changed + summary.starred_changed

        def s(n: int) -> str:
            return "" if n == 1 else "s"

        line = (f"{summary.new_entries:,} new article{s(summary.new_entries)} from {summary.feeds} "
                f"feed{s(summary.feeds)}, {summary.pushed} change{s(summary.pushed)} sent, "
                f"{flags} flag{s(flags)} from the server")
        self.app.call_from_thread(self._sync_done, summary, line, state, after)

    def _sync_done(self, summary, line: str, state, after: list) -> None:
        """Show the outcome and the new state; a failure leaves the library as it was and says why."""
        self._syncing = False
        self._hide_progress()
        if state is not None:
            self._sync_note = state.line()
        if summary is None:
            self._sync_trouble(line, "Sync failed")
            self._note_sync_state()
            return
        self.set_status(line)
        self.notify(line, title="Sync finished", markup=False)
        self.reload()
        self._data_version = self._library_version()
        self._index()
        if after:
            self.start_refresh(after)

    def _note_sync_state_soon(self) -> None:
        """Count the queue again shortly after a mark (several marks in a row: once)."""
        if self.sync_config is None or self._sync_note_timer is not None:
            return
        self._sync_note_timer = self.set_timer(SYNC_NOTE_AFTER, self._note_sync_state)

    def _note_sync_state(self) -> None:
        self._sync_note_timer = None
        if self.sync_config is not None and self.reads is not None:
            self._read_sync_state()

    @work(thread=True, exclusive=True, group="sync-note", exit_on_error=False)
    def _read_sync_state(self) -> None:
        """The last sync and the queue's length (queries: not on the UI thread)."""
        from feeds.sync.status import sync_status

        try:
            line = sync_status(self.reads).line()
        except Exception:  # a busy library: keep the last line
            return
        self.app.call_from_thread(self._show_sync_note, line)

    def _show_sync_note(self, line: str) -> None:
        if line != self._sync_note:
            self._sync_note = line
            self._show_status()

    def _index(self) -> None:
        """Make stored entry HTML into text and index it, in a child process (feeds.catchup).

        After a big first refresh that is tens of seconds of CPU: in this process
        it would compete with every key press for the interpreter. The child is
        started from this (the main) thread, as its parent-death signal belongs
        to the thread that started it.
        """
        if self.library is None or self.library.readonly:
            return
        from feeds.catchup import CatchUp

        if self._catchup is None:
            self._catchup = CatchUp(self.library.path)
        try:
            self._catchup.start()
        except OSError:  # no child can be started here: catch up in a thread instead
            self._index_here()
            return
        if self._catchup_timer is None:
            self._catchup_timer = self.set_interval(CATCHUP_POLL_SECONDS, self._poll_catchup)
            self._poll_catchup()

    @work(thread=True, exclusive=True, group="catchup-poll", exit_on_error=False)
    def _poll_catchup(self) -> None:
        """Count what the catch-up has left (a read that may wait on a busy connection: not on the UI thread)."""
        running = self._catchup is not None and self._catchup.running
        try:
            left = self.reads.pending_text() if running else 0
        except Exception:  # a busy library: show the last count
            return
        self.app.call_from_thread(self._catchup_progress, running, left)

    def _catchup_progress(self, running: bool, left: int) -> None:
        if not running and self._catchup_timer is not None:
            self._catchup_timer.stop()
            self._catchup_timer = None
        note = f"Preparing articles for reading and search: {left:,} left" if running and left else ""
        if note != self._catchup_note:
            self._catchup_note = note
            self._show_status()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_here(self) -> None:
        """The catch-up in a thread of this process, where no child process can be started."""
        try:
            self.library.update_search_index(batch=200)  # small batches: reads get the lock between them
        except Exception:  # a busy or damaged library: search falls back; nothing to tell yet
            pass

    def set_status(self, text: str) -> None:
        self._status_text = text
        self._show_status()

    def _show_status(self) -> None:
        """The status text, then the catch-up's progress while it runs."""
        from ..text import line

        text = " · ".join(t for t in (self._sync_note, self._status_text, self._catchup_note) if t)
        status = self.query_one("#status", Static)
        content = line(text, limit=300).stylize("dim")
        # A refresh rewrites this line ten times a second. A new layout of the whole screen
        # each time (Static.update's default) held a key pressed meanwhile for its ~6 ms;
        # only a change of the line's height (it wraps to at most two lines) needs one.
        width = status.content_region.width
        same_height = (bool(text) and status.display and width > 0
                       and min(2, content.get_height(status.styles, width)) == status.content_region.height)
        status.set_class(not text, "empty")
        status.update(content, layout=not same_height)

    # -- search --------------------------------------------------------------------
    def action_search(self) -> None:
        from .dialogs import SearchDialog

        def done(result) -> None:
            if result:
                query, entries, index = result
                self._search_results = entries
                self.show_scope(Scope("search", query, f"Search: {query}"))
                lst = self.query_one(ArticleList)
                if entries:
                    lst.highlighted = index
                lst.focus()

        self.app.push_screen(SearchDialog(lambda q: self.library.search(q, limit=500)), done)

    def on_quotes_pane_speaker_chosen(self, event: "QuotesPane.SpeakerChosen") -> None:
        """Enter on a quote: its speaker across the library."""
        self.action_people(event.speaker)

    def action_people(self, speaker: str | None = None) -> None:
        """The People view; a quote chosen there opens its article with the quote highlighted."""
        from .people import PeopleScreen

        def done(choice) -> None:
            entry = self.reads.get_entry(choice.key) if choice is not None else None
            if entry is not None:
                self._search_results = [entry]
                self.show_scope(Scope("search", choice.speaker, f"Quoted: {choice.speaker}"))
                self.open_article(self.query_one(ArticleList).current or entry.to_article(), opened=True)
                self.query_one(ArticleView).select_span(choice.start, choice.end)
                self.query_one(ArticleView).focus()

        self.app.push_screen(PeopleScreen(self.library, self.reads, speaker), done)

    def action_stories(self) -> None:
        """The Stories view; an article chosen there opens in the list of its story."""
        from .stories import StoriesScreen

        def done(choice) -> None:
            entry = self.reads.get_entry(choice.key) if choice is not None else None
            if entry is not None:
                self._search_results = [entry]
                self.show_scope(Scope("search", entry.title, "Story"))
                self.open_article(self.query_one(ArticleList).current or entry.to_article(), opened=True)
                self.query_one(ArticleView).focus()

        self.app.push_screen(StoriesScreen(self.library, self.reads), done)

    # -- adding feeds -----------------------------------------------------------------
    def action_add_feed(self) -> None:
        from .dialogs import AddFeedDialog

        def done(request) -> None:
            if request is not None:
                self.set_status(f"Adding {request.url}…")
                self._add(request.url, request.folder)

        self.app.push_screen(AddFeedDialog(), done)

    @work(exclusive=True, group="add", exit_on_error=False)
    async def _add(self, url: str, folder: str | None) -> None:
        from ..flows.subscribe import subscribe

        if not self._writable():
            return
        feed = await subscribe(self.app, url, folder, lambda: self.library)
        if feed is None:
            self.set_status("")
            return
        self.reload_tree()
        self.start_refresh([feed])

    # -- full text -----------------------------------------------------------------------
    def action_fetch_full(self) -> None:
        article = self.current_article
        entry = self.library.get_entry(article.entry_key) if article and article.entry_key else None
        if entry is None or not entry.link:
            self.notify("This article has no link to fetch.", markup=False, severity="warning")
            return
        self.set_status("Fetching the full article…")
        self._fetch_full(entry)

    @work(thread=True, exclusive=True, group="fetch-full", exit_on_error=False)
    def _fetch_full(self, entry) -> None:
        from feeds.core.errors import FeedError
        from feeds.inputs.open import fetch_article_page

        try:
            page = fetch_article_page(entry.link, origin=self.library.get_feed(entry.feed_id).url)
        except FeedError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="Could not fetch the article",
                                      severity="error", markup=False)
            self.app.call_from_thread(self.set_status, "")
            return
        self.app.call_from_thread(self._full_fetched, entry, page.text)

    def _full_fetched(self, entry, text: str) -> None:
        if not self.library.readonly:
            self.library.set_entry_text(entry.key, text, summary_only=False)
        self.set_status("Full article fetched")
        self.query_one(ArticleList).forget(entry.key)
        fresh = self.library.get_entry(entry.key)
        if fresh is not None:
            current = self.current_article
            if current is not None and current.entry_key == entry.key:
                self.open_article(fresh.to_article())
