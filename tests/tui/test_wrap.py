"""The article view's own line breaker agrees with Rich's public ``Text.wrap``.

The view keeps its breaker (it needs character offsets, not rendered lines);
this notices if Rich's wrapping, which the rest of the screen uses, ever
drifts from it.
"""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

from tui.widgets.article_view import divide_line, wrap_ranges

SAMPLES = [
    "東京の港で新しいフェリーが運航を始めた。市長は「安全が第一だ」と述べた。",
    "Der Bürgermeister sagte, 東京 und 大阪 seien Partnerstädte geworden, mit 12 neuen Linien.",
    "서울 시장은 새 버스 노선이 다음 달부터 운행된다고 말했다",
    "Ferry fares rise by 5% 東京港 " + "長" * 50 + " then short words follow here",
]


@pytest.mark.parametrize("width", [7, 12, 20, 33])
@pytest.mark.parametrize("text", SAMPLES)
def test_breaks_agree_with_rich_text_wrap(text: str, width: int) -> None:
    console = Console(width=width, file=None, legacy_windows=False)
    rich_lines = [line.plain.strip() for line in Text(text).wrap(console, width)]
    starts = [0, *divide_line(text, width)]
    ours = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]
    assert ours == rich_lines


def test_no_screen_line_is_wider_than_the_view() -> None:
    from rich.cells import cell_len

    text = "\n".join(SAMPLES)
    for a, b in wrap_ranges(text, 15):
        assert cell_len(text[a:b].rstrip()) <= 15
