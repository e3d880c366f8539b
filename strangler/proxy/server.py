"""The embedded strangler-fig proxy: a lean HTTP/1.1 server in front (http_server.py), a lean
keep-alive client to http upstreams (upstream.py), aiohttp's client for https ones.

Per route: `legacy` (all to legacy), `shadow` (legacy answers; a copy goes to the new service
off the response path, bounded and timed out, then the two answers are compared), `canary`
(N% of clients, sticky, to the new service) and `new` (all to the new service). On the new
path, connection errors, timeouts and 5xx answers of idempotent requests fall back to legacy
(any request falls back when it never reached the new service, as with nginx),
and a circuit breaker per upstream sends everything to legacy while it is open. The default
route always goes to legacy. Only configured upstreams are ever contacted: the upstream URL is
built from the route table and the request's path alone.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import random
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from strangler.proxy.access_log import AccessLog
from strangler.proxy.breaker import Breaker
from strangler.proxy.config import ProxyConfig, ProxyConfigError, RouteConfig, parse_proxy_config
from strangler.proxy.diff import Response, differences
from strangler.proxy.http_server import (
    READ_TIMEOUT_SECONDS,
    HttpRequest,
    LeanServer,
    RequestTimeout,
    has_no_body,
)
from strangler.proxy.metrics import Metrics
from strangler.proxy.routing import (
    SAFE_METHODS,
    BadPath,
    clean_path,
    goes_to_new,
    is_idempotent,
    match_route,
    sticky_key,
)
from strangler.proxy.store import DiffStore
from strangler.proxy.tunnel import tunnel
from strangler.proxy.upstream import (
    ConnectFailed,
    HeaderPairs,
    ResponseFailed,
    UpstreamPool,
    UpstreamResponse,
    may_resend,
    request_bytes,
)

LOG = logging.getLogger("strangler.proxy")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "trailers", "transfer-encoding", "upgrade", "proxy-connection"}
# (Expect: the proxy has the whole body before it sends the request; a 100 would only
# delay the answer.)
NOT_FORWARDED = frozenset({*HOP_BY_HOP, "host", "content-length", "expect", "x-forwarded-for",
                           "x-forwarded-proto", "x-forwarded-host"})
NOT_PASSED_BACK = frozenset({*HOP_BY_HOP, "content-length"})
SHADOW_HEADER = "X-Strangler-Shadow"
STATE: web.AppKey[ProxyState] = web.AppKey("state")


class UpstreamFailure(Exception):
    """The upstream could not answer (connection error, reset, timeout)."""

    def __init__(self, message: str, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent  # False: the request never reached it (safe to send elsewhere)


def forward_headers(request: HttpRequest) -> list[tuple[str, str]]:
    """The request's headers to send upstream: hop-by-hop ones (RFC 9110 7.6.1, and those its
    Connection header lists) dropped, repeated ones kept, and X-Forwarded-* set by the proxy:
    a client's own X-Forwarded-For is extended, its X-Forwarded-Proto and -Host replaced."""
    headers = request.headers
    connection = headers.get("connection")
    listed = _listed(connection) if connection else frozenset()
    forwarded = [(name, value) for name, value in headers.pairs
                 if (lower := name.lower()) not in NOT_FORWARDED and lower not in listed]
    client = request.remote or ""
    previous = headers.get("x-forwarded-for")
    forwarded.append(("X-Forwarded-For", f"{previous}, {client}" if previous else client))
    forwarded.append(("X-Forwarded-Proto", request.scheme))
    forwarded.append(("X-Forwarded-Host", headers.get("host", "")))
    return forwarded


def response_headers(pairs: Iterable[tuple[str, str]], keep_length: bool = False
                     ) -> list[tuple[str, str]]:
    """An upstream answer's headers to pass on: hop-by-hop ones (and those its Connection
    header lists) and Content-Length (the proxy frames the answer itself) are dropped;
    repeated headers such as Set-Cookie and Content-Encoding (bodies pass as they are) stay.
    `keep_length`: an answer without a body that announces the size of one (HEAD, 304)."""
    kept: list[tuple[str, str]] = []
    listed: frozenset[str] = frozenset()
    for name, value in pairs:
        lower = name.lower()
        if lower in NOT_PASSED_BACK and not (keep_length and lower == "content-length"):
            if lower == "connection":
                listed |= _listed(value)
            continue
        kept.append((name, value))
    if listed:
        kept = [(name, value) for name, value in kept if name.lower() not in listed]
    return kept


