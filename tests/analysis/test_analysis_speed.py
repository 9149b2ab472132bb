"""Issue 13's speed bar: the whole-text scans of the analyser skip ahead in C.

A regex led by a look-behind, a look-ahead or an alternation of groups is tried
by ``re`` at every position of the text; one led by a character class (or by a
literal in every branch) is scanned for in C first. The scans below run over
every article once each, so they were rewritten in the second form. Each test
checks that the rewritten pattern finds exactly what its plain spelling finds
(the plain spelling is the documentation: outputs must not change) on prose and
on hostile text, and that it is clearly faster than that plain spelling on the
same text, timed alternately in one process (CPU time, best of several rounds,
so that other work on the machine does not decide the result).
"""

from __future__ import annotations

import gc
import random
import re
import time

import pytest

from feeds.analysis.attribution.base import _MEMBERS_RE, named_later_members
from feeds.analysis.figure_patterns import _CUR_CODES, CUR_SIGNS, NUM_CAND
from feeds.analysis.figure_names import NUM_NAME
from feeds.analysis.names import _CONNECT, CAPRUN_RE

#: Phrases of our own that trigger each scan now and then, mixed at random into prose.
_PHRASES = (
    "The council said on Tuesday that", "the teachers, members of the group Harbor Tutors, met", "paid $40 million",
    "in FY22 and USD 5 or Rs 300", "2019 Acme", "404 Media reported", "while the board", "x9 3.5 1,200 A$4 HK$3 €5",
    "-8 _7 'tis Uber's", "The volunteers, a small group called Quay Readers, said", "and the mayor agreed.",
    "the port was quiet for most of the week and few ships came in", "7 Days",
)


def _prose(n_phrases: int, seed: int) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(_PHRASES) for _ in range(n_phrases))


def _hostile(seed: int) -> list[str]:
    """Short strings of the characters the patterns care about, edges included."""
    rnd = random.Random(seed)
    alphabet = "aTthe 0129,.$€£AUCHNSRFYsDEGJIP-_'’\n\tHarbor Tutors members of"
    out = ["", "1", "$", "The", "The teachers, members of the Harbor Tutors Guild said",
           "x2019 Acme 2019 Acme", "2019 Acme, 2019 Acme", "AU$5 USD5 FY", "R$ C$ SR$ Rs"]
    out += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 40))) for _ in range(3000)]
    return out


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def _scan_seconds(rx: re.Pattern[str], text: str) -> float:
    t0 = time.process_time()
    for _ in rx.finditer(text):
        pass
    return time.process_time() - t0


def _speedup(fast: re.Pattern[str], plain: re.Pattern[str], text: str, rounds: int = 7) -> float:
    """Best time of the plain spelling over best time of the pattern, timed alternately."""
    a, b = [], []
    for _ in range(rounds):
        a.append(_scan_seconds(plain, text))
        b.append(_scan_seconds(fast, text))
    return min(a) / max(min(b), 1e-9)


_SIGNS = "".join(x for x in CUR_SIGNS if len(x) == 1)
#: The plain spellings: what each pattern means.
PLAIN = {
    "figure candidates": (NUM_CAND, re.compile(
        r"[0-9]+|[" + _SIGNS + r"]|[AUCHNSR]{1,2}\$|FY|Rs|" + "|".join(_CUR_CODES))),
    "capitalised runs": (CAPRUN_RE, re.compile(
        r"[A-Z](?:\.(?:[A-Z]\.)+|!(?=[ \t]+[A-Z])|(?:[\w&]|['’.\-](?=\w))*\.?)(?:[ \t]+(?:" + _CONNECT + r"[ \t]+){0,2}"
        r"(?:[A-Z](?:[\w&]|['’.\-](?=\w))*\.?|(?:[A-Z]\.){2,})){0,7}")),
    "numbers that begin names": (NUM_NAME, re.compile(NUM_NAME.pattern.replace(
        r"([0-9](?<![\w.,][0-9])[0-9]{0,3})", r"(?=[0-9])(?<![\w.,])([0-9]{1,4})", 1))),
}


#: Capitalised runs measured about 1.4x on this text (their scan was already led by a capital).
_PLAIN_MIN = {"capitalised runs": 1.15}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_scan_finds_what_its_plain_spelling_finds(name: str) -> None:
    fast, plain = PLAIN[name]
    assert fast.pattern != plain.pattern
    for text in [_prose(100, seed) for seed in range(5)] + _hostile(7):
        assert _found(fast, text) == _found(plain, text), text


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_scan_skips_ahead_faster_than_its_plain_spelling(name: str) -> None:
    fast, plain = PLAIN[name]
    text = _prose(10_000, 11)
    assert _found(fast, text)  # the text does exercise the scan
    speedup = _speedup(fast, plain, text)
    assert speedup >= _PLAIN_MIN.get(name, 1.3), f"{name}: only {speedup:.2f}x its plain spelling"


def _plain_find_runs(text: str) -> list:
    """``names.find_runs`` as first written: every run tokenised and cut into pieces, one word or many."""
    from feeds.analysis import names

    raw = []
    for m in names.CAPRUN_RE.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_’'"):
            continue
        for pc in names._pieces(names._run_tokens(text, m)):
            if len(pc) == 1:
                parts = [] if pc[0][0] in names._LONE_DROPPED else [pc]
            else:
                parts = [tp for part in names._split_run(pc) if (tp := names._trimmed(part))]
            for part in parts:
                words = [w for w, _, _ in part]
                words[-1], poss = names._strip_possessive(words[-1])
                raw.append((part[0][1], part[-1][2] - (2 if poss else 0), words, poss))
    return raw


def _cpu(fn, arg) -> float:
    t0 = time.process_time()
    fn(arg)
    return time.process_time() - t0


def test_name_runs_of_one_word_found_as_before_without_tokenising() -> None:
    """Most capitalised runs are one word ("The", "Reuters"): they skip the tokeniser, same results."""
    from feeds.analysis.names import find_runs

    hostile = "Aa Bb's. ’s\tThe Mr. U.S. of and \nX!'-Q"
    rnd = random.Random(5)
    cases = [_prose(100, seed) for seed in range(5)] + _hostile(9)
    cases += ["".join(rnd.choice(hostile) for _ in range(rnd.randint(1, 50))) for _ in range(3000)]
    for text in cases:
        assert find_runs(text) == _plain_find_runs(text), text
    text = " ".join(["Reuters said The mayor Harbor agreed, and Acme's Quay Tutors met."] * 3000)
    plain, fast = [], []
    gc.disable()  # (a collection landing in one side's round would decide the result)
    try:
        for _ in range(9):
            plain.append(_cpu(_plain_find_runs, text))
            fast.append(_cpu(find_runs, text))
    finally:
        gc.enable()
    speedup = min(plain) / max(min(fast), 1e-9)
    assert speedup >= 1.3, f"find_runs: only {speedup:.2f}x its plain spelling"


