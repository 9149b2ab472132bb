"""``analyze(text)``: the analyser as stages, each a function of its inputs returning a new value.

1. segmentation: paragraphs and sentences (``segment``), then the pairs of
   quotation marks (``pair_quotes``) and the candidate quotes among them
   (``select_quotes``, once per article);
2. attribution: names registered once for the whole text (``build_registry``),
   then cue events and their speakers (``Attributor``), blind to what is inside
   the candidate quotes so that a cue quoted is not taken for an attribution;
3. quotes: candidates attributed and filtered (``build_quotes``), with the
   speakers that supply them;
4. figures, skipping names and titles in marks (short candidates kept out of the quotes);
5. sources, from the registry, the cue events and the quotes' speakers.

Every item records in ``why`` the rules that decided it; ``explain`` says
whether a caller wants them (``Analysis.to_dict(explain=True)``).
"""

from __future__ import annotations

from bisect import bisect_right

from ..formats.htmltext import mask_markers
from .columns import find_column_turns
from .entities import build_registry
from .figures import build_figures
from .model import Analysis
from .quotes import build_quotes, select_quotes
from .segment import QuoteSpan, pair_quotes, segment
from .sources import build_sources
from .speakers import Attributor
from .turns import Turn, find_turns

__all__ = ["analyze"]

#: Candidates no longer than this that are not kept as quotes are names or titles for the figures stage.
_NAME_IN_MARKS = 60


def _names_in_marks(candidates: list[QuoteSpan], kept: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short spans in marks that are not quotes ("Project 2025"): not figures either.

    Words quoted inside a kept quote are part of it (speech, not a name)."""
    starts = [s for s, _ in kept]
    out = []
    for q in candidates:
        i = bisect_right(starts, q.start) - 1
        inside = i >= 0 and kept[i][0] <= q.start and q.end <= kept[i][1]
        if not inside and q.end - q.start <= _NAME_IN_MARKS:
            out.append((q.start, q.end))
    return out


def _spoken_spans(candidates: list[QuoteSpan], turns: list[Turn]) -> list[tuple[int, int]]:
    """Outer quotes and transcript turns, sorted and never overlapping: what the attribution
    does not read for cues (a quote in a turn is part of the turn)."""
    spans = [(t.start, t.end) for t in turns]
    starts = [s for s, _ in spans]
    for q in candidates:
        i = bisect_right(starts, q.open) - 1
        if q.depth == 0 and not (i >= 0 and spans[i][0] <= q.open < spans[i][1]):
            spans.append((q.open, q.close))
    return sorted(spans)


def analyze(text: str, *, explain: bool = False, title: str = "") -> Analysis:
    """Quotes with speakers, key figures and sources of an article's plain text.

    Pure and deterministic; never raises on odd input (it returns an empty or
    partial analysis instead); time linear in ``len(text)``. The items' ``why``
    always hold the rules that decided them (a few names each: cheaper to keep
    than to skip); ``explain=True`` is the caller's way of asking for them, and
    callers serialise with ``to_dict(explain=explain)``. ``title`` (the article's, when the
    caller has it apart from the text) may name who is interviewed in a transcript.
    """
    if not isinstance(text, str) or not text.strip():
        return Analysis()
    # Link markers, image placeholders and the link list are not prose (same length: offsets hold).
    text = mask_markers(text)
    seg = segment(text)
    candidates = select_quotes(text, pair_quotes(text, seg))
    title = title if isinstance(title, str) else ""
    turns = find_column_turns(text, seg, title) or find_turns(text, seg, title)
    outer = _spoken_spans(candidates, turns)
    reg = build_registry(text)
    att = Attributor(text, seg, reg, outer)
    att.find_events()
    result = build_quotes(text, seg, candidates, att, turns)
    att.quoted.extend(result.speakers)  # the sources stage reads who supplies quotes from the attribution
    kept = sorted((q.start, q.end) for q in result.quotes)
    figures = build_figures(text, seg, _names_in_marks(candidates, kept), title)
    sources = build_sources(text, reg, att, result.quotes)
    return Analysis(result.quotes, figures, sources)
