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
from collections.abc import Callable

from strangler.proxy.http_connection import Connection
from strangler.proxy.http_head import MAX_HEADERS
from strangler.proxy.http_request import Handler, HttpRequest, Relay

LOG = logging.getLogger("strangler.proxy")
KEEPALIVE_SECONDS = 75.0  # an idle kept-alive connection is closed after this
READ_TIMEOUT_SECONDS = 60.0  # for a request head or body to arrive (nginx's client_*_timeout)
FIRST_BYTE_SECONDS = 10.0  # a new connection that sends nothing for this long is closed


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
        self.connections: dict[Connection, None] = {}  # in the order they were opened
        self.server: asyncio.base_events.Server | None = None
        self.sweeper: asyncio.Task[None] | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen; returns the bound port (0 picks a free one)."""
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(lambda: Connection(self), host, port,
                                               reuse_address=True, backlog=1024)
        self.sweeper = loop.create_task(self._sweep())
        return int(self.server.sockets[0].getsockname()[1])

    def _admit(self, connection: Connection) -> None:
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
                    connection.lost_reason = "the client stopped reading"
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