def test_cue_windows_tokenise_only_as_far_as_they_reach() -> None:
    """A cue at the head of a long paragraph reads the tokens around it, not the whole paragraph,
    and gets exactly the tokens a full scan of the paragraph gives."""
    from feeds.analysis.attribution.base import _tokens, _TokenCache
    from feeds.analysis.segment import Segments

    text = "Intro line.\n\nThe mayor said on Tuesday that the port would reopen. " + _prose(20_000, 3) + "\n\nEnd."
    ps, pe = 13, len(text) - 6
    cue = text.index("said")
    full = _tokens(text, ps, pe)
    for lo, hi in ((ps, cue), (cue + 4, cue + 300), (ps + 40, ps + 41), (pe - 500, pe)):
        assert _TokenCache(text, Segments(text)).get(lo, hi) == [t for t in full if lo <= t[1] and t[2] <= hi]
    whole, window = [], []
    for _ in range(5):
        whole.append(_cpu(lambda t: _tokens(t, ps, pe), text))
        window.append(_cpu(lambda t: _TokenCache(t, Segments(t)).get(cue + 4, cue + 300), text))
    seg_only = min(_cpu(Segments, text) for _ in range(5))
    assert min(window) - seg_only < min(whole) / 3, (min(window), seg_only, min(whole))


# --- scans that skip to where a match may begin ---------------------------------------------
#
# The plain spellings below are the patterns as they read (and as they were written before
# being spelled for speed); each scan must find exactly their matches, offsets, groups and
# ``lastgroup`` included, and do clearly less work than they do on the same text.

#: Our own phrases that trigger the scans: cue words, outlets, number words, quote marks,
#: sentence ends and credit lines, in and out of words.
_SCAN_PHRASES = (
    "the mayor said", "unsaid", "according to the council,", "per the Harbor Board", "a statement by The Quay Trust",
    "his recent claims", "Their words", "calls for", "told Reuters.", "the AP reported", "The Associated Press",
    "Reuters-style", "BBC News Arabic", "three weeks", "Twenty-two", "March 3", "fiscal 2022", "half a dozen",
    "“It’s over,” she said.", "''Fine,'' he said.", "``Quiet'' days", "«Oui»", "Done! The port", "Wait... 40 ships",
    "\nThis article was originally published by Harbor Weekly.\n", "\n  First published in Quay News on Monday\n",
    "the port was quiet", "x", "-", "'", "’", "\n", "\t", "(", "é",
    "two thirds of", "Three quarters of the", "SIX FIFTHS OF", "ſix tenths of", "twenty-one and a half million dollars",
    "Eleven and a half", "ſeven and a half", "two-thirds of", "nine tenths off",
)


#: Ordinary sentences of our own, between the triggers.
_FILLER = (
    "Residents of the harbor town gathered on a windy afternoon to talk about the ferry schedule.",
    "Repairs planned for the old pier were delayed again, and the cafe by the dock stayed closed.",
    "Children walked along the sea wall while fishing boats came back with their nets.",
    "Parking near the market has been difficult since the bridge work began in spring.",
    "Volunteers painted the library benches blue, which pleased almost everybody who sat there.",
)


def _scan_prose(n: int, seed: int) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(_SCAN_PHRASES + _PHRASES) for _ in range(n))


