"""Numbers that begin a name used more than once ("404 Media … told 404 Media"): not figures.

A number followed by a capitalised word is a figure ("54,000 Marines"), unless
the same number and word come back later in the article: then they are a
name (an outlet, a band, a law), and neither is counted. Years, months,
plurals and the words of ``figures-not-name-after-number.txt`` never make a
name. Read on the walk over the runs of digits that the figure scan makes
(``figure_patterns.read_digit_runs``).
"""

from __future__ import annotations

import re

from .lexicon import MONTHS, WEEKDAYS
from .figure_patterns import read_digit_runs
from .lexicon.data import words

__all__ = ["NUM_NAME", "NOT_NAME_AFTER_NUMBER", "NumberNames", "is_year", "number_names"]

NOT_NAME_AFTER_NUMBER = set(WEEKDAYS) | words("figures-not-name-after-number")


def is_year(num: str) -> bool:
    """Four digits between 1500 and 2100."""
    return len(num) == 4 and num.isdigit() and 1500 <= int(num) <= 2100


NUM_NAME = re.compile(r"([0-9](?<![\w.,][0-9])[0-9]{0,3})[ ]([A-Z][a-z]+)\b(?![ ](?:[A-Z][a-z]+[ ])?(?:and|or)\b)")


class NumberNames:
    """Numbers that begin a name used more than once ("404 Media … told 404 Media"): not
    figures (``spans``). Read a run of digits at a time (``read``, see ``read_digit_runs``):
    ``NUM_NAME`` begins only at the first digit of a run (its look-behind wants no word
    character before that digit), and is matched there as its ``finditer`` matches it."""

    __slots__ = ("text", "seen", "pos", "full")

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
        self.pos = 0  # where the last match ends
        self.full = False  # past 2,000 names: the rest of the text is not read

    def read(self, s: int, e: int) -> None:
        if self.full or s < self.pos or (m := NUM_NAME.match(self.text, s)) is None:
            return
        self.pos = m.end()
        word = m.group(2)
        if word.endswith("s") or word.lower() in MONTHS or word in NOT_NAME_AFTER_NUMBER or is_year(m.group(1)):
            return  # ("2019 American Music Awards": the year is a figure)
        self.seen.setdefault((m.group(1), word), []).append((m.start(), m.end()))
        self.full = len(self.seen) > 2000

    def spans(self) -> list[tuple[int, int]]:
        return [span for spans in self.seen.values() if len(spans) >= 2 for span in spans]


def number_names(text: str) -> list[tuple[int, int]]:
    """The spans of numbers that begin a name used more than once, read alone."""
    reader = NumberNames(text)
    read_digit_runs(text, reader)
    return reader.spans()
