"""The reader on the local library: feeds and folders above the article list.

Adds to the plain reader what subscriptions need: unread state (an article
shown for a moment counts as read), stars, refreshing in the background with
per-feed progress, search, adding feeds and fetching the full text of
summary-only entries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.timer import Timer
from textual.widgets import ProgressBar, Static

from feeds.model import Article

from ..widgets.article_list import ArticleList
from ..widgets.article_view import ArticleView
from ..widgets.feed_tree import ALL, FeedTree, Scope
from .reader import ReaderScreen

if TYPE_CHECKING:
    from feeds.refresh import FeedOutcome
    from feeds.store import Entry, Library

#: The list shows at most this many entries per view (newest first).
ENTRY_LIMIT = 2000


class LibraryScreen(ReaderScreen):
    """Three columns over the library: feeds + articles | article | panes."""

    BINDINGS = [
        Binding("r", "refresh_current", "Refresh", id="library.refresh"),
        Binding("R", "refresh_all", "Refresh all", show=False, id="library.refresh_all"),
        Binding("n", "next_unread(1)", "Next unread", show=False, id="library.next_unread"),
        Binding("N", "next_unread(-1)", "Previous unread", show=False, id="library.prev_unread"),
        Binding("m", "toggle_read", "Toggle read", show=False, id="library.toggle_read"),
        Binding("s", "toggle_star", "Star", show=False, id="library.star"),
        Binding("A", "mark_all_read", "Mark feed read", show=False, id="library.mark_all"),
        Binding("slash", "search", "Search", key_display="/", id="library.search"),
        Binding("f", "fetch_full", "Fetch full article", show=False, id="library.fetch_full"),
        Binding("a", "add_feed", "Add", id="library.add"),
        Binding("p", "toggle_panes", "Panes", show=False, id="reader.panes"),
        Binding("space", "page_article(1)", "Page", show=False, id="reader.page_down"),
    ]

    #: Seconds an article must stay on screen before it counts as read, so
    #: that running down the list with j does not mark everything read.
    mark_read_delay = 0.6

    def __init__(self, library: "Library") -> None:
        super().__init__()
        self.library = library
        self.scope: Scope = ALL
        self.entries: dict[tuple[int, str], "Entry"] = {}
        self._read_timer: Timer | None = None
        self._search_results: list["Entry"] | None = None

    def compose_left(self) -> ComposeResult:
        yield FeedTree(id="feeds")
        yield ArticleList(id="articles")
        yield ProgressBar(id="refresh-progress", show_eta=False)
        yield Static(id="status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#refresh-progress").display = False
        self.reload(select_first=True)
        if self.library.readonly:
            self.set_status("read-only: another newsreader has the library open")
        else:
            self._index()

    # -- data ----------------------------------------------------------------
    def reload(self, *, select_first: bool = False) -> None:
        """Re-read feeds and the current scope's entries from the library."""
        self.reload_tree()
        self.show_scope(self.scope, keep_position=not select_first)

    def reload_tree(self) -> None:
        feeds = self.library.feeds()
        starred = len(self.library.entries(starred_only=True, limit=ENTRY_LIMIT))
        self.query_one(FeedTree).show_feeds(feeds, total_unread=sum(f.unread for f in feeds), starred=starred,
                                            keep=self.scope)

    def show_scope(self, scope: Scope, *, keep_position: bool = False) -> None:
        self.scope = scope
        if scope.kind == "search":
            entries = self._search_results or []
        else:
            kwargs: dict = {"limit": ENTRY_LIMIT}
            if scope.kind == "feed":
                kwargs["feed_id"] = scope.value
            elif scope.kind == "folder":
                kwargs["folder"] = scope.value
            elif scope.kind == "unread":
                kwargs["unread_only"] = True
            elif scope.kind == "starred":
                kwargs["starred_only"] = True
            entries = self.library.entries(**kwargs)
        self.entries = {e.key: e for e in entries}
        articles = [e.to_article() for e in entries]
        lst = self.query_one(ArticleList)
        current = self.current_article
        lst.show_articles(articles, unread={a.key for a, e in zip(articles, entries) if not e.read})
        lst.border_title = Content(f"{scope.label or 'Articles'} ({len(articles)})")
        if keep_position and current is not None:
            lst.select_key(current.key)
        if not articles:
            self.query_one(ArticleView).show(None, self._empty_message(scope))

    def _empty_message(self, scope: Scope) -> str:
        if not self.library.feeds():
            return "Your library is empty. Press a to add a feed, or run: newsreader import FILE.opml"
        if scope.kind == "unread":
            return "Nothing unread."
        if scope.kind == "feed":
            feed = self.library.get_feed(scope.value)
            if feed and feed.last_error:
                return f"This feed failed: {feed.last_error}. Press r to try again."
            return "No articles in this feed yet. Press r to refresh it."
        return "No articles here."

    def entry_for(self, article: Article | None) -> "Entry | None":
        if article is None or article.entry_key is None:
            return None
        return self.entries.get(article.entry_key)

    @on(FeedTree.Chosen)
    def _scope_chosen(self, event: FeedTree.Chosen) -> None:
        self.show_scope(event.scope)

    # -- reading state ----------------------------------------------------------
    def open_article(self, article: Article) -> None:
        super().open_article(article)
        if self._read_timer is not None:
            self._read_timer.stop()
        entry = self.entry_for(article)
        if entry is not None and not entry.read:
            if self.mark_read_delay <= 0:
                self._mark_read(article)
            else:
                self._read_timer = self.set_timer(self.mark_read_delay, lambda: self._mark_read(article))

    def _mark_read(self, article: Article) -> None:
        if self.current_article is article:
            self._set_read(article, True)

    def _set_read(self, article: Article, read: bool) -> None:
        entry = self.entry_for(article)
        if entry is None or entry.read == read or not self._writable():
            return
        try:
            self.library.set_read(entry.key, read)
        except Exception as exc:
            self.notify(f"could not save: {exc}", title="Library", severity="error", markup=False)
            return
        entry.read = read
        self.query_one(ArticleList).set_unread(article.key, not read)
        self.query_one(FeedTree).adjust(entry.feed_id, unread=-1 if read else 1)

    def _writable(self) -> bool:
        if self.library.readonly:
            self.notify("The library is open read-only (another newsreader is running).",
                        title="Read-only", severity="warning", markup=False)
            return False
        return True

    def action_toggle_read(self) -> None:
        article = self.current_article
        entry = self.entry_for(article)
        if entry is not None:
            if self._read_timer is not None:
                self._read_timer.stop()
            self._set_read(article, not entry.read)

    def action_toggle_star(self) -> None:
        article = self.current_article
        entry = self.entry_for(article)
        if entry is None or not self._writable():
            return
        self.library.set_starred(entry.key, not entry.starred)
        entry.starred = not entry.starred
        self.notify("Starred" if entry.starred else "Star removed", markup=False, timeout=2)
        self.query_one(FeedTree).adjust(entry.feed_id, starred=1 if entry.starred else -1)

    def action_mark_all_read(self) -> None:
        if not self._writable():
            return
        scope = self.scope
        if scope.kind == "feed":
            n = self.library.mark_feed_read(feed_id=scope.value)
        elif scope.kind == "folder":
            n = self.library.mark_feed_read(folder=scope.value)
        elif scope.kind == "search":
            n = 0
            for entry in self.entries.values():
                if not entry.read:
                    self.library.set_read(entry.key, True)
                    n += 1
        else:
            n = self.library.mark_feed_read()
        self.notify(f"Marked {n} article{'s' if n != 1 else ''} read", markup=False, timeout=3)
        self.reload()

    def action_next_unread(self, step: int) -> None:
        lst = self.query_one(ArticleList)
        if not lst.move_to_unread(step):
            self.notify("No more unread articles here", markup=False, timeout=2)

    # -- refresh -------------------------------------------------------------------
    def action_refresh_current(self) -> None:
        scope = self.query_one(FeedTree).current or self.scope
        feeds = self.library.feeds()
        if scope.kind == "feed":
            feeds = [f for f in feeds if f.id == scope.value]
        elif scope.kind == "folder":
            feeds = [f for f in feeds if f.folder == scope.value]
        else:
            entry = self.entry_for(self.current_article)
            if entry is not None:
                feeds = [f for f in feeds if f.id == entry.feed_id]
        self.start_refresh(feeds)

    def action_refresh_all(self) -> None:
        self.start_refresh(self.library.feeds())

    def start_refresh(self, feeds: list) -> None:
        if not feeds:
            self.notify("No feeds to refresh. Press a to add one.", markup=False)
            return
        if not self._writable():
            return
        bar = self.query_one("#refresh-progress", ProgressBar)
        bar.update(total=len(feeds), progress=0)
        bar.display = True
        self.set_status(f"Refreshing {len(feeds)} feed{'s' if len(feeds) != 1 else ''}…")
        self._refresh(feeds)

    @work(exclusive=True, group="refresh", exit_on_error=False)
    async def _refresh(self, feeds: list) -> None:
        """Fetching is async on the app's loop; parsing runs in threads; keys stay live."""
        from feeds.refresh import refresh

        failed = 0

        def progress(outcome: "FeedOutcome", done: int, total: int) -> None:
            nonlocal failed
            failed += outcome.status == "error"
            self.query_one("#refresh-progress", ProgressBar).update(progress=done)
            note = f" · {failed} failed" if failed else ""
            self.set_status(f"Refreshing {done}/{total}{note} — {outcome.title}")

        from feeds.config import load_config

        config = load_config()
        full = config.full_articles_per_feed if config.fetch_full_articles else 0
        try:
            summary = await refresh(self.library, feeds, progress=progress, full_articles=full)
        finally:
            self.query_one("#refresh-progress", ProgressBar).display = False
        self.set_status(summary.line())
        self.reload()
        self._index()
        errors = [o for o in summary.outcomes if o.error is not None]
        if len(feeds) == 1 and errors:
            self.notify(errors[0].error.message, title=f"{errors[0].title}: refresh failed",
                        severity="error", markup=False)
        else:
            self.notify(summary.line(), title="Refresh finished",
                        severity="warning" if errors else "information", markup=False)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index(self) -> None:
        """Bring the search index up to date in the background (refresh leaves it behind)."""
        try:
            self.library.update_search_index(batch=200)  # small batches: reads get the lock between them
        except Exception:  # a busy or damaged library: search falls back; nothing to tell yet
            pass

    def set_status(self, text: str) -> None:
        from ..text import line

        self.query_one("#status", Static).update(line(text, limit=300).stylize("dim"))

    # -- search --------------------------------------------------------------------
    def action_search(self) -> None:
        from .dialogs import SearchDialog

        def done(result) -> None:
            if result:
                query, entries, index = result
                self._search_results = entries
                self.show_scope(Scope("search", query, f"Search: {query}"))
                self.query_one(ArticleList).highlighted = index if entries else None
                self.query_one(ArticleList).focus()

        self.app.push_screen(SearchDialog(lambda q: self.library.search(q, limit=500)), done)

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
        from feeds.subscribe import SubscribeError, resolve_feed_url

        if not self._writable():
            return
        try:
            resolved = await resolve_feed_url(url)
        except SubscribeError as exc:
            self.set_status("")
            self.notify(str(exc), title="Could not add the feed", severity="error", markup=False)
            return
        if resolved.choices:
            from .dialogs import ChooseFeedDialog

            chosen = await self.app.push_screen_wait(ChooseFeedDialog(url, resolved.choices, allow_page=False))
            if not chosen:
                self.set_status("")
                return
            feed_url = chosen
        else:
            feed_url = resolved.url
        feed = self.library.add_feed(feed_url, folder=folder)
        self.reload_tree()
        self.start_refresh([feed])

    # -- full text -----------------------------------------------------------------------
    def action_fetch_full(self) -> None:
        article = self.current_article
        entry = self.entry_for(article)
        if entry is None or not entry.link:
            self.notify("This article has no link to fetch.", markup=False, severity="warning")
            return
        self.set_status("Fetching the full article…")
        self._fetch_full(entry)

    @work(thread=True, exclusive=True, group="fetch-full", exit_on_error=False)
    def _fetch_full(self, entry: "Entry") -> None:
        from feeds.errors import FeedError
        from feeds.open import fetch_article_page

        try:
            page = fetch_article_page(entry.link, origin=self.library.get_feed(entry.feed_id).url)
        except FeedError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="Could not fetch the article",
                                      severity="error", markup=False)
            self.app.call_from_thread(self.set_status, "")
            return
        self.app.call_from_thread(self._full_fetched, entry, page.text)

    def _full_fetched(self, entry: "Entry", text: str) -> None:
        if not self.library.readonly:
            self.library.set_entry_text(entry.key, text, summary_only=False)
        self.set_status("Full article fetched")
        current = self.current_article
        self.show_scope(self.scope, keep_position=True)
        if current is not None:
            self.query_one(ArticleList).select_key(current.key, reopen=True)
