"""Loading the analyser's word lists from the data files beside this module.

Word lists are data, not code: each lives in one file under ``data/`` (one
entry per line, ``#`` starts a comment, blank lines ignored; TOML for tables),
loaded once through ``importlib.resources`` so that an installed wheel and a
source checkout read the same files. A list that is missing is an error at
import time, not an empty set at analysis time.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["words", "lines", "table"]

_PACKAGE = "feeds.analysis.lexicon"


def _read(name: str) -> str:
    return (files(_PACKAGE) / "data" / name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """Entries of ``data/NAME.txt`` in file order, comments and blanks dropped."""
    out: list[str] = []
    for raw in _read(f"{name}.txt").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """Entries of ``data/NAME.txt`` as a set."""
    return frozenset(lines(name))


@cache
def table(name: str) -> dict[str, Any]:
    """``data/NAME.toml`` parsed (for lists whose entries carry flags)."""
    return tomllib.loads(_read(f"{name}.toml"))
