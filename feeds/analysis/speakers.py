"""Who says what: speech cues, the phrase naming the speaker, and coreference.

A *cue event* is one reporting verb ("said", "told", "according to", ...) with
the phrase that names its speaker: the subject before it ("government
spokesman Mira Tanaka said"), or the phrase after it in inverted order
("said Tanaka", "according to two people familiar with the matter"). Speaker
phrases are split into name and role (titles before the name, appositions
after it) and resolved: pronouns to the last compatible person or body named
("he" skips a woman: given names, titles and the pronouns the article already
used for someone tell the gender; "they" goes back to a plural subject),
descriptions ("the newspaper", "the company") to the entity of that class
speaking in the sentence before or else named last, "the statement" to whoever
issued it, "a spokesperson for X" to the person the article names in apposition,
surnames and acronyms to the full name. Days, months and bare determiners
("Tuesday", "Others") never name a speaker.

The subject of a cue is chunked as a noun phrase, not grabbed as the nearest
capitalised word: relative clauses ("the company that runs the Harbor Games,
Acme, said"; "a spokesperson who asked not to be identified under the rules said"), chains of
appositions ("Dana Hill, the sister of the mayor, Ivo Petrov, said" is Hill),
prepositional phrases ("China's envoy to Chile said"), predicates after a copula
(never subjects) and adverbs between subject and verb ("she instead wrote") are
read as such; coordinated verbs share their subject ("she described … and
accused …"). A name in apposition to a description of a body is that body; an
unattached "a spokesperson" speaks for the body the sentence before is about;
"they" after "Senator X and Representative Y" is the pair; a pronoun chain is
followed back past a name of unknown gender. Possessive speech nouns ("his claim
that …"), "VERB someone as '…'" and passive agents ("as reported by X") are
cues too, and a document subject ("that report", "the agency's guidelines")
speaks for its author.

All scanning is done in bounded windows around each cue, so the cost is
linear in the text.

``Attributor.find_events`` returns an :class:`Attribution` (the events, the
speakers named beside a subject, and the quoted speakers the quote stage fills
in), which the quote and source stages read; the cue rules themselves are in
``attribution/cues.py``, in the order they are tried.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .entities import Registry
from .lexicon import (
    ANON_HEADS, DESCRIPTION_CLASS, ROLE_NOUNS,
)
from .lexicon.data import words
from .segment import Segments

__all__ = ["Speaker", "CueEvent", "Attribution", "Attributor"]

from .attribution.base import (
    CUE_SCAN, CueEvent, MAX_EVENTS, Speaker, _LITERARY_RE, _NOUN_INDEX_SKIP, _TokenCache, _is_cap, _singular, _unposs,
    named_later_members,
)
from .attribution.cues import CueRules
from .attribution.phrases import PhraseRules
from .attribution.resolvers import ResolverRules

#: Words that close a body's name and belong to the phrase after it ("Harbor Tutors for …").
_NAME_TAIL = words("cues-name-tail")
#: Kinds of speaker indexed by their nouns ("the nurses" after "a group of nurses").
_NOUN_INDEXED = frozenset(("anonymous", "organization", "official"))
#: Lemmas that name their source after them; no outlet is looked for after them.
_FORWARD_LEMMAS = frozenset(("according to", "per", "cite", "call for"))


@dataclass(slots=True)
class Attribution:
    """What attribution hands on to the quote and source stages.

    ``events`` are the cue events in text order; ``side`` the speakers named
    beside a cue's subject that are sources of the same words ("citing X" in
    an apposition, "outside economists and traders … told"); ``quoted`` the
    speakers the quote stage attributes quotes to (filled by it, read by the
    source stage). The lists are the Attributor's own, so reading them through
    the Attributor (``att.events``) sees the same values.
    """

    events: list[CueEvent] = field(default_factory=list)
    side: list[Speaker] = field(default_factory=list)
    quoted: list[Speaker] = field(default_factory=list)


class Attributor(CueRules, PhraseRules, ResolverRules):
    """Finds cue events and resolves speakers for one article."""

    def __init__(self, text: str, seg: Segments, reg: Registry, quote_spans: list[tuple[int, int]]):
        self.text = text
        self.seg = seg
        self.reg = reg
        self.qspans = quote_spans  # outer quotes, sorted (start, end) including marks
        self.qstarts = [q[0] for q in quote_spans]
        self.events: list[CueEvent] = []
        self.side: list[Speaker] = []  # speakers beside a subject, sources too (see Attribution)
        self._fwd_end = 0
        self.quoted: list[Speaker] = []  # speakers of the quotes, filled by quotes.py
        self.aliases: dict[str, str] = {}
        self._evstarts: list[int] = []
        self._tc = _TokenCache(text, seg)  # "a group of employees" -> "Harbour Workers Alliance"
        self._persons = [m for m in reg.mentions if m.kind == "person" and not self._in_quote(m.start)]
        self._pstarts = [m.start for m in self._persons]
        self._orgs = [m for m in reg.mentions if m.kind in ("organization", "official", "outlet", "agency", "place")
                      and not self._in_quote(m.start)]
        self._ostarts = [m.start for m in self._orgs]
        self._genders: dict[str, str] | None = None
        self._body_lookup = False  # guards _speaking_body against recursion
        self._noun_speakers: dict[str, Speaker] = {}  # noun -> the last speaker described with it
        self._by_name: dict[str, list] | None = None  # mentions by name, built when first needed

    # ---- helpers -------------------------------------------------------------
    def person_between(self, lo: int, hi: int) -> bool:
        """Is a person named between ``lo`` and ``hi`` (outside quotations)?"""
        return bisect_left(self._pstarts, lo) < bisect_left(self._pstarts, hi)

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.qspans[i][0] <= pos < self.qspans[i][1]

    def find_events(self) -> Attribution:
        """Every cue event of the text (bounded by ``MAX_EVENTS``), with the side speakers."""
        self._member_aliases()
        for m in CUE_SCAN.finditer(self.text):
            if len(self.events) >= MAX_EVENTS:
                break
            if self._skip_match(m.start()):
                continue
            ev = self._event(m)
            if ev is not None:
                self._record(ev)
        return Attribution(self.events, self.side, self.quoted)

    def _skip_match(self, cs: int) -> bool:
        """A cue form inside a word ("unsaid") or inside a quotation is nobody's attribution."""
        text = self.text
        return cs > 0 and (text[cs - 1].isalnum() or text[cs - 1] in "_'’-") or self._in_quote(cs)

    def _record(self, ev: CueEvent) -> None:
        """Keep a decided event: mark literary sayings, add the outlet it was told to, index it."""
        text = self.text
        if ev.speaker is not None and "As " in text[ev.start - 60 if ev.start > 60 else 0:ev.start] \
                and _LITERARY_RE.search(text, ev.start - 60, ev.start):
            ev.speaker.literary = True
        if ev.lemma not in _FORWARD_LEMMAS:
            self._recipient_outlet(ev)
        self.events.append(ev)
        self._evstarts.append(ev.start)
        self._remember_noun(ev.speaker)

    def _member_aliases(self) -> None:
        """"The teachers, founders of the group Harbor Tutors, …": the description is that body
        wherever the article uses it."""
        for start, desc, name in named_later_members(self.text):
            parts = name.split()
            while parts and parts[-1] in _NAME_TAIL:
                parts.pop()
            if len(parts) < 2 or self._in_quote(start):
                continue
            desc = desc.lower()
            self.aliases.setdefault(desc, " ".join(parts))
            self.aliases.setdefault(desc[0].upper() + desc[1:], " ".join(parts))

    def _remember_noun(self, sp: Speaker | None) -> None:
        """Index a described speaker by its nouns, for "the nurses" far after "a group of nurses"."""
        if sp is None or not sp.resolved or sp.kind not in _NOUN_INDEXED:
            return
        ws = sp.phrase.split()
        if not ws or _is_cap(ws[-1]) or len(ws) > 6:
            return
        for w in ws[:6]:
            wl = _unposs(w.lower().strip(",."))
            if wl in _NOUN_INDEX_SKIP or not wl.isalpha():
                continue
            if wl in ANON_HEADS or wl in DESCRIPTION_CLASS or _singular(wl) in ROLE_NOUNS:
                self._noun_speakers[wl] = sp
