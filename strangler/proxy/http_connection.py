"""One client connection of the proxy port: an asyncio protocol around the httptools
parser. It enforces the head limits, keeps pipelined answers in order, applies flow control
both ways, and hands the socket over to a tunnel after a 101."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING

import httptools

from strangler.proxy.body import SPOOL_BACKLOG
from strangler.proxy.http_head import (
    HEADER_OVERHEAD,
    MAX_HEAD_BYTES,
    REQUEST_LINE_OVERHEAD,
    ignored_upgrade,
    refusal,
    request_target,
    without_upgrade,
)
from strangler.proxy.http_request import (
    REASONS,
    BadBody,
    Headers,
    HttpRequest,
    TunnelPeer,
    response_head,
)

if TYPE_CHECKING:
    from strangler.proxy.http_server import LeanServer

MAX_PIPELINED = 16  # parsed requests waiting on one connection before reading pauses
# ... and the bytes of their heads: 16 heads of 60 KiB each held 1.2 MiB per connection
# (300 such connections, 390 MiB; nginx holds 32 KiB of large headers per connection).
MAX_QUEUED_HEAD_BYTES = 2 * 64 * 1024
MAX_EARLY_TUNNEL_BYTES = 256 * 1024  # client bytes held until the upstream's 101 arrives
PARSE_SLICE = 16 * 1024  # bytes fed to the parser at a time (see `Connection._parse`)
PIPELINED_SLICE = 512  # ... of request heads: a pause lets at most ~28 more through


class Connection(asyncio.Protocol):
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
        self.lost_reason = "client went away"  # what a handler waiting on it is told

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
        error = ConnectionResetError(self.lost_reason)
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
        target, authority = request_target(self.url)
        pairs = self.header_pairs
        if authority is not None:  # the target's authority is the Host
            pairs = [(n, v) for n, v in pairs if n.lower() != "host"] + [("Host", authority)]
        method = parser.get_method().decode("ascii", "replace")
        headers = Headers(pairs)
        upgrade = parser.should_upgrade()
        if upgrade and method != "CONNECT" and ignored_upgrade(headers):
            pairs, upgrade = without_upgrade(pairs, headers)
            self.skip_upgrade = not upgrade
            headers = Headers(pairs)
        request = HttpRequest(self, method, target, headers, parser.should_keep_alive(),
                              upgrade)
        version = parser.get_http_version()
        request.may_continue = version not in ("1.0", "0.9")
        request.refused = refusal(method, version, headers, authority)
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
            body = f"{REASONS[status].lower()}\n".encode()
            self.write(response_head(status, [("Content-Type", "text/plain")], len(body),
                                      False) + body)
        self.close()

    def write(self, data: bytes) -> None:
        if not self.closed and self.transport is not None:
            self.transport.write(data)

    async def drain(self) -> None:
        """Until the client has read enough of what was written (at most the server's
        read timeout: a client that stops reading must not hold an upstream for ever)."""
        if self.closed:
            raise ConnectionResetError(self.lost_reason)
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
