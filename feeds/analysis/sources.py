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
"""

from __future__ import annotations

import re

from .entities import Registry
from .gazetteer import OUTLETS, lookup
from .model import Quote, Source
from .attribution.base import _MEDIA_WORDS, CueEvent, Speaker, name_before_period
from .speakers import Attributor

__all__ = ["build_sources"]

_OFFICIAL_ROLES = {
    "minister", "president", "secretary", "spokesman", "spokeswoman", "spokesperson", "governor",
    "senator", "ambassador", "official", "administrator", "mayor", "commissioner", "envoy",
    "chancellor", "premier", "representative", "congressman", "congresswoman", "rep.", "sen.",
    "gov.", "lawmaker", "negotiator", "prosecutor", "judge", "general", "commander", "diplomat",
    "sheriff", "attorney", "deputy", "adviser", "advisor", "chief", "head", "director", "king",
    "queen", "prince", "leader", "chairman", "officer", "council", "parliament", "minister",
}
_SPOKES = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative",
           "representatives", "spokesmen", "spokeswomen"}
_SKIP_NAMES = {"he", "she", "they", "it", "we", "i", "you", "us", "this", "that", "there"}
_SOURCEY = re.compile(
    r"\b(?:sources?|officials?|people|persons?|report|reports|data|documents?|statement|study|survey|"
    r"analysts?|experts?|media|press|according|figures|statistics|filings?|records?|police|authorities|"
    r"spokes\w+|representatives?|agency|ministry|department|office|government|"
    r"researchers?|scientists?|economists?|diplomats?|insiders?|witnesses|residents)\b", re.I)


#: "<owner>'s source(s) …": an anonymous source introduced through whoever has it.
_POSS_ANON = re.compile(r"(.+?)['’]s\s+((?:[a-z]+\s+){0,2}(?:sources?|insiders?|contacts?|informants?)\b.*)$")


_LEAD_DET = re.compile(r"^(?:the|a|an)\s+")
_POSS_S = re.compile(r"'s\b")
_KEY_WORD = re.compile(r"[\w&.-]+")


def _key(name: str) -> str:
    n = name.lower().replace("’", "'")
    n = _LEAD_DET.sub("", n)
    n = _POSS_S.sub("", n)
    return " ".join(_KEY_WORD.findall(n))


def _kind_of(sp: Speaker) -> str:
    k = sp.kind
    if k == "person":
        role = (sp.role or "").lower()
        if any(w.strip(",.") in _OFFICIAL_ROLES for w in role.split()):
            return "official"
        return "person"
    if k == "place":
        return "official"
    if k == "organization" and len(sp.name.split()) >= 2 and sp.name.split()[-1] in _MEDIA_WORDS:
        return "outlet"  # "Top Gear Magazine", "the Harbor Courier"
    if k in ("organization", "official", "outlet", "agency", "anonymous", "document"):
        return k
    return "anonymous"


def build_sources(text: str, reg: Registry, att: Attributor, quotes: list[Quote]) -> list[Source]:
    out: dict[str, Source] = {}
    order: list[str] = []
    seen_spans: dict[str, set] = {}

    def add(name: str, kind: str, span: tuple[int, int] | None) -> Source | None:
        name = re.sub(r"\s+", " ", name).strip(" ,.;:")
        if name in att.aliases or name.lower() in att.aliases:  # a description the article later names
            name = att.aliases.get(name) or att.aliases[name.lower()]
            kind = "organization" if kind == "anonymous" else kind
        if not name or name.lower() in _SKIP_NAMES:
            return None
        k = _key(name)
        if not k:
            return None
        src = out.get(k)
        if src is None:
            src = Source(name, kind, [], 0)
            out[k] = src
            order.append(k)
        elif src.kind in ("anonymous", "organization") and kind in ("official", "outlet", "agency", "person"):
            src.kind = kind
        if span is not None:
            ss_ = seen_spans.setdefault(k, set())
            if span not in ss_:
                ss_.add(span)
                src.mentions.append(span)
        return src

    def add_speaker(sp: Speaker, ev: CueEvent | None) -> None:
        if sp.kind == "pronoun" and not sp.resolved or sp.literary:
            return
        if sp.kind == "description" and not (ev is not None and ev.lemma in ("according to", "per")) and ev is not None:
            return  # "both sides", "the move": not a source
        m = _POSS_ANON.match(sp.name) if sp.kind == "anonymous" else None
        if m:
            # "a reporter's source inside the camp": the source is anonymous; whoever relays
            # it (the reporter, their outlet) is named separately
            add(m.group(2), "anonymous", (sp.start, sp.end))
            if sp.phrase == sp.name:
                owner = att._make(sp.start, sp.start + m.end(1))
                if owner is not None and owner.kind in ("person", "outlet", "agency", "organization", "official"):
                    add(owner.name, _kind_of(owner), (owner.start, owner.end))
            return
        head = sp.phrase.split()[-1].lower().strip(",.") if sp.phrase else ""
        if sp.org:
            org, _k = reg.resolve_name(sp.org)
            okind = _org_kind(reg, org)
            named_org = reg.kinds.get(org) in ("organization", "official", "outlet", "agency") or _k in ("organization", "official", "outlet", "agency")
            if head in _SPOKES or any(w in _SPOKES for w in sp.phrase.lower().split()) \
                    or (head in ("officials", "executives", "staff", "official") and named_org and reg.kinds.get(org) != "place"):
                add(org, okind, (sp.start, sp.end))
                return
        m = re.match(r"(?:[Tt]he\s+)?(.+?)['’]s\s", sp.phrase) if (sp.kind != "person" or sp.name not in reg.persons) else None
        if m:
            hit = lookup(m.group(1))
            if hit:  # "The Washington Post's Fact Checker" is the Post
                add(hit[0], hit[1], (sp.start, sp.end))
                return
        parts = _coordinated(sp) if not (sp.kind in ("organization", "official", "outlet", "agency") and reg.kinds.get(sp.name)) else []
        if parts:
            subs = [att._make(p[0], p[1]) for p in parts]
            if not any(x is not None and x.kind in ("person", "organization", "official", "outlet", "agency", "place") for x in subs):
                parts = []
        if parts:
            for p in parts:
                sub = att._make(p[0], p[1])
                if sub is not None and _ENTOURAGE.match(sub.phrase):
                    continue  # "Paganini and his team wrote": the team speaks through Paganini
                if sub is not None and sub.kind != "description":
                    add(sub.name, _kind_of(sub), (sub.start, sub.end))
            return
        add(sp.name, _kind_of(sp), (sp.start, sp.end))

    for ev in att.events:
        sp = ev.speaker
        if sp is None:
            continue
        if ev.lemma == "cite" and not (_SOURCEY.search(sp.phrase) or sp.kind in ("outlet", "agency", "person")):
            continue
        if ev.lemma in ("according to", "per", "cite", "call for") or ev.cue in _SOURCE_CUE_SET:
            add_speaker(sp, ev)
        for x in ev.extra:
            if isinstance(x, Speaker):
                add_speaker(x, ev)
    for sp in att.quoted:  # whoever supplies a quote is a source
        add_speaker(sp, None)
    for x in att.side:  # speakers beside a subject (Attribution.side)
        if isinstance(x, Speaker) and (_SOURCEY.search(x.phrase) or x.kind in ("outlet", "agency")):
            add_speaker(x, None)
    # gazetteer: every agency and outlet the text names
    last_times = None
    as_business: dict[str, bool] = {}
    for m in reg.mentions:
        if m.kind in ("outlet", "agency"):
            as_business[m.name] = as_business.get(m.name, True) and _as_business(text, m.start, m.end)
    for m in reg.mentions:
        if m.kind in ("outlet", "agency"):
            if as_business.get(m.name) and _key(m.name) not in out:
                continue  # "its CNN channels", "the news network CNN": a business, never cited
            add(m.name, m.kind, (m.start, m.end))
            if m.name.endswith("Times"):
                last_times = m.name
    for m in _CREDIT_LINE.finditer(text):
        # "This article was originally published by Futurism.": the outlet the text is from
        if m.end() - m.start() > 200:
            continue
        name = name_before_period(m.group("o")).rstrip(".")
        hit = lookup(name)
        add(hit[0] if hit else name, "outlet", (m.start("o"), m.start("o") + len(name)))
    if last_times:
        for m in re.finditer(r"\bthe Times\b", text):
            add(last_times, "outlet", (m.start() + 4, m.end()))
    # quotes per source
    for q in quotes:
        if not q.speaker:
            continue
        k = _key(att.aliases.get(q.speaker, q.speaker))
        pm = _POSS_ANON.match(q.speaker)
        if pm and _key(pm.group(2)) in out:
            k = _key(pm.group(2))
        src = out.get(k)
        if src is None:
            # a description's body ("a Northwind spokesperson" -> Northwind)
            words = k.split()
            for n in range(min(len(words), 6), 0, -1):  # the longest source named inside
                for i in range(len(words) - n + 1):
                    src = out.get(" ".join(words[i:i + n]))
                    if src is not None:
                        break
                if src is not None:
                    break
        if src is not None:
            src.quotes += 1
    _merge_descriptions(out, order)
    for src in out.values():
        src.mentions.sort()
    return [out[k] for k in order]


_CREDIT_LINE = re.compile(
    r"(?m)^[ \t]*(?:This (?:article|story|post|piece|report|item) (?:was|is|has been) )?(?:[Oo]riginally |[Ff]irst )?"
    r"(?:[Pp]ublished|[Aa]ppeared|[Pp]osted|[Rr]eprinted) (?:on|in|by|at|from|with permission (?:of|from)) (?:the )?"
    r"(?P<o>[A-Z][\w.&'’!-]*(?:[ \t]+(?:of[ \t]+)?[A-Z][\w.&'’!-]*){0,4})[^\n]*$")
_ENTOURAGE = re.compile(r"(?i)(?:his|her|their|its)\s+(?:\w+\s+)?(?:team|colleagues|co-?authors|co-?workers"
                        r"|associates|staff|collaborators|group|lab|family)$")


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
        dest = out[target]
        dest.mentions.extend(m for m in src.mentions if m not in dest.mentions)
        dest.quotes += src.quotes
        del out[k]
        order.remove(k)


_PRODUCT_AFTER = re.compile(
    r"\+?[ \t]+(?:[a-z]+[ \t]+)?(?:channels?|networks?|apps?|streaming|platforms?|websites?|shows?|programs?"
    r"|programming|brands?|subscribers?|subscriptions?|documentar(?:y|ies)|studios?|stores?|products?|games?)\b")
_PRODUCT_BEFORE = re.compile(r"(?:\b(?:channel|network|broadcaster|streamer|service|brand|outlets?)|[A-Z][\w.]*['’]s(?:[ \t]+[a-z]+)?)[ \t]+$")


def _as_business(text: str, s: int, e: int) -> bool:
    """An outlet named as a business or a product ("its CNN channels", "the news network
    CNN", "Acme's CNN"), not as the origin of any information."""
    return bool(_PRODUCT_AFTER.match(text, e, e + 40) or _PRODUCT_BEFORE.search(text, max(0, s - 40), s))


def _org_kind(reg: Registry, name: str) -> str:
    k = reg.kinds.get(name)
    if k in ("official", "organization", "outlet", "agency"):
        return k
    if k == "place":
        return "official"
    if name in OUTLETS:
        return OUTLETS[name][0]
    return "organization"


def _coordinated(sp: Speaker) -> list[tuple[int, int]]:
    """Spans of the parts of "The Financial Times and Japanese media"."""
    if " and " not in sp.phrase or sp.kind == "person" and " and " not in sp.phrase:
        return []
    # only when a part is a name: "businesses and residents" stays one source
    parts = []
    s = sp.start
    phrase_text = sp.phrase
    offs = 0
    for piece in phrase_text.split(" and "):
        ps = sp.start + offs
        parts.append((ps, ps + len(piece)))
        offs += len(piece) + 5
    if len(parts) < 2:
        return []
    capped = [p for p in parts if phrase_text[p[0] - s:p[1] - s].strip()[:1].isupper()
              or phrase_text[p[0] - s:p[1] - s].lower().startswith("the ")]
    if not capped:
        return []
    return parts


from .lexicon import SOURCE_CUES as _SOURCE_CUE_SET  # noqa: E402