def _scan_hostile(seed: int) -> list[str]:
    """Phrases glued with no space or with odd characters between them, and their edges."""
    rnd = random.Random(seed)
    glue = ("", " ", "-", "'", "’", "_", ".", "\n", "\t", "!", "1", "é", "``", "''")
    out = ["", "said", " said", "said ", "per", "per The", "AP", "the\nAP", "three", "'", "''", "``", ".", "!! A",
           "Published by Acme", "\nReprinted from Quay News"]
    out += ["".join(rnd.choice(_SCAN_PHRASES) if rnd.random() < 0.6 else rnd.choice(glue)
                    for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    return out


def _hits(scan, text: str) -> list[tuple]:
    """What a caller may read of each match: offsets, text, groups and their offsets, ``lastgroup``."""
    out = []
    for m in scan.finditer(text):
        n = len(m.groups())
        out.append((m.span(), m.group(), m.groups(), m.lastgroup,
                    [m.span(i) for i in range(1, n + 1)], [m.group(i) for i in range(1, n + 1)]))
    return out


def _word_scans() -> dict:
    from feeds.analysis.attribution.base import CUE_SCAN
    from feeds.analysis.figure_formats import FRACTION_SCAN
    from feeds.analysis.figure_patterns import WORD_SCAN
    from feeds.analysis.gazetteer import GAZETTEER_SCAN
    from feeds.analysis.segment import QUOTE_MARKS, _MARK_RE, _SENT_END
    from feeds.analysis.sources import _CREDIT_LINE, _credit_line_matches

    gaz_plain = GAZETTEER_SCAN.plain().pattern
    assert r"(?:the\s+|The\s+|)" in gaz_plain
    return {
        "cue words": (CUE_SCAN, CUE_SCAN.plain()),
        "outlets": (GAZETTEER_SCAN, re.compile(gaz_plain.replace(r"(?:the\s+|The\s+|)", r"(?:the\s+|The\s+)?"))),
        "number words": (WORD_SCAN, WORD_SCAN.plain()),
        "quote marks": (_MARK_RE, re.compile("''|``|[" + re.escape(QUOTE_MARKS) + "]")),
        "sentence ends": (_SENT_END, re.compile(_SENT_END.pattern.replace("([.!?][.!?]*)", "([.!?]+)", 1))),
        "credit lines": (type("CreditLines", (), {"finditer": staticmethod(_credit_line_matches)}), _CREDIT_LINE),
        "written fractions": (FRACTION_SCAN, FRACTION_SCAN.plain()),
    }


_SCAN_NAMES = ("cue words", "outlets", "number words", "quote marks", "sentence ends", "credit lines", "written fractions")


@pytest.mark.parametrize("name", _SCAN_NAMES)
def test_skipping_scan_finds_what_its_plain_spelling_finds(name: str) -> None:
    fast, plain = _word_scans()[name]
    assert getattr(fast, "pattern", None) != plain.pattern
    texts = [_scan_prose(200, seed) for seed in range(5)] + _scan_hostile(13)
    assert sum(len(_hits(plain, t)) for t in texts) > 100  # the texts do exercise the scan
    for text in texts:
        assert _hits(fast, text) == _hits(plain, text), text


@pytest.mark.parametrize("name", _SCAN_NAMES)
def test_skipping_scan_does_clearly_less_work_than_its_plain_spelling(name: str) -> None:
    """Prose with a trigger now and then, as articles are: the plain spelling tries (nearly)
    every position, the scan only those a match may begin at."""
    fast, plain = _word_scans()[name]
    rnd = random.Random(17)
    text = " ".join(rnd.choice(_SCAN_PHRASES) if rnd.random() < 0.1 else rnd.choice(_FILLER) for _ in range(3000))
    assert _found(plain, text)
    gc.disable()
    try:
        speedup = _speedup(fast, plain, text, rounds=9)
    finally:
        gc.enable()
    assert speedup >= _MIN_SPEEDUP[name], f"{name}: only {speedup:.2f}x its plain spelling"


#: Characters outside ASCII before a trigger: word characters of ``re`` (letters, digits of other
#: scripts, numerals, superscripts) and others (a no-break space, dashes, quotes, an ideograph is
#: a letter).
_BEYOND_ASCII = ("é", "ß", "Ω", "²", "٣", "Ⅻ", "½", "中", "\u00a0", "—", "“", "«", "’", "…", "\u2009", "\U0001d400", "🙂")


@pytest.mark.parametrize("name", ("cue words", "outlets", "number words"))
def test_word_scans_read_word_characters_beyond_ascii_as_their_plain_spelling(name: str) -> None:
    """The word scans' class names only ASCII word characters; a letter or digit beyond ASCII
    right before a trigger must still keep the match from beginning there, as ``\\w`` does,
    and the next match may begin right after it."""
    fast, plain = _word_scans()[name]
    rnd = random.Random(23)
    texts = [c + p for c in _BEYOND_ASCII for p in _SCAN_PHRASES + _PHRASES]
    texts += ["".join(rnd.choice(_SCAN_PHRASES) if rnd.random() < 0.5 else rnd.choice(_BEYOND_ASCII)
                      for _ in range(rnd.randint(1, 10))) for _ in range(2000)]
    assert sum(len(_hits(plain, t)) for t in texts) > 200
    for text in texts:
        assert _hits(fast, text) == _hits(plain, text), text


#: How much faster each scan is at least: about four fifths of what it measured on this
#: text (number words begin with common letters, so the scan tries more words there).
_MIN_SPEEDUP = {"cue words": 1.5, "outlets": 1.2, "number words": 1.1, "quote marks": 1.7, "sentence ends": 1.4,
                "credit lines": 4.0, "written fractions": 2.0}


#: ``names.TOKEN_RE`` as it reads (before it was spelled for speed).
_TOKEN_PLAIN = (
    r"(?:[A-Za-z]\.){2,}"
    r"|(?:{abbr})\."
    r"|[A-Z]\.(?=\s+[A-Z])"
    r"|[^\W\d_][\w&]*(?:(?:['’.\-](?=\w)|‘(?=s\b))[\w&]*)*(?:(?<=\b[A-Z])!(?=[ \t][A-Z]))?"
    r"|\d{1,3}-(?:year|month|week|day)-olds?\b"
    r"|\d(?:\d|[.,:](?=\d))*%?"
    r"|[^\s\w]"
)


def test_tokens_as_before_with_less_work() -> None:
    """The attribution's tokens (initials, abbreviations, "Q! Daily", "40-year-olds", numbers)
    are those of the plain spelling, found with clearly less work."""
    from feeds.analysis.lexicon import abbreviations, trie_regex
    from feeds.analysis.names import TOKEN_RE

    plain = re.compile(_TOKEN_PLAIN.replace("{abbr}", trie_regex(abbreviations("name")), 1))
    rnd = random.Random(8)
    bits = ("a", "B", ".", " ", "D.", "'", "’", "‘s", "-", "!", "&", "\t", "\n", "1", ",", "%", ":", "x_", "é", "Mr.",
            "Q! Daily", "40-year-olds", "7-day-old", "U.S.", "Sen.", "Q", "2,000.5", "٣")
    texts = [_scan_prose(200, seed) for seed in range(3)]
    texts += ["".join(rnd.choice(bits) for _ in range(rnd.randint(1, 30))) for _ in range(5000)]
    for text in texts:
        assert [(m.span(), m.group()) for m in TOKEN_RE.finditer(text)] == \
            [(m.span(), m.group()) for m in plain.finditer(text)], text
    text = _scan_prose(5000, 21)
    gc.disable()
    try:
        speedup = _speedup(TOKEN_RE, plain, text, rounds=9)
    finally:
        gc.enable()
    assert speedup >= 1.1, f"tokens: only {speedup:.2f}x the plain spelling"


# --- what the first real call pays -------------------------------------------------------

_FIRST_CALL = r"""
import json, re, sys
sys.path.insert(0, sys.argv[1])
from feeds.analysis import analyze
analyze("A short warm-up, she said.")
compiled = []
real = re._compiler.compile
def counting(p, flags=0):
    compiled.append(str(p)[:60])
    return real(p, flags)
re._compiler.compile = counting
analyze(sys.argv[2])
print(json.dumps(compiled))
"""

#: An article of our own whose descriptions ("the Air Force veteran", "a retired teacher") and
#: roles ("director of the port, who …") reach the rules that used to compile patterns on first use.
_ARTICLE = (
    "Harbor Lane Ferries said on Monday that fares would rise in spring.\n\n"
    "\"Costs have doubled since winter,\" the company spokesperson said. Dale Ortiz, 52, a retired teacher "
    "from Quay Point, said he was worried about the change.\n\n"
    "\"I have not decided what to do,\" the Air Force veteran said after the meeting. Mira Tanaka, director "
    "of the port, who joined in May, said the Northern Water Authority (NWA) would help.\n\n"
    "\"We will look at every route,\" Tanaka said, according to Reuters.\n"
)


def test_first_call_in_a_fresh_process_compiles_no_pattern() -> None:
    """Patterns every article may need are compiled at import; one made from an article's words
    is compiled only when those words are in reach. (Compiling one costs ``re`` about as much as
    analysing a paragraph, and ``newsreader analyze`` pays it on its one call.)"""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _FIRST_CALL, str(root), _ARTICLE],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert json.loads(out.stdout) == []


# --- scans that look only where a match can end -------------------------------------------

#: Phrases of our own around acronyms defined in parentheses and digits after words.
_ACRONYM_PHRASES = (
    "the Northern Water Authority (NWA) said", "Quay Point Harbor Board of Trade (QPHBT)", "(NWA)", "Harbor (H.B.)",
    "Dale Ortiz’s Tutors & Friends (DOTF)", "the Port of Kelso and the Coast (PKC) met", "Acme-Bell Co. (AB&C)",
    "a_b Cc_d (CD)", "Élan Vital (EV)", "Mira Tanaka of the Port\t(MTP)", "(not this)", "The Board", "x(AB)",
    "I'm 74 and", "she's 81,", "the S&P 500 rose", "Nasdaq 100", "Quay, CA 90210-1234 today", "N95 masks", "R2,000",
    "KES 40", "₵500", "12 ships", "CA\u00a090210",
)


def _acronym_texts(seed: int) -> list[str]:
    rnd = random.Random(seed)
    glue = ("", " ", "\t", "\n", ",", ".", "(", ")", "’", "-", "_", "é", "1", "A", "of ")
    out = [_prose(40, s) + " " + " ".join(rnd.choice(_ACRONYM_PHRASES) for _ in range(60)) for s in range(5)]
    out += ["".join(rnd.choice(_ACRONYM_PHRASES) if rnd.random() < 0.5 else rnd.choice(glue)
                    for _ in range(rnd.randint(1, 10))) for _ in range(4000)]
    return out


def _best_cpu(rounds: int, *fns) -> list[float]:
    """Best CPU time of each function over ``rounds`` rounds, timed alternately, no collection between."""
    best = [float("inf")] * len(fns)
    gc.disable()
    try:
        for _ in range(rounds):
            for i, fn in enumerate(fns):
                t0 = time.process_time()
                fn()
                best[i] = min(best[i], time.process_time() - t0)
    finally:
        gc.enable()
    return best


def test_defined_acronyms_as_the_whole_text_scan_finds_them_with_less_work() -> None:
    """"Long Name (LN)" pairs are searched for only in the run of name characters before each
    "(LN)": the matches and groups of ``_DEFINED_ACRONYM.finditer``, and many times cheaper
    (that scan tries the whole pattern at every capital of an article)."""
    from feeds.analysis.names import _DEFINED_ACRONYM, defined_acronyms

    texts = _acronym_texts(23)
    assert sum(len(_found(_DEFINED_ACRONYM, t)) for t in texts) > 500
    for text in texts:
        assert [(m.span(), m.groups()) for m in defined_acronyms(text)] == _found(_DEFINED_ACRONYM, text), text
    rnd = random.Random(29)
    text = " ".join(rnd.choice(_ACRONYM_PHRASES[:2]) if rnd.random() < 0.02 else rnd.choice(_FILLER)
                    for _ in range(3000))
    plain, fast = _best_cpu(7, lambda: list(_DEFINED_ACRONYM.finditer(text)), lambda: list(defined_acronyms(text)))
    # (about 5x on this text, 20x on the corpus)
    assert plain / max(fast, 1e-9) >= 3, f"defined acronyms: only {plain / max(fast, 1e-9):.2f}x the whole-text scan"


def test_digit_led_figure_candidates_found_by_one_scan_as_by_four() -> None:
    """Letter currencies, stated ages, index names and ZIP codes start where one scan stops
    (a digit after a space or a currency letter): each pattern's own ``finditer`` matches, for
    clearly less work than four walks over the text."""
    from feeds.analysis import figure_more as fm

    pats = (fm._LETTER_CAND, fm._AGE_CAND, fm._INDEX_CAND, fm._ZIP)
    texts = _acronym_texts(31)
    assert all(sum(len(_found(p, t)) for t in texts) > 50 for p in pats)
    for text in texts:
        got = fm._digit_cands(text)
        for p, found in zip(pats, (got.letter, got.age, got.index, got.zip)):
            assert [(m.span(), m.groups()) for m in found] == _found(p, text), (p.pattern, text)
    rnd = random.Random(37)
    text = " ".join(rnd.choice(_ACRONYM_PHRASES[13:]) if rnd.random() < 0.05 else rnd.choice(_FILLER)
                    for _ in range(3000))
    four, one = _best_cpu(7, lambda: [list(p.finditer(text)) for p in pats], lambda: fm._digit_cands(text))
    # (about 2.5x on this text and 3x on the corpus)
    assert four / max(one, 1e-9) >= 1.8, f"digit candidates: only {four / max(one, 1e-9):.2f}x four scans"


#: Digits beside what the digit-led scans look at: separators, capitals, names, digits of other
#: scripts, years and months, dates, phones and addresses.
_DIGIT_BITS = ("1", "12", "2019", "12345", " ", "-", "/", ".", ")", "(", ",", "+", "A", "Media", "Main St", "٣", "²",
               "\u00a0", "N", "R", "K", "h", "₵", "¢", "CA ", "I'm ", "S&P ", "May", "Fleet", "Days", " and ",
               "3/4/2021", "555-123-4567", "+44 20 7946 0958", "10 Downing Street", "404 Media", "7 Days")


def _digit_texts(seed: int) -> list[str]:
    rnd = random.Random(seed)
    return _acronym_texts(seed)[:5] + [_prose(200, seed), "\n".join(_SCAN_PHRASES)] + [
        "".join(rnd.choice(_DIGIT_BITS) for _ in range(rnd.randint(1, 16))) for _ in range(4000)]


def test_figure_candidates_led_by_a_digit_are_the_runs_of_digits() -> None:
    """``read_digit_runs`` hands the digit scans the candidates of ``NUM_CAND`` that begin with a
    digit, as the runs of digits; it returns where every candidate begins, as ``finditer``."""
    from feeds.analysis.figure_patterns import NUM_CAND, read_digit_runs

    class Runs:
        def __init__(self) -> None:
            self.spans: list[tuple[int, int]] = []

        def read(self, s: int, e: int) -> None:
            self.spans.append((s, e))

    texts = _digit_texts(47) + _hostile(47)
    assert sum(len(re.findall("[0-9]+", t)) for t in texts) > 2000
    for text in texts:
        runs = Runs()
        starts = read_digit_runs(text, runs)
        assert runs.spans == [m.span() for m in re.finditer("[0-9]+", text)], text
        assert list(starts) == [m.start() for m in NUM_CAND.finditer(text)], text


def test_digit_formats_read_off_the_runs_where_their_candidate_scan_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates, phones and addresses are looked for at the candidates ``_CAND.finditer`` finds,
    read off one walk over the runs of digits (each run's last digit, none inside the one before)."""
    from feeds.analysis import figure_formats as ff

    visited: list[int] = []
    monkeypatch.setattr(ff.DigitFormats, "_candidate", lambda self, p: visited.append(p))
    texts = _digit_texts(41)
    assert sum(len(_found(ff._CAND, t)) for t in texts) > 1000
    for text in texts:
        visited.clear()
        ff._digit_formats(text)
        assert visited == [c.start() for c in ff._CAND.finditer(text)], text


def test_number_names_read_off_the_runs_as_their_pattern_finds_them() -> None:
    """Numbers that begin a name used twice, found on one walk over the runs of digits, as the
    whole-text ``finditer`` of ``NUM_NAME`` finds them (years, months, plurals skipped; at most
    2,000 names)."""
    from feeds.analysis import figure_names as fg

    def plain(text: str) -> list[tuple[int, int]]:
        seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for m in fg.NUM_NAME.finditer(text):
            word = m.group(2)
            if word.endswith("s") or word.lower() in fg.MONTHS or word in fg.NOT_NAME_AFTER_NUMBER \
                    or fg.is_year(m.group(1)):
                continue
            seen.setdefault((m.group(1), word), []).append((m.start(), m.end()))
            if len(seen) > 2000:
                break
        return [span for spans in seen.values() if len(spans) >= 2 for span in spans]

    texts = _digit_texts(43)
    names = [f"{n} Name{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}{chr(97 + n // 676)}" for n in range(3000)]
    texts.append(" ".join(names[:100] * 2 + names[100:] + names[2500:2600]))  # (past 2,000 names: not read)
    assert len(plain(texts[-1])) == 200
    assert sum(len(plain(t)) for t in texts) > 250
    for text in texts:
        assert fg.number_names(text) == plain(text), text


def test_source_keys_normalised_once_per_name() -> None:
    """An article names its sources again and again: each name is normalised once (the key is
    a pure function of the name), and the sources are those of the uncached key."""
    from feeds.analysis import analyze
    from feeds.analysis import sources as src

    src._key.cache_clear()
    got = analyze(_ARTICLE)
    info = src._key.cache_info()
    assert info.hits >= info.misses > 0, info  # (seven names, each asked for twice)
    assert "Mira Tanaka" in [s.name for s in got.sources]
    for s in got.sources:
        assert src._key(s.name) == src._key.__wrapped__(s.name)


# --- patterns once led by ``\b`` -------------------------------------------------------------

#: Our own phrases with pronouns and documents introduced with their owners, in and out of words.
_LED_PHRASES = (
    "he said", "She agreed", "his boat", "Him", "himself", "her own", "herself", "The", "shed", "Ahead", "this",
    "she's", "a report by the Harbor Ledger", "An analysis from Quay Data", "a recent survey in The Bay Times",
    "a new study published by Acme Labs, which", "Ana report by", "data", "an", "a", "A story in",
)
#: The patterns as they read before they were spelled led by a class (the spelling is their documentation).
_LED_PLAIN = {
    "pronouns": (r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]imself|[Hh]er|[Hh]erself)\b", "_GENDER_PRON_RE", 2.0),
    "document intros": (r"\b[Aa]n?[ ]", "_INTRO", 1.3),
}


def _led(name: str) -> tuple[re.Pattern[str], re.Pattern[str], float]:
    from feeds.analysis import source_forms
    from feeds.analysis.attribution import base

    plain, attr, least = _LED_PLAIN[name]
    fast = getattr(base if attr == "_GENDER_PRON_RE" else source_forms, attr)
    if name == "document intros":
        plain = fast.pattern.replace(r"[Aa](?<!\w[Aa])n?[ ]", plain, 1)
    return fast, re.compile(plain), least


@pytest.mark.parametrize("name", sorted(_LED_PLAIN))
def test_class_led_pattern_finds_what_its_word_boundary_spelling_finds(name: str) -> None:
    fast, plain, least = _led(name)
    assert fast.pattern != plain.pattern
    rnd = random.Random(41)
    glue = ("", " ", "\n", "-", "'", "’", "_", "1", "é", ",")
    texts = [" ".join(rnd.choice(_LED_PHRASES + _FILLER) for _ in range(300)) for _ in range(3)]
    texts += ["".join(rnd.choice(_LED_PHRASES) if rnd.random() < 0.6 else rnd.choice(glue)
                      for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    assert sum(len(_found(plain, t)) for t in texts) > 100
    for text in texts:
        assert _found(fast, text) == _found(plain, text), text
        # (searched within a window, as the attribution does: the look-behind reads before it)
        assert _found_in(fast, text, 3, len(text) - 2) == _found_in(plain, text, 3, len(text) - 2), text
    text = " ".join(rnd.choice(_LED_PHRASES) if rnd.random() < 0.05 else rnd.choice(_FILLER) for _ in range(3000))
    speedup = _speedup(fast, plain, text)
    assert speedup >= least, f"{name}: only {speedup:.2f}x its word-boundary spelling"


def _found_in(rx: re.Pattern[str], text: str, lo: int, hi: int) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in rx.finditer(text, lo, hi)]


def test_dispute_words_led_by_their_first_letters_as_the_word_boundary_spelling() -> None:
    """"disputed", "DENIED", "Contests" (any case, the folds ``re`` makes included): the same
    matches as ``(?i)\\b(?:challenged|…)\\b``, with clearly less work on prose."""
    from feeds.analysis.figure_key import _ASCII_FOLDS, _DISPUTE
    from feeds.analysis.lexicon.data import words

    cues = sorted(words("figures-dispute-cues"))
    plain = re.compile(r"(?i)\b(?:" + "|".join(sorted(map(re.escape, cues))) + r")\b")
    # (every non-ASCII character that ignoring case matches to an ASCII letter is listed)
    letter = re.compile("(?i)[a-z]")
    assert [chr(i) for i in range(0x80, 0x110000) if letter.match(chr(i))] == sorted(_ASCII_FOLDS)
    rnd = random.Random(43)
    variants = [w.upper() for w in cues] + [w.capitalize() for w in cues] + ["dİsputed", "İnflated", "ıNFLATED"]
    bits = (*cues, *variants, "s", "un", "ed", " ", "-", "_", "1", "é", "’", "\n", "the figure was", "deny9")
    texts = ["".join(rnd.choice(bits) for _ in range(rnd.randint(1, 8))) for _ in range(5000)]
    texts.append(" ".join(rnd.choice(_FILLER + tuple(cues)) for _ in range(400)))
    assert sum(len(_found(plain, t)) for t in texts) > 1000
    for text in texts:
        assert _found(_DISPUTE, text) == _found(plain, text), text
    text = " ".join(rnd.choice(cues) if rnd.random() < 0.02 else rnd.choice(_FILLER) for _ in range(3000))
    speedup = _speedup(_DISPUTE, plain, text)
    assert speedup >= 1.8, f"dispute words: only {speedup:.2f}x the word-boundary spelling"


# --- the cue windows' tokens -----------------------------------------------------------------

class _CountingTokens:
    """``TOKEN_RE`` with a count of the matches it hands out, however they are asked for."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx, self.made = rx, 0

    def match(self, *args):
        m = self.rx.match(*args)
        self.made += m is not None
        return m

    def finditer(self, *args):
        for m in self.rx.finditer(*args):
            self.made += 1
            yield m


def test_paragraph_tokens_as_a_whole_paragraph_scan_with_few_regex_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cue windows read a paragraph's tokens in stretches, most words split off in C: the tokens
    are exactly those one ``TOKEN_RE`` scan of the paragraph gives, whatever the windows asked
    for first, and ``TOKEN_RE`` itself matches only the few words that are not plain."""
    from feeds.analysis.attribution import base
    from feeds.analysis.segment import Segments

    rnd = random.Random(5)
    bits = ("a", "B", ".", " ", "D.", "'", "’", "‘s", "-", "!", "&", "\t", "1", ",", "%", ":", "x_", "_", "é", "Mr.",
            "Q! Daily", "40-year-olds", "U.S.", "Sen.", "Q", "2,000.5", "٣", "²", "\u00a0", "\x1c", "said,", "Hill's",
            "ǅ", "ª", "ß", "Ⅻ", "e\u0301", "ﬁ", "Ωx,", "  ", "\n\n",
            "said.", "Gov.", "Mrs.", "J.", "Jo.", "ab.", "Ωx.", "Hill’s", "A’s", "ab's", "Gov’s", "é.")
    texts = [_scan_prose(300, seed) for seed in range(3)]
    texts += ["".join(rnd.choice(bits) for _ in range(rnd.randint(1, 40))) for _ in range(4000)]
    for text in texts:
        his = sorted(rnd.randrange(len(text) + 1) for _ in range(3))
        cache = base._TokenCache(text, Segments(text))
        for ps, pe in Segments(text).paras:
            whole = base._tokens(text, ps, pe)
            for hi in [h for h in his if ps <= h <= pe] + [pe]:
                assert cache.get(ps, hi) == [t for t in whole if t[2] <= hi], (text, hi)

    text = _prose(3000, 9)  # one paragraph of prose
    counting = _CountingTokens(base.TOKEN_RE)
    monkeypatch.setattr(base, "TOKEN_RE", counting)
    seg = Segments(text)
    ps, pe = max(seg.paras, key=lambda p: p[1] - p[0])
    got = base._TokenCache(text, seg).get(ps, pe)
    assert len(got) > 5_000
    assert counting.made < len(got) / 2, (counting.made, len(got))  # (this prose is full of figures)


# --- scans led by a literal, counts that stop, whitespace in C ---------------------------------

#: "the teachers, members of the group Harbor Tutors": the members scan as it reads.
_MEMBERS_PLAIN = re.compile(_MEMBERS_RE.pattern.replace(
    r"he (?<=[Tt]he )(?<!\w[Tt]he )([a-z]++(?: [a-z]++)?+), ", r"\b([Tt]he [a-z]+(?: [a-z]+)?), ", 1))


def _members_plain(text: str) -> list[tuple[int, str, str]]:
    return [(m.start(), m.group(1), m.group(2)) for m in _MEMBERS_PLAIN.finditer(text)]


def test_named_later_members_as_the_plain_spelling_finds_them_with_less_work() -> None:
    """The members scan is led by the literal "he " (re finds it in C) and checks the "T" behind
    it: the same starts, descriptions and names as the pattern led by a word boundary."""
    assert _MEMBERS_PLAIN.pattern != _MEMBERS_RE.pattern
    hostile = ["Tthe teachers, members of the Harbor Tutors Guild", "xThe a, a b called Q Rr The c, part of Aa Bb",
               "The volunteers, a small group called Quay Readers, said the teachers, members of The He Group"]
    texts = [_prose(100, seed) for seed in range(5)] + _hostile(7) + hostile
    for text in texts:
        assert list(named_later_members(text)) == _members_plain(text), text
    assert any(_members_plain(t) for t in texts)
    text = _prose(10_000, 11)
    plain, fast = _best_cpu(7, lambda: _members_plain(text), lambda: list(named_later_members(text)))
    assert plain / max(fast, 1e-9) >= 1.5, f"members: only {plain / max(fast, 1e-9):.2f}x its plain spelling"


def test_lower_case_words_as_their_look_behind_spelling_reads_them() -> None:
    """Whether an article writes a word in lower case ("Transit riders say" vs "riders"), looked
    for where the word occurs, as the look-behind pattern's words of the whole text tell."""
    from feeds.analysis.attribution.base import writes_lower

    plain = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
    rnd = random.Random(3)
    bits = ("abc", "Abc", "ab", "abcd1", "x_", "'", "’", "-", " ", "\n", "é", "abcé", "ﬁx", "the", ".", "٣", "_abc",
            "abcabc", "²", "bca")
    asked = ("abc", "Abc", "ab", "abcd", "abcabc", "bca", "the", "abcé", "ﬁx", "fix", "port", "quiet", "", "ABC", "abc1",
             "İabc".lower(), "straße")
    texts = [_prose(100, seed) for seed in range(3)] + ["".join(rnd.choice(bits) for _ in range(rnd.randint(0, 30)))
                                                        for _ in range(3000)]
    found = 0
    for text in texts:
        words = set(plain.findall(text))
        for w in asked:
            assert writes_lower(text, w) == (w in words), (text, w)
            found += w in words
    assert found > 300


def test_recipient_hint_matches_where_its_pattern_matches() -> None:
    """"said in a statement to Harbor Weekly": the hint is found by str.find and str.endswith in
    any window exactly where "(?:statement|interview|mail|letter|post) (?:to|with) " matches."""
    from feeds.analysis.attribution.base import recipient_hint

    plain = re.compile(r"(?:statement|interview|mail|letter|post) (?:to|with) ")
    rnd = random.Random(4)
    bits = ("statement", "interview", "email", "letter", "post", " to ", " with ", "to", "with", " ", "x", "state",
            "ment", "  to ", "\t")
    for _ in range(6000):
        text = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 12)))
        lo = rnd.randint(0, len(text))
        hi = rnd.randint(lo, len(text))
        assert recipient_hint(text, lo, hi) == (plain.search(text, lo, hi) is not None), (text, lo, hi)


