"""No cyclic garbage collection while the reader starts: every object made then is kept.

From launch to the first frame the reader makes about 60,000 objects (Textual's
and our modules, the stylesheet, the widgets, the library's first screen), and
nearly all of them live as long as the app. The collector, triggered every 700
allocations, walked them again and again: about 120 collections costing 45–70
ms, a tenth of the start-up, to free almost nothing. The collector is paused
when the reader starts and resumed once the first frame is on screen, or after
:data:`RESUME_AFTER` seconds whatever happens, so a start-up that never draws
(an error, a test app) still collects. Reference counting frees everything
that is not in a cycle meanwhile, as always.

On resuming, those objects are moved out of the collector's sight for good
(``gc.freeze``). A full collection walks every object it tracks: with the
start-up's ~55,000 in it, one took 50–75 ms, a key pressed at that moment
waited for it, and during a refresh (whose results survive) full collections
come every few seconds. Frozen, a full collection walks only what was made
since. What the freeze keeps that was garbage is small: a collection at the
first frame freed ~400 objects.
"""

from __future__ import annotations

import gc

#: Seconds after which collection resumes even if no first frame was drawn.
RESUME_AFTER = 3.0

_paused = False


def pause() -> None:
    """Stop collecting until :func:`resume` (a no-op when collection was already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect again, if :func:`pause` stopped it; safe to call any number of times."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether start-up has collection paused now."""
    return _paused
