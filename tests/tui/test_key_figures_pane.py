"""The Key figures pane: the key figures first, one line each, the rest behind "+N more".

A tennis report holds dozens of numbers, most of them set scores. The pane
must lead with the result, the money and the counted things, each on one
line, show a figure's sentence only when the cursor is on it, and keep the
set scores behind a "+N more" row that Enter expands.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from feeds.analysis import analyze
from feeds.formats.plaintext import article_from_text
from tui.app import make_app
from tui.widgets.article_view import ArticleView
from tui.widgets.panes import FiguresPane

from ..conftest import installed_command
from .harness import UNSAFE, region_text, screen_bytes_outside_sgr, settle
from .test_tmux import Tmux

WIDE = (120, 40)

#: An invented report: a final score and prize money in the lede, then set after set.
TENNIS = """Okafor wins Lakeside Open final and a big prize

Amara Okafor won the Lakeside Open on Sunday, beating Lena Varga 2-1 to take the $3.2 million winner's cheque.

Okafor took the first set 6-4, lost the second 3-6 and closed out the third 7-6 (5) after two hours and 41 minutes.

In the semi-final on Saturday she had beaten Mia Holt 6-2, 6-3, and in the quarter-final Rosa Lind 7-5, 4-6, 6-1.

Earlier she beat Ida Berg 6-0, 6-2 and Tove Dahl 6-4, 7-5, after losing 5-7, 2-6 to Berg in March.

Varga, 24, hit 38 winners but made 47 unforced errors. She served at 61 per cent.

The tournament, first played in 1987, lasted 14 days. Okafor, 27, has won 11 titles.
"""


def write_report(tmp_path: Path, text: str = TENNIS) -> Path:
    path = tmp_path / "tennis.txt"
    path.write_text(text, encoding="utf-8")
    return path


def expected(path: Path):
    """The analysis the app makes of the file: which figures are key, which are not."""
    article = article_from_text(path.read_text(encoding="utf-8"), str(path), fallback_title="tennis")
    figs = analyze(article.text).figures
    return [f for f in figs if f.key], [f for f in figs if not f.key]


def prompt_lines(pane: FiguresPane, index: int) -> list[str]:
    return str(pane.get_option_at_index(index).prompt).splitlines()


async def test_key_figures_first_one_line_each_then_more_row_that_expands(tmp_path: Path) -> None:
    path = write_report(tmp_path)
    key, rest = expected(path)
    assert key[0].text == "2-1" and key[1].text == "$3.2 million"
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.screen.query_one(FiguresPane)
        assert app.focused is pane
        # key figures first, in article order; then one "+N more" row
        assert pane.option_count == len(key) + 1
        for i, f in enumerate(key):
            assert str(pane.get_option_at_index(i).prompt).startswith(f.text)
        assert str(pane.get_option_at_index(len(key)).prompt) == f"+{len(rest)} more"
        shown = region_text(app, pane)
        assert "2-1" in shown and "$3.2 million" in shown
        assert "6-4" not in shown  # the set scores wait behind "+N more"
        assert f"({len(key)} of {len(key) + len(rest)})" in shown  # the title says how many are key
        # one line each: only the highlighted row carries its sentence
        assert pane.highlighted == 0
        assert len(prompt_lines(pane, 0)) == 2 and "beating Lena Varga" in prompt_lines(pane, 0)[1]
        assert all(len(prompt_lines(pane, i)) == 1 for i in range(1, len(key)))
        # what a figure is about follows it on its line
        assert any("winners" in line for line in shown.splitlines() if "38" in line)
        # moving on: the sentence moves with the cursor
        await pilot.press("j")
        await pilot.pause()
        assert len(prompt_lines(pane, 0)) == 1 and len(prompt_lines(pane, 1)) == 2
        # Enter on "+N more" shows every figure, key ones still first
        await pilot.press("G")
        await pilot.pause()
        assert f"+{len(rest)} more" in region_text(app, pane)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.option_count == len(key) + len(rest)
        texts = [str(pane.get_option_at_index(i).prompt).splitlines()[0] for i in range(pane.option_count)]
        assert all(t.startswith(f.text) for t, f in zip(texts, key + rest))
        assert not any(t.startswith("+") and t.endswith("more") for t in texts)


async def test_selecting_a_key_figure_shows_its_context_and_highlights_it_in_the_article(tmp_path: Path) -> None:
    path = write_report(tmp_path)
    key, _ = expected(path)
    money = next(i for i, f in enumerate(key) if f.text == "$3.2 million")
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.screen.query_one(FiguresPane)
        for _ in range(money):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert "winner's cheque" in region_text(app, pane)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        start, end = key[money].start, key[money].end
        assert view.article.text[start:end] == "$3.2 million"
        assert view.selected == (start, end)


async def test_figure_rows_carry_no_markup_or_control_codes_from_the_article(tmp_path: Path) -> None:
    hostile = TENNIS.replace("winner's cheque", "[b]winner's[/b] \x1b[31mcheque")
    path = write_report(tmp_path, hostile)
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        pane = app.screen.query_one(FiguresPane)
        rows = [str(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        money = next(row for row in rows if row.startswith("$3.2 million"))
        # one line; the markup is shown as text, not applied; the escape code is gone
        assert money.startswith("$3.2 million  [b]winner's[/b] c") and "\n" not in money
        assert not UNSAFE.search(screen_bytes_outside_sgr(app))


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_installed_command_leads_the_pane_with_the_final_score_and_the_money(isolated_home: Path,
                                                                              tmp_path: Path) -> None:
    """End to end in a real terminal: the result and the prize first, the set scores behind "+N more"."""
    path = write_report(tmp_path)
    key, rest = expected(path)
    term = Tmux(isolated_home)
    try:
        term.start([installed_command(), str(path)])
        term.wait_for("Okafor wins Lakeside Open")
        term.send("Enter")
        term.wait_for("Key figures (")
        term.send("2")
        screen = term.wait_for(f"({len(key)} of {len(key) + len(rest)})")
        rows = _pane_rows(screen)
        assert rows[0].startswith("2-1  ")  # the final score leads
        assert any(r.startswith("$3.2 million  winner's cheque") for r in rows[:6])  # then the money
        assert not any(r.startswith(("6-4", "3-6", "7-6")) for r in rows)  # no set scores yet
        term.send("G")
        screen = term.wait_for(f"+{len(rest)} more")
        term.send("Enter")  # expands: the set scores are there now
        deadline = time.monotonic() + 10
        while f"+{len(rest)} more" in term.screen() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert f"+{len(rest)} more" not in term.screen()
        term.send("g")
        time.sleep(0.3)
        for _ in range(len(key) + 1):
            term.send("j")
        assert any(r.startswith(("6-4", "3-6", "7-6", "6-2")) for r in _pane_rows(term.wait_for("  6-")))
    finally:
        term.kill()


def _pane_rows(screen: str) -> list[str]:
    """The rows of the Key figures pane, read from the right-hand column of a 120-column screen."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "Key figures (" in line)
    col = lines[top].index("╭", 60) if "╭" in lines[top][60:] else 80
    rows = []
    for line in lines[top + 1:]:
        cell = line[col + 1:].rstrip().rstrip("│▇▁ ").strip()
        if line[col:col + 1] == "╰":
            break
        if cell:
            rows.append(cell)
    return rows
