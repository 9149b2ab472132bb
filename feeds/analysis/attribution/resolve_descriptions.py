"""Description resolvers: who "the company", "the 56-year-old", "a spokesperson" is.

A speaker phrase with a lower-case head ("the ministry", "a Northwind
spokesperson", "the singer and guitarist") is tried against these rules, in
order; the first that answers names the speaker and puts its name in the
speaker's ``why``:

1. ``resolve:age-noun`` — "the 85-year-old … said": the person the passage is about.
2. ``resolve:group-named-later`` — "A group of teachers …", then "the group Harbor
   Tutors": the body the article names later.
3. ``resolve:spokesperson-body`` — "Acme did not reply. A spokesperson said":
   the description keeps its words, with the body of the sentence as its owner
   (a step, not an answer: the later rules still run).
4. ``resolve:described-again`` — "the Yasuj resident" after "a resident of Yasuj".
5. ``resolve:description-subject`` — "Acme said … The company said": the body of
   that class speaking in this or the sentence before.
6. ``resolve:description`` — "the company", "the actor": the last body of the class
   (or person with that role) named before, unless a speaker described with the
   same noun is nearer (``resolve:description-same-noun``, also "the nurses"
   long after "a group of nurses").
7. ``resolve:anon-backref`` — "an insider told …", then "the source said".
8. ``resolve:body-spokesman`` — "agency officials", "the company spokesman": the body.
9. ``resolve:role-ahead`` — "a government spokesman said …", then "government
   spokesman Ivo Petrov": the person named with that role just after.

What no rule names stays a description, with the kind its head noun gives
(document, outlet, anonymous, official, organization).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lexicon import ANON_HEADS, DESCRIPTION_CLASS, DOC_HEADS, ROLE_NOUNS, STOP_CAPS
from ..lexicon.data import table, words
from ..rules import declare, rule
from .base import (
    Speaker, _AGE_NOUN, _ANON_BACKREF, _CLASS_KINDS, _DETS, _FEMALE_NOUNS, _GROUP_NAME_RE, _MALE_NOUNS, _NAMED_LATER,
    _PERSON_NOUNS, _PROFILE_NOUNS, _SPOKES_HEADS, _SPOKES_ONLY, _is_cap, _plain_words, _poss, _singular, _unposs,
)

_PRESS_PLURALS = words("resolvers-press-plurals")
_RANK_MODIFIERS = words("resolvers-rank-modifiers")
_GROUP_OPENERS = words("resolvers-group-openers")
#: Words that cannot end a name ("the group Friends of the").
_NAME_JOINERS = frozenset({"for", "of", "and", "the", "&"})
_PEOPLE_NOUNS = _PERSON_NOUNS | _MALE_NOUNS | _FEMALE_NOUNS
_TRADES = _PROFILE_NOUNS | ROLE_NOUNS
_OWNER_PREPS = ("from", "by", "of", "at", "for")


@dataclass(slots=True)
class Desc:
    """A description being resolved: its words and what they already tell."""

    phrase: str
    head: list[str]
    post: list[str]
    s: int
    e: int
    words: list[str]
    last: str          # the head noun, lower case, without a possessive
    det: str           # the first word, lower case
    caps: list[str]    # capitalised words that name something ("a Northwind spokesperson")
    org: str | None    # the body the description belongs to
    display: str       # the name shown when nothing resolves it
    why: list[str] = field(default_factory=list)

    @property
    def short_the(self) -> bool:
        """"the company", "the same group": short, definite, naming nothing itself."""
        return self.det == "the" and len(self.words) <= 3 and not self.caps

    def to(self, name: str, kind: str, role: str | None, *rule_names: str, org: str | None = None) -> Speaker:
        """The description resolved to ``name`` by ``rule_names``."""
        return Speaker(self.phrase, name, kind, role, self.s, self.e, True, org,
                       why=[*self.why, *(r for r in rule_names if r)])


class DescriptionRules:
    """Description resolvers (mixed into ``Attributor``)."""

    def _description(self, phrase: str, head: list[str], post: list[str], s: int, e: int) -> Speaker:
        """The speaker a description names: the first rule that answers, else the description."""
        sp = self._age_noun(phrase, head, s, e)
        if sp is not None:
            return sp
        d = self._desc_context(phrase, head, post, s, e)
        for resolver in _DESC_RULES:
            sp = resolver(self, d)
            if sp is not None:
                return sp
        return _unresolved(d)

    @rule("resolve:age-noun", order=110,
          fires=['Mary Hill, 85, retired this year after decades of teaching. '
                 '"I have no regrets about any of it," the 85-year-old said.'],
          not_on=['Rain fell all day. "I have no regrets about any of it," the 85-year-old said.'])
    def _age_noun(self, phrase: str, head: list[str], s: int, e: int) -> Speaker | None:
        """"the 85-year-old Nobel Peace Prize winner said": a person the article named before."""
        if not (head and head[0].lower() == "the" and any(_AGE_NOUN.fullmatch(w) for w in head[1:3])):
            return None
        found = self._profile_person(s)
        if found is None:
            return None
        p, via = found
        return Speaker(phrase, p.name, "person", p.role or self.reg.roles.get(p.name), s, e, True,
                       why=["resolve:age-noun", via])

    def _desc_context(self, phrase: str, head: list[str], post: list[str], s: int, e: int) -> Desc:
        """What the words of a description tell before any look-up: head noun, owner."""
        ws = head
        if len(ws) == 4 and ws[0].lower() == "the" and ws[2] == "and" and {ws[1].lower(), ws[3].lower()} <= _TRADES:
            ws = [ws[0], ws[3]]  # "the singer and guitarist": one person, two trades
        det = ws[0].lower()
        caps = [w for w in ws if _is_cap(w) and w not in STOP_CAPS]
        org = None
        # the body the description belongs to: "a Northwind spokesperson", "a spokesperson for X"
        if caps:
            body = [w for w in ws[1:-1] if w.lower() not in _DETS] if det in _DETS else ws[:-1]
            org = " ".join(w.rstrip(",.").replace("’s", "").replace("'s", "") for w in body) or None
        elif post:
            own = self._owner(post, s)
            if own is not None:
                org = own.name
        d = Desc(phrase, head, post, s, e, ws, _unposs(ws[-1].lower().rstrip(",.")), det, caps, org, phrase)
        self._spokesperson_body(d)
        return d

    @rule("resolve:group-named-later", order=120,
          fires=['A group of teachers wrote: "We need more room for the pupils." '
                 'The letter came from the group Harbor Tutors Union.'],
          not_on=['A group of teachers wrote: "We need more room for the pupils."'])
    def _group_named_later(self, d: Desc) -> Speaker | None:
        """"A group of teachers … the group Harbor Tutors": the body the article names later."""
        if d.caps or d.det not in ("a", "an") or d.last not in _NAMED_LATER or len(d.words) > 3:
            return None
        named = _GROUP_NAME_RE[d.last].search(self.text, d.e, min(len(self.text), d.e + 2500))
        if named is None:
            return None
        nw = named.group(1).split()
        while nw and nw[-1] in _NAME_JOINERS:
            nw.pop()
        if len(nw) < 2:
            return None
        self.aliases.setdefault(d.phrase, " ".join(nw))
        return d.to(" ".join(nw), "organization", None, "resolve:group-named-later")

    @rule("resolve:spokesperson-body", order=130,
          fires=['Northwind Energy did not accept the offer. A spokesperson said: "We are still studying the terms."'],
          not_on=['The offer was not accepted. A spokesperson said: "We are still studying the terms."'])
    def _spokesperson_body(self, d: Desc) -> None:
        """"Acme did not accept the offer. A spokesperson said …": the body the sentence
        speaks about owns the description, which keeps its words with the body named."""
        if d.org is not None or d.det not in ("a", "an") or d.last not in _SPOKES_ONLY or len(d.words) > 3:
            return
        body = self._speaking_body(d.s)
        if body is None:
            return
        d.org = body.name
        art = "an" if body.name[:1] in "AEIOU" else "a"
        d.display = " ".join([art, body.name] + d.words[1:])
        d.why.append("resolve:spokesperson-body")

    @rule("resolve:described-again", order=140,
          fires=['"Water is short," said a resident of Yasuj. The Yasuj resident added: "We queue for hours each day."'],
          not_on=['"Water is short," said a resident of Shiraz. The Yasuj resident added: "We queue for hours each day."'])
    def _described_again(self, d: Desc) -> Speaker | None:
        """"the Yasuj resident" after "a resident of Yasuj": the person described before."""
        if not (d.det == "the" and d.caps and len(d.words) <= 4 and not _is_cap(d.words[-1])
                and d.last in _PEOPLE_NOUNS):
            return None
        mods = _plain_words(d.words[1:-1]) - _DETS
        for ev in reversed(self.events[-15:]):
            sp = ev.speaker
            if sp is None or sp.start < d.s - 4000 or not sp.resolved or sp.kind != "anonymous":
                continue
            pw = _plain_words(sp.name.split())
            if d.last in pw and mods <= pw:
                return d.to(sp.name, sp.kind, sp.role, "resolve:described-again", org=sp.org)
        return None

    @rule("resolve:introduced-as", order=145,
          fires=['Dale Ortiz of Fort Worth, an Air Force veteran, was unsure. "I have not decided," the Air Force veteran said.'],
          not_on=['Dale Ortiz of Fort Worth was unsure. "I have not decided," the Air Force veteran said.'])
    def _introduced_as(self, d: Desc) -> Speaker | None:
        """Vox pops: "Dale Ortiz, an Air Force veteran, … the Air Force veteran said": the person
        the article introduced with those words (the nearest such introduction before)."""
        if d.det != "the" or len(d.words) < 2 or len(d.words) > 5 or d.last not in ROLE_NOUNS and not _is_cap(d.words[-1]):
            return None
        lo = max(0, d.s - 1500)
        if self.text.find(d.words[-1], lo, d.s) < 0:
            return None  # no introduction without its last word (and no pattern to compile for it)
        intro = None
        for intro in _introduction_re(d.words[1:]).finditer(self.text, lo, d.s):
            pass
        if intro is None:
            return None
        person = next((m for m in reversed(self.reg.between(max(lo, intro.start() - 120), intro.start()))
                       if m.kind == "person"), None)
        if person is None or "." in self.text[person.end:intro.start()].replace(".,", ""):
            return None
        return d.to(person.name, "person", d.phrase[4:], "resolve:introduced-as")

    @rule("resolve:demonym", order=146,
          fires=['Maria Lopez, a nurse from Austin, Texas, had waited for hours. "It was chaos," the Texan said.',
                 'Jim Beale, 54, of Tulsa, said the lines were long. "I gave up," the Oklahoman said.'],
          not_on=['"It was chaos," the Texan said.',
                  'Jim Beale, 54, of Tulsa, said the lines were long. "I gave up," the Senator said.'])
    def _demonym(self, d: Desc) -> Speaker | None:
        """Vox pops: "Maria Lopez, a nurse from Austin, Texas … the Texan said": a person called
        by where they are from is the one introduced from there, else the person just introduced
        with a hometown ("Jim Beale, of Tulsa"). (Capitalised, "the Texan" reaches this from the
        name rules: see ``resolvers._named``.)"""
        places = DEMONYMS.get(d.phrase[4:]) if d.det == "the" else None
        if not places:
            return None
        lo = max(0, d.s - 1500)
        people = [m for m in self.reg.between(lo, d.s) if m.kind == "person"]
        for m in reversed(people):
            intro = self.text[m.end:min(d.s, m.end + 160)]
            if any(p in intro for p in places):
                return d.to(m.name, "person", d.phrase[4:], "resolve:demonym")
        if people and _HOMETOWN_AFTER.match(self.text, people[-1].end):
            return d.to(people[-1].name, "person", d.phrase[4:], "resolve:demonym")
        return None

    @rule("resolve:description-subject", order=150,
          fires=['Northwind Energy said prices would rise. The company said: "Costs have doubled since winter."'],
          not_on=['Prices would rise. The company said: "Costs have doubled since winter."'])
    def _description_subject(self, d: Desc) -> Speaker | None:
        """"Acme said … The company said": a body of that class speaking in this or the
        previous sentence is who the description points back to."""
        cls = DESCRIPTION_CLASS.get(d.last)
        if not d.short_the or cls is None:
            return None
        near = self._recent_subject(cls, d.last, d.s)
        if near is None:
            return None
        return d.to(near.name, near.kind, near.role, "resolve:description-subject", org=near.org)

    @rule("resolve:description", order=160,
          fires=['Northwind Energy opened a plant in May. Prices rose. The company said: "Costs have doubled since winter."'],
          not_on=['Prices rose in May. The company said: "Costs have doubled since winter."'])
    def _description_back(self, d: Desc) -> Speaker | None:
        """"the group", "the actor": the last body of the class (person with the role) named
        before; a speaker described with the same noun wins when nearer
        (``resolve:description-same-noun``)."""
        if not d.short_the:
            return None
        same = self._same_noun_speaker(d)
        target = self._resolve_description(d.last, d.s)
        if same is None and target is None and _singular(d.last) != d.last:
            # "the nurses" long after "a group of nurses": a plural of people
            far = self._noun_speakers.get(d.last)
            if far is not None and far.name.lower() != d.phrase.lower():
                same = far
        if same is not None and (target is None or target[3] < same.start):
            return d.to(same.name, same.kind, same.role, "resolve:description-same-noun", org=same.org)
        if target is not None:
            return d.to(target[0], target[1], target[2], "resolve:description", target[4])
        return None

    declare("resolve:description-same-noun", order=165,
            fires=['"Beds are full," a nurse at the hospital said on Monday. "We need more staff," the nurse said.'],
            not_on=['"Beds are full," a doctor said on Monday. "We need more staff," the nurse said.'],
            doc="The last speaker described with the same noun, when nearer than any body or person "
                "of that class (decided in ``_description_back``).")

    def _same_noun_speaker(self, d: Desc) -> Speaker | None:
        """The last speaker described with the same noun (and the words that say which one:
        "the Yasuj resident" after "a resident of Yasuj", not "of Shiraz")."""
        mods = _plain_words(d.words[1:-1]) - _DETS - {"same", "other"}
        mods |= _plain_words(w for w in d.post if _is_cap(w))  # "the resident of Yasuj"
        for ev in reversed(self.events[-15:]):
            sp = ev.speaker
            if sp is None or sp.start < d.s - 4000 or not sp.resolved or sp.phrase.lower() == d.phrase.lower():
                continue
            hw = [_unposs(w.lower().strip(",.")) for w in sp.phrase.split()[:5]]
            if d.last in hw and sp.kind != "pronoun":
                if mods and not mods <= _plain_words((sp.name + " " + sp.phrase).split()):
                    continue
                return sp
        return None

    @rule("resolve:anon-backref", order=170,
          fires=['"The deal is close," an insider told reporters. The source added: "Only the price is open now."'],
          not_on=['"The deal is close," Dana Hill told reporters. The source added: "Only the price is open now."'])
    def _anon_backref(self, d: Desc) -> Speaker | None:
        """"an insider told …" then "the source said": the anonymous speaker before."""
        if not d.short_the or d.last not in _ANON_BACKREF:
            return None
        for ev in reversed(self.events[-15:]):
            sp = ev.speaker
            if sp is None or sp.start < d.s - 4000:
                continue
            if sp.kind == "anonymous" and sp.resolved and sp.phrase.lower() != d.phrase.lower() \
                    and sp.phrase.split()[0].lower() not in _GROUP_OPENERS:
                return d.to(sp.name, sp.kind, sp.role, "resolve:anon-backref", org=sp.org)
        return None

    @rule("resolve:body-spokesman", order=180,
          fires=['Northwind Energy raised prices in May. "Costs have doubled since winter," company officials said.'],
          not_on=['Prices rose in May. "Costs have doubled since winter," company officials said.'])
    def _body_spokesman(self, d: Desc) -> Speaker | None:
        """"agency officials", "the company spokesman": they speak for the body named before."""
        if d.caps or len(d.words) < 2 or d.last not in _SPOKES_HEADS or d.words[-2].lower() not in DESCRIPTION_CLASS:
            return None
        target = self._resolve_description(d.words[-2].lower(), d.s)
        if target is None or target[1] == "person":
            return None
        return d.to(target[0], target[1], d.phrase, "resolve:body-spokesman", target[4], org=target[0])

    @rule("resolve:role-ahead", order=190,
          fires=['"We regret the delay," a government spokesman said. Government spokesman Ivo Petrov '
                 'later called the delay short.'],
          not_on=['"We regret the delay," a government spokesman said. Ivo Petrov later called the delay short.'])
    def _role_ahead_rule(self, d: Desc) -> Speaker | None:
        """"a Japanese government spokesman said …" then "government spokesman X said": the
        person named with all those role words just after."""
        if not ((d.det in ("a", "an", "the") or _poss(d.words[0]) and len(d.words) <= 3) and d.last in ROLE_NOUNS):
            return None
        want = [_unposs(w.lower()) for w in d.words[1:] if w.lower() in ROLE_NOUNS and not _poss(w)
                and w.lower() not in _RANK_MODIFIERS]
        want = ["prime" if w == "premier" else w for w in want]
        r = self._role_ahead(want, d.e)
        if r is None:
            return None
        return d.to(r.name, "person", r.role, "resolve:role-ahead")

    # ---- look-ups the rules share -------------------------------------------------------
    def _owner(self, post: list[str], s: int) -> Speaker | None:
        """"a spokesperson for Acme", "a report from Harbor University": the body after the noun."""
        if not post or post[0].lower() not in _OWNER_PREPS:
            return None
        rest = [w for w in post[1:] if w.lower() != "the"]
        if not rest or not _is_cap(rest[0]):
            return None
        run = []
        for w in rest:
            if not (_is_cap(w) or w in ("of", "for", "and", "&")):
                break
            run.append(w.rstrip(",."))
        name, kind = self.reg.resolve_name(" ".join(run))
        return Speaker(" ".join(run), name, kind if kind != "unknown" else "organization", None, s, s, True)

    def _speaking_body(self, pos: int) -> Speaker | None:
        """The named body that is the subject of this sentence (before ``pos``) or the one
        before: whom an unattached "a spokesperson" speaks for."""
        if self._body_lookup:
            return None
        self._body_lookup = True
        try:
            for a, b in self._subject_spans(pos):
                sub = self._sentence_subject(a, b)
                if sub is not None and sub.kind in ("organization", "official", "agency") and sub.resolved \
                        and _is_cap(sub.name[:1]) and sub.name.split()[0].lower() not in _DETS:
                    return sub
            return None
        finally:
            self._body_lookup = False

    def _subject_spans(self, pos: int) -> list[tuple[int, int]]:
        """This sentence up to ``pos``, then the one before when in the same or previous paragraph."""
        si = self.seg.sent_index(pos)
        ss = self.seg.sentence_bounds(si)[0]
        spans = []
        if pos - ss > 2:
            spans.append((ss, pos))
        if si > 0:
            ps, pe = self.seg.sentence_bounds(si - 1)
            if self.seg.para_index(ps) >= self.seg.para_index(ss) - 1:
                spans.append((ps, pe))
        return spans

    def _resolve_description(self, noun: str, pos: int) -> tuple[str, str, str | None, int, str] | None:
        """(name, kind, role, start, rule) of what ``noun`` last referred to before ``pos``; the
        rule names how the person a profile noun stands for was found ("" otherwise)."""
        cls = DESCRIPTION_CLASS.get(noun)
        if cls is not None:
            return self._class_mention(cls, noun, pos)
        aged = _AGE_NOUN.fullmatch(noun) is not None
        if noun not in ROLE_NOUNS and noun not in _PROFILE_NOUNS and not aged:
            return None
        r = self._role_back([noun], pos) if not aged else None
        if r is not None:
            return r.name, "person", r.role, r.start, ""
        if noun in _PROFILE_NOUNS or aged:
            found = self._profile_person(pos)
            if found is not None:
                p, via = found
                return p.name, "person", p.role or self.reg.roles.get(p.name), p.start, via
        return None

    def _class_mention(self, cls: str, noun: str, pos: int) -> tuple[str, str, str | None, int, str] | None:
        """The last body of description class ``cls`` named in the 4,000 characters before."""
        lo = max(0, pos - 4000)
        accept = _CLASS_TESTS[cls]
        for m in reversed(self._orgs[bisect_left(self._ostarts, lo):bisect_left(self._ostarts, pos)]):
            if accept(m, noun):
                return m.name, m.kind if m.kind != "place" else "official", None, m.start, ""
        return None

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


def _official_match(m, noun: str) -> bool:
    return m.kind == "official" and (noun.capitalize() in m.name or noun in ("government", "authorities"))


#: Which named bodies a description class may point back to.
_CLASS_TESTS: dict[str, Callable[..., bool]] = {
    "outlet": lambda m, noun: m.kind == "outlet",
    "agency": lambda m, noun: m.kind in ("agency", "official") or "Agency" in m.name or "Administration" in m.name
    or m.name.isupper(),
    "organization": lambda m, noun: m.kind == "organization" and m.name != "GDP",
    "official": _official_match,
}


def _description_kind(d: Desc) -> str:
    """The kind an unresolved description's head noun gives it."""
    last, det = d.last, d.det
    if last in DOC_HEADS:
        return "document"
    if last in _PRESS_PLURALS or DESCRIPTION_CLASS.get(last) == "outlet":
        return "outlet"
    if last in ANON_HEADS or (last in _PEOPLE_NOUNS and det in ("a", "an", "one", "another")):
        return "anonymous"
    if last in DESCRIPTION_CLASS:
        if not d.caps and det in ("a", "an"):
            return "anonymous"
        return "official" if DESCRIPTION_CLASS[last] == "official" else "organization"
    if last in ROLE_NOUNS:
        return "anonymous"
    sg = _singular(last)
    if DESCRIPTION_CLASS.get(sg) in ("organization", "outlet") or sg in ROLE_NOUNS:
        # "advocacy groups say", "GOP legislative leaders said": a plural of a body or a role
        return DESCRIPTION_CLASS.get(sg, "anonymous")
    return "description"


