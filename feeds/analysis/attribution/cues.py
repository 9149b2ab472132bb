"""Cue rules: reporting verbs, speech nouns and the subjects they attach to.

A match of ``CUE_SCAN`` becomes a :class:`CueEvent` (or nothing) by trying named
rules in order; the first rule that decides returns the event (with its name in
``CueEvent.why``) or rejects the match. Filters (``_no_*``) only reject: a cue
form that is a noun, an infinitive or a passive is nobody's words.

Cues that are not verbs, by which named group matched:

1. ``cue:by-noun`` — "a statement by the ministry": the author after "by".
2. ``cue:according-to`` / ``cue:per`` / ``cue:citing`` — the phrase after it
   (one rule, ``source_after``, with a table of lemmas and names).
3. ``cue:possessive-noun`` — "his claim that …": the possessor, resolved.
4. ``cue:call-for`` — "X called for calm": the subject before it.

Verb forms, in order (filters interleaved where the original order matters):

5. ``_no_passive`` ("was reported"), then ``cue:document-subject`` ("The leaked
   memos show …") and ``cue:relative-clause`` ("a post that said …").
6. ``_no_noun_use`` ("to say", "the report"), ``_no_after_possessive``, then
   ``cue:possessive-claims`` ("Trump's false claims that …": the owner).
7. ``_no_counted_noun`` ("two reports"), ``_no_nouny_without_clause``
   ("state", "claims" need a clause), then ``cue:text-reads`` ("the sign read").
8. ``_no_bare_singular`` ("the state say"), then ``cue:passive-agent`` ("as
   reported by X"), ``_no_passive_participle``, ``_no_adjective_participle``,
   ``_no_particle_missing`` ("point" without "out"), ``_no_as_frame``,
   ``_no_add_to``, ``_no_weak_without_words``.
9. ``cue:said-inverted`` (", said Dana Hill") and ``cue:said-inverted-plural``
   (", say officials.").
10. ``cue:participle-shares-speaker`` ('…,” said Dubey, noting …'),
    ``cue:participle`` (", saying …": the sentence's subject), and last
    ``cue:said-after`` ("Dana Hill said"): the subject before the verb.

Each verb form (lemma, participle?, bare?) tries only the rules that can apply
to it (``_APPLIES``; the tuple is built once per form), so the order above is
kept while "said" skips the rules for "read", "point", "claims" and the like.
Word lists live in ``lexicon/data/cues-*.txt``.

After a verb event, ``cue:told-outlet`` ("told Harbor Weekly") adds the outlet
the words were given to as a further source (see also ``cue:recipient-outlet``
in ``cue_subjects``). Those two names are recorded in the outlet speaker's
``why`` (not registered as rules yet: they reach the output only once sources
copy a speaker's ``why``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ..lexicon import ANON_HEADS, AS_FRAME, AUX, CUE_LEMMA, ING_CUES, NP_STOP, WEAK_FORMS
from ..lexicon.data import words
from ..rules import declare, rule
from ..wordscan import Hit
from .base import (
    CueEvent, Speaker, _CLOSE_MARKS, _COUNTERS, _DETS, _DOC_VERBS, _MODALS, _NO_INVERT, _NO_INVERT_NOUNY, _OPEN_MARKS,
    _PN_POSS, _PREPS, _READ_HEADS, _TIME_WORDS, _WINDOW, _as_quote, _call_x_a_y, _is_cap, _poss, _unposs,
)
from .cue_subjects import CueSubjects

_PASSIVE_AUX = words("cues-passive-aux")
_PASSIVE_ANY = _PASSIVE_AUX | words("cues-passive-get")
_ADVERBS = words("cues-adverbs")
_CALLFOR_NOUN = frozenset(_DETS) | words("cues-callfor-noun-before")
_NOUN_BEFORE = words("cues-noun-before")
_AFTER_POSS = words("cues-after-possessive")
_NOUN_ADJ = words("cues-noun-adjectives")
_OBJECT_START = words("cues-object-starters")
_PRONOUNS = words("cues-pronouns")
_PRONOUNS_WE = _PRONOUNS | {"we"}
_PLURAL_SUBJ = words("cues-plural-subjects")
_ING_LEMMAS = words("cues-ing-lemmas")
_ING_NEXT = words("cues-ing-next")
_BARE_MASS = words("cues-bare-plural-mass")
_CONTINUERS = words("cues-phrase-continuers")
_ANON_OR_BODY = frozenset(ANON_HEADS) | words("cues-bare-plural-heads")
_INVERT_PREV = frozenset((",", "”", "\"", "’", "'", "—", "–", ":"))
_PLURAL_PREV = _INVERT_PREV - {":"}
_CLAUSE_END = frozenset((".", ",", ";", ":", "!", "?"))
_REL_KINDS = frozenset(("document", "person", "organization", "official", "agency", "outlet", "anonymous"))
_OWNER_KINDS = frozenset(("person", "organization", "official", "agency", "outlet"))

_REJECT: Final = object()  # a rule's verdict: this match is no cue (stop trying rules)


@dataclass(slots=True)
class Cue:
    """One cue match with the tokens around it in its sentence, and the word tests rules share."""

    m: Hit
    word: str
    cs: int
    ce: int
    ss: int
    se: int
    before: list
    after: list
    lemma: str = ""
    prev: str = ""
    pl: str = ""
    nxt: str = ""
    nxt2: str = ""
    is_ing: bool = False
    is_base: bool = False
    is_s: bool = False
    pb: str = ""  # the word before the cue once adverbs are skipped ("is often found")

    def verb_forms(self) -> None:
        """Fill the tests verb rules need (not needed by "according to" and the like)."""
        word, before, after = self.word, self.before, self.after
        self.lemma = CUE_LEMMA.get(word, word)
        self.prev = before[-1][0] if before else ""
        self.pl = self.prev.lower()
        self.nxt = after[0][0] if after else ""
        self.nxt2 = after[1][0] if len(after) > 1 else ""
        self.is_ing = word in ING_CUES
        self.is_base = word == self.lemma
        self.is_s = not self.is_ing and not self.is_base and word.endswith("s") and word != "was"
        jb = len(before) - 1
        while jb >= 0 and jb > len(before) - 4 and before[jb][0].islower() \
                and (before[jb][0].endswith("ly") or before[jb][0] in _ADVERBS):
            jb -= 1
        self.pb = before[jb][0].lower() if jb >= 0 else ""

    @property
    def weak(self) -> bool:
        return self.word in WEAK_FORMS

    def event(self, sp: Speaker, name: str, inverted: bool = False, weak: bool | None = None,
              lemma: str | None = None, extra: list | None = None) -> CueEvent:
        """The decided event, carrying the deciding rule's name."""
        return CueEvent(self.word, lemma or self.lemma, self.cs, self.ce, sp, inverted,
                        self.weak if weak is None else weak, extra if extra is not None else [], [name])


