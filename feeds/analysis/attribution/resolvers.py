"""Resolvers: who a description, pronoun, document or title refers to."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..entities import _OFFICE_OWNERS, split_title
from ..gazetteer import ALIAS_TO_CANON, OUTLETS
from ..lexicon import (
    ANON_HEADS, AUX, CUE_FORMS, DESCRIPTION_CLASS, DOC_HEADS, FEMALE_NAMES, FIRST_NAMES, HONORIFICS, MALE_NAMES, NATIONALITIES, NP_STOP, PLACES, ROLE_NOUNS,
    STOP_CAPS, TITLE_WORDS,
)

from .base import (
    Speaker, _AGE_NOUN, _ANON_BACKREF, _ANOTHER_RE, _BY_BEFORE, _CLASS_KINDS, _DETS, _DOC_WORD_RE, _FEMALE_NOUNS, _GENDERED_WORDS, _GENDER_PRON_RE, _GROUP_NAME_RE, _INTRO, _ISSUER_KINDS, _MALE_NOUNS, _MEDIA_WORDS, _NAMED_LATER, _OUTLET_HEADS, _PAIR_GAP, _PERSON_NOUNS, _PROFILE_NOUNS, _PUNCT_STOP, _SPOKES_HEADS, _SPOKES_ONLY, _SUBJ_PRON, _described_gender, _is_cap, _plain_words, _poss, _role_words, _singular, _unposs,
)


class ResolverRules:
    """Resolvers: who a description, pronoun, document or title refers to."""

    def _document_author(self, pos: int) -> Speaker | None:
        """The body the sentence before credits with a piece of work ("… findings by the Audit
        Office", "a study from Harbor University"): who "the report" / "that study" is by."""
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        a = bisect_left(self._ostarts, lo)
        b = bisect_left(self._ostarts, pos)
        for m in reversed(self._orgs[max(a, b - 20):b]):
            if m.kind == "place":
                continue
            if _BY_BEFORE.search(self.text, max(0, m.start - 12), m.start):
                return Speaker(m.surface or m.name, m.name, m.kind, None, m.start, m.end)
        return None

    def _statement_issuer(self, noun: str, pos: int) -> Speaker | None:
        """Who issued "the statement": the subject that made one in the sentences before.

        "Acme said in a statement …" / "Acme issued a statement …" / "In a statement,
        Acme said …", then "the statement read" / "the statement continued"."""
        text = self.text
        word = _DOC_WORD_RE.get(noun) or re.compile(r"\b" + re.escape(noun) + r"s?\b", re.I)
        si = self.seg.sent_index(pos)
        floor = max(0, pos - 3000)
        for k in range(si, max(-1, si - 8), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < floor:
                break
            hi = min(se, pos) if k == si else se
            w = -1
            for hm in word.finditer(text, max(ss, floor), hi):
                if not self._in_quote(hm.start()):
                    w = hm.start()
                    break
            if w < 0:
                continue
            evs = [ev for ev in self.events[-40:] if ss <= ev.start < se and ev.speaker is not None]
            # a speaker whose own phrase is the document, already resolved ("the statement read")
            for ev in reversed(evs):
                sp = ev.speaker
                if sp.start <= w < sp.end + 1 and sp.resolved and sp.kind in _ISSUER_KINDS:
                    return sp
            # "Acme said in a statement": the cue before the noun speaks
            for ev in reversed(evs):
                sp = ev.speaker
                if ev.start < w and sp.resolved and sp.kind in _ISSUER_KINDS and sp.end <= w:
                    return sp
            sub = self._sentence_subject(ss, w)
            if sub is not None and sub.resolved and sub.kind in _ISSUER_KINDS and sub.end <= w:
                return sub
            for ev in evs:  # "In a statement, Acme said …"
                sp = ev.speaker
                if sp.resolved and sp.kind in _ISSUER_KINDS:
                    return sp
            return None
        return None

    def _owner(self, post: list[str], s: int) -> Speaker | None:
        if not post or post[0].lower() not in ("from", "by", "of", "at", "for"):
            return None
        rest = [w for w in post[1:] if w.lower() not in ("the",)]
        if not rest or not _is_cap(rest[0]):
            return None
        run = []
        for w in rest:
            if _is_cap(w) or w in ("of", "for", "and", "&"):
                run.append(w.rstrip(",."))
            else:
                break
        if not run:
            return None
        name, kind = self.reg.resolve_name(" ".join(run))
        return Speaker(" ".join(run), name, kind if kind != "unknown" else "organization", None, s, s, True)

    def _named(self, head: list[str], post: list[str], s: int, e: int, phrase: str) -> Speaker:
        # split role words (lower-case, determiners) from the capitalised name run
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1]) or head[k - 1] in ("of", "for", "and", "&", "de", "van", "von", "bin", "al", "the") and k - 2 >= 0 and _is_cap(head[k - 2])):
            k -= 1
        pre = [w for w in head[:k] if w.lower() not in ("a", "an", "the") and w not in STOP_CAPS]
        run = head[k:]
        while run and run[0] in ("of", "for", "and", "&", "the"):
            run = run[1:]
        if "of" in run[1:]:
            # "Dana Hill of Springfield", "Dana Hill of Orion's lab": a person and where they are from
            j = run.index("of", 1)
            left = split_title(run[:j])[1]
            if left and (left[0] in FIRST_NAMES or " ".join(left) in self.reg.persons) and self._person_like(left):
                post = run[j:] + post
                run = run[:j]
        for idx in range(len(run) - 2, -1, -1):
            if _poss(run[idx]) and not (_unposs(run[idx]) in _OFFICE_OWNERS and _is_cap(run[idx + 1])):
                pre = pre + run[:idx + 1]
                run = run[idx + 1:]
                break
        run = [_unposs(w) if i == len(run) - 1 else w for i, w in enumerate(run)]
        run_s = " ".join(run)
        if len(run) == 1 and run[0] in _OUTLET_HEADS:
            # "the Times", "the Post": the outlet of that name the article cited before
            lo = bisect_left(self._ostarts, max(0, s - 6000))
            for m in reversed(self._orgs[lo:bisect_left(self._ostarts, s)]):
                if m.kind in ("outlet", "agency") and m.name.endswith(run[0]):
                    return Speaker(phrase, m.name, m.kind, None, s, e)
        # The whole run may be an outlet ("The Financial Times") or an org
        canon = ALIAS_TO_CANON.get(run_s) or ALIAS_TO_CANON.get(run_s[4:] if run_s.startswith("The ") else "")
        if canon:
            role = " ".join(pre) or None
            return Speaker(phrase, canon, OUTLETS[canon][0], role, s, e)
        title, name = split_title(run)
        if len(name) >= 3 and not self._person_like(name):
            # "Harbor FC QB Dana Hill": the registry found the person at the end of the run
            for n in (3, 2):
                if len(name) > n and " ".join(name[-n:]) in self.reg.persons:
                    title, name = title + name[:-n], name[-n:]
                    break
        # "Courier" after "the regional daily": the role is the lower-case part
        if name and self._person_like(name):
            full, kind = self.reg.resolve_name(" ".join(name))
            if kind not in ("person", "unknown", "person?"):
                # a single known org word: keep its kind
                role = " ".join(pre + title) or None
                return Speaker(phrase, full, kind, role, s, e)
            role_parts = pre + title
            role = " ".join(role_parts) or None
            if post and not role:
                role = " ".join(post)
            real_title = [t for t in title if t not in NATIONALITIES and t not in STOP_CAPS]  # "the Somali Shabaab": no title
            if kind == "unknown" and len(name) >= 2 and name[-1] in _MEDIA_WORDS and name[0] not in FIRST_NAMES \
                    and not real_title and full not in self.reg.persons:
                return Speaker(phrase, full, "outlet", None, s, e)  # "the Harbor Courier": a paper
            if kind in ("unknown",) and len(name) == 1 and not real_title and not self.reg.roles.get(full):
                kind = "unknown"
            else:
                kind = "person"
                if len(full.split()) >= 2:
                    self.reg.persons.setdefault(full, role or "")
                    self.reg.surname.setdefault(full.split()[-1], full)
            if role and kind == "person":
                self.reg.roles.setdefault(full, role)
            elif not role:
                role = self.reg.roles.get(full) or None
            if kind == "unknown":
                kind = self._guess_kind(full)
            return Speaker(phrase, full, kind, role, s, e)
        # a title alone ("President", "The President") or an organisation/place name
        if not name and run and run[0] == "The" and len(run) > 1:
            title2, name2 = split_title(run[1:])
            if not name2 and title2:
                title = title2
        if not name and title and all(t in TITLE_WORDS or t in HONORIFICS or t in NATIONALITIES or (i == 0 and t == "The")
                                      for i, t in enumerate(run)):
            desc = " ".join(head)
            r = self._role_back(title, s)
            if r is not None:
                return Speaker(phrase, r.name, "person", desc, s, e)
            return Speaker(phrase, phrase, "description", None, s, e, False)
        if post and post[0].lower() in ("for", "of", "on") and all(_is_cap(w) or w.lower() in ("for", "of", "on", "and", "the", "&") for w in post):
            run_s = run_s + " " + " ".join(post)  # "High Commissioner for Human Rights"
        full, kind = self.reg.resolve_name(run_s)
        if kind in ("unknown", "person?"):
            kind = self._guess_kind(full)
        role = " ".join(pre) or None
        if pre and pre[-1].lower() in ANON_HEADS | set(DESCRIPTION_CLASS) and not _is_cap(pre[-1]):
            pass
        return Speaker(phrase, full, kind, role, s, e)

    def _guess_kind(self, name: str) -> str:
        words = name.split()
        if all(w in PLACES or w in NATIONALITIES for w in words):
            return "place"
        if any(w in ("Ministry", "Department", "Office", "Commission", "Government", "Administration", "Council", "Court", "Police", "Agency") for w in words):
            return "official"
        return self.reg.kinds.get(name, "organization") if self.reg.kinds.get(name) not in (None, "unknown", "person?") else "organization"

    def _person_like(self, name: list[str]) -> bool:
        from ..entities import _name_like  # local: shared helper
        if not _name_like(name):
            return False
        n = " ".join(name)
        if n in self.reg.persons or n in self.reg.surname:
            return True
        k = self.reg.kinds.get(n)
        if k in ("organization", "official", "outlet", "agency", "place"):
            return False
        return True

    def _description(self, phrase: str, head: list[str], post: list[str], s: int, e: int) -> Speaker:
        words = head
        if head and head[0].lower() == "the" and any(_AGE_NOUN.fullmatch(w) for w in head[1:3]):
            # "the 85-year-old Nobel Peace Prize winner said": a person the article named before
            p = self._recent_person_subject(s) or self._protagonist(s) or self._lede_subject(s)
            if p is not None:
                return Speaker(phrase, p.name, "person", p.role or self.reg.roles.get(p.name), s, e, True)
        if len(words) == 4 and words[0].lower() == "the" and words[2] == "and" \
                and {words[1].lower(), words[3].lower()} <= _PROFILE_NOUNS | ROLE_NOUNS:
            words = [words[0], words[3]]  # "the singer and guitarist": one person, two trades
        last = _unposs(words[-1].lower().rstrip(",."))
        det = words[0].lower()
        caps = [w for w in words if _is_cap(w) and w not in STOP_CAPS]
        org = None
        # the body the description belongs to: "a Northwind spokesperson", "a spokesperson for X"
        if caps:
            body = [w for w in words[1:-1] if w.lower() not in _DETS] if words[0].lower() in _DETS else words[:-1]
            org = " ".join(w.rstrip(",.").replace("’s", "").replace("'s", "") for w in body) or None
        elif post:
            own = self._owner(post, s)
            if own is not None:
                org = own.name
        display = phrase
        if not caps and det in ("a", "an") and last in _NAMED_LATER and len(words) <= 3:
            # "A group of teachers … the group Harbor Tutors": the body the article names later
            named = _GROUP_NAME_RE[last].search(self.text, e, min(len(self.text), e + 2500))
            if named is not None:
                nw = named.group(1).split()
                while nw and nw[-1] in ("for", "of", "and", "the", "&"):
                    nw.pop()
                if len(nw) >= 2:
                    self.aliases.setdefault(phrase, " ".join(nw))
                    return Speaker(phrase, " ".join(nw), "organization", None, s, e, True)
        if org is None and det in ("a", "an") and last in _SPOKES_ONLY and len(words) <= 3:
            # "Acme did not accept the offer. A spokesperson said …": the body the sentence
            # speaks about; the description keeps its words, with the body named
            body = self._speaking_body(s)
            if body is not None:
                org = body.name
                art = ("an" if body.name[:1] in "AEIOU" else "a") if det in ("a", "an") else det
                display = " ".join([art, body.name] + words[1:])
        if det == "the" and caps and len(words) <= 4 and not _is_cap(words[-1]) and last in _PERSON_NOUNS | _MALE_NOUNS | _FEMALE_NOUNS:
            # "the Yasuj resident" after "a resident of Yasuj": the person described before
            mods = _plain_words(words[1:-1]) - _DETS
            for ev in reversed(self.events[-15:]):
                sp = ev.speaker
                if sp is None or sp.start < s - 4000 or not sp.resolved or sp.kind != "anonymous":
                    continue
                pw = _plain_words(sp.name.split())
                if last in pw and mods <= pw:
                    return Speaker(phrase, sp.name, sp.kind, sp.role, s, e, True, sp.org)
        if det == "the" and len(words) <= 3 and not caps:
            cls = DESCRIPTION_CLASS.get(last)
            # "Acme said … The company said": a body of that class speaking in this or
            # the previous sentence is who the description points back to
            near = self._recent_subject(cls, last, s) if cls is not None else None
            if near is not None:
                return Speaker(phrase, near.name, near.kind, near.role, s, e, True, near.org)
            # "the group", "the authors": the last speaker described with the same noun,
            # unless a body of the class was named after it (the nearer one wins)
            same = None
            # "the Yasuj resident" after "a resident of Yasuj" (not after "a resident of Shiraz"):
            # the words that say which one must be there too
            mods = _plain_words(words[1:-1]) - _DETS - {"same", "other"}
            mods |= _plain_words(w for w in post if _is_cap(w))  # "the resident of Yasuj"
            for ev in reversed(self.events[-15:]):
                sp = ev.speaker
                if sp is None or sp.start < s - 4000 or not sp.resolved or sp.phrase.lower() == phrase.lower():
                    continue
                hw = [_unposs(w.lower().strip(",.")) for w in sp.phrase.split()[:5]]
                if last in hw and sp.kind != "pronoun":
                    if mods and not mods <= _plain_words((sp.name + " " + sp.phrase).split()):
                        continue
                    same = sp
                    break
            target = self._resolve_description(last, s)
            if same is None and target is None and _singular(last) != last:
                # "the nurses" long after "a group of nurses": a plural of people
                far = self._noun_speakers.get(last)
                if far is not None and far.name.lower() != phrase.lower():
                    same = far
            if same is not None and (target is None or target[3] < same.start):
                return Speaker(phrase, same.name, same.kind, same.role, s, e, True, same.org)
            if target is not None:
                return Speaker(phrase, target[0], target[1], target[2], s, e, True)
            if last in _ANON_BACKREF:
                # "an insider told …" then "the source said": the anonymous speaker before
                for ev in reversed(self.events[-15:]):
                    sp = ev.speaker
                    if sp is None or sp.start < s - 4000:
                        continue
                    if sp.kind == "anonymous" and sp.resolved and sp.phrase.lower() != phrase.lower() \
                            and sp.phrase.split()[0].lower() not in ("the", "some", "many", "most", "other", "others"):
                        return Speaker(phrase, sp.name, sp.kind, sp.role, s, e, True, sp.org)
        if not caps and len(words) >= 2 and last in _SPOKES_HEADS and words[-2].lower() in DESCRIPTION_CLASS:
            # "agency officials", "the company spokesman": the body named before
            target = self._resolve_description(words[-2].lower(), s)
            if target is not None and target[1] != "person":
                return Speaker(phrase, target[0], target[1], phrase, s, e, True, target[0])
        if (det in ("a", "an", "the") or _poss(words[0]) and len(words) <= 3) and last in ROLE_NOUNS:
            # "a Japanese government spokesman said …" then "government spokesman X said"
            want = [_unposs(w.lower()) for w in words[1:] if w.lower() in ROLE_NOUNS and not _poss(w)
                    and w.lower() not in ("senior", "junior", "former", "veteran")]
            want = ["prime" if w == "premier" else w for w in want]
            r = self._role_ahead(want, e)
            if r is not None:
                return Speaker(phrase, r.name, "person", r.role, s, e, True)
        if last in DOC_HEADS:
            kind = "document"
        elif last in ("media", "press", "reports", "outlets", "newspapers", "papers", "broadcasters") or last in DESCRIPTION_CLASS and DESCRIPTION_CLASS[last] == "outlet":
            kind = "outlet"
        elif last in ANON_HEADS or (last in _MALE_NOUNS | _FEMALE_NOUNS | _PERSON_NOUNS and det in ("a", "an", "one", "another")):
            kind = "anonymous"
        elif last in DESCRIPTION_CLASS:
            kind = "official" if DESCRIPTION_CLASS[last] == "official" else "organization"
            if not caps and det in ("a", "an"):
                kind = "anonymous"
        elif last in ROLE_NOUNS:
            kind = "anonymous"
        elif DESCRIPTION_CLASS.get(_singular(last)) in ("organization", "outlet") or _singular(last) in ROLE_NOUNS:
            # "advocacy groups say", "GOP legislative leaders said": a plural of a body or a role
            sg = _singular(last)
            kind = DESCRIPTION_CLASS[sg] if sg in DESCRIPTION_CLASS else "anonymous"
        else:
            kind = "description"
        return Speaker(phrase, display, kind, None, s, e, kind != "description", org)

    def _speaking_body(self, pos: int) -> Speaker | None:
        """The named body that is the subject of this sentence (before ``pos``) or the one
        before: whom an unattached "a spokesperson" speaks for."""
        if self._body_lookup:
            return None
        self._body_lookup = True
        try:
            si = self.seg.sent_index(pos)
            ss = self.seg.sentence_bounds(si)[0]
            spans = []
            if pos - ss > 2:
                spans.append((ss, pos))
            if si > 0:
                ps, pe = self.seg.sentence_bounds(si - 1)
                if self.seg.para_index(ps) >= self.seg.para_index(ss) - 1:
                    spans.append((ps, pe))
            for a, b in spans:
                sub = self._sentence_subject(a, b)
                if sub is not None and sub.kind in ("organization", "official", "agency") and sub.resolved \
                        and _is_cap(sub.name[:1]) and sub.name.split()[0].lower() not in _DETS:
                    return sub
            return None
        finally:
            self._body_lookup = False

    def _resolve_description(self, noun: str, pos: int) -> tuple[str, str, str | None] | None:
        cls = DESCRIPTION_CLASS.get(noun)
        lo = max(0, pos - 4000)
        if cls is not None:
            cands = self._orgs[bisect_left(self._ostarts, lo):bisect_left(self._ostarts, pos)]
            for m in reversed(cands):
                if cls == "outlet" and m.kind == "outlet":
                    return m.name, m.kind, None, m.start
                if cls == "agency" and (m.kind in ("agency", "official") or "Agency" in m.name or "Administration" in m.name or m.name.isupper()):
                    return m.name, m.kind if m.kind != "place" else "official", None, m.start
                if cls == "organization" and m.kind == "organization" and m.name not in ("GDP",):
                    return m.name, m.kind, None, m.start
                if cls == "official" and m.kind == "official" and (noun.capitalize() in m.name or noun in ("government", "authorities")):
                    return m.name, m.kind, None, m.start
            return None
        aged = _AGE_NOUN.fullmatch(noun) is not None
        if noun in ROLE_NOUNS or noun in _PROFILE_NOUNS or aged:
            r = self._role_back([noun], pos) if not aged else None
            if r is not None:
                return r.name, "person", r.role, r.start
            if noun in _PROFILE_NOUNS or aged:
                p = self._recent_person_subject(pos) or self._protagonist(pos) or self._lede_subject(pos)
                if p is not None:
                    return p.name, "person", p.role or self.reg.roles.get(p.name), p.start
        return None

    def _lede_subject(self, pos: int):
        """The person the article opens with ("Jose Mourinho has agreed …"), when named again
        before ``pos``: whom "the 56-year-old" stands for in a story about them."""
        if not self._persons or not self.seg.sent_starts:
            return None
        first = self._persons[0]
        if first.start != self.seg.sent_starts[0] and first.start > 40:
            return None
        again = [m for m in self._persons[1:bisect_left(self._pstarts, pos)] if m.name == first.name]
        return again[-1] if again else None

    def _recent_person_subject(self, pos: int):
        """The person who opened one of the last few sentences ("Simmons teased the tour. …
        the guitarist told the crowd"): whom a profile noun most likely stands for."""
        si = self.seg.sent_index(pos)
        ss = self.seg.sentence_bounds(si)[0]
        lo = self.seg.sentence_bounds(max(0, si - 3))[0]
        pi = self.seg.para_index(ss)
        if self.seg.para_index(lo) < pi - 2:
            lo = self.seg.paras[pi - 2][0]  # no further back than two paragraphs
        cands = self._persons[bisect_left(self._pstarts, lo):bisect_left(self._pstarts, pos)]
        starts = self.seg.sent_starts[max(0, si - 3):si + 1]
        for m in reversed(cands):
            # the first person of a sentence, at its start or after a short role
            # ("Bangladesh’s interim leader Muhammad Yunus stepped down")
            k = bisect_right(starts, m.start) - 1
            if k >= 0 and m.start - starts[k] <= 40 and not any(
                    o.start < m.start and o.start >= starts[k] for o in cands if o.name != m.name):
                return m
        return None

    def _protagonist(self, pos: int):
        """The person a profile is about: "the actor", "the singer" with no one given that role.

        The person named most often before ``pos`` (at least three times, once in
        the last 1,500 characters, and clearly ahead of anyone else).
        """
        lo = bisect_left(self._pstarts, max(0, pos - 6000))
        hi = bisect_left(self._pstarts, pos)
        counts: dict[str, int] = {}
        last: dict[str, object] = {}
        for m in self._persons[lo:hi]:
            counts[m.name] = counts.get(m.name, 0) + 1
            last[m.name] = m
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        name, n = ranked[0]
        if n < 3 or (len(ranked) > 1 and ranked[1][1] * 2 > n) or last[name].start < pos - 1500:
            return None
        return last[name]

    def _recent_subject(self, cls: str, noun: str, pos: int) -> Speaker | None:
        """A named body of class ``cls`` that speaks in this or the previous sentence."""
        kinds = _CLASS_KINDS.get(cls)
        if not kinds:
            return None
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        for ev in reversed(self.events[-8:]):
            if ev.start < lo:
                break
            sp = ev.speaker
            if sp is None or sp.start >= pos or not sp.resolved or sp.kind not in kinds:
                continue
            if not sp.name.strip() or sp.name == sp.phrase and not _is_cap(sp.phrase[:1]) or sp.name.split()[0].lower() in _DETS:
                continue  # a description, not a name
            if cls == "official" and noun.capitalize() not in sp.name and noun not in ("government", "authorities"):
                continue
            return sp
        return None

    def _role_ahead(self, want: list[str], pos: int):
        """The next person after ``pos`` (close by) whose role holds all of ``want``."""
        if not want:
            return None
        lo = bisect_left(self._pstarts, pos)
        hi = bisect_left(self._pstarts, pos + 900)
        for m in self._persons[lo:hi]:
            role = _role_words(m.role or self.reg.roles.get(m.name) or "")
            if role & {"another", "other", "second", "different"} or _ANOTHER_RE.search(self.text, max(0, m.start - 40), m.start):
                continue  # "Another spokesman, Ivo Petrov": not the one described before
            if role and all(w in role for w in want):
                return m
        return None

    def _role_back(self, title: list[str], pos: int):
        """The last person before ``pos`` whose role contains the title words."""
        want = {t.lower().rstrip(".") for t in title if t.lower() not in ("the", "a", "an")}
        if "premier" in want:
            want |= {"prime"}
        lo = bisect_left(self._pstarts, max(0, pos - 5000))
        hi = bisect_left(self._pstarts, pos)
        for m in reversed(self._persons[lo:hi]):
            role = _role_words(m.role or self.reg.roles.get(m.name) or "")
            if role and want & role:
                return m
        return None

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

        def vote(name: str, g: str, w: int = 1) -> None:
            v = votes.setdefault(name, [0, 0])
            v[0 if g == "m" else 1] += w

        text = self.text
        for m in self._persons:
            for w in (m.surface or "").split()[:4] + (m.role or self.reg.roles.get(m.name) or "").lower().split():
                g = _GENDERED_WORDS.get(w) or _GENDERED_WORDS.get(w.lower())
                if g:
                    vote(m.name, g, 3)
            if m.possessive:
                continue
            ss, se = self.seg.sentence_at(m.start)
            pm = _GENDER_PRON_RE.search(text, m.end, min(se, m.end + 200))
            if pm is None or self._in_quote(pm.start()):
                continue
            alone = True
            for o in self.reg.between(max(ss, m.start - 300), pm.start()):
                if o is not m and o.kind in ("person", "unknown", "person?") and (o.name != m.name or o.possessive):
                    alone = False
                    break
            if alone:
                vote(m.name, "m" if pm.group().lower() in ("he", "his", "him", "himself") else "f")
        out: dict[str, str] = {}
        for name, (mv, fv) in votes.items():
            if mv > fv:
                out[name] = "m"
            elif fv > mv:
                out[name] = "f"
        return out

    def _pronoun(self, w: str, s: int, e: int) -> Speaker:
        wl = w.lower()
        if wl in ("i", "we"):
            return Speaker(w, w, "pronoun", None, s, e, False)
        if wl == "they":
            plural = self._plural_subject(s) or self._person_pair(s)
            if plural is not None:
                return plural
        res = self.resolve_pronoun(wl, s)
        if res is None:
            return Speaker(w, w, "pronoun", None, s, e, False)
        name, kind, role = res
        return Speaker(w, name, kind, role, s, e, True)

    def _person_pair(self, pos: int) -> Speaker | None:
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
            gap = self.text[m1.end:m2.start]
            if _PAIR_GAP.fullmatch(gap):
                sp = self._make(m1.start, m2.end)
                if sp is not None:
                    sp.name, sp.kind, sp.role = f"{m1.name} and {m2.name}", "person", None
                return sp
            return None
        return None

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

    def _plural_subject(self, pos: int) -> Speaker | None:
        """"Gov. Dana Hill and party leaders have … They want … But they said":
        a plural subject of the sentences before (through a chain of "They …")."""
        si = self.seg.sent_index(pos)
        for k in range(si - 1, max(-1, si - 4), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < pos - 1500:
                return None
            toks = self._tc.get(ss, min(se, ss + 300))
            i = 0
            if toks and toks[0][0] in _INTRO:
                j = 1
                while j < len(toks) and j < 30 and toks[j][0] != ",":
                    j += 1
                i = j + 1 if j < len(toks) else 1
            if i >= len(toks):
                return None
            if toks[i][0].lower() == "they":
                continue  # "They want …": keep looking back
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
            if k2 == i or k2 >= len(toks) or toks[k2][0].lower() not in AUX and toks[k2][0] not in CUE_FORMS:
                return None  # no verb found: not a clause subject we can trust
            head = [t[0] for t in toks[i:k2]]
            pre_of = head[:head.index("of")] if "of" in head else head
            if not pre_of:
                return None
            last = pre_of[-1].lower()
            plural = has_and or (pre_of[-1].islower() and last.endswith("s") and not last.endswith("ss") and len(last) > 3) \
                or last in ("people", "police", "staff", "personnel", "crew", "public", "media")
            if not plural:
                return None
            sp = self._make(toks[i][1], toks[k2 - 1][2])
            if sp is None or sp.kind in ("description", "pronoun", "place"):
                return None
            return sp
        return None

    def resolve_pronoun(self, wl: str, pos: int) -> tuple[str, str, str | None] | None:
        seg = self.seg
        si = seg.sent_index(pos)
        first_sent = max(0, si - 5)
        floor = max(0, pos - 2500)
        if wl in ("he", "she"):
            for k in range(si, first_sent - 1, -1):
                ss, se = seg.sentence_bounds(k)
                if se < floor:
                    break
                hi = pos if k == si else se
                a = bisect_left(self._pstarts, ss)
                b = bisect_left(self._pstarts, hi)
                want = "m" if wl == "he" else "f"
                # a possessor opening the sentence is a candidate too ("Dana's records were sold … she")
                cands = [(m.start, m.name, m.role or self.reg.roles.get(m.name)) for m in self._persons[a:min(b, a + 24)]
                         if not m.possessive or (m.start - ss <= 4 and self.gender(m.name) == want)]
                # speakers the cues named as people ("Dana Okoro, the firm's lawyer, told …")
                ea = bisect_left(self._evstarts, ss)
                eb = bisect_left(self._evstarts, hi)
                described: dict[str, str | None] = {}
                for ev in self.events[max(ea, eb - 10):eb]:
                    sp = ev.speaker
                    if sp is not None and sp.kind == "person" and sp.resolved and sp.phrase.lower() not in ("he", "she") \
                            and ss <= sp.start < hi:
                        cands.append((sp.start, sp.name, sp.role))
                    elif sp is not None and sp.kind == "anonymous" and sp.resolved and ss <= sp.start < hi:
                        # "…,” said an engineer in Tehran. … he added": a person the article describes
                        g = _described_gender(sp.name)
                        if g is not None:
                            described[sp.name] = g
                            cands.append((sp.start, sp.name, None))
                cands.sort(key=lambda c: c[0])
                chain = _SUBJ_PRON[want].search(self.text, max(ss, floor), hi)
                hops = 0
                while chain is not None and self._in_quote(chain.start()) and hops < 20:
                    chain = _SUBJ_PRON[want].search(self.text, chain.end(), hi)
                    hops += 1
                if chain is not None and self._in_quote(chain.start()):
                    chain = None
                for start, name, role in cands:
                    if name in described:
                        if described[name] not in (want, "?"):
                            continue
                        if chain is not None and chain.start() < start and "," not in self.text[chain.end():start]:
                            break
                        return name, "anonymous", None
                    g = self.gender(name)
                    if g is not None and g != want:
                        continue  # "Dana Hill … he said": not her
                    if chain is not None and chain.start() < start and "," not in self.text[chain.end():start]:
                        # "he was seen with Ivo Petrov": the pronoun before carries the chain back
                        # (but "To clear his name, Dana Hill …" points forward to the name)
                        break
                    spoke = any(ev.speaker is not None and ev.speaker.name == name
                                for ev in self.events[max(ea, eb - 10):eb])
                    if g is None and not spoke:
                        # a name of unknown gender yields to the person this pronoun already
                        # stood for a few sentences back ("he said … Diallo is … he said"),
                        # unless that name has just spoken ("Trump told reporters … he added")
                        topic = self._pronoun_topic(wl, pos, self.seg.sentence_bounds(first_sent)[0])
                        if topic is not None and topic[0] != name and topic[1] < start:
                            return topic[0], "person", topic[2]
                    return name, "person", role
                # a speaker described but not named ("a spokesman said ... he added")
            return None
        # it / they: a body
        for k in range(si, first_sent - 1, -1):
            ss, se = seg.sentence_bounds(k)
            if se < floor:
                break
            hi = pos if k == si else se
            if wl == "they":
                a = bisect_left(self._evstarts, ss)
                b = bisect_left(self._evstarts, hi)
                for ev in reversed(self.events[max(a, b - 20):b]):
                    sp = ev.speaker
                    if sp and sp.kind in ("anonymous", "organization", "official") and sp.resolved:
                        return sp.name, sp.kind, sp.role
            else:
                # "the ministry said it had told envoys …": the body speaking in the sentence
                a = bisect_left(self._evstarts, ss)
                b = bisect_left(self._evstarts, hi)
                for ev in reversed(self.events[max(a, b - 20):b]):
                    sp = ev.speaker
                    if sp and sp.kind in ("organization", "official", "agency", "outlet") and sp.resolved \
                            and sp.phrase.lower() != "it":
                        return sp.name, sp.kind, sp.role
            a = bisect_left(self._ostarts, ss)
            b = bisect_left(self._ostarts, hi)
            for m in self._orgs[a:b]:
                if m.kind == "place" and wl == "they":
                    continue
                if m.possessive:
                    continue
                return m.name, m.kind if m.kind != "place" else "official", None
        return None


#: What may stand between two people joined by "and": the conjunction and the second one's role.