def _listed(connection: str) -> frozenset[str]:
    """The header names a Connection header lists (hop-by-hop too)."""
    return frozenset(item.strip().lower() for item in connection.split(","))


def _as_dict(pairs: list[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in pairs}


@dataclass
class ProxyState:
    config: ProxyConfig
    config_path: Path | None
    metrics: Metrics = field(default_factory=Metrics)
    breakers: dict[str, Breaker] = field(default_factory=dict)
    store: DiffStore | None = None
    session: aiohttp.ClientSession | None = None  # https upstreams
    pool: UpstreamPool = field(default_factory=UpstreamPool)  # http upstreams
    shadow_slots: asyncio.Semaphore | None = None
    tasks: set[asyncio.Task[None]] = field(default_factory=set)  # shadow copies, streams
    config_mtime: float = 0.0
    reload_error: str = ""
    access: AccessLog | None = None
    busy: bool = False  # CPU-bound over the last quarter second: shadow copies pause
    cpu_mark: tuple[float, float] = (0.0, 0.0)  # (process CPU seconds, wall seconds)
    machine_mark: tuple[int, int] | None = None  # (total, idle) CPU ticks of the machine
    breaker_seen: dict[str, tuple[str, int]] = field(default_factory=dict)  # last gauges set

    def breaker(self, upstream: str) -> Breaker:
        if upstream not in self.breakers:
            self.breakers[upstream] = Breaker(self.config.breaker_failures,
                                              self.config.breaker_open_seconds,
                                              clock=time.monotonic)
        return self.breakers[upstream]


ACCESS_FLUSH_SECONDS = 0.25
STREAM_THRESHOLD = 256 * 1024  # bigger (or unsized) answers are streamed, not buffered


@dataclass(frozen=True)
class Streamed:
    """An answer already streamed to the client (too big to buffer)."""

    status: int


async def _call(state: ProxyState, base: str, request: HttpRequest, body: bytes,
                headers: HeaderPairs, timeout: float, chaos: Any = None,
                stream: bool = False, accept: Callable[[int], bool] = lambda status: True
                ) -> Response | Streamed:
    """Send the request to `base`; buffer the answer, or stream it when `stream` is set, the
    answer is big or unsized, and `accept(status)` says it is final (not a fallback case)."""
    if chaos is not None:
        if chaos.latency_ms:
            await asyncio.sleep(chaos.latency_ms / 1000)
        if chaos.reset_rate and random.random() < chaos.reset_rate:
            raise UpstreamFailure("chaos: connection reset")
        if chaos.error_rate and random.random() < chaos.error_rate:
            return Response(503, {"content-type": "text/plain"}, b"chaos: injected error")
    target = request.raw_path  # as sent: the path is decoded and normalized for routing only
    address = _address(base)
    if address is not None:  # plain http: the lean keep-alive client
        return await _call_lean(state, address, request, target, body, headers, timeout,
                                stream, accept)
    url = base + target
    host = _host_header(state, request)
    if host is not None:
        headers = [*headers, ("Host", host)]
    assert state.session is not None
    try:
        async with state.session.request(
                request.method, url, data=body or None, headers=headers, allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=timeout)) as reply:
            size = reply.content_length
            if stream and accept(reply.status) and _big(request.method, reply.status, size):
                return await _stream(state, request, reply)
            content = await reply.read()
            kept = response_headers(reply.headers.items(),
                                    _announces_length(request.method, reply.status))
            return Response(reply.status, _as_dict(kept), content, tuple(kept))
    except aiohttp.ClientConnectorError as exc:
        raise UpstreamFailure(f"cannot connect: {exc}", sent=False) from exc
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise UpstreamFailure(f"{type(exc).__name__}: {exc}") from exc


