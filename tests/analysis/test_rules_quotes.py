"""Quote rules: candidates, attribution in order, filters, and the trace each quote carries.

The examples of each rule are run by ``test_rules.py``; these tests check what
the examples cannot: that the rules run in their documented order (the first
that answers wins), that a quote's ``why`` reads as the story of its decision,
and that the candidate stage runs once and hands the next stage a new value.
"""

from __future__ import annotations

import pytest

import feeds.analysis.pipeline as pipeline
import feeds.analysis.quotes as quotes
from feeds.analysis import analyze
from feeds.analysis.rules import rules
from feeds.analysis.segment import pair_quotes, segment


def _quotes(text: str) -> list:
    return analyze(text, explain=True).quotes


def test_a_cue_introducing_the_quote_beats_the_cue_after_it():
    """'Ortiz said, “…,” her office said': the words are the mayor's (rule 10 before rule 30)."""
    (q,) = _quotes('Mayor Lena Ortiz said, "We will rebuild the harbour wall this year," her office said.')
    assert q.speaker == "Lena Ortiz"
    assert "quote:cue-introduces" in q.why and "quote:cue-after" not in q.why


def test_a_quote_why_tells_candidate_attribution_filter_and_kind_in_that_order():
    (q,) = _quotes('"We will win," Mayor Lena Ortiz said.')
    own = [n for n in q.why if n.startswith("quote:")]
    assert own == ["quote:paired-marks", "quote:cue-after", "quote:not-scare", "quote:direct"]


def test_a_continued_quote_carries_the_trace_of_the_speaker_it_continues():
    first, second = _quotes('"We will rebuild the harbour wall," Mayor Lena Ortiz said. "It will take two years."')
    assert second.speaker == first.speaker == "Lena Ortiz"
    assert "quote:continuation" in second.why
    speaker_rules = [n for n in first.why if n.split(":")[0] in ("speaker", "resolve")]
    assert all(n in second.why for n in speaker_rules)


def test_a_scare_quote_and_a_title_are_not_quotes():
    assert _quotes('The so-called "growth plan" failed, and the band played "Harbour Lights Forever".') == []


def test_a_nested_quotation_belongs_to_the_outer_quote():
    """Issue 14: words quoted inside a quote are part of it, not a second entry."""
    (outer,) = _quotes('"My father told me \'never sell the boat\' and I never did," Omar Hill said.')
    assert outer.speaker == "Omar Hill" and "'never sell the boat'" in outer.text
    assert outer.why[-1] == "quote:nested"


def test_quote_rules_are_registered_in_the_documented_order():
    names = [r.name for r in rules("quote")]
    attribution = [n for n in names if n in ("quote:cue-introduces", "quote:ascribed", "quote:cue-after",
                                              "quote:cue-in-sentence", "quote:colon-intro", "quote:issued-writing",
                                              "quote:words-from", "quote:cue-later", "quote:same-sentence",
                                              "quote:continuation", "quote:source-goes-on")]
    assert attribution == ["quote:cue-introduces", "quote:ascribed", "quote:cue-after", "quote:cue-in-sentence",
                           "quote:colon-intro", "quote:issued-writing", "quote:words-from", "quote:cue-later",
                           "quote:same-sentence", "quote:continuation", "quote:source-goes-on"]
    assert [fn.__name__ for fn in quotes._ATTRIBUTION] == [
        "_cue_introduces", "_ascribed", "_cue_after", "_cue_in_sentence", "_colon_intro", "_issued_writing",
        "_words_from", "_cue_later", "_same_sentence", "_continuation", "_source_goes_on"]


def test_candidates_are_selected_once_per_article(monkeypatch):
    calls = []
    real = quotes.select_quotes

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(quotes, "select_quotes", counting)
    monkeypatch.setattr(pipeline, "select_quotes", counting)
    analyze('"We will rebuild the harbour wall," Mayor Lena Ortiz said. "It will take two years."')
    assert len(calls) == 1


def test_the_candidate_stage_returns_new_spans_and_leaves_the_pairs_alone():
    text = 'She said “we will rebuild it  ” and left.'
    pairs = pair_quotes(text, segment(text))
    before = [(p.start, p.end, p.depth) for p in pairs]
    (cand,) = quotes.select_quotes(text, pairs)
    assert text[cand.start:cand.end] == "we will rebuild it"
    assert [(p.start, p.end, p.depth) for p in pairs] == before


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", '"' * 5000, "“" * 3000 + "”" * 3000],
                         ids=["empty", "spaces", "controls", "straight-marks", "curly-marks"])
def test_hostile_input_gives_explained_quotes_or_none(text):
    for q in _quotes(text):
        assert q.why and q.why[0] in ("quote:paired-marks", "quote:block")
