"""More figure formats, and more numbers that belong to a name or a code (issue 14, second blind set).

Like ``figure_formats.py`` this runs before the word and digit scans of
``figures.py``: what it finds is longer than what the scans find at the same
place, so it wins when nested figures are dropped. Figures, in order:

1. ``figure:percent-range`` "80% to 90%": one range, not two percentages
2. ``figure:mixed-fraction`` "1-1/2 year", "five-and-a-half points": one and a half, not "1-1" and "2 year"
3. ``figure:half-scale`` "half a million dollars": 500,000, not "half"
4. ``figure:letter-currency`` "N500m", "R20m", "K5,000": an amount after a currency letter,
   only with a scale or a thousands comma (so "N95" or "R2" stay codes)
5. ``figure:age-stated`` "I'm 74", "she is 81,": an age a person states

And spans that hold numbers but no figure: market indexes and lists named with
a number ("S&P 500", "FTSE 100", "Fortune 500"; data file
``figures-index-names.txt``), case and file numbers ("FHC/ABJ/03/095/2018"),
emergency numbers ("911 calls") and ZIP codes after a state code ("CA 90069").

Every pattern runs only when a cheap substring test says it can match: the
extra formats cost almost nothing on text that has none of them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .figure_formats import Found, _trim
from .figure_patterns import CUR_WORD, SCALE_VAL, alt, read_digit_runs
from .lexicon import NUMBER_WORDS
from .lexicon.data import lines, words
from .rules import declare

__all__ = ["scan_more", "DigitCands"]

PERCENT_RANGE = declare("figure:percent-range", order=165, fires=["Patients breathe 80% to 90% pure oxygen."],
                        not_on=["Turnout was 80% in May.", "The share rose from 23% to 35%."],
                        doc="'80% to 90%': one range of percentages.")
MIXED_FRACTION = declare("figure:mixed-fraction", order=36,
                         fires=["The talks ended a near 1-1/2 year dispute.", "He lost by five-and-a-half points."],
                         not_on=["The talks ended a two year dispute."],
                         doc="'1-1/2 year', 'five-and-a-half points': a whole number and a half, one figure.")
HALF_SCALE = declare("figure:half-scale", order=37, fires=["The state spent half a million dollars."],
                     not_on=["Half the staff left."], doc="'half a million dollars': half of a scale word.")
LETTER_CURRENCY = declare("figure:letter-currency", order=125,
                          fires=["The court awarded N500m in damages.", "The deal is worth R20m."],
                          not_on=["Wear an N95 mask.", "Take the R2 bus."],
                          doc="'N500m' (naira), 'R20m' (rand), 'K5,000': a currency letter glued to an amount.")
AGE_STATED = declare("figure:age-stated", order=255, fires=["I'm 74 and was never so scared."],
                     not_on=["I'm 74 percent sure."], doc="'I'm 74': an age a person states.")

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_UNIT = "(?:" + alt(lines("figures-units")) + ")"
_WORD_NUM = "(?i:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_SCALE_WORDS = ("thousand", "million", "billion", "trillion")

#: "from 23% to 35%" is a change from one figure to another, not a range
_FROM = re.compile(r"\bfrom[ \u00a0]$")
_PCT_CAND = re.compile(r"%[ \u00a0](?:to|-|–)[ \u00a0][0-9]")
_PCT_RANGE = re.compile(r"(?<![\w.])(" + _NUMBER + r")%[ \u00a0](?:to|-|–)[ \u00a0](" + _NUMBER + r")%")
_MIXED = re.compile(r"(?<![\w.,/-])(?:(?P<d>[0-9]{1,3})[- ]1/2|(?P<w>" + _WORD_NUM + r")[- ]and[- ]a[- ]half)"
                    r"(?:[- ](?P<u>" + _UNIT + r"|[a-z]{3,}s(?<!ss)))?(?![\w/-])")
_HALF = re.compile(r"(?<![\w-])[Hh]alf an? (?P<s>" + "|".join(_SCALE_WORDS) + r")(?:[ ](?P<c>" + CUR_WORD + r"))?\b")
_LETTER_CUR = re.compile(r"(?<![\w$])(?P<c>" + alt(sorted(lines("figures-letter-currencies"), key=len, reverse=True))
                         + r")(?P<n>" + _NUMBER + r")(?P<s>" + alt(sorted(SCALE_VAL, key=len, reverse=True))
                         + r")?(?![\w])")
#: an age stated: the words before the number, then the number closing a clause ("I'm 74 and …")
_AGE_BEFORE = re.compile(r"(?:\bI['’]m|\bI am|\b[Ss]he['’]s|\b[Hh]e['’]s|\b[Ss]he is|\b[Hh]e is)[ ]$")
_AGE_NUMBER = re.compile(r"[0-9]{1,3}(?=[,.;]|[ ](?:and|but|now|years)\b)")
#: digit-led: a number right after "m ", "s " (I'm, he's, she is, I am)
_AGE_CAND = re.compile(r"[0-9](?<=(?:['’]m|am|is|['’]s)[ ][0-9])")

_INDEX_NAMES = lines("figures-index-names")
_INDEX = re.compile(r"(?<![\w])(?:" + alt(sorted(_INDEX_NAMES, key=len, reverse=True)) + r")(?![0-9])")
_INDEX_BY_NUMBER: dict[str, list[str]] = {}
for _name in _INDEX_NAMES:
    _INDEX_BY_NUMBER.setdefault(_name.rsplit(" ", 1)[1], []).append(_name)
#: digit-led: a number after a space and a letter that ends some index's name ("S&P 500", "Nasdaq 100")
_INDEX_CAND = re.compile(r"[0-9](?<=[" + "".join(sorted({n.rsplit(" ", 1)[0][-1] for n in _INDEX_NAMES}))
                         + r"][ ][0-9])[0-9]*")
_CASE_CAND = re.compile(r"/(?<=[A-Z]/)(?=[A-Z0-9]+/)")  # "/"-led: the engine skips to slashes in C
_CASE_NO = re.compile(r"(?<![\w/])[A-Z]{2,}(?:/[A-Z0-9]+){2,}(?![\w/])")
_EMERGENCY = re.compile(r"(?<![\w.,])(?:911|999|112)[ -](?:calls?|callers?|dispatch\w*|operators?|centers?|centres?"
                        r"|lines?|systems?|services?|emergency)\b")
#: "999" and "112" are counts as often as numbers to call: the emergency number only after "a", "the"…
_EMERGENCY_BEFORE = re.compile(r"\b(?:a|an|the|emergency|via|dial|dialled|dialed|called)[ ]$", re.I)
_STATES = words("figures-postal-states")
#: digit-led (with look-behinds after the first digit) so that the engine skips to digits in C
_ZIP = re.compile(r"[0-9](?<=[A-Z]{2}[ \u00a0][0-9])[0-9]{4}(?:-[0-9]{4})?(?![\w])")
_LETTER_CAND = re.compile(r"[0-9](?<=[NRKh₵¢][0-9])")
#: The four digit-led candidates above (letter currencies, ages, index names, ZIP codes) all
#: start at a digit after one of these, a space or a currency letter (where
#: ``[0-9](?<=[NRKh₵¢ \u00a0][0-9])`` matches): there each pattern is matched (a look-behind
#: reads the text before ``pos``). Such a digit is the first of its run.
_DIGIT_LEADS = "NRKh₵¢ \u00a0"


@dataclass(slots=True)
class _DigitCands:
    """Where each digit-led candidate pattern matches, as its own ``finditer`` gives it."""

    letter: list[re.Match[str]]
    age: list[re.Match[str]]
    index: list[re.Match[str]]
    zip: list[re.Match[str]]


class DigitCands:
    """The four digit-led candidates (``out``), read a run of digits at a time (``read``, see
    ``read_digit_runs``): tried at a run's first digit after one of ``_DIGIT_LEADS``.

    Every candidate starts a run of digits (its look-behind wants a space or a letter
    before it) and none reaches the next space or letter, so the ones ``finditer``
    finds are exactly those matched at the places this scan stops: no overlap to skip."""

    __slots__ = ("text", "out", "_pairs")

    def __init__(self, text: str) -> None:
        self.text = text
        self.out = out = _DigitCands([], [], [], [])
        self._pairs = ((_LETTER_CAND, out.letter), (_AGE_CAND, out.age), (_INDEX_CAND, out.index), (_ZIP, out.zip))

    def read(self, s: int, e: int) -> None:
        text = self.text
        if s and text[s - 1] in _DIGIT_LEADS:  # (a digit inside a run follows a digit)
            for rx, found in self._pairs:
                if (m := rx.match(text, s)) is not None:
                    found.append(m)


def _digit_cands(text: str) -> _DigitCands:
    """The four digit-led candidates of ``text``, read alone."""
    reader = DigitCands(text)
    read_digit_runs(text, reader)
    return reader.out


def _num(s: str) -> int | float | None:
    """A number as written ("2,500", "0.6"); None when it is too long to be a figure (never inf)."""
    v = float(s.replace(",", ""))
    return _trim(v) if math.isfinite(v) and v < 1e18 else None


def _scaled(v: int | float | None, scale: float) -> int | float | None:
    return None if v is None else _trim(v * scale)


def _percent_ranges(text: str) -> list[Found]:
    out = []
    for c in _PCT_CAND.finditer(text):  # "%" leads: the engine skips to it in C
        m = _PCT_RANGE.search(text, max(0, c.start() - 16), c.end() + 16)
        if m is None or _FROM.search(text, max(0, m.start() - 20), m.start()):
            continue
        out.append(Found(m.start(), m.end(), [_num(m.group(1)), _num(m.group(2))], "percent", "range",
                         PERCENT_RANGE))
    return out


def _mixed_fractions(text: str) -> list[Found]:
    if "1/2" not in text and "and-a-half" not in text and "and a half" not in text:
        return []
    out = []
    for m in _MIXED.finditer(text):
        whole = int(m.group("d")) if m.group("d") else NUMBER_WORDS.get(m.group("w").lower())
        if whole is None:
            continue
        unit = m.group("u")
        out.append(Found(m.start(), m.end(), whole + 0.5, unit, "measure" if unit else "count", MIXED_FRACTION))
    return out


def _half_scales(text: str) -> list[Found]:
    if "alf a" not in text:
        return []
    out = []
    for m in _HALF.finditer(text):
        cur = m.group("c")
        value = _trim(SCALE_VAL[m.group("s")] / 2)
        out.append(Found(m.start(), m.end(), value, cur, "money" if cur else "count", HALF_SCALE))
    return out


def _letter_currencies(text: str, cands: list[re.Match[str]]) -> list[Found]:
    out = []
    for c in cands:
        m = next((m for k in (1, 2, 3) if (m := _LETTER_CUR.match(text, max(0, c.start() - k))) is not None), None)
        if m is None or (out and out[-1].start == m.start()):
            continue
        n, scale = m.group("n"), m.group("s")
        if not scale and "," not in n:
            continue  # "N95", "R2": a code, not an amount
        value = _scaled(_num(n), SCALE_VAL[scale] if scale else 1)
        out.append(Found(m.start(), m.end(), value, m.group("c"), "money", LETTER_CURRENCY))
    return out


def _stated_ages(text: str, cands: list[re.Match[str]]) -> list[Found]:
    out = []
    for c in cands:  # a digit after "m " or "s " ("I'm 74", "she's 81")
        pos = c.start()
        m = _AGE_NUMBER.match(text, pos)
        if m is not None and 1 <= int(m.group()) <= 120 and _AGE_BEFORE.search(text, max(0, pos - 8), pos):
            out.append(Found(m.start(), m.end(), int(m.group()), "years old", "age", AGE_STATED))
    return out


def _occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _not_figures(text: str, cands: _DigitCands) -> list[tuple[int, int]]:
    """Spans of index names, case numbers, emergency numbers and ZIP codes."""
    spans: list[tuple[int, int]] = []
    for c in cands.index:  # a number after a letter that can end an index's name
        for name in _INDEX_BY_NUMBER.get(c.group(), ()):
            s = c.end() - len(name)
            if s >= 0 and text.startswith(name, s) and _INDEX.match(text, s):
                spans.append((s, c.end()))
    if _CASE_CAND.search(text):
        spans += [m.span() for m in _CASE_NO.finditer(text)]
    for code in ("911", "999", "112"):
        spans += [m.span() for i in _occurrences(text, code) if (m := _EMERGENCY.match(text, i))
                  and (code == "911" or _EMERGENCY_BEFORE.search(text, max(0, i - 12), i))]
    spans += [m.span() for m in cands.zip if text[m.start() - 3:m.start() - 1] in _STATES]
    return spans


def scan_more(text: str, cands: _DigitCands) -> tuple[list[Found], list[tuple[int, int]]]:
    """Figures of these formats in ``text``, and the spans of numbers that are part of a name or a code
    (``cands``: what a ``DigitCands`` read of ``text`` found)."""
    found = (_percent_ranges(text) + _mixed_fractions(text) + _half_scales(text)
             + _letter_currencies(text, cands.letter) + _stated_ages(text, cands.age))
    return found, _not_figures(text, cands)