def _big(method: str, status: int, size: int | None) -> bool:
    """An answer to stream rather than buffer: it has a body, unsized or big."""
    if method == "HEAD" or has_no_body(status):
        return False
    return size is None or size > STREAM_THRESHOLD


def _announces_length(method: str, status: int) -> bool:
    """An answer without a body whose Content-Length tells the size of one (RFC 9110 8.6)."""
    return method == "HEAD" or status == 304


def _host_header(state: ProxyState, request: HttpRequest) -> str | None:
    """The client's Host, to send upstream (`preserve_host`, the default); None: send the
    upstream's own host:port."""
    return request.headers.get("host") if state.config.preserve_host else None


def _upstream_host(state: ProxyState, request: HttpRequest, address: tuple[str, int]) -> str:
    """The Host to send an upstream at `address`: the client's, or the upstream's own."""
    return _host_header(state, request) or f"{address[0]}:{address[1]}"


@functools.lru_cache(maxsize=256)
def _address(base: str) -> tuple[str, int] | None:
    """(host, port) of an http:// upstream; None for https (served by aiohttp's client)."""
    parts = urlsplit(base)
    if parts.scheme != "http" or not parts.hostname:
        return None
    return parts.hostname, parts.port or 80


async def _call_lean(state: ProxyState, address: tuple[str, int], request: HttpRequest,
                     target: str, body: bytes, headers: HeaderPairs, timeout: float,
                     stream: bool, accept: Callable[[int], bool]) -> Response | Streamed:
    try:
        reply = await state.pool.request(address[0], address[1], request.method, target,
                                         headers, body, timeout,
                                         is_idempotent(request.method, request.headers),
                                         _upstream_host(state, request, address))
    except ConnectFailed as exc:
        raise UpstreamFailure(str(exc), sent=False) from exc
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    kept = response_headers(reply.headers, _announces_length(request.method, reply.status))
    size = reply.content_length
    if stream and accept(reply.status) and _big(request.method, reply.status, size):
        return await _stream_lean(state, request, reply, kept, timeout)
    try:
        content = await reply.read()
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    return Response(reply.status, _as_dict(kept), content, tuple(kept))


async def _stream_lean(state: ProxyState, request: HttpRequest, reply: UpstreamResponse,
                       kept: list[tuple[str, str]], timeout: float) -> Streamed:
    """Pass a big or unsized answer on as it arrives, each chunk within `timeout`."""
    await request.start(reply.status, kept, reply.content_length)
    try:
        async for chunk in reply.iter_chunks(timeout):
            await request.write(chunk)
        await request.end()
    except (ResponseFailed, TimeoutError, OSError, ConnectionError):
        # The upstream broke mid-answer (or the client left): the status is sent, so the
        # only honest signal left is to close the client's connection.
        state.metrics.inc("streams_aborted_total")
        reply.abort()
        request.abort()
    return Streamed(reply.status)


async def _fetch(state: ProxyState, base: str, request: HttpRequest, body: bytes,
                 headers: HeaderPairs, timeout: float, chaos: Any = None) -> Response:
    """A buffered answer (for comparisons): never streamed."""
    response = await _call(state, base, request, body, headers, timeout, chaos)
    assert isinstance(response, Response)
    return response


async def _stream(state: ProxyState, request: HttpRequest,
                  reply: aiohttp.ClientResponse) -> Streamed:
    await request.start(reply.status, response_headers(reply.headers.items()),
                        reply.content_length)
    try:
        async for chunk in reply.content.iter_chunked(64 * 1024):
            await request.write(chunk)
        await request.end()
    except (aiohttp.ClientError, TimeoutError, OSError):
        # The upstream broke mid-answer: the status is sent, so the only honest signal left
        # is to close the client's connection.
        state.metrics.inc("streams_aborted_total")
        request.abort()
    return Streamed(reply.status)


