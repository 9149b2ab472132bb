"""What the command line prints: one place that makes every line and every JSON safe.

Three things can go wrong between a string and the user's terminal:

* the string came from a stranger (a feed, a page, a file name) and holds
  control or bidi characters (M4): text lines go through the sanitiser, JSON
  escapes them as ``\\uXXXX`` (:func:`print_json`, the one JSON writer);
* the string is a file name that is not UTF-8 (Python carries its bytes as
  lone surrogates): it is shown as ``\\xNN`` escapes, never as raw bytes;
* the terminal is not UTF-8 (``LC_ALL=en_US.ISO-8859-1``, ``PYTHONIOENCODING=ascii``,
  M8): :func:`setup_streams` makes the streams replace what they cannot
  encode instead of stopping part-way, and :func:`symbol` gives ASCII
  stand-ins for our own decorations (bullets, warning signs, dashes).
"""

from __future__ import annotations

import codecs
import re
import sys
from typing import Any

from feeds.core.sanitize import sanitize_line, sanitize_text
from feeds.core.urls import mask_passwords_in

__all__ = ["setup_streams", "symbol", "printable", "out", "error", "json_text", "print_json"]

PROG = "newsreader"

#: What JSON must not carry raw for a terminal: C1 controls, bidi and invisible
#: controls, line/paragraph separators and lone surrogates (C0 is escaped by json).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
#: Bytes of a file name that is not UTF-8, as Python's surrogateescape carries them.
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def setup_streams() -> None:
    """Never stop on a character the terminal's encoding lacks: replace it (M8)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _encoding() -> str:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "ascii"


def symbol(fancy: str, plain: str) -> str:
    """``fancy`` when standard output can encode it, else the ASCII ``plain``."""
    try:
        codecs.encode(fancy, _encoding())
    except (UnicodeError, LookupError):
        return plain
    return fancy


def _escaped(text: str) -> str:
    """Non-UTF-8 bytes of file names as ``\\xNN``, other lone surrogates as ``\\uXXXX``, passwords masked."""
    text = _ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", str(text))
    return mask_passwords_in(_LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def printable(text: str, limit: int | None = 2000) -> str:
    """One clean line (see :func:`_escaped`), controls removed and white space collapsed."""
    return sanitize_line(_escaped(text), limit=limit)


def out(text: str = "") -> None:
    """One line to standard output: controls removed, our own spacing (columns) kept."""
    print(sanitize_text(_escaped(text)).replace("\n", " "))


def error(message: str) -> None:
    """One ``newsreader: …`` line to standard error."""
    print(f"{PROG}: {printable(message, limit=500)}", file=sys.stderr)


def json_text(obj: Any, *, indent: int | None = 2) -> str:
    """JSON that is safe to print raw: every control, bidi mark and lone surrogate as ``\\uXXXX``,
    and no password of a URL (M12)."""
    # On a terminal that is not UTF-8, \u escapes keep every character (M8).
    import json  # here, not at the top: the reader's start-up prints no JSON

    ascii_only = not _encoding().startswith("utf")
    text = json.dumps(obj, ensure_ascii=ascii_only, indent=indent)
    return mask_passwords_in(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def print_json(obj: Any, *, indent: int | None = 2) -> None:
    """The one JSON writer of the command line."""
    print(json_text(obj, indent=indent))
