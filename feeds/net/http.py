"""Fetching feeds and pages over HTTP: bounded, polite, and safe against hostile servers.

One :class:`Fetcher` owns one ``httpx.AsyncClient`` for a whole refresh.
:meth:`Fetcher.fetch` returns a :class:`FetchResult` or raises
:class:`~feeds.core.errors.FeedError`, never anything else (``asyncio.CancelledError``
still propagates). What it guarantees (hostile-input I4, I5, I8, I9; cases F, G, K2, L):

Limits
    At most ``per_host`` (2) requests at once per ``host:port``, and
    ``max_connections`` (128) overall: most of those are waiting for a slow
    server, which costs a socket and no CPU, so slow feeds do not hold up the
    rest (M13). Of them, at most ``max_transfers`` (16) read a body at once,
    which bounds memory at 16 bodies. A request first waits for its host's
    slot, then for a global one, so a slow host never holds more than its own
    two global slots. Connect timeout 10 s, read-inactivity timeout 15 s, and a
    per-feed time budget of 30 s around everything after the slots are granted
    (connect, redirects, body). At most 5 redirects. The body is capped at
    10 MiB *decoded*.

Body
    ``Accept-Encoding: gzip, deflate`` exactly. The raw body is read with
    ``aiter_raw()`` and decoded here with ``zlib.decompressobj`` in 64 KiB
    ``max_length`` steps, so a gzip bomb is stopped within one step of the cap
    and memory stays near the cap. Stacked encodings (``gzip, gzip``) decode
    in sequence and count toward the one cap; anything else (``br``, ``zstd``,
    ``x-evil``) is refused. A declared Content-Length over the cap is refused
    before the body is read.

Etiquette
    User-Agent :data:`DEFAULT_USER_AGENT`; conditional GET with the validators
    exactly as the server sent them; no cookies (the jar never stores one), no
    Referer, no cache-busting parameters. Proxy environment variables apply.

Network zones (I5)
    *Private* means loopback, RFC 1918, link-local, unspecified, CGNAT,
    multicast, reserved (see :mod:`feeds.net.netzone`); everything else is public.

    * A URL the **user** typed (``derived=False``) may be any http(s) URL,
      including a LAN or loopback one (G4). Its *origin zone* is the zone of
      the address we actually connect to.
    * A URL **derived from content** (``derived=True``: an article link fetched
      automatically, a discovery result, an OPML child) has as origin zone
      the zone of ``origin=`` (the URL of the document it came from), or
      *public* when no origin is given (the strict default).
    * Every redirect hop, and the first hop of a derived fetch, may go to a
      public address, or to a private address only when the origin is private
      **and** it is the same host (all loopback addresses count as one host).
      So a public feed can never lead us to ``127.0.0.1``, ``10.0.0.1`` or
      ``169.254.169.254``; a LAN feed's links may stay on that LAN host.
      Refusal: ``FeedError("policy", "blocked: private address …")``.

    The check runs on the *connected peer address*: a network backend wrapped
    around httpcore's checks the socket's peer right after ``connect()`` and
    before a byte is sent (so DNS names and rebinding are covered), and the
    response's ``network_stream`` is checked again (covering a reused pooled
    connection). IP literals in URLs, in all their odd forms (``127.1``,
    ``0x7f000001``, ``[::ffff:127.0.0.1]``…), and ``localhost`` names are
    refused before connecting. Requests sent through a proxy from the
    environment cannot see the peer; only the literal check applies to them.

    ``allow_private=True`` disables the zone rule (everything allowed);
    ``allow_private=False`` refuses private addresses even for typed URLs.
    Tests declare a loopback address "public" with ``treat_as_public=`` or the
    module-level :data:`PUBLIC_OVERRIDES`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import http.cookiejar
import io
import ipaddress
import re
import socket
import ssl
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Iterable, Iterator
from urllib.parse import urlsplit

import httpcore
import httpx

from .. import __version__
from .aiobackend import AsyncioBackend
from ..core.errors import FeedError, NewsreaderError
from .netzone import IPAddress, ZoneRules, host_identity, is_localhost_name, literal_ip
from ..core.sanitize import sanitize_line
from ..core.urls import UNSAFE_URL_CHARS

__all__ = [
    "FetchResult",
    "Fetcher",
    "fetch_sync",
    "normalize_url",
    "parse_retry_after",
    "parse_max_age",
    "DEFAULT_USER_AGENT",
    "FEED_ACCEPT",
    "PAGE_ACCEPT",
    "PUBLIC_OVERRIDES",
]

DEFAULT_USER_AGENT = f"newsreader/{__version__} (+https://github.com/newsreader-dev/newsreader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate"

#: Networks every Fetcher treats as public although they are private. A hook
#: for tests (``monkeypatch.setattr(feeds.net.http, "PUBLIC_OVERRIDES", ["127.0.0.2"])``).
PUBLIC_OVERRIDES: list[str] = []

MAX_HORIZON = 30 * 24 * 3600.0  # Retry-After and max-age are capped at 30 days
_DECODE_STEP = 64 * 1024  # max_length of one decompress() call
_MAX_ENCODING_LAYERS = 4
_MAX_RESPONSE_HEADERS = 1000
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_CODES = frozenset({301, 308})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STRIP = "".join(chr(c) for c in range(0x21)) + "\x7f"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_HEADER_VALUE_OK = re.compile(rb"[\t\x20-\x7e\x80-\xff]*")
_FETCH_KWARGS = frozenset({"etag", "last_modified", "accept", "max_bytes", "derived", "origin"})


# --------------------------------------------------------------------------- results


@dataclass
class FetchResult:
    url: str                  # the URL asked for
    final_url: str            # after redirects
    status: int               # 200 (or other 2xx) or 304
    content: bytes            # decoded body (b"" on 304)
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, sanitised values
    etag: str | None = None   # exactly as sent by the server (quotes and W/ kept)
    last_modified: str | None = None  # exactly as sent
    permanent_redirect: str | None = None  # set when every hop to final_url was 301/308
    content_type: str | None = None  # media type without parameters, lower-case
    charset: str | None = None  # from Content-Type, if any
    max_age: float | None = None  # Cache-Control max-age (≤ 30 days); None if absent/no-cache

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --------------------------------------------------------------------------- small helpers


def _fmt_seconds(value: float) -> str:
    return f"{value:g}"


def _fmt_size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n} bytes"


def _human_delay(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def normalize_url(url: str) -> str:
    """The URL to fetch, or ``FeedError("policy", …)`` (I3).

    Surrounding white space and C0 controls are stripped; a leading ``-`` is
    refused (it would read as an option to another program); only http and
    https are accepted, with a host, and no control characters inside.
    """
    if not isinstance(url, str):
        raise FeedError("policy", "invalid URL (not text)")
    u = url.strip(_STRIP).strip()
    if not u:
        raise FeedError("policy", "empty URL")
    if u.startswith("-"):
        raise FeedError("policy", "refused: the URL starts with '-'", url=u)
    if UNSAFE_URL_CHARS.search(u):  # C0, DEL, C1 and bidi controls (M4)
        raise FeedError("policy", "invalid URL (contains control characters)", url=u)
    scheme, sep, _ = u.partition(":")
    if not sep or not _SCHEME.fullmatch(scheme):
        raise FeedError("policy", "unsupported URL scheme (none); only http and https can be fetched", url=u)
    if scheme.lower() not in ("http", "https"):
        raise FeedError("policy", f"unsupported URL scheme {scheme.lower()[:20]}: (only http and https)", url=u)
    try:
        parts = urlsplit(u)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise FeedError("policy", f"invalid URL ({exc})", url=u) from None
    if not hostname:
        raise FeedError("policy", "invalid URL (no host)", url=u)
    return u


def _parse_http_date(value: str) -> datetime | None:
    try:
        dt = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:  # a date without "GMT": HTTP dates are always UTC
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def parse_retry_after(value: str | None, date: str | None = None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value, or ``None`` when it is unusable.

    Delta-seconds or an HTTP-date (taken relative to the response's ``Date``
    header, else to ``now``). Invalid, negative or already-past values are
    ignored (``None``); values are capped at 30 days.
    """
    if not value:
        return None
    v = value.strip()
    if v.isdigit() and v.isascii():
        return MAX_HORIZON if len(v) > 12 else min(float(int(v)), MAX_HORIZON)
    when = _parse_http_date(v)
    if when is None:
        return None
    base = _parse_http_date(date) if date else None
    if base is None:
        base = now or datetime.now(timezone.utc)
    try:
        seconds = (when - base).total_seconds()
    except (OverflowError, TypeError):
        return None
    if seconds <= 0:
        return None
    return min(seconds, MAX_HORIZON)