def _reject(state: ProxyState, request: HttpRequest, started: float, status: int,
            reason: str, text: str) -> Response:
    """Refuse a request before it is routed (counted, and logged like any other)."""
    state.metrics.inc("rejected_total", reason=reason)
    if not request.complete:
        request.keep_alive = False  # the rest of its body is still on the wire: close after
    if state.access is not None:
        state.access.request(request.method, request.raw_path[:200], "", "", "", status,
                             time.perf_counter() - started, request.remote, rejected=reason)
    return Response(status, {"content-type": "text/plain; charset=utf-8"}, text.encode())


async def handle(state: ProxyState, request: HttpRequest) -> None:
    """Serve one request on the proxy port."""
    started = time.perf_counter()
    response = await _route(state, request, started)
    if isinstance(response, Response):
        request.send(response.status, response.wire or response.headers.items(),
                               response.body)


def relay(state: ProxyState, request: HttpRequest) -> bool:
    """The fast path (the lean server's `relay`): a request without a body for legacy (on the
    default route, a legacy or shadow route, or a canary route outside the canary's share),
    to a plain-http upstream with an idle kept-alive connection, is sent from here and
    answered from the upstream's read callback, with no task. Everything else goes to
    `handle`: refusals, the new service (its fallbacks and breaker), request bodies,
    upgrades, https, and new connections. Returns whether it took the request."""
    started = time.perf_counter()
    config = state.config
    if request.expects_body:
        return False
    try:
        path = clean_path(request.path)
    except BadPath:
        return False  # handle() refuses it
    route = match_route(config, request.method, path, request.headers)
    mode = route.mode if route else "legacy"
    if route is not None and _serves_new(route, request):
        return False
    legacy, name = _legacy(config, route), route.prefix if route else "default"
    address = _address(legacy)
    if address is None or not state.pool.has_idle(address):
        return False
    headers = forward_headers(request)
    payload = request_bytes(request.method, request.raw_path,
                            _upstream_host(state, request, address), headers, b"")
    exchange = _Relayed(state, request, route, name, mode, path, headers, legacy, started)
    return state.pool.send(address[0], address[1], request.method, payload, config.timeout,
                           exchange.on_reply) is not None


@dataclass(slots=True)
class _Relayed:
    """One request on the fast path, followed through its upstream's answer."""

    state: ProxyState
    request: HttpRequest
    route: RouteConfig | None
    name: str
    mode: str
    path: str
    headers: HeaderPairs
    legacy: str
    started: float

    def on_reply(self, reply: UpstreamResponse) -> None:
        """The upstream's head arrived, or its answer ended or failed."""
        try:
            self._on_reply(reply)
        except Exception:  # a bug here must not leave the client hanging, nor the parser
            reply.notify = None
            reply.abort()
            request = self.request
            request.fail()
            LOG.exception("%s %s: proxy error", request.method, request.path)
            request.done()

    def _on_reply(self, reply: UpstreamResponse) -> None:
        state, request = self.state, self.request
        if not reply.finished:  # the head: stream a big or unsized answer (never in shadow
            size = reply.content_length  # mode: the copy's comparison needs all of it)
            if self.mode != "shadow" and _big(request.method, reply.status, size):
                reply.notify = None
                _background(state, self._stream(reply))
            return
        if reply.error is not None:
            if may_resend(reply, is_idempotent(request.method, request.headers)):
                request.handle_async()  # a kept-alive connection closed under it: once more
                return
            failed = _bad_gateway(state, request, self.path, self.name, "legacy", reply.error)
            status, kept, body = failed.status, list(failed.wire), failed.body
        else:
            status, body = reply.status, b"".join(reply.chunks)
            kept = response_headers(reply.headers, _announces_length(request.method, status))
            route = self.route
            if route is not None and self.mode == "shadow" and (
                    request.method in SAFE_METHODS or route.shadow_unsafe):
                _start_shadow(state, route, self.legacy, request, self.path, b"", self.headers,
                              Response(status, _as_dict(kept), body, tuple(kept)))
        _account(state, request, self.path, self.name, self.mode, "legacy", status,
                 self.started)
        request.send(status, kept, body)
        request.done()

    async def _stream(self, reply: UpstreamResponse) -> None:
        try:
            await _stream_lean(self.state, self.request, reply, response_headers(reply.headers),
                               self.state.config.timeout)
            _account(self.state, self.request, self.path, self.name, self.mode, "legacy",
                     reply.status, self.started)
        finally:
            self.request.done()


