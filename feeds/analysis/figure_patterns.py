"""The two regexes that find figures, built once from the word lists in ``lexicon/data``.

``NUMERIC`` matches figures that start with a digit or a currency sign,
``WORDY`` figures in words; each names its alternatives with groups, which
``figures.py`` hands to one named rule each. ``NUM_CAND`` and ``WORD_SCAN`` are
fast candidate scans: led by a character class, they let the regex engine skip
ahead (``WORD_SCAN`` through ``wordscan``), and the full patterns then run
anchored at each candidate. Units, currency signs
and names, and scale words are data files (``figures-units.txt``,
``figures-currency-*.txt``, ``figures-scales.toml``); where a list becomes a
regex alternation its file order is the order the regex tries.
"""

from __future__ import annotations

import re
from array import array

from .lexicon import MONTHS, NUMBER_WORDS, trie_regex
from .lexicon.data import lines, table, words
from .wordscan import WordScan, letters_guard

__all__ = ["INDIAN_GROUPING", "NUMERIC", "WORDY", "NUM_CAND", "WORD_SCAN", "NUM", "CUR_PRE", "CUR_WORD", "CUR_SIGNS", "SCALE_VAL", "alt",
           "read_digit_runs"]

def alt(entries) -> str:
    """A regex alternation of literal ``entries``, in their order (the first that fits wins)."""
    return "|".join(re.escape(x) for x in entries)


# --- the words behind the patterns (lexicon/data/figures-*) ------------------------------
_SCALES = table("figures-scales")
SCALE_VAL: dict[str, float] = {**_SCALES["words"], **_SCALES["letters"], **_SCALES["decimal-letters"]}
CUR_SIGNS = lines("figures-currency-signs")
_CUR_CODES = tuple(x for x in CUR_SIGNS if x.isalpha() and x.isupper())

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
#: digits grouped in thousands ("54,000"), in lakhs and crores ("12,34,567"), or not at all
INDIAN_GROUPING = r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?![0-9])"
NUM = INDIAN_GROUPING + r"(?:\.[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_SCALE = (r"(?:[ \u00a0]?(?:" + alt(_SCALES["words"]) + r")\b|(?:" + alt(_SCALES["letters"]) + r")\b"
          r"|(?<=[.][0-9])(?:" + alt(_SCALES["decimal-letters"]) + r")\b)")
#: a sign, or a code/"Rs." that may be followed by a space
CUR_PRE = "(?:" + "|".join(re.escape(x) + (r"[ \u00a0]?" if x[-1].isalpha() or x[-1] == "." else "")
                            for x in CUR_SIGNS) + ")"
CUR_WORD = r"(?:pounds?(?= sterling)|" + alt(sorted(words("figures-currency-words"), key=lambda w: (-len(w), w))) + ")"
_PCT = r"(?:%|[ \u00a0]?percent\b|[ \u00a0]?per cent\b|[ \u00a0]?percentage points?\b|[ \u00a0]?pct\b)"
_UNITS = "(?:" + alt(lines("figures-units")) + ")"

