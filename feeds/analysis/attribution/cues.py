"""Cue rules: reporting verbs, speech nouns and the subjects they attach to."""

from __future__ import annotations

import re

from ..gazetteer import ALIAS_TO_CANON, OUTLETS
from ..lexicon import (
    ANON_HEADS, AS_FRAME, AUX, CUE_FORMS, CUE_LEMMA, DOC_HEADS, FIRST_NAMES, ING_CUES, NP_STOP, STOP_CAPS, WEAK_FORMS,
)

from .base import (
    CueEvent, Speaker, _CLOSE_MARKS, _COUNTERS, _DETS, _DOC_VERBS, _INTRO, _MEDIA_WORDS, _MODALS, _NO_INVERT, _NO_INVERT_NOUNY, _OPEN_MARKS, _PAST_IRREGULAR, _PN_POSS, _PREPS, _PUNCT_STOP, _READ_HEADS, _RECIPIENT_HINT, _RECIPIENT_RE, _STATE_MEDIA_RE, _TIME_WORDS, _TO_OUTLET_RE, _WINDOW, _as_quote, _call_x_a_y, _is_cap, _poss, _trim_role, _unposs, name_before_period,
)


class CueRules:
    """Cue rules: reporting verbs, speech nouns and the subjects they attach to."""

    def _event(self, m: re.Match) -> CueEvent | None:
        text = self.text
        cs, ce = m.start(), m.end()
        word = m.group()
        ss, se = self.seg.sentence_at(cs)
        lo = max(ss, cs - _WINDOW)
        hi = min(se, ce + _WINDOW)
        before = self._tc.get(lo, cs)
        after = self._tc.get(ce, hi)
        if m.group("nby"):
            # "a declaration by the health ministry that …", "a study by Acme Labs": the author
            sp = self._np_forward(after, 0)
            if sp is None or sp.kind in ("pronoun", "description"):
                return None
            return CueEvent(word, "according to", cs, ce, sp, True, True, [])
        if m.group("acc") or m.group("per") or m.group("cit"):
            sp = self._np_forward(after, 0)
            if sp is None:
                return None
            lemma = "according to" if m.group("acc") else ("per" if m.group("per") else "cite")
            return CueEvent(word, lemma, cs, ce, sp, True, False, [])
        if m.group("pn"):
            return self._speech_noun(m, after, ss)
        if m.group("callfor"):
            if before and (before[-1][0].lower() in _DETS | {"this", "that", "new", "renewed", "fresh", "latest"}
                           or _poss(before[-1][0])):
                return None  # "a call for proposals", "the group's calls for calm": a noun
            sp = self._subject(before, ss, cs)
            return CueEvent(word, "call for", cs, ce, sp, False, False, []) if sp else None
        lemma = CUE_LEMMA.get(word, word)
        prev = before[-1][0] if before else ""
        pl = prev.lower()
        nxt = after[0][0] if after else ""
        nxt2 = after[1][0] if len(after) > 1 else ""
        is_ing = word in ING_CUES
        is_base = word == lemma
        is_s = not is_ing and not is_base and word.endswith("s") and word not in ("was",)
        jb = len(before) - 1
        while jb >= 0 and jb > len(before) - 4 and before[jb][0].islower() and (before[jb][0].endswith("ly") or before[jb][0] in ("also", "not", "often", "then", "still", "never")):
            jb -= 1
        pb = before[jb][0].lower() if jb >= 0 else ""
        if not is_ing and (pl in ("was", "were", "been", "being", "is", "are", "be", "get", "got", "gets") or pb in ("was", "were", "been", "being", "is", "are", "be")):
            return None  # passive: "was reported", "were told", "is often found"
        if lemma in _DOC_VERBS and not is_ing and before and pl not in ("to", "the", "a", "an") and not _poss(prev):
            # "A series of emails the firm released showed …": a document as the subject
            doc = self._doc_subject(before)
            if doc is not None:
                return CueEvent(word, lemma, cs, ce, doc, False, False, [])
        if pl in ("that", "which") and not is_ing and not is_base and len(before) >= 2 \
                and before[-2][0].isalpha() and before[-2][0].lower() not in NP_STOP and nxt not in (",", ".", ";"):
            # "a blog post that said customers …", "officials who …" (see _subject): the
            # relative clause's head speaks
            rel = self._relative_head(before, len(before) - 1, ss)
            if rel is not None and rel.kind in ("document", "person", "organization", "official", "agency",
                                                "outlet", "anonymous") and rel.resolved:
                return CueEvent(word, lemma, cs, ce, rel, False, word in WEAK_FORMS, [])
        if pl in ("to", "the", "a", "an", "his", "her", "their", "its", "this", "that", "our", "my", "your", "whose") and word not in ("told",):
            return None  # infinitive/noun uses: "to say", "the report", "a call"
        if _poss(prev) and word not in ("told", "said", "says", "wrote", "added"):
            return None  # "Dana’s calls", "the firm’s claims": a noun after a possessive
        if is_s and lemma in _NO_INVERT_NOUNY and len(before) >= 2 and before[-1][0].islower() \
                and before[-1][0].isalpha() and before[-1][0] not in NP_STOP:
            jp = len(before) - 2 if _poss(before[-2][0]) else (
                len(before) - 3 if len(before) >= 3 and _poss(before[-3][0]) and before[-2][0].islower() else -1)
            if jp >= 0:
                # "Trump’s false claims that troops “stayed back”": the owner of the claims speaks
                owner = self._np_backward(before, jp, ss)
                if owner is not None and owner.kind in ("person", "organization", "official", "agency", "outlet"):
                    return CueEvent(word, "claim", cs, ce, owner, False, True, [])
                return None
        if is_s and lemma in _NO_INVERT_NOUNY and (
                any(t[0].lower() in _COUNTERS or t[0].isdigit() for t in before[-3:])
                or pl in ("recent", "new", "latest", "earlier", "previous", "initial", "unconfirmed", "conflicting")):
            return None  # "two highly critical reports that …", "recent claims": nouns
        if lemma in _NO_INVERT_NOUNY and (is_base or is_s) and pl not in _MODALS:
            # "state", "reports", "claims": verbs only with a clause or object after them
            if not (nxt in ("that", ":") or (nxt == "," and (prev[:1].isupper() or pl in ("he", "she", "they", "it")))
                    or nxt in _OPEN_MARKS or nxt.lower() in ("it", "he", "she", "they", "the", "a", "an", "his", "her", "its", "their")
                    or (prev in (",",) + tuple(_CLOSE_MARKS) and nxt[:1].isupper())):
                return None
            if lemma in ("show", "find", "indicate") and nxt != "that":
                return None
        if lemma == "read":
            # "…,” the statement read: only a written text reads out words
            if is_ing or not before or not self._weak_ok(word, prev, after, cs, ce, se):
                return None
            sp = self._subject(before, ss, cs)
            if sp is None or _unposs(sp.phrase.split()[-1].lower()) not in _READ_HEADS:
                return None
            return CueEvent(word, lemma, cs, ce, sp, False, True, [])
        if is_base and pl not in _MODALS and before:
            # a bare form needs a plural subject ("analysts say"), not "the Jewish state"
            j = len(before) - 1
            while j >= 0 and before[j][0].lower() in AUX:
                j -= 1
            if j >= 0:
                h = before[j][0]
                hl = h.lower()
                if not (hl in ("they", "we", "i", "you") or h in _CLOSE_MARKS or h == ","
                        or (hl.endswith("s") and not hl.endswith(("ss", "'s", "’s")) and len(hl) > 3)
                        or hl in ("people", "police", "media", "staff", "press", "personnel", "folks", "public")):
                    return None
        if not is_ing and not is_base and nxt == "by" and (pl == "as" or lemma == "report") and (word.endswith("ed") or word == "told"):
            # "…, as reported by the Harbor Times", "a plan first reported by Delta Radio": the agent
            # of a passive attribution is its source
            sp = self._np_forward(after, 1)
            if sp is None or sp.kind in ("pronoun", "description"):
                return None
            return CueEvent(word, lemma, cs, ce, sp, True, True, [])
        if not is_ing and not is_base and word.endswith("ed") and any(t[0] == "by" for t in after[:4]) and not any(t[0] == "that" for t in after[:4]):
            return None  # "the move announced on Monday by X": passive participle
        if is_ing and not (lemma in ("say", "tell", "add", "write") or nxt in ("that", ",", ":", "of", "to", "about", "it", "them", "him", "her", "the", "reporters")
                           or nxt in _OPEN_MARKS):
            return None  # "reporting station": an adjective
        weak = word in WEAK_FORMS
        if lemma == "point" and nxt != "out" or lemma == "weigh" and nxt != "in":
            return None
        if lemma in AS_FRAME and not _as_quote(after):
            return None  # "saw the plant", "introduced a bill": no words of anyone
        if lemma == "add" and nxt in ("to",):
            return None
        if weak and not self._weak_ok(word, prev, after, cs, ce, se) and not (lemma == "call" and _call_x_a_y(after)):
            return None
        # inverted order: ', said X' / '” said X' / start of sentence
        inverted = False
        lead_role = False
        if len(after) >= 4 and after[0][0].isdigit() and after[1][0] == "-" and after[2][0] in ("year-old", "years-old") \
                and _is_cap(after[3][0]):
            # "…,” wrote 52-year-old Dana Hill: the age stands before the name
            after = after[3:]
            nxt = after[0][0]
            nxt2 = after[1][0] if len(after) > 1 else ""
        if after and nxt.islower() and nxt not in NP_STOP and nxt not in _PREPS:
            # "said coach Peter Hall", "said union leader Tom Reyes"
            for t in after[1:4]:
                if _is_cap(t[0]):
                    lead_role = True
                    break
                if not t[0].replace("-", "").isalpha() or not t[0].islower() or t[0] in NP_STOP or t[0] in _PREPS:
                    break
        if not is_ing and lemma not in _NO_INVERT and (not before or prev in (",", "”", "\"", "’", "'", "—", "–", ":") or cs == ss) \
                and after and (nxt[:1].isupper() or nxt.lower() in _DETS or nxt.lower() in ("he", "she", "they", "it", "we") or lead_role) \
                and nxt.lower() != "that" and nxt.lower() not in _TIME_WORDS:
            # ("…, Tanaka said Friday in Oslo": a day after the verb is when, never who)
            if nxt.lower() in ("he", "she", "they", "it", "we"):
                inverted = nxt2 in (".", ",", ";", "") or nxt2 in _CLOSE_MARKS
            else:
                inverted = True
        elif not is_ing and lemma not in _NO_INVERT and prev in (",", "”", "\"", "’", "'", "—", "–") and nxt.islower() \
                and (nxt in ANON_HEADS or nxt in ("police", "authorities", "prosecutors", "regulators")) \
                and (nxt.endswith("s") or nxt in ("police", "staff", "media")) \
                and (nxt2 in (".", ",", ";", "") or nxt2 in _CLOSE_MARKS):
            # "…, say officials." / "…,” said witnesses.": a bare plural after the verb
            inverted = True
        if inverted and prev == "," and not self._after_quote(before):
            # ", said the review would…" is not inverted: the phrase must end the clause
            self._np_forward(after, 0)
            end = self._fwd_end
            if end < len(after) and after[end][0] not in (".", ",", ";", ":", "!", "?") and after[end][0] not in _CLOSE_MARKS \
                    and after[end][0].lower() not in ("who", "whose", "when", "in", "on", "at", "during", "after", "before", "of", "about"):
                inverted = False
        if inverted:
            sp = self._np_forward(after, 0)
            if sp is None:
                return None
            return CueEvent(word, lemma, cs, ce, sp, True, weak, [])
        if is_ing:
            last_ev = self.events[-1] if self.events else None
            if prev == "," and last_ev is not None and last_ev.start >= ss and last_ev.speaker is not None \
                    and last_ev.speaker.resolved and last_ev.speaker.kind != "description" \
                    and max(last_ev.end, last_ev.speaker.end) >= cs - 40:
                # "…,” said Dubey, noting it is “…”": the participle shares the speaker just named
                sp = last_ev.speaker
            elif prev == "," or not before or (prev.islower() and (prev.endswith("ing") or prev in _PREPS)):
                sp = self._sentence_subject(ss, cs)
            else:
                sp = self._np_backward(before, len(before) - 1, ss)
                if sp is None or sp.kind == "description":
                    sp = self._sentence_subject(ss, cs) or sp
        else:
            sp = self._subject(before, ss, cs)
        if sp is None:
            return None
        if lemma in _DOC_VERBS and sp.kind == "description" and not sp.resolved:
            return None  # "A CT of his chest showed …": evidence, not anyone's words
        extra = []
        if lemma == "tell" and after:
            obj = self._np_forward(after, 0, object_only=True)
            if obj is not None and obj.kind in ("outlet", "agency"):
                extra.append(obj)
        return CueEvent(word, lemma, cs, ce, sp, False, weak, extra)

    def _speech_noun(self, m: re.Match, after: list, ss: int) -> CueEvent | None:
        """"his claim on the show that they were “barely acquainted”", "her repeated claims of …
        “creative” …": a quotation inside what the possessor's words are said to be."""
        j = 0
        seen_link = False
        while j < len(after) and j < 40:
            t = after[j][0]
            if t in _OPEN_MARKS:
                break
            if t in (".", ";", "!", "?") or t in _CLOSE_MARKS:
                return None
            if t in ("that", "of", "about"):
                seen_link = True
            j += 1
        else:
            return None
        if j >= len(after) or not seen_link:
            return None
        word = m.group("pn").split()[0]
        sp = self._pronoun(_PN_POSS[word.lower()], m.start(), m.start() + len(word))
        if not sp.resolved:
            return None
        return CueEvent(m.group("pn"), "claim", m.start(), m.end(), sp, False, True, [])

    def _doc_subject(self, before: list) -> Speaker | None:
        """The clause's subject when it is a document: "The leaked memos show …"."""
        toks = before
        i = 0
        if toks and toks[0][0] in _INTRO:
            return None
        if len(toks) > 16 or not toks:
            return None
        d = -1
        for j, (t, _, _) in enumerate(toks):
            tl = t.lower()
            if t in _PUNCT_STOP or t in _OPEN_MARKS or tl in ("which", "who", "and", "but", "if", "when", "as") \
                    or tl == "that" and j > 0:
                return None  # (a leading "That" is a determiner: "That report found …")
            if d < 0 and tl in DOC_HEADS and (t.islower() or j == 0) and tl not in ("data", "figures", "note", "order",
                                                                                    "plan", "decision", "budget"):
                d = j
        if d < 0:
            return None
        end = d
        # "… messages from the ministry" / "… report by Acme": keep the owner
        if d + 2 < len(toks) and toks[d + 1][0] in ("from", "by", "of") and all(
                _is_cap(t[0]) or t[0] in ("the", "of", "and", "&") for t in toks[d + 2:]):
            end = len(toks) - 1
        sp = self._make(toks[i][1], toks[end][2])
        if sp is not None and sp.kind == "description":  # "a batch of leaked memos"
            sp = Speaker(sp.phrase, sp.phrase, "document", None, sp.start, sp.end)
        if sp is None or sp.kind not in ("document", "organization", "official", "outlet", "agency"):
            return None
        return sp

    def _recipient_outlet(self, ev: CueEvent) -> None:
        """"… said in a statement to Harbor Weekly", "told Delta Radio": the outlet that
        carried the words is a source too."""
        text = self.text
        lim = min(len(text), ev.end + 160)
        tm = _TO_OUTLET_RE.match(text, ev.end, lim)
        if tm is not None:
            raw = name_before_period(tm.group("obj")).rstrip(".,")
            hit = ALIAS_TO_CANON.get(raw)
            ev.extra.append(Speaker(raw, hit or raw, OUTLETS[hit][0] if hit else "outlet", None,
                                    tm.start("obj"), tm.start("obj") + len(raw)))
            return
        sm = _STATE_MEDIA_RE.match(text, ev.end, lim) if ev.lemma == "tell" else None
        if sm is not None:
            # "told state TV": the broadcaster carried the words, though it has no name here
            ev.extra.append(Speaker(sm.group(1), sm.group(1), "outlet", None, sm.start(1), sm.end(1)))
            return
        if ev.lemma == "tell":
            m = _RECIPIENT_RE.match(text, ev.end, lim)
        else:
            if _RECIPIENT_HINT.search(text, ev.end, lim) is None:
                return
            _, se = self.seg.sentence_at(ev.start)
            m = _RECIPIENT_RE.search(text, ev.end, min(se, lim))
        if m is None:
            return
        if m.group("tell") is not None and (ev.lemma != "tell" or m.start() != ev.end):
            return
        raw = name_before_period(m.group("obj")).rstrip(".")
        off = 4 if raw.startswith("The ") and len(raw) > 4 else 0
        raw = raw[off:]
        words = raw.split()
        hit = ALIAS_TO_CANON.get(raw)
        media = words[-1] in _MEDIA_WORDS and words[0] not in FIRST_NAMES and raw not in self.reg.persons
        if hit:
            obj = Speaker(raw, hit, OUTLETS[hit][0], None, m.start("obj") + off, m.start("obj") + off + len(raw))
        elif media:
            obj = Speaker(raw, raw, "outlet", None, m.start("obj") + off, m.start("obj") + off + len(raw))
        else:
            obj = self._make(m.start("obj") + off, m.start("obj") + off + len(raw))
        if obj is None or obj.kind not in ("outlet", "agency") or any(x.name == obj.name for x in ev.extra):
            return
        ev.extra.append(obj)

    def _after_quote(self, before: list) -> bool:
        """Does the cue follow a closing quotation mark (with an optional comma)?"""
        j = len(before) - 1
        if j >= 0 and before[j][0] == ",":
            j -= 1
        return j >= 0 and before[j][0] in _CLOSE_MARKS

    def _weak_ok(self, word: str, prev: str, after: list, cs: int, ce: int, se: int) -> bool:
        text = self.text
        nxt = after[0][0] if after else ""
        if nxt in (":", ",", ".", "that", "out", "in") or (nxt and nxt in _OPEN_MARKS + _CLOSE_MARKS):
            return True
        if prev in _CLOSE_MARKS or prev == ",":
            return True
        window = text[ce:min(se, ce + 90)]
        return any(c in window for c in "“\"«„")

    def _subject(self, before: list, ss: int, cs: int) -> Speaker | None:
        if not before:
            return None
        rel = self._who_clause_subject(before, ss)
        if rel is not None:
            return rel
        sp = self._np_backward(before, len(before) - 1, ss)
        if sp is not None and sp.kind == "place" and self._location_appositive(before, sp):
            # "a team at the Goddard center in Greenbelt, Maryland, has confirmed": the state
            # names where the centre is; the subject is the phrase the place hangs on
            sp = self._sentence_subject(ss, cs)
            if sp is not None and sp.kind == "place":
                sp = None
        if sp is None or sp.kind not in ("person", "pronoun"):
            opener = self._chain_opener(before, ss)
            if opener is not None and (sp is None or sp.start > opener.end):
                return opener
        if sp is not None:
            return sp
        # "…, and has warned that" / "…, saying": the sentence's own subject
        j = len(before) - 1
        while j >= 0 and before[j][0].lower() in AUX:
            j -= 1
        if j >= 0 and before[j][0].lower() in ("and", "but", ",", "or"):
            # "she described it as … and accused him of …": coordinated verbs share the
            # subject of the cue before them in the sentence
            if self.events and self.events[-1].start >= ss and not self.events[-1].inverted:
                prev = self.events[-1].speaker
                if prev is not None and prev.resolved and prev.kind != "description":
                    return Speaker(prev.phrase, prev.name, prev.kind, prev.role, prev.start, prev.end,
                                   True, prev.org, prev.literary)
            return self._sentence_subject(ss, cs)
        return None

    @staticmethod
    def _location_appositive(before: list, sp: Speaker) -> bool:
        """Is the place ``sp`` the second half of "in Greenbelt, Maryland," (city, region)?"""
        j = next((j for j in range(len(before) - 1, -1, -1) if before[j][1] == sp.start), -1)
        if j < 3 or before[j - 1][0] != "," or not _is_cap(before[j - 2][0]):
            return False
        k = j - 2
        while k > 0 and _is_cap(before[k - 1][0]) and j - k < 6:
            k -= 1
        return k >= 1 and before[k - 1][0].lower() in ("in", "at", "of", "from", "near", "outside", "based")

    def _chain_opener(self, before: list, ss: int) -> Speaker | None:
        """The name that opens a chain of appositions before the cue.

        "…,” Dana Hill, a fellow at the Kestrel Institute in Lyon, France, and
        co-author of the study, said': the phrase next to the verb is a place or a
        role; the speaker is the name the chain starts with (after the closing
        quote mark, or at the sentence start), provided every link is a noun
        phrase (no verb, no relative clause) and it names a person or a body.
        """
        n = len(before)
        if n < 6 or before[-1][0] not in (",", "—", "–"):
            return None
        c0 = 0
        for j in range(n - 2, 0, -1):
            if before[j][0] in _CLOSE_MARKS and before[j - 1][0] == ",":
                c0 = j + 1
                break
        if c0 == 0 and before[0][1] > ss:
            return None  # the window starts mid-sentence: the chain's opening is not in view
        segs: list[list] = [[]]
        for t in before[c0:-1]:
            if t[0] in (",", "—", "–"):
                segs.append([])
            else:
                segs[-1].append(t)
        if len(segs) < 3 or any(not seg for seg in segs) or len(segs) > 6:
            return None
        first = segs[0]
        if len(first) > 8 or not _is_cap(first[-1][0]) or first[0][0] in STOP_CAPS or first[0][0].lower() in _PREPS:
            return None
        for seg in segs[1:]:
            for t in seg:
                tl = t[0].lower()
                if tl in ("who", "which", "that", "whose", "when", "while", "because", "but", "if", "as") \
                        or (t[0].islower() and t[0] in CUE_FORMS and (tl.endswith("ed") or tl in _PAST_IRREGULAR)) \
                        or tl in AUX or tl in _PUNCT_STOP:
                    return None
        sp = self._np_backward(first, len(first) - 1, ss, appos=False)
        if sp is None or sp.kind not in ("person", "organization", "official", "agency", "outlet"):
            return None
        role = _trim_role(self.text[segs[1][0][1]:segs[1][-1][2]])
        if role and not sp.role and sp.kind == "person":
            sp.role = role
            self.reg.roles.setdefault(sp.name, role)
        return sp

    # ---- noun phrases ---------------------------------------------------------