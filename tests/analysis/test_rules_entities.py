"""The names registry decides what each name is by named rules, and says which.

A reader who asks why "Mira Tanaka" is a person or "NWA" the Northern Water
Authority gets the rules' names in the source's ``why`` (shown with
``--explain``); the everyday output does not change. Kinds are enums that
still read and print as the strings they always were.
"""

from __future__ import annotations

import json

from feeds.analysis import analyze
from feeds.analysis.entities import build_registry
from feeds.analysis.model import Analysis, FigureKind, QuoteKind, Source, SourceKind
from feeds.analysis.rules import rules

TEXT = (
    'The Northern Water Authority (NWA) raised rates on Monday, AFP reported. '
    '"We had no choice," Mayor Mira Tanaka said. Tanaka added that the NWA would review the plan. '
    '"It is a tax by another name," said Ilse Varga.'
)


def _sources(text: str) -> dict[str, Source]:
    return {s.name: s for s in analyze(text).sources}


def test_each_source_says_which_registry_rules_named_it():
    src = _sources(TEXT)
    assert "source:name-outlet" in src["AFP"].why
    assert src["AFP"].kind == "agency"
    assert "speaker:name-title" in src["Mira Tanaka"].why       # "Mayor Mira Tanaka"
    assert "speaker:name-surname" in src["Mira Tanaka"].why     # "Tanaka added"
    assert "speaker:name-cue-before" in src["Ilse Varga"].why   # "said Ilse Varga"


def test_an_acronym_is_traced_to_its_definition():
    reg = build_registry(TEXT)
    nwa = [m for m in reg.mentions if m.surface == "NWA"]
    assert nwa and all(m.name == "Northern Water Authority" for m in nwa)
    assert all("source:name-acronym-of" in m.why for m in nwa)
    assert "source:name-organisation" in reg.why_of("Northern Water Authority")


def test_why_is_shown_only_when_explaining():
    a = analyze(TEXT)
    plain = a.to_dict()
    assert all("why" not in s for s in plain["sources"])
    explained = a.to_dict(explain=True)
    afp = next(s for s in explained["sources"] if s["name"] == "AFP")
    assert afp["why"][0] == "source:name-outlet"  # the registry named it first, then the source rules


def test_registry_rules_are_ordered_and_have_examples():
    mine = [r for r in rules() if ":name-" in r.name]
    assert len(mine) >= 12
    assert all(r.fires and r.not_on for r in mine)
    orders = [(r.group, r.order) for r in mine]
    assert len(orders) == len(set(orders)), "two registry rules share a place in the order"


def test_kinds_are_enums_that_read_and_print_as_strings():
    assert SourceKind("person") is SourceKind.PERSON and SourceKind.PERSON == "person"
    assert QuoteKind.PARTIAL == "partial" and FigureKind("money") is FigureKind.MONEY
    a = Analysis(sources=[Source("Ilse Varga", SourceKind.PERSON, [(0, 10)], 1)])
    assert json.loads(json.dumps(a.to_dict()))["sources"][0]["kind"] == "person"
    assert {k.value for k in SourceKind} >= {s.kind for s in analyze(TEXT).sources}
