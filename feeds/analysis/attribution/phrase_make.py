"""Making a Speaker of a phrase: the rules that classify a chunked speaker phrase.

``MakeRules._make(s, e)`` cleans the phrase ``text[s:e]`` (leading conjunctions
go; contractions, lone stop words and adverbial openers such as "During the
call" are never speakers), splits it into a head and what follows (at the
first preposition or participle), and tries these rules in order; the first
that decides names the speaker and is recorded in its ``why``:

1. ``speaker:titled-noun`` — 'the “Harbor Nights” star': the noun describes, the
   title in marks only says which.
2. (guard) "A CT of his chest showed": an object named by an acronym is an
   unresolved description, never a body that speaks.
3. (guard) phrases made only of times and determiners ("Tuesday", "Others") name
   nobody, unless the article gave the word as a surname.
4. ``speaker:document-owner`` — "a report from the Audit Office found": the body
   behind the document speaks.
5. ``speaker:document-author`` — "Acme's annual audit found", "That report
   found": the possessor, or the author the article named before.
6. ``speaker:issued-document`` — "the statement read", "Acme's statement said":
   whoever issued it speaks.
7. ``speaker:document`` — any other document ("the study found") speaks as itself.
8. ``speaker:sentence-start-noun`` — "Officials say": a common noun capitalised
   only by the sentence start is a description.
9. ``speaker:capitalised-head`` — a capitalised head is a name, resolved by the registry.
10. ``speaker:description`` — a lower-case head is a description.

``speaker:typed-by-description`` (``_type_by_description``, with ``_retype``):
a name in apposition to a description of a body ("The label that signed her,
Harbor Lane, …") is that body, for the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from ..gazetteer import ALIAS_TO_CANON
from ..lexicon import DESCRIPTION_CLASS, DOC_HEADS, FIRST_NAMES, HONORIFICS, STOP_CAPS
from ..rules import rule
from .base import (
    Speaker, _COMMON_HEADS, _DETS, _HEAD_ENDS, _ISSUED_DOCS, _ISSUER_KINDS, _LEAD_PREPS, _NOT_A_NAME,
    _OPEN_MARKS, _PLATFORMS, _PREPS, _TITLED_NOUN, _is_cap, _poss, _singular, _unposs, writes_lower,
)
from .shares import share_speaker
from .phrase_scan import (
    AUTHOR_DETERMINERS, CAP_PRONOUNS, ISSUER_DETERMINERS, LEAD_CONJUNCTIONS, NEXT, first_decision, mark,
)

_CONTRACTION = re.compile(r"(?i)(?:we|i|you|they|he|she|it)['’](?:ll|re|ve|d|m|s)\b")


@dataclass(slots=True)
class Phrase:
    """A cleaned speaker phrase split at its head: "a spokesperson | for the port"."""
    text: str
    words: list[str]
    head: list[str]
    post: list[str]
    s: int
    e: int
    head_last: str = ""   # the head's last word, without a trailing comma or period
    head_noun: str = ""   # the same in lower case, without a possessive ending

    def __post_init__(self) -> None:
        self.head_last = self.head[-1].rstrip(",.") if self.head else ""
        self.head_noun = _unposs(self.head_last.lower())


def split_head(words: list[str]) -> tuple[list[str], list[str]]:
    """The head of a phrase ends before its first preposition ("spokesperson for …") or
    participle ("researchers studying …"); prepositions inside a name ("Bank of Harbor") stay,
    and an acronym spelt like one ("the WHO") is a name, not "who"."""
    for idx, wd in enumerate(words):
        if idx == 0:
            continue
        wl = wd.lower()
        nxt_cap = idx + 1 < len(words) and _is_cap(words[idx + 1]) and _is_cap(words[idx - 1])
        if (wl in _PREPS and not nxt_cap and not (wd.isupper() and len(wd) > 1)) or (idx >= 2 and wd.islower() and wl.endswith(("ing", "ed")) and len(wl) > 5
                                              and words[idx - 1].lower() not in _DETS):
            return words[:idx], words[idx:]
    return words, []


def _speaks_for(p: Phrase, who: Speaker, role: str | None, name: str) -> Speaker:
    """The document phrase ``p`` as a speaker standing for ``who`` (its owner, author or issuer);
    it keeps the rules that found ``who`` ("resolve:statement-issuer"), after its own."""
    sp = Speaker(p.text, who.name, who.kind, role, p.s, p.e, True, None)
    inherited = getattr(who, "why", None)
    if inherited:
        sp.why.extend(inherited)
    return mark(sp, name)


def _clean_words(phrase: str) -> list[str] | None:
    """The words of a phrase that could name a speaker, or None when it cannot."""
    if not phrase or _CONTRACTION.match(phrase):
        return None
    words = phrase.split()
    while words and words[0].lower() in LEAD_CONJUNCTIONS:
        words = words[1:]
    if not words:
        return None
    if len(words) == 1 and words[0] in STOP_CAPS and words[0] not in CAP_PRONOUNS:
        return None
    if words[0] in _LEAD_PREPS:
        return None  # "During the call", "After the vote": an adverbial, never a speaker
    return words


class MakeRules:
    """Classifying a phrase as a speaker (see the module docstring for the rules, in order)."""

    def _make(self, s: int, e: int) -> Speaker | None:
        """Classify the phrase text[s:e] and resolve it."""
        words = _clean_words(self.text[s:e].strip())
        if words is None:
            return None
        head, post = split_head(words)
        p = Phrase(" ".join(words), words, head, post, s, e)
        return first_decision(_MAKE_RULES, self, p)  # (the last rule always decides)

    @rule("speaker:titled-noun", order=110,
          fires=['The “Harbor Nights” star said, “We shot it in the rain.”'],
          not_on=['The harbor star Dana Hill said, “We shot it in the rain.”'])
    def _titled_noun(self, p: Phrase) -> Speaker | None | object:
        """'the “Harbor Nights” star': the noun is what describes; the title only says which."""
        if len(p.words) >= 3 and p.words[1][:1] in _OPEN_MARKS:
            tm = _TITLED_NOUN.match(p.text)
            if tm is not None:
                return mark(self._description(p.text, [tm.group(1), tm.group(2)], [], p.s, p.e), "speaker:titled-noun")
        return NEXT

    def _acronym_object(self, p: Phrase) -> Speaker | None | object:
        """"A CT of his chest showed": an object named by an acronym, not a body."""
        w = p.words
        if len(w) >= 2 and w[0].lower() in ("a", "an") and w[1].isupper() and len(w[1]) <= 4 \
                and (len(w) == 2 or w[2].lower() in _PREPS):
            return Speaker(p.text, p.text, "description", None, p.s, p.e, False)
        return NEXT

    def _not_a_name(self, p: Phrase) -> Speaker | None | object:
        """"Tuesday", "Others", "a new": a time or a bare determiner, never a speaker (but a
        surname the article gave with a first name is one: "says Early")."""
        w = p.words
        if all(x.lower().strip(",.") in _NOT_A_NAME for x in w) \
                and not (len(w) == 1 and _is_cap(w[0]) and w[0].rstrip(",.") in self.reg.surname):
            return None
        return NEXT

    @rule("speaker:document", order=135,
          fires=['The study found “a clear rise in flooding.”'],
          not_on=['Dana Hill found “a clear rise in flooding.”'])
    def _document_phrase(self, p: Phrase) -> Speaker | None | object:
        """Documents: "a report from X" speaks for X (the rules below say who else); one
        nobody can be found behind ("the study found") speaks as itself."""
        if p.head_noun not in DOC_HEADS or _is_cap(p.head_last):
            return NEXT
        owner = self._owner(p.post, p.s)
        if owner is not None:
            if p.head_noun not in _ISSUED_DOCS:
                return self._doc_by_owner(p, owner)
            return mark(Speaker(p.text, p.text, "document", None, p.s, p.e, True, owner.name), "speaker:document")
        for doc_rule in (MakeRules._doc_by_author, MakeRules._doc_by_issuer):
            out = doc_rule(self, p)
            if out is not None:
                return out
        return mark(Speaker(p.text, p.text, "document", None, p.s, p.e, True, None), "speaker:document")

    @rule("speaker:document-owner", order=120,
          fires=['A report from the Harbor Audit Office found “serious gaps in the books.”'],
          not_on=['Dana Hill of the Harbor Audit Office found “serious gaps in the books.”'])
    def _doc_by_owner(self, p: Phrase, owner: Speaker) -> Speaker:
        """"a report from the Audit Office found": the body behind the document speaks."""
        owner.kind = owner.kind if owner.kind != "unknown" else "organization"
        return _speaks_for(p, owner, None, "speaker:document-owner")

    @rule("speaker:document-author", order=125,
          fires=['Northwind Shipping\'s annual audit found “no losses at all.”'],
          not_on=['The annual audit found “no losses at all.”'])
    def _doc_by_author(self, p: Phrase) -> Speaker | None:
        """"Acme's (annual) audit found": the body whose document it is; "That report
        found …" after "findings … by the Audit Office": the author the sentence before named."""
        head = p.head
        if p.head_noun in _ISSUED_DOCS or len(head) > 7:
            return None
        pi = len(head) - 2
        while pi > 0 and not _poss(head[pi]) and head[pi].islower() and len(head) - pi <= 3:
            pi -= 1
        author = self._possessor(head[:pi + 1] + head[-1:], p.s) if pi >= 0 and _poss(head[pi]) else None
        if author is None and head[0].lower() in AUTHOR_DETERMINERS and len(head) <= 2:
            author = self._document_author(p.s)
        if author is not None and author.kind in _ISSUER_KINDS:
            return _speaks_for(p, author, author.role, "speaker:document-author")
        return None

    @rule("speaker:issued-document", order=130,
          fires=['Northwind Shipping\'s statement said “the ships sail on Monday.”'],
          not_on=['Northwind Shipping said “the ships sail on Monday.”'])
    def _doc_by_issuer(self, p: Phrase) -> Speaker | None:
        """"the statement read", "Acme's statement said": whoever issued it speaks."""
        head = p.head
        if p.head_noun not in _ISSUED_DOCS or len(head) > 4:
            return None
        issuer = self._possessor(head, p.s) if len(head) >= 2 and (
            _poss(head[-2]) or (len(head) >= 3 and head[-2] in _PLATFORMS and _poss(head[-3]))) else None
        if issuer is None and head[0].lower() in ISSUER_DETERMINERS:
            issuer = self._statement_issuer(p.head_noun, p.s)
        return _speaks_for(p, issuer, issuer.role, "speaker:issued-document") if issuer is not None else None

    @rule("speaker:sentence-start-noun", order=140,
          fires=['Analysts said “the market will turn.”'],
          not_on=['Dana Hill said “the market will turn.”'])
    def _sentence_start_noun(self, p: Phrase) -> Speaker | object:
        """"Officials say", "Analysts said": capitalised only by the sentence start."""
        if _is_cap(p.head_last) and p.head_noun in _COMMON_HEADS \
                and all(not _is_cap(w) or w in STOP_CAPS or i == 0 for i, w in enumerate(p.head)):
            return mark(self._description(p.text, p.head, p.post, p.s, p.e), "speaker:sentence-start-noun")
        return NEXT

    @rule("speaker:capitalised-head", order=150,
          fires=['Dana Hill said “the cranes stay.”'],
          not_on=['The port manager said “the cranes stay.”'])
    def _name_phrase(self, p: Phrase) -> Speaker | object:
        """A capitalised head is a name ("Dana Hill", "Northwind Shipping's chief")."""
        if p.head_last and _is_cap(p.head_last):
            return mark(self._named(p.head, p.post, p.s, p.e, p.text), "speaker:capitalised-head")
        return NEXT

    @rule("speaker:description", order=160,
          fires=['The port manager said “the cranes stay.”'],
          not_on=['Dana Hill said “the cranes stay.”'])
    def _description_phrase(self, p: Phrase) -> Speaker:
        """A lower-case head: a description ("a spokesperson for the port")."""
        return mark(self._description(p.text, p.head, p.post, p.s, p.e), "speaker:description")

    def _possessor(self, head: list[str], s: int) -> Speaker | None:
        """"Acme Corp's statement": the capitalised possessor before the document noun."""
        k = len(head) - 2
        if k >= 1 and head[k] in _PLATFORMS and _poss(head[k - 1]):
            k -= 1  # "Schifrin’s X post": the platform says where, the possessor who
        run = [_unposs(head[k])]
        while k > 0 and _is_cap(head[k - 1]) and head[k - 1] not in STOP_CAPS and not _poss(head[k - 1]):
            k -= 1
            run.insert(0, head[k])
        if not _is_cap(run[0]):
            return None
        name, kind = self.reg.resolve_name(" ".join(run))
        if kind in ("unknown", "person?"):
            kind = "person" if name in self.reg.persons else "organization"
        return Speaker(" ".join(run), name, kind, self.reg.roles.get(name), s, s, True)

    def _common_word(self, tok: str) -> bool:
        """A word capitalised only because it opens the sentence ("Transit riders say"):
        the article writes it in lower case elsewhere and never uses it as a name."""
        if tok in FIRST_NAMES or tok in self.reg.kinds and self.reg.kinds[tok] not in ("unknown", "organization") \
                or tok in self.reg.surname or tok in ALIAS_TO_CANON or not tok.isalpha():
            return False
        return writes_lower(self.text, tok.lower())

    @rule("speaker:typed-by-description", order=170,
          fires=['The record label, Harbor Lane, said “the album is done.”'],
          not_on=['Her manager, Maria Lopez, said “the album is done.”'])
    def _type_by_description(self, named: Speaker, desc: str) -> None:
        """"The label that signed her, Harbor Lane, …": a name in apposition to a description
        of a body is that body, whatever its words look like."""
        words = [_unposs(w.lower().strip(",.")) for w in desc.split()]
        for j, w in enumerate(words):  # the head noun: the last word before a preposition or a clause
            if j > 0 and (w in _PREPS or w in _HEAD_ENDS):
                words = words[:j]
                break
        last = words[-1] if words else ""
        cls = DESCRIPTION_CLASS.get(last) or DESCRIPTION_CLASS.get(_singular(last))
        if cls is None or named.kind not in ("person", "unknown"):
            return
        first = named.name.split()[0]
        if first in FIRST_NAMES or first in HONORIFICS or named.name in self.reg.roles:
            return
        kind = "official" if cls == "official" else cls
        named.kind = kind
        mark(named, "speaker:typed-by-description")
        self._retype(named.name, kind)

    def _retype(self, name: str, kind: str) -> None:
        """Record that ``name`` is a body of ``kind``, not a person, for the rest of the article."""
        reg = self.reg
        if reg.kinds.get(name) == kind:
            return
        if self._by_name is None:
            self._by_name = {}
            for m in reg.mentions:
                self._by_name.setdefault(m.name, []).append(m)
        if reg.persons.get(name) == "":
            del reg.persons[name]
            parts = name.split()
            if reg.surname.get(parts[-1]) == name:
                del reg.surname[parts[-1]]
        reg.kinds[name] = kind
        for m in self._by_name.get(name, ())[:200]:
            if m.kind in ("person", "unknown", "person?"):
                m.kind = kind
                if not self._in_quote(m.start):
                    self._index_body(m)
        if any(m.kind != "person" for m in self._by_name.get(name, ())) and any(m.name == name for m in self._persons):
            self._persons = [m for m in self._persons if m.name != name]
            self._pstarts = [m.start for m in self._persons]

    def _index_body(self, m) -> None:
        """Keep a mention retyped as a body in the sorted index of bodies."""
        i = bisect_left(self._ostarts, m.start)
        self._orgs.insert(i, m)
        self._ostarts.insert(i, m.start)


#: The rules of ``_make``, in order (see the module docstring).
def _share_of_population(self: MakeRules, p: Phrase) -> Speaker | None | object:
    """"44 percent of Americans said": the poll speaks, never the share (``attribution/shares.py``)."""
    return share_speaker(self.text, p.text, p.s, p.e)


_MAKE_RULES: tuple[Callable[[MakeRules, Phrase], Speaker | None | object], ...] = (
    _share_of_population, MakeRules._titled_noun, MakeRules._acronym_object, MakeRules._not_a_name, MakeRules._document_phrase,
    MakeRules._sentence_start_noun, MakeRules._name_phrase, MakeRules._description_phrase,
)
