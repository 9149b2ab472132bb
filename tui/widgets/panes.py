"""The three analysis panes: Quotes, Key figures, Sources.

Each pane is a list; moving onto an item posts :class:`SpanChosen` so the
article scrolls to that place and highlights it. Enter on a source steps
through the places the article cites it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from feeds.analysis import Analysis, Figure, Quote, Source

from ..text import line
from .navlist import NavList

QUOTE_PREVIEW = 240


class SpanOption(Option):
    """A pane row that knows which spans of the article it stands for."""

    def __init__(self, prompt: Content, spans: list[tuple[int, int]]) -> None:
        super().__init__(prompt)
        self.spans = spans
        self.cursor = 0


class AnalysisPane(NavList):
    """Base pane: a titled list of analysis items, each tied to spans."""

    TITLE = ""
    EMPTY = ""

    @dataclass
    class SpanChosen(Message):
        start: int
        end: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = Content(self.TITLE)

    def show(self, analysis: Analysis | None) -> None:
        items = self.items(analysis) if analysis is not None else []
        if items:
            self.set_options(_separated(items))
        else:
            self.set_options([Option(Content(self.EMPTY if analysis else "…").stylize("dim"), disabled=True)])
        self.border_title = Content(f"{self.TITLE} ({len(items)})" if analysis is not None else self.TITLE)

    def items(self, analysis: Analysis) -> list[SpanOption]:
        raise NotImplementedError

    def row_width(self) -> int:
        """Cells a one-line row may use (option padding and scrollbar left out)."""
        return max(10, (self.scrollable_content_region.width or 36) - 4)

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        event.stop()
        option = event.option
        if isinstance(option, SpanOption) and option.spans and self.has_focus:
            option.cursor = 0
            self.post_message(self.SpanChosen(*option.spans[0]))

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        event.stop()
        option = event.option
        if isinstance(option, SpanOption) and option.spans:
            option.cursor = (option.cursor + 1) % len(option.spans) if len(option.spans) > 1 else 0
            self.post_message(self.SpanChosen(*option.spans[option.cursor]))

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()
        elif self.highlighted is not None:
            option = self.get_option_at_index(self.highlighted)
            if isinstance(option, SpanOption) and option.spans:
                self.post_message(self.SpanChosen(*option.spans[option.cursor]))


def _separated(items: list[SpanOption]) -> list[SpanOption | None]:
    """A rule between items: multi-line items run together without one."""
    out: list[SpanOption | None] = []
    for item in items:
        if out:
            out.append(None)
        out.append(item)
    return out


def _tidy(context: str) -> str:
    """A context cut mid-word ("…ol pupils") starts at the next whole word instead."""
    if context.startswith("…") and len(context) > 1 and context[1].isalnum():
        space = context.find(" ")
        if 0 < space < 30:
            return "…" + context[space + 1:]
    return context


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuotesPane(AnalysisPane):
    TITLE = "Quotes"
    EMPTY = "No quotes in this article"

    def items(self, analysis: Analysis) -> list[SpanOption]:
        return [SpanOption(self.prompt(q), [(q.start, q.end)]) for q in analysis.quotes]

    def prompt(self, q: Quote) -> Content:
        who = line(q.speaker or "unattributed", limit=120).stylize("bold" if q.speaker else "dim italic")
        role = line(f", {q.role}", limit=120).stylize("dim") if q.role else Content("")
        # speaker and role on one line: the quote is what the pane is for
        head = Content.assemble(who, role).truncate(self.row_width(), ellipsis=True)
        words = line(_shorten(q.text, QUOTE_PREVIEW), limit=QUOTE_PREVIEW + 2)
        marks = ("“", "”") if q.kind == "direct" else ("‘", "’")
        return Content.assemble(head, "\n", marks[0], words, marks[1])


class FiguresPane(AnalysisPane):
    TITLE = "Key figures"
    EMPTY = "No figures in this article"

    def items(self, analysis: Analysis) -> list[SpanOption]:
        return [SpanOption(self.prompt(f), [(f.start, f.end)]) for f in analysis.figures]

    @staticmethod
    def prompt(f: Figure) -> Content:
        text = f.text.casefold()
        what = next((w for w in (f.unit, f.kind) if w and w.casefold() not in text), "")
        head = Content.assemble(line(f.text, limit=80).stylize("bold $text-warning"), "  ",
                                line(what, limit=80).stylize("dim"))
        return Content.assemble(head, "\n", line(_shorten(_tidy(f.context), 160), limit=170).stylize("dim"))


class SourcesPane(AnalysisPane):
    TITLE = "Sources"
    EMPTY = "No sources named"

    def items(self, analysis: Analysis) -> list[SpanOption]:
        return [SpanOption(self.prompt(s), list(s.mentions)) for s in analysis.sources]

    @staticmethod
    def prompt(s: Source) -> Content:
        count = f"cited {s.cited}×"
        if s.quotes:
            count += f" · {s.quotes} quote{'s' if s.quotes != 1 else ''}"
        return Content.assemble(line(s.name, limit=120).stylize("bold"), "  ",
                                Content(s.kind).stylize("dim italic"), "\n", Content(count).stylize("dim"))