Verdict = Any  # None: not decided, try the next rule; _REJECT; or a CueEvent
Step = Callable[[Any, Cue], Verdict]


# ---- cues that are not verbs --------------------------------------------------------

@rule("cue:by-noun", order=10,
      fires=["“The bridge must close”: a statement by the Harbor Council."],
      not_on=["“The bridge must close,” Dana Hill said."])
def by_noun(att: Any, c: Cue) -> Verdict:
    """"a declaration by the health ministry that …", "a study by Acme Labs": the author."""
    sp = att._np_forward(c.after, 0)
    if sp is None or sp.kind in ("pronoun", "description"):
        return _REJECT
    return c.event(sp, "cue:by-noun", True, True, "according to")


#: "according to X", "per X", "citing X": the phrase after the cue is the source (a table: group ->
#: lemma and rule name).
_SOURCE_AFTER: dict[str, tuple[str, str]] = {
    "acc": ("according to", "cue:according-to"),
    "per": ("per", declare("cue:per", order=21,
                           fires=["The bridge will close, per the Harbor Council, which called it “unsafe”."],
                           not_on=["The toll is “two dollars” per car, the Harbor Council said."],
                           doc="\"per the Harbor Council\": the phrase after it is the source.")),
    "cit": ("cite", declare("cue:citing", order=22,
                            fires=["The council closed the bridge, citing Maria Lopez, who called it “a danger”."],
                            not_on=["The council closed the bridge after Maria Lopez called it “a danger”."],
                            doc="\"citing X\": X is what the statement rests on.")),
}


