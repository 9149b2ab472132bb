"""Turn the bytes of a local file into text, or say clearly why not."""

from __future__ import annotations

import codecs

from ..core.errors import NewsreaderError

__all__ = ["DecodeError", "decode_text", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Bytes cp1252 leaves undefined: text holding them is not cp1252 either.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


class DecodeError(NewsreaderError, ValueError):
    """The bytes are not text we can read; the message is one line."""


def looks_binary(data: bytes) -> bool:
    """Guess from the first 8 KiB: NUL bytes or many control bytes mean binary."""
    head = data[:8192]
    if not head:
        return False
    for bom, _ in _BOMS:
        if head.startswith(bom):
            return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def decode_text(data: bytes) -> str:
    """Decode file bytes: a BOM wins, then UTF-8, then Windows-1252 when plausible.

    Windows-1252 (a superset of Latin-1 for printable text) is still the most
    common legacy encoding of Western text files; it is accepted only when most
    bytes are ASCII and none falls in its undefined slots, so random binary data
    is reported instead of being shown as mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {encoding.upper()} text (byte {exc.start})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    high = sum(1 for b in data[:65536] if b >= 0x80)
    sample = len(data[:65536]) or 1
    if high / sample < 0.3 and not _CP1252_HOLES.intersection(data):
        return data.decode("cp1252")
    raise DecodeError(f"cannot decode: not UTF-8 text (invalid byte at offset {utf8_error})")
