"""A lean HTTP/1.1 client to upstreams: keep-alive pool, httptools parser, streaming.

The proxy's hot path: aiohttp's general-purpose client spent most of the proxy's time per
request (tracing, cookie jars, redirects, URL objects the proxy never needs); this client does
only what a reverse proxy needs and doubled the throughput in a measurement on this machine
(docs/decisions.md). Requests always carry Content-Length (bodies are read before forwarding);
responses may be sized, chunked or delimited by close.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httptools

from strangler.proxy.routing import is_idempotent

MAX_IDLE = 256  # idle keep-alive connections kept per upstream


class ConnectFailed(Exception):
    """The upstream could not be reached: the request was never sent."""


class ResponseFailed(Exception):
    """The connection failed after the request was sent (reset, timeout, bad answer)."""


class _Connection(asyncio.Protocol):
    def __init__(self, pool: UpstreamPool, key: tuple[str, int]) -> None:
        self.pool = pool
        self.key = key
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.response: UpstreamResponse | None = None
        self.head_request = False  # a HEAD answer has headers only, whatever it announces
        self.parser = httptools.HttpResponseParser(self)

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        response, self.response = self.response, None
        if response is None:
            return
        delimited_by_close = (response.head_ready.done() and response.content_length is None
                              and "chunked" not in (response.header("transfer-encoding") or ""))
        if delimited_by_close and exc is None:
            response._finish()  # an HTTP/1.0-style answer ends when the connection closes
        else:
            response._fail(ResponseFailed(f"connection lost: {exc or 'closed early'}"))

    def data_received(self, data: bytes) -> None:
        if self.response is None:
            self.transport.close()  # type: ignore[union-attr]  # bytes nobody asked for
            return
        self.response.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.response._fail(ResponseFailed(f"bad response: {exc}"))
            self.transport.close()  # type: ignore[union-attr]

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.response.headers.append((name.decode("latin-1"),  # type: ignore[union-attr]
                                      value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        response = self.response
        assert response is not None
        response.status = self.parser.get_status_code()
        if not response.head_ready.done():
            response.head_ready.set_result(None)
        if self.head_request:  # no body follows; the parser cannot be told, so do not reuse
            self.response = None
            self.closed = True
            if self.transport is not None:
                self.transport.close()
            response._finish()

    def on_body(self, body: bytes) -> None:
        assert self.response is not None
        self.response._chunk(body)

    def on_message_complete(self) -> None:
        response, self.response = self.response, None
        keep = self.parser.should_keep_alive() and not self.closed
        self.parser = httptools.HttpResponseParser(self)
        if keep:
            self.pool._release(self)
        elif self.transport is not None:
            self.transport.close()
        if response is not None:
            response._finish()


@dataclass
class UpstreamResponse:
    status: int = 0
    headers: list[tuple[str, str]] = field(default_factory=list)
    received: bool = False
    head_ready: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop(
    ).create_future())
    done: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop(
    ).create_future())
    chunks: list[bytes] = field(default_factory=list)
    queue: asyncio.Queue[bytes | None] | None = None
    connection: _Connection | None = None

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)

    @property
    def content_length(self) -> int | None:
        value = self.header("content-length")
        return int(value) if value and value.isdigit() else None

    def _chunk(self, body: bytes) -> None:
        if self.queue is not None:
            self.queue.put_nowait(body)
            if self.queue.qsize() > 16 and self.connection and self.connection.transport:
                self.connection.transport.pause_reading()  # the client reads slower
        else:
            self.chunks.append(body)

    def _finish(self) -> None:
        if not self.done.done():
            self.done.set_result(None)
        if self.queue is not None:
            self.queue.put_nowait(None)

    def _fail(self, error: Exception) -> None:
        for future in (self.head_ready, self.done):
            if not future.done():
                future.set_exception(error)
                future.exception()  # retrieved: no "never retrieved" warning
        if self.queue is not None:
            self.queue.put_nowait(None)

    async def read(self, timeout: float) -> bytes:
        """The whole body (buffered)."""
        if not self.done.done():  # a small answer is usually complete with its headers
            await self._wait(self.done, timeout, "timed out reading the response")
        self.done.result()  # raises the failure, if any
        return b"".join(self.chunks)

    async def _wait(self, future: asyncio.Future[None], timeout: float, message: str) -> None:
        """Await `future`, failing the response (and closing its connection) after `timeout`.
        One timer per wait: cheaper than asyncio.wait_for on the proxy's hot path."""
        timer = asyncio.get_running_loop().call_later(timeout, self._expire, message)
        try:
            await future
        finally:
            timer.cancel()

    def _expire(self, message: str) -> None:
        self._fail(ResponseFailed(message))
        self.abort()

    async def iter_chunks(self, timeout: float) -> AsyncIterator[bytes]:
        """The body as it arrives (for big answers)."""
        self.queue = asyncio.Queue()
        for early in self.chunks:
            self.queue.put_nowait(early)
        self.chunks = []
        if self.done.done():
            self.queue.put_nowait(None)
        while True:
            if self.connection and self.connection.transport and self.queue.qsize() < 4:
                self.connection.transport.resume_reading()
            chunk = await asyncio.wait_for(self.queue.get(), timeout)
            if chunk is None:
                if self.done.done() and self.done.exception() is not None:
                    raise ResponseFailed(str(self.done.exception()))
                return
            yield chunk

    def abort(self) -> None:
        if self.connection is not None and self.connection.transport is not None:
            self.connection.transport.close()


