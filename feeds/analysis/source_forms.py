"""How news copy writes a source, and what that means for the list (issue 14, second blind set).

Run by ``sources.py`` after its own merges, on the sources found so far:

1. ``source:released-by`` "data released by the Trade Ministry" is the Trade
   Ministry: the data are what it said, it is who said it.
2. ``source:report-in-outlet`` "a report in the Harbor Ledger" is the Ledger,
   and "the report" after it (when nothing else says which) is that same
   report: one source, not two.
3. ``source:outlet-list`` "From The New York Times to CNN to Harbor Traveller":
   when one item of a "from … to …" list is an outlet the article cites, the
   others are outlets cited the same way.
4. ``source:named-in-document`` "A new Reuters poll": an outlet named only inside the name of a
   document the article cites is part of that source, not a second one.
5. An adjective alone ("Democratic", "Republican", "federal") names no source
   (data file ``sources-adjectives.txt``).

The helpers of ``sources.py`` (its key of a name, its merge, its kinds) come in
as arguments, so that this module and that one do not import each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon.data import words
from .model import Source
from .rules import declare

__all__ = ["Helpers", "tidy_sources"]

RELEASED_BY = declare("source:released-by", order=320,
                      fires=["Exports fell 4%, according to data released by the Trade Ministry."],
                      not_on=["Exports fell 4%, according to the Trade Ministry."],
                      doc="'data released by X' is X.")
REPORT_IN_OUTLET = declare("source:report-in-outlet", order=325,
                           fires=["According to a report in the Harbor Ledger, the mayor quit. The report says "
                                  "the council knew."],
                           not_on=["According to the Harbor Ledger, the mayor quit."],
                           doc="'a report in X' is X; 'the report' after it is the same report.")
OUTLET_LIST = declare("source:outlet-list", order=330,
                      fires=["From The New York Times to CNN to Harbor Weekly Traveller, every paper ran the story."],
                      not_on=["From London to Paris to Harbor Bay, the trains ran late."],
                      doc="Every item of a 'from X to Y' list of outlets is an outlet.")

IN_DOCUMENT = declare("source:named-in-document", order=335,
                      fires=["A new Reuters poll has fresh numbers: 44 percent of voters said the mayor "
                             "“broke the law.”"],
                      not_on=["Reuters said the mayor “broke the law.”"],
                      doc="An outlet named only inside a cited document's name is that document.")

_ADJECTIVES = words("sources-adjectives")
_DOC_NOUNS = r"(?:report|story|article|study|survey|analysis|investigation|review)"
#: "data released by X", "figures published by the X"
_RELEASED = re.compile(r"(?i)(?:(?:the|new|latest|recent|official|fresh)\s+)*"
                       r"(?:data|figures|statistics|numbers|estimates|documents|records)"
                       r"\s+(?:released|published|compiled|issued|provided|collected|gathered)\s+by"
                       r"\s+(?:the\s+)?(?P<x>.+)")
#: "a (recent) report in/by/from (the) X": where a report is introduced with its owner. (Read as
#: "\b[Aa]n?[ ]…", spelled led by "[Aa]" so that ``re`` skips to those letters in C.)
_INTRO = re.compile(r"[Aa](?<!\w[Aa])n?[ ](?:[a-z]+[ ]){0,2}(?P<noun>" + _DOC_NOUNS + r")[ ]"
                    r"(?P<how>in|by|from|published[ ]by)[ ]"
                    r"(?:the[ ])?(?P<x>[A-Z][^,.;:()\n]{0,80})")
#: The owner's own name: its capitalised words ("Harbor Ledger" of "Harbor Ledger of Bay City")
_OWNER_NAME = re.compile(r"[A-Z][\w'’&.!-]*(?:[ ][A-Z][\w'’&.!-]*)*")
_BARE_DOC = re.compile(r"(?i)the\s+(?:new\s+)?(" + _DOC_NOUNS + r")")
_CAP = r"[A-Z][\w'’&.!-]*(?:[ ](?:[A-Z][\w'’&.!-]*|of|de|du))*(?<![ ]of)"
_LIST = re.compile(r"\b[Ff]rom[ ](?:[Tt]he[ ])?(?P<a>" + _CAP + r")"
                   r"(?P<rest>(?:,?[ ]to[ ](?:the[ ]|The[ ])?" + _CAP + r")+)")
#: literal-led, so that the engine finds candidates with a fast substring search
_LIST_CAND = re.compile(r"rom[ ](?:[Tt]he[ ])?[A-Z]")
_LIST_ITEM = re.compile(r"to[ ](?:the[ ]|The[ ])?(" + _CAP + r")")


@dataclass(frozen=True, slots=True)
class Helpers:
    """What ``sources.py`` lends: the key of a name, a merge of two sources, the kind of a named body,
    and the longest source named inside a run of key words."""

    key: Callable[[str], str]
    merge: Callable[[dict[str, Source], list[str], str, str, str], None]
    kind_of: Callable[[str], str]
    longest_inside: Callable[[dict[str, Source], list[str]], Source | None]


def tidy_sources(text: str, out: dict[str, Source], order: list[str], h: Helpers) -> None:
    """Apply the rules of this module, in order, to the sources ``out`` (keyed, in ``order``)."""
    _released_by(out, order, h)
    _reports_in_outlets(text, out, order, h)
    _outlet_lists(text, out, order, h)
    _named_in_documents(out, order, h)
    for k in [k for k in order if k in _ADJECTIVES]:
        del out[k]
        order.remove(k)


def _rename(out: dict[str, Source], order: list[str], k: str, name: str, kind: str, rule: str, h: Helpers) -> None:
    """Source ``k`` is ``name``: merged into it when it is listed, else renamed in place."""
    k2 = h.key(name)
    if not k2 or k2 == k:
        return
    if k2 in out:
        h.merge(out, order, k, k2, rule)
        return
    src = out.pop(k)
    src.name, src.kind = name, kind
    src.why.append(rule)
    out[k2] = src
    order[order.index(k)] = k2


def _released_by(out: dict[str, Source], order: list[str], h: Helpers) -> None:
    for k in list(order):
        m = _RELEASED.fullmatch(out[k].name)
        if m is not None:
            name = m.group("x").strip()
            _rename(out, order, k, name, h.kind_of(name), RELEASED_BY, h)


def _owner(out: dict[str, Source], x: str, h: Helpers) -> str | None:
    """The key of the source named in the owner text ``x`` ("Argus Leader of Sioux Falls")."""
    src = h.longest_inside(out, h.key(x).split())
    return h.key(src.name) if src is not None else None


def _reports_in_outlets(text: str, out: dict[str, Source], order: list[str], h: Helpers) -> None:
    if not any(out[k].kind == "document" for k in order):
        return
    intros = [(m.start(), m.group("noun"), m.group("x")) for m in _INTRO.finditer(text)]
    if not intros:
        return
    for k in list(order):
        src = out.get(k)
        if src is None or src.kind != "document" or not src.mentions:
            continue
        m = _INTRO.match(src.name) if src.name[:1] in "Aa" else None
        if m is not None:
            _report_with_owner(out, order, k, m, h)
            continue
        target = _earlier_report_owner(out, src, intros, h)
        if target is not None and target != k and target in out:
            h.merge(out, order, k, target, REPORT_IN_OUTLET)


def _report_with_owner(out: dict[str, Source], order: list[str], k: str, m: re.Match[str], h: Helpers) -> None:
    """"a report in the Harbor Ledger": the Ledger, merged into it when it is a source, else named so."""
    target = _owner(out, m.group("x"), h)
    if target is not None:
        if target != k:
            h.merge(out, order, k, target, REPORT_IN_OUTLET)
        return
    name = _OWNER_NAME.match(m.group("x")).group()
    _rename(out, order, k, name, "outlet" if m.group("how") == "in" else h.kind_of(name), REPORT_IN_OUTLET, h)


def _earlier_report_owner(out: dict[str, Source], src: Source, intros: list[tuple[int, str, str]],
                          h: Helpers) -> str | None:
    """"The report says …" after "a report in the Harbor Ledger": the key of that report's owner."""
    bare = _BARE_DOC.fullmatch(src.name)
    if bare is None:
        return None
    first = src.mentions[0][0]
    before = [x for pos, noun, x in intros if pos < first and noun == bare.group(1).lower()]
    return _owner(out, before[-1], h) if before else None


