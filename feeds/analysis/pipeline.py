"""``analyze(text)``: segmentation once, then quotes, figures and sources.

Order matters: quotation marks are paired first so that speech cues inside
quotes are not taken for attributions; names are registered once for the
whole text; cue events feed both the quotes (speakers) and the sources pane.
"""

from __future__ import annotations

from ..htmltext import mask_markers
from .entities import build_registry
from .figures import build_figures
from .model import Analysis
from .quotes import build_quotes, select_quotes
from .segment import pair_quotes, segment
from .sources import build_sources
from .speakers import Attributor

__all__ = ["analyze"]


def analyze(text: str) -> Analysis:
    """Quotes with speakers, key figures and sources of an article's plain text.

    Pure and deterministic; never raises on odd input (it returns an empty or
    partial analysis instead); time linear in ``len(text)``.
    """
    if not isinstance(text, str) or not text.strip():
        return Analysis()
    # Link markers, image placeholders and the link list are not prose (same length: offsets hold).
    text = mask_markers(text)
    seg = segment(text)
    spans = pair_quotes(text, seg)
    outer = [(q.open, q.close) for q in select_quotes(text, seg, list(spans)) if q.depth == 0]
    reg = build_registry(text)
    att = Attributor(text, seg, reg, outer)
    att.find_events()
    quotes = build_quotes(text, seg, spans, att)
    kept = {(q.start, q.end) for q in quotes}
    names_in_marks = [(q.start, q.end) for q in select_quotes(text, seg, list(spans))
                      if (q.start, q.end) not in kept and q.end - q.start <= 60]
    figures = build_figures(text, seg, names_in_marks)
    sources = build_sources(text, reg, att, quotes)
    return Analysis(quotes, figures, sources)
