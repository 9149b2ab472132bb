"""Names in an article: the tokens, the capitalised runs, and the registry of names.

No model: capitalised runs are found by one regex and cut into the names they
hold (at a sentence end inside the run, after a possessive, at a connector that
does not hold one name together). What each name is, and which rules decided
it, is the business of ``entities.py``; this module holds what those rules
share: ``Mention`` and ``Registry``, the token regexes and the small tests of
what looks like a person's name, a place or an acronym.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from .lexicon.data import words
from .gazetteer import ALIAS_TO_CANON, OUTLETS
from .lexicon import (
    trie_regex, CUE_FORMS, FIRST_NAMES, HONORIFICS, NATIONALITIES, ORG_WORDS, PLACES, ROLE_NOUNS,
    STOP_CAPS, TITLE_WORDS, MONTHS, WEEKDAYS, abbreviations,
)

__all__ = ["Mention", "Registry", "TOKEN_RE", "CAPRUN_RE", "split_title", "find_runs", "Raw", "Tok"]

#: Tokens for phrase parsing: abbreviations, initials, words with inner
#: apostrophes/hyphens/dots, numbers, single punctuation marks.
#:
#: (Spelled for speed, each alternative as it reads: "(?:[A-Za-z]\.){2,}", "\d{1,3}-…" and
#: "(?:(?<=\b[A-Z])!(?=[ \t][A-Z]))?" are led by a character, so that ``re`` skips an
#: alternative on its first character, and the optional "!" is a branch, not a repeat, which
#: costs ``re`` an allocation at every token; a word's letters are possessive (``*+``): nothing
#: after them can fail, so giving letters back never found another token; ASCII letters are
#: spelled out beside ``\w``, found in the class's bitmap before the Unicode tables are asked.
#: Same tokens, a fifth less work.)
TOKEN_RE = re.compile(
    r"[A-Za-z]\.(?:[A-Za-z]\.)+"
    r"|(?:" + trie_regex(abbreviations("name")) + r")\."
    r"|[A-Z]\.(?=\s+[A-Z])"
    r"|[^\W\d_][A-Za-z0-9_\w&]*+(?:(?:['’.\-](?=\w)|‘(?=s\b))[A-Za-z0-9_\w&]*+)*+(?:!(?<=\b[A-Z]!)(?=[ \t][A-Z])|)"  # "Q! Daily": a one-letter brand
    r"|\d\d{0,2}-(?:year|month|week|day)-olds?\b"  # "a 40-year-old businessman": one modifier
    r"|\d(?:\d|[.,:](?=\d))*%?"
    r"|[^\s\w]"
)

#: The letters of a capitalised word, as "(?:[\w&]|['’.\-](?=\w))*" reads, spelled for speed:
#: possessive (nothing after a run can fail, so giving letters back never made a longer run),
#: with no repeat of a group per letter, ASCII letters found in the class's bitmap first.
_WORD_REST = r"[A-Za-z0-9_\w&]*+(?:['’.\-](?=\w)[A-Za-z0-9_\w&]*+)*+"
_CAP = r"(?:[A-Z]" + _WORD_REST + r"\.?|(?:[A-Z]\.){2,})"
_CONNECT = r"(?:of|for|and|&|de|del|della|der|van|von|da|di|du|la|le|bin|ibn|al|el|the|on)"
#: A run of capitalised words, with connectors inside; bounded length.
CAPRUN_RE = re.compile(  # (a literal first capital lets the engine skip ahead to capitals)
    r"[A-Z](?:\.(?:[A-Z]\.)+|!(?=[ \t]+[A-Z])|" + _WORD_REST + r"\.?)(?:[ \t]+(?:" + _CONNECT + r"[ \t]+){0,2}" + _CAP + r"){0,7}"
)

_ORG_MARKERS = {w.rstrip(".") for w in ORG_WORDS}
_OFFICIAL_WORDS = words("names-official-words")
#: "U.S. Attorney's Office", "Children's Hospital", "People's Party": a possessive
#: of a common noun inside an institution's name.
_OFFICE_OWNERS = words("names-office-owners")
#: "NASA's Office …": bodies named after the acronym that owns them.
_BODY_AFTER_ACRONYM = frozenset(("Office", "Bureau", "Division", "Directorate", "Inspector", "Department", "Agency"))
#: Generational suffixes: never the surname.
_SUFFIXES = words("names-suffixes")
_PARTICLES = words("names-particles")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str          # canonical (full) name
    kind: str          # person | organization | official | outlet | agency | place | unknown
    surface: str = ""
    role: str | None = None
    possessive: bool = False
    #: The rules that decided this mention's kind and name, in order.
    why: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """All name mentions of an article plus the tables that resolve short forms."""

    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    persons: dict[str, str] = field(default_factory=dict)        # full name -> role
    surname: dict[str, str] = field(default_factory=dict)        # "Tanaka" -> full
    acronyms: dict[str, str] = field(default_factory=dict)       # "NWA" -> long name
    kinds: dict[str, str] = field(default_factory=dict)          # name -> kind
    roles: dict[str, str] = field(default_factory=dict)          # name -> role
    why: dict[str, list[str]] | None = None                      # name -> rules that decided it

    def why_of(self, name: str) -> list[str]:
        """The rules that decided what ``name`` is, from all its mentions in order (a copy,
        for a source built from it). Gathered on first use: most names never become sources."""
        if self.why is None:
            self.why = {}
            for mm in self.mentions:
                got = self.why.get(mm.name)
                if got is None:
                    self.why[mm.name] = list(mm.why)
                elif mm.why != got:  # most mentions of a name were decided alike
                    got.extend(r for r in mm.why if r not in got)
        return list(self.why.get(name, ()))

    def between(self, lo: int, hi: int) -> list[Mention]:
        i = bisect_left(self.starts, lo)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < hi:
            out.append(self.mentions[i])
            i += 1
        return out

    def resolve_name(self, name: str) -> tuple[str, str]:
        """Full name and kind for a name as written ("Tanaka", "NWA", "Mr. Trump")."""
        toks = name.split()
        while toks and (toks[0] in HONORIFICS or toks[0] in ("The", "the")):
            toks = toks[1:]
        n = " ".join(toks) or name
        if len(toks) >= 2 and toks[0] in NATIONALITIES and " ".join(toks[1:]) in self.acronyms:
            n = " ".join(toks[1:])  # "Chinese CDC"
        if n in self.acronyms:
            n = self.acronyms[n]
        canon = ALIAS_TO_CANON.get(n)
        if canon:
            return canon, OUTLETS[canon][0]
        if n in self.persons:
            return n, "person"
        full = self.surname.get(n)
        if full:
            return full, "person"
        return n, self.kinds.get(n, "unknown")


_CONNECTORS = _PARTICLES | {"of", "for", "and", "&", "the", "on"}
#: Connectors that split a run (particles such as "de", "van" stay inside a name).
_SPLITTERS = _CONNECTORS - _PARTICLES

Tok = tuple[str, int, int]


def _has_marker(words: list[str]) -> bool:
    return any(w.rstrip(".,") in _ORG_MARKERS or w in TITLE_WORDS for w in words)


def _segments(toks: list[Tok]) -> tuple[list[list[Tok]], list[list[Tok]]]:
    """The run cut at its connectors: name segments, and the connectors between them."""
    segs: list[list[Tok]] = [[]]
    conns: list[list[Tok]] = []
    for t in toks:
        if t[0] in _SPLITTERS:
            if segs[-1]:
                conns.append([t])
                segs.append([])
            elif conns:
                conns[-1].append(t)
            continue
        segs[-1].append(t)
    if not segs[-1]:
        segs.pop()
        if conns:
            conns.pop()
    return segs, conns


def _and_joins_places(head: list[str], words: list[str]) -> bool | None:
    """"United Nations and European Union", "Reuters and AFP": two names."""
    if _is_place(head) or _is_place(words) or " ".join(head) in ALIAS_TO_CANON or " ".join(words) in ALIAS_TO_CANON:
        return False
    return None


def _and_joins_people(head: list[str], words: list[str]) -> bool | None:
    """"Ms. Kerrigan and Paul Adeyemi": two people."""
    if words[0] in FIRST_NAMES or words[0] in HONORIFICS or (head[0] in HONORIFICS and len(head) <= 3):
        return False
    return None


def _and_joins_one_body(head: list[str], words: list[str]) -> bool | None:
    """"Customs and Border Protection": one body when one side names an organisation;
    "Ministry of Health and Department of Energy" (both sides do) are two."""
    both = _has_marker(head) and _has_marker(words) and len(head) >= 2 and len(words) >= 2
    return (_has_marker(words) or _has_marker(head)) and not both


_AND_JOINS = (_and_joins_places, _and_joins_people, _and_joins_one_body)


def _joins(join: str, head: list[str], words: list[str]) -> bool:
    """Whether the connector ``join`` holds ``head`` and ``words`` together as one name."""
    if join in ("and", "&"):
        for test in _AND_JOINS:
            whole = test(head, words)
            if whole is not None:
                return whole
    # "Department of Health" is one name; "Sui-Lee Wee of the New York Times" is two
    return _has_marker(head) and not (join == "of" and " ".join(words) in ALIAS_TO_CANON)


def _split_run(toks: list[Tok]) -> list[list[Tok]]:
    """Split a capitalised run at connectors unless they hold one name together.

    "Department of Health" and "Customs and Border Protection" stay whole;
    "Sui-Lee Wee of the New York Times" and "United Nations and European Union"
    become two names.
    """
    segs, conns = _segments(toks)
    if len(segs) <= 1:
        return segs
    out = [segs[0]]
    for conn, sg in zip(conns, segs[1:]):
        if _joins(conn[0][0], [w for w, _, _ in out[-1]], [w for w, _, _ in sg]):
            out[-1] = out[-1] + conn + sg
        else:
            out.append(sg)
    return out


_MULTI_PLACES = words("places-multiword")
#: "Harrisburg, Pa.", "Kingston, Ont.": state and province abbreviations (no final period).
REGION_ABBREVIATIONS = words("places-region-abbreviations")
#: ", Pa." after a town: the town is a place.
_REGION_AFTER = re.compile(r",[ \t]+(?:" + "|".join(map(re.escape, sorted(REGION_ABBREVIATIONS, key=len, reverse=True)))
                           + r")\.(?!\w)")


def _is_place(words: list[str]) -> bool:
    w = " ".join(x for x in words if x not in ("the", "The"))
    return w in _MULTI_PLACES or (bool(words) and all(x in PLACES or x in NATIONALITIES for x in words))


_WORD_GAP = re.compile(r"[\s-]+")


def _initials(name: str) -> str:
    out = []
    for w in _WORD_GAP.split(name):
        if w in ("&",):
            out.append("&")
        elif w[:1].isupper() and w not in ("The",):
            out.append(w[0])
    return "".join(out)


def _initials_match(acr: str, long: str) -> bool:
    """'EU' ~ 'European Union', 'PG&E' ~ 'Pacific Gas & Electric Co.', 'CDC' ~ 'Center for Disease Control'."""
    ini = _initials(long)
    if len(ini) < 2:
        return False
    if ini == acr or ini.rstrip("C") == acr:  # trailing "Co."/"Corp."
        return True
    # a subsequence starting at one of the first two initials, covering most of the name
    if len(acr) >= 3 and acr[0] in ini[:2]:
        it = iter(ini[ini.index(acr[0]):])
        if all(ch in it for ch in acr) and len(acr) >= len(ini) - 2:
            return True
    return False


def _strip_possessive(tok: str) -> tuple[str, bool]:
    if tok.endswith(("'s", "’s")):
        return tok[:-2], True
    return tok, False


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title/role part, name part).

    "Israeli Prime Minister Benjamin Netanyahu" -> (["Israeli", "Prime", "Minister"],
    ["Benjamin", "Netanyahu"]); the name is what follows the last title word.
    """
    last = -1
    for i, t in enumerate(tokens):
        if t in TITLE_WORDS or t in HONORIFICS or (t in NATIONALITIES and i < len(tokens) - 1):
            last = i
    return tokens[: last + 1], tokens[last + 1:]


