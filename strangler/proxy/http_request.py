"""One HTTP/1.1 request on the proxy port: its head, its body as it arrives, and its answer.

The connection (`http_connection`) parses the bytes and makes the requests; the handler
reads a request's body and writes its answer through it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Protocol

from strangler.proxy.body import SPOOL_BACKLOG, Body

if TYPE_CHECKING:
    from strangler.proxy.http_connection import Connection

class RequestTimeout(Exception):
    """The client sent part of a request body and then stopped."""


class BadBody(Exception):
    """The request body's framing is broken (a malformed chunk): the request is refused."""

REASONS = {status.value: status.phrase for status in HTTPStatus}
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

    def __init__(self, connection: Connection, method: str, target: str,
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
        return response_head(status, headers, length, self.keep_alive)

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
        self._connection.write(response_head(status, headers, NOT_FRAMED, keep_alive=True))
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


Handler = Callable[[HttpRequest], Awaitable[None]]
Relay = Callable[[HttpRequest], bool]
NOT_FRAMED = -1  # a `length` for answers without a body: no Content-Length is added


def has_no_body(status: int) -> bool:
    """A status whose answer never has a body (RFC 9110 6.4.1): 1xx, 204 and 304."""
    return status < 200 or status in (204, 304)


def response_head(status: int, headers: HeaderPairs, length: int | None,
                  keep_alive: bool) -> bytes:
    """Status line and headers: sized by `length`, chunked when it is None."""
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Unknown')}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length is None:
        lines.append("Transfer-Encoding: chunked")
    elif length != NOT_FRAMED:
        lines.append(f"Content-Length: {length}")
    if not keep_alive:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
