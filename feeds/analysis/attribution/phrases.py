"""Speaker-phrase rules: chunking the noun phrase that names a speaker and making a Speaker of it."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..gazetteer import ALIAS_TO_CANON
from ..lexicon import (
    ANON_HEADS, AUX, CUE_FORMS, CUE_LEMMA, DESCRIPTION_CLASS, DOC_HEADS, FIRST_NAMES, HONORIFICS, ING_CUES, MONTHS, NP_STOP, ROLE_NOUNS, STOP_CAPS,
    WEEKDAYS,
)

from .base import (
    Speaker, _CHAIN_STOP, _CLAUSE_STOP, _CLOSE_MARKS, _COMMON_HEADS, _COPULAS, _DETS, _HEAD_ENDS, _INTRO, _ISSUED_DOCS, _ISSUER_KINDS, _ISSUING_VERBS, _LEAD_PREPS, _LEAD_STRIP, _LOWER_WORD, _NOT_A_NAME, _NO_INVERT_NOUNY, _OPEN_MARKS, _PLATFORMS, _PN_POSS, _PREPS, _PREPS_CORE, _PUNCT_STOP, _TIME_WORDS, _TITLED_NOUN, _desc_phrase, _is_cap, _nounish, _poss, _poss_apostrophe, _singular, _trim_role, _unposs,
)


class PhraseRules:
    """Speaker-phrase rules: chunking the noun phrase that names a speaker and making a Speaker of it."""

    def _np_backward(self, toks: list, j: int, ss: int, appos: bool = True, cleft: bool = False) -> Speaker | None:
        i = j
        skipped = 0
        while i >= 0 and skipped < 4:
            w = toks[i][0]
            wl = w.lower()
            if wl in AUX or (w.islower() and wl.endswith("ly") and len(wl) > 4 and wl not in ("family", "italy", "daily")):
                i -= 1
                skipped += 1
                continue
            if wl in _TIME_WORDS and i > 0 and toks[i - 1][0].lower() in ("on", "last", "this", "on", "late", "early"):
                i -= 2
                skipped += 1
                continue
            if wl in ("today", "yesterday", "tonight", "now", "then"):
                i -= 1
                skipped += 1
                continue
            break
        if i < 0:
            return None
        w = toks[i][0]
        if w.lower() in ("he", "she", "they", "it", "we", "i"):
            return self._pronoun(w, toks[i][1], toks[i][2])
        if w in (",", "—", "–", "-") and appos:
            k = i - 1
            while k >= 0 and i - k <= 48 and toks[k][0] not in (",", "—", "–", "-", ";", ":", "(", ")") \
                    and (toks[k][0] not in _OPEN_MARKS + _CLOSE_MARKS or _poss_apostrophe(toks, k)):
                k -= 1
            if k >= 1 and toks[k][0] in (",", "—", "–", "-"):
                inner = toks[k + 1:i]
                if not inner:
                    return None
                head = self._np_backward(toks, k - 1, ss, appos=False)
                if head is None or head.kind in ("description",) and head.phrase.lower().startswith(("however", "meanwhile")):
                    return None
                if _desc_phrase(head.phrase):
                    # "The studio that holds the rights to his films, Silver Harp, said": the
                    # description before the name is the relative clause's head
                    hs = k - 1
                    while hs > 0 and toks[hs - 1][1] >= head.start:
                        hs -= 1
                    rel = self._relative_before(toks, hs, ss, 14)
                    if rel is not None and _desc_phrase(rel.phrase):
                        head = rel
                first = inner[0][0].lower()
                if head.kind == "document" and len(inner) >= 3 and inner[1][0] == "by" and first.endswith(("ed", "en")):
                    # "The report, published by the Kestrel Institute, warned": its author speaks
                    b = 2 + (inner[2][0].lower() == "the")
                    if b < len(inner) and _is_cap(inner[b][0]):
                        author = self._make(inner[b][1], inner[-1][2])
                        if author is not None and author.kind in _ISSUER_KINDS:
                            return Speaker(head.phrase, author.name, author.kind, author.role, head.start, head.end)
                if first in ("he", "she", "they", "we") and len(inner) > 1 and inner[1][0].islower():
                    # "During the call, he asked about X, called Y …": a clause, whose subject
                    # is the pronoun, not an apposition
                    return self._pronoun(inner[0][0], inner[0][1], inner[0][2])
                if first in ("who", "which", "whose", "where", "however", "meanwhile", "though", "too", "also",
                             "in", "on", "at", "citing", "meanwhile", "for", "after", "when", "as", "instead"):
                    if first == "citing":
                        head_extra = self._np_forward(inner, 1)
                        if head_extra is not None:
                            self.side.append(head_extra)
                    return head
                if first in ("according",):
                    return head
                if (head.kind in ("description", "anonymous") or _desc_phrase(head.phrase)) and inner \
                        and all(_is_cap(t[0]) or t[0] in ("of", "for", "and", "&", ".") for t in inner) and len(inner) <= 6:
                    # "his predecessor, Dana Hill," / "The group, Harbour Workers Alliance,"
                    # (but "Dana Hill, the sister of the mayor, Ivo Petrov, said": the second
                    # name stands for the mayor; the subject is the name that opens the chain)
                    owner = self._appositive_owner(toks, k - 1, head, ss) or self._chain_owner(toks, k, ss)
                    if owner is not None and owner.kind == "person":
                        return owner
                    named = self._make(inner[0][1], inner[-1][2])
                    if named is not None and named.kind not in ("description",):
                        self._type_by_description(named, head.phrase)
                        if named.role is None:
                            named.role = head.phrase
                        if head.name != named.name and head.name == head.phrase:
                            self.aliases[head.name] = named.name
                        return named
                if head.kind in ("person", "organization", "official", "outlet", "agency") or head.kind == "pronoun":
                    role = self.text[inner[0][1]:inner[-1][2]]
                    role = _trim_role(role)
                    if role and not head.role:
                        head.role = role
                        if head.kind == "person":
                            self.reg.roles.setdefault(head.name, role)
                    return head
                if head.kind in ("description", "anonymous"):
                    # "Dana Hill, a spokesperson for the fleet, the navy's command, said": the
                    # description is itself an apposition of the name before it
                    named = self._appositive_owner(toks, k - 1, head, ss)
                    if named is not None:
                        return named
                return head
            return None
        if w.lower() == "who" and appos and i >= 1:
            # "a navy officer who called the plan …": the relative clause's subject is the noun before
            return self._relative_head(toks, i, ss)
        if w in _PUNCT_STOP or (w.lower() in NP_STOP and not w.isupper()) or (w.islower() and w in CUE_FORMS and (w.endswith("ed") or w in ("said", "told", "wrote", "says", "tells"))):
            return None
        # collect the phrase backwards
        start = i
        if _is_cap(w) or _poss(w):
            # the capitalised run, then role words before it
            k = i
            while k >= 0:
                t = toks[k][0]
                if _is_cap(t) or t in ("of", "for", "and", "&", "de", "van", "von", "bin", "al", "la", "le", "da", "du", "der", "the") and k - 1 >= 0 and _is_cap(toks[k - 1][0]) and t != "the":
                    k -= 1
                    continue
                break
            k += 1
            # "the" inside ("Department of the Treasury") is fine, leading "and" is not
            while k <= i and toks[k][0] in ("and", "&", "of", "for"):
                k += 1
            start = k
            m = k - 1
            while m >= 0 and k - m <= 6:
                t = toks[m][0]
                tl = t.lower()
                if tl in ROLE_NOUNS or tl in ("senior", "former", "chief", "deputy", "top", "veteran",
                                               "government", "state", "press", "longtime", "acting",
                                               "interim", "then", "financial", "global", "local", "foreign",
                                               "investment", "technology", "research", "fellow", "party",
                                               "company", "firm", "group", "white", "house", "team", "club"):
                    start = m
                    m -= 1
                    continue
                if _is_cap(t) and not t in STOP_CAPS or _poss(t):
                    start = m
                    m -= 1
                    continue
                if (t.isalpha() and t.islower() and m + 1 < len(toks) and toks[m + 1][0].lower() in ROLE_NOUNS
                        and t not in NP_STOP and t not in _PREPS and t not in CUE_FORMS and t not in _DETS
                        and not t.endswith(("ly", "ed", "ing"))):
                    start = m  # "port director", "union leader"
                    m -= 1
                    continue
                if tl in ("a", "an", "the") :
                    start = m
                break
            # "China's envoy to Chile Tan Wei said": a person the registry found at the end of
            # the run is the subject, whatever stands before
            for pm in self._persons[bisect_left(self._pstarts, toks[k][1]):bisect_left(self._pstarts, toks[i][2])]:
                if pm.start > toks[k][1] and (pm.end == toks[i][2] or pm.end + 2 == toks[i][2] and _poss(toks[i][0])) \
                        and not any(t[0] in ("and", "&") for t in toks[k:i] if t[1] < pm.start):
                    return self._make(pm.start, toks[i][2])
            # "the company that runs the Harbor Games, Acme, said", "people who know Dana Hill
            # said": the name is the object of a relative clause; the subject is its head noun
            rel = self._relative_before(toks, start, ss)
            if rel is not None:
                return rel
            # "… published in the journal JAMA Psychiatry argued": the name sits in a
            # prepositional phrase; the subject is the whole phrase before it
            m = start - 1
            hops = 0
            while m >= 0 and hops < 3 and toks[m][0].islower() and toks[m][0] not in NP_STOP and toks[m][0] not in _PREPS_CORE:
                m -= 1
                hops += 1
            if m >= 1 and toks[m][0] in _PREPS_CORE and toks[m - 1][0] not in _PUNCT_STOP and toks[m - 1][0].lower() not in NP_STOP:
                k = m - 1
                count = 0
                while k >= 0 and count < 14:
                    t = toks[k][0]
                    tl = t.lower()
                    if (t in _PUNCT_STOP and t != "&") or (tl in NP_STOP and not t.isupper()):
                        break
                    if t.islower() and t in CUE_FORMS and not (tl.endswith("ed") and k >= 1 and toks[k - 1][0].lower() in ANON_HEADS | {"research", "study"}):
                        break
                    k -= 1
                    count += 1
                if k + 1 <= m - 1:
                    start = k + 1
        else:
            k = i
            count = 0
            while k >= 0 and count < 16:
                t = toks[k][0]
                tl = t.lower()
                if t in _PUNCT_STOP and t not in ("&",):
                    break
                if tl in NP_STOP and tl != "and":
                    break
                if tl == "and":
                    # "businesses and residents": a short coordination of nouns
                    if count <= 2 and k >= 1 and toks[k - 1][0].isalpha() and toks[k - 1][0].lower() not in NP_STOP \
                            and not toks[k - 1][0].endswith("ed"):
                        k -= 1
                        count += 1
                        continue
                    break
                if t.islower() and t in CUE_FORMS and count > 0 and t not in ("report", "reports", "statement", "post", "note"):
                    if not (tl.endswith("ed") and k >= 1 and toks[k - 1][0].lower() in ANON_HEADS):
                        break
                if tl in ("in", "on", "at") and k >= 1 and toks[k - 1][0].lower() in ("said", "says", "told"):
                    break
                k -= 1
                count += 1
            start = k + 1
            if 0 <= k < i and toks[k][0] in _CLOSE_MARKS:
                # 'the “Dawson’s Creek” star said': a title in marks inside the phrase
                j = k - 1
                while j > k - 8 and j >= 1 and toks[j][0] not in _OPEN_MARKS:
                    j -= 1
                if j >= 1 and j < k - 1 and toks[j][0] in _OPEN_MARKS and _is_cap(toks[j + 1][0]) \
                        and (toks[j - 1][0].lower() in ("the", "a", "an") or _poss(toks[j - 1][0])):
                    start = k = j - 1
            if k >= 1 and k < i and toks[k][0].lower() in ("who", "that", "which") and i - k <= 12 \
                    and ((appos and (toks[k][0].lower() == "who" or toks[k + 1][0].lower() in AUX
                                     or (toks[k + 1][0].islower() and toks[k + 1][0].endswith("ed"))))
                         or _nounish(toks[k - 1][0])):
                # "riders who waited at the depot all night reported …": the clause
                # between "who" and the verb describes the subject before it
                rel = self._relative_head(toks, k, ss)
                if rel is not None:
                    return rel
            if start > i:
                return None
            v = next((v for v in (i - 2, i - 3) if v >= max(start, 1) and toks[v][0] in _ISSUING_VERBS), -1)
            if v >= 0 and toks[v + 1][0].lower() in ("a", "an", "the", "its", "his", "her", "their") \
                    and toks[i][0].lower() in _ISSUED_DOCS:
                # "the commission, which regulates X, issued a statement warning that": the
                # issuer speaks, not the verb phrase
                issuer = self._np_backward(toks, v - 1, ss)
                if issuer is not None and issuer.kind not in ("description", "document"):
                    return issuer
            # a phrase cannot begin with a preposition or a bare verb
            while start <= i and (toks[start][0].lower() in _PREPS - {"familiar", "briefed"} or toks[start][0].lower() in _LEAD_STRIP):
                start += 1
            if start > i:
                return None
            if appos and k >= 1 and toks[k][0].lower() == "and":
                # "both outside economists and traders at the port told …": the first
                # conjunct is a source of the same statement
                left = self._coord_left(toks, k)
                if left is not None:
                    self.side.append(left)
        cop = start - 1
        while cop >= 1 and toks[cop][0].lower() in ("then", "now", "also", "still", "once", "already", "formerly"):
            cop -= 1
        if start >= 1 and toks[cop][0].lower() in _COPULAS and not (cleft and cop >= 1 and toks[cop - 1][0].lower() == "it"):
            # "… who was the acting head of X and Dana Hill said": a predicate, not a subject
            # (but "It was Dana Hill who said": a cleft names the speaker)
            return None
        span_s, span_e = toks[start][1], toks[i][2]
        return self._make(span_s, span_e)

    def _coord_left(self, toks: list, k: int) -> Speaker | None:
        """The conjunct before "and" at ``k``, when it is a source noun phrase."""
        j = k - 1
        while j >= 0 and k - j <= 6:
            t = toks[j][0]
            tl = t.lower()
            if t in _PUNCT_STOP or tl in NP_STOP or tl in ("both", "either") or (t.islower() and t in CUE_FORMS):
                break
            j -= 1
        if j + 1 >= k:
            return None
        sp = self._make(toks[j + 1][1], toks[k - 1][2])
        if sp is None or not sp.resolved or sp.kind not in ("anonymous", "organization", "official", "outlet", "agency", "person"):
            return None
        return sp

    def _common_word(self, tok: str) -> bool:
        """A word capitalised only because it opens the sentence ("Transit riders say"):
        the article writes it in lower case elsewhere and never uses it as a name."""
        if tok in FIRST_NAMES or tok in self.reg.kinds and self.reg.kinds[tok] not in ("unknown", "organization") \
                or tok in self.reg.surname or tok in ALIAS_TO_CANON or not tok.isalpha():
            return False
        if self._lower_words is None:
            self._lower_words = set(_LOWER_WORD.findall(self.text))
        return tok.lower() in self._lower_words

    def _type_by_description(self, named: Speaker, desc: str) -> None:
        """"The label that signed her, Harbor Lane, …": a name in apposition to a description
        of a body is that body, whatever its words look like."""
        words = [_unposs(w.lower().strip(",.")) for w in desc.split()]
        for j, w in enumerate(words):  # the head noun: the last word before a preposition or a clause
            if j > 0 and (w in _PREPS or w in _HEAD_ENDS):
                words = words[:j]
                break
        last = words[-1] if words else ""
        cls = DESCRIPTION_CLASS.get(last) or DESCRIPTION_CLASS.get(_singular(last))
        if cls is None or named.kind not in ("person", "unknown"):
            return
        first = named.name.split()[0]
        if first in FIRST_NAMES or first in HONORIFICS or named.name in self.reg.roles:
            return
        kind = "official" if cls == "official" else cls
        named.kind = kind
        self._retype(named.name, kind)

    def _retype(self, name: str, kind: str) -> None:
        """Record that ``name`` is a body of ``kind``, not a person, for the rest of the article."""
        reg = self.reg
        if reg.kinds.get(name) == kind:
            return
        if self._by_name is None:
            self._by_name = {}
            for m in reg.mentions:
                self._by_name.setdefault(m.name, []).append(m)
        if reg.persons.get(name) == "":
            del reg.persons[name]
            parts = name.split()
            if reg.surname.get(parts[-1]) == name:
                del reg.surname[parts[-1]]
        reg.kinds[name] = kind
        for m in self._by_name.get(name, ())[:200]:
            if m.kind in ("person", "unknown", "person?"):
                m.kind = kind
                if not self._in_quote(m.start):
                    i = bisect_left(self._ostarts, m.start)
                    self._orgs.insert(i, m)
                    self._ostarts.insert(i, m.start)
        if any(m.kind != "person" for m in self._by_name.get(name, ())) and any(m.name == name for m in self._persons):
            self._persons = [m for m in self._persons if m.name != name]
            self._pstarts = [m.start for m in self._persons]

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
            if (t in _PUNCT_STOP and t != "-") or tl in ("and", "but", "or", "that", "which") \
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
        return head

    def _relative_before(self, toks: list, start: int, ss: int, reach: int = 8) -> Speaker | None:
        """The head of a relative clause that ends at ``start`` ("the firm that hired …")."""
        m = start - 1
        hops = 0
        while m >= 1 and hops < reach:
            t = toks[m][0]
            tl = t.lower()
            if tl in ("who", "that", "which"):
                break
            if t in _PUNCT_STOP or tl in _CLAUSE_STOP or tl in ("said", "says", "told", "tells"):
                return None
            m -= 1
            hops += 1
        else:
            return None
        if m < 1 or m == start - 1 or not _nounish(toks[m - 1][0]) and toks[m][0].lower() != "who":
            return None
        if toks[m - 1][0] in _PUNCT_STOP or toks[m - 1][0].lower() in NP_STOP:
            return None
        return self._np_backward(toks, m - 1, ss, appos=False)

    def _relative_head(self, toks: list, k: int, ss: int) -> Speaker | None:
        """The noun phrase a relative pronoun at ``k`` refers back to ("officials who …")."""
        if k < 1 or toks[k - 1][0] in _PUNCT_STOP or toks[k - 1][0].lower() in NP_STOP:
            return None
        head = self._np_backward(toks, k - 1, ss, appos=False, cleft=True)
        if head is None or head.kind in ("pronoun",):
            return None
        return head

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
        if first.lower() not in ("the", "a", "an", "his", "her", "their", "its") and not _poss(first):
            return None
        owner = self._np_backward(toks, pc - 1, ss, appos=False)
        if owner is None or owner.kind != "person":
            return None
        o = pc - 1
        while o >= 0 and toks[o][1] > owner.start:
            o -= 1
        if o < 0 or toks[o][1] != owner.start:
            return None
        if o > 0 and toks[o - 1][0] not in (",", ":", "—", "–", ";") and toks[o - 1][0] not in _OPEN_MARKS + _CLOSE_MARKS:
            return None
        return owner

    def _appositive_owner(self, toks: list, j: int, head: Speaker, ss: int) -> Speaker | None:
        """The name a description stands in apposition to: "Name, <head>, …"."""
        hk = j
        while hk >= 0 and toks[hk][1] > head.start:
            hk -= 1
        if hk < 2 or toks[hk][1] != head.start or toks[hk - 1][0] != ",":
            return None
        owner = self._np_backward(toks, hk - 2, ss, appos=False)
        if owner is None or owner.kind not in ("person", "organization", "official"):
            return None
        ok = hk - 2
        while ok >= 0 and toks[ok][1] > owner.start:
            ok -= 1
        if ok < 0 or toks[ok][1] != owner.start:
            return None
        if ok > 0:
            before = toks[ok - 1][0]
            if before not in (",", ":", "—", "–", ";") and before not in _OPEN_MARKS + _CLOSE_MARKS:
                return None  # "Asked about Dana Hill, a spokesman said": Hill is an object
        role = _trim_role(head.phrase)
        if role and not owner.role:
            owner.role = role
            if owner.kind == "person":
                self.reg.roles.setdefault(owner.name, role)
        if head.name != owner.name:
            self.aliases.setdefault(head.name, owner.name)
        return owner

    def _np_forward(self, toks: list, i: int, object_only: bool = False) -> Speaker | None:
        """The phrase that starts at token ``i`` (after 'said', 'according to', 'told')."""
        n = len(toks)
        if i >= n:
            return None
        first = toks[i][0]
        if first.lower() in ("he", "she", "they", "it", "we", "i"):
            return None if object_only else self._pronoun(first, toks[i][1], toks[i][2])
        if first.lower() in _PN_POSS and not object_only and i + 1 < n \
                and (toks[i + 1][0].islower() or toks[i + 1][0] in _OPEN_MARKS):
            # "citing his “terrible judgment”": the possessor is the one whose words they are
            return self._pronoun(_PN_POSS[first.lower()], toks[i][1], toks[i][2])
        if first in _PUNCT_STOP or first.lower() in ("that", "this", "which", "what", "how", "whether", "reporters", "us", "me", "him", "her", "them", "journalists"):
            return None
        k = i
        count = 0
        saw_cap = False
        while k < n and count < 14:
            t = toks[k][0]
            tl = t.lower()
            if t in _PUNCT_STOP and t != "&":
                if t == "’" and k + 1 < n and toks[k + 1][0] == "s":
                    k += 2
                    count += 2
                    continue
                break
            if (tl in NP_STOP - {"to"} or tl in ("when", "after", "before", "during", "while", "as", "because", "and", "but")) and not t.isupper():
                if tl == "and" and k + 1 < n and _is_cap(toks[k + 1][0]) and saw_cap and object_only is False and False:
                    pass
                break
            if t.islower() and t in CUE_FORMS and count > 0 and toks[k - 1][0].lower() not in _DETS \
                    and not (tl in ("report", "reports", "statement", "post", "note", "comments", "interview")
                             and k + 1 < n and toks[k + 1][0].lower() in ("by", "from", "of", "in", "on")) \
                    and not (tl in ("report", "statement", "post", "tweet", "note", "letter", "memo", "release", "posts")
                             and (k + 1 >= n or not toks[k + 1][0].islower() or toks[k + 1][0] in _PREPS)
                             and (_poss(toks[k - 1][0]) or (toks[k - 1][0] in _PLATFORMS and k >= 2 and _poss(toks[k - 2][0])))) \
                    and not (CUE_LEMMA.get(tl) in _NO_INVERT_NOUNY and (_poss(toks[k - 1][0]) or (
                        toks[k - 1][0].islower() and toks[k - 1][0].isalpha() and toks[k - 1][0] not in NP_STOP))):
                # ("X said" ends the phrase; "Acme's annual report" does not)
                break  # ("a new report by X" is a phrase, "X said" is not)
            if tl in ("to",) and count > 0:
                break
            if tl in _TIME_WORDS and count > 0 and (tl in MONTHS or t in WEEKDAYS):
                break
            if object_only and count > 0 and not _is_cap(t) and tl not in ("of", "the"):
                break
            if _is_cap(t):
                saw_cap = True
            elif saw_cap and tl in ("in", "on", "at") and count > 0 and object_only is False:
                # "the American Enterprise Institute in Washington": stop at the place
                break
            k += 1
            count += 1
        self._fwd_end = k
        if k == i:
            return None
        # trim trailing prepositions/determiners
        while k - 1 > i and toks[k - 1][0].islower() and toks[k - 1][0] in _PREPS | _DETS:
            k -= 1
        sp = self._make(toks[i][1], toks[k - 1][2])
        if sp is None:
            return None
        # apposition after the name: ", a China scholar with the AEI"
        if sp.kind in ("person", "organization", "official", "outlet", "agency") and k < n and toks[k][0] == ",":
            j = k + 1
            while j < n and j - k < 24 and toks[j][0] not in (".", ";", "(", ")", "“", "”", "\"") and toks[j][0].lower() not in ("who", "which", "when", "where", "said", "says", "adding", "saying") \
                    and not (toks[j][0] in ING_CUES and toks[j][0].islower()):
                j += 1
            if j > k + 1:
                role = _trim_role(self.text[toks[k + 1][1]:toks[j - 1][2]])
                if role and not sp.role and not role.lower().startswith(("according", "per ", "adding", "saying", "citing")):
                    sp.role = role
                    if sp.kind == "person":
                        self.reg.roles.setdefault(sp.name, role)
        elif sp.kind in ("description", "anonymous") and not object_only and k < n and toks[k][0] == ",":
            # "said a spokeswoman for the port, Dana Hill.": the description names its person
            j = k + 1
            while j < n and j - k < 12 and toks[j][0] not in (".", ",", ";", "(", ")") and toks[j][0] not in _OPEN_MARKS + _CLOSE_MARKS:
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
                    return named
        return sp

    def _sentence_subject(self, ss: int, cs: int) -> Speaker | None:
        """The subject of the sentence's main clause (for "…, and has warned", "…, saying")."""
        toks = self._tc.get(ss, min(cs, ss + 400))
        i = 0
        if toks and toks[0][0] in _OPEN_MARKS:
            return None
        # a dateline: "BUFFALO, N.Y. —", "(Reuters) -"
        if toks and (toks[0][0] == "(" or (toks[0][0].isupper() and len(toks[0][0]) > 2)):
            for j in range(min(len(toks), 12)):
                if toks[j][0] in ("—", "–", "-") and (j + 1 < len(toks)):
                    if all(t[0].isupper() or not t[0].isalpha() for t in toks[:j]):
                        i = j + 1
                    break
        if i < len(toks) and toks[i][0] in _INTRO:
            # skip an introductory phrase up to its comma
            j = i + 1
            while j < len(toks) and j - i < 30 and toks[j][0] != ",":
                j += 1
            i = j + 1 if j < len(toks) and toks[j][0] == "," else i + 1
        if i >= len(toks):
            return None
        # forward noun phrase, stopping at the verb
        k = i
        cap_run = False
        after_poss = False
        while k < len(toks) and k - i < 10:
            t = toks[k][0]
            tl = t.lower()
            if tl == "and" and k > i and k + 1 < len(toks) and k - i <= 3 and (toks[k + 1][0][:1].isupper() or toks[k + 1][0].isalpha() and toks[k + 1][0].lower() not in NP_STOP and toks[k + 1][0] not in CUE_FORMS):
                k += 1
                continue
            if t in _PUNCT_STOP or tl in NP_STOP or (t.islower() and (t in CUE_FORMS or tl.endswith("ed"))):
                break
            if _poss(t):
                after_poss = True
            if (_is_cap(t) and t not in STOP_CAPS and not (k == i and self._common_word(t))) or _poss(t):
                cap_run = True
            elif cap_run and not after_poss and t.islower() and tl not in ("of", "for", "and", "&", "the") and tl not in ROLE_NOUNS:
                break
            k += 1
        if k == i:
            return None
        if toks[i][0].lower() in ("he", "she", "they", "it", "we", "i"):
            return self._pronoun(toks[i][0], toks[i][1], toks[i][2])
        sp = self._make(toks[i][1], toks[k - 1][2])
        # "The group, Harbour Workers Alliance, …": the apposition names it
        if sp is not None and k < len(toks) and toks[k][0] == ",":
            j = k + 1
            while j < len(toks) and j - k <= 7 and toks[j][0] != ",":
                j += 1
            inner = toks[k + 1:j]
            if j < len(toks) and inner and all(_is_cap(t[0]) or t[0] in ("of", "for", "and", "&") for t in inner):
                named = self._make(inner[0][1], inner[-1][2])
                if named is not None and named.kind != "description" and sp.kind in ("description", "anonymous", "organization", "official"):
                    if named.role is None and sp.kind in ("description", "anonymous"):
                        named.role = sp.phrase
                    if sp.name != named.name:
                        self.aliases[sp.name] = named.name
                    return named
        return sp

    # ---- making and resolving speakers ----------------------------------------

    def _make(self, s: int, e: int) -> Speaker | None:
        """Classify the phrase text[s:e] and resolve it."""
        text = self.text
        phrase = text[s:e].strip()
        if not phrase:
            return None
        if re.match(r"(?i)(?:we|i|you|they|he|she|it)['’](?:ll|re|ve|d|m|s)\b", phrase):
            return None
        words = phrase.split()
        while words and words[0].lower() in ("and", "but", "or", "as", "while", "so", "yet"):
            words = words[1:]
        if not words:
            return None
        phrase = " ".join(words)
        if len(words) == 1 and words[0] in STOP_CAPS and words[0] not in ("It", "He", "She", "They", "We"):
            return None
        if words[0] in _LEAD_PREPS:
            return None  # "During the call", "After the vote": an adverbial, never a speaker
        if len(words) >= 3 and words[1][:1] in _OPEN_MARKS:
            tm = _TITLED_NOUN.match(phrase)
            if tm is not None:
                # 'the “Harbor Nights” star': the noun is what describes; the title only says which
                return self._description(phrase, [tm.group(1), tm.group(2)], [], s, e)
        if len(words) >= 2 and words[0].lower() in ("a", "an") and words[1].isupper() and len(words[1]) <= 4 \
                and (len(words) == 2 or words[2].lower() in _PREPS):
            return Speaker(phrase, phrase, "description", None, s, e, False)  # "A CT of his chest showed"
        if all(w.lower().strip(",.") in _NOT_A_NAME for w in words) \
                and not (len(words) == 1 and _is_cap(words[0]) and words[0].rstrip(",.") in self.reg.surname):
            # "Tuesday", "Others", "a new": a time or a bare determiner, never a speaker (but a
            # surname the article gave with a first name is one: "says Early")
            return None
        # head = before the first preposition / participle
        head = words
        post: list[str] = []
        for idx, wd in enumerate(words):
            wl = wd.lower()
            nxt_cap = idx + 1 < len(words) and _is_cap(words[idx + 1]) and _is_cap(words[idx - 1])
            if idx > 0 and ((wl in _PREPS and not nxt_cap) or (idx >= 2 and wd.islower() and wl.endswith(("ing", "ed")) and len(wl) > 5
                                             and words[idx - 1].lower() not in _DETS)):
                head, post = words[:idx], words[idx:]
                break
        head_last = head[-1].rstrip(",.") if head else ""
        hl = head_last.lower()
        hl_clean = _unposs(hl)
        # documents: "a report from X" speaks for X
        if hl_clean in DOC_HEADS and not _is_cap(head_last):
            owner = self._owner(post, s)
            if owner is not None and hl_clean not in _ISSUED_DOCS:
                owner.kind = owner.kind if owner.kind != "unknown" else "organization"
                return Speaker(phrase, owner.name, owner.kind, None, s, e, True, None)
            if owner is None and hl_clean not in _ISSUED_DOCS and len(head) <= 7:
                # "Acme's (annual) audit found": the body whose document it is; "That report found …"
                # after "findings … by the Audit Office": the author the sentence before named
                pi = len(head) - 2
                while pi > 0 and not _poss(head[pi]) and head[pi].islower() and len(head) - pi <= 3:
                    pi -= 1
                author = self._possessor(head[:pi + 1] + head[-1:], s) if pi >= 0 and _poss(head[pi]) else None
                if author is None and head[0].lower() in ("the", "that", "this", "these", "those") and len(head) <= 2:
                    author = self._document_author(s)
                if author is not None and author.kind in _ISSUER_KINDS:
                    return Speaker(phrase, author.name, author.kind, author.role, s, e, True, None, why=list(author.why))
            if owner is None and hl_clean in _ISSUED_DOCS and len(head) <= 4:
                # "the statement read", "Acme's statement said": whoever issued it speaks
                issuer = self._possessor(head, s) if len(head) >= 2 and (
                    _poss(head[-2]) or (len(head) >= 3 and head[-2] in _PLATFORMS and _poss(head[-3]))) else None
                if issuer is None and head[0].lower() in ("the", "its", "his", "her", "their", "that", "this"):
                    issuer = self._statement_issuer(hl_clean, s)
                if issuer is not None:
                    return Speaker(phrase, issuer.name, issuer.kind, issuer.role, s, e, True, None, why=list(issuer.why))
            return Speaker(phrase, phrase, "document", None, s, e, True, owner.name if owner else None)
        if _is_cap(head_last) and hl_clean in _COMMON_HEADS and all(not _is_cap(w) or w in STOP_CAPS or i == 0 for i, w in enumerate(head)):
            # "Officials say", "Analysts said": capitalised only by the sentence start
            return self._description(phrase, head, post, s, e)
        if head_last and _is_cap(head_last) or (head_last and head_last[0].isdigit() is False and _poss(head_last) and _is_cap(head_last)):
            return self._named(head, post, s, e, phrase)
        # a lower-case head: a description
        return self._description(phrase, head, post, s, e)

    def _possessor(self, head: list[str], s: int) -> Speaker | None:
        """"Acme Corp's statement": the capitalised possessor before the document noun."""
        k = len(head) - 2
        if k >= 1 and head[k] in _PLATFORMS and _poss(head[k - 1]):
            k -= 1  # "Schifrin’s X post": the platform says where, the possessor who
        run = [_unposs(head[k])]
        while k > 0 and _is_cap(head[k - 1]) and head[k - 1] not in STOP_CAPS and not _poss(head[k - 1]):
            k -= 1
            run.insert(0, head[k])
        if not _is_cap(run[0]):
            return None
        name, kind = self.reg.resolve_name(" ".join(run))
        if kind in ("unknown", "person?"):
            kind = "person" if name in self.reg.persons else "organization"
        return Speaker(" ".join(run), name, kind, self.reg.roles.get(name), s, s, True)
