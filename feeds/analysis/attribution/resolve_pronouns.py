"""Pronoun resolvers: who "he", "she", "it" and "they" stand for.

A pronoun speaker is tried against these rules, in order; the first that
answers names the speaker and puts its name in the speaker's ``why``:

1. ``resolve:pronoun-plural`` — "they" after a plural subject ("Gov. Dana Hill
   and party leaders have … They said"), followed back through "They …".
2. ``resolve:pronoun-pair`` — "they" after two people joined by "and".
3. Sentence by sentence back from the pronoun (at most five, 2,500 characters):

   - ``resolve:pronoun`` — "he"/"she": the nearest person of that gender (or of
     unknown gender) named or speaking in the sentence;
   - ``resolve:pronoun-described`` — "he" after "an engineer in Tehran said":
     the person described, not named;
   - ``resolve:pronoun-topic`` — a name of unknown gender yields to the person
     the same pronoun stood for a few sentences back;
   - ``resolve:pronoun-body`` — "it"/"they": the body speaking in the sentence;
   - ``resolve:pronoun-org`` — "it"/"they": the body the sentence names.

Genders come from given names, titles and role words ("Mr.", "spokeswoman")
and from the pronoun that follows a name in a sentence naming nobody else.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from ..lexicon import AUX, CUE_FORMS, FEMALE_NAMES, MALE_NAMES, NP_STOP
from ..lexicon.data import words
from ..rules import declare, rule
from .base import (
    Speaker, _GENDER_PRON_RE, _GENDERED_WORDS, _INTRO, _PAIR_GAP, _PUNCT_STOP, _SUBJ_PRON, _described_gender,
)

#: Plural nouns that do not end in "s" ("police said", "staff say").
_COLLECTIVES = words("resolvers-collectives")
_MALE_PRON = frozenset({"he", "his", "him", "himself"})
_BODY_KINDS = ("organization", "official", "agency", "outlet")
_THEY_KINDS = ("anonymous", "organization", "official")


class Resolved(NamedTuple):
    """Who a pronoun stands for, and the rule that said so."""

    name: str
    kind: str
    role: str | None
    why: str


def mark(sp: Speaker | None, name: str) -> Speaker | None:
    """Record that rule ``name`` decided ``sp`` (first in its ``why``: the trace reads from the
    outer decision to the inner ones that named the subject); returns ``sp``."""
    why = getattr(sp, "why", None)
    if why is not None and name not in why:
        why.insert(0, name)
    return sp


# Decided inside ``PronounRules._he_she_in``; declared here with their examples.
declare("resolve:pronoun", order=30,
        fires=['Mary Hill spoke first. "We will not accept this offer at all," she said.'],
        not_on=['John Petrov spoke first. "We will not accept this offer at all," she said.'],
        doc='"Mary Hill … she said": the nearest person of that gender (or of unknown gender) '
            'in the sentence, or in one of the five before.')

declare("resolve:pronoun-described", order=40,
        fires=['"The prices keep rising," said an engineer in Tehran. He added: "We cannot plan anything now."'],
        not_on=['"The prices keep rising," said a woman in Tehran. He added: "We cannot plan anything now."'],
        doc='"said an engineer in Tehran … he added": the person described, not named '
            '(a described woman is never "he").')

declare("resolve:pronoun-topic", order=50,
        fires=['Mary Hill spoke first. "We will win the vote," she said. The rival candidate is Casey Tolland. '
               '"The vote matters to all of us here," she said.'],
        not_on=['Mary Hill spoke first. "We will win the vote," she said. Casey Tolland said little. '
                '"The vote matters to all of us here," she said.'],
        doc="A name of unknown gender that has not just spoken yields to the person the same "
            "pronoun stood for a few sentences back.")


class PronounRules:
    """Pronoun resolvers (mixed into ``Attributor``, which holds the text and its mentions)."""

    # ---- entry point ----------------------------------------------------------
    def _pronoun(self, w: str, s: int, e: int) -> Speaker:
        """The speaker a pronoun stands for, unresolved when no rule answers."""
        wl = w.lower()
        if wl in ("i", "we"):
            return Speaker(w, w, "pronoun", None, s, e, False)
        if wl == "they":
            plural = self._they_plural(s) or self._they_pair(s)
            if plural is not None:
                return plural
        res = self._resolve_pronoun(wl, s)
        if res is None:
            return Speaker(w, w, "pronoun", None, s, e, False)
        return Speaker(w, res.name, res.kind, res.role, s, e, True, why=[res.why])

    def resolve_pronoun(self, wl: str, pos: int) -> tuple[str, str, str | None] | None:
        """(name, kind, role) of the one a lower-case pronoun at ``pos`` stands for."""
        res = self._resolve_pronoun(wl, pos)
        return None if res is None else (res.name, res.kind, res.role)

    def _resolve_pronoun(self, wl: str, pos: int) -> Resolved | None:
        """Sentence by sentence back from ``pos``: the first sentence that answers."""
        seg = self.seg
        si = seg.sent_index(pos)
        first_sent = si - 5 if si > 5 else 0
        floor = pos - 2500 if pos > 2500 else 0
        in_sentence = self._he_she_in if wl in ("he", "she") else self._body_in
        for k in range(si, first_sent - 1, -1):
            ss, se = seg.sentence_bounds(k)
            if se < floor:
                break
            res = in_sentence(wl, pos, ss, pos if k == si else se, floor, first_sent)
            if res is not None:
                return res
        return None

    # ---- "they": plural subjects and pairs --------------------------------------
    @rule("resolve:pronoun-plural", order=10,
          fires=['Governor Mary Hill and party leaders have agreed on a plan. '
                 'They said it was "a deal that everyone can live with now".'],
          not_on=['Governor Mary Hill has agreed on a plan. They said it was "a deal that everyone can live with now".'])
    def _they_plural(self, pos: int) -> Speaker | None:
        """"Gov. Dana Hill and party leaders have … They want … But they said": a plural
        subject of the sentences before (through a chain of "They …")."""
        si = self.seg.sent_index(pos)
        for k in range(si - 1, max(-1, si - 4), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < pos - 1500:
                return None
            toks = self._tc.get(ss, min(se, ss + 300))
            i = _after_intro(toks)
            if i >= len(toks):
                return None
            if toks[i][0].lower() == "they":
                continue  # "They want …": keep looking back
            return mark(self._plural_head(toks, i), "resolve:pronoun-plural")
        return None

    def _plural_head(self, toks: list, i: int) -> Speaker | None:
        """The subject starting at token ``i`` when it is plural and a verb follows it."""
        k2, has_and = _subject_end(toks, i)
        if k2 == i or k2 >= len(toks) or toks[k2][0].lower() not in AUX and toks[k2][0] not in CUE_FORMS:
            return None  # no verb found: not a clause subject we can trust
        head = [t[0] for t in toks[i:k2]]
        pre_of = head[:head.index("of")] if "of" in head else head
        if not pre_of:
            return None
        last = pre_of[-1].lower()
        plural = has_and or (pre_of[-1].islower() and last.endswith("s") and not last.endswith("ss") and len(last) > 3) \
            or last in _COLLECTIVES
        if not plural:
            return None
        sp = self._make(toks[i][1], toks[k2 - 1][2])
        if sp is None or sp.kind in ("description", "pronoun", "place"):
            return None
        return sp

    @rule("resolve:pronoun-pair", order=20,
          fires=['The talks ended with Mary Hill and John Petrov. They said: "We are pleased with the outcome today."'],
          not_on=['The talks ended with Mary Hill. They said: "We are pleased with the outcome today."'])
    def _they_pair(self, pos: int) -> Speaker | None:
        """"… two senators: Dana Hill and Ivo Petrov. They said …": the last pair of people
        joined by "and" in this or the sentence before is who "they" are."""
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        a = bisect_left(self._pstarts, lo)
        b = bisect_left(self._pstarts, pos)
        ms = self._persons[max(a, b - 12):b]
        for x in range(len(ms) - 1, 0, -1):
            m1, m2 = ms[x - 1], ms[x]
            if m1.possessive or m2.possessive or m1.name == m2.name:
                continue
            if not _PAIR_GAP.fullmatch(self.text[m1.end:m2.start]):
                return None
            sp = self._make(m1.start, m2.end)
            if sp is not None:
                sp.name, sp.kind, sp.role = f"{m1.name} and {m2.name}", "person", None
            return mark(sp, "resolve:pronoun-pair")
        return None

    # ---- "he" / "she": people ---------------------------------------------------
    def _he_she_in(self, wl: str, pos: int, ss: int, hi: int, floor: int, first_sent: int) -> Resolved | None:
        """The person "he"/"she" stands for among those of one sentence (``ss`` to ``hi``)."""
        want = "m" if wl == "he" else "f"
        ea = bisect_left(self._evstarts, ss)
        eb = bisect_left(self._evstarts, hi)
        recent = self.events[eb - 10 if eb - 10 > ea else ea:eb]
        cands, described = self._people_in(want, ss, hi, recent)
        chain = self._pronoun_chain(want, floor if floor > ss else ss, hi)
        for start, name, role in cands:
            if name in described:
                if described[name] not in (want, "?"):
                    continue  # "a woman in Shiraz" is never "he"
            else:
                g = self.gender(name)
                if g is not None and g != want:
                    continue  # "Dana Hill … he said": not her
            if chain is not None and chain.start() < start and "," not in self.text[chain.end():start]:
                # "he was seen with Ivo Petrov": the pronoun before carries the chain back
                # (but "To clear his name, Dana Hill …" points forward to the name)
                return None
            if name in described:
                return Resolved(name, "anonymous", None, "resolve:pronoun-described")
            if g is None and not any(ev.speaker is not None and ev.speaker.name == name for ev in recent):
                # a name of unknown gender yields to the person this pronoun already stood
                # for a few sentences back, unless that name has just spoken
                topic = self._pronoun_topic(wl, pos, self.seg.sentence_bounds(first_sent)[0])
                if topic is not None and topic[0] != name and topic[1] < start:
                    return Resolved(topic[0], "person", topic[2], "resolve:pronoun-topic")
            return Resolved(name, "person", role, "resolve:pronoun")
        return None

    def _people_in(self, want: str, ss: int, hi: int, recent: list) -> tuple[list, dict[str, str]]:
        """Candidates (start, name, role) in order, and the described ones with their gender."""
        a = bisect_left(self._pstarts, ss)
        b = bisect_left(self._pstarts, hi)
        # a possessor opening the sentence is a candidate too ("Dana's records were sold … she")
        cands = [(m.start, m.name, m.role or self.reg.roles.get(m.name)) for m in self._persons[a:min(b, a + 24)]
                 if not m.possessive or (m.start - ss <= 4 and self.gender(m.name) == want)]
        described: dict[str, str] = {}
        for ev in recent:
            sp = ev.speaker
            if sp is None or not sp.resolved or not ss <= sp.start < hi:
                continue
            if sp.kind == "person" and sp.phrase.lower() not in ("he", "she"):
                cands.append((sp.start, sp.name, sp.role))  # "Dana Okoro, the firm's lawyer, told …"
            elif sp.kind == "anonymous":
                # "…,” said an engineer in Tehran. … he added": a person the article describes
                g = _described_gender(sp.name)
                if g is not None:
                    described[sp.name] = g
                    cands.append((sp.start, sp.name, None))
        cands.sort(key=lambda c: c[0])
        return cands, described

    def _pronoun_chain(self, want: str, lo: int, hi: int):
        """The first pronoun of that gender outside quotations between ``lo`` and ``hi``."""
        pat = _SUBJ_PRON[want]
        chain = pat.search(self.text, lo, hi)
        hops = 0
        while chain is not None and self._in_quote(chain.start()) and hops < 20:
            chain = pat.search(self.text, chain.end(), hi)
            hops += 1
        if chain is not None and self._in_quote(chain.start()):
            return None
        return chain

    def _pronoun_topic(self, wl: str, pos: int, lo: int) -> tuple[str, int, str | None] | None:
        """The person the same pronoun was last resolved to, between ``lo`` and ``pos``."""
        b = bisect_left(self._evstarts, pos)
        for ev in reversed(self.events[max(0, b - 12):b]):
            sp = ev.speaker
            if ev.start < lo:
                break
            if sp is not None and sp.kind == "person" and sp.resolved and sp.phrase.lower() == wl:
                return sp.name, sp.start, sp.role
        return None

    # ---- "it" / "they": bodies ----------------------------------------------------
    @rule("resolve:pronoun-body", order=60,
          fires=['The Harbor Authority said it would appeal. It said: "The ruling ignores the evidence we gave."'],
          not_on=['Dana Hill said she would appeal. She said: "The ruling ignores the evidence we gave."'])
    def _body_in(self, wl: str, pos: int, ss: int, hi: int, floor: int, first_sent: int) -> Resolved | None:
        """"The ministry said it had told envoys …": the body speaking in the sentence,
        else (``resolve:pronoun-org``) the first body the sentence names."""
        a = bisect_left(self._evstarts, ss)
        b = bisect_left(self._evstarts, hi)
        kinds = _THEY_KINDS if wl == "they" else _BODY_KINDS
        for ev in reversed(self.events[max(a, b - 20):b]):
            sp = ev.speaker
            if sp and sp.kind in kinds and sp.resolved and (wl == "they" or sp.phrase.lower() != "it"):
                return Resolved(sp.name, sp.kind, sp.role, "resolve:pronoun-body")
        return self._org_in(wl, ss, hi)

    @rule("resolve:pronoun-org", order=70,
          fires=['Northwind Energy raised its prices in May. It said: "Costs have doubled since the winter."'],
          not_on=['Prices rose in May. It said: "Costs have doubled since the winter."'])
    def _org_in(self, wl: str, ss: int, hi: int) -> Resolved | None:
        """The first body named in the sentence (a place stands for its government, but
        never for "they")."""
        a = bisect_left(self._ostarts, ss)
        b = bisect_left(self._ostarts, hi)
        for m in self._orgs[a:b]:
            if (m.kind == "place" and wl == "they") or m.possessive:
                continue
            return Resolved(m.name, m.kind if m.kind != "place" else "official", None, "resolve:pronoun-org")
        return None

    # ---- genders ----------------------------------------------------------------------
    def gender(self, name: str) -> str | None:
        """'m', 'f' or None for a person the article names: given name, title, pronouns used."""
        if not name:
            return None
        first = name.split()[0]
        if first in MALE_NAMES:
            return "m"
        if first in FEMALE_NAMES:
            return "f"
        if self._genders is None:
            self._genders = self._collect_genders()
        return self._genders.get(name)

    def _collect_genders(self) -> dict[str, str]:
        """Genders from titles and roles ("Mr.", "spokeswoman") and from the pronoun that
        follows a person's name in a sentence naming nobody else ("Dana Hill said she …")."""
        votes: dict[str, list[int]] = {}
        for m in self._persons:
            for g in self._title_genders(m):
                _vote(votes, m.name, g, 3)
            if not m.possessive:
                g = self._pronoun_after(m)
                if g is not None:
                    _vote(votes, m.name, g, 1)
        return {name: "m" if mv > fv else "f" for name, (mv, fv) in votes.items() if mv != fv}

    def _title_genders(self, m) -> list[str]:
        """Genders told by the words of a mention ("Mr. Hill") and its role ("spokeswoman")."""
        out = []
        for w in (m.surface or "").split()[:4] + (m.role or self.reg.roles.get(m.name) or "").lower().split():
            g = _GENDERED_WORDS.get(w) or _GENDERED_WORDS.get(w.lower())
            if g:
                out.append(g)
        return out

    def _pronoun_after(self, m) -> str | None:
        """The gender of a pronoun after mention ``m`` in its sentence, when nobody else is named."""
        ss, se = self.seg.sentence_at(m.start)
        pm = _GENDER_PRON_RE.search(self.text, m.end, min(se, m.end + 200))
        if pm is None or self._in_quote(pm.start()):
            return None
        for o in self.reg.between(max(ss, m.start - 300), pm.start()):
            if o is not m and o.kind in ("person", "unknown", "person?") and (o.name != m.name or o.possessive):
                return None
        return "m" if pm.group().lower() in _MALE_PRON else "f"


def _vote(votes: dict[str, list[int]], name: str, g: str, w: int) -> None:
    v = votes.setdefault(name, [0, 0])
    v[0 if g == "m" else 1] += w


def _after_intro(toks: list) -> int:
    """Where a sentence's subject starts: after an opening phrase ("After the vote, …")."""
    if not toks or toks[0][0] not in _INTRO:
        return 0
    j = 1
    while j < len(toks) and j < 30 and toks[j][0] != ",":
        j += 1
    return j + 1 if j < len(toks) else 1


def _subject_end(toks: list, i: int) -> tuple[int, bool]:
    """End of the noun phrase opening at ``i`` (at a verb, a stop word or punctuation) and
    whether it joins several ("Dana Hill and party leaders")."""
    k2 = i
    has_and = False
    while k2 < len(toks) and k2 - i < 16:
        t = toks[k2][0]
        tl = t.lower()
        if tl == "and" and k2 > i:
            has_and = True
        elif t in _PUNCT_STOP or (tl in NP_STOP and tl not in ("of", "the")) or tl in AUX \
                or (t.islower() and (tl.endswith("ed") or t in CUE_FORMS) and not (k2 > i and toks[k2 - 1][0] == "-")):
            break
        k2 += 1
    return k2, has_and
