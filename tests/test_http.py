"""The fetch layer (feeds/net/http.py) against a real loopback HTTP server (issue 3 + 4).

No mocks and no internet: every request goes to tests/netserver.py on 127.0.0.x.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from datetime import datetime, timezone

import httpx
import pytest

import feeds.net.http as http_mod
from feeds.core.errors import FeedError
from feeds.net.http import (
    DEFAULT_USER_AGENT,
    FEED_ACCEPT,
    PAGE_ACCEPT,
    Fetcher,
    FetchResult,
    fetch_sync,
    normalize_url,
    parse_max_age,
    parse_retry_after,
)
from feeds.net.netzone import ZoneRules, is_private_address, literal_ip

from .netserver import SAMPLE_HTML, SAMPLE_RSS, LoopbackServer, Response

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MIB = 1024 * 1024


@pytest.fixture
def srv():
    with LoopbackServer(catalogue=True) as server:
        yield server


async def fetch(url: str, fetcher_kwargs: dict | None = None, **kwargs) -> FetchResult:
    async with Fetcher(**(fetcher_kwargs or {})) as f:
        return await f.fetch(url, **kwargs)


async def fails(url: str, fetcher_kwargs: dict | None = None, **kwargs) -> FeedError:
    with pytest.raises(FeedError) as info:
        await fetch(url, fetcher_kwargs, **kwargs)
    err = info.value
    assert not CONTROL.search(str(err)), repr(str(err))
    return err


# --------------------------------------------------------------------------- plain success


@pytest.mark.timeout(20)
async def test_200_feed(srv: LoopbackServer) -> None:
    url = srv.url("/feed.xml")
    r = await fetch(url)
    assert r.status == 200 and not r.not_modified
    assert r.url == url and r.final_url == url
    assert r.content == SAMPLE_RSS
    assert r.content_type == "application/rss+xml"
    assert r.charset == "utf-8"
    assert r.max_age == 600.0
    assert r.permanent_redirect is None
    assert r.etag is None and r.last_modified is None
    assert all(k == k.lower() for k in r.headers)
    assert r.headers["content-type"] == "application/rss+xml; charset=utf-8"


@pytest.mark.timeout(20)
async def test_html_page_is_served_as_bytes(srv: LoopbackServer) -> None:
    r = await fetch(srv.url("/page.html"), accept=PAGE_ACCEPT)
    assert r.status == 200
    assert r.content == SAMPLE_HTML
    assert r.content_type == "text/html"
    assert r.charset == "utf-8"
    assert srv.requests_to("/page.html")[0].header("accept") == PAGE_ACCEPT


@pytest.mark.timeout(20)
async def test_one_fetcher_many_requests(srv: LoopbackServer) -> None:
    async with Fetcher() as f:
        results = await asyncio.gather(*(f.fetch(srv.url("/feed.xml")) for _ in range(30)))
    assert {r.content for r in results} == {SAMPLE_RSS}


def test_fetch_sync_from_plain_code(srv: LoopbackServer) -> None:
    r = fetch_sync(srv.url("/feed.xml"), deadline=5, accept=FEED_ACCEPT)
    assert r.content == SAMPLE_RSS
    with pytest.raises(FeedError) as info:
        fetch_sync(srv.url("/status/404"))
    assert info.value.status == 404


@pytest.mark.timeout(20)
async def test_fetch_sync_inside_a_running_loop(srv: LoopbackServer) -> None:
    r = fetch_sync(srv.url("/feed.xml"))  # runs in a helper thread rather than failing
    assert r.status == 200


# --------------------------------------------------------------------------- conditional GET


@pytest.mark.timeout(20)
@pytest.mark.parametrize("etag", ['"abc"', 'W/"weak"', '"caf\xe9-obs-text"', "unquoted"])
async def test_304_with_exact_validators(srv: LoopbackServer, etag: str) -> None:
    lm = "Wed, 21 Oct 2015 07:28:00 GMT"
    srv.static("/cond.xml", SAMPLE_RSS, etag=etag, last_modified=lm)
    url = srv.url("/cond.xml")
    first = await fetch(url)
    assert first.status == 200
    assert first.etag == etag
    assert first.last_modified == lm

    second = await fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.status == 304 and second.not_modified
    assert second.content == b""
    req = srv.requests_to("/cond.xml")[1]
    # the exact bytes the server sent, quotes and W/ included
    assert req.raw_header("if-none-match") == etag.encode("latin-1")
    assert req.raw_header("if-modified-since") == lm.encode("latin-1")
    assert b"If-None-Match: " + etag.encode("latin-1") + b"\r\n" in req.raw_head


@pytest.mark.timeout(20)
async def test_no_validators_are_invented(srv: LoopbackServer) -> None:
    await fetch(srv.url("/etag.xml"))
    await fetch(srv.url("/etag.xml"), etag='"abc"')  # an ETag only: no If-Modified-Since made up
    first, second = srv.requests_to("/etag.xml")
    assert first.header("if-none-match") is None and first.header("if-modified-since") is None
    assert second.header("if-none-match") == '"abc"' and second.header("if-modified-since") is None


@pytest.mark.timeout(20)
async def test_unsendable_stored_validator_is_dropped(srv: LoopbackServer) -> None:
    r = await fetch(srv.url("/etag.xml"), etag='"a"\r\nX-Evil: 1', last_modified="\x00")
    assert r.status == 200
    req = srv.requests_to("/etag.xml")[0]
    assert req.header("x-evil") is None and req.header("if-none-match") is None


# --------------------------------------------------------------------------- redirects


@pytest.mark.timeout(20)
@pytest.mark.parametrize("code,permanent", [(301, True), (308, True), (302, False), (303, False), (307, False)])
async def test_redirect_codes(srv: LoopbackServer, code: int, permanent: bool) -> None:
    url = srv.url(f"/redirect/{code}")
    r = await fetch(url)
    assert r.status == 200 and r.content == SAMPLE_RSS
    assert r.url == url
    assert r.final_url == srv.url("/feed.xml")
    assert r.permanent_redirect == (srv.url("/feed.xml") if permanent else None)


@pytest.mark.timeout(20)
async def test_permanent_only_when_every_hop_is_permanent(srv: LoopbackServer) -> None:
    r = await fetch(srv.url("/chain/3"))
    assert r.permanent_redirect == r.final_url == srv.url("/chain/0")
    r = await fetch(srv.url("/redirect/301?to=/redirect/302"))
    assert r.final_url == srv.url("/feed.xml") and r.permanent_redirect is None


@pytest.mark.timeout(20)
async def test_relative_and_absolute_locations(srv: LoopbackServer) -> None:
    srv.route("/a/b", lambda req: Response(302, headers={"Location": "../feed.xml"}))
    srv.route("/abs", lambda req: Response(302, headers={"Location": srv.url("/feed.xml")}))
    assert (await fetch(srv.url("/a/b"))).final_url == srv.url("/feed.xml")
    assert (await fetch(srv.url("/abs"))).final_url == srv.url("/feed.xml")


@pytest.mark.timeout(20)
async def test_redirect_loop_stops_after_five_hops(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/loop/0"))
    assert err.category in ("network", "policy")
    assert "too many redirects" in err.message
    assert srv.hits() == 6  # the request and 5 redirects, no more
    err = await fails(srv.url("/chain/6"))
    assert "too many redirects" in err.message
    assert (await fetch(srv.url("/chain/5"))).status == 200
    err = await fails(srv.url("/chain/2"), {"max_redirects": 1})
    assert "too many redirects" in err.message


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path,scheme", [("/to/file", "file"), ("/to/ftp", "ftp"),
                                         ("/to/javascript", "javascript"), ("/to/data", "data")])
async def test_redirect_to_other_schemes_refused(srv: LoopbackServer, path: str, scheme: str) -> None:
    err = await fails(srv.url(path))
    assert err.category == "policy"
    assert f"unsupported URL scheme {scheme}:" in err.message


# --------------------------------------------------------------------------- statuses


@pytest.mark.timeout(20)
@pytest.mark.parametrize("code,message", [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"),
                                          (401, "HTTP 401 Unauthorized"), (418, "HTTP 418 I'm a Teapot"),
                                          (300, "HTTP 300 Multiple Choices")])
async def test_error_statuses(srv: LoopbackServer, code: int, message: str) -> None:
    err = await fails(srv.url(f"/status/{code}"))
    assert err.category == "http-status"
    assert err.status == code
    assert err.message == message
    assert err.url == srv.url(f"/status/{code}")


@pytest.mark.timeout(20)
async def test_429_retry_after(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/retry-after?v=120"))
    assert err.category == "http-status" and err.status == 429
    assert err.retry_after == 120
    assert err.message.startswith("HTTP 429 Too Many Requests")


@pytest.mark.timeout(20)
async def test_410_and_cloudflare(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/gone"))
    assert (err.category, err.message, err.status) == ("gone", "feed removed by publisher (410)", 410)
    err = await fails(srv.url("/cf-challenge"))
    assert (err.category, err.message, err.status) == ("http-status", "blocked by a Cloudflare challenge (403)", 403)
    err = await fails(srv.url("/status/403"))
    assert err.message == "HTTP 403 Forbidden"


@pytest.mark.timeout(20)
async def test_other_2xx_is_success(srv: LoopbackServer) -> None:
    srv.route("/203", lambda req: Response(203, b"<rss/>", content_type="application/rss+xml"))
    r = await fetch(srv.url("/203"))
    assert r.status == 203 and r.content == b"<rss/>"


# --------------------------------------------------------------------------- timeouts and limits


@pytest.mark.timeout(15)
async def test_trickle_cut_at_the_deadline(srv: LoopbackServer) -> None:
    started = time.monotonic()
    err = await fails(srv.url("/trickle?interval=0.1"), {"deadline": 1.5})
    assert err.category == "timeout"
    assert err.message == "timed out after 1.5 s (server too slow)"
    assert time.monotonic() - started < 5


@pytest.mark.timeout(20)
async def test_gzip_bomb_refused(srv: LoopbackServer) -> None:
    for path in ("/bomb", "/bomb/chunked"):
        err = await fails(srv.url(path))
        assert (err.category, err.message) == ("too-large", "too large (more than 10 MiB)")


@pytest.mark.timeout(20)
async def test_endless_body_refused(srv: LoopbackServer) -> None:
    err = await fails(srv.url("/endless"), max_bytes=2 * MIB)
    assert (err.category, err.message) == ("too-large", "too large (more than 2 MiB)")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("path", ["/sized?n={n}", "/sized?n={n}&chunked=1"])
async def test_cap_is_exact(srv: LoopbackServer, path: str) -> None:
    cap = 300_000
    ok = await fetch(srv.url(path.format(n=cap)), max_bytes=cap)
    assert len(ok.content) == cap
    err = await fails(srv.url(path.format(n=cap + 1)), max_bytes=cap)
    assert err.category == "too-large"
    assert err.message == "too large (more than 300000 bytes)"


@pytest.mark.timeout(20)
async def test_decoded_cap_is_exact_for_gzip(srv: LoopbackServer) -> None:
    import gzip

    cap = 200_000
    body = bytes(range(256)) * (cap // 256) + b"x" * (cap % 256)
    assert len(body) == cap
    srv.route("/gz-exact", lambda req: Response(200, gzip.compress(body), headers={"Content-Encoding": "gzip"}))
    srv.route("/gz-over", lambda req: Response(200, gzip.compress(body + b"!"), headers={"Content-Encoding": "gzip"}))
    assert (await fetch(srv.url("/gz-exact"), max_bytes=cap)).content == body
    err = await fails(srv.url("/gz-over"), max_bytes=cap)
    assert err.category == "too-large"


@pytest.mark.timeout(20)
@pytest.mark.parametrize("kind", ["gzip", "deflate-zlib", "deflate-raw"])
async def test_content_encodings_decoded(srv: LoopbackServer, kind: str) -> None:
    r = await fetch(srv.url(f"/encoding/{kind}"))
    assert r.content == SAMPLE_RSS
    assert r.headers["content-encoding"] in ("gzip", "deflate")


@pytest.mark.timeout(20)
async def test_stacked_gzip_and_multimember(srv: LoopbackServer) -> None:
    import gzip

    assert (await fetch(srv.url("/gzip-gzip"))).content == SAMPLE_RSS
    two_members = gzip.compress(b"<rss>") + gzip.compress(b"</rss>")
    srv.route("/members", lambda req: Response(200, two_members, headers={"Content-Encoding": "gzip"}))
    assert (await fetch(srv.url("/members"))).content == b"<rss></rss>"


# --------------------------------------------------------------------------- etiquette


@pytest.mark.timeout(20)
async def test_user_agent_no_cookie_no_referer(srv: LoopbackServer) -> None:
    async with Fetcher() as f:
        await f.fetch(srv.url("/set-cookie"))
        await f.fetch(srv.url("/set-cookie"))
        await f.fetch(srv.url("/redirect/302"))
    assert srv.hits() == 4
    for req in srv.requests:
        assert req.header("user-agent") == DEFAULT_USER_AGENT
        assert req.header("cookie") is None
        assert req.header("referer") is None
        assert req.header("accept") == FEED_ACCEPT
        assert req.header("accept-encoding") == "gzip, deflate"
        assert "?" not in req.target  # no cache-busting query
    assert DEFAULT_USER_AGENT.startswith("newsreader/")
    assert "(+https://" in DEFAULT_USER_AGENT


@pytest.mark.timeout(30)
async def test_per_host_and_global_limits() -> None:
    hosts = [f"127.0.0.{i}" for i in range(2, 8)]  # six hosts
    with LoopbackServer(hosts=hosts, catalogue=True) as s:
        urls = [s.url("/slow?delay=0.25", h) for h in hosts for _ in range(5)]
        async with Fetcher(max_connections=5, per_host=2) as f:
            results = await asyncio.gather(*(f.fetch(u) for u in urls))
        assert all(r.status == 200 for r in results)
        assert max(s.max_in_flight_by_host.values()) == 2
        assert s.max_in_flight == 5  # global limit reached and never exceeded


@pytest.mark.timeout(30)
async def test_default_limits_two_per_host_and_many_waiting() -> None:
    """Two per host; overall, waiting connections are not capped at 16 (M13): all 20 slots are used."""
    hosts = [f"127.0.0.{i}" for i in range(2, 12)]  # ten hosts × 2 make 20
    with LoopbackServer(hosts=hosts, catalogue=True) as s:
        urls = [s.url("/slow?delay=0.25", h) for h in hosts for _ in range(4)]
        async with Fetcher() as f:
            await asyncio.gather(*(f.fetch(u) for u in urls))
        assert max(s.max_in_flight_by_host.values()) == 2
        assert s.max_in_flight == 20 <= f.max_connections


@pytest.mark.timeout(30)
async def test_sockets_to_hosts_done_with_do_not_pile_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refresh of feeds on thousands of hosts keeps a bounded number of idle sockets, not one per host
    (each is a file descriptor, and a process has about a thousand)."""
    monkeypatch.setattr(http_mod._PoolPerHost, "KEEP", 4)
    hosts = [f"127.0.0.{i}" for i in range(2, 14)]  # twelve hosts
    with LoopbackServer(hosts=hosts, catalogue=True) as s:
        async with Fetcher() as f:
            for host in hosts:
                assert (await f.fetch(s.url("/feed.xml", host))).status == 200
            deadline = time.monotonic() + 5
            while s.open_connections > 4 and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert 1 <= s.open_connections <= 4
            # the hosts fetched last keep their connection: a second fetch reuses it
            before = s.connections
            assert (await f.fetch(s.url("/feed.xml", hosts[-1]))).status == 200
            assert s.connections == before


