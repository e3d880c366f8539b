"""A lean HTTP/1.1 server for the proxy port: asyncio protocol + httptools parser.

aiohttp's server costs a trivial backend's whole budget per request (request and response
objects, multidicts, payload writers), so a proxy built on it could never keep half of a
direct backend's throughput on loopback. This server does only what the proxy needs:
keep-alive and pipelining (answers in order), bodies with Content-Length or chunked,
`Expect: 100-continue`, sized or chunked (streamed) answers with write flow control, a limit
on the request head, and an idle timeout. It hands each request to one async handler.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from http import HTTPStatus
from typing import Any, Protocol

import httptools

from strangler.proxy.body import SPOOL_BACKLOG, Body

LOG = logging.getLogger("strangler.proxy")
MAX_HEAD_BYTES = 64 * 1024  # request line and headers (nginx's large_client_header_buffers)
KEEPALIVE_SECONDS = 75.0  # an idle kept-alive connection is closed after this
MAX_PIPELINED = 16  # parsed requests waiting on one connection before reading pauses
# ... and the bytes of their heads: 16 heads of 60 KiB each held 1.2 MiB per connection
# (300 such connections, 390 MiB; nginx holds 32 KiB of large headers per connection).
MAX_QUEUED_HEAD_BYTES = 2 * 64 * 1024
READ_TIMEOUT_SECONDS = 60.0  # for a request head or body to arrive (nginx's client_*_timeout)
FIRST_BYTE_SECONDS = 10.0  # a new connection that sends nothing for this long is closed
MAX_HEADERS = 100  # header fields in a request head (Envoy's default); more: 431
HEADER_OVERHEAD = 4  # ": " and CRLF: every byte of the head counts against MAX_HEAD_BYTES
REFUSED_METHODS = frozenset({"CONNECT", "TRACE"})  # a reverse proxy serves neither (405)
# A Host: a registered name or IPv4 address, or an IP literal, and an optional port.
_VALID_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+;=%-]+)(:[0-9]{0,5})?")


class RequestTimeout(Exception):
    """The client sent part of a request body and then stopped."""


class BadBody(Exception):
    """The request body's framing is broken (a malformed chunk): the request is refused."""

_REASONS = {status.value: status.phrase for status in HTTPStatus}
HeaderPairs = Iterable[tuple[str, str]]  # (name, value), a name may repeat (Set-Cookie)


class Headers(Mapping[str, str]):
    """Request headers: case-insensitive lookups, original names and order for forwarding."""

    __slots__ = ("pairs", "_lower")

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        lower: dict[str, str] = {}
        for name, value in pairs:
            key = name.lower()
            lower[key] = f"{lower[key]}, {value}" if key in lower else value
        self._lower = lower

    def get(self, name: str, default: Any = None) -> Any:
        return self._lower.get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return self._lower[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lower

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]
        return self.pairs