def parse_max_age(cache_control: str | None) -> float | None:
    """``max-age`` from Cache-Control, capped at 30 days; ``None`` if absent, no-cache or no-store."""
    if not cache_control:
        return None
    max_age = None
    for directive in cache_control.split(","):
        name, _, arg = directive.strip().partition("=")
        name = name.strip().lower()
        if name in ("no-cache", "no-store"):
            return None
        if name == "max-age":
            arg = arg.strip().strip('"')
            if arg.isdigit() and arg.isascii():
                max_age = MAX_HORIZON if len(arg) > 12 else min(float(int(arg)), MAX_HORIZON)
    return max_age


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, _, params = value.partition(";")
    media = sanitize_line(media, limit=200).strip().lower() or None
    charset = None
    for param in params.split(";"):
        name, _, arg = param.partition("=")
        if name.strip().lower() == "charset":
            charset = sanitize_line(arg.strip().strip("'\""), limit=64).strip() or None
    return media, charset


def _encode_validator(value: str | None) -> bytes | None:
    """A stored ETag / Last-Modified as the exact bytes to send back, or None if unsendable."""
    if not value:
        return None
    try:
        raw = value.encode("latin-1")  # how we decoded it (see _raw_header)
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "replace")
    if not raw.strip() or not _HEADER_VALUE_OK.fullmatch(raw):
        return None
    return raw


def _raw_header(response: httpx.Response, name: bytes) -> str | None:
    """A response header's exact bytes as str (latin-1 round-trips every byte)."""
    for key, value in response.headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _clean_headers(response: httpx.Response) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        k = sanitize_line(key.lower(), limit=200)
        v = sanitize_line(value, limit=4000)
        out[k] = f"{out[k]}, {v}" if k in out else v
    return out


