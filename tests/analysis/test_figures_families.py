"""Issue 14, Key figures: the formats that were missed, units that were junk, and what is key.

Each family is checked on sentences of our own, the way a reader meets them:
the figure's text, its normalised value, its unit (what it counts, or
nothing) and whether it is one of the few marked ``key``.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from feeds.analysis import analyze
from feeds.analysis.figure_key import MAX_KEY

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "articles"

#: A first paragraph long enough not to be taken for a headline: later figures are not in the lede.
LEDE = ("The committee met for most of the afternoon and went through its agenda item by item, as it "
        "does every month, before the chair closed the session.\n\n")


def figures(text: str) -> list[tuple[str, object, str | None, str]]:
    return [(f.text, f.value, f.unit, f.kind) for f in analyze(text).figures]


@pytest.mark.parametrize(("sentence", "want"), [
    ("The vote was held on 02/22/2016 in Iowa.", ("02/22/2016", "2016-02-22", None, "date")),
    ("The deal closed on 2015-08-12 after long talks.", ("2015-08-12", "2015-08-12", None, "date")),
    ("The exhibition opened on 13.5.2015 in Bonn.", ("13.5.2015", "2015-05-13", None, "date")),
    ("The exhibition opened on 16. Nov. 2016 in Bonn.", ("16. Nov. 2016", "2016-11-16", None, "date")),
    ("The filing is due 22/04/2019 at the latest.", ("22/04/2019", "2019-04-22", None, "date")),
    ("Polls close on 4/22/16 nationwide.", ("4/22/16", "2016-04-22", None, "date")),
])
def test_numeric_dates_are_one_date_with_an_iso_value(sentence, want):
    assert figures(sentence) == [want]


def test_written_numbers_and_fractions():
    assert figures("The fund holds one and a half million dollars.") == [
        ("one and a half million dollars", 1_500_000, "dollars", "money")]
    assert figures("Three quarters of the staff left.") == [("Three quarters", 0.75, None, "ratio")]
    # the forms read before stay as they were
    assert figures("About two-thirds of voters agreed.") == [("two-thirds", 0.6667, None, "ratio")]
    assert figures("Twenty-three people were hurt.") == [("Twenty-three", 23, "people", "count")]


def test_compact_amounts():
    assert figures("The start-up raised 1.2b last year.") == [("1.2b", 1_200_000_000, None, "count")]
    assert figures("The post got 10k likes.") == [("10k", 10_000, "likes", "count")]
    assert figures("The plan costs $5bn in total.") == [("$5bn", 5_000_000_000, "$", "money")]
    assert figures("Section 3b of the act applies.") == []  # a letter after a whole number is no billion


def test_south_asian_grouping_and_scales():
    assert figures("The district has 12,34,567 voters.") == [("12,34,567", 1_234_567, "voters", "count")]
    assert figures("The bridge cost Rs 5 crore in all.") == [("Rs 5 crore", 50_000_000, "Rs", "money")]
    assert figures("Some 2 lakh pilgrims attended.") == [("2 lakh", 200_000, "pilgrims", "count")]


@pytest.mark.parametrize(("sentence", "want"), [
    ("The keeper is 5 feet 2 inches tall.", ("5 feet 2 inches", 62, "inches", "measure")),
    ("The boxer weighed 10 stone 4 pounds.", ("10 stone 4 pounds", 144, "pounds", "measure")),
])
def test_composite_measures_are_one_measure_in_the_smaller_unit(sentence, want):
    assert figures(sentence) == [want]


@pytest.mark.parametrize(("sentence", "want"), [
    ("She served 2 years 1 month in jail.", ("2 years 1 month", "P2Y1M", None, "measure")),
    ("The final lasted two hours and 41 minutes.", ("two hours and 41 minutes", "PT2H41M", None, "measure")),
    ("The strike lasted 3 weeks, 2 days.", ("3 weeks, 2 days", "P3W2D", None, "measure")),
])
def test_durations_are_one_duration(sentence, want):
    assert figures(sentence) == [want]


def test_phones_and_addresses_are_no_figures_while_scores_times_versions_stay_as_they_were():
    assert figures("Call 555-123-4567 for tickets.") == []
    assert figures("Call (212) 555-0187 for tickets.") == []
    for phone in ("+44 20 7946 0958", "+33 1 42 68 53 00", "+91 98765 43210", "020 7946 0958",
                  "(02) 9876 5432", "+49 30 901820"):
        assert figures(f"Readers can call the helpline on {phone} until Friday.") == [], phone
    assert figures("Turnout rose to 44 per cent in 2020 from 38 per cent.") != []  # counts stay figures
    assert figures("The band lives at 221 Baker Street now.") == []
    assert figures("Nadal took the first set 6-4 in Paris.") == [("6-4", "6-4", None, "score")]
    assert figures("The polls close at 10:30 tonight.") == [("10:30", "10:30", None, "time")]
    assert figures("Update to version 3.2.1 before Monday.") == []
    assert figures("Between 100-1500 people are expected.") == [("100-1500", [100, 1500], None, "range")]


@pytest.mark.parametrize(("sentence", "text", "unit"), [
    ("Four national parks closed for the winter.", "Four", "national parks"),
    ("The player made 47 unforced errors.", "47", "unforced errors"),
    ("Two main roads were shut.", "Two", "main roads"),
    ("The board named four national security advisers.", "four", None),
    ("Officials met four national leaders.", "four", "national leaders"),
    ("He has signed it once, in May.", "once", None),
    ("Some 600,000 Israelis live in the area.", "600,000", "Israelis"),
])
def test_a_unit_is_what_the_figure_counts_or_nothing(sentence, text, unit):
    got = {t: u for t, _, u, _ in figures(sentence)}
    assert got[text] == unit


def test_an_adjective_is_never_the_unit():
    got = {t: u for t, _, u, _ in figures("The league has four regional and two national.")}
    assert got == {"four": None, "two": None}


@pytest.mark.parametrize("sentence", ["The Six-Day War ended in 1967.", "The team joined the Big Ten in 1990."])
def test_a_number_word_inside_a_capitalised_name_is_no_figure(sentence):
    assert [t for t, *_ in figures(sentence)] == [t for t in ("1967", "1990") if t in sentence]


def key_texts(text: str) -> list[str]:
    return [f.text for f in analyze(text).figures if f.key]


def test_headline_and_lede_figures_are_key_but_later_dates_are_not():
    text = ("Japan hosts 54,000 US troops on bases across the country.\n\n"
            "The first bases opened in 1952, and the treaty was signed on March 3, 1960.")
    assert key_texts(text) == ["54,000"]


def test_money_percent_measures_and_counted_things_are_key_bare_numbers_are_not():
    text = LEDE + ("The town spent $4.5 million on the bridge, 12% over budget. "
                   "Work took 14 months and 300 workers were hired; 29 of 40 was the tally in 1998.")
    assert key_texts(text) == ["$4.5 million", "12%", "14 months", "300"]


def test_disputed_figures_are_key():
    text = LEDE + "The mayor disputed the tally of 9,000, saying it was 7,000. Police said it was 3,000."
    assert key_texts(text) == ["9,000", "7,000"]


def test_the_final_score_is_key_not_every_set():
    text = LEDE + ("Okafor won the final 2-1 on Sunday. "
                   "\n\nShe took the first set 6-4, lost the second 3-6 and won the third 7-6 (5).")
    keys = key_texts(text)
    assert "2-1" in keys and not {"6-4", "3-6", "7-6"} & set(keys)


def test_a_repeated_figure_is_key_once():
    text = LEDE + "The fine was $40,000. Lawyers said the $40,000 fine was fair."
    assert key_texts(text) == ["$40,000"]
    assert sum(f.key for f in analyze(text).figures) == 1


def test_never_more_than_twelve_key_figures_and_earlier_rules_win():
    counts = " ".join(f"Team {i} fielded {i + 3} players." for i in range(1, 20))
    text = LEDE + counts + " The budget was $9 million."
    figs = analyze(text).figures
    keys = [f for f in figs if f.key]
    assert len(keys) == MAX_KEY
    assert "$9 million" in [f.text for f in keys]  # money outranks the counts that came before it


def test_json_output_carries_key():
    d = analyze("Japan hosts 54,000 US troops.").to_dict()
    assert d["figures"][0]["key"] is True
    assert json.loads(json.dumps(d))["figures"][0]["key"] is True


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_median_key_figures_is_three_to_eight_and_never_above_twelve():
    counts = [sum(f.key for f in analyze(p.read_text(encoding="utf-8")).figures)
              for p in sorted(CORPUS.glob("*.txt"))]
    assert 3 <= statistics.median(counts) <= 8
    assert max(counts) <= MAX_KEY


def test_a_figure_the_headline_gives_is_key_though_the_headline_is_not_in_the_text():
    # the title is the article's own, not part of its text: its numbers still say what is key
    text = ("Rescue teams worked through the night along the coast, as the storm moved slowly north "
            "and the roads stayed closed to all but emergency traffic.\n\n"
            "By Tuesday the toll had risen to 41 from 29, officials said.")
    key = lambda title: {f.text for f in analyze(text, title=title).figures if f.key}  # noqa: E731
    assert "41" in key("Storm toll rises to 41 on the coast")
    assert "41" not in key("Storm hits the coast")
    assert "29" not in key("Storm toll rises to 41 on the coast")
