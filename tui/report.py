"""The ``analyze --format text`` report, drawn with Rich.

Every string from the article goes in as a ``Text`` object, never as markup.
On a terminal that is not UTF-8 our own decorations fall back to ASCII (M8).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from feeds.analysis import Analysis
from feeds.core.dates import format_date
from feeds.core.model import Article
from feeds.core.sanitize import sanitize_display

from .cli_output import symbol


def _t(s: str | None, style: str = "") -> Text:
    return Text(sanitize_display(s or ""), style=style)


def _why(why: list[str]) -> Padding:
    """The rules that decided an item, as one dim line under it: '  why: cue:said-after → speaker:…'."""
    arrow = f" {symbol('→', '->')} "
    return Padding(_t("why: " + arrow.join(why or ["(no rule recorded)"]), "dim"), (0, 0, 0, 2))


def build_report(article: Article, analysis: Analysis, *, explain: bool = False) -> Group:
    """The report; with ``explain`` each item is followed by the rules that decided it."""
    meta = f" {symbol('·', '-')} ".join(x for x in (article.byline, article.source, format_date(article.published)) if x)
    parts: list = [_t(article.title, "bold"), _t(meta, "dim")]

    open_quote, close_quote = symbol("“", '"'), symbol("”", '"')
    parts.append(Text(f"\nQuotes ({len(analysis.quotes)})", style="bold underline"))
    for q in analysis.quotes:
        who = Text.assemble(_t(q.speaker or "unattributed", "bold"))
        if q.role:
            who.append_text(_t(f", {q.role}", "italic"))
        parts.append(Padding(Group(who, _t(f"{open_quote}{q.text}{close_quote}")), (0, 0, 0, 2)))
        if explain:
            parts.append(Padding(_why(q.why), (0, 0, 0, 2)))

    parts.append(Text(f"\nKey figures ({len(analysis.figures)})", style="bold underline"))
    table = Table(show_header=False, box=None, padding=(0, 1), pad_edge=False)
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for f in analysis.figures:
        table.add_row(_t(f.text), _t(f.kind), _t(f.context))
        if explain:
            table.add_row(None, None, _why(f.why))
    parts.append(Padding(table, (0, 0, 0, 2)))

    parts.append(Text(f"\nSources ({len(analysis.sources)})", style="bold underline"))
    for s in analysis.sources:
        line = Text.assemble(_t(s.name, "bold"), _t(f"  {s.kind}", "dim"),
                             _t(f"  cited {s.cited}{symbol('×', 'x')}" + (f", {s.quotes} quote(s)" if s.quotes else "")))
        parts.append(Padding(line, (0, 0, 0, 2)))
        if explain:
            parts.append(Padding(_why(s.why), (0, 0, 0, 2)))
    return Group(*parts)


def print_report(article: Article, analysis: Analysis, console: Console | None = None, *,
                 explain: bool = False) -> None:
    console = console or Console()
    console.print(build_report(article, analysis, explain=explain))
    console.print()
