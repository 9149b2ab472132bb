#!/usr/bin/env python3
"""Refresh throughput: newsreader against a bare httpx fetch (the floor) and newsboat.

Serves N copies of the real-world feed corpus from loopback (a separate server
process, 50 host addresses so per-host limits behave as on the web), then, in
one run:

1. the floor: a bare ``httpx.AsyncClient`` fetching the same URLs at the same
   concurrency as newsreader's fetcher (its overall and per-host limits, read
   from ``feeds.net.http.Fetcher``), reading every body and nothing more;
2. ``newsreader import`` + ``newsreader refresh`` into a fresh library: wall
   time, entries stored, entries/s, peak RSS;
3. the search index that refresh leaves behind (the reader catches it up in
   the background; here ``newsreader search`` does it), timed separately;
4. if ``newsboat`` is installed, ``newsboat -x reload`` on the same URLs
   (``reload-threads 16``);
5. a second ``newsreader refresh``: everything answers 304.

    python benchmarks/refresh.py [--feeds 500]

Targets (issue 11): first refresh ≤ 1.5× the floor and ≤ 0.5× newsboat;
second refresh ≤ 1.2× the floor; peak RSS of the refresh process tree ≤ 150 MB.
Entry text is made after the refresh (store now, convert later): step 3 times
that conversion together with the search index.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from feedserver import SHARED, serve  # noqa: E402

sys.path.insert(0, str(HERE.parent))
from tests.procinfo import cpu_seconds, rss_kib, tree_pids  # noqa: E402

FLOOR = r'''
import asyncio, json, sys, time
import httpx

async def main(urls):
    limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)
    glob = asyncio.Semaphore(MAX_CONNECTIONS)
    hosts = {}
    total = 0
    async with httpx.AsyncClient(limits=limits, timeout=30, trust_env=False) as client:
        async def one(url):
            nonlocal total
            host = url.split("/")[2]
            sem = hosts.setdefault(host, asyncio.Semaphore(PER_HOST))
            async with sem, glob:
                r = await client.get(url)
                total += len(r.content)
        t0 = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return time.perf_counter() - t0, total

secs, size = asyncio.run(main(json.load(sys.stdin)))
print(json.dumps({"seconds": secs, "bytes": size}))
'''


def floor_program() -> str:
    """The bare-httpx floor, with the same limits as newsreader's fetcher."""
    from feeds.net.http import Fetcher

    limits = Fetcher()
    return (FLOOR.replace("MAX_CONNECTIONS", str(limits.max_connections))
            .replace("PER_HOST", str(limits.per_host)))


def _role(pid: int, root: int) -> str | None:
    try:
        cmd = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return None
    return ("main" if pid == root else "parse workers" if b"feeds.parse_worker" in cmd or b"spawn_main" in cmd
            else "resource tracker" if b"resource_tracker" in cmd else "other")


def _tree_by_role(pid: int, cpu_seen: dict[int, tuple[str, float]] | None = None) -> dict[str, int]:
    """RSS (KiB) of ``pid``'s tree by role: the refresh itself, its parse workers, anything else.

    Printed at the tree's peak, so that a memory target points at the process to work on.
    ``cpu_seen`` collects each process's role and CPU seconds so far (the last sample counts).
    """
    roles: dict[str, int] = {}
    for p in tree_pids(pid):
        role = _role(p, pid)
        if role is None:
            continue
        roles[role] = roles.get(role, 0) + rss_kib(p)
        if cpu_seen is not None:
            cpu = cpu_seconds(p)
            if cpu is not None:
                known = cpu_seen.get(p)
                # an exited worker (a zombie until reaped) has no command line left: keep its role
                cpu_seen[p] = (known[0] if known and role == "other" else role, cpu)
    return roles


#: RSS by role at the last run_child's peak.
last_roles: dict[str, int] = {}
#: CPU seconds by role in the last run_child (sampled, so a little under the total).
last_cpu_roles: dict[str, float] = {}