def _reason(response: httpx.Response) -> str:
    phrase = sanitize_line(response.reason_phrase or "", limit=80)
    if not phrase:
        try:
            phrase = HTTPStatus(response.status_code).phrase
        except ValueError:
            phrase = ""
    return phrase


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(getattr(e, "exceptions", ()) or ())
        stack.append(e.__cause__)  # type: ignore[arg-type]
        stack.append(e.__context__)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- decoding


class _Truncated(NewsreaderError):
    """The compressed stream ended early."""


class _Inflater:
    """One gzip or deflate layer, producing at most ``_DECODE_STEP`` bytes per piece.

    gzip may hold several members back to back (all are decoded); bytes after
    the last stream that do not start a new member are ignored, as browsers do.
    ``deflate`` is zlib-wrapped by the RFC but often raw: the first two bytes tell.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._d: Any = None  # the current decompressor; None before a stream starts
        self._pending = b""  # too few bytes to tell how the next stream starts
        self._started = False
        self._streams = 0  # streams decoded to their end
        self._ignore = False  # trailing bytes after the last stream

    def _start(self, data: bytes) -> bool:
        """Begin the next stream at ``data``; False while more bytes are needed."""
        if len(data) < 2:
            return False
        if self.kind == "gzip":
            if self._streams and data[:2] != b"\x1f\x8b":
                self._ignore = True
            else:
                self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._streams:
            self._ignore = True
        else:
            cmf, flg = data[0], data[1]
            wrapped = (cmf & 0x0F) == 8 and (cmf >> 4) <= 7 and ((cmf << 8) | flg) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return True

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data or self._ignore:
            return
        self._started = True
        data, self._pending = self._pending + data, b""
        while not self._ignore:
            if self._d is None:
                if not data:
                    return
                if not self._start(data):
                    self._pending = data
                    return
                continue
            out = self._d.decompress(data, _DECODE_STEP)
            data = self._d.unconsumed_tail
            if out:
                yield out
            if self._d.eof:  # at the end, what is left of the input is in unused_data (only)
                data = self._d.unused_data
                self._d = None
                self._streams += 1
                continue
            # A call that filled max_length exactly may have more output pending: go round again.
            if not data and len(out) < _DECODE_STEP:
                return

    def finish(self) -> None:
        """Raise _Truncated if the input ended inside a stream."""
        if not self._started or self._ignore:
            return
        if self._d is not None or self._streams == 0:
            raise _Truncated()


class _Decoder:
    """Undo the Content-Encoding layers in order, lazily, piece by piece."""

    def __init__(self, encodings: list[str]) -> None:
        self.stages = [_Inflater(e) for e in reversed(encodings)]

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.stages):
            yield data
            return
        for piece in self.stages[index].feed(data):
            yield from self._through(index + 1, piece)

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._through(0, data)

    def finish(self) -> None:
        """Raise _Truncated if a layer's compressed stream did not end."""
        for stage in self.stages:
            stage.finish()


def _content_encodings(value: str | None) -> list[str]:
    if not value:
        return []
    layers = []
    for token in value.split(","):
        t = token.strip().lower()
        if t in ("", "identity"):
            continue
        if t in ("gzip", "x-gzip"):
            layers.append("gzip")
        elif t == "deflate":
            layers.append("deflate")
        else:
            raise FeedError("network", f"unsupported content encoding {sanitize_line(t, limit=40)!r}")
    if len(layers) > _MAX_ENCODING_LAYERS:
        raise FeedError("network", f"unsupported content encoding (more than {_MAX_ENCODING_LAYERS} layers)")
    return layers


# --------------------------------------------------------------------------- network zones


class _ZoneGuard:
    """The zone rule for one fetch (see the module docstring)."""

    def __init__(self, rules: ZoneRules, *, strict: bool, origin_private: bool | None,
                 origin_identity: str | None) -> None:
        self.rules = rules
        self.strict = strict  # allow_private=False: no private address at all
        self.origin_private = origin_private  # None: not known yet (a typed URL before connecting)
        self.origin_identity = origin_identity

    def establish(self, ip: IPAddress) -> None:
        if self.origin_private is None:
            self.origin_private = self.rules.is_private(ip)
            self.origin_identity = host_identity(ip)

    def refusal(self, ip: IPAddress, shown: str | None = None) -> str | None:
        """Why connecting to ``ip`` is refused, or None when it is allowed."""
        if not self.rules.is_private(ip):
            return None
        shown = sanitize_line(shown or "", limit=100) or str(ip)
        if shown != str(ip):
            shown = f"{shown} = {ip}"
        if self.strict:
            return f"blocked: private address {shown} (private addresses are not allowed)"
        if not self.origin_private:
            return f"blocked: private address {shown} (reached from a public address)"
        if host_identity(ip) != self.origin_identity:
            return f"blocked: private address {shown} (a different host from the one you added)"
        return None

    def on_peer(self, ip: IPAddress, first_typed_hop: bool) -> None:
        if first_typed_hop and not self.strict:
            self.establish(ip)
            return
        why = self.refusal(ip)
        if why:
            raise FeedError("policy", why)
        if first_typed_hop:
            self.establish(ip)


@dataclass
class _HopContext:
    guard: _ZoneGuard
    first_typed_hop: bool