async def _route(state: ProxyState, request: HttpRequest, started: float
                 ) -> Response | Streamed:
    """Answer a request: rejected, or routed to legacy or the new service (see module doc)."""
    config = state.config  # one table per request, even if a reload happens meanwhile
    try:
        path = clean_path(request.raw_path.split("?", 1)[0])
    except BadPath as exc:
        return _reject(state, request, started, 400, "path", f"bad request path: {exc}\n")
    if request.content_length is not None and request.content_length > config.max_body:
        return _reject(state, request, started, 413, "body_size", "request body too large\n")
    try:
        body = await request.read(config.max_body + 1)
    except RequestTimeout:
        return _reject(state, request, started, 408, "body_timeout", "request body timed out\n")
    if len(body) > config.max_body:
        return _reject(state, request, started, 413, "body_size", "request body too large\n")
    headers = forward_headers(request)
    route = match_route(config, request.method, path, request.headers)
    legacy = _legacy(config, route)
    name = route.prefix if route else "default"
    mode = route.mode if route else "legacy"
    side = "legacy"
    try:
        if request.upgrade:
            response, side = await _upgrade(state, route, legacy, request, headers, body)
        elif route is None or mode == "legacy":
            response = await _call(state, legacy, request, body, headers, config.timeout,
                                   stream=True)
        elif mode == "shadow":
            response = await _fetch(state, legacy, request, body, headers, config.timeout)
            if request.method in SAFE_METHODS or route.shadow_unsafe:
                _start_shadow(state, route, legacy, request, path, body, headers, response)
        elif _serves_new(route, request):
            response, side = await _new_path(state, route, legacy, request, body, headers)
        else:  # a canary route, for a client outside its share
            response = await _call(state, legacy, request, body, headers, config.timeout,
                                   stream=True)
    except UpstreamFailure as exc:
        response = _bad_gateway(state, request, path, name, side, exc)
    _account(state, request, path, name, mode, side, response.status, started)
    return response


def _bad_gateway(state: ProxyState, request: HttpRequest, path: str, route: str, side: str,
                 error: Exception) -> Response:
    """The 502 answer to a request its upstream could not answer (counted and logged)."""
    state.metrics.inc("upstream_errors_total", route=route, upstream=side)
    LOG.warning("%s %s: %s unreachable: %s", request.method, path, side, error)
    return Response(502, {"content-type": "text/plain"}, b"bad gateway\n",
                    (("Content-Type", "text/plain"),))


async def _upgrade(state: ProxyState, route: RouteConfig | None, legacy: str,
                   request: HttpRequest, headers: HeaderPairs, body: bytes
                   ) -> tuple[Response | Streamed, str]:
    """A WebSocket (Upgrade) request goes where the route serves its users: the new service
    on a new route or for a canary's share, unless its breaker is open (tunnels follow the
    breaker, they do not count for it), else legacy; a new service that cannot be reached
    falls back to legacy. On a 101 the two are joined until either closes (tunnel.py)."""
    sides = [("legacy", legacy)]
    if route is not None and _serves_new(route, request) and (
            state.breaker(route.upstream).state != "open"):
        sides.insert(0, ("new", route.upstream))
    for side, base in sides:
        address = _address(base)
        if address is None:
            return Response(502, {"content-type": "text/plain"},
                            b"upgrade to an https upstream is not supported\n"), side
        host = _upstream_host(state, request, address)
        try:
            answer = await tunnel(request, address, host, headers, body, state.config.timeout)
        except ConnectFailed as exc:
            if side == "new":
                state.metrics.inc("fallbacks_total", route=route.prefix if route else "",
                                  reason="error")
                continue
            raise UpstreamFailure(str(exc), sent=False) from exc
        except ResponseFailed as exc:
            raise UpstreamFailure(str(exc)) from exc
        if answer is None:
            return Streamed(101), side
        status, pairs, body = answer
        kept = response_headers(pairs)
        return Response(status, _as_dict(kept), body, tuple(kept)), side
    raise UpstreamFailure("no upstream for the upgrade", sent=False)  # pragma: no cover