def _name_like(tokens: list[str]) -> bool:
    if not 1 <= len(tokens) <= 4:
        return False
    for t in tokens:
        if t in _PARTICLES:
            continue
        if not t[:1].isupper() or t in STOP_CAPS or t in _ORG_MARKERS:
            return False
        if t in PLACES and (len(tokens) == 1 or tokens[0] not in FIRST_NAMES):
            return False  # "Dana Hill" is a person, "Capitol Hill" is not
        if t.isupper() and len(t) > 1 and not t.endswith("."):
            return False  # acronyms are organisations
        if t.lower() in MONTHS or t in WEEKDAYS:
            return False
    return True


#: A period that does not end a sentence: initials, abbreviations, dotted acronyms.
_ABBREV_END = re.compile(r"(?:^[A-Z]\.|\.[A-Za-z]\.|^(?:" + "|".join(map(re.escape, abbreviations("run"))) + r")\.)$")
_NEWSROOM_AFTER = re.compile(r"[ \t]+(?:reporter|correspondent|journalist|editor|columnist|anchor|producer"
                             r"|photographer|bureau chief|host|contributor)s?\b")
#: "52-year-old Dana Hill": only people have an age before their name.
_AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
_PERSON_CUE_AFTER = re.compile(r"\s*(?:,\s*(?:\d{1,3}\s*,|(?:a|an|the|who|whose|of)\b|[a-z][\w-]*\s+(?:of|at|for|with)\b)"
                               r"|\s+(?:[a-z]+ly\s+)?(?:" + trie_regex(f for f in CUE_FORMS if len(f) > 3 and f[0] in "sawtnedcr") + r")\b)")
