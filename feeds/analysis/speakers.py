"""Who says what: speech cues, the phrase naming the speaker, and coreference.

A *cue event* is one reporting verb ("said", "told", "according to", ...) with
the phrase that names its speaker: the subject before it ("government
spokesman Mira Tanaka said"), or the phrase after it in inverted order
("said Tanaka", "according to two people familiar with the matter"). Speaker
phrases are split into name and role (titles before the name, appositions
after it) and resolved: pronouns to the last compatible person or body named
("he" skips a woman: given names, titles and the pronouns the article already
used for someone tell the gender; "they" goes back to a plural subject),
descriptions ("the newspaper", "the company") to the entity of that class
speaking in the sentence before or else named last, "the statement" to whoever
issued it, "a spokesperson for X" to the person the article names in apposition,
surnames and acronyms to the full name. Days, months and bare determiners
("Tuesday", "Others") never name a speaker.

The subject of a cue is chunked as a noun phrase, not grabbed as the nearest
capitalised word: relative clauses ("the company that runs the Harbor Games,
Acme, said"; "a spokesperson who asked not to be identified under the rules said"), chains of
appositions ("Dana Hill, the sister of the mayor, Ivo Petrov, said" is Hill),
prepositional phrases ("China's envoy to Chile said"), predicates after a copula
(never subjects) and adverbs between subject and verb ("she instead wrote") are
read as such; coordinated verbs share their subject ("she described … and
accused …"). A name in apposition to a description of a body is that body; an
unattached "a spokesperson" speaks for the body the sentence before is about;
"they" after "Senator X and Representative Y" is the pair; a pronoun chain is
followed back past a name of unknown gender. Possessive speech nouns ("his claim
that …"), "VERB someone as '…'" and passive agents ("as reported by X") are
cues too, and a document subject ("that report", "the agency's guidelines")
speaks for its author.

All scanning is done in bounded windows around each cue, so the cost is
linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .entities import _OFFICE_OWNERS, TOKEN_RE, Registry, split_title
from .gazetteer import ALIAS_TO_CANON, OUTLETS
from .lexicon import (
    ANON_HEADS, AS_FRAME, AUX, CUE_FORMS, SPEECH_NOUNS, CUE_LEMMA, DESCRIPTION_CLASS, DOC_HEADS, FEMALE_NAMES, FIRST_NAMES, HONORIFICS, ING_CUES, MALE_NAMES,
    MONTHS, NATIONALITIES, NP_STOP, PLACES, ROLE_NOUNS, SOURCE_CUES, STOP_CAPS, TITLE_WORDS,
    WEAK_FORMS, WEEKDAYS, trie_regex,
)
from .segment import Segments

__all__ = ["Speaker", "CueEvent", "Attributor"]

_WINDOW = 320  # characters looked at on either side of a cue
MAX_EVENTS = 20000  # results stay bounded on pathological input

CUE_RE = re.compile(  # (the look-behind rejects cues inside words early: "unsaid")
    r"(?<![\w'’-])(?:(?P<acc>[Aa]ccording to)|(?P<per>[Pp]er)(?=\s+(?:the\s+)?[A-Z])"
    r"|(?P<nby>(?:statement|declaration|announcement|assessment|estimate|warning|report|study|survey|analysis"
    r"|claims?|remarks|comments|testimony|ruling|findings?|review|investigation|audit|memo) by)(?=\s+(?:the\s+)?[A-Z])"
    r"|(?P<cit>[Cc]iting)|(?P<callfor>call(?:s|ed|ing)? for)|(?P<w>" + trie_regex(CUE_FORMS) + r")"
    r"|(?P<pn>(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[a-z]+\s+){0,2}?(?:" + trie_regex(SPEECH_NOUNS) + r")))(?![\w'’-])"
)
#: "his claim that …", "her words about …": the possessor's words follow.
_PN_POSS = {"his": "he", "her": "she", "their": "they", "its": "it"}

_OPEN_MARKS = "\"“„«‹‘'"
_CLOSE_MARKS = "\"”»›’'"
_PUNCT_STOP = set(",.;:!?()[]{}—–\"“”„«»‹›‘’'") | {"-"}
_PREPS = {"of", "for", "from", "at", "with", "in", "on", "by", "to", "about", "near", "close",
          "familiar", "briefed", "who", "under", "within", "inside", "outside", "across"}
_DETS = {"a", "an", "the", "one", "two", "three", "four", "five", "several", "some", "many",
         "multiple", "another", "other", "most", "few", "both", "all", "any", "each", "his",
         "her", "their", "its", "our", "senior", "several", "various", "numerous", "two",
         "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds"}
_INTRO = {"For", "In", "On", "At", "After", "When", "While", "However", "Meanwhile", "But",
          "And", "As", "Although", "Though", "Since", "Because", "If", "Over", "Under", "During",
          "With", "Without", "Despite", "Still", "Yet", "So", "Earlier", "Later", "Last", "Then",
          "Also", "Instead", "Indeed", "Separately", "Now", "By", "From", "Asked", "Speaking",
          "Once", "Before", "Until", "Unlike", "Like", "Among", "Amid", "Following", "Overall",
          "Barely", "Hours", "Right", "Nearly", "Almost", "According", "Per", "To", "Of", "Even"}
_PLURAL_PRON = {"they", "we"}
_TIME_WORDS = {w.lower() for w in WEEKDAYS} | set(MONTHS) | {
    "today", "yesterday", "tonight", "tomorrow", "morning", "afternoon", "evening", "night",
    "week", "month", "year", "weekend", "earlier", "later", "recently"}
#: Description classes and the kinds of named body each may point back to.
_CLASS_KINDS = {"organization": ("organization",), "outlet": ("outlet",), "agency": ("agency", "official"),
                "official": ("official",)}
#: Heads of anonymous descriptions that refer back to the anonymous speaker before ("the source").
_ANON_BACKREF = {"source", "insider", "person", "individual", "whistleblower", "informant", "official",
                 "sources", "insiders", "people", "officials"}
#: Documents somebody issues in their own voice: a quote "the statement read" is theirs.
_ISSUED_DOCS = {"statement", "letter", "email", "e-mail", "post", "tweet", "release", "message", "note",
                "notice", "communique", "communiqué"}
_AGE_NOUN = re.compile(r"\d{1,3}-year-old")
_PAST_IRREGULAR = {"said", "told", "wrote", "spoke", "says", "tells", "writes", "thought", "felt", "knew", "saw"}
_TITLED_NOUN = re.compile(r"(?i)(the|a|an)\s+[\"“‘'][^\"”’']{1,80}[\"”’']\s+([a-z][\w-]*)$")
_ISSUING_VERBS = {"issued", "released", "published", "posted", "sent", "put", "made", "gave", "shared",
                  "tweeted", "wrote", "filed", "circulated", "distributed", "emailed", "delivered"}
_DOC_WORD_RE = {n: re.compile(r"\b" + re.escape(n) + r"s?\b", re.I) for n in _ISSUED_DOCS}
_READ_HEADS = _ISSUED_DOCS | {"sign", "signs", "caption", "banner", "placard", "headline", "text", "inscription",
                             "statements", "letters", "messages", "posts", "tweets", "order", "ruling", "filing",
                             "complaint", "lawsuit", "indictment", "memo", "report", "document", "announcement"}
_ISSUER_KINDS = ("person", "organization", "official", "agency", "outlet")
#: Titles and role words that tell a person's gender.
_GENDERED_WORDS = {
    "Mr": "m", "Mr.": "m", "Sir": "m", "Lord": "m", "King": "m", "Prince": "m", "Monsieur": "m", "Herr": "m",
    "Mrs": "f", "Mrs.": "f", "Ms": "f", "Ms.": "f", "Miss": "f", "Dame": "f", "Lady": "f", "Queen": "f",
    "Princess": "f", "Madame": "f", "Mme": "f", "Mme.": "f", "Frau": "f",
    "spokesman": "m", "chairman": "m", "congressman": "m", "councilman": "m", "businessman": "m",
    "actor": "m", "father": "m", "husband": "m", "son": "m", "brother": "m", "grandfather": "m",
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "councilwoman": "f", "businesswoman": "f",
    "actress": "f", "mother": "f", "wife": "f", "daughter": "f", "sister": "f", "grandmother": "f",
}
_GENDER_PRON_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]im|[Hh]imself|[Hh]er|[Hh]erself)\b")
_LEAD_PREPS = {"During", "After", "Before", "In", "On", "At", "With", "Without", "For", "From", "Since", "Under",
               "Over", "Despite", "Amid", "Following", "Until", "Through", "Throughout", "Within", "Into", "Upon"}
#: Quantities before a plural noun ("two reports", "several claims").
_COUNTERS = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "several",
             "many", "multiple", "numerous", "few", "both", "these", "those", "such", "other"}
#: Words that introduce a phrase without being part of it ("including a senior aide").
_LEAD_STRIP = {"including", "includes", "like", "especially", "notably", "particularly", "among", "between",
               "both", "either", "neither", "even", "only", "plus"}
#: Military ranks make their holder an officer; abbreviated titles stand for the role.
_TITLE_ROLES = {"gov": ("governor",), "sen": ("senator",), "rep": ("representative", "congressman", "congresswoman"),
                "gen": ("general", "officer"), "col": ("colonel", "officer"), "lt": ("lieutenant", "officer"),
                "maj": ("major", "officer"), "capt": ("captain", "officer"), "cmdr": ("commander", "officer"),
                "adm": ("admiral", "officer"), "sgt": ("sergeant",), "dr": ("doctor",), "prof": ("professor",),
                "det": ("detective",), "insp": ("inspector",), "supt": ("superintendent",), "rev": ("reverend",),
                "colonel": ("officer",), "lieutenant": ("officer",), "general": ("officer",), "major": ("officer",),
                "captain": ("officer",), "commander": ("officer",), "admiral": ("officer",)}
#: "As Poirot would say", "as Churchill once put it": a saying, not an attribution.
_LITERARY_RE = re.compile(r"(?:^|[.!?]\s+|\n)As\s+[A-Z][^,.;]{0,40}?\s+(?:would|might|could|once|famously|used to)\s+$")
_ANOTHER_RE = re.compile(r"\b(?:[Aa]nother|[Oo]ther|[Aa] second|[Aa] different)\s+(?:[a-z]+\s+){0,3}[a-z]+,?\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
#: Verbs a document does: "the emails show", "the audit found", "records indicate".
_DOC_VERBS = {"show", "indicate", "reveal", "suggest", "find", "confirm", "document", "detail"}
#: Words that make a name a news outlet ("Harbor Weekly", "Delta Radio", "Q! Daily").
_MEDIA_WORDS = {"News", "Times", "Post", "Journal", "Herald", "Tribune", "Gazette", "Telegraph", "Magazine",
                "Radio", "Television", "TV", "Broadcasting", "Daily", "Weekly", "Chronicle", "Observer",
                "Examiner", "Inquirer", "Courier", "Sentinel", "Review", "Dispatch", "Bulletin", "Press", "Star"}
_RECIPIENT_HINT = re.compile(r"(?:statement|interview|mail|letter|post) (?:to|with) ")
_RECIPIENT_RE = re.compile(
    r"(?:(?P<tell>\s+)|\s+in\s+(?:a|an)\s+(?:[a-z]+\s+){0,2}(?:statement|interview|email|e-mail|letter|post)\s+(?:to|with)\s+)"
    r"(?:the\s+)?(?P<obj>[A-Z][\w&!.'’-]*(?:[ \t]+[A-Z][\w&!.'’-]*){0,4})")
_PLATFORMS = {"X", "Twitter", "Facebook", "Instagram", "TikTok", "YouTube", "Weibo", "WeChat", "Telegram",
              "Substack", "LinkedIn", "Bluesky", "Threads", "Truth", "Reddit", "Snapchat", "WhatsApp"}
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
_NOT_A_NAME = _TIME_WORDS | {
    "others", "other", "another", "some", "many", "most", "few", "several", "all", "both", "each",
    "a", "an", "the", "new", "this", "that", "these", "those", "one", "ones", "last", "next", "on",
    "early", "late", "mid", "same", "said", "such", "here", "there", "now", "then", "also"}
_CAPISH = re.compile(r"^(?:[A-Z]|\d)")
_OUTLET_HEADS = {"Times", "Post", "Journal", "Herald", "Tribune", "Globe", "Telegraph", "Guardian",
                 "Chronicle", "Daily", "Gazette", "Independent", "Observer", "Star", "Mail", "Mirror"}
_COMMON_HEADS = set(ANON_HEADS) | set(DESCRIPTION_CLASS) | set(DOC_HEADS) | {"critics", "supporters"}
# Nouns a profile uses for the person it is about ("the actor said"): a person of
# that trade, unlike titles of office ("the minister"), which often stand for
# someone the article never names.
_PROFILE_NOUNS = {
    "actor", "actress", "star", "singer", "rapper", "musician", "artist", "comedian", "player",
    "athlete", "author", "novelist", "writer", "filmmaker", "entrepreneur", "billionaire", "designer",
    "chef", "champion", "quarterback", "striker", "golfer", "boxer", "rider", "driver", "skater",
    "swimmer", "sprinter", "climber", "dancer", "model", "influencer", "youtuber", "poet", "painter",
    "guitarist", "drummer", "bassist", "pianist", "vocalist", "frontman", "frontwoman", "songwriter",
    "veteran", "superstar", "legend", "icon", "forward", "midfielder", "defender", "goalkeeper", "pitcher",
}
_PREPS_CORE = {"of", "in", "for", "at", "from", "by", "with", "on", "to"}
_SPOKES_HEADS = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials",
                 "executive", "executives", "representative", "representatives", "staff", "lawyers", "lawyer"}
_MODALS = {"will", "would", "can", "could", "should", "may", "might", "must", "did", "does", "do",
           "didn't", "doesn't", "don't", "won't", "wouldn't", "not", "never"}
#: Cues whose object is the listener: "told X" never names the speaker after the verb.
_NO_INVERT = {"tell", "inform", "assure", "reassure", "urge", "instruct", "thank", "accuse",
              "praise", "criticize", "criticise", "condemn", "advise", "order", "brief", "call",
              "point", "dub", "describe", "characterize", "characterise", "beg",
              "implore", "remind", "promise", "threaten", "cheer", "hail", "welcome", "blast",
              "slam", "mock", "chide", "scold", "rebuke", "lambast", "deny", "confirm",
              "acknowledge", "find", "show", "indicate", "estimate", "forecast", "project",
              "predict", "expect", "believe", "think", "hope", "fear", "know", "feel"}
#: Verbs spelled like nouns ("the state", "press reports", "his claims").
_NO_INVERT_NOUNY = {"state", "report", "claim", "note", "comment", "remark", "answer", "reply",
                    "call", "post", "demand", "promise", "estimate", "forecast", "question",
                    "charge", "order", "request", "appeal", "cheer", "project", "show", "point",
                    "tweet", "quote", "cite", "echo", "signal", "hint", "detail", "outline",
                    "highlight", "object", "protest", "counter", "plead", "pledge", "vow", "joke", "cry", "laugh", "smile", "sigh", "shrug", "nod", "welcome",
                    "hail", "praise", "blast", "slam", "mock", "regret", "hope", "fear", "worry",
                    "feel", "find", "record", "testify", "review", "release"}


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


def _tokens(text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, lo, hi)]


class _TokenCache:
    """Tokens of one paragraph at a time: cue windows slice them instead of re-tokenising."""

    def __init__(self, text: str, seg: Segments) -> None:
        self.text = text
        self.seg = seg
        self.pi = -1
        self.toks: list[tuple[str, int, int]] = []
        self.starts: list[int] = []
        self.prev: tuple[int, list, list] = (-1, [], [])  # the paragraph before, kept for look-backs

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
            if self.prev[0] == pi:
                cur = (self.pi, self.toks, self.starts)
                self.pi, self.toks, self.starts = self.prev
                self.prev = cur
            else:
                self.prev = (self.pi, self.toks, self.starts)
                self.pi = pi
                self.toks = _tokens(self.text, ps, pe)
                self.starts = [t[1] for t in self.toks]
        a = bisect_left(self.starts, lo)
        b = bisect_left(self.starts, hi)
        while b > a and self.toks[b - 1][2] > hi:
            b -= 1
        return self.toks[a:b]


def _unposs(w: str) -> str:
    """The word without a possessive 's ("Acme's" -> "Acme")."""
    return w[:-2] if w.endswith(("'s", "’s", "‘s")) else w


