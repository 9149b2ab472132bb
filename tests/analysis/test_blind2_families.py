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


def test_an_emergency_number_is_no_count_but_a_count_of_calls_is():
    assert figures("She made a 999 call and then waited.") == []
    assert figures("The hotline received 112 calls on Monday.") == [("112", 112, "calls", "count")]


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
    # an amount too long to be a figure has no value, never an error or infinity
    assert figures("The claim was for N" + "9" * 400 + "m in all.")[0][1:] == (None, "N", "money")


def test_a_stated_age_is_an_age():
    assert figures("I'm 74 and have never been so frightened.") == [("74", 74, "years old", "age")]
    assert figures("I'm 74 percent sure of it.") == [("74 percent", 74, None, "percent")]


# --- 1. a share of a population is no speaker --------------------------------------------------


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in analyze(text).quotes]


def sources(text: str) -> list[tuple[str, str]]:
    return [(s.name, str(s.kind)) for s in analyze(text).sources]


def test_a_share_of_a_population_speaks_through_its_poll():
    text = ("A new Harbor Times poll has fresh numbers: 44 percent of voters said the mayor "
            "“broke the law during the call.”")
    assert speakers(text) == [("broke the law during the call.", "A new Harbor Times poll")]
    assert sources(text) == [("A new Harbor Times poll", "document")]


def test_a_share_with_no_poll_named_is_neither_speaker_nor_source():
    text = "Some 44 percent of voters said the mayor “broke the law during the call.”"
    assert all(speaker != "Some 44 percent of voters" for _, speaker in speakers(text))
    assert not any("percent" in name for name, _ in sources(text))


# --- 2. "the President" is who holds the title as a title ---------------------------------------


def test_a_bare_capitalised_title_is_the_person_written_with_it():
    text = ("President Mary Hill spoke on Monday about the oil fields.\n\n"
            "The talks began after the nation’s president, Carlos Ruiz, was ousted. "
            "“Our companies will go in and fix it,” the President said.")
    assert speakers(text) == [("Our companies will go in and fix it,", "Mary Hill")]
    # in lower case, "the president" is still the one just described
    assert speakers(text.replace("the President said", "the president said")) == [
        ("Our companies will go in and fix it,", "Carlos Ruiz")]


# --- 3. a statement introduced by a colon, without a speech verb -------------------------------


def test_words_after_the_following_statement_are_its_sharers():
    text = ("Mayor Lena Ortiz shared harbourday.org, the website for the festival, which contains the "
            "following statement:\n\n“The pier will reopen after the repairs. Come and see it.”")
    assert speakers(text) == [("The pier will reopen after the repairs. Come and see it.", "Lena Ortiz")]


# --- 7. how a source is named ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "It would let the six Democratic presidential candidates campaign.\n\nTo start, it confirms recent polling.",
    "Federal prosecutors filed charges. It said the case was strong.",
])
def test_an_adjective_alone_is_no_source(text):
    assert sources(text) == []


def test_a_role_word_is_no_part_of_a_name():
    assert sources("Employee Steve Castro said the line was long.") == [("Steve Castro", "person")]


def test_data_released_by_a_body_is_that_body():
    assert [n for n, _ in sources("Exports fell 4%, according to data released by the Trade Ministry.")] == [
        "Trade Ministry"]


def test_a_report_in_an_outlet_is_the_outlet_and_the_report_after_it_too():
    text = ("According to a report in the Harbor Ledger of Bay City, the mayor quit on Monday. "
            "The report says the council knew for weeks.")
    assert sources(text) == [("Harbor Ledger", "outlet")]


# --- 8. outlets in a list ----------------------------------------------------------------------------


def test_each_outlet_of_a_from_to_list_is_a_source():
    text = "From The New York Times to the CNN to Harbor Weekly Traveller, every paper ran the story."
    assert {n for n, _ in sources(text)} == {"The New York Times", "CNN", "Harbor Weekly Traveller"}
    assert sources("From London to Paris to Harbor Bay, the trains ran late.") == []
    # the period after the last item ends the sentence, not the name
    assert {n for n, _ in sources("The story ran from The New York Times to CNN.")} == {"The New York Times", "CNN"}