class HttpRequest:
    """One request: its head at once, its body as it arrives; and its answer, written whole
    (`send`) or streamed (`start`, `write`, `end`). The answer's writer is the request itself:
    a separate writer object made a reference cycle per request, and the garbage collector
    then paused the proxy for milliseconds."""

    __slots__ = ("method", "raw_path", "path", "query_string", "headers",
                 "keep_alive", "remote", "scheme", "_body", "_complete", "_waiter",
                 "_connection", "_cookies", "started", "finished", "_chunked", "upgrade",
                 "refused", "_broken", "resent", "head_size", "may_continue")

    def __init__(self, connection: _Connection, method: str, target: str,
                 headers: Headers, keep_alive: bool, upgrade: bool = False) -> None:
        self._connection = connection
        self.upgrade = upgrade  # asks to switch protocols (WebSocket): see `tunnel`
        self.method = method
        self.raw_path = target
        path, _, query = target.partition("?")
        self.path = path
        self.query_string = query
        self.headers = headers
        self.keep_alive = keep_alive
        self.remote: str = connection.remote
        self.scheme = "http"
        self._body: Body | None = None  # made when the first byte of a body comes
        self.refused = 0  # a status the request is refused with before it is routed
        self.head_size = 0  # bytes of its head, as counted against MAX_HEAD_BYTES
        # An HTTP/1.0 client's `Expect: 100-continue` is ignored (RFC 9110 10.1.1): it may
        # take a 100 for the answer.
        self.may_continue = True
        # The fast path lost it on a stale kept-alive connection: the one resend it may get
        # goes on a new connection, never on another pooled one that may be as stale.
        self.resent = False
        self._broken: BaseException | None = None  # the body can never complete: why
        self._complete = False
        self._waiter: asyncio.Future[None] | None = None
        self._cookies: dict[str, str] | None = None
        self.started = False  # the status line is out
        self.finished = False
        self._chunked = False

    @property
    def complete(self) -> bool:
        """The whole body has arrived."""
        return self._complete

    @property
    def content_length(self) -> int | None:
        value = self.headers.get("content-length")
        return int(value) if value is not None and value.isdigit() else None

    @property
    def expects_body(self) -> bool:
        """A body follows the head (sized or chunked)."""
        headers = self.headers._lower
        length = headers.get("content-length")
        return "transfer-encoding" in headers or (length is not None and length != "0")

    @property
    def cookies(self) -> dict[str, str]:
        if self._cookies is None:
            cookies: dict[str, str] = {}
            for part in (self.headers.get("cookie") or "").split(";"):
                name, sep, value = part.strip().partition("=")
                if sep and name:
                    cookies.setdefault(name, value.strip('"'))
            self._cookies = cookies
        return self._cookies

    async def read_body(self, limit: int) -> Body:
        """The body (spooled to disk when big), or its first `limit` bytes and more when it
        is longer (the caller refuses it): reading stops there and the connection is not
        reused. Raises RequestTimeout when the client stops sending, BadBody when its
        framing breaks."""
        if not self._complete and self.may_continue and (
                self.headers.get("expect", "").lower() == "100-continue"):
            self._connection.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        body = self._body_store()
        while not self._complete and body.size < limit:
            if self._broken is not None:
                self.keep_alive = False
                raise self._broken
            self._waiter = asyncio.get_running_loop().create_future()
            if body.backlog <= SPOOL_BACKLOG:  # else the spool thread wakes us first
                self._connection.resume_reading()
            try:
                await asyncio.wait_for(self._waiter, self._connection.server.read_timeout)
            except TimeoutError:
                if body.backlog > SPOOL_BACKLOG:
                    continue  # our disk is slow, not the client
                self.keep_alive = False
                raise RequestTimeout("request body timed out") from None
            except BadBody:
                self.keep_alive = False
                raise
        while not body.settled:  # the last bytes on their way to the spool file
            self._waiter = asyncio.get_running_loop().create_future()
            if not body.settled:
                await self._waiter
        if not self._complete:
            self.keep_alive = False  # the rest of the body is still on the wire
        return body

    def _body_store(self) -> Body:
        if self._body is None:
            self._body = Body(self._connection.server.spool_bytes)
            loop = asyncio.get_running_loop()
            self._body.on_written = lambda: loop.call_soon_threadsafe(self._wake)
        return self._body

    async def read(self, limit: int) -> bytes:
        """The body as bytes (see `read_body`)."""
        body = await self.read_body(limit)
        return b"".join(body.chunks())

    def release(self) -> None:
        """Let go of the body (its spool file) once the request is answered."""
        if self._body is not None:
            self._body.close()

    def _head(self, status: int, headers: HeaderPairs, length: int | None) -> bytes:
        return _response_head(status, headers, length, self.keep_alive)

    def send(self, status: int, headers: HeaderPairs, body: bytes) -> None:
        """The whole answer at once. An answer that has no body (1xx, 204, 304, or to HEAD)
        goes without it, and with its headers as they are: a 304's or a HEAD answer's own
        Content-Length tells the size of the body a GET would get. (A HEAD answer given the
        GET's body announces that body's size.)"""
        self.started = self.finished = True
        if has_no_body(status) or (self.method == "HEAD" and not body):
            self._connection.write(self._head(status, headers, NOT_FRAMED))
            return
        head = self._head(status, headers, len(body))
        self._connection.write(head if self.method == "HEAD" else head + body)

    async def start(self, status: int, headers: HeaderPairs, length: int | None) -> None:
        """Begin a streamed answer: sized when `length` is known, else chunked."""
        self.started = True
        self._chunked = length is None and self.method != "HEAD"
        self._connection.write(self._head(status, headers, length))

    async def write(self, chunk: bytes) -> None:
        if not chunk or self.method == "HEAD":
            return
        if self._chunked:
            chunk = b"%x\r\n%b\r\n" % (len(chunk), chunk)
        self._connection.write(chunk)
        await self._connection.drain()

    async def end(self) -> None:
        """The answer is complete: every byte is handed to the connection (a client that
        closes as soon as it has read the last one is not an aborted answer)."""
        self.finished = True
        if self._chunked:
            self._connection.write(b"0\r\n\r\n")
        if not self._connection.closed:
            await self._connection.drain()

    def done(self) -> None:
        """The fast path answered this request (see `LeanServer`): go on with the next."""
        self._connection._finished(self)

    def handle_async(self) -> None:
        """The fast path gives this request back, unanswered: the async handler answers it."""
        self._connection._run(self)

    def fail(self) -> None:
        """After a bug: answer 500 and close, or just close if the answer had begun."""
        if self.started:
            self.abort()
            return
        self.keep_alive = False
        self.send(500, [("Content-Type", "text/plain")], b"internal proxy error\n")

    def switch(self, status: int, headers: HeaderPairs) -> TunnelEnd:
        """Answer an upgrade request with `status` (101) and `headers` as they are, and hand
        the connection over: from now on the client's bytes go to the `peer` given to
        `TunnelEnd.join`, and the returned end writes to the client. The connection closes
        when the request's handler returns."""
        self.started = self.finished = True
        self.keep_alive = False  # (after the tunnel; the 101 itself says nothing of it)
        self._connection.write(_response_head(status, headers, NOT_FRAMED, keep_alive=True))
        return self._connection

    def abort(self) -> None:
        """Close the connection: the only honest signal once a status line is out."""
        self.finished = True
        self.keep_alive = False
        self._connection.close()

    # ------------------------------------------------------------- body
    def _feed(self, chunk: bytes) -> None:
        self._body_store().append(chunk)
        self._wake()

    def _finish(self) -> None:
        self._complete = True
        self._wake()

    def _wake(self, error: BaseException | None = None) -> None:
        if error is not None:
            self._broken = error
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            if error is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(error)


