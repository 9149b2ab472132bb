"""Sources: everyone the article attributes information to.

Three streams feed the pane: the speakers of speech cues and quotes (people,
bodies, anonymous descriptions, documents), the objects of attribution
("according to X", "citing X", "told X"), and every wire agency or outlet of
the gazetteer the article names (bylines and datelines included). People who
are only mentioned never get here: a name needs a cue to become a source.
Collective subjects count ("advocacy groups say", "both analysts and traders
told …", "customers who called reported …"), so do the outlets that carried a
statement ("told Delta Radio", "in a statement to Harbor Weekly") and documents
that show something ("the emails show", "that report found", credited to
their author when the article names one). A description the article ties to a
named body ("the teachers, founders of the group X") is that body. An outlet named only as a business
("its Delta Sports channels") and a saying quoted for effect ("As Poirot would say") are
not sources.

Each decision is a named rule (``feeds.analysis.rules``) and each Source's
``why`` lists the rules that added or merged it. In order:

Streams (where a source comes from):

1. ``source:cue-speaker`` the subject of a strong speech cue ("officials said");
   ``source:according-to`` the object of "according to"/"per";
   ``source:citing`` the object of "citing" when it names a source-like thing
2. ``source:cue-extra`` further sources a cue names ("told Newsweek", "X and Y said")
3. ``source:quoted`` whoever supplies a quote
4. ``source:side`` an outlet or source-like phrase beside a subject
5. ``source:gazetteer`` every wire agency or outlet the text names, unless only
   as a business ("its CNN channels")
6. ``source:credit-line`` "This article was originally published by X."
7. ``source:the-times`` "the Times" after a "... Times" the article named
8. ``source:social-handle`` an @handle that posts or says something

Not sources at all: whoever "did not respond" (a no-answer cue), a scripture or
statute reference ("Exodus 18:21", "Section 230").

How a speaker becomes a source (``_SPEAKER_RULES``, first that applies):

0. ``source:hometown`` "Purner, of Harrisburg, Pa., said": the person, not the town;
   ``source:people-from-place`` "Delegates from Ohio said": the delegates;
   ``source:image`` "Verified video shows": no source ("video released by X": X);
   ``source:whole-name`` "Office" cut from "NASA's Office of the Inspector General": the whole body;
   ``source:outlet-staff`` "an Associated Press journalist reported": the agency
1. ``source:anonymous-owner`` "a reporter's source inside the camp": an anonymous
   source, and whoever relays it
2. ``source:spokesperson-body`` "a Northwind spokesperson": the body
3. ``source:outlet-possessive`` "The Washington Post's Fact Checker": the outlet
4. ``source:coordinated`` "The Financial Times and Japanese media": each named part
5. otherwise the speaker itself

Its kind (``_KIND_RULES``): ``source:official-role`` (a person with an official's
role), ``source:place-official`` (a place speaking: its government),
``source:media-name`` ("Top Gear Magazine" is an outlet), ``source:document``,
``source:anonymous``. And ``source:alias`` (a description the article later names
is that name), ``source:merge-description`` ("the U.S. attorney's office" is
"the U.S. Attorney's Office for …" named before), ``source:merge-named-later`` ("a rights
group reported" is the body later introduced as "X, a group …"), ``source:merge-misspelling``
("Downdector" is "Downdetector"). Last, ``source_forms.py``: "data released by X" is X, "a
report in X" is X, outlets in a "from … to …" list, an outlet inside a cited poll's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import chain

from .attribution.base import _MEDIA_WORDS, CueEvent, Speaker, name_before_period
from .entities import Registry
from .names import _NEWSROOM_AFTER, _REGION_AFTER
from .figure_patterns import alt
from .gazetteer import OUTLETS, lookup
from .lexicon import ANON_HEADS
from .lexicon import SOURCE_CUES as _SOURCE_CUE_SET
from .lexicon.data import words
from .model import Quote, Source
from .rules import declare
from .source_forms import Helpers, tidy_sources
from .speakers import Attributor

__all__ = ["build_sources"]

_OFFICIAL_ROLES = words("sources-official-roles")
_SPOKES = words("sources-spokes")
_BODY_HEADS = words("sources-body-heads")
_SKIP_NAMES = words("sources-skip-names")
_NAMED_KINDS = ("organization", "official", "outlet", "agency")
_SOURCEY = re.compile(r"\b(?:" + alt(sorted(words("sources-sourcey"))) + r"|spokes\w+)\b", re.I)

#: "<owner>'s source(s) …": an anonymous source introduced through whoever has it.
_POSS_ANON = re.compile(r"(.+?)['’]s\s+((?:[a-z]+\s+){0,2}(?:sources?|insiders?|contacts?|informants?)\b.*)$")
_POSSESSIVE = re.compile(r"(?:[Tt]he\s+)?(.+?)['’]s\s")
#: "\bthe Times\b", led by its words (``re`` finds a literal in C; a pattern led by ``\b`` is tried
#: at every position): the boundary before "the" is read behind the match, the same matches.
_THE_TIMES = re.compile(r"the Times(?<!\wthe Times)\b")

#: "Exodus 18:21", "Psalm 23", "Section 230", "Article 5": a passage of a text, not who says it.
_REFERENCE = re.compile(r"(?:[1-3][ \t])?[A-Z][a-z]+\.?[ \t]+\d+:\d+(?:[-–]\d+)?$"
                        r"|(?:Section|Article|Title|Chapter|Clause|Rule|Psalm|Amendment|Paragraph)[ \t]+\d+[A-Za-z]?(?:\(\w+\))*$")
_LEAD_DET = re.compile(r"^(?:the|a|an)\s+")
_POSS_S = re.compile(r"'s\b")
_KEY_WORD = re.compile(r"[\w&.-]+")

_CREDIT_LINE = re.compile(
    r"(?m)^[ \t]*(?:This (?:article|story|post|piece|report|item) (?:was|is|has been) )?(?:[Oo]riginally |[Ff]irst )?"
    r"(?:[Pp]ublished|[Aa]ppeared|[Pp]osted|[Rr]eprinted) (?:on|in|by|at|from|with permission (?:of|from)) (?:the )?"
    r"(?P<o>[A-Z][\w.&'’!-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w.&'’!-]*){0,4})[^\n]*$")
#: A line that may be a credit line: its first word is one ``_CREDIT_LINE`` can begin with.
_CREDIT_START = re.compile(r"\n[ \t]*[TOoFfPpAaRr]")
_ENTOURAGE = re.compile(r"(?i)(?:his|her|their|its)\s+(?:\w+\s+)?(?:" + alt(sorted(words("sources-entourage")))
                        + r")$")
_PRODUCT_AFTER = re.compile(r"\+?[ \t]+(?:[a-z]+[ \t]+)?(?:" + alt(sorted(words("sources-product-after"))) + r")\b")
_PRODUCT_BEFORE = re.compile(r"(?:\b(?:" + alt(sorted(words("sources-product-before")))
                             + r")|[A-Z][\w.]*['’]s(?:[ \t]+[a-z]+)?)[ \t]+$")

# --- rule names (each with examples run by tests/analysis/test_rules.py) ---------------
CUE_SPEAKER = declare("source:cue-speaker", order=10, fires=["Harbor officials said the pier would close."],
                      not_on=["Harbor officials walked to the pier.",
                              "Harbor officials did not immediately respond to a request for comment."],
                      doc="The subject of a strong speech cue (not of one it did not answer).")
ACCORDING_TO = declare("source:according-to", order=12, fires=["The pier will close, according to the port authority."],
                       not_on=["The pier will close, the port authority said."], doc="'according to X', 'per X'.")
CITING = declare("source:citing", order=14, fires=["The Daily Ledger reported the closure, citing port officials."],
                 not_on=["The Daily Ledger reported the closure."], doc="'citing X' when X is source-like.")
CUE_EXTRA = declare("source:cue-extra", order=20, fires=["Mayor Dana Hill told the Harbor Courier the pier would close."],
                    not_on=["Mayor Dana Hill said the pier would close."],
                    doc="Further sources a cue names: 'told the Harbor Courier', coordinated subjects.")
QUOTED = declare("source:quoted", order=30, fires=['"The pier is closed," said Dana Hill.'],
                 not_on=["Dana Hill walked along the pier.", '"Choose able men," Exodus 18:21 says.',
                         '"Nothing shields them," Section 230 says.'],
                 doc="Whoever supplies a quote (a scripture or statute reference is no one).")
SIDE = declare("source:side", order=40, fires=["Both outside economists and traders at the port said prices fell."],
               not_on=["Traders at the port said prices fell."], doc="An outlet or source-like phrase beside a subject.")
GAZETTEER = declare("source:gazetteer", order=50, fires=["LONDON (Reuters) - The pier closed on Monday."],
                    not_on=["LONDON - The pier closed on Monday.", "The pier closed, as shown on its CNN channels."],
                    doc="A wire agency or outlet of the gazetteer the text names.")
CREDIT_LINE = declare("source:credit-line", order=60, fires=["The pier closed.\n\nThis article was originally "
                                                             "published by Harbor Weekly."],
                      not_on=["The pier closed."], doc="'This article was originally published by X.'")
THE_TIMES = declare("source:the-times", order=70, fires=["The New York Times reported a fall. The decline, the Times "
                                                         "said, was steep."],
                    not_on=["The decline, the Times said, was steep."], doc="'the Times' after a '... Times'.")
SOCIAL_HANDLE = declare("source:social-handle", order=80,
                        fires=['"We are back online," @harborwater posted on Monday.',
                               'In a post on X, @harborwater said: "We are back online."'],
                        not_on=["Write to us at news@harbor.example or follow the paper."],
                        doc="A social account (@handle) that posts or says something.")
ANONYMOUS_OWNER = declare("source:anonymous-owner", order=110,
                          fires=["Dana Hill's sources inside the camp said the deal was off."],
                          not_on=["Dana Hill said the deal was off."],
                          doc="'a reporter's source': an anonymous source, and whoever relays it.")
SPOKESPERSON_BODY = declare("source:spokesperson-body", order=120,
                            fires=["A Northwind Energy spokesperson said the plant would reopen."],
                            not_on=["Northwind Energy said the plant would reopen."],
                            doc="'a Northwind spokesperson', 'Northwind officials': the body.")
OUTLET_POSSESSIVE = declare("source:outlet-possessive", order=130,
                            fires=["The BBC's Reality Check team said the claim was false."],
                            not_on=["The BBC said the claim was false."],
                            doc="'The Washington Post's Fact Checker': the outlet.")
COORDINATED = declare("source:coordinated", order=140,
                      fires=["The Financial Times and Japanese media reported the deal."],
                      not_on=["The Financial Times reported the deal."], doc="Each named part of 'X and Y said'.")
ALIAS = declare("source:alias", order=150,
                fires=["The teachers, founders of the group Open Slate, said the school failed them. "
                       "The teachers said they would appeal."],
                not_on=["The teachers said they would appeal."], doc="A description the article later names.")
OFFICIAL_ROLE = declare("source:official-role", order=210, fires=["Defence Minister John Miller said the pier would close."],
                        not_on=["John Miller, a fisherman, said the pier would close."],
                        doc="A person whose role is an official's.")
PLACE_OFFICIAL = declare("source:place-official", order=220, fires=["Japan said it would send more ships."],
                         not_on=["Northwind Energy said it would send more ships.",
                                 '"I will vote again," the Texan said.'],
                         doc="A place speaking: its government.")
MEDIA_NAME = declare("source:media-name", order=230, fires=["Top Gear Magazine said the car was fast."],
                     not_on=["Top Gear Motors said the car was fast."], doc="An organization named like an outlet.")
DOCUMENT = declare("source:document", order=240, fires=["The leaked emails show the deal was off."],
                   not_on=["Dana Hill said the deal was off."], doc="A document that shows or finds something.")
ANONYMOUS = declare("source:anonymous", order=250, fires=["People familiar with the matter said the deal was off."],
                    not_on=["Dana Hill said the deal was off."], doc="An unnamed source.")
HOMETOWN = declare("source:hometown", order=105,
                   fires=["Cecelia Purner, of Harrisburg, Pa., said she came to listen."],
                   not_on=["Cecelia Purner said she came to listen.",
                           "Japan said it would send more ships."],
                   doc="A hometown in an apposition ('of Harrisburg, Pa.') is where a speaker is from, never a source.")
IMAGE = declare("source:image", order=106,
                fires=["Video released by the Harbor Police Department shows officers at the pier."],
                not_on=["Verified video footage shows riot police smashing windows.",
                        "A report released by the Harbor Police Department shows officers at the pier."],
                doc="Pictures and footage are no source; whoever released them is.")
PEOPLE_FROM_PLACE = declare("source:people-from-place", order=104,
                            fires=["Delegates from Ohio said they would back him."],
                            not_on=["Ohio said it would back him."],
                            doc="'Delegates from Ohio said': the delegates speak, not Ohio's government.")
OUTLET_STAFF = declare("source:outlet-staff", order=109,
                       fires=["An Associated Press journalist in the area reported hearing gunfire."],
                       not_on=["A journalist in the area reported hearing gunfire."],
                       doc="'an AP journalist in the area reported': the outlet reports, through its staff.")
WHOLE_NAME = declare("source:whole-name", order=107,
                     fires=["Last week NASA’s Office of the Inspector General released reports that depicted "
                            "“technical challenges and delays.”"],
                     not_on=["Last week the inspector released reports that depicted “technical challenges.”"],
                     doc="A speaker cut from inside a body's name ('Office') is the whole body.")
MERGE_MISSPELLING = declare("source:merge-misspelling", order=310,
                            fires=["Users reported 40,000 outages, according to Downdetector. Downdector showed "
                                   "that reports peaked at 6pm."],
                            not_on=["Users reported 40,000 outages, according to Downdetector."],
                            doc="A name spelt twice, once with a typo ('Downdector'), is one source.")
MERGE_NAMED_LATER = declare("source:merge-named-later", order=305,
                            fires=["Drones hit a market, a rights group reported on Monday. According to the Harbor "
                                   "Lawyers Collective, a group monitoring the war, 28 people died."],
                            not_on=["Drones hit a market, a rights group reported on Monday. According to the Harbor "
                                    "Lawyers Collective, 28 people died."],
                            doc="'a rights group reported' is the body the article later introduces as 'X, a group …'.")
MERGE_DESCRIPTION = declare("source:merge-description", order=300,
                            fires=["The U.S. Attorney's Office for the Western District said charges were filed. "
                                   "The case, the U.S. attorney's office said, was closed."],
                            not_on=["The case, the U.S. attorney's office said, was closed."],
                            doc="A lower-case description that begins a named body's name is that body.")


@lru_cache(maxsize=4096)
def _key(name: str) -> str:
    """The name normalised for comparing sources. (Cached: an article names the same sources
    again and again, four times each on the corpus, and the key is a pure function of the name.)"""
    n = name.lower().replace("’", "'")
    n = _LEAD_DET.sub("", n)
    n = _POSS_S.sub("", n)
    return " ".join(_KEY_WORD.findall(n))


# --- the kind of a source ---------------------------------------------------------------


def _official_role(sp: Speaker) -> tuple[str, tuple[str, ...]] | None:
    role = (sp.role or "").lower()
    return _AS_OFFICIAL if any(w.strip(",.") in _OFFICIAL_ROLES for w in role.split()) else None


def _media_name(sp: Speaker) -> tuple[str, tuple[str, ...]] | None:
    parts = sp.name.split()
    return _AS_OUTLET if len(parts) >= 2 and parts[-1] in _MEDIA_WORDS else None  # "Top Gear Magazine"


#: "the Texan said", "a Nigerian told": one person of that place, not its government.
_DEMONYM_PERSON = re.compile(r"(?:[Tt]he|[Aa]n?)[ \t]+(?:[a-z-]+[ \t]+)?[A-Z][a-z]+(?:an|ian|er|ese|i|ish)$")
_AS_OFFICIAL = ("official", (OFFICIAL_ROLE,))
_AS_OUTLET = ("outlet", (MEDIA_NAME,))
_AS_ANONYMOUS = ("anonymous", (ANONYMOUS,))
#: The kind rule tried for each speaker kind (the result, or None to keep the speaker's kind).
_KIND_RULES: dict[str, Callable[[Speaker], tuple[str, tuple[str, ...]] | None]] = {
    "person": _official_role,
    "place": lambda sp: _AS_ANONYMOUS if _DEMONYM_PERSON.match(sp.phrase) else ("official", (PLACE_OFFICIAL,)),
    "organization": _media_name,
    "document": lambda sp: ("document", (DOCUMENT,)),
    "anonymous": lambda sp: _AS_ANONYMOUS,
}
#: Speaker kinds that are source kinds as they are; any other is anonymous.
_OWN_KIND = {k: (k, ()) for k in ("person", *_NAMED_KINDS)}


def _kind_of(sp: Speaker) -> tuple[str, tuple[str, ...]]:
    """The source kind of a speaker, with the kind rule that decided it (none when it is
    the speaker's own kind: a person, an organization, an outlet, an agency); an @handle
    is an account, named, never anonymous."""
    if sp.name[:1] == "@" and _HANDLE.fullmatch(sp.name):
        return "person", (SOCIAL_HANDLE,)
    kind_rule = _KIND_RULES.get(sp.kind)
    return (kind_rule and kind_rule(sp)) or _OWN_KIND.get(sp.kind, _AS_ANONYMOUS)


# --- collecting sources -----------------------------------------------------------------


def _tidy(name: str) -> str:
    r"""A source's name with each run of whitespace one space and no space or ",.;:" at its ends:
    what ``re.sub(r"\s+", " ", name).strip(" ,.;:")`` gives (a space that sub leaves at either
    end is stripped with the punctuation), split and joined in C."""
    return " ".join(name.split()).strip(" ,.;:")


@dataclass(slots=True)
class _Sources:
    """The sources found so far, keyed by a normalised name, in the order first found."""

    reg: Registry
    att: Attributor
    out: dict[str, Source] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    seen_spans: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    #: Speaker names read as a part of a longer name -> that name ("Office" -> "NASA's Office …").
    renamed: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, kind: str, span: tuple[int, int] | None, why: tuple[str, ...]) -> Source | None:
        """Add (or find) the source ``name`` and record this mention and the rules that led here."""
        name = _tidy(name)
        aliases = self.att.aliases
        if name in aliases or name.lower() in aliases:  # a description the article later names
            name = aliases.get(name) or aliases[name.lower()]
            kind = "organization" if kind == "anonymous" else kind
            why = (*why, ALIAS)
        if not name or name.lower() in _SKIP_NAMES or _REFERENCE.match(name):
            return None
        k = _key(name)
        if not k:
            return None
        src = self.out.get(k)
        if src is None:
            src = self.out[k] = Source(name, kind, [], 0, self.reg.why_of(name))  # the registry rules that named it
            self.order.append(k)
        elif src.kind in ("anonymous", "organization") and kind in ("official", "outlet", "agency", "person"):
            src.kind = kind
        for r in why:
            if r not in src.why:
                src.why.append(r)
        if span is not None:
            spans = self.seen_spans.setdefault(k, set())
            if span not in spans:
                spans.add(span)
                src.mentions.append(span)
        return src

    def add_as(self, sp: Speaker, why: tuple[str, ...]) -> None:
        """Add a speaker as the source it names, of the kind its kind rules give."""
        kind, kwhy = _kind_of(sp)
        self.add(sp.name, kind, (sp.start, sp.end), (*why, *kwhy))

    def add_speaker(self, sp: Speaker, ev: CueEvent | None, why: tuple[str, ...]) -> None:
        """A speaker (of a cue or quote) as a source, through the first speaker rule that applies."""
        if sp.kind == "pronoun" and not sp.resolved or sp.literary:
            return
        if sp.kind == "description" and ev is not None and ev.lemma not in ("according to", "per"):
            return  # "both sides", "the move": not a source
        for speaker_rule in _SPEAKER_RULES:
            if speaker_rule(self, sp, why):
                return
        self.add_as(sp, why)


_HOMETOWN_BEFORE = re.compile(r"(?:,[ \t]*)?\b(?:of|from)[ \t]+$")


def _hometown(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"Cecelia Purner, of Harrisburg, Pa., said": the town says where the speaker is from;
    the speaker is the person named right before it, and the town is no source."""
    if sp.kind != "place":
        return False
    text = st.att.text
    before = _HOMETOWN_BEFORE.search(text, max(0, sp.start - 8), sp.start)
    if before is None or not _REGION_AFTER.match(text, sp.end, sp.end + 12):
        return False
    person = next((m for m in st.reg.between(max(0, before.start() - 60), before.start())
                   if m.kind == "person" and m.end == before.start()), None)
    if person is not None:
        st.add(person.name, "person", (person.start, person.end), (*why, HOMETOWN))
    return True


_IMAGE_HEADS = words("sources-image-heads")
_RELEASED_BY = re.compile(r"[ \t]+(?:[a-z]+ed[ \t]+)?(?:by|from)[ \t]+(?:the[ \t]+)?")


_PEOPLE_FROM = re.compile(r"([A-Za-z]+)[ \t]+(?:from|in|of)[ \t]+(?:the[ \t]+)?[A-Z]")


def _people_from_place(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"Delegates from Ohio said", "residents of Gaza say": a group of people from a place
    speaks, an anonymous source; the place's government does not."""
    if sp.kind != "place":
        return False
    m = _PEOPLE_FROM.match(sp.phrase)
    head = m.group(1).lower() if m else ""
    if head not in ANON_HEADS or head.rstrip("s") in _OFFICIAL_ROLES or head in _OFFICIAL_ROLES:
        return False  # "officials in Japan" speak for its government
    st.add(sp.phrase, "anonymous", (sp.start, sp.end), (*why, PEOPLE_FROM_PLACE, ANONYMOUS))
    return True


def _image(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"Verified video footage shows …", "Images of the site indicate …": a picture is no
    source; "video released by the police" is the police's."""
    if sp.kind not in ("document", "organization", "anonymous"):
        return False
    head = [w.lower().strip(",.") for w in sp.name.split()[:3]]
    if not any(w in _IMAGE_HEADS for w in head):
        return False
    by = _RELEASED_BY.match(st.att.text, sp.end)
    owner = next((m for m in st.reg.between(by.end(), by.end() + 1) if m.kind in ("person", *_NAMED_KINDS)), None) if by else None
    if owner is not None:
        st.add(owner.name, _org_kind(st.reg, owner.name) if owner.kind != "person" else "person",
               (owner.start, owner.end), (*why, IMAGE))
    return True


def _outlet_staff(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"An Associated Press journalist in the area reported …": an unnamed member of an
    outlet's staff is that outlet reporting (one source, not the outlet and its reporter)."""
    if sp.kind != "anonymous":
        return False
    text = st.att.text
    outlet = next((m for m in st.reg.between(sp.start, sp.end) if m.kind in ("outlet", "agency") and m.end <= sp.end
                   and _NEWSROOM_AFTER.match(text, m.end, min(len(text), m.end + 40))), None)
    if outlet is None:
        return False
    st.add(outlet.name, outlet.kind, (outlet.start, outlet.end), (*why, OUTLET_STAFF))
    return True


def _whole_name(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"NASA's Office of the Inspector General" read as "Office" (with "NASA's" for a role): an
    organisation keeps its whole name, the one the registry found around the speaker."""
    if sp.kind not in ("organization", "official"):
        return False
    whole = next((m for m in st.reg.between(sp.start, sp.end) if m.kind in _NAMED_KINDS and m.end <= sp.end
                  and m.name != sp.name and (m.name.endswith(" " + sp.name) or sp.name in m.name.split())), None)
    if whole is None:
        return False
    st.renamed[sp.name] = whole.name
    st.add(whole.name, whole.kind, (whole.start, whole.end), (*why, WHOLE_NAME))
    return True


def _anonymous_owner(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"a reporter's source inside the camp": the source is anonymous; whoever relays it
    (the reporter, their outlet) is named separately."""
    m = _POSS_ANON.match(sp.name) if sp.kind == "anonymous" else None
    if not m:
        return False
    st.add(m.group(2), "anonymous", (sp.start, sp.end), (*why, ANONYMOUS_OWNER, ANONYMOUS))
    if sp.phrase == sp.name:
        owner = st.att._make(sp.start, sp.start + m.end(1))
        if owner is not None and owner.kind in ("person", *_NAMED_KINDS):
            st.add_as(owner, (*why, ANONYMOUS_OWNER))
    return True


def _spokesperson_body(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"a Northwind spokesperson", "Northwind officials": the body speaks."""
    if not sp.org:
        return False
    reg = st.reg
    org, k = reg.resolve_name(sp.org)
    head = sp.phrase.split()[-1].lower().strip(",.") if sp.phrase else ""
    named_org = reg.kinds.get(org) in _NAMED_KINDS or k in _NAMED_KINDS
    if head in _SPOKES or any(w in _SPOKES for w in sp.phrase.lower().split()) \
            or (head in _BODY_HEADS and named_org and reg.kinds.get(org) != "place"):
        st.add(org, _org_kind(reg, org), (sp.start, sp.end), (*why, SPOKESPERSON_BODY))
        return True
    return False


def _outlet_possessive(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"The Washington Post's Fact Checker" is the Post."""
    if sp.kind == "person" and sp.name in st.reg.persons:
        return False
    m = _POSSESSIVE.match(sp.phrase)
    hit = lookup(m.group(1)) if m else None
    if not hit:
        return False
    st.add(hit[0], hit[1], (sp.start, sp.end), (*why, OUTLET_POSSESSIVE))
    return True


def _coordinated_parts(st: _Sources, sp: Speaker, why: tuple[str, ...]) -> bool:
    """"The Financial Times and Japanese media": each part that names someone."""
    if sp.kind in _NAMED_KINDS and st.reg.kinds.get(sp.name):
        return False
    parts = _coordinated(sp)
    if not parts:
        return False
    subs = [st.att._make(p[0], p[1]) for p in parts]
    if not any(x is not None and x.kind in ("person", "place", *_NAMED_KINDS) for x in subs):
        return False
    for p in parts:  # made again: resolving a phrase may depend on what was resolved before
        sub = st.att._make(p[0], p[1])
        if sub is not None and _ENTOURAGE.match(sub.phrase):
            continue  # "Paganini and his team wrote": the team speaks through Paganini
        if sub is not None and sub.kind != "description":
            st.add_as(sub, (*why, COORDINATED))
    return True


_SPEAKER_RULES: tuple[Callable[[_Sources, Speaker, tuple[str, ...]], bool], ...] = (
    _hometown, _people_from_place, _image, _outlet_staff, _whole_name, _anonymous_owner, _spokesperson_body, _outlet_possessive, _coordinated_parts,
)


def _cue_rule(ev: CueEvent) -> str | None:
    """The stream rule that makes a cue's subject a source, if any."""
    if ev.lemma in ("according to", "per"):
        return ACCORDING_TO
    if ev.lemma == "cite":
        return CITING
    if ev.lemma == "call for" or ev.cue in _SOURCE_CUE_SET:
        return CUE_SPEAKER
    return None


#: "did not (immediately) respond", "has not replied": whoever gave no answer told nothing.
_NO_ANSWER = re.compile(r"\b(?:did|does|do|has|have|had|could|would)(?:\s+not|n['’]t)(?:\s+\w+ly)?\s+$|\bnever\s+$")
_ANSWER_LEMMAS = frozenset(("respond", "reply", "return", "comment", "answer"))


def _no_answer(text: str, ev: CueEvent) -> bool:
    """"Spokespeople for X did not respond to a request for comment": no source."""
    return ev.lemma in _ANSWER_LEMMAS and _NO_ANSWER.search(text, max(0, ev.start - 30), ev.start) is not None


def _from_cues(st: _Sources) -> None:
    """Subjects of strong cues, objects of "according to"/"citing", and what else a cue names."""
    for ev in st.att.events:
        sp = ev.speaker
        if sp is None or _no_answer(st.att.text, ev):
            continue
        if ev.lemma == "cite" and not (_SOURCEY.search(sp.phrase) or sp.kind in ("outlet", "agency", "person")):
            continue
        rule_name = _cue_rule(ev)
        if rule_name is not None:
            st.add_speaker(sp, ev, (rule_name,))
        for x in ev.extra:
            if isinstance(x, Speaker):
                st.add_speaker(x, ev, (CUE_EXTRA,))


def _from_gazetteer(st: _Sources, text: str) -> str | None:
    """Every agency and outlet the text names, unless only ever as a business; returns the
    last "... Times" named (for "the Times" later)."""
    last_times = None
    as_business: dict[str, bool] = {}
    mentions = [m for m in st.reg.mentions if m.kind in ("outlet", "agency")]
    for m in mentions:
        as_business[m.name] = as_business.get(m.name, True) and _as_business(text, m.start, m.end)
    for m in mentions:
        if as_business.get(m.name) and _key(m.name) not in st.out:
            continue  # "its CNN channels", "the news network CNN": a business, never cited
        st.add(m.name, m.kind, (m.start, m.end), (GAZETTEER,))
        if m.name.endswith("Times"):
            last_times = m.name
    return last_times


_HANDLE_SAYS = re.compile(r"(?<![\w@.])@\w{1,30}(?=[ \t]+(?:posted|wrote|tweeted|said|says|replied|responded|shared|added"
                          r"|announced|commented)\b)")
_HANDLE = re.compile(r"@\w{1,30}")


def _from_handles(st: _Sources, text: str) -> None:
    """"@harborwater posted …": a social account that posts is a source (named by its
    handle; whose it is the article may not say)."""
    if "@" not in text:
        return
    for m in _HANDLE_SAYS.finditer(text):
        st.add(m.group(), "person", (m.start(), m.end()), (SOCIAL_HANDLE,))


def _credit_line_matches(text: str) -> Iterator[re.Match[str]]:
    """``_CREDIT_LINE.finditer(text)``, tried only where a credit line may begin: at the start
    and at lines whose first word could open one (its ``^`` is tried at every position)."""
    for s in chain((0,), (c.start() + 1 for c in _CREDIT_START.finditer(text))):
        m = _CREDIT_LINE.match(text, s)
        if m is not None:
            yield m


def _from_credit_lines(st: _Sources, text: str) -> None:
    """"This article was originally published by Futurism.": the outlet the text is from."""
    for m in _credit_line_matches(text):
        if m.end() - m.start() > 200:
            continue
        name = name_before_period(m.group("o")).rstrip(".")
        hit = lookup(name)
        st.add(hit[0] if hit else name, "outlet", (m.start("o"), m.start("o") + len(name)), (CREDIT_LINE,))


def _count_quotes(st: _Sources, quotes: list[Quote]) -> None:
    """Quotes per source; a description's quotes go to the longest source named inside it
    ("a Northwind spokesperson" -> Northwind)."""
    out = st.out
    for q in quotes:
        if not q.speaker:
            continue
        k = _key(st.renamed.get(q.speaker) or st.att.aliases.get(q.speaker, q.speaker))
        pm = _POSS_ANON.match(q.speaker)
        if pm and _key(pm.group(2)) in out:
            k = _key(pm.group(2))
        src = out.get(k) or _longest_inside(out, k.split())
        if src is not None:
            src.quotes += 1


def _longest_inside(out: dict[str, Source], key_words: list[str]) -> Source | None:
    for n in range(min(len(key_words), 6), 0, -1):
        for i in range(len(key_words) - n + 1):
            src = out.get(" ".join(key_words[i:i + n]))
            if src is not None:
                return src
    return None


def build_sources(text: str, reg: Registry, att: Attributor, quotes: list[Quote]) -> list[Source]:
    """Every source of the article, in the order first found, with the rules that found it."""
    st = _Sources(reg, att)
    _from_cues(st)
    for sp in att.quoted:  # whoever supplies a quote is a source
        st.add_speaker(sp, None, (QUOTED,))
    for x in att.side:  # speakers beside a subject (Attribution.side)
        if isinstance(x, Speaker) and (_SOURCEY.search(x.phrase) or x.kind in ("outlet", "agency")):
            st.add_speaker(x, None, (SIDE,))
    _from_handles(st, text)
    last_times = _from_gazetteer(st, text)
    _from_credit_lines(st, text)
    if last_times:
        for m in _THE_TIMES.finditer(text):
            st.add(last_times, "outlet", (m.start() + 4, m.end()), (THE_TIMES,))
    _count_quotes(st, quotes)
    _merge_descriptions(st.out, st.order)
    _merge_misspellings(st.out, st.order)
    _merge_named_later(text, st.out, st.order)
    tidy_sources(text, st.out, st.order, Helpers(_key, _merge_into, lambda n: _org_kind(reg, n), _longest_inside))
    for src in st.out.values():
        src.mentions.sort()
    return [st.out[k] for k in st.order]


def _merge_descriptions(out: dict[str, Source], order: list[str]) -> None:
    """"the U.S. attorney's office" after "the U.S. Attorney's Office for the Western
    District of New York": a lower-case description that begins a named body's name is
    that body."""
    named = [k for k in order if out[k].name[:1].isupper()]
    for k in list(order):
        src = out[k]
        if not src.name.lower().startswith("the ") or src.name[:1].isupper() or len(k.split()) < 2:
            continue
        target = next((n for n in named if n != k and n.startswith(k + " ")), None)
        if target is None:
            continue
        _merge_into(out, order, k, target, MERGE_DESCRIPTION)


_BODY_DESCRIPTION = re.compile(r"(?:a|an)[ \t]+(?:[\w-]+[ \t]+){0,2}(group|organi[sz]ation|charity|watchdog|monitor"
                               r"|coalition|union|agency|company|firm|network)$")


def _merge_into(out: dict[str, Source], order: list[str], drop: str, keep: str, rule_name: str) -> None:
    """Source ``drop`` is ``keep``: its mentions, quotes and rules move over."""
    dest, src = out[keep], out[drop]
    dest.mentions.extend(m for m in src.mentions if m not in dest.mentions)
    dest.quotes += src.quotes
    dest.why.extend(r for r in (*src.why, rule_name) if r not in dest.why)
    del out[drop]
    order.remove(drop)


def _merge_named_later(text: str, out: dict[str, Source], order: list[str]) -> None:
    """"a rights group reported …" and later "the Emergency Lawyers, a group monitoring …": an
    anonymous body is the one body the article introduces with the same noun (two such
    bodies and it stays anonymous: which one is not said)."""
    for k in [k for k in order if out[k].kind == "anonymous"]:
        m = _BODY_DESCRIPTION.fullmatch(out[k].name.lower())
        if m is None or not out[k].mentions:
            continue
        intro = re.compile(r",[ \t]+(?:a|an)[ \t]+(?:[\w-]+[ \t]+){0,3}?" + m.group(1) + r"\b")
        first = out[k].mentions[0][0]
        named = [k2 for k2 in order if out[k2].kind in _NAMED_KINDS and any(
            s0 > first and intro.match(text, e0) for s0, e0 in out[k2].mentions)]
        if len(named) == 1:
            _merge_into(out, order, k, named[0], MERGE_NAMED_LATER)


def _misspelt(a: str, b: str) -> bool:
    """Two spellings of one name (the caller pairs names of one first letter and word count,
    seven letters or more): a letter or two dropped or swapped is a typo, not another
    name ("Downdector"; "Hamilton" and "Hampton" stay two)."""
    if abs(len(a) - len(b)) > 3 or a.lower() == b.lower():
        return False
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.88


def _merge_misspellings(out: dict[str, Source], order: list[str]) -> None:
    """"Downdetector" and, further on, "Downdector": a named source spelt twice is one; the
    spelling the article uses more (or first) is kept."""
    buckets: dict[tuple[str, int], list[str]] = {}  # names of one first letter and word count
    for k in order:
        name = out[k].name
        if name[:1].isupper() and out[k].kind != "person" and len(name) >= 7:
            buckets.setdefault((name[0], len(name.split())), []).append(k)
    for named in buckets.values():
        for i, k in enumerate(named):
            for k2 in named[i + 1:]:
                if k in out and k2 in out and _misspelt(out[k].name, out[k2].name):
                    keep, drop = (k2, k) if len(out[k2].mentions) > len(out[k].mentions) else (k, k2)
                    _merge_into(out, order, drop, keep, MERGE_MISSPELLING)


def _as_business(text: str, s: int, e: int) -> bool:
    """An outlet named as a business or a product ("its CNN channels", "the news network
    CNN", "Acme's CNN"), not as the origin of any information."""
    return bool(_PRODUCT_AFTER.match(text, e, e + 40) or _PRODUCT_BEFORE.search(text, max(0, s - 40), s))


def _org_kind(reg: Registry, name: str) -> str:
    k = reg.kinds.get(name)
    if k in _NAMED_KINDS:
        return k
    if k == "place":
        return "official"
    if name in OUTLETS:
        return OUTLETS[name][0]
    return "organization"


def _coordinated(sp: Speaker) -> list[tuple[int, int]]:
    """Spans of the parts of "The Financial Times and Japanese media", when one part
    is a name ("businesses and residents" stays one source)."""
    if " and " not in sp.phrase:
        return []
    parts = []
    offs = 0
    for piece in sp.phrase.split(" and "):
        ps = sp.start + offs
        parts.append((ps, ps + len(piece)))
        offs += len(piece) + 5
    pieces = (sp.phrase[p[0] - sp.start:p[1] - sp.start] for p in parts)
    if not any(x.strip()[:1].isupper() or x.lower().startswith("the ") for x in pieces):
        return []
    return parts
