"""Quotations: which marked spans are speech, and who said each one.

A span in quotation marks is a quote when someone is saying it. Titles of
works, names, nicknames and scare quotes are in marks too, so short spans need
a speech cue, and Title-Case spans or spans right after a naming word ("the
word", "so-called", "dubbed") are names, not speech.

Three stages, each a function of its inputs returning a new value; every quote
kept lists in ``why`` the rules of the cue event and the speaker it was
attributed to (``cue:… → speaker:… → resolve:…``), then the rules below that
decided it.

Candidates (``select_quotes`` over the pairs from ``segment.pair_quotes``):
  ``quote:paired-marks`` a pair of marks inside one paragraph;
  ``quote:block`` a quotation left open that runs on into the next paragraph;
  and the turns of a transcript (``turns.find_turns``: ``quote:transcript-turn``,
  ``quote:interview-answer``), quotes of their own; a candidate inside a turn is
  part of it.

Attribution (``attribute_quotes``), the rules tried in this order, first answer wins:
  10 ``quote:cue-introduces`` a cue that introduces the quote (``he said, “…,” the
     office said``: the words are his; the cue after them only reports them);
  20 ``quote:ascribed`` words ascribed to someone (``Katz described the move as “…”``),
     and ``quote:naming-verb`` after a verb of naming and its object (``Trump called
     the report “faulty”``; ``called on the “interim” council`` is a demand, not words);
  30 ``quote:cue-after`` a cue right after the closing mark (``…,” Tanaka said``);
  40 ``quote:cue-in-sentence`` the nearest cue before the quote in its sentence,
     refined by ``quote:speech-over-thought`` (a verb of thinking nested in what is
     reported yields to the speech verb before it);
  45 ``quote:colon-intro`` a quoted paragraph after a paragraph ending in a colon;
  46 ``quote:issued-writing`` after ``Acme issued a statement:`` the words are Acme's;
  47 ``quote:words-from`` ``directives from Xi to “…”``: the words of whoever they come from;
  50 ``quote:cue-later`` a cue later in the same sentence (``… “skinny” deal …, a
     person briefed said``);
  55 ``quote:same-sentence`` a second quote in the sentence of an attributed one, no
     cue and nobody named between: the same speaker;
  60 ``quote:continuation`` no cue: the speaker of the last attribution in this or
     the previous paragraph (a quoted paragraph continues the quote before it);
  70 ``quote:source-goes-on`` a summary goes on quoting the source it named;
  75 ``quote:review-roundup`` a short phrase after ``…, said Top Gear.``
  and after a rule of 10, 20 or 40 whose cue is a participle inside what is
  reported: ``quote:inverted-closes`` (``known for telling staff “…”, said Hill``).
  Then ``quote:block-speaker``: the paragraphs of a running quotation with no
  speaker take the speaker of the paragraph that closes it.

Filters (``keep_reason``), in order; a span none keeps is dropped:
  a naming word right before a short span drops it (``so-called “growth”``);
  ``quote:block`` keeps a running quotation;
  ``quote:colon-writing`` keeps a Title-Case span after a colon ending a cue or a
  noun of writing (``with the caption: “Welcome Jose”``);
  ``quote:not-title`` keeps a Title-Case span that opens its sentence with a cue
  after it (``“Thank You All,” she said``); other short Title-Case spans drop;
  ``quote:short-sentence`` keeps a short sentence of its own after a quote;
  ``quote:not-scare`` keeps a short span someone is said to say; others drop;
  ``quote:speech-length`` keeps any span of five words or more;
  ``quote:unattributed-speech`` last: a span nobody is said to say is kept only
  where speech is certain (a cue, or a colon, introduces it).

Kind: ``quote:direct`` (the quote opens its clause) or ``quote:partial`` (words
woven into the writer's sentence); ``quote:nested`` on a quote holding
words quoted inside it (they are part of it, never a second entry).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from .attribution.base import _MEDIA_WORDS, CueEvent, Speaker
from .lexicon import NAMING_WORDS
from .lexicon.data import lines, words
from .model import Quote
from .rules import declare, rule
from .segment import DOUBLED, QuoteSpan, Segments
from .speakers import Attributor
from .turns import Turn

__all__ = ["select_quotes", "attribute_quotes", "keep_reason", "build_quotes", "Attributed", "QuoteResult"]

_HAS_LETTER = re.compile(r"[^\W\d_]")
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL = words("quotes-small-words")
_MAX_SCAN = 4000  # characters of a quote we look at to classify it
#: What may follow the cue of an attribution that closes its sentence: '…” she said (on Monday).'
_CUE_CLOSES = re.compile(r"(?:\s+(?:on\s+)?(?:" + "|".join(lines("quotes-after-cue")) + r"))*"
                         r"\s*(?:[.,;:!?)]|$|[”\"’]|\s+(?:in|at|on|to|during|after|before|of|about|while)\b)")
_ASCRIBE = words("quotes-ascribe-verbs")
_ASCRIBED_GAP = re.compile(r"\bas\b|^\s*(?:it|them|him|her|this|that)?\s*$")
#: 'called on/for/upon …': a demand, whose object holds nobody's words.
_CALLED_ON = re.compile(r"\s+(?:on|for|upon)\b")
#: Verbs of naming: 'called the report “faulty”' (the object, then its name in the speaker's words).
_NAMING = words("quotes-naming-verbs")
#: The object between a naming verb and its complement: a few words, no preposition, no punctuation.
_NAMED_OBJECT = re.compile(r"^\s+(?!(?:on|for|off|up|out|in|at|by|from|to|with|into|upon|about)\b)"
                           r"(?:[^\W\d_][\w'’-]*\s+){1,5}$")
_RELATIVE_END = re.compile(r"\b(?:that|which)\s*$")
MAX_QUOTES = 5000  # results stay bounded on pathological input
#: Verbs of thinking: when one is nested in reported speech, the speech verb speaks.
_COGNITIVE = words("quotes-thinking-verbs")
#: Cues naming a source, not a speaker: a later quote does not continue their words.
_NOT_CONTINUED = words("quotes-non-continuing-cues")
_OPEN_MARKS = "“\"‘'«„`"
_SOURCE_KINDS = ("outlet", "agency", "person", "official", "organization")
_ATTRIBUTED_HOWS = ("after", "before", "later", "summary")

PAIRED = declare("quote:paired-marks", order=1,
                 fires=['"We will rebuild the harbour wall this year," the mayor said.'],
                 not_on=["The mayor said the harbour wall would be rebuilt this year."],
                 doc="A pair of quotation marks inside one paragraph is a candidate quote.")
BLOCK = declare("quote:block", order=2,
                fires=['"The first part of the speech runs on here without a close.\n\n'
                       '"And the second paragraph closes it," the minister said.'],
                not_on=['"We will rebuild the harbour wall this year," the mayor said.'],
                doc="A quotation left open at a paragraph's end runs on when the next opens with a mark "
                    "(its last paragraph is part of it even when an embed cut off the closing mark).")


def _title_case(inner: str) -> bool:
    content = [w for w in _WORD.findall(inner[:_MAX_SCAN]) if w.lower() not in _SMALL]
    return bool(content) and all(w[0].isupper() for w in content)


#: Every rule reads a quote's word count only against a threshold of 8 or less, so counting
#: stops here: a long quote's words are not all matched (and no list of them is made).
_WORDS_ENOUGH = 9


def _word_count(text: str, s: int, e: int) -> int:
    """The words of ``text[s:e]`` (its first ``_MAX_SCAN`` characters), counted up to ``_WORDS_ENOUGH``."""
    return len(list(islice(_WORD.finditer(text, s, e if e < s + _MAX_SCAN else s + _MAX_SCAN), _WORDS_ENOUGH)))


# ---- candidates -----------------------------------------------------------------


def select_quotes(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Candidate quotes: spans with letters, trimmed of spaces, marked outer (0) or nested (1).

    Returns new spans and leaves ``spans`` as they were, so the pairing can be
    reused (it runs once per article; so does this).
    """
    out: list[QuoteSpan] = []
    outer_end = -1
    for q in spans:
        first = _NONSPACE.search(text, q.start, q.end)
        if first is None:
            continue
        s = first.start()
        e = s + len(text[s:q.end].rstrip())
        if e <= s or not _HAS_LETTER.search(text, s, e if e < s + _MAX_SCAN else s + _MAX_SCAN):
            continue
        depth = 1 if q.open < outer_end else 0
        if depth == 0:
            outer_end = q.close
        out.append(QuoteSpan(q.open, s, e, q.close, q.double, q.continued, depth, q.para, q.wide))
    return out


