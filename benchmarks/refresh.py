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

    python benchmarks/refresh.py [--feeds 500] [--rounds 3]

Each round runs all of them again, side by side; each ratio is taken within
its round and the median over rounds is printed (the machine's speed drifts).

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
import statistics
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


def one_round(urls: list[str], newsreader: str, round_no: int, verbose: bool) -> dict[str, float]:
    """Floor, first refresh (fresh library), newsboat, second refresh: back to back, one round.

    The machine's speed drifts by a fifth over minutes (other tenants, clocks), so a ratio
    is only fair between runs made side by side: each round measures all of them again.
    """
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_DATA_HOME=f"{tmp}/data", XDG_CONFIG_HOME=f"{tmp}/config", NO_PROXY="*")
        env.pop("HTTP_PROXY", None)
        env.pop("HTTPS_PROXY", None)
        opml = Path(tmp) / "feeds.formats.opml"
        opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>'
                        + "".join(f'<outline type="rss" text="f{i}" xmlUrl="{u}"/>' for i, u in enumerate(urls))
                        + "</body></opml>")
        print(f"round {round_no}")
        floor = json.loads(run_child([sys.executable, "-c", floor_program()], env, json.dumps(urls))[2])
        out["floor"], out["floor_cpu"] = floor["seconds"], last_cpu
        print(f"  bare httpx floor        {floor['seconds']:7.2f} s  ({floor['bytes'] / 1e6:.1f} MB fetched; "
              f"process CPU {last_cpu:.2f} s)")

        run_child([newsreader, "import", str(opml)], env)
        first_wall, first_rss, text = run_child([newsreader, "refresh", "--json"], env)
        first = json.loads(text)
        out["first"], out["first_cpu"], out["rss"] = first_wall, last_cpu, first_rss
        entries = first["new_entries"]
        print(f"  newsreader refresh #1   {first_wall:7.2f} s  {entries} entries, "
              f"{entries / first_wall:,.0f} entries/s, {first['failed']} failed, "
              f"peak RSS {first_rss / 1024:.0f} MB (process tree), CPU {last_cpu:.2f} s")
        print("    at the peak: " + ", ".join(f"{role} {kib / 1024:.0f} MB" for role, kib in last_roles.items()))
        print("    CPU by process: " + ", ".join(f"{role} {cpu:.2f} s" for role, cpu in last_cpu_roles.items()))
        if verbose:
            index_wall, _, _ = run_child([newsreader, "search", "--limit", "1", "the"], env)
            print(f"  text + search catch-up  {index_wall:7.2f} s  (entry text made from the stored HTML, then "
                  "indexed: deferred from the refresh, done in the background by the reader)")
        second_wall, second_rss, text = run_child([newsreader, "refresh", "--json"], env)
        out["second"], out["rss"] = second_wall, max(first_rss, second_rss)
        print(f"  newsreader refresh #2   {second_wall:7.2f} s  {json.loads(text)['not_modified']} not modified (304)")

        boat = shutil.which("newsboat")
        if boat:
            home = Path(tmp) / "boat"
            home.mkdir()
            (home / "urls").write_text("\n".join(urls) + "\n")
            (home / "config").write_text("reload-threads 16\n")
            boat_env = dict(env, HOME=str(home))
            boat_wall, _, _ = run_child([boat, "-u", str(home / "urls"), "-C", str(home / "config"),
                                         "-c", str(home / "cache.db"), "-x", "reload"], boat_env)
            out["boat"], out["boat_cpu"] = boat_wall, last_cpu
            print(f"  newsboat -x reload      {boat_wall:7.2f} s  (reload-threads 16), CPU {last_cpu:.2f} s")
        elif verbose:
            print("  newsboat not installed (apt-get install newsboat): comparison skipped")
    return out


def _ratios(label: str, values: list[float], target: str) -> None:
    shown = ", ".join(f"{v:.2f}" for v in values)
    print(f"{label:<26} {statistics.median(values):.2f}  (rounds: {shown}; target {target})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of floor, refresh and newsboat (median shown)")
    args = ap.parse_args()
    if not (SHARED / "corpus" / "feeds" / "real-world").is_dir():
        print("../shared/corpus/feeds is not present; skipping")
        return 0
    newsreader = shutil.which("newsreader", path=str(Path(sys.executable).parent)) or shutil.which("newsreader")
    with serve(args.feeds) as (info, urls):
        rounds = [one_round(urls, newsreader, i + 1, verbose=i == 0) for i in range(max(1, args.rounds))]
    print()
    print("median over rounds, each ratio within its own round (the floor is measured inside its process; "
          "our time includes interpreter start-up):")
    _ratios("first refresh / floor", [r["first"] / r["floor"] for r in rounds], "<= 1.5")
    _ratios("first refresh CPU / floor", [r["first_cpu"] / max(r["floor_cpu"], 1e-6) for r in rounds], "-")
    if all("boat" in r for r in rounds):
        _ratios("first refresh / newsboat", [r["first"] / r["boat"] for r in rounds], "<= 0.5")
        _ratios("  CPU / newsboat CPU", [r["first_cpu"] / max(r["boat_cpu"], 1e-6) for r in rounds], "-")
    _ratios("second refresh / floor", [r["second"] / r["floor"] for r in rounds], "<= 1.2")
    _ratios("second / first", [r["second"] / r["first"] for r in rounds], "-")
    print(f"{'peak RSS':<26} {max(r['rss'] for r in rounds) / 1024:.0f} MB  (largest of the rounds; target <= 150 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
