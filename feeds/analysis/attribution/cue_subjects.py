"""Who a cue's subject is, and who received the words: the cue rules' helpers.

Kept apart from the rule table in ``cues`` so that each reads alone:

- ``_subject``: the phrase before a verb, tried in order — a "who" clause's
  head, the noun phrase next to the verb (a place in apposition to a place
  gives way to the sentence's subject), the name opening a chain of appositions
  (``_chain_opener``), and for a coordinated verb ("… and accused …") the
  speaker of the cue before it in the sentence.
- ``_doc_subject``: a document as the subject ("The leaked memos show …").
- ``_recipient_outlet``: "told Harbor Weekly", "said in a statement to Delta
  Radio", "told state TV": the outlet the words were given to is a source too.
- ``_weak_ok``: is a weak cue next to quoted words.
"""

from __future__ import annotations

import re

from ..gazetteer import ALIAS_TO_CANON, OUTLETS
from ..lexicon import AUX, CUE_FORMS, DOC_HEADS, FIRST_NAMES, STOP_CAPS
from ..lexicon.data import words
from .base import (
    CueEvent, Speaker, _CLOSE_MARKS, _INTRO, _MEDIA_WORDS, _OPEN_MARKS, _PAST_IRREGULAR, _PREPS, _PUNCT_STOP,
    _RECIPIENT_RE, _STATE_MEDIA_RE, _TO_OUTLET_RE, _is_cap, _trim_role, name_before_period,
    recipient_hint,
)

_DOC_STOPS = words("cues-doc-stops")
_DOC_NOT_HEADS = words("cues-doc-not-heads")
_CHAIN_STOPS = words("cues-chain-stops")
_COORDINATORS = words("cues-coordinators")
_DOC_KINDS = frozenset(("document", "organization", "official", "outlet", "agency"))
_BODY_KINDS = frozenset(("person", "organization", "official", "agency", "outlet"))
_CHAIN_MARKS = (",", "—", "–")
_PLACE_PREPS = words("cues-place-preps")
_RECIPIENT_LOOK = 160  # characters after a cue searched for the recipient outlet

#: A closing mark (after a comma or a stop), then a subject of one to six words, right before a weak cue.
_SUBJECT_AFTER_QUOTE = re.compile(r"[,.!?…][”\"’]\s+(?:[^\W\d_@][\w'’.@-]*\s+){1,6}$")
_COLON_QUOTE = re.compile(r":\s*[“\"«„]")


def _doc_head(toks: list) -> int:
    """Index of the document noun heading the clause ("memos"), or -1 (a clause boundary first)."""
    d = -1
    for j, (t, _, _) in enumerate(toks):
        tl = t.lower()
        if t in _PUNCT_STOP or t in _OPEN_MARKS or tl in _DOC_STOPS or tl == "that" and j > 0:
            return -1  # (a leading "That" is a determiner: "That report found …")
        if d < 0 and tl in DOC_HEADS and (t.islower() or j == 0) and tl not in _DOC_NOT_HEADS:
            d = j
    return d


def _chain_segments(before: list, ss: int) -> list[list] | None:
    """The links of an apposition chain ending at the cue, from its opening to the last comma."""
    c0 = 0
    for j in range(len(before) - 2, 0, -1):
        if before[j][0] in _CLOSE_MARKS and before[j - 1][0] == ",":
            c0 = j + 1
            break
    if c0 == 0 and before[0][1] > ss:
        return None  # the window starts mid-sentence: the chain's opening is not in view
    segs: list[list] = [[]]
    for t in before[c0:-1]:
        if t[0] in _CHAIN_MARKS:
            segs.append([])
        else:
            segs[-1].append(t)
    if len(segs) < 3 or any(not seg for seg in segs) or len(segs) > 6:
        return None
    return segs


def _is_clause_link(seg: list) -> bool:
    """Does a link contain a verb or a relative clause (so the chain is no list of appositions)?"""
    for t in seg:
        tl = t[0].lower()
        if tl in _CHAIN_STOPS or tl in AUX or tl in _PUNCT_STOP \
                or (t[0].islower() and t[0] in CUE_FORMS and (tl.endswith("ed") or tl in _PAST_IRREGULAR)):
            return True
    return False


