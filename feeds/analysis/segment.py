"""Text segmentation: paragraphs, sentences, and quotation-mark pairing.

Everything here runs once per article, over the whole text, with compiled
regexes and bounded state, so time stays linear in the input however hostile
it is (100k unmatched marks, megabyte paragraphs, deep nesting).

In order:
1. paragraphs: a line break ends one (blank lines, list items, subheads);
2. sentences: ``. ! ?`` (and closing marks) before a space and a capital, a
   digit or an opening mark end one, except after an abbreviation
   (``_ABBREV``), an initial (``S. Martins``), a dotted short form (``U.S.``)
   or a one-letter brand's bang (``Q! Daily``); each sentence's end is
   found here once;
3. quotation marks, paragraph by paragraph (``pair_quotes``), each mark tried as:
   ``seg:doubled-marks`` two apostrophes and two backticks are one double mark
   each (plain-text archives and typesetting: a pair of backticks opens, a pair of
   apostrophes closes, "It works," she said); two single closing marks typed for one double (``_doubled_single``); an
   apostrophe inside a word (skipped); a closer of the nearest opener that
   accepts it (``_close``); an opener (``_opens``); at a paragraph's end, a
   double opener left open runs on when the next paragraph opens with a mark
   (``_runs_on``, a block quotation).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import abbreviations
from .rules import declare

__all__ = ["Segments", "QuoteSpan", "segment", "pair_quotes"]

# Paragraphs are separated by a blank line; a lone line break (list items,
# subheads) is a boundary too.
_PARA_RE = re.compile(r"[^\n]+")

# Abbreviations whose period does not end a sentence (the one list: lexicon/data/abbreviations.txt).
_ABBREV_SET = frozenset(abbreviations("sentence"))
# A sentence ends at . ! ? (plus closing marks/brackets) followed by space and an
# opening mark, a capital or a digit; the word before a period is then checked
# against the abbreviations and initials ("S. Martins") in Python.
# ("[.!?][.!?]*" is "[.!?]+" led by a character class, which ``re`` skips to in C; a pattern
# led by a repeat is tried at every position, three times the work.)
_SENT_END = re.compile(r"([.!?][.!?]*)[\"'”’»)\]]*[ \t]+(?=(?:``|''|[\"“‘'«(\[])?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"[\w.]*$")


def _is_sentence_end(text: str, m: re.Match) -> bool:
    if m.group(1) == "!" and m.start(1) >= 1 and text[m.start(1) - 1].isupper() \
            and (m.start(1) < 2 or not text[m.start(1) - 2].isalnum()) and text[m.end(1):m.end(1) + 1] == " ":
        return False  # a one-letter brand with its bang ("Q! Daily", "Z! Radio") ends nothing
    if m.group(1) != ".":
        return True
    p = m.start(1)
    w = _WORD_BEFORE.search(text, p - 12, p).group()
    if not w:
        return True
    if w in _ABBREV_SET or (len(w) == 1 and w.isupper()):
        return False
    if "." in w and len(w) <= 5 and w.replace(".", "").isalpha():
        return False  # U.S, a.m, D.C
    return True


QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›「」『』"
#: Two apostrophes or two backticks typed for one double mark (checked before the single marks).
_TWO_CHAR = {"''": '"', "``": "“"}
#: ("''|``|[…]" spelled with one literal per branch, "''?" first: ``re`` then skips in C to the
#: next mark; a branch led by a class makes it try every position, twice the work.)
_MARK_RE = re.compile("''?|``|" + "|".join(re.escape(c) for c in QUOTE_MARKS if c != "'"))

DOUBLED = declare(
    "seg:doubled-marks", order=30,
    fires=["''We will rebuild the harbour wall this year,'' Mayor Lena Ortiz said.",
           "``We will rebuild the harbour wall this year,'' Mayor Lena Ortiz said."],
    not_on=['"We will rebuild the harbour wall this year," Mayor Lena Ortiz said.'],
    doc="Two apostrophes or two backticks are one double quotation mark: one quote, not two.")

# opener -> closers it accepts
_CLOSERS = {
    "“": "”“\"", "„": "“”", "‟": "”", "«": "»", "‹": "›", "「": "」", "『": "』",
    '"': '"”', "‘": "’", "‚": "‘’", "'": "'’", "``": '"”', "''": '"”',
}
_DOUBLE = set('"“”„‟«»「」『』') | set(_TWO_CHAR)
_MAX_DEPTH = 16


@dataclass(slots=True)
class QuoteSpan:
    """One pair of marks: ``open`` is the mark's offset, ``start:end`` the inside."""

    open: int
    start: int
    end: int
    close: int  # offset just past the closing mark (== end when the paragraph runs on)
    double: bool
    continued: bool = False  # opened without closing: runs on into the next paragraph
    depth: int = 0  # 0 outermost, 1 nested, ...
    para: int = 0
    wide: bool = False  # its marks are two characters each ('' or ``): rule seg:doubled-marks


