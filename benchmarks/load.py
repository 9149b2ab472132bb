#!/usr/bin/env python3
"""K1 under load: 2,000 feeds on loopback (10% slow, 5% failing) — limits, memory, UI latency.

1. ``newsreader refresh`` of the whole fleet as a subprocess: wall time, peak
   RSS of its process tree (sampled from /proc), and the in-flight maxima the
   server recorded (global and per host).
2. The reader itself (Textual, driven by Pilot) refreshing the fleet with ``R``
   while keys are pressed: key-to-screen latency during the refresh, against
   the same measurement when idle (the baseline of the same run).

    python benchmarks/load.py [--feeds 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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


def subscribe(urls: list[str]) -> None:
    from feeds.paths import library_path
    from feeds.store import Library

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=2000)
    args = ap.parse_args()
    if not (SHARED / "corpus" / "feeds" / "real-world").is_dir():
        print("../shared/corpus/feeds is not present; skipping")
        return 0
    with serve(args.feeds, slow=0.1, fail=0.05, delay=2) as (info, urls):
        stats_url = f"http://{info['hosts'][0]}:{info['port']}/stats"
        with tempfile.TemporaryDirectory() as tmp:
            os.environ.update(XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", NO_PROXY="*")
            subscribe(urls)
            newsreader = str(Path(sys.executable).parent / "newsreader")
            t0 = time.perf_counter()
            with open(f"{tmp}/out.json", "w") as out:
                proc = subprocess.Popen([newsreader, "refresh", "--json"], stdout=out, stderr=subprocess.DEVNULL)
                peak = 0
                while proc.poll() is None:
                    peak = max(peak, tree_rss_kib(proc.pid))
                    time.sleep(0.2)
            wall = time.perf_counter() - t0
            summary = json.loads(Path(f"{tmp}/out.json").read_text())
            with urllib.request.urlopen(stats_url) as r:
                stats = json.load(r)
            print(f"refresh of {summary['feeds']} feeds: {wall:.1f} s, {summary['ok']} ok, {summary['failed']} failed, "
                  f"{summary['new_entries']} entries")
            print(f"peak RSS of the refresh (process tree): {peak / 1024:.0f} MB  (target < 300 MB)")
            print(f"server saw at most {stats['max_in_flight']} requests at once (limit 16), "
                  f"{max(stats['max_in_flight_by_host'].values())} per host (limit 2)")

            # the reader: same library, everything answers again (304s and the slow ones)
            idle = asyncio.run(key_latencies(15, during_refresh=False))
            busy = asyncio.run(key_latencies(15, during_refresh=True))
            print(f"key → screen latency, idle:              median {statistics.median(idle):6.1f} ms, "
                  f"max {max(idle):6.1f} ms")
            print(f"key → screen latency, during refresh:    median {statistics.median(busy):6.1f} ms, "
                  f"max {max(busy):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