@rule("cue:according-to", order=20,
      fires=["“The bridge must close,” according to Dana Hill."],
      not_on=["“The bridge must close,” Dana Hill said."])
def source_after(att: Any, c: Cue) -> Verdict:
    """"according to X" (and "per X", "citing X", see ``_SOURCE_AFTER``): the phrase after it."""
    lemma, name = _SOURCE_AFTER[c.m.lastgroup or "acc"]
    sp = att._np_forward(c.after, 0)
    return _REJECT if sp is None else c.event(sp, name, True, False, lemma)


@rule("cue:possessive-noun", order=30,
      fires=["Maria Lopez spoke on Monday. She repeated her claim that the bridge was “perfectly safe”."],
      not_on=["Maria Lopez spoke on Monday. She said the bridge was “perfectly safe”."])
def possessive_noun(att: Any, c: Cue) -> Verdict:
    """"his claim on the show that they were “barely acquainted”": a quotation inside what the
    possessor's words are said to be."""
    after = c.after
    j = 0
    seen_link = False
    while j < len(after) and j < 40:
        t = after[j][0]
        if t in _OPEN_MARKS:
            break
        if t in (".", ";", "!", "?") or t in _CLOSE_MARKS:
            return _REJECT
        seen_link = seen_link or t in ("that", "of", "about")
        j += 1
    else:
        return _REJECT
    if not seen_link:
        return _REJECT
    m = c.m
    word = m.group("pn").split()[0]
    sp = att._pronoun(_PN_POSS[word.lower()], m.start(), m.start() + len(word))
    if not sp.resolved:
        return _REJECT
    return CueEvent(m.group("pn"), "claim", m.start(), m.end(), sp, False, True, [], ["cue:possessive-noun"])


@rule("cue:call-for", order=40,
      fires=["Mayor Maria Lopez called for a “full and public inquiry”."],
      not_on=["Mayor Maria Lopez answered the renewed call for a “full and public inquiry”."])
def call_for(att: Any, c: Cue) -> Verdict:
    """"X called for calm": the subject calls; "a call for proposals" is a noun."""
    before = c.before
    if before and (before[-1][0].lower() in _CALLFOR_NOUN or _poss(before[-1][0])):
        return _REJECT
    sp = att._subject(before, c.ss, c.cs)
    return c.event(sp, "cue:call-for", lemma="call for", weak=False) if sp else _REJECT


# ---- verb forms -------------------------------------------------------------------

def _no_passive(att: Any, c: Cue) -> Verdict:
    """"was reported", "were told", "is often found": a passive reports nobody's words."""
    if not c.is_ing and (c.pl in _PASSIVE_ANY or c.pb in _PASSIVE_AUX):
        return _REJECT
    return None


@rule("cue:document-subject", order=50,
      fires=["The leaked memos show the council “knew all along”."],
      not_on=["A scan of the bridge showed cracks."])
def document_subject(att: Any, c: Cue) -> Verdict:
    """"A series of emails the firm released showed …": a document as the subject."""
    if c.lemma in _DOC_VERBS and not c.is_ing and c.before and c.pl not in ("to", "the", "a", "an") \
            and not _poss(c.prev):
        doc = att._doc_subject(c.before)
        if doc is not None:
            return c.event(doc, "cue:document-subject", weak=False)
    return None


