"""Key figures: numbers that carry information, with kind, value and unit.

Two compiled regexes walk the whole text once: one for figures that start with
a digit or a currency sign (money, percentages, dates, times, scores, ranges,
measures, ages, years, counts), one for figures in words ("two million",
"a dozen", "one-third", month names starting a date). Numbers that are part of
a name or a code (COVID-19, G7, F-35, Article 5, Boeing 737) are skipped by
look-arounds and a check of the word before. Values are parsed defensively:
huge digit runs, 1e309, NaN or infinity give ``value=None``, never an error.
A range whose two ends carry units ("three weeks to five years") is one figure;
small counts in words are figures only where they count something ("amended
it once —", "had one meeting"), never in idioms ("once upon", "one of the").
"""

from __future__ import annotations

import math
import re

from .lexicon import MONTHS, NUMBER_WORDS, STOP_CAPS, WEEKDAYS, trie_regex
from .model import Figure
from .segment import Segments

__all__ = ["build_figures", "MAX_FIGURES"]

MAX_FIGURES = 5000  # results stay bounded on pathological input

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_SCALE = r"(?:[ \u00a0]?(?:trillion|billion|million|thousand|bn|mn|tn|crore|lakh)\b|(?:m|k|K|M|B|bn)\b)"
_CUR_PRE = r"(?:US\$|A\$|C\$|HK\$|NZ\$|S\$|R\$|\$|€|£|¥|₹|₩|₽|₺|₪|Rs\.?[ \u00a0]?|(?:USD|EUR|GBP|JPY|CNY|CHF|INR)[ \u00a0]?)"
_CUR_WORD = (r"(?:dollars?|euros?|pounds?(?= sterling)|pounds sterling|yen|yuan|renminbi|rupees?|won|roubles?|rubles?"
             r"|francs?|pesos?|reais|lira|shekels?|dinars?|dirhams?|riyals?|rand|kronor|kronur|krona|krone|zloty"
             r"|baht|ringgit|leva|levs?|hryvnias?|nairas?)")
_PCT = r"(?:%|[ \u00a0]?percent\b|[ \u00a0]?per cent\b|[ \u00a0]?percentage points?\b|[ \u00a0]?pct\b)"
_UNITS = (r"(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?|decades?|centuries"
          r"|miles?|mi|km|kilomet(?:er|re)s?|met(?:er|re)s?|m|cm|mm|millimet(?:er|re)s?|centimet(?:er|re)s?"
          r"|feet|foot|ft|inch(?:es)?|yards?|pounds?|lbs?|kg|kilo(?:gram)?s?|grams?|g|tons?|tonnes?|mph|kph|km/h"
          r"|degrees?|°[CF]?|acres?|hectares?|sq(?:uare)? (?:miles?|km|kilomet(?:er|re)s?|feet|met(?:er|re)s?)"
          r"|gallons?|lit(?:er|re)s?|barrels?|bpd|MW|GW|kW|kWh|MWh|GWh|TWh|volts?|watts?|GB|MB|TB|knots?|calories)")
_TIME_UNITS = {"hour", "hours", "minute", "minutes", "second", "seconds", "day", "days", "week", "weeks",
               "month", "months", "year", "years", "decade", "decades"}
_COUNT_NOUN_WORDS = {"game", "games", "goal", "goals", "point", "points", "match", "matches",
                     "member", "members", "seat", "seats", "run", "runs", "shot", "shots", "set",
                     "sets", "stage", "round", "rounds", "time", "times", "man", "person", "people",
                     "team", "teams", "state", "party", "nation", "country", "storey", "story", "car",
                     "bedroom", "lane", "star", "hit", "page", "part", "step", "way", "day", "week",
                     "month", "year", "hour", "minute", "mile", "km", "foot", "inch"}

