"""A fast loopback feed server for the benchmarks (run as its own process).

Serves N copies of the real-world feed corpus at /feed/<i>.xml across several
127.0.0.x addresses (so per-host limits apply as they would on the web), with
ETags and 304s, optional slow and failing feeds, and counts of in-flight
requests per host. Prints one JSON line with the port when ready.

    python benchmarks/feedserver.py --feeds 500 --hosts 50 [--slow 0.1 --fail 0.05 --delay 2]
    python benchmarks/feedserver.py --feeds 2000 --slow-count 222 --fail-count 114 --delay 2 --delay-max 8

A slow feed waits before answering: ``--delay`` seconds, or a delay drawn
(seeded) between ``--delay`` and ``--delay-max``; the ready line lists each
slow feed's delay so a benchmark can compute the floor no client can beat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import random
import signal
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus() -> list[bytes]:
    folder = SHARED / "corpus" / "feeds" / "real-world"
    manifest = json.loads((SHARED / "corpus" / "feeds" / "manifest.json").read_text())
    files = []
    for item in manifest:
        name = item.get("file", "")
        if name.startswith("real-world/") and item.get("group") != "malformed":
            path = folder / Path(name).name
            if path.exists():
                files.append(path.read_bytes())
    return files


class Server:
    def __init__(self, bodies: list[bytes], n: int, slow: dict[int, float], fail: set[int]) -> None:
        self.bodies = bodies
        self.n = n
        self.slow = slow  # feed index -> seconds before it answers
        self.fail = fail
        self.etags = [hashlib.sha1(b).hexdigest()[:16] for b in bodies]
        self.in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}
        self.total_in_flight = 0
        self.max_total = 0
        self.requests = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
                self.in_flight[host] = self.in_flight.get(host, 0) + 1
                self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), self.in_flight[host])
                self.total_in_flight += 1
                self.max_total = max(self.max_total, self.total_in_flight)
                self.requests += 1
                try:
                    await self.respond(path, headers, writer)
                finally:
                    self.in_flight[host] -= 1
                    self.total_in_flight -= 1
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, IndexError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def respond(self, path: str, headers: dict[str, str], writer: asyncio.StreamWriter) -> None:
        if path == "/stats":
            body = json.dumps({"max_in_flight_by_host": self.max_in_flight, "max_in_flight": self.max_total,
                               "requests": self.requests}).encode()
            return self._send(writer, 200, body, "application/json")
        try:
            i = int(path.rsplit("/", 1)[1].split(".")[0])
        except (ValueError, IndexError):
            return self._send(writer, 404, b"not found", "text/plain")
        if not 0 <= i < self.n:
            return self._send(writer, 404, b"not found", "text/plain")
        if i in self.slow:
            await asyncio.sleep(self.slow[i])
        if i in self.fail:
            return self._send(writer, 500, b"<html>server error</html>", "text/html")
        k = i % len(self.bodies)
        etag = f'"{self.etags[k]}-{i}"'
        if headers.get("if-none-match") == etag:
            return self._send(writer, 304, b"", None, etag=etag)
        self._send(writer, 200, self.bodies[k], "application/rss+xml; charset=utf-8", etag=etag)
        await writer.drain()

    @staticmethod
    def _send(writer, status: int, body: bytes, ctype: str | None, etag: str | None = None) -> None:
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error"}[status]
        head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: keep-alive"]
        if ctype:
            head.append(f"Content-Type: {ctype}")
        if etag:
            head.append(f"ETag: {etag}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=500)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--slow", type=float, default=0.0)
    ap.add_argument("--fail", type=float, default=0.0)
    ap.add_argument("--slow-count", type=int, default=None, help="exactly this many slow feeds (over --slow)")
    ap.add_argument("--fail-count", type=int, default=None, help="exactly this many failing feeds (over --fail)")
    ap.add_argument("--delay", type=float, default=2.0)
    ap.add_argument("--delay-max", type=float, default=None, help="slow feeds wait between --delay and this")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    ids = list(range(args.feeds))
    n_slow = args.slow_count if args.slow_count is not None else int(args.feeds * args.slow)
    n_fail = args.fail_count if args.fail_count is not None else int(args.feeds * args.fail)
    top = args.delay if args.delay_max is None else max(args.delay, args.delay_max)
    slow = {i: round(rng.uniform(args.delay, top), 2) for i in sorted(rng.sample(ids, n_slow))}
    fail = set(rng.sample([i for i in ids if i not in slow], n_fail))
    server = Server(corpus(), args.feeds, slow, fail)
    hosts = [f"127.0.0.{2 + h}" for h in range(args.hosts)]
    # port 0 would give every address its own port: take one, then bind the rest to it
    first = await asyncio.start_server(server.handle, host=hosts[0], port=0, backlog=1024, limit=1 << 16)
    port = first.sockets[0].getsockname()[1]
    servers = [first] + [await asyncio.start_server(server.handle, host=h, port=port, backlog=1024, limit=1 << 16)
                         for h in hosts[1:]]
    print(json.dumps({"port": port, "hosts": hosts, "feeds": args.feeds, "slow": sorted(slow),
                      "delays": {str(i): d for i, d in slow.items()}, "fail": sorted(fail)}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    # connections still waiting (a slow feed the client gave up on) are dropped without a traceback
    loop.set_exception_handler(lambda _loop, _context: None)
    for srv in servers:
        srv.close()


@contextlib.contextmanager
def serve(feeds: int, *, hosts: int = 50, slow: float | int = 0.0, fail: float | int = 0.0, delay: float = 2.0,
          delay_max: float | None = None):
    """Run this server as a child process; yields (its ready line, the feed URLs).

    ``slow``/``fail``: a fraction of the feeds (a float) or an exact count (an int).
    """
    def share(flag: str, value: float | int) -> list[str]:
        return [f"--{flag}-count" if isinstance(value, int) else f"--{flag}", str(value)]

    argv = [sys.executable, __file__, "--feeds", str(feeds), "--hosts", str(hosts), *share("slow", slow),
            *share("fail", fail), "--delay", str(delay)]
    if delay_max is not None:
        argv += ["--delay-max", str(delay_max)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(proc.stdout.readline())
        if "error" in info:
            raise SystemExit(info["error"])
        yield info, feed_urls(info)
    finally:
        proc.terminate()
        proc.wait(5)


def feed_urls(info: dict) -> list[str]:
    hosts = info["hosts"]
    return [f"http://{hosts[i % len(hosts)]}:{info['port']}/feed/{i}.xml" for i in range(info["feeds"])]


if __name__ == "__main__":
    if not (SHARED / "corpus" / "feeds" / "real-world").is_dir():
        print(json.dumps({"error": "../shared/corpus/feeds/real-world is not present"}), flush=True)
        sys.exit(1)
    asyncio.run(main())
