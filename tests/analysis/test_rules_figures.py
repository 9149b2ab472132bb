"""Figures say which rules made them, and the figure word lists are data the analyser reads.

A reader asking "why is this a figure, and why this unit?" gets the answer in
each figure's ``why`` (shown by ``analyze --explain``): the pattern rule first,
then the rule that gave the unit. These tests pin that trace for one figure of
each kind, and check that every unit and currency listed in the data files is
read as one, so a word added to a file works without touching code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from feeds.analysis import analyze
from feeds.analysis.lexicon.data import lines, words
from feeds.analysis.rules import rules

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seed"

# (sentence, the figure's text, its kind, its unit, the rules that made it, in order)
CASES = [
    ("Japan hosts 54,000 US troops.", "54,000", "count", "US troops", ["figure:count", "figure:unit-after"]),
    ("Debt reached 90% of GDP last year.", "90%", "percent", "of GDP", ["figure:percent", "figure:unit-of"]),
    ("The wall is 12 feet tall.", "12 feet", "measure", "feet", ["figure:measure", "figure:unit-attached"]),
    ("The bridge cost $1.2 billion.", "$1.2 billion", "money", "$", ["figure:money", "figure:unit-attached"]),
    ("Terms run from three weeks to five years.", "three weeks to five years", "range", "weeks",
     ["figure:number-word", "figure:word-range", "figure:unit-attached"]),
    ("She won the final 6-4.", "6-4", "score", None, ["figure:score"]),
    ("Seven out of ten voters agreed.", "Seven out of ten", "ratio", "voters", ["figure:out-of", "figure:unit-after"]),
    ("Dana Hill, 35, said she would stay.", "35", "age", "years old", ["figure:age-after-name"]),
    ("The dam was built in 1962.", "1962", "year", None, ["figure:year"]),
    ("Between 2,000 and 3,000 people came.", "2,000 and 3,000", "range", None, ["figure:range"]),
    ("Voting ends on 5 May 2020.", "5 May 2020", "date", None, ["figure:day-month"]),
    ("The talks opened on March 3, 2021 in Oslo.", "March 3, 2021", "date", None, ["figure:date"]),
    ("The march lasted five days.", "five days", "measure", "days",
     ["figure:number-word", "figure:measure", "figure:unit-attached"]),
    ("The city has 2 million residents.", "2 million", "count", "residents", ["figure:scaled", "figure:unit-after"]),
    ("The panel has met twice.", "twice", "count", None, ["figure:once-twice"]),
]


@pytest.mark.parametrize(("sentence", "text", "kind", "unit", "why"), CASES, ids=[c[1] for c in CASES])
def test_a_figure_names_the_pattern_and_unit_rules_that_made_it(sentence, text, kind, unit, why):
    figs = {f.text: f for f in analyze(sentence).figures}
    assert text in figs, f"no figure {text!r} in {sentence!r}: {list(figs)}"
    f = figs[text]
    assert (f.kind, f.unit, _made(f)) == (kind, unit, why)


def _made(f) -> list[str]:
    """The rules that made a figure, without the key rules that come last (figure_key.py)."""
    return [w for w in f.why if not w.startswith("figure:key-")]


def test_the_trace_is_in_the_explained_json_only():
    a = analyze("Debt reached 90% of GDP last year.")
    assert a.to_dict(explain=True)["figures"][0]["why"][:2] == ["figure:percent", "figure:unit-of"]
    assert "why" not in a.to_dict()["figures"][0]


def test_two_numbers_that_make_no_range_are_two_counts():
    figs = analyze("Some 2,000 people came, and 3,000 left.").figures
    assert [(f.text, f.why[0]) for f in figs] == [("2,000", "figure:count"), ("3,000", "figure:count")]


@pytest.mark.skipif(not SEED.is_dir(), reason="shared corpus not present")
def test_every_figure_of_the_seed_article_is_explained():
    known = {r.name for r in rules("figure")}
    for p in sorted(SEED.glob("*.txt")):
        figs = analyze(p.read_text(encoding="utf-8")).figures
        assert figs
        for f in figs:
            assert f.why and f.why[0] in known, f"{p.name}: {f.text!r} has why={f.why}"
            assert set(f.why) <= known


# "km/h" is listed after "km", which wins where both fit: "5 km/h" reads as "5 km".
SHADOWED_UNITS = {"km/h"}


@pytest.mark.parametrize("unit", [u for u in lines("figures-units") if u not in SHADOWED_UNITS])
def test_every_unit_in_the_data_file_makes_a_measure(unit):
    figs = analyze(f"The path is 5 {unit} long.").figures
    assert [(f.text, f.kind, f.unit) for f in figs] == [(f"5 {unit}", "measure", unit)]


@pytest.mark.parametrize("name", sorted(words("figures-currency-words")))
def test_every_currency_name_in_the_data_file_makes_money(name):
    figs = analyze(f"He paid 40 {name} for it.").figures
    assert [(f.text, f.kind, f.unit, _made(f)) for f in figs] == [
        (f"40 {name}", "money", name, ["figure:currency-word", "figure:unit-attached"])]


@pytest.mark.parametrize("word", sorted(words("figures-code-words")))
def test_a_code_word_makes_the_number_after_it_no_figure(word):
    assert analyze(f"They discussed {word} 12 at length.").figures == []
