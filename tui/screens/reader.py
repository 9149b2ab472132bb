"""The main screen: article list, article, and the three analysis panes."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize, ScreenResume
from textual.screen import Screen
from textual.scroll_view import ScrollView
from ..widgets.footer import KeyFooter
from textual.worker import get_current_worker

from feeds.core.model import Article

if TYPE_CHECKING:  # the analysis model comes with the analyser, the panes when first shown
    from feeds.analysis import Analysis

    from ..widgets.panes import AnalysisPane, QuotesPane

from .. import startgc
from ..widgets.article_list import ArticleList
from ..widgets.article_view import ArticleView

#: The ids of the analysis panes, in their order (their module is imported when they are made).
PANES = ("quotes", "figures", "sources")


def is_pane(widget: object) -> bool:
    """``widget`` is one of the analysis panes (told by id: the panes' classes may not be imported yet)."""
    return getattr(widget, "id", None) in PANES


#: From this width the article list, the article and the panes all fit side by
#: side. Below it ("compact") the left column holds the article list while you
#: browse and the panes while you read (Enter opens an article, q goes back);
#: ``p`` or ``1``/``2``/``3`` swap them at any time.
WIDE_WIDTH = 160
#: Below this width the columns are narrower still.
NARROW_WIDTH = 100
ANALYSIS_CACHE_SIZE = 64


def _cache_key(article: Article) -> tuple[str, int]:
    """An analysis belongs to a text: a fetched full article is analysed afresh."""
    return article.key, hash(article.text)


class ReaderScreen(Screen):
    """Three columns: what to read, what you are reading, what it says."""

    #: The list has the focus from the first frame (Textual's default, the first focusable
    #: widget, is the library column: the focus then moved in a second frame, restyling both).
    AUTO_FOCUS = "ArticleList"

    BINDINGS = [
        Binding("q", "back", "Back", id="reader.back"),
        Binding("escape", "back", "Back", show=False, id="reader.escape"),
        Binding("question_mark", "help", "Help", key_display="?", id="reader.help"),
        Binding("1", "focus_pane('quotes')", "Quotes", id="reader.quotes"),
        Binding("2", "focus_pane('figures')", "Figures", id="reader.figures"),
        Binding("3", "focus_pane('sources')", "Sources", id="reader.sources"),
        Binding("p", "toggle_panes", "Panes", id="reader.panes"),
        Binding("space", "page_article(1)", "Page", key_display="space", id="reader.page_down"),
        # The article's own links and episode (tui.screens.links), from anywhere on the screen.
        Binding("u", "pick_link", "Links", show=False, id="reader.links"),
        Binding("e", "play_enclosure", "Play enclosure", show=False, id="reader.play"),
        Binding("shift+space", "page_article(-1)", "Page up", show=False, id="reader.page_up"),
        Binding("J", "next_article(1)", "Next article", show=False, id="reader.next"),
        Binding("K", "next_article(-1)", "Previous article", show=False, id="reader.previous"),
        Binding("Q", "app.quit", "Quit now", show=False, id="reader.quit"),
        Binding("o", "open_link", "Open in browser", show=False, id="reader.open"),
        Binding("y", "copy_link", "Copy link", show=False, id="reader.copy"),
        Binding("a", "app.add_feed", "Add feed", show=False, id="reader.add"),
        Binding("w", "save_article", "Save article", show=False, id="reader.save"),
    ]

    def __init__(self, initial: list[Article] | None = None) -> None:
        super().__init__()
        #: Articles to show as soon as the screen is mounted (None: they come later).
        self._initial = initial
        self._cache: OrderedDict[tuple[str, int], Analysis] = OrderedDict()
        self.articles: list[Article] = []
        #: Whether the first frame has been drawn (or put off once for its scrollbars).
        self._drawn_once = False
        #: The panes exist (see _ensure_panes), and what they show.
        self._panes_made = False
        self._in_panes: "Analysis | None" = None
        #: Whether the screen has been shown once (see _on_screen_resume).
        self._resumed_once = False

    def compose(self) -> ComposeResult:
        # The layout classes for the terminal's width before the widgets are styled, not after
        # (a class added to the mounted screen styles every widget on it again).
        self._apply_width(self.app.size.width, update=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield from self.compose_left()
            yield ArticleView(id="article")
            with Vertical(id="panes"):
                if self.panes_visible:  # else made when first shown (_ensure_panes)
                    yield from self._make_panes()
        yield KeyFooter(compact=True)

    def compose_left(self) -> ComposeResult:
        yield ArticleList(id="articles", follow=self.open_article)

    def _make_panes(self) -> "list[AnalysisPane]":
        from ..widgets.panes import FiguresPane, QuotesPane, SourcesPane

        self._panes_made = True
        panes = [QuotesPane(id="quotes"), FiguresPane(id="figures"), SourcesPane(id="sources")]
        for pane in panes:
            pane.show(self._in_panes)
        return panes

    def _ensure_panes(self) -> None:
        """The panes, made the first time they are shown.

        Under 160 columns they are hidden until an article is read; made at start
        they cost a tenth of the first frame (three lists styled and mounted) for
        nothing on screen.
        """
        if not self._panes_made:
            self.query_one("#panes").mount_all(self._make_panes())

    def _show_in_panes(self, analysis: "Analysis | None") -> None:
        """What the panes show (None: the analysis is coming), kept for panes made later."""
        self._in_panes = analysis
        for pane in self.query_one("#panes").children:
            pane.show(analysis)  # type: ignore[attr-defined]

    def _first_layout_pending(self) -> bool:
        """The last layout is not the screen as it stays: a view gained a scrollbar in it,
        or a widget came in after it (the footer's keys)."""
        for widget in self.walk_children(with_self=False):
            if isinstance(widget, ScrollView) and widget._layout_required:
                return True
            if widget not in self._compositor and all(node.display for node in widget.ancestors_with_self
                                                      if node is not self):
                return True
        return False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        """Shown for the first time: its widgets were styled as they mounted, moments ago.

        Textual styles every widget of a screen again each time it is shown (a theme may
        have changed while it was hidden); the first time, that is the whole screen's
        styling done twice before its first frame. Runs before Textual's own handler.
        """
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

    def _compositor_refresh(self) -> None:
        """Draw the first frame once its scrollbars are known, not a frame without them and then another.

        The first layout is what tells a list or the article that it needs a scrollbar,
        and adding one takes a second layout: drawn before it, the first frame showed
        no scrollbars and the next one, a moment later, redrew the screen with them.
        Waiting for that layout once (Textual lays out again on its next tick) draws
        the screen once, as it stays.
        """
        if not self._drawn_once:
            self._drawn_once = True
            if self._first_layout_pending():
                return
        super()._compositor_refresh()
        if startgc.paused() and self is self.app.screen:
            startgc.resume()  # the first frame is on screen (see tui/startgc.py)

    def on_mount(self) -> None:
        self._apply_width(self.size.width or self.app.size.width)
        self._apply_settings()
        if self._initial is not None:
            self.set_articles(self._initial)
            self._initial = None
        self.query_one(ArticleList).focus()

    # -- layout ----------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)
        if self.panes_visible:
            self._ensure_panes()

    def _apply_width(self, width: int, update: bool = True) -> None:
        self.set_class(width < WIDE_WIDTH, "compact", update=update)
        self.set_class(width < NARROW_WIDTH, "narrow", update=update)

    def _apply_settings(self) -> None:
        """The left column's width from ``[ui] list_width`` (when set)."""
        from feeds.core.config import load_config

        width = getattr(load_config(), "list_width", None)
        if isinstance(width, int) and width > 0:
            self.query_one("#left").styles.width = width

    @property
    def panes_visible(self) -> bool:
        if self.has_class("compact"):
            return self.has_class("show-panes")
        return not self.has_class("hide-panes")

    def _reading(self, on: bool) -> None:
        """Compact layout: the panes take the list's place while an article is read."""
        if self.has_class("compact"):
            if on:
                self._ensure_panes()
            self.set_class(on, "show-panes")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Compact layout: moving into the article or a pane is reading; the panes come in."""
        if isinstance(event.widget, ArticleView) or is_pane(event.widget):
            self._reading(True)

    def focus_next(self, selector="*"):
        """Compact: after the last pane, Tab goes back to the list (the panes make room for it)."""
        if self.has_class("compact") and self.has_class("show-panes") and is_pane(self.focused) \
                and self.focused.id == PANES[-1]:
            self._back_to_list()
            return self.focused
        return super().focus_next(selector)

    def focus_previous(self, selector="*"):
        if self.has_class("compact"):
            if self.has_class("show-panes") and isinstance(self.focused, ArticleView):
                self._back_to_list()
                return self.focused
            feeds = self.query("#feeds")
            first = feeds.first() if feeds else self.query_one(ArticleList)
            if not self.has_class("show-panes") and self.focused is first:
                self._ensure_panes()
                self.add_class("show-panes")
                self.query_one(f"#{PANES[-1]}").focus()
                return self.focused
        return super().focus_previous(selector)

    def _back_to_list(self) -> None:
        self.remove_class("show-panes")
        lst = self.query_one(ArticleList)
        lst.focus()

    def action_toggle_panes(self) -> None:
        """Compact: swap the article list for the panes. Wide: hide or show the panes."""
        self._ensure_panes()
        if self.has_class("compact"):
            self.toggle_class("show-panes")
            if self.has_class("show-panes"):
                if not isinstance(self.focused, ArticleView):
                    self.query_one(f"#{PANES[0]}").focus()
            elif not isinstance(self.focused, ArticleView):
                self.query_one(ArticleList).focus()
        else:
            self.toggle_class("hide-panes")
            if self.has_class("hide-panes") and is_pane(self.focused):
                self.query_one(ArticleView).focus()

    # -- articles ----------------------------------------------------------------
    def set_articles(self, articles: list[Article], message: str = "") -> None:
        """Fill the list; the first article opens. ``message`` shows when empty."""
        self.articles = articles
        view = self.query_one(ArticleView)
        lst = self.query_one(ArticleList)
        lst.show_articles(articles, unread={a.key for a in articles})
        if articles:
            self.open_article(articles[0])
        else:
            from feeds.analysis import Analysis

            view.show(None, message or "Nothing to read.")
            self._show_in_panes(Analysis())

    @on(ArticleList.Opened)
    def _open(self, event: ArticleList.Opened) -> None:
        self.open_article(event.article, opened=True)
        self._reading(True)
        self.query_one(ArticleView).focus()

    def open_article(self, article: Article, *, opened: bool = False) -> None:
        """Show ``article``; ``opened`` when the user chose it (not a cursor passing over)."""
        view = self.query_one(ArticleView)
        if view.article is not article:
            view.show(article)
            cached = self._cache.get(_cache_key(article))
            if cached is not None:
                self._show_analysis(article, cached)
            else:
                self._show_in_panes(None)
                # Paint the article first: the analysis thread would otherwise
                # hold the interpreter while the screen is being drawn.
                self.call_after_refresh(self._analyse_if_current, article)

    def _analyse_if_current(self, article: Article) -> None:
        if self.query_one(ArticleView).article is article:
            self._analyse(article)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, article: Article) -> None:
        """Analysis is CPU work: a thread keeps keys responsive meanwhile."""
        from feeds.analysis import analyze  # first use compiles the analyser's patterns

        analysis = analyze(article.text, title=article.title or "")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_analysis, article, analysis)

    def _keep_analysis(self, article: Article, analysis: Analysis) -> None:
        key = _cache_key(article)
        self._cache[key] = analysis
        self._cache.move_to_end(key)
        while len(self._cache) > ANALYSIS_CACHE_SIZE:
            self._cache.popitem(last=False)

    def _show_analysis(self, article: Article, analysis: Analysis) -> None:
        self._keep_analysis(article, analysis)
        view = self.query_one(ArticleView)
        if view.article is not article:
            return
        view.set_analysis(analysis)
        self._show_in_panes(analysis)
        self._read_ahead()

    def _read_ahead(self) -> None:
        """Analyse the article below the cursor while this one is read: ``j`` finds its panes filled.

        The next row is where a reader goes most; its analysis costs the same now
        as after the key, but now nobody waits for it.
        """
        lst = self.query_one(ArticleList)
        index = lst.highlighted
        if index is None or index + 1 >= lst.row_count() or not lst.selectable(index + 1):
            return
        try:
            ahead = lst.source.article(index + 1)
        except Exception:  # a row gone meanwhile: nothing to read ahead
            return
        if ahead.text and _cache_key(ahead) not in self._cache:
            self._analyse_ahead(ahead)

    @work(thread=True, exclusive=True, group="analysis-ahead", exit_on_error=False)
    def _analyse_ahead(self, article: Article) -> None:
        from feeds.analysis import analyze

        analysis = analyze(article.text, title=article.title or "")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._keep_analysis, article, analysis)

    def on_analysis_pane_span_chosen(self, event: "AnalysisPane.SpanChosen") -> None:
        self.query_one(ArticleView).select_span(event.start, event.end)

    def on_quotes_pane_copy_quote(self, event: "QuotesPane.CopyQuote") -> None:
        """The quote with its attribution and the article's link, by OSC 52 (works over ssh)."""
        from feeds.handoff import checked_url

        from ..quoting import attributed_quote

        article = self.current_article
        try:
            url = checked_url(article.url if article else None)
        except ValueError:
            url = None
        text = attributed_quote(event.quote, title=article.title if article else None, url=url)
        self.app.copy_to_clipboard(text)
        self.notify(text, title="Quote copied", markup=False, timeout=4)

    # -- actions ----------------------------------------------------------------
    def action_focus_pane(self, which: str) -> None:
        self._ensure_panes()
        if self.has_class("compact") and not self.has_class("show-panes"):
            self.add_class("show-panes")
        self.remove_class("hide-panes")
        self.query_one(f"#{which}").focus()

    def action_page_article(self, direction: int) -> None:
        view = self.query_one(ArticleView)
        if direction > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    def action_next_article(self, step: int) -> None:
        lst = self.query_one(ArticleList)
        if step > 0:
            lst.action_cursor_down()
        else:
            lst.action_cursor_up()

    def action_back(self) -> None:
        """Back one level: article or panes → article list; list → quit."""
        focused = self.focused
        if self.has_class("compact") and self.has_class("show-panes"):
            self._back_to_list()
        elif focused is not None and not isinstance(focused, ArticleList):
            self.query_one(ArticleList).focus()
        else:
            self.app.exit()

    @property
    def current_article(self) -> Article | None:
        return self.query_one(ArticleView).article

    def action_open_link(self) -> None:
        """o: the article's link; o then a number: that numbered link (tui.screens.links)."""
        from .links import open_article_link

        open_article_link(self, self.current_article)

    def action_pick_link(self) -> None:
        from .links import pick_link

        pick_link(self, self.current_article)

    def action_play_enclosure(self) -> None:
        from .links import play_enclosure

        play_enclosure(self, self.current_article)

    def action_copy_link(self) -> None:
        """Copy the link with OSC 52 (works over ssh); only a checked http(s) URL is sent."""
        from feeds.handoff import checked_url

        article = self.current_article
        try:
            url = checked_url(article.url if article else None)
        except ValueError as exc:
            self.notify(str(exc), title="Nothing to copy", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(url, title="Link copied", markup=False, timeout=3)

    def action_save_article(self) -> None:
        """Save the article as a text file in the save folder (never silently overwriting)."""
        from feeds.core.paths import save_dir
        from feeds.save import SaveError, save_article

        article = self.current_article
        if article is None:
            return

        def write(overwrite: bool) -> None:
            try:
                path = save_article(article, save_dir(), overwrite=overwrite)
            except FileExistsError as exc:
                from .dialogs import ConfirmDialog

                self.app.push_screen(ConfirmDialog(f"{exc} exists. Replace it?"),
                                     lambda yes: write(True) if yes else None)
                return
            except SaveError as exc:
                self.notify(str(exc), title="Not saved", severity="error", markup=False)
                return
            self.notify(str(path), title="Saved", markup=False, timeout=4)

        write(False)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The command palette's entries for this screen: (title, help, callback)."""
        return [
            ("Help: keys", "Show every key binding", self.action_help),
            ("Toggle analysis panes", "Show or hide Quotes, Key figures and Sources", self.action_toggle_panes),
            ("Focus Quotes", "Move to the Quotes pane", lambda: self.action_focus_pane("quotes")),
            ("Focus Key figures", "Move to the Key figures pane", lambda: self.action_focus_pane("figures")),
            ("Focus Sources", "Move to the Sources pane", lambda: self.action_focus_pane("sources")),
            ("Next article", "Open the next article", lambda: self.action_next_article(1)),
            ("Previous article", "Open the previous article", lambda: self.action_next_article(-1)),
            ("Open link in browser", "Open the article's link in $BROWSER", self.action_open_link),
            ("Copy link", "Copy the article's link to the clipboard", self.action_copy_link),
            ("Links in the article", "List the article's numbered links and open one", self.action_pick_link),
            ("Play enclosure", "Play the episode with $PODCAST_PLAYER (else the browser)", self.action_play_enclosure),
            ("Save article", "Save the article as a text file", self.action_save_article),
            ("Add a feed", "Subscribe to a feed by URL", self.app.action_add_feed),
        ]

    def action_help(self) -> None:
        from .help import HelpScreen, help_sections

        self._ensure_panes()  # the help lists their keys too
        self.app.push_screen(HelpScreen(help_sections(self)))