# Figures that start with a digit or a currency sign.
NUMERIC = re.compile(
    r"(?<![0-9A-Za-z_])(?<![0-9][.,])(?<![A-Za-z]-)(?<![A-Za-z]\.)(?:"
    # money: $1.2 billion, US$5, €40m, $40-50 billion
    r"(?P<money>" + CUR_PRE + r"(?:" + NUM + r")(?:[ \u00a0]?[-–][ \u00a0]?\$?(?:" + NUM + r"))?" + _SCALE + r"?)"
    # FY2020-22, FY2019
    r"|(?P<fy>FY[ ]?[0-9]{2,4}(?:[-–/][0-9]{2,4})?)"
    # 9/11, 3/4: a month/day or a fraction written with a slash, one figure
    r"|(?P<slash>(?<![0-9/])[0-9]{1,2}/[0-9]{1,2}(?![0-9/]))"
    r"|(?:(?P<num>" + NUM + r")"
    r"(?:"
    r"(?P<time>:[0-5][0-9](?::[0-5][0-9])?(?:[ \u00a0]?[ap]\.?m\.?)?(?:[ \u00a0](?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|GMT|UTC|BST|CET|CEST|JST|IST|AEST|AEDT)\b)?)"
    r"|(?P<ampm>[ \u00a0]?[ap]\.m\.|[ \u00a0]?[ap]m\b)"
    r"|(?P<gmt>[ \u00a0](?:GMT|UTC)\b)"
    r"|(?P<dm>(?:st|nd|rd|th)?[ \u00a0](?:of[ ])?" + _MONTH + r"\b\.?(?:,?[ \u00a0][0-9]{4}(?![0-9]))?)"
    r"|(?P<yearold>[- ]years?[- ]old\b)"
    r"|(?P<pctpair>%[-–/](?:" + NUM + r")%)"
    r"|(?P<pct>(?:[ \u00a0]?[-–][ \u00a0]?(?:" + NUM + r"))?" + _PCT + r")"
    r"|(?P<scaled>" + _SCALE + r"(?:[ \u00a0]" + CUR_WORD + r"\b)?)"
    r"|(?P<curword>[ \u00a0]" + CUR_WORD + r"\b)"
    r"|(?P<range>[ \u00a0]?(?:[-–]|to|and|or)[ \u00a0]?(?P<num2>" + NUM + r")(?![0-9])(?:" + _SCALE + r")?"
    r"(?:[ \u00a0]?(?:" + _PCT + r"|[- ]?" + _UNITS + r"\b|[ \u00a0]?[ap]\.?m\.?(?![\w])))?)"
    r"|(?P<urange>[- ]" + _UNITS + r"[ \u00a0](?:to|[-–])[ \u00a0](?:" + NUM + r")[ \u00a0-]" + _UNITS + r"(?![\w-]))"
    r"|(?P<unit>[- ]" + _UNITS + r"(?![\w-]))"
    r"|(?P<decade>(?<=[0-9]0)s\b)"
    r"|(?P<ordinal>(?:st|nd|rd|th)\b)"
    r")?"
    r"(?![0-9A-Za-z]|[.,][0-9])"
    r"))"
)

# Figures in words: number words by value (units 0-9, teens 10-19, tens 20-90).
_BY_VALUE = sorted(NUMBER_WORDS, key=NUMBER_WORDS.__getitem__)
_UNITS_W = [w for w in _BY_VALUE if NUMBER_WORDS[w] < 10]
_TEENS = [w for w in _BY_VALUE if 10 <= NUMBER_WORDS[w] < 20]
_TENS = [w for w in _BY_VALUE if NUMBER_WORDS[w] >= 20]
_WNUM = (r"(?i:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS_W[1:]) + r"))?|"
         + "|".join(_TEENS) + "|" + "|".join(_UNITS_W) + r")")
_WNUM_SIMPLE = r"(?i:" + "|".join(_TEENS + _TENS + _UNITS_W[1:] + ["ten", "hundred"]) + r")"
WORDY = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<date>" + _MONTH + r"\.?[ \u00a0](?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
    r"(?:(?:[ \u00a0]?[-–][ \u00a0]?|[ \u00a0](?:and|to|through)[ \u00a0])[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9,.]?[0-9]))?"
    r"(?:,?[ \u00a0](?P<dyear>[0-9]{4}))?(?![0-9])"
    r"|" + _MONTH + r"\.?[ \u00a0](?:of[ ])?(?P<myear>[0-9]{4})(?![0-9]))"
    r"|(?P<fiscal>fiscal(?: year)? [0-9]{4}(?![0-9]))"
    r"|(?P<frac>(?:one|two|three)[- ](?:third|quarter|half|fifth)s?|a (?:third|quarter|half|fifth|tenth)|half|two-thirds|three-quarters)"
    r"|(?P<outof>(?P<o1>" + _WNUM_SIMPLE + r") out of (?P<o2>" + _WNUM_SIMPLE + r"))"
    r"|(?P<dozen>(?:(?:a|half a|" + _WNUM_SIMPLE + r") )?dozen)"
    r"|(?P<mult>once|twice)"
    r"|(?P<w>(?P<w1>" + _WNUM + r")(?:[ -](?:hundred|thousand|million|billion|trillion)(?:[ -](?:and[ ])?" + _WNUM + r")?){0,3}"
    r"(?P<wrange>[ ](?:to|or)[ ]" + _WNUM + r")?"
    r"(?P<wtail>[ -](?:percent|per cent|dollars|euros|pounds|yen)\b|[ -]years?[- ]old\b|[- ]" + _UNITS + r"\b)?"
    # "three weeks to five years": a range whose ends both carry a unit
    r"(?P<wrange2>[ ]to[ ](?P<w2>" + _WNUM + r")[ ]" + _UNITS + r"\b)?)"
    r")(?![\w-]*\d)(?![\w])"
)