def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or (tok[0].isdigit() and False))


def _plain_words(words) -> set[str]:
    """Lower-case words without possessives or edge punctuation, to compare two phrases."""
    return {_unposs(w.lower().strip(",.")) for w in words}


def _poss(tok: str) -> bool:
    return tok.endswith(("'s", "’s", "‘s"))


class Attributor:
    """Finds cue events and resolves speakers for one article."""

    def __init__(self, text: str, seg: Segments, reg: Registry, quote_spans: list[tuple[int, int]]):
        self.text = text
        self.seg = seg
        self.reg = reg
        self.qspans = quote_spans  # outer quotes, sorted (start, end) including marks
        self.qstarts = [q[0] for q in quote_spans]
        self.events: list[CueEvent] = []
        self._pending_extra: list[Speaker] = []
        self._fwd_end = 0
        self.quoted: list[Speaker] = []  # speakers of the quotes, filled by quotes.py
        self.aliases: dict[str, str] = {}
        self._evstarts: list[int] = []
        self._tc = _TokenCache(text, seg)  # "a group of employees" -> "Harbour Workers Alliance"
        self._persons = [m for m in reg.mentions if m.kind == "person" and not self._in_quote(m.start)]
        self._pstarts = [m.start for m in self._persons]
        self._orgs = [m for m in reg.mentions if m.kind in ("organization", "official", "outlet", "agency", "place")
                      and not self._in_quote(m.start)]
        self._ostarts = [m.start for m in self._orgs]
        self._genders: dict[str, str] | None = None
        self._lower_words: set[str] | None = None
        self._body_lookup = False  # guards _speaking_body against recursion
        self._noun_speakers: dict[str, Speaker] = {}  # noun -> the last speaker described with it
        self._by_name: dict[str, list] | None = None  # mentions by name, built when first needed  # the article's lower-case words, when first needed

    # ---- helpers -------------------------------------------------------------
    def person_between(self, lo: int, hi: int) -> bool:
        """Is a person named between ``lo`` and ``hi`` (outside quotations)?"""
        return bisect_left(self._pstarts, lo) < bisect_left(self._pstarts, hi)

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.qspans[i][0] <= pos < self.qspans[i][1]

    def find_events(self) -> list[CueEvent]:
        text = self.text
        self._member_aliases()
        for m in CUE_RE.finditer(text):
            if len(self.events) >= MAX_EVENTS:
                break
            cs, ce = m.start(), m.end()
            if cs > 0 and (text[cs - 1].isalnum() or text[cs - 1] in "_'’-"):
                continue  # inside a word ("unsaid")
            if self._in_quote(cs):
                continue
            ev = self._event(m)
            if ev is not None and ev.speaker is not None and "As " in text[max(0, ev.start - 60):ev.start] \
                    and _LITERARY_RE.search(text, max(0, ev.start - 60), ev.start):
                ev.speaker.literary = True
            if ev is not None:
                if ev.lemma not in ("according to", "per", "cite", "call for"):
                    self._recipient_outlet(ev)
                self.events.append(ev)
                self._evstarts.append(ev.start)
                self._remember_noun(ev.speaker)
        return self.events

    def _member_aliases(self) -> None:
        """"The teachers, founders of the group Harbor Tutors, …": the description is that body
        wherever the article uses it."""
        for m in _MEMBERS_RE.finditer(self.text):
            name = m.group(2)
            words = name.split()
            while words and words[-1] in ("for", "of", "and", "the", "&"):
                words.pop()
            if len(words) < 2 or self._in_quote(m.start()):
                continue
            desc = m.group(1).lower()
            self.aliases.setdefault(desc, " ".join(words))
            self.aliases.setdefault(desc[0].upper() + desc[1:], " ".join(words))

    def _remember_noun(self, sp: Speaker | None) -> None:
        """Index a described speaker by its nouns, for "the nurses" far after "a group of nurses"."""
        if sp is None or not sp.resolved or sp.kind not in ("anonymous", "organization", "official"):
            return
        words = sp.phrase.split()
        if not words or _is_cap(words[-1]) or len(words) > 6:
            return
        for w in words[:6]:
            wl = _unposs(w.lower().strip(",."))
            if wl in _NOUN_INDEX_SKIP or not wl.isalpha():
                continue
            if wl in ANON_HEADS or wl in DESCRIPTION_CLASS or _singular(wl) in ROLE_NOUNS:
                self._noun_speakers[wl] = sp
    def _event(self, m: re.Match) -> CueEvent | None:
        text = self.text
        cs, ce = m.start(), m.end()
        word = m.group()
        ss, se = self.seg.sentence_at(cs)
        lo = max(ss, cs - _WINDOW)
        hi = min(se, ce + _WINDOW)
        before = self._tc.get(lo, cs)
        after = self._tc.get(ce, hi)
        if m.group("nby"):
            # "a declaration by the health ministry that …", "a study by Acme Labs": the author
            sp = self._np_forward(after, 0)
            if sp is None or sp.kind in ("pronoun", "description"):
                return None
            return CueEvent(word, "according to", cs, ce, sp, True, True, [])
        if m.group("acc") or m.group("per") or m.group("cit"):
            sp = self._np_forward(after, 0)
            if sp is None:
                return None
            lemma = "according to" if m.group("acc") else ("per" if m.group("per") else "cite")
            return CueEvent(word, lemma, cs, ce, sp, True, False, [])
        if m.group("pn"):
            return self._speech_noun(m, after, ss)
        if m.group("callfor"):
            if before and (before[-1][0].lower() in _DETS | {"this", "that", "new", "renewed", "fresh", "latest"}
                           or _poss(before[-1][0])):
                return None  # "a call for proposals", "the group's calls for calm": a noun
            sp = self._subject(before, ss, cs)
            return CueEvent(word, "call for", cs, ce, sp, False, False, []) if sp else None
        lemma = CUE_LEMMA.get(word, word)
        prev = before[-1][0] if before else ""
        pl = prev.lower()
        nxt = after[0][0] if after else ""
        nxt2 = after[1][0] if len(after) > 1 else ""
        is_ing = word in ING_CUES
        is_base = word == lemma
        is_s = not is_ing and not is_base and word.endswith("s") and word not in ("was",)
        jb = len(before) - 1
        while jb >= 0 and jb > len(before) - 4 and before[jb][0].islower() and (before[jb][0].endswith("ly") or before[jb][0] in ("also", "not", "often", "then", "still", "never")):
            jb -= 1
        pb = before[jb][0].lower() if jb >= 0 else ""
        if not is_ing and (pl in ("was", "were", "been", "being", "is", "are", "be", "get", "got", "gets") or pb in ("was", "were", "been", "being", "is", "are", "be")):
            return None  # passive: "was reported", "were told", "is often found"
        if lemma in _DOC_VERBS and not is_ing and before and pl not in ("to", "the", "a", "an") and not _poss(prev):
            # "A series of emails the firm released showed …": a document as the subject
            doc = self._doc_subject(before)
            if doc is not None:
                return CueEvent(word, lemma, cs, ce, doc, False, False, [])
        if pl in ("that", "which") and not is_ing and not is_base and len(before) >= 2 \
                and before[-2][0].isalpha() and before[-2][0].lower() not in NP_STOP and nxt not in (",", ".", ";"):
            # "a blog post that said customers …", "officials who …" (see _subject): the
            # relative clause's head speaks
            rel = self._relative_head(before, len(before) - 1, ss)
            if rel is not None and rel.kind in ("document", "person", "organization", "official", "agency",
                                                "outlet", "anonymous") and rel.resolved:
                return CueEvent(word, lemma, cs, ce, rel, False, word in WEAK_FORMS, [])
        if pl in ("to", "the", "a", "an", "his", "her", "their", "its", "this", "that", "our", "my", "your", "whose") and word not in ("told",):
            return None  # infinitive/noun uses: "to say", "the report", "a call"
        if _poss(prev) and word not in ("told", "said", "says", "wrote", "added"):
            return None  # "Dana’s calls", "the firm’s claims": a noun after a possessive
        if is_s and lemma in _NO_INVERT_NOUNY and len(before) >= 2 and before[-1][0].islower() \
                and before[-1][0].isalpha() and before[-1][0] not in NP_STOP:
            jp = len(before) - 2 if _poss(before[-2][0]) else (
                len(before) - 3 if len(before) >= 3 and _poss(before[-3][0]) and before[-2][0].islower() else -1)
            if jp >= 0:
                # "Trump’s false claims that troops “stayed back”": the owner of the claims speaks
                owner = self._np_backward(before, jp, ss)
                if owner is not None and owner.kind in ("person", "organization", "official", "agency", "outlet"):
                    return CueEvent(word, "claim", cs, ce, owner, False, True, [])
                return None
        if is_s and lemma in _NO_INVERT_NOUNY and (
                any(t[0].lower() in _COUNTERS or t[0].isdigit() for t in before[-3:])
                or pl in ("recent", "new", "latest", "earlier", "previous", "initial", "unconfirmed", "conflicting")):
            return None  # "two highly critical reports that …", "recent claims": nouns
        if lemma in _NO_INVERT_NOUNY and (is_base or is_s) and pl not in _MODALS:
            # "state", "reports", "claims": verbs only with a clause or object after them
            if not (nxt in ("that", ":") or (nxt == "," and (prev[:1].isupper() or pl in ("he", "she", "they", "it")))
                    or nxt in _OPEN_MARKS or nxt.lower() in ("it", "he", "she", "they", "the", "a", "an", "his", "her", "its", "their")
                    or (prev in (",",) + tuple(_CLOSE_MARKS) and nxt[:1].isupper())):
                return None
            if lemma in ("show", "find", "indicate") and nxt != "that":
                return None
        if lemma == "read":
            # "…,” the statement read: only a written text reads out words
            if is_ing or not before or not self._weak_ok(word, prev, after, cs, ce, se):
                return None
            sp = self._subject(before, ss, cs)
            if sp is None or _unposs(sp.phrase.split()[-1].lower()) not in _READ_HEADS:
                return None
            return CueEvent(word, lemma, cs, ce, sp, False, True, [])
        if is_base and pl not in _MODALS and before:
            # a bare form needs a plural subject ("analysts say"), not "the Jewish state"
            j = len(before) - 1
            while j >= 0 and before[j][0].lower() in AUX:
                j -= 1
            if j >= 0:
                h = before[j][0]
                hl = h.lower()
                if not (hl in ("they", "we", "i", "you") or h in _CLOSE_MARKS or h == ","
                        or (hl.endswith("s") and not hl.endswith(("ss", "'s", "’s")) and len(hl) > 3)
                        or hl in ("people", "police", "media", "staff", "press", "personnel", "folks", "public")):
                    return None
        if not is_ing and not is_base and nxt == "by" and (pl == "as" or lemma == "report") and (word.endswith("ed") or word == "told"):
            # "…, as reported by the Harbor Times", "a plan first reported by Delta Radio": the agent
            # of a passive attribution is its source
            sp = self._np_forward(after, 1)
            if sp is None or sp.kind in ("pronoun", "description"):
                return None
            return CueEvent(word, lemma, cs, ce, sp, True, True, [])
        if not is_ing and not is_base and word.endswith("ed") and any(t[0] == "by" for t in after[:4]) and not any(t[0] == "that" for t in after[:4]):
            return None  # "the move announced on Monday by X": passive participle
        if is_ing and not (lemma in ("say", "tell", "add", "write") or nxt in ("that", ",", ":", "of", "to", "about", "it", "them", "him", "her", "the", "reporters")
                           or nxt in _OPEN_MARKS):
            return None  # "reporting station": an adjective
        weak = word in WEAK_FORMS
        if lemma == "point" and nxt != "out" or lemma == "weigh" and nxt != "in":
            return None
        if lemma in AS_FRAME and not _as_quote(after):
            return None  # "saw the plant", "introduced a bill": no words of anyone
        if lemma == "add" and nxt in ("to",):
            return None
        if weak and not self._weak_ok(word, prev, after, cs, ce, se) and not (lemma == "call" and _call_x_a_y(after)):
            return None
        # inverted order: ', said X' / '” said X' / start of sentence
        inverted = False
        lead_role = False
        if len(after) >= 4 and after[0][0].isdigit() and after[1][0] == "-" and after[2][0] in ("year-old", "years-old") \
                and _is_cap(after[3][0]):
            # "…,” wrote 52-year-old Dana Hill: the age stands before the name
            after = after[3:]
            nxt = after[0][0]
            nxt2 = after[1][0] if len(after) > 1 else ""
        if after and nxt.islower() and nxt not in NP_STOP and nxt not in _PREPS:
            # "said coach Peter Hall", "said union leader Tom Reyes"
            for t in after[1:4]:
                if _is_cap(t[0]):
                    lead_role = True
                    break
                if not t[0].replace("-", "").isalpha() or not t[0].islower() or t[0] in NP_STOP or t[0] in _PREPS:
                    break
        if not is_ing and lemma not in _NO_INVERT and (not before or prev in (",", "”", "\"", "’", "'", "—", "–", ":") or cs == ss) \
                and after and (nxt[:1].isupper() or nxt.lower() in _DETS or nxt.lower() in ("he", "she", "they", "it", "we") or lead_role) \
                and nxt.lower() != "that" and nxt.lower() not in _TIME_WORDS:
            # ("…, Tanaka said Friday in Oslo": a day after the verb is when, never who)
            if nxt.lower() in ("he", "she", "they", "it", "we"):
                inverted = nxt2 in (".", ",", ";", "") or nxt2 in _CLOSE_MARKS
            else:
                inverted = True
        elif not is_ing and lemma not in _NO_INVERT and prev in (",", "”", "\"", "’", "'", "—", "–") and nxt.islower() \
                and (nxt in ANON_HEADS or nxt in ("police", "authorities", "prosecutors", "regulators")) \
                and (nxt.endswith("s") or nxt in ("police", "staff", "media")) \
                and (nxt2 in (".", ",", ";", "") or nxt2 in _CLOSE_MARKS):
            # "…, say officials." / "…,” said witnesses.": a bare plural after the verb
            inverted = True
        if inverted and prev == "," and not self._after_quote(before):
            # ", said the review would…" is not inverted: the phrase must end the clause
            self._np_forward(after, 0)
            end = self._fwd_end
            if end < len(after) and after[end][0] not in (".", ",", ";", ":", "!", "?") and after[end][0] not in _CLOSE_MARKS \
                    and after[end][0].lower() not in ("who", "whose", "when", "in", "on", "at", "during", "after", "before", "of", "about"):
                inverted = False
        if inverted:
            sp = self._np_forward(after, 0)
            if sp is None:
                return None
            return CueEvent(word, lemma, cs, ce, sp, True, weak, [])
        if is_ing:
            last_ev = self.events[-1] if self.events else None
            if prev == "," and last_ev is not None and last_ev.start >= ss and last_ev.speaker is not None \
                    and last_ev.speaker.resolved and last_ev.speaker.kind != "description" \
                    and max(last_ev.end, last_ev.speaker.end) >= cs - 40:
                # "…,” said Dubey, noting it is “…”": the participle shares the speaker just named
                sp = last_ev.speaker
            elif prev == "," or not before or (prev.islower() and (prev.endswith("ing") or prev in _PREPS)):
                sp = self._sentence_subject(ss, cs)
            else:
                sp = self._np_backward(before, len(before) - 1, ss)
                if sp is None or sp.kind == "description":
                    sp = self._sentence_subject(ss, cs) or sp
        else:
            sp = self._subject(before, ss, cs)
        if sp is None:
            return None
        if lemma in _DOC_VERBS and sp.kind == "description" and not sp.resolved:
            return None  # "A CT of his chest showed …": evidence, not anyone's words
        extra = []
        if lemma == "tell" and after:
            obj = self._np_forward(after, 0, object_only=True)
            if obj is not None and obj.kind in ("outlet", "agency"):
                extra.append(obj)
        return CueEvent(word, lemma, cs, ce, sp, False, weak, extra)

    def _speech_noun(self, m: re.Match, after: list, ss: int) -> CueEvent | None:
        """"his claim on the show that they were “barely acquainted”", "her repeated claims of …
        “creative” …": a quotation inside what the possessor's words are said to be."""
        j = 0
        seen_link = False
        while j < len(after) and j < 40:
            t = after[j][0]
            if t in _OPEN_MARKS:
                break
            if t in (".", ";", "!", "?") or t in _CLOSE_MARKS:
                return None
            if t in ("that", "of", "about"):
                seen_link = True
            j += 1
        else:
            return None
        if j >= len(after) or not seen_link:
            return None
        word = m.group("pn").split()[0]
        sp = self._pronoun(_PN_POSS[word.lower()], m.start(), m.start() + len(word))
        if not sp.resolved:
            return None
        return CueEvent(m.group("pn"), "claim", m.start(), m.end(), sp, False, True, [])

    def _doc_subject(self, before: list) -> Speaker | None:
        """The clause's subject when it is a document: "The leaked memos show …"."""
        toks = before
        i = 0
        if toks and toks[0][0] in _INTRO:
            return None
        if len(toks) > 16 or not toks:
            return None
        d = -1
        for j, (t, _, _) in enumerate(toks):
            tl = t.lower()
            if t in _PUNCT_STOP or t in _OPEN_MARKS or tl in ("which", "who", "and", "but", "if", "when", "as") \
                    or tl == "that" and j > 0:
                return None  # (a leading "That" is a determiner: "That report found …")
            if d < 0 and tl in DOC_HEADS and (t.islower() or j == 0) and tl not in ("data", "figures", "note", "order",
                                                                                    "plan", "decision", "budget"):
                d = j
        if d < 0:
            return None
        end = d
        # "… messages from the ministry" / "… report by Acme": keep the owner
        if d + 2 < len(toks) and toks[d + 1][0] in ("from", "by", "of") and all(
                _is_cap(t[0]) or t[0] in ("the", "of", "and", "&") for t in toks[d + 2:]):
            end = len(toks) - 1
        sp = self._make(toks[i][1], toks[end][2])
        if sp is not None and sp.kind == "description":  # "a batch of leaked memos"
            sp = Speaker(sp.phrase, sp.phrase, "document", None, sp.start, sp.end)
        if sp is None or sp.kind not in ("document", "organization", "official", "outlet", "agency"):
            return None
        return sp

    def _recipient_outlet(self, ev: CueEvent) -> None:
        """"… said in a statement to Harbor Weekly", "told Delta Radio": the outlet that
        carried the words is a source too."""
        text = self.text
        lim = min(len(text), ev.end + 160)
        tm = _TO_OUTLET_RE.match(text, ev.end, lim)
        if tm is not None:
            raw = name_before_period(tm.group("obj")).rstrip(".,")
            hit = ALIAS_TO_CANON.get(raw)
            ev.extra.append(Speaker(raw, hit or raw, OUTLETS[hit][0] if hit else "outlet", None,
                                    tm.start("obj"), tm.start("obj") + len(raw)))
            return
        sm = _STATE_MEDIA_RE.match(text, ev.end, lim) if ev.lemma == "tell" else None
        if sm is not None:
            # "told state TV": the broadcaster carried the words, though it has no name here
            ev.extra.append(Speaker(sm.group(1), sm.group(1), "outlet", None, sm.start(1), sm.end(1)))
            return
        if ev.lemma == "tell":
            m = _RECIPIENT_RE.match(text, ev.end, lim)
        else:
            if _RECIPIENT_HINT.search(text, ev.end, lim) is None:
                return
            _, se = self.seg.sentence_at(ev.start)
            m = _RECIPIENT_RE.search(text, ev.end, min(se, lim))
        if m is None:
            return
        if m.group("tell") is not None and (ev.lemma != "tell" or m.start() != ev.end):
            return
        raw = name_before_period(m.group("obj")).rstrip(".")
        off = 4 if raw.startswith("The ") and len(raw) > 4 else 0
        raw = raw[off:]
        words = raw.split()
        hit = ALIAS_TO_CANON.get(raw)
        media = words[-1] in _MEDIA_WORDS and words[0] not in FIRST_NAMES and raw not in self.reg.persons
        if hit:
            obj = Speaker(raw, hit, OUTLETS[hit][0], None, m.start("obj") + off, m.start("obj") + off + len(raw))
        elif media:
            obj = Speaker(raw, raw, "outlet", None, m.start("obj") + off, m.start("obj") + off + len(raw))
        else:
            obj = self._make(m.start("obj") + off, m.start("obj") + off + len(raw))
        if obj is None or obj.kind not in ("outlet", "agency") or any(x.name == obj.name for x in ev.extra):
            return
        ev.extra.append(obj)

    def _after_quote(self, before: list) -> bool:
        """Does the cue follow a closing quotation mark (with an optional comma)?"""
        j = len(before) - 1
        if j >= 0 and before[j][0] == ",":
            j -= 1
        return j >= 0 and before[j][0] in _CLOSE_MARKS

    def _weak_ok(self, word: str, prev: str, after: list, cs: int, ce: int, se: int) -> bool:
        text = self.text
        nxt = after[0][0] if after else ""
        if nxt in (":", ",", ".", "that", "out", "in") or (nxt and nxt in _OPEN_MARKS + _CLOSE_MARKS):
            return True
        if prev in _CLOSE_MARKS or prev == ",":
            return True
        window = text[ce:min(se, ce + 90)]
        return any(c in window for c in "“\"«„")

    def _subject(self, before: list, ss: int, cs: int) -> Speaker | None:
        if not before:
            return None
        rel = self._who_clause_subject(before, ss)
        if rel is not None:
            return rel
        sp = self._np_backward(before, len(before) - 1, ss)
        if sp is not None and sp.kind == "place" and self._location_appositive(before, sp):
            # "a team at the Goddard center in Greenbelt, Maryland, has confirmed": the state
            # names where the centre is; the subject is the phrase the place hangs on
            sp = self._sentence_subject(ss, cs)
            if sp is not None and sp.kind == "place":
                sp = None
        if sp is None or sp.kind not in ("person", "pronoun"):
            opener = self._chain_opener(before, ss)
            if opener is not None and (sp is None or sp.start > opener.end):
                return opener
        if sp is not None:
            return sp
        # "…, and has warned that" / "…, saying": the sentence's own subject
        j = len(before) - 1
        while j >= 0 and before[j][0].lower() in AUX:
            j -= 1
        if j >= 0 and before[j][0].lower() in ("and", "but", ",", "or"):
            # "she described it as … and accused him of …": coordinated verbs share the
            # subject of the cue before them in the sentence
            if self.events and self.events[-1].start >= ss and not self.events[-1].inverted:
                prev = self.events[-1].speaker
                if prev is not None and prev.resolved and prev.kind != "description":
                    return Speaker(prev.phrase, prev.name, prev.kind, prev.role, prev.start, prev.end,
                                   True, prev.org, prev.literary)
            return self._sentence_subject(ss, cs)
        return None

    @staticmethod
    def _location_appositive(before: list, sp: Speaker) -> bool:
        """Is the place ``sp`` the second half of "in Greenbelt, Maryland," (city, region)?"""
        j = next((j for j in range(len(before) - 1, -1, -1) if before[j][1] == sp.start), -1)
        if j < 3 or before[j - 1][0] != "," or not _is_cap(before[j - 2][0]):
            return False
        k = j - 2
        while k > 0 and _is_cap(before[k - 1][0]) and j - k < 6:
            k -= 1
        return k >= 1 and before[k - 1][0].lower() in ("in", "at", "of", "from", "near", "outside", "based")

    def _chain_opener(self, before: list, ss: int) -> Speaker | None:
        """The name that opens a chain of appositions before the cue.

        "…,” Dana Hill, a fellow at the Kestrel Institute in Lyon, France, and
        co-author of the study, said': the phrase next to the verb is a place or a
        role; the speaker is the name the chain starts with (after the closing
        quote mark, or at the sentence start), provided every link is a noun
        phrase (no verb, no relative clause) and it names a person or a body.
        """
        n = len(before)
        if n < 6 or before[-1][0] not in (",", "—", "–"):
            return None
        c0 = 0
        for j in range(n - 2, 0, -1):
            if before[j][0] in _CLOSE_MARKS and before[j - 1][0] == ",":
                c0 = j + 1
                break
        if c0 == 0 and before[0][1] > ss:
            return None  # the window starts mid-sentence: the chain's opening is not in view
        segs: list[list] = [[]]
        for t in before[c0:-1]:
            if t[0] in (",", "—", "–"):
                segs.append([])
            else:
                segs[-1].append(t)
        if len(segs) < 3 or any(not seg for seg in segs) or len(segs) > 6:
            return None
        first = segs[0]
        if len(first) > 8 or not _is_cap(first[-1][0]) or first[0][0] in STOP_CAPS or first[0][0].lower() in _PREPS:
            return None
        for seg in segs[1:]:
            for t in seg:
                tl = t[0].lower()
                if tl in ("who", "which", "that", "whose", "when", "while", "because", "but", "if", "as") \
                        or (t[0].islower() and t[0] in CUE_FORMS and (tl.endswith("ed") or tl in _PAST_IRREGULAR)) \
                        or tl in AUX or tl in _PUNCT_STOP:
                    return None
        sp = self._np_backward(first, len(first) - 1, ss, appos=False)
        if sp is None or sp.kind not in ("person", "organization", "official", "agency", "outlet"):
            return None
        role = _trim_role(self.text[segs[1][0][1]:segs[1][-1][2]])
        if role and not sp.role and sp.kind == "person":
            sp.role = role
            self.reg.roles.setdefault(sp.name, role)
        return sp

    # ---- noun phrases ---------------------------------------------------------
    def _np_backward(self, toks: list, j: int, ss: int, appos: bool = True, cleft: bool = False) -> Speaker | None:
        i = j
        skipped = 0
        while i >= 0 and skipped < 4:
            w = toks[i][0]
            wl = w.lower()
            if wl in AUX or (w.islower() and wl.endswith("ly") and len(wl) > 4 and wl not in ("family", "italy", "daily")):
                i -= 1
                skipped += 1
                continue
            if wl in _TIME_WORDS and i > 0 and toks[i - 1][0].lower() in ("on", "last", "this", "on", "late", "early"):
                i -= 2
                skipped += 1
                continue
            if wl in ("today", "yesterday", "tonight", "now", "then"):
                i -= 1
                skipped += 1
                continue
            break
        if i < 0:
            return None
        w = toks[i][0]
        if w.lower() in ("he", "she", "they", "it", "we", "i"):
            return self._pronoun(w, toks[i][1], toks[i][2])
        if w in (",", "—", "–", "-") and appos:
            k = i - 1
            while k >= 0 and i - k <= 48 and toks[k][0] not in (",", "—", "–", "-", ";", ":", "(", ")") \
                    and (toks[k][0] not in _OPEN_MARKS + _CLOSE_MARKS or _poss_apostrophe(toks, k)):
                k -= 1
            if k >= 1 and toks[k][0] in (",", "—", "–", "-"):
                inner = toks[k + 1:i]
                if not inner:
                    return None
                head = self._np_backward(toks, k - 1, ss, appos=False)
                if head is None or head.kind in ("description",) and head.phrase.lower().startswith(("however", "meanwhile")):
                    return None
                if _desc_phrase(head.phrase):
                    # "The studio that holds the rights to his films, Silver Harp, said": the
                    # description before the name is the relative clause's head
                    hs = k - 1
                    while hs > 0 and toks[hs - 1][1] >= head.start:
                        hs -= 1
                    rel = self._relative_before(toks, hs, ss, 14)
                    if rel is not None and _desc_phrase(rel.phrase):
                        head = rel
                first = inner[0][0].lower()
                if head.kind == "document" and len(inner) >= 3 and inner[1][0] == "by" and first.endswith(("ed", "en")):
                    # "The report, published by the Kestrel Institute, warned": its author speaks
                    b = 2 + (inner[2][0].lower() == "the")
                    if b < len(inner) and _is_cap(inner[b][0]):
                        author = self._make(inner[b][1], inner[-1][2])
                        if author is not None and author.kind in _ISSUER_KINDS:
                            return Speaker(head.phrase, author.name, author.kind, author.role, head.start, head.end)
                if first in ("he", "she", "they", "we") and len(inner) > 1 and inner[1][0].islower():
                    # "During the call, he asked about X, called Y …": a clause, whose subject
                    # is the pronoun, not an apposition
                    return self._pronoun(inner[0][0], inner[0][1], inner[0][2])
                if first in ("who", "which", "whose", "where", "however", "meanwhile", "though", "too", "also",
                             "in", "on", "at", "citing", "meanwhile", "for", "after", "when", "as", "instead"):
                    if first == "citing":
                        head_extra = self._np_forward(inner, 1)
                        if head_extra is not None:
                            self._pending_extra.append(head_extra)
                    return head
                if first in ("according",):
                    return head
                if (head.kind in ("description", "anonymous") or _desc_phrase(head.phrase)) and inner \
                        and all(_is_cap(t[0]) or t[0] in ("of", "for", "and", "&", ".") for t in inner) and len(inner) <= 6:
                    # "his predecessor, Dana Hill," / "The group, Harbour Workers Alliance,"
                    # (but "Dana Hill, the sister of the mayor, Ivo Petrov, said": the second
                    # name stands for the mayor; the subject is the name that opens the chain)
                    owner = self._appositive_owner(toks, k - 1, head, ss) or self._chain_owner(toks, k, ss)
                    if owner is not None and owner.kind == "person":
                        return owner
                    named = self._make(inner[0][1], inner[-1][2])
                    if named is not None and named.kind not in ("description",):
                        self._type_by_description(named, head.phrase)
                        if named.role is None:
                            named.role = head.phrase
                        if head.name != named.name and head.name == head.phrase:
                            self.aliases[head.name] = named.name
                        return named
                if head.kind in ("person", "organization", "official", "outlet", "agency") or head.kind == "pronoun":
                    role = self.text[inner[0][1]:inner[-1][2]]
                    role = _trim_role(role)
                    if role and not head.role:
                        head.role = role
                        if head.kind == "person":
                            self.reg.roles.setdefault(head.name, role)
                    return head
                if head.kind in ("description", "anonymous"):
                    # "Dana Hill, a spokesperson for the fleet, the navy's command, said": the
                    # description is itself an apposition of the name before it
                    named = self._appositive_owner(toks, k - 1, head, ss)
                    if named is not None:
                        return named
                return head
            return None
        if w.lower() == "who" and appos and i >= 1:
            # "a navy officer who called the plan …": the relative clause's subject is the noun before
            return self._relative_head(toks, i, ss)
        if w in _PUNCT_STOP or (w.lower() in NP_STOP and not w.isupper()) or (w.islower() and w in CUE_FORMS and (w.endswith("ed") or w in ("said", "told", "wrote", "says", "tells"))):
            return None
        # collect the phrase backwards
        start = i
        if _is_cap(w) or _poss(w):
            # the capitalised run, then role words before it
            k = i
            while k >= 0:
                t = toks[k][0]
                if _is_cap(t) or t in ("of", "for", "and", "&", "de", "van", "von", "bin", "al", "la", "le", "da", "du", "der", "the") and k - 1 >= 0 and _is_cap(toks[k - 1][0]) and t != "the":
                    k -= 1
                    continue
                break
            k += 1
            # "the" inside ("Department of the Treasury") is fine, leading "and" is not
            while k <= i and toks[k][0] in ("and", "&", "of", "for"):
                k += 1
            start = k
            m = k - 1
            while m >= 0 and k - m <= 6:
                t = toks[m][0]
                tl = t.lower()
                if tl in ROLE_NOUNS or tl in ("senior", "former", "chief", "deputy", "top", "veteran",
                                               "government", "state", "press", "longtime", "acting",
                                               "interim", "then", "financial", "global", "local", "foreign",
                                               "investment", "technology", "research", "fellow", "party",
                                               "company", "firm", "group", "white", "house", "team", "club"):
                    start = m
                    m -= 1
                    continue
                if _is_cap(t) and not t in STOP_CAPS or _poss(t):
                    start = m
                    m -= 1
                    continue
                if (t.isalpha() and t.islower() and m + 1 < len(toks) and toks[m + 1][0].lower() in ROLE_NOUNS
                        and t not in NP_STOP and t not in _PREPS and t not in CUE_FORMS and t not in _DETS
                        and not t.endswith(("ly", "ed", "ing"))):
                    start = m  # "port director", "union leader"
                    m -= 1
                    continue
                if tl in ("a", "an", "the") :
                    start = m
                break
            # "China's envoy to Chile Tan Wei said": a person the registry found at the end of
            # the run is the subject, whatever stands before
            for pm in self._persons[bisect_left(self._pstarts, toks[k][1]):bisect_left(self._pstarts, toks[i][2])]:
                if pm.start > toks[k][1] and (pm.end == toks[i][2] or pm.end + 2 == toks[i][2] and _poss(toks[i][0])) \
                        and not any(t[0] in ("and", "&") for t in toks[k:i] if t[1] < pm.start):
                    return self._make(pm.start, toks[i][2])
            # "the company that runs the Harbor Games, Acme, said", "people who know Dana Hill
            # said": the name is the object of a relative clause; the subject is its head noun
            rel = self._relative_before(toks, start, ss)
            if rel is not None:
                return rel
            # "… published in the journal JAMA Psychiatry argued": the name sits in a
            # prepositional phrase; the subject is the whole phrase before it
            m = start - 1
            hops = 0
            while m >= 0 and hops < 3 and toks[m][0].islower() and toks[m][0] not in NP_STOP and toks[m][0] not in _PREPS_CORE:
                m -= 1
                hops += 1
            if m >= 1 and toks[m][0] in _PREPS_CORE and toks[m - 1][0] not in _PUNCT_STOP and toks[m - 1][0].lower() not in NP_STOP:
                k = m - 1
                count = 0
                while k >= 0 and count < 14:
                    t = toks[k][0]
                    tl = t.lower()
                    if (t in _PUNCT_STOP and t != "&") or (tl in NP_STOP and not t.isupper()):
                        break
                    if t.islower() and t in CUE_FORMS and not (tl.endswith("ed") and k >= 1 and toks[k - 1][0].lower() in ANON_HEADS | {"research", "study"}):
                        break
                    k -= 1
                    count += 1
                if k + 1 <= m - 1:
                    start = k + 1
        else:
            k = i
            count = 0
            while k >= 0 and count < 16:
                t = toks[k][0]
                tl = t.lower()
                if t in _PUNCT_STOP and t not in ("&",):
                    break
                if tl in NP_STOP and tl != "and":
                    break
                if tl == "and":
                    # "businesses and residents": a short coordination of nouns
                    if count <= 2 and k >= 1 and toks[k - 1][0].isalpha() and toks[k - 1][0].lower() not in NP_STOP \
                            and not toks[k - 1][0].endswith("ed"):
                        k -= 1
                        count += 1
                        continue
                    break
                if t.islower() and t in CUE_FORMS and count > 0 and t not in ("report", "reports", "statement", "post", "note"):
                    if not (tl.endswith("ed") and k >= 1 and toks[k - 1][0].lower() in ANON_HEADS):
                        break
                if tl in ("in", "on", "at") and k >= 1 and toks[k - 1][0].lower() in ("said", "says", "told"):
                    break
                k -= 1
                count += 1
            start = k + 1
            if 0 <= k < i and toks[k][0] in _CLOSE_MARKS:
                # 'the “Dawson’s Creek” star said': a title in marks inside the phrase
                j = k - 1
                while j > k - 8 and j >= 1 and toks[j][0] not in _OPEN_MARKS:
                    j -= 1
                if j >= 1 and j < k - 1 and toks[j][0] in _OPEN_MARKS and _is_cap(toks[j + 1][0]) \
                        and (toks[j - 1][0].lower() in ("the", "a", "an") or _poss(toks[j - 1][0])):
                    start = k = j - 1
            if k >= 1 and k < i and toks[k][0].lower() in ("who", "that", "which") and i - k <= 12 \
                    and ((appos and (toks[k][0].lower() == "who" or toks[k + 1][0].lower() in AUX
                                     or (toks[k + 1][0].islower() and toks[k + 1][0].endswith("ed"))))
                         or _nounish(toks[k - 1][0])):
                # "riders who waited at the depot all night reported …": the clause
                # between "who" and the verb describes the subject before it
                rel = self._relative_head(toks, k, ss)
                if rel is not None:
                    return rel
            if start > i:
                return None
            v = next((v for v in (i - 2, i - 3) if v >= max(start, 1) and toks[v][0] in _ISSUING_VERBS), -1)
            if v >= 0 and toks[v + 1][0].lower() in ("a", "an", "the", "its", "his", "her", "their") \
                    and toks[i][0].lower() in _ISSUED_DOCS:
                # "the commission, which regulates X, issued a statement warning that": the
                # issuer speaks, not the verb phrase
                issuer = self._np_backward(toks, v - 1, ss)
                if issuer is not None and issuer.kind not in ("description", "document"):
                    return issuer
            # a phrase cannot begin with a preposition or a bare verb
            while start <= i and (toks[start][0].lower() in _PREPS - {"familiar", "briefed"} or toks[start][0].lower() in _LEAD_STRIP):
                start += 1
            if start > i:
                return None
            if appos and k >= 1 and toks[k][0].lower() == "and":
                # "both outside economists and traders at the port told …": the first
                # conjunct is a source of the same statement
                left = self._coord_left(toks, k)
                if left is not None:
                    self._pending_extra.append(left)
        cop = start - 1
        while cop >= 1 and toks[cop][0].lower() in ("then", "now", "also", "still", "once", "already", "formerly"):
            cop -= 1
        if start >= 1 and toks[cop][0].lower() in _COPULAS and not (cleft and cop >= 1 and toks[cop - 1][0].lower() == "it"):
            # "… who was the acting head of X and Dana Hill said": a predicate, not a subject
            # (but "It was Dana Hill who said": a cleft names the speaker)
            return None
        span_s, span_e = toks[start][1], toks[i][2]
        return self._make(span_s, span_e)

    def _coord_left(self, toks: list, k: int) -> Speaker | None:
        """The conjunct before "and" at ``k``, when it is a source noun phrase."""
        j = k - 1
        while j >= 0 and k - j <= 6:
            t = toks[j][0]
            tl = t.lower()
            if t in _PUNCT_STOP or tl in NP_STOP or tl in ("both", "either") or (t.islower() and t in CUE_FORMS):
                break
            j -= 1
        if j + 1 >= k:
            return None
        sp = self._make(toks[j + 1][1], toks[k - 1][2])
        if sp is None or not sp.resolved or sp.kind not in ("anonymous", "organization", "official", "outlet", "agency", "person"):
            return None
        return sp

    def _common_word(self, tok: str) -> bool:
        """A word capitalised only because it opens the sentence ("Transit riders say"):
        the article writes it in lower case elsewhere and never uses it as a name."""
        if tok in FIRST_NAMES or tok in self.reg.kinds and self.reg.kinds[tok] not in ("unknown", "organization") \
                or tok in self.reg.surname or tok in ALIAS_TO_CANON or not tok.isalpha():
            return False
        if self._lower_words is None:
            self._lower_words = set(_LOWER_WORD.findall(self.text))
        return tok.lower() in self._lower_words

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
                    i = bisect_left(self._ostarts, m.start)
                    self._orgs.insert(i, m)
                    self._ostarts.insert(i, m.start)
        if any(m.kind != "person" for m in self._by_name.get(name, ())) and any(m.name == name for m in self._persons):
            self._persons = [m for m in self._persons if m.name != name]
            self._pstarts = [m.start for m in self._persons]

    def _who_clause_subject(self, toks: list, ss: int) -> Speaker | None:
        """"A spokesperson who asked not to be identified under the utility's rules said": a
        relative clause of any length, without commas or another verb of speech, sits
        between the subject and its cue."""
        j = len(toks) - 1
        while j >= 0 and len(toks) - j <= 24:
            t = toks[j][0]
            tl = t.lower()
            if tl == "who":
                break
            if (t in _PUNCT_STOP and t != "-") or tl in ("and", "but", "or", "that", "which") \
                    or (t.islower() and t in CUE_FORMS and tl not in ING_CUES):
                return None
            j -= 1
        else:
            return None
        if j < 1 or j >= len(toks) - 1 or toks[j - 1][0] in _PUNCT_STOP or not _nounish(toks[j - 1][0]):
            return None
        head = self._np_backward(toks, j - 1, ss, appos=False)
        if head is None or head.kind in ("pronoun", "description"):
            return None
        return head

    def _relative_before(self, toks: list, start: int, ss: int, reach: int = 8) -> Speaker | None:
        """The head of a relative clause that ends at ``start`` ("the firm that hired …")."""
        m = start - 1
        hops = 0
        while m >= 1 and hops < reach:
            t = toks[m][0]
            tl = t.lower()
            if tl in ("who", "that", "which"):
                break
            if t in _PUNCT_STOP or tl in _CLAUSE_STOP or tl in ("said", "says", "told", "tells"):
                return None
            m -= 1
            hops += 1
        else:
            return None
        if m < 1 or m == start - 1 or not _nounish(toks[m - 1][0]) and toks[m][0].lower() != "who":
            return None
        if toks[m - 1][0] in _PUNCT_STOP or toks[m - 1][0].lower() in NP_STOP:
            return None
        return self._np_backward(toks, m - 1, ss, appos=False)

    def _relative_head(self, toks: list, k: int, ss: int) -> Speaker | None:
        """The noun phrase a relative pronoun at ``k`` refers back to ("officials who …")."""
        if k < 1 or toks[k - 1][0] in _PUNCT_STOP or toks[k - 1][0].lower() in NP_STOP:
            return None
        head = self._np_backward(toks, k - 1, ss, appos=False, cleft=True)
        if head is None or head.kind in ("pronoun",):
            return None
        return head

    def _chain_owner(self, toks: list, kc: int, ss: int) -> Speaker | None:
        """"Dana Hill, the sister of the mayor of the town, Ivo Petrov, said": the person
        opening a chain of appositions, when the stretch between the commas is a plain
        noun phrase (a determiner first, no verb inside)."""
        pc = kc - 1
        while pc >= 0 and kc - pc <= 25 and toks[pc][0] != ",":
            t = toks[pc][0]
            attached = t in ("-", "&") and pc + 1 < len(toks) and toks[pc + 1][1] == toks[pc][2]
            if (t in _PUNCT_STOP and not attached) or t.lower() in _CHAIN_STOP or (t.islower() and t in CUE_FORMS):
                return None
            pc -= 1
        if pc < 1 or toks[pc][0] != "," or kc - pc < 3:
            return None
        first = toks[pc + 1][0]
        if first.lower() not in ("the", "a", "an", "his", "her", "their", "its") and not _poss(first):
            return None
        owner = self._np_backward(toks, pc - 1, ss, appos=False)
        if owner is None or owner.kind != "person":
            return None
        o = pc - 1
        while o >= 0 and toks[o][1] > owner.start:
            o -= 1
        if o < 0 or toks[o][1] != owner.start:
            return None
        if o > 0 and toks[o - 1][0] not in (",", ":", "—", "–", ";") and toks[o - 1][0] not in _OPEN_MARKS + _CLOSE_MARKS:
            return None
        return owner

    def _appositive_owner(self, toks: list, j: int, head: Speaker, ss: int) -> Speaker | None:
        """The name a description stands in apposition to: "Name, <head>, …"."""
        hk = j
        while hk >= 0 and toks[hk][1] > head.start:
            hk -= 1
        if hk < 2 or toks[hk][1] != head.start or toks[hk - 1][0] != ",":
            return None
        owner = self._np_backward(toks, hk - 2, ss, appos=False)
        if owner is None or owner.kind not in ("person", "organization", "official"):
            return None
        ok = hk - 2
        while ok >= 0 and toks[ok][1] > owner.start:
            ok -= 1
        if ok < 0 or toks[ok][1] != owner.start:
            return None
        if ok > 0:
            before = toks[ok - 1][0]
            if before not in (",", ":", "—", "–", ";") and before not in _OPEN_MARKS + _CLOSE_MARKS:
                return None  # "Asked about Dana Hill, a spokesman said": Hill is an object
        role = _trim_role(head.phrase)
        if role and not owner.role:
            owner.role = role
            if owner.kind == "person":
                self.reg.roles.setdefault(owner.name, role)
        if head.name != owner.name:
            self.aliases.setdefault(head.name, owner.name)
        return owner

    def _np_forward(self, toks: list, i: int, object_only: bool = False) -> Speaker | None:
        """The phrase that starts at token ``i`` (after 'said', 'according to', 'told')."""
        n = len(toks)
        if i >= n:
            return None
        first = toks[i][0]
        if first.lower() in ("he", "she", "they", "it", "we", "i"):
            return None if object_only else self._pronoun(first, toks[i][1], toks[i][2])
        if first.lower() in _PN_POSS and not object_only and i + 1 < n \
                and (toks[i + 1][0].islower() or toks[i + 1][0] in _OPEN_MARKS):
            # "citing his “terrible judgment”": the possessor is the one whose words they are
            return self._pronoun(_PN_POSS[first.lower()], toks[i][1], toks[i][2])
        if first in _PUNCT_STOP or first.lower() in ("that", "this", "which", "what", "how", "whether", "reporters", "us", "me", "him", "her", "them", "journalists"):
            return None
        k = i
        count = 0
        saw_cap = False
        while k < n and count < 14:
            t = toks[k][0]
            tl = t.lower()
            if t in _PUNCT_STOP and t != "&":
                if t == "’" and k + 1 < n and toks[k + 1][0] == "s":
                    k += 2
                    count += 2
                    continue
                break
            if (tl in NP_STOP - {"to"} or tl in ("when", "after", "before", "during", "while", "as", "because", "and", "but")) and not t.isupper():
                if tl == "and" and k + 1 < n and _is_cap(toks[k + 1][0]) and saw_cap and object_only is False and False:
                    pass
                break
            if t.islower() and t in CUE_FORMS and count > 0 and toks[k - 1][0].lower() not in _DETS \
                    and not (tl in ("report", "reports", "statement", "post", "note", "comments", "interview")
                             and k + 1 < n and toks[k + 1][0].lower() in ("by", "from", "of", "in", "on")) \
                    and not (tl in ("report", "statement", "post", "tweet", "note", "letter", "memo", "release", "posts")
                             and (k + 1 >= n or not toks[k + 1][0].islower() or toks[k + 1][0] in _PREPS)
                             and (_poss(toks[k - 1][0]) or (toks[k - 1][0] in _PLATFORMS and k >= 2 and _poss(toks[k - 2][0])))) \
                    and not (CUE_LEMMA.get(tl) in _NO_INVERT_NOUNY and (_poss(toks[k - 1][0]) or (
                        toks[k - 1][0].islower() and toks[k - 1][0].isalpha() and toks[k - 1][0] not in NP_STOP))):
                # ("X said" ends the phrase; "Acme's annual report" does not)
                break  # ("a new report by X" is a phrase, "X said" is not)
            if tl in ("to",) and count > 0:
                break
            if tl in _TIME_WORDS and count > 0 and (tl in MONTHS or t in WEEKDAYS):
                break
            if object_only and count > 0 and not _is_cap(t) and tl not in ("of", "the"):
                break
            if _is_cap(t):
                saw_cap = True
            elif saw_cap and tl in ("in", "on", "at") and count > 0 and object_only is False:
                # "the American Enterprise Institute in Washington": stop at the place
                break
            k += 1
            count += 1
        self._fwd_end = k
        if k == i:
            return None
        # trim trailing prepositions/determiners
        while k - 1 > i and toks[k - 1][0].islower() and toks[k - 1][0] in _PREPS | _DETS:
            k -= 1
        sp = self._make(toks[i][1], toks[k - 1][2])
        if sp is None:
            return None
        # apposition after the name: ", a China scholar with the AEI"
        if sp.kind in ("person", "organization", "official", "outlet", "agency") and k < n and toks[k][0] == ",":
            j = k + 1
            while j < n and j - k < 24 and toks[j][0] not in (".", ";", "(", ")", "“", "”", "\"") and toks[j][0].lower() not in ("who", "which", "when", "where", "said", "says", "adding", "saying") \
                    and not (toks[j][0] in ING_CUES and toks[j][0].islower()):
                j += 1
            if j > k + 1:
                role = _trim_role(self.text[toks[k + 1][1]:toks[j - 1][2]])
                if role and not sp.role and not role.lower().startswith(("according", "per ", "adding", "saying", "citing")):
                    sp.role = role
                    if sp.kind == "person":
                        self.reg.roles.setdefault(sp.name, role)
        elif sp.kind in ("description", "anonymous") and not object_only and k < n and toks[k][0] == ",":
            # "said a spokeswoman for the port, Dana Hill.": the description names its person
            j = k + 1
            while j < n and j - k < 12 and toks[j][0] not in (".", ",", ";", "(", ")") and toks[j][0] not in _OPEN_MARKS + _CLOSE_MARKS:
                j += 1
            inner = toks[k + 1:j]
            if inner and (j == n or toks[j][0] in (".", ",", ";")) and _is_cap(inner[-1][0]) \
                    and all(_is_cap(t[0]) or (t[0].isalpha() and t[0].islower() and t[0] not in NP_STOP
                                              and t[0] not in _PREPS and t[0] not in CUE_FORMS) for t in inner):
                named = self._make(inner[0][1], inner[-1][2])
                if named is not None and named.kind == "person":
                    if not named.role:
                        named.role = _trim_role(sp.phrase)
                    self.aliases.setdefault(sp.name, named.name)
                    return named
        return sp

    def _sentence_subject(self, ss: int, cs: int) -> Speaker | None:
        """The subject of the sentence's main clause (for "…, and has warned", "…, saying")."""
        toks = self._tc.get(ss, min(cs, ss + 400))
        i = 0
        if toks and toks[0][0] in _OPEN_MARKS:
            return None
        # a dateline: "BUFFALO, N.Y. —", "(Reuters) -"
        if toks and (toks[0][0] == "(" or (toks[0][0].isupper() and len(toks[0][0]) > 2)):
            for j in range(min(len(toks), 12)):
                if toks[j][0] in ("—", "–", "-") and (j + 1 < len(toks)):
                    if all(t[0].isupper() or not t[0].isalpha() for t in toks[:j]):
                        i = j + 1
                    break
        if i < len(toks) and toks[i][0] in _INTRO:
            # skip an introductory phrase up to its comma
            j = i + 1
            while j < len(toks) and j - i < 30 and toks[j][0] != ",":
                j += 1
            i = j + 1 if j < len(toks) and toks[j][0] == "," else i + 1
        if i >= len(toks):
            return None
        # forward noun phrase, stopping at the verb
        k = i
        cap_run = False
        after_poss = False
        while k < len(toks) and k - i < 10:
            t = toks[k][0]
            tl = t.lower()
            if tl == "and" and k > i and k + 1 < len(toks) and k - i <= 3 and (toks[k + 1][0][:1].isupper() or toks[k + 1][0].isalpha() and toks[k + 1][0].lower() not in NP_STOP and toks[k + 1][0] not in CUE_FORMS):
                k += 1
                continue
            if t in _PUNCT_STOP or tl in NP_STOP or (t.islower() and (t in CUE_FORMS or tl.endswith("ed"))):
                break
            if _poss(t):
                after_poss = True
            if (_is_cap(t) and t not in STOP_CAPS and not (k == i and self._common_word(t))) or _poss(t):
                cap_run = True
            elif cap_run and not after_poss and t.islower() and tl not in ("of", "for", "and", "&", "the") and tl not in ROLE_NOUNS:
                break
            k += 1
        if k == i:
            return None
        if toks[i][0].lower() in ("he", "she", "they", "it", "we", "i"):
            return self._pronoun(toks[i][0], toks[i][1], toks[i][2])
        sp = self._make(toks[i][1], toks[k - 1][2])
        # "The group, Harbour Workers Alliance, …": the apposition names it
        if sp is not None and k < len(toks) and toks[k][0] == ",":
            j = k + 1
            while j < len(toks) and j - k <= 7 and toks[j][0] != ",":
                j += 1
            inner = toks[k + 1:j]
            if j < len(toks) and inner and all(_is_cap(t[0]) or t[0] in ("of", "for", "and", "&") for t in inner):
                named = self._make(inner[0][1], inner[-1][2])
                if named is not None and named.kind != "description" and sp.kind in ("description", "anonymous", "organization", "official"):
                    if named.role is None and sp.kind in ("description", "anonymous"):
                        named.role = sp.phrase
                    if sp.name != named.name:
                        self.aliases[sp.name] = named.name
                    return named
        return sp

    # ---- making and resolving speakers ----------------------------------------

    def _make(self, s: int, e: int) -> Speaker | None:
        """Classify the phrase text[s:e] and resolve it."""
        text = self.text
        phrase = text[s:e].strip()
        if not phrase:
            return None
        if re.match(r"(?i)(?:we|i|you|they|he|she|it)['’](?:ll|re|ve|d|m|s)\b", phrase):
            return None
        words = phrase.split()
        while words and words[0].lower() in ("and", "but", "or", "as", "while", "so", "yet"):
            words = words[1:]
        if not words:
            return None
        phrase = " ".join(words)
        if len(words) == 1 and words[0] in STOP_CAPS and words[0] not in ("It", "He", "She", "They", "We"):
            return None
        if words[0] in _LEAD_PREPS:
            return None  # "During the call", "After the vote": an adverbial, never a speaker
        if len(words) >= 3 and words[1][:1] in _OPEN_MARKS:
            tm = _TITLED_NOUN.match(phrase)
            if tm is not None:
                # 'the “Harbor Nights” star': the noun is what describes; the title only says which
                return self._description(phrase, [tm.group(1), tm.group(2)], [], s, e)
        if len(words) >= 2 and words[0].lower() in ("a", "an") and words[1].isupper() and len(words[1]) <= 4 \
                and (len(words) == 2 or words[2].lower() in _PREPS):
            return Speaker(phrase, phrase, "description", None, s, e, False)  # "A CT of his chest showed"
        if all(w.lower().strip(",.") in _NOT_A_NAME for w in words) \
                and not (len(words) == 1 and _is_cap(words[0]) and words[0].rstrip(",.") in self.reg.surname):
            # "Tuesday", "Others", "a new": a time or a bare determiner, never a speaker (but a
            # surname the article gave with a first name is one: "says Early")
            return None
        # head = before the first preposition / participle
        head = words
        post: list[str] = []
        for idx, wd in enumerate(words):
            wl = wd.lower()
            nxt_cap = idx + 1 < len(words) and _is_cap(words[idx + 1]) and _is_cap(words[idx - 1])
            if idx > 0 and ((wl in _PREPS and not nxt_cap) or (idx >= 2 and wd.islower() and wl.endswith(("ing", "ed")) and len(wl) > 5
                                             and words[idx - 1].lower() not in _DETS)):
                head, post = words[:idx], words[idx:]
                break
        head_last = head[-1].rstrip(",.") if head else ""
        hl = head_last.lower()
        hl_clean = _unposs(hl)
        # documents: "a report from X" speaks for X
        if hl_clean in DOC_HEADS and not _is_cap(head_last):
            owner = self._owner(post, s)
            if owner is not None and hl_clean not in _ISSUED_DOCS:
                owner.kind = owner.kind if owner.kind != "unknown" else "organization"
                return Speaker(phrase, owner.name, owner.kind, None, s, e, True, None)
            if owner is None and hl_clean not in _ISSUED_DOCS and len(head) <= 7:
                # "Acme's (annual) audit found": the body whose document it is; "That report found …"
                # after "findings … by the Audit Office": the author the sentence before named
                pi = len(head) - 2
                while pi > 0 and not _poss(head[pi]) and head[pi].islower() and len(head) - pi <= 3:
                    pi -= 1
                author = self._possessor(head[:pi + 1] + head[-1:], s) if pi >= 0 and _poss(head[pi]) else None
                if author is None and head[0].lower() in ("the", "that", "this", "these", "those") and len(head) <= 2:
                    author = self._document_author(s)
                if author is not None and author.kind in _ISSUER_KINDS:
                    return Speaker(phrase, author.name, author.kind, author.role, s, e, True, None)
            if owner is None and hl_clean in _ISSUED_DOCS and len(head) <= 4:
                # "the statement read", "Acme's statement said": whoever issued it speaks
                issuer = self._possessor(head, s) if len(head) >= 2 and (
                    _poss(head[-2]) or (len(head) >= 3 and head[-2] in _PLATFORMS and _poss(head[-3]))) else None
                if issuer is None and head[0].lower() in ("the", "its", "his", "her", "their", "that", "this"):
                    issuer = self._statement_issuer(hl_clean, s)
                if issuer is not None:
                    return Speaker(phrase, issuer.name, issuer.kind, issuer.role, s, e, True, None)
            return Speaker(phrase, phrase, "document", None, s, e, True, owner.name if owner else None)
        if _is_cap(head_last) and hl_clean in _COMMON_HEADS and all(not _is_cap(w) or w in STOP_CAPS or i == 0 for i, w in enumerate(head)):
            # "Officials say", "Analysts said": capitalised only by the sentence start
            return self._description(phrase, head, post, s, e)
        if head_last and _is_cap(head_last) or (head_last and head_last[0].isdigit() is False and _poss(head_last) and _is_cap(head_last)):
            return self._named(head, post, s, e, phrase)
        # a lower-case head: a description
        return self._description(phrase, head, post, s, e)

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

    def _document_author(self, pos: int) -> Speaker | None:
        """The body the sentence before credits with a piece of work ("… findings by the Audit
        Office", "a study from Harbor University"): who "the report" / "that study" is by."""
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        a = bisect_left(self._ostarts, lo)
        b = bisect_left(self._ostarts, pos)
        for m in reversed(self._orgs[max(a, b - 20):b]):
            if m.kind == "place":
                continue
            if _BY_BEFORE.search(self.text, max(0, m.start - 12), m.start):
                return Speaker(m.surface or m.name, m.name, m.kind, None, m.start, m.end)
        return None

    def _statement_issuer(self, noun: str, pos: int) -> Speaker | None:
        """Who issued "the statement": the subject that made one in the sentences before.

        "Acme said in a statement …" / "Acme issued a statement …" / "In a statement,
        Acme said …", then "the statement read" / "the statement continued"."""
        text = self.text
        word = _DOC_WORD_RE.get(noun) or re.compile(r"\b" + re.escape(noun) + r"s?\b", re.I)
        si = self.seg.sent_index(pos)
        floor = max(0, pos - 3000)
        for k in range(si, max(-1, si - 8), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < floor:
                break
            hi = min(se, pos) if k == si else se
            w = -1
            for hm in word.finditer(text, max(ss, floor), hi):
                if not self._in_quote(hm.start()):
                    w = hm.start()
                    break
            if w < 0:
                continue
            evs = [ev for ev in self.events[-40:] if ss <= ev.start < se and ev.speaker is not None]
            # a speaker whose own phrase is the document, already resolved ("the statement read")
            for ev in reversed(evs):
                sp = ev.speaker
                if sp.start <= w < sp.end + 1 and sp.resolved and sp.kind in _ISSUER_KINDS:
                    return sp
            # "Acme said in a statement": the cue before the noun speaks
            for ev in reversed(evs):
                sp = ev.speaker
                if ev.start < w and sp.resolved and sp.kind in _ISSUER_KINDS and sp.end <= w:
                    return sp
            sub = self._sentence_subject(ss, w)
            if sub is not None and sub.resolved and sub.kind in _ISSUER_KINDS and sub.end <= w:
                return sub
            for ev in evs:  # "In a statement, Acme said …"
                sp = ev.speaker
                if sp.resolved and sp.kind in _ISSUER_KINDS:
                    return sp
            return None
        return None

    def _owner(self, post: list[str], s: int) -> Speaker | None:
        if not post or post[0].lower() not in ("from", "by", "of", "at", "for"):
            return None
        rest = [w for w in post[1:] if w.lower() not in ("the",)]
        if not rest or not _is_cap(rest[0]):
            return None
        run = []
        for w in rest:
            if _is_cap(w) or w in ("of", "for", "and", "&"):
                run.append(w.rstrip(",."))
            else:
                break
        if not run:
            return None
        name, kind = self.reg.resolve_name(" ".join(run))
        return Speaker(" ".join(run), name, kind if kind != "unknown" else "organization", None, s, s, True)

    def _named(self, head: list[str], post: list[str], s: int, e: int, phrase: str) -> Speaker:
        # split role words (lower-case, determiners) from the capitalised name run
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1]) or head[k - 1] in ("of", "for", "and", "&", "de", "van", "von", "bin", "al", "the") and k - 2 >= 0 and _is_cap(head[k - 2])):
            k -= 1
        pre = [w for w in head[:k] if w.lower() not in ("a", "an", "the") and w not in STOP_CAPS]
        run = head[k:]
        while run and run[0] in ("of", "for", "and", "&", "the"):
            run = run[1:]
        if "of" in run[1:]:
            # "Dana Hill of Springfield", "Dana Hill of Orion's lab": a person and where they are from
            j = run.index("of", 1)
            left = split_title(run[:j])[1]
            if left and (left[0] in FIRST_NAMES or " ".join(left) in self.reg.persons) and self._person_like(left):
                post = run[j:] + post
                run = run[:j]
        for idx in range(len(run) - 2, -1, -1):
            if _poss(run[idx]) and not (_unposs(run[idx]) in _OFFICE_OWNERS and _is_cap(run[idx + 1])):
                pre = pre + run[:idx + 1]
                run = run[idx + 1:]
                break
        run = [_unposs(w) if i == len(run) - 1 else w for i, w in enumerate(run)]
        run_s = " ".join(run)
        if len(run) == 1 and run[0] in _OUTLET_HEADS:
            # "the Times", "the Post": the outlet of that name the article cited before
            lo = bisect_left(self._ostarts, max(0, s - 6000))
            for m in reversed(self._orgs[lo:bisect_left(self._ostarts, s)]):
                if m.kind in ("outlet", "agency") and m.name.endswith(run[0]):
                    return Speaker(phrase, m.name, m.kind, None, s, e)
        # The whole run may be an outlet ("The Financial Times") or an org
        canon = ALIAS_TO_CANON.get(run_s) or ALIAS_TO_CANON.get(run_s[4:] if run_s.startswith("The ") else "")
        if canon:
            role = " ".join(pre) or None
            return Speaker(phrase, canon, OUTLETS[canon][0], role, s, e)
        title, name = split_title(run)
        if len(name) >= 3 and not self._person_like(name):
            # "Harbor FC QB Dana Hill": the registry found the person at the end of the run
            for n in (3, 2):
                if len(name) > n and " ".join(name[-n:]) in self.reg.persons:
                    title, name = title + name[:-n], name[-n:]
                    break
        # "Courier" after "the regional daily": the role is the lower-case part
        if name and self._person_like(name):
            full, kind = self.reg.resolve_name(" ".join(name))
            if kind not in ("person", "unknown", "person?"):
                # a single known org word: keep its kind
                role = " ".join(pre + title) or None
                return Speaker(phrase, full, kind, role, s, e)
            role_parts = pre + title
            role = " ".join(role_parts) or None
            if post and not role:
                role = " ".join(post)
            real_title = [t for t in title if t not in NATIONALITIES and t not in STOP_CAPS]  # "the Somali Shabaab": no title
            if kind == "unknown" and len(name) >= 2 and name[-1] in _MEDIA_WORDS and name[0] not in FIRST_NAMES \
                    and not real_title and full not in self.reg.persons:
                return Speaker(phrase, full, "outlet", None, s, e)  # "the Harbor Courier": a paper
            if kind in ("unknown",) and len(name) == 1 and not real_title and not self.reg.roles.get(full):
                kind = "unknown"
            else:
                kind = "person"
                if len(full.split()) >= 2:
                    self.reg.persons.setdefault(full, role or "")
                    self.reg.surname.setdefault(full.split()[-1], full)
            if role and kind == "person":
                self.reg.roles.setdefault(full, role)
            elif not role:
                role = self.reg.roles.get(full) or None
            if kind == "unknown":
                kind = self._guess_kind(full)
            return Speaker(phrase, full, kind, role, s, e)
        # a title alone ("President", "The President") or an organisation/place name
        if not name and run and run[0] == "The" and len(run) > 1:
            title2, name2 = split_title(run[1:])
            if not name2 and title2:
                title = title2
        if not name and title and all(t in TITLE_WORDS or t in HONORIFICS or t in NATIONALITIES or (i == 0 and t == "The")
                                      for i, t in enumerate(run)):
            desc = " ".join(head)
            r = self._role_back(title, s)
            if r is not None:
                return Speaker(phrase, r.name, "person", desc, s, e)
            return Speaker(phrase, phrase, "description", None, s, e, False)
        if post and post[0].lower() in ("for", "of", "on") and all(_is_cap(w) or w.lower() in ("for", "of", "on", "and", "the", "&") for w in post):
            run_s = run_s + " " + " ".join(post)  # "High Commissioner for Human Rights"
        full, kind = self.reg.resolve_name(run_s)
        if kind in ("unknown", "person?"):
            kind = self._guess_kind(full)
        role = " ".join(pre) or None
        if pre and pre[-1].lower() in ANON_HEADS | set(DESCRIPTION_CLASS) and not _is_cap(pre[-1]):
            pass
        return Speaker(phrase, full, kind, role, s, e)

    def _guess_kind(self, name: str) -> str:
        words = name.split()
        if all(w in PLACES or w in NATIONALITIES for w in words):
            return "place"
        if any(w in ("Ministry", "Department", "Office", "Commission", "Government", "Administration", "Council", "Court", "Police", "Agency") for w in words):
            return "official"
        return self.reg.kinds.get(name, "organization") if self.reg.kinds.get(name) not in (None, "unknown", "person?") else "organization"

    def _person_like(self, name: list[str]) -> bool:
        from .entities import _name_like  # local: shared helper
        if not _name_like(name):
            return False
        n = " ".join(name)
        if n in self.reg.persons or n in self.reg.surname:
            return True
        k = self.reg.kinds.get(n)
        if k in ("organization", "official", "outlet", "agency", "place"):
            return False
        return True

    def _description(self, phrase: str, head: list[str], post: list[str], s: int, e: int) -> Speaker:
        words = head
        if head and head[0].lower() == "the" and any(_AGE_NOUN.fullmatch(w) for w in head[1:3]):
            # "the 85-year-old Nobel Peace Prize winner said": a person the article named before
            p = self._recent_person_subject(s) or self._protagonist(s) or self._lede_subject(s)
            if p is not None:
                return Speaker(phrase, p.name, "person", p.role or self.reg.roles.get(p.name), s, e, True)
        if len(words) == 4 and words[0].lower() == "the" and words[2] == "and" \
                and {words[1].lower(), words[3].lower()} <= _PROFILE_NOUNS | ROLE_NOUNS:
            words = [words[0], words[3]]  # "the singer and guitarist": one person, two trades
        last = _unposs(words[-1].lower().rstrip(",."))
        det = words[0].lower()
        caps = [w for w in words if _is_cap(w) and w not in STOP_CAPS]
        org = None
        # the body the description belongs to: "a Northwind spokesperson", "a spokesperson for X"
        if caps:
            body = [w for w in words[1:-1] if w.lower() not in _DETS] if words[0].lower() in _DETS else words[:-1]
            org = " ".join(w.rstrip(",.").replace("’s", "").replace("'s", "") for w in body) or None
        elif post:
            own = self._owner(post, s)
            if own is not None:
                org = own.name
        display = phrase
        if not caps and det in ("a", "an") and last in _NAMED_LATER and len(words) <= 3:
            # "A group of teachers … the group Harbor Tutors": the body the article names later
            named = _GROUP_NAME_RE[last].search(self.text, e, min(len(self.text), e + 2500))
            if named is not None:
                nw = named.group(1).split()
                while nw and nw[-1] in ("for", "of", "and", "the", "&"):
                    nw.pop()
                if len(nw) >= 2:
                    self.aliases.setdefault(phrase, " ".join(nw))
                    return Speaker(phrase, " ".join(nw), "organization", None, s, e, True)
        if org is None and det in ("a", "an") and last in _SPOKES_ONLY and len(words) <= 3:
            # "Acme did not accept the offer. A spokesperson said …": the body the sentence
            # speaks about; the description keeps its words, with the body named
            body = self._speaking_body(s)
            if body is not None:
                org = body.name
                art = ("an" if body.name[:1] in "AEIOU" else "a") if det in ("a", "an") else det
                display = " ".join([art, body.name] + words[1:])
        if det == "the" and caps and len(words) <= 4 and not _is_cap(words[-1]) and last in _PERSON_NOUNS | _MALE_NOUNS | _FEMALE_NOUNS:
            # "the Yasuj resident" after "a resident of Yasuj": the person described before
            mods = _plain_words(words[1:-1]) - _DETS
            for ev in reversed(self.events[-15:]):
                sp = ev.speaker
                if sp is None or sp.start < s - 4000 or not sp.resolved or sp.kind != "anonymous":
                    continue
                pw = _plain_words(sp.name.split())
                if last in pw and mods <= pw:
                    return Speaker(phrase, sp.name, sp.kind, sp.role, s, e, True, sp.org)
        if det == "the" and len(words) <= 3 and not caps:
            cls = DESCRIPTION_CLASS.get(last)
            # "Acme said … The company said": a body of that class speaking in this or
            # the previous sentence is who the description points back to
            near = self._recent_subject(cls, last, s) if cls is not None else None
            if near is not None:
                return Speaker(phrase, near.name, near.kind, near.role, s, e, True, near.org)
            # "the group", "the authors": the last speaker described with the same noun,
            # unless a body of the class was named after it (the nearer one wins)
            same = None
            # "the Yasuj resident" after "a resident of Yasuj" (not after "a resident of Shiraz"):
            # the words that say which one must be there too
            mods = _plain_words(words[1:-1]) - _DETS - {"same", "other"}
            mods |= _plain_words(w for w in post if _is_cap(w))  # "the resident of Yasuj"
            for ev in reversed(self.events[-15:]):
                sp = ev.speaker
                if sp is None or sp.start < s - 4000 or not sp.resolved or sp.phrase.lower() == phrase.lower():
                    continue
                hw = [_unposs(w.lower().strip(",.")) for w in sp.phrase.split()[:5]]
                if last in hw and sp.kind != "pronoun":
                    if mods and not mods <= _plain_words((sp.name + " " + sp.phrase).split()):
                        continue
                    same = sp
                    break
            target = self._resolve_description(last, s)
            if same is None and target is None and _singular(last) != last:
                # "the nurses" long after "a group of nurses": a plural of people
                far = self._noun_speakers.get(last)
                if far is not None and far.name.lower() != phrase.lower():
                    same = far
            if same is not None and (target is None or target[3] < same.start):
                return Speaker(phrase, same.name, same.kind, same.role, s, e, True, same.org)
            if target is not None:
                return Speaker(phrase, target[0], target[1], target[2], s, e, True)
            if last in _ANON_BACKREF:
                # "an insider told …" then "the source said": the anonymous speaker before
                for ev in reversed(self.events[-15:]):
                    sp = ev.speaker
                    if sp is None or sp.start < s - 4000:
                        continue
                    if sp.kind == "anonymous" and sp.resolved and sp.phrase.lower() != phrase.lower() \
                            and sp.phrase.split()[0].lower() not in ("the", "some", "many", "most", "other", "others"):
                        return Speaker(phrase, sp.name, sp.kind, sp.role, s, e, True, sp.org)
        if not caps and len(words) >= 2 and last in _SPOKES_HEADS and words[-2].lower() in DESCRIPTION_CLASS:
            # "agency officials", "the company spokesman": the body named before
            target = self._resolve_description(words[-2].lower(), s)
            if target is not None and target[1] != "person":
                return Speaker(phrase, target[0], target[1], phrase, s, e, True, target[0])
        if (det in ("a", "an", "the") or _poss(words[0]) and len(words) <= 3) and last in ROLE_NOUNS:
            # "a Japanese government spokesman said …" then "government spokesman X said"
            want = [_unposs(w.lower()) for w in words[1:] if w.lower() in ROLE_NOUNS and not _poss(w)
                    and w.lower() not in ("senior", "junior", "former", "veteran")]
            want = ["prime" if w == "premier" else w for w in want]
            r = self._role_ahead(want, e)
            if r is not None:
                return Speaker(phrase, r.name, "person", r.role, s, e, True)
        if last in DOC_HEADS:
            kind = "document"
        elif last in ("media", "press", "reports", "outlets", "newspapers", "papers", "broadcasters") or last in DESCRIPTION_CLASS and DESCRIPTION_CLASS[last] == "outlet":
            kind = "outlet"
        elif last in ANON_HEADS or (last in _MALE_NOUNS | _FEMALE_NOUNS | _PERSON_NOUNS and det in ("a", "an", "one", "another")):
            kind = "anonymous"
        elif last in DESCRIPTION_CLASS:
            kind = "official" if DESCRIPTION_CLASS[last] == "official" else "organization"
            if not caps and det in ("a", "an"):
                kind = "anonymous"
        elif last in ROLE_NOUNS:
            kind = "anonymous"
        elif DESCRIPTION_CLASS.get(_singular(last)) in ("organization", "outlet") or _singular(last) in ROLE_NOUNS:
            # "advocacy groups say", "GOP legislative leaders said": a plural of a body or a role
            sg = _singular(last)
            kind = DESCRIPTION_CLASS[sg] if sg in DESCRIPTION_CLASS else "anonymous"
        else:
            kind = "description"
        return Speaker(phrase, display, kind, None, s, e, kind != "description", org)

    def _speaking_body(self, pos: int) -> Speaker | None:
        """The named body that is the subject of this sentence (before ``pos``) or the one
        before: whom an unattached "a spokesperson" speaks for."""
        if self._body_lookup:
            return None
        self._body_lookup = True
        try:
            si = self.seg.sent_index(pos)
            ss = self.seg.sentence_bounds(si)[0]
            spans = []
            if pos - ss > 2:
                spans.append((ss, pos))
            if si > 0:
                ps, pe = self.seg.sentence_bounds(si - 1)
                if self.seg.para_index(ps) >= self.seg.para_index(ss) - 1:
                    spans.append((ps, pe))
            for a, b in spans:
                sub = self._sentence_subject(a, b)
                if sub is not None and sub.kind in ("organization", "official", "agency") and sub.resolved \
                        and _is_cap(sub.name[:1]) and sub.name.split()[0].lower() not in _DETS:
                    return sub
            return None
        finally:
            self._body_lookup = False

    def _resolve_description(self, noun: str, pos: int) -> tuple[str, str, str | None] | None:
        cls = DESCRIPTION_CLASS.get(noun)
        lo = max(0, pos - 4000)
        if cls is not None:
            cands = self._orgs[bisect_left(self._ostarts, lo):bisect_left(self._ostarts, pos)]
            for m in reversed(cands):
                if cls == "outlet" and m.kind == "outlet":
                    return m.name, m.kind, None, m.start
                if cls == "agency" and (m.kind in ("agency", "official") or "Agency" in m.name or "Administration" in m.name or m.name.isupper()):
                    return m.name, m.kind if m.kind != "place" else "official", None, m.start
                if cls == "organization" and m.kind == "organization" and m.name not in ("GDP",):
                    return m.name, m.kind, None, m.start
                if cls == "official" and m.kind == "official" and (noun.capitalize() in m.name or noun in ("government", "authorities")):
                    return m.name, m.kind, None, m.start
            return None
        aged = _AGE_NOUN.fullmatch(noun) is not None
        if noun in ROLE_NOUNS or noun in _PROFILE_NOUNS or aged:
            r = self._role_back([noun], pos) if not aged else None
            if r is not None:
                return r.name, "person", r.role, r.start
            if noun in _PROFILE_NOUNS or aged:
                p = self._recent_person_subject(pos) or self._protagonist(pos) or self._lede_subject(pos)
                if p is not None:
                    return p.name, "person", p.role or self.reg.roles.get(p.name), p.start
        return None

    def _lede_subject(self, pos: int):
        """The person the article opens with ("Jose Mourinho has agreed …"), when named again
        before ``pos``: whom "the 56-year-old" stands for in a story about them."""
        if not self._persons or not self.seg.sent_starts:
            return None
        first = self._persons[0]
        if first.start != self.seg.sent_starts[0] and first.start > 40:
            return None
        again = [m for m in self._persons[1:bisect_left(self._pstarts, pos)] if m.name == first.name]
        return again[-1] if again else None

    def _recent_person_subject(self, pos: int):
        """The person who opened one of the last few sentences ("Simmons teased the tour. …
        the guitarist told the crowd"): whom a profile noun most likely stands for."""
        si = self.seg.sent_index(pos)
        ss = self.seg.sentence_bounds(si)[0]
        lo = self.seg.sentence_bounds(max(0, si - 3))[0]
        pi = self.seg.para_index(ss)
        if self.seg.para_index(lo) < pi - 2:
            lo = self.seg.paras[pi - 2][0]  # no further back than two paragraphs
        cands = self._persons[bisect_left(self._pstarts, lo):bisect_left(self._pstarts, pos)]
        starts = self.seg.sent_starts[max(0, si - 3):si + 1]
        for m in reversed(cands):
            # the first person of a sentence, at its start or after a short role
            # ("Bangladesh’s interim leader Muhammad Yunus stepped down")
            k = bisect_right(starts, m.start) - 1
            if k >= 0 and m.start - starts[k] <= 40 and not any(
                    o.start < m.start and o.start >= starts[k] for o in cands if o.name != m.name):
                return m
        return None

    def _protagonist(self, pos: int):
        """The person a profile is about: "the actor", "the singer" with no one given that role.

        The person named most often before ``pos`` (at least three times, once in
        the last 1,500 characters, and clearly ahead of anyone else).
        """
        lo = bisect_left(self._pstarts, max(0, pos - 6000))
        hi = bisect_left(self._pstarts, pos)
        counts: dict[str, int] = {}
        last: dict[str, object] = {}
        for m in self._persons[lo:hi]:
            counts[m.name] = counts.get(m.name, 0) + 1
            last[m.name] = m
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        name, n = ranked[0]
        if n < 3 or (len(ranked) > 1 and ranked[1][1] * 2 > n) or last[name].start < pos - 1500:
            return None
        return last[name]

    def _recent_subject(self, cls: str, noun: str, pos: int) -> Speaker | None:
        """A named body of class ``cls`` that speaks in this or the previous sentence."""
        kinds = _CLASS_KINDS.get(cls)
        if not kinds:
            return None
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        for ev in reversed(self.events[-8:]):
            if ev.start < lo:
                break
            sp = ev.speaker
            if sp is None or sp.start >= pos or not sp.resolved or sp.kind not in kinds:
                continue
            if not sp.name.strip() or sp.name == sp.phrase and not _is_cap(sp.phrase[:1]) or sp.name.split()[0].lower() in _DETS:
                continue  # a description, not a name
            if cls == "official" and noun.capitalize() not in sp.name and noun not in ("government", "authorities"):
                continue
            return sp
        return None

    def _role_ahead(self, want: list[str], pos: int):
        """The next person after ``pos`` (close by) whose role holds all of ``want``."""
        if not want:
            return None
        lo = bisect_left(self._pstarts, pos)
        hi = bisect_left(self._pstarts, pos + 900)
        for m in self._persons[lo:hi]:
            role = _role_words(m.role or self.reg.roles.get(m.name) or "")
            if role & {"another", "other", "second", "different"} or _ANOTHER_RE.search(self.text, max(0, m.start - 40), m.start):
                continue  # "Another spokesman, Ivo Petrov": not the one described before
            if role and all(w in role for w in want):
                return m
        return None

    def _role_back(self, title: list[str], pos: int):
        """The last person before ``pos`` whose role contains the title words."""
        want = {t.lower().rstrip(".") for t in title if t.lower() not in ("the", "a", "an")}
        if "premier" in want:
            want |= {"prime"}
        lo = bisect_left(self._pstarts, max(0, pos - 5000))
        hi = bisect_left(self._pstarts, pos)
        for m in reversed(self._persons[lo:hi]):
            role = _role_words(m.role or self.reg.roles.get(m.name) or "")
            if role and want & role:
                return m
        return None

    def gender(self, name: str) -> str | None:
        """'m', 'f' or None for a person the article names: given name, title, pronouns used."""
        if not name:
            return None
        first = name.split()[0]
        if first in MALE_NAMES:
            return "m"
        if first in FEMALE_NAMES:
            return "f"
        if self._genders is None:
            self._genders = self._collect_genders()
        return self._genders.get(name)

    def _collect_genders(self) -> dict[str, str]:
        """Genders from titles and roles ("Mr.", "spokeswoman") and from the pronoun that
        follows a person's name in a sentence naming nobody else ("Dana Hill said she …")."""
        votes: dict[str, list[int]] = {}

        def vote(name: str, g: str, w: int = 1) -> None:
            v = votes.setdefault(name, [0, 0])
            v[0 if g == "m" else 1] += w

        text = self.text
        for m in self._persons:
            for w in (m.surface or "").split()[:4] + (m.role or self.reg.roles.get(m.name) or "").lower().split():
                g = _GENDERED_WORDS.get(w) or _GENDERED_WORDS.get(w.lower())
                if g:
                    vote(m.name, g, 3)
            if m.possessive:
                continue
            ss, se = self.seg.sentence_at(m.start)
            pm = _GENDER_PRON_RE.search(text, m.end, min(se, m.end + 200))
            if pm is None or self._in_quote(pm.start()):
                continue
            alone = True
            for o in self.reg.between(max(ss, m.start - 300), pm.start()):
                if o is not m and o.kind in ("person", "unknown", "person?") and (o.name != m.name or o.possessive):
                    alone = False
                    break
            if alone:
                vote(m.name, "m" if pm.group().lower() in ("he", "his", "him", "himself") else "f")
        out: dict[str, str] = {}
        for name, (mv, fv) in votes.items():
            if mv > fv:
                out[name] = "m"
            elif fv > mv:
                out[name] = "f"
        return out

    def _pronoun(self, w: str, s: int, e: int) -> Speaker:
        wl = w.lower()
        if wl in ("i", "we"):
            return Speaker(w, w, "pronoun", None, s, e, False)
        if wl == "they":
            plural = self._plural_subject(s) or self._person_pair(s)
            if plural is not None:
                return plural
        res = self.resolve_pronoun(wl, s)
        if res is None:
            return Speaker(w, w, "pronoun", None, s, e, False)
        name, kind, role = res
        return Speaker(w, name, kind, role, s, e, True)

    def _person_pair(self, pos: int) -> Speaker | None:
        """"… two senators: Dana Hill and Ivo Petrov. They said …": the last pair of people
        joined by "and" in this or the sentence before is who "they" are."""
        si = self.seg.sent_index(pos)
        lo = self.seg.sentence_bounds(max(0, si - 1))[0]
        a = bisect_left(self._pstarts, lo)
        b = bisect_left(self._pstarts, pos)
        ms = self._persons[max(a, b - 12):b]
        for x in range(len(ms) - 1, 0, -1):
            m1, m2 = ms[x - 1], ms[x]
            if m1.possessive or m2.possessive or m1.name == m2.name:
                continue
            gap = self.text[m1.end:m2.start]
            if _PAIR_GAP.fullmatch(gap):
                sp = self._make(m1.start, m2.end)
                if sp is not None:
                    sp.name, sp.kind, sp.role = f"{m1.name} and {m2.name}", "person", None
                return sp
            return None
        return None

    def _pronoun_topic(self, wl: str, pos: int, lo: int) -> tuple[str, int, str | None] | None:
        """The person the same pronoun was last resolved to, between ``lo`` and ``pos``."""
        b = bisect_left(self._evstarts, pos)
        for ev in reversed(self.events[max(0, b - 12):b]):
            sp = ev.speaker
            if ev.start < lo:
                break
            if sp is not None and sp.kind == "person" and sp.resolved and sp.phrase.lower() == wl:
                return sp.name, sp.start, sp.role
        return None

    def _plural_subject(self, pos: int) -> Speaker | None:
        """"Gov. Dana Hill and party leaders have … They want … But they said":
        a plural subject of the sentences before (through a chain of "They …")."""
        si = self.seg.sent_index(pos)
        for k in range(si - 1, max(-1, si - 4), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < pos - 1500:
                return None
            toks = self._tc.get(ss, min(se, ss + 300))
            i = 0
            if toks and toks[0][0] in _INTRO:
                j = 1
                while j < len(toks) and j < 30 and toks[j][0] != ",":
                    j += 1
                i = j + 1 if j < len(toks) else 1
            if i >= len(toks):
                return None
            if toks[i][0].lower() == "they":
                continue  # "They want …": keep looking back
            k2 = i
            has_and = False
            while k2 < len(toks) and k2 - i < 16:
                t = toks[k2][0]
                tl = t.lower()
                if tl == "and" and k2 > i:
                    has_and = True
                elif t in _PUNCT_STOP or (tl in NP_STOP and tl not in ("of", "the")) or tl in AUX \
                        or (t.islower() and (tl.endswith("ed") or t in CUE_FORMS) and not (k2 > i and toks[k2 - 1][0] == "-")):
                    break
                k2 += 1
            if k2 == i or k2 >= len(toks) or toks[k2][0].lower() not in AUX and toks[k2][0] not in CUE_FORMS:
                return None  # no verb found: not a clause subject we can trust
            head = [t[0] for t in toks[i:k2]]
            pre_of = head[:head.index("of")] if "of" in head else head
            if not pre_of:
                return None
            last = pre_of[-1].lower()
            plural = has_and or (pre_of[-1].islower() and last.endswith("s") and not last.endswith("ss") and len(last) > 3) \
                or last in ("people", "police", "staff", "personnel", "crew", "public", "media")
            if not plural:
                return None
            sp = self._make(toks[i][1], toks[k2 - 1][2])
            if sp is None or sp.kind in ("description", "pronoun", "place"):
                return None
            return sp
        return None

    def resolve_pronoun(self, wl: str, pos: int) -> tuple[str, str, str | None] | None:
        seg = self.seg
        si = seg.sent_index(pos)
        first_sent = max(0, si - 5)
        floor = max(0, pos - 2500)
        if wl in ("he", "she"):
            for k in range(si, first_sent - 1, -1):
                ss, se = seg.sentence_bounds(k)
                if se < floor:
                    break
                hi = pos if k == si else se
                a = bisect_left(self._pstarts, ss)
                b = bisect_left(self._pstarts, hi)
                want = "m" if wl == "he" else "f"
                # a possessor opening the sentence is a candidate too ("Dana's records were sold … she")
                cands = [(m.start, m.name, m.role or self.reg.roles.get(m.name)) for m in self._persons[a:min(b, a + 24)]
                         if not m.possessive or (m.start - ss <= 4 and self.gender(m.name) == want)]
                # speakers the cues named as people ("Dana Okoro, the firm's lawyer, told …")
                ea = bisect_left(self._evstarts, ss)
                eb = bisect_left(self._evstarts, hi)
                described: dict[str, str | None] = {}
                for ev in self.events[max(ea, eb - 10):eb]:
                    sp = ev.speaker
                    if sp is not None and sp.kind == "person" and sp.resolved and sp.phrase.lower() not in ("he", "she") \
                            and ss <= sp.start < hi:
                        cands.append((sp.start, sp.name, sp.role))
                    elif sp is not None and sp.kind == "anonymous" and sp.resolved and ss <= sp.start < hi:
                        # "…,” said an engineer in Tehran. … he added": a person the article describes
                        g = _described_gender(sp.name)
                        if g is not None:
                            described[sp.name] = g
                            cands.append((sp.start, sp.name, None))
                cands.sort(key=lambda c: c[0])
                chain = _SUBJ_PRON[want].search(self.text, max(ss, floor), hi)
                hops = 0
                while chain is not None and self._in_quote(chain.start()) and hops < 20:
                    chain = _SUBJ_PRON[want].search(self.text, chain.end(), hi)
                    hops += 1
                if chain is not None and self._in_quote(chain.start()):
                    chain = None
                for start, name, role in cands:
                    if name in described:
                        if described[name] not in (want, "?"):
                            continue
                        if chain is not None and chain.start() < start and "," not in self.text[chain.end():start]:
                            break
                        return name, "anonymous", None
                    g = self.gender(name)
                    if g is not None and g != want:
                        continue  # "Dana Hill … he said": not her
                    if chain is not None and chain.start() < start and "," not in self.text[chain.end():start]:
                        # "he was seen with Ivo Petrov": the pronoun before carries the chain back
                        # (but "To clear his name, Dana Hill …" points forward to the name)
                        break
                    spoke = any(ev.speaker is not None and ev.speaker.name == name
                                for ev in self.events[max(ea, eb - 10):eb])
                    if g is None and not spoke:
                        # a name of unknown gender yields to the person this pronoun already
                        # stood for a few sentences back ("he said … Diallo is … he said"),
                        # unless that name has just spoken ("Trump told reporters … he added")
                        topic = self._pronoun_topic(wl, pos, self.seg.sentence_bounds(first_sent)[0])
                        if topic is not None and topic[0] != name and topic[1] < start:
                            return topic[0], "person", topic[2]
                    return name, "person", role
                # a speaker described but not named ("a spokesman said ... he added")
            return None
        # it / they: a body
        for k in range(si, first_sent - 1, -1):
            ss, se = seg.sentence_bounds(k)
            if se < floor:
                break
            hi = pos if k == si else se
            if wl == "they":
                a = bisect_left(self._evstarts, ss)
                b = bisect_left(self._evstarts, hi)
                for ev in reversed(self.events[max(a, b - 20):b]):
                    sp = ev.speaker
                    if sp and sp.kind in ("anonymous", "organization", "official") and sp.resolved:
                        return sp.name, sp.kind, sp.role
            else:
                # "the ministry said it had told envoys …": the body speaking in the sentence
                a = bisect_left(self._evstarts, ss)
                b = bisect_left(self._evstarts, hi)
                for ev in reversed(self.events[max(a, b - 20):b]):
                    sp = ev.speaker
                    if sp and sp.kind in ("organization", "official", "agency", "outlet") and sp.resolved \
                            and sp.phrase.lower() != "it":
                        return sp.name, sp.kind, sp.role
            a = bisect_left(self._ostarts, ss)
            b = bisect_left(self._ostarts, hi)
            for m in self._orgs[a:b]:
                if m.kind == "place" and wl == "they":
                    continue
                if m.possessive:
                    continue
                return m.name, m.kind if m.kind != "place" else "official", None
        return None


#: What may stand between two people joined by "and": the conjunction and the second one's role.
_PAIR_GAP = re.compile(r",?\s+and\s+(?:[a-z][\w-]*\s+){0,3}")
#: Words that make a stretch between commas a clause rather than an apposition.
_CHAIN_STOP = AUX | {"who", "which", "that", "said", "says", "told", "and", "but", "while", "when", "if"}
#: Subject pronouns by gender: one earlier in a sentence continues the chain of reference.
_SUBJ_PRON = {"m": re.compile(r"\b(?:[Hh]e|[Hh]is|[Hh]im)\b"), "f": re.compile(r"\b(?:[Ss]he|[Hh]er)\b")}
_COPULAS = {"was", "were", "is", "are", "be", "been", "being", "became", "become", "becomes"}
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]{3,}(?![\w'’-])")
_BY_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?$")
#: Collective bodies an article often introduces by description and names later.
_NAMED_LATER = ("group", "coalition", "alliance", "organization", "organisation", "network", "campaign",
                "association", "charity", "nonprofit", "collective", "movement")
_CAPNAME = r"([A-Z][\w'’&.-]*(?:[ \t]+(?:for|of|and|the|&|[A-Z][\w'’&.-]*)){1,6})"
_GROUP_NAME_RE = {n: re.compile(r"\b" + n + r"[ \t]+(?:called[ \t]+|named[ \t]+)?" + _CAPNAME) for n in _NAMED_LATER}
_MEMBERS_RE = re.compile(
    r"\b([Tt]he [a-z]+(?: [a-z]+)?), (?:(?:members?|part|founders?|leaders?|organi[sz]ers?|volunteers) of "
    r"(?:the |a |an )?(?:[a-z-]+ ){0,4}?|(?:a|an) (?:[a-z-]+ ){0,3}?(?:" + "|".join(_NAMED_LATER) + r") "
    r"(?:called |named )?)" + _CAPNAME)
_NOUN_INDEX_SKIP = {"the", "a", "an", "of", "for", "some", "many", "other", "people", "person", "member", "members"}
#: Words that end the head of a description ("the charity behind the festival").
_HEAD_ENDS = {"behind", "across", "against", "over", "under", "between", "around", "beyond", "after", "before",
              "that", "which", "who", "whose", "since", "among", "via", "running", "owning", "representing"}
_SPOKES_ONLY = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative"}
#: Words that end a clause scanned backwards: a relative clause never runs over them.
_CLAUSE_STOP = {"and", "but", "or", "while", "because", "if", "when", "after", "before", "although",
                "though", "since", "so", "as", "whether", "than", "until", "unless", "where"}


_MALE_NOUNS = {"man", "businessman", "father", "husband", "son", "brother", "boy", "grandfather", "uncle",
               "spokesman", "congressman", "chairman", "policeman", "fireman", "gentleman", "king", "prince"}
_FEMALE_NOUNS = {"woman", "businesswoman", "mother", "wife", "daughter", "sister", "girl", "grandmother", "aunt",
                 "spokeswoman", "congresswoman", "chairwoman", "policewoman", "lady", "queen", "princess"}
_PERSON_NOUNS = {"resident", "engineer", "worker", "student", "teacher", "doctor", "nurse", "driver", "witness",
                 "farmer", "shopkeeper", "employee", "official", "officer", "soldier", "protester", "protestor",
                 "activist", "lawyer", "analyst", "diplomat", "source", "person", "owner", "manager", "vendor",
                 "journalist", "pilot", "survivor", "villager", "trader", "banker", "executive", "insider",
                 "nurse", "physician", "surgeon", "scientist", "researcher", "veteran", "retiree", "pensioner",
                 "relative", "neighbour", "neighbor", "friend", "colleague", "spokesperson", "staffer", "aide"}


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


def _trim_role(role: str) -> str | None:
    role = role.strip(" ,;—–-")
    role = re.sub(r"\s+", " ", role)
    role = re.split(r"\s+(?:who|which|whose|when|where)\b", role)[0]
    if not role or len(role) > 140:
        return None
    if role.lower().startswith(("a ", "an ", "the ")):
        role = role.split(" ", 1)[1]
    return role or None
