"""Parse the dates that articles and feeds carry, never raising.

Dates from strangers are often wrong ("0000-00-00", two-digit years, year
99999). An unreadable date becomes ``None`` ("undated"), never an exception.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

__all__ = ["parse_date", "format_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_YEAR_RANGE = range(1800, 2200)


def parse_date(value: object) -> datetime | None:
    """ISO 8601, RFC 822 or "March 3, 2024"/"3 March 2024"; ``None`` if unsure."""
    if isinstance(value, datetime):
        return value if value.year in _YEAR_RANGE else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64:
        return None
    for parse in (_iso, _rfc822, _words):
        try:
            dt = parse(s)
        except (ValueError, OverflowError, TypeError, IndexError):
            dt = None
        if dt is not None and dt.year in _YEAR_RANGE:
            return dt
    return None


def _iso(s: str) -> datetime | None:
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return datetime.fromisoformat(s)


def _rfc822(s: str) -> datetime | None:
    if not re.search(r"\d{4}", s):  # two-digit years are ambiguous: refuse them
        return None
    from email.utils import parsedate_to_datetime  # lazy: email.utils costs ~25 ms to import

    return parsedate_to_datetime(s)


def _words(s: str) -> datetime | None:
    m = _MONTH_DAY_YEAR.match(s)
    if m:
        month, day, year = _MONTHS.get(m[1].lower()), int(m[2]), int(m[3])
    else:
        m = _DAY_MONTH_YEAR.match(s)
        if not m:
            return None
        day, month, year = int(m[1]), _MONTHS.get(m[2].lower()), int(m[3])
    if month is None:
        return None
    return datetime(year, month, day)


def format_date(dt: datetime | None, *, with_time: bool = False) -> str:
    """A short, sortable form for lists: ``2024-03-09`` (and ``14:05``)."""
    if dt is None:
        return ""
    if with_time and (dt.hour or dt.minute):
        if dt.tzinfo is not None:
            dt = dt.astimezone(timezone.utc)
        return dt.strftime("%Y-%m-%d %H:%M")
    return dt.strftime("%Y-%m-%d")


def short_date(dt: datetime | None, now: datetime | None = None) -> str:
    """A date for a list column, at most 8 cells: ``14:05`` today, ``12 Nov`` this year, ``Nov 2025`` before."""
    if dt is None:
        return ""
    now = now or datetime.now(timezone.utc)
    local = dt.astimezone()
    today = now.astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.day} {local.strftime('%b')}"
    return local.strftime("%b %Y")