def test_quote_words_counted_only_as_far_as_a_rule_reads() -> None:
    """A quote's word count is compared with 8 or less: it is counted up to 9, the same as the
    full count below that, and a long quote's words are not all matched."""
    from feeds.analysis import quotes

    rnd = random.Random(6)
    for n in range(0, 40):
        text = " ".join(rnd.choice(("word", "it’s", "1990", "-", "x-ray", "é")) for _ in range(n))
        full = len(quotes._WORD.findall(text, 0, min(len(text), quotes._MAX_SCAN)))
        assert quotes._word_count(text, 0, len(text)) == min(full, quotes._WORDS_ENOUGH)
    counting = _CountingTokens(quotes._WORD)
    text = "The harbour " * 2000
    old, quotes._WORD = quotes._WORD, counting
    try:
        assert quotes._word_count(text, 0, len(text)) == quotes._WORDS_ENOUGH
    finally:
        quotes._WORD = old
    assert counting.made == quotes._WORDS_ENOUGH


def test_source_names_tidied_as_the_whitespace_pattern_tidied_them() -> None:
    r"""Runs of any whitespace (tabs, no-break and em spaces, line breaks) become one space and the
    ends lose spaces and ",.;:", exactly as ``re.sub(r"\s+", " ", …).strip(" ,.;:")`` did."""
    from feeds.analysis.sources import _tidy

    rnd = random.Random(8)
    bits = ("Acme", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u200b", "\x1c", "\u2028", "\x85", ",", ".", ";", ":",
            "Co.", "é", "\u3000")
    for _ in range(5000):
        name = "".join(rnd.choice(bits) for _ in range(rnd.randint(0, 10)))
        assert _tidy(name) == re.sub(r"\s+", " ", name).strip(" ,.;:"), repr(name)