# ---- attribution ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Doc:
    """What every attribution rule reads about the article (built once per article)."""

    text: str
    seg: Segments
    att: Attributor
    events: list[CueEvent]
    evstarts: list[int]


@dataclass(frozen=True, slots=True)
class _Site:
    """Where one quote sits: its sentence, paragraph and what precedes it."""

    q: QuoteSpan
    ss: int  # start of the sentence the quote opens in
    ce: int  # end of the sentence it closes in
    ps: int  # its paragraph
    pe: int
    nwords: int
    prefix: str  # the sentence before the opening mark, stripped
    history: tuple[tuple[int, Speaker], ...]  # (position, speaker) of the quotes attributed before

    @property
    def sentence_initial(self) -> bool:
        """The quote opens its sentence (or follows a colon or another mark)."""
        return self.prefix == "" or self.prefix.endswith(":") or self.prefix[-1:] in _OPEN_MARKS


@dataclass(slots=True)
class Attributed:
    """A candidate quote with the speaker and cue the attribution rules chose (maybe none)."""

    span: QuoteSpan
    speaker: Speaker | None
    event: CueEvent | None
    how: str  # "before", "after", "later", "continued", "summary" or ""
    why: list[str] = field(default_factory=list)
    prefix: str = ""
    sentence_initial: bool = False
    nwords: int = 0