@rule("cue:relative-clause", order=60,
      fires=["The Harbor Council published a notice that said the bridge was “beyond repair”."],
      not_on=["“The bridge is beyond repair,” Dana Hill said."])
def relative_clause(att: Any, c: Cue) -> Verdict:
    """"a blog post that said customers …": the head of the relative clause speaks."""
    before = c.before
    if c.pl in ("that", "which") and not c.is_ing and not c.is_base and len(before) >= 2 \
            and before[-2][0].isalpha() and before[-2][0].lower() not in NP_STOP and c.nxt not in (",", ".", ";"):
        rel = att._relative_head(before, len(before) - 1, c.ss)
        if rel is not None and rel.kind in _REL_KINDS and rel.resolved:
            return c.event(rel, "cue:relative-clause")
    return None


def _no_noun_use(att: Any, c: Cue) -> Verdict:
    """Infinitive and noun uses: "to say", "the report", "a call"."""
    return _REJECT if c.pl in _NOUN_BEFORE and c.word != "told" else None


def _no_after_possessive(att: Any, c: Cue) -> Verdict:
    """"Dana's calls", "the firm's claims": a noun after a possessive."""
    return _REJECT if _poss(c.prev) and c.word not in _AFTER_POSS else None


@rule("cue:possessive-claims", order=70,
      fires=["Dana Hill’s false claims that the bridge was “perfectly safe” angered residents."],
      not_on=["Recent claims that the bridge was “perfectly safe” angered residents."])
def possessive_claims(att: Any, c: Cue) -> Verdict:
    """"Trump's false claims that troops “stayed back”": the owner of the claims speaks."""
    before = c.before
    if not (c.is_s and c.lemma in _NO_INVERT_NOUNY and len(before) >= 2 and before[-1][0].islower()
            and before[-1][0].isalpha() and before[-1][0] not in NP_STOP):
        return None
    if _poss(before[-2][0]):
        jp = len(before) - 2
    elif len(before) >= 3 and _poss(before[-3][0]) and before[-2][0].islower():
        jp = len(before) - 3
    else:
        return None
    owner = att._np_backward(before, jp, c.ss)
    if owner is not None and owner.kind in _OWNER_KINDS:
        return c.event(owner, "cue:possessive-claims", weak=True, lemma="claim")
    return _REJECT


def _no_counted_noun(att: Any, c: Cue) -> Verdict:
    """"two highly critical reports that …", "recent claims": nouns."""
    if c.is_s and c.lemma in _NO_INVERT_NOUNY and (
            any(t[0].lower() in _COUNTERS or t[0].isdigit() for t in c.before[-3:]) or c.pl in _NOUN_ADJ):
        return _REJECT
    return None


def _clause_follows(c: Cue) -> bool:
    """Does a clause or an object follow "states"/"claims" (so it is a verb)?"""
    nxt = c.nxt
    return (nxt in ("that", ":") or (nxt == "," and (c.prev[:1].isupper() or c.pl in _PRONOUNS))
            or nxt in _OPEN_MARKS or nxt.lower() in _OBJECT_START
            or (c.prev in (",",) + tuple(_CLOSE_MARKS) and nxt[:1].isupper()))


def _no_nouny_without_clause(att: Any, c: Cue) -> Verdict:
    """"state", "reports", "claims": verbs only with a clause or object after them."""
    if c.lemma in _NO_INVERT_NOUNY and (c.is_base or c.is_s) and c.pl not in _MODALS:
        if not _clause_follows(c):
            return _REJECT
        if c.lemma in ("show", "find", "indicate") and c.nxt != "that":
            return _REJECT
    return None


@rule("cue:text-reads", order=80,
      fires=["“Bridge closed until spring,” the sign read."],
      not_on=["“Bridge closed until spring,” Dana Hill read."])
