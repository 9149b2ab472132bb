"""Word lists the analyser reads news with: speech cues, roles, names, places.

These are lexicons of how English news is written, not of any one article:
reporting verbs in every tense, titles and roles that stand before or after a
name, given names, places, the nouns a story uses to refer back to someone it
named ("the newspaper", "the ministry"), and the heads of anonymous
attributions ("diplomatic sources").

The words themselves are data: each list is one file under ``data/`` (see
``data.py`` for the format), read once at import. This module only derives
what follows from them (inflected cue forms, title words from role nouns),
under the names every analyser module imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .data import lines, table, words

__all__ = [
    "CUE_FORMS", "CUE_LEMMA", "ING_CUES", "SOURCE_CUES", "trie_regex", "TITLE_WORDS",
    "HONORIFICS", "ORG_WORDS", "NATIONALITIES", "PLACES", "FIRST_NAMES", "PRONOUNS",
    "DESCRIPTION_CLASS", "ANON_HEADS", "DOC_HEADS", "STOP_CAPS", "AUX", "NP_STOP", "NUMBER_WORDS",
    "MONTHS", "WEEKDAYS", "NAMING_WORDS", "MALE_NAMES", "FEMALE_NAMES", "OBJECT_CUES", "AS_FRAME", "SPEECH_NOUNS",
    "abbreviations",
]

# --- speech cues -----------------------------------------------------------------
#: Reporting verbs with their flags, in file order (a form shared by two lemmas is the first's).
_CUES: dict[str, dict] = table("lexicon-cues")


def _flagged(flag: str) -> frozenset[str]:
    return frozenset(lem for lem, f in _CUES.items() if f.get(flag))


#: Reporting verbs (lemmas). Every form of each is a speech cue.
CUE_LEMMAS: tuple[str, ...] = tuple(_CUES)
#: Lemmas whose forms only count when they introduce speech (not 'called for', 'added to').
_WEAK = _flagged("weak")
#: Nouns of speech that, after a possessive, introduce someone's words ("his claim that …").
SPEECH_NOUNS: tuple[str, ...] = lines("lexicon-speech-nouns")
#: Lemmas that report words only in the frame "VERB someone/something as '…'" ("introduced her as
#: 'the best'", "sees the pricing as its 'weakest link'").
AS_FRAME = _flagged("as_frame")
#: Cues whose object is their target, not a speaker: "accusing Silver Harp", "praised Dana Hill".
OBJECT_CUES = _flagged("object")
#: Strong cues: their subject is a source even without a quote ("officials said").
SOURCE_LEMMAS = _flagged("source")


def _forms(lemma: str, flags: dict) -> tuple[str, ...]:
    """The lemma and its inflections: listed ones for irregular verbs, else by spelling rule."""
    if "forms" in flags:
        return (lemma, *flags["forms"])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    if flags.get("double"):
        d = lemma + lemma[-1]
        return (lemma, lemma + "s", d + "ed", d + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


CUE_LEMMA: dict[str, str] = {}
for _lem in CUE_LEMMAS:
    for _f in _forms(_lem, _CUES[_lem]):
        CUE_LEMMA.setdefault(_f, _lem)

#: Every inflected form of every cue.
CUE_FORMS: frozenset[str] = frozenset(CUE_LEMMA)
#: Forms that are weak: they need a quote, a colon or "that" nearby to count.
WEAK_FORMS: frozenset[str] = frozenset(f for f, l in CUE_LEMMA.items() if l in _WEAK)
ING_CUES: frozenset[str] = frozenset(f for f in CUE_FORMS if f.endswith("ing"))
SOURCE_CUES: frozenset[str] = frozenset(f for f, l in CUE_LEMMA.items() if l in SOURCE_LEMMAS)


def trie_regex(words: Iterable[str]) -> str:
    """An alternation of ``words`` folded into a prefix trie.

    Python's ``re`` tries alternatives one by one; a trie-shaped pattern lets it
    fail after the first differing letter, which keeps big lexicons fast.
    """
    trie: dict = {}
    for w in sorted(set(words)):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


# --- people: titles, roles, honorifics ----------------------------------------------
#: Role nouns: before a name ("government spokesman X") or after it in apposition.
ROLE_NOUNS = words("lexicon-roles")
#: Capitalised titles that may stand in a name run ("Prime Minister Ana Silva"): the role
#: nouns capitalised (but "Mother", "Guard", "Justice": no title) and the title words.
TITLE_WORDS = frozenset({w.capitalize() for w in ROLE_NOUNS - words("lexicon-roles-untitled")}
                        | words("lexicon-titles"))
HONORIFICS = words("lexicon-honorifics")
#: Words that make a capitalised run an organisation rather than a person.
ORG_WORDS = words("lexicon-org-words")
ORG_WORDS_LOWER = frozenset(w.lower().rstrip(".") for w in ORG_WORDS)

NATIONALITIES = words("lexicon-nationalities")
PLACES = words("lexicon-places")
#: Given names by gender (for pronouns), and all given names.
MALE_NAMES = words("names-male")
FEMALE_NAMES = words("names-female")
FIRST_NAMES = words("names-first") | MALE_NAMES | FEMALE_NAMES

PRONOUNS: dict[str, str] = table("lexicon-pronouns")

#: Description heads and the kind of entity they refer back to.
DESCRIPTION_CLASS: dict[str, str] = {
    head: kind for kind, heads in table("lexicon-descriptions").items() for head in heads}

#: Heads that make a description an anonymous source ("diplomatic sources").
ANON_HEADS = words("lexicon-anon-heads")
#: Heads of documents and studies ("a report by X", "the study").
DOC_HEADS = words("lexicon-doc-heads")
#: Capitalised words that never start a name (sentence openers, function words).
STOP_CAPS = words("lexicon-stop-caps")
#: Auxiliaries and adverbs that may sit between a subject and its cue ("has also said").
AUX = words("lexicon-aux")
#: Words that end a noun phrase scanned backwards from a cue.
NP_STOP = words("lexicon-np-stop")

NUMBER_WORDS: dict[str, int] = table("lexicon-numbers")
MONTHS: dict[str, int] = table("lexicon-months")
WEEKDAYS = words("lexicon-weekdays")

#: Words that, right before a term in marks, make it a name or a word, not speech.
NAMING_WORDS = words("lexicon-naming-words")

#: Abbreviation -> its reach ("name", "run", "sentence"; see data/abbreviations.txt).
_ABBREVIATIONS: dict[str, str] = dict(line.split() for line in lines("abbreviations"))
_REACH = ("name", "run", "sentence")


def abbreviations(reach: str) -> tuple[str, ...]:
    """Abbreviations (without their period) whose reach includes ``reach``, in file order.

    "name" ones ("Dr", "Co") are also "run" ones, and all are "sentence" ones:
    the sentence splitter knows every abbreviation, the name finder fewer.
    """
    widest = _REACH.index(reach)
    return tuple(a for a, r in _ABBREVIATIONS.items() if _REACH.index(r) <= widest)