@pytest.mark.timeout(60)
async def test_many_hosts_at_once_all_succeed_while_idle_sockets_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing the sockets of hosts done with, while requests to new hosts keep coming, fails no request."""
    monkeypatch.setattr(http_mod._PoolPerHost, "KEEP", 4)
    hosts = [f"127.0.0.{i}" for i in range(2, 42)]  # 40 hosts
    with LoopbackServer(hosts=hosts, catalogue=True) as s:
        async with Fetcher() as f:
            async def one_after_another(first: int) -> list[FetchResult]:
                # each chain moves on to new hosts as the hosts it is done with go idle
                return [await f.fetch(s.url(f"/slow?delay=0.0{(first + k) % 5}", hosts[(first + k * 8) % 40]))
                        for k in range(5)]
            results = await asyncio.gather(*(one_after_another(i) for i in range(8)), return_exceptions=True)
        assert [r for r in results if not isinstance(r, list)] == []


@pytest.mark.timeout(30)
async def test_per_host_limit_is_per_port() -> None:
    with LoopbackServer(catalogue=True) as a, LoopbackServer(catalogue=True) as b:
        async with Fetcher(per_host=1) as f:
            await asyncio.gather(*(f.fetch(s.url("/slow?delay=0.2")) for s in (a, b) for _ in range(3)))
        assert a.max_in_flight == 1 and b.max_in_flight == 1
        # distinct ports are distinct hosts: both ran at the same time
        assert a.requests[0].local != b.requests[0].local


@pytest.mark.timeout(20)
async def test_cancellation_propagates_and_frees_the_slot(srv: LoopbackServer) -> None:
    async with Fetcher(per_host=1, read_timeout=10, deadline=10) as f:
        task = asyncio.create_task(f.fetch(srv.url("/stall/response")))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        r = await asyncio.wait_for(f.fetch(srv.url("/feed.xml")), 5)  # the host slot was released
        assert r.status == 200


# --------------------------------------------------------------------------- errors are FeedErrors


@pytest.mark.timeout(20)
async def test_connection_refused() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: refused
        err = await fails(f"http://127.0.0.1:{port}/feed.xml")
    assert (err.category, err.message) == ("network", "connection refused")


@pytest.mark.timeout(20)
async def test_dns_failure_message() -> None:
    err = await fails("http://does-not-exist.invalid/feed.xml")
    assert (err.category, err.message) == ("network", "cannot resolve host does-not-exist.invalid")


def test_gaierror_anywhere_in_the_chain_is_a_dns_failure() -> None:
    try:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except socket.gaierror as inner:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from inner
    except httpx.ConnectError as exc:
        err = Fetcher()._map_exception(exc, url="http://nowhere.example/", phase="headers")
    assert (err.category, err.message) == ("network", "cannot resolve host nowhere.example")


@pytest.mark.parametrize("exc,category", [
    (httpx.ConnectTimeout("x"), "timeout"), (httpx.ReadTimeout("x"), "timeout"), (httpx.PoolTimeout("x"), "timeout"),
    (httpx.RemoteProtocolError("illegal header"), "network"), (httpx.ReadError("reset"), "network"),
    (httpx.ProxyError("no"), "network"), (ConnectionResetError(104, "reset"), "network"),
    (ValueError("surprise"), "network"),
])
def test_every_exception_maps_to_a_category(exc: Exception, category: str) -> None:
    err = Fetcher()._map_exception(exc, url="http://example.com/", phase="headers")
    assert isinstance(err, FeedError) and err.category == category
    assert err.message and not CONTROL.search(err.message)


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize("raw,expected", [
    ("  http://example.com/feed  ", "http://example.com/feed"),
    ("\x00\x1b\thttps://example.com/\r\n", "https://example.com/"),
    ("HTTP://Example.com/", "HTTP://Example.com/"),
])
def test_normalize_url_strips(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize("raw,fragment", [
    ("-x http://a/", "starts with '-'"),
    ("--remote-debugging-port=9222", "starts with '-'"),
    ("file:///etc/passwd", "unsupported URL scheme file:"),
    ("ftp://example.com/", "unsupported URL scheme ftp:"),
    ("javascript:alert(1)", "unsupported URL scheme javascript:"),
    ("JaVaScRiPt:x", "unsupported URL scheme javascript:"),
    ("example.com/feed", "unsupported URL scheme"),
    ("http://", "no host"),
    ("http://exa\x1bmple.com/", "control characters"),
    ("", "empty URL"),
])
def test_normalize_url_refuses(raw: str, fragment: str) -> None:
    with pytest.raises(FeedError) as info:
        normalize_url(raw)
    assert info.value.category == "policy"
    assert fragment in info.value.message


@pytest.mark.timeout(20)
async def test_fetch_refuses_bad_urls_without_network() -> None:
    for raw in ("file:///etc/passwd", "-http://x/", "gopher://x/"):
        err = await fails(raw)
        assert err.category == "policy"


# --------------------------------------------------------------------------- header parsing


DATE = "Fri, 01 Jan 2010 01:38:00 GMT"


@pytest.mark.parametrize("value,date,expected", [
    ("120", None, 120.0),
    ("0", None, 0.0),
    ("Fri, 01 Jan 2010 01:40:00 GMT", DATE, 120.0),
    ("Fri, 01 Jan 2010 01:40:00", DATE, 120.0),        # no GMT: still UTC
    ("Fri, 01 Jan 2010 01:30:00 GMT", DATE, None),     # in the past
    ("xyz", None, None),
    ("-200000", None, None),
    ("1.5", None, None),
    ("", None, None),
    (str(10 * 365 * 86400), None, 30 * 86400.0),       # capped at 30 days
    ("9" * 5000, None, 30 * 86400.0),
    ("Fri, 01 Jan 2100 00:00:00 GMT", DATE, 30 * 86400.0),
])
def test_parse_retry_after(value: str, date: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, date) == expected


def test_retry_after_date_relative_to_now_without_date_header() -> None:
    now = datetime(2010, 1, 1, 1, 38, tzinfo=timezone.utc)
    assert parse_retry_after("Fri, 01 Jan 2010 01:40:00 GMT", None, now=now) == 120.0


@pytest.mark.parametrize("value,expected", [
    ("max-age=600", 600.0), ("public, max-age=60", 60.0), ("max-age=0", 0.0),
    ("no-cache, max-age=600", None), ("no-store", None), ("max-age=abc", None), (None, None),
    ("max-age=999999999999", 30 * 86400.0), ('max-age="30"', 30.0),
])
def test_parse_max_age(value: str | None, expected: float | None) -> None:
    assert parse_max_age(value) == expected


# --------------------------------------------------------------------------- zones (unit level)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "017700000001", "[::1]",
                                  "[::ffff:127.0.0.1]", "0.0.0.0", "169.254.169.254", "10.0.0.1", "100.64.0.1",
                                  "[fe80::1%eth0]", "192.168.1.1", "172.16.0.1", "224.0.0.1", "[fc00::1]",
                                  "[ff02::1]", "240.0.0.1", "[64:ff9b::7f00:1]", "[2002:7f00:1::]"])
def test_private_literals(host: str) -> None:
    ip = literal_ip(host)
    assert ip is not None, host
    assert is_private_address(ip), host


@pytest.mark.parametrize("host", ["93.184.216.34", "8.8.8.8", "[2606:4700::1111]", "1.1.1.1"])
def test_public_literals(host: str) -> None:
    ip = literal_ip(host)
    assert ip is not None and not is_private_address(ip)


@pytest.mark.parametrize("host", ["example.com", "localhost", "deadbeef", "1.2.3.4.5", "", "127.0.0.1.nip.io"])
def test_names_are_not_literals(host: str) -> None:
    assert literal_ip(host) is None


def test_treat_as_public_override() -> None:
    rules = ZoneRules(["127.0.0.2", "10.9.0.0/16"])
    assert not rules.is_private(ipaddress.ip_address("127.0.0.2"))
    assert not rules.is_private(ipaddress.ip_address("10.9.1.1"))
    assert rules.is_private(ipaddress.ip_address("127.0.0.1"))


@pytest.mark.timeout(20)
async def test_module_level_public_override(srv: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    with LoopbackServer("127.0.0.3", catalogue=True) as public:
        public.route("/to-private", lambda req: Response(302, headers={"Location": srv.url("/feed.xml")}))
        # by default 127.0.0.3 is private and the same machine: allowed (G4)
        assert (await fetch(public.url("/to-private"))).status == 200
        monkeypatch.setattr(http_mod, "PUBLIC_OVERRIDES", ["127.0.0.3"])
        err = await fails(public.url("/to-private"))
        assert err.category == "policy" and err.message.startswith("blocked: private address 127.0.0.1")
    assert srv.hits("/feed.xml") == 1


@pytest.mark.timeout(20)
async def test_allow_private_switch(srv: LoopbackServer) -> None:
    with LoopbackServer("127.0.0.2", catalogue=True) as public:
        public.route("/to-private", lambda req: Response(302, headers={"Location": srv.url("/feed.xml")}))
        everything = {"allow_private": True, "treat_as_public": ["127.0.0.2"]}
        assert (await fetch(public.url("/to-private"), everything)).status == 200
        err = await fails(srv.url("/feed.xml"), {"allow_private": False})
        assert err.category == "policy" and "blocked: private address 127.0.0.1" in err.message
    assert srv.hits("/feed.xml") == 1


def test_guard_is_installed() -> None:
    async def run() -> bool:
        async with Fetcher() as f:
            return f.peer_check

    assert asyncio.run(run()) is True


# --------------------------------------------------------------------------- decoding (unit level)


def _decode(encodings: list[str], data: bytes, split: int) -> bytes:
    from feeds.net.http import _Decoder

    decoder = _Decoder(encodings)
    out = []
    for i in range(0, len(data), split):
        for piece in decoder.feed(data[i:i + split]):
            assert len(piece) <= 64 * 1024  # bounded steps, whatever the ratio
            out.append(piece)
    decoder.finish()
    return b"".join(out)


@pytest.mark.parametrize("split", [1, 2, 3, 7, 4096, 1 << 30])
def test_decoder_split_anywhere(split: int) -> None:
    import gzip
    import os
    import zlib

    from feeds.net.http import _Truncated

    payload = os.urandom(20_000) + bytes(200_000) + b"hello" * 1000
    g = gzip.compress(payload)
    assert _decode(["gzip"], g, split) == payload
    assert _decode(["gzip"], g + g, split) == payload * 2  # multi-member
    assert _decode(["gzip"], g + b"\0\0junk", split) == payload  # trailing garbage ignored
    assert _decode(["deflate"], zlib.compress(payload), split) == payload
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert _decode(["deflate"], raw.compress(payload) + raw.flush(), split) == payload
    assert _decode(["gzip", "gzip"], gzip.compress(g), split) == payload
    assert _decode(["gzip"], b"", split) == b""
    for cut in (1, 10, len(g) // 2, len(g) - 1):
        with pytest.raises(_Truncated):
            _decode(["gzip"], g[:cut], split)


# --------------------------------------------------------------------------- fuzz: only FeedError


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from .netserver import Raw  # noqa: E402

_LOCATIONS = st.one_of(
    st.sampled_from(["/fuzz", "javascript:alert(1)", "file:///etc/passwd", "http://[::1", "ftp://a/", "/%zz",
                     "", "http://127.0.0.1:1/", "https://127.0.0.1:1/", "\x1b[2J", " /fuzz", "?x=1"]),
    st.binary(max_size=30).map(lambda b: b"/a" + b)
)
_HEADER = st.tuples(
    st.sampled_from([b"Content-Encoding", b"Content-Length", b"Content-Type", b"Retry-After", b"ETag",
                     b"Cache-Control", b"Transfer-Encoding", b"Date", b"cf-mitigated", b"X-\x1b"]),
    st.one_of(st.binary(max_size=30), st.sampled_from([b"gzip", b"deflate", b"gzip, gzip", b"br", b"chunked",
                                                       b"0", b"99999999999", b"-1", b"max-age=5", b"challenge"])),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(status=st.integers(200, 999), reason=st.binary(max_size=20), headers=st.lists(_HEADER, max_size=5),
       location=_LOCATIONS, body=st.binary(max_size=300))
def test_fuzzed_responses_only_raise_feed_error(srv: LoopbackServer, status: int, reason: bytes,
                                                 headers: list[tuple[bytes, bytes]], location, body: bytes) -> None:
    def line(b: bytes) -> bytes:
        return b.replace(b"\r", b"").replace(b"\n", b"")

    loc = location if isinstance(location, bytes) else location.encode("utf-8")
    head = b"HTTP/1.1 %d %s\r\n" % (status, line(reason))
    head += b"".join(line(k) + b": " + line(v) + b"\r\n" for k, v in headers)
    head += b"Location: " + line(loc) + b"\r\nConnection: close\r\n\r\n"

    async def respond(conn) -> None:
        await conn.write(head + body)

    srv.route("/fuzz", lambda req: Raw(respond))
    try:
        result = fetch_sync(srv.url("/fuzz"), connect_timeout=1, read_timeout=1, deadline=3)
    except FeedError as err:
        assert err.message and not CONTROL.search(err.message)
    else:
        assert isinstance(result, FetchResult) and (200 <= result.status < 300 or result.status == 304)
        assert all(not CONTROL.search(v) for v in result.headers.values())