def text_reads(att: Any, c: Cue) -> Verdict:
    """"…,” the statement read: only a written text reads out words."""
    if c.lemma != "read":
        return None
    if c.is_ing or not c.before or not att._weak_ok(c.word, c.prev, c.after, c.cs, c.ce, c.se):
        return _REJECT
    sp = att._subject(c.before, c.ss, c.cs)
    if sp is None or _unposs(sp.phrase.split()[-1].lower()) not in _READ_HEADS:
        return _REJECT
    return c.event(sp, "cue:text-reads", weak=True)


def _no_bare_singular(att: Any, c: Cue) -> Verdict:
    """A bare form needs a plural subject ("analysts say"), not "the Jewish state"."""
    if not (c.is_base and c.pl not in _MODALS and c.before):
        return None
    before = c.before
    j = len(before) - 1
    while j >= 0 and before[j][0].lower() in AUX:
        j -= 1
    if j < 0:
        return None
    h = before[j][0]
    hl = h.lower()
    if hl in _PLURAL_SUBJ or h in _CLOSE_MARKS or h == "," \
            or (hl.endswith("s") and not hl.endswith(("ss", "'s", "’s")) and len(hl) > 3):
        return None
    return _REJECT


@rule("cue:passive-agent", order=90,
      fires=["The bridge will close, as reported by the Harbor Times. “It is unsafe,” as reported by the Harbor Times."],
      not_on=["The bridge will close, as Dana Hill reported."])
def passive_agent(att: Any, c: Cue) -> Verdict:
    """"…, as reported by the Harbor Times", "a plan first reported by Delta Radio": the agent
    of a passive attribution is its source."""
    if c.is_ing or c.is_base or c.nxt != "by" or not (c.pl == "as" or c.lemma == "report") \
            or not (c.word.endswith("ed") or c.word == "told"):
        return None
    sp = att._np_forward(c.after, 1)
    if sp is None or sp.kind in ("pronoun", "description"):
        return _REJECT
    return c.event(sp, "cue:passive-agent", True, True)


def _no_passive_participle(att: Any, c: Cue) -> Verdict:
    """"the move announced on Monday by X": a passive participle."""
    if not c.is_ing and not c.is_base and c.word.endswith("ed") and any(t[0] == "by" for t in c.after[:4]) \
            and not any(t[0] == "that" for t in c.after[:4]):
        return _REJECT
    return None


def _no_adjective_participle(att: Any, c: Cue) -> Verdict:
    """"reporting station": a participle without words after it is an adjective."""
    if c.is_ing and not (c.lemma in _ING_LEMMAS or c.nxt in _ING_NEXT or c.nxt in _OPEN_MARKS):
        return _REJECT
    return None


def _no_particle_missing(att: Any, c: Cue) -> Verdict:
    """"point" reports words only as "point out", "weigh" only as "weigh in"."""
    if c.lemma == "point" and c.nxt != "out" or c.lemma == "weigh" and c.nxt != "in":
        return _REJECT
    return None


#: Verbs of naming whose object's complement may stand in marks without "as": 'branded the audit “a farce”'.
_NAMING_COMPLEMENT = frozenset({"brand", "label"})
#: Words after which a quotation is no object complement ('labelled the bottle with “…”').
_NOT_OBJECT = frozenset({"with", "for", "on", "in", "at", "by", "from", "to", "into", "about", "of", "that"})


def _complement_quote(after: list) -> bool:
    """'labelled the protesters “thugs”': a short object (no preposition, no punctuation), then marks."""
    for j in range(min(len(after), 7)):
        t = after[j][0]
        if t in _OPEN_MARKS:
            return j > 0
        if not t.isalpha() or t.lower() in _NOT_OBJECT:
            return False
    return False


def _no_as_frame(att: Any, c: Cue) -> Verdict:
    """"saw the plant", "introduced a bill": no words of anyone unless "as “…”" follows (or, for
    "brand" and "label", the object's complement in marks: 'branded the audit “a farce”')."""
    if c.lemma not in AS_FRAME or _as_quote(c.after):
        return None
    return None if c.lemma in _NAMING_COMPLEMENT and _complement_quote(c.after) else _REJECT