def _serves_new(route: RouteConfig, request: HttpRequest) -> bool:
    """Is this request for the new service: a new route, or a client in a canary's share?"""
    if route.mode == "new":
        return True
    if route.mode != "canary":
        return False
    return goes_to_new(route, sticky_key(route, request.headers, request.cookies,
                                         request.remote or ""))


def _legacy(config: ProxyConfig, route: RouteConfig | None) -> str:
    """The legacy upstream of a route: its own, or the table's."""
    return (route.legacy if route is not None else None) or config.legacy


def _account(state: ProxyState, request: HttpRequest, path: str, route: str, mode: str,
             side: str, status: int, started: float) -> None:
    """Metrics and the access-log line of one routed request."""
    elapsed = time.perf_counter() - started
    state.metrics.request(route, mode, side, status, elapsed)
    if state.access is not None:
        state.access.request(request.method, path, route, mode, side, status, elapsed,
                             request.remote)


async def _new_path(state: ProxyState, route: RouteConfig, legacy: str, request: HttpRequest,
                    body: bytes, headers: HeaderPairs
                    ) -> tuple[Response | Streamed, str]:
    """Serve from the new service; fall back to legacy when it fails (idempotent requests)."""
    config = state.config
    breaker = state.breaker(route.upstream)
    idempotent = is_idempotent(request.method, request.headers)
    name = route.prefix
    if not breaker.allow():
        state.metrics.inc("fallbacks_total", route=name, reason="breaker_open")
        _breaker_gauge(state, route.upstream, breaker)
        return (await _call(state, legacy, request, body, headers, config.timeout,
                            stream=True), "legacy")
    try:
        response = await _call(state, route.upstream, request, body, headers,
                               config.timeout, route.chaos, stream=True,
                               accept=lambda status: status < 500)
    except UpstreamFailure as failure:
        breaker.failure()
        _breaker_gauge(state, route.upstream, breaker)
        if not idempotent and failure.sent:  # it may have acted: never replay it on legacy
            raise
        state.metrics.inc("fallbacks_total", route=name, reason="error")
        return (await _call(state, legacy, request, body, headers, config.timeout,
                            stream=True), "legacy")
    if response.status >= 500:
        breaker.failure()
        _breaker_gauge(state, route.upstream, breaker)
        if idempotent:
            state.metrics.inc("fallbacks_total", route=name, reason="5xx")
            return (await _call(state, legacy, request, body, headers, config.timeout,
                                stream=True), "legacy")
        return response, "new"
    breaker.success()
    _breaker_gauge(state, route.upstream, breaker)
    return response, "new"


def _breaker_gauge(state: ProxyState, upstream: str, breaker: Breaker) -> None:
    seen = (breaker.state, breaker.transitions)
    if state.breaker_seen.get(upstream) == seen:
        return  # unchanged: most requests
    state.breaker_seen[upstream] = seen
    for value in ("closed", "open", "half_open"):
        state.metrics.set("breaker_state", 1.0 if breaker.state == value else 0.0,
                          upstream=upstream, state=value)
    state.metrics.set("breaker_transitions", float(breaker.transitions), upstream=upstream)


