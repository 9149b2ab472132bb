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

from feeds.analysis.attribution.base import _MEMBERS_RE
from feeds.analysis.figure_patterns import _CUR_CODES, CUR_SIGNS, NUM_CAND
from feeds.analysis.figures import _NUM_NAME

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
    "named-later members": (_MEMBERS_RE, re.compile(_MEMBERS_RE.pattern.replace(
        r"([Tt](?<!\w[Tt])he ", r"\b([Tt]he ", 1))),
    "numbers that begin names": (_NUM_NAME, re.compile(_NUM_NAME.pattern.replace(
        r"([0-9](?<![\w.,][0-9])[0-9]{0,3})", r"(?=[0-9])(?<![\w.,])([0-9]{1,4})", 1))),
}


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
    assert speedup >= 1.3, f"{name}: only {speedup:.2f}x its plain spelling"


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
