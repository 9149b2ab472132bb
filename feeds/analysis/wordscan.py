r"""Whole-text scans for words that must not follow a word character, skipping ahead in C.

A pattern led by a negative look-behind, ``(?<![\w-])(?:said|told|…)``, is tried by
``re`` at every position of the text, and at every start of a word the whole
alternation is tried. Three such scans (cue words, outlet names, number words) cost
about a fifth of the analyser's time over the corpus. ``WordScan`` finds exactly the
same matches with a cheaper pattern:

* led by a character class, ``[^X]BODY`` instead of ``(?<![X])BODY``: the engine skips
  in C to the next character that may stand before a match and only there tries the
  rest (the text is read behind one such character, so that a match may begin at 0);
* with a guard right after that class: a look-ahead on the first letters of the words
  the body can begin with (a prefix trie), so that most words ("the", "of") fail after
  a letter or two instead of after every branch of the body;
* with ``\w`` of that class read as its ASCII part only (``[^A-Za-z0-9_…]``): the class is
  then one bitmap, and ``re`` no longer asks the Unicode tables about every space and
  comma it skips to (a third of each scan's work over the corpus). A letter or digit
  outside ASCII ("é", "²") may then lead a match it must not: ``finditer`` drops such a
  match and goes on one character after its lead, where the look-behind's scan goes on.

A hit is handed out as a :class:`Hit`, read at the text's own offsets: what
``re.compile(f"(?<![{X}])BODY").finditer(text)`` gives, without compiling the body
twice (these patterns are large: compiling one costs more than scanning the corpus).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .lexicon import trie_regex

__all__ = ["Hit", "WordScan", "letters_guard", "prefix_guard"]


def prefix_guard(starts: Iterable[str], k: int = 4) -> str:
    """A look-ahead that holds wherever one of ``starts`` begins: their first ``k`` characters
    as a trie (every match of the guarded body must begin with one of ``starts``). Selective,
    for bodies that begin with common letters (cue verbs); its trie costs some compiling."""
    return "(?=" + trie_regex({s[:k] for s in starts}) + ")"


def letters_guard(starts: Iterable[str]) -> str:
    """A look-ahead on the first two letters of ``starts`` (each two or more characters long),
    one class each: cheap to compile, and enough where the first letters are rare ones
    (capitals) or few."""
    starts = list(starts)
    if any(len(s) < 2 for s in starts):
        raise ValueError("letters_guard needs starts of two characters or more")
    first, second = ("".join(sorted({s[i] for s in starts})) for i in (0, 1))
    return f"(?=[{_in_class(first)}][{_in_class(second)}])"


def _in_class(chars: str) -> str:
    """``chars`` escaped for the inside of a character class."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


class Hit:
    """One match of a scan at the text's offsets; the part of ``re.Match`` the analyser reads.

    The scan's own match starts one character early (at the character before the word) in
    a copy of the text one character longer: group 0 starts where that match does, every
    other offset is one less."""

    __slots__ = ("_m", "string")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self._m = m
        self.string = text

    def start(self, group: int | str = 0) -> int:
        if group == 0:
            return self._m.start()
        s = self._m.start(group)
        return s - 1 if s >= 0 else s

    def end(self, group: int | str = 0) -> int:
        e = self._m.end(group)
        return e - 1 if e >= 0 else e

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self.start(group), self.end(group)

    def group(self, group: int | str = 0) -> str | None:
        if group == 0:
            return self.string[self._m.start():self._m.end() - 1]
        return self._m.group(group)

    def groups(self) -> tuple[str | None, ...]:
        return self._m.groups()

    @property
    def lastgroup(self) -> str | None:
        return self._m.lastgroup


@dataclass(frozen=True, slots=True)
class WordScan:
    """The matches of ``(?<![X])BODY``, found by ``[^X]BODY`` (see the module's docstring)."""

    scan: re.Pattern[str]
    #: A character of the scan's leading class, put before the text so a match may begin at 0.
    lead: str
    not_after: str
    body: str

    @classmethod
    def build(cls, not_after: str, body: str, guard: str = "", lead: str = "\n") -> WordScan:
        r"""``not_after``: the inside of the look-behind's class (``r"\w'’-"``); ``body``: the rest
        of the pattern, never empty and never looking behind its own start; ``guard``: a
        look-ahead the body implies (``prefix_guard``), or nothing; ``lead``: a character
        outside ``not_after``."""
        if r"\w" not in not_after:
            raise ValueError(r"WordScan reads \w of not_after as ASCII and checks the rest itself")
        ascii_only = not_after.replace(r"\w", "A-Za-z0-9_", 1)
        return cls(re.compile(f"[^{ascii_only}]{guard}{body}"), lead, not_after, body)

    def plain(self) -> re.Pattern[str]:
        """The pattern as it reads, ``(?<![X])BODY``, compiled on demand (for tests and docs)."""
        return re.compile(f"(?<![{self.not_after}]){self.body}")

    def finditer(self, text: str) -> Iterator[Hit]:
        """The matches in order, as ``finditer`` of the look-behind pattern gives them."""
        padded = self.lead + text
        search = self.scan.search
        pos = 0  # in ``padded``: the first character that may stand before the next match
        while (m := search(padded, pos)) is not None:
            if _word_char_beyond_ascii(padded[m.start()]):
                pos = m.start() + 1  # (led by "é": no match here, the next may begin after it)
                continue
            yield Hit(m, text)
            # The next match may begin right where this one ends (when its last character may
            # stand before a word): its leading character is this match's last one.
            pos = m.end() - 1


def _word_char_beyond_ascii(c: str) -> bool:
    """Is ``c`` a character of ``\\w`` outside ASCII (what ``re`` reads as a word character for
    ``str`` patterns: ``str.isalnum``; "_" is ASCII)? The scans' classes let these through."""
    return c > "\x7f" and c.isalnum()