def _start_shadow(state: ProxyState, route: RouteConfig, legacy: str, request: HttpRequest,
                  path: str, body: bytes, headers: HeaderPairs, primary: Response) -> None:
    """Copy the request to the new service off the response path: drop, never queue."""
    assert state.shadow_slots is not None
    if state.shadow_slots.locked():
        state.metrics.inc("shadow_dropped_total", route=route.prefix, reason="inflight")
        return
    if state.busy:
        state.metrics.inc("shadow_dropped_total", route=route.prefix, reason="busy")
        return
    copy_headers = [*headers, (SHADOW_HEADER, "1")]

    async def run() -> None:
        async with state.shadow_slots:  # type: ignore[union-attr]
            try:
                candidate = await _fetch(state, route.upstream, request, body,
                                         copy_headers, state.config.shadow_timeout, route.chaos)
                noise: dict[str, Any] = {}
                if state.config.noise:
                    second = await _fetch(state, legacy, request, body, copy_headers,
                                          state.config.shadow_timeout)
                    noise = differences(primary, second, state.config.compare_headers,
                                        route.ignore)
            except UpstreamFailure:
                state.metrics.inc("shadow_failed_total", route=route.prefix)
                return
            fields = differences(primary, candidate, state.config.compare_headers,
                                 route.ignore)
            state.metrics.inc("shadow_compared_total", route=route.prefix)
            if any(name not in noise for name in fields):
                state.metrics.inc("diff_mismatches_total", route=route.prefix)
            if state.store is not None and state.store.record(
                    route.prefix, request.method, path, fields, noise, time.time()):
                await asyncio.to_thread(state.store.flush)

    _background(state, run())


def _background(state: ProxyState, work: Coroutine[Any, Any, None]) -> None:
    """Run `work` in a task held until it ends (the loop keeps only weak references) and
    cancelled when the proxy closes."""
    task = asyncio.get_running_loop().create_task(work)
    state.tasks.add(task)
    task.add_done_callback(state.tasks.discard)


# ---------------------------------------------------------------------------- admin, reload


async def admin_metrics(request: web.Request) -> web.Response:
    state: ProxyState = request.app[STATE]
    return web.Response(text=state.metrics.render(), content_type="text/plain",
                        charset="utf-8")


async def admin_routes(request: web.Request) -> web.Response:
    state: ProxyState = request.app[STATE]
    config = state.config
    table = {
        "legacy": config.legacy,
        "default": "legacy",
        "routes": [{"prefix": r.prefix, "upstream": r.upstream, "mode": r.mode,
                    "percent": r.percent, "breaker": state.breaker(r.upstream).state}
                   for r in config.routes],
        "reload_error": state.reload_error,
    }
    return web.json_response(table)


def reload_config(state: ProxyState) -> bool:
    """Re-read the table when the file changed; a broken file keeps the last good table."""
    if state.config_path is None:
        return False
    try:
        mtime = os.stat(state.config_path).st_mtime_ns
    except OSError as exc:
        state.reload_error = f"cannot read {state.config_path}: {exc}"
        return False
    if mtime == state.config_mtime:
        return False
    state.config_mtime = mtime
    try:
        config = parse_proxy_config(state.config_path.read_text(encoding="utf-8"))
    except (ProxyConfigError, OSError, UnicodeDecodeError) as exc:
        state.reload_error = str(exc)
        state.metrics.inc("config_reload_errors_total")
        LOG.error("keeping the last good route table: %s", exc)
        return False
    state.config = config
    state.reload_error = ""
    state.metrics.inc("config_reloads_total")
    LOG.info("route table reloaded: %d routes", len(config.routes))
    return True


def _measure_busy(state: ProxyState) -> None:
    """Is there CPU to spare for shadow copies? Not when the proxy itself used at least
    `shadow_max_cpu` of a core since the last look, nor when the whole machine had less than
    1 - `shadow_max_cpu` of its CPU idle (the new service or the legacy app on the same
    machine would pay for the copies, and the users with them)."""
    cpu, wall, machine = time.process_time(), time.monotonic(), _machine_cpu()
    (last_cpu, last_wall), last_machine = state.cpu_mark, state.machine_mark
    state.cpu_mark, state.machine_mark = (cpu, wall), machine
    if not last_wall or wall <= last_wall:
        return
    limit = state.config.shadow_max_cpu
    busy = (cpu - last_cpu) / (wall - last_wall) >= limit
    if not busy and machine is not None and last_machine is not None:
        total, idle = machine[0] - last_machine[0], machine[1] - last_machine[1]
        busy = total > 0 and idle / total < 1 - limit
    if busy != state.busy:
        state.busy = busy
        state.metrics.set("shadow_paused", 1.0 if busy else 0.0)


