"""A curated gazetteer of real news organisations, with aliases and kinds.

Wire agencies, newspapers, broadcasters and magazines that news copy cites
("AFP reported", "told the BBC", "(Reuters) -", "/ BGNES"). Each entry is
``canonical name -> (kind, aliases)``; aliases are matched case-sensitively as
whole words, so short acronyms ("AP", "FT") do not fire inside other words.
The entries are data (``lexicon/data/outlets.toml``).
"""

from __future__ import annotations

from .lexicon import trie_regex
from .lexicon.data import table
from .wordscan import WordScan, letters_guard

__all__ = ["OUTLETS", "ALIAS_TO_CANON", "GAZETTEER_SCAN", "lookup"]

_DATA = table("outlets")
#: Canonical name -> (kind, aliases).
OUTLETS: dict[str, tuple[str, tuple[str, ...]]] = {
    canon: (kind, tuple(aliases)) for kind in ("agency", "outlet") for canon, aliases in _DATA[kind].items()}


def _aliases() -> dict[str, str]:
    """Alias -> canonical name; the canonical name is an alias too unless the data lists it
    under ``not_alone`` (a common word alone: "Time", "Science"; "The Times" is only
    matched as "The Times of London", a bare "the Times" refers back to whichever
    "... Times" the article named, see sources.py)."""
    alone = frozenset(_DATA["not_alone"])
    out: dict[str, str] = {}
    for canon, (_kind, aliases) in OUTLETS.items():
        for alias in aliases if canon in alone else (canon, *aliases):
            if len(alias) >= 2:
                out.setdefault(alias, canon)
    return out


ALIAS_TO_CANON: dict[str, str] = _aliases()

#: One regex for every alias, longest first by construction of the trie.
# An alias followed by another capitalised word is part of a longer name
# ("JAMA Psychiatry", "The National Survey", "Reuters Institute").
# ("(?:the\s+|The\s+|)" is "(?:the\s+|The\s+)?" spelled as a branch: an optional group costs
# ``re`` an allocation at every word; the scan skips to the characters a name may follow.)
GAZETTEER_SCAN = WordScan.build(r"\w.-", r"(?:the\s+|The\s+|)(" + trie_regex(ALIAS_TO_CANON) + r")(?![\w-]|\.\w|[ \u00a0][A-Z][a-z])",
                                letters_guard([*ALIAS_TO_CANON, "the", "The"]))


def lookup(name: str) -> tuple[str, str] | None:
    """(canonical name, kind) of an outlet named ``name``, or None."""
    n = name.strip()
    for cand in (n, n[4:] if n.lower().startswith("the ") else n):
        canon = ALIAS_TO_CANON.get(cand)
        if canon:
            return canon, OUTLETS[canon][0]
    return None