class TunnelPeer(Protocol):
    """The other side of a tunnel (the upstream): what the client's end calls."""

    def data(self, data: bytes) -> None: ...
    def closed(self) -> None: ...
    def pause(self) -> None: ...  # the client reads slower: stop reading the upstream
    def resume(self) -> None: ...


class TunnelEnd(Protocol):
    """The client's end of a tunnel, after `HttpRequest.switch`."""

    def join(self, peer: TunnelPeer) -> None: ...
    def write(self, data: bytes) -> None: ...
    def close(self) -> None: ...
    def pause_reading(self) -> None: ...
    def resume_reading(self) -> None: ...


MAX_EARLY_TUNNEL_BYTES = 256 * 1024  # client bytes held until the upstream's 101 arrives

Handler = Callable[[HttpRequest], Awaitable[None]]
Relay = Callable[[HttpRequest], bool]


class _Connection(asyncio.Protocol):
    def __init__(self, server: LeanServer) -> None:
        self.server = server
        self.handler = server.handler
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.remote = ""
        self.loop = asyncio.get_running_loop()
        self.queue: deque[HttpRequest] = deque()  # parsed, waiting for their turn
        self.current: HttpRequest | None = None  # its head is parsed, its body is arriving
        self.active: HttpRequest | None = None  # being answered
        self.task: asyncio.Task[None] | None = None  # held: the loop keeps weak references
        self.url = b""
        self.header_pairs: list[tuple[str, str]] = []
        self.head_bytes = 0
        self.closed = False
        self.upgraded = False  # the parser cannot go on after an Upgrade request
        self.refusal = 0  # a status to answer once the requests before it are answered
        self.peer: TunnelPeer | None = None  # after a 101: the upstream end of the tunnel
        self.early = bytearray()  # tunnel bytes that came before the peer joined
        self.paused_reading = False
        self.paused_writing = False
        self.drain_waiter: asyncio.Future[None] | None = None
        self.idle_since: float | None = None  # loop time since no request is in progress
        self.head_since: float | None = None  # loop time a request head began arriving
        self.opened = self.loop.time()
        self.paused_since = 0.0  # loop time the client stopped taking what is written
        self.fresh = True  # no byte has come yet
        self.header_count = 0
        self.queued_heads = 0  # bytes of the heads in `queue` (see MAX_QUEUED_HEAD_BYTES)
        self.head_too_large = False
        self.in_trailers = False  # the head is parsed: header callbacks are trailers now
        self.skip_upgrade = False  # an Upgrade the proxy ignores (h2c): parse on after it
        self.head_raw = 0  # bytes fed to the parser since the request head began
        self.unparsed = b""  # bytes read while reading was paused, parsed once it resumes
        self.resuming = False  # parsing `unparsed` is scheduled

    # ------------------------------------------------------------- asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.remote = peer[0] if isinstance(peer, tuple) else ""
        self.idle_since = self.loop.time()
        self.server._admit(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server.connections.pop(self, None)
        error = ConnectionResetError("client went away")
        if self.current is not None:
            self.current._wake(error)
        waiter, self.drain_waiter = self.drain_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)
        if self.peer is not None:
            self.peer.closed()

    def data_received(self, data: bytes) -> None:
        self.fresh = False
        if self.upgraded:
            self._tunnel_data(data)
        elif self.unparsed:  # (reading paused mid-read: what is new waits behind the rest)
            self.unparsed += data
        elif len(data) <= PIPELINED_SLICE and self.head_since is None:
            self._feed(data, b"")  # most requests: one small read, one whole head
        else:
            self._parse(data)

    def _parse(self, data: bytes) -> None:
        """Feed the parser in slices, so that a head is refused once it outgrows the limit
        (httptools hands over a header only once its value ends, however long), and parsing
        stops where reading was paused: the rest waits in `unparsed` until reading resumes,
        so one read of pipelined requests queues no more than a pause allows."""
        offset, size = 0, len(data)
        while offset < size and not (self.closed or self.upgraded):
            # Heads in small slices (a pause then stops the parse within a few requests of
            # MAX_PIPELINED), bodies in big ones.
            step = PARSE_SLICE if self.current is not None else PIPELINED_SLICE
            if self.head_since is not None:
                step = max(1, min(step, MAX_HEAD_BYTES - self.head_raw + 1))
            piece = data[offset:offset + step]
            offset += len(piece)
            if not self._feed(piece, data[offset:]):
                return
            if self.head_since is not None:
                self.head_raw += len(piece)
                if self.head_raw > MAX_HEAD_BYTES:
                    self.head_too_large = True
                    self._refuse(431)
                    return
            if self.paused_reading and offset < size:
                self.unparsed = data[offset:]
                return

    def _feed(self, piece: bytes, rest: bytes) -> bool:
        """Parse `piece` (`rest` follows it); False when parsing cannot go on with `rest`."""
        try:
            self.parser.feed_data(piece)
        except httptools.HttpParserUpgrade as upgrade:
            after = piece[upgrade.args[0]:] + rest
            if self.skip_upgrade:  # (h2c) served as a plain request: the parser starts anew
                self.skip_upgrade = False
                self.parser = httptools.HttpRequestParser(self)
                if after:
                    self._parse(after)
                return False
            last = self.queue[-1] if self.queue else self.active
            if last is not None and last.refused:  # CONNECT: answered 405, then closed
                self.pause_reading()
                return False
            # The request asked to switch protocols: what follows it is the new protocol's
            # (a tunnel, once the upstream agrees); otherwise it is answered and closed.
            self.upgraded = True
            self._tunnel_data(after)
            return False
        except httptools.HttpParserError:
            current = self.current
            if current is not None and not current._complete:  # a body's framing broke
                self.current = None
                current.keep_alive = False
                current._wake(BadBody("malformed request body"))
                self._refuse(0)
                return False
            self._refuse(431 if self.head_too_large else 400)
            return False
        return True

    def pause_writing(self) -> None:
        self.paused_writing = True
        self.paused_since = self.loop.time()
        if self.peer is not None:
            self.peer.pause()
        elif not self.upgraded:
            # The client does not read its answers: parse no more of its requests, and
            # answer none until it drains (resume_writing), so nothing piles up.
            self.pause_reading()

    def resume_writing(self) -> None:
        self.paused_writing = False
        if self.peer is not None:
            self.peer.resume()
        waiter, self.drain_waiter = self.drain_waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        if self.peer is None and not self.upgraded and self.active is None:
            if self.queue:
                self._dispatch()
            elif not self.refusal and not self.closed:
                self.resume_reading()

    # ------------------------------------------------------------- tunnel (after a 101)
    def _tunnel_data(self, data: bytes) -> None:
        if not data:
            return
        if self.peer is not None:
            self.peer.data(data)
            return
        self.early += data
        if len(self.early) > MAX_EARLY_TUNNEL_BYTES:
            self.pause_reading()  # until the upstream agrees (or the request is answered)

    def join(self, peer: TunnelPeer) -> None:
        """Send the client's bytes to `peer` from now on, those that came early first."""
        self.peer = peer
        if self.paused_writing:
            peer.pause()  # the client already reads slower
        early, self.early = bytes(self.early), bytearray()
        self.resume_reading()  # first: writing `early` may pause reading again
        if early:
            peer.data(early)
        if self.closed:
            peer.closed()

    # ------------------------------------------------------------- httptools callbacks
    def on_message_begin(self) -> None:
        self.head_raw = 0
        self.url = b""
        self.header_pairs = []
        self.head_bytes = REQUEST_LINE_OVERHEAD
        self.header_count = 0
        self.in_trailers = False
        self.idle_since = None
        self.head_since = self.loop.time()

    def on_url(self, url: bytes) -> None:
        self.url += url
        self.head_bytes += len(url)
        if self.head_bytes > MAX_HEAD_BYTES:
            self.head_too_large = True
            raise httptools.HttpParserError("request head too large")

    def on_header(self, name: bytes, value: bytes) -> None:
        # Every byte and every field counts (trailers too), before any work is done on it:
        # many tiny headers must not buy CPU.
        self.head_bytes += len(name) + len(value) + HEADER_OVERHEAD
        self.header_count += 1
        if self.head_bytes > MAX_HEAD_BYTES or self.header_count > self.server.max_headers:
            self.head_too_large = True
            raise httptools.HttpParserError("request head too large")
        if not self.in_trailers:  # chunked trailers are not request headers: dropped
            self.header_pairs.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        self.head_since = None
        self.in_trailers = True
        parser = self.parser
        target, authority = _target(self.url)
        pairs = self.header_pairs
        if authority is not None:  # the target's authority is the Host
            pairs = [(n, v) for n, v in pairs if n.lower() != "host"] + [("Host", authority)]
        method = parser.get_method().decode("ascii", "replace")
        headers = Headers(pairs)
        upgrade = parser.should_upgrade()
        if upgrade and method != "CONNECT" and _ignored_upgrade(headers):
            pairs, upgrade = _without_upgrade(pairs, headers)
            self.skip_upgrade = not upgrade
            headers = Headers(pairs)
        request = HttpRequest(self, method, target, headers, parser.should_keep_alive(),
                              upgrade)
        version = parser.get_http_version()
        request.may_continue = version not in ("1.0", "0.9")
        request.refused = _refusal(method, version, headers, authority)
        if request.refused:
            request.keep_alive, request.upgrade = False, False
            self.pause_reading()  # nothing after it is read: it is answered, then closed
        self.current = request
        self.queue.append(request)
        request.head_size = self.head_bytes
        self.queued_heads += self.head_bytes
        if len(self.queue) > MAX_PIPELINED or self.queued_heads > MAX_QUEUED_HEAD_BYTES:
            self.pause_reading()
        if request.expects_body:
            self._dispatch()  # its handler may read the body as it arrives (100-continue)

    def on_body(self, body: bytes) -> None:
        if self.current is not None:
            self.current._feed(body)
            store = self.current._body_store()
            if store.size > self.server.max_body or store.backlog > SPOOL_BACKLOG or (
                    self.current is not self.active):
                # Refused (too big), behind on its spool file, or queued behind the answer
                # being written: read no more of it until its turn, so pipelined bodies are
                # never piled up.
                self.pause_reading()

    def on_message_complete(self) -> None:
        if self.current is not None:
            self.current._finish()
            self.current = None
        self._dispatch()

    # ------------------------------------------------------------- serving
    def _dispatch(self) -> None:
        """Start answering the next request, unless one is being answered (answers go out in
        order). The server's `relay` may take it on its fast path, with no task; otherwise a
        task runs the async handler."""
        if self.active is not None or not self.queue or self.closed:
            return
        request = self.queue.popleft()
        self.queued_heads -= request.head_size
        if self.paused_reading and len(self.queue) <= MAX_PIPELINED // 2 and (
                self.queued_heads <= MAX_QUEUED_HEAD_BYTES // 2) and not (
                self.refusal or self.paused_writing or request.refused):
            self.resume_reading()
        self.active = request
        relay = self.server.relay
        if relay is not None and request._complete and not (request.upgrade or request.refused):
            try:
                if relay(request):
                    return  # it calls request.done() once answered
            except Exception:  # a bug must not leave the client hanging
                request.fail()
                self.server.log_error(request)
                self._finished(request)
                return
        self._run(request)

    def _run(self, request: HttpRequest) -> None:
        self.task = self.loop.create_task(self._serve(request))

    async def _serve(self, request: HttpRequest) -> None:
        """Answer one request with the async handler."""
        try:
            await self.handler(request)
        except ConnectionError:  # the client went away: nobody to answer
            request.abort()
        except Exception:  # a bug in the handler must not leave the client hanging
            request.fail()
            self.server.log_error(request)
        finally:
            self.task = None
        self._finished(request)

    def _finished(self, request: HttpRequest) -> None:
        """The answer to `request` is out: go on with the next one, or close."""
        if request is not self.active:
            return
        self.active = None
        request.release()
        if not request.finished:
            request.abort()
        if not request.keep_alive or self.closed or request is self.current:
            self.close()  # (the last: answered before its body was read, so drop the rest)
            return
        if self.queue:
            if not self.paused_writing:  # else resume_writing dispatches it
                self._dispatch()
        elif self.refusal or self.upgraded:  # after the requests parsed before it
            self._refuse(self.refusal or 0)
        else:
            self.idle_since = self.loop.time()
            if not self.paused_writing:  # (reading paused while the client did not drain)
                self.resume_reading()

    def _refuse(self, status: int) -> None:
        """Answer `status` (a request that cannot be parsed or never ended) and close, once
        the requests before it are answered; 0: just close."""
        if self.active is not None or self.queue:
            self.refusal = status
            self.pause_reading()  # the parser cannot go on anyway
            return
        if status:
            body = f"{_REASONS[status].lower()}\n".encode()
            self.write(_response_head(status, [("Content-Type", "text/plain")], len(body),
                                      False) + body)
        self.close()

    def write(self, data: bytes) -> None:
        if not self.closed and self.transport is not None:
            self.transport.write(data)

    async def drain(self) -> None:
        """Until the client has read enough of what was written (at most the server's
        read timeout: a client that stops reading must not hold an upstream for ever)."""
        if self.closed:
            raise ConnectionResetError("client went away")
        if self.paused_writing:
            self.drain_waiter = self.loop.create_future()
            try:
                await asyncio.wait_for(self.drain_waiter, self.server.read_timeout)
            except TimeoutError:
                raise ConnectionResetError("the client stopped reading") from None

    def close(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()

    @property
    def is_idle(self) -> bool:
        """Nothing in progress: between requests, or never sent a byte."""
        return self.idle_since is not None and self.active is None and not self.queue

    def pause_reading(self) -> None:
        if not self.paused_reading and self.transport is not None:
            self.paused_reading = True
            self.transport.pause_reading()

    def resume_reading(self) -> None:
        if self.paused_reading and self.transport is not None and not self.closed:
            self.paused_reading = False
            if self.unparsed:  # first what was read before the pause, then the socket
                if not self.resuming:
                    self.resuming = True
                    self.loop.call_soon(self._parse_unparsed)
                return
            self.transport.resume_reading()

    def _parse_unparsed(self) -> None:
        self.resuming = False
        data, self.unparsed = self.unparsed, b""
        if data and not self.closed:
            if self.upgraded:
                self._tunnel_data(data)
            else:
                self._parse(data)
        if not (self.unparsed or self.paused_reading or self.closed) and (
                self.transport is not None):
            self.transport.resume_reading()



NOT_FRAMED = -1  # a `length` for answers without a body: no Content-Length is added
REQUEST_LINE_OVERHEAD = 16  # method, version, spaces and CRLF of the request line
PARSE_SLICE = 16 * 1024  # bytes fed to the parser at a time (see `_Connection._parse`)
PIPELINED_SLICE = 512  # ... of request heads: a pause lets at most ~28 more through
IGNORED_UPGRADES = frozenset({"h2c"})  # served as plain requests, as nginx and Envoy do


def _offered(headers: Headers) -> list[str]:
    return [token.strip() for token in headers.get("upgrade", "").split(",") if token.strip()]


def _ignored_upgrade(headers: Headers) -> bool:
    """Does the request offer an upgrade the proxy never tunnels (h2c)? After a 101 its
    later requests would bypass routing and the access log."""
    return any(token.lower() in IGNORED_UPGRADES for token in _offered(headers))


def _without_upgrade(pairs: list[tuple[str, str]], headers: Headers
                     ) -> tuple[list[tuple[str, str]], bool]:
    """The headers without the upgrades the proxy never tunnels, and whether another
    upgrade (a WebSocket) is still asked for."""
    kept = [token for token in _offered(headers) if token.lower() not in IGNORED_UPGRADES]
    pairs = [(name, value) for name, value in pairs
             if name.lower() not in ("upgrade", "http2-settings")]
    if kept:
        pairs.append(("Upgrade", ", ".join(kept)))
    return pairs, bool(kept)


def _refusal(method: str, version: str, headers: Headers, authority: str | None) -> int:
    """The status a request is refused with before it is routed, or 0: HTTP/2+ in the
    request line (505), CONNECT or TRACE (405), a transfer coding other than chunked (501),
    an HTTP/1.1 request without exactly one valid Host (400: two Hosts are joined with a
    comma, which no valid Host has)."""
    if version != "1.1" and not version.startswith("1."):
        return 505
    if method in REFUSED_METHODS:
        return 405
    lower = headers._lower
    coding = lower.get("transfer-encoding")
    if coding is not None and coding.strip().lower() != "chunked":
        return 501
    host = lower.get("host")
    if host is None:
        return 400 if authority is None and version == "1.1" else 0
    if host and host not in _valid_hosts:
        if ".." in host or not _VALID_HOST.fullmatch(host):
            return 400
        if len(_valid_hosts) < 1024:  # the same few hosts come again and again
            _valid_hosts.add(host)
    return 0


_valid_hosts: set[str] = set()


def has_no_body(status: int) -> bool:
    """A status whose answer never has a body (RFC 9110 6.4.1): 1xx, 204 and 304."""
    return status < 200 or status in (204, 304)


def _response_head(status: int, headers: HeaderPairs, length: int | None,
                   keep_alive: bool) -> bytes:
    """Status line and headers: sized by `length`, chunked when it is None."""
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length is None:
        lines.append("Transfer-Encoding: chunked")
    elif length != NOT_FRAMED:
        lines.append(f"Content-Length: {length}")
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _target(url: bytes) -> tuple[str, str | None]:
    """The request target as origin-form, and the authority of an absolute-form target
    (`GET http://host/x`): the proxy never connects to it, but it is the request's Host
    (RFC 9112 3.2.2), as nginx's `$host` takes it."""
    if url[:1] != b"/" and b"://" in url[:16]:
        try:
            parsed = httptools.parse_url(url)
        except httptools.HttpParserInvalidURLError:
            return "/", None
        path = parsed.path or b"/"
        authority = (parsed.host or b"").decode("latin-1")
        if parsed.port:
            authority += f":{parsed.port}"
        return (path + (b"?" + parsed.query if parsed.query else b"")).decode("latin-1"), \
            authority or None
    return url.decode("latin-1"), None


def connection_limit(asked: int) -> int:
    """`asked` (0: the default), never more than the open-file limit allows: past it, accept
    fails with EMFILE and the event loop drops new clients without a word, so the proxy
    sheds idle connections itself instead (and says so once, here)."""
    allowed = default_max_connections()
    if asked > allowed:
        LOG.warning("max_connections %d is more than the open-file limit allows; serving at "
                    "most %d (raise `ulimit -n` for more)", asked, allowed)
    return min(asked, allowed) if asked else allowed


def default_max_connections() -> int:
    """Connections served at once when the table does not say: a third of the open-file
    limit (raised to its hard limit first), since each client may hold an upstream
    connection and a spooled body's file too."""
    try:
        import resource
    except ImportError:  # not on Unix
        return 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    limit = 65536 if soft == resource.RLIM_INFINITY else soft
    return max(16, (limit - 64) // 3)


class LeanServer:
    """The proxy port's listener: `start()`, then `close()`.

    Each request goes to `handler`, awaited in a task. With `relay`, a request whose body
    has arrived is offered to it first: a synchronous fast path that returns True when it
    takes the request, answers it from callbacks (`send`, then `done()`) or gives it back
    (`handle_async()`). A task and its wake-ups cost about a fifth of the proxy's Python
    time per request (measured: 34 against 28 microseconds of user CPU per request)."""

    def __init__(self, handler: Handler, max_body: int,
                 log_error: Callable[[HttpRequest], None] = lambda request: None,
                 keepalive: float = KEEPALIVE_SECONDS,
                 read_timeout: float = READ_TIMEOUT_SECONDS,
                 relay: Relay | None = None,
                 max_connections: int = 0,
                 max_headers: int = MAX_HEADERS,
                 first_byte_timeout: float = FIRST_BYTE_SECONDS,
                 spool_bytes: int = 1024 * 1024,
                 count: Callable[[str], None] = lambda event: None) -> None:
        self.handler = handler
        self.relay = relay
        self.max_body = max_body
        self.log_error = log_error
        self.keepalive = keepalive
        self.read_timeout = read_timeout
        self.max_connections = connection_limit(max_connections)
        self.max_headers = max_headers
        self.first_byte_timeout = first_byte_timeout
        self.spool_bytes = spool_bytes
        self.count = count  # events worth a metric: "shed_idle", "refused_full"
        self.warned_full = 0.0  # loop time of the last "at max_connections" warning
        self.connections: dict[_Connection, None] = {}  # in the order they were opened
        self.server: asyncio.base_events.Server | None = None
        self.sweeper: asyncio.Task[None] | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen; returns the bound port (0 picks a free one)."""
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(lambda: _Connection(self), host, port,
                                               reuse_address=True, backlog=1024)
        self.sweeper = loop.create_task(self._sweep())
        return int(self.server.sockets[0].getsockname()[1])

    def _admit(self, connection: _Connection) -> None:
        """Take a new connection. At `max_connections`, one that is not being answered is
        shed to make room: the oldest idle one, else the one that has been sending a request
        head the longest (idle or slow sockets must not lock everyone else out). When every
        connection is being answered, the new one is answered 503 and closed."""
        if len(self.connections) >= self.max_connections:
            oldest = next((c for c in self.connections if c.is_idle), None)
            if oldest is None:
                slow = [c for c in self.connections if c.head_since is not None
                        and c.active is None and not c.queue]
                oldest = min(slow, key=lambda c: c.head_since or 0.0, default=None)
            if oldest is not None:
                reason = "shed_idle" if oldest.is_idle else "shed_slow_head"
                oldest.close()
                self.connections.pop(oldest, None)
                self.count(reason)
            else:
                self.count("refused_full")
                self._warn_full()
                connection.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                connection.close()
                return
        self.connections[connection] = None

    def _warn_full(self) -> None:
        now = asyncio.get_running_loop().time()
        if now - self.warned_full >= 10:
            self.warned_full = now
            LOG.warning("at max_connections (%d), every connection busy: refusing new ones",
                        self.max_connections)

    async def _sweep(self) -> None:
        """Close kept-alive connections idle for `keepalive` seconds, and new ones that sent
        nothing for `first_byte_timeout`. One sweep a second instead of a timer per request:
        cancelled timers pile up at thousands per second."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(min(1.0, self.keepalive, self.read_timeout,
                                    self.first_byte_timeout))
            now = loop.time()
            for connection in list(self.connections):
                if connection.fresh and connection.opened < now - self.first_byte_timeout:
                    connection.close()
                    self.connections.pop(connection, None)
                elif connection.paused_writing and (
                        connection.paused_since < now - self.read_timeout):
                    # It stopped reading its answers (nginx's send_timeout): dropped with
                    # what is buffered for it (a close would wait for the buffer to drain).
                    connection.closed = True
                    if connection.transport is not None:
                        connection.transport.abort()
                    self.connections.pop(connection, None)
                elif connection.idle_since is not None and (
                        connection.idle_since < now - self.keepalive):
                    connection.close()
                elif connection.head_since is not None and (
                        connection.head_since < now - self.read_timeout):
                    connection._refuse(408)  # a head that never ends (slowloris)

    async def close(self) -> None:
        if self.sweeper is not None:
            self.sweeper.cancel()
        if self.server is not None:
            self.server.close()
        for connection in list(self.connections):
            connection.close()
        if self.server is not None:
            await self.server.wait_closed()