class CueSubjects:
    """Subjects and recipients of cues (mixed into the ``Attributor``)."""

    def _doc_subject(self, before: list) -> Speaker | None:
        """The clause's subject when it is a document: "The leaked memos show …"."""
        toks = before
        if not toks or toks[0][0] in _INTRO or len(toks) > 16:
            return None
        d = _doc_head(toks)
        if d < 0:
            return None
        end = d
        # "… messages from the ministry" / "… report by Acme": keep the owner
        if d + 2 < len(toks) and toks[d + 1][0] in ("from", "by", "of") and all(
                _is_cap(t[0]) or t[0] in ("the", "of", "and", "&") for t in toks[d + 2:]):
            end = len(toks) - 1
        sp = self._make(toks[0][1], toks[end][2])
        if sp is not None and sp.kind == "description":  # "a batch of leaked memos"
            sp = Speaker(sp.phrase, sp.phrase, "document", None, sp.start, sp.end)
        if sp is None or sp.kind not in _DOC_KINDS:
            return None
        return sp

    # ---- the outlet the words were given to ------------------------------------------

    def _recipient_outlet(self, ev: CueEvent) -> None:
        """"… said in a statement to Harbor Weekly", "told Delta Radio", "told state TV": the
        outlet that carried the words is a source too (added to ``ev.extra``)."""
        lim = min(len(self.text), ev.end + _RECIPIENT_LOOK)
        for find in (self._to_named_outlet, self._to_state_media, self._to_recipient):
            obj = find(ev, lim)
            if obj is not None:
                obj.why.append("cue:recipient-outlet")
                ev.extra.append(obj)
                return

    def _to_named_outlet(self, ev: CueEvent, lim: int) -> Speaker | None:
        """"said in an interview with the Harbor Times": a known or named outlet after "to/with"."""
        tm = _TO_OUTLET_RE.match(self.text, ev.end, lim)
        if tm is None:
            return None
        raw = name_before_period(tm.group("obj")).rstrip(".,")
        hit = ALIAS_TO_CANON.get(raw)
        sp = Speaker(raw, hit or raw, OUTLETS[hit][0] if hit else "outlet", None,
                     tm.start("obj"), tm.start("obj") + len(raw))
        return sp

    def _to_state_media(self, ev: CueEvent, lim: int) -> Speaker | None:
        """"told state TV": the broadcaster carried the words, though it has no name here."""
        sm = _STATE_MEDIA_RE.match(self.text, ev.end, lim) if ev.lemma == "tell" else None
        if sm is None:
            return None
        return Speaker(sm.group(1), sm.group(1), "outlet", None, sm.start(1), sm.end(1))

    def _to_recipient(self, ev: CueEvent, lim: int) -> Speaker | None:
        """"told Delta Radio", "said in a statement to Harbor Weekly": an outlet or agency object."""
        text = self.text
        if ev.lemma == "tell":
            m = _RECIPIENT_RE.match(text, ev.end, lim)
        elif not recipient_hint(text, ev.end, lim):
            return None
        else:
            _, se = self.seg.sentence_at(ev.start)
            m = _RECIPIENT_RE.search(text, ev.end, min(se, lim))
        if m is None or m.group("tell") is not None and (ev.lemma != "tell" or m.start() != ev.end):
            return None
        raw = name_before_period(m.group("obj")).rstrip(".")
        off = 4 if raw.startswith("The ") and len(raw) > 4 else 0
        raw = raw[off:]
        start = m.start("obj") + off
        hit = ALIAS_TO_CANON.get(raw)
        words_ = raw.split()
        if hit:
            obj = Speaker(raw, hit, OUTLETS[hit][0], None, start, start + len(raw))
        elif words_[-1] in _MEDIA_WORDS and words_[0] not in FIRST_NAMES and raw not in self.reg.persons:
            obj = Speaker(raw, raw, "outlet", None, start, start + len(raw))
        else:
            obj = self._make(start, start + len(raw))
        if obj is None or obj.kind not in ("outlet", "agency") or any(x.name == obj.name for x in ev.extra):
            return None
        return obj

    # ---- weak cues -----------------------------------------------------------------

    def _weak_ok(self, word: str, prev: str, after: list, cs: int, ce: int, se: int) -> bool:
        """Is a weak cue ("called", "noted") next to punctuation, a clause or a quotation mark?"""
        nxt = after[0][0] if after else ""
        if nxt in (":", ",", ".", "that", "out", "in") or (nxt and nxt in _OPEN_MARKS + _CLOSE_MARKS):
            return True
        if prev in _CLOSE_MARKS or prev == ",":
            return True
        window = self.text[ce:min(se, ce + 90)]
        if any(c in window for c in "“\"«„"):
            return True
        # '“…,” connectivity monitor Netblocks posted on Mastodon': a quotation closed right before its
        # subject; '… posted an image … with the caption: “…”': a colon later in the sentence introduces words
        return _SUBJECT_AFTER_QUOTE.search(self.text, max(0, cs - 80), cs) is not None \
            or _COLON_QUOTE.search(self.text, ce, min(se, ce + 240)) is not None

    # ---- the subject before the verb -------------------------------------------------

    def _subject(self, before: list, ss: int, cs: int) -> Speaker | None:
        """The speaker before a verb cue: a "who" clause, the phrase next to it, a chain's opener,
        or for a coordinated verb the subject it shares."""
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
        return self._coordinated_subject(before, ss, cs)

    def _coordinated_subject(self, before: list, ss: int, cs: int) -> Speaker | None:
        """"…, and has warned that" / "…, saying": the sentence's own subject; "she described it
        as … and accused him of …": coordinated verbs share the subject of the cue before them."""
        j = len(before) - 1
        while j >= 0 and before[j][0].lower() in AUX:
            j -= 1
        if j < 0 or before[j][0].lower() not in _COORDINATORS:
            return None
        if self.events and self.events[-1].start >= ss and not self.events[-1].inverted:
            prev = self.events[-1].speaker
            if prev is not None and prev.resolved and prev.kind != "description":
                return Speaker(prev.phrase, prev.name, prev.kind, prev.role, prev.start, prev.end,
                               True, prev.org, prev.literary, list(prev.why))
        return self._sentence_subject(ss, cs)

    @staticmethod
    def _location_appositive(before: list, sp: Speaker) -> bool:
        """Is the place ``sp`` the second half of "in Greenbelt, Maryland," (city, region)?"""
        j = next((j for j in range(len(before) - 1, -1, -1) if before[j][1] == sp.start), -1)
        if j < 3 or before[j - 1][0] != "," or not _is_cap(before[j - 2][0]):
            return False
        k = j - 2
        while k > 0 and _is_cap(before[k - 1][0]) and j - k < 6:
            k -= 1
        return k >= 1 and before[k - 1][0].lower() in _PLACE_PREPS

    def _chain_opener(self, before: list, ss: int) -> Speaker | None:
        """The name that opens a chain of appositions before the cue.

        "…,” Dana Hill, a fellow at the Kestrel Institute in Lyon, France, and
        co-author of the study, said': the phrase next to the verb is a place or a
        role; the speaker is the name the chain starts with (after the closing
        quote mark, or at the sentence start), provided every link is a noun
        phrase (no verb, no relative clause) and it names a person or a body.
        """
        if len(before) < 6 or before[-1][0] not in _CHAIN_MARKS:
            return None
        segs = _chain_segments(before, ss)
        if segs is None:
            return None
        first = segs[0]
        if len(first) > 8 or not _is_cap(first[-1][0]) or first[0][0] in STOP_CAPS or first[0][0].lower() in _PREPS:
            return None
        if any(_is_clause_link(seg) for seg in segs[1:]):
            return None
        sp = self._np_backward(first, len(first) - 1, ss, appos=False)
        if sp is None or sp.kind not in _BODY_KINDS:
            return None
        role = _trim_role(self.text[segs[1][0][1]:segs[1][-1][2]])
        if role and not sp.role and sp.kind == "person":
            sp.role = role
            self.reg.roles.setdefault(sp.name, role)
        return sp

