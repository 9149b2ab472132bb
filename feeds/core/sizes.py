"""Sizes in messages, precise enough to tell two of them apart (M11).

"file too large (20 MB; limit 20 MB)" reads as a contradiction: a file one
byte over the limit rounds to the limit. :func:`too_large` adds decimals until
the two sizes differ and falls back to exact bytes.
"""

from __future__ import annotations

__all__ = ["format_size", "too_large"]

_UNITS = (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10))


def _unit(n: int) -> tuple[str, int]:
    return next(((name, size) for name, size in _UNITS if n >= size), ("bytes", 1))


def format_size(n: int, digits: int = 1, unit: tuple[str, int] | None = None) -> str:
    """``n`` bytes in binary units (``20.5 MiB``); a whole number of units has no decimals."""
    name, size = unit or _unit(n)
    if size == 1:
        return f"{n:,} bytes"
    return f"{n // size} {name}" if n % size == 0 else f"{n / size:.{digits}f} {name}"


def too_large(size: int, limit: int) -> str:
    """``too large (20.3 MiB; limit 20 MiB)``: as many digits as it takes for the two to differ."""
    name, unit = _unit(limit)
    for digits in range(0, 4):
        if round(size / unit, digits) != round(limit / unit, digits):
            return f"too large ({format_size(size, digits, (name, unit))}; limit {format_size(limit, digits, (name, unit))})"
    return f"too large ({size:,} bytes; limit {limit:,} bytes)"
