"""The analysis index catch-up: analyse every entry not yet indexed, resumably.

Why worker processes: analysing is pure CPU work (about 10 ms an article), and
17,000 entries would hold one interpreter for minutes. A small pool of niced
processes does it beside the reader or a command; the library is written only
here, in the parent, one short transaction per batch, so the catch-up can stop
at any point (Ctrl+C, the reader quitting) and resume where it left off: what
is stored stays stored, keyed by :data:`feeds.analysis.ANALYSER_VERSION`.
"""

from __future__ import annotations

import time
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from ..analysis import ANALYSER_VERSION
from ..library.indexed import AnalysedEntry

if TYPE_CHECKING:
    from ..library.store import Library

__all__ = ["CatchUp", "catch_up", "analyse_entries"]

#: Entries a worker analyses per task: large enough to amortise pickling, small
#: enough that a stop loses little and progress moves.
BATCH = 40
#: Below this many entries a pool costs more to start than it saves.
IN_PROCESS_BELOW = 60


@dataclass(slots=True)
class CatchUp:
    """What a catch-up did."""

    analysed: int = 0
    stored: int = 0
    seconds: float = 0.0


def analyse_entries(items: Sequence[tuple[int, str, str]]) -> list[AnalysedEntry]:
    """Analyse (seq, title, text) entries into plain data (runs in a worker)."""
    from ..analysis import analyze

    out = []
    for seq, title, text in items:
        a = analyze(text, title=title or "")
        out.append(AnalysedEntry(
            seq=seq, text=text, title=title,
            quotes=[(q.text, q.speaker, q.role, str(q.kind), q.start, q.end) for q in a.quotes],
            sources=[(s.name, str(s.kind), len(s.mentions), s.quotes) for s in a.sources],
            figures=[(f.text, None if f.value is None else str(f.value), f.unit, str(f.kind), f.context,
                      f.start, f.end) for f in a.figures if f.key]))
    return out


def _pool(workers: int) -> Executor:
    """Fresh interpreters, not forks (the reader has threads, and a fork could inherit a held
    lock), fed over pipes: niced, dying with this process, off the terminal (feeds.parse_worker)."""
    from ..parse_worker import WorkerPool

    return WorkerPool(workers)


def catch_up(library: "Library", *, workers: int = 2, version: str = ANALYSER_VERSION,
             progress: Callable[[int, int], None] | None = None,
             should_stop: Callable[[], bool] = lambda: False) -> CatchUp:
    """Bring the library's analysis index up to date; ``progress(done, total)`` after each batch.

    Pending entry text is made first (the index needs the text). Returns at
    once on a read-only library. ``should_stop`` is polled between batches.
    """
    started = time.monotonic()
    result = CatchUp()
    if library.readonly:
        return result
    library.make_pending_text()
    total = library.index_behind(version)
    if total == 0:
        return result
    batches = _batches(library, version)
    if total < IN_PROCESS_BELOW or workers < 1:
        for batch in batches:
            result.analysed += len(batch)
            result.stored += library.store_index(version, analyse_entries(batch))
            if progress:
                progress(result.analysed, total)
            if should_stop():
                break
    else:
        with _pool(workers) as pool:
            result = _run_pool(library, pool, batches, version, total, workers, progress, should_stop)
    result.seconds = time.monotonic() - started
    return result


def _batches(library: "Library", version: str):
    """Successive batches of entries to analyse, read from the library as they are needed."""
    after = 0
    while True:
        rows = library.index_todo(version, after, BATCH)
        if not rows:
            return
        after = rows[-1][0]
        yield [(r[0], r[1] or "", r[2] or "") for r in rows]


def _run_pool(library, pool, batches, version, total, workers, progress, should_stop) -> CatchUp:
    """Keep a few batches in flight per worker; store each as it lands, in order of submission."""
    result = CatchUp()
    inflight = []
    source = iter(batches)
    exhausted = False
    while True:
        while not exhausted and len(inflight) < workers * 2:
            batch = next(source, None)
            if batch is None:
                exhausted = True
                break
            inflight.append((len(batch), pool.submit(analyse_entries, batch)))
        if not inflight:
            return result
        size, future = inflight.pop(0)
        result.analysed += size
        result.stored += library.store_index(version, future.result())
        if progress:
            progress(result.analysed, total)
        if should_stop():
            for _, f in inflight:
                f.cancel()
            return result
