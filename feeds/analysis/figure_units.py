"""Which words after a figure are its unit: what it counts, or nothing.

``figures.py`` reads up to three words after a count; this decides how many
of them are the unit, and why (the name of the unit rule it then records):

- ``"after"``: the words up to the first lower-case noun ("54,000 US troops")
- ``"modifier"``: a word that qualifies the plural noun after it belongs to
  the unit ("47 unforced errors", "two main roads", "four national parks")
- ``"adjective"``: an adjective alone is no unit ("four national"): the unit
  is what is counted, and a quality is not a thing. Adjectives are known by
  their endings (data file ``figures-adjective-endings.txt``) or the
  ``un…ed`` shape ("unforced"), not by a list of words.

A function word, a sign or another number word ends the unit ("three four
times" counts nothing).
"""

from __future__ import annotations

import re

from .figure_patterns import alt
from .lexicon import NUMBER_WORDS
from .lexicon.data import words

__all__ = ["unit_words"]

_ADJECTIVE = re.compile(r"(?:" + alt(sorted(words("figures-adjective-endings"), key=len, reverse=True))
                        + r")$|^un\w+ed$")
_SCALE_WORDS = ("million", "billion")


def unit_words(ws: tuple[str | None, ...], stop: set[str] | frozenset[str]) -> tuple[list[str], str]:
    """The words of a unit among the words after a figure, and how they were chosen."""
    found: list[str] = []
    for n, w in enumerate(ws):
        if _ends_unit(w, stop):
            break
        found.append(w)
        if w[0].islower() and not (len(found) == 1 and w.lower() in _SCALE_WORDS):
            if _modifies(w, ws[n + 1:], stop):
                return found + [ws[n + 1]], "modifier"
            if _ADJECTIVE.search(w):
                return found[:-1], "adjective"
            break  # "54,000 US troops": stop after the first lower-case noun
    return found, "after"


def _ends_unit(w: str | None, stop) -> bool:
    """A function word, a sign, or another number ("three four times") ends a unit."""
    return not w or w.lower() in stop or not w[0].isalpha() or w.lower() in NUMBER_WORDS


def _modifies(w: str, rest: tuple[str | None, ...], stop) -> bool:
    """``w`` qualifies the plural noun after it ("unforced errors", "main roads", "net points")."""
    nxt = rest[0] if rest else None
    return (nxt is not None and not w.endswith("s") and nxt.isalpha() and nxt.islower()
            and nxt.endswith("s") and not nxt.endswith("ss") and nxt not in stop and len(nxt) > 3)
