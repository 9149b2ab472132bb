"""A share of a population is no speaker: "44 percent of Americans said …" reports a poll.

Poll results are written as if the people spoke ("44 percent of voters said
the mayor should resign", "two-thirds of respondents say"), but nobody in the
article said those words: the poll did. So such a phrase is never a person or
a source. When the poll or survey is named just before ("A new Harbor Times
poll has lower numbers: 44 percent of voters say …"), the poll speaks;
otherwise there is no speaker.
"""

from __future__ import annotations

import re

from ..rules import rule
from .base import Speaker
from .phrase_scan import NEXT, mark

__all__ = ["share_speaker"]

#: "44 percent of", "61% of", "a third of", "two-thirds of", "half of": the phrase opens with a share
_SHARE = re.compile(r"(?i)(?:(?:an?|some|about|nearly|almost|roughly|just|only|an overwhelming|over|under)[ ])?"
                    r"(?:[0-9][0-9.,]*(?:[ ]?%|[ ]percent|[ ]per[ ]cent)|(?:one|two)?[ -]?thirds?|(?:a|one|three)?[ -]?"
                    r"quarters?|half)[ ]of\b")
#: The poll named last before the phrase, as the article wrote it: "A new Harbor Times poll",
#: "a Gallup survey" (a determiner and up to three adjectives, capitalised words, "poll"/"survey").
_POLL = re.compile(r"(?:\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)[ ](?:[a-z]+[ ]){0,3})?(?:[A-Z][\w&.'’-]*[ ])+"
                   r"(?:[a-z]+[ ])?(?:poll|survey)\b")
#: How far back a named poll is looked for (about two sentences).
_POLL_WINDOW = 400


def _named_poll(text: str, s: int) -> tuple[int, int] | None:
    """The span of the last poll or survey named with capitalised words in the window before ``s``."""
    last = None
    for m in _POLL.finditer(text, max(0, s - _POLL_WINDOW), s):
        last = m
    return last.span() if last is not None else None


@rule("speaker:share-is-poll", order=105,
      fires=['A new Harbor Times poll has fresh numbers: 44 percent of voters said the mayor “broke the law.”'],
      not_on=['Dana Hill said the mayor “broke the law.”'])
def share_speaker(text: str, phrase: str, s: int, e: int) -> Speaker | None | object:
    """A share of a population speaks only through its poll: the poll named just before, or nobody."""
    if not _SHARE.match(phrase):
        return NEXT
    poll = _named_poll(text, s)
    if poll is None:
        return None
    ps, pe = poll
    name = text[ps:pe]  # as the document rule names a poll that speaks itself, so that both are one source
    return mark(Speaker(name, name, "document", None, ps, pe, True, None), "speaker:share-is-poll")