def test_the_times_led_by_its_words_as_the_word_boundary_spelling() -> None:
    """"the Times" after an outlet named The Times is found by a scan led by its words (the
    boundary before "the" read behind the match): the same matches as "\\bthe Times\\b"."""
    from feeds.analysis.sources import _THE_TIMES

    plain = re.compile(r"\bthe Times\b")
    rnd = random.Random(12)
    bits = ("the Times", "the", " ", "Times", "x", "_", "-", "'", "é", "s", ".", "\n", "the Timesx", "bathe Times")
    texts = [_prose(100, 3)] + ["".join(rnd.choice(bits) for _ in range(rnd.randint(0, 12))) for _ in range(4000)]
    assert any(_found(plain, t) for t in texts)
    for text in texts:
        assert _found(_THE_TIMES, text) == _found(plain, text), text
    text = _prose(10_000, 11) + " told the Times."
    slow, fast = _best_cpu(7, lambda: _found(plain, text), lambda: _found(_THE_TIMES, text))
    assert slow / max(fast, 1e-9) >= 2, f"the Times: only {slow / max(fast, 1e-9):.2f}x its plain spelling"


# --- names of one word classified by the rules that can decide them --------------------------

#: Prose with names of one word in the places the classifying rules look at.
_ONE_WORD_PHRASES = (
    "Harrisburg, Pa., said on Monday", "Kingston, Ont. reported", "Dale Ortiz of Worth, an engineer, said",
    "Reuters reported", "AFP said", "Chile said", "the Lawyers said", "NWA said", "Senator said", "Mayor Okafor said",
    "Okafor said he", "Authority said", "Ministry said", "52-year-old Varga said", "said Varga", "spokesperson Hill said",
    "Praises", "Monday", "The", "Europe", "Lark runs the mill", "(Frank) Vogel said", "Acme's chief said", "U.S. said",
    "Dr. Hill", "Ilse Varga, 52, said", "Harbor Lane Records said", "Harbor Lane", "Emergency Lawyers said",
)


