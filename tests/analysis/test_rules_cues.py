"""Cue rules: each quote says which cue rule attributed it, in the order the rules run.

The rules themselves carry their examples (``feeds/analysis/attribution/cues.py``,
run by ``test_rules.py``); here: the ``why`` a reader sees for typical
attributions, the registry's order matching the order the rules are tried,
the outlet a speaker told being traced, and attribution handing on one value.
"""

from __future__ import annotations

import pytest

from feeds.analysis import analyze
from feeds.analysis.attribution import cues
from feeds.analysis.entities import build_registry
from feeds.analysis.quotes import select_quotes
from feeds.analysis.rules import rules
from feeds.analysis.segment import pair_quotes, segment
from feeds.analysis.speakers import Attribution, Attributor

# (sentence, speaker the quote gets, cue rule that attributed it)
CASES = [
    ("“The ferry will stop in May,” Ines Brandt said.", "Ines Brandt", "cue:said-after"),
    ("“The ferry will stop in May,” said Ines Brandt.", "Ines Brandt", "cue:said-inverted"),
    ("“The ferry will stop in May,” said harbour master Ines Brandt.", "Ines Brandt", "cue:said-inverted"),
    ("“The ferry will stop in May,” say officials.", "officials", "cue:said-inverted-plural"),
    ("“The ferry will stop in May,” according to Ines Brandt.", "Ines Brandt", "cue:according-to"),
    ("“The ferry will stop in May”: a statement by the Port Authority of Velm.", "Port Authority of Velm",
     "cue:by-noun"),
    ("“The ferry will stop in May,” as reported by the Velm Courier.", "Velm Courier", "cue:passive-agent"),
    ("“Ferry suspended,” the sign read.", "the sign", "cue:text-reads"),
    ("Ines Brandt stopped the ferry on Friday, saying it was “too old to sail”.", "Ines Brandt",
     "cue:participle"),
    ("“It is too old,” said Ines Brandt, adding that it was “a relic”.", "Ines Brandt",
     "cue:participle-shares-speaker"),
    ("Ines Brandt spoke on Friday. She repeated her claim that the ferry was “too old to sail”.", "Ines Brandt",
     "cue:possessive-noun"),
    ("Mayor Ines Brandt called for a “new ferry by summer”.", "Ines Brandt", "cue:call-for"),
]


@pytest.mark.parametrize("text,speaker,name", CASES, ids=[c[2] + f"-{i}" for i, c in enumerate(CASES)])
def test_a_quote_names_the_cue_rule_that_attributed_it(text, speaker, name):
    quotes = [q for q in analyze(text).quotes if q.speaker]
    assert quotes, f"no attributed quote in: {text}"
    last = quotes[-1]
    assert speaker in last.speaker
    assert last.why and last.why[0] == name, last.why


def test_registered_cue_rules_follow_the_order_they_are_tried():
    """The registry's order is the order ``_event`` tries them, so an explain trace reads in order."""
    tried = [getattr(fn, "__name__", "") for _, fn in cues._GROUP_RULES]
    tried += [getattr(fn, "__name__", "") for fn in cues._VERB_RULES]
    registered = [r for r in rules("cue") if r.fn is not None]
    positions = [tried.index(r.fn.__name__) for r in registered if r.fn.__name__ in tried]
    assert len(registered) >= 12
    assert positions == sorted(positions)


def _attribution(text: str) -> Attribution:
    seg = segment(text)
    spans = pair_quotes(text, seg)
    outer = [(q.open, q.close) for q in select_quotes(text, spans) if q.depth == 0]
    return Attributor(text, seg, build_registry(text), outer).find_events()


def test_the_outlet_told_is_traced_to_its_rule():
    """"… Ines Brandt told the Velm Courier": the outlet is a further source, decided by a named rule."""
    att = _attribution("“The ferry will stop in May,” Ines Brandt told the Velm Courier.")
    ev = next(e for e in att.events if e.lemma == "tell")
    assert ev.why == ["cue:said-after"]
    outlets = [x for x in ev.extra if x.name == "Velm Courier"]
    assert outlets and {"cue:told-outlet", "cue:recipient-outlet"} & set(outlets[0].why)


def test_attribution_hands_on_side_speakers_as_a_value():
    """"Outside economists and traders at the port told …": both conjuncts are sources; the first
    reaches the source stage through the returned Attribution, not private state."""
    text = "Outside economists and traders at the port told Reuters the ferry was “a disaster”."
    att = _attribution(text)
    assert isinstance(att, Attribution)
    assert [sp.name for sp in att.side] == ["Outside economists"]
    names = {s.name for s in analyze(text).sources}
    assert {"Outside economists", "traders at the port", "Reuters"} <= names


def test_an_inverted_pronoun_is_judged_by_its_own_phrase():
    """", said he, was …": whether the phrase after the verb ends the clause is read from this
    cue's phrase, not from wherever an earlier scan in the article happened to stop."""
    text = ("Tom Reyes, said to be the leader of the Harbor Council and several others in town, spoke. "
            "The ferry, said he, was “too old to sail”.")
    quotes = analyze(text).quotes
    assert [(q.text, q.speaker) for q in quotes] == [("too old to sail", "Tom Reyes")]