def _machine_cpu() -> tuple[int, int] | None:
    """(total, idle) CPU ticks of the machine since boot, from /proc/stat (Linux); None
    elsewhere."""
    try:
        with open("/proc/stat", "rb") as handle:
            fields = handle.readline().split()[1:]
    except OSError:
        return None
    ticks = [int(value) for value in fields[:8]]
    return (sum(ticks), ticks[3] + ticks[4]) if len(ticks) >= 5 else None


async def _watch(state: ProxyState, interval: float) -> None:
    """Write the access log's queued lines every quarter second; every `interval`, reload a
    changed table and write queued shadow comparisons."""
    loop = asyncio.get_running_loop()
    due = loop.time() + interval
    while True:
        await asyncio.sleep(min(interval, ACCESS_FLUSH_SECONDS))
        if state.access is not None:
            state.access.flush()
        _measure_busy(state)
        if loop.time() < due:
            continue
        due = loop.time() + interval
        reload_config(state)
        if state.store is not None and state.store.pending:
            await asyncio.to_thread(state.store.flush)


@dataclass
class RunningProxy:
    port: int
    admin_port: int
    state: ProxyState
    runners: list[web.BaseRunner]
    watcher: asyncio.Task[None]
    server: LeanServer

    async def close(self) -> None:
        self.watcher.cancel()
        await self.server.close()
        if self.state.access is not None:
            self.state.access.flush()
        for task in list(self.state.tasks):
            task.cancel()
        for runner in self.runners:
            await runner.cleanup()
        if self.state.session is not None:
            await self.state.session.close()
        self.state.pool.close()
        if self.state.store is not None:
            self.state.store.close()


async def start_proxy(config: ProxyConfig, config_path: Path | None = None,
                      port: int | None = None, admin_port: int | None = None,
                      reload_interval: float = 1.0,
                      access_log: BinaryIO | None = None,
                      read_timeout: float = READ_TIMEOUT_SECONDS) -> RunningProxy:
    """Start the proxy and its admin endpoints; ports 0 pick free ones (for tests).
    With `access_log`, one JSON line per request is written to it."""
    state = ProxyState(config, config_path)
    if config_path is not None:
        state.config_mtime = os.stat(config_path).st_mtime_ns
    state.store = DiffStore(config.diff_db, config.diff_max_rows)
    state.session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=256, ttl_dns_cache=300),
        auto_decompress=False)
    state.shadow_slots = asyncio.Semaphore(config.shadow_inflight)
    state.access = AccessLog(access_log) if access_log is not None else None
    # The proxy port: the lean server (http_server.py); the admin port: a small aiohttp app.
    lean = LeanServer(functools.partial(handle, state), config.max_body,
                      read_timeout=read_timeout, relay=functools.partial(relay, state),
                      log_error=lambda request: LOG.exception("%s %s: proxy error",
                                                              request.method, request.path))
    admin_app = web.Application()
    admin_app[STATE] = state
    admin_app.router.add_get("/_strangler/metrics", admin_metrics)
    admin_app.router.add_get("/_strangler/routes", admin_routes)
    runner = web.AppRunner(admin_app, access_log=None)
    await runner.setup()
    try:
        proxy_port = await lean.start(config.listen[0],
                                      config.listen[1] if port is None else port)
        site = web.TCPSite(runner, config.admin[0],
                           config.admin[1] if admin_port is None else admin_port)
        await site.start()
    except OSError:
        await lean.close()  # leave nothing half-open behind
        await runner.cleanup()
        await state.session.close()
        state.store.close()
        raise
    bound: Any = site._server  # the bound socket, to learn a port chosen by the OS
    admin_bound = bound.sockets[0].getsockname()[1] if bound else 0
    watcher = asyncio.get_running_loop().create_task(_watch(state, reload_interval))
    return RunningProxy(proxy_port, admin_bound, state, [runner], watcher, lean)