# Fast candidate scans: charset-led patterns let the regex engine skip ahead;
# the full patterns above then run anchored at each candidate. (Only "[AUCHNSR]"
# letters lead a "X$" sign: "HK$" and "NZ$" are read as plain numbers today.)
#
# NUM_CAND reads as ``[0-9]+|[$€…]|[AUCHNSR]{1,2}\$|FY|Rs|USD|EUR|…``, in that order;
# it is written as one leading character class, then the rest of the alternative
# chosen by a look-behind at that character, so that the engine skips in C to the
# next possible first character (a pattern led by an alternation of groups is
# tried at every position: five times slower on the corpus).
_SIGNS = "".join(x for x in CUR_SIGNS if len(x) == 1)
_LEAD_THEN = ((r"0-9", r"[0-9]*"), (_SIGNS, ""), ("AUCHNSR", r"[AUCHNSR]?\$"), ("F", "Y"), ("R", "s"),
              *((re.escape(code[0]), re.escape(code[1:])) for code in _CUR_CODES))
#: (The alternatives led by a letter are tried only before a capital, "$" or "s": every one of
#: them goes on with one, and a capital followed by a small letter ("Some", "Cairo") fails at once.)
_BY_LETTER = tuple((lead, rest) for lead, rest in _LEAD_THEN if lead.isalpha())
NUM_CAND = re.compile("[" + "".join(lead for lead, _ in _LEAD_THEN) + "](?:"
                      + "|".join(f"(?<=[{lead}]){rest}" for lead, rest in _LEAD_THEN if not lead.isalpha())
                      + "|(?=[A-Z$s])(?:" + "|".join(f"(?<=[{lead}]){rest}" for lead, rest in _BY_LETTER) + "))")
_TRIGGERS = set(MONTHS) | words("figures-word-triggers") | set(NUMBER_WORDS)
_TRIGGER_FORMS = _TRIGGERS | {w.capitalize() for w in _TRIGGERS}
#: (Not led by the trigger words: they begin with the commonest letters, so a pattern led by
#: them would be tried inside most words; the scan skips to the characters a word may follow.)
WORD_SCAN = WordScan.build(r"\w-", r"(?:" + trie_regex(_TRIGGER_FORMS) + r")\b", letters_guard(_TRIGGER_FORMS))

def read_digit_runs(text: str, *readers) -> array:
    """Hand every run of ASCII digits of ``text``, as ``(start, end)`` in text order, to the
    ``read`` of each reader; return where each candidate of ``NUM_CAND`` starts, in order.

    Several figure scans start only at a digit after a non-digit or at a digit before one
    (the first or the last of its run), and the figure scan at each ``NUM_CAND`` candidate;
    each was a walk of ``re`` over the whole text. ``NUM_CAND``'s candidates led by a digit
    are the runs of digits (its ``[0-9]*`` takes the whole run, and no other candidate holds
    a digit), so one walk over them does for all. (The starts are kept as machine integers:
    eight bytes each, on text made of nothing but numbers too.)"""
    reads = [r.read for r in readers]
    starts = array("q")
    for m in NUM_CAND.finditer(text):
        s, e = m.span()
        starts.append(s)
        if "0" <= text[s] <= "9":
            for read in reads:
                read(s, e)
    return starts