class Segments:
    """Paragraph and sentence boundaries of a text, with O(log n) look-ups.

    Each sentence's end (the next sentence's start, never past its paragraph)
    is found once here: the attribution rules ask for sentence bounds thousands
    of times per article.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.paras: list[tuple[int, int]] = [(m.start(), m.end()) for m in _PARA_RE.finditer(text)]
        self.para_starts = [p[0] for p in self.paras]
        starts: list[int] = []
        ends: list[int] = []
        for ps, pe in self.paras:
            starts.append(ps)
            for m in _SENT_END.finditer(text, ps, pe):
                if _is_sentence_end(text, m):
                    ends.append(m.end())
                    starts.append(m.end())
            ends.append(pe)
        self.sent_starts = starts
        self._sent_ends = ends

    def para_index(self, pos: int) -> int:
        i = bisect_right(self.para_starts, pos) - 1
        return i if i > 0 else 0

    def para_of(self, pos: int) -> tuple[int, int]:
        if not self.paras:
            return (0, len(self.text))
        return self.paras[self.para_index(pos)]

    def sent_index(self, pos: int) -> int:
        i = bisect_right(self.sent_starts, pos) - 1
        return i if i > 0 else 0

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """(start, end) of sentence ``i``; the end never crosses its paragraph."""
        if not self.sent_starts:
            return (0, len(self.text))
        last = len(self.sent_starts) - 1
        i = last if i > last else i if i > 0 else 0
        return self.sent_starts[i], self._sent_ends[i]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """``sentence_bounds(sent_index(pos))`` in one call (asked for thousands of times per
        article): the index is in range, as ``bisect_right`` is at most the number of starts."""
        starts = self.sent_starts
        if not starts:
            return (0, len(self.text))
        i = bisect_right(starts, pos) - 1
        if i < 0:
            i = 0
        return starts[i], self._sent_ends[i]


def segment(text: str) -> Segments:
    return Segments(text)


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opening_context(prev: str) -> bool:
    return _is_space(prev) or prev in "([{—–-/:\"“‘'«‹„" or prev == "\u00a0"


def _doubled_single(text: str, stack: list[tuple[str, int]], c: str, p: int, prev: str, nxt: str,
                    pi: int, out: list[QuoteSpan]) -> bool:
    """“…’’ / "…'': two single marks typed for one closing double mark close the nearest double opener."""
    if not (c in "’'" and nxt == c and stack and not (prev.isalnum() and text[p + 2:p + 3].isalnum())):
        return False
    k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] in ('“', '"', '„', *_TWO_CHAR)), -1)
    if k < 0:
        return False
    op, opos = stack[k]
    out.append(QuoteSpan(opos, opos + len(op), p, p + 2, True, False, k, pi, len(op) == 2))
    del stack[k:]
    return True


def _close(stack: list[tuple[str, int]], c: str, p: int, prev: str, nxt: str, pi: int,
           out: list[QuoteSpan], tok: str) -> bool:
    """Close the nearest opener that accepts ``c`` (dropping unbalanced openers above it);
    ``tok`` is the mark as typed (``c`` itself, or two apostrophes read as ``"``)."""
    if not stack or (c in '"\'' and _opening_context(prev) and not _is_space(nxt) and stack[-1][0] not in (c, tok)):
        return False  # a straight mark before a word, after a space: it opens
    for k in range(len(stack) - 1, -1, -1):
        op, opos = stack[k]
        if c in _CLOSERS.get(op, ""):
            if c in "’'" and nxt.isalpha():
                return False  # ’s, ’re: an apostrophe, keep looking
            wide = len(op) == 2 or len(tok) == 2
            out.append(QuoteSpan(opos, opos + len(op), p, p + len(tok), op in _DOUBLE, False, k, pi, wide))
            del stack[k:]
            return True
    return False


