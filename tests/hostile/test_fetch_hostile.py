"""Hostile servers and network zones (hostile-input.md cases F, G, K2, L), one test per case ID.

Everything runs against tests/netserver.py on loopback addresses. Each test
checks what a user would see: the FeedError category, its one-line message,
no control characters in it, and a bounded time.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import feeds.net.http as http_mod
from feeds.core.errors import FeedError
from feeds.net.http import DEFAULT_USER_AGENT, FEED_ACCEPT, PAGE_ACCEPT, Fetcher, FetchResult

from ..netserver import SAMPLE_RSS, LoopbackServer, Response, tls_available, unaccepting_listener

ROOT = Path(__file__).resolve().parents[2]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # one line: not even \t or \n
MIB = 1024 * 1024
CAP = 10 * MIB


@pytest.fixture
def srv():
    with LoopbackServer(catalogue=True) as server:
        yield server


@pytest.fixture
def canary():
    """A private service (127.0.0.1) that content must never reach; it records every hit."""
    with LoopbackServer("127.0.0.1", catalogue=True) as server:
        yield server


@pytest.fixture
def public():
    """127.0.0.2 standing in for a public web site (declared public to the zone rule)."""
    with LoopbackServer("127.0.0.2", catalogue=True) as server:
        yield server


PUBLIC = {"treat_as_public": ["127.0.0.2"]}
QUICK = {"connect_timeout": 1, "read_timeout": 1, "deadline": 3}


def clean(err: FeedError) -> FeedError:
    assert isinstance(err, FeedError)
    assert err.message and not CONTROL.search(err.message), repr(err.message)
    assert not CONTROL.search(err.url or ""), repr(err.url)
    return err


async def fetch(url: str, fetcher_kwargs: dict | None = None, **kwargs) -> FetchResult:
    async with Fetcher(**{**QUICK, **(fetcher_kwargs or {})}) as f:
        return await f.fetch(url, **kwargs)


async def fails(url: str, fetcher_kwargs: dict | None = None, **kwargs) -> FeedError:
    with pytest.raises(FeedError) as info:
        await fetch(url, fetcher_kwargs, **kwargs)
    return clean(info.value)


# --------------------------------------------------------------------------- F. HTTP faults


@pytest.mark.timeout(15)
async def test_F1_trickle(srv: LoopbackServer) -> None:
    """1 byte every 0.5 s forever: cut at the total deadline; other feeds are unaffected."""
    async with Fetcher(read_timeout=2, deadline=1.5) as f:
        slow = asyncio.create_task(f.fetch(srv.url("/trickle?interval=0.5")))
        others = await asyncio.gather(*(f.fetch(srv.url("/feed.xml")) for _ in range(4)))
        assert not slow.done()
        assert all(r.status == 200 for r in others)
        with pytest.raises(FeedError) as info:
            await slow
    err = clean(info.value)
    assert err.category == "timeout"
    assert err.message == "timed out after 1.5 s (server too slow)"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("phase,expected", [
    ("a-accept-no-response", "no response from server within 0.5 s"),
    ("b-status-line-then-stall", "no response from server within 0.5 s"),
    ("c-headers-then-stall", "server stopped sending data (stalled for 0.5 s)"),
    ("d-backlog-full-no-accept", "connection timed out after 0.5 s"),
])
async def test_F2_stall_phases(srv: LoopbackServer, phase: str, expected: str) -> None:
    """Each stall fails within its own timeout, with a message naming the phase."""
    kwargs = {"connect_timeout": 0.5, "read_timeout": 0.5, "deadline": 10}
    started = time.monotonic()
    if phase.startswith("d"):
        with unaccepting_listener() as url:
            err = await fails(url, kwargs)
    else:
        path = {"a": "/stall/response", "b": "/stall/status", "c": "/stall/headers"}[phase[0]]
        err = await fails(srv.url(path), kwargs)
    assert err.category == "timeout"
    assert err.message == expected
    assert time.monotonic() - started < 5  # the phase timeout, not the 10 s deadline


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", ["/drop/rst", "/drop/short", "/drop/bad-chunk", "/drop/truncated-gzip",
                                  "/lying-length?n=5000"])
async def test_F3_connection_drops(srv: LoopbackServer, path: str) -> None:
    """RST mid-body, close before Content-Length, bad chunk size, truncated gzip: no partial body."""
    err = await fails(srv.url(path))
    assert err.category == "network"
    assert err.message.startswith("connection lost / incomplete response")


@pytest.mark.timeout(20)
async def test_F4_server_errors(srv: LoopbackServer) -> None:
    for code, phrase in ((500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable"),
                         (504, "Gateway Timeout")):
        err = await fails(srv.url(f"/status/{code}"))
        assert (err.category, err.status, err.message) == ("http-status", code, f"HTTP {code} {phrase}")
        assert err.retry_after is None
    # 200 with an HTML error page is a success here; the parse layer says "not a feed".
    srv.route("/oops", lambda req: Response(200, b"<html><body>Error</body></html>", content_type="text/html"))
    r = await fetch(srv.url("/oops"))
    assert r.status == 200 and r.content_type == "text/html"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("value,date,expected", [
    ("120", None, 120.0),
    ("Fri, 01 Jan 2010 01:40:00 GMT", "Fri, 01 Jan 2010 01:38:00 GMT", 120.0),
    ("Fri, 01 Jan 2010 01:40:00", "Fri, 01 Jan 2010 01:38:00 GMT", 120.0),
    ("xyz", None, None),
    ("-200000", None, None),
    (str(10 * 365 * 86400), None, 30 * 86400.0),
])
@pytest.mark.parametrize("status", [429, 503])
async def test_F5_retry_after(srv: LoopbackServer, status: int, value: str, date: str | None,
                              expected: float | None) -> None:
    from urllib.parse import urlencode

    query = {"status": status, "v": value, **({"date": date} if date else {})}
    err = await fails(srv.url("/retry-after?" + urlencode(query)))
    assert err.category == "http-status" and err.status == status
    assert err.retry_after == expected
    assert err.message.startswith(f"HTTP {status} ")
    # a 200 carrying Retry-After is just a success
    r = await fetch(srv.url("/retry-after?" + urlencode({"status": 200, "v": value})))
    assert r.status == 200 and r.content == SAMPLE_RSS


@pytest.mark.timeout(20)
async def test_F6_redirects(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/loop/0"))
    assert err.category in ("network", "policy") and "too many redirects" in err.message
    assert srv.hits() == 6  # stopped at 5 hops
    err = await fails(srv.url("/chain/30"))
    assert "too many redirects" in err.message

    for code in (301, 308):
        r = await fetch(srv.url(f"/redirect/{code}"))
        assert r.permanent_redirect == srv.url("/feed.xml") and r.content == SAMPLE_RSS
    r = await fetch(srv.url("/redirect/302"))
    assert r.permanent_redirect is None and r.final_url == srv.url("/feed.xml")

    for path, scheme in (("/to/file", "file"), ("/to/ftp", "ftp"), ("/to/javascript", "javascript")):
        err = await fails(srv.url(path))
        assert err.category == "policy"
        assert err.message == f"redirect to unsupported URL scheme {scheme}: refused"


CHILD = textwrap.dedent("""
    import asyncio, json, resource, sys, tracemalloc
    from feeds.net.http import Fetcher
    from feeds.core.errors import FeedError

    async def main(warm, urls):
        out = []
        async with Fetcher() as f:
            for u in warm:          # import and warm every code path first
                await f.fetch(u)
            tracemalloc.start()
            traced_before = tracemalloc.get_traced_memory()[0]
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            for u in urls:
                try:
                    r = await f.fetch(u)
                    out.append(["ok", len(r.content)])
                    del r
                except FeedError as e:
                    out.append([e.category, e.message])
            traced_peak = tracemalloc.get_traced_memory()[1]
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"traced_growth": traced_peak - traced_before,
                          "rss_growth": (rss_peak - rss_before) * 1024, "out": out}))

    args = json.loads(sys.argv[1])
    asyncio.run(main(args["warm"], args["urls"]))