def test_names_of_one_word_classified_as_by_every_rule_with_fewer_rules_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of one word skips the classifying rules that need two words or more: the registry
    (mentions, kinds, persons, surnames, acronyms, roles) is what every rule in turn makes of
    it, on generated prose and on the corpus, and those runs try clearly fewer rules."""
    from pathlib import Path

    from feeds.analysis import entities

    rnd = random.Random(41)
    texts = [" ".join(rnd.choice(_ONE_WORD_PHRASES) + rnd.choice((". ", ", ", " and ", "; "))
                      for _ in range(rnd.randint(5, 60))) for _ in range(200)]
    corpus = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "articles"
    texts += [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]

    def registry(text: str) -> tuple:
        reg = entities.build_registry(text)
        return ([(m.start, m.end, m.name, m.kind, m.surface, m.role, m.possessive, m.why) for m in reg.mentions],
                reg.persons, reg.surname, reg.acronyms, reg.kinds, reg.roles)

    tried = {"one": 0}

    def counting(step):
        def counted(run):
            tried["one"] += len(run.toks) == 1
            return step(run)
        return counted

    def counting_evidence(evidence):
        return tuple((counting(test), name) for test, name in evidence)

    monkeypatch.setattr(entities, "_CLASSIFY", tuple(map(counting, entities._CLASSIFY)))
    monkeypatch.setattr(entities, "_CLASSIFY_ONE", tuple(map(counting, entities._CLASSIFY_ONE)))
    monkeypatch.setattr(entities, "_EVIDENCE", counting_evidence(entities._EVIDENCE))
    monkeypatch.setattr(entities, "_EVIDENCE_ONE", counting_evidence(entities._EVIDENCE_ONE))
    fast = [registry(t) for t in texts]
    fast_tried = tried["one"]
    tried["one"] = 0
    monkeypatch.setattr(entities, "_CLASSIFY_ONE", entities._CLASSIFY)
    monkeypatch.setattr(entities, "_EVIDENCE_ONE", entities._EVIDENCE)
    assert [registry(t) for t in texts] == fast
    assert fast_tried < tried["one"] * 0.8, (fast_tried, tried["one"])


def test_run_words_split_off_as_the_whitespace_scan_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A capitalised run's words and offsets are those ``_NONSPACE_RUN`` finds, and a run whose
    words are one space apart (nearly all) is read without that scan."""
    from feeds.analysis import names

    rnd = random.Random(43)
    words = ("Dana", "Hill", "U.S.", "of", "the", "Acme's", "Q!", "Harbor", "Dr.", "Co.", "St.", "O’Neil", "X")
    texts = [rnd.choice(("", "said ", "“", "The ")) + "".join(rnd.choice(words) + rnd.choice((" ", " ", " ", "  ", "\t", " \t"))
                                                         for _ in range(rnd.randint(1, 9))) + rnd.choice((".", " said", ""))
             for _ in range(3000)]
    scans = {"n": 0}

    class Counting:
        def finditer(self, *args):
            scans["n"] += 1
            return names._NONSPACE_RUN_PLAIN.finditer(*args)

    monkeypatch.setattr(names, "_NONSPACE_RUN_PLAIN", names._NONSPACE_RUN, raising=False)
    single = spaced = 0
    for text in texts:
        for m in names.CAPRUN_RE.finditer(text):
            base = m.start()
            plain = [(t.group(), base + t.start(), base + t.end()) for t in names._NONSPACE_RUN.finditer(m.group())]
            monkeypatch.setattr(names, "_NONSPACE_RUN", Counting())
            got = names._run_tokens(text, m)
            monkeypatch.setattr(names, "_NONSPACE_RUN", names._NONSPACE_RUN_PLAIN)
            if plain[-1][0].endswith(".") and not names._KEEP_LAST_DOT.search(plain[-1][0]):
                plain[-1] = (plain[-1][0][:-1], plain[-1][1], plain[-1][2] - 1)
            assert got == plain, (text, m.group())
            one_space = "\t" not in m.group() and "  " not in m.group()
            single += one_space
            spaced += not one_space
    assert single > 1000 and spaced > 100
    assert scans["n"] == spaced, (scans, single, spaced)  # only the runs with tabs or wider gaps are scanned


