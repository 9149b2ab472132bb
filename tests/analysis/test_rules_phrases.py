"""Speaker-phrase rules: each quote says which rule chose the phrase naming its speaker.

The rules carry their own examples (``feeds/analysis/attribution/phrase*.py``, run
by ``test_rules.py``); here: the ``why`` a reader sees (``analyze(...).to_dict(explain=True)``)
for the typical shapes of a speaker phrase, read from the outer decision to the
inner one, and the rules registered in the order they are tried.
"""

from __future__ import annotations

import pytest

from feeds.analysis import analyze
from feeds.analysis.attribution import phrase_make, phrases
from feeds.analysis.rules import rules

# (text, speaker the quote gets, speaker rule that chose the phrase)
CASES = [
    ("Maria Lopez, a port director, said “the cranes stay.”", "Maria Lopez", "speaker:apposition-role"),
    ("“The cranes stay,” said Maria Lopez, a port director.", "Maria Lopez", "speaker:apposition-role"),
    ("His predecessor, Maria Lopez, said “the books were clean.”", "Maria Lopez", "speaker:apposition-name"),
    ("“We had no choice,” said a spokeswoman for the port, Maria Lopez.", "Maria Lopez",
     "speaker:apposition-name"),
    ("Maria Lopez, a spokesperson for the fleet, the navy command, said “the ships stay.”", "Maria Lopez",
     "speaker:apposition-owner"),
    ("Maria Lopez, the younger sister of heir to the Harbor estate, Ivo Petrov, said “the town will vote.”",
     "Maria Lopez", "speaker:apposition-chain"),
    ("The Velm port authority, however, said “the cranes stay.”", "Velm", "speaker:apposition-aside"),
    ("The report, published by the Kestrel Institute, warned “the reef is dying.”", "Kestrel Institute",
     "speaker:apposition-document-author"),
    ("Senior port official Maria Lopez said “the cranes stay.”", "Maria Lopez", "speaker:title-before-name"),
    ("China's envoy to Chile Tan Wei said “the talks went well.”", "Tan Wei", "speaker:registry-person"),
    ("Riders who waited at the depot all night reported “no buses at all.”", "Riders",
     "speaker:relative-clause"),
    ("Northwind Shipping's statement said “the ships sail on Monday.”", "Northwind Shipping",
     "speaker:issued-document"),
    ("A report from the Harbor Audit Office found “serious gaps in the books.”", "Harbor Audit Office",
     "speaker:document-owner"),
    ("Maria Lopez closed the harbor on Monday, saying “the storm is too close.”", "Maria Lopez",
     "speaker:sentence-subject"),
    ("The “Harbor Nights” star said, “We shot it in the rain.”", "star", "speaker:titled-noun"),
    ("The record label, Harbor Lane, said “the album is done.”", "Harbor Lane", "speaker:typed-by-description"),
]


#: The speaker-phrase rules (other modules name speaker rules too, e.g. how the registry read a name).
PHRASE_RULES = {r.name for r in rules("speaker") if r.fn is not None and r.fn.__module__.startswith(
    "feeds.analysis.attribution.phrase")} | {phrases.PREPOSITIONAL}


def _speaker_why(why: list[str]) -> list[str]:
    return [w for w in why if w in PHRASE_RULES]


@pytest.mark.parametrize("text,speaker,name", CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_a_quote_names_the_speaker_rule_that_chose_its_speaker(text, speaker, name):
    quotes = [q for q in analyze(text).quotes if q.speaker]
    assert quotes, f"no attributed quote in: {text}"
    last = quotes[-1]
    assert speaker in last.speaker
    assert name in last.why, last.why


def test_the_trace_reads_from_the_outer_rule_to_the_inner_one():
    """"His predecessor, Maria Lopez, said": an apposition, in it a name for a description,
    that name made a speaker; the explained JSON lists them in that order."""
    out = analyze("His predecessor, Maria Lopez, said “the books were clean.”").to_dict(explain=True)
    (quote,) = out["quotes"]
    assert quote["speaker"] == "Maria Lopez"
    assert _speaker_why(quote["why"]) == [
        "speaker:apposition", "speaker:apposition-name", "speaker:capitalised-head"]


def test_a_plain_name_is_traced_to_one_rule_only():
    """No apposition, no clause: the name rule alone, not the rules that did not apply."""
    (quote,) = analyze("Maria Lopez said “the cranes stay.”").quotes
    assert _speaker_why(quote.why) == ["speaker:capitalised-head"]


def test_a_pronoun_subject_and_a_description_are_told_apart():
    pron = analyze("Maria Lopez runs the port. She said “the cranes stay.”").quotes[-1]
    desc = analyze("The port manager said “the cranes stay.”").quotes[-1]
    assert _speaker_why(pron.why) == ["speaker:pronoun"]
    assert _speaker_why(desc.why) == ["speaker:description"]


def _registered_in(dispatch: tuple) -> list[int]:
    """The orders of the registered rules among the functions of a dispatch tuple, as tried."""
    by_fn = {r.fn: r.order for r in rules("speaker") if r.fn is not None}
    return [by_fn[fn] for fn in dispatch if fn in by_fn]


def test_the_speaker_phrase_rules_are_registered():
    assert {"speaker:apposition", "speaker:relative-clause", "speaker:prepositional", "speaker:coordinated",
            "speaker:title-before-name", "speaker:capitalised-head", "speaker:description"} <= PHRASE_RULES


@pytest.mark.parametrize("dispatch", ["_BACKWARD_RULES", "_APPOSITION_RULES", "_MAKE_RULES"])
def test_registered_speaker_rules_follow_the_order_they_are_tried(dispatch):
    """The registry's order is the order the dispatch loops try the rules, so the list of
    rules a developer reads (``newsreader`` explain traces, the registry) is the real one."""
    module = phrase_make if dispatch == "_MAKE_RULES" else phrases
    orders = _registered_in(getattr(module, dispatch))
    assert len(orders) >= 3
    assert orders == sorted(orders)
