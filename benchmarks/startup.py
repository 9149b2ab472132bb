#!/usr/bin/env python3
"""Start-up time and memory of the reader, against a bare Textual app of the same shape.

For each run: note the time, start the command in a fresh tmux session at
120×40, poll ``capture-pane`` (sleeping between polls, so the poller does not
steal a core) until the first screen with content is painted, read the
process's peak RSS (VmHWM), then quit it. The baseline is a minimal Textual app
with the same three columns and three stacked panes, measured in the same run.

    python benchmarks/startup.py [--runs 7] [--skip-large]

Cases: the built-in samples; a library of 500 feeds and ~17,000 entries; a library
of 100,000 entries (both built once into ``benchmarks/.cache/`` and reused).
Targets: samples and the 500-feed library ≤ 1.3× the baseline, the 100,000-entry
library ≤ 1.5×; peak RSS ≤ 100 MB.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.procinfo import cpu_seconds  # noqa: E402

BASELINE_APP = '''
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static

BODY = "\\n\\n".join(f"Paragraph {i} of a plain article body, long enough to wrap across the column." for i in range(30))


class Probe(App):
    CSS = """
    #list { width: 30; border: round $panel; }
    #article { width: 1fr; border: round $panel; }
    #panes { width: 40; }
    #panes > OptionList { height: 1fr; border: round $panel; }
    """

    def compose(self):
        with Horizontal():
            yield OptionList(*[f"Article {i}\\n  Source · 2026-01-01" for i in range(6)], id="list")
            with VerticalScroll(id="article"):
                yield Static("Baseline article title")
                yield Static(BODY)
            with Vertical(id="panes"):
                yield OptionList(*[f"Speaker {i}\\n  a quote" for i in range(5)], id="q")
                yield OptionList(*[f"{i}%  figure" for i in range(5)], id="f")
                yield OptionList(*[f"Source {i}" for i in range(5)], id="s")
        yield Footer()

    def on_mount(self):
        self.query_one("#q").border_title = "Quotes"
        self.query_one("#f").border_title = "Key figures"
        self.query_one("#s").border_title = "Sources"


Probe().run()
'''


def tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10).stdout


def peak_rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


_RUN = 0


#: CPU seconds (user + system) each case's process had used at its first milestone.
CPU_AT_PAINT: dict[str, list[float]] = {}


def measure(command: list[str], milestones: list[list[str]], env: dict[str, str],
            socket: str, label: str = "") -> tuple[list[float], int]:
    """Seconds from launch until each milestone's texts are all on screen, and peak RSS (KiB).

    Also notes the process's CPU time at the first milestone (``CPU_AT_PAINT``): on a
    machine shared with other work the wall clock swings by 2x between runs, the CPU a
    start-up needs much less.
    """
    global _RUN
    _RUN += 1
    name = f"bench{_RUN}"  # a fresh name: a session still closing cannot collide with the next
    cmdline = "exec " + " ".join(shlex.quote(c) for c in command)
    t0 = time.perf_counter()
    for attempt in range(5):  # the server may still be shutting down after the last session ended
        started = subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                                  cmdline], env=env, capture_output=True, text=True)
        if started.returncode == 0:
            break
        time.sleep(0.2)
        t0 = time.perf_counter()
    else:
        raise SystemExit(f"tmux new-session failed: {started.stderr.strip()}")
    times: list[float] = []
    pane_pid = int(tmux(socket, "display-message", "-p", "-t", name, "#{pane_pid}").strip() or 0)
    deadline = t0 + 30
    screen = ""
    while len(times) < len(milestones) and time.perf_counter() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", name)
        while len(times) < len(milestones) and all(r in screen for r in milestones[len(times)]):
            times.append(time.perf_counter() - t0)
            if len(times) == 1 and label:
                cpu = cpu_seconds(pane_pid)
                if cpu is not None:
                    CPU_AT_PAINT.setdefault(label, []).append(cpu)
        time.sleep(0.02)  # gentle polling: each capture-pane is a process, and the machine has 2 cores
    if len(times) < len(milestones):
        raise SystemExit(f"never painted {milestones[len(times)]!r}; screen:\n{screen}")
    time.sleep(0.3)
    pid = int(tmux(socket, "display-message", "-p", "-t", name, "#{pane_pid}").strip() or 0)
    rss = peak_rss_kib(pid) if pid else 0
    tmux(socket, "send-keys", "-t", name, "Q")
    end = time.perf_counter() + 5
    while time.perf_counter() < end and name in tmux(socket, "list-sessions"):
        time.sleep(0.02)
    tmux(socket, "kill-session", "-t", name)
    return times, rss


CACHE = Path(__file__).resolve().parent / ".cache"


def large_library(feeds: int, per_feed: int) -> Path:
    """A library file with ``feeds`` × ``per_feed`` entries, built once and reused."""
    from feeds.library.schema import SCHEMA_VERSION

    path = CACHE / f"library-{feeds}x{per_feed}-v{SCHEMA_VERSION}.sqlite"
    if path.exists():
        return path
    from tests.libgen import build_library

    CACHE.mkdir(exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    t0 = time.perf_counter()
    lib = build_library(tmp, feeds=feeds, per_feed=per_feed, folders=12)
    lib.update_search_index()  # as a user's library is once a refresh's catch-up has run
    lib.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)
    print(f"built {path.name} in {time.perf_counter() - t0:.1f} s")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--skip-large", action="store_true", help="only the samples and the baseline")
    args = ap.parse_args()
    if not shutil.which("tmux"):
        print("tmux is not installed; skipping")
        return 0
    bindir = Path(sys.executable).parent
    newsreader = shutil.which("newsreader", path=str(bindir)) or shutil.which("newsreader")
    if not newsreader:
        print("newsreader is not installed in this environment")
        return 1
    socket = f"nr-bench-{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        # Measure what a user gets: byte-code cached after the first run (an
        # editable install has no .pyc until a first run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(Path(tmp) / var.lower())
        probe = Path(tmp) / "probe.py"
        probe.write_text(BASELINE_APP)
        # First paint = the screen with its content: for newsreader the article
        # list and the article's body.
        cases = {
            "newsreader (default library)": ([newsreader], [["Articles (6)", "Kirisawa Instruments said"]]),
            "baseline Textual app": ([sys.executable, str(probe)], [["Key figures", "Paragraph 3 of"]]),
        }
        #: Per case, the library it opens: copied afresh before each run (opening a
        #: library may write to it), outside the timed part, as a user's library is
        #: simply there when they start the reader.
        libraries: dict[str, Path] = {}
        if not args.skip_large:
            for label, (feeds, per_feed, shown) in {
                    "newsreader, 500 feeds / 17,500": (500, 35, "17,500"),
                    "newsreader, 100,000 entries": (400, 250, "100,000")}.items():
                libraries[label] = large_library(feeds, per_feed)
                cases[label] = ([newsreader], [[f"All articles ({shown})", "Body of story"]])

        def run(label: str) -> tuple[list[float], int]:
            cmd, ready = cases[label]
            if label in libraries:
                copy = Path(tmp) / "lib.sqlite"
                for suffix in ("-wal", "-shm"):
                    Path(str(copy) + suffix).unlink(missing_ok=True)
                shutil.copyfile(libraries[label], copy)
                # env(1), not the tmux client's environment: a running tmux server
                # gives new panes its own environment, not the client's.
                cmd = ["env", f"NEWSREADER_LIBRARY={copy}", *cmd]
            return measure(cmd, ready, env, socket, label)

        results: dict[str, list[tuple[list[float], int]]] = {k: [] for k in cases}
        try:
            for label in cases:  # warm-up, not counted
                run(label)
            CPU_AT_PAINT.clear()
            for _ in range(args.runs):  # interleave the cases so drift affects all alike
                for label in cases:
                    results[label].append(run(label))
        finally:
            tmux(socket, "kill-server")

    medians = {}
    for label, runs in results.items():
        times = [t[0] for t, _ in runs]
        medians[label] = statistics.median(times)
        peak = max(r for _, r in runs) / 1024
        print(f"{label:32s} first paint median {medians[label] * 1000:7.1f} ms "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)})  peak RSS {peak:.1f} MB")
        if len(runs[0][0]) > 1:
            filled = [t[1] for t, _ in runs]
            print(f"{'':32s} panes filled median {statistics.median(filled) * 1000:6.1f} ms")
    base = medians["baseline Textual app"]
    cpu_base = statistics.median(CPU_AT_PAINT.get("baseline Textual app", [0.0])) or None
    for label, cpus in CPU_AT_PAINT.items():
        if cpu_base and label != "baseline Textual app":
            print(f"CPU to first paint {label:32s} median {statistics.median(cpus) * 1000:6.0f} ms "
                  f"(baseline {cpu_base * 1000:.0f} ms): {statistics.median(cpus) / cpu_base:.2f}x")
    for label, target in (("newsreader (default library)", 1.3), ("newsreader, 500 feeds / 17,500", 1.3),
                          ("newsreader, 100,000 entries", 1.5)):
        if label not in medians:
            continue
        peak = max(r for _, r in results[label]) / 1024
        print(f"ratio {label} / baseline: {medians[label] / base:.2f}  (target <= {target:.2f})  "
              f"peak RSS {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
