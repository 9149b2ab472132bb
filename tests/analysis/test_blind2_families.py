"""Issue 14, second blind set: the failure families it showed, checked on sentences of our own.

Figures (split or cut short, numbers inside names and codes, formats missed),
speakers and sources (shares of a population, titles, statements introduced by
a colon, adjectives, outlets) — each the way a reader meets them in the pane.
"""

from __future__ import annotations

import pytest

from feeds.analysis import analyze


def figures(text: str) -> list[tuple[str, object, str | None, str]]:
    return [(f.text, f.value, f.unit, f.kind) for f in analyze(text).figures]


# --- 4. figures split or cut short ------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "want"), [
    ("Patients breathe 80% to 90% pure oxygen there.", ("80% to 90%", [80, 90], "percent", "range")),
    ("The ceasefire ended a near 1-1/2 year border war.", ("1-1/2 year", 1.5, "year", "measure")),
    ("The mayor lost by five-and-a-half points.", ("five-and-a-half points", 5.5, "points", "measure")),
    ("The town spent nearly half a million dollars on signs.",
     ("half a million dollars", 500_000, "dollars", "money")),
])
def test_a_figure_is_read_whole_not_split(sentence, want):
    assert figures(sentence) == [want]


def test_a_percentage_range_is_one_but_from_one_to_another_is_two():
    assert figures("Nurses say 80% to 90% of beds are full.")[0][3] == "range"
    assert figures("Its share rose from 23% to 35%.") == [("23%", 23, None, "percent"), ("35%", 35, None, "percent")]


# --- 5. numbers inside names and codes ------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "The S&P 500 index and the STOXX 600 slipped while the FTSE 100 held.",
    "The FTSE 100 and the DAX 40 closed flat, as did the Russell 2000.",
    "The suit, numbered FHC/ABJ/03/095/2018, was heard on Monday.",
    "Dispatchers took 911 calls all night.",
    "Write to P.O. Box 12, Fresno, CA 93650.",
])
def test_numbers_in_names_and_codes_are_no_figures(sentence):
    assert figures(sentence) == []


def test_an_index_move_keeps_its_own_figure_only():
    assert figures("The STOXX 600 fell 1.2%.") == [("1.2%", 1.2, None, "percent")]


# --- 6. formats missed ------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "want"), [
    ("The court awarded N500m in damages.", ("N500m", 500_000_000, "N", "money")),
    ("The council owes N2.5bn to its staff.", ("N2.5bn", 2_500_000_000, "N", "money")),
    ("The stadium upgrade cost R20m.", ("R20m", 20_000_000, "R", "money")),
    ("Each farmer got K5,000 in aid.", ("K5,000", 5_000, "K", "money")),
])
def test_an_amount_after_a_currency_letter_is_money(sentence, want):
    assert figures(sentence) == [want]


def test_a_letter_and_a_number_without_a_scale_stay_a_code():
    assert figures("Nurses wore an N95 mask and paid N300m for them.") == [("N300m", 300_000_000, "N", "money")]
    assert figures("She took the R2 bus to a R1.5bn stadium.") == [("R1.5bn", 1_500_000_000, "R", "money")]


def test_a_stated_age_is_an_age():
    assert figures("I'm 74 and have never been so frightened.") == [("74", 74, "years old", "age")]
    assert figures("I'm 74 percent sure of it.") == [("74 percent", 74, None, "percent")]