_HOP: contextvars.ContextVar[_HopContext | None] = contextvars.ContextVar("newsreader_fetch_hop", default=None)


def _peer_ip(stream: Any) -> IPAddress | None:
    """The connected peer's address, from the socket itself."""
    try:
        addr = stream.get_extra_info("server_addr")
    except Exception:
        return None
    if isinstance(addr, tuple) and addr:
        try:
            ip = ipaddress.ip_address(str(addr[0]).split("%", 1)[0])
        except ValueError:
            return None
        return ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
    return None


def _literal_target(host: str) -> IPAddress | None:
    """The address a URL host stands for without DNS: an IP literal (any form) or a localhost name."""
    ip = literal_ip(host)
    if ip is None and is_localhost_name(host):
        ip = ipaddress.IPv4Address("127.0.0.1")
    return ip


class _GuardedStream(httpcore.AsyncNetworkStream):
    """A connection made by our backend, remembering its peer address."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, peer: IPAddress | None) -> None:
        self._inner = inner
        self.peer = peer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        inner = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _GuardedStream(inner, self.peer)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Checks the peer address right after connect(), before the request is written."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner
        #: "host:port" → the peer addresses connections to it reached. A pooled connection
        #: is reused without connecting again, so a hop to a name is checked against these too.
        self.peers: dict[str, set[IPAddress]] = {}

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
        peer = _peer_ip(stream)
        if peer is not None:
            if len(self.peers) > 10_000:
                self.peers.clear()
            self.peers.setdefault(f"{host.lower()}:{port}", set()).add(peer)
        hop = _HOP.get()
        if hop is not None and peer is not None:
            try:
                hop.guard.on_peer(peer, hop.first_typed_hop)
            except FeedError:
                await stream.aclose()
                raise
        return _GuardedStream(stream, peer)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _install_guard(transport: httpx.AsyncBaseTransport,
                   backend: _GuardedBackend | None = None) -> _GuardedBackend | None:
    """Wrap a direct (non-proxy) transport's network backend. None if httpx changed shape.

    ``backend``: the guard already installed in another transport of the same
    fetcher, shared so that all of them remember the same peers.
    """
    pool = getattr(transport, "_pool", None)
    if type(pool) is not httpcore.AsyncConnectionPool or not hasattr(pool, "_network_backend"):
        return None
    if backend is None:
        backend = _GuardedBackend(AsyncioBackend())
    pool._network_backend = backend
    return backend


class _PoolPerHost(httpx.AsyncBaseTransport):
    """One small connection pool per ``scheme://host:port`` instead of one big pool.

    httpcore's pool looks at every connection it holds whenever a request
    starts or ends (and asks each idle socket whether it is readable). With a
    hundred connections open across fifty hosts that was most of a refresh's
    fetching CPU; a host's own pool holds the two connections its requests
    may use. The fetcher's semaphores still bound connections per host and
    overall; pools share one TLS context and one peer guard.

    A pool is only looked at when its host is asked for, so the idle sockets
    of hosts done with would stay open to the end: beyond :attr:`KEEP`
    pools, the least recently used ones with nothing in flight are closed.
    """

    #: Pools kept (each holds at most a couple of idle sockets) before idle ones are closed.
    KEEP = 64

    def __init__(self, make: Callable[[], httpx.AsyncHTTPTransport]) -> None:
        self._make = make
        #: Least recently used first.
        self._pools: dict[tuple[bytes, bytes, int | None], httpx.AsyncHTTPTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.raw_scheme, url.raw_host, url.port)
        idle: list[httpx.AsyncHTTPTransport] = []
        transport = self._pools.pop(key, None)
        if transport is None:
            if len(self._pools) >= self.KEEP:
                idle = self._take_idle(len(self._pools) - self.KEEP // 2)
            transport = self._make()
        # No await from here until the pool has the request: no other request can find the
        # pool idle (or make a second one for this host) in between.
        self._pools[key] = transport  # now the most recently used
        try:
            return await transport.handle_async_request(request)
        finally:
            for pool in idle:
                with contextlib.suppress(Exception):  # closing idle sockets must not fail this request
                    await pool.aclose()

    def _take_idle(self, wanted: int) -> list[httpx.AsyncHTTPTransport]:
        """Take out up to ``wanted`` of the least recently used pools that have nothing in flight."""
        taken = []
        for key, transport in list(self._pools.items())[:wanted * 2]:
            if len(taken) >= wanted:
                break
            if _pool_is_idle(transport):
                del self._pools[key]
                taken.append(transport)
        return taken

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for transport in pools:
            await transport.aclose()


def _pool_is_idle(transport: httpx.AsyncHTTPTransport) -> bool:
    """No request waiting or in flight in this transport's pool (unknown shapes count as busy)."""
    pool = getattr(transport, "_pool", None)
    if pool is None or getattr(pool, "_requests", None):
        return False
    try:
        return all(connection.is_idle() for connection in pool.connections)
    except Exception:  # noqa: BLE001 - an httpcore of another shape: keep the pool
        return False


_LOCATION_KEY = "newsreader_location"


