"""The help screen: the key bindings active where ``?`` was pressed.

:func:`help_sections` reads them from the live screen, after the user's
``[keys]`` remapping: the screen's own bindings (inherited ones included), the
focused widget and its containers, the app's, and those of the screen's other
widgets (which apply once they have the focus). So the help can never disagree
with what the keys do, on any screen. Textual's own machinery (scrolling
sideways, copying a selection, system bindings) is left out; its keys that do
the same as one of ours (``↓`` beside ``j``) share our row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

__all__ = ["HelpRow", "HelpSection", "HelpScreen", "help_sections"]

#: Textual's own actions worth listing, in our words; every other one of its
#: bindings is framework detail (unless it shares an action with ours).
FRAMEWORK_ACTIONS = {
    "select": "Open",
    "page_down": "Page down",
    "page_up": "Page up",
    "quit": "Quit",
    "command_palette": "Command palette",
    "app.focus_next": "Next pane",
    "app.focus_previous": "Previous pane",
}
#: Section titles for a screen's bindings, by the prefix of their ids, in this order.
PURPOSES = {"library": "Library", "reader": "Reading"}
#: What Enter does where Textual's "select" is the binding.
SELECT_WORDS = {
    "ArticleList": "Open the article",
    "FeedTree": "Show the feed or folder",
    "AnalysisPane": "Show in the article (sources: next mention)",
}


@dataclass(slots=True)
class HelpRow:
    keys: list[str]
    description: str
    #: The id to remap it with in config.toml's ``[keys]`` (None: not remappable).
    binding_id: str | None = None


@dataclass(slots=True)
class HelpSection:
    title: str
    rows: list[HelpRow] = field(default_factory=list)


def help_sections(screen: Screen) -> list[HelpSection]:
    """The bindings active on ``screen`` and its widgets, grouped by where they apply."""
    app = screen.app
    by_node: dict[DOMNode, list[tuple[str, Binding]]] = {}
    for key, active in screen.active_bindings.items():
        by_node.setdefault(active.node, []).append((key, active.binding))
    sections: list[HelpSection] = []
    focused = [node for node in by_node if node is not screen and node is not app]
    for title, rows in _by_purpose(_rows(screen, by_node.get(screen, []), app), _title(screen, False)):
        _add(sections, title, rows)
    for node in focused:
        _add(sections, _title(node, True), _rows(node, by_node.get(node, []), app))
    _add(sections, "Everywhere", _rows(app, by_node.get(app, []), app))
    for widget in _other_widgets(screen, set(by_node)):  # what applies once you move there
        _add(sections, _title(widget, False), _rows(widget, _own_bindings(widget, app), app))
    return sections


def _by_purpose(rows: list[HelpRow], fallback: str) -> list[tuple[str, list[HelpRow]]]:
    """A screen's rows split by what they are for, read from their ids (``library.refresh``)."""
    groups: dict[str, list[HelpRow]] = {title: [] for title in PURPOSES.values()}
    loose: list[HelpRow] = []  # Textual's (Tab): they go with the last group
    for row in rows:
        if row.binding_id is None:
            loose.append(row)
            continue
        groups.setdefault(PURPOSES.get(row.binding_id.partition(".")[0], fallback), []).append(row)
    found = [(title, group) for title, group in groups.items() if group]
    if not found:
        return [(fallback, loose)]
    found[-1][1].extend(loose)
    return found


def _add(sections: list[HelpSection], title: str, rows: list[HelpRow]) -> None:
    """A section; widgets whose rows are the same (the three panes) share one."""
    if not rows:
        return
    for section in sections:
        if _same(section.rows, rows):
            section.title = f"{section.title}, {title}"
            return
    sections.append(HelpSection(title, rows))


def _same(a: list[HelpRow], b: list[HelpRow]) -> bool:
    return [(r.keys, r.description) for r in a] == [(r.keys, r.description) for r in b]


