"""A programmable loopback HTTP/1.1 server for tests: real sockets, stdlib asyncio only.

The server runs its own event loop in a background thread, so sync tests
(subprocess CLI tests) and async tests can both use it::

    from tests.netserver import LoopbackServer, Response

    with LoopbackServer() as srv:                # 127.0.0.1, a free port
        srv.static("/feed.xml", RSS, etag='"abc"')
        srv.route("/slow", lambda req: Response(body=b"x", delay=0.5))
        url = srv.url("/feed.xml")
        ...
        assert srv.requests[0].header("user-agent").startswith("newsreader/")

``LoopbackServer(hosts=["127.0.0.2", "127.0.0.3"])`` listens on several
loopback addresses (one port each; the same port when it is free); every
address then counts as a separate host in :attr:`max_in_flight_by_host`.
``LoopbackServer(tls=True)`` serves HTTPS with a fresh self-signed
certificate (needs the ``openssl`` command or the ``cryptography`` package;
:func:`tls_available` tells).

Handlers
    ``route(path, handler)`` matches the path exactly (query ignored);
    ``route("/prefix/", handler, prefix=True)`` matches everything below it.
    A handler takes the :class:`RecordedRequest` and returns (or, if it is a
    coroutine function, resolves to) bytes (a 200), a :class:`Response`, or
    :class:`Raw` for full control of the socket (stalls, resets, broken
    framing). A :class:`Response` body may be bytes or an (async) iterable of
    bytes, sent chunked unless the headers give a Content-Length.

Ready-made behaviours
    ``install_catalogue()`` registers the hostile-input catalogue (F, G, L)
    under fixed paths; see :data:`CATALOGUE` for the list.

Records
    ``requests`` (every request, in arrival order), ``connections`` (accepted
    TCP connections, counted before any TLS handshake), ``tls_failures``,
    ``max_in_flight`` and ``max_in_flight_by_host`` (the most
    requests handled at once, overall and per listening ``host:port``).
"""

from __future__ import annotations

import asyncio
import errno
import functools
import gzip
import inspect
import os
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import threading
import zlib
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, AsyncIterable, Awaitable, Callable, Iterable, Iterator
from urllib.parse import parse_qsl, urlsplit

import pytest

__all__ = [
    "LoopbackServer",
    "RecordedRequest",
    "Response",
    "Raw",
    "Conn",
    "CATALOGUE",
    "SAMPLE_RSS",
    "SAMPLE_HTML",
    "gzip_bomb",
    "tls_available",
    "unaccepting_listener",
    "loopback_server",
]

SAMPLE_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback feed</title><link>http://example.invalid/</link>
<description>A feed served by the loopback test server.</description>
<item><title>First entry</title><link>http://example.invalid/1</link><guid>loop-1</guid>
<description>Hello from the loopback server.</description></item>
<item><title>Second entry</title><link>http://example.invalid/2</link><guid>loop-2</guid>
<description>Another entry.</description></item>
</channel></rss>
"""

SAMPLE_HTML = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>Loopback page</title>
<link rel="alternate" type="application/rss+xml" title="Loopback feed" href="/feed.xml">
</head><body><article><h1>Loopback page</h1>
<p>This page advertises a feed with a link element in its head.</p></article></body></html>
"""

ITEM = b"<item><title>endless</title><description>" + b"x" * 200 + b"</description></item>\n"

# --------------------------------------------------------------------------- records and responses


@dataclass
class RecordedRequest:
    method: str
    target: str                      # the request target as sent
    path: str                        # target without the query
    query: dict[str, str]
    version: str
    headers: list[tuple[str, str]]   # as received (latin-1), in order
    raw_head: bytes                  # request line and headers, bytes exactly as received
    local: str                       # "host:port" the connection arrived on
    peer: str

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def raw_header(self, name: str) -> bytes | None:
        value = self.header(name)
        return None if value is None else value.encode("latin-1")


