"""What each name in an article is: named, ordered rules over the registry of names.

The registry (``names.py``) finds the names; the rules here decide what each is
(person, organisation, official body, outlet, agency, place) and record their
names in the mention's ``why``, which the sources built from it copy.

Classifying one name, the first rule that decides wins (``_CLASSIFY``):
``source:name-outlet`` (a gazetteer alias), ``source:name-region-abbreviation`` ("Harrisburg,
Pa."), ``source:name-hometown`` ("Dale Ortiz of Fort Worth"), ``speaker:name-headline-verb``
(cuts "Praises" from "Senator Praises Marco Rubio"), a multi-word place, the title's "of"
phrase (``speaker:name-title-of-phrase``, narrows the name), a body named after
a place (narrows it), ``source:name-organisation``, a bare title (nothing),
``source:name-place``, ``source:name-plural-group`` ("Emergency Lawyers"),
``speaker:name-after-acronym-role`` ("Harbor FC QB Dana Hill"), ``source:name-acronym`` (what is no person's name). Otherwise the name
is a person's when some evidence says so (``_EVIDENCE``, in order):
``speaker:name-title``, ``speaker:name-given-name``, ``speaker:name-role-before``,
``speaker:name-age``, ``speaker:name-cue-after``, ``speaker:name-cue-before``.

Then what the whole article says: ``speaker:name-surname-alone`` (a surname the
article uses alone makes a person), ``speaker:name-lone-person`` ("Vogel said he",
"Schiff asked"), ``source:name-org-front`` ("Harbor Lane"
after "Harbor Lane Records"), the surname and acronym tables, and the second
pass (``speaker:name-surname``, ``source:name-acronym-of``), then gazetteer names
the runs missed (``source:name-outlet``) and outlets heading a newsroom title
(``source:name-newsroom``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import ALIAS_TO_CANON, GAZETTEER_SCAN, OUTLETS
from .lexicon import (
    CUE_FORMS, CUE_LEMMA, FIRST_NAMES, HONORIFICS, NATIONALITIES, OBJECT_CUES, PLACES, ROLE_NOUNS, STOP_CAPS,
    TITLE_WORDS,
)
from .names import (
    _AGE_BEFORE, _MULTI_PLACES, _NEWSROOM_AFTER, _OFFICE_OWNERS, _OFFICIAL_WORDS, _ORG_MARKERS,
    _PARTICLES, _PERSON_CUE_AFTER, _REGION_AFTER, _ROLE_TO_PLACE, REGION_ABBREVIATIONS, _SUFFIXES, TOKEN_RE,
    Mention, Raw, Registry, _initials, _initials_match, _name_like, _role_before, defined_acronyms, find_runs,
    split_title,
)
from .rules import rule

__all__ = ["Mention", "Registry", "build_registry", "TOKEN_RE", "split_title", "_OFFICE_OWNERS", "_name_like"]


# --- classifying one run: rules tried in order ------------------------------------------

@dataclass(slots=True)
class _Run:
    """One run being classified; rules may narrow its title and name before one decides."""

    text: str
    reg: Registry
    lone_words: set[str]
    s: int
    e: int
    toks: list[str]
    poss: bool
    surface: str
    title: list[str]
    name: list[str]
    why: tuple[str, ...] = ()

    def mention(self, name: str, kind: str, rule_name: str, *, s: int | None = None,
                surface: str | None = None, role: str | None = None) -> Mention:
        return Mention(self.s if s is None else s, self.e, name, kind, self.surface if surface is None else surface,
                       role, self.poss, [*self.why, rule_name])

    #: Set by ``_measure`` before the rules that need them: does the name look like a
    #: person's, and does an age stand before it ("52-year-old Dana Hill")?
    name_like: bool = False
    aged: bool = False
    #: Set before the evidence rules: the word before the name, its title without nationalities.
    prev_word: str = ""
    real_title: list[str] | None = None


#: A rule's answer that the run names nothing worth registering.
_SKIP = Mention(0, 0, "", "")


_PLACE_WORDS = PLACES | NATIONALITIES


def _all_places(words: list[str]) -> bool:
    return _PLACE_WORDS.issuperset(words)


@rule("source:name-outlet", order=10,
      fires=["Prices rose, AFP reported on Monday."],
      not_on=["Prices rose, the Acme Gazette reported on Monday."])
def _outlet(run: _Run) -> Mention | None:
    """A gazetteer alias ("Associated Press", "The Guardian") is that agency or outlet."""
    canon = ALIAS_TO_CANON.get(run.surface)
    if canon is None and run.surface.startswith("The "):
        canon = ALIAS_TO_CANON.get(run.surface[4:])
    if canon:
        return run.mention(canon, OUTLETS[canon][0], "source:name-outlet")
    return None


_WHOLE_PLACES = _MULTI_PLACES - {"European Union", "United Nations"}


def _multiword_place(run: _Run) -> Mention | None:
    """"United Arab Emirates" is a place, whatever its words say ("United", "Republic")."""
    if run.surface in _WHOLE_PLACES:
        return run.mention(run.surface, "place", "source:name-place")
    return None


@rule("source:name-region-abbreviation", order=20,
      fires=['Harrisburg, Pa., said on Monday that it would close the bridge.'],
      not_on=['Harrisburg said on Monday that it would close the bridge.'])
def _region_abbreviation(run: _Run) -> Mention | None:
    """"Harrisburg, Pa.", "Kingston, Ont.": a state or province abbreviation after a town is
    a place, and so is the town it follows; neither is ever a speaker or a source."""
    text, s, e = run.text, run.s, run.e
    if run.surface.rstrip(".") in REGION_ABBREVIATIONS and s >= 2 and text[s - 2:s] == ", " \
            and (run.surface.endswith(".") or text[e:e + 1] == "."):
        return run.mention(run.surface, "place", "source:name-region-abbreviation")
    if text[e:e + 1] == "," and len(run.toks) <= 3 and run.toks[0] not in FIRST_NAMES \
            and _REGION_AFTER.match(text, e, e + 12):
        run.reg.kinds.setdefault(run.surface, "place")
        return run.mention(run.surface, "place", "source:name-region-abbreviation")
    return None


#: "Dale Ortiz of " before a name: a given name and a surname, then "of".
_PERSON_OF = re.compile(r"\b([A-Z][\w'’-]+)[ \t]+[A-Z][\w'’-]+,?[ \t]+of[ \t]+$")


@rule("source:name-hometown", order=22,
      fires=['Dale Ortiz of Fort Worth, an engineer, was unsure. The bridge will reopen, according to Fort Worth.'],
      not_on=['Dale Ortiz was unsure. The bridge will reopen, according to Fort Worth.'])
def _hometown(run: _Run) -> Mention | None:
    """"Dale Ortiz of Fort Worth, an engineer": after a person's full name, "of" and a bare
    name (no "the", no organisation word) says where they are from: a place ("Sui-Lee
    Wee of the New York Times" has its "the"; "of Acme Corp" its organisation word)."""
    if run.s < 3 or run.text[run.s - 3:run.s] != "of ":
        return None
    m = _PERSON_OF.search(run.text, run.s - 50, run.s)  # (re reads a negative pos as 0)
    if m is None or m.group(1) not in FIRST_NAMES or any(t in _ORG_MARKERS or t in _OFFICIAL_WORDS for t in run.toks) \
            or len(run.toks) > 3 or not _name_like(run.toks):
        return None
    run.reg.kinds.setdefault(run.surface, "place")
    return run.mention(run.surface, "place", "source:name-hometown")


#: Speech verbs as a headline writes them ("Praises", "Slams", "Warns"), never a given name.
_TITLE_CASE_CUES = frozenset(f.capitalize() for f in CUE_FORMS if f.endswith("s") and f.isalpha()) - FIRST_NAMES


@rule("speaker:name-headline-verb", order=25,
      fires=['Senator Praises Marco Rubio\n\n"He will lead us," Marco Rubio said on Monday.'],
      not_on=['"He will lead us," Senator Marco Rubio said on Monday.'])
def _headline_verb(run: _Run) -> None:
    """"Senator Praises Marco Rubio": a headline writes its verb in title case; a speech verb
    ("Praises", "Slams", "Warns") is never part of a name, so the name is what follows it."""
    toks = run.toks
    if len(toks) < 2 or _TITLE_CASE_CUES.isdisjoint(toks):
        return None
    cut = next(i for i, t in enumerate(toks) if t in _TITLE_CASE_CUES)
    after = toks[cut + 1:]
    if not after:
        return None  # "Consumer Reports": a last word may be the name's own
    found = run.text.find(after[0], run.s, run.e)
    return _narrow(run, after, found if found >= 0 else run.s)


def _narrow(run: _Run, toks: list[str], s: int) -> None:
    """The run cut down to ``toks`` (starting at ``s``); the rules after this one classify it."""
    run.toks, run.s, run.surface = toks, s, " ".join(toks)
    if s + len(run.surface) < run.e and not run.poss:
        run.e = s + len(run.surface)
    run.title, run.name = split_title(toks)
    run.why = (*run.why, "speaker:name-headline-verb")
    return None


@rule("speaker:name-title-of-phrase", order=30,
      fires=['"The wells are safe," Director of Public Health Services Ana Brekke said.'],
      not_on=['"The wells are safe," Director Ana Brekke said.'])
def _title_of_phrase(run: _Run) -> None:
    """"Director of Public Health Services Ana Brekke": the title's "of" phrase runs on until
    the person's name, known by a given name or the surname used alone."""
    title, name = run.title, run.name
    if "of" not in title or len(name) < 3:
        return None
    for n in (3, 2):
        tail = name[-n:]
        if len(name) > n and _name_like(tail) and (tail[0] in FIRST_NAMES or tail[-1] in run.lone_words):
            run.title, run.name = title + name[:-n], tail
            found = run.text.find(tail[0], run.s, run.e)
            run.s = found if found >= 0 else run.s
            run.why = (*run.why, "speaker:name-title-of-phrase")
            break
    return None


def _body_named_after_place(run: _Run) -> None:
    """"U.S. Attorney's Office for the Western District of New York": a body named after a
    place, not a title and a place (the organisation rule then takes it)."""
    name = run.name
    if name and _all_places(name) and any(t in _ORG_MARKERS or t in _OFFICIAL_WORDS for t in run.toks[:len(run.toks) - len(name)]):
        run.name = []
    return None


#: Organisation words that are no title words: a name holding one is an organisation's.
_ORG_NOT_TITLE = _ORG_MARKERS - TITLE_WORDS


@rule("source:name-organisation", order=50,
      fires=['"We will appeal," the Northern Water Authority said.'],
      not_on=['"We will appeal," Dana Hill said.'])
def _organisation(run: _Run) -> Mention | None:
    """A run with an organisation word ("Authority", "Records") names an organisation; with an
    official word ("Ministry", "Police") a government body."""
    name, toks = run.name, run.toks
    if name and not _ORG_NOT_TITLE.isdisjoint(name) or (not name and not _ORG_MARKERS.isdisjoint(toks)):
        kind = "official" if not _OFFICIAL_WORDS.isdisjoint(toks) else "organization"
        run.reg.kinds.setdefault(run.surface, kind)
        return run.mention(run.surface, kind, "source:name-organisation")
    return None


def _bare_title(run: _Run) -> Mention | None:
    """"Prime Minister" alone names nobody."""
    return None if run.name else _SKIP


@rule("source:name-place", order=70,
      fires=['Chile said on Monday the border was open.'],
      not_on=['Maria Hill said on Monday the border was open.'])
def _place(run: _Run) -> Mention | None:
    """A name of places and nationalities only ("Chile", "South Korea") is a place."""
    if _all_places(run.name):
        full = " ".join(run.name)
        run.reg.kinds.setdefault(full, "place")
        return run.mention(full, "place", "source:name-place")
    return None


@rule("source:name-plural-group", order=75,
      fires=['According to the Emergency Lawyers, a group monitoring the war, several drones hit the market.'],
      not_on=['According to Ilse Lawyer, a doctor monitoring the war, several drones hit the market.'])
def _plural_group(run: _Run) -> Mention | None:
    """"Emergency Lawyers", "Veterans for Peace": a name made with a plural of a role noun names
    a group of people, an organisation, not one person (an apposition "a group …" after it
    would otherwise make it one)."""
    name = run.name
    if len(name) < 2 or name[0] in FIRST_NAMES or run.title:
        return None
    if any(len(t) > 3 and t.endswith("s") and t[:1].isupper() and t[:-1].lower() in ROLE_NOUNS for t in name):
        run.reg.kinds.setdefault(run.surface, "organization")
        return run.mention(run.surface, "organization", "source:name-plural-group")
    return None


def _measure(run: _Run) -> None:
    """Not a rule: what the rules after it read (whether the name looks like a person's, an age before it)."""
    run.name_like = _name_like(run.name)
    s, text = run.s, run.text
    run.aged = "-year-old" in text[s - 16 if s > 16 else 0:s] and _AGE_BEFORE.search(text, s - 16, s) is not None
    return None


@rule("speaker:name-after-acronym-role", order=80,
      fires=['"We played well," Harbor FC QB Maria Hill said.'],
      not_on=['"We played well," coach Maria Hill said.'])
def _after_acronym_role(run: _Run) -> Mention | None:
    """"Harbor FC QB Dana Hill", "KTV Sports Insider Jo La Marr": a name after a role made of
    acronyms and org names; the name starts with a given name or its surname is used alone."""
    name = run.name
    if run.name_like or len(name) < 3 or any(t in _ORG_MARKERS for t in name[-2:]):
        return None
    for n in (3, 2):
        tail = name[-n:]
        if len(name) > n and _name_like(tail) and tail[0] not in _PARTICLES \
                and (tail[0] in FIRST_NAMES or (n == 2 and (tail[-1] in run.lone_words or tail[0] in run.lone_words))
                     or _all_places(name[:-n])):
            ts = run.s + len(" ".join(run.toks[:len(run.toks) - n])) + 1
            ts = run.text.find(tail[0], ts - 1, run.e)
            if ts < 0:
                break
            return _tail_person(run, tail, ts)
    return _SKIP


def _tail_person(run: _Run, tail: list[str], ts: int) -> Mention:
    n = len(tail)
    full = " ".join(tail)
    role = " ".join(run.name[:-n])
    lead = _ROLE_TO_PLACE.search(run.text, run.s - 50, run.s)
    if lead and _all_places(run.name[:-n]):
        role = lead.group(1) + role  # "China's envoy to" + "Chile"
    run.reg.persons.setdefault(full, role)
    return run.mention(full, "person", "speaker:name-after-acronym-role", s=ts, surface=full, role=role)


@rule("source:name-acronym", order=90,
      fires=['"Rates will rise," the NWA said in a statement on Monday.'],
      not_on=['"Rates will rise," the Northern Water Authority said.'])
def _not_name_like(run: _Run) -> Mention | None:
    """What does not look like a person's name is no person: an acronym alone ("NWA") is an
    organisation, the rest ("Covid Relief Act") is dropped."""
    name = run.name
    if run.name_like or (run.aged and 2 <= len(name) <= 3 and all(t[:1].isupper() and t not in STOP_CAPS for t in name)):
        return None
    if len(name) == 1 and name[0].isupper() and len(name[0]) >= 2:
        run.reg.kinds.setdefault(name[0], "organization")
        return run.mention(name[0], "organization", "source:name-acronym")
    return _SKIP


_CLASSIFY = (_outlet, _region_abbreviation, _hometown, _headline_verb, _multiword_place, _title_of_phrase, _body_named_after_place, _organisation,
             _bare_title, _place, _plural_group, _measure, _after_acronym_role, _not_name_like)
#: ``_CLASSIFY`` for a run of one word (most runs: "Reuters", "Chile"), without the rules that
#: never decide or change anything for one: ``_headline_verb`` and ``_plural_group`` want two
#: words, ``_title_of_phrase`` three words of name and ``_after_acronym_role`` three (a name of
#: one word has fewer), and ``_body_named_after_place`` a title before the name (one word is
#: either the title or the name). The same rules in the same order decide the same mentions.
_CLASSIFY_ONE = tuple(step for step in _CLASSIFY
                      if step not in (_headline_verb, _title_of_phrase, _body_named_after_place, _plural_group,
                                      _after_acronym_role))


# --- evidence that a name is a person's ----------------------------------------------

@rule("speaker:name-title", order=100,
      fires=['"We will rebuild," Mayor Dana Okafor said.'],
      not_on=['"We will rebuild," Dana Okafor said.'])
def _by_title(run: _Run) -> bool:
    """A title before the name ("Mayor Okafor"); a nationality alone is none ("the Somali Shabaab")."""
    return bool(run.real_title)


@rule("speaker:name-given-name", order=110,
      fires=['"We will rebuild," Maria Okafor said.'],
      not_on=['"We will rebuild," Mayor Okafor said.'])
def _by_given_name(run: _Run) -> bool:
    """A known given name first ("Dana Okafor")."""
    return run.name[0] in FIRST_NAMES


@rule("speaker:name-role-before", order=120,
      fires=['"The line held," team spokesperson Ilse Varga said.'],
      not_on=['"The line held," Ilse Varga said, 52.'])
def _by_role_before(run: _Run) -> bool:
    """A role noun right before it ("spokesperson Ilse Varga")."""
    return run.prev_word in ROLE_NOUNS


@rule("speaker:name-age", order=130,
      fires=['"It was dark," said 52-year-old Ilse Varga.'],
      not_on=['"It was dark," said Ilse Varga.'])
def _by_age(run: _Run) -> bool:
    """An age before it ("52-year-old Ilse Varga"): only people have one."""
    return run.aged


@rule("speaker:name-cue-after", order=140,
      fires=['Ilse Varga said the line held.'],
      not_on=['"The line held," said Ilse Varga.'])
def _by_cue_after(run: _Run) -> bool:
    """An age, an apposition or a speech verb after it ("Ilse Varga, 52,", "Ilse Varga said")."""
    return len(run.name) >= 2 and _PERSON_CUE_AFTER.match(run.text, run.e, run.e + 60) is not None


@rule("speaker:name-cue-before", order=150,
      fires=['"The line held," said Ilse Varga.'],
      not_on=['"The line held," she said, accusing Ilse Varga.'])
def _by_cue_before(run: _Run) -> bool:
    """"said Ilse Varga" (but "accusing Silver Harp": an object, not a speaker)."""
    return len(run.name) >= 2 and run.prev_word in CUE_FORMS and CUE_LEMMA.get(run.prev_word) not in OBJECT_CUES


_EVIDENCE = ((_by_title, "speaker:name-title"), (_by_given_name, "speaker:name-given-name"),
             (_by_role_before, "speaker:name-role-before"), (_by_age, "speaker:name-age"),
             (_by_cue_after, "speaker:name-cue-after"), (_by_cue_before, "speaker:name-cue-before"))
#: The evidence a name of one word can give: the cue rules want a name of two words or more.
_EVIDENCE_ONE = _EVIDENCE[:4]


def _evidence(run: _Run) -> str | None:
    """The first rule that shows the name is a person's, or None."""
    for test, rule_name in _EVIDENCE if len(run.name) >= 2 else _EVIDENCE_ONE:
        if test(run):
            if len(run.name) >= 2 and run.name[-1] in PLACES and run.name[0] not in FIRST_NAMES \
                    and not any(t in TITLE_WORDS for t in run.title):
                return None  # "Doesn't Want Greenland" in a headline: a place, not a surname
            return rule_name
    return None


def _person_or_unknown(run: _Run) -> Mention:
    """The last rule: a person if some evidence says so, else a name of unknown kind."""
    name, title, s, text = run.name, run.title, run.s, run.text
    before = text[s - 40 if s > 40 else 0:s].split()
    prev_word = before[-1].lower().strip(",") if before else ""
    run.prev_word, run.real_title = prev_word, [t for t in title if t not in NATIONALITIES]
    rule_name = _evidence(run)
    full = " ".join(name)
    role = " ".join(title) if title else None
    if not role and prev_word in ROLE_NOUNS:
        role = _role_before(text, s)
    if rule_name and len(name) >= 2:
        persons = run.reg.persons
        persons.setdefault(full, role or "")
        if role and not persons[full]:
            persons[full] = role
        return run.mention(full, "person", rule_name, role=role)
    if rule_name and len(name) == 1 and run.real_title:
        return run.mention(full, "person?", rule_name, role=role)
    return Mention(s, run.e, full, "unknown", run.surface, role, run.poss, list(run.why))


def _classify(text: str, reg: Registry, lone_words: set[str], raw: Raw) -> Mention | None:
    """The mention one run makes: the first classifying rule that decides, else the evidence."""
    s, e, toks, poss = raw
    if len(toks) == 1:  # (``split_title`` of one word: a title or a name, never a nationality)
        word = toks[0]
        title, name = ([word], []) if word in TITLE_WORDS or word in HONORIFICS else ([], [word])
        run = _Run(text, reg, lone_words, s, e, toks, poss, word, title, name)
        steps = _CLASSIFY_ONE
    else:
        title, name = split_title(toks)
        run = _Run(text, reg, lone_words, s, e, toks, poss, " ".join(toks), title, name)
        steps = _CLASSIFY
    for step in steps:
        got = step(run)
        if got is not None:
            return None if got is _SKIP else got
    return _person_or_unknown(run)


# --- what the whole article says about its names ---------------------------------------

def _mark(mm: Mention, rule_name: str) -> None:
    if rule_name not in mm.why:
        mm.why.append(rule_name)


@rule("speaker:name-surname-alone", order=200,
      fires=['Dana Lark runs the mill. "We will stay," Lark said.'],
      not_on=['Dana Lark runs the mill. "We will stay," the owner said.'])
def _surname_used_alone(classified: list[Mention], reg: Registry) -> None:
    """A name whose last word the article also uses alone ("Dana Lark … Lark said") is a
    person: organisations are shortened from the front, people to their surname."""
    singles = {mm.name for mm in classified if " " not in mm.name and mm.kind in ("unknown", "organization")}
    if not singles:
        return
    for mm in classified:
        if mm.kind == "unknown" and 2 <= len(mm.name.split()) <= 3:
            parts = mm.name.split()
            if parts[-1] in singles and parts[-1] not in _ORG_MARKERS and parts[0] not in NATIONALITIES \
                    and parts[0] not in PLACES and (parts[-1] not in PLACES or parts[0] in FIRST_NAMES):
                mm.kind = "person"
                reg.persons.setdefault(mm.name, mm.role or "")
                _mark(mm, "speaker:name-surname-alone")


#: After a lone name, what only a person does: "Vogel said he", "Schiff asked" (bodies say
#: "it" and are not said to ask, joke or shrug).
_PERSON_AFTER_LONE = re.compile(r"[ \t]+(?:[a-z]+ly[ \t]+)?(?:(?:said|says|told \w+|added|explained|insisted|admitted)"
                                r"[ \t]+(?:that[ \t]+)?(?:he|she)\b|asked\b|(?:joked|quipped|laughed|shrugged)\b)")
#: Before a lone name: "Coach (Frank) Vogel", a given name in parentheses.
_GIVEN_IN_PARENS = re.compile(r"\([A-Z][a-z]+\)[ \t]+$")


@rule("speaker:name-lone-person", order=205,
      fires=['Defence dominated the evening. "He was terrific," Vogel said. Vogel said he would rest the team.',
             '"Is that normal?" Schiff asked.'],
      not_on=['"The plant will reopen," Northwind said. Northwind said it would hire 40 workers.'])
def _lone_person(classified: list[Mention], reg: Registry, text: str) -> None:
    """A lone name the article never gives in full is a person's when it does what only a
    person does: "Vogel said he …", "Schiff asked", "Coach (Frank) Vogel"; an organisation
    says "it" and is not asked for its given name."""
    named = {w for full in reg.persons for w in full.split()}  # "Volker" after "Kurt Volker": the surname pass
    lone = {mm.name for mm in classified if mm.kind == "unknown" and " " not in mm.name and not mm.name.isupper()
            and mm.name not in named
            and mm.name not in PLACES and mm.name not in NATIONALITIES and mm.name not in _ORG_MARKERS}
    if not lone:
        return
    people = {mm.name for mm in classified if mm.name in lone and (
        _PERSON_AFTER_LONE.match(text, mm.end, mm.end + 40) or _GIVEN_IN_PARENS.search(text, mm.start - 30, mm.start))}
    for mm in classified:
        if mm.name in people and mm.kind == "unknown":
            mm.kind = "person"
            reg.persons.setdefault(mm.name, mm.role or "")
            _mark(mm, "speaker:name-lone-person")


@rule("source:name-org-front", order=210,
      fires=['"We wish her well," Harbor Lane Records said. The singer had been with Harbor Lane since 2010.'],
      not_on=['"We wish her well," Harbor Lane Records said.'])
def _organisation_front(classified: list[Mention], reg: Registry) -> None:
    """"Harbor Lane" after "Harbor Lane Records": the front of a named organisation is that
    organisation (the first full name the article gives wins: "Harbor Lane Records" before
    "Harbor Lane Group"); "Trump" after "Donald Trump" stays the person, whatever "Trump
    Administration" says."""
    prefixes: dict[str, str] = {}
    for mm in classified:
        parts = mm.name.split()
        if mm.kind in ("organization", "official") and len(parts) >= 2 and parts[-1] in _ORG_MARKERS \
                and " and " not in mm.name and " & " not in mm.name:
            for n in range(1, len(parts)):
                prefixes.setdefault(" ".join(parts[:n]), mm.name)
    if not prefixes:
        return
    person_surnames = {full.split()[-1] for full in reg.persons}
    for mm in classified:
        if mm.kind == "unknown" and mm.name not in reg.persons and mm.name not in person_surnames:
            long = prefixes.get(mm.name)
            if long and (len(mm.name.split()) >= 2 or mm.name not in FIRST_NAMES):
                mm.name = long
                mm.kind = reg.kinds.get(long, "organization")
                _mark(mm, "source:name-org-front")


def _surnames(reg: Registry) -> None:
    """Surnames (and two-word surnames) of the people found, then family names first."""
    for full in reg.persons:
        parts = full.split()
        while len(parts) > 2 and parts[-1].rstrip(".,") in _SUFFIXES:
            parts = parts[:-1]  # "Paul R. Holloway Jr." is Holloway
        reg.surname.setdefault(parts[-1], full)
        if len(parts) >= 3:
            reg.surname.setdefault(" ".join(parts[-2:]), full)
        for p in parts[1:-1]:  # "bin Salman", "van der Berg"
            if p in _PARTICLES:
                reg.surname.setdefault(" ".join(parts[parts.index(p):]), full)
    for full in reg.persons:  # family name first ("Li Jifeng" -> "Li")
        parts = full.split()
        if len(parts) == 2 and parts[0] not in FIRST_NAMES and parts[0] not in HONORIFICS:
            reg.surname.setdefault(parts[0], full)


def _defined_acronyms(text: str, reg: Registry) -> None:
    """Acronyms defined in parentheses: "Long Name (LN)"."""
    if "(" not in text:
        return
    for m in defined_acronyms(text):
        long, short = m.group(1), m.group(2)
        toks = [t for t in long.split() if t not in STOP_CAPS]
        letters = "".join(t[0] for t in toks if t[0].isupper())
        if short.replace(".", "").upper()[:1] in letters:
            reg.acronyms.setdefault(short, " ".join(toks))


def _undefined_acronyms(classified: list[Mention], reg: Registry) -> None:
    """Acronyms used without a definition: "EU" for "European Union", "PG&E"."""
    multi = sorted({mm.name for mm in classified if mm.kind in ("organization", "official") and len(mm.name.split()) >= 2})
    by_initial: dict[str, list[str]] = {}
    for long in multi:
        for ch in set(_initials(long)[:2]):
            by_initial.setdefault(ch, []).append(long)
    for n in sorted({mm.name for mm in classified}):
        if n in reg.acronyms or not (2 <= len(n) <= 6 and n.replace("&", "").isupper() and n.replace("&", "").isalpha()):
            continue
        for long in by_initial.get(n[0], [])[:500]:
            if _initials_match(n, long):
                reg.acronyms[n] = long
                break


@rule("speaker:name-surname", order=230,
      fires=['Mira Tanaka leads the board. "We are ready," Tanaka said.'],
      not_on=['"We are ready," Tanaka said.'])
def _by_surname(mm: Mention, reg: Registry) -> bool:
    """"Tanaka" after "Mira Tanaka" is her."""
    if mm.name in reg.surname:
        mm.name = reg.surname[mm.name]
        mm.kind = "person"
        mm.role = mm.role or reg.persons.get(mm.name) or None
        return True
    return False


@rule("source:name-acronym-of", order=240,
      fires=['The Northern Water Authority (NWA) met. "Rates will rise," the NWA said.'],
      not_on=['"Rates will rise," the NWA said.'])
def _by_acronym(mm: Mention, reg: Registry) -> bool:
    """"NWA" after "Northern Water Authority (NWA)", "EU" after "European Union"."""
    if mm.name in reg.acronyms:
        mm.name = reg.acronyms[mm.name]
        mm.kind = reg.kinds.get(mm.name, "organization")
        return True
    return False


def _known_person(mm: Mention, reg: Registry) -> bool:
    if mm.name in reg.persons:
        mm.kind = "person"
        return True
    return False


def _titled_single(mm: Mention, reg: Registry) -> bool:
    """"Mayor Okafor" with no full name given: a person by the title."""
    if mm.kind == "person?":
        reg.persons.setdefault(mm.name, mm.role or "")
        mm.kind = "person"
        return True
    return False


_RESOLVE = ((_known_person, None), (_by_surname, "speaker:name-surname"),
            (_by_acronym, "source:name-acronym-of"), (_titled_single, None))


def _resolve(classified: list[Mention], reg: Registry) -> None:
    """Second pass: single words and "person?" resolve through the tables."""
    for mm in classified:
        if mm.kind in ("unknown", "person?", "organization"):
            for step, rule_name in _RESOLVE:
                if step(mm, reg):
                    if rule_name:
                        _mark(mm, rule_name)
                    break
        elif mm.kind == "place" and _by_acronym(mm, reg):
            _mark(mm, "source:name-acronym-of")
        if mm.kind == "person" and mm.role:
            reg.roles.setdefault(mm.name, mm.role)
        reg.kinds.setdefault(mm.name, mm.kind)


def _gazetteer_hits(text: str, classified: list[Mention], seen: set[tuple[int, int]]) -> None:
    """Gazetteer hits the run regex could not see ("dpa"; "the Times" stays out)."""
    for g in GAZETTEER_SCAN.finditer(text):
        if (g.start(1), g.end(1)) not in seen:
            canon = ALIAS_TO_CANON[g.group(1)]
            classified.append(Mention(g.start(1), g.end(1), canon, OUTLETS[canon][0], g.group(1), why=["source:name-outlet"]))


@rule("source:name-newsroom", order=260,
      fires=['"The talks stalled," CNN Pentagon correspondent Ilse Varga reported.'],
      not_on=['"The talks stalled," KTV Pentagon correspondent Ilse Varga reported.'])
def _newsroom_outlets(text: str, raw: list[Raw], classified: list[Mention], seen: set[tuple[int, int]]) -> None:
    """"VOA Pentagon correspondent Dana Hill", "CNN reporter …": an outlet heading a newsroom
    title names that outlet ("the desk's reporter" works for it)."""
    for rs, re_, words, _poss in raw:
        if len(words) < 2 or not (words[0] in ALIAS_TO_CANON or " ".join(words[:2]) in ALIAS_TO_CANON
                                  or " ".join(words[:3]) in ALIAS_TO_CANON):
            continue
        if not (words[-1] in ("Desk", "Bureau") or _NEWSROOM_AFTER.match(text, re_, re_ + 40)):
            continue
        for n in (3, 2, 1):
            canon = ALIAS_TO_CANON.get(" ".join(words[:n])) if len(words) > n else None
            if canon:
                b = text.find(words[n - 1], rs) + len(words[n - 1])
                if (rs, b) not in seen:
                    classified.append(Mention(rs, b, canon, OUTLETS[canon][0], " ".join(words[:n]),
                                              why=["source:name-newsroom"]))
                break


def build_registry(text: str) -> Registry:
    """Find and classify every capitalised run; build surname and acronym tables.

    The steps, in order: runs are found and cut into names (``names.find_runs``); each is
    classified by the first deciding rule of ``_CLASSIFY``, else by the evidence that it
    is a person's (``_EVIDENCE``); then what the whole article says is applied: surnames
    used alone, fronts of organisations, acronyms, and gazetteer names the runs missed.
    """
    reg = Registry()
    raw = find_runs(text)
    lone_words = {w[0] for _, _, w, _ in raw if len(w) == 1} | {w[1] for _, _, w, _ in raw if len(w) == 2 and w[0] in HONORIFICS}
    classified = [mm for r in raw if (mm := _classify(text, reg, lone_words, r)) is not None]
    _surname_used_alone(classified, reg)
    _lone_person(classified, reg, text)
    _organisation_front(classified, reg)
    _surnames(reg)
    _defined_acronyms(text, reg)
    _undefined_acronyms(classified, reg)
    _resolve(classified, reg)
    seen = {(mm.start, mm.end) for mm in classified}
    _gazetteer_hits(text, classified, seen)
    _newsroom_outlets(text, raw, classified, seen)
    classified.sort(key=lambda x: x.start)
    reg.mentions = classified
    reg.starts = [mm.start for mm in classified]
    return reg
