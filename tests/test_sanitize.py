"""The display boundary: no byte from outside may drive the terminal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.core.sanitize import has_control_chars, sanitize_display, sanitize_line, sanitize_text

TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PAYLOADS = {
    "osc-title-bel": "News\x1b]0;pwned\x07 today",
    "osc-title-st": "News\x1b]2;pwned\x1b\\ today",
    "csi-wipe": "a\x1b[2J\x1b[Hb\x1b[31mRED",
    "osc8-link": "\x1b]8;;https://evil.example\x1b\\Official\x1b]8;;\x1b\\",
    "osc52-clipboard": "x\x1b]52;c;Y3VybCBldmlsfHNo\x07y",
    "c1-csi": "bold\x9b1mtext",
    "c1-osc": "News\x9d0;pwned\x9c",
    "dcs-query": "q\x1bP$qm\x1b\\r",
    "report-queries": "\x1b[21t\x1b[6n\x1b]10;?\x07",
    "unterminated-osc": "start\x1b]0;never ends",
    "nul-and-del": "a\x00b\x7fc",
    "lone-surrogate": "a\ud800b",
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_escape_sequences_never_survive(name: str) -> None:
    for fn in (sanitize_text, sanitize_line, sanitize_display):
        out = fn(PAYLOADS[name])
        assert not TERMINAL_UNSAFE.search(out), (fn.__name__, out)
        assert "\x1b" not in out


def test_sequences_are_removed_whole_and_text_kept() -> None:
    assert sanitize_line("a\x1b[2J\x1b[Hb\x1b[31mRED") == "abRED"
    assert sanitize_line("News\x1b]0;pwned\x07 today") == "News today"
    assert sanitize_line("\x1b]8;;https://evil.example\x1b\\Official\x1b]8;;\x1b\\") == "Official"


def test_overprint_tricks_are_neutralised() -> None:
    assert sanitize_text("Good\rEvil") == "Good\nEvil"
    assert "\x08" not in sanitize_text("Safe\x08\x08\x08\x08Evil")
    assert sanitize_text("a\r\nb") == "a\nb"
    assert "\t" not in sanitize_text("a\tb")


def test_bidi_and_invisible_characters_leave_one_line_fields() -> None:
    assert sanitize_line("Invoice \u202egnp.exe\u200b") == "Invoice gnp.exe"
    assert sanitize_line("a\u2066b\u2069") == "ab"


def test_ordinary_text_is_untouched() -> None:
    text = "Zoë said «bonjour» — 東京 2% €40m\n\nSecond paragraph 👩\u200d👩\u200d👧."
    assert sanitize_text(text) == text
    assert sanitize_display(text) is text  # the fast path does no work


def test_sanitize_line_flattens_and_bounds() -> None:
    assert sanitize_line("  two\n\nlines\t here ") == "two lines here"
    long = sanitize_line("x" * 5000, limit=100)
    assert len(long) == 100 and long.endswith("…")


def test_has_control_chars() -> None:
    assert has_control_chars("a\x1bb")
    assert not has_control_chars("plain\ntext\t")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300))
def test_property_output_is_terminal_clean_and_idempotent(s: str) -> None:
    once = sanitize_display(s)
    assert not TERMINAL_UNSAFE.search(once)
    assert not re.search(r"[\ud800-\udfff]", once)
    assert sanitize_display(once) == once
    line = sanitize_line(s)
    assert "\n" not in line and not TERMINAL_UNSAFE.search(line)
