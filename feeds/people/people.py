"""People: the speakers of the analysis index, merged across articles by name and alias.

Why these rules: the analyser names a speaker as the article does, so one
minister appears as "Yoshimasa Hayashi", "Hayashi" and "Mr. Hayashi". Courtesy
titles are dropped, and a surname alone joins a full name only when that is
unambiguous — one full name with that surname in the same article, or else in
the whole library. Two people who share a surname therefore stay apart, and a
bare surname that could be either stays a person of its own rather than being
guessed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from ..library.indexed import IndexedQuote, IndexedSource

if TYPE_CHECKING:
    from ..library.store import Library

__all__ = ["Person", "people", "person_key", "quotes_by"]

_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "madam", "mister"}
#: Longer "roles" are a clause the analyser took for one ("…, and then held in a house in …").
MAX_ROLE_WORDS = 8
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
#: The analyser's source kinds, as the issue names a speaker's kind.
_KINDS = {"person": "person", "official": "person", "organization": "organisation", "outlet": "organisation",
          "document": "organisation", "agency": "agency", "anonymous": "anonymous"}


@dataclass(slots=True)
class Person:
    """One speaker across the library."""

    name: str
    kind: str
    role: str | None
    quotes: int
    articles: int
    feeds: int
    first_seen: str
    last_seen: str
    #: Every spelling of the name merged into this person (as the articles wrote it).
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "role": self.role, "quotes": self.quotes,
                "articles": self.articles, "feeds": self.feeds, "first_seen": self.first_seen,
                "last_seen": self.last_seen, "aliases": self.aliases}


def _words(name: str) -> list[str]:
    """The name's words, casefolded, courtesy titles and possessives dropped."""
    words = [w.strip(".'’").casefold() for w in _WORD.findall(name)]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    while words and words[0].rstrip(".") in _HONORIFICS:
        words.pop(0)
    return [w for w in words if w]


def person_key(name: str) -> str:
    """The name as compared: "Mr. Hayashi" and "hayashi" are the same key."""
    return " ".join(_words(name))


def _is_full(key: str) -> bool:
    return " " in key


def _surname(key: str) -> str:
    return key.rsplit(" ", 1)[-1]


def _resolve(quotes: list[IndexedQuote]) -> dict[tuple[int, str], str]:
    """(article seq, speaker as written) → the person key it belongs to."""
    by_article: dict[int, set[str]] = defaultdict(set)
    for q in quotes:
        if q.speaker:
            by_article[q.article.seq].add(q.speaker)
    library_full: dict[str, set[str]] = defaultdict(set)
    for names in by_article.values():
        for name in names:
            key = person_key(name)
            if _is_full(key):
                library_full[_surname(key)].add(key)
    resolved: dict[tuple[int, str], str] = {}
    for seq, names in by_article.items():
        here: dict[str, set[str]] = defaultdict(set)
        for name in names:
            key = person_key(name)
            if _is_full(key):
                here[_surname(key)].add(key)
        for name in names:
            key = person_key(name) or name.casefold()
            if not _is_full(key):
                local = here.get(key, set())
                anywhere = library_full.get(key, set())
                if len(local) == 1:
                    key = next(iter(local))
                elif not local and len(anywhere) == 1:
                    key = next(iter(anywhere))
            resolved[(seq, name)] = key
    return resolved


def _display(spellings: Counter[str], key: str) -> str:
    """The fullest spelling the articles used, without a courtesy title."""
    best = max(spellings, key=lambda s: (len(person_key(s)) == len(key), spellings[s], -len(s)))
    words = best.split()
    while len(words) > 1 and words[0].strip(".").casefold() in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _role(roles: Counter[str]) -> str | None:
    """The role seen most, a bare courtesy title not counting as one."""
    real = Counter({r: n for r, n in roles.items()
                    if r and person_key(r) and r.strip(".").casefold() not in _HONORIFICS
                    and len(r.split()) <= MAX_ROLE_WORDS})
    return real.most_common(1)[0][0] if real else None


def group_quotes(quotes: list[IndexedQuote]) -> dict[str, list[IndexedQuote]]:
    """Quotes by person key (speakerless quotes left out)."""
    resolved = _resolve(quotes)
    groups: dict[str, list[IndexedQuote]] = defaultdict(list)
    for q in quotes:
        if q.speaker:
            groups[resolved[(q.article.seq, q.speaker)]].append(q)
    return groups


def _kinds(sources: Iterable[IndexedSource]) -> dict[tuple[int, str], str]:
    return {(s.seq, person_key(s.name)): _KINDS.get(s.kind, "person") for s in sources}


def people(library: "Library", *, feed_url: str | None = None, since: str | None = None) -> list[Person]:
    """Everyone quoted, most quoted first (ties by name)."""
    quotes = library.indexed_quotes(feed_url=feed_url, since=since)
    groups = group_quotes(quotes)
    kinds = _kinds(library.indexed_sources({q.article.seq for q in quotes}))
    out = []
    for key, qs in groups.items():
        dates = sorted(q.article.published for q in qs)
        kind = Counter(kinds.get((q.article.seq, person_key(q.speaker or "")), "person") for q in qs)
        out.append(Person(
            name=_display(Counter(q.speaker or "" for q in qs), key), kind=kind.most_common(1)[0][0],
            role=_role(Counter(q.role or "" for q in qs)), quotes=len(qs),
            articles=len({q.article.seq for q in qs}), feeds=len({q.article.feed_id for q in qs}),
            first_seen=dates[0], last_seen=dates[-1], aliases=sorted({q.speaker or "" for q in qs})))
    out.sort(key=lambda p: (-p.quotes, -p.articles, p.name.casefold()))
    return out


def quotes_by(library: "Library", *, speaker: str | None = None, search: str | None = None,
              feed_url: str | None = None, since: str | None = None) -> list[tuple[str, IndexedQuote]]:
    """Quotes, newest first, each with its speaker's merged name; ``speaker`` matches any alias."""
    quotes = library.indexed_quotes(search=search, feed_url=feed_url, since=since)
    everyone = library.indexed_quotes(feed_url=feed_url, since=since) if search else quotes
    resolved = _resolve(everyone)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for q in everyone:
        if q.speaker:
            names[resolved[(q.article.seq, q.speaker)]][q.speaker] += 1
    wanted = None
    if speaker is not None:
        key = person_key(speaker)
        wanted = {k for k in names if k == key or (not _is_full(key) and _surname(k) == key)}
    out = []
    for q in quotes:
        key = resolved.get((q.article.seq, q.speaker)) if q.speaker else None
        if wanted is not None and key not in wanted:
            continue
        out.append((_display(names[key], key) if key else "", q))
    return out
