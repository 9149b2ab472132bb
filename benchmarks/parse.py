#!/usr/bin/env python3
"""Feed parsing: fastfeedparser alone, feedparser alone, and newsreader's parse_feed.

Parses every file in ``../shared/corpus/feeds/real-world/`` (skips cleanly when
the corpus is absent) with

  (a) ``fastfeedparser.parse(bytes)``      — its own date parsing, nothing else;
  (b) ``feedparser.parse(BytesIO(bytes))`` — sanitising off, as parse_feed calls it,
      and (b2) with feedparser's default options (HTML sanitising and URI resolution on);
  (c) ``feeds.formats.feedparse.parse_feed(bytes)``— guard + fast path/fallback + HTML→text
      + normalisation, i.e. everything the reader needs;
  (c2) what a refresh's worker does: ``parse_feed(defer_text=True)`` and
       ``prepare_entries`` (bodies kept for later, no HTML converted, but
       compressed: the line after the totals says by which library);
  (d) the guard alone (``feeds.formats.xmlguard.prepare_xml``), to show its share of (c).

and prints, per file, which path (c) took and the entry counts, then totals:
milliseconds (best of ``--runs`` rounds per file), MB/s, entries found, failures.

    python benchmarks/parse.py [--runs 5] [--quiet] [--pool 500]

``--pool N`` also sends N documents (these files, repeated; a document that is no
feed fails as in a refresh) through a real pool of two parse workers and prints the workers'
CPU (user and system), page faults per document and peak RSS.

"failures" counts exceptions, and for feedparser also files where it found no
entries (it reports errors through ``bozo`` instead of raising).

(a) runs before (c) in the same process, because (c) replaces fastfeedparser's
date parser with newsreader's (see feeds/formats/feedparse.py, _install_date_adapter).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "feeds" / "real-world"
sys.path.insert(0, str(ROOT))


def best_of(runs: int, fn, data: bytes):
    best = float("inf")
    result = error = None
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        try:
            result = fn(data)
            error = None
        except Exception as exc:  # noqa: BLE001 — counted as a failure
            error = exc
        best = min(best, time.perf_counter() - t)
    return best, result, error


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds per file; the best is kept")
    ap.add_argument("--quiet", action="store_true", help="totals only")
    ap.add_argument("--pool", type=int, default=0, metavar="DOCS",
                    help="also feed DOCS documents (the corpus, repeated) through a real pool of two parse "
                         "workers and print their CPU, page faults and peak RSS (Linux)")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is not present")
        return 0

    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    blobs = {p.name: p.read_bytes() for p in files}
    total_bytes = sum(len(b) for b in blobs.values())

    import fastfeedparser
    import feedparser

    def run_ffp(data: bytes):
        return fastfeedparser.parse(data)

    def run_fp(data: bytes):
        return feedparser.parse(io.BytesIO(data), response_headers={"content-type": "application/xml"},
                                sanitize_html=False, resolve_relative_uris=False)

    # (a) and (b) first: parse_feed changes fastfeedparser's date hook.
    rows: dict[str, dict] = {name: {"bytes": len(b)} for name, b in blobs.items()}
    for name, data in blobs.items():
        t, res, err = best_of(args.runs, run_ffp, data)
        rows[name]["ffp"] = (t, len(res["entries"]) if err is None else None, err)
    for name, data in blobs.items():
        t, res, err = best_of(args.runs, run_fp, data)
        n = len(res["entries"]) if err is None else None
        rows[name]["fp"] = (t, n, err if err is not None else (res.get("bozo_exception") if not n else None))
    for name, data in blobs.items():
        t, res, err = best_of(args.runs, lambda d: feedparser.parse(io.BytesIO(d)), data)
        n = len(res["entries"]) if err is None else None
        rows[name]["fp2"] = (t, n, err)

    from feeds.core.errors import FeedError
    from feeds.formats.feedparse import parse_feed
    from feeds.refresh import parse_for_store
    from feeds.formats.xmlguard import prepare_xml

    for name, data in blobs.items():
        t, res, err = best_of(args.runs, parse_feed, data)
        rows[name]["ours"] = (t, len(res.entries) if err is None else None, err,
                              res.parser if err is None else "error", res.warnings if err is None else [])
        t, res, err = best_of(args.runs, lambda d: parse_for_store(d, None, None, None), data)
        rows[name]["refresh"] = (t, len(res.entries) if err is None else None, err)
        rows[name]["answer"] = res if err is None else None
        t, _res, _err = best_of(args.runs, prepare_xml, data)
        rows[name]["guard"] = t

    if not args.quiet:
        print(f"{'file':58} {'KB':>6} {'ffp ms':>7} {'fp ms':>8} {'ours ms':>8} "
              f"{'ffp#':>5} {'fp#':>5} {'ours#':>5}  path")
        for name, r in rows.items():
            fa, fb, fc = r["ffp"], r["fp"], r["ours"]
            print(f"{name[:58]:58} {r['bytes'] / 1024:6.0f} {fa[0] * 1e3:7.2f} {fb[0] * 1e3:8.2f} "
                  f"{fc[0] * 1e3:8.2f} {_n(fa[1]):>5} {_n(fb[1]):>5} {_n(fc[1]):>5}  {fc[3]}"
                  + (f"  [{'; '.join(fc[4])[:60]}]" if fc[4] else ""))

    print()
    mb = total_bytes / 1e6
    print(f"{len(blobs)} files, {mb:.2f} MB, best of {args.runs} runs per file")
    print(f"{'':26} {'total ms':>9} {'MB/s':>8} {'entries':>8} {'failures':>9}")
    for label, key in (("(a) fastfeedparser alone", "ffp"), ("(b) feedparser alone", "fp"),
                       ("(b2) feedparser, defaults", "fp2"), ("(c) parse_feed", "ours"),
                       ("(c2) refresh's parse", "refresh")):
        total = sum(r[key][0] for r in rows.values())
        entries = sum(r[key][1] or 0 for r in rows.values())
        failures = sum(1 for r in rows.values() if r[key][1] is None or (key in ("fp", "fp2") and r[key][1] == 0))
        print(f"{label:26} {total * 1e3:9.1f} {mb / total:8.2f} {entries:8d} {failures:9d}")
    guard = sum(r["guard"] for r in rows.values())
    print(f"{'(d) guard (prepare_xml)':26} {guard * 1e3:9.1f} {mb / guard:8.2f}")
    from feeds.formats import feedparse as _fp

    deflate = getattr(_fp, "_deflate", None)  # (c2) packs entry bodies: with ISA-L where installed, else zlib
    print(f"(c2) packs bodies with {getattr(getattr(deflate, 'func', None), '__module__', None) or 'zlib'}")
    print(_answer_cost([r["answer"] for r in rows.values() if r["answer"] is not None], args.runs))
    paths: dict[str, int] = {}
    for r in rows.values():
        paths[r["ours"][3]] = paths.get(r["ours"][3], 0) + 1
    print("parse_feed paths: " + ", ".join(f"{k} {v}" for k, v in sorted(paths.items())))
    ffp_total = sum(r["ffp"][0] for r in rows.values())
    fp_total = sum(r["fp"][0] for r in rows.values())
    fp2_total = sum(r["fp2"][0] for r in rows.values())
    ours_total = sum(r["ours"][0] for r in rows.values())
    refresh_total = sum(r["refresh"][0] for r in rows.values())
    print(f"time ratios: feedparser / fastfeedparser {fp_total / ffp_total:.0f}x, "
          f"feedparser defaults / fastfeedparser {fp2_total / ffp_total:.0f}x, "
          f"parse_feed / fastfeedparser {ours_total / ffp_total:.1f}x, "
          f"refresh's parse / fastfeedparser {refresh_total / ffp_total:.1f}x, "
          f"feedparser / parse_feed {fp_total / ours_total:.1f}x")
    if args.pool:
        print(_pool_cost(list(blobs.values()), args.pool))
    fails = [(n, r["fp"][2]) for n, r in rows.items() if r["fp"][1] in (None, 0)]
    for n, e in fails:
        print(f"  feedparser found no entries in {n}: {str(e)[:80]}")
    errs = [(n, r["ours"][2]) for n, r in rows.items() if r["ours"][2] is not None]
    for n, e in errs:
        kind = f"FeedError {e.category}" if isinstance(e, FeedError) else type(e).__name__
        print(f"  parse_feed failed on {n}: {kind}: {e}")
    return 0


def _answer_cost(answers: list, runs: int) -> str:
    """What a worker sends back per document (c2's result, pickled as the pool does) and what
    pickling costs each side: the worker dumps, the refresh's main process loads."""
    import pickle

    blobs = [pickle.dumps((True, a), protocol=pickle.HIGHEST_PROTOCOL) for a in answers]
    entries = sum(len(a.entries) for a in answers)
    dumps = loads = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        for a in answers:
            pickle.dumps((True, a), protocol=pickle.HIGHEST_PROTOCOL)
        dumps = min(dumps, time.perf_counter() - t)
        t = time.perf_counter()
        for b in blobs:
            pickle.loads(b)
        loads = min(loads, time.perf_counter() - t)
    return (f"(c2) answer to the refresh: {sum(map(len, blobs)) / len(blobs) / 1024:.1f} KiB a document pickled; "
            f"dumps {dumps * 1e3:.1f} ms (worker), loads {loads * 1e3:.1f} ms (main process) for {entries} entries")


def _proc_stat(pid: int) -> tuple[int, float, float, int]:
    """(minor page faults, user s, system s, peak RSS KiB) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    hwm = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmHWM:"))
    return int(fields[7]), int(fields[11]) / tick, int(fields[12]) / tick, hwm


def _pool_cost(docs: list[bytes], count: int) -> str:
    """``count`` documents through two parse workers as a refresh hands them over (after one
    warm-up job each): the workers' user and system CPU, page faults per document, peak RSS."""
    if not Path("/proc/self/stat").exists():
        return "(pool) skipped: needs Linux /proc"
    from feeds.parse_worker import WorkerPool, parse_for_store

    pool = WorkerPool(2)
    try:
        for f in [pool.submit(parse_for_store, docs[0], None, None, None) for _ in range(4)]:
            f.exception()  # a document that is no feed fails in the worker as in a refresh
        before = {p.pid: _proc_stat(p.pid) for p in pool._procs}
        t = time.perf_counter()
        jobs = [pool.submit(parse_for_store, docs[i % len(docs)], f"https://feeds.example/{i}.xml",
                            "application/rss+xml; charset=utf-8", "utf-8") for i in range(count)]
        for job in jobs:
            job.exception()
        wall = time.perf_counter() - t
        after = {pid: _proc_stat(pid) for pid in before}
    finally:
        pool.shutdown()
    faults, user, system = (sum(after[p][k] - before[p][k] for p in before) for k in range(3))
    return (f"(pool) {count} documents, 2 workers: {wall:.2f} s wall; workers' CPU {user + system:.2f} s "
            f"(user {user:.2f}, system {system:.2f}), {faults / count:.0f} page faults a document, "
            f"peak RSS {max(a[3] for a in after.values()) / 1024:.0f} MB a worker")


def _n(value) -> str:
    return "ERR" if value is None else str(value)


if __name__ == "__main__":
    raise SystemExit(main())
