"""Hostile input (hostile-input.md E4/E5): valid analysis, never an exception, linear time."""

from __future__ import annotations

import pytest

from feeds.analysis import Analysis, analyze


def ok(text: str) -> Analysis:
    a = analyze(text)
    assert isinstance(a, Analysis)
    d = a.to_dict()
    assert set(d) == {"quotes", "figures", "sources"}
    for q in a.quotes:
        assert text[q.start:q.end] == q.text
    for f in a.figures:
        assert text[f.start:f.end] == f.text
    return a


def test_empty_and_blank_text():
    assert ok("").empty
    assert ok("   \n\n  ").empty


def test_text_without_quotes():
    a = ok("The river rose slowly through the night and the town stayed dry.")
    assert a.quotes == []


def test_unbalanced_marks():
    a = ok("He said “this never closes and she said ”that never opens. 'Half done")
    assert all(q.text for q in a.quotes)


@pytest.mark.timeout(10)
def test_ten_thousand_unmatched_marks():
    ok("“" * 10_000)
    ok("\" " * 10_000)


@pytest.mark.timeout(10)
def test_e4_hundred_thousand_unmatched_open_quotes():
    assert ok("“" * 100_000).quotes == []


@pytest.mark.timeout(10)
def test_e4_alternating_double_and_single_marks():
    ok("\"'" * 50_000)


@pytest.mark.timeout(10)
def test_e4_megabyte_of_spaces_between_quotes():
    assert ok("\"" + " " * 1_000_000 + "\"").quotes == []


@pytest.mark.timeout(10)
def test_e4_nested_guillemets():
    ok("«‹" * 50_000)
    ok("«" * 50_000 + "x" + "»" * 50_000)


@pytest.mark.timeout(20)
def test_one_megabyte_paragraph():
    a = ok("The council said \"the plan works\" for 5,000 homes in 2020 and beyond. " * 14_000)
    assert len(a.quotes) <= 5000 and len(a.figures) <= 5000  # results stay bounded


@pytest.mark.timeout(10)
def test_e5_five_thousand_digit_number():
    a = ok("The count was " + "7" * 5000 + " exactly.")
    assert [f.value for f in a.figures] == [None]  # unparseable, not an error


def test_e5_inf_nan_and_overflow():
    ok("Values: 1e309, NaN, ∞, -∞ and 1e-400 were logged.")


@pytest.mark.timeout(10)
def test_e5_hundred_thousand_thousands_groups():
    a = ok("Total: 1" + ",000" * 100_000 + " units.")
    assert len(a.figures) == 1 and a.figures[0].value is None


def test_e5_arabic_indic_digits_and_separator():
    ok("بلغ عدد السكان ٣٤٥٬٠٠٠ نسمة بنسبة ١٢٫٥٪ في عام ٢٠٢٠")


def test_non_english_text():
    ok("Der Minister sagte: „Wir bauen 300 neue Wohnungen.“ 東京で「こんにちは」と言った。")


def test_control_characters():
    ok("a\x00b\x07c “quote\x1b here” said Ann Lee \x7f 5%")


@pytest.mark.timeout(20)
def test_capitalised_word_runs_and_digit_runs():
    ok("Aaa Bbb Ccc Ddd said " * 20_000)
    ok("1 2 3 4 5 6 " * 50_000)
