"""Resolvers: who a name, title, document or profile noun refers to.

The resolvers are split by what they resolve: ``resolve_pronouns`` ("he",
"she", "it", "they"), ``resolve_descriptions`` ("the company", "a spokesperson",
"the 56-year-old") and this module, for capitalised phrases and documents.
``ResolverRules`` combines them. Rules here, in order:

1. ``resolve:outlet-head`` — "the Times", "the Post": the outlet of that name the
   article cited before.
2. ``resolve:outlet-alias`` — "The Financial Times": a known outlet by any of its names.
3. A person-like name: a person, ``resolve:surname`` when the registry completes the
   name ("Tolland" after "Kevin Tolland"); a paper when its last word says so and the
   registry knows nothing of it ("the Harbor Courier"), or the body the registry knows.
4. ``resolve:title`` — "the President", "The Premier": the person named with that role before.
5. Anything else capitalised is the body of that name (kind from the registry, or
   guessed from its words).

And for documents, asked by the speaker-phrase rules:

- ``resolve:statement-issuer`` — "the statement read": who made the statement
  in the sentences before ("Acme said in a statement", "Acme issued a statement").
- ``resolve:document-author`` — "That report found": the body the sentence before
  credits with the work ("findings by the Audit Office").

People the passage is about, used by the description rules: the opener of a
recent sentence, the protagonist (``resolve:protagonist``: named most, clearly
ahead of anyone else) and the person the article opens with.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..entities import _OFFICE_OWNERS, _name_like, split_title
from ..gazetteer import ALIAS_TO_CANON, OUTLETS
from ..lexicon import FIRST_NAMES, HONORIFICS, NATIONALITIES, PLACES, STOP_CAPS, TITLE_WORDS
from ..lexicon.data import words
from ..rules import declare, rule
from .base import (
    Speaker, _ANOTHER_RE, _BY_BEFORE, _DOC_WORD_RE, _ISSUER_KINDS, _MEDIA_WORDS, _OUTLET_HEADS, _is_cap, _poss,
    _role_words, _unposs,
)
from .resolve_descriptions import DEMONYMS, DescriptionRules
from .resolve_pronouns import PronounRules
from .titles import TITLED_HOLDER, titled_holder

_OFFICIAL_WORDS = words("resolvers-official-words")
#: Lower-case words inside a name ("Bank of England", "Ludwig van Beethoven").
_NAME_PARTICLES = words("resolvers-name-particles")
#: Words that cannot start a name run ("the", "of" left over from "the Bank of").
_RUN_LEADS = ("of", "for", "and", "&", "the")
_CONNECTORS = ("of", "for", "and", "&")
_TITLE_POST = ("for", "of", "on", "and", "the", "&")


@dataclass(slots=True)
class Named:
    """A capitalised speaker phrase split into role words, the name run and what follows."""

    phrase: str
    head: list[str]
    post: list[str]
    s: int
    e: int
    pre: list[str]      # role words before the name ("a Northwind engineer")
    run: list[str]      # the capitalised run
    title: list[str]    # titles opening the run ("Gov.", "Prime Minister")
    name: list[str]     # the rest of the run: the name proper

    @property
    def run_s(self) -> str:
        return " ".join(self.run)


class ResolverRules(PronounRules, DescriptionRules):
    """Resolvers: who a name, title, pronoun, description or document refers to."""

    # ---- documents ---------------------------------------------------------------------
    @rule("resolve:document-author", order=310,
          fires=['The findings were published by the Harbor Audit Office on Monday. '
                 'That report found "serious gaps in the accounts of the port".'],
          not_on=['The findings were published on Monday. That report found "serious gaps in the accounts of the port".'])
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
                return Speaker(m.surface or m.name, m.name, m.kind, None, m.start, m.end,
                               why=["resolve:document-author"])
        return None

    @rule("resolve:statement-issuer", order=320,
          fires=['Northwind Energy issued a statement on Monday. "We regret the outage deeply," the statement read.'],
          not_on=['A statement appeared on Monday. "We regret the outage deeply," the statement read.'])
    def _statement_issuer(self, noun: str, pos: int) -> Speaker | None:
        """Who issued "the statement": the subject that made one in the sentences before.

        "Acme said in a statement …" / "Acme issued a statement …" / "In a statement,
        Acme said …", then "the statement read" / "the statement continued". The first
        sentence back that mentions the document decides (or finds nobody)."""
        word = _DOC_WORD_RE.get(noun) or re.compile(r"\b" + re.escape(noun) + r"s?\b", re.I)
        si = self.seg.sent_index(pos)
        floor = max(0, pos - 3000)
        for k in range(si, max(-1, si - 8), -1):
            ss, se = self.seg.sentence_bounds(k)
            if se < floor:
                break
            w = self._unquoted(word, max(ss, floor), min(se, pos) if k == si else se)
            if w >= 0:
                sp = self._issuer_in(ss, se, w)
                return None if sp is None else replace(sp, why=["resolve:statement-issuer"])
        return None

    def _unquoted(self, word: re.Pattern, lo: int, hi: int) -> int:
        """Where ``word`` first occurs outside quotations between ``lo`` and ``hi`` (-1: nowhere)."""
        for hm in word.finditer(self.text, lo, hi):
            if not self._in_quote(hm.start()):
                return hm.start()
        return -1

    def _issuer_in(self, ss: int, se: int, w: int) -> Speaker | None:
        """Who made the document mentioned at ``w`` in the sentence ``ss``–``se``."""
        issuing = [ev for ev in self.events[-40:] if ss <= ev.start < se and ev.speaker is not None
                   and ev.speaker.resolved and ev.speaker.kind in _ISSUER_KINDS]
        # a speaker whose own phrase is the document, already resolved ("the statement read")
        for ev in reversed(issuing):
            if ev.speaker.start <= w < ev.speaker.end + 1:
                return ev.speaker
        # "Acme said in a statement": the cue before the noun speaks
        for ev in reversed(issuing):
            if ev.start < w and ev.speaker.end <= w:
                return ev.speaker
        sub = self._sentence_subject(ss, w)
        if sub is not None and sub.resolved and sub.kind in _ISSUER_KINDS and sub.end <= w:
            return sub
        return issuing[0].speaker if issuing else None  # "In a statement, Acme said …"

    # ---- capitalised phrases -------------------------------------------------------------
    def _named(self, head: list[str], post: list[str], s: int, e: int, phrase: str) -> Speaker:
        """The speaker a capitalised phrase names: the first rule that answers, else a body."""
        if phrase[:4] in ("the ", "The ") and phrase[4:] in DEMONYMS:  # "the Texan": a person from there
            sp = self._demonym(self._desc_context(phrase, head, post, s, e))
            if sp is not None:
                return sp
        n = self._split_named(head, post, s, e, phrase)
        for resolver in _NAMED_RULES:
            sp = resolver(self, n)
            if sp is not None:
                return sp
        return self._named_body(n)

    def _split_named(self, head: list[str], post: list[str], s: int, e: int, phrase: str) -> Named:
        """Role words (lower-case, determiners) apart from the capitalised name run."""
        k = len(head)
        while k > 0 and (_is_cap(head[k - 1]) or head[k - 1] in _NAME_PARTICLES and k - 2 >= 0 and _is_cap(head[k - 2])):
            k -= 1
        pre = [w for w in head[:k] if w.lower() not in ("a", "an", "the") and w not in STOP_CAPS]
        run = head[k:]
        while run and run[0] in _RUN_LEADS:
            run = run[1:]
        run, post = self._person_of_place(run, post)
        pre, run = _possessor_to_role(pre, run)
        run = [_unposs(w) if i == len(run) - 1 else w for i, w in enumerate(run)]
        title, name = split_title(run)
        if len(name) >= 3 and not self._person_like(name):
            # "Harbor FC QB Dana Hill": the registry found the person at the end of the run
            for m in (3, 2):
                if len(name) > m and " ".join(name[-m:]) in self.reg.persons:
                    title, name = title + name[:-m], name[-m:]
                    break
        return Named(phrase, head, post, s, e, pre, run, title, name)

    def _person_of_place(self, run: list[str], post: list[str]) -> tuple[list[str], list[str]]:
        """"Dana Hill of Springfield", "Dana Hill of Orion's lab": a person and where they are
        from (the "of" part moves after the name)."""
        if "of" not in run[1:]:
            return run, post
        j = run.index("of", 1)
        left = split_title(run[:j])[1]
        if left and (left[0] in FIRST_NAMES or " ".join(left) in self.reg.persons) and self._person_like(left):
            return run[:j], run[j:] + post
        return run, post

    @rule("resolve:outlet-head", order=210,
          fires=['The New York Times reported the merger on Monday. "Two bids remain on the table," the Times said.'],
          not_on=['The merger was reported on Monday. "Two bids remain on the table," the Times said.'])
    def _outlet_head(self, n: Named) -> Speaker | None:
        """"the Times", "the Post": the outlet of that name the article cited before."""
        if len(n.run) != 1 or n.run[0] not in _OUTLET_HEADS:
            return None
        lo = bisect_left(self._ostarts, max(0, n.s - 6000))
        for m in reversed(self._orgs[lo:bisect_left(self._ostarts, n.s)]):
            if m.kind in ("outlet", "agency") and m.name.endswith(n.run[0]):
                return Speaker(n.phrase, m.name, m.kind, None, n.s, n.e, why=["resolve:outlet-head"])
        return None

    @rule("resolve:outlet-alias", order=220,
          fires=['"The figures are wrong," the BBC reported on Monday evening.'],
          not_on=['"The figures are wrong," the Harbor Bugle reported on Monday evening.'])
    def _outlet_alias(self, n: Named) -> Speaker | None:
        """"The Financial Times", "the BBC": a known outlet or agency by any of its names."""
        run_s = n.run_s
        canon = ALIAS_TO_CANON.get(run_s) or ALIAS_TO_CANON.get(run_s[4:] if run_s.startswith("The ") else "")
        if not canon:
            return None
        return Speaker(n.phrase, canon, OUTLETS[canon][0], " ".join(n.pre) or None, n.s, n.e,
                       why=["resolve:outlet-alias"])

    def _named_person(self, n: Named) -> Speaker | None:
        """A person-like name: the person (registered with the role), an outlet named like a
        paper, or the body the registry knows by that one word."""
        if not (n.name and self._person_like(n.name)):
            return None
        written = " ".join(n.name)
        full, kind = self.reg.resolve_name(written)
        role = " ".join(n.pre + n.title) or None
        if kind not in ("person", "unknown", "person?"):
            return Speaker(n.phrase, full, kind, role, n.s, n.e)  # a single known org word: keep its kind
        if n.post and not role:
            role = " ".join(n.post)
        real_title = [t for t in n.title if t not in NATIONALITIES and t not in STOP_CAPS]  # "the Somali Shabaab": no title
        if kind == "unknown" and len(n.name) >= 2 and n.name[-1] in _MEDIA_WORDS and n.name[0] not in FIRST_NAMES \
                and not real_title and full not in self.reg.persons:
            return Speaker(n.phrase, full, "outlet", None, n.s, n.e)  # "the Harbor Courier": a paper
        if kind == "unknown" and len(n.name) == 1 and not real_title and not self.reg.roles.get(full):
            kind = self._guess_kind(full)
        else:
            kind = "person"
            role = self._register_person(full, role)
        why = ["resolve:surname"] if kind == "person" and full != written and len(n.name) == 1 else []
        return Speaker(n.phrase, full, kind, role, n.s, n.e, why=why)

    declare("resolve:surname", order=230,
            fires=['Kevin Tolland runs the port. "Trade is growing," Tolland said.'],
            not_on=['"Trade is growing," Kevin Tolland said.'],
            doc="A surname alone is the person the article named in full (decided in ``_named_person``).")

    def _register_person(self, full: str, role: str | None) -> str | None:
        """Note a person (and their role) for later look-ups; their role, known or noted."""
        if len(full.split()) >= 2:
            self.reg.persons.setdefault(full, role or "")
            self.reg.surname.setdefault(full.split()[-1], full)
        if role:
            self.reg.roles.setdefault(full, role)
            return role
        return self.reg.roles.get(full) or None

    @rule("resolve:title", order=240,
          fires=['President Mary Hill visited the port on Monday. "Trade is growing," the President said.'],
          not_on=['The port was busy on Monday. "Trade is growing," the President said.'])
    def _title_alone(self, n: Named) -> Speaker | None:
        """"the President", "The Premier": the person named with that role before; a title
        with nobody behind it stays an unresolved description."""
        if n.name:
            return None
        title, run = n.title, n.run
        if run and run[0] == "The" and len(run) > 1:
            title2, name2 = split_title(run[1:])
            if not name2 and title2:
                title = title2
        if not title or not all(t in TITLE_WORDS or t in HONORIFICS or t in NATIONALITIES or (i == 0 and t == "The")
                                for i, t in enumerate(run)):
            return None
        r = titled_holder(self.text, self.reg.mentions, title, n.s)
        if r is not None:
            return Speaker(n.phrase, r.name, "person", " ".join(n.head), n.s, n.e, why=["resolve:title", TITLED_HOLDER])
        r = self._role_back(title, n.s)
        if r is not None:
            return Speaker(n.phrase, r.name, "person", " ".join(n.head), n.s, n.e, why=["resolve:title"])
        return Speaker(n.phrase, n.phrase, "description", None, n.s, n.e, False)

    def _named_body(self, n: Named) -> Speaker:
        """An organisation or place by its name ("High Commissioner for Human Rights" whole)."""
        run_s = n.run_s
        post = n.post
        if post and post[0].lower() in ("for", "of", "on") and all(_is_cap(w) or w.lower() in _TITLE_POST for w in post):
            run_s = run_s + " " + " ".join(post)
        full, kind = self.reg.resolve_name(run_s)
        if kind in ("unknown", "person?"):
            kind = self._guess_kind(full)
        return Speaker(n.phrase, full, kind, " ".join(n.pre) or None, n.s, n.e)

    # ---- people a passage is about ---------------------------------------------------------
    def _guess_kind(self, name: str) -> str:
        parts = name.split()
        if all(w in PLACES or w in NATIONALITIES for w in parts):
            return "place"
        if any(w in _OFFICIAL_WORDS for w in parts):
            return "official"
        return self.reg.kinds.get(name, "organization") if self.reg.kinds.get(name) not in (None, "unknown", "person?") else "organization"

    def _person_like(self, name: list[str]) -> bool:
        if not _name_like(name):
            return False
        n = " ".join(name)
        if n in self.reg.persons or n in self.reg.surname:
            return True
        k = self.reg.kinds.get(n)
        if k in ("organization", "official", "outlet", "agency", "place"):
            return False
        return True

    def _profile_person(self, pos: int) -> tuple[object, str] | None:
        """The person a passage is about, with the rule that found them: the opener of a
        recent sentence, else the protagonist, else the person the article opens with."""
        for find, name in ((self._recent_person_subject, "resolve:sentence-opener"),
                           (self._protagonist, "resolve:protagonist"), (self._lede_subject, "resolve:lede-subject")):
            m = find(pos)
            if m is not None:
                return m, name
        return None

    @rule("resolve:lede-subject", order=430,
          fires=['Kim Tolland has agreed to lead the club. Fans cheered at the news on Monday. The club later '
                 'thanked Kim Tolland. Tickets sold out quickly. Prices rose. The stadium was full. '
                 '"I am ready for this club," the 56-year-old said.'],
          not_on=['Fans cheered at the news on Monday. The club later thanked Kim Tolland. Tickets sold out '
                  'quickly. Prices rose. The stadium was full. "I am ready for this club," the 56-year-old said.'])
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

    @rule("resolve:sentence-opener", order=410,
          fires=['Mary Hill, 85, retired this year after decades of teaching. '
                 '"I have no regrets about any of it," the 85-year-old said.'],
          not_on=['Rain fell all day. "I have no regrets about any of it," the 85-year-old said.'])
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

    @rule("resolve:protagonist", order=420,
          fires=['Critics praise Kim Tolland. Fans adore the films of Kim Tolland. The studio signed Kim Tolland '
                 'in May. Sales rose. Reviews were kind. The premiere sold out. "I love this work," the actor said.'],
          not_on=['Critics praise Kim Tolland. Sales rose. Reviews were kind. The premiere sold out. '
                  '"I love this work," the actor said.'])
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


def _possessor_to_role(pre: list[str], run: list[str]) -> tuple[list[str], list[str]]:
    """"Acme's chief Dana Hill": the possessor is part of the role (but "Britain's Prime
    Minister" keeps the office's owner in the title)."""
    for idx in range(len(run) - 2, -1, -1):
        if _poss(run[idx]) and not (_unposs(run[idx]) in _OFFICE_OWNERS and _is_cap(run[idx + 1])):
            return pre + run[:idx + 1], run[idx + 1:]
    return pre, run


#: The capitalised-phrase rules, in order; what none answers is a body (``_named_body``).
_NAMED_RULES: tuple[Callable[[ResolverRules, Named], Speaker | None], ...] = (
    ResolverRules._outlet_head,
    ResolverRules._outlet_alias,
    ResolverRules._named_person,
    ResolverRules._title_alone,
)
