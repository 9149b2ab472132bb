"""Quotations: which marked spans are speech, and who said each one.

A span in quotation marks is a quote when someone is saying it. Titles of
works, names, nicknames and scare quotes are in marks too, so short spans need
a speech cue in their sentence, and Title-Case spans or spans right after a
naming word ("the word", "so-called", "dubbed") are names, not speech.

Attribution, in the order an editor reads it:
0. a cue that introduces the quote directly (`he said, “…,” the office said`: the
   words are his; the cue after them only reports them);
1. a cue right after the closing mark (`…,” Tanaka said` / `…,” said Tanaka`);
2. the nearest cue before the quote in its sentence (`Pompeo said … “not, per se…”`),
   unless that cue is a participle inside what is reported and an inverted
   attribution closes the sentence (`known for telling staff “…”, said Hill`);
3. a cue later in the same sentence (`… “skinny” deal …, a person briefed said`);
4. no cue: the speaker of the last attribution in this or the previous
   paragraph (a quoted paragraph continues the quote before it).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from .lexicon import NAMING_WORDS
from .model import Quote
from .segment import QuoteSpan, Segments
from .attribution.base import _MEDIA_WORDS, CueEvent, Speaker
from .speakers import Attributor

__all__ = ["select_quotes", "attribute_quotes"]

_HAS_LETTER = re.compile(r"[^\W\d_]")
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la", "le", "is", "it"}
_MAX_SCAN = 4000
#: What may follow the cue of an attribution that closes its sentence: '…” she said (on Monday).'
_CUE_CLOSES = re.compile(r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
                         r"yesterday|tonight|later|earlier|afterward|afterwards|then|again|too|also|recently))*"
                         r"\s*(?:[.,;:!?)]|$|[”\"’]|\s+(?:in|at|on|to|during|after|before|of|about|while)\b)")
_ASCRIBE = {"describe", "call", "label", "characterize", "characterise", "brand", "dub", "term", "hail", "denounce"}
_RELATIVE_END = re.compile(r"\b(?:that|which)\s*$")
MAX_QUOTES = 5000  # results stay bounded on pathological input
#: Verbs of thinking: when one is nested in reported speech, the speech verb speaks.
_COGNITIVE = {"conclude", "believe", "think", "hope", "fear", "worry", "expect", "feel", "know",
              "find", "show", "indicate", "predict", "estimate", "forecast", "project", "wonder",
              "agree", "foresee", "decide"}  # characters of a quote we look at to classify it


def _title_case(inner: str) -> bool:
    words = _WORD.findall(inner[:_MAX_SCAN])
    content = [w for w in words if w.lower() not in _SMALL]
    if not content:
        return False
    caps = sum(1 for w in content if w[0].isupper())
    return caps == len(content)


def select_quotes(text: str, seg: Segments, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Drop spans without letters and mark which spans are nested in others."""
    out: list[QuoteSpan] = []
    outer_end = -1
    for q in spans:
        s, e = q.start, q.end
        first = _NONSPACE.search(text, s, e)
        if first is None:
            continue
        s = first.start()
        e = s + len(text[s:e].rstrip())
        if e <= s or not _HAS_LETTER.search(text, s, min(e, s + _MAX_SCAN)):
            continue
        q.start, q.end = s, e
        q.depth = 1 if q.open < outer_end else 0
        if q.depth == 0:
            outer_end = q.close
        out.append(q)
    return out


def _word_count(text: str, s: int, e: int) -> int:
    return len(_WORD.findall(text, s, min(e, s + _MAX_SCAN)))