HeaderList = Iterable[tuple[str | bytes, str | bytes]]


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] | AsyncIterable[bytes] = b""
    headers: HeaderList | dict[str, str | bytes] = ()
    reason: str | bytes | None = None  # default: the standard phrase
    content_type: str | None = None    # shorthand for a Content-Type header
    chunked: bool | None = None        # None: chunked when the body is an iterable without Content-Length
    delay: float = 0.0                 # seconds to wait before answering
    close: bool = False                # close the connection after this response

    def header_items(self) -> list[tuple[bytes, bytes]]:
        items = self.headers.items() if isinstance(self.headers, dict) else self.headers
        out = [(_b(k), _b(v)) for k, v in items]
        if self.content_type and not any(k.lower() == b"content-type" for k, _ in out):
            out.append((b"Content-Type", _b(self.content_type)))
        return out


@dataclass
class Raw:
    """Full control: ``fn(conn)`` writes whatever it likes; the connection closes afterwards."""
    fn: Callable[["Conn"], Awaitable[None]]


def _b(value: str | bytes | int) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("latin-1")


class Conn:
    """The server side of one connection, for :class:`Raw` handlers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 request: RecordedRequest) -> None:
        self.reader = reader
        self.writer = writer
        self.request = request
        self.aborted = False

    async def write(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def client_gone(self, within: float) -> bool:
        """Wait up to ``within`` seconds; True as soon as the client closes the connection."""
        try:
            data = await asyncio.wait_for(self.reader.read(65536), within)
        except asyncio.TimeoutError:
            return False
        except (ConnectionError, OSError):
            return True
        return not data and self.reader.at_eof()

    async def stall(self) -> None:
        """Wait until the client goes away (or the server stops)."""
        try:
            while await self.reader.read(65536):
                pass
        except (ConnectionError, OSError):
            pass

    async def reset(self) -> None:
        """Abort with a TCP RST (SO_LINGER 0), dropping anything unsent."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        self.writer.transport.abort()
        self.aborted = True

    async def close(self) -> None:
        self.writer.close()


Handler = Callable[[RecordedRequest], Any]


# --------------------------------------------------------------------------- the server