def _no_add_to(att: Any, c: Cue) -> Verdict:
    """"added to the pressure": no words."""
    return _REJECT if c.lemma == "add" and c.nxt == "to" else None


def _no_weak_without_words(att: Any, c: Cue) -> Verdict:
    """Weak cues ("called", "noted") report words only next to a quotation or a clause."""
    if c.weak and not att._weak_ok(c.word, c.prev, c.after, c.cs, c.ce, c.se) \
            and not (c.lemma == "call" and _call_x_a_y(c.after)):
        return _REJECT
    return None


# ---- inverted order: ', said X' / '” said X' / start of sentence ---------------------

def _skip_age(c: Cue) -> None:
    """"…,” wrote 52-year-old Dana Hill: the age stands before the name."""
    after = c.after
    if len(after) >= 4 and after[0][0].isdigit() and after[1][0] == "-" and after[2][0] in ("year-old", "years-old") \
            and _is_cap(after[3][0]):
        c.after = after[3:]
        c.nxt = c.after[0][0]
        c.nxt2 = c.after[1][0] if len(c.after) > 1 else ""


def _lead_role(c: Cue) -> bool:
    """"said coach Peter Hall", "said union leader Tom Reyes": a role before the name."""
    nxt = c.nxt
    if not (c.after and nxt.islower() and nxt not in NP_STOP and nxt not in _PREPS):
        return False
    for t in c.after[1:4]:
        if _is_cap(t[0]):
            return True
        if not t[0].replace("-", "").isalpha() or not t[0].islower() or t[0] in NP_STOP or t[0] in _PREPS:
            return False
    return False


def _inverted_kind(c: Cue) -> str:
    """"said-inverted", "said-inverted-plural" or "" (not inverted)."""
    if c.is_ing or c.lemma in _NO_INVERT:
        return ""
    nxt, nl = c.nxt, c.nxt.lower()
    if (not c.before or c.prev in _INVERT_PREV or c.cs == c.ss) and c.after \
            and (nxt[:1].isupper() or nl in _DETS or nl in _PRONOUNS_WE or _lead_role(c)) \
            and nl != "that" and nl not in _TIME_WORDS:
        # ("…, Tanaka said Friday in Oslo": a day after the verb is when, never who)
        if nl in _PRONOUNS_WE and not (c.nxt2 in (".", ",", ";", "") or c.nxt2 in _CLOSE_MARKS):
            return ""
        return "said-inverted"
    if c.prev in _PLURAL_PREV and nxt.islower() and nxt in _ANON_OR_BODY \
            and (nxt.endswith("s") or nxt in _BARE_MASS) and (c.nxt2 in (".", ",", ";", "") or c.nxt2 in _CLOSE_MARKS):
        # "…, say officials." / "…,” said witnesses.": a bare plural after the verb
        return "said-inverted-plural"
    return ""


def _after_quote(before: list) -> bool:
    """Does the cue follow a closing quotation mark (with an optional comma)?"""
    j = len(before) - 1
    if j >= 0 and before[j][0] == ",":
        j -= 1
    return j >= 0 and before[j][0] in _CLOSE_MARKS


def _ends_clause(c: Cue, end: int) -> bool:
    """Does the phrase after the verb (scanned up to token ``end``) end the clause? ", said the
    review would…" is not inverted: after a comma (not a quote) the phrase must end the clause."""
    if c.prev != "," or _after_quote(c.before):
        return True
    after = c.after
    return not (end < len(after) and after[end][0] not in _CLAUSE_END and after[end][0] not in _CLOSE_MARKS
                and after[end][0].lower() not in _CONTINUERS)


@rule("cue:said-inverted", order=100,
      fires=["“The bridge is unsafe,” said Dana Hill.", "“The bridge is unsafe,” said union leader Tom Reyes."],
      not_on=["“The bridge is unsafe,” Dana Hill said."])
