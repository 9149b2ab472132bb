"""Make untrusted text safe to put on a terminal.

Feeds, pages and files are written by strangers. Textual and Rich pass ESC and
the C1 controls straight through to the terminal, so a title holding
``ESC ] 0 ; … BEL`` would retitle the user's window, and ``ESC [ 2 J`` would wipe
the screen. Everything that came from outside goes through :func:`sanitize_text`
(multi-line bodies) or :func:`sanitize_line` (titles, names, URLs) when the engine
reads it, and the display layer calls :func:`sanitize_display` once more at the
boundary, so a field that skipped the engine still cannot reach the terminal raw.

Run these *after* HTML entity decoding: ``&#27;`` becomes ESC only then.
All patterns are bounded, so the cost is linear in the input.
"""

from __future__ import annotations

import re

__all__ = [
    "sanitize_text",
    "sanitize_line",
    "sanitize_display",
    "has_control_chars",
]

# A complete escape sequence: removed whole, so no half of it is left to
# recombine with the next chunk of text.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]                      # CSI, 7-bit
    | \x9b[0-?]{0,64}[ -/]{0,8}[@-~]                        # CSI, 8-bit
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])               # OSC DCS SOS PM APC
      [^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)           #   … up to BEL or ST
    | \x1b[ -/]{0,8}[0-~]                                   # other ESC sequences
    """,
    re.VERBOSE,
)

# Whatever control character is left after whole sequences are gone:
# C0 except tab and newline, DEL, C1, and lone surrogates (not valid UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

# Characters that change how the text *around* them is shown: bidi embeddings,
# overrides and isolates (the "Trojan Source" set), and invisible joiners.
# Stripped from one-line fields, where they are used to spoof names and URLs.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u00ad]")  # (and soft hyphens: a
# terminal never hyphenates, so they only split words: "For\u00adeign")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060-\u2064\ufeff\u00ad]")

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def sanitize_text(text: str) -> str:
    """Clean a multi-line body: escape sequences and controls removed.

    Line breaks are normalised to ``\\n`` (CR alone would overprint), tabs become
    spaces (their width depends on the terminal), and bidi overrides and soft
    hyphens are dropped.
    Ordinary Unicode, including joiners used by emoji and some scripts, is kept.
    """
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text.replace("\t", "    "))
    return _BIDI.sub("", text)


def sanitize_line(text: str, limit: int | None = 2000) -> str:
    """Clean a one-line field such as a title, a name or a URL.

    On top of :func:`sanitize_text`: every run of white space (line breaks
    included) becomes one space, invisible characters are removed, and the result
    is cut to ``limit`` characters with an ellipsis.
    """
    if not text:
        return ""
    if (limit is None or len(text) <= limit) and _TIDY_LINE.fullmatch(text):
        return text  # already one clean line (most ids, links, names): one scan instead of seven
    text = sanitize_text(text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# A line sanitize_line leaves as it is: words of characters none of the patterns above
# touch (no controls, spaces other than " ", invisibles, bidi marks), single spaces between.
_TIDY_CHAR = "[^\x00-\x20\x7f-\xa0\xad\u061c\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufeff\ud800-\udfff]"
_TIDY_LINE = re.compile(f"{_TIDY_CHAR}+(?: {_TIDY_CHAR}+)*")


def sanitize_display(text: str) -> str:
    """The display boundary: what any widget or report may show.

    Idempotent and cheap on text that is already clean, so the UI can call it
    on everything it shows without thinking about where the text came from.
    """
    if not text:
        return ""
    if not _needs_cleaning(text):
        return text
    return sanitize_text(text)


_DIRTY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\r\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\u00ad]")


def _needs_cleaning(text: str) -> bool:
    return _DIRTY.search(text) is not None or "\t" in text


def has_control_chars(text: str) -> bool:
    """True when ``text`` holds a character that must never reach a terminal."""
    return _CONTROL.search(text) is not None