def _opens(text: str, stack: list[tuple[str, int]], c: str, p: int, prev: str, nxt: str, pe: int) -> bool:
    """Can ``c`` open a quotation? (a double mark set off by a stray space before a capitalised
    word opens too: '" The course…', '“ I love…'; an apostrophe after a letter never does)."""
    if c not in _CLOSERS:
        return False
    if _is_space(nxt) and not (c in '"“«„' and not stack and _opening_context(prev) and nxt == " "
                               and p + 2 < pe and text[p + 2].isupper()):
        return False
    if c in "'’‘" and prev and prev.isalnum():
        return False  # apostrophe
    return not (c in "\"'" and not _opening_context(prev))


def _pair_paragraph(text: str, ps: int, pe: int, pi: int, out: list[QuoteSpan]) -> list[tuple[str, int]]:
    """Pair the marks of one paragraph into ``out``; returns the openers left unclosed."""
    n = len(text)
    stack: list[tuple[str, int]] = []
    skip = -1
    for m in _MARK_RE.finditer(text, ps, pe):
        tok = m.group()
        c = _TWO_CHAR.get(tok, tok)  # two apostrophes read as ", two backticks as “
        p = m.start()
        if p == skip:
            continue
        prev = text[p - 1] if p > ps else ""
        nxt = text[m.end()] if m.end() < n else ""
        if _doubled_single(text, stack, c, p, prev, nxt, pi, out):
            skip = p + 1
            continue
        if tok in ("’", "'", "''") and prev and nxt and prev.isalnum() and nxt.isalnum():
            continue  # apostrophe inside a word (don't, Keller’s, rock''n''roll) never closes
        if _close(stack, c, p, prev, nxt, pi, out, tok):
            continue
        if _opens(text, stack, c, p, prev, nxt, pe) and len(stack) < _MAX_DEPTH:
            stack.append((tok, p))
    return stack


def _runs_on(text: str, stack: list[tuple[str, int]], ps: int, pe: int, pi: int, next_start: int | None,
             carried: bool) -> QuoteSpan | None:
    """The first unclosed double opener runs on when the next paragraph opens with a mark; and the
    last paragraph of a running quotation (``carried``: the one before ran on into it), opened at
    its start, is part of it even when its closing mark is missing (an embed cut it off)."""
    op, opos = next(((o, q) for o, q in stack if o in _DOUBLE), stack[0])
    if op not in _DOUBLE:
        return None
    next_opens = next_start is not None and next_start < len(text) and text[next_start] in "\"“„«‹'‘`"
    if not next_opens and not (carried and opos == ps):
        return None
    end = pe
    while end > opos + 1 and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(opos, opos + len(op), end, end, True, True, 0, pi, len(op) == 2)


def pair_quotes(text: str, seg: Segments) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph.

    A small stack per paragraph: a closing mark pops the nearest opener that
    accepts it (dropping unbalanced openers above it); apostrophes (’ ' inside
    or after a word) close only when a single-mark opener is waiting. An opener
    still unclosed at the end of a paragraph is a multi-paragraph quotation when
    the next paragraph opens with a mark, and is dropped otherwise. The stack is
    capped, so pathological nesting costs constant memory.
    """
    out: list[QuoteSpan] = []
    paras = seg.paras
    carried = False
    for pi, (ps, pe) in enumerate(paras):
        stack = _pair_paragraph(text, ps, pe, pi, out)
        run = _runs_on(text, stack, ps, pe, pi, paras[pi + 1][0] if pi + 1 < len(paras) else None,
                       carried) if stack else None
        if run is not None:
            out.append(run)
        carried = run is not None
    out.sort(key=lambda q: (q.start, -q.end))
    return out
