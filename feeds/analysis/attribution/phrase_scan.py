"""Token scans for speaker phrases: where a phrase read backwards or forwards ends.

These are pure functions of a token list (``(text, start, end)`` triples), so the
rules in ``phrases.py`` can be read as decisions and the scanning tested apart.
The word lists they test against live in ``lexicon/data/phrases-*`` and are
loaded once here, at import:

1. ``skip_adverbials``: adverbs, auxiliaries and times between a subject and its
   verb ("Hill *also* said", "the port *on Tuesday* said") are stepped over.
2. ``name_run_start``: a capitalised run with its particles ("Bank of Harbor")
   and the role words before it ("senior port official Dana Hill").
3. ``description_run_start``: a lower-case phrase read back to the word that
   cannot belong to it (punctuation, a clause word, another cue).
4. ``forward_end``: the phrase after a cue ("said Dana Hill, …", "according to
   two people familiar with the plan") read forward to its end.

It also holds what the rule modules share: ``first_decision`` (the dispatch loop
over a tuple of rules; a rule returns ``NEXT`` when it does not apply) and
``mark`` (a rule's name into the ``why`` of the Speaker it decided).
"""

from __future__ import annotations

from ..lexicon import AUX, CUE_FORMS, CUE_LEMMA, ANON_HEADS, MONTHS, NP_STOP, ROLE_NOUNS, STOP_CAPS, WEEKDAYS
from ..lexicon.data import table, words
from .base import _DETS, _NO_INVERT_NOUNY, _PLATFORMS, _PREPS, _PREPS_CORE, _PUNCT_STOP, _TIME_WORDS, _is_cap, _poss

#: Returned by a rule that does not apply, so the next rule is tried (None is a decision:
#: "no speaker here").
NEXT = object()


def mark(sp, name: str):
    """Record on ``sp`` that the rule ``name`` decided it (its ``why``), once, and return ``sp``.

    Rules mark on the way out of nested readings, so the name goes first: the trace then
    reads from the outer decision to the inner one ("speaker:apposition",
    "speaker:apposition-name", "speaker:capitalised-head", then how the name was resolved). A speaker
    without a ``why`` (None, or before attribution records one) is left as it is."""
    why = getattr(sp, "why", None)
    if why is not None and name not in why:
        why.insert(0, name)
    return sp


def first_decision(dispatch: tuple, *args):
    """What the first rule of ``dispatch`` that applies decides (``NEXT`` when none does):
    the rules are tried in order, and the first that returns something other than ``NEXT``
    (a speaker, or None for "no speaker here") wins."""
    for decide in dispatch:
        out = decide(*args)
        if out is not NEXT:
            return out
    return NEXT


_CLOSED = {key: frozenset(value) for key, value in table("phrases-closed-classes").items()}

SUBJECT_PRONOUNS = words("phrases-subject-pronouns")
#: "It", "He" … at a sentence start: pronouns, though capitalised ("I" is a name letter too).
CAP_PRONOUNS = frozenset(w.capitalize() for w in SUBJECT_PRONOUNS if len(w) > 1)
LY_NOT_ADVERBS = words("phrases-ly-not-adverbs")
APPOSITION_ASIDES = words("phrases-apposition-asides")
NAME_PARTICLES = words("phrases-name-particles")
ROLE_MODIFIERS = words("phrases-role-modifiers")
NOT_SUBJECTS = words("phrases-not-subjects")
TIME_ANCHORS = _CLOSED["time_anchors"]
BARE_TIME_ADVERBS = _CLOSED["bare_time_adverbs"]
COPULA_ADVERBS = _CLOSED["copula_adverbs"]
SPEECH_DOCUMENT_NOUNS = _CLOSED["speech_document_nouns"]
BY_DOCUMENT_NOUNS = _CLOSED["by_document_nouns"]
OWN_DOCUMENT_NOUNS = _CLOSED["own_document_nouns"]
FORWARD_CLAUSE_STOPS = _CLOSED["forward_clause_stops"]
APPOSITION_ENDS = _CLOSED["apposition_ends"]
#: A tuple, for ``str.startswith``.
ROLE_NON_OPENERS = tuple(sorted(_CLOSED["role_non_openers"]))
LEAD_CONJUNCTIONS = _CLOSED["lead_conjunctions"]
CORE_CUES = _CLOSED["core_cues"]
ISSUED_DETERMINERS = _CLOSED["issued_determiners"]
CHAIN_DETERMINERS = _CLOSED["chain_determiners"]
ISSUER_DETERMINERS = _CLOSED["issuer_determiners"]
AUTHOR_DETERMINERS = _CLOSED["author_determiners"]
NOT_DESCRIPTIONS = tuple(sorted(_CLOSED["not_descriptions"]))
RELATIVE_PRONOUNS = _CLOSED["relative_pronouns"]
DOCUMENT_LINKS = _CLOSED["document_links"]
WHO_CLAUSE_STOPS = _CLOSED["who_clause_stops"]
COORDINATION_LEADS = _CLOSED["coordination_leads"]

