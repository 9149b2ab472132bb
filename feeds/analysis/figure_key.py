"""Which figures are key: the few a reader must see, out of every number found.

A Davis Cup report has dozens of figures, most of them set scores; the pane
should lead with the handful that carry the story. Each figure is tried
against these rules in order; the first that fires marks it ``key`` and adds
its name to the figure's ``why``:

1. ``figure:key-lede`` a figure in the headline or lede (the first paragraph,
   or the first two when the first is a headline: short, with no full stop);
   not dates, times or years; ``figure:key-headline`` a figure whose number the
   article's title gives (the title is not part of its text)
2. ``figure:key-money`` an amount of money
3. ``figure:key-percent`` a percentage
4. ``figure:key-disputed`` a figure whose sentence says it is disputed,
   denied or contested
5. ``figure:key-final-score`` a score alone in its sentence ("won the final
   2-1"), not one of the set scores of a match ("6-4, 3-6, 6-2")
6. ``figure:key-counted`` a count with what it counts ("54,000 US troops"),
   a measure with its unit ("12 feet", "10 years")

A figure repeated with the same text and unit is key only the first time.
At most ``MAX_KEY`` figures stay key: the earlier rules win, then the earlier
figures, so a long report still shows a short list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon.data import words
from .model import Figure
from .rules import declare
from .segment import Segments

__all__ = ["mark_key", "MAX_KEY"]

#: Never more key figures than this in one article.
MAX_KEY = 12
#: A first paragraph shorter than this is a headline: the lede is the paragraph after it too.
_HEADLINE_CHARS = 120
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'")
_NOT_LEDE_KINDS = frozenset({"date", "time", "year"})
#: Non-ASCII characters that ``re`` matches to an ASCII letter when it ignores case
#: ("İ", "ı" to "i"; "ſ" to "s"; the Kelvin sign to "k").
_ASCII_FOLDS = "\u0130\u0131\u017f\u212a"


def _word_led(words_: frozenset[str]) -> re.Pattern[str]:
    """``(?i)\\b(?:w1|w2|…)\\b`` (the words in sorted order), spelled led by the class of their
    first letters in every case: ``re`` skips in C to those letters, where a pattern led by
    ``\\b`` is tried at every position; a look-behind at the letter then picks the words that
    begin with it, in the same order, so the same match is found."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words_):
        by_first.setdefault(w[0].lower(), []).append(re.escape(w[1:]))
    firsts = "".join(by_first)
    folds = "".join(ch for ch in _ASCII_FOLDS if re.match(f"(?i)[{firsts}]", ch))
    lead = f"[{firsts}{firsts.upper()}{folds}]"
    rests = "|".join(f"(?<={re.escape(c)})(?:{'|'.join(r)})" for c, r in by_first.items())
    return re.compile(rf"{lead}(?<!\w{lead})(?i:{rests})\b")


#: Words of a dispute: ``(?i)\b(?:challenged|contested|…)\b``.
_DISPUTE = _word_led(words("figures-dispute-cues"))

#: examples of the later rules start with a paragraph long enough not to be a headline, so
#: their figures sit after the lede
_PAST_LEDE = ("The talks went on for a while, as everyone had expected they would do, and then ended "
              "without a statement from anyone at all.\n\n")

LEDE = declare("figure:key-lede", order=400, fires=["Japan hosts 54,000 US troops.\n\nThe talks went on."],
               not_on=[_PAST_LEDE + "Japan hosts 9 bases."],
               doc="A figure in the headline or lede is key.")
HEADLINE = declare("figure:key-headline", order=405,
                   fires=[("Storm toll rises to 41 on the coast", _PAST_LEDE + "The toll rose to 41 on Tuesday.")],
                   not_on=[("Storm hits the coast", _PAST_LEDE + "The toll rose to 41 on Tuesday.")],
                   doc="A figure the headline gives (the article's title, which is not in its text) is key.")
MONEY = declare("figure:key-money", order=410,
                fires=[_PAST_LEDE + "The bridge cost $1.2 billion."],
                not_on=[_PAST_LEDE + "The bridge opened in 1962."],
                doc="Money is key.")
PERCENT = declare("figure:key-percent", order=420,
                  fires=[_PAST_LEDE + "Prices rose 4.5% last year."],
                  not_on=[_PAST_LEDE + "Prices rose at 8 p.m. sharp."],
                  doc="A percentage is key.")
DISPUTED = declare("figure:key-disputed", order=430,
                   fires=[_PAST_LEDE + "The mayor disputed the tally of 9,000."],
                   not_on=[_PAST_LEDE + "The mayor read out the tally of 9,000."],
                   doc="A figure that a source disputes or denies is key.")
