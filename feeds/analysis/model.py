"""What an analysis holds: quotes, key figures and sources, with offsets.

Every ``start``/``end`` is a character offset into the article's plain text
(``Article.text``), so ``text[start:end]`` is the span a reader sees
highlighted. For a quote the span is the words inside the marks; for a figure it
is the figure's own text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = ["Quote", "Figure", "Source", "Analysis", "QuoteKind", "FigureKind", "SourceKind"]

class QuoteKind(StrEnum):
    """A quote is whole sentences in marks, or a few words inside the reporter's sentence.

    Kinds are ``StrEnum`` members: equal to their strings (``kind == "direct"``)
    and written as those strings in JSON, so stored and printed output is unchanged.
    """

    DIRECT = "direct"
    PARTIAL = "partial"


class FigureKind(StrEnum):
    """What a key figure is, which decides how its value was normalised."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    MEASURE = "measure"
    YEAR = "year"
    DATE = "date"
    TIME = "time"
    AGE = "age"
    RANGE = "range"
    RATIO = "ratio"
    SCORE = "score"


class SourceKind(StrEnum):
    """Who a source is: the reader weighs a wire agency, an official and an anonymous source differently."""

    AGENCY = "agency"
    OUTLET = "outlet"
    OFFICIAL = "official"
    PERSON = "person"
    ORGANIZATION = "organization"
    DOCUMENT = "document"
    ANONYMOUS = "anonymous"


@dataclass(slots=True)
class Quote:
    text: str
    speaker: str | None
    role: str | None
    cue: str | None
    kind: QuoteKind
    start: int
    end: int
    #: Names of the rules that decided this quote, in order (filled when explaining).
    why: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Figure:
    text: str
    #: Normalised number (int/float), an ISO date string, or None when unparseable.
    value: int | float | str | None
    #: What it counts or measures ("US troops", "of GDP", "km"), when known.
    unit: str | None
    kind: FigureKind
    #: Its sentence, shortened.
    context: str
    start: int
    end: int
    #: Names of the rules that decided this figure, in order (filled when explaining).
    why: list[str] = field(default_factory=list)
    #: One of the few a reader must see (headline and lede, money, shares, counts with a unit…).
    key: bool = False


@dataclass(slots=True)
class Source:
    name: str
    kind: SourceKind
    #: (start, end) of each place the article names this source.
    mentions: list[tuple[int, int]] = field(default_factory=list)
    #: How many quotes this source supplies.
    quotes: int = 0
    #: Names of the rules that decided this source, in order (filled when explaining).
    why: list[str] = field(default_factory=list)

    @property
    def cited(self) -> int:
        """How often the article leans on this source: mentions, at least one."""
        return max(1, len(self.mentions))


@dataclass(slots=True)
class Analysis:
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def to_dict(self, *, explain: bool = False) -> dict[str, list[dict[str, Any]]]:
        """JSON-ready form: ``{"quotes": [...], "figures": [...], "sources": [...]}``.

        Each item's ``why`` (the rules that decided it) is kept only when
        ``explain`` is set, so the everyday output stays as it was.
        """

        def plain(obj: Any) -> dict[str, Any]:
            d = asdict(obj)
            for k, v in d.items():
                if isinstance(v, date):
                    d[k] = v.isoformat()
                elif k == "mentions":
                    d[k] = [list(m) for m in v]
            if not explain:
                d.pop("why", None)
            return d

        return {
            "quotes": [plain(q) for q in self.quotes],
            "figures": [plain(f) for f in self.figures],
            "sources": [plain(s) for s in self.sources],
        }

    @property
    def empty(self) -> bool:
        return not (self.quotes or self.figures or self.sources)
