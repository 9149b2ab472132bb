"""Benchmark ``newsreader sync`` against a real Tiny Tiny RSS (the test server of tests/ttrss.py).

    .venv/bin/python benchmarks/sync.py [--feeds 100] [--entries 5000]

Seeds the server's database with ``--feeds`` feeds in 10 folders and
``--entries`` articles spread over them (one in five read, one in fifty
starred, a paragraph of HTML each), then times, each as the installed
``newsreader sync --json`` in a fresh process:

1. the first sync into an empty library (everything comes over);
2. an incremental sync after 50 new articles and 100 flags changed on the
   server and 100 marks made here (pushed, then the flags read back).

Exits 0 with the reason when tt-rss, PHP or PostgreSQL are not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ttrss import PASSWORD, USER, Article, start_server  # noqa: E402


def _articles(feed: int, count: int, start: int) -> list[Article]:
    return [Article(title=f"Feed {feed} report {start + i}",
                    content=f"<p>Council members met on day {start + i} to discuss the harbour budget, "
                            f"the ferry timetable and <a href='https://example.invalid/{i}'>the minutes</a>.</p>",
                    unread=(start + i) % 5 != 0, marked=(start + i) % 50 == 0)
            for i in range(count)]


def _sync(env: dict[str, str]) -> tuple[float, dict]:
    command = str(Path(sys.executable).parent / "newsreader")
    started = time.perf_counter()
    done = subprocess.run([command, "sync", "--json"], capture_output=True, text=True, env=env, timeout=1800)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sync failed: {done.stderr.strip()}")
    return seconds, json.loads(done.stdout)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--feeds", type=int, default=100)
    p.add_argument("--entries", type=int, default=5000)
    args = p.parse_args()
    server = start_server()
    if isinstance(server, str):
        print(f"skipped: {server}")
        return 0
    home = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        per_feed = max(1, args.entries // args.feeds)
        server.seed({(f"Desk {f % 10}", f"Feed {f}", f"https://feed{f}.example.invalid/rss"):
                     _articles(f, per_feed, f * per_feed) for f in range(args.feeds)})
        env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_CACHE_HOME=str(home / "cache"), XDG_STATE_HOME=str(home / "state"))
        (home / "config" / "newsreader").mkdir(parents=True)
        (home / "config" / "newsreader" / "config.toml").write_text(
            f'[sync]\nservice = "ttrss"\nurl = "{server.url}"\nuser = "{USER}"\n'
            f'password_command = "echo {PASSWORD}"\n', encoding="utf-8")
        first, summary = _sync(env)
        print(f"first sync: {args.feeds} feeds, {summary['new_entries']} entries: {first:.2f} s "
              f"(engine {summary['seconds']:.2f} s)")

        server.seed({("Desk 0", "Feed 0", "https://feed0.example.invalid/rss"): _articles(0, 50, 10**6)})
        server.psql("UPDATE ttrss_user_entries SET unread = NOT unread WHERE ref_id IN "
                    "(SELECT ref_id FROM ttrss_user_entries ORDER BY ref_id LIMIT 100)")
        os.environ.update(XDG_DATA_HOME=env["XDG_DATA_HOME"])
        from feeds.library.store import Library
        from feeds.core import paths
        with Library.open(paths.library_path()) as lib:
            for e in lib.entries(limit=100, offset=1000):
                lib.set_starred((e.feed_id, e.id), not e.starred)
        again, summary = _sync(env)
        print(f"incremental sync: {summary['new_entries']} new, {summary['pushed']} sent, "
              f"{summary['read_changed'] + summary['starred_changed']} flags from the server: {again:.2f} s "
              f"(engine {summary['seconds']:.2f} s)")
    finally:
        server.stop()
        subprocess.run(["rm", "-rf", str(home)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
