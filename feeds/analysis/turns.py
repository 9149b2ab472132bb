"""Transcripts and Q&A: paragraphs that are turns of speech by a labelled speaker.

An interview or a broadcast transcript marks speech with a label at the start
of a paragraph (``WALLACE: Let's start…``, ``Q: …`` / ``A: …``,
``John Collison: …``), not with quotation marks. Each turn is a quote of the
labelled speaker. A label alone is not enough to tell a turn from a dateline
(``BRUSSELS: The EU…``) or a kicker (``Photo: …``), so a text is read as a
transcript only when its labels recur: some speaker labels two paragraphs or
more (initials count as the name they abbreviate: ``JC`` is ``John Collison``).

Rules, in order:
  ``quote:transcript-turn`` a labelled paragraph of a transcript is its speaker's turn;
  ``quote:interview-answer`` in an interview whose labels name only the interviewer,
  an unlabelled paragraph is the guest's answer; the guest is named by the title
  (``An Interview with X by Y``) or introduced by the interviewer's first turn
  (``X is the founder of …``, ``my guest is X``).
Headings (short lines without a sentence's end) are never turns. Runs once per
article over its paragraphs: linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import HONORIFICS, TITLE_WORDS
from .lexicon.data import words
from .rules import declare
from .segment import Segments

__all__ = ["Turn", "find_turns"]

#: A speaker label opening a paragraph: Q / A, one to three words in capitals, or a two- or
#: three-word name in Title Case; then a colon and the words spoken.
_LABEL = re.compile(
    r"(?P<label>[QA]|[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}|[A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]+){1,2})"
    r":[ \t]+(?=\S)")
#: Labels that introduce something other than speech ("Photo:", "UPDATE:", "Read more:").
_NOT_LABELS = words("quotes-turn-not-labels")
#: 'An Interview with Ben Thompson by John Collison': the guest, then the interviewer.
_NAME = r"([A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3})"
_INTERVIEW = re.compile(r"(?i:interview(?:s|ed)?\s+with)\s+" + _NAME + r"(?:\s+by\s+" + _NAME + r")?")
#: The interviewer's first turn introducing the guest: 'Ben Thompson is the founder…', 'my guest is …'.
_GUEST_NAME = r"([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})"
_INTRODUCED = (re.compile(_GUEST_NAME + r"(?=,?\s+(?:is|was|has)\s)"),
               re.compile(r"\b(?:[Mm]y guest(?: today)? is|[Ww]elcome(?: back)?,?|joined by|[Jj]oining (?:us|me) is)\s+"
                          + _GUEST_NAME + r"\b"))
_SENTENCE_END = re.compile(r"[.!?…”\"’')]\s*$")
_MAX_LABEL_SCAN = 40  # a label is found within the first characters of a paragraph
#: A transcript has a handful of speakers; more distinct labels than this is a list, not a transcript
#: (and keeps the label matching linear on hostile input).
_MAX_LABELS = 24
_MAX_TURNS = 5000  # results stay bounded on pathological input (as quotes.MAX_QUOTES)

_EXAMPLE = ("WALLACE: Let's start with the harbour wall. Will you rebuild it?\n\n"
            "ORTIZ: We will rebuild it this year.\n\nWALLACE: And the pier?\n\nORTIZ: The pier comes next.")
TURN = declare(
    "quote:transcript-turn", order=5, fires=[_EXAMPLE],
    not_on=["BRUSSELS: The European Union agreed on Monday to rebuild the harbour wall.\n\n"
            "Photo: The harbour wall after the storm."],
    doc="In a transcript (speaker labels recur), a paragraph opening with a speaker label is that speaker's turn.")
ANSWER = declare(
    "quote:interview-answer", order=6,
    fires=["An Interview with Lena Ortiz by Omar Hill\n\nOmar Hill: Welcome. Tell us about the harbour.\n\n"
           "The wall comes first, then the pier.\n\nOH: And the budget?\n\nThe budget is tight but fair."],
    not_on=[_EXAMPLE],
    doc="In an interview whose labels name only the interviewer, an unlabelled paragraph is the guest's answer.")


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of speech: the words after the label, to the paragraph's end."""

    start: int
    end: int
    speaker: str | None  # None: a Q/A label nobody is named for (speech still certain)
    label: tuple[int, int]  # where the label is written (the guest's answers: the title's name)
    why: tuple[str, ...]
    kind: str = "person"  # the speaker's kind as a source ("anonymous": an advice column's letter writer)
    role: str | None = None  # what the speaker is here ("letter writer", "advice columnist")


