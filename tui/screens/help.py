"""The help screen: every key binding, read from the bindings themselves.

Built from the ``BINDINGS`` of the app, the reader screen and each widget, so
the help can never disagree with what the keys really do.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.article_list import ArticleList
from ..widgets.article_view import ArticleView
from ..widgets.panes import AnalysisPane


def _key_name(key: str) -> str:
    names = {"question_mark": "?", "space": "space", "escape": "esc", "enter": "enter",
             "pageup": "PgUp", "pagedown": "PgDn", "shift+space": "shift+space"}
    return names.get(key, key)


def _rows(bindings: list) -> list[tuple[str, str]]:
    """(keys, description): a later binding for a key replaces an earlier one,
    as it does in Textual, and the keys of one action share a row."""
    by_key: dict[str, Binding] = {}
    for b in bindings:
        if not isinstance(b, Binding) or b.system:
            continue
        for key in b.key.split(","):
            by_key[key.strip()] = b
    grouped: dict[str, list[str]] = {}
    for key, b in by_key.items():
        if b.description:
            desc = b.description[0].upper() + b.description[1:].lower()
            grouped.setdefault(desc, []).append(_key_name(key))
    return [(" ".join(keys), desc) for desc, keys in grouped.items()]


def _class_bindings(cls: type) -> list:
    """Bindings in the order Textual applies them: base classes first."""
    out: list = []
    for klass in reversed(cls.__mro__):
        out.extend(klass.__dict__.get("BINDINGS", []))
    return out


def help_sections(app_bindings: list, screen_bindings: list) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help text's sections, each a list of (keys, what they do)."""
    return [
        ("Everywhere", _rows(list(app_bindings) + list(screen_bindings)
                             + [Binding("tab", "", "Next pane"), Binding("shift+tab", "", "Previous pane"),
                                Binding("ctrl+p", "", "Command palette")])),
        ("Article list", _rows(_class_bindings(ArticleList) + [Binding("enter", "", "Open article")])),
        ("Article", _rows(_class_bindings(ArticleView))),
        ("Quotes, Key figures, Sources",
         _rows(_class_bindings(AnalysisPane) + [Binding("enter", "", "Show in article (sources: next mention)")])),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys")
            body.border_subtitle = Content("q / esc / ? to close")
            yield Static(self._text(), markup=False)

    def _text(self) -> Content:
        from ..app import NewsReaderApp
        from .reader import ReaderScreen

        parts: list = []
        for title, rows in help_sections(NewsReaderApp.BINDINGS + [Binding("ctrl+q", "", "Quit")],
                                         ReaderScreen.BINDINGS):
            parts.append(Content(title).stylize("bold underline"))
            parts.append("\n")
            width = max((len(k) for k, _ in rows), default=0)
            for keys, desc in rows:
                parts.append(Content(f"  {keys:<{width}}  ").stylize("bold $text-accent"))
                parts.append(Content(desc))
                parts.append("\n")
            parts.append("\n")
        return Content.assemble(*parts)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
