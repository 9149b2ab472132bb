"""Speaker-phrase rules: chunking the noun phrase that names a speaker and making a Speaker of it.

A cue's speaker is the phrase read backwards from the cue (``_np_backward``:
"port director Dana Hill said") or forwards after it (``_np_forward``: "said
Dana Hill, a port director"). Each reading is a dispatch over named rules, tried
in order; the first that applies decides, and its name goes into the Speaker's
``why`` (so a wrong speaker can be traced to the rule that chose it).

Read backwards (after skipping adverbs and times: "she *instead* wrote"):

1. ``speaker:pronoun`` — "she said": the pronoun, resolved later.
2. ``speaker:apposition`` — "<head>, <inner>, said": a stretch between commas or
   dashes, read by these rules in order:
   ``speaker:apposition-document-author`` ("The report, published by the Kestrel
   Institute, warned"), ``speaker:apposition-clause-pronoun`` ("During the call,
   he asked …"), ``speaker:apposition-aside`` ("the port, however, said"; "the
   port, citing X, said"), ``speaker:apposition-name`` ("his predecessor, Dana
   Hill, said"; via ``speaker:apposition-owner`` / ``speaker:apposition-chain``
   when a name opens the chain), ``speaker:apposition-role`` ("Dana Hill, a port
   director, said"), and the description's owner ("Name, a spokesperson, the
   navy's command, said"); otherwise the head before the comma.
3. ``speaker:relative-clause`` — "a navy officer who called the plan … said".
4. (guard) punctuation, a clause word or another cue: no speaker.
5. A capitalised run with its title (``speaker:title-before-name``: "senior port
   official Dana Hill"), unless ``speaker:registry-person`` (a person the
   registry found at its end: "China's envoy to Chile Tan Wei said"),
   ``speaker:relative-object`` ("people who know Dana Hill said") or
   ``speaker:prepositional`` ("a study published in the journal Harbor
   Medicine argued": the whole phrase) decides.
6. A lower-case run ("traders at the port"), unless ``speaker:relative-clause``
   ("riders who waited … reported") or ``speaker:issuer-subject`` ("the
   commission … issued a statement warning") decides; ``speaker:coordinated``
   ("outside economists and traders told"): the first conjunct is a source too.
   A predicate after a copula ("who was the head of X and Dana Hill said") is
   never a subject.

Read forwards (after "said", "according to", "told"): ``speaker:pronoun``
("said he"), ``speaker:possessive-pronoun`` ("citing his “terrible judgment”"),
then the phrase up to its end (``phrase_scan.forward_end``), with
``speaker:apposition-role`` ("said Dana Hill, a port director") or
``speaker:apposition-name`` ("said a spokeswoman for the port, Dana Hill").

The phrase itself becomes a Speaker by the rules of ``phrase_make``; rules that
look at the clause around the cue are in ``phrase_clauses``; token scans and the
word lists (``lexicon/data/phrases-*``) in ``phrase_scan``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from ..lexicon import AUX, CUE_FORMS, ING_CUES, NP_STOP
from ..rules import declare, rule
from .base import (
    Speaker, _CLOSE_MARKS, _COPULAS, _ISSUED_DOCS, _ISSUER_KINDS, _ISSUING_VERBS, _LEAD_STRIP, _OPEN_MARKS, _PN_POSS,
    _PREPS, _PUNCT_STOP, _desc_phrase, _is_cap, _nounish, _poss, _poss_apostrophe, _trim_role,
)
from .phrase_clauses import ClauseRules
from .phrase_make import MakeRules
from .phrase_scan import (
    APPOS_BOUNDS, APPOS_MARKS, APPOSITION_ASIDES, APPOSITION_ENDS, ARTICLES, COORDINATION_LEADS, COPULA_ADVERBS,
    CORE_CUES, ISSUED_DETERMINERS, NAME_JOINERS, NEXT, NOT_DESCRIPTIONS, NOT_SUBJECTS, RELATIVE_PRONOUNS,
    ROLE_NON_OPENERS, SUBJECT_PRONOUNS, description_run_start, first_decision, forward_end, mark, name_run_start,
    prepositional_start, skip_adverbials, trim_trailing,
)

PREPOSITIONAL = declare(
    "speaker:prepositional", order=52,
    fires=['A study published in the journal Harbor Medicine argued “the drug works.”'],
    not_on=['The journal Harbor Medicine argued “the drug works.”'],
    doc="The name sits in a prepositional phrase (phrase_scan.prepositional_start): the whole phrase speaks.")

_MARKS = frozenset(_OPEN_MARKS + _CLOSE_MARKS)
_NAMED_KINDS = ("person", "organization", "official", "outlet", "agency")
#: What a first conjunct must be to count as a source of the same statement.
_SOURCE_KINDS = ("anonymous",) + _NAMED_KINDS
_CLAUSE_PRONOUNS = SUBJECT_PRONOUNS - {"it", "i"}
_NAME_LINKS = NAME_JOINERS | {"."}
_STRIP_PREPS = _PREPS - {"familiar", "briefed"}
_ROLE_END = frozenset((".", ";", "(", ")", "“", "”", "\""))
_NAME_END = frozenset((".", ",", ";", "(", ")"))


@dataclass(slots=True)
class Apposition:
    """"<head>, <inner>, said": a stretch between two commas (or dashes) before a cue."""
    toks: list
    k: int              # the comma or dash that opens the stretch
    ss: int
    head: Speaker       # the phrase before the opening comma
    inner: list         # the tokens between the two commas

    @property
    def first(self) -> str:
        return self.inner[0][0].lower()


class PhraseRules(ClauseRules, MakeRules):
    """Speaker-phrase rules: chunking the noun phrase that names a speaker and making a Speaker of it."""

    # ---- reading backwards from a cue --------------------------------------------

    def _np_backward(self, toks: list, j: int, ss: int, appos: bool = True, cleft: bool = False) -> Speaker | None:
        """The subject phrase ending at token ``j`` (before "said"), by the backward rules in order."""
        i = skip_adverbials(toks, j)
        if i < 0:
            return None
        return first_decision(_BACKWARD_RULES, self, toks, i, ss, appos, cleft)  # (the last rule always decides)

    @rule("speaker:pronoun", order=10,
          fires=['She said “the vote is on Friday.”'],
          not_on=['Dana Hill said “the vote is on Friday.”'])
    def _back_pronoun(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> Speaker | object:
        """"she said", "they told": the pronoun is the subject (resolved later)."""
        w = toks[i][0]
        if w.lower() in SUBJECT_PRONOUNS:
            return mark(self._pronoun(w, toks[i][1], toks[i][2]), "speaker:pronoun")
        return NEXT

    @rule("speaker:apposition", order=20,
          fires=['Dana Hill, a port director, said “the cranes stay.”'],
          not_on=['Dana Hill said “the cranes stay.”'])
    def _back_apposition(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> Speaker | None | object:
        """"<head>, <inner>, said": the stretch between commas is an apposition or an aside."""
        if not appos or toks[i][0] not in APPOS_MARKS:
            return NEXT
        k = i - 1
        while k >= 0 and i - k <= 48 and toks[k][0] not in APPOS_BOUNDS \
                and (toks[k][0] not in _MARKS or _poss_apostrophe(toks, k)):
            k -= 1
        if not (k >= 1 and toks[k][0] in APPOS_MARKS) or k + 1 >= i:
            return None
        head = self._np_backward(toks, k - 1, ss, appos=False)
        if head is None or head.kind == "description" and head.phrase.lower().startswith(NOT_DESCRIPTIONS):
            return None
        if _desc_phrase(head.phrase):
            head = self._description_head(toks, k, ss, head)
        a = Apposition(toks, k, ss, head, toks[k + 1:i])
        out = first_decision(_APPOSITION_RULES, self, a)
        return mark(head if out is NEXT else out, "speaker:apposition")

    def _description_head(self, toks: list, k: int, ss: int, head: Speaker) -> Speaker:
        """"The studio that holds the rights to his films, Silver Harp, said": the
        description before the name is the relative clause's head."""
        hs = k - 1
        while hs > 0 and toks[hs - 1][1] >= head.start:
            hs -= 1
        rel = self._relative_before(toks, hs, ss, 14)
        return rel if rel is not None and _desc_phrase(rel.phrase) else head

    @rule("speaker:apposition-document-author", order=21,
          fires=['The report, published by the Kestrel Institute, warned “the reef is dying.”'],
          not_on=['The report warned “the reef is dying.”'])
    def _appos_document_author(self, a: Apposition) -> Speaker | object:
        """"The report, published by the Kestrel Institute, warned": its author speaks."""
        inner, head = a.inner, a.head
        if head.kind == "document" and len(inner) >= 3 and inner[1][0] == "by" and a.first.endswith(("ed", "en")):
            b = 2 + (inner[2][0].lower() == "the")
            if b < len(inner) and _is_cap(inner[b][0]):
                author = self._make(inner[b][1], inner[-1][2])
                if author is not None and author.kind in _ISSUER_KINDS:
                    return mark(Speaker(head.phrase, author.name, author.kind, author.role, head.start, head.end),
                                "speaker:apposition-document-author")
        return NEXT

    @rule("speaker:apposition-clause-pronoun", order=22,
          fires=['Ivo Petrov met the board. On the phone, he asked about the fees, said “they are too high.”'],
          not_on=['During the call the mayor said “they are too high.”'])
    def _appos_clause_pronoun(self, a: Apposition) -> Speaker | object:
        """"During the call, he asked about X, called Y …": a clause whose subject is the
        pronoun, not an apposition."""
        inner = a.inner
        if a.first in _CLAUSE_PRONOUNS and len(inner) > 1 and inner[1][0].islower():
            return mark(self._pronoun(inner[0][0], inner[0][1], inner[0][2]), "speaker:apposition-clause-pronoun")
        return NEXT

    @rule("speaker:apposition-aside", order=23,
          fires=['The port authority, however, said “the cranes stay.”'],
          not_on=['The port authority said “the cranes stay.”'])
    def _appos_aside(self, a: Apposition) -> Speaker | object:
        """"the port, however, said", "Hill, who runs the port, said", "the union, citing
        X, said": an aside between the subject and its verb (what is cited is a source too)."""
        if a.first not in APPOSITION_ASIDES:
            return NEXT
        if a.first == "citing":
            head_extra = self._np_forward(a.inner, 1)
            if head_extra is not None:
                self.side.append(head_extra)
        return mark(a.head, "speaker:apposition-aside")

    @rule("speaker:apposition-name", order=24,
          fires=['His predecessor, Dana Hill, said “the books were clean.”',
                 '“We had no choice,” said a spokeswoman for the port, Maria Lopez.'],
          not_on=['Dana Hill said “the books were clean.”'])
    def _appos_name(self, a: Apposition) -> Speaker | object:
        """"his predecessor, Dana Hill," / "The group, Harbour Workers Alliance,": the name
        in apposition to a description speaks (but "Dana Hill, the sister of the mayor, Ivo
        Petrov, said": the second name stands for the mayor; the name opening the chain speaks)."""
        head, inner = a.head, a.inner
        if not ((head.kind in ("description", "anonymous") or _desc_phrase(head.phrase))
                and all(_is_cap(t[0]) or t[0] in _NAME_LINKS for t in inner) and len(inner) <= 6):
            return NEXT
        owner = self._appositive_owner(a.toks, a.k - 1, head, a.ss) or self._chain_owner(a.toks, a.k, a.ss)
        if owner is not None and owner.kind == "person":
            return owner
        named = self._make(inner[0][1], inner[-1][2])
        if named is None or named.kind == "description":
            return NEXT
        self._type_by_description(named, head.phrase)
        if named.role is None:
            named.role = head.phrase
        if head.name != named.name and head.name == head.phrase:
            self.aliases[head.name] = named.name
        return mark(named, "speaker:apposition-name")

    @rule("speaker:apposition-role", order=25,
          fires=['Dana Hill, a port director, said “the cranes stay.”',
                 'The cranes stay, said Dana Hill, a port director. “We need them.”'],
          not_on=['A port director said “the cranes stay.”'])
    def _appos_role(self, a: Apposition) -> Speaker | object:
        """"Dana Hill, a port director, said": the apposition is the named speaker's role."""
        head, inner = a.head, a.inner
        if head.kind not in _NAMED_KINDS and head.kind != "pronoun":
            return NEXT
        role = _trim_role(self.text[inner[0][1]:inner[-1][2]])
        if role and not head.role:
            head.role = role
            if head.kind == "person":
                self.reg.roles.setdefault(head.name, role)
        return mark(head, "speaker:apposition-role")

    def _appos_description_owner(self, a: Apposition) -> Speaker | object:
        """"Dana Hill, a spokesperson for the fleet, the navy's command, said": the
        description is itself an apposition of the name before it."""
        if a.head.kind in ("description", "anonymous"):
            named = self._appositive_owner(a.toks, a.k - 1, a.head, a.ss)
            if named is not None:
                return named
        return NEXT

    def _back_relative_who(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> Speaker | None | object:
        """"a navy officer who called the plan …": the relative clause's subject is the noun before."""
        if toks[i][0] in ("who", "Who") and appos and i >= 1:  # not "WHO", the body
            return self._relative_head(toks, i, ss)
        return NEXT

    def _back_stop(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> None | object:
        """Punctuation, a clause word or another cue ("X said") cannot end a subject."""
        w = toks[i][0]
        if w in _PUNCT_STOP or (w.lower() in NP_STOP and not w.isupper()) \
                or (w.islower() and w in CUE_FORMS and (w.endswith("ed") or w in CORE_CUES)):
            return None
        return NEXT

    @rule("speaker:title-before-name", order=50,
          fires=['Senior port official Dana Hill said “the cranes stay.”'],
          not_on=['Dana Hill said “the cranes stay.”'])
    def _back_name_run(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> Speaker | None | object:
        """A capitalised run and the title words before it ("senior port official Dana Hill")."""
        if not (_is_cap(toks[i][0]) or _poss(toks[i][0])):
            return NEXT
        k, start = name_run_start(toks, i)
        out = self._registry_person(toks, k, i)
        if out is not NEXT:
            return out
        rel = self._relative_before(toks, start, ss)
        if rel is not None:
            return rel
        phrase_start = prepositional_start(toks, start)
        sp = self._finish_backward(toks, phrase_start, i, cleft)
        if phrase_start != start:
            return mark(sp, PREPOSITIONAL)
        return mark(sp, "speaker:title-before-name") if start < k else sp

    @rule("speaker:registry-person", order=51,
          fires=['China\'s envoy to Chile Tan Wei said “the talks went well.”'],
          not_on=['Tan Wei said “the talks went well.”'])
    def _registry_person(self, toks: list, k: int, i: int) -> Speaker | None | object:
        """"China's envoy to Chile Tan Wei said": a person the registry found at the end of
        the run is the subject, whatever stands before."""
        lo, end = toks[k][1], toks[i][2]
        for pm in self._persons[bisect_left(self._pstarts, lo):bisect_left(self._pstarts, end)]:
            if pm.start > lo and (pm.end == end or pm.end + 2 == end and _poss(toks[i][0])) \
                    and not any(t[0] in ("and", "&") for t in toks[k:i] if t[1] < pm.start):
                return mark(self._make(pm.start, end), "speaker:registry-person")
        return NEXT

    def _back_description_run(self, toks: list, i: int, ss: int, appos: bool, cleft: bool) -> Speaker | None:
        """A lower-case phrase ("traders at the port"), with the relative clauses, issuers
        and coordinations that can stand in it."""
        k = description_run_start(toks, i)
        start = k + 1
        if 0 <= k < i and toks[k][0] in _CLOSE_MARKS:
            k, start = _titled_in_marks(toks, k, start)
        rel = self._relative_in_run(toks, k, i, ss, appos)
        if rel is not None:
            return rel
        if start > i:
            return None
        issuer = self._issuer_subject(toks, start, i, ss)
        if issuer is not None:
            return issuer
        # a phrase cannot begin with a preposition or a bare verb
        while start <= i and (toks[start][0].lower() in _STRIP_PREPS or toks[start][0].lower() in _LEAD_STRIP):
            start += 1
        if start > i:
            return None
        if appos and k >= 1 and toks[k][0].lower() == "and":
            return self._coordinated(toks, k, start, i, cleft)
        return self._finish_backward(toks, start, i, cleft)

    def _relative_in_run(self, toks: list, k: int, i: int, ss: int, appos: bool) -> Speaker | None:
        """"riders who waited at the depot all night reported …": the clause between "who"
        and the verb describes the subject before it."""
        if k >= 1 and k < i and toks[k][0].lower() in RELATIVE_PRONOUNS and i - k <= 12 \
                and ((appos and (toks[k][0].lower() == "who" or toks[k + 1][0].lower() in AUX
                                 or (toks[k + 1][0].islower() and toks[k + 1][0].endswith("ed"))))
                     or _nounish(toks[k - 1][0])):
            return self._relative_head(toks, k, ss)
        return None

    @rule("speaker:issuer-subject", order=60,
          fires=['The harbor commission, which regulates the port, issued a statement warning “fees rise.”'],
          not_on=['The harbor commission warned that “fees will rise.”'])
    def _issuer_subject(self, toks: list, start: int, i: int, ss: int) -> Speaker | None:
        """"the commission, which regulates X, issued a statement warning that": the
        issuer speaks, not the verb phrase."""
        v = next((v for v in (i - 2, i - 3) if v >= max(start, 1) and toks[v][0] in _ISSUING_VERBS), -1)
        if v >= 0 and toks[v + 1][0].lower() in ISSUED_DETERMINERS and toks[i][0].lower() in _ISSUED_DOCS:
            issuer = self._np_backward(toks, v - 1, ss)
            if issuer is not None and issuer.kind not in ("description", "document"):
                return mark(issuer, "speaker:issuer-subject")
        return None

    @rule("speaker:coordinated", order=70,
          fires=['Both outside economists and traders at the port told reporters “the slump is over.”'],
          not_on=['Traders at the port told reporters “the slump is over.”'])
    def _coordinated(self, toks: list, k: int, start: int, i: int, cleft: bool) -> Speaker | None:
        """"both outside economists and traders at the port told …": the first conjunct is a
        source of the same statement."""
        left = self._coord_left(toks, k)
        if left is not None:
            mark(left, "speaker:coordinated")
            self.side.append(left)
        sp = self._finish_backward(toks, start, i, cleft)
        return mark(sp, "speaker:coordinated") if left is not None else sp

    def _finish_backward(self, toks: list, start: int, i: int, cleft: bool) -> Speaker | None:
        """The phrase ``toks[start..i]`` as a speaker, unless it is a predicate: "… who was the
        acting head of X and Dana Hill said" (but "It was Dana Hill who said": a cleft names
        the speaker)."""
        cop = start - 1
        while cop >= 1 and toks[cop][0].lower() in COPULA_ADVERBS:
            cop -= 1
        cleft_it = cleft and cop >= 1 and toks[cop - 1][0].lower() == "it"
        if start >= 1 and toks[cop][0].lower() in _COPULAS and not cleft_it:
            return None
        return self._make(toks[start][1], toks[i][2])

    def _coord_left(self, toks: list, k: int) -> Speaker | None:
        """The conjunct before "and" at ``k``, when it is a source noun phrase."""
        j = k - 1
        while j >= 0 and k - j <= 6:
            t = toks[j][0]
            tl = t.lower()
            if t in _PUNCT_STOP or tl in NP_STOP or tl in COORDINATION_LEADS or (t.islower() and t in CUE_FORMS):
                break
            j -= 1
        if j + 1 >= k:
            return None
        sp = self._make(toks[j + 1][1], toks[k - 1][2])
        if sp is None or not sp.resolved or sp.kind not in _SOURCE_KINDS:
            return None
        return sp

    # ---- reading forwards after a cue ----------------------------------------------

    def _np_forward(self, toks: list, i: int, object_only: bool = False) -> Speaker | None:
        """The phrase that starts at token ``i`` (after 'said', 'according to', 'told')."""
        n = len(toks)
        if i >= n:
            return None
        first = toks[i][0]
        fl = first.lower()
        if fl in SUBJECT_PRONOUNS:
            return None if object_only else mark(self._pronoun(first, toks[i][1], toks[i][2]), "speaker:pronoun")
        if fl in _PN_POSS and not object_only and i + 1 < n \
                and (toks[i + 1][0].islower() or toks[i + 1][0] in _OPEN_MARKS):
            return self._possessive_pronoun(toks, i)
        if first in _PUNCT_STOP or fl in NOT_SUBJECTS:
            return None
        k = forward_end(toks, i, object_only)
        self._fwd_end = k
        if k == i:
            return None
        k = trim_trailing(toks, i, k)
        sp = self._make(toks[i][1], toks[k - 1][2])
        if sp is None or k >= n or toks[k][0] != ",":
            return sp
        if sp.kind in _NAMED_KINDS:
            return self._forward_role(toks, k, sp)
        if sp.kind in ("description", "anonymous") and not object_only:
            return self._forward_name(toks, k, sp)
        return sp

    @rule("speaker:possessive-pronoun", order=80,
          fires=['The board fired the coach, citing his “terrible judgment.”'],
          not_on=['The board fired the coach, citing “terrible judgment.”'])
    def _possessive_pronoun(self, toks: list, i: int) -> Speaker:
        """"citing his “terrible judgment”": the possessor is the one whose words they are."""
        return mark(self._pronoun(_PN_POSS[toks[i][0].lower()], toks[i][1], toks[i][2]), "speaker:possessive-pronoun")

    def _forward_role(self, toks: list, k: int, sp: Speaker) -> Speaker:
        """"said Dana Hill, a China scholar with the AEI": the apposition is the role."""
        n = len(toks)
        j = k + 1
        while j < n and j - k < 24 and toks[j][0] not in _ROLE_END and toks[j][0].lower() not in APPOSITION_ENDS \
                and not (toks[j][0] in ING_CUES and toks[j][0].islower()):
            j += 1
        if j > k + 1:
            role = _trim_role(self.text[toks[k + 1][1]:toks[j - 1][2]])
            if role and not sp.role and not role.lower().startswith(ROLE_NON_OPENERS):
                sp.role = role
                if sp.kind == "person":
                    self.reg.roles.setdefault(sp.name, role)
                mark(sp, "speaker:apposition-role")
        return sp

    def _forward_name(self, toks: list, k: int, sp: Speaker) -> Speaker:
        """"said a spokeswoman for the port, Dana Hill.": the description names its person."""
        n = len(toks)
        j = k + 1
        while j < n and j - k < 12 and toks[j][0] not in _NAME_END and toks[j][0] not in _MARKS:
            j += 1
        inner = toks[k + 1:j]
        if inner and (j == n or toks[j][0] in (".", ",", ";")) and _is_cap(inner[-1][0]) \
                and all(_is_cap(t[0]) or (t[0].isalpha() and t[0].islower() and t[0] not in NP_STOP
                                          and t[0] not in _PREPS and t[0] not in CUE_FORMS) for t in inner):
            named = self._make(inner[0][1], inner[-1][2])
            if named is not None and named.kind == "person":
                if not named.role:
                    named.role = _trim_role(sp.phrase)
                self.aliases.setdefault(sp.name, named.name)
                return mark(named, "speaker:apposition-name")
        return sp


def _titled_in_marks(toks: list, k: int, start: int) -> tuple[int, int]:
    """'the “Dawson’s Creek” star said': a title in marks inside the phrase; the phrase
    (and the scan) start at its determiner."""
    j = k - 1
    while j > k - 8 and j >= 1 and toks[j][0] not in _OPEN_MARKS:
        j -= 1
    if j >= 1 and j < k - 1 and toks[j][0] in _OPEN_MARKS and _is_cap(toks[j + 1][0]) \
            and (toks[j - 1][0].lower() in ARTICLES or _poss(toks[j - 1][0])):
        return j - 1, j - 1
    return k, start


_Rule = Callable[..., "Speaker | None | object"]
#: The backward rules of ``_np_backward``, in order (module docstring).
_BACKWARD_RULES: tuple[_Rule, ...] = (
    PhraseRules._back_pronoun, PhraseRules._back_apposition, PhraseRules._back_relative_who, PhraseRules._back_stop,
    PhraseRules._back_name_run, PhraseRules._back_description_run,
)
#: The rules for "<head>, <inner>, said", in order.
_APPOSITION_RULES: tuple[_Rule, ...] = (
    PhraseRules._appos_document_author, PhraseRules._appos_clause_pronoun, PhraseRules._appos_aside,
    PhraseRules._appos_name, PhraseRules._appos_role, PhraseRules._appos_description_owner,
)