def attribute_quotes(text: str, seg: Segments, spans: list[QuoteSpan], att: Attributor) -> list[tuple[QuoteSpan, Speaker | None, CueEvent | None, str]]:
    events = att.events
    evstarts = [ev.start for ev in events]
    results: list[tuple[QuoteSpan, Speaker | None, CueEvent | None, str]] = []
    last_attr: list[tuple[int, Speaker, CueEvent | None]] = []  # (pos, speaker) of quotes
    for q in spans:
        if q.depth > 0:
            continue
        if len(results) >= MAX_QUOTES:
            break
        ss, se = seg.sentence_at(q.open)
        cs, ce = seg.sentence_at(max(q.open, q.close - 1))
        ps, pe = seg.para_of(q.open)
        nwords = _word_count(text, q.start, q.end)
        ev = None
        how = ""
        prefix = text[max(ss, q.open - 200):q.open].strip()
        sentence_initial = prefix == "" or prefix.endswith(":") or prefix[-1:] in "“\"‘'«„"
        # 0. a cue that introduces the quote directly ("he said, “…,” the office said"): the
        # words are his; the cue after the quote only reports that he said them
        j = bisect_left(evstarts, q.open) - 1
        if j >= 0 and events[j].start >= ss and events[j].speaker is not None and not events[j].inverted \
                and events[j].speaker.resolved and text[events[j].end:q.open].strip() in (",", ":"):
            ev, how = events[j], "before"
        # 0b. "Katz described the move as an “…”, the Post stated": whoever the words are
        # ascribed to ("described … as", "called it") speaks; the outlet after only reports
        if ev is None and not q.continued:
            j = bisect_left(evstarts, q.open) - 1
            if j >= 0 and events[j].start >= ss and events[j].lemma in _ASCRIBE and events[j].speaker is not None \
                    and events[j].speaker.resolved and q.open - events[j].end <= 80 \
                    and re.search(r"\bas\b|^\s*(?:it|them|him|her|this|that)?\s*$", text[events[j].end:q.open]):
                ev, how = events[j], "before"
        # 1. right after the closing mark
        if ev is None and not q.continued:
            i = bisect_right(evstarts, q.close - 1)
            while i < len(events) and events[i].start < q.close + 160 and events[i].start < pe:
                e = events[i]
                sp = e.speaker
                gap_to = e.start if e.inverted else (sp.start if sp else e.start)
                if gap_to >= q.close - 1 and text[q.close:gap_to].strip(" ,—–-:;\u00a0") == "" \
                        and not (sp is not None and not e.inverted and _RELATIVE_END.search(text, sp.end, e.start)) \
                        and not (text[q.end - 1:q.end] in ".!?" and not e.inverted
                                 and not _CUE_CLOSES.match(text, e.end, min(len(text), e.end + 60))):
                    # (but '…me.” A resident of X said Monday that …': a new sentence reporting
                    # other words; the quote continues the one before)
                    # (but "…” Acme published a post that said …": a new clause with its own words)
                    ev, how = e, "after"
                break
        # 2. nearest cue before, same sentence (or the colon introducing a paragraph)
        if ev is None:
            i = bisect_left(evstarts, q.open) - 1
            if i >= 0 and events[i].start >= ss and not (sentence_initial and prefix == ""):
                ev, how = events[i], "before"
                # "Pompeo said that … Washington had concluded … 'X'": the speech verb wins
                # over a verb of thinking nested in what is reported
                if ev.lemma in _COGNITIVE:
                    j = i - 1
                    while j >= 0 and events[j].start >= ss:
                        if events[j].lemma not in _COGNITIVE and events[j].speaker is not None:
                            ev = events[j]
                            break
                        j -= 1
            elif i >= 0 and prefix == "" and q.open == ps and ps > 0:
                pps, ppe = seg.para_of(ps - 2)
                if text[pps:ppe].rstrip().endswith(":") and events[i].start >= pps:
                    ev, how = events[i], "before"
        # 2b. "X was known for telling others 'Q' …, said Y": a participle inside what is
        # reported yields to the inverted attribution that closes the sentence
        if ev is not None and how == "before" and ev.cue.endswith("ing") and not q.continued:
            i = bisect_right(evstarts, q.close - 1)
            while i < len(events) and events[i].start < ce:
                e = events[i]
                if e.inverted and e.speaker is not None and e.speaker.resolved \
                        and text[max(ss, e.start - 4):e.start].rstrip().endswith((",", "—", "–")):
                    ev, how = e, "later"
                    break
                i += 1
        # 3. a cue later in the same sentence
        if ev is None and not q.continued:
            i = bisect_right(evstarts, q.close - 1)
            if i < len(events) and events[i].start < ce and events[i].start >= q.close:
                e = events[i]
                if e.speaker is not None and (e.inverted or e.speaker.start >= q.close):
                    ev, how = e, "later"
        speaker = ev.speaker if ev is not None else None
        # 4. no cue of its own: the last attribution in this or the previous paragraph
        if ev is None and (sentence_initial or q.continued or nwords >= 8):
            floor = seg.paras[max(0, seg.para_index(q.open) - 1)][0]
            cand: tuple[int, Speaker] | None = None
            if last_attr and last_attr[-1][0] >= ps:
                # the quote before it in the same paragraph: "“A,” X said. “B.”"
                cand = (last_attr[-1][0], last_attr[-1][1])
            else:
                i = bisect_left(evstarts, q.open) - 1
                while i >= 0 and events[i].start >= floor:
                    sp = events[i].speaker
                    if sp is not None and sp.resolved and events[i].lemma not in ("according to", "per", "cite"):
                        cand = (events[i].start, sp)
                        break
                    i -= 1
                if last_attr and last_attr[-1][0] >= floor and (cand is None or last_attr[-1][0] > cand[0]):
                    cand = (last_attr[-1][0], last_attr[-1][1])
            if cand is not None:
                speaker, how = cand[1], "continued"
        # 5. a phrase quoted mid-sentence with no cue, after "…, said Politico." in the same
        # paragraph: a summary goes on quoting the source it named (nobody named in between)
        if ev is None and speaker is None and not q.continued:
            i = bisect_left(evstarts, q.open) - 1
            if i >= 0 and events[i].start >= ps and events[i].speaker is not None and events[i].speaker.resolved \
                    and events[i].speaker.kind in ("outlet", "agency", "person", "official", "organization") \
                    and not att.person_between(events[i].end, q.open):
                if nwords >= 5:
                    speaker, how = events[i].speaker, "continued"
                elif events[i].inverted and (events[i].speaker.kind in ("outlet", "agency")
                                             or events[i].speaker.name.split()[-1] in _MEDIA_WORDS):
                    # a review round-up: '…, said Top Gear. It doesn’t feel “heavy or numb”'
                    speaker, how = events[i].speaker, "summary"
        if speaker is not None:
            last_attr.append((q.open, speaker, ev))
        results.append((q, speaker, ev, how))
    return results