class LoopbackServer:
    def __init__(self, host: str = "127.0.0.1", *, hosts: Iterable[str] | None = None, port: int = 0,
                 tls: bool = False, catalogue: bool = False) -> None:
        self.hosts = list(hosts) if hosts else [host]
        self._want_port = port
        self.tls = tls
        self.ports: dict[str, int] = {}
        self.routes: dict[str, Handler] = {}
        self.prefix_routes: list[tuple[str, Handler]] = []
        self.requests: list[RecordedRequest] = []
        self.connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.in_flight_by_host: dict[str, int] = {}
        self.max_in_flight_by_host: dict[str, int] = {}
        self.cert_file: str | None = None
        self.handled_connections = 0  # connections that got as far as HTTP (past TLS, if any)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.AbstractServer] = []
        self._tasks: set[asyncio.Task] = set()
        self._tmp: tempfile.TemporaryDirectory | None = None
        if catalogue:
            self.install_catalogue()

    # -- lifecycle

    def start(self) -> "LoopbackServer":
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.set_exception_handler(lambda _loop, _ctx: None)  # handshake noise from hostile clients
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # noqa: BLE001 - reported to start()
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._thread = threading.Thread(target=run, name="loopback-server", daemon=True)
        self._thread.start()
        ready.wait(30)
        if failure:
            self._thread.join(5)
            self._thread = None
            exc = failure[0]
            if (isinstance(exc, OSError) and exc.errno == errno.EADDRNOTAVAIL
                    and any(h.startswith("127.") and h != "127.0.0.1" for h in self.hosts)):
                pytest.skip("loopback aliases (127.0.0.2 and up) are not configured on this system")
            raise exc
        return self

    async def _listen(self) -> None:
        ctx = self._ssl_context() if self.tls else None
        loop = asyncio.get_running_loop()

        def factory() -> asyncio.StreamReaderProtocol:
            # Called for every accepted TCP connection, before any TLS handshake.
            with self._lock:
                self.connections += 1
            reader = asyncio.StreamReader(limit=4 << 20, loop=loop)
            return asyncio.StreamReaderProtocol(reader, self._handle, loop=loop)

        port = self._want_port
        for host in self.hosts:
            try:
                server = await loop.create_server(factory, host, port, ssl=ctx, reuse_address=True)
            except OSError:
                if port == 0 or port == self._want_port:
                    raise
                server = await loop.create_server(factory, host, 0, ssl=ctx, reuse_address=True)
            self._servers.append(server)
            bound = server.sockets[0].getsockname()[1]
            self.ports[host] = bound
            if port == 0:
                port = bound  # try the same port on the other addresses

    def _ssl_context(self) -> ssl.SSLContext:
        self._tmp = tempfile.TemporaryDirectory(prefix="loopback-tls-")
        cert, key = _self_signed_cert(Path(self._tmp.name), self.hosts[0])
        self.cert_file = str(cert)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        return ctx

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return

        async def shutdown() -> None:
            for server in self._servers:
                server.close()
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.wait(list(self._tasks), timeout=5)
            for server in self._servers:
                try:
                    await asyncio.wait_for(server.wait_closed(), 2)
                except (asyncio.TimeoutError, Exception):
                    pass

        try:
            asyncio.run_coroutine_threadsafe(shutdown(), loop).result(15)
        except Exception:
            pass
        loop.call_soon_threadsafe(loop.stop)
        thread.join(15)
        self._thread = None
        self._loop = None
        self._servers = []
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> "LoopbackServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def tls_failures(self) -> int:
        """Accepted connections that never got past the TLS handshake."""
        with self._lock:
            return self.connections - self.handled_connections if self.tls else 0

    # -- addresses

    @property
    def host(self) -> str:
        return self.hosts[0]

    @property
    def port(self) -> int:
        return self.ports[self.hosts[0]]

    @property
    def base_url(self) -> str:
        return self.base_url_for(self.hosts[0])

    def base_url_for(self, host: str) -> str:
        scheme = "https" if self.tls else "http"
        shown = f"[{host}]" if ":" in host else host
        return f"{scheme}://{shown}:{self.ports[host]}"

    @property
    def open_connections(self) -> int:
        """Connections accepted and not yet closed (by either side)."""
        with self._lock:
            return len(self._tasks)

    def url(self, path: str = "/", host: str | None = None) -> str:
        return self.base_url_for(host or self.hosts[0]) + (path if path.startswith("/") else "/" + path)

    def urls(self, path: str = "/") -> list[str]:
        """``path`` on every listening address."""
        return [self.url(path, h) for h in self.hosts]

    # -- routes

    def route(self, path: str, handler: Handler, *, prefix: bool = False) -> "LoopbackServer":
        with self._lock:
            if prefix:
                self.prefix_routes.append((path, handler))
                self.prefix_routes.sort(key=lambda r: -len(r[0]))
            else:
                self.routes[path] = handler
        return self

    def static(self, path: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None,
               etag: str | None = None, last_modified: str | None = None,
               content_type: str = "application/rss+xml; charset=utf-8") -> "LoopbackServer":
        """A fixed document; 304 when If-None-Match / If-Modified-Since match exactly."""

        def handler(req: RecordedRequest) -> Response:
            extra = dict(headers or {})
            if etag is not None:
                extra["ETag"] = etag
            if last_modified is not None:
                extra["Last-Modified"] = last_modified
            inm, ims = req.header("if-none-match"), req.header("if-modified-since")
            if (etag is not None and inm is not None and etag in [t.strip() for t in inm.split(",")]) or (
                    inm is None and last_modified is not None and ims == last_modified):
                return Response(304, headers=extra)
            return Response(status, body, headers=extra, content_type=content_type)

        return self.route(path, handler)

    # -- records

    def hits(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def reset_records(self) -> None:
        with self._lock:
            self.requests.clear()
            self.connections = 0
            self.handled_connections = 0
            self.max_in_flight = 0
            self.max_in_flight_by_host.clear()

    # -- serving

    def _lookup(self, path: str) -> Handler | None:
        with self._lock:
            if path in self.routes:
                return self.routes[path]
            for prefix, handler in self.prefix_routes:
                if path.startswith(prefix):
                    return handler
        return None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        with self._lock:
            self.handled_connections += 1
        local = writer.get_extra_info("sockname")
        peer = writer.get_extra_info("peername")
        local_s = f"{local[0]}:{local[1]}" if local else "?"
        peer_s = f"{peer[0]}:{peer[1]}" if peer else "?"
        keep = True
        aborted = False
        try:
            while keep:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, OSError):
                    break
                request = _parse_request(head, local_s, peer_s)
                if request is None:
                    break
                length = request.header("content-length")
                if length and length.isdigit():
                    await reader.readexactly(int(length))
                with self._lock:
                    self.requests.append(request)
                    self.in_flight += 1
                    self.max_in_flight = max(self.max_in_flight, self.in_flight)
                    n = self.in_flight_by_host.get(local_s, 0) + 1
                    self.in_flight_by_host[local_s] = n
                    self.max_in_flight_by_host[local_s] = max(self.max_in_flight_by_host.get(local_s, 0), n)
                try:
                    keep, aborted = await self._respond(request, reader, writer)
                finally:
                    with self._lock:
                        self.in_flight -= 1
                        self.in_flight_by_host[local_s] -= 1
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            if not aborted:
                try:
                    writer.close()
                except Exception:
                    pass
            self._tasks.discard(task)

    async def _respond(self, request: RecordedRequest, reader: asyncio.StreamReader,
                       writer: asyncio.StreamWriter) -> tuple[bool, bool]:
        handler = self._lookup(request.path)
        if handler is None:
            result: Any = Response(404, b"<html><body>not found</body></html>", content_type="text/html")
        else:
            result = handler(request)
            if inspect.isawaitable(result):
                result = await result
        if isinstance(result, (bytes, bytearray)):
            result = Response(200, bytes(result))
        if isinstance(result, Raw):
            conn = Conn(reader, writer, request)
            await result.fn(conn)
            return False, conn.aborted
        assert isinstance(result, Response), f"handler returned {type(result).__name__}"
        if result.delay:
            await asyncio.sleep(result.delay)
        reason = result.reason
        if reason is None:
            try:
                reason = HTTPStatus(result.status).phrase
            except ValueError:
                reason = "Whatever"
        headers = result.header_items()
        names = {k.lower() for k, _ in headers}
        body = result.body
        streaming = not isinstance(body, (bytes, bytearray))
        chunked = result.chunked if result.chunked is not None else (streaming and b"content-length" not in names)
        if not streaming and b"content-length" not in names and not chunked and result.status not in (204, 304):
            headers.append((b"Content-Length", str(len(body)).encode()))
        if chunked and b"transfer-encoding" not in names:
            headers.append((b"Transfer-Encoding", b"chunked"))
        close = result.close or (streaming and not chunked and b"content-length" not in names)
        if close:
            headers.append((b"Connection", b"close"))
        head = b"HTTP/1.1 %d %s\r\n" % (result.status, _b(reason))
        head += b"".join(k + b": " + v + b"\r\n" for k, v in headers) + b"\r\n"
        writer.write(head)
        if result.status in (204, 304) or request.method == "HEAD":
            await writer.drain()
            return not close, False
        if not streaming:
            if chunked:
                if body:
                    writer.write(b"%x\r\n%s\r\n" % (len(body), body))
                writer.write(b"0\r\n\r\n")
            else:
                writer.write(body)
            await writer.drain()
            return not close, False
        async for piece in _aiter(body):
            if not piece:
                continue
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            await writer.drain()
        if chunked:
            writer.write(b"0\r\n\r\n")
        await writer.drain()
        return not close, False

    # -- ready-made behaviours

    def install_catalogue(self) -> "LoopbackServer":
        for path, (handler, prefix, _doc) in CATALOGUE.items():
            self.route(path, functools.partial(handler, self), prefix=prefix)
        return self