_NONSPACE_RUN = re.compile(r"\S+")
_KEEP_LAST_DOT = re.compile(r"(?:^[A-Z]|\.[A-Za-z]|^(?:Jr|Sr|Inc|Corp|Co|Ltd|St))\.$")


# --- finding the runs -------------------------------------------------------------------

#: A name as found: (start, end, words, possessive).
Raw = tuple[int, int, list[str], bool]


def _run_tokens(text: str, m: re.Match) -> list[Tok]:
    """The words of one capitalised run with their offsets; a sentence's final period dropped.

    A run's words are joined by spaces and tabs only; when each gap is one space (as nearly
    always) the words are split off in C and their offsets follow from their lengths, the
    words and offsets ``_NONSPACE_RUN`` finds."""
    base, run = m.start(), m.group()
    if "\t" in run or "  " in run:
        toks = [(t.group(), base + t.start(), base + t.end()) for t in _NONSPACE_RUN.finditer(run)]
    else:
        toks = []
        for w in run.split(" "):
            toks.append((w, base, base + len(w)))
            base += len(w) + 1
    t, a, b = toks[-1]
    if t.endswith(".") and not _KEEP_LAST_DOT.search(t):
        toks[-1] = (t[:-1], a, b - 1)
    return toks


def _acronym_owns_body(owner: str, nxt: list[Tok]) -> bool:
    """"NASA's Office of the Inspector General", "FBI's Criminal Division": an acronym's own
    office keeps the acronym in its name (the office alone would be anyone's)."""
    return bool(nxt) and len(owner) >= 2 and owner.isupper() and owner.isalpha() and nxt[0][0] in _BODY_AFTER_ACRONYM


