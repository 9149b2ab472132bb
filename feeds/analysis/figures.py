"""Key figures: numbers that carry information, with kind, value and unit.

Two compiled regexes (built in ``figure_patterns.py``) walk the whole text
once: one for figures in words (``WORDY``), one for figures that start with a
digit or a currency sign (``NUMERIC``). Each names its alternatives with groups, and each group is
handled by one named rule (``feeds.analysis.rules``), tried in this order; the
rules that make a figure, and the unit rule that gave its unit, are its ``why``.

Figures in words (``_WORD_RULES``):

1. ``figure:date`` "March 3, 2021", "May 2019" (month first; "may 5" is no date)
2. ``figure:fiscal-year`` "fiscal 2022" (also "FY2021" below)
3. ``figure:fraction`` "a third of", "two-thirds"; not "a third term"
4. ``figure:out-of`` "seven out of ten voters": one ratio, not two counts
5. ``figure:dozen`` "a dozen", "two dozen"
6. ``figure:once-twice`` "met twice", "amended it once —"; not "she once worked"
7. ``figure:number-word`` "three ships", "two million"; never the pronoun "one"
   ("one of the") nor idioms ("one-on-one") nor part of a name ("the Six-Day
   War", "the Big Ten"); ``figure:word-range`` when it is a range ("two or
   three", "three weeks to five years").

Figures in digits (``_NUMERIC_RULES``), after the guards that make a number
part of a name or a code (``_NOT_A_FIGURE``: "Article 5", "Boeing 737", a
tiebreak "(5)", a title in quotation marks, list numbering "1. "):

1. ``figure:slash`` "9/11" (a month/day) or "3/40" (a ratio)
2. ``figure:fiscal-year`` "FY2021", "FY2020-22"
3. ``figure:money`` "$1.2 billion", "€40m", "US$5-6 billion"
4. ``figure:time`` "8 p.m.", "10:30 GMT"
5. ``figure:day-month`` "5 May 2020"
6. ``figure:age`` "35-year-old"
7. ``figure:percent-split`` "a 55%-45% margin"
8. ``figure:percent`` "4.5%", "3 to 4 percent"
9. ``figure:scaled`` "2 million", "3bn euros"
10. ``figure:currency-word`` "40 dollars"
11. ``figure:range`` "2,000 to 3,000", "between 5 and 7"; two figures where
    "or"/"and" join two numbers that are no range; ``figure:score`` "6-4"
12. ``figure:unit-range`` "3 days to 2 weeks"
13. ``figure:measure`` "12 feet", "5-km"
14. ``figure:decade`` "the 1970s"
15. otherwise a plain number: ``figure:age-after-name`` ("Hill, 35,"),
    ``figure:aged`` ("aged 40"), ``figure:year`` ("in 1962") or ``figure:count``.

Units: ``figure:unit-attached`` (the unit is part of the match: "5 km", "40
dollars", "five days"), ``figure:unit-of`` (a percentage's "of GDP"),
``figure:unit-after`` (the words after a count: "54,000 US troops"),
``figure:unit-modifier`` (a word qualifying the plural noun after it: "47
unforced errors"). A unit is what a figure counts, or nothing:
``figure:unit-not-adjective`` ("four national") and ``figure:unit-not-name``
("221 Baker Street") leave it empty.

Before the scans, ``figure_formats.py`` finds numeric dates and written
fractions (and phone numbers and addresses, which are no figures); after
them, compound measures and durations; last, ``figure_key.py`` marks ``key``.
``figure_more.py`` adds its formats ("80% to 90%", "1-1/2 year", "N500m") and
its numbers that are no figures ("S&P 500", "FHC/ABJ/03/095/2018", "CA 90069") beside them.

Numbers that begin a name used more than once ("404 Media … told 404 Media")
are skipped, and a figure nested inside a longer one ("10" in "July 10,
2019") is dropped. Values are parsed defensively: huge digit runs, 1e309, NaN
or infinity give ``value=None``, never an error. The word lists behind these
patterns (units, currencies, scales, code words, …) are data files
``lexicon/data/figures-*``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.errors import NewsreaderError
from .figure_patterns import (INDIAN_GROUPING, CUR_PRE as _CUR_PRE, CUR_WORD as _CUR_WORD, NUM as _NUM,
                              NUMERIC as _NUMERIC, SCALE_VAL as _SCALE_VAL,
                              WORD_SCAN as _WORD_SCAN, WORDY as _WORDY, alt as _alt, read_digit_runs)
from .figure_formats import DigitFormats, compounds_at, scan_formats
from .figure_more import DigitCands, scan_more
from .figure_names import NumberNames, is_year as _is_year
from .figure_key import mark_key
from .figure_units import unit_words
from .lexicon import MONTHS, NUMBER_WORDS, STOP_CAPS, WEEKDAYS
from .lexicon.data import words
from .model import Figure
from .rules import declare
from .segment import Segments

__all__ = ["build_figures", "MAX_FIGURES"]

MAX_FIGURES = 5000  # results stay bounded on pathological input


_NOT_BEFORE = STOP_CAPS | set(WEEKDAYS) | {m.capitalize() for m in MONTHS} | words("figures-not-before")
_CODE_WORDS = words("figures-code-words")
_STOP_UNIT = words("figures-unit-stop")

_FRACTIONS = (("two-thirds", 2 / 3), ("three-quarters", 0.75), ("third", 1 / 3), ("quarter", 0.25),
              ("half", 0.5), ("fifth", 0.2), ("tenth", 0.1))
_SCALE_END = re.compile(r"(" + "|".join(_SCALE_VAL) + r")$")
_SCALE_WORD = re.compile(r"(" + "|".join(_SCALE_VAL) + r")\b")
_CUR_WORD_END = re.compile(_CUR_WORD + r"$")
_CUR_PRE_RE = re.compile(_CUR_PRE)
_NUM_RE = re.compile(_NUM)
_DASH_RANGE = re.compile(r"[0-9][ \u00a0]?[-–][ \u00a0]?\$?[0-9]")
_PCT_RANGE = re.compile(r"[0-9][ \u00a0]?[-–]")
_RANGE_SEP = re.compile(r"[-–]|to|and|or")
_AMPM_END = re.compile(r"[ap]\.?m\.?$")
_YEAR_END = re.compile(r"([0-9]{4})$")
_FY_RANGE = re.compile(r"[-–/]")
_LIST_MARK = re.compile(r"[.)] ")

#: "once" closing its clause: "amended his account once —", "met only once."
_ONCE_AT_END = re.compile(r"\s*(?:[,.;:!?)]|—|–|\s-\s)")
_ONCE_COUNTED = re.compile(r"\b(?:just|only|scored|won|lost|than|at least|more than|exactly)\s*$")
_AT_FOR = re.compile(r"(?i)\b(?:at|for)\s*$")
#: "had one meeting", "won one game": a count after a verb of having or tallying…
_HAVE_ONE = re.compile(r"\b(?:" + _alt(sorted(words("figures-have-one-verbs"))) + r")\s+$")
#: …followed by the thing counted, not by "of", "another" or an idiom ("one day", "one way")
_ONE_NOUN = re.compile(r"\s+(?!(?:" + _alt(sorted(words("figures-one-not-before"))) + r")(?![\w-]))[a-z][a-z-]*")
_ONE_UNIT = re.compile(r"[ -](?:" + _alt(sorted(words("figures-one-units"))) + r")s?\b")
_ONE_EXACT = re.compile(r"\b(?:only|just|exactly|at least|at most)\s$")
_NO_ONE = re.compile(r"(?:\bthe|\bno)\s$")
_ONE_COMPOUND = ("-state", "-way", "-on-one", "-off", "-time", "-sided")
_HYPHEN_MEASURE = re.compile(r"-(?:year|month|week|day|hour|minute|mile)s?\b")
_SHARE_OF = re.compile(r"\s+of\b")
_SHARE_BEFORE = re.compile(r"\b(?:by|than|about|nearly|almost|roughly|around|over)\s$")
_HALF_AFTER = re.compile(r"\s+(?:of|the|a|an)\b")
_HALF_BEFORE = re.compile(r"\b(?:over|about|nearly|almost|than|just|roughly|around)\s$")
_AGE_COMMA = re.compile(r"[A-Za-z]{2}, $")
_NAME_COMMA = re.compile(r"[A-Z][\w'’-]+, $")
_AGED = re.compile(r"\b(?:aged|age|ages)\s$")
_COUNTED_AFTER_YEAR = re.compile(r"[ \u00a0]+(?:" + _alt(sorted(words("figures-counted-nouns"))) + r")\b")
_CAP_BEFORE = re.compile(r"[a-z][\w'’]*[ ]\b[A-Z][a-z]+[ ]$")
_GROUPED = re.compile(INDIAN_GROUPING)
_WORD_SPLIT = re.compile(r"[ -]+")
_LETTERS = re.compile(r"[A-Za-z]+")

# --- rule names (each with examples run by tests/analysis/test_rules.py) ---------------
DATE = declare("figure:date", order=10, fires=["The talks opened on March 3, 2021 in Oslo.", "Sales fell in May 2019."],
               not_on=["They may 5 more times try."], doc="A month name then a day and/or a year.")
FISCAL = declare("figure:fiscal-year", order=20, fires=["Revenue fell in fiscal 2022.", "FY2021 was a hard year."],
                 not_on=["The fiscal plan was late."], doc="'fiscal 2022', 'FY2021', 'FY2020-22'.")
FRACTION = declare("figure:fraction", order=30, fires=["About a third of voters stayed home.", "Nearly two-thirds agreed."],
                   not_on=["She won a third term."], doc="A share in words; 'a third' only as a share.")
OUT_OF = declare("figure:out-of", order=40, fires=["Seven out of ten voters agreed."],
                 not_on=["Seven voters agreed."], doc="'seven out of ten': one ratio.")
DOZEN = declare("figure:dozen", order=50, fires=["A dozen boats sank near the pier."],
                not_on=["Twelve boats sank near the pier."], doc="'a dozen', 'two dozen', 'half a dozen'.")
ONCE_TWICE = declare("figure:once-twice", order=60, fires=["The panel has met twice.", "He amended it once — in May."],
                     not_on=["She once worked in Lagos."], doc="A count of times; 'once' only as a count.")
NUMBER_WORD = declare("figure:number-word", order=70, fires=["Three ships left port.", "They hired two million workers."],
                      not_on=["One of the ships left port.", "It was a one-on-one talk."],
                      doc="A number in words; never the pronoun 'one' or idioms.")
WORD_RANGE = declare("figure:word-range", order=75, fires=["Two or three ships left port.",
                                                           "Terms run from three weeks to five years."],
                     not_on=["Three ships left port."], doc="Two number words that make one range.")
SLASH = declare("figure:slash", order=110, fires=["The 9/11 attacks changed air travel."],
                not_on=["The attacks changed air travel."], doc="'9/11' (a date) or '3/40' (a ratio).")
MONEY = declare("figure:money", order=120, fires=["The bridge cost $1.2 billion.", "It sold for €40m."],
                not_on=["The bridge cost 1.2 billion."], doc="A currency sign or code before a number.")
TIME = declare("figure:time", order=130, fires=["The polls close at 8 p.m. on Sunday.", "Talks resume at 10:30 GMT."],
               not_on=["The polls close at eight on Sunday."], doc="A clock time.")
DAY_MONTH = declare("figure:day-month", order=140, fires=["Voting ends on 5 May 2020."],
                    not_on=["Voting ends on May 5, 2020."], doc="A day then a month name.")
AGE = declare("figure:age", order=150, fires=["A 35-year-old teacher was hurt."],
              not_on=["A 35-page report was filed."], doc="'35-year-old', 'five years old'.")
PERCENT_SPLIT = declare("figure:percent-split", order=160, fires=["The bill passed by a 55%-45% margin."],
                        not_on=["The bill passed by 55%."], doc="'55%-45%': one split.")
PERCENT = declare("figure:percent", order=170, fires=["Prices rose 4.5% last year.", "Sales fell 12 per cent."],
                  not_on=["Prices rose sharply last year."], doc="A percentage (or a range of them).")
SCALED = declare("figure:scaled", order=180, fires=["The city has 2 million residents.", "They paid 3bn euros."],
                 not_on=["The city has 2,000 residents."], doc="A number with a scale word: 'million', 'bn', 'm'.")
CURRENCY_WORD = declare("figure:currency-word", order=190, fires=["He paid 40 dollars for it."],
                        not_on=["He paid $40 for it."], doc="A number then a currency name.")
RANGE = declare("figure:range", order=200, fires=["Between 2,000 and 3,000 people came.", "It takes 12 to 17 years."],
                not_on=["Some 2,000 people came, and 3,000 left."], doc="Two numbers joined into one range.")
SCORE = declare("figure:score", order=210, fires=["She won the final 6-4."],
                not_on=["She won the final easily."], doc="'6-4', '2-1': a score, with its tiebreak.")
UNIT_RANGE = declare("figure:unit-range", order=220, fires=["The trip takes 3 days to 2 weeks."],
                     not_on=["The trip takes 3 days."], doc="Two numbers with units: '3 days to 2 weeks'.")
MEASURE = declare("figure:measure", order=230, fires=["The wall is 12 feet tall.", "The march lasted five days."],
                  not_on=["The wall is tall."], doc="A number with a unit of measure.")
DECADE = declare("figure:decade", order=240, fires=["Prices soared in the 1970s."],
                 not_on=["Prices soared in 1970."], doc="'the 1970s'.")
AGE_AFTER_NAME = declare("figure:age-after-name", order=250, fires=["Dana Hill, 35, said she would stay."],
                         not_on=["Dana Hill said she would stay."], doc="'Hill, 35,': an age after a name.")
AGED = declare("figure:aged", order=260, fires=["A man aged 40 was arrested."],
               not_on=["A man was arrested."], doc="'aged 40'.")
YEAR = declare("figure:year", order=270, fires=["The dam was built in 1962."],
               not_on=["The dam holds 1962 people."], doc="A four-digit number between 1500 and 2100.")
COUNT = declare("figure:count", order=280, fires=["Police counted 54,000 protesters."],
                not_on=["Police counted the protesters."], doc="Any other number: a count.")
UNIT_ATTACHED = declare("figure:unit-attached", order=300, fires=["The wall is 12 feet tall.", "He paid 40 dollars."],
                        not_on=["Police counted 54,000 protesters."], doc="The unit is part of the figure's text.")
UNIT_OF = declare("figure:unit-of", order=310, fires=["Debt reached 90% of GDP last year."],
                  not_on=["Debt reached 90% last year."], doc="A percentage's unit: 'of GDP'.")
GROUPING = declare("figure:lakh-grouping", order=285, fires=["The town has 12,34,567 people."],
                   not_on=["The town has 1,234,567 people."],
                   doc="Digits grouped in lakhs and crores ('12,34,567'), read as one number.")
UNIT_MODIFIER = declare("figure:unit-modifier", order=330, fires=["The player made 47 unforced errors."],
                        not_on=["The player made 47 errors."],
                        doc="A word qualifying the plural noun after it belongs to the unit: '47 unforced errors'.")
UNIT_NOT_ADJECTIVE = declare("figure:unit-not-adjective", order=340, fires=["The board named four national."],
                             not_on=["The board named four nations."],
                             doc="An adjective alone is no unit: a figure's unit is what it counts, or empty.")
UNIT_NOT_NAME = declare("figure:unit-not-name", order=350, fires=["Police counted 300 Saturday."],
                        not_on=["Japan hosts 54,000 US troops."],
                        doc="Capitalised words after a number are a name ('300 Saturday'), not what it counts.")
UNIT_AFTER = declare("figure:unit-after", order=320, fires=["Japan hosts 54,000 US troops."],
                     not_on=["Japan hosts 54,000 of them."], doc="The words after a count: '54,000 US troops'.")


def _num(s: str) -> int | float | None:
    """Parse '54,000' / '2.5' safely: None for absurdly long or non-finite numbers."""
    s = s.replace(",", "")
    if len(s) > 30:
        return None
    try:
        v = float(s) if "." in s else int(s)
    except ValueError:
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _words_value(text: str) -> int | float | None:
    """'two million three hundred' -> 2000300; None when no number word is there."""
    total = 0
    current = 0
    seen = False
    for w in _WORD_SPLIT.split(text.lower()):
        if w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * int(_SCALE_VAL[w])
            current = 0
        elif w != "and":
            break
    return total + current if seen else None


def _context(text: str, seg: Segments, s: int, e: int) -> str:
    ss, se = seg.sentence_at(s)
    ss = s - 400 if s - 400 > ss else ss  # (conditionals, not max and min: far cheaper calls)
    se = e + 400 if e + 400 < se else se
    sent = text[ss:se].strip()
    if len(sent) <= 160:
        return sent
    rel = s - ss
    a = rel - 70 if rel > 70 else 0
    b = rel + (e - s) + 70
    b = b if b < len(sent) else len(sent)
    return ("…" if a > 0 else "") + sent[a:b].strip() + ("…" if b < len(sent) else "")


_UNIT_OF_AFTER = re.compile(r"[ \u00a0]+(of [\w'’-]+(?: [A-Z][\w'’-]*)?)")
_UNIT_WORDS_AFTER = re.compile(r"[ \u00a0]+([^\s.,;:()]+)(?:[ \u00a0]+([^\s.,;:()]+))?(?:[ \u00a0]+([^\s.,;:()]+))?")


def _unit_after(text: str, e: int, kind: str) -> tuple[str | None, str]:
    """What the figure ending at ``e`` counts, with the unit rule that read it: "of GDP"
    after a percentage, else up to three words that stop at a function word or after
    the first lower-case noun ("54,000 US troops"; "47 unforced errors")."""
    if kind == "percent":
        m = _UNIT_OF_AFTER.match(text[e:e + 60])
        return (m.group(1), UNIT_OF) if m else (None, "")
    m = _UNIT_WORDS_AFTER.match(text[e:e + 80])
    if not m:
        return None, ""
    found, how = unit_words(m.groups(), _STOP_UNIT)
    why = {"modifier": UNIT_MODIFIER, "adjective": UNIT_NOT_ADJECTIVE}.get(how, UNIT_AFTER)
    if found and why == UNIT_AFTER and all(w[0].isupper() and not w.isupper() and not w.endswith("s")
                                           for w in found):
        return None, UNIT_NOT_NAME  # "221 Baker Street": a name, not what is counted
    return (" ".join(found) or None), (why if found or why == UNIT_NOT_ADJECTIVE else "")


def _with_unit(text: str, e: int, kind: str) -> tuple[str | None, tuple[str, ...]]:
    """The unit read after a figure, with the unit rule that read it (or that refused one)."""
    unit, why = _unit_after(text, e, kind)
    return unit, ((why,) if why else ())


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


#: A number of up to four digits not after a word, a dot or a comma, then a capitalised word
#: (the look-behind follows the first digit, so that ``re`` scans for digits in C).
class _Full(NewsreaderError):
    """Raised when the figure cap is reached."""


@dataclass(slots=True)
class _Scan:
    """One walk over a text: what the rules read, and the figures they add."""

    text: str
    seg: Segments
    skip: list[tuple[int, int]]
    para_starts: set[int]
    figs: list[Figure] = field(default_factory=list)
    #: where the last match ended: candidates inside it are not tried again
    last_end: int = -1
    #: end of the last score, so that its tiebreak "(7-4)" or "(5)" is not a figure
    last_score_end: int = -10

    def add(self, s: int, e: int, value, unit: str | None, kind: str, why: tuple[str, ...]) -> None:
        if len(self.figs) >= MAX_FIGURES:
            raise _Full
        fig_text = self.text[s:e]
        if "," in fig_text and _GROUPED.search(fig_text):
            why = (*why, GROUPING)
        self.figs.append(Figure(fig_text, value, unit, kind, _context(self.text, self.seg, s, e), s, e, list(why)))


def build_figures(text: str, seg: Segments, skip: list[tuple[int, int]] | None = None,
                  title: str = "") -> list[Figure]:
    """All key figures of ``text``; ``skip`` holds spans (titles, names in marks) to ignore."""
    formats, cands, names = DigitFormats(text), DigitCands(text), NumberNames(text)
    num_starts = read_digit_runs(text, formats, cands, names)  # (one walk over the digits for all four)
    found, not_figures = scan_formats(text, formats.out)
    more, not_more = scan_more(text, cands.out)
    found, not_figures = found + more, not_figures + not_more
    st = _Scan(text, seg, sorted((skip or []) + names.spans() + not_figures), set(seg.para_starts))
    try:
        for f in found:
            st.add(f.start, f.end, f.value, f.unit, f.kind, (f.rule,))
        _scan_words(st)
        st.last_end = -1
        _scan_numbers(st, num_starts)
        for f in compounds_at(text, [f.start for f in st.figs if f.kind in ("measure", "count")]):
            st.add(f.start, f.end, f.value, f.unit, f.kind, (f.rule, UNIT_ATTACHED) if f.unit else (f.rule,))
    except _Full:
        pass
    figs = sorted(st.figs, key=lambda f: (f.start, -f.end))
    # drop figures nested inside a longer one ("10" inside "July 10, 2019")
    out: list[Figure] = []
    last_end = -1
    for f in figs:
        if f.start < last_end:
            continue
        out.append(f)
        last_end = f.end
    mark_key(out, text, seg, title)
    return out


# --- figures in words ---------------------------------------------------------------------


def _scan_words(st: _Scan) -> None:
    text = st.text
    for c in _WORD_SCAN.finditer(text):
        pos = c.start()
        if pos < st.last_end or (pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_-")):
            continue
        m = None
        if pos >= 2 and text[pos - 2:pos] in ("a ", "A ") and (pos < 3 or not text[pos - 3].isalnum()):
            m = _WORDY.match(text, pos - 2)
        if m is None:
            m = _WORDY.match(text, pos)
        if m is None:
            continue
        st.last_end = m.end()
        if st.skip and _inside(st.skip, m.start()):
            continue
        for got, (_, handle) in zip(m.group(*_WORD_GROUPS), _WORD_RULES):
            if got:
                handle(st, m)
                break


def _w_date(st: _Scan, m: re.Match[str]) -> None:
    """``figure:date``: "March 3, 2021", "May 2019", "--03-03" without a year."""
    y = m.group("dyear") or m.group("myear")
    d = m.group("day")
    if (d and not 1 <= int(d) <= 31) or (d is None and y is None):
        return
    mon = _month_of(m.group())
    val = f"{y}-{mon:02d}-{int(d):02d}" if y and d else f"{y}-{mon:02d}" if y else f"--{mon:02d}-{int(d):02d}"
    st.add(m.start(), m.end(), val, None, "date", (DATE,))


def _w_fiscal(st: _Scan, m: re.Match[str]) -> None:
    """``figure:fiscal-year``: "fiscal 2022", "fiscal year 2022"."""
    st.add(m.start(), m.end(), int(m.group()[-4:]), "fiscal year", "year", (FISCAL, UNIT_ATTACHED))


def _w_fraction(st: _Scan, m: re.Match[str]) -> None:
    """``figure:fraction``: a share in words; "a third"/"half" only where they are a share."""
    text, s, e = st.text, m.start(), m.end()
    g = m.group().lower()
    if g.startswith("a ") and not (_SHARE_OF.match(text[e:e + 4]) or _SHARE_BEFORE.search(text[max(0, s - 10):s])):
        return  # "a third employee", "a fifth term": an ordinal, not a share
    if g == "half" and not (_HALF_AFTER.match(text[e:e + 6]) or _HALF_BEFORE.search(text[max(0, s - 10):s])):
        return
    v = next((val for k, val in _FRACTIONS if k in g), None)
    st.add(s, e, round(v, 4) if v else None, None, "ratio", (FRACTION,))


def _w_out_of(st: _Scan, m: re.Match[str]) -> None:
    """``figure:out-of``: "seven out of ten voters" is one ratio, not two counts."""
    e = m.end()
    unit, why = _with_unit(st.text, e, "ratio")
    st.add(m.start(), e, [_words_value(m.group("o1")), _words_value(m.group("o2"))], unit, "ratio", (OUT_OF, *why))


def _w_dozen(st: _Scan, m: re.Match[str]) -> None:
    """``figure:dozen``: "a dozen" 12, "half a dozen" 6, "two dozen" 24."""
    g = m.group().lower().split()
    mult = 0.5 if g[0] == "half" else (_words_value(g[0]) if len(g) == 2 and g[0] != "a" else 1)
    unit, why = _with_unit(st.text, m.end(), "count")
    st.add(m.start(), m.end(), 12 * mult if isinstance(mult, (int, float)) else None, unit, "count", (DOZEN, *why))


def _w_once_twice(st: _Scan, m: re.Match[str]) -> None:
    """``figure:once-twice``: "once" is a count after "only"/"scored"… or at the end of its
    clause ("amended it once —"); before a verb it means "formerly" ("she once worked")
    or "when" ("once it ends")."""
    text, s, e = st.text, m.start(), m.end()
    g = m.group().lower()
    if g == "once" and not _ONCE_COUNTED.search(text[max(0, s - 20):s]) \
            and not (_ONCE_AT_END.match(text, e) and text[s] == "o" and not _AT_FOR.search(text[max(0, s - 10):s])):
        return
    st.add(s, e, 1 if g == "once" else 2, None, "count", (ONCE_TWICE,))


def _not_a_number_word(text: str, m: re.Match[str]) -> bool:
    """The pronoun "one" ("one of the", "the other one"), "zero", "no one", "one-on-one"."""
    s, e = m.start(), m.end()
    g = m.group().lower()
    w1 = m.group("w1").lower()
    nxt = text[e:e + 12]
    if w1 == "one" and g == "one" and not (
            _ONE_UNIT.match(nxt) or _ONE_EXACT.search(text[max(0, s - 12):s])
            or (_HAVE_ONE.search(text, max(0, s - 12), s) and _ONE_NOUN.match(text, e))):
        return True  # "one" is a figure only with a unit or a count around it
    if g == "zero" or (w1 == "one" and _NO_ONE.search(text[max(0, s - 12):s].lower())):
        return True
    return nxt.startswith(_ONE_COMPOUND) or nxt.startswith("-on-") or _in_name(text, s, e)


def _in_name(text: str, s: int, e: int) -> bool:
    """A number word joined to a capitalised word is part of a name
    ("the Six-Day War"), as is a capitalised one after a capitalised word mid-sentence ("Big Ten")."""
    if text[e:e + 1] == "-" and text[e + 1:e + 2].isupper():
        return True
    return text[s].isupper() and bool(_CAP_BEFORE.search(text, max(0, s - 30), s))


def _word_kind(tail: str, nxt: str, ranged: bool) -> tuple[str, tuple[str, ...]]:
    """Kind of a figure in words from what follows it, with the rules that said so."""
    if ranged:
        return "range", (WORD_RANGE,)
    if "percent" in tail or "per cent" in tail:
        return "percent", (PERCENT,)
    if "old" in tail:
        return "age", (AGE,)
    if tail in ("dollars", "euros", "pounds", "yen"):
        return "money", (CURRENCY_WORD,)
    if tail or _HYPHEN_MEASURE.match(nxt):
        return "measure", (MEASURE,)
    return "count", ()


def _w_number(st: _Scan, m: re.Match[str]) -> None:
    """``figure:number-word``: "three ships", "two million", "two or three", "five days"."""
    text, s, e = st.text, m.start(), m.end()
    if _not_a_number_word(text, m):
        return
    tail = (m.group("wtail") or "").strip(" -").lower()
    whole_range2 = False
    if m.group("wrange2"):
        unit_tail = tail and not ("percent" in tail or "per cent" in tail or "old" in tail
                                  or tail in ("dollars", "euros", "pounds", "yen"))
        if unit_tail and not m.group("wrange"):
            whole_range2 = True
        else:  # "five percent or two weeks": not one range
            e = m.start("wrange2")
            st.last_end = e
    v = _words_value(text[s:e])
    if whole_range2:
        v = [v, _words_value(m.group("w2"))]
    kind, why = _word_kind(tail, text[m.end():m.end() + 12], bool(m.group("wrange")) or whole_range2)
    if tail:
        unit, uwhy = tail, (UNIT_ATTACHED,)
    else:
        unit, uwhy = _with_unit(text, e, kind)
    st.add(s, e, v, unit, kind, (NUMBER_WORD, *why, *uwhy))


_WORD_RULES: tuple[tuple[str, Callable[[_Scan, re.Match[str]], None]], ...] = (
    ("date", _w_date), ("fiscal", _w_fiscal), ("frac", _w_fraction), ("outof", _w_out_of),
    ("dozen", _w_dozen), ("mult", _w_once_twice), ("w", _w_number),
)
_WORD_GROUPS = tuple(group for group, _ in _WORD_RULES)


# --- figures in digits ----------------------------------------------------------------------


def _scan_numbers(st: _Scan, starts) -> None:
    """The figures that begin with a digit or a currency sign, tried where ``NUM_CAND``'s
    candidates start (``starts``, from ``read_digit_runs``)."""
    text = st.text
    for pos in starts:
        if pos < st.last_end:
            continue
        m = _NUMERIC.match(text, pos)
        if m is None or m.end() == pos:
            continue
        st.last_end = m.end()
        _numeric_figure(st, m)


def _numeric_figure(st: _Scan, m: re.Match[str]) -> None:
    """Try the guards, then the numeric rules in order, then a plain number."""
    if m.group("ordinal"):
        return
    for got, (_, handle) in zip(m.group(*_EARLY_GROUPS), _EARLY_RULES):
        if got:
            handle(st, m)
            return
    for guard in _NOT_A_FIGURE:
        if guard(st, m):
            return
    num = m.group("num")
    v = _num(num) if num else None
    for got, (_, handle) in zip(m.group(*_NUMERIC_GROUPS), _NUMERIC_RULES):
        if got:
            handle(st, m, v)
            return
    _plain(st, m.start(), m.end(), num, v)


#: (Read with one ``m.group(*_PLAIN_GROUPS)`` call: a tuple of them all, made in C.)
_PLAIN_GROUPS = ("money", "pct", "pctpair", "range", "dm", "time", "ampm", "yearold", "scaled", "curword", "unit")


def _is_code_number(st: _Scan, m: re.Match[str]) -> bool:
    """Article 5, Boeing 737, Apollo 11: a plain number after a code word or a name."""
    if m.group("num") is None or any(m.group(*_PLAIN_GROUPS)):
        return False
    prev = _prev_word(st.text, m.start())
    if not prev or prev.endswith(("'s", "’s", "s'", "s’")):
        return False
    return prev.lower() in _CODE_WORDS or (prev[0].isupper() and prev not in _NOT_BEFORE
                                           and not prev.isupper() and prev.lower().rstrip(".") not in MONTHS)


def _is_tiebreak(st: _Scan, m: re.Match[str]) -> bool:
    """A tiebreak "(5)" belongs to the set score just before it."""
    s, e = m.span()
    return (m.group("num") is not None and not any(m.group(*_PLAIN_GROUPS))
            and st.text[s - 1:s] == "(" and st.text[e:e + 1] == ")" and s - st.last_score_end <= 3)


def _in_skipped_span(st: _Scan, m: re.Match[str]) -> bool:
    """A number in a title or nickname in quotation marks."""
    return bool(st.skip) and _inside(st.skip, m.start())


def _is_list_number(st: _Scan, m: re.Match[str]) -> bool:
    """List numbering: "1. " or "2) " starting a paragraph."""
    e = m.end()
    return m.group("num") is not None and m.start() in st.para_starts and bool(_LIST_MARK.match(st.text, e, e + 2))


_NOT_A_FIGURE = (_is_code_number, _is_tiebreak, _in_skipped_span, _is_list_number)


def _n_slash(st: _Scan, m: re.Match[str]) -> None:
    a, b = (int(x) for x in m.group("slash").split("/"))
    if 1 <= a <= 12 and 1 <= b <= 31:
        st.add(m.start(), m.end(), f"--{a:02d}-{b:02d}", None, "date", (SLASH,))
    else:
        st.add(m.start(), m.end(), [a, b], None, "ratio", (SLASH,))


def _n_fiscal(st: _Scan, m: re.Match[str]) -> None:
    st.add(m.start(), m.end(), m.group(), "fiscal year", "range" if _FY_RANGE.search(m.group()) else "year",
           (FISCAL, UNIT_ATTACHED))


_EARLY_RULES: tuple[tuple[str, Callable[[_Scan, re.Match[str]], None]], ...] = (
    ("slash", _n_slash), ("fy", _n_fiscal),
)


def _n_money(st: _Scan, m: re.Match[str], _v) -> None:
    g = m.group()
    mm = _NUM_RE.search(g)
    v = _num(mm.group()) if mm else None
    sc = _SCALE_END.search(g.strip())
    if v is not None and sc:
        v = _scaled(v, _SCALE_VAL[sc.group(1)])
    cur = _CUR_PRE_RE.match(g)
    kind = "range" if _DASH_RANGE.search(g) else "money"
    unit = cur.group().strip() if cur else None
    st.add(m.start(), m.end(), v, unit, kind, (MONEY, UNIT_ATTACHED) if unit else (MONEY,))


def _n_time(st: _Scan, m: re.Match[str], _v) -> None:
    if m.group("gmt") and len(m.group("num")) != 4:
        return
    st.add(m.start(), m.end(), m.group(), None, "time", (TIME,))


def _n_day_month(st: _Scan, m: re.Match[str], _v) -> None:
    num = m.group("num")
    d = int(num) if num.isdigit() and len(num) <= 2 else 0
    if not 1 <= d <= 31:
        return
    g = m.group()
    ym = _YEAR_END.search(g)
    mon = _month_of(g.split()[-2] if ym else g.split()[-1]) or _month_of(g)
    st.add(m.start(), m.end(), f"{ym.group(1)}-{mon:02d}-{d:02d}" if ym else f"--{mon:02d}-{d:02d}", None, "date",
           (DAY_MONTH,))


def _n_age(st: _Scan, m: re.Match[str], v) -> None:
    st.add(m.start(), m.end(), v, "years old", "age", (AGE, UNIT_ATTACHED))


def _n_percent_split(st: _Scan, m: re.Match[str], v) -> None:
    """"by a 55%-45% margin": one split, not two percentages."""
    unit, why = _with_unit(st.text, m.end(), "ratio")
    st.add(m.start(), m.end(), [v, _num(_NUM_RE.search(m.group("pctpair")).group())], unit, "ratio",
           (PERCENT_SPLIT, *why))


def _n_percent(st: _Scan, m: re.Match[str], v) -> None:
    unit, why = _with_unit(st.text, m.end(), "percent")
    st.add(m.start(), m.end(), v, unit, "range" if _PCT_RANGE.search(m.group()) else "percent", (PERCENT, *why))


def _n_scaled(st: _Scan, m: re.Match[str], v) -> None:
    g = m.group()
    sc = _SCALE_WORD.search(g, len(m.group("num")))
    val = _scaled(v, _SCALE_VAL[sc.group(1)]) if (v is not None and sc) else v
    if _CUR_WORD_END.search(g):
        st.add(m.start(), m.end(), val, g.split()[-1], "money", (SCALED, UNIT_ATTACHED))
    else:
        unit, why = _with_unit(st.text, m.end(), "count")
        st.add(m.start(), m.end(), val, unit, "count", (SCALED, *why))


def _n_currency_word(st: _Scan, m: re.Match[str], v) -> None:
    st.add(m.start(), m.end(), v, m.group("curword").strip(), "money", (CURRENCY_WORD, UNIT_ATTACHED))


def _n_range(st: _Scan, m: re.Match[str], v) -> None:
    """Two numbers joined by "-", "to", "and" or "or": a range, a score, a time, or two figures."""
    s, e = m.span()
    num, n2 = m.group("num"), m.group("num2")
    v2 = _num(n2)
    sep = _RANGE_SEP.search(m.group("range")).group()
    tail = m.group()[m.start("num2") - s + len(n2):].strip(" -")
    if sep == "or" and not (v is not None and v2 is not None and v < v2 <= 2 * v + 10):
        _two_figures(st, s, num, v)  # "9 or 10", "3 or 4 pm" are one guess; "5 or 500" are two figures
        return
    if sep == "or" and _AMPM_END.search(m.group()):
        st.add(s, e, m.group(), None, "time", (TIME,))
        return
    if sep in "-–" and not tail and _small_whole(num, n2, v, v2):
        _score(st, s, e, num, n2)
        return
    if sep == "and" and "between" not in st.text[max(0, s - 9):s].lower() \
            and not (_is_year(num) and _is_year(n2) and not tail):
        _two_figures(st, s, num, v)  # "2,000 and 3,000" without "between" ("2031 and 2032" are one span)
        return
    st.add(s, e, [v, v2], tail or None, "range", (RANGE, UNIT_ATTACHED) if tail else (RANGE,))


def _small_whole(num: str, n2: str, v, v2) -> bool:
    """Both numbers whole and under 100, as the two sides of a score are."""
    return (v is not None and v2 is not None and v < 100 and v2 < 100 and "." not in num + n2
            and num.isdigit() and n2.isdigit())


def _two_figures(st: _Scan, s: int, num: str, v) -> None:
    """The first of two numbers that make no range: a figure alone; the second is scanned next."""
    _plain(st, s, s + len(num), num, v)
    st.last_end = s + len(num)


def _score(st: _Scan, s: int, e: int, num: str, n2: str) -> None:
    """``figure:score``: 6-4, 2-1; a tiebreak "(7-4)" right after a score is part of it."""
    if st.text[s - 1:s] == "(" and s - st.last_score_end <= 3:
        return
    st.add(s, e, f"{num}-{n2}", None, "score", (SCORE,))
    st.last_score_end = e


def _n_unit_range(st: _Scan, m: re.Match[str], v) -> None:
    n2 = _NUM_RE.search(m.group("urange"))
    st.add(m.start(), m.end(), [v, _num(n2.group()) if n2 else None], m.group("urange").split()[-1].strip(" -"),
           "range", (UNIT_RANGE, UNIT_ATTACHED))


def _n_measure(st: _Scan, m: re.Match[str], v) -> None:
    st.add(m.start(), m.end(), v, m.group("unit").strip(" -"), "measure", (MEASURE, UNIT_ATTACHED))


def _n_decade(st: _Scan, m: re.Match[str], v) -> None:
    st.add(m.start(), m.end(), v, "decade", "year", (DECADE,))


_NUMERIC_RULES: tuple[tuple[str, Callable[[_Scan, re.Match[str], int | float | None], None]], ...] = (
    ("money", _n_money), ("time", _n_time), ("ampm", _n_time), ("gmt", _n_time), ("dm", _n_day_month),
    ("yearold", _n_age), ("pctpair", _n_percent_split), ("pct", _n_percent), ("scaled", _n_scaled),
    ("curword", _n_currency_word), ("range", _n_range), ("urange", _n_unit_range), ("unit", _n_measure),
    ("decade", _n_decade),
)
#: The rules' groups, read by one ``m.group(*groups)`` call each (a tuple made in C, not a call per rule).
_EARLY_GROUPS = tuple(group for group, _ in _EARLY_RULES)
_NUMERIC_GROUPS = tuple(group for group, _ in _NUMERIC_RULES)


def _plain(st: _Scan, s: int, e: int, num: str, v) -> None:
    """A number with nothing attached: an age ("Parise, 35," / "aged 40"), a year, or a count."""
    text = st.text
    if (text[e:e + 2] == ", " and _AGE_COMMA.search(text[s - 4 if s > 4 else 0:s]) and v is not None and 1 <= v <= 120
            and num.isdigit() and _NAME_COMMA.search(text[s - 40 if s > 40 else 0:s])):
        st.add(s, e, v, "years old", "age", (AGE_AFTER_NAME,))
    elif _AGED.search(text[s - 6 if s > 6 else 0:s]):
        st.add(s, e, v, "years old", "age", (AGED,))
    elif _is_year(num) and not _COUNTED_AFTER_YEAR.match(text[e:e + 12]):
        st.add(s, e, v, None, "year", (YEAR,))
    else:
        unit, why = _with_unit(text, e, "count")
        st.add(s, e, v, unit, "count", (COUNT, *why))


def _scaled(v, k: float):
    """``v * k`` as an int when whole, None when it overflows."""
    try:
        r = v * k
    except OverflowError:
        return None
    if isinstance(r, float):
        if not math.isfinite(r):
            return None
        if r.is_integer() and abs(r) < 1e18:
            return int(r)
    return r


def _month_of(s: str) -> int:
    m = _LETTERS.search(s)
    if not m:
        return 0
    w = m.group().lower()
    return MONTHS.get(w) or MONTHS.get(w[:4]) or MONTHS.get(w[:3]) or 0


def _prev_word(text: str, s: int) -> str | None:
    j = s - 1
    if j < 0 or text[j] not in " \u00a0":
        return None
    k = j
    while k > 0 and k > s - 30 and not text[k - 1].isspace():
        k -= 1
    w = text[k:j]
    return w if w and (w[-1].isalpha() or w[-1] == ".") else None