def said_inverted(att: Any, c: Cue) -> Verdict:
    """', said X' / '” said X' / at the start of a sentence: the phrase after the verb speaks."""
    _skip_age(c)
    kind = _inverted_kind(c)
    if not kind:
        return None
    fwd = att._phrase_after(c.after)
    if not _ends_clause(c, fwd.end):
        return None
    return _REJECT if fwd.speaker is None else c.event(fwd.speaker, "cue:" + kind, True)


declare("cue:said-inverted-plural", order=101,
        fires=["“The bridge is unsafe,” say officials."],
        not_on=["“The bridge is unsafe,” said Dana Hill."],
        doc="\"…, say officials.\": a bare plural after the verb (decided inside ``said_inverted``).")


# ---- the subject before the verb ----------------------------------------------------

def _finish(att: Any, c: Cue, sp: Speaker | None, name: str) -> Verdict:
    """The event with subject ``sp``, unless it is no speaker; "told Harbor Weekly" adds the outlet."""
    if sp is None:
        return _REJECT
    if c.lemma in _DOC_VERBS and sp.kind == "description" and not sp.resolved:
        return _REJECT  # "A CT of his chest showed …": evidence, not anyone's words
    extra: list = []
    if c.lemma == "tell" and c.after:
        obj = att._np_forward(c.after, 0, object_only=True)
        if obj is not None and obj.kind in ("outlet", "agency"):
            obj.why.append("cue:told-outlet")
            extra.append(obj)
    return c.event(sp, name, extra=extra)


def _shared_speaker(att: Any, c: Cue) -> Speaker | None:
    """'…,” said Dubey, noting it is “…”': the participle shares the speaker just named."""
    last = att.events[-1] if att.events else None
    if c.prev == "," and last is not None and last.start >= c.ss and last.speaker is not None \
            and last.speaker.resolved and last.speaker.kind != "description" \
            and max(last.end, last.speaker.end) >= c.cs - 40:
        return last.speaker
    return None


@rule("cue:participle-shares-speaker", order=110,
      fires=["“The bridge is unsafe,” said Dana Hill, adding that it was “a disgrace”."],
      not_on=["“The bridge is unsafe,” said Dana Hill."])
def participle_shares_speaker(att: Any, c: Cue) -> Verdict:
    """'…,” said Dubey, noting it is “…”': the participle shares the speaker just named."""
    if not c.is_ing:
        return None
    sp = _shared_speaker(att, c)
    return None if sp is None else _finish(att, c, sp, "cue:participle-shares-speaker")


@rule("cue:participle", order=111,
      fires=["Dana Hill closed the bridge on Monday, saying it was “a danger to everyone”."],
      not_on=["“The bridge is unsafe,” Dana Hill said."])
def participle(att: Any, c: Cue) -> Verdict:
    """", saying …", "after warning …": the sentence's subject; else the phrase before it."""
    if not c.is_ing:
        return None
    prev = c.prev
    if prev == "," or not c.before or (prev.islower() and (prev.endswith("ing") or prev in _PREPS)):
        sp = att._sentence_subject(c.ss, c.cs)
    else:
        sp = att._np_backward(c.before, len(c.before) - 1, c.ss)
        if sp is None or sp.kind == "description":
            sp = att._sentence_subject(c.ss, c.cs) or sp
    return _finish(att, c, sp, "cue:participle")


@rule("cue:said-after", order=120,
      fires=["“The bridge is unsafe,” Dana Hill said."],
      not_on=["“The bridge is unsafe,” said Dana Hill."])
def said_after(att: Any, c: Cue) -> Verdict:
    """"Dana Hill said", "officials who asked not to be named said": the subject before the verb."""
    return _finish(att, c, att._subject(c.before, c.ss, c.cs), "cue:said-after")


_VERB_RULES: tuple[Step, ...] = (
    _no_passive, document_subject, relative_clause, _no_noun_use, _no_after_possessive, possessive_claims,
    _no_counted_noun, _no_nouny_without_clause, text_reads, _no_bare_singular, passive_agent,
    _no_passive_participle, _no_adjective_participle, _no_particle_missing, _no_as_frame, _no_add_to,
    _no_weak_without_words, said_inverted, participle_shares_speaker, participle, said_after,
)

