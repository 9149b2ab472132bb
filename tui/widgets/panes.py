"""The three analysis panes: Quotes, Key figures, Sources.

Each pane is a list; moving onto an item posts :class:`SpanChosen` so the
article scrolls to that place and highlights it. Enter on a source steps
through the places the article cites it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

if TYPE_CHECKING:  # the analysis model is imported with the analyser, after the first frame
    from feeds.analysis import Analysis, Figure, Quote, Source

from ..text import line
from .navlist import NavList

QUOTE_PREVIEW = 240


class SpanOption(Option):
    """A pane row that knows which spans of the article it stands for."""

    def __init__(self, prompt: Content, spans: list[tuple[int, int]], id: str | None = None) -> None:
        super().__init__(prompt, id=id)
        self.spans = spans
        self.cursor = 0


class AnalysisPane(NavList):
    """Base pane: a titled list of analysis items, each tied to spans."""

    TITLE = ""
    EMPTY = ""
    #: multi-line rows run together without a rule between them
    SEPARATED = True

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
            self.set_options(_separated(items) if self.SEPARATED else items)
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
    BINDINGS = [Binding("c", "copy_quote", "Copy quote", id="quotes.copy")]

    @dataclass
    class SpeakerChosen(Message):
        """Enter on a quote: its speaker, to be looked up across the library (where there is one)."""

        speaker: str

    @dataclass
    class CopyQuote(Message):
        """``c`` on a quote: the screen adds the article's title and link and copies it."""

        quote: Quote

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._quotes: list[Quote] = []

    def items(self, analysis: Analysis) -> list[SpanOption]:
        self._quotes = list(analysis.quotes)
        return [SpanOption(self.prompt(q), [(q.start, q.end)], id=f"q{i}") for i, q in enumerate(analysis.quotes)]

    def _quote_at(self, index: int | None) -> Quote | None:
        option = self.get_option_at_index(index) if index is not None else None
        if option is None or not option.id or not option.id.startswith("q"):
            return None
        i = int(option.id[1:])
        return self._quotes[i] if i < len(self._quotes) else None

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        super().on_option_list_option_selected(event)
        quote = self._quote_at(event.option_index)
        if quote is not None and quote.speaker:
            self.post_message(self.SpeakerChosen(quote.speaker))

    def action_copy_quote(self) -> None:
        quote = self._quote_at(self.highlighted)
        if quote is not None:
            self.post_message(self.CopyQuote(quote))

    def prompt(self, q: Quote) -> Content:
        who = line(q.speaker or "unattributed", limit=120).stylize("bold" if q.speaker else "dim italic")
        role = line(f", {q.role}", limit=120).stylize("dim") if q.role else Content("")
        # speaker and role on one line: the quote is what the pane is for
        head = Content.assemble(who, role).truncate(self.row_width(), ellipsis=True)
        words = line(_shorten(q.text, QUOTE_PREVIEW), limit=QUOTE_PREVIEW + 2)
        marks = ("“", "”") if q.kind == "direct" else ("‘", "’")
        return Content.assemble(head, "\n", marks[0], words, marks[1])


class FiguresPane(AnalysisPane):
    """Key figures first, one line each; the rest behind a "+N more" row.

    A long report holds dozens of numbers (set scores, dates): one line per
    figure keeps the key ones on screen, and the highlighted row alone shows
    its sentence, so the context is there when it is wanted.
    """

    TITLE = "Key figures"
    EMPTY = "No figures in this article"
    SEPARATED = False
    MORE_ID = "figures-more"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._figures: list[Figure] = []
        self._expanded = False
        self._open: int | None = None

    def show(self, analysis: Analysis | None) -> None:
        self._figures = _key_first(analysis.figures) if analysis is not None else []
        self._expanded = False
        self._open = None
        super().show(analysis)
        keys = sum(f.key for f in self._figures)
        if analysis is not None and 0 < keys < len(self._figures):
            self.border_title = Content(f"{self.TITLE} ({keys} of {len(self._figures)})")

    def items(self, analysis: Analysis) -> list[SpanOption]:
        shown = self._figures if self._expanded else [f for f in self._figures if f.key] or self._figures
        rows = [SpanOption(self.prompt(f, self.row_width()), [(f.start, f.end)]) for f in shown]
        hidden = len(self._figures) - len(shown)
        if hidden:
            rows.append(SpanOption(Content(f"+{hidden} more").stylize("italic $text-accent"), [], id=self.MORE_ID))
        return rows

    def show_more(self) -> None:
        """Expand the "+N more" row into every figure, keeping the cursor where it was."""
        at = self.highlighted
        self._expanded = True
        self._open = None
        from feeds.analysis import Analysis

        self.set_options(self.items(Analysis(figures=self._figures)))
        if at is not None and self.option_count:
            self.highlighted = min(at, self.option_count - 1)

    def on_option_list_option_highlighted(self, event: NavList.OptionHighlighted) -> None:
        self._show_context(event.option_index)
        super().on_option_list_option_highlighted(event)

    def on_option_list_option_selected(self, event: NavList.OptionSelected) -> None:
        if event.option.id == self.MORE_ID:
            event.stop()
            self.show_more()
            return
        super().on_option_list_option_selected(event)

    def _show_context(self, index: int | None) -> None:
        """The highlighted row grows its sentence; the row left behind is one line again."""
        if self._open is not None and self._open != index and self._open < self.option_count:
            self._set_prompt(self._open, with_context=False)
        self._open = None
        if index is not None and self._set_prompt(index, with_context=True):
            self._open = index

    def _set_prompt(self, index: int, *, with_context: bool) -> bool:
        option = self.get_option_at_index(index)
        if not isinstance(option, SpanOption) or not option.spans:
            return False
        f = next((f for f in self._figures if (f.start, f.end) == option.spans[0]), None)
        if f is None:
            return False
        prompt = self.prompt(f, self.row_width())
        if with_context:
            prompt = Content.assemble(prompt, "\n",
                                      line(_shorten(_tidy(f.context), 160), limit=170).stylize("dim"))
        self.replace_option_prompt_at_index(index, prompt)
        return True

    @staticmethod
    def prompt(f: Figure, width: int = 60) -> Content:
        """One line: the figure, then what it is about (``54,000  US troops on bases in Japan``)."""
        head = line(f.text, limit=80).stylize("bold $text-warning")
        about = line(_about(f), limit=200).stylize("dim")
        return Content.assemble(head, "  ", about).truncate(width, ellipsis=True)


def _key_first(figures: list[Figure]) -> list[Figure]:
    """Key figures in article order, then the others in article order."""
    return [f for f in figures if f.key] + [f for f in figures if not f.key]


#: where a clause ends: punctuation before a space (not the point in "$3.2"), a dash, a bracket, a mark
_CLAUSE_END = re.compile(r"[,;:.!?)](?=\s|$)|[—–(“”\"]")


def _about(f: Figure) -> str:
    """What a figure is about: the words after it in its clause, else its unit or kind."""
    at = f.context.find(f.text)
    after = f.context[at + len(f.text):] if at >= 0 else ""
    end = _CLAUSE_END.search(after)
    cut = end.start() if end else len(after)
    words = after[:cut].split()
    if len(words) >= 2:
        return " ".join(words[:8])
    text = f.text.casefold()
    return next((w for w in (f.unit, f.kind) if w and w.casefold() not in text), "")


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