async def _take_location(response: httpx.Response) -> None:
    """Response hook: keep the Location of a redirect away from httpx.

    httpx builds the next request for every redirect even when it does not
    follow it, and a hostile Location (``javascript:…``) makes that raise
    inside ``send()``. The Location is moved to ``response.extensions`` and
    our own loop validates it.
    """
    if response.status_code in _REDIRECT_CODES and "location" in response.headers:
        response.extensions[_LOCATION_KEY] = response.headers.get("location")
        del response.headers["location"]


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """A cookie policy that neither stores nor returns any cookie (L1)."""

    def set_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def return_ok(self, cookie: Any, request: Any) -> bool:
        return False

    def domain_return_ok(self, domain: str, request: Any) -> bool:
        return False

    def path_return_ok(self, path: str, request: Any) -> bool:
        return False


# --------------------------------------------------------------------------- the fetcher


class _HostSlots:
    """Per-host semaphores, dropped again when nobody holds or waits for them."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._slots: dict[str, tuple[asyncio.Semaphore, int]] = {}

    async def acquire(self, key: str) -> None:
        sem, users = self._slots.get(key, (None, 0))
        if sem is None:
            sem = asyncio.Semaphore(self.per_host)
        self._slots[key] = (sem, users + 1)
        try:
            await sem.acquire()
        except BaseException:
            self._forget(key)
            raise

    def release(self, key: str) -> None:
        sem, _ = self._slots[key]
        sem.release()
        self._forget(key)

    def _forget(self, key: str) -> None:
        sem, users = self._slots[key]
        if users <= 1:
            del self._slots[key]
        else:
            self._slots[key] = (sem, users - 1)


async def _outside_budget(budget: asyncio.Timeout, wait: Awaitable[object]) -> None:
    """Await ``wait`` with the budget's clock stopped, then move its deadline on by the time it took."""
    loop = asyncio.get_running_loop()
    started, when = loop.time(), budget.when()
    budget.reschedule(None)
    try:
        await wait
    finally:
        if when is not None:
            budget.reschedule(when + (loop.time() - started))


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def _host_key(url: httpx.URL) -> str:
    return f"{url.host}:{url.port or _default_port(url)}"