def _outlet_lists(text: str, out: dict[str, Source], order: list[str], h: Helpers) -> None:
    for c in _LIST_CAND.finditer(text):
        m = _LIST.match(text, c.start() - 1) if c.start() > 0 else None
        if m is None:
            continue
        base = m.start("rest")
        items = [(m.start("a"), m.group("a"))] + [(base + im.start(1), im.group(1))
                                                  for im in _LIST_ITEM.finditer(m.group("rest"))]
        items = [(s, name.rstrip(".")) for s, name in items]  # "… to CNN." ends the sentence, not the name
        keys = [h.key(name) for _, name in items]
        if not any(k in out and out[k].kind in ("outlet", "agency") for k in keys):
            continue
        for (s, name), k in zip(items, keys):
            if k and k not in out:
                out[k] = Source(name, "outlet", [(s, s + len(name))], 0, [OUTLET_LIST])
                order.append(k)


def _named_in_documents(out: dict[str, Source], order: list[str], h: Helpers) -> None:
    docs = [(s, e, k) for k in order if out[k].kind == "document" for s, e in out[k].mentions]
    if not docs:
        return
    for k in [k for k in order if out[k].kind in ("outlet", "agency") and out[k].mentions]:
        owners = {next((dk for s, e, dk in docs if s <= ms and me <= e and dk != k), None)
                  for ms, me in out[k].mentions}
        if len(owners) == 1 and None not in owners:
            h.merge(out, order, k, owners.pop(), IN_DOCUMENT)