#: Dashes and the comma: what opens or closes an apposition.
APPOS_MARKS = (",", "—", "–", "-")
#: Punctuation that ends the stretch an apposition may span.
APPOS_BOUNDS = frozenset(APPOS_MARKS + (";", ":", "(", ")"))
#: Small words that join the parts of a name ("Bank of Harbor", "Hill & Sons").
NAME_JOINERS = frozenset(("and", "&", "of", "for"))
ARTICLES = frozenset(("a", "an", "the"))
_LOCATIVES = frozenset(("in", "on", "at"))
_NOT_DETS_PREPS = _PREPS | _DETS
_NP_STOP_NOT_TO = NP_STOP - {"to"}
#: Heads a participle may follow inside a subject ("research published in …").
_STUDY_HEADS = ANON_HEADS | {"research", "study"}


def skip_adverbials(toks: list, j: int) -> int:
    """The index of the subject's last word before ``j``, past up to four adverbs,
    auxiliaries and times ("she *instead* wrote", "the port *on Tuesday* said")."""
    i = j
    skipped = 0
    while i >= 0 and skipped < 4:
        w = toks[i][0]
        wl = w.lower()
        if wl in AUX or (w.islower() and wl.endswith("ly") and len(wl) > 4 and wl not in LY_NOT_ADVERBS):
            i -= 1
        elif wl in _TIME_WORDS and i > 0 and toks[i - 1][0].lower() in TIME_ANCHORS:
            i -= 2
        elif wl in BARE_TIME_ADVERBS:
            i -= 1
        else:
            break
        skipped += 1
    return i


def name_run_start(toks: list, i: int) -> tuple[int, int]:
    """``(k, start)``: ``k`` opens the capitalised run ending at ``i``; ``start`` opens
    the phrase with the role words before it ("port director Dana Hill")."""
    k = i
    while k >= 0:
        t = toks[k][0]
        if _is_cap(t) or t in NAME_PARTICLES and k - 1 >= 0 and _is_cap(toks[k - 1][0]):
            k -= 1
            continue
        break
    k += 1
    # "the" inside ("Department of the Treasury") is fine, leading "and" is not
    while k <= i and toks[k][0] in NAME_JOINERS:
        k += 1
    start = k
    m = k - 1
    while m >= 0 and k - m <= 6:
        t = toks[m][0]
        if not _role_word(toks, m):
            if t.lower() in ARTICLES:
                start = m
            break
        start = m
        m -= 1
    return k, start


def _role_word(toks: list, m: int) -> bool:
    """A word that belongs to the title before a name: a role noun or its modifier, a
    capitalised word or possessive, or a lower-case noun before a role noun ("port director")."""
    t = toks[m][0]
    tl = t.lower()
    if tl in ROLE_NOUNS or tl in ROLE_MODIFIERS:
        return True
    if _is_cap(t) and t not in STOP_CAPS or _poss(t):
        return True
    return (t.isalpha() and t.islower() and m + 1 < len(toks) and toks[m + 1][0].lower() in ROLE_NOUNS
            and t not in NP_STOP and t not in _PREPS and t not in CUE_FORMS and t not in _DETS
            and not t.endswith(("ly", "ed", "ing")))


def description_run_start(toks: list, i: int) -> int:
    """The index just before a lower-case phrase ending at ``i`` ("traders at the port")."""
    k = i
    count = 0
    while k >= 0 and count < 16:
        t = toks[k][0]
        tl = t.lower()
        if t in _PUNCT_STOP and t != "&":
            break
        if tl == "and":
            # "businesses and residents": a short coordination of nouns
            if not (count <= 2 and k >= 1 and toks[k - 1][0].isalpha() and toks[k - 1][0].lower() not in NP_STOP
                    and not toks[k - 1][0].endswith("ed")):
                break
        elif tl in NP_STOP or _backward_cue(toks, k, count):
            break
        elif tl in _LOCATIVES and k >= 1 and toks[k - 1][0].lower() in ("said", "says", "told"):
            break
        k -= 1
        count += 1
    return k


