"""Resolvers: who a pronoun, description, title or document stands for, and which rule said so.

A reader who asks why a quote is credited to someone gets the resolver's name
in the quote's ``why`` (``to_dict(explain=True)``); the same texts without the
clue that the rule needs leave the speaker unresolved and the rule silent.
"""

from __future__ import annotations

import pytest

from feeds.analysis import analyze
from feeds.analysis.lexicon.data import table, words
from feeds.analysis.rules import rules


def _resolvers(why: list[str]) -> list[str]:
    """The resolver steps of a trace (the cue and phrase steps around them are other tests' business)."""
    return [w for w in why if w.startswith("resolve:")]

# (text, the speaker of its last quote, the rule that decided it)
RESOLVED = [
    ('Mary Hill spoke first. "We will not accept this offer at all," she said.',
     "Mary Hill", "resolve:pronoun"),
    ('The talks ended with Mary Hill and John Petrov. They said: "We are pleased with the outcome today."',
     "Mary Hill and John Petrov", "resolve:pronoun-pair"),
    ('"The prices keep rising," said an engineer in Tehran. He added: "We cannot plan anything now."',
     "an engineer in Tehran", "resolve:pronoun-described"),
    ('The Harbor Authority said it would appeal. It said: "The ruling ignores the evidence we gave."',
     "Harbor Authority", "resolve:pronoun-body"),
    ('Northwind Energy issued a statement on Monday. "We regret the outage deeply," the statement read.',
     "Northwind Energy", "resolve:statement-issuer"),
    ('The findings were published by the Harbor Audit Office on Monday. '
     'That report found "serious gaps in the accounts of the port".',
     "Harbor Audit Office", "resolve:document-author"),
    ('President Mary Hill visited the port on Monday. "Trade is growing," the President said.',
     "Mary Hill", "resolve:title"),
    ('Northwind Energy said prices would rise. The company said: "Costs have doubled since winter."',
     "Northwind Energy", "resolve:description-subject"),
    ('"The deal is close," an insider told reporters. The source added: "Only the price is open now."',
     "an insider", "resolve:anon-backref"),
    ('"We regret the delay," a government spokesman said. Government spokesman Ivo Petrov '
     'later called the delay short.',
     "Ivo Petrov", "resolve:role-ahead"),
    ('Critics praise Kim Tolland. Fans adore the films of Kim Tolland. The studio signed Kim Tolland '
     'in May. Sales rose. Reviews were kind. The premiere sold out. "I love this work," the actor said.',
     "Kim Tolland", "resolve:protagonist"),
]


@pytest.mark.parametrize("text, speaker, why", RESOLVED, ids=[c[2] for c in RESOLVED])

def test_the_quote_names_who_and_the_resolver_that_decided(text, speaker, why):
    quotes = analyze(text).to_dict(explain=True)["quotes"]
    last = max(quotes, key=lambda q: q["start"])
    assert last["speaker"] == speaker
    assert why in last["why"]


def test_a_pronoun_with_nobody_of_its_gender_before_stays_unresolved_and_unexplained():
    """"she" after a man only: no speaker is guessed, and no resolver claims the quote."""
    resolved = analyze('Mary Hill spoke first. "We will not accept this offer at all," she said.')
    unresolved = analyze('John Petrov spoke first. "We will not accept this offer at all," she said.')
    assert _resolvers(resolved.quotes[0].why) == ["resolve:pronoun"]
    assert unresolved.quotes[0].speaker is None
    assert not [w for w in unresolved.quotes[0].why if w.startswith("resolve:")]


def test_a_spokesperson_speaks_for_the_body_of_the_sentence_before():
    q = analyze('Northwind Energy did not accept the offer. A spokesperson said: "We are still studying the terms."').quotes[0]
    assert q.speaker == "a Northwind Energy spokesperson"
    assert _resolvers(q.why) == ["resolve:spokesperson-body"]


def test_a_profile_noun_says_how_its_person_was_found():
    """"the actor": the description rule, then how the person was found (the protagonist)."""
    q = analyze(RESOLVED[-1][0]).quotes[-1]
    assert _resolvers(q.why) == ["resolve:description", "resolve:protagonist"]


def test_resolvers_are_named_and_ordered():
    """The resolve group in the order the analyser tries it, each with its examples."""
    names = [r.name for r in rules("resolve")]
    assert names[:9] == [
        "resolve:pronoun-plural", "resolve:pronoun-pair", "resolve:pronoun", "resolve:pronoun-described",
        "resolve:pronoun-topic", "resolve:pronoun-body", "resolve:pronoun-org", "resolve:age-noun",
        "resolve:group-named-later",
    ]
    assert {"resolve:title", "resolve:statement-issuer", "resolve:document-author", "resolve:protagonist",
            "resolve:surname", "resolve:description"} <= set(names)
    assert all(r.fires and r.not_on for r in rules("resolve"))
    # every resolver a quote can name is one of them
    named = {w for text, _, _ in RESOLVED for q in analyze(text).quotes for w in q.why if w.startswith("resolve:")}
    assert named and named <= set(names)


def test_resolver_word_lists_are_data():
    """Gendered words, title roles and person nouns are edited in data files, not code."""
    from feeds.analysis.attribution import base

    assert base._GENDERED_WORDS == table("attribution-gendered-words")["gender"]
    assert base._GENDERED_WORDS["spokeswoman"] == "f"
    assert base._TITLE_ROLES["gen"] == ("general", "officer")
    assert base._FEMALE_NOUNS is words("attribution-female-nouns")
    assert "police" in words("resolvers-collectives")