@dataclass(frozen=True, slots=True)
class _Labelled:
    label: str
    lstart: int
    start: int  # the words spoken
    end: int


def _trimmed_end(text: str, lo: int, hi: int) -> int:
    """``hi`` moved back over trailing spaces (never below ``lo``)."""
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _labelled(text: str, seg: Segments) -> list[_Labelled | tuple[int, int]]:
    """Each paragraph: a labelled one, or its (start, end) when it has no label."""
    out: list[_Labelled | tuple[int, int]] = []
    for ps, pe in seg.paras:
        m = _LABEL.match(text, ps, pe if pe < ps + _MAX_LABEL_SCAN else ps + _MAX_LABEL_SCAN)
        if m is None or m.group("label").lower() in _NOT_LABELS:
            out.append((ps, pe))
            continue
        out.append(_Labelled(m.group("label"), ps, m.end(), _trimmed_end(text, m.end(), pe)))
    return out


def _canonical(labels: list[str]) -> dict[str, str]:
    """Each label's speaker key: initials fold into the name they abbreviate (JC → John Collison)."""
    names = [lab for lab in labels if " " in lab and not lab.isupper()]
    out: dict[str, str] = {}
    for lab in labels:
        full = next((n for n in names if lab.isupper() and len(lab) <= 4 and _initials(n) == lab), None)
        out[lab] = full or lab
    return out


def _full_name(text: str, label: str) -> str:
    """WALLACE → 'Chris Wallace' when the text names him in full; else the label in Title Case."""
    if label in ("Q", "A") or not label.isupper():
        return label
    surname = label.title()
    for m in re.finditer(r"\b([A-Z][a-z]+)( [A-Z]\.)? " + re.escape(surname) + r"\b", text):
        if m.group(1) not in TITLE_WORDS and m.group(1) not in HONORIFICS:  # not "President Trump"
            return m.group(0)
    return surname


def _guest(text: str, title: str, first_turn: _Labelled | None) -> tuple[str | None, str | None, tuple[int, int]]:
    """(guest, interviewer, where the guest is named: (0, 0) for the title) of an interview."""
    for src, hi in ((title, len(title)), (text, text.find("\n") % (len(text) + 1))):
        m = _INTERVIEW.search(src, 0, hi)
        if m is not None:
            at = m.start(1) if src is text else text.find(m.group(1))
            return m.group(1), m.group(2), ((at, at + len(m.group(1))) if at >= 0 else (0, 0))
    if first_turn is not None:
        m = _INTRODUCED[0].match(text, first_turn.start, first_turn.end) \
            or _INTRODUCED[1].search(text, first_turn.start, first_turn.end)
        if m is not None and m.group(1) != first_turn.label:
            return m.group(1), None, (m.start(1), m.end(1))
    return None, None, (0, 0)


def find_turns(text: str, seg: Segments, title: str = "") -> list[Turn]:
    """The turns of speech of a transcript, in order; [] when the text is not one.

    ``title`` is the article's title, which often says who is interviewed."""
    paras = _labelled(text, seg)
    labelled = [p for p in paras if isinstance(p, _Labelled)]
    if len(labelled) < 2:
        return []
    distinct = list(dict.fromkeys(p.label for p in labelled))
    if len(distinct) > _MAX_LABELS:
        return []
    key = _canonical(distinct)
    counts = Counter(key[p.label] for p in labelled)
    speakers = {k for k, n in counts.items() if n >= 2}
    if not speakers:
        return []
    names = {k: _full_name(text, k) for k in speakers}
    first = next((p for p in labelled if key[p.label] in names), None)
    guest, host, gwhere = _guest(text, title, first)
    if "Q" in speakers or "A" in speakers:
        names.update({"Q": host, "A": guest})
    hosts = set(names.values())
    only_host = guest is not None and len(hosts) == 1 and guest not in hosts and host in (None, *hosts)
    turns: list[Turn] = []
    started = False
    for p in paras:
        if len(turns) >= _MAX_TURNS:
            break
        if isinstance(p, _Labelled):
            k = key[p.label]
            if k in names:
                started = True
                turns.append(Turn(p.start, p.end, names[k], (p.lstart, p.lstart + len(p.label)), (TURN,)))
            continue
        ps, pe = p
        if started and only_host and guest and _SENTENCE_END.search(text, ps, pe):
            turns.append(Turn(ps, _trimmed_end(text, ps, pe), guest, gwhere, (TURN, ANSWER)))
    return turns
