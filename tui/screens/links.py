"""Following an article's links and playing its enclosures.

An entry's links are numbered in its text (``the report[3]``) and listed at
its end. Three ways to follow them, all through :mod:`feeds.handoff` (checked
http/https URLs, an argument list, never a shell):

* ``o`` opens the article's own link (the first enclosure when there is
  none). When the article has numbered links, ``o`` waits a moment for a
  number: ``o`` ``2`` opens link 2 — at once when no longer number exists,
  else after Enter or a short pause (``o`` ``1`` ``2`` Enter: link 12).
* ``u`` lists the links in a picker; Enter opens the highlighted one.
* ``e`` plays the first enclosure with ``$PODCAST_PLAYER`` (split like a
  shell would, run without one; ``%s`` is replaced by the URL, else the URL is
  appended), or opens it in the browser when the variable is not set.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.timer import Timer
from textual.widgets.option_list import Option

from feeds.handoff import browser_command, checked_url, is_terminal_browser, open_in_browser
from feeds.core.model import Article

from ..text import line
from ..widgets.navlist import NavList

__all__ = ["LinkNumberPrompt", "LinkPicker", "open_article_link", "open_url", "pick_link", "play_enclosure",
           "player_command"]

#: Seconds ``o`` waits for a link number before opening the article's own link.
NUMBER_WAIT = 0.8
#: Players that need the terminal: the reader steps aside while they play.
TERMINAL_PLAYERS = {"mpv", "mplayer", "mpg123", "mpg321", "ogg123", "ffplay", "play", "cvlc", "mocp"}


def open_url(screen: Screen, url: str | None, *, what: str = "the link") -> None:
    """Open a URL from the article in ``$BROWSER`` and say so (or say why not), on one line."""
    try:
        url = checked_url(url)
        argv = browser_command(url)
        if is_terminal_browser(argv):
            with screen.app.suspend():
                open_in_browser(url, wait=True)
        else:
            open_in_browser(url)
    except (ValueError, OSError) as exc:
        screen.notify(str(exc), title=f"Cannot open {what}", severity="warning", markup=False)
        return
    screen.notify(url, title="Opened in the browser", markup=False, timeout=3)


def _own_link(article: Article | None) -> str | None:
    """What plain ``o`` opens: the article's link, else its first enclosure."""
    if article is None:
        return None
    if article.url:
        return article.url
    return article.enclosures[0].url if article.enclosures else None


def _open_numbered(screen: Screen, article: Article, number: int | None) -> None:
    """``0`` is the article's own link, ``n`` the n-th numbered one; ``None``: cancelled."""
    if number is None:
        return
    if number == 0:
        open_url(screen, _own_link(article))
    elif 1 <= number <= len(article.links):
        open_url(screen, article.links[number - 1], what=f"link {number}")
    else:
        count = len(article.links)
        screen.notify(f"there is no link {number} (this article has {count})", title="Cannot open the link",
                      severity="warning", markup=False)


def open_article_link(screen: Screen, article: Article | None) -> None:
    """``o``: the own link at once, or (with numbered links) a prompt for the number first."""
    if article is None or not article.links:
        open_url(screen, _own_link(article))
        return
    screen.app.push_screen(LinkNumberPrompt(len(article.links)),
                           lambda number: _open_numbered(screen, article, number))


def pick_link(screen: Screen, article: Article | None) -> None:
    """``u``: the picker of the numbered links; Enter opens one."""
    if article is None or not article.links:
        screen.notify("this article has no links", title="Links", markup=False, timeout=3)
        return
    screen.app.push_screen(LinkPicker(article.links),
                           lambda number: _open_numbered(screen, article, number) if number else None)


def player_command(url: str, env: dict[str, str] | None = None) -> list[str] | None:
    """argv that plays ``url`` with ``$PODCAST_PLAYER``; ``None`` when it is not set.

    ``ValueError`` (one line) when it is set but cannot be run.
    """
    env = dict(os.environ if env is None else env)
    setting = (env.get("PODCAST_PLAYER") or "").strip()
    if not setting:
        return None
    try:
        argv = shlex.split(setting)
    except ValueError:
        raise ValueError("$PODCAST_PLAYER cannot be read (unbalanced quotes)") from None
    if not argv or not shutil.which(argv[0], path=env.get("PATH")):
        raise ValueError(f"$PODCAST_PLAYER not found: {argv[0] if argv else setting}")
    if any("%s" in a for a in argv):
        return [a.replace("%s", url) for a in argv]
    return [*argv, url]