_Pick = tuple[CueEvent | None, Speaker | None, str, list[str]]
_AttrRule = Callable[[_Doc, _Site], "_Pick | None"]


def _by_event(ev: CueEvent, how: str, *names: str) -> _Pick:
    return ev, ev.speaker, how, list(names)


def _event_before(doc: _Doc, s: _Site) -> tuple[int, CueEvent | None]:
    i = bisect_left(doc.evstarts, s.q.open) - 1
    return i, (doc.events[i] if i >= 0 else None)


def _event_after(doc: _Doc, s: _Site) -> tuple[int, CueEvent | None]:
    i = bisect_right(doc.evstarts, s.q.close - 1)
    return i, (doc.events[i] if i < len(doc.events) else None)


@rule("quote:cue-introduces", order=10,
      fires=['Mayor Lena Ortiz said: "We will rebuild the harbour wall," her office said.'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _cue_introduces(doc: _Doc, s: _Site) -> _Pick | None:
    """A cue ending in a comma or colon right before the marks: its speaker says the words."""
    _, ev = _event_before(doc, s)
    if ev is None or ev.start < s.ss or ev.speaker is None or ev.inverted or not ev.speaker.resolved:
        return None
    if doc.text[ev.end:s.q.open].strip() in (",", ":"):
        return _by_event(ev, "before", "quote:cue-introduces")
    return None


@rule("quote:ascribed", order=20,
      fires=['Senator Ida Katz described the plan as "a gift to the largest shipping firms", the Harbour Post reported.'],
      not_on=['Senator Ida Katz said the plan was "a gift to the largest shipping firms".'])
def _ascribed(doc: _Doc, s: _Site) -> _Pick | None:
    """'Katz described the move as “…”, the Post stated': the words are ascribed to Katz."""
    if s.q.continued:
        return None
    _, ev = _event_before(doc, s)
    if ev is None or ev.start < s.ss or ev.lemma not in _ASCRIBE or ev.speaker is None or not ev.speaker.resolved:
        return None
    gap = doc.text[ev.end:s.q.open]
    if s.q.open - ev.end <= 80 and _ASCRIBED_GAP.search(gap):
        return _by_event(ev, "before", "quote:ascribed")
    if ev.lemma in _NAMING and _NAMED_OBJECT.match(gap):
        return _by_event(ev, "before", "quote:ascribed", "quote:naming-verb")
    return None


declare("quote:naming-verb", order=21,
        fires=['Mayor Lena Ortiz called the harbour report "faulty" on Tuesday.',
               'The minister branded the audit "a farce".'],
        not_on=['The ombudsman called on the "interim" council to withdraw.',
                'Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'],
        doc="After called, dubbed, labelled, branded, termed and an object, the words in marks name it in "
            "the subject's words: the subject's quote, however short. 'called on the “interim” council "
            "to …' is a demand: a short span in its object is nobody's words.")


def _closes_quote(doc: _Doc, s: _Site, e: CueEvent) -> bool:
    """Does cue ``e`` attach to the closing mark ('…,” Tanaka said' / '…,” said Tanaka')?"""
    text, q, sp = doc.text, s.q, e.speaker
    gap_to = e.start if e.inverted else (sp.start if sp else e.start)
    if gap_to < q.close - 1 or text[q.close:gap_to].strip(" ,—–-:;\u00a0") != "":
        return False
    if sp is not None and not e.inverted and _RELATIVE_END.search(text, sp.end, e.start):
        return False  # "…” Acme published a post that said …": a new clause with its own words
    # '…me.” A resident of X said Monday that …': a new sentence reporting other words
    return not (text[q.end - 1:q.end] in ".!?" and not e.inverted
                and not _CUE_CLOSES.match(text, e.end, min(len(text), e.end + 60)))


@rule("quote:cue-after", order=30,
      fires=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
      not_on=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'])
def _cue_after(doc: _Doc, s: _Site) -> _Pick | None:
    """The first cue after the closing mark, when nothing but punctuation lies between."""
    if s.q.continued:
        return None
    _, e = _event_after(doc, s)
    if e is None or e.start >= s.q.close + 160 or e.start >= s.pe:
        return None
    return _by_event(e, "after", "quote:cue-after") if _closes_quote(doc, s, e) else None


def _speech_over_thought(doc: _Doc, s: _Site, i: int) -> CueEvent | None:
    """The nearest speech cue with a speaker before cue ``i`` in the sentence, if any."""
    j = i - 1
    while j >= 0 and doc.events[j].start >= s.ss:
        if doc.events[j].lemma not in _COGNITIVE and doc.events[j].speaker is not None:
            return doc.events[j]
        j -= 1
    return None


@rule("quote:cue-in-sentence", order=40,
      fires=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _cue_in_sentence(doc: _Doc, s: _Site) -> _Pick | None:
    """The nearest cue before the quote in its sentence (a speech verb over a verb of thinking)."""
    i, ev = _event_before(doc, s)
    if ev is None or ev.start < s.ss or s.prefix == "":
        return None
    if s.nwords <= 4 and ev.lemma in _NAMING and _CALLED_ON.match(doc.text, ev.end):
        return None  # 'called on the “interim” government to …': a demand (see quote:naming-verb)
    if ev.lemma in _COGNITIVE:
        speech = _speech_over_thought(doc, s, i)
        if speech is not None:
            return _by_event(speech, "before", "quote:cue-in-sentence", "quote:speech-over-thought")
    return _by_event(ev, "before", "quote:cue-in-sentence")


declare("quote:speech-over-thought", order=41,
        fires=['Minister Anil Rao said that the council had concluded the plan was "a costly and dangerous mistake".'],
        not_on=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'],
        doc="A verb of thinking nested in reported speech yields to the speech verb before it.")


@rule("quote:colon-intro", order=45,
      fires=['Mayor Lena Ortiz said in a statement:\n\n'
             '"We will rebuild the harbour wall and reopen the pier."'],
      not_on=['Mayor Lena Ortiz set out the plan in a statement.\n\n'
              '"We will rebuild the harbour wall and reopen the pier."'])
def _colon_intro(doc: _Doc, s: _Site) -> _Pick | None:
    """A paragraph that is a quote, after a paragraph ending in a colon with a cue in it."""
    q = s.q
    i, ev = _event_before(doc, s)
    if ev is None or s.prefix != "" or q.open != s.ps or s.ps <= 0:
        return None
    pps, ppe = doc.seg.para_of(s.ps - 2)
    if doc.text[pps:ppe].rstrip().endswith(":") and ev.start >= pps:
        return _by_event(ev, "before", "quote:colon-intro")
    return None


#: '… issued a statement on Monday:' / 'released a letter to staff:': a document issued, then its words.
_ISSUED = re.compile(r"\b(?:" + "|".join(sorted(words("attribution-issuing-verbs"))) + r")\s+(?:out\s+)?"
                     r"(?:a|an|the|its|his|her|their)\s+(?:[\w'’-]+\s+){0,3}?(?:" + "|".join(sorted(lines("quotes-writing-nouns")))
                     + r")\b[^.!?:;“”\"]{0,80}:$")


#: '… which contains the following statement:': a page or document holding words, then those words.
_HOLDS_FOLLOWING = re.compile(r"\b(?:" + "|".join(sorted(words("quotes-holding-verbs"))) + r")\s+the\s+following\s+"
                              r"(?:[\w'’-]+\s+)?(?:" + "|".join(sorted(lines("quotes-writing-nouns"))) + r")\s*:$")
FOLLOWING_WRITING = declare(
    "quote:following-writing", order=49,
    fires=['Mayor Lena Ortiz shared harbourday.org, the festival website, which contains the following statement:\n\n'
           '“The pier will reopen after the repairs. Come and see it.”'],
    not_on=['Mayor Lena Ortiz shared harbourday.org, the festival website, on Monday.\n\n'
            '“The pier will reopen after the repairs. Come and see it.”'],
    doc="Words after 'which contains the following statement:' are those of whoever shares the writing.")


@rule("quote:issued-writing", order=46,
      fires=['The harbour council issued a statement on Monday: "The pier will reopen after the repairs."',
             'The harbour council released a letter to residents:\n\n"The pier will reopen after the repairs."'],
      not_on=['The harbour council met on Monday: "The pier will reopen after the repairs," a member said.'])
def _issued_writing(doc: _Doc, s: _Site) -> _Pick | None:
    """'Acme issued a statement: “…”': the words of a statement, letter or post are its issuer's
    (the subject of the sentence that issues it, in this paragraph or the one before the quote)."""
    if s.prefix.endswith(":"):
        lo, hi = s.ss, s.q.open
    elif s.prefix == "" and s.q.open == s.ps and s.ps > 0:
        lo, hi = doc.seg.sentence_at(s.ps - 2)
    else:
        return None
    intro = doc.text[lo:hi].rstrip()
    m = _ISSUED.search(intro, max(0, len(intro) - 200))
    why = "quote:issued-writing"
    if m is None:
        m = _HOLDS_FOLLOWING.search(intro, max(0, len(intro) - 200))
        why = FOLLOWING_WRITING
    if m is None:
        return None
    sp = doc.att._sentence_subject(lo, lo + m.start())
    if sp is None or not sp.resolved or sp.kind == "place":
        return None
    return None, sp, "before", [why]


#: 'directives from Xi to “…”', 'a warning from the ministry that “…”': the words of whoever they come from.
_WORDS_FROM = re.compile(r"\b(?:" + "|".join(sorted(words("quotes-words-from-nouns"))) + r")\s+from\s+"
                         r"((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+(?:to|that)\s*$")


@rule("quote:words-from", order=47,
      fires=['The closures began with directives from Mayor Lena Ortiz to "shut every pier before the storm".'],
      not_on=['The closures began with a storm to "shut every pier before the storm".'])
def _words_from(doc: _Doc, s: _Site) -> _Pick | None:
    """'directives from Xi to “show absolutely no mercy”': words of someone's order, call or warning
    are theirs (the name right after 'from')."""
    m = _WORDS_FROM.search(doc.text, max(s.ss, s.q.open - 120), s.q.open)
    if m is None:
        return None
    sp = doc.att._make(m.start(1), m.end(1))
    if sp is None or not sp.resolved or sp.kind in ("place", "pronoun", "description"):
        return None
    return None, sp, "before", ["quote:words-from"]


@rule("quote:inverted-closes", order=48,
      fires=['Ortiz was known for telling her staff "never waste a crisis" in meetings, said Omar Hill.'],
      not_on=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'])
def _inverted_closes(doc: _Doc, s: _Site) -> _Pick | None:
    """'X was known for telling others “Q” …, said Y': a participle inside what is reported
    yields to the inverted attribution that closes the sentence."""
    i, _ = _event_after(doc, s)
    while i < len(doc.events) and doc.events[i].start < s.ce:
        e = doc.events[i]
        if e.inverted and e.speaker is not None and e.speaker.resolved \
                and doc.text[max(s.ss, e.start - 4):e.start].rstrip().endswith((",", "—", "–")):
            return _by_event(e, "later", "quote:inverted-closes")
        i += 1
    return None


@rule("quote:cue-later", order=50,
      fires=['The "skinny" harbour deal was dead on arrival, a person briefed on the talks said.'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _cue_later(doc: _Doc, s: _Site) -> _Pick | None:
    """A cue later in the same sentence whose speaker follows the quote."""
    if s.q.continued:
        return None
    _, e = _event_after(doc, s)
    if e is None or e.start >= s.ce or e.start < s.q.close or e.speaker is None:
        return None
    return _by_event(e, "later", "quote:cue-later") if e.inverted or e.speaker.start >= s.q.close else None


@rule("quote:same-sentence", order=55,
      fires=['The closures began with directives from Mayor Lena Ortiz to "shut every pier" in the '
             '"long fight against the winter storms".'],
      not_on=['The closures began with a storm, in the "long fight against the winter storms".'])
def _same_sentence(doc: _Doc, s: _Site) -> _Pick | None:
    """A second quote in the sentence of an attributed one, with no cue and nobody named between:
    the same speaker goes on (only spans long enough to be speech: a short one is left to the rules after)."""
    last = s.history[-1] if s.history else None
    if last is None or last[0] < s.ss or s.q.continued or s.nwords < 5 \
            or doc.att.person_between(last[0] + 1, s.q.open):
        return None
    i, ev = _event_before(doc, s)
    if ev is not None and ev.start > last[0]:
        return None
    return None, last[1], "continued", ["quote:same-sentence"]


def _last_resolved_speaker(doc: _Doc, s: _Site, floor: int) -> tuple[int, Speaker] | None:
    i, _ = _event_before(doc, s)
    while i >= 0 and doc.events[i].start >= floor:
        sp = doc.events[i].speaker
        if sp is not None and sp.resolved and doc.events[i].lemma not in _NOT_CONTINUED:
            return doc.events[i].start, sp
        i -= 1
    return None


@rule("quote:continuation", order=60,
      fires=['"We will rebuild the harbour wall," Mayor Lena Ortiz said. "It will take two years."'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _continuation(doc: _Doc, s: _Site) -> _Pick | None:
    """No cue of its own: the last attribution in this or the previous paragraph speaks on."""
    q = s.q
    if not (s.sentence_initial or q.continued or s.nwords >= 8):
        return None
    last = s.history[-1] if s.history else None
    if last is not None and last[0] >= s.ps:
        return None, last[1], "continued", ["quote:continuation"]  # '“A,” X said. “B.”'
    floor = doc.seg.paras[max(0, doc.seg.para_index(q.open) - 1)][0]
    cand = _last_resolved_speaker(doc, s, floor)
    if last is not None and last[0] >= floor and (cand is None or last[0] > cand[0]):
        cand = last
    return (None, cand[1], "continued", ["quote:continuation"]) if cand is not None else None


@rule("quote:source-goes-on", order=70,
      fires=['The port will close at noon, said the Harbour Post. Crews will work through "every single night of the week".'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _source_goes_on(doc: _Doc, s: _Site) -> _Pick | None:
    """A phrase quoted mid-sentence with no cue, after '…, said Politico.' in the same paragraph:
    a summary goes on quoting the source it named (nobody named in between)."""
    if s.q.continued:
        return None
    _, ev = _event_before(doc, s)
    sp = ev.speaker if ev is not None else None
    if ev is None or ev.start < s.ps or sp is None or not sp.resolved or sp.kind not in _SOURCE_KINDS \
            or doc.att.person_between(ev.end, s.q.open):
        return None
    if s.nwords >= 5:
        return None, sp, "continued", ["quote:source-goes-on"]
    if ev.inverted and (sp.kind in ("outlet", "agency") or sp.name.split()[-1] in _MEDIA_WORDS):
        return None, sp, "summary", ["quote:review-roundup"]  # '…, said Top Gear. It is not “heavy or numb”'
    return None


declare("quote:review-roundup", order=75,
        fires=['The new estate car is comfortable, said the Harbour Weekly. Its steering is not "heavy or numb".'],
        not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
        doc="A short phrase quoted after an outlet's inverted attribution is that outlet's.")

#: Attribution rules in order; the first that answers decides.
_ATTRIBUTION: tuple[_AttrRule, ...] = (_cue_introduces, _ascribed, _cue_after, _cue_in_sentence, _colon_intro,
                                       _issued_writing, _words_from, _cue_later, _same_sentence, _continuation,
                                       _source_goes_on)


def _site(doc: _Doc, q: QuoteSpan, history: list[tuple[int, Speaker]]) -> _Site:
    seg, text = doc.seg, doc.text
    ss, _ = seg.sentence_at(q.open)
    _, ce = seg.sentence_at(q.close - 1 if q.close - 1 > q.open else q.open)
    ps, pe = seg.para_of(q.open)
    return _Site(q, ss, ce, ps, pe, _word_count(text, q.start, q.end),
                 text[q.open - 200 if q.open - 200 > ss else ss:q.open].strip(), tuple(history[-1:]))


def _attribute_one(doc: _Doc, s: _Site) -> _Pick:
    for fn in _ATTRIBUTION:
        pick = fn(doc, s)
        if pick is None:
            continue
        ev, _, how, names = pick
        if how == "before" and ev is not None and ev.cue.endswith("ing") and not s.q.continued:
            later = _inverted_closes(doc, s)
            if later is not None:
                return later[0], later[1], later[2], [*names, *later[3]]
        return pick
    return None, None, "", []


def attribute_quotes(text: str, seg: Segments, spans: list[QuoteSpan], att: Attributor) -> list[Attributed]:
    """Each outer candidate with the speaker and cue its first matching attribution rule chose."""
    doc = _Doc(text, seg, att, att.events, [ev.start for ev in att.events])
    results: list[Attributed] = []
    history: list[tuple[int, Speaker]] = []  # (position, speaker) of the quotes attributed so far
    for q in spans:
        if q.depth > 0:
            continue
        if len(results) >= MAX_QUOTES:
            break
        s = _site(doc, q, history)
        ev, speaker, how, names = _attribute_one(doc, s)
        if speaker is not None:
            history.append((q.open, speaker))
        results.append(Attributed(q, speaker, ev, how, names, s.prefix, s.sentence_initial, s.nwords))
    return results


# ---- filters: speech, or a title / name / scare quote? -----------------------------


def _after_naming_word(text: str, a: Attributed, nwords: int) -> bool:
    """'the word “We”', 'so-called “growth”': a naming word right before a short span."""
    before = text[a.span.open - 30 if a.span.open > 30 else 0:a.span.open].split()
    prev = before[-1].lower().strip(",:") if before else ""
    prev2 = before[-2].lower() if len(before) > 1 else ""
    return nwords <= 6 and (prev in NAMING_WORDS or (prev in ("as", "the", "a", "an") and prev2 in NAMING_WORDS))


@rule("quote:not-title", order=82,
      fires=['"Thank You All," Mayor Lena Ortiz said.'],
      not_on=['The band played "Harbour Lights Forever" at the opening.'])
def _spoken_title(inner: str, a: Attributed, nwords: int) -> bool:
    """A Title-Case span is a name ("Takin’ It To the Streets" after "hitting"), unless it opens
    its sentence and a cue follows: '“Thank You All,” she said'."""
    ends_punct = inner.rstrip()[-1:] in ".,!?;…—-" if a.span.end - a.span.start < _MAX_SCAN else True
    return a.how == "after" and ends_punct and nwords >= 3 and a.sentence_initial


#: Nouns of embedded writing before a colon: 'with the caption: “Welcome Jose”'.
_WRITING_NOUNS = words("quotes-writing-nouns")
_LAST_WORD = re.compile(r"([^\W\d_][\w'’-]*)\s*:$")

COLON_WRITING = declare(
    "quote:colon-writing", order=83,
    fires=['Ortiz posted a photo of the pier on Monday with the caption: "Welcome Home Crew".',
           'Mayor Lena Ortiz tweeted: "Harbour Day Is Here".'],
    not_on=['The band played "Harbour Lights Forever" at the opening.'],
    doc="Words in marks after a colon that ends a cue or a noun of writing (caption, message, tweet) are "
        "the cue's speaker's, even in Title Case: embedded writing, not a title.")


def _colon_writing(a: Attributed) -> bool:
    """'… with the caption: “Welcome Jose”', 'tweeted: “…”': a colon introduces someone's writing."""
    if a.how != "before" or not _shown(a.speaker) or a.event is None:
        return False
    m = _LAST_WORD.search(a.prefix)
    return m is not None and (m.group(1).lower() in _WRITING_NOUNS or m.group(1) == a.event.cue)


@rule("quote:short-sentence", order=84,
      fires=['"We will rebuild the harbour wall and the old pier," Mayor Lena Ortiz said. "It is working."'],
      not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'])
def _short_sentence(inner: str, a: Attributed) -> bool | None:
    """A short sentence of its own ("It is working.") right after a quote continues it."""
    if a.how == "continued" and inner.rstrip()[-1:] in ".!?" and inner[:1].isupper():
        return a.prefix == ""
    return None


declare("quote:not-scare", order=86,
        fires=['"We will win," Mayor Lena Ortiz said.'],
        not_on=['The plan was "bold" and the budget "tight" for the small harbour town.'],
        doc="A span of four words or fewer is speech only when someone is said to say it.")
declare("quote:speech-length", order=88,
        fires=['The mayor\'s office said the wall "will be rebuilt within two years" at the latest.'],
        not_on=['"We will win," Mayor Lena Ortiz said.'],
        doc="A span of five words or more, past the naming and title filters, is speech.")


UNATTRIBUTED = declare(
    "quote:unattributed-speech", order=89,
    fires=['Ortiz sent the note at noon.\n\nShe said: "We will rebuild the harbour wall this year."'],
    not_on=['The harbour plan, "a bold gamble for a small and windy town", went ahead on Monday.',
            '"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
    doc="A quote nobody is said to say is listed only where speech is certain (a cue reports it, "
        "or a colon introduces it); scare quotes, titles and fragments with no speaker are not quotes.")


def _shown(sp: Speaker | None) -> bool:
    """A speaker a reader is shown: not none, and not a pronoun we could not tie to anyone."""
    return sp is not None and not (sp.kind == "pronoun" and not sp.resolved)


def keep_reason(text: str, a: Attributed) -> tuple[str, ...] | None:
    """The filter rules that keep ``a`` as speech, or None for a title, name, scare quote, or
    words nobody is said to say."""
    reasons = _speech_reason(text, a)
    if reasons is None or _shown(a.speaker):
        return reasons
    return (*reasons, UNATTRIBUTED) if a.event is not None or a.prefix.endswith(":") else None


def _speech_reason(text: str, a: Attributed) -> tuple[str, ...] | None:
    """The filter rules that keep ``a`` as speech, or None for a title, name or scare quote."""
    q, nwords = a.span, a.nwords
    if _after_naming_word(text, a, nwords):
        return None
    if q.continued:
        return (BLOCK,)
    inner = text[q.start:q.end if q.end < q.start + _MAX_SCAN else q.start + _MAX_SCAN]
    reasons: tuple[str, ...] = ()
    if nwords <= 8 and _title_case(inner):
        if _colon_writing(a):
            reasons = (COLON_WRITING,)
        elif not _spoken_title(inner, a, nwords):
            return None
        else:
            reasons = ("quote:not-title",)
    if nwords > 4:
        return (*reasons, "quote:speech-length")
    short = _short_sentence(inner, a)
    if short is not None:
        return (*reasons, "quote:short-sentence") if short else None
    return (*reasons, "quote:not-scare") if a.speaker is not None and a.how in _ATTRIBUTED_HOWS else None


# ---- quotes ----------------------------------------------------------------------

declare("quote:direct", order=90,
        fires=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
        not_on=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'],
        doc="A quote that opens its clause (after nothing, a colon, a comma or a mark) is direct speech.")
declare("quote:partial", order=91,
        fires=['Mayor Lena Ortiz said the harbour wall needed "urgent and serious repair work soon".'],
        not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
        doc="Words woven into the writer's own sentence are a partial quote.")
NESTED = declare(
    "quote:nested", order=95,
    fires=['"My father told me \'never sell the boat\' and I never did," Omar Hill said.'],
    not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
    doc="Words quoted inside a kept quote belong to it (the outer speaker is the one quoting): "
        "one entry, never a second quote over the same span.")


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """The quotes of an article, and the speakers that supply them (for the sources stage)."""

    quotes: list[Quote]
    speakers: list[Speaker]


def _trace(*parts: list[str] | tuple[str, ...]) -> list[str]:
    """Rule names in order, each once."""
    return list(dict.fromkeys(n for p in parts for n in p))


def _is_direct(text: str, a: Attributed) -> bool:
    prefix = a.prefix
    opens = prefix == "" or prefix.endswith((":", ",")) or prefix[-1:] in _OPEN_MARKS
    return opens and not text[a.span.start:a.span.start + 1].islower()


def _quote(text: str, a: Attributed, keep: tuple[str, ...]) -> Quote:
    q, sp, ev = a.span, a.speaker, a.event
    shown = _shown(sp)
    kind = "direct" if _is_direct(text, a) else "partial"
    # the cue's rules, then the speaker's (cue → speaker → resolve), then the quote's own
    marks = [BLOCK if q.continued else PAIRED, *([DOUBLED] if q.wide else [])]
    why = _trace(getattr(ev, "why", ()), getattr(sp, "why", ()), marks, a.why,
                 keep, [f"quote:{kind}"])
    return Quote(text[q.start:q.end], sp.name if shown else None, sp.role if shown else None,
                 ev.cue if ev else None, kind, q.start, q.end, why)


def _holding_nested(spans: list[QuoteSpan], kept: list[QuoteSpan]) -> set[int]:
    """Indexes into ``kept`` of the quotes that hold a quotation of their own (rule quote:nested)."""
    ostarts = [k.open for k in kept]
    out: set[int] = set()
    for q in spans:
        if q.depth == 0:
            continue
        i = bisect_right(ostarts, q.open) - 1
        if i >= 0 and kept[i].open < q.open < kept[i].close:
            out.add(i)
    return out


def _turn_quote(text: str, t: Turn) -> tuple[QuoteSpan, Quote, Speaker | None]:
    """A transcript turn as a quote (its span, the quote, and its speaker for the sources)."""
    span = QuoteSpan(t.start, t.start, t.end, t.end, True)
    quote = Quote(text[t.start:t.end], t.speaker, t.role, None, "direct", t.start, t.end, [*t.why, "quote:direct"])
    if t.speaker is None or t.label[0] == t.label[1]:
        return span, quote, None
    ls, le = t.label
    return span, quote, Speaker(text[ls:le], t.speaker, t.kind, t.role, ls, le, True, why=list(t.why))


def _outside(spans: list[QuoteSpan], turns: list[Turn]) -> list[QuoteSpan]:
    """The candidates not inside a turn (words quoted in a turn are part of it)."""
    if not turns:
        return spans
    starts = [t.start for t in turns]
    out = []
    for q in spans:
        i = bisect_right(starts, q.open) - 1
        if not (i >= 0 and turns[i].start <= q.open < turns[i].end):
            out.append(q)
    return out


BLOCK_SPEAKER = declare(
    "quote:block-speaker", order=62,
    fires=['"The first part of the speech runs on here without a close.\n\n'
           '"And the second paragraph closes it," Mayor Lena Ortiz said.'],
    not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
    doc="A quotation running over paragraphs is one speaker's: a paragraph with no speaker of its "
        "own takes the speaker of the paragraph that continues it.")


def _block_speakers(found: list[Attributed]) -> None:
    """'“A… ¶ “B…,” she said': the running paragraphs before B take B's speaker (last to first)."""
    for i in range(len(found) - 2, -1, -1):
        a, nxt = found[i], found[i + 1]
        if a.span.continued and a.speaker is None and nxt.speaker is not None and nxt.span.para == a.span.para + 1:
            a.speaker, a.how, a.why = nxt.speaker, "continued", [*a.why, BLOCK_SPEAKER]


def build_quotes(text: str, seg: Segments, spans: list[QuoteSpan], att: Attributor,
                 turns: list[Turn] | tuple[Turn, ...] = ()) -> QuoteResult:
    """The quotes among the candidates ``spans`` (from ``select_quotes``), attributed and filtered,
    and the turns of a transcript (``turns.find_turns``)."""
    found: list[tuple[QuoteSpan, Quote]] = []
    speakers: list[Speaker] = []
    attributed = attribute_quotes(text, seg, _outside(spans, list(turns)), att)
    _block_speakers(attributed)
    for a in attributed:
        keep = keep_reason(text, a)
        if keep is None:
            continue
        found.append((a.span, _quote(text, a, keep)))
        if a.speaker is not None:
            speakers.append(a.speaker)
    for t in turns:
        span, quote, sp = _turn_quote(text, t)
        found.append((span, quote))
        if sp is not None:
            speakers.append(sp)
    found.sort(key=lambda f: f[0].open)
    quotes = [q for _, q in found]
    for i in _holding_nested(spans, [k for k, _ in found]):
        quotes[i].why.append(NESTED)
    return QuoteResult(quotes, speakers)
