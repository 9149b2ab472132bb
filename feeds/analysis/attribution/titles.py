"""Who "the President" is: the person who holds the title as a capitalised title.

An article that writes "President Mary Hill" and later "the President said"
means Hill, even when another head of state was described in between as "the
nation's president, Carlos Ruiz": a description in lower case after a
possessive says what Ruiz is, while the bare capitalised title is how the
article names its own President. So a capitalised bare title is resolved first
to the last person written with that title before the name; only when there is
none does the last person with the role in any form answer (``resolve:title``).
"""

from __future__ import annotations

from bisect import bisect_left

from ..rules import declare

__all__ = ["TITLED_HOLDER", "titled_holder"]

TITLED_HOLDER = declare(
    "resolve:title-holder", order=241,
    fires=['President Mary Hill spoke on Monday.\n\nTalks began after the nation’s president, Carlos Ruiz, '
           'was ousted. “Our companies will go in,” the President said.'],
    not_on=['President Mary Hill spoke on Monday.\n\nTalks began after the nation’s president, Carlos Ruiz, '
            'was ousted. “Our companies will go in,” the president said.'],
    doc="'the President' (capitalised, bare) is the person written as 'President X' before.")

#: How far back (characters) a titled name is looked for, as ``_role_back`` does.
_WINDOW = 5000


def titled_holder(text: str, mentions: list, title: list[str], pos: int):
    """The last person among the name ``mentions`` (in text order) before ``pos`` written with the
    capitalised ``title`` right before the name ("President Hill"), or None; only for a title
    written capitalised ("the President")."""
    words = [t for t in title if t not in ("The", "the")]
    if not words or not all(w[:1].isupper() for w in words):
        return None
    written = " ".join(words) + " "
    for m in reversed(mentions[:bisect_left([m.start for m in mentions], pos)]):
        if m.start < pos - _WINDOW:
            break
        if m.kind not in ("person", "official"):
            continue
        if text.startswith(written, m.start) or text.endswith(written, max(0, m.start - len(written)), m.start):
            return m
    return None