def _unresolved(d: Desc) -> Speaker:
    """The description as its own speaker, resolved only in kind."""
    kind = _description_kind(d)
    return Speaker(d.phrase, d.display, kind, None, d.s, d.e, kind != "description", d.org, why=list(d.why))


#: The description rules after the age noun, in order (``resolve:spokesperson-body`` runs
#: while the description's context is built).
#: Demonym -> the place names an introduction gives for it ("Texan": Texas, Tex.).
DEMONYMS: dict[str, list[str]] = table("resolve-demonyms")["demonyms"]
#: A hometown right after a name: "Jim Beale, 54, of Tulsa", "Anna Berg, a teacher from Oslo".
_HOMETOWN_AFTER = re.compile(r",[ \t]*(?:[0-9]{1,3},[ \t]*)?(?:an?[ \t]+(?:[\w-]+[ \t]+){1,3}?)?(?:of|from)[ \t]+[A-Z]")


def _introduction_re(words: list[str]) -> re.Pattern[str]:
    """"an Air Force veteran", "a proud Texan": the words of a description as an introduction."""
    return re.compile(r"\b(?:a|an)\s+(?:[\w'’-]+\s+){0,3}?" + r"\s+".join(map(re.escape, words)) + r"\b")


_DESC_RULES: tuple[Callable[[DescriptionRules, Desc], Speaker | None], ...] = (
    DescriptionRules._group_named_later,
    DescriptionRules._described_again,
    DescriptionRules._introduced_as,
    DescriptionRules._description_subject,
    DescriptionRules._description_back,
    DescriptionRules._anon_backref,
    DescriptionRules._body_spokesman,
    DescriptionRules._role_ahead_rule,
)