def _backward_cue(toks: list, k: int, count: int) -> bool:
    """A cue verb inside a phrase read backwards ends it ("X said traders …"), but not a
    participle after an anonymous head ("people briefed") or a document noun."""
    t = toks[k][0]
    if not (t.islower() and t in CUE_FORMS and count > 0 and t not in SPEECH_DOCUMENT_NOUNS):
        return False
    return not (t.endswith("ed") and k >= 1 and toks[k - 1][0].lower() in ANON_HEADS)


def prepositional_start(toks: list, start: int) -> int:
    """"… published in the journal Harbor Medicine argued": when the name at ``start``
    sits in a prepositional phrase, where the whole phrase before it begins (else ``start``)."""
    m = start - 1
    hops = 0
    while m >= 0 and hops < 3 and toks[m][0].islower() and toks[m][0] not in NP_STOP and toks[m][0] not in _PREPS_CORE:
        m -= 1
        hops += 1
    if not (m >= 1 and toks[m][0] in _PREPS_CORE and toks[m - 1][0] not in _PUNCT_STOP
            and toks[m - 1][0].lower() not in NP_STOP):
        return start
    k = m - 1
    count = 0
    while k >= 0 and count < 14:
        t = toks[k][0]
        tl = t.lower()
        if (t in _PUNCT_STOP and t != "&") or (tl in NP_STOP and not t.isupper()):
            break
        if t.islower() and t in CUE_FORMS and not (tl.endswith("ed") and k >= 1
                                                    and toks[k - 1][0].lower() in _STUDY_HEADS):
            break
        k -= 1
        count += 1
    return k + 1 if k + 1 <= m - 1 else start


def forward_end(toks: list, i: int, object_only: bool) -> int:
    """The index after the phrase that starts at ``i`` after a cue: it stops at
    punctuation, a clause word, another cue, "to", a date, or (after a name) a place."""
    n = len(toks)
    k = i
    count = 0
    saw_cap = False
    while k < n and count < 14:
        t = toks[k][0]
        if t in _PUNCT_STOP and t != "&":
            if t == "’" and k + 1 < n and toks[k + 1][0] == "s":
                k += 2
                count += 2
                continue
            break
        if _forward_stop(toks, k, count, object_only, saw_cap):
            break
        if _is_cap(t):
            saw_cap = True
        k += 1
        count += 1
    return k


def _forward_stop(toks: list, k: int, count: int, object_only: bool, saw_cap: bool) -> bool:
    """A word that ends the phrase read forward (see ``forward_end``)."""
    t = toks[k][0]
    tl = t.lower()
    if (tl in _NP_STOP_NOT_TO or tl in FORWARD_CLAUSE_STOPS) and not t.isupper():
        return True
    if _forward_cue(toks, k, count):
        return True  # ("a new report by X" is a phrase, "X said" is not)
    if count > 0 and (tl == "to" or tl in _TIME_WORDS and (tl in MONTHS or t in WEEKDAYS)):
        return True
    if object_only and count > 0 and not _is_cap(t) and tl not in ("of", "the"):
        return True
    # "the American Enterprise Institute in Washington": stop at the place
    return not _is_cap(t) and saw_cap and tl in _LOCATIVES and count > 0 and object_only is False


def _forward_cue(toks: list, k: int, count: int) -> bool:
    """"X said" ends the phrase; "Acme's annual report", "a report by X" do not."""
    t = toks[k][0]
    tl = t.lower()
    if not (t.islower() and t in CUE_FORMS and count > 0 and toks[k - 1][0].lower() not in _DETS):
        return False
    n = len(toks)
    nxt = toks[k + 1][0] if k + 1 < n else None
    prev = toks[k - 1][0]
    if tl in BY_DOCUMENT_NOUNS and nxt is not None and nxt.lower() in DOCUMENT_LINKS:
        return False
    if tl in OWN_DOCUMENT_NOUNS and (nxt is None or not nxt.islower() or nxt in _PREPS) \
            and (_poss(prev) or (prev in _PLATFORMS and k >= 2 and _poss(toks[k - 2][0]))):
        return False
    return not (CUE_LEMMA.get(tl) in _NO_INVERT_NOUNY and (_poss(prev) or (
        prev.islower() and prev.isalpha() and prev not in NP_STOP)))


def trim_trailing(toks: list, i: int, k: int) -> int:
    """``k`` moved back over trailing prepositions and determiners ("said Hill of the")."""
    while k - 1 > i and toks[k - 1][0].islower() and toks[k - 1][0] in _NOT_DETS_PREPS:
        k -= 1
    return k
