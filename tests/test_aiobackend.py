"""The fetcher's own network backend (feeds.net.aiobackend) against real loopback sockets.

What httpcore relies on from a backend, checked one by one: what has arrived
is read at once, the end of a stream reads as ``b""``, a silent server times
out as ``ReadTimeout`` while a cancel from outside stays a cancel, a reset
reads as ``ReadError``, a flood is not buffered without bound, a pooled
connection the server closed is seen as readable (so it is not reused), and
HTTPS works end to end through the fetcher.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time

import httpcore
import pytest

from feeds.net.aiobackend import HIGH_WATER, AsyncioBackend
from feeds.net.http import Fetcher
from tests.netserver import LoopbackServer, tls_available


async def _server(handler):
    """A raw TCP server on 127.0.0.1 running ``handler(reader, writer)``; returns (server, port)."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


@pytest.mark.timeout(10)
async def test_a_read_returns_what_arrived_and_the_end_reads_empty() -> None:
    async def handler(reader, writer):
        writer.write(b"hello ")
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(b"world")
        await writer.drain()
        writer.close()

    server, port = await _server(handler)
    async with server:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        got = b""
        while chunk := await stream.read(65536, timeout=5):
            got += chunk
        assert got == b"hello world"
        assert await stream.read(65536, timeout=5) == b""  # and stays at the end
        await stream.aclose()


@pytest.mark.timeout(10)
async def test_a_read_takes_no_more_than_asked_and_keeps_the_rest() -> None:
    async def handler(reader, writer):
        writer.write(b"abcdefghij")
        await writer.drain()
        writer.close()

    server, port = await _server(handler)
    async with server:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        await asyncio.sleep(0.1)
        assert await stream.read(4, timeout=5) == b"abcd"
        assert await stream.read(100, timeout=5) == b"efghij"
        await stream.aclose()


@pytest.mark.timeout(10)
async def test_a_silent_server_times_out_as_a_read_timeout_and_a_cancel_stays_a_cancel() -> None:
    release = asyncio.Event()

    async def handler(reader, writer):
        await release.wait()
        writer.close()

    server, port = await _server(handler)
    async with server:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        started = time.monotonic()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, timeout=0.2)
        assert 0.15 < time.monotonic() - started < 2
        # a cancel from outside (the fetcher's per-feed budget) is not turned into a timeout
        task = asyncio.ensure_future(stream.read(100, timeout=30))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        assert await stream.read(100, timeout=5) == b""  # the stream still works after both
        await stream.aclose()


@pytest.mark.timeout(10)
async def test_a_reset_connection_reads_as_a_read_error() -> None:
    async def handler(reader, writer):
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST
        await reader.read(1)
        writer.transport.abort()

    server, port = await _server(handler)
    async with server:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        await stream.write(b"x", timeout=5)
        with pytest.raises((httpcore.ReadError, httpcore.ReadTimeout)) as info:
            while await stream.read(100, timeout=3):
                pass
        assert info.type is httpcore.ReadError
        with pytest.raises(httpcore.WriteError):
            await stream.write(b"more", timeout=5)
        await stream.aclose()


@pytest.mark.timeout(20)
async def test_a_flooding_server_is_not_buffered_beyond_the_high_water_mark() -> None:
    sent = 0

    async def handler(reader, writer):
        nonlocal sent
        chunk = b"x" * 65536
        try:
            for _ in range(8 * 1024 * 1024 // len(chunk)):  # 8 MiB, as fast as the socket takes it
                writer.write(chunk)
                await writer.drain()
                sent += len(chunk)
        except ConnectionError:
            pass
        writer.close()

    server, port = await _server(handler)
    async with server:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)
        await asyncio.sleep(0.5)  # the reader is busy elsewhere; the server keeps sending
        first = await stream.read(64 * 1024 * 1024, timeout=5)
        # what sat in memory is bounded by the mark (plus the socket's one last delivery)
        assert HIGH_WATER <= len(first) <= HIGH_WATER + 512 * 1024
        assert sent < 8 * 1024 * 1024  # the server was held back, not drained into our memory
        total = len(first)
        while chunk := await stream.read(65536, timeout=5):
            total += len(chunk)
        assert total == 8 * 1024 * 1024  # reading resumed: nothing was lost
        await stream.aclose()


@pytest.mark.timeout(10)
async def test_an_idle_connection_the_server_closed_is_readable_and_a_live_one_is_not() -> None:
    close = asyncio.Event()

    async def handler(reader, writer):
        await close.wait()
        writer.close()

    server, port = await _server(handler)
    async with server:
        backend = AsyncioBackend()
        stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        await asyncio.sleep(0.05)
        assert stream.get_extra_info("is_readable") is False
        assert stream.get_extra_info("server_addr")[1] == port
        close.set()
        for _ in range(100):
            if stream.get_extra_info("is_readable"):
                break
            await asyncio.sleep(0.01)
        assert stream.get_extra_info("is_readable") is True
        await stream.aclose()


@pytest.mark.timeout(10)
async def test_a_refused_connection_is_a_connect_error() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(httpcore.ConnectError):
        await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)


@pytest.mark.timeout(30)
@pytest.mark.skipif(not tls_available(), reason="needs the cryptography package or the openssl command")
async def test_the_fetcher_reads_a_feed_over_https(monkeypatch: pytest.MonkeyPatch) -> None:
    body = b"<rss><channel><title>Over TLS</title></channel></rss>"
    with LoopbackServer(tls=True) as srv:
        srv.static("/feed.xml", body, content_type="application/rss+xml")
        monkeypatch.setenv("SSL_CERT_FILE", srv.cert_file)  # trust this server's own certificate
        async with Fetcher() as fetcher:
            first = await fetcher.fetch(srv.url("/feed.xml"))
            second = await fetcher.fetch(srv.url("/feed.xml"))  # over the pooled TLS connection
        assert first.content == body and second.content == body
        assert srv.connections == 1
