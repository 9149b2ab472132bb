"""Article analysis: quotes with their speakers, key figures, and sources.

``analyze(text)`` is pure, deterministic and needs no model download. The
result's offsets point into ``text``. Every quote, figure and source carries in
``why`` the names of the rules that decided it (``feeds.analysis.rules``);
``Analysis.to_dict(explain=True)`` keeps them in the JSON form
(``newsreader analyze --explain``).

The analyser compiles its lexicons and patterns when first used (about 70 ms),
so ``analyze`` is loaded on first access: the reader paints its first screen
while the first analysis is still importing in a worker thread.
"""

from typing import TYPE_CHECKING, Any

from .model import Analysis, Figure, Quote, Source

if TYPE_CHECKING:
    from .pipeline import analyze

__all__ = ["analyze", "Analysis", "Quote", "Figure", "Source"]


def __getattr__(name: str) -> Any:
    if name == "analyze":
        from .pipeline import analyze

        return analyze
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: Bump when a change to the analyser changes what it finds: the library's
#: analysis index (:mod:`feeds.people.index`) then analyses every entry again.
ANALYSER_VERSION = "2"  # 2: second blind set families, advice columns, world phone numbers
