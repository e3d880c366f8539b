"""A lean HTTP/1.1 client to upstreams: keep-alive pool, httptools parser, streaming.

The proxy's hot path: aiohttp's general-purpose client spent most of the proxy's time per
request (tracing, cookie jars, redirects, URL objects the proxy never needs); this client does
only what a reverse proxy needs and doubled the throughput in a measurement on this machine
(docs/decisions.md). Requests always carry Content-Length (bodies are read before forwarding);
responses may be sized, chunked or delimited by close.

An answer can be awaited (`UpstreamPool.request`, then `read` or `iter_chunks`) or followed
by a callback (`UpstreamPool.send` with `notify`): the proxy's fast path answers its client
from inside the upstream's read callback, with no task and no future per request.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence

import httptools

from strangler.proxy.body import Body

LOG = logging.getLogger("strangler.proxy")

MAX_IDLE = 256  # idle keep-alive connections kept per upstream
# An answer's status line and headers (1xx ones before it included), and what comes between
# two pieces of its body (chunk extensions, trailers): more is a bad answer, as nginx's
# "upstream sent too big header" and Envoy's max_response_headers_kb (60 KiB). An upstream
# that sent headers or trailers for ever grew the proxy by 300 MiB a second until its
# timeout.
MAX_RESPONSE_HEAD = 64 * 1024
# A streamed answer's bytes read ahead of a slower client: reading from the upstream pauses
# above the high mark and resumes below the low one. (Counted in chunks, 16 reads of up to
# 256 KiB each, 200 slow clients held 700 MiB.)
STREAM_HIGH = 256 * 1024
STREAM_LOW = 64 * 1024


def check_unframed(unframed: int) -> None:
    """Refuse an answer once `unframed` bytes (read since its last body byte, or its start)
    exceed MAX_RESPONSE_HEAD: a head, trailers or chunk extensions that never end."""
    if unframed > MAX_RESPONSE_HEAD:
        raise httptools.HttpParserError(
            f"more than {MAX_RESPONSE_HEAD} bytes of head, trailers or chunk extensions")


class ConnectFailed(Exception):
    """The upstream could not be reached: the request was never sent."""


class ResponseFailed(Exception):
    """The connection failed after the request was sent (reset, timeout, bad answer)."""

    def __init__(self, message: str, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class TooBig(ResponseFailed):
    """A bounded read found an answer bigger than its limit (the connection is dropped)."""


Key = tuple[str, int, bool]  # host, port, TLS


class _Connection(asyncio.Protocol):
    def __init__(self, pool: UpstreamPool, key: Key) -> None:
        self.pool = pool
        self.key = key
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.response: UpstreamResponse | None = None
        self.head_request = False  # a HEAD answer has headers only, whatever it announces
        self.interim = False  # the message being parsed is a 1xx: the answer comes after it
        self.parser = httptools.HttpResponseParser(self)
        self.drained: asyncio.Future[None] | None = None  # set while writing is paused
        self.paused = False  # reading paused: a streamed answer's queue is full
        self.body_pending = False  # a spooled request body is still being written
        self.ended: bool | None = None  # an answer ended in this read: keep the connection?
        self.extra = False  # bytes came after the answer: never reuse the connection
        self.unframed = 0  # bytes read since the answer's last body byte (or its start)

    # asyncio.Protocol
    def pause_writing(self) -> None:
        self.drained = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        drained, self.drained = self.drained, None
        if drained is not None and not drained.done():
            drained.set_result(None)

    async def drain(self) -> None:
        """Until the upstream has taken enough of a big request body."""
        if self.closed:
            raise ConnectionResetError("upstream connection lost")
        if self.drained is not None:
            await self.drained

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.resume_writing()  # a body being sent stops at the next drain
        response, self.response = self.response, None
        if response is None:
            return
        delimited_by_close = (response.head_done and response.content_length is None
                              and "chunked" not in (response.header("transfer-encoding") or ""))
        if delimited_by_close and exc is None:
            response._finish()  # an HTTP/1.0-style answer ends when the connection closes
        else:
            response._fail(ResponseFailed(f"connection lost: {exc or 'closed early'}"))

    def data_received(self, data: bytes) -> None:
        if self.response is None:
            self.transport.close()  # type: ignore[union-attr]  # bytes nobody asked for
            return
        response = self.response
        response.received = True
        self.unframed += len(data)  # (on_body sets it back to 0)
        try:
            self.parser.feed_data(data)
            if self.response is response:
                check_unframed(self.unframed)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade) as exc:
            # (HttpParserUpgrade: a 101 to a request that did not ask to switch, see
            # on_headers_complete; it is no HttpParserError.)
            if self.response is not None:
                self.response._fail(ResponseFailed(f"bad response: {exc}"))
            self.ended, self.extra = False, True
            self.transport.close()  # type: ignore[union-attr]
        if self.ended is not None:
            self._after_answer()

    def _after_answer(self) -> None:
        """An answer ended in the read just parsed: hand the connection back to the pool,
        unless bytes came after the answer (they must never answer the next request, as
        nginx's "upstream sent more data than specified") or it cannot be reused."""
        keep = self.ended and not self.extra
        self.ended, self.extra = None, False
        if keep and self.paused and self.transport is not None:
            # A streamed answer paused reading (its queue was full) and ended in the same
            # read: a connection goes back to the pool reading, or its next answer is never
            # read.
            self.paused = False
            self.transport.resume_reading()
        if keep:
            self.pool._release(self)
        elif self.transport is not None:
            self.closed = True
            self.transport.close()

    # httptools callbacks
    def on_message_begin(self) -> None:
        if self.ended is not None:  # a second message in the read that ended the answer
            self.extra = True

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.response is None or self.ended is not None:
            self.extra = True
            return
        if self.response.head_done:
            return  # a trailer: dropped (the head is passed on already, or about to be)
        self.response.headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        response = self.response
        if response is None or self.ended is not None:
            self.extra = True
            return
        status = self.parser.get_status_code()
        if status == 101:  # pooled connections never ask to upgrade (tunnel.py does): passed
            # on, a 101 would tell the client its connection switched while the proxy goes on
            # parsing it as HTTP, and the upstream's next bytes would be taken for answers.
            response._fail(ResponseFailed("a 101 to a request that did not ask to upgrade"))
            self.response = None
            self.closed = True
            return
        if 100 <= status < 200:  # 100 Continue, 103 Early Hints: not the
            self.interim = True  # answer; dropped (the proxy has sent the whole body)
            response.headers = []
            return
        response.status = status
        if self.head_request:  # no body follows; the parser cannot be told, so do not reuse
            self.response = None
            self.closed = True
            if self.transport is not None:
                self.transport.close()
            response.head_done = True
            response._finish()
        else:
            response._head()

    def on_body(self, body: bytes) -> None:
        if self.response is None or self.ended is not None:
            self.extra = True
            return
        self.unframed = 0
        self.response._chunk(body)

    def on_message_complete(self) -> None:
        if self.interim:
            self.interim = False
            return  # the same parser reads the answer that follows
        if self.ended is not None:
            self.extra = True
            return
        response, self.response = self.response, None
        # An answer that came before the whole body was sent leaves the upstream reading the
        # rest of it: the next request would be taken for body bytes (nginx closes too).
        self.ended = self.parser.should_keep_alive() and not self.closed and (
            not self.body_pending)
        self.parser = httptools.HttpResponseParser(self)
        if response is not None:
            response.connection = None  # it may serve another request from now on
            response._finish()  # (the pool gets the connection once this read is parsed)

    def send(self, response: UpstreamResponse, payload: bytes, head_request: bool) -> None:
        self.response = response
        self.unframed = 0
        self.head_request = head_request
        self.transport.write(payload)  # type: ignore[union-attr]


Notify = Callable[["UpstreamResponse"], None]
HeaderPairs = Sequence[tuple[str, str]]  # (name, value); a name may repeat


class UpstreamResponse:
    """One answer as it arrives: status and headers, then the body (buffered, or queued for
    `iter_chunks`). `notify`, when set, is called when the head has arrived and again when
    the answer has ended or failed (`finished`, `error`)."""

    __slots__ = ("status", "headers", "received", "head_done", "finished", "error", "chunks",
                 "queue", "connection", "pool", "notify", "deadline", "_waiter", "_timeout",
                 "_rearmed", "size", "limit", "queued")

    def __init__(self, connection: _Connection, timeout: float,
                 notify: Notify | None = None) -> None:
        self.status = 0
        self.headers: list[tuple[str, str]] = []
        self.received = False  # any byte of the answer arrived
        self.head_done = False
        self.finished = False
        self.error: ResponseFailed | None = None
        self.chunks: list[bytes] = []
        self.size = 0  # bytes buffered in `chunks`
        self.limit = 0  # a bounded read's limit (0: none)
        self.queued = 0  # bytes in `queue`, read ahead of the client
        self.queue: asyncio.Queue[bytes | None] | None = None
        self.connection: _Connection | None = connection  # None once the answer has ended
        self.pool = connection.pool
        self.notify = notify
        self._waiter: asyncio.Future[None] | None = None
        self._timeout = timeout
        self._rearmed = False  # the deadline passed once, after the head: the body's turn
        # Its head, and again its body, must come within `timeout`: the pool's sweep checks
        # the deadline (a timer per answer cost more than the rest of the client's work).
        self.deadline = self.pool.watch(self, timeout)

    def header(self, name: str) -> str | None:
        lower = name.lower()
        for key, value in self.headers:
            if key.lower() == lower:
                return value
        return None

    @property
    def content_length(self) -> int | None:
        value = self.header("content-length")
        return int(value) if value and value.isdigit() else None

    # --------------------------------------------------------------- events (the parser's)
    def _head(self) -> None:
        self.head_done = True
        self._wake()

    def _chunk(self, body: bytes) -> None:
        if self.queue is not None:
            self.queue.put_nowait(body)
            self.queued += len(body)
            if self.queued > STREAM_HIGH and self.connection and self.connection.transport:
                self.connection.paused = True  # the client reads slower
                self.connection.transport.pause_reading()
        else:
            self.chunks.append(body)
            self.size += len(body)
            if self.limit and self.size > self.limit:
                self._too_big()

    def _too_big(self) -> None:
        self.chunks, self.size = [], 0
        self._fail(TooBig(f"the answer is bigger than {self.limit} bytes"))
        self.abort()

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self._unwatch()
        if self.queue is not None:
            self.queue.put_nowait(None)
        self._wake()

    def _fail(self, error: ResponseFailed) -> None:
        if self.finished:
            return
        self.finished = True
        self.error = error
        self._unwatch()
        if self.queue is not None:
            self.queue.put_nowait(None)
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)
        if self.notify is not None:
            self.notify(self)

    def _unwatch(self) -> None:
        self.pool.waiting.discard(self)

    def _expire(self, now: float) -> None:
        """Its deadline passed (called by the pool's sweep)."""
        if self.head_done and not self._rearmed:  # the head came in time: now the body
            self._rearmed = True
            self.deadline = now + self._timeout
            return
        self._unwatch()
        self._fail(ResponseFailed("timed out reading the response" if self.head_done
                                  else "timed out waiting for the response", timed_out=True))
        self.abort()

    # --------------------------------------------------------------- awaiting
    async def _until(self, ready: Callable[[], bool]) -> None:
        while not ready():
            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter

    async def wait_head(self) -> None:
        """Until status and headers have arrived; raises ResponseFailed if they never do."""
        await self._until(lambda: self.head_done or self.finished)
        if not self.head_done and self.error is not None:
            raise self.error

    async def read(self, limit: int = 0) -> bytes:
        """The whole body (buffered), within the request's timeout; with `limit`, TooBig for
        an answer bigger than that, read no further."""
        if limit and not self.finished:
            self.limit = limit
            length = self.content_length
            if (length is not None and length > limit) or self.size > limit:
                self._too_big()
        if not self.finished:  # a small answer is usually complete with its headers
            await self._until(lambda: self.finished)
        if self.error is not None:
            raise self.error
        return b"".join(self.chunks)

    async def iter_chunks(self, timeout: float) -> AsyncIterator[bytes]:
        """The body as it arrives (for big answers), each chunk within `timeout`."""
        self._unwatch()  # a long stream is bounded per chunk instead
        self.queue = asyncio.Queue()
        for early in self.chunks:
            self.queue.put_nowait(early)
            self.queued += len(early)
        self.chunks = []
        if self.finished:
            self.queue.put_nowait(None)
        while True:
            connection = self.connection
            if connection and connection.paused and connection.transport and (
                    self.queued < STREAM_LOW):
                connection.paused = False
                connection.transport.resume_reading()
            chunk = await asyncio.wait_for(self.queue.get(), timeout)
            if chunk is None:
                if self.error is not None:
                    raise ResponseFailed(str(self.error))
                return
            self.queued -= len(chunk)
            yield chunk

    def abort(self) -> None:
        self._unwatch()
        if self.connection is not None and self.connection.transport is not None:
            self.connection.closed = True  # never handed out again, even before it is lost
            self.connection.transport.close()