def _title(node: DOMNode, focused: bool) -> str:
    """A screen or widget's name for people: its HELP_TITLE, else its class name in words."""
    title = getattr(node, "HELP_TITLE", None)
    if not title:
        name = type(node).__name__.removesuffix("Screen") or type(node).__name__
        words = "".join(f" {c.lower()}" if c.isupper() else c for c in name).split()
        title = " ".join(words).capitalize()
    return f"{title} (where you are)" if focused else title


def _other_widgets(screen: Screen, seen: set[DOMNode]) -> Iterable[Widget]:
    """Focusable widgets outside the focus chain, one per class, in screen order."""
    classes: set[type] = set()
    for widget in screen.query("*"):
        if widget.focusable and widget not in seen and type(widget) not in classes:
            classes.add(type(widget))
            yield widget


def _own_bindings(node: DOMNode, app) -> list[tuple[str, Binding]]:
    """A widget's bindings with the user's keymap applied.

    Textual has no public per-widget view of this; ``_bindings`` and
    ``_keymap`` are the maps its own binding chain uses for the same purpose.
    """
    bindings = node._bindings.copy()
    keymap = getattr(app, "_keymap", None)
    if keymap:
        bindings.apply_keymap(keymap)
    return [(key, binding) for key, binding in bindings]


def _ours(node: DOMNode) -> set[str]:
    """Binding ids declared by newsreader's classes of ``node`` (not Textual's)."""
    ids: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tui."):
            ids.update(b.id for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding) and b.id)
    return ids


def _rows(node: DOMNode, bindings: list[tuple[str, Binding]], app) -> list[HelpRow]:
    """One row per action: our bindings first, Textual's keys for the same action beside them."""
    ours = _ours(node)
    rows: dict[str, HelpRow] = {}
    framework: list[Binding] = []
    for _key, binding in bindings:
        if binding.system:
            continue
        if binding.id in ours and binding.description:
            describe = getattr(node, "describe_binding", None)  # a screen that says it otherwise
            description = describe(binding) if describe is not None else binding.description
            row = rows.setdefault(binding.action, HelpRow([], _sentence(description), binding.id))
            _add_key(row, app, binding)
        else:
            framework.append(binding)
    for binding in framework:
        row = rows.get(binding.action)
        if row is None and binding.action in FRAMEWORK_ACTIONS:
            row = rows.setdefault(binding.action, HelpRow([], _framework_words(node, binding.action)))
        if row is not None:
            _add_key(row, app, binding)
    return list(rows.values())


def _add_key(row: HelpRow, app, binding: Binding) -> None:
    shown = app.get_key_display(binding)  # as the footer shows it; a remapped key loses its old display
    if shown not in row.keys:
        row.keys.append(shown)


def _framework_words(node: DOMNode, action: str) -> str:
    if action == "select":
        for cls in type(node).__mro__:
            if cls.__name__ in SELECT_WORDS:
                return SELECT_WORDS[cls.__name__]
    return FRAMEWORK_ACTIONS[action]


def _sentence(description: str) -> str:
    return description[:1].upper() + description[1:]


class HelpScreen(ModalScreen[None]):
    """Shows the sections it is given; the caller reads them from the screen it came from."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys")
            body.border_subtitle = Content("q / esc / ? to close · remap in config.toml [keys] by id")
            yield Static(self._text(), markup=False)

    def _text(self) -> Content:
        parts: list[Content | str] = []
        rows = [row for section in self.sections for row in section.rows]
        keys_width = max((len(" ".join(r.keys)) for r in rows), default=0)
        for section in self.sections:
            parts += [Content(section.title).stylize("bold underline"), "\n"]
            words_width = max((len(r.description) for r in section.rows if r.binding_id), default=0)
            for row in section.rows:
                parts.append(Content(f"  {' '.join(row.keys):<{keys_width}}  ").stylize("bold $text-accent"))
                if row.binding_id:
                    parts.append(Content(f"{row.description:<{words_width}}"))
                    parts.append(Content(f"  {row.binding_id}").stylize("dim"))
                else:
                    parts.append(Content(row.description))
                parts.append("\n")
            parts.append("\n")
        return Content.assemble(*parts)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=1 if direction == "down" else -1, animate=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
