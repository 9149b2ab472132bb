"""Speaker phrases across clauses: the subject of a sentence, relative clauses, appositions.

The rules here look past the phrase right before a cue, to the clause it sits
in. In the order the speaker-phrase rules try them:

1. ``speaker:relative-clause`` — "riders who waited at the depot all night
   reported …": the clause describes the subject before "who" (``_relative_head``;
   ``_who_clause_subject`` for a clause of any length).
2. ``speaker:relative-object`` — "people who know Dana Hill said": the name is the
   object of a relative clause; its head noun speaks (``_relative_before``).
3. ``speaker:apposition-chain`` — "Dana Hill, the sister of the mayor, Ivo Petrov,
   said": the person who opens a chain of appositions (``_chain_owner``).
4. ``speaker:apposition-owner`` — "Dana Hill, a spokesperson for the port, said":
   the name a description stands in apposition to (``_appositive_owner``).
5. ``speaker:sentence-subject`` — "…, and has warned", "…, saying": the subject of
   the sentence's main clause, past a dateline and an introductory phrase;
   ``speaker:subject-apposition-name`` when an apposition names it ("The group,
   Harbour Workers Alliance, …").
"""

from __future__ import annotations

from ..lexicon import CUE_FORMS, ING_CUES, NP_STOP, ROLE_NOUNS, STOP_CAPS
from ..rules import rule
from .base import (
    Speaker, _CHAIN_STOP, _CLAUSE_STOP, _CLOSE_MARKS, _INTRO, _OPEN_MARKS, _PUNCT_STOP, _is_cap, _nounish, _poss,
    _trim_role,
)
from .phrase_scan import (
    CHAIN_DETERMINERS, CORE_CUES, NAME_JOINERS, RELATIVE_PRONOUNS, SUBJECT_PRONOUNS, WHO_CLAUSE_STOPS, mark,
)

_DASHES = ("—", "–", "-")
#: What may stand before the name that opens an apposition: a boundary, not a verb ("Asked about X, …").
_APPOS_OPENERS = frozenset((",", ":", "—", "–", ";")) | frozenset(_OPEN_MARKS + _CLOSE_MARKS)
_SUBJECT_LINKS = NAME_JOINERS | {"the"}
_RELATIVE_CUES = CORE_CUES - {"wrote"}
#: Subjects an apposition may name: descriptions and bodies ("The group, Harbour Workers Alliance").
_NAMEABLE_KINDS = ("description", "anonymous", "organization", "official")


def subject_opening(toks: list) -> int | None:
    """Where the main clause of a sentence starts: past a dateline ("BUFFALO, N.Y. —",
    "(Reuters) -") and an introductory phrase up to its comma; None for a quotation."""
    if toks and toks[0][0] in _OPEN_MARKS:
        return None
    i = 0
    if toks and (toks[0][0] == "(" or (toks[0][0].isupper() and len(toks[0][0]) > 2)):
        for j in range(min(len(toks), 12)):
            if toks[j][0] in _DASHES and (j + 1 < len(toks)):
                if all(t[0].isupper() or not t[0].isalpha() for t in toks[:j]):
                    i = j + 1
                break
    if i < len(toks) and toks[i][0] in _INTRO:
        # skip an introductory phrase up to its comma
        j = i + 1
        while j < len(toks) and j - i < 30 and toks[j][0] != ",":
            j += 1
        i = j + 1 if j < len(toks) and toks[j][0] == "," else i + 1
    return i if i < len(toks) else None


def _coordinated_name(toks: list, i: int, k: int) -> bool:
    """"Hill and Petrov", "Acme and partners": a short coordination inside the subject."""
    if not (k > i and k + 1 < len(toks) and k - i <= 3):
        return False
    nxt = toks[k + 1][0]
    return nxt[:1].isupper() or nxt.isalpha() and nxt.lower() not in NP_STOP and nxt not in CUE_FORMS


def _names_only(inner: list) -> bool:
    """An apposition made of a name alone ("Harbour Workers Alliance")."""
    return all(_is_cap(t[0]) or t[0] in NAME_JOINERS for t in inner)