# Figures that start with a digit or a currency sign.
_NUMERIC = re.compile(
    r"(?<![0-9A-Za-z_])(?<![0-9][.,])(?<![A-Za-z]-)(?<![A-Za-z]\.)(?:"
    # money: $1.2 billion, US$5, €40m, $40-50 billion
    r"(?P<money>" + _CUR_PRE + r"(?:" + _NUM + r")(?:[ \u00a0]?[-–][ \u00a0]?\$?(?:" + _NUM + r"))?" + _SCALE + r"?)"
    # FY2020-22, FY2019
    r"|(?P<fy>FY[ ]?[0-9]{2,4}(?:[-–/][0-9]{2,4})?)"
    # 9/11, 3/4: a month/day or a fraction written with a slash, one figure
    r"|(?P<slash>(?<![0-9/])[0-9]{1,2}/[0-9]{1,2}(?![0-9/]))"
    r"|(?:(?P<num>" + _NUM + r")"
    r"(?:"
    r"(?P<time>:[0-5][0-9](?::[0-5][0-9])?(?:[ \u00a0]?[ap]\.?m\.?)?(?:[ \u00a0](?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|GMT|UTC|BST|CET|CEST|JST|IST|AEST|AEDT)\b)?)"
    r"|(?P<ampm>[ \u00a0]?[ap]\.m\.|[ \u00a0]?[ap]m\b)"
    r"|(?P<gmt>[ \u00a0](?:GMT|UTC)\b)"
    r"|(?P<dm>(?:st|nd|rd|th)?[ \u00a0](?:of[ ])?" + _MONTH + r"\b\.?(?:,?[ \u00a0][0-9]{4}(?![0-9]))?)"
    r"|(?P<yearold>[- ]years?[- ]old\b)"
    r"|(?P<pctpair>%[-–/](?:" + _NUM + r")%)"
    r"|(?P<pct>(?:[ \u00a0]?[-–][ \u00a0]?(?:" + _NUM + r"))?" + _PCT + r")"
    r"|(?P<scaled>" + _SCALE + r"(?:[ \u00a0]" + _CUR_WORD + r"\b)?)"
    r"|(?P<curword>[ \u00a0]" + _CUR_WORD + r"\b)"
    r"|(?P<range>[ \u00a0]?(?:[-–]|to|and|or)[ \u00a0]?(?P<num2>" + _NUM + r")(?![0-9])(?:" + _SCALE + r")?"
    r"(?:[ \u00a0]?(?:" + _PCT + r"|[- ]?" + _UNITS + r"\b|[ \u00a0]?[ap]\.?m\.?(?![\w])))?)"
    r"|(?P<urange>[- ]" + _UNITS + r"[ \u00a0](?:to|[-–])[ \u00a0](?:" + _NUM + r")[ \u00a0-]" + _UNITS + r"(?![\w-]))"
    r"|(?P<unit>[- ]" + _UNITS + r"(?![\w-]))"
    r"|(?P<decade>(?<=[0-9]0)s\b)"
    r"|(?P<ordinal>(?:st|nd|rd|th)\b)"
    r")?"
    r"(?![0-9A-Za-z]|[.,][0-9])"
    r"))"
)

# Figures in words.
_UNITS_W = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WNUM = (r"(?i:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS_W[1:]) + r"))?|"
         + "|".join(_TEENS) + "|" + "|".join(_UNITS_W) + r")")
_WNUM_SIMPLE = r"(?i:" + "|".join(_TEENS + _TENS + _UNITS_W[1:] + ["ten", "hundred"]) + r")"
_WORDY = re.compile(
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
# the full patterns above then run anchored at each candidate.
_NUM_CAND = re.compile(r"[0-9]+|[$€£¥₹₩₽₺₪]|[AUCHNSR]{1,2}\$|FY|Rs|USD|EUR|GBP|JPY|CNY|CHF|INR")
_TRIGGERS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
             "sept", "oct", "nov", "dec", "fiscal", "half", "third", "quarter", "fifth", "tenth", "dozen", "once", "twice",
             "two-thirds", "three-quarters"] + list(NUMBER_WORDS)
_WORD_CAND = re.compile(r"(?<![\w-])(?:" + trie_regex(set(_TRIGGERS) | {w.capitalize() for w in _TRIGGERS}) + r")\b")