class Fetcher:
    """Async context manager owning ONE shared ``httpx.AsyncClient``.

    ``treat_as_public`` lists networks (``"127.0.0.2"``, ``"10.9.0.0/16"``)
    that count as public for the zone rule, on top of :data:`PUBLIC_OVERRIDES`.
    """

    def __init__(self, *, max_connections: int = 128, per_host: int = 2, max_transfers: int = 16,
                 connect_timeout: float = 10, read_timeout: float = 15, deadline: float = 30,
                 max_redirects: int = 5, max_bytes: int = 10 * 1024 * 1024,
                 user_agent: str = DEFAULT_USER_AGENT, allow_private: bool | None = None,
                 treat_as_public: Iterable[str] = ()) -> None:
        if max_connections < 1 or per_host < 1 or max_transfers < 1:
            raise ValueError("max_connections, per_host and max_transfers must be at least 1")
        if min(connect_timeout, read_timeout, deadline) <= 0:
            raise ValueError("timeouts must be positive")
        if max_redirects < 0 or max_bytes < 0:
            raise ValueError("max_redirects and max_bytes must not be negative")
        if _CONTROL.search(user_agent):
            raise ValueError("user_agent must not contain control characters")
        self.max_connections = max_connections
        self.per_host = min(per_host, max_connections)
        self.max_transfers = min(max_transfers, max_connections)
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self.deadline = float(deadline)
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.allow_private = allow_private
        self.treat_as_public = tuple(treat_as_public)
        ZoneRules(self.treat_as_public)  # validate now
        self._client: httpx.AsyncClient | None = None
        self._global = asyncio.Semaphore(max_connections)
        self._transfers = asyncio.Semaphore(self.max_transfers)
        self._hosts = _HostSlots(self.per_host)
        self._backend: _GuardedBackend | None = None

    # -- lifecycle

    def _make_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=self.max_connections,
                              max_keepalive_connections=self.max_connections, keepalive_expiry=5)
        tls = httpx.create_ssl_context(trust_env=True)

        def host_transport() -> httpx.AsyncHTTPTransport:
            transport = httpx.AsyncHTTPTransport(verify=tls, trust_env=True, limits=httpx.Limits(
                max_connections=self.max_connections, max_keepalive_connections=self.per_host, keepalive_expiry=5))
            if self._backend is not None:
                _install_guard(transport, self._backend)
            return transport

        client = httpx.AsyncClient(
            timeout=httpx.Timeout(connect=self.connect_timeout, read=self.read_timeout,
                                  write=self.read_timeout, pool=self.deadline),
            limits=limits,
            transport=_PoolPerHost(host_transport),
            follow_redirects=False,
            trust_env=True,
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
            headers={"User-Agent": self.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            event_hooks={"response": [_take_location]},
        )
        # The guard every host's pool shares, made on a first pool now: ``peer_check`` is known at once.
        self._backend = None
        self._backend = _install_guard(host_transport())
        return client

    @property
    def peer_check(self) -> bool:
        """False when the connected-peer check could not be installed (only literals are checked then)."""
        return self._backend is not None

    async def __aenter__(self) -> "Fetcher":
        if self._client is None:
            self._client = self._make_client()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:  # closing sockets of dead connections must not fail a refresh
                pass

    # -- fetching

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept: str = FEED_ACCEPT, max_bytes: int | None = None,
                    derived: bool = False, origin: str | None = None,
                    body_gate: Callable[[], Awaitable[object]] | None = None) -> FetchResult:
        """GET ``url``. Raises FeedError (never anything else) on any failure.

        ``derived=True`` marks a URL found in content; ``origin`` is then the URL
        of the document it was found in (its zone decides where it may go).
        ``body_gate`` is awaited once the headers of a 2xx answer are in, before
        the body is read: the caller's backpressure (a refresh holds at most so
        many documents in hand). Waiting there does not count against the time
        budget: that is our queue, not the server's slowness.
        """
        asked = url if isinstance(url, str) else repr(url)
        holder = [""]  # the host:port whose slot this request holds
        try:
            url = normalize_url(url)
            try:
                target = httpx.URL(url)
            except (httpx.InvalidURL, ValueError, UnicodeError):
                raise FeedError("policy", "invalid URL") from None
            if self._client is None:
                self._client = self._make_client()
            cap = self.max_bytes if max_bytes is None else max_bytes
            guard = await self._zone_guard(derived=derived, origin=origin)
            self._precheck(guard, target, first_typed_hop=not derived)
            key = _host_key(target)
            await self._hosts.acquire(key)
            holder[0] = key
            async with self._global:
                return await self._fetch_within_deadline(
                    url, target, holder, guard, etag=etag, last_modified=last_modified, accept=accept,
                    cap=cap, derived=derived, body_gate=body_gate)
        except FeedError as err:
            if err.url is None:
                err.url = sanitize_line(asked, limit=2000) or None
            raise
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - everything becomes a FeedError
            raise self._map_exception(exc, url=asked, phase="request") from None
        finally:
            if holder[0]:
                self._hosts.release(holder[0])

    async def _fetch_within_deadline(self, url: str, target: httpx.URL, holder: list[str],
                                     guard: _ZoneGuard | None, **kw: Any) -> FetchResult:
        deadline = asyncio.timeout(self.deadline)
        try:
            async with deadline:
                return await self._fetch_hops(url, target, holder, guard, budget=deadline, **kw)
        except TimeoutError:
            if deadline.expired():
                raise FeedError("timeout", f"timed out after {_fmt_seconds(self.deadline)} s (server too slow)",
                                url=url) from None
            raise

    async def _zone_guard(self, *, derived: bool, origin: str | None) -> _ZoneGuard | None:
        if self.allow_private is True:
            return None
        rules = ZoneRules(tuple(PUBLIC_OVERRIDES) + self.treat_as_public)
        strict = self.allow_private is False
        if not derived:
            return _ZoneGuard(rules, strict=strict, origin_private=None, origin_identity=None)
        origin_ip = await self._origin_address(origin) if origin else None
        if origin_ip is None or not rules.is_private(origin_ip):
            return _ZoneGuard(rules, strict=strict, origin_private=False, origin_identity=None)
        return _ZoneGuard(rules, strict=strict, origin_private=True, origin_identity=host_identity(origin_ip))

    async def _origin_address(self, origin: str) -> IPAddress | None:
        """The address of the document a derived URL came from (None: treat it as public)."""
        try:
            host = urlsplit(normalize_url(origin)).hostname
        except (FeedError, ValueError):
            return None
        ip = literal_ip(host)
        if ip is not None:
            return ip
        if is_localhost_name(host):
            return literal_ip("127.0.0.1")
        try:
            async with asyncio.timeout(self.connect_timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError, TimeoutError):
            return None
        addrs = [literal_ip(str(info[4][0])) for info in infos]
        addrs = [a for a in addrs if a is not None]
        return addrs[0] if addrs else None

    def _precheck(self, guard: _ZoneGuard | None, url: httpx.URL, *, first_typed_hop: bool) -> None:
        """Refuse a private IP literal (in any form) or a localhost name before connecting."""
        if guard is None:
            return
        ip = _literal_target(url.host)
        if ip is None:
            # A name: checked on connect, and here against where earlier connections to it went
            # (a pooled connection would be reused without a new connect).
            if not first_typed_hop and self._backend is not None:
                key = f"{url.raw_host.decode('ascii', 'replace').lower()}:{url.port or _default_port(url)}"
                for known in sorted(self._backend.peers.get(key, ()), key=str):
                    why = guard.refusal(known, shown=url.host)
                    if why:
                        raise FeedError("policy", why)
            return
        if first_typed_hop and not guard.strict:
            guard.establish(ip)
            return
        why = guard.refusal(ip, shown=url.host)
        if why:
            raise FeedError("policy", why)
        if first_typed_hop:
            guard.establish(ip)

    async def _fetch_hops(self, url: str, target: httpx.URL, holder: list[str], guard: _ZoneGuard | None, *,
                          etag: str | None, last_modified: str | None, accept: str, cap: int,
                          derived: bool, budget: asyncio.Timeout,
                          body_gate: Callable[[], Awaitable[object]] | None) -> FetchResult:
        client = self._client
        assert client is not None
        headers: list[tuple[bytes, bytes]] = [(b"Accept", accept.encode("latin-1", "replace"))]
        inm = _encode_validator(etag)
        ims = _encode_validator(last_modified)
        if inm is not None:
            headers.append((b"If-None-Match", inm))
        if ims is not None:
            headers.append((b"If-Modified-Since", ims))

        current = target
        permanent = True
        hops = 0
        while True:
            key = _host_key(current)
            if key != holder[0]:  # a redirect to another host: swap the per-host slot
                self._hosts.release(holder[0])
                holder[0] = ""
                await self._hosts.acquire(key)
                holder[0] = key
            first_typed_hop = hops == 0 and not derived
            if hops:
                self._precheck(guard, current, first_typed_hop=False)
            request = client.build_request("GET", current, headers=headers)
            token = _HOP.set(_HopContext(guard, first_typed_hop) if guard is not None else None)
            try:
                response = await client.send(request, stream=True)
            except FeedError:
                raise
            except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
                raise self._map_exception(exc, url=str(current), phase="headers") from None
            finally:
                _HOP.reset(token)
            try:
                if len(response.headers.raw) > _MAX_RESPONSE_HEADERS:
                    raise FeedError("network", "invalid HTTP response from server (too many headers)")
                if guard is not None:
                    stream = response.extensions.get("network_stream")
                    if isinstance(stream, _GuardedStream) and stream.peer is not None:
                        guard.on_peer(stream.peer, first_typed_hop)
                status = response.status_code
                if status in _REDIRECT_CODES and response.extensions.get(_LOCATION_KEY) is not None:
                    hops += 1
                    if hops > self.max_redirects:
                        raise FeedError("network", f"too many redirects (more than {self.max_redirects})")
                    permanent = permanent and status in _PERMANENT_CODES
                    current = self._next_hop(response)
                    continue
                if status == 304:
                    return self._result(url, current, response, b"", permanent, hops)
                if 200 <= status < 300:
                    if body_gate is not None:
                        await _outside_budget(budget, body_gate())
                    async with self._transfers:  # bodies in memory at once: bounded
                        body = await self._read_body(response, cap)
                    return self._result(url, current, response, body, permanent, hops)
                raise self._status_error(response)
            finally:
                await response.aclose()

    def _next_hop(self, response: httpx.Response) -> httpx.URL:
        location = (response.extensions.get(_LOCATION_KEY) or "").strip(" \t")
        if _CONTROL.search(location):
            raise FeedError("policy", "redirect refused: the Location contains control characters")
        if not location:
            raise FeedError("network", "redirect without a Location")
        scheme, sep, _ = location.partition(":")
        if sep and _SCHEME.fullmatch(scheme) and scheme.lower() not in ("http", "https"):
            raise FeedError("policy", f"redirect to unsupported URL scheme {scheme.lower()[:20]}: refused")
        try:
            nxt = response.url.join(location)
        except (httpx.InvalidURL, ValueError, UnicodeError):
            raise FeedError("network", "invalid redirect (bad Location)") from None
        if nxt.scheme not in ("http", "https"):
            raise FeedError("policy", f"redirect to unsupported URL scheme {nxt.scheme[:20]}: refused")
        if not nxt.host:
            raise FeedError("network", "invalid redirect (no host)")
        return nxt

    def _result(self, url: str, final: httpx.URL, response: httpx.Response, body: bytes,
                permanent: bool, hops: int) -> FetchResult:
        headers = _clean_headers(response)
        media, charset = _parse_content_type(response.headers.get("content-type"))
        final_url = str(final)
        return FetchResult(
            url=url,
            final_url=final_url,
            status=response.status_code,
            content=body,
            headers=headers,
            etag=_raw_header(response, b"etag"),
            last_modified=_raw_header(response, b"last-modified"),
            permanent_redirect=final_url if hops and permanent else None,
            content_type=media,
            charset=charset,
            max_age=parse_max_age(response.headers.get("cache-control")),
        )

    def _status_error(self, response: httpx.Response) -> FeedError:
        code = response.status_code
        reason = _reason(response)
        if code == 410:
            return FeedError("gone", "feed removed by publisher (410)", status=code)
        if code == 403 and "challenge" in response.headers.get("cf-mitigated", "").lower():
            return FeedError("http-status", "blocked by a Cloudflare challenge (403)", status=code)
        if code in (429, 503):
            retry = parse_retry_after(response.headers.get("retry-after"), response.headers.get("date"))
            message = f"HTTP {code} {reason}".strip()
            if retry is not None:
                message += f" (retry after {_human_delay(retry)})"
            return FeedError("http-status", message, status=code, retry_after=retry)
        return FeedError("http-status", f"HTTP {code} {reason}".strip(), status=code)

    async def _read_body(self, response: httpx.Response, cap: int) -> bytes:
        too_large = f"too large (more than {_fmt_size(cap)})"
        encodings = _content_encodings(response.headers.get("content-encoding"))
        # Compressed data can be a little larger than what it decodes to.
        raw_cap = cap if not encodings else cap + cap // 8 + 64 * 1024
        declared = response.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared.split(",")[0].strip()) > raw_cap:
                    raise FeedError("too-large", too_large)
            except ValueError:
                pass
        decoder = _Decoder(encodings)
        body = io.BytesIO()  # getvalue() hands over its buffer without a copy
        size = 0
        raw_total = 0
        try:
            async for chunk in response.aiter_raw():
                raw_total += len(chunk)
                if raw_total > raw_cap:
                    raise FeedError("too-large", too_large)
                for piece in decoder.feed(chunk):
                    size += len(piece)
                    if size > cap:
                        raise FeedError("too-large", too_large)
                    body.write(piece)
            decoder.finish()
        except _Truncated:
            raise FeedError("network", "connection lost / incomplete response (compressed data cut short)") from None
        except zlib.error:
            raise FeedError("network", "corrupt compressed data in the response") from None
        except FeedError:
            raise
        except (httpx.HTTPError, OSError, ssl.SSLError) as exc:
            raise self._map_exception(exc, url=str(response.url), phase="body") from None
        return body.getvalue()

    # -- errors

    def _map_exception(self, exc: BaseException, *, url: str | None, phase: str) -> FeedError:
        host = ""
        try:
            host = httpx.URL(url).host if url else ""
        except Exception:
            host = ""
        chain = list(_exception_chain(exc))

        def has(kind: type) -> BaseException | None:
            return next((e for e in chain if isinstance(e, kind)), None)

        if isinstance(exc, httpx.ConnectTimeout):
            return FeedError("timeout", f"connection timed out after {_fmt_seconds(self.connect_timeout)} s",
                             url=url)
        if isinstance(exc, httpx.ReadTimeout):
            if phase == "body":
                return FeedError("timeout", f"server stopped sending data (stalled for "
                                            f"{_fmt_seconds(self.read_timeout)} s)", url=url)
            return FeedError("timeout", f"no response from server within {_fmt_seconds(self.read_timeout)} s",
                             url=url)
        if isinstance(exc, httpx.WriteTimeout):
            return FeedError("timeout", "timed out sending the request", url=url)
        if isinstance(exc, httpx.PoolTimeout):
            return FeedError("timeout", "timed out waiting for a free connection", url=url)
        if isinstance(exc, httpx.TimeoutException):
            return FeedError("timeout", "timed out", url=url)

        cert = has(ssl.SSLCertVerificationError)
        if cert is not None:
            detail = getattr(cert, "verify_message", "") or ""
            return FeedError("tls", "certificate verification failed" + (f" ({detail})" if detail else ""),
                             url=url)
        tls = has(ssl.SSLError)
        if tls is not None and phase != "body":
            detail = getattr(tls, "reason", None) or ""
            return FeedError("tls", "TLS handshake failed" + (f" ({detail})" if detail else ""), url=url)
        if has(socket.gaierror) is not None:
            return FeedError("network", f"cannot resolve host {host}" if host else "cannot resolve host", url=url)

        if isinstance(exc, (httpx.UnsupportedProtocol,)):
            return FeedError("policy", "unsupported URL scheme (only http and https)", url=url)
        if isinstance(exc, httpx.InvalidURL):
            return FeedError("policy", "invalid URL", url=url)

        if phase == "body" and isinstance(exc, (httpx.TransportError, OSError, ssl.SSLError)):
            return FeedError("network", "connection lost / incomplete response", url=url)

        if isinstance(exc, httpx.ConnectError) or (phase != "body" and isinstance(exc, OSError)
                                                    and not isinstance(exc, httpx.HTTPError)):
            if has(ConnectionRefusedError) is not None or "refused" in str(exc).lower():
                return FeedError("network", "connection refused", url=url)
            if "all connection attempts failed" in str(exc).lower() and host:
                return FeedError("network", f"cannot connect to {host}", url=url)
            err = has(OSError)
            detail = getattr(err, "strerror", None) or ""
            return FeedError("network", "cannot connect" + (f" ({detail})" if detail else ""), url=url)
        if isinstance(exc, httpx.RemoteProtocolError):
            text = str(exc).lower()
            if "disconnected without sending a response" in text or "without sending complete" in text:
                return FeedError("network", "server closed the connection without a response", url=url)
            if "max_incomplete_event_size" in text or "exceeded" in text or "too long" in text:
                return FeedError("network", "invalid HTTP response from server (headers too large)", url=url)
            return FeedError("network", "invalid HTTP response from server (malformed headers)", url=url)
        if isinstance(exc, httpx.LocalProtocolError):
            return FeedError("network", "could not send the request (invalid request headers)", url=url)
        if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.NetworkError, ConnectionError)):
            return FeedError("network", "connection lost / incomplete response", url=url)
        if isinstance(exc, httpx.ProxyError):
            return FeedError("network", "proxy error", url=url)
        return FeedError("network", f"unexpected error ({type(exc).__name__})", url=url)


# --------------------------------------------------------------------------- one-off use


def fetch_sync(url: str, **kwargs: Any) -> FetchResult:
    """Run one fetch in a fresh event loop (for CLI one-offs).

    Keyword arguments of :meth:`Fetcher.fetch` go to the fetch, the rest to
    :class:`Fetcher`. Safe to call from a thread that already runs a loop: the
    fetch then runs in a helper thread.
    """
    fetch_kwargs = {k: kwargs.pop(k) for k in list(kwargs) if k in _FETCH_KWARGS}
    fetcher_kwargs = kwargs

    async def run() -> FetchResult:
        async with Fetcher(**fetcher_kwargs) as fetcher:
            return await fetcher.fetch(url, **fetch_kwargs)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(run())

    box: dict[str, Any] = {}

    def worker() -> None:
        try:
            box["result"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=worker, name="fetch_sync", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]