#: CPU seconds (user + system) of the last run_child's process tree: steadier than wall
#: time on a busy machine, so printed next to it.
last_cpu = 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(argv: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of its process tree (KiB, sampled) and stdout of one child process."""
    global last_cpu
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu0 = _children_cpu()
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=out, stderr=err, text=True)
        if stdin:
            proc.stdin.write(stdin)
            proc.stdin.close()
        peak = 0
        global last_roles, last_cpu_roles
        last_roles = {}
        cpu_seen: dict[int, tuple[str, float]] = {}
        while proc.poll() is None:
            roles = _tree_by_role(proc.pid, cpu_seen)
            if sum(roles.values()) > peak:
                peak, last_roles = sum(roles.values()), roles
            time.sleep(0.05)
        last_cpu_roles = {}
        for role, cpu in cpu_seen.values():
            last_cpu_roles[role] = last_cpu_roles.get(role, 0.0) + cpu
        wall = time.perf_counter() - t0
        last_cpu = _children_cpu() - cpu0
        out.seek(0)
        err.seek(0)
        if proc.returncode not in (0, 2):
            raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {err.read()[-500:]}")
        return wall, peak, out.read()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=500)
    args = ap.parse_args()
    if not (SHARED / "corpus" / "feeds" / "real-world").is_dir():
        print("../shared/corpus/feeds is not present; skipping")
        return 0
    newsreader = shutil.which("newsreader", path=str(Path(sys.executable).parent)) or shutil.which("newsreader")
    with serve(args.feeds) as (info, urls):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config",
                       NO_PROXY="*")
            env.pop("HTTP_PROXY", None)
            env.pop("HTTPS_PROXY", None)
            opml = Path(tmp) / "feeds.formats.opml"
            opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>'
                            + "".join(f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
                            + "</body></opml>")

            floor = json.loads(run_child([sys.executable, "-c", floor_program()], env, json.dumps(urls))[2])
            floor_cpu = last_cpu
            print(f"bare httpx floor        {floor['seconds']:7.2f} s  ({floor['bytes'] / 1e6:.1f} MB fetched; "
                  f"process CPU {floor_cpu:.2f} s)")

            run_child([newsreader, "import", str(opml)], env)
            first_wall, first_rss, out = run_child([newsreader, "refresh", "--json"], env)
            first = json.loads(out)
            first_cpu = last_cpu
            entries = first["new_entries"]
            print(f"newsreader refresh #1   {first_wall:7.2f} s  {entries} entries, "
                  f"{entries / first_wall:,.0f} entries/s, {first['failed']} failed, "
                  f"peak RSS {first_rss / 1024:.0f} MB (process tree), CPU {first_cpu:.2f} s")
            print("  at the peak: " + ", ".join(f"{role} {kib / 1024:.0f} MB" for role, kib in last_roles.items()))
            print("  CPU by process: " + ", ".join(f"{role} {cpu:.2f} s" for role, cpu in last_cpu_roles.items()))
            index_wall, _, _ = run_child([newsreader, "search", "--limit", "1", "the"], env)
            print(f"text + search catch-up  {index_wall:7.2f} s  (entry text made from the stored HTML, then "
                  "indexed: deferred from the refresh, done in the background by the reader)")
            second_wall, second_rss, out = run_child([newsreader, "refresh", "--json"], env)
            second = json.loads(out)
            print(f"newsreader refresh #2   {second_wall:7.2f} s  {second['not_modified']} not modified (304)")

            boat = shutil.which("newsboat")
            boat_wall = None
            if boat:
                home = Path(tmp) / "boat"
                home.mkdir()
                (home / "urls").write_text("\n".join(urls) + "\n")
                (home / "config").write_text("reload-threads 16\n")
                boat_env = dict(env, HOME=str(home))
                boat_wall, _, _ = run_child([boat, "-u", str(home / "urls"), "-C", str(home / "config"),
                                             "-c", str(home / "cache.db"), "-x", "reload"], boat_env)
                boat_cpu = last_cpu
                print(f"newsboat -x reload      {boat_wall:7.2f} s  (reload-threads 16), CPU {boat_cpu:.2f} s")
            else:
                print("newsboat not installed (apt-get install newsboat): comparison skipped")

            print()
            print(f"first refresh CPU / floor CPU: {first_cpu / max(floor_cpu, 1e-6):.2f}")
            print(f"first refresh / floor:  {first_wall / floor['seconds']:.2f}  (target <= 1.5; the floor "
                  "is measured inside its process, our time includes interpreter start-up)")
            if boat_wall:
                print(f"first refresh / newsboat: {first_wall / boat_wall:.2f}  (target <= 0.5; "
                      f"CPU {first_cpu / max(boat_cpu, 1e-6):.2f})")
            print(f"second refresh / floor: {second_wall / floor['seconds']:.2f}  (target <= 1.2)")
            print(f"second / first:         {second_wall / first_wall:.2f}")
            print(f"peak RSS:               {max(first_rss, second_rss) / 1024:.0f} MB  (target <= 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
