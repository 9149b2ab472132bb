"""Plain-text articles: paragraphs, a title, and the metadata a text file gives away.

A text file has no markup, so structure comes from layout. Paragraphs are
separated by blank lines; a file with no blank lines has one paragraph per
line (wire copy often looks like that); hard-wrapped lines are joined back.
The first line is the title only when it looks like a headline; otherwise the
title is the first sentence, shortened at a clause break.
"""

from __future__ import annotations

import re

from ..core.dates import parse_date
from ..core.model import Article

__all__ = ["article_from_text", "split_paragraphs", "title_from_sentence", "looks_like_headline"]

# Lines longer than this are not hard-wrapped: each one is a paragraph.
_WRAP_WIDTH = 120
_BYLINE = re.compile(r"^by\s+(?P<name>[^\d\n]{2,80})$", re.IGNORECASE)
# "/ BGNES" or "/ Reuters" closing a wire story.
_TRAILING_AGENCY = re.compile(r"\s/\s*(?P<name>[A-Z][A-Za-z&.\- ]{1,30}?)\s*$")
# "WASHINGTON (AP) —", "(Reuters) -" opening a wire story.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .,'-]{1,40}\s*)?\((?P<name>[A-Z][A-Za-z&.\- ]{0,30})\)\s*[-—–]"
)
#: A title is looked for in this much of the first paragraph at most.
_SENTENCE_SCAN = 2000


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain text, with hard-wrapped lines joined back together."""
    lines = [line.rstrip() for line in text.split("\n")]
    has_blank = any(not line.strip() for line in lines) and any(line.strip() for line in lines)
    wrapped = has_blank and max((len(line) for line in lines), default=0) <= _WRAP_WIDTH
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if wrapped:
            current.append(stripped)
        else:
            paragraphs.append(_collapse(stripped))
    if current:
        paragraphs.append(" ".join(current))
    return [_collapse(p) for p in paragraphs if p]


def _collapse(s: str) -> str:
    return re.sub(r"[ \u00a0]{2,}", " ", s)


def looks_like_headline(line: str, *, followed_by_text: bool) -> bool:
    """A headline is short, stands alone and does not end like a sentence."""
    words = line.split()
    if not followed_by_text or not words:
        return False
    if len(line) > 150 or len(words) > 20:
        return False
    if line[-1] in ".,;:" and not line.endswith("..."):
        return False
    if line[0] in "\"“'‘«(-—•*":
        return False
    if not any(ch.isupper() for ch in line[:3]):
        return False
    return True


def title_from_sentence(text: str, limit: int = 90) -> str:
    """The first sentence, cut at a clause break (or a word) to fit ``limit``."""
    first = _first_sentence(text)
    if len(first) <= limit:
        return _without_final_period(first)
    # Prefer the end of the main clause: the first comma, semicolon or dash
    # that leaves a title of a useful length.
    for m in re.finditer(r"[,;:]\s|\s[—–-]\s", first):
        if 30 <= m.start() <= limit:
            return first[: m.start()]
    cut = first.rfind(" ", 0, limit - 1)
    return first[: cut if cut > 20 else limit - 1].rstrip(",;: ") + "…"


def _first_sentence(text: str) -> str:
    """The first sentence, by the analyser's own sentence splitter.

    It knows the abbreviations whose period ends nothing ("Nov. 12", "S.C.",
    "U.S.", "Dr.", "Mr.") and initials, so a title is never cut after one.
    """
    from ..analysis.segment import segment

    head = text.strip()[:_SENTENCE_SCAN]
    start, end = segment(head).sentence_bounds(0)
    return head[start:end].strip()


def _without_final_period(sentence: str) -> str:
    """A sentence's closing period dropped, unless it belongs to "U.S." or an initial."""
    last = sentence.rsplit(" ", 1)[-1]
    if last.endswith(".") and "." not in last[:-1] and len(last) > 2:
        return sentence[:-1]
    return sentence


def article_from_text(text: str, origin: str, *, fallback_title: str = "") -> Article:
    """Build an article from the text of a ``.txt`` file."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ValueError("no text")
    title = ""
    byline = None
    published = None
    if looks_like_headline(paragraphs[0], followed_by_text=len(paragraphs) > 1):
        title = paragraphs.pop(0)
        # A byline or a date line right under the headline is metadata, not body.
        while paragraphs and len(paragraphs) > 1:
            head = paragraphs[0]
            m = _BYLINE.match(head)
            if m and byline is None:
                byline = m["name"].strip()
                paragraphs.pop(0)
            elif published is None and len(head) <= 40 and (dt := parse_date(head)) is not None:
                published = dt
                paragraphs.pop(0)
            else:
                break
    body = "\n\n".join(paragraphs)
    if not title:
        title = title_from_sentence(paragraphs[0]) or fallback_title
    return Article(
        title=title,
        text=body,
        byline=byline,
        source=_wire_source(paragraphs),
        published=published,
        origin=origin,
    )


def _wire_source(paragraphs: list[str]) -> str | None:
    m = _DATELINE.match(paragraphs[0])
    if m:
        return m["name"].strip()
    m = _TRAILING_AGENCY.search(paragraphs[-1])
    if m:
        return m["name"].strip()
    return None
