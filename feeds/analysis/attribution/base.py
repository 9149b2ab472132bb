"""Shared pieces of attribution: the speaker and cue-event records, tokens, small word tests.

Everything here is used by more than one rule group (cues, speaker phrases,
resolvers); keeping it in one place lets each group live in its own module
without importing the others.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..entities import TOKEN_RE
from ..lexicon import (
    ANON_HEADS, AUX, CUE_FORMS, SPEECH_NOUNS, CUE_LEMMA, DESCRIPTION_CLASS, DOC_HEADS, MONTHS, NP_STOP, ROLE_NOUNS, STOP_CAPS, WEEKDAYS, abbreviations,
    trie_regex,
)
from ..lexicon.data import lines, table, words
from ..segment import Segments
from ..wordscan import WordScan, prefix_guard



_WINDOW = 320  # characters looked at on either side of a cue
MAX_EVENTS = 20000  # results stay bounded on pathological input

#: Nouns a cue names its source after: "a statement by the ministry".
_BY_NOUNS = ("statement", "declaration", "announcement", "assessment", "estimate", "warning", "report", "study", "survey",
             "analysis", "claims?", "remarks", "comments", "testimony", "ruling", "findings?", "review", "investigation",
             "audit", "memo")
_CUE_BODY = (
    r"(?:(?P<acc>[Aa]ccording to)|(?P<per>[Pp]er)(?=\s+(?:the\s+)?[A-Z])"
    r"|(?P<nby>(?:" + "|".join(_BY_NOUNS) + r") by)(?=\s+(?:the\s+)?[A-Z])"
    r"|(?P<cit>[Cc]iting)|(?P<callfor>call(?:s|ed|ing)? for)|(?P<w>" + trie_regex(CUE_FORMS) + r")"
    r"|(?P<pn>(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[a-z]+\s+){0,2}?(?:" + trie_regex(SPEECH_NOUNS) + r")))(?![\w'’-])"
)
#: How every cue begins, for the scan's guard (the nouns without their optional plural "s").
_CUE_STARTS = ("According", "according", "Per", "per", "Citing", "citing", "call",
               *(w.replace("s?", "") for w in _BY_NOUNS), *CUE_FORMS, "His", "his", "Her", "her", "Their", "their", "Its", "its")
#: Every cue not inside a word ("unsaid"), found by a scan that skips to the characters a cue
#: may follow (``wordscan``): the matches of ``(?<![\w'’-])`` + ``_CUE_BODY``.
CUE_SCAN = WordScan.build(r"\w'’-", _CUE_BODY, prefix_guard(_CUE_STARTS))
#: "his claim that …", "her words about …": the possessor's words follow.
_PN_POSS = table("attribution-possessive-pronouns")["subject"]

_OPEN_MARKS = "\"“„«‹‘'"
_CLOSE_MARKS = "\"”»›’'"
_PUNCT_STOP = set(",.;:!?()[]{}—–\"“”„«»‹›‘’'") | {"-"}
_PREPS = words("attribution-preps")
_DETS = words("attribution-determiners")
_INTRO = words("attribution-intro-words")
_PLURAL_PRON = words("attribution-plural-pronouns")
_TIME_WORDS = frozenset({w.lower() for w in WEEKDAYS} | set(MONTHS)) | words("attribution-time-words")
#: Description classes and the kinds of named body each may point back to.
_CLASS_KINDS = {k: tuple(v) for k, v in table("attribution-class-kinds")["kinds"].items()}
#: Heads of anonymous descriptions that refer back to the anonymous speaker before ("the source").
_ANON_BACKREF = words("attribution-anon-backrefs")
#: Documents somebody issues in their own voice: a quote "the statement read" is theirs.
_ISSUED_DOCS = words("attribution-issued-docs")
_AGE_NOUN = re.compile(r"\d{1,3}-year-old")
_PAST_IRREGULAR = words("attribution-past-irregular")
_TITLED_NOUN = re.compile(r"(?i)(the|a|an)\s+[\"“‘'][^\"”’']{1,80}[\"”’']\s+([a-z][\w-]*)$")
_ISSUING_VERBS = words("attribution-issuing-verbs")
_DOC_WORD_RE = {n: re.compile(r"\b" + re.escape(n) + r"s?\b", re.I) for n in _ISSUED_DOCS}
_READ_HEADS = _ISSUED_DOCS | words("attribution-read-heads")
_ISSUER_KINDS = ("person", "organization", "official", "agency", "outlet")
#: Titles and role words that tell a person's gender.
_GENDERED_WORDS = table("attribution-gendered-words")["gender"]
#: "\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]imself|[Hh]er|[Hh]erself)\b", led by the class of the first
#: letters so that ``re`` skips to them in C (a pattern led by ``\b`` is tried at every position).
_GENDER_PRON_RE = re.compile(r"[HhSs](?<!\w[HhSs])(?:(?<=[Hh])(?:e|is|im|imself|er|erself)|(?<=[Ss])he)\b")
_LEAD_PREPS = words("attribution-lead-preps")
#: Quantities before a plural noun ("two reports", "several claims").
_COUNTERS = words("attribution-counters")
#: Words that introduce a phrase without being part of it ("including a senior aide").
_LEAD_STRIP = words("attribution-lead-strip")
#: Military ranks make their holder an officer; abbreviated titles stand for the role.
_TITLE_ROLES = {k: tuple(v) for k, v in table("attribution-title-roles")["roles"].items()}
#: "As Poirot would say", "as Churchill once put it": a saying, not an attribution.
_LITERARY_RE = re.compile(r"(?:^|[.!?]\s+|\n)As\s+[A-Z][^,.;]{0,40}?\s+(?:would|might|could|once|famously|used to)\s+$")
_ANOTHER_RE = re.compile(r"\b(?:[Aa]nother|[Oo]ther|[Aa] second|[Aa] different)\s+(?:[a-z]+\s+){0,3}[a-z]+,?\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
#: Verbs a document does: "the emails show", "the audit found", "records indicate".
_DOC_VERBS = words("attribution-doc-verbs")
#: Words that make a name a news outlet ("Harbor Weekly", "Delta Radio", "Q! Daily").
_MEDIA_WORDS = words("attribution-media-words")
#: What ``recipient_hint`` looks for: "(?:statement|interview|mail|letter|post) (?:to|with) ".
_HINT_NOUNS = ("statement", "interview", "mail", "letter", "post")
_HINT_LINKS = (" to ", " with ")


def recipient_hint(text: str, lo: int, hi: int) -> bool:
    """Does "(?:statement|interview|mail|letter|post) (?:to|with) " match in ``text[lo:hi]``?

    Found in C: each " to " and " with " there by ``str.find``, a noun ending right before one
    (and starting at ``lo`` or after) by ``str.endswith``; the pattern's search was tried at
    every s, i, m, l and p of the window."""
    for link in _HINT_LINKS:
        i = text.find(link, lo, hi)
        while i >= 0:
            if text.endswith(_HINT_NOUNS, lo, i):
                return True
            i = text.find(link, i + 1, hi)
    return False
_RECIPIENT_RE = re.compile(
    r"(?:(?P<tell>\s+)|\s+in\s+(?:a|an)\s+(?:[a-z]+\s+){0,2}(?:statement|interview|email|e-mail|letter|post)\s+(?:to|with)\s+)"
    r"(?:the\s+)?(?P<obj>[A-Z][\w&!.'’-]*(?:[ \t]+[A-Z][\w&!.'’-]*){0,4})")
_PLATFORMS = words("attribution-platforms")
#: "confirmed to Norwegian news outlet VG", "told the newspaper Harbor Daily": the outlet named after its kind
_TO_OUTLET_RE = re.compile(r"\s+to\s+(?:the\s+)?(?:[A-Z][\w-]*\s+|[a-z-]+\s+){0,2}?(?:news\s+outlet|outlet|newspaper|"
                           r"daily|broadcaster|magazine|news\s+site|website|channel|network|radio|station|tabloid|weekly"
                           r"|news\s+agency|agency)\s+(?P<obj>[A-Z][\w&.'’!-]*(?:[ \t]+[A-Z][\w&.'’!-]*){0,3})")
_STATE_MEDIA_RE = re.compile(r"\s+(?:the\s+)?(state(?:-run|-owned)?\s+(?:TV|television|media|radio|broadcaster"
                             r"|news\s+agency|newspaper))\b")
#: "told the BBC. Twitter said": a period after a word (not an initial or a dotted
#: abbreviation) ends the name.
_NAME_PERIOD_END = re.compile(r"(?<=[^\W\d_][^\W\d_])(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Co))\.[ \t]+")


def name_before_period(raw: str) -> str:
    """``raw`` up to a period that ends a sentence ("the BBC. Twitter" -> "the BBC"), not one
    that ends an initial or a dotted abbreviation ("U.S. News" stays whole)."""
    cut = _NAME_PERIOD_END.search(raw)
    if cut is not None and "." not in raw[max(0, cut.start() - 3):cut.start()]:
        return raw[:cut.start()]
    return raw
#: Phrases made only of these words name nobody: days, months, "today", "others", "a new".
_NOT_A_NAME = _TIME_WORDS | words("attribution-not-a-name")
_CAPISH = re.compile(r"^(?:[A-Z]|\d)")
_OUTLET_HEADS = words("attribution-outlet-heads")
_COMMON_HEADS = frozenset(ANON_HEADS) | frozenset(DESCRIPTION_CLASS) | frozenset(DOC_HEADS) | words("attribution-common-heads")
# Nouns a profile uses for the person it is about ("the actor said"): a person of
# that trade, unlike titles of office ("the minister"), which often stand for
# someone the article never names.
_PROFILE_NOUNS = words("attribution-profile-nouns")
_PREPS_CORE = words("attribution-preps-core")
_SPOKES_HEADS = words("attribution-spokes-heads")
_MODALS = words("attribution-modals")
#: Cues whose object is the listener: "told X" never names the speaker after the verb.
_NO_INVERT = words("attribution-no-invert")
#: Verbs spelled like nouns ("the state", "press reports", "his claims").
_NO_INVERT_NOUNY = words("attribution-no-invert-nouny")


@dataclass(slots=True)
class Speaker:
    phrase: str               # as written
    name: str                 # resolved: full name, entity, or the description
    kind: str                 # person|organization|official|outlet|agency|place|anonymous|document|description|pronoun
    role: str | None
    start: int
    end: int
    resolved: bool = True     # False: a pronoun/description we could not tie to a name
    org: str | None = None    # the body a description belongs to ("a Northwind spokesperson")
    literary: bool = False    # "As Poirot would say": a saying quoted, not a source of information
    #: Names of the speaker/resolve rules that chose and resolved this phrase (reach the quote's ``why``).
    why: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CueEvent:
    cue: str
    lemma: str
    start: int
    end: int
    speaker: Speaker | None
    inverted: bool
    weak: bool
    extra: list  # further sources named by the cue ("told Newsweek", coordinated subjects)
    #: Names of the cue rules that decided this event (copied into the ``why`` of its quotes).
    why: list[str] = field(default_factory=list)


def _tokens(text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, lo, hi)]


#: Words ``TOKEN_RE`` reads with their period as one token ("Gov.", "Mr."): its abbreviations.
_NAME_ABBREVIATIONS = frozenset(abbreviations("name"))
#: A possessive's ending, read by ``TOKEN_RE`` as part of its word.
_POSSESSIVE_S = ("'s", "’s")
#: A whitespace character: a paragraph is read in stretches that end at one.
_SPACE = re.compile(r"\s")
#: At least this many characters are read per stretch (fewer calls for windows close together).
_STRETCH = 200


class _ParaTokens:
    """The tokens of one paragraph, read only as far as a window needs them.

    Cue windows stop at their sentence's end, so the rest of a paragraph after its last
    cue is never tokenised. The paragraph is read in stretches that end at whitespace,
    which no token holds, so each stretch's tokens are the ones a full scan gives there.

    Within a stretch, ``str.split(" ")`` cuts the words apart in C (their offsets follow
    from their lengths); a word of letters (most words: "the", "said") is one token, and so
    is such a word with a possessive "'s" ("Hill's"); such a word with a comma or a period after
    it is two (unless the word and its period are an abbreviation, "Gov.", or an initial, "J."),
    as ``TOKEN_RE`` reads them (its word characters hold every letter); only the other pieces
    ("U.S.", "40-year-old", "$5", "“We", a line break) are matched by ``TOKEN_RE``, at their own
    offsets and with the paragraph's end as the scan's end, as a whole-paragraph scan matches
    them. A third less work than a match per token.
    """

    __slots__ = ("toks", "starts", "text", "pos", "pe")

    def __init__(self, text: str, ps: int, pe: int) -> None:
        self.toks: list[tuple[str, int, int]] = []
        self.starts: list[int] = []
        self.text = text
        self.pos = ps  # read up to here: the paragraph's start or a whitespace character
        self.pe = pe

    def upto(self, hi: int) -> None:
        """Read every token that starts before ``hi`` (and the rest of the word ``hi`` is in)."""
        if self.pos >= hi or self.pos >= self.pe:
            return
        text, pe = self.text, self.pe
        space = _SPACE.search(text, hi if hi > self.pos + _STRETCH else self.pos + _STRETCH, pe)
        cut = space.start() if space is not None else pe
        self._read(self.pos, cut)
        self.pos = cut

    def _read(self, lo: int, cut: int) -> None:
        """The tokens of ``text[lo:cut]`` (``lo`` starts a word or follows whitespace; ``cut`` is
        whitespace or the paragraph's end)."""
        text, pe = self.text, self.pe
        toks, starts = self.toks, self.starts
        pos = lo
        for w in text[lo:cut].split(" "):
            a = pos
            pos = a + len(w) + 1  # (the next piece starts after the one space that cut this one)
            if w.isalpha():
                toks.append((w, a, pos - 1))
                starts.append(a)
            elif (w[-1:] == "," or w[-1:] == "." and len(w) > 2 and w[:-1] not in _NAME_ABBREVIATIONS) \
                    and w[:-1].isalpha():
                # (a word and its comma; a word and the period after it, "said.", unless the
                # period is part of the token: an abbreviation, "Gov.", or an initial, "J.")
                toks.append((w[:-1], a, pos - 2))
                toks.append((w[-1], pos - 2, pos - 1))
                starts.append(a)
                starts.append(pos - 2)
            elif w[-2:] in _POSSESSIVE_S and w[:-2].isalpha():  # "Hill’s": one token
                toks.append((w, a, pos - 1))
                starts.append(a)
            elif w:  # (two spaces in a row leave an empty piece)
                _match_word(text, a, pos - 1, pe, toks, starts)


def _match_word(text: str, p: int, end: int, pe: int, toks: list[tuple[str, int, int]], starts: list[int]) -> None:
    """The tokens of ``text[p:end]`` (a stretch after which no token goes on: ``end`` is a space
    or the stretch's end), matched as a paragraph's scan (ending at ``pe``) finds them: a
    character no token starts with (whitespace, "_") is passed over."""
    match = TOKEN_RE.match
    while p < end:
        m = match(text, p, pe)
        if m is None:
            p += 1
            continue
        e = m.end()
        toks.append((m.group(), p, e))
        starts.append(p)
        p = e


class _TokenCache:
    """Tokens of one paragraph at a time: cue windows slice them instead of re-tokenising."""

    def __init__(self, text: str, seg: Segments) -> None:
        self.text = text
        self.seg = seg
        self.pi = -1
        self.cur = _ParaTokens(text, 0, 0)
        self.prev: tuple[int, _ParaTokens | None] = (-1, None)  # the paragraph before, kept for look-backs

    def get(self, lo: int, hi: int) -> list[tuple[str, int, int]]:
        if lo >= hi:
            return []
        pi = self.seg.para_index(lo)
        if not self.seg.paras:
            return _tokens(self.text, lo, hi)
        ps, pe = self.seg.paras[pi]
        if hi > pe or lo < ps:
            return _tokens(self.text, lo, hi)
        if pi != self.pi:
            if self.prev[0] == pi and self.prev[1] is not None:
                cur = (self.pi, self.cur)
                self.pi, self.cur = pi, self.prev[1]
                self.prev = cur
            else:
                self.prev = (self.pi, self.cur)
                self.pi = pi
                self.cur = _ParaTokens(self.text, ps, pe)
        pt = self.cur
        pt.upto(hi)
        a = bisect_left(pt.starts, lo)
        b = bisect_left(pt.starts, hi)
        while b > a and pt.toks[b - 1][2] > hi:
            b -= 1
        return pt.toks[a:b]


def _unposs(w: str) -> str:
    """The word without a possessive 's ("Acme's" -> "Acme")."""
    return w[:-2] if w.endswith(("'s", "’s", "‘s")) else w


def _is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()


def _plain_words(words) -> set[str]:
    """Lower-case words without possessives or edge punctuation, to compare two phrases."""
    return {_unposs(w.lower().strip(",.")) for w in words}


def _poss(tok: str) -> bool:
    return tok.endswith(("'s", "’s", "‘s"))



_PAIR_GAP = re.compile(r",?\s+and\s+(?:[a-z][\w-]*\s+){0,3}")
#: Words that make a stretch between commas a clause rather than an apposition.
_CHAIN_STOP = AUX | words("attribution-chain-stop")
#: Subject pronouns by gender: one earlier in a sentence continues the chain of reference.
_SUBJ_PRON = {"m": re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im)\b"), "f": re.compile(r"\b(?:[Ss]he|[Hh]er)\b")}
_COPULAS = words("attribution-copulas")


def writes_lower(text: str, word: str) -> bool:
    r"""Does ``text`` write ``word`` as one of its words of three or more lower-case letters, a
    match of ``(?<![\w'’-])[a-z]{3,}(?![\w'’-])`` ("riders" in "Transit riders say")?

    Asked for a word or two per article, so each ``word`` is looked for where it occurs
    (``str.find`` in C) instead of collecting every lower-case word of the text: such a scan
    tried every word start of the article and cost more than the rest of the rule."""
    if len(word) < 3 or not (word.isascii() and word.isalpha() and word.islower()):
        return False
    n, end = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        if (i == 0 or not _in_word(text[i - 1])) and (i + n == end or not _in_word(text[i + n])):
            return True
        i = text.find(word, i + 1)
    return False


def _in_word(c: str) -> bool:
    r"""Is ``c`` one of ``[\w'’-]`` (``\w`` of a ``str`` pattern: ``isalnum`` or "_")?"""
    return c.isalnum() or c in "_'’-"


_BY_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")
#: Collective bodies an article often introduces by description and names later.
_NAMED_LATER = lines("attribution-named-later")
_CAPNAME = r"([A-Z][\w'’&.-]*(?:[ \t]+(?:for|of|and|the|&|[A-Z][\w'’&.-]*)){1,6})"
_GROUP_NAME_RE = {n: re.compile(r"\b" + n + r"[ \t]+(?:called[ \t]+|named[ \t]+)?" + _CAPNAME) for n in _NAMED_LATER}
#: "\b([Tt]he [a-z]+(?: [a-z]+)?), (?:members? of …|a … called …)" + a name, led by the literal
#: "he ": ``re`` finds it in C (a pattern led by the class "[Tt]" is tried at every T and t), then
#: checks the "T" and the ``\b`` before it behind; its match and group 1 start one character
#: later than the plain spelling's (``named_later_members`` gives them back). The words after
#: "the" are possessive: only ", " may follow them, so giving letters back never matched.
#: (A match never starts inside the one before: that one ends with a name's word, whose
#: letters run on over an "he" after a "T".)
_MEMBERS_RE = re.compile(
    r"he (?<=[Tt]he )(?<!\w[Tt]he )([a-z]++(?: [a-z]++)?+), (?:(?:members?|part|founders?|leaders?|organi[sz]ers?|volunteers) of "
    r"(?:the |a |an )?(?:[a-z-]+ ){0,4}?|(?:a|an) (?:[a-z-]+ ){0,3}?(?:" + "|".join(_NAMED_LATER) + r") "
    r"(?:called |named )?)" + _CAPNAME)


def named_later_members(text: str) -> Iterator[tuple[int, str, str]]:
    """(start, description, name) of every "the teachers, members of the group Harbor Tutors":
    the start of "the", the description from "the", the name (the plain spelling's match
    start, group 1 and group 2)."""
    for m in _MEMBERS_RE.finditer(text):
        s = m.start() - 1
        yield s, text[s:m.end(1)], m.group(2)


_NOUN_INDEX_SKIP = words("attribution-noun-index-skip")
#: Words that end the head of a description ("the charity behind the festival").
_HEAD_ENDS = words("attribution-head-ends")
_SPOKES_ONLY = words("attribution-spokes-only")
#: Words that end a clause scanned backwards: a relative clause never runs over them.
_CLAUSE_STOP = words("attribution-clause-stop")


_MALE_NOUNS = words("attribution-male-nouns")
_FEMALE_NOUNS = words("attribution-female-nouns")
_PERSON_NOUNS = words("attribution-person-nouns")


def _described_gender(phrase: str) -> str | None:
    """'m' / 'f' for "a 40-year-old businessman in Tehran" / "a woman in Shiraz"; '?' for a
    singular person of unstated sex ("an engineer in Tehran"); None for anything else."""
    words = phrase.lower().split()
    if not words or words[0] not in ("a", "an", "one", "another"):
        return None
    head = None
    for w in words[1:]:
        w = w.strip(",.")
        if w in _PREPS or w in ("who", "whose", "that", "which"):
            break
        head = w
    if head is None:
        return None
    if head in _MALE_NOUNS:
        return "m"
    if head in _FEMALE_NOUNS:
        return "f"
    return "?" if head in _PERSON_NOUNS else None


def _as_quote(after: list) -> bool:
    """"… as “someone who …”", "… as its 'weakest link'": "as" then a quotation, close after the verb."""
    for j in range(min(len(after), 12)):
        t = after[j][0]
        if t == "as":
            return any(x[0] in _OPEN_MARKS for x in after[j + 1:j + 4])
        if t in (".", ";", ":", "!", "?") or t in _OPEN_MARKS:
            return False
    return False


def _poss_apostrophe(toks: list, k: int) -> bool:
    """The apostrophe of a plural possessive ("Harbor Motors' director"), not a quotation mark."""
    return (toks[k][0] in ("'", "’") and k >= 1 and toks[k - 1][2] == toks[k][1]
            and toks[k - 1][0][-1:] in "sS" and k + 1 < len(toks) and toks[k + 1][1] > toks[k][2])


def _call_x_a_y(after: list) -> bool:
    """"called the plan a sham", "called it an outrage": a verdict in someone's words."""
    if not after or after[0][0].lower() in ("a", "an"):
        return False  # "called a meeting"
    for j in range(1, min(len(after) - 1, 12)):
        t = after[j][0]
        if t.lower() in ("a", "an") and after[j + 1][0].isalpha():
            return True
        if not t.isalpha() or t.lower() in NP_STOP or t.lower() in CUE_FORMS \
                or t.lower() in ("for", "at", "from", "with", "about", "into", "by", "during"):
            return False  # ("called the office for a comment": a telephone call)
    return False


def _desc_phrase(phrase: str) -> bool:
    """A common-noun phrase ("the label that signed her", "Acme's new chief"), not a name."""
    words = phrase.split()
    return bool(words) and words[-1][:1].islower() and words[-1][:1].isalpha()


def _nounish(tok: str) -> bool:
    """A noun a relative clause can hang on: a name, or a noun of people or bodies."""
    if not tok or not tok[0].isalpha():
        return False
    if tok[0].isupper():
        return tok not in STOP_CAPS
    if tok in CUE_FORMS and CUE_LEMMA.get(tok) != tok:
        return False  # "reports that …": a verb and its clause (but "the label that …" is a noun)
    t = _unposs(tok.lower())
    sg = _singular(t)
    return any(w in ANON_HEADS or w in DESCRIPTION_CLASS or w in ROLE_NOUNS for w in (t, sg))


def _singular(noun: str) -> str:
    """"groups" -> "group", "companies" -> "company", "ministries" -> "ministry"."""
    if len(noun) > 4 and noun.endswith("ies"):
        return noun[:-3] + "y"
    if len(noun) > 3 and noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def _role_words(role: str) -> set[str]:
    """The words of a role, abbreviated titles spelled out ("Gov." -> governor, "Col." -> officer)."""
    out = set()
    for w in role.lower().replace(",", " ").split():
        out.add(w)
        out.update(_TITLE_ROLES.get(w.rstrip("."), ()))
    return out


_SPACE_RUN = re.compile(r"\s+")
_RELATIVE = re.compile(r"\s+(?:who|which|whose|when|where)\b")


def _trim_role(role: str) -> str | None:
    role = role.strip(" ,;—–-")
    role = _SPACE_RUN.sub(" ", role)
    role = _RELATIVE.split(role)[0]
    if not role or len(role) > 140:
        return None
    if role.lower().startswith(("a ", "an ", "the ")):
        role = role.split(" ", 1)[1]
    return role or None
