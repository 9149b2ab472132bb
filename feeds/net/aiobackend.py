"""httpcore's network backend on asyncio's own transports (the fetcher's sockets).

Under asyncio, httpcore's default backend goes through anyio: every read and
write opens a cancel scope for its timeout (which looks up the current task
and its scope stack), and every read yields to the event loop once more
before it returns. A refresh of 500 feeds makes thousands of reads, and that
bookkeeping was a fifth of the fetching CPU: a bare httpx fetch of the
500-feed benchmark corpus took 1.32–1.64 s of CPU on anyio's backend and
1.04–1.34 s on this one (same run, alternating).

This backend is an :class:`asyncio.Protocol` with a small buffer: a read
returns at once what has arrived (no timer, no extra loop turn), and only a
read that has to wait arms a timer. What httpcore expects of a backend is
kept: its exceptions (``ReadTimeout``, ``ReadError``, ``WriteError``,
``ConnectError``, ``ConnectTimeout``), ``b""`` at the end of the stream,
``start_tls``, and the ``get_extra_info`` keys it asks for. Reading is
flow-controlled: past :data:`HIGH_WATER` buffered bytes the socket is no
longer read until the reader catches up, so a server that sends faster than
the fetcher consumes (or sends without end) cannot fill memory.
"""

from __future__ import annotations

import asyncio
import select
import socket
import ssl
from typing import Any, Awaitable, Iterable

import httpcore

__all__ = ["AsyncioBackend", "HIGH_WATER"]

#: Buffered bytes past which the socket is not read until the reader takes some.
HIGH_WATER = 64 * 1024
#: Happy-eyeballs delay between address families (RFC 8305's 250 ms, as anyio's).
HAPPY_EYEBALLS_DELAY = 0.25


class _Protocol(asyncio.Protocol):
    """Buffers what the socket delivers and wakes the one reader waiting on it."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.eof = False
        #: The error the connection was lost with (None: lost cleanly, or not lost).
        self.error: BaseException | None = None
        self.lost = False
        self.reading_paused = False
        self.writing_paused = False
        self._waiter: asyncio.Future[None] | None = None
        self._drain: asyncio.Future[None] | None = None

    # asyncio's side

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > HIGH_WATER and not self.reading_paused and self.transport is not None:
            self.reading_paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self) -> bool:
        self.eof = True
        self._wake()
        return False  # close the transport: nothing more to write once the server is done

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.eof = True
        self.error = exc
        self._wake()
        self.resume_writing()

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        drain, self._drain = self._drain, None
        if drain is not None and not drain.done():
            drain.set_result(None)

    # the stream's side

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def take(self, max_bytes: int) -> bytes:
        buffer = self.buffer
        if len(buffer) <= max_bytes:
            data = bytes(buffer)
            buffer.clear()
        else:
            data = bytes(buffer[:max_bytes])
            del buffer[:max_bytes]
        if self.reading_paused and len(buffer) <= HIGH_WATER // 2 and self.transport is not None:
            self.reading_paused = False
            self.transport.resume_reading()
        return data

    def waiter(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        self._waiter = loop.create_future()
        return self._waiter

    def drain(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        if self._drain is None:
            self._drain = loop.create_future()
        return self._drain


def _expire(future: asyncio.Future[None], error: type[Exception]) -> None:
    if not future.done():
        future.set_exception(error())


async def _wait(future: asyncio.Future[None], timeout: float | None, error: type[Exception]) -> None:
    """Await ``future``; past ``timeout`` seconds raise ``error`` (an outside cancel stays a cancel)."""
    if timeout is None:
        await future
        return
    loop = asyncio.get_running_loop()
    timer = loop.call_later(max(timeout, 0.0), _expire, future, error)
    try:
        await future
    finally:
        timer.cancel()


def _readable(sock: socket.socket | None) -> bool:
    """The socket has data or an end waiting (an idle pooled connection the server closed)."""
    if sock is None:
        return True
    try:
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):
        return True


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        protocol = self._protocol
        while not protocol.buffer:
            if protocol.eof:
                if protocol.error is not None:
                    raise httpcore.ReadError(str(protocol.error) or type(protocol.error).__name__)
                return b""
            await _wait(protocol.waiter(asyncio.get_running_loop()), timeout, httpcore.ReadTimeout)
        return protocol.take(max_bytes)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        protocol = self._protocol
        if protocol.lost or self._transport.is_closing():
            raise httpcore.WriteError(str(protocol.error or "the connection is closed"))
        self._transport.write(buffer)
        if protocol.writing_paused:
            await _wait(protocol.drain(asyncio.get_running_loop()), timeout, httpcore.WriteTimeout)
            if protocol.lost:
                raise httpcore.WriteError(str(protocol.error or "the connection is closed"))

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                transport = await loop.start_tls(self._transport, self._protocol, ssl_context,
                                                 server_hostname=server_hostname)
        except TimeoutError as exc:
            self._transport.close()
            raise httpcore.ConnectTimeout(str(exc) or "TLS handshake timed out") from exc
        except (OSError, ssl.SSLError, ConnectionError) as exc:
            self._transport.close()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        if transport is None:  # the connection went away during the handshake
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        self._protocol.transport = transport
        return _Stream(transport, self._protocol)

    def get_extra_info(self, info: str) -> Any:
        transport = self._transport
        if info == "ssl_object":
            return transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return transport.get_extra_info("sockname")
        if info == "server_addr":
            return transport.get_extra_info("peername")
        if info == "socket":
            return transport.get_extra_info("socket")
        if info == "is_readable":
            protocol = self._protocol
            return bool(protocol.buffer) or protocol.eof or _readable(transport.get_extra_info("socket"))
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections as asyncio transports; see the module's docstring for why."""

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        return await _connect(loop.create_connection(
            _Protocol, host, port, local_addr=(local_address, 0) if local_address else None,
            happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY), timeout, socket_options)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        return await _connect(loop.create_unix_connection(_Protocol, path), timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _connect(connecting: Awaitable[tuple[asyncio.Transport, _Protocol]], timeout: float | None,
                   socket_options: Iterable[Any] | None) -> _Stream:
    """A connection made within ``timeout``, with httpcore's exceptions, its socket options set."""
    try:
        async with asyncio.timeout(timeout):
            transport, protocol = await connecting
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(str(exc) or "connecting timed out") from exc
    except OSError as exc:
        raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
    try:
        for option in socket_options or ():
            transport.get_extra_info("socket").setsockopt(*option)
    except OSError as exc:
        transport.close()
        raise httpcore.ConnectError(str(exc)) from exc
    return _Stream(transport, protocol)
