"""Calls to upstreams with the lean keep-alive client (http and https): answers buffered when
small, streamed when big or unsized, and read within a bound when the proxy keeps a copy
(shadow comparisons)."""

from __future__ import annotations

import asyncio
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

from strangler.proxy.body import Body
from strangler.proxy.config import Chaos
from strangler.proxy.diff import Response
from strangler.proxy.headers import announces_length, as_dict, response_headers
from strangler.proxy.http_request import HttpRequest, has_no_body
from strangler.proxy.routing import is_idempotent
from strangler.proxy.state import ProxyState
from strangler.proxy.upstream import (
    ConnectFailed,
    HeaderPairs,
    ResponseFailed,
    TooBig,
    UpstreamResponse,
)

STREAM_THRESHOLD = 256 * 1024  # bigger (or unsized) answers are streamed, not buffered


class UpstreamFailure(Exception):
    """The upstream could not answer (connection error, reset, timeout)."""

    def __init__(self, message: str, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent  # False: the request never reached it (safe to send elsewhere)


class AnswerTooBig(Exception):
    """A bounded read (a copy for a comparison) found a bigger answer: not compared."""


@dataclass(frozen=True)
class Streamed:
    """An answer already streamed to the client (too big to buffer), and the bounded copy
    kept of it for a comparison (None: none asked for, or it outgrew the bound)."""

    status: int
    copy: Response | None = None
    aborted: bool = False  # the upstream broke mid-answer, or the client left


class Capture:
    """A copy of a streamed body, up to `limit` bytes; past it, nothing is kept."""

    __slots__ = ("parts", "size", "limit", "overflow")

    def __init__(self, limit: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.overflow = False

    def add(self, chunk: bytes) -> None:
        if self.overflow:
            return
        self.size += len(chunk)
        if self.size > self.limit:
            self.overflow, self.parts = True, []
        else:
            self.parts.append(chunk)

    def response(self, status: int, kept: list[tuple[str, str]]) -> Response | None:
        if self.overflow:
            return None
        return Response(status, as_dict(kept), b"".join(self.parts), tuple(kept))


def big(method: str, status: int, size: int | None) -> bool:
    """An answer to stream rather than buffer: it has a body, unsized or big."""
    if method == "HEAD" or has_no_body(status):
        return False
    return size is None or size > STREAM_THRESHOLD


def host_header(state: ProxyState, request: HttpRequest) -> str | None:
    """The client's Host, to send upstream (`preserve_host`, the default); None: send the
    upstream's own host:port."""
    return request.headers.get("host") if state.config.preserve_host else None


class Address(NamedTuple):
    host: str
    port: int
    tls: bool  # https


def upstream_host(state: ProxyState, request: HttpRequest, address: Address) -> str:
    """The Host to send an upstream at `address`: the client's, or the upstream's own."""
    return host_header(state, request) or f"{address.host}:{address.port}"


@functools.lru_cache(maxsize=256)
def upstream_address(base: str) -> Address:
    """Where an upstream URL of the table (http or https, checked by the config) is."""
    parts = urlsplit(base)
    tls = parts.scheme == "https"
    return Address(parts.hostname or "", parts.port or (443 if tls else 80), tls)


async def call(state: ProxyState, base: str, request: HttpRequest, body: Body,
               headers: HeaderPairs, timeout: float, chaos: Chaos | None = None,
               stream: bool = False, accept: Callable[[int], bool] = lambda status: True,
               capture: int = 0, limit: int = 0,
               on_stream: Callable[[int], None] = lambda status: None
               ) -> Response | Streamed:
    """Send the request to `base`. The answer is buffered, or streamed to the client when
    `stream` is set, it is big or unsized, and `accept(status)` says it is final (an answer
    that is neither is dropped unread: the caller falls back). `capture`: keep a copy of a
    streamed answer up to this size. `limit`: a buffered answer bigger than this raises
    AnswerTooBig (0: no limit; buffered answers are small unless `stream` is off).
    `on_stream(status)` is called when an answer starts streaming to the client."""
    if chaos is not None:
        if chaos.latency_ms:
            await asyncio.sleep(chaos.latency_ms / 1000)
        if chaos.reset_rate and random.random() < chaos.reset_rate:
            raise UpstreamFailure("chaos: connection reset")
        if chaos.error_rate and random.random() < chaos.error_rate:
            return Response(503, {"content-type": "text/plain"}, b"chaos: injected error")
    target = request.raw_path  # as sent: the path is decoded and normalized for routing only
    address = upstream_address(base)
    try:
        reply = await state.pool.request(address.host, address.port, request.method, target,
                                         headers, body, timeout,
                                         is_idempotent(request.method),
                                         upstream_host(state, request, address), address.tls,
                                         fresh=request.resent)
    except ConnectFailed as exc:
        raise UpstreamFailure(str(exc), sent=False) from exc
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    kept = response_headers(reply.headers, announces_length(request.method, reply.status))
    size = reply.content_length
    if stream and big(request.method, reply.status, size):
        if not accept(reply.status):  # the caller falls back: its body is never read
            reply.abort()
            return Response(reply.status, as_dict(kept), b"", tuple(kept))
        on_stream(reply.status)
        return await stream_lean(state, request, reply, kept, timeout, capture)
    try:
        content = await reply.read(limit)
    except TooBig as exc:
        raise AnswerTooBig(str(exc)) from exc
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    return Response(reply.status, as_dict(kept), content, tuple(kept))


async def stream_lean(state: ProxyState, request: HttpRequest, reply: UpstreamResponse,
                      kept: list[tuple[str, str]], timeout: float, capture: int = 0
                      ) -> Streamed:
    """Pass a big or unsized answer on as it arrives, each chunk within `timeout`, keeping a
    copy up to `capture` bytes."""
    copy = Capture(capture) if capture else None
    await request.start(reply.status, kept, reply.content_length)
    try:
        async for chunk in reply.iter_chunks(timeout):
            if copy is not None:
                copy.add(chunk)
            await request.write(chunk)
        await request.end()
    except (ResponseFailed, TimeoutError, OSError, ConnectionError):
        # The upstream broke mid-answer (or the client left): the status is sent, so the
        # only honest signal left is to close the client's connection.
        state.metrics.inc("streams_aborted_total")
        reply.abort()
        request.abort()
        return Streamed(reply.status, aborted=True)
    return Streamed(reply.status, copy.response(reply.status, kept) if copy else None)


async def fetch(state: ProxyState, base: str, request: HttpRequest, body: Body,
                headers: HeaderPairs, timeout: float, limit: int,
                chaos: Chaos | None = None) -> Response:
    """A buffered answer of at most `limit` bytes (a copy for a comparison): never streamed;
    AnswerTooBig past the limit."""
    response = await call(state, base, request, body, headers, timeout, chaos, limit=limit)
    assert isinstance(response, Response)
    return response