def test_sentence_at_in_one_call_as_its_index_and_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """``sentence_at`` (asked for thousands of times per article) gives the bounds of the
    sentence ``sent_index`` finds, at every position of prose, edges and empty text included,
    without calling those two."""
    from feeds.analysis.segment import Segments

    rnd = random.Random(47)
    bits = ("Dana said.", " ", "\n\n", "U.S. officials", "?", "“Yes.”", "Mr. Hill", "a", "\n")
    texts = ["", " ", "\n\n", _prose(40, 3)] + ["".join(rnd.choice(bits) for _ in range(rnd.randint(1, 30)))
                                                for _ in range(300)]
    for text in texts:
        seg = Segments(text)
        plain = [seg.sentence_bounds(seg.sent_index(p)) for p in range(-1, len(text) + 2)]
        monkeypatch.setattr(Segments, "sentence_bounds", None)
        monkeypatch.setattr(Segments, "sent_index", None)
        assert [seg.sentence_at(p) for p in range(-1, len(text) + 2)] == plain, text
        monkeypatch.undo()


def test_names_of_one_word_split_into_title_and_name_without_split_title(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run of one word is a title ("Senator") or a name ("Reuters"), as ``split_title`` says
    (a nationality is a title only before another word), without calling it."""
    from feeds.analysis import entities

    calls = {"one": 0}
    plain_split = entities.split_title

    def counting(toks):
        calls["one"] += len(toks) == 1
        return plain_split(toks)

    monkeypatch.setattr(entities, "split_title", counting)
    reg = entities.Registry()
    for word in ("Senator", "Mayor", "Dr", "Reuters", "Chile", "Chilean", "American", "President", "Hill", "The"):
        run_raw = (0, len(word), [word], False)
        got = entities._classify(word + " said", reg, set(), run_raw)
        again = entities._classify(word + " said", entities.Registry(), set(), run_raw)
        assert (got is None) == (again is None) and (got is None or got.kind == again.kind)
    assert calls["one"] == 0
    from feeds.analysis.lexicon import HONORIFICS, NATIONALITIES, PLACES, TITLE_WORDS
    for word in sorted(TITLE_WORDS | HONORIFICS | NATIONALITIES | PLACES) + ["Reuters", "Hill", "The"]:
        title = word in TITLE_WORDS or word in HONORIFICS  # what ``_classify`` reads for one word
        assert plain_split([word]) == (([word], []) if title else ([], [word])), word


def test_hot_look_ups_clamp_offsets_without_max_or_min(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows around each name, cue, quote and figure are clamped by a comparison (or left to
    ``re``, which reads a negative start as 0 and an end past the text as its end), not by the
    builtins ``max`` and ``min`` (a call each, several times the work): an article of names,
    cues, quotes and figures calls them far fewer times than it has names, and analyses as
    before."""
    import builtins

    from feeds.analysis import analyze, entities, figures, quotes, segment, speakers, turns
    from feeds.analysis.attribution import base, cues, resolve_pronouns

    text = "\n\n".join(
        f"“The bridge at Pier {i} is unsafe,” Mayor Dana Hill{i} said on Monday. Harrisburg, Pa., officials "
        f"of Acme Corp said {i * 3} percent of 52-year-old residents agreed, according to Reuters. "
        f"“It will reopen,” he added." for i in range(40))
    before = analyze(text).to_dict(explain=True)
    calls = {"n": 0}

    def counting(builtin):
        def counted(*args, **kwargs):
            calls["n"] += 1
            return builtin(*args, **kwargs)
        return counted

    for mod in (entities, figures, quotes, segment, speakers, turns, base, cues, resolve_pronouns):
        monkeypatch.setattr(mod, "max", counting(builtins.max), raising=False)
        monkeypatch.setattr(mod, "min", counting(builtins.min), raising=False)
    got = analyze(text)
    assert got.to_dict(explain=True) == before
    names = len(entities.build_registry(text).mentions)
    assert names > 200
    assert calls["n"] < names, (calls["n"], names)  # (several per name when each window used them)