Form = tuple[str, bool, bool]  # (lemma, is_ing, is_base): what a verb rule's applicability depends on


def _finite(f: Form) -> bool:
    """Neither a participle nor a bare form: "said", "reported"."""
    return not f[1] and not f[2]


def _always(f: Form) -> bool:
    return True


#: When a verb rule can decide anything at all; a rule missing here may apply to every form.
_APPLIES: dict[Step, Callable[[Form], bool]] = {
    _no_passive: lambda f: not f[1],
    document_subject: lambda f: f[0] in _DOC_VERBS and not f[1],
    relative_clause: _finite,
    possessive_claims: lambda f: f[0] in _NO_INVERT_NOUNY and _finite(f),
    _no_counted_noun: lambda f: f[0] in _NO_INVERT_NOUNY and _finite(f),
    _no_nouny_without_clause: lambda f: f[0] in _NO_INVERT_NOUNY,
    text_reads: lambda f: f[0] == "read",
    _no_bare_singular: lambda f: f[2],
    passive_agent: _finite,
    _no_passive_participle: _finite,
    _no_adjective_participle: lambda f: f[1],
    _no_particle_missing: lambda f: f[0] in ("point", "weigh"),
    _no_as_frame: lambda f: f[0] in AS_FRAME,
    _no_add_to: lambda f: f[0] == "add",
    participle_shares_speaker: lambda f: f[1],
    participle: lambda f: f[1],
}


@cache
def _verb_rules_for(form: Form) -> tuple[Step, ...]:
    """The verb rules that can apply to one form, in order (built once per form, not per cue)."""
    return tuple(step for step in _VERB_RULES if _APPLIES.get(step, _always)(form))


#: Cues that are not verbs, by the named group of ``CUE_SCAN`` that matched, in order.
_GROUP_RULES: tuple[tuple[str, Step], ...] = (
    ("nby", by_noun), ("acc", source_after), ("per", source_after), ("cit", source_after), ("pn", possessive_noun),
    ("callfor", call_for),
)
#: The rule for each group; its alternatives are exclusive and unnested, so ``lastgroup`` names it.
_BY_GROUP: dict[str, tuple[Step, ...]] = {group: (fn,) for group, fn in _GROUP_RULES}


@dataclass(frozen=True, slots=True)
class Forward:
    """The phrase after a cue and the token where its scan stopped (the clause goes on there or not)."""

    speaker: Speaker | None
    end: int


class CueRules(CueSubjects):
    """Cue rules: reporting verbs, speech nouns and the subjects they attach to."""

    def _phrase_after(self, toks: list, i: int = 0) -> Forward:
        """The phrase starting at token ``i`` with its end, as a value.

        (``_np_forward`` keeps its signature while the speaker-phrase rules are
        reshaped; this is the one place that reads where its scan stopped. When it
        stops before scanning, a pronoun, the phrase is that one token.)
        """
        self._fwd_end = -1
        sp = self._np_forward(toks, i)
        end = self._fwd_end
        return Forward(sp, i + 1 if end < 0 else end)

    def _event(self, m: Hit) -> CueEvent | None:
        """The event a cue match makes: the first rule that decides, in order."""
        cs, ce = m.start(), m.end()
        ss, se = self.seg.sentence_at(cs)
        c = Cue(m, m.group(), cs, ce, ss, se,
                self._tc.get(cs - _WINDOW if cs - _WINDOW > ss else ss, cs),
                self._tc.get(ce, ce + _WINDOW if ce + _WINDOW < se else se))
        steps = _BY_GROUP.get(m.lastgroup or "")
        if steps is None:  # a verb form ("w")
            c.verb_forms()
            steps = _verb_rules_for((c.lemma, c.is_ing, c.is_base))
        for step in steps:
            verdict = step(self, c)
            if verdict is not None:
                return None if verdict is _REJECT else verdict
        return None
