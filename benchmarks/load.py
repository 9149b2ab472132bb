#!/usr/bin/env python3
"""K1/M13 under load: 2,000 loopback feeds, 222 slow (2-8 s) and 114 failing — time, memory, limits, UI latency.

1. ``newsreader refresh`` of the whole fleet as a subprocess, twice (the first
   refresh parses everything, the second gets 304s and waits for the slow
   servers again): wall time, peak RSS of its process tree (sampled from
   /proc), whether every healthy feed landed, and the in-flight maxima the
   server recorded (overall and per host). Target: <= 25 s, RSS < 250 MB.
2. Baselines from the same run: the floor no client can beat with 2
   connections per host (each host's slow feeds, two at a time), and the same
   first refresh with the old design's 16 connections overall
   (``--no-baseline`` skips it: it takes over a minute).
3. The reader itself (Textual, driven by Pilot) refreshing the fleet with ``R``
   while keys are pressed: key-to-screen latency during the refresh, against
   the same measurement when idle (``--no-keys`` skips it).
4. The same with the installed ``newsreader`` in a real terminal (tmux): ``j`` is
   sent and ``capture-pane`` polled until the article column changes; Pilot's own
   overhead (~120 ms a key) is not in it. Target during the refresh: median
   <= 60 ms, p95 <= 120 ms (``--no-tmux`` skips it).

    python benchmarks/load.py [--feeds 2000 --slow 222 --fail 114 --hosts 200] [--no-baseline] [--no-keys]
                              [--no-tmux]
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedserver import SHARED, serve  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from tests.procinfo import tree_rss_kib  # noqa: E402

TARGET_SECONDS = 25.0
TARGET_RSS_MB = 250


def subscribe(urls: list[str]) -> None:
    from feeds.core.paths import library_path
    from feeds.library.store import Library

    with Library.open(library_path()) as lib:
        for url in urls:
            lib.add_feed(url)


async def key_latencies(n_keys: int, during_refresh: bool) -> list[float]:
    """Milliseconds from pressing j to the article view showing another article."""
    from tui.app import make_app
    from tui.screens.library import LibraryScreen
    from tui.widgets.article_view import ArticleView

    app = make_app([])
    out: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if isinstance(app.screen, LibraryScreen):
                break
            await pilot.pause(0.05)
        view = app.screen.query_one(ArticleView)
        await app.workers.wait_for_complete()  # the start-up search-index catch-up: idle means idle
        if during_refresh:
            await pilot.press("R")
            await pilot.pause(0.5)
        for _ in range(n_keys):
            before = view.article
            t0 = time.perf_counter()
            await pilot.press("j")
            while view.article is before and time.perf_counter() - t0 < 10:
                await asyncio.sleep(0.002)
            await pilot.pause()  # the repaint
            out.append((time.perf_counter() - t0) * 1000)
        still = any(w.group == "refresh" and w.is_running for w in app.workers)
        if during_refresh and not still:
            print("  (the refresh ended before all keys were pressed)")
        app.exit()
    return out


def _tmux(socket: str, *args: str) -> str:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10).stdout


def _article_column(socket: str, name: str, left: int = 60) -> list[str]:
    """The article column of the 120-column screen (the left column's status line changes on its own)."""
    return [row[left:] for row in _tmux(socket, "capture-pane", "-p", "-t", name).splitlines()[:-1]]


def _into_one_feed(socket: str, name: str) -> None:
    """The first feed's view: the fleet repeats its feeds, so "All articles" has runs of identical
    entries, while one feed's entries all differ (``j``/``k`` always change the article)."""
    for key in ("BTab", "j", "j", "j"):  # into the feed list, past All/Unread/Starred
        _tmux(socket, "send-keys", "-t", name, key)
        time.sleep(0.3)
    time.sleep(1.0)
    _tmux(socket, "send-keys", "-t", name, "Tab")  # back to the article list
    time.sleep(0.5)


def tmux_key_latencies(n_keys: int, during_refresh: bool, *, gap: float = 0.4) -> list[float]:
    """Milliseconds from sending ``j`` (or ``k``) to the installed reader until its article column changes.

    The reader runs in tmux at 120×40 on the library refreshed above; polling
    ``capture-pane`` every few milliseconds costs a process each, which is small
    beside a key's latency. ``gap`` seconds between keys: a reader, not a key repeat.
    """
    newsreader = str(Path(sys.executable).parent / "newsreader")
    socket, name = f"nr-load-{os.getpid()}", "keys"
    for attempt in range(5):  # a tmux server starting in this sandbox sometimes exits at once
        started = subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                                  "exec " + shlex.quote(newsreader)], capture_output=True, text=True, timeout=10)
        if started.returncode == 0:
            break
        time.sleep(0.5)
    else:
        raise SystemExit(f"tmux new-session failed: {started.stderr.strip()}")
    out: list[float] = []
    try:
        deadline = time.perf_counter() + 60
        while "All articles (" not in _tmux(socket, "capture-pane", "-p", "-t", name):
            if time.perf_counter() > deadline:
                screen = _tmux(socket, "capture-pane", "-p", "-t", name)
                raise SystemExit(f"the reader never showed its library in tmux; the screen:\n{screen}")
            time.sleep(0.1)
        time.sleep(3.0)  # the search-index catch-up and the quick check: idle means idle
        _into_one_feed(socket, name)
        if during_refresh:
            _tmux(socket, "send-keys", "-t", name, "R")
            while "Refreshing" not in _tmux(socket, "capture-pane", "-p", "-t", name):
                time.sleep(0.05)
            time.sleep(0.5)
        for n in range(n_keys):
            before = _article_column(socket, name)
            t0 = time.perf_counter()
            _tmux(socket, "send-keys", "-t", name, "jk"[n % 2])  # between the feed's first two entries
            while time.perf_counter() - t0 < 10:
                if _article_column(socket, name) != before:
                    break
                time.sleep(0.002)
            out.append((time.perf_counter() - t0) * 1000)
            time.sleep(gap)
        if during_refresh and "Refreshing" not in _tmux(socket, "capture-pane", "-p", "-t", name):
            print("  (tmux: the refresh ended before all keys were pressed)")
    finally:
        _tmux(socket, "kill-server")
    return out