class ClauseRules:
    """Speaker phrases found through the clause around a cue (module docstring: the rules)."""

    def _subject_end(self, toks: list, i: int) -> int:
        """The index after the subject noun phrase at ``i``, stopping at its verb."""
        k = i
        cap_run = False
        after_poss = False
        while k < len(toks) and k - i < 10:
            t = toks[k][0]
            tl = t.lower()
            if tl == "and" and _coordinated_name(toks, i, k):
                k += 1
                continue
            if t in _PUNCT_STOP or tl in NP_STOP or (t.islower() and (t in CUE_FORMS or tl.endswith("ed"))):
                break
            if _poss(t):
                after_poss = True
            if (_is_cap(t) and t not in STOP_CAPS and not (k == i and self._common_word(t))) or _poss(t):
                cap_run = True
            elif cap_run and not after_poss and t.islower() and tl not in _SUBJECT_LINKS and tl not in ROLE_NOUNS:
                break
            k += 1
        return k

    @rule("speaker:sentence-subject", order=300,
          fires=['Dana Hill closed the harbor on Monday, saying “the storm is too close.”'],
          not_on=['Dana Hill said “the storm is too close.”'])
    def _sentence_subject(self, ss: int, cs: int) -> Speaker | None:
        """The subject of the sentence's main clause (for "…, and has warned", "…, saying")."""
        toks = self._tc.get(ss, min(cs, ss + 400))
        i = subject_opening(toks)
        if i is None:
            return None
        k = self._subject_end(toks, i)
        if k == i:
            return None
        if toks[i][0].lower() in SUBJECT_PRONOUNS:
            return mark(self._pronoun(toks[i][0], toks[i][1], toks[i][2]), "speaker:sentence-subject")
        sp = self._make(toks[i][1], toks[k - 1][2])
        if sp is not None and k < len(toks) and toks[k][0] == ",":
            named = self._subject_apposition_name(toks, k, sp)
            if named is not None:
                return mark(named, "speaker:sentence-subject")
        return mark(sp, "speaker:sentence-subject")

    @rule("speaker:subject-apposition-name", order=305,
          fires=['The union, Harbour Workers Alliance, walked out on Monday, saying “the pay offer is an insult.”'],
          not_on=['The union walked out on Monday, saying “the pay offer is an insult.”'])
    def _subject_apposition_name(self, toks: list, k: int, sp: Speaker) -> Speaker | None:
        """"The group, Harbour Workers Alliance, …": the apposition after the subject names it."""
        j = k + 1
        while j < len(toks) and j - k <= 7 and toks[j][0] != ",":
            j += 1
        inner = toks[k + 1:j]
        if not (j < len(toks) and inner and _names_only(inner)):
            return None
        named = self._make(inner[0][1], inner[-1][2])
        if named is None or named.kind == "description" or sp.kind not in _NAMEABLE_KINDS:
            return None
        if named.role is None and sp.kind in ("description", "anonymous"):
            named.role = sp.phrase
        if sp.name != named.name:
            self.aliases[sp.name] = named.name
        return mark(named, "speaker:subject-apposition-name")

    def _who_clause_subject(self, toks: list, ss: int) -> Speaker | None:
        """"A spokesperson who asked not to be identified under the utility's rules said": a
        relative clause of any length, without commas or another verb of speech, sits
        between the subject and its cue."""
        j = len(toks) - 1
        while j >= 0 and len(toks) - j <= 24:
            t = toks[j][0]
            tl = t.lower()
            if tl == "who":
                break
            if (t in _PUNCT_STOP and t != "-") or tl in WHO_CLAUSE_STOPS \
                    or (t.islower() and t in CUE_FORMS and tl not in ING_CUES):
                return None
            j -= 1
        else:
            return None
        if j < 1 or j >= len(toks) - 1 or toks[j - 1][0] in _PUNCT_STOP or not _nounish(toks[j - 1][0]):
            return None
        head = self._np_backward(toks, j - 1, ss, appos=False)
        if head is None or head.kind in ("pronoun", "description"):
            return None
        return mark(head, "speaker:relative-clause")

    @rule("speaker:relative-object", order=210,
          fires=['People who know Dana Hill said “she never gives up.”'],
          not_on=['Dana Hill said “she never gives up.”'])
    def _relative_before(self, toks: list, start: int, ss: int, reach: int = 8) -> Speaker | None:
        """The head of a relative clause that ends at ``start`` ("the firm that hired …")."""
        m = start - 1
        hops = 0
        while m >= 1 and hops < reach:
            t = toks[m][0]
            tl = t.lower()
            if tl in RELATIVE_PRONOUNS:
                break
            if t in _PUNCT_STOP or tl in _CLAUSE_STOP or tl in _RELATIVE_CUES:
                return None
            m -= 1
            hops += 1
        else:
            return None
        if m < 1 or m == start - 1 or not _nounish(toks[m - 1][0]) and toks[m][0].lower() != "who":
            return None
        if toks[m - 1][0] in _PUNCT_STOP or toks[m - 1][0].lower() in NP_STOP:
            return None
        return mark(self._np_backward(toks, m - 1, ss, appos=False), "speaker:relative-object")

    @rule("speaker:relative-clause", order=200,
          fires=['Riders who waited at the depot all night reported “no buses at all.”'],
          not_on=['Riders reported “no buses at all.”'])
    def _relative_head(self, toks: list, k: int, ss: int) -> Speaker | None:
        """The noun phrase a relative pronoun at ``k`` refers back to ("officials who …")."""
        if k < 1 or toks[k - 1][0] in _PUNCT_STOP or toks[k - 1][0].lower() in NP_STOP:
            return None
        head = self._np_backward(toks, k - 1, ss, appos=False, cleft=True)
        if head is None or head.kind in ("pronoun",):
            return None
        return mark(head, "speaker:relative-clause")

    @rule("speaker:apposition-chain", order=230,
          fires=['Maria Lopez, the younger sister of heir to the Harbor estate, Ivo Petrov, said “we vote.”'],
          not_on=['Ivo Petrov said “the town will vote.”'])
    def _chain_owner(self, toks: list, kc: int, ss: int) -> Speaker | None:
        """"Dana Hill, the sister of the mayor of the town, Ivo Petrov, said": the person
        opening a chain of appositions, when the stretch between the commas is a plain
        noun phrase (a determiner first, no verb inside)."""
        pc = kc - 1
        while pc >= 0 and kc - pc <= 25 and toks[pc][0] != ",":
            t = toks[pc][0]
            attached = t in ("-", "&") and pc + 1 < len(toks) and toks[pc + 1][1] == toks[pc][2]
            if (t in _PUNCT_STOP and not attached) or t.lower() in _CHAIN_STOP or (t.islower() and t in CUE_FORMS):
                return None
            pc -= 1
        if pc < 1 or toks[pc][0] != "," or kc - pc < 3:
            return None
        first = toks[pc + 1][0]
        if first.lower() not in CHAIN_DETERMINERS and not _poss(first):
            return None
        owner = self._np_backward(toks, pc - 1, ss, appos=False)
        if owner is None or owner.kind != "person" or not self._opens_apposition(toks, pc - 1, owner):
            return None
        return mark(owner, "speaker:apposition-chain")

    def _opens_apposition(self, toks: list, j: int, owner: Speaker) -> bool:
        """The phrase ``owner`` (ending at or before ``j``) starts at a token that follows a
        boundary: "Asked about Dana Hill, a spokesman said" has Hill as an object."""
        o = j
        while o >= 0 and toks[o][1] > owner.start:
            o -= 1
        if o < 0 or toks[o][1] != owner.start:
            return False
        return o == 0 or toks[o - 1][0] in _APPOS_OPENERS

    @rule("speaker:apposition-owner", order=240,
          fires=['Maria Lopez, a spokesperson for the fleet, the navy command, said “the ships stay.”'],
          not_on=['A spokesperson for the fleet said “the ships stay.”'])
    def _appositive_owner(self, toks: list, j: int, head: Speaker, ss: int) -> Speaker | None:
        """The name a description stands in apposition to: "Name, <head>, …"."""
        hk = j
        while hk >= 0 and toks[hk][1] > head.start:
            hk -= 1
        if hk < 2 or toks[hk][1] != head.start or toks[hk - 1][0] != ",":
            return None
        owner = self._np_backward(toks, hk - 2, ss, appos=False)
        if owner is None or owner.kind not in ("person", "organization", "official") \
                or not self._opens_apposition(toks, hk - 2, owner):
            return None
        role = _trim_role(head.phrase)
        if role and not owner.role:
            owner.role = role
            if owner.kind == "person":
                self.reg.roles.setdefault(owner.name, role)
        if head.name != owner.name:
            self.aliases.setdefault(head.name, owner.name)
        return mark(owner, "speaker:apposition-owner")
