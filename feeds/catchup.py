"""The text, search-index and analysis-index catch-up, in a process of its own.

Why: a refresh stores what each feed sent and leaves turning entry HTML into
text (and indexing it for search) for later. After a first refresh of a big
library that is tens of seconds of CPU. In the reader's process it competed
with the key presses for the interpreter lock; in a child it competes only for
a core, and the child runs at a low priority.

    python -m feeds.catchup LIBRARY --parent PID

The reader owns the child (:class:`CatchUp`): it starts it from its main
thread, polls :meth:`~feeds.library.store.Library.pending_text` for its status
line and kills it on quit. The child dies with its parent (Linux's
parent-death signal, armed before any work). Killing it loses nothing: each
batch is one transaction, and a row not yet converted keeps its stored body,
so the next catch-up takes it.

Last, and only once text and search are done, the analysis index (who said
what, :mod:`feeds.people.index`) catches up: every new entry is analysed once,
in worker processes, so the People and Stories views and the ``people``,
``quotes`` and ``stories`` commands find it ready.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

#: Lower than the refresh child (5): fetching and keys both come first.
CATCHUP_NICENESS = 10
#: Entries converted per transaction: small, so readers get the lock between batches.
BATCH = 200


@dataclass
class CatchUp:
    """One catch-up child for one library, owned by the process that started it.

    Start it from a thread that lives as long as the reader (its main thread):
    the parent-death signal fires when the *thread* that started the child ends.
    """

    library_path: Path
    _proc: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> bool:
        """Start the child unless one is running; False when it was already running.

        Raises OSError when no process can be started (the caller may then
        catch up in a thread of its own).
        """
        if self.running:
            return False
        argv = [sys.executable, "-m", "feeds.catchup", str(self.library_path), "--parent", str(os.getpid())]
        self._proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, close_fds=True)
        return True

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def returncode(self) -> int | None:
        return self._proc.poll() if self._proc is not None else None

    def stop(self) -> None:
        """Kill the child and reap it; what it had converted stays converted."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)


def _arm(parent: int) -> bool:
    """Die with the parent and step aside for it; False if the parent is already gone."""
    from .parse_worker import _parent_death_signal

    _parent_death_signal()
    with contextlib.suppress(OSError):
        os.nice(CATCHUP_NICENESS)
    return os.getppid() == parent


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m feeds.catchup")
    ap.add_argument("library")
    ap.add_argument("--parent", type=int, default=None)
    ap.add_argument("--no-analysis", action="store_true", help="text and search only")
    args = ap.parse_args(argv)
    if not _arm(args.parent if args.parent is not None else os.getppid()):
        return 1
    from .library.errors import LibraryError
    from .library.store import Library

    try:
        with Library.open(args.library, check=False) as library:
            library.update_search_index(batch=BATCH)
            if not args.no_analysis:
                from .people.index import catch_up

                catch_up(library)
    except LibraryError:
        return 2  # busy or damaged: the reader tries again later; nothing was lost
    return 0


if __name__ == "__main__":
    sys.exit(main())
