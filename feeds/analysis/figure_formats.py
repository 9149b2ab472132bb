"""Figure formats the two main patterns miss, and numbers that are no figures.

These run before the word and digit scans of ``figures.py``. A figure found
here is longer than what the scans find at the same place ("02/22/2016" rather
than "02", "22" and "2016"), so it wins when nested figures are dropped. In
order:

1. ``figure:numeric-date`` "02/22/2016", "2015-08-12", "13.5.2015",
   "16. Nov. 2016": a date in digits, normalised to ISO ("2016-02-22"); a
   slash date is month first unless its first number cannot be a month
2. ``figure:composite-measure`` "5 feet 2 inches", "3 stone 4 pounds": one
   measure, given in its smaller unit (62 inches)
3. ``figure:duration`` "2 years 1 month", "two hours and 41 minutes": one
   duration, normalised to ISO 8601 ("P2Y1M", "PT2H41M")
4. ``figure:written-fraction`` "one and a half million" (1,500,000), "three
   quarters of" (0.75)

Compounds are tried only where the scans found a measure or a count (``compounds_at``),
dates only where a digit run meets "-", "/" or ".", fractions only when their
words are in the text: the extra formats cost almost nothing.

And spans that hold numbers but no figure (the second list ``scan_formats`` returns): phone numbers
("555-123-4567") and street addresses ("221 Baker Street"; the street words
are the data file ``figures-street-words.txt``). Version numbers ("version
3.2", "iOS 17.2") are already no figures (the code-word guard of ``figures.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .figure_patterns import CUR_WORD, read_digit_runs
from .wordscan import WordScan
from .lexicon import MONTHS, NUMBER_WORDS
from .lexicon.data import words
from .rules import declare

__all__ = ["scan_formats", "compounds_at", "Found", "DigitFormats"]

NUMERIC_DATE = declare("figure:numeric-date", order=105,
                       fires=["The vote was on 02/22/2016 in Iowa.", "The deal closed 2015-08-12 after talks.",
                              "It opened on 13.5.2015 in Bonn.", "It opened on 16. Nov. 2016 in Bonn."],
                       not_on=["Update to version 3.2.1 today.", "The score was 6-4 at the break."],
                       doc="A date in digits: '02/22/2016', '2015-08-12', '13.5.2015', '16. Nov. 2016'.")
COMPOSITE = declare("figure:composite-measure", order=232, fires=["He is 5 feet 2 inches tall."],
                    not_on=["He is 5 feet tall."], doc="'5 feet 2 inches': one measure in its smaller unit.")
DURATION = declare("figure:duration", order=234,
                   fires=["She served 2 years 1 month in jail.", "It lasted two hours and 41 minutes."],
                   not_on=["She served 2 years in jail."], doc="'2 years 1 month': one duration, ISO 8601.")
WRITTEN_FRACTION = declare("figure:written-fraction", order=35,
                           fires=["The fund holds one and a half million dollars.",
                                  "Three quarters of the staff left."],
                           not_on=["The fund holds a million dollars."],
                           doc="'one and a half million', 'three quarters of': a fraction in words.")


@dataclass(frozen=True, slots=True)
class Found:
    """A figure found here, for ``figures.py`` to add."""

    start: int
    end: int
    value: int | float | str | None
    unit: str | None
    kind: str
    rule: str


_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_WORD_NUM = r"(?i:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?:-(?i:" + "|".join(
    w for w in NUMBER_WORDS if NUMBER_WORDS[w] < 10) + r"))?"
_AMOUNT = r"(?:[0-9]+(?:\.[0-9]+)?|" + _WORD_NUM + r")"

DATE_RE = re.compile(
    r"(?<![\w./-])(?:(?P<ymd>[0-9]{4})-(?P<ymd_m>[0-9]{2})-(?P<ymd_d>[0-9]{2})"
    r"|(?P<sl_a>[0-9]{1,2})/(?P<sl_b>[0-9]{1,2})/(?P<sl_y>[0-9]{4}|[0-9]{2})"
    r"|(?P<dot_d>[0-9]{1,2})\.(?P<dot_m>[0-9]{1,2})\.(?P<dot_y>[0-9]{4})"
    r"|(?P<dm_d>[0-9]{1,2})\.[ \u00a0](?P<dm_m>" + _MONTH + r")\.?[ \u00a0](?P<dm_y>[0-9]{4}))"
    r"(?![\w/-]|\.[0-9])")

#: Ladders of units, largest first, with the ISO letter (durations) or the size in the smallest unit.
_TIME = (("years", "Y", r"years?"), ("months", "M", r"months?"), ("weeks", "W", r"weeks?"), ("days", "D", r"days?"),
         ("hours", "H", r"hours?|hrs?"), ("minutes", "M", r"minutes?|mins?"), ("seconds", "S", r"seconds?|secs?"))
_HOURS = 4  # rungs from here down are time of day: ISO writes them after a "T"
_LADDERS: tuple[tuple[tuple[str, float, str], ...], ...] = (
    (("feet", 12, r"feet|foot|ft"), ("inches", 1, r"inches|inch|in")),
    (("stone", 224, r"stone|st"), ("pounds", 16, r"pounds?|lbs?"), ("ounces", 1, r"ounces?|oz")),
    (("metres", 100, r"metres?|meters?|m"), ("centimetres", 1, r"centimetres?|centimeters?|cm")),
    (("kilograms", 1000, r"kilograms?|kg"), ("grams", 1, r"grams?|g")),
)
_ALL_UNITS = [u for _, _, u in _TIME] + [u for ladder in _LADDERS for _, _, u in ladder]
_PART = r"(?:" + _AMOUNT + r")[ \u00a0](?:" + "|".join(_ALL_UNITS) + r")\b"
COMPOUND_RE = re.compile(r"(?<![\w.,-])" + _PART + r"(?:(?:,?[ \u00a0](?:and[ \u00a0])?)" + _PART + r"){1,3}")
_PART_RE = re.compile(r"(?P<n>" + _AMOUNT + r")[ \u00a0](?P<u>" + "|".join(_ALL_UNITS) + r")\b")

_SHARES = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
           "tenth": 10, "tenths": 10}
_SCALE = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_FRACTION_BODY = (
    r"(?:(?P<whole>" + _WORD_NUM + r") and a half(?:[ ](?P<scale>thousand|million|billion|trillion))?"
    r"(?:[ ](?P<cur>" + CUR_WORD + r"))?"
    r"|(?P<num>(?i:two|three|four|five|six|seven|eight|nine)) (?P<share>thirds|quarters|fifths|tenths)(?= of\b))"
    r"(?![\w-])")
#: Written fractions, ``(?<![\w-])`` + ``_FRACTION_BODY``: a scan that skips to the characters
#: a word may follow (``wordscan``; the look-behind spelling was tried at every character of
#: an article that has one), guarded by the first two letters of a number word in any case
#: (the guard's class reads case as the body's ``(?i:…)`` does).
FRACTION_SCAN = WordScan.build(
    r"\w-", _FRACTION_BODY,
    "(?=(?i:[" + "".join(sorted({w[0] for w in NUMBER_WORDS})) + "][" + "".join(sorted({w[1] for w in NUMBER_WORDS})) + "]))")

_STREET = "|".join(sorted(map(re.escape, words("figures-street-words")), key=len, reverse=True))
#: One charset-led candidate scan for dates, phone numbers and addresses: a digit run
#: then "-", "/", "." or a space, then a digit or a capital. The full patterns run there.
_CAND = re.compile(r"[0-9][-/. )][ 0-9A-Z]")  # at the run's last digit: a leading class is fastest
_PHONE_RE = re.compile(r"(?:\+?[0-9]{1,3}[ .-])?\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4}(?![0-9])")
#: Phone numbers as the rest of the world writes them: "+44 20 7946 0958", "+33 1 42 68 53 00",
#: "+91 98765 43210" (a country code after "+", then groups), or a national number led by its
#: trunk 0 in three groups, "020 7946 0958", "(02) 9876 5432". The digit count keeps it to phones
#: (E.164: at most 15; checked in _phone_digits).
_INTL_PHONE_RE = re.compile(r"\+[0-9]{1,3}(?:[ .-]\(?[0-9]{1,8}\)?){1,6}(?![0-9])"
                            r"|(?:\(0[0-9]{1,4}\)|0[0-9]{1,4})[ -][0-9]{3,4}[ -]?[0-9]{3,4}(?![0-9])")
_STREET_RE = re.compile(r"[0-9]{1,5}[ ](?:[A-Z][a-z]+[ ]){1,3}(?:" + _STREET + r")(?![\w])")
_FRACTION_WORDS = ("and a half", "thirds of", "quarters of", "fifths of", "tenths of")


def _word_value(w: str) -> int | float | None:
    """'23', '2.5', 'twenty-three' -> a number."""
    if w[0].isdigit():
        return float(w) if "." in w else int(w)
    parts = w.lower().split("-")
    if not all(p in NUMBER_WORDS for p in parts):
        return None
    return sum(NUMBER_WORDS[p] for p in parts)


def _date_value(m: re.Match[str]) -> str | None:
    """ISO date of a numeric date match, None when the numbers make no date."""
    g = m.group
    if g("ymd"):
        y, mo, d = int(g("ymd")), int(g("ymd_m")), int(g("ymd_d"))
    elif g("sl_a"):
        a, b, y = int(g("sl_a")), int(g("sl_b")), int(g("sl_y"))
        y = y + (2000 if y < 50 else 1900) if len(g("sl_y")) == 2 else y
        mo, d = (b, a) if a > 12 else (a, b)  # month first, as in "02/22/2016", unless it cannot be one
    elif g("dot_d"):
        y, mo, d = int(g("dot_y")), int(g("dot_m")), int(g("dot_d"))
    else:
        y, mo, d = int(g("dm_y")), MONTHS.get(g("dm_m").lower()[:3], 0), int(g("dm_d"))
    try:
        return date(y, mo, d).isoformat() if 1500 <= y <= 2100 else None
    except ValueError:
        return None


@dataclass(slots=True)
class _Digits:
    """What the candidate scan found: numeric dates, and spans that are no figures."""

    dates: list[Found]
    skip: list[tuple[int, int]]


class DigitFormats:
    """Numeric dates, phone numbers and street addresses (``out``), read a run of digits at a
    time (``read``, see ``read_digit_runs``) where ``_CAND.finditer`` over the text finds them.

    A candidate begins at a digit that no digit follows, the last of its run; and as in
    ``finditer``, none begins inside the one before (whose third character may be the next
    run, one digit long)."""

    __slots__ = ("text", "out", "last", "pos")

    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Digits([], [])
        self.last = -1  # where the last date, phone number or address found ends
        self.pos = 0  # where the last candidate ends

    def read(self, s: int, e: int) -> None:
        p = e - 1
        if p >= self.pos and _CAND.match(self.text, p) is not None:
            self.pos = p + 3
            self._candidate(p)

    def _candidate(self, s: int) -> None:
        """What the candidate at ``s`` (a run's last digit) begins, if anything."""
        text, out = self.text, self.out
        while s and text[s - 1].isdigit():
            s -= 1
        if text[s - 1:s] == "(":
            s -= 1
        if s < self.last or (s and (text[s - 1].isalnum() or text[s - 1] in ".,/-")):
            return
        m = DATE_RE.match(text, s)
        v = _date_value(m) if m else None
        if v:
            out.dates.append(Found(m.start(), m.end(), v, None, "date", NUMERIC_DATE))
            self.last = m.end()
            return
        at = s - 1 if text[s - 1:s] == "+" else s
        m = _PHONE_RE.match(text, at) or _intl_phone(text, at) or _STREET_RE.match(text, s)
        if m:
            out.skip.append(m.span())
            self.last = m.end()


def _digit_formats(text: str) -> _Digits:
    """Numeric dates, phone numbers and street addresses of ``text``, read alone."""
    reader = DigitFormats(text)
    read_digit_runs(text, reader)
    return reader.out


def _intl_phone(text: str, at: int) -> re.Match[str] | None:
    """An international or trunk-0 phone number at ``at``, if its digits make one (8 to 15)."""
    m = _INTL_PHONE_RE.match(text, at)
    if m is None:
        return None
    digits = sum(ch.isdigit() for ch in m.group())
    return m if 8 <= digits <= 15 else None


def _ladder_of(unit: str) -> tuple[int, int, str, float | str] | None:
    """(ladder, rung, canonical name, size or ISO letter) of a unit word; ladder -1 is time."""
    for rung, (name, letter, pat) in enumerate(_TIME):
        if re.fullmatch(pat, unit):
            return -1, rung, name, letter
    for n, ladder in enumerate(_LADDERS):
        for rung, (name, size, pat) in enumerate(ladder):
            if re.fullmatch(pat, unit):
                return n, rung, name, size
    return None


def _compound(m: re.Match[str]) -> Found | None:
    """One duration or measure of several parts, each smaller than the one before."""
    parts = []
    for p in _PART_RE.finditer(m.group()):
        v, where = _word_value(p.group("n")), _ladder_of(p.group("u"))
        if v is None or where is None:
            return None
        parts.append((v, where))
    ladders = {w[0] for _, w in parts}
    rungs = [w[1] for _, w in parts]
    if len(ladders) != 1 or rungs != sorted(set(rungs)):
        return None  # "5 feet 3 kg", "1 month 2 years": no one quantity
    if ladders == {-1}:
        day = "".join(f"{_trim(v)}{w[3]}" for v, w in parts if w[1] < _HOURS)
        clock = "".join(f"{_trim(v)}{w[3]}" for v, w in parts if w[1] >= _HOURS)
        return Found(m.start(), m.end(), "P" + day + ("T" + clock if clock else ""), None, "measure", DURATION)
    smallest = parts[-1][1]
    total = sum(v * w[3] for v, w in parts) / smallest[3]  # in the smaller unit the text gives
    return Found(m.start(), m.end(), _trim(round(total, 4)), smallest[2], "measure", COMPOSITE)


def _trim(v: int | float) -> int | float:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def compounds_at(text: str, starts: list[int]) -> list[Found]:
    """Compound measures and durations that begin where a measure or count was found ("5 feet" of
    "5 feet 2 inches"): trying only there keeps the scan as fast as it was."""
    out = []
    for pos in starts:
        m = COMPOUND_RE.match(text, pos)
        f = _compound(m) if m else None
        if f:
            out.append(f)
    return out


def _fractions(text: str) -> list[Found]:
    if not any(w in text for w in _FRACTION_WORDS):
        return []  # a substring test is far cheaper than the regex over the whole text
    out = []
    for m in FRACTION_SCAN.finditer(text):
        if m.group("whole"):
            w = _word_value(m.group("whole"))
            if w is None:
                continue
            v = (w + 0.5) * _SCALE.get(m.group("scale") or "", 1)
            cur = m.group("cur")
            out.append(Found(m.start(), m.end(), _trim(v), cur, "money" if cur else "count", WRITTEN_FRACTION))
        else:
            v = NUMBER_WORDS[m.group("num").lower()] / _SHARES[m.group("share")]
            out.append(Found(m.start(), m.end(), round(v, 4), None, "ratio", WRITTEN_FRACTION))
    return out


def scan_formats(text: str, digits: _Digits) -> tuple[list[Found], list[tuple[int, int]]]:
    """Figures of these formats in ``text`` (numeric dates, written fractions), and the
    spans of phone numbers and street addresses, which are numbers but no figures
    (``digits``: what a ``DigitFormats`` read of ``text`` found)."""
    return digits.dates + _fractions(text), digits.skip