FINAL_SCORE = declare("figure:key-final-score", order=440,
                      fires=[_PAST_LEDE + "Spain won the tie 3-1 on Sunday."],
                      not_on=[_PAST_LEDE + "She won 6-4, 3-6, 6-2 on Sunday."],
                      doc="A score standing alone is the result; a run of set scores is detail.")
COUNTED = declare("figure:key-counted", order=450,
                  fires=[_PAST_LEDE + "Police counted 54,000 protesters."],
                  not_on=[_PAST_LEDE + "Police counted 54,000 of them."],
                  doc="A count with what it counts, or a measure with its unit, is key.")


@dataclass(slots=True)
class _Article:
    """What the key rules read about the article as a whole."""

    seg: Segments
    lede_end: int
    #: indexes (into the figure list) of scores that belong to a run of scores
    score_runs: frozenset[int]
    #: sentence index -> whether it says a figure is disputed (each sentence read once)
    disputed: dict[int, bool]
    #: the numbers the title gives, commas dropped ("3,000" -> "3000")
    headline: frozenset[str] = frozenset()


def _lede(f: Figure, a: _Article, i: int) -> bool:
    return f.start < a.lede_end and f.kind not in _NOT_LEDE_KINDS


#: A number as written: digits with grouping commas or a decimal point.
_NUMBER = re.compile(r"[0-9](?:[0-9,.]*[0-9])?")


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


def _headline(f: Figure, a: _Article, i: int) -> bool:
    return bool(a.headline) and f.kind not in _NOT_LEDE_KINDS and not a.headline.isdisjoint(_numbers(f.text))


def _money(f: Figure, a: _Article, i: int) -> bool:
    return f.kind == "money" or (f.kind == "range" and bool(f.unit) and "$" in f.text)


def _percent(f: Figure, a: _Article, i: int) -> bool:
    return f.kind == "percent"


def _disputed(f: Figure, a: _Article, i: int) -> bool:
    if f.kind in _NOT_LEDE_KINDS:
        return False
    n = a.seg.sent_index(f.start)
    if n not in a.disputed:
        a.disputed[n] = bool(_DISPUTE.search(f.context))
    return a.disputed[n]


def _final_score(f: Figure, a: _Article, i: int) -> bool:
    return f.kind == "score" and i not in a.score_runs


def _counted(f: Figure, a: _Article, i: int) -> bool:
    return f.kind in ("count", "measure") and bool(f.unit) and f.value is not None


_RULES: tuple[tuple[str, Callable[[Figure, _Article, int], bool]], ...] = (
    (LEDE, _lede), (HEADLINE, _headline), (MONEY, _money), (PERCENT, _percent), (DISPUTED, _disputed), (FINAL_SCORE, _final_score),
    (COUNTED, _counted),
)
_PRIORITY = {name: n for n, (name, _) in enumerate(_RULES)}


def _lede_end(seg: Segments, text: str) -> int:
    """End of the lede: the first paragraph, and the next one when the first is a headline
    (short, and ending without a full stop)."""
    paras = seg.paras or [(0, len(text))]
    first = text[paras[0][0]:paras[0][1]].rstrip()
    end = paras[0][1]
    if len(first) < _HEADLINE_CHARS and not first.endswith(_SENTENCE_END) and len(paras) > 1:
        end = paras[1][1]
    return end


def _score_runs(figs: list[Figure], seg: Segments) -> frozenset[int]:
    """Scores that share their sentence with another score (the sets of a match): none is the result."""
    by_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(figs):
        if f.kind == "score":
            by_sentence.setdefault(seg.sent_index(f.start), []).append(i)
    return frozenset(i for run in by_sentence.values() if len(run) > 1 for i in run)


def mark_key(figs: list[Figure], text: str, seg: Segments, title: str = "") -> None:
    """Set ``key`` on the figures a reader must see (in place), with the rule that chose each;
    ``title``: the article's, whose numbers are key where the text gives them."""
    if not figs:
        return
    a = _Article(seg, _lede_end(seg, text), _score_runs(figs, seg), {}, _numbers(title) if title else frozenset())
    chosen: list[tuple[int, int, Figure]] = []
    seen: set[tuple[str, str | None]] = set()
    for i, f in enumerate(figs):
        name = _first_rule(f, a, i)
        if name is None or (f.text, f.unit) in seen:
            continue
        seen.add((f.text, f.unit))
        chosen.append((_PRIORITY[name], i, f))
        f.why.append(name)
    chosen.sort(key=lambda c: (c[0], c[1]))
    for n, (_, _, f) in enumerate(chosen):
        if n < MAX_KEY:
            f.key = True
        else:
            f.why.pop()


def _first_rule(f: Figure, a: _Article, i: int) -> str | None:
    """Name of the first key rule that fires on ``f``, if any."""
    for name, test in _RULES:
        if test(f, a, i):
            return name
    return None
