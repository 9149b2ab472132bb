"""Article analysis: quotes with their speakers, key figures, and sources.

``analyze(text)`` is pure, deterministic and needs no model download. The
result's offsets point into ``text``.
"""

from .model import Analysis, Figure, Quote, Source
from .pipeline import analyze

__all__ = ["analyze", "Analysis", "Quote", "Figure", "Source"]