def _parse_request(head: bytes, local: str, peer: str) -> RecordedRequest | None:
    lines = head[:-4].split(b"\r\n")
    try:
        method, target, version = lines[0].decode("latin-1").split(" ", 2)
    except ValueError:
        return None
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            headers.append((name.decode("latin-1").strip(), value.decode("latin-1").strip(" \t")))
    parts = urlsplit(target)
    return RecordedRequest(method=method, target=target, path=parts.path or "/",
                           query=dict(parse_qsl(parts.query, keep_blank_values=True)), version=version,
                           headers=headers, raw_head=head, local=local, peer=peer)


async def _aiter(body: Iterable[bytes] | AsyncIterable[bytes]):
    if hasattr(body, "__aiter__"):
        async for piece in body:  # type: ignore[union-attr]
            yield piece
    else:
        for piece in body:  # type: ignore[union-attr]
            yield piece
            await asyncio.sleep(0)


# --------------------------------------------------------------------------- payload builders


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int = 1 << 30) -> bytes:
    """``size`` zero bytes, gzip level 9 (1 GiB → about 1 MB). Built in well under a second.

    Zeros compress to the same bytes in every 1 MiB segment after a full
    flush, so one segment is compressed and repeated; the CRC is computed
    over the real data, so the stream is valid to its last byte.
    """
    step = 1 << 20
    assert size % step == 0
    zeros = bytes(step)
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    if segment != again:  # a zlib that behaves differently: do it the slow way
        return gzip.compress(bytes(size), 9)
    tail = comp.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(size // step):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)
    return header + segment * (size // step) + tail + trailer


def _gzip(data: bytes, level: int = 6) -> bytes:
    return gzip.compress(data, level, mtime=0)


def tls_available() -> bool:
    try:
        import cryptography  # noqa: F401
        return True
    except ImportError:
        return shutil.which("openssl") is not None


def _self_signed_cert(directory: Path, host: str) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        _cert_with_cryptography(cert, key, host)
        return cert, key
    except ImportError:
        pass
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("neither the cryptography package nor the openssl command is available")
    san = f"IP:{host}" if _is_ip(host) else f"DNS:{host}"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName={san}"],
        check=True, capture_output=True, timeout=60)
    return cert, key


def _cert_with_cryptography(cert: Path, key: Path, host: str) -> None:
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    pkey = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    san = x509.IPAddress(ipaddress.ip_address(host)) if _is_ip(host) else x509.DNSName(host)
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(pkey.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=2))
                   .add_extension(x509.SubjectAlternativeName([san]), critical=False)
                   .sign(pkey, hashes.SHA256()))
    key.write_bytes(pkey.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def _is_ip(host: str) -> bool:
    import ipaddress
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


class unaccepting_listener:
    """A listening socket that never accepts, its backlog already full (F2d).

    ``with unaccepting_listener() as url:`` — connecting to ``url`` hangs in
    the TCP handshake until the client's connect timeout.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._socks: list[socket.socket] = []

    def __enter__(self) -> str:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((self.host, 0))
        listener.listen(0)
        self._socks.append(listener)
        port = listener.getsockname()[1]
        for _ in range(8):  # fill the accept queue; later handshakes are dropped
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setblocking(False)
            try:
                s.connect((self.host, port))
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                pass
            self._socks.append(s)
        return f"http://{self.host}:{port}/"

    def __exit__(self, *exc: object) -> None:
        for s in self._socks:
            s.close()


# --------------------------------------------------------------------------- the catalogue


def _html_error(status: int) -> Response:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = f"<html><head><title>{status} {phrase}</title></head><body><h1>{phrase}</h1></body></html>".encode()
    return Response(status, body, content_type="text/html; charset=utf-8")


def _q(req: RecordedRequest, name: str, default: str) -> str:
    return req.query.get(name, default)


def _feed(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml; charset=utf-8",
                    headers={"Cache-Control": "max-age=600"})


def _etag_feed(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """ETag ``"abc"`` (quoted) and Last-Modified; 304 when both validators come back exactly."""
    etag = _q(req, "etag", '"abc"')
    lm = "Wed, 21 Oct 2015 07:28:00 GMT"
    if req.header("if-none-match") == etag:
        return Response(304, headers={"ETag": etag, "Last-Modified": lm})
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml", headers={"ETag": etag, "Last-Modified": lm})


def _weak_etag_feed(srv: LoopbackServer, req: RecordedRequest) -> Response:
    etag = 'W/"weak"'
    if req.header("if-none-match") == etag:
        return Response(304, headers={"ETag": etag})
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml", headers={"ETag": etag})


def _ignores_validators(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml", headers={"ETag": '"abc"'})


def _redirect(srv: LoopbackServer, req: RecordedRequest) -> Response:
    code = int(req.path.rsplit("/", 1)[1])
    return Response(code, b"", headers={"Location": _q(req, "to", "/feed.xml")})


def _chain(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """/chain/N: N permanent (301) hops, then the feed."""
    n = int(req.path.rsplit("/", 1)[1])
    if n <= 0:
        return _feed(srv, req)
    return Response(int(_q(req, "code", "301")), b"", headers={"Location": f"/chain/{n - 1}"})


def _loop(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """/loop/N → /loop/N+1 forever."""
    n = int(req.path.rsplit("/", 1)[1] or 0)
    return Response(302, b"", headers={"Location": f"/loop/{n + 1}"})


_BAD_TARGETS = {
    "/to/file": "file:///etc/passwd",
    "/to/ftp": "ftp://127.0.0.1/feed.xml",
    "/to/javascript": "javascript:alert(1)",
    "/to/data": "data:text/xml,<rss/>",
}


def _bad_redirect(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(302, b"", headers={"Location": _BAD_TARGETS[req.path]})


def _status(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return _html_error(int(req.path.rsplit("/", 1)[1]))


def _gone(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return _html_error(410)


def _retry_after(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """429 (or ?status=503 / 200) with Retry-After: ?v=…, and an optional Date: ?date=…"""
    status = int(_q(req, "status", "429"))
    headers = {"Retry-After": _q(req, "v", "120")}
    if "date" in req.query:
        headers["Date"] = req.query["date"]
    if status == 200:
        return Response(200, SAMPLE_RSS, content_type="application/rss+xml", headers=headers)
    resp = _html_error(status)
    resp.headers = headers
    return resp


def _cf_challenge(srv: LoopbackServer, req: RecordedRequest) -> Response:
    resp = _html_error(403)
    resp.headers = {"cf-mitigated": "challenge", "Server": "cloudflare"}
    return resp


def _trickle(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    """Headers, then one byte every ?interval= seconds (0.5), forever."""
    interval = float(_q(req, "interval", "0.5"))

    async def fn(conn: Conn) -> None:
        await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
        payload = b"<rss><channel>" + b" " * 10_000_000
        for byte in payload:
            await conn.write(b"1\r\n%c\r\n" % byte)
            if await conn.client_gone(interval):  # stop (and leave in-flight) as soon as it hangs up
                return

    return Raw(fn)


def _stall(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    """/stall/response: nothing; /stall/status: the status line; /stall/headers: all headers;
    /stall/body: headers and half the body. Then silence."""
    phase = req.path.rsplit("/", 1)[1]

    async def fn(conn: Conn) -> None:
        if phase == "status":
            await conn.write(b"HTTP/1.1 200 OK\r\n")
        elif phase == "headers":
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n")
        elif phase == "body":
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n"
                             + b"<" * 500)
        await conn.stall()

    return Raw(fn)


def _drop(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    """/drop/rst, /drop/short, /drop/bad-chunk, /drop/truncated-gzip, /drop/no-response."""
    kind = req.path.rsplit("/", 1)[1]

    async def fn(conn: Conn) -> None:
        if kind == "rst":
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n"
                             + SAMPLE_RSS[:200])
            await asyncio.sleep(0.2)
            await conn.reset()
        elif kind == "short":
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n"
                             + SAMPLE_RSS[:200])
            await asyncio.sleep(0.05)
        elif kind == "bad-chunk":
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"a\r\n<rss><chan\r\nzz\r\nnonsense\r\n")
            await asyncio.sleep(0.05)
        elif kind == "truncated-gzip":
            data = _gzip(SAMPLE_RSS * 20)
            cut = data[: len(data) // 2]
            await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(cut) + cut)
            await asyncio.sleep(0.05)
        elif kind == "no-response":
            pass

    return Raw(fn)


def _bomb(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """/bomb: 1 GiB of zeros, gzip-9, with Content-Length; /bomb/chunked: the same, chunked."""
    data = gzip_bomb()
    headers: dict[str, str] = {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}
    if req.path.endswith("/chunked"):
        return Response(200, (data[i:i + 65536] for i in range(0, len(data), 65536)), headers=headers)
    return Response(200, data, headers=headers)


def _nested_bomb(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """gzip, gzip, gzip around 1 GiB of zeros (a few KB on the wire)."""
    data = _gzip(_gzip(gzip_bomb(), 9), 9)
    return Response(200, data, headers={"Content-Encoding": "gzip, gzip, gzip", "Content-Type": "application/rss+xml"})


def _stacked(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, _gzip(_gzip(SAMPLE_RSS)), headers={"Content-Encoding": "gzip, gzip",
                                                             "Content-Type": "application/rss+xml"})


def _encoded(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """/encoding/gzip, /encoding/deflate-zlib, /encoding/deflate-raw, /encoding/br, /zstd, /x-evil."""
    kind = req.path.rsplit("/", 1)[1]
    if kind == "gzip":
        body, enc = _gzip(SAMPLE_RSS), "gzip"
    elif kind == "deflate-zlib":
        body, enc = zlib.compress(SAMPLE_RSS), "deflate"
    elif kind == "deflate-raw":
        c = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        body, enc = c.compress(SAMPLE_RSS) + c.flush(), "deflate"
    else:
        body, enc = b"\x1b\x00\x00\x04" + os.urandom(64), kind  # whatever: it must not be decoded
    return Response(200, body, headers={"Content-Encoding": enc, "Content-Type": "application/rss+xml"})


def _endless(srv: LoopbackServer, req: RecordedRequest) -> Response:
    async def items():
        yield b"<?xml version='1.0'?><rss><channel><title>endless</title>"
        chunk = ITEM * 256
        while True:
            yield chunk

    return Response(200, items(), content_type="application/rss+xml")


def _lying_length(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    """Content-Length ?n= (10 GiB), a small body, then the connection closes."""
    n = int(_q(req, "n", str(10 * 1024 ** 3)))

    async def fn(conn: Conn) -> None:
        await conn.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n" % n
                         + SAMPLE_RSS)
        await asyncio.sleep(0.05)

    return Raw(fn)


def _sized(srv: LoopbackServer, req: RecordedRequest) -> Response:
    """?n= bytes of feed-ish text with an honest Content-Length (?chunked=1 for no length)."""
    n = int(_q(req, "n", "1000"))
    body = (SAMPLE_RSS * (n // len(SAMPLE_RSS) + 1))[:n]
    if _q(req, "chunked", "0") == "1":
        return Response(200, [body[i:i + 65536] for i in range(0, len(body), 65536)],
                        content_type="application/rss+xml")
    return Response(200, body, content_type="application/rss+xml")


def _many_headers(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    async def fn(conn: Conn) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
        await conn.write(head + b"Content-Length: 2\r\n\r\nok")
        await asyncio.sleep(0.05)
    return Raw(fn)


def _long_header(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    async def fn(conn: Conn) -> None:
        await conn.write(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * (1 << 20) + b"\r\nContent-Length: 2\r\n\r\nok")
        await asyncio.sleep(0.05)
    return Raw(fn)


def _raw_status(status_line: bytes, headers: bytes) -> Raw:
    async def fn(conn: Conn) -> None:
        await conn.write(status_line + b"\r\n" + headers + b"Content-Length: 0\r\n\r\n")
        await asyncio.sleep(0.05)
    return Raw(fn)


def _location_crlf(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    return _raw_status(b"HTTP/1.1 302 Found", b"Location: /feed.xml\rX-Injected: 1\r\n")


def _location_esc(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    return _raw_status(b"HTTP/1.1 302 Found", b"Location: /feed.xml\x1b]0;pwned\x07\r\n")


def _reason_esc(srv: LoopbackServer, req: RecordedRequest) -> Raw:
    return _raw_status(b"HTTP/1.1 500 Oops\x1b]0;pwned\x07\x1b[2J", b"")


def _page(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, SAMPLE_HTML, content_type="text/html; charset=utf-8")


def _set_cookie(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml",
                    headers=[("Set-Cookie", "session=abc123; Path=/"), ("Set-Cookie", "track=1")])


def _slow(srv: LoopbackServer, req: RecordedRequest) -> Response:
    return Response(200, SAMPLE_RSS, content_type="application/rss+xml", delay=float(_q(req, "delay", "0.3")))


#: path → (handler(server, request), prefix match?, what it does)
CATALOGUE: dict[str, tuple[Callable[..., Any], bool, str]] = {
    "/feed.xml": (_feed, False, "200 RSS, Cache-Control max-age=600"),
    "/etag.xml": (_etag_feed, False, 'ETag "abc" + Last-Modified; 304 on exact If-None-Match'),
    "/weak-etag.xml": (_weak_etag_feed, False, 'ETag W/"weak"; 304 on exact If-None-Match'),
    "/ignores-validators.xml": (_ignores_validators, False, "always 200"),
    "/redirect/": (_redirect, True, "/redirect/{301,302,303,307,308}[?to=…] → /feed.xml"),
    "/chain/": (_chain, True, "/chain/N: N × 301 (or ?code=) then the feed"),
    "/loop/": (_loop, True, "/loop/N → /loop/N+1 forever (302)"),
    "/to/": (_bad_redirect, True, "/to/{file,ftp,javascript,data}: 302 to a non-http scheme"),
    "/status/": (_status, True, "/status/N: status N with an HTML body"),
    "/gone": (_gone, False, "410"),
    "/retry-after": (_retry_after, False, "429 (?status=) with Retry-After ?v= and Date ?date="),
    "/cf-challenge": (_cf_challenge, False, "403 with cf-mitigated: challenge"),
    "/trickle": (_trickle, False, "1 byte per ?interval= s forever"),
    "/stall/": (_stall, True, "/stall/{response,status,headers,body}"),
    "/drop/": (_drop, True, "/drop/{rst,short,bad-chunk,truncated-gzip,no-response}"),
    "/bomb": (_bomb, True, "/bomb and /bomb/chunked: 1 GiB of zeros, gzip-9"),
    "/nested-bomb": (_nested_bomb, False, "Content-Encoding: gzip, gzip, gzip around a 1 GiB bomb"),
    "/gzip-gzip": (_stacked, False, "the feed, Content-Encoding: gzip, gzip"),
    "/encoding/": (_encoded, True, "/encoding/{gzip,deflate-zlib,deflate-raw,br,zstd,x-evil}"),
    "/endless": (_endless, False, "chunked <item>… forever at full speed"),
    "/lying-length": (_lying_length, False, "Content-Length ?n= (10 GiB), small body, close"),
    "/sized": (_sized, False, "?n= bytes with Content-Length (?chunked=1: without)"),
    "/headers/many": (_many_headers, False, "10,000 response headers"),
    "/headers/long": (_long_header, False, "a 1 MiB header line"),
    "/location/crlf": (_location_crlf, False, "302 with a bare CR inside Location"),
    "/location/esc": (_location_esc, False, "302 with ESC/BEL inside Location"),
    "/reason/esc": (_reason_esc, False, "500 with ESC sequences in the reason phrase"),
    "/page.html": (_page, False, 'HTML with <link rel="alternate" type="application/rss+xml">'),
    "/set-cookie": (_set_cookie, False, "200 with Set-Cookie"),
    "/slow": (_slow, False, "the feed after ?delay= s (0.3)"),
}


# --------------------------------------------------------------------------- pytest glue


@pytest.fixture
def loopback_server() -> Iterator[LoopbackServer]:
    """A started server on 127.0.0.1 with the catalogue installed (import it into a test module)."""
    with LoopbackServer(catalogue=True) as srv:
        yield srv