def may_resend(response: UpstreamResponse, idempotent: bool) -> bool:
    """A request that failed on a kept-alive connection the upstream closed as the request
    went out (no answer came, not a timeout) may go once more on a new connection, when it
    may be sent twice (`idempotent`): the upstream may have acted on a POST before closing."""
    return (idempotent and not response.received and response.error is not None
            and not response.error.timed_out)


def request_bytes(method: str, target: str, host: str, headers: HeaderPairs,
                  body: bytes, length: int | None = None) -> bytes:
    """The request as sent upstream (`host`: its Host header): always sized by
    Content-Length (`length`, when the body follows separately)."""
    size = len(body) if length is None else length
    head = [f"{method} {target} HTTP/1.1", f"Host: {host}", f"Content-Length: {size}"]
    head += [f"{name}: {value}" for name, value in headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


YIELD_EVERY = 16  # spooled body chunks (of 64 KiB) sent between turns of the event loop
SWEEP_SECONDS = 0.1  # how often deadlines are checked: timeouts fire this late at most


class UpstreamPool:
    """Keep-alive connections per (host, port), and the deadlines of the answers awaited."""

    def __init__(self) -> None:
        self.idle: dict[Key, deque[_Connection]] = {}
        self.tls: ssl.SSLContext | None = None  # made at the first https upstream
        self.waiting: set[UpstreamResponse] = set()
        self.sweeper: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    def watch(self, response: UpstreamResponse, timeout: float) -> float:
        """Start the clock of an answer; returns its deadline (loop time)."""
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.sweeper = self.loop.create_task(self._sweep())
        self.waiting.add(response)
        return self.loop.time() + timeout

    async def _sweep(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            now = loop.time()
            for response in [r for r in self.waiting if r.deadline <= now]:
                try:
                    response._expire(now)
                except Exception:  # one broken answer must not stop every other's clock
                    self.waiting.discard(response)
                    LOG.exception("expiring an upstream answer failed")

    def _release(self, connection: _Connection) -> None:
        idle = self.idle.get(connection.key)
        if idle is None:
            idle = self.idle[connection.key] = deque()
        if len(idle) < MAX_IDLE:
            idle.append(connection)
        elif connection.transport is not None:
            connection.transport.close()

    def has_idle(self, host: str, port: int, tls: bool = False) -> bool:
        """Is a kept-alive connection to the upstream waiting (`send` can use it)?"""
        key = (host, port, tls)
        idle = self.idle.get(key)  # (newest first, as `_idle` takes them)
        return idle is not None and any(not connection.closed for connection in reversed(idle))

    def _idle(self, key: Key) -> _Connection | None:
        idle = self.idle.get(key)
        while idle:
            connection = idle.pop()
            if not connection.closed:
                return connection
        return None

    async def _connection(self, key: Key, timeout: float, fresh: bool = False
                          ) -> tuple[_Connection, bool]:
        idle = None if fresh else self._idle(key)
        if idle is not None:
            return idle, True
        loop = asyncio.get_running_loop()
        host, port, tls = key
        try:
            _, connection = await asyncio.wait_for(loop.create_connection(
                lambda: _Connection(self, key), host, port,
                ssl=self.tls_context() if tls else None,
                server_hostname=host if tls else None), timeout)
        except (OSError, TimeoutError) as exc:  # (ssl.SSLError is an OSError)
            raise ConnectFailed(f"cannot connect to {host}:{port}: {exc}") from exc
        return connection, False

    def tls_context(self) -> ssl.SSLContext:
        """Certificates verified against the system's authorities (SSL_CERT_FILE and
        SSL_CERT_DIR add others), as nginx's proxy_ssl_verify and Envoy's validation do."""
        if self.tls is None:
            self.tls = ssl.create_default_context()
        return self.tls

    def send(self, host: str, port: int, method: str, payload: bytes, timeout: float,
             notify: Notify, tls: bool = False) -> UpstreamResponse | None:
        """Send `payload` (see `request_bytes`) on an idle kept-alive connection, if there is
        one; `notify` follows the answer. None: no idle connection (use `request`)."""
        connection = self._idle((host, port, tls))
        if connection is None:
            return None
        response = UpstreamResponse(connection, timeout, notify)
        connection.send(response, payload, method == "HEAD")
        return response

    async def request(self, host: str, port: int, method: str, target: str,
                      headers: HeaderPairs, body: Body | bytes, timeout: float,
                      idempotent: bool, host_header: str | None = None, tls: bool = False,
                      fresh: bool = False) -> UpstreamResponse:
        """Send a request; returns once the response's status and headers have arrived.
        `idempotent`: it may be sent twice (see `may_resend`); `host_header`: the Host to
        send (default: the upstream's host:port); `fresh`: this already is the one resend,
        so it goes once, on a new connection."""
        key = (host, port, tls)
        spooled = isinstance(body, Body) and body.spooled
        inline = body if isinstance(body, bytes) else b"" if spooled else body.memory()
        payload = request_bytes(method, target, host_header or f"{host}:{port}", headers,
                                inline, body.size if isinstance(body, Body) else None)
        for attempt in range(1 if fresh else 2):
            connection, reused = await self._connection(key, timeout, fresh)
            response = UpstreamResponse(connection, timeout)
            connection.send(response, payload, method == "HEAD")
            try:
                if spooled:
                    assert isinstance(body, Body)
                    await _send_body(connection, response, body)
                await response.wait_head()
                return response
            except ResponseFailed:
                if reused and attempt == 0 and may_resend(response, idempotent):
                    continue
                raise
        raise ResponseFailed("unreachable")  # pragma: no cover - the loop returns or raises

    def close(self) -> None:
        if self.sweeper is not None:
            self.sweeper.cancel()
            self.sweeper, self.loop = None, None
        for idle in self.idle.values():
            for connection in idle:
                if connection.transport is not None:
                    connection.transport.close()
        self.idle.clear()


async def _send_body(connection: _Connection, response: UpstreamResponse, body: Body) -> None:
    """Write a spooled body from its file, as fast as the upstream takes it (an answer that
    comes first, or a lost connection, ends it)."""
    connection.body_pending = True
    for count, chunk in enumerate(body.chunks(), start=1):
        if response.finished or connection.transport is None:
            return  # answered early: the connection is not reused (body_pending stays)
        connection.transport.write(chunk)
        try:
            await connection.drain()
        except ConnectionError:
            return  # the answer (or its failure) tells the rest
        if count % YIELD_EVERY == 0:
            # An upstream that takes all it is sent never pauses writing, so drain() never
            # waits: without this, a 300 MiB body went out in one step of the event loop
            # and every other client waited 0.18 s.
            await asyncio.sleep(0)
    connection.body_pending = False