def _latency_line(label: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) >= 2 else ms[0]
    return (f"{label:<42}median {statistics.median(ms):6.1f} ms, p95 {p95:6.1f} ms, max {max(ms):6.1f} ms "
            f"(n={len(ms)})")


def floor_seconds(info: dict, per_host: int = 2) -> float:
    """The shortest possible refresh with ``per_host`` connections per host (slow waits only, FIFO)."""
    hosts = info["hosts"]
    delays = {int(i): d for i, d in info["delays"].items()}
    finish = 0.0
    for h in range(len(hosts)):
        slots = [0.0] * per_host
        for i in range(h, info["feeds"], len(hosts)):
            start = heapq.heappop(slots)
            heapq.heappush(slots, start + delays.get(i, 0.0))
        finish = max(finish, max(slots))
    return finish


def timed_cli_refresh(tmp: str, label: str) -> tuple[float, int, dict]:
    """``newsreader refresh --json`` as a subprocess: (seconds, peak RSS KiB of its tree, summary).

    The summary gets ``cpu_seconds``: what the refresh and its workers used (user + system).
    """
    newsreader = str(Path(sys.executable).parent / "newsreader")
    out_path = f"{tmp}/{label}.json"
    cpu_before = _children_cpu()
    t0 = time.perf_counter()
    with open(out_path, "w") as out:
        proc = subprocess.Popen([newsreader, "refresh", "--json"], stdout=out, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    summary = json.loads(Path(out_path).read_text())
    summary["cpu_seconds"] = _children_cpu() - cpu_before
    return wall, peak, summary


def _children_cpu() -> float:
    """CPU seconds of the children waited for so far (a refresh's workers are waited for by it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def baseline_refresh(urls: list[str], tmp: str) -> tuple[float, int]:
    """The same first refresh in-process with the old limits (16 connections overall, 2 per host)."""
    from feeds.net.http import Fetcher
    from feeds.refresh import refresh
    from feeds.library.store import Library

    async def run() -> tuple[float, int]:
        with Library.open(Path(tmp) / "baseline.sqlite") as lib:
            for url in urls:
                lib.add_feed(url)
            async with Fetcher(max_connections=16, per_host=2) as fetcher:
                summary = await refresh(lib, lib.feeds(), fetcher=fetcher)
            return summary.seconds, summary.ok

    return asyncio.run(run())


def report(label: str, wall: float, peak: int, summary: dict, healthy: set[str]) -> bool:
    """One line per refresh; True when it met the targets and every healthy feed landed."""
    landed = {r["url"] for r in summary["results"] if r["status"] != "error"}
    missing = len(healthy - landed)
    ok = wall <= TARGET_SECONDS and peak < TARGET_RSS_MB * 1024 and not missing
    print(f"{label:<16} {wall:6.1f} s  {summary['ok']} ok, {summary['failed']} failed, "
          f"{summary['new_entries']} new entries, healthy feeds missing: {missing}, "
          f"peak RSS {peak / 1024:.0f} MB  {'(met)' if ok else '(MISSED)'}")
    cores = os.cpu_count() or 1
    print(f"{'':<16} CPU {summary['cpu_seconds']:.0f} s (at least {summary['cpu_seconds'] / cores:.0f} s on "
          f"{cores} cores), load average {os.getloadavg()[0]:.1f}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--slow", type=int, default=222, help="feeds that wait 2-8 s before answering")
    ap.add_argument("--fail", type=int, default=114, help="feeds that answer 500")
    ap.add_argument("--hosts", type=int, default=200,
                    help="loopback hosts the feeds are spread over (with 2 per host, 50 hosts alone need 27 s)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the run with the old 16-connection limit")
    ap.add_argument("--no-keys", action="store_true", help="skip the key-latency measurement in the reader")
    ap.add_argument("--no-tmux", action="store_true", help="skip the key-latency probe of the installed reader")
    ap.add_argument("--keys", type=int, default=15, help="keys pressed per latency measurement")
    args = ap.parse_args()
    if not (SHARED / "corpus" / "feeds" / "real-world").is_dir():
        print("../shared/corpus/feeds is not present; skipping")
        return 0
    with serve(args.feeds, hosts=args.hosts, slow=args.slow, fail=args.fail, delay=2, delay_max=8) as (info, urls):
        stats_url = f"http://{info['hosts'][0]}:{info['port']}/stats"
        healthy = {u for i, u in enumerate(urls) if i not in set(info["fail"])}
        print(f"{args.feeds} feeds on {len(info['hosts'])} hosts: {len(info['slow'])} slow (2-8 s), "
              f"{len(info['fail'])} failing; targets <= {TARGET_SECONDS:.0f} s, peak RSS < {TARGET_RSS_MB} MB")
        print(f"floor (2 per host, every slow wait paid): {floor_seconds(info):.1f} s")
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update(XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", NO_PROXY="*")
            subscribe(urls)
            met = report("first refresh", *timed_cli_refresh(tmp, "first"), healthy)
            met &= report("second refresh", *timed_cli_refresh(tmp, "second"), healthy)
            with urllib.request.urlopen(stats_url) as r:
                stats = json.load(r)
            print(f"server saw at most {stats['max_in_flight']} requests at once, "
                  f"{max(stats['max_in_flight_by_host'].values())} per host (limit 2)")
            if not args.no_baseline:
                seconds, ok = baseline_refresh(urls, tmp)
                print(f"baseline: the first refresh with 16 connections overall: {seconds:.1f} s, {ok} ok")
            if not args.no_keys:
                # the reader: same library, everything answers again (304s and the slow ones)
                idle = asyncio.run(key_latencies(args.keys, during_refresh=False))
                busy = asyncio.run(key_latencies(args.keys, during_refresh=True))
                print(_latency_line("key → screen latency (Pilot), idle:", idle))
                print(_latency_line("key → screen latency (Pilot), refresh:", busy))
            if not args.no_tmux and shutil.which("tmux"):
                idle = tmux_key_latencies(args.keys, during_refresh=False)
                busy = tmux_key_latencies(args.keys, during_refresh=True)
                print(_latency_line("key → screen latency (tmux), idle:", idle))
                print(_latency_line("key → screen latency (tmux), refresh:", busy))
                print("  target during the refresh: median <= 60 ms, p95 <= 120 ms")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