def _pieces(toks: list[Tok]) -> list[list[Tok]]:
    """The run cut where a sentence ends inside it or a possessive closes a name."""
    pieces: list[list[Tok]] = [[]]
    for ti, t in enumerate(toks):
        if t[0].endswith(".") and not _ABBREV_END.search(t[0]):
            # "on Monday. Okafor said": a sentence ends inside the run
            pieces[-1].append((t[0][:-1], t[1], t[2] - 1))
            pieces.append([])
            continue
        pieces[-1].append(t)
        if t[0].endswith(("'s", "’s")) and not (
                t[0][:-2] in _OFFICE_OWNERS and ti + 1 < len(toks) and toks[ti + 1][0][:1].isupper()) \
                and not _acronym_owns_body(t[0][:-2], toks[ti + 1:ti + 2]):
            # "Carlineo's Attorney …" ends a name; "the Attorney's Office" does not
            pieces.append([])
    return pieces


def _trimmed(part: list[Tok]) -> list[Tok]:
    """A name part without sentence openers in front or connectors and weekdays behind."""
    while part and part[0][0] in STOP_CAPS:
        part = part[1:]
    while part and (part[-1][0] in _CONNECTORS or (len(part) > 1 and part[-1][0] in WEEKDAYS)):
        part = part[:-1]  # ("Thomas Pritzker Monday stepped down": the day is no part of him)
    return part


#: A one-word run that names nothing: a connector or a sentence opener.
_LONE_DROPPED = _CONNECTORS | STOP_CAPS