_SCALE_VAL = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
              "tn": 1e12, "m": 1e6, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "crore": 1e7, "lakh": 1e5}
_NOT_BEFORE = STOP_CAPS | set(WEEKDAYS) | {m.capitalize() for m in MONTHS} | {
    "Sept", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "Between", "Around", "Roughly", "About", "Approximately", "Some", "Nearly", "Almost", "Over",
    "Under", "Up", "Only", "Just", "More", "Fewer", "Less", "Top", "Than"}
_CODE_WORDS = {"article", "section", "chapter", "clause", "paragraph", "rule", "title", "flight",
               "route", "room", "no", "no.", "number", "level", "phase", "grade", "class", "model",
               "version", "type", "size", "channel", "gate", "platform", "highway", "interstate",
               "amendment", "resolution", "bill", "act", "apollo", "boeing", "airbus", "iphone",
               "windows", "ios", "android", "covid", "vol", "vol.", "episode", "season"}


#: "once" closing its clause: "amended his account once —", "met only once."
_ONCE_AT_END = re.compile(r"\s*(?:[,.;:!?)]|—|–|\s-\s)")
#: "had one meeting", "won one game": a count after a verb of having or tallying…
_HAVE_ONE = re.compile(r"\b(?:had|has|have|having|held|holds|won|lost|scored|killed|injured|wounded|sold|owns|owned)\s+$")
#: …followed by the thing counted, not by "of", "another" or an idiom ("one day", "one way")
_ONE_NOUN = re.compile(r"\s+(?!(?:of|another|more|thing|things|way|day|point|time|side|hand|eye|other|last|too|such|in|on|at|to|for|with|and|or|but|that|which|who)(?![\w-]))[a-z][a-z-]*")


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


def _words_value(words: str) -> int | float | None:
    total = 0
    current = 0
    seen = False
    for w in re.split(r"[ -]+", words.lower()):
        if w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1) * int(_SCALE_VAL[w])
            current = 0
        elif w == "and":
            continue
        else:
            break
    return total + current if seen else None


def _context(text: str, seg: Segments, s: int, e: int) -> str:
    ss, se = seg.sentence_at(s)
    ss = max(ss, s - 400)
    se = min(se, e + 400)
    sent = text[ss:se].strip()
    if len(sent) <= 160:
        return sent
    rel = s - ss
    a = max(0, rel - 70)
    b = min(len(sent), rel + (e - s) + 70)
    return ("…" if a > 0 else "") + sent[a:b].strip() + ("…" if b < len(sent) else "")


_UNIT_AFTER = re.compile(r"[ \u00a0]+((?:[A-Za-z][\w'’-]*[ ]){0,2}?[A-Za-z][\w'’-]*)")
_STOP_UNIT = {"in", "on", "at", "by", "to", "from", "for", "and", "or", "but", "the", "a", "an", "was",
              "were", "is", "are", "of", "that", "which", "who", "with", "as", "than", "per", "after",
              "before", "since", "into", "over", "under", "when", "while", "had", "has", "have", "be",
              "will", "would", "could", "can", "it", "this", "last", "next", "ago", "earlier", "later"}


def _unit_after(text: str, e: int, kind: str) -> str | None:
    if kind == "percent":
        m = re.match(r"[ \u00a0]+(of [\w'’-]+(?: [A-Z][\w'’-]*)?)", text[e:e + 60])
        return m.group(1) if m else None
    m = re.match(r"[ \u00a0]+([^\s.,;:()]+)(?:[ \u00a0]+([^\s.,;:()]+))?(?:[ \u00a0]+([^\s.,;:()]+))?", text[e:e + 80])
    if not m:
        return None
    words = []
    for w in m.groups():
        if not w or w.lower() in _STOP_UNIT or not w[0].isalpha():
            break
        words.append(w)
        if w[0].islower() and len(words) >= 1 and not (len(words) == 1 and w.lower() in ("million", "billion")):
            # "54,000 US troops": stop after the first lower-case noun
            break
    return " ".join(words) or None


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    from bisect import bisect_right
    i = bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_NUM_NAME = re.compile(r"(?=[0-9])(?<![\w.,])([0-9]{1,4})[ ]([A-Z][a-z]+)\b(?![ ](?:[A-Z][a-z]+[ ])?(?:and|or)\b)")


