"""WebSocket (and any other `Upgrade`) through the proxy: the upgrade request goes to one
upstream on a connection of its own; when the upstream answers 101, bytes pass both ways
untouched, with flow control, until either side closes. Any other answer is passed on as
an ordinary one. Tunnels are never shadowed: a stream of frames has no answer to compare.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator

import httptools

from strangler.proxy.http_request import HttpRequest, TunnelEnd
from strangler.proxy.upstream import (
    STREAM_HIGH,
    STREAM_LOW,
    ConnectFailed,
    HeaderPairs,
    ResponseFailed,
    check_unframed,
    request_bytes,
)


class _UpstreamEnd(asyncio.Protocol):
    """The upstream's side: reads its answer to the upgrade request, then relays bytes."""

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.status = 0
        self.headers: list[tuple[str, str]] = []
        # An answer other than 101 streams through this queue (None ends it): the proxy
        # never holds a whole answer, whatever the client asked for.
        self.chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.queued = 0  # bytes in `chunks`
        self.unframed = 0  # bytes read since the answer's last body byte (or its start)
        self.complete = False  # that answer ended as its framing says
        self.switched = False  # the answer was 101: what follows is the tunnel's
        self.early = bytearray()  # tunnel bytes that came with the 101
        self.answered: asyncio.Future[None] = loop.create_future()
        self.ended: asyncio.Future[None] = loop.create_future()
        self.client: TunnelEnd | None = None

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        if self.client is not None:
            self.client.write(data)
            return
        if self.switched:
            self.early += data
            return
        self.unframed += len(data)  # (on_body sets it back to 0)
        try:
            self.parser.feed_data(data)
            if not self.complete:
                check_unframed(self.unframed)
        except httptools.HttpParserUpgrade as upgrade:
            self.switched = self.status == 101
            self.early += data[upgrade.args[0]:]
            self._answered()
        except httptools.HttpParserError as exc:
            self._answered(ResponseFailed(f"bad answer to an upgrade request: {exc}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._answered(ResponseFailed(f"connection lost: {exc or 'closed early'}"))
        self.chunks.put_nowait(None)
        if self.client is not None:
            self.client.close()
        if not self.ended.done():
            self.ended.set_result(None)

    def pause_writing(self) -> None:
        if self.client is not None:
            self.client.pause_reading()  # the upstream reads slower than the client sends

    def resume_writing(self) -> None:
        if self.client is not None:
            self.client.resume_reading()

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.answered.done():  # (after it: trailers, dropped)
            self.headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        if self.status != 101:
            self._answered()  # its body streams (`answer_chunks`)

    def on_body(self, body: bytes) -> None:
        self.unframed = 0
        self.chunks.put_nowait(body)
        self.queued += len(body)
        if self.queued > STREAM_HIGH and self.transport is not None:
            self.transport.pause_reading()  # the client reads slower

    def on_message_complete(self) -> None:
        if self.status != 101:
            self.complete = True
            self.chunks.put_nowait(None)

    def _answered(self, error: Exception | None = None) -> None:
        if self.answered.done():
            return
        if error is None:
            self.answered.set_result(None)
        else:
            self.answered.set_exception(error)
            self.answered.exception()  # retrieved: no "never retrieved" warning

    # TunnelPeer: what the client's end calls
    def data(self, data: bytes) -> None:
        if self.transport is not None:
            self.transport.write(data)

    def closed(self) -> None:
        self.close()

    def pause(self) -> None:
        if self.transport is not None:
            self.transport.pause_reading()

    def resume(self) -> None:
        if self.transport is not None:
            self.transport.resume_reading()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def _answer_chunks(end: _UpstreamEnd, timeout: float) -> AsyncIterator[bytes]:
    """The body of an ordinary answer to an upgrade request, as it arrives (each piece
    within `timeout`); ResponseFailed if the upstream stops before its end."""
    try:
        while True:
            if end.queued < STREAM_LOW and end.transport is not None:
                end.transport.resume_reading()
            chunk = await asyncio.wait_for(end.chunks.get(), timeout)
            if chunk is None:
                if not end.complete:
                    raise ResponseFailed("the upstream closed before the end of its answer")
                return
            end.queued -= len(chunk)
            yield chunk
    finally:
        end.close()


async def tunnel(request: HttpRequest, address: tuple[str, int], host_header: str,
                 headers: HeaderPairs, body: bytes, timeout: float,
                 tls: ssl.SSLContext | None = None
                 ) -> tuple[int, list[tuple[str, str]], AsyncIterator[bytes]] | None:
    """Send the upgrade request to `address`. On a 101, relay both ways until either side
    closes and return None; otherwise return the upstream's ordinary answer (status,
    headers, and its body as it arrives) for the caller to pass on. ConnectFailed if the
    upstream cannot be reached (nothing was sent), ResponseFailed if it never answered."""
    loop = asyncio.get_running_loop()
    try:
        _, end = await asyncio.wait_for(
            loop.create_connection(_UpstreamEnd, address[0], address[1], ssl=tls,
                                   server_hostname=address[0] if tls else None), timeout)
    except (OSError, TimeoutError) as exc:
        raise ConnectFailed(f"cannot connect to {address[0]}:{address[1]}: {exc}") from exc
    upgrade = request.headers.get("upgrade", "")
    end.data(request_bytes(request.method, request.raw_path, host_header,
                           [*headers, ("Connection", "Upgrade"), ("Upgrade", upgrade)], body))
    try:
        await asyncio.wait_for(asyncio.shield(end.answered), timeout)
    except TimeoutError:
        end.close()
        raise ResponseFailed("timed out waiting for the answer to an upgrade request") from None
    except ResponseFailed:
        end.close()
        raise
    if not end.switched:  # answered as any request; the client's connection then closes
        request.keep_alive = False
        return end.status, end.headers, _answer_chunks(end, timeout)
    client = request.switch(101, end.headers)
    end.client = client
    if end.early:
        client.write(bytes(end.early))
        end.early = bytearray()
    client.join(end)
    await end.ended
    return None