def find_runs(text: str) -> list[Raw]:
    """Every name-like run of capitalised words, cut into the names it holds."""
    raw: list[Raw] = []
    for m in CAPRUN_RE.finditer(text):
        s = m.start()
        if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_’'"):
            continue  # inside a word ("iPhone")
        run = m.group()
        if " " not in run and "\t" not in run and not run.endswith((".", "'s", "’s")):
            # One word (words are joined by spaces and tabs only) with no sentence end or
            # possessive to cut at, as most runs are: it is its own piece, no need to tokenise it.
            if run not in _LONE_DROPPED:
                raw.append((s, m.end(), [run], False))
            continue
        for pc in _pieces(_run_tokens(text, m)):
            if len(pc) == 1:  # most runs are one word ("The", "Reuters"): nothing to split or trim
                parts = [] if pc[0][0] in _LONE_DROPPED else [pc]
            else:
                parts = [tp for part in _split_run(pc) if (tp := _trimmed(part))]
            for part in parts:
                words = [w for w, _, _ in part]
                words[-1], poss = _strip_possessive(words[-1])
                raw.append((part[0][1], part[-1][2] - (2 if poss else 0), words, poss))
    return raw


_DEFINED_ACRONYM = re.compile(r"([A-Z][\w&'’.-]*(?:[ \t]+(?:of|for|and|the|&|[A-Z][\w&'’.-]*)){1,9})[ \t]*\(([A-Z][A-Za-z&.]{1,9})\)")
#: The "(LN)" that ends a ``_DEFINED_ACRONYM``: led by a literal, which ``re`` skips to in C.
_ACRONYM_PAREN = re.compile(r"\(([A-Z][A-Za-z&.]{1,9})\)")
#: A character no long name holds (``_DEFINED_ACRONYM``'s run is word characters, "&'’.-",
#: spaces and tabs).
_NOT_LONG_NAME = re.compile(r"[^\w&'’. \t-]")
#: How many characters before "(LN)" are read at a time for where its long name may start.
_LONG_NAME_STEP = 200


def _long_name_start(text: str, pos: int, q: int) -> int:
    """Where the stretch of long-name characters ending at ``q`` starts (``pos`` at the earliest)."""
    hi = q
    while hi > pos:
        lo = max(pos, hi - _LONG_NAME_STEP)
        last = None
        for last in _NOT_LONG_NAME.finditer(text, lo, hi):
            pass
        if last is not None:
            return last.end()
        hi = lo
    return pos


def defined_acronyms(text: str) -> Iterator[re.Match[str]]:
    """What ``_DEFINED_ACRONYM.finditer(text)`` gives, with clearly less work.

    That scan is led by a capital, so ``re`` tries it at every capital of the text, reading
    the words after it only to find no "(LN)". Here the "(LN)" are found first, and a match
    ending at one is searched for only in the stretch of long-name characters right before
    it, where such a match must start. The stretches are disjoint and in order, so the first
    match found is the leftmost, the one the whole-text scan finds first; the next search
    starts after it, as that scan's does.
    """
    pos = 0
    for p in _ACRONYM_PAREN.finditer(text):
        m = _DEFINED_ACRONYM.search(text, _long_name_start(text, pos, p.start()), p.end())
        if m is not None:
            pos = m.end()
            yield m


#: "ambassador to " / "envoy of " before a place that heads a name run.
_ROLE_TO_PLACE = re.compile(r"((?:[A-Z][\w'’.-]*\s+)?(?:[a-z][\w-]*\s+){1,3}(?:to|of|in|for)\s+)$")
_ROLE_BEFORE = re.compile(r"((?:[A-Z][\w'’.&-]*\s+|[a-z][\w'’-]*\s+){0,4})$")


def _role_before(text: str, s: int) -> str | None:
    """Lower-case role words right before a name: "Wild coach" in "Wild coach Bruce Boudreau"."""
    window = text[max(0, s - 60):s]
    toks = window.split()
    out: list[str] = []
    for t in reversed(toks):
        tt = t.strip(",;:()")
        if t != tt and out:
            break
        if tt.lower() in ROLE_NOUNS or (out and (tt[:1].isupper() or tt.lower() in ("senior", "former", "chief", "deputy", "vice", "top", "government", "state", "press"))):
            out.append(tt)
            if t != tt:
                break
            continue
        break
    if not out:
        return None
    return " ".join(reversed(out))