""")


def fetch_in_subprocess(server: LoopbackServer, paths: list[str]) -> dict:
    """Fetch ``paths`` in a fresh interpreter and report its memory growth (ru_maxrss and tracemalloc)."""
    arg = json.dumps({"warm": [server.url("/feed.xml"), server.url("/encoding/gzip")],
                      "urls": [server.url(p) for p in paths]})
    proc = subprocess.run([sys.executable, "-c", CHILD, arg], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.timeout(60)
def test_F7_gzip_bomb(srv: LoopbackServer) -> None:
    """1 GiB of zeros as gzip-9 (~1 MB on the wire), with and without Content-Length, and nested 3 deep."""
    started = time.monotonic()
    report = fetch_in_subprocess(srv, ["/bomb", "/bomb/chunked", "/nested-bomb"])
    assert report["out"] == [["too-large", "too large (more than 10 MiB)"]] * 3
    assert report["traced_growth"] < 2 * CAP, report
    assert report["rss_growth"] < 2 * CAP, report
    assert time.monotonic() - started < 20


@pytest.mark.timeout(20)
async def test_F8_encoding_games(srv: LoopbackServer) -> None:
    await fetch(srv.url("/feed.xml"))
    assert srv.requests[0].header("accept-encoding") == "gzip, deflate"  # exactly the pinned list

    for kind in ("br", "zstd", "x-evil"):
        err = await fails(srv.url(f"/encoding/{kind}"))
        assert err.category in ("network", "parse")
        assert err.message == f"unsupported content encoding '{kind}'"

    err = await fails(srv.url("/nested-bomb"))  # gzip, gzip, gzip: one cap for all layers
    assert (err.category, err.message) == ("too-large", "too large (more than 10 MiB)")

    for kind in ("deflate-zlib", "deflate-raw", "gzip"):
        assert (await fetch(srv.url(f"/encoding/{kind}"))).content == SAMPLE_RSS
    assert (await fetch(srv.url("/gzip-gzip"))).content == SAMPLE_RSS


@pytest.mark.timeout(60)
def test_F9_infinite_body(srv: LoopbackServer) -> None:
    """A chunked body of <item>s streaming forever at full speed: cap hit, memory bounded."""
    started = time.monotonic()
    report = fetch_in_subprocess(srv, ["/endless"])
    assert report["out"] == [["too-large", "too large (more than 10 MiB)"]]
    assert report["traced_growth"] < 2 * CAP, report
    assert time.monotonic() - started < 20


@pytest.mark.timeout(20)
async def test_F10_lying_content_length(srv: LoopbackServer) -> None:
    started = time.monotonic()
    err = await fails(srv.url("/lying-length"))  # 10 GiB declared: refused before reading
    assert (err.category, err.message) == ("too-large", "too large (more than 10 MiB)")
    err = await fails(srv.url(f"/sized?n={CAP + 1}"))  # honest, but one byte over the cap
    assert err.category == "too-large"
    assert time.monotonic() - started < 5
    err = await fails(srv.url("/lying-length?n=5000"))  # under the cap but short: incomplete
    assert (err.category, err.message) == ("network", "connection lost / incomplete response")


@pytest.mark.timeout(20)
async def test_F11_conditional_get(srv: LoopbackServer) -> None:
    validators = {}

    def handler(req):
        validators[len(validators)] = (req.raw_header("if-none-match"), req.raw_header("if-modified-since"))
        phase = len(validators)
        headers = {"ETag": 'W/"weak"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"}
        if phase == 1:
            return Response(200, SAMPLE_RSS, headers={**headers, "ETag": '"abc"'})
        if phase == 2:
            return Response(200, SAMPLE_RSS, headers=headers)
        if phase == 3:
            return Response(304, headers=headers)
        return Response(200, SAMPLE_RSS, headers=headers)  # a server that ignores validators

    srv.route("/cond", handler)
    url = srv.url("/cond")
    async with Fetcher() as f:
        first = await f.fetch(url)
        assert first.etag == '"abc"'
        second = await f.fetch(url, etag=first.etag, last_modified=first.last_modified)
        assert second.etag == 'W/"weak"'
        third = await f.fetch(url, etag=second.etag, last_modified=second.last_modified)
        assert third.not_modified and third.status == 304 and third.content == b""
        fourth = await f.fetch(url, etag=second.etag, last_modified=second.last_modified)
        assert fourth.status == 200 and fourth.content == SAMPLE_RSS
        await f.fetch(url, etag=None, last_modified=None)
    lm = b"Wed, 21 Oct 2015 07:28:00 GMT"
    assert validators[0] == (None, None)  # nothing invented
    assert validators[1] == (b'"abc"', lm)
    assert validators[2] == (b'W/"weak"', lm)
    assert validators[3] == (b'W/"weak"', lm)
    assert validators[4] == (None, None)


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", ["/headers/many", "/headers/long", "/location/crlf", "/location/esc",
                                  "/reason/esc"])
async def test_F12_header_abuse(srv: LoopbackServer, path: str) -> None:
    err = await fails(srv.url(path))
    if path == "/reason/esc":
        assert err.category == "http-status" and err.status == 500
        assert err.message.startswith("HTTP 500 Oops")
    else:
        assert err.category in ("network", "policy")
        assert err.message.startswith(("invalid HTTP response from server", "redirect refused"))
    assert "pwned" not in err.message or not CONTROL.search(err.message)


@pytest.mark.timeout(30)
@pytest.mark.skipif(not tls_available(), reason="needs the cryptography package or the openssl command")
async def test_F13_tls_failure() -> None:
    with LoopbackServer(tls=True, catalogue=True) as tls:
        url = tls.url("/feed.xml")
        assert url.startswith("https://127.0.0.1:")
        for _ in range(2):  # the second fetch proves verification was not switched off
            err = await fails(url)
            assert err.category == "tls"
            assert err.message.startswith("certificate verification failed")
        assert tls.connections == 2 and tls.tls_failures == 2  # one attempt each, no retry
        assert tls.requests == []  # never spoke HTTP to it, over TLS or in clear


@pytest.mark.timeout(20)
async def test_F14_dns_failure() -> None:
    started = time.monotonic()
    err = await fails("http://does-not-exist.invalid/", {"connect_timeout": 5, "deadline": 10})
    assert err.category == "network"
    assert err.message == "cannot resolve host does-not-exist.invalid"
    assert time.monotonic() - started < 5  # fails fast: before the connect timeout


# --------------------------------------------------------------------------- G. network zones


PRIVATE_HOSTS = ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0",
                 "169.254.169.254", "10.0.0.1", "100.64.0.1", "[fe80::1%eth0]", "localhost"]


@pytest.mark.timeout(30)
async def test_G1_content_derived_private_targets(public: LoopbackServer, canary: LoopbackServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    links = [f"http://{host}:{canary.port}/feed.xml" for host in PRIVATE_HOSTS]
    items = "".join(f"<item><title>x</title><link>{link}</link>"
                    f"<enclosure url=\"{link}\" type=\"audio/mpeg\"/></item>" for link in links)
    feed = f"<rss><channel><title>public</title>{items}</channel></rss>".encode()
    public.static("/feed.xml", feed)
    public.route("/hop", lambda req: Response(302, headers={"Location": canary.url("/feed.xml")}))

    async with Fetcher(**QUICK, **PUBLIC) as f:
        fetched = await f.fetch(public.url("/feed.xml"))  # the user's feed, on a "public" host
        found = re.findall(rb"<link>([^<]+)</link>", fetched.content)
        assert len(found) == len(PRIVATE_HOSTS)
        for link in found:  # the article-link auto-fetch of each entry
            with pytest.raises(FeedError) as info:
                await f.fetch(link.decode(), derived=True, origin=fetched.final_url, accept=PAGE_ACCEPT)
            err = clean(info.value)
            assert err.category == "policy", link
            assert err.message.startswith("blocked: private address"), err.message
        # a derived link to the public host that redirects into the private zone
        with pytest.raises(FeedError) as info:
            await f.fetch(public.url("/hop"), derived=True, origin=fetched.final_url)
        assert clean(info.value).message.startswith("blocked: private address 127.0.0.1")

    # With the URL pre-check switched off, the connected-peer check alone still refuses,
    # before a byte of the request is sent (DNS names, rebinding).
    monkeypatch.setattr(http_mod, "_literal_target", lambda host: None)
    async with Fetcher(**QUICK, **PUBLIC) as f:
        for url in (canary.url("/feed.xml"), f"http://localhost:{canary.port}/feed.xml"):
            with pytest.raises(FeedError) as info:
                await f.fetch(url, derived=True, origin=public.url("/feed.xml"))
            assert clean(info.value).message.startswith("blocked: private address 127.0.0.1")
    assert canary.hits() == 0
    assert canary.connections <= 2  # only the two peer-checked connects, closed unused


@pytest.mark.timeout(30)
async def test_G2_redirect_into_private_zone(public: LoopbackServer, canary: LoopbackServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    targets = [canary.url("/"), f"http://localhost:{canary.port}/", f"http://[::ffff:127.0.0.1]:{canary.port}/",
               f"http://2130706433:{canary.port}/", "http://169.254.169.254/latest/meta-data/"]
    for i, target in enumerate(targets):
        public.route(f"/r{i}", lambda req, t=target: Response(302, headers={"Location": t}))
    public.route("/via", lambda req: Response(301, headers={"Location": "/r0"}))

    for i in range(len(targets)):
        err = await fails(public.url(f"/r{i}"), PUBLIC)
        assert err.category == "policy"
        assert err.message.startswith("blocked: private address")
    err = await fails(public.url("/via"), PUBLIC)  # two hops: public → public → private
    assert err.message.startswith("blocked: private address 127.0.0.1")

    monkeypatch.setattr(http_mod, "_literal_target", lambda host: None)  # the peer check alone
    for i in range(2):
        err = await fails(public.url(f"/r{i}"), PUBLIC)
        assert err.message.startswith("blocked: private address 127.0.0.1")
    assert canary.hits() == 0


@pytest.mark.timeout(30)
async def test_G4_user_intended_lan_feed(canary: LoopbackServer) -> None:
    lan = canary  # the user adds a loopback/LAN feed by hand
    lan.route("/here", lambda req: Response(302, headers={"Location": "/feed.xml"}))
    lan.route("/elsewhere", lambda req: Response(302, headers={"Location": "http://10.0.0.1/feed.xml"}))
    async with Fetcher(**QUICK) as f:
        r = await f.fetch(lan.url("/feed.xml"))  # allowed: user intent
        assert r.status == 200 and r.content == SAMPLE_RSS
        assert (await f.fetch(lan.url("/here"))).status == 200  # redirect on the same host
        # derived URLs may stay on the same private host ("localhost" is that host too)
        for link in (lan.url("/page.html"), f"http://localhost:{lan.port}/page.html"):
            r = await f.fetch(link, derived=True, origin=lan.url("/feed.xml"), accept=PAGE_ACCEPT)
            assert r.content_type == "text/html"
        # … but not move to another private host
        with pytest.raises(FeedError) as info:
            await f.fetch("http://10.0.0.1/x", derived=True, origin=lan.url("/feed.xml"))
        assert clean(info.value).message.startswith("blocked: private address 10.0.0.1")
        with pytest.raises(FeedError) as info:
            await f.fetch(lan.url("/elsewhere"))
        assert clean(info.value).message.startswith("blocked: private address 10.0.0.1")
        # and a derived URL without a known origin is held to the strict (public) rule
        with pytest.raises(FeedError) as info:
            await f.fetch(lan.url("/page.html"), derived=True)
        assert clean(info.value).category == "policy"
    assert lan.hits("/feed.xml") == 2 and lan.hits("/page.html") == 2


# --------------------------------------------------------------------------- L. etiquette


@pytest.mark.timeout(20)
async def test_L1_user_agent_and_hygiene(srv: LoopbackServer) -> None:
    async with Fetcher() as f:
        await f.fetch(srv.url("/set-cookie"))
        await f.fetch(srv.url("/set-cookie"))  # a cookie was offered: never returned
        await f.fetch(srv.url("/redirect/301?to=/feed.xml"))  # no Referer on the hop
        await f.fetch(srv.url("/page.html"), accept=PAGE_ACCEPT)
    assert [r.path for r in srv.requests] == ["/set-cookie", "/set-cookie", "/redirect/301", "/feed.xml",
                                              "/page.html"]
    for req in srv.requests:
        assert req.header("user-agent") == DEFAULT_USER_AGENT
        assert req.header("cookie") is None and req.header("referer") is None
        assert req.header("accept-encoding") == "gzip, deflate"
    assert [r.target for r in srv.requests][2:4] == ["/redirect/301?to=/feed.xml", "/feed.xml"]  # no cache-busting
    assert srv.requests[0].header("accept") == FEED_ACCEPT
    assert "application/rss+xml" in FEED_ACCEPT and "application/atom+xml" in FEED_ACCEPT
    assert srv.requests[-1].header("accept") == PAGE_ACCEPT
    assert re.fullmatch(r"newsreader/\d+\.\d+\.\d+\S* \(\+https://\S+\)", DEFAULT_USER_AGENT)


@pytest.mark.timeout(20)
async def test_L3_gone_410(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/gone"))
    assert err.category == "gone"
    assert err.message == "feed removed by publisher (410)"
    assert err.status == 410


# --------------------------------------------------------------------------- K. load


@pytest.mark.timeout(60)
async def test_K2_slow_feed_isolation() -> None:
    """20 trickling feeds and 20 fast ones through one Fetcher: every fast one finishes first."""
    slow_hosts = [f"127.0.0.{i}" for i in range(20, 24)]
    fast_hosts = [f"127.0.0.{i}" for i in range(30, 34)]
    with LoopbackServer(hosts=slow_hosts + fast_hosts, catalogue=True) as s:
        slow_urls = [s.url("/trickle?interval=0.5", slow_hosts[i % 4]) for i in range(20)]
        fast_urls = [s.url("/slow?delay=0.05", fast_hosts[i % 4]) for i in range(20)]
        done: dict[str, float] = {}
        loop = asyncio.get_running_loop()
        started = loop.time()

        async def one(kind: str, i: int, url: str) -> None:
            try:
                await f.fetch(url)
                outcome = "ok"
            except FeedError as err:
                outcome = err.category
            done[f"{kind}{i}:{outcome}"] = loop.time() - started

        async with Fetcher(deadline=1.0, read_timeout=5) as f:
            jobs = [one("slow", i, u) for i, u in enumerate(slow_urls)]
            jobs += [one("fast", i, u) for i, u in enumerate(fast_urls)]
            await asyncio.gather(*jobs)  # slow ones are queued first

        fast = [t for k, t in done.items() if k.startswith("fast")]
        slow = [t for k, t in done.items() if k.startswith("slow")]
        assert sum(k.endswith(":ok") for k in done if k.startswith("fast")) == 20
        assert sum(k.endswith(":timeout") for k in done if k.startswith("slow")) == 20
        assert max(fast) < min(slow), (sorted(fast)[-3:], sorted(slow)[:3])
        assert max(s.max_in_flight_by_host.values()) <= 2
        assert s.max_in_flight <= 16