class UpstreamPool:
    """Keep-alive connections per (host, port)."""

    def __init__(self) -> None:
        self.idle: dict[tuple[str, int], deque[_Connection]] = {}

    def _release(self, connection: _Connection) -> None:
        idle = self.idle.setdefault(connection.key, deque())
        if len(idle) < MAX_IDLE:
            idle.append(connection)
        elif connection.transport is not None:
            connection.transport.close()

    async def _connection(self, key: tuple[str, int], timeout: float
                          ) -> tuple[_Connection, bool]:
        idle = self.idle.get(key)
        while idle:
            connection = idle.pop()
            if not connection.closed:
                return connection, True
        loop = asyncio.get_running_loop()
        try:
            _, connection = await asyncio.wait_for(loop.create_connection(
                lambda: _Connection(self, key), key[0], key[1]), timeout)
        except (OSError, TimeoutError) as exc:
            raise ConnectFailed(f"cannot connect to {key[0]}:{key[1]}: {exc}") from exc
        return connection, False

    async def request(self, host: str, port: int, method: str, target: str,
                      headers: dict[str, str], body: bytes, timeout: float) -> UpstreamResponse:
        """Send a request; returns once the response's status and headers have arrived."""
        key = (host, port)
        head = [f"{method} {target} HTTP/1.1", f"Host: {host}:{port}",
                f"Content-Length: {len(body)}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        for attempt in range(2):
            connection, reused = await self._connection(key, timeout)
            response = UpstreamResponse(connection=connection)
            connection.response = response
            connection.head_request = method == "HEAD"
            connection.transport.write(payload)  # type: ignore[union-attr]
            try:
                await response._wait(response.head_ready, timeout,
                                     "timed out waiting for the response")
                return response
            except ResponseFailed as failure:
                # A kept-alive connection the upstream closed as the request went out: no
                # answer came, so send it once more on a new connection, but only when it
                # may be sent twice (the upstream may have acted on a POST before closing).
                if (reused and not response.received and attempt == 0
                        and "timed out" not in str(failure) and is_idempotent(method, headers)):
                    continue
                raise
        raise ResponseFailed("unreachable")  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        for idle in self.idle.values():
            for connection in idle:
                if connection.transport is not None:
                    connection.transport.close()
        self.idle.clear()