def play_enclosure(screen: Screen, article: Article | None) -> None:
    """``e``: the first enclosure in ``$PODCAST_PLAYER`` (never a shell), else in the browser."""
    if article is None or not article.enclosures:
        screen.notify("this article has no audio or video attached", title="Nothing to play", markup=False,
                      timeout=3)
        return
    try:
        url = checked_url(article.enclosures[0].url)
        argv = player_command(url)
        if argv is None:
            open_url(screen, url, what="the enclosure")
            return
        if os.path.basename(argv[0]) in TERMINAL_PLAYERS:
            with screen.app.suspend():
                subprocess.run(argv, check=False)
        else:
            subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    except (ValueError, OSError) as exc:
        screen.notify(str(exc), title="Cannot play the enclosure", severity="warning", markup=False)
        return
    screen.notify(url, title="Playing", markup=False, timeout=3)


class _PromptLine(Static, can_focus=True):
    """The prompt's one line; focused so that keys other than digits come to the prompt."""


class LinkNumberPrompt(ModalScreen[int | None]):
    """After ``o``: digits choose a link; Enter, a pause or any other key ends the number.

    Dismisses with the number, ``0`` for the article's own link (no digits),
    or ``None`` (Esc). Digits, Enter and Esc are bindings, not key handlers:
    typed in one burst with the ``o`` (a paste, a fast typist), they are still
    travelling through the article view when this screen is pushed, and only
    bindings are looked up on the screen that is current when they arrive.
    """

    BINDINGS = [
        *(Binding(d, f"digit('{d}')", show=False) for d in "0123456789"),
        Binding("enter", "finish", "Open", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("backspace", "backspace", "Erase", show=False),
    ]
    _BOUND = frozenset([*"0123456789", "enter", "escape", "backspace"])
    DEFAULT_CSS = """
    LinkNumberPrompt { align: center bottom; background: transparent; }
    LinkNumberPrompt > _PromptLine { width: auto; height: 1; padding: 0 1; margin-bottom: 1;
                                     background: $panel; color: $text; }
    """

    def __init__(self, count: int, wait: float | None = None) -> None:
        super().__init__()
        self.count = count
        self.digits = ""
        self._wait = NUMBER_WAIT if wait is None else wait
        self._timer: Timer | None = None
        self._done = False
        self._ready = False

    def compose(self) -> ComposeResult:
        yield _PromptLine(self._prompt())

    def _prompt(self) -> Content:
        return Content(f"open link: {self.digits}▏ (1–{self.count}, Enter · Esc cancels)")

    def on_mount(self) -> None:
        self._ready = True
        self.query_one(_PromptLine).focus()
        self._restart_timer()

    def _restart_timer(self) -> None:
        if self._done:
            return
        if self._timer is not None:
            self._timer.stop()
        if self._ready:  # keys typed before the mount restart it there
            self._timer = self.set_timer(self._wait, self.action_finish)
        for prompt in self.query(_PromptLine):
            prompt.update(self._prompt())

    def _end(self, result: int | None) -> None:
        if self._done:
            return
        self._done = True
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(result)

    def action_finish(self) -> None:
        """Enter, the pause, or another key: the number so far (none: the article's own link)."""
        self._end(int(self.digits) if self.digits else 0)

    def action_cancel(self) -> None:
        self._end(None)

    def action_digit(self, digit: str) -> None:
        self.digits = (self.digits + digit)[-6:]
        if int(self.digits) * 10 > self.count:  # no longer number exists: open now
            self.action_finish()
        else:
            self._restart_timer()

    def action_backspace(self) -> None:
        self.digits = self.digits[:-1]
        self._restart_timer()

    def on_key(self, event: events.Key) -> None:
        """Any key but the bound ones ends the number (and is not passed on)."""
        if event.key in self._BOUND:
            return
        event.stop()
        event.prevent_default()
        self.action_finish()


class _LinkOption(Option):
    def __init__(self, prompt: Content, number: int) -> None:
        super().__init__(prompt)
        self.number = number


class LinkPicker(ModalScreen[int | None]):
    """The article's numbered links; Enter dismisses with the chosen number."""

    BINDINGS = [Binding("escape,q,u", "cancel", "Cancel", id="links.cancel")]

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(f"Links ({len(self.links)})")
            yield NavList(*(_LinkOption(Content.assemble(Content(f"[{i}] ").stylize("bold"), line(url, limit=300)), i)
                            for i, url in enumerate(self.links, 1)), id="links")
            yield Static(Content("enter: open in the browser · esc: close").stylize("dim"))

    def on_mount(self) -> None:
        self.query_one("#links", NavList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, _LinkOption):
            self.dismiss(event.option.number)

    def action_cancel(self) -> None:
        self.dismiss(None)