def _number_names(text: str) -> list[tuple[int, int]]:
    """Numbers that begin a name used more than once ("404 Media … told 404 Media"): not figures."""
    seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for m in _NUM_NAME.finditer(text):
        word = m.group(2)
        if word.endswith("s") or word.lower() in MONTHS or word in _NOT_NAME_AFTER_NUMBER or _is_year(m.group(1)):
            continue  # ("2019 American Music Awards": the year is a figure)
        seen.setdefault((m.group(1), word), []).append((m.start(), m.end()))
        if len(seen) > 2000:
            break
    return [span for spans in seen.values() if len(spans) >= 2 for span in spans]


_NOT_NAME_AFTER_NUMBER = set(WEEKDAYS) | {
    "The", "A", "An", "In", "On", "At", "But", "And", "Of", "For", "To", "It", "He", "She", "They", "We", "I",
    "This", "That", "GMT", "UTC", "AM", "PM", "Celsius", "Fahrenheit"}


def build_figures(text: str, seg: Segments, skip: list[tuple[int, int]] | None = None) -> list[Figure]:
    """All key figures of ``text``; ``skip`` holds spans (titles, names in marks) to ignore."""
    skip = sorted((skip or []) + _number_names(text))
    figs: list[Figure] = []
    taken: list[tuple[int, int]] = []
    para_starts = set(seg.para_starts)

    def add(s: int, e: int, value, unit, kind) -> None:
        if len(figs) >= MAX_FIGURES:
            raise _Full
        figs.append(Figure(text[s:e], value, unit, kind, _context(text, seg, s, e), s, e))
        taken.append((s, e))

    try:
        _scan(text, seg, skip, add, para_starts, figs)
    except _Full:
        pass
    figs.sort(key=lambda f: (f.start, -f.end))
    # drop figures nested inside a longer one ("10" inside "July 10, 2019")
    out: list[Figure] = []
    last_end = -1
    for f in figs:
        if f.start < last_end:
            continue
        out.append(f)
        last_end = f.end
    return out


class _Full(Exception):
    """Raised when the figure cap is reached."""