def is_quote(text: str, seg: Segments, q: QuoteSpan, speaker: Speaker | None, how: str, att: Attributor) -> bool:
    """Speech, or a title / name / scare quote?"""
    nwords = _word_count(text, q.start, q.end)
    # a naming word right before the marks: 'the word "We"', 'so-called "growth"'
    before = text[max(0, q.open - 30):q.open].split()
    prev = before[-1].lower().strip(",:") if before else ""
    prev2 = before[-2].lower() if len(before) > 1 else ""
    if nwords <= 6 and (prev in NAMING_WORDS or (prev in ("as", "the", "a", "an") and prev2 in NAMING_WORDS)):
        return False
    inner_head = text[q.start:min(q.end, q.start + _MAX_SCAN)]
    if q.continued:
        return True
    ends_punct = inner_head.rstrip()[-1:] in ".,!?;…—-" if q.end - q.start < _MAX_SCAN else True
    if _title_case(inner_head) and nwords <= 8:
        # a title-case span is a name ("Takin’ It To the Streets" after "hitting"), unless it
        # opens its sentence and a cue follows: '"Thank You All," she said'
        ss, _ = seg.sentence_at(q.open)
        lead = text[max(ss, q.open - 200):q.open].strip()
        opens = lead == "" or lead.endswith(":") or lead[-1:] in "“\"‘'«„"
        if not (how in ("after",) and ends_punct and nwords >= 3 and opens):
            return False
    if nwords <= 4:
        # short spans need someone saying them; a short sentence of its own
        # ("It is working.") right after a quote continues it
        if how == "continued" and inner_head.rstrip()[-1:] in ".!?" and inner_head[:1].isupper():
            ss, _ = seg.sentence_at(q.open)
            return text[max(ss, q.open - 200):q.open].strip() == ""
        return speaker is not None and how in ("after", "before", "later", "summary")
    return True


def build_quotes(text: str, seg: Segments, spans: list[QuoteSpan], att: Attributor) -> list[Quote]:
    spans = select_quotes(text, seg, spans)
    attributed = attribute_quotes(text, seg, spans, att)
    quotes: list[Quote] = []
    kept_outer: list[QuoteSpan] = []
    for q, sp, ev, how in attributed:
        if not is_quote(text, seg, q, sp, how, att):
            continue
        kept_outer.append(q)
        ss, _ = seg.sentence_at(q.open)
        prefix = text[max(ss, q.open - 200):q.open].strip()
        first = text[q.start:q.start + 1]
        direct = (prefix == "" or prefix.endswith((":", ",")) or prefix[-1:] in "“\"‘'«„") and not first.islower()
        speaker = None
        role = None
        if sp is not None and not (sp.kind == "pronoun" and not sp.resolved):
            speaker = sp.name
            role = sp.role
        quotes.append(Quote(text[q.start:q.end], speaker, role, ev.cue if ev else None,
                            "direct" if direct else "partial", q.start, q.end,
                            [*(ev.why if ev else ()), *(sp.why if sp else ())]))  # the cue's rules, then the speaker's
        if sp is not None:
            att.quoted.append(sp)
    # nested quotations inside kept quotes: the words someone else said
    outer = [(q.open, q.close) for q in kept_outer]
    ostarts = [o[0] for o in outer]
    for q in spans:
        if q.depth == 0:
            continue
        i = bisect_right(ostarts, q.open) - 1
        if i < 0 or not (outer[i][0] < q.open < outer[i][1]):
            continue
        if _title_case(text[q.start:q.end]) and _word_count(text, q.start, q.end) <= 3:
            continue
        quotes.append(Quote(text[q.start:q.end], None, None, None, "partial", q.start, q.end))
    quotes.sort(key=lambda x: x.start)
    return quotes