def _scan(text, seg, skip, add, para_starts, figs) -> None:
    last_score_end = -10
    last_end = -1
    for c in _WORD_CAND.finditer(text):
        pos = c.start()
        if pos < last_end or (pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_-")):
            continue
        m = None
        if pos >= 2 and text[pos - 2:pos] in ("a ", "A ") and (pos < 3 or not text[pos - 3].isalnum()):
            m = _WORDY.match(text, pos - 2)
        if m is None:
            m = _WORDY.match(text, pos)
        if m is None:
            continue
        last_end = m.end()
        s, e = m.start(), m.end()
        if skip and _inside(skip, s):
            continue
        if m.group("date"):
            mon = _month_of(m.group())
            y = m.group("dyear") or m.group("myear")
            d = m.group("day")
            if d and not 1 <= int(d) <= 31:
                continue
            if d is None and y is None:
                continue
            # "May 5" is a date; "may 5" is not (case-sensitive month match above)
            val = (f"{y}-{mon:02d}-{int(d):02d}" if y and d else f"{y}-{mon:02d}" if y else f"--{mon:02d}-{int(d):02d}")
            add(s, e, val, None, "date")
        elif m.group("fiscal"):
            add(s, e, int(m.group()[-4:]), "fiscal year", "year")
        elif m.group("frac"):
            g = m.group().lower()
            val = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1, "two-thirds": 2 / 3,
                   "three-quarters": 0.75}
            v = next((val[k] for k in ("two-thirds", "three-quarters", "third", "quarter", "half", "fifth", "tenth") if k in g), None)
            if g.startswith("a ") and not (re.match(r"\s+of\b", text[e:e + 4])
                                           or re.search(r"\b(?:by|than|about|nearly|almost|roughly|around|over)\s$",
                                                        text[max(0, s - 10):s])):
                continue  # "a third employee", "a fifth term": an ordinal, not a share
            if g == "half" and not (re.match(r"\s+(?:of|the|a|an)\b", text[e:e + 6])
                                    or re.search(r"\b(?:over|about|nearly|almost|than|just|roughly|around)\s$", text[max(0, s - 10):s])):
                continue
            add(s, e, round(v, 4) if v else None, None, "ratio")
        elif m.group("outof"):
            # "seven out of ten voters": one ratio, not two counts
            add(s, e, [_words_value(m.group("o1")), _words_value(m.group("o2"))], _unit_after(text, e, "ratio"), "ratio")
            last_end = e
        elif m.group("dozen"):
            g = m.group().lower()
            mult = 0.5 if g.startswith("half") else (_words_value(g.split()[0]) if len(g.split()) == 2 and g.split()[0] != "a" else 1)
            add(s, e, 12 * mult if isinstance(mult, (int, float)) else None, _unit_after(text, e, "count"), "count")
        elif m.group("mult"):
            g = m.group().lower()
            if g == "once" and not re.search(r"\b(?:just|only|scored|won|lost|than|at least|more than|exactly)\s*$", text[max(0, s - 20):s]) \
                    and not (_ONCE_AT_END.match(text, e) and text[s] == "o"
                             and not re.search(r"(?i)\b(?:at|for)\s*$", text[max(0, s - 10):s])):
                # "once" is a count at the end of its clause ("amended it once —"); before
                # a verb it means "formerly" ("she once worked") or "when" ("once it ends")
                continue
            add(s, e, 1 if g == "once" else 2, "times", "count")
        elif m.group("w"):
            g = m.group()
            w1 = m.group("w1").lower()
            tail = (m.group("wtail") or "").strip(" -").lower()
            nxt = text[e:e + 12]
            # "one" is mostly a pronoun ("one of the", "the other one"): only with a scale or unit
            if w1 == "one" and g.lower() == "one":
                if not (re.match(r"[ -](?:hour|day|week|month|year|goal|game|set|match|run|vote|seat|percent)s?\b", nxt)
                        or re.search(r"\b(?:only|just|exactly|at least|at most)\s$", text[max(0, s - 12):s])
                        or (_HAVE_ONE.search(text, max(0, s - 12), s) and _ONE_NOUN.match(text, e))):
                    continue
            if g.lower() in ("zero",):
                continue
            prev = text[max(0, s - 12):s].lower()
            if re.search(r"(?:\bthe|\bno)\s$", prev) and w1 == "one":
                continue
            if nxt.startswith(("-state", "-way", "-on-one", "-off", "-time", "-sided")) or re.match(r"-on-", nxt):
                continue
            if m.group("wrange2"):
                unit_tail = tail and not ("percent" in tail or "per cent" in tail or "old" in tail
                                          or tail in ("dollars", "euros", "pounds", "yen"))
                if unit_tail and not m.group("wrange"):
                    g = text[s:e]
                else:  # "five percent or two weeks": not one range
                    e = m.start("wrange2")
                    g = text[s:e]
                    last_end = e
            v = _words_value(g)
            if m.group("wrange2") and e == m.end():
                v = [v, _words_value(m.group("w2"))]
            if m.group("wrange") or (m.group("wrange2") and e == m.end()):
                kind = "range"
            elif "percent" in tail or "per cent" in tail:
                kind = "percent"
            elif "old" in tail:
                kind = "age"
            elif tail in ("dollars", "euros", "pounds", "yen"):
                kind = "money"
            elif tail:
                kind = "measure"
            elif re.match(r"-(?:year|month|week|day|hour|minute|mile)s?\b", nxt):
                kind = "measure"
            else:
                kind = "count"
            add(s, e, v, tail or _unit_after(text, e, kind), kind)

    last_end = -1
    for c in _NUM_CAND.finditer(text):
        pos = c.start()
        if pos < last_end:
            continue
        m = _NUMERIC.match(text, pos)
        if m is None or m.end() == pos:
            continue
        last_end = m.end()
        s, e = m.start(), m.end()
        if m.group("ordinal"):
            continue
        if m.group("slash"):
            a, b = (int(x) for x in m.group("slash").split("/"))
            if 1 <= a <= 12 and 1 <= b <= 31:
                add(s, e, f"--{a:02d}-{b:02d}", None, "date")
            else:
                add(s, e, [a, b], None, "ratio")
            continue
        if m.group("fy"):
            add(s, e, m.group(), "fiscal year", "range" if re.search(r"[-–/]", m.group()) else "year")
            continue
        num = m.group("num")
        prev_word = _prev_word(text, s)
        plain = num is not None and not any(m.group(g) for g in ("money", "pct", "pctpair", "range", "dm", "time", "ampm", "yearold", "scaled", "curword", "unit"))
        if plain and prev_word and not prev_word.endswith(("'s", "’s", "s'", "s’")) and (
                prev_word.lower() in _CODE_WORDS or (prev_word[0].isupper() and prev_word not in _NOT_BEFORE
                                                     and not prev_word.isupper() and prev_word.lower().rstrip(".") not in MONTHS)):
            continue  # Article 5, Boeing 737, Apollo 11
        if plain and text[s - 1:s] == "(" and text[e:e + 1] == ")" and s - last_score_end <= 3:
            continue  # a tiebreak "(5)" belongs to the set score before it
        if skip and _inside(skip, s):
            continue  # a number in a title or nickname in marks
        if num is not None and s in para_starts and re.match(r"[.)] ", text[e:e + 2]):
            continue  # list numbering
        if m.group("money"):
            g = m.group()
            mm = re.search(_NUM, g)
            v = _num(mm.group()) if mm else None
            sc = re.search(r"(trillion|billion|million|thousand|bn|mn|tn|crore|lakh|[mkKMB])$", g.strip())
            if v is not None and sc and sc.group(1) in _SCALE_VAL:
                v = _scaled(v, _SCALE_VAL[sc.group(1)])
            cur = re.match(_CUR_PRE, g)
            kind = "range" if re.search(r"[0-9][ \u00a0]?[-–][ \u00a0]?\$?[0-9]", g) else "money"
            add(s, e, v, cur.group().strip() if cur else None, "money" if kind == "money" else "range")
            continue
        v = _num(num) if num else None
        if m.group("time") or m.group("ampm") or m.group("gmt"):
            if m.group("gmt") and len(num) != 4:
                continue
            add(s, e, m.group(), None, "time")
            continue
        if m.group("dm"):
            d = int(num) if num.isdigit() and len(num) <= 2 else 0
            if not 1 <= d <= 31:
                continue
            g = m.group()
            mon = _month_of(g.split()[-2] if re.search(r"[0-9]{4}$", g) else g.split()[-1]) or _month_of(g)
            ym = re.search(r"([0-9]{4})$", g)
            add(s, e, f"{ym.group(1)}-{mon:02d}-{d:02d}" if ym else f"--{mon:02d}-{d:02d}", None, "date")
            continue
        if m.group("yearold"):
            add(s, e, v, "years old", "age")
            continue
        if m.group("pctpair"):
            # "by a 55%-45% margin": one split, not two percentages
            add(s, e, [v, _num(re.search(_NUM, m.group("pctpair")).group())], _unit_after(text, e, "ratio"), "ratio")
            continue
        if m.group("pct"):
            add(s, e, v, _unit_after(text, e, "percent"), "range" if re.search(r"[0-9][ \u00a0]?[-–]", m.group()) else "percent")
            continue
        if m.group("scaled"):
            g = m.group()
            sc = re.search(r"(trillion|billion|million|thousand|bn|mn|tn|crore|lakh|[mkKMB])\b", g[len(num):])
            if sc and sc.group(1) in ("m", "k", "K", "M", "B") and not m.group("scaled").strip() == sc.group(1):
                pass
            val = _scaled(v, _SCALE_VAL[sc.group(1)]) if (v is not None and sc) else v
            if re.search(_CUR_WORD + r"$", g):
                add(s, e, val, g.split()[-1], "money")
            else:
                add(s, e, val, _unit_after(text, e, "count"), "count")
            continue
        if m.group("curword"):
            add(s, e, v, m.group("curword").strip(), "money")
            continue
        if m.group("range"):
            n2 = m.group("num2")
            sep = re.search(r"[-–]|to|and|or", m.group("range")).group()
            if sep == "or" and not (v is not None and _num(n2) is not None and v < _num(n2) <= 2 * v + 10):
                # "9 or 10", "3 or 4 pm" are one guess; "5 or 500" are two figures
                _plain(add, text, s, s + len(num), num, v)
                last_end = s + len(num)
                continue
            if sep == "or" and re.search(r"[ap]\.?m\.?$", m.group()):
                add(s, e, m.group(), None, "time")
                continue
            tail = m.group()[m.start("num2") - s + len(n2):].strip(" -")
            small = v is not None and _num(n2) is not None and v < 100 and _num(n2) < 100 and "." not in num + n2
            if sep in "-–" and not tail and small and num.isdigit() and n2.isdigit():
                # a score: 6-4, 2-1; a tiebreak "(7-4)" right after a score is part of it
                if text[s - 1:s] == "(" and s - last_score_end <= 3:
                    continue
                add(s, e, f"{num}-{n2}", None, "score")
                last_score_end = e
                continue
            if sep == "and":
                before = text[max(0, s - 9):s].lower()
                if "between" not in before and not (_is_year(num) and _is_year(n2) and not tail):
                    # ("2031 and 2032" together are one span of years)
                    # "2,000 and 3,000" without "between": two figures
                    _plain(add, text, s, s + len(num), num, v)
                    last_end = s + len(num)
                    continue
            if sep == "to" and not tail and not (_is_year(num) and _is_year(n2)) and "from" not in text[max(0, s - 6):s] and "between" not in text[max(0, s - 9):s]:
                # "12 to 17": a range; but "rose 5 to 7" is fine too
                pass
            add(s, e, [v, _num(n2)], tail or None, "range")
            continue
        if m.group("urange"):
            n2 = re.search(_NUM, m.group("urange"))
            add(s, e, [v, _num(n2.group()) if n2 else None], m.group("urange").split()[-1].strip(" -"), "range")
            continue
        if m.group("unit"):
            u = m.group("unit").strip(" -")
            kind = "measure"
            add(s, e, v, u, kind)
            continue
        if m.group("decade"):
            add(s, e, v, "decade", "year")
            continue
        _plain(add, text, s, e, num, v)


def _plain(add, text: str, s: int, e: int, num: str, v) -> None:
    # an age: "Parise, 35," / "Trump, 73, said"
    if re.match(r", ", text[e:e + 2]) and re.search(r"[A-Za-z]{2}, $", text[max(0, s - 4):s]) and v is not None and 1 <= v <= 120 and num.isdigit():
        pre = text[max(0, s - 40):s]
        if re.search(r"[A-Z][\w'’-]+, $", pre):
            add(s, e, v, "years old", "age")
            return
    if re.search(r"\b(?:aged|age|ages)\s$", text[max(0, s - 6):s]):
        add(s, e, v, "years old", "age")
        return
    if _is_year(num) and not re.match(r"[ \u00a0]+(?:people|persons|troops|workers|employees|cases|deaths|jobs|users|units|times)\b", text[e:e + 12]):
        add(s, e, v, None, "year")
        return
    add(s, e, v, _unit_after(text, e, "count"), "count")


def _is_year(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1500 <= int(num) <= 2100


def _scaled(v, k: float):
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
    m = re.search(r"[A-Za-z]+", s)
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
