"""The embedded strangler-fig proxy: aiohttp server in front, aiohttp client to upstreams.

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
import json
import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from strangler.proxy.breaker import Breaker
from strangler.proxy.config import ProxyConfig, ProxyConfigError, RouteConfig, parse_proxy_config
from strangler.proxy.diff import Response, differences
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
from strangler.proxy.upstream import ConnectFailed, ResponseFailed, UpstreamPool

LOG = logging.getLogger("strangler.proxy")
ACCESS = logging.getLogger("strangler.proxy.access")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "trailers", "transfer-encoding", "upgrade", "proxy-connection"}
SHADOW_HEADER = "X-Strangler-Shadow"
STATE: web.AppKey[ProxyState] = web.AppKey("state")


class UpstreamFailure(Exception):
    """The upstream could not answer (connection error, reset, timeout)."""

    def __init__(self, message: str, sent: bool = True) -> None:
        super().__init__(message)
        self.sent = sent  # False: the request never reached it (safe to send elsewhere)


def forward_headers(request: web.Request) -> dict[str, str]:
    """The request's headers minus hop-by-hop ones (RFC 9110 7.6.1), with X-Forwarded-*."""
    listed = {h.strip().lower() for h in request.headers.get("Connection", "").split(",")}
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        lower = name.lower()
        if lower in HOP_BY_HOP or lower in listed or lower in ("host", "content-length"):
            continue
        headers[name] = value
    client = request.remote or ""
    previous = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{previous}, {client}" if previous else client
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.headers.get("Host", "")
    return headers


def response_headers(headers: Any) -> dict[str, str]:
    listed = {h.strip().lower() for h in headers.get("Connection", "").split(",")}
    return {k: v for k, v in headers.items()
            if k.lower() not in HOP_BY_HOP and k.lower() not in listed
            and k.lower() not in ("content-length", "content-encoding")}


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
    shadow_tasks: set[asyncio.Task[None]] = field(default_factory=set)
    config_mtime: float = 0.0
    reload_error: str = ""

    def breaker(self, upstream: str) -> Breaker:
        if upstream not in self.breakers:
            self.breakers[upstream] = Breaker(self.config.breaker_failures,
                                              self.config.breaker_open_seconds,
                                              clock=time.monotonic)
        return self.breakers[upstream]


STREAM_THRESHOLD = 256 * 1024  # bigger (or unsized) answers are streamed, not buffered


@dataclass(frozen=True)
class Streamed:
    """An answer already streamed to the client (too big to buffer)."""

    status: int
    response: web.StreamResponse


async def _call(state: ProxyState, base: str, request: web.Request, path: str, body: bytes,
                headers: dict[str, str], timeout: float, chaos: Any = None,
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
    target = path + (f"?{request.query_string}" if request.query_string else "")
    address = _address(base)
    if address is not None:  # plain http: the lean keep-alive client
        return await _call_lean(state, address, request, target, body, headers, timeout,
                                stream, accept)
    url = base + target
    assert state.session is not None
    try:
        async with state.session.request(
                request.method, url, data=body or None, headers=headers, allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=timeout)) as reply:
            size = reply.content_length
            if stream and accept(reply.status) and (size is None or size > STREAM_THRESHOLD):
                return await _stream(state, request, reply)
            content = await reply.read()
            return Response(reply.status, {k.lower(): v for k, v in
                                           response_headers(reply.headers).items()}, content)
    except aiohttp.ClientConnectorError as exc:
        raise UpstreamFailure(f"cannot connect: {exc}", sent=False) from exc
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise UpstreamFailure(f"{type(exc).__name__}: {exc}") from exc


@functools.lru_cache(maxsize=256)
def _address(base: str) -> tuple[str, int] | None:
    """(host, port) of an http:// upstream; None for https (served by aiohttp's client)."""
    parts = urlsplit(base)
    if parts.scheme != "http" or not parts.hostname:
        return None
    return parts.hostname, parts.port or 80


async def _call_lean(state: ProxyState, address: tuple[str, int], request: web.Request,
                     target: str, body: bytes, headers: dict[str, str], timeout: float,
                     stream: bool, accept: Callable[[int], bool]) -> Response | Streamed:
    try:
        reply = await state.pool.request(address[0], address[1], request.method, target,
                                         headers, body, timeout)
    except ConnectFailed as exc:
        raise UpstreamFailure(str(exc), sent=False) from exc
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    kept = response_headers(_Headers(reply.headers))
    size = reply.content_length
    if stream and accept(reply.status) and (size is None or size > STREAM_THRESHOLD):
        response = web.StreamResponse(status=reply.status, headers=kept)
        if size is not None:
            response.content_length = size
        await response.prepare(request)
        try:
            async for chunk in reply.iter_chunks(timeout):
                await response.write(chunk)
            await response.write_eof()
        except (ResponseFailed, TimeoutError, OSError, ConnectionError):
            state.metrics.inc("streams_aborted_total")
            reply.abort()
            response.force_close()
        return Streamed(reply.status, response)
    try:
        content = await reply.read(timeout)
    except ResponseFailed as exc:
        raise UpstreamFailure(str(exc)) from exc
    return Response(reply.status, {k.lower(): v for k, v in kept.items()}, content)


class _Headers(dict[str, str]):
    """Response headers as a case-insensitive lookup for `response_headers`."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__()
        for name, value in pairs:
            self[name] = f"{self[name]}, {value}" if name in self else value

    def get(self, name: str, default: str = "") -> str:  # type: ignore[override]
        lower = name.lower()
        return next((v for k, v in self.items() if k.lower() == lower), default)


async def _fetch(state: ProxyState, base: str, request: web.Request, path: str, body: bytes,
                 headers: dict[str, str], timeout: float, chaos: Any = None) -> Response:
    """A buffered answer (for comparisons): never streamed."""
    response = await _call(state, base, request, path, body, headers, timeout, chaos)
    assert isinstance(response, Response)
    return response


async def _stream(state: ProxyState, request: web.Request,
                  reply: aiohttp.ClientResponse) -> Streamed:
    response = web.StreamResponse(status=reply.status, headers=response_headers(reply.headers))
    if reply.content_length is not None:
        response.content_length = reply.content_length
    await response.prepare(request)
    try:
        async for chunk in reply.content.iter_chunked(64 * 1024):
            await response.write(chunk)
        await response.write_eof()
    except (aiohttp.ClientError, TimeoutError, OSError):
        # The upstream broke mid-answer: the status is sent, so the only honest signal left
        # is to close the client's connection.
        state.metrics.inc("streams_aborted_total")
        response.force_close()
    return Streamed(reply.status, response)


def _web_response(response: Response) -> web.Response:
    return web.Response(status=response.status, body=response.body, headers=response.headers)


async def handle(request: web.Request) -> web.StreamResponse:
    state: ProxyState = request.app[STATE]
    started = time.perf_counter()
    config = state.config  # one table per request, even if a reload happens meanwhile
    try:
        path = clean_path(request.raw_path.split("?", 1)[0])
    except BadPath as exc:
        state.metrics.inc("rejected_total", reason="path")
        return web.Response(status=400, text=f"bad request path: {exc}\n")
    if request.content_length is not None and request.content_length > config.max_body:
        state.metrics.inc("rejected_total", reason="body_size")
        return web.Response(status=413, text="request body too large\n")
    body = await request.content.read(config.max_body + 1)
    if len(body) > config.max_body:
        state.metrics.inc("rejected_total", reason="body_size")
        return web.Response(status=413, text="request body too large\n")
    headers = forward_headers(request)
    route = match_route(config, request.method, path, request.headers)
    legacy = (route.legacy if route and route.legacy else None) or config.legacy
    name = route.prefix if route else "default"
    mode = route.mode if route else "legacy"
    side = "legacy"
    try:
        if route is None or mode == "legacy":
            response = await _call(state, legacy, request, path, body, headers, config.timeout,
                                   stream=True)
        elif mode == "shadow":
            response = await _fetch(state, legacy, request, path, body, headers, config.timeout)
            if request.method in SAFE_METHODS or route.shadow_unsafe:
                _start_shadow(state, route, legacy, request, path, body, headers, response)
        else:
            key = sticky_key(route, {k.lower(): v for k, v in request.headers.items()},
                             dict(request.cookies), request.remote or "")
            if mode == "new" or goes_to_new(route, key):
                response, side = await _new_path(state, route, legacy, request, path, body,
                                                 headers)
            else:
                response = await _call(state, legacy, request, path, body, headers,
                                       config.timeout, stream=True)
    except UpstreamFailure as exc:
        state.metrics.inc("upstream_errors_total", route=name, upstream=side)
        LOG.warning("%s %s: %s unreachable: %s", request.method, path, side, exc)
        response = Response(502, {"content-type": "text/plain"}, b"bad gateway\n")
    elapsed = time.perf_counter() - started
    state.metrics.inc("requests_total", route=name, mode=mode, upstream=side,
                      status=str(response.status))
    state.metrics.observe(elapsed, route=name, mode=mode, upstream=side)
    if ACCESS.isEnabledFor(logging.INFO):
        ACCESS.info(json.dumps({"method": request.method, "path": path, "route": name,
                                "mode": mode, "upstream": side, "status": response.status,
                                "ms": round(elapsed * 1000, 2), "client": request.remote}))
    if isinstance(response, Streamed):
        return response.response
    return _web_response(response)


async def _new_path(state: ProxyState, route: RouteConfig, legacy: str, request: web.Request,
                    path: str, body: bytes, headers: dict[str, str]
                    ) -> tuple[Response | Streamed, str]:
    """Serve from the new service; fall back to legacy when it fails (idempotent requests)."""
    config = state.config
    breaker = state.breaker(route.upstream)
    idempotent = is_idempotent(request.method, request.headers)
    name = route.prefix
    if not breaker.allow():
        state.metrics.inc("fallbacks_total", route=name, reason="breaker_open")
        _breaker_gauge(state, route.upstream, breaker)
        return (await _call(state, legacy, request, path, body, headers, config.timeout,
                            stream=True), "legacy")
    try:
        response = await _call(state, route.upstream, request, path, body, headers,
                               config.timeout, route.chaos, stream=True,
                               accept=lambda status: status < 500)
    except UpstreamFailure as failure:
        breaker.failure()
        _breaker_gauge(state, route.upstream, breaker)
        if not idempotent and failure.sent:  # it may have acted: never replay it on legacy
            raise
        state.metrics.inc("fallbacks_total", route=name, reason="error")
        return (await _call(state, legacy, request, path, body, headers, config.timeout,
                            stream=True), "legacy")
    if response.status >= 500:
        breaker.failure()
        _breaker_gauge(state, route.upstream, breaker)
        if idempotent:
            state.metrics.inc("fallbacks_total", route=name, reason="5xx")
            return (await _call(state, legacy, request, path, body, headers, config.timeout,
                                stream=True), "legacy")
        return response, "new"
    breaker.success()
    _breaker_gauge(state, route.upstream, breaker)
    return response, "new"


def _breaker_gauge(state: ProxyState, upstream: str, breaker: Breaker) -> None:
    for value in ("closed", "open", "half_open"):
        state.metrics.set("breaker_state", 1.0 if breaker.state == value else 0.0,
                          upstream=upstream, state=value)
    state.metrics.set("breaker_transitions", float(breaker.transitions), upstream=upstream)


def _start_shadow(state: ProxyState, route: RouteConfig, legacy: str, request: web.Request,
                  path: str, body: bytes, headers: dict[str, str], primary: Response) -> None:
    """Copy the request to the new service off the response path: drop, never queue."""
    assert state.shadow_slots is not None
    if state.shadow_slots.locked():
        state.metrics.inc("shadow_dropped_total", route=route.prefix)
        return
    copy_headers = {**headers, SHADOW_HEADER: "1"}

    async def run() -> None:
        async with state.shadow_slots:  # type: ignore[union-attr]
            try:
                candidate = await _fetch(state, route.upstream, request, path, body,
                                         copy_headers, state.config.shadow_timeout, route.chaos)
                noise: dict[str, Any] = {}
                if state.config.noise:
                    second = await _fetch(state, legacy, request, path, body, copy_headers,
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

    task = asyncio.get_running_loop().create_task(run())
    state.shadow_tasks.add(task)
    task.add_done_callback(state.shadow_tasks.discard)


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


async def _watch(state: ProxyState, interval: float) -> None:
    """Every `interval`: reload a changed table, and write queued shadow comparisons."""
    while True:
        await asyncio.sleep(interval)
        reload_config(state)
        if state.store is not None and state.store.pending:
            await asyncio.to_thread(state.store.flush)


@dataclass
class RunningProxy:
    port: int
    admin_port: int
    state: ProxyState
    runners: list[web.AppRunner]
    watcher: asyncio.Task[None]

    async def close(self) -> None:
        self.watcher.cancel()
        for task in list(self.state.shadow_tasks):
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
                      reload_interval: float = 1.0) -> RunningProxy:
    """Start the proxy and its admin endpoints; ports 0 pick free ones (for tests)."""
    state = ProxyState(config, config_path)
    if config_path is not None:
        state.config_mtime = os.stat(config_path).st_mtime_ns
    state.store = DiffStore(config.diff_db, config.diff_max_rows)
    state.session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, limit_per_host=256, ttl_dns_cache=300),
        auto_decompress=False)
    state.shadow_slots = asyncio.Semaphore(config.shadow_inflight)
    proxy_app = web.Application(client_max_size=config.max_body + 1)
    proxy_app[STATE] = state
    proxy_app.router.add_route("*", "/{tail:.*}", handle)
    admin_app = web.Application()
    admin_app[STATE] = state
    admin_app.router.add_get("/_strangler/metrics", admin_metrics)
    admin_app.router.add_get("/_strangler/routes", admin_routes)
    runners: list[web.AppRunner] = []
    ports = []
    for application, (host, default_port), wanted in (
            (proxy_app, config.listen, port), (admin_app, config.admin, admin_port)):
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        runners.append(runner)
        site = web.TCPSite(runner, host, default_port if wanted is None else wanted)
        try:
            await site.start()
        except OSError:
            for started in runners:  # leave nothing half-open behind
                await started.cleanup()
            await state.session.close()
            state.store.close()
            raise
        server: Any = site._server  # the bound socket, to learn a port chosen by the OS
        ports.append(server.sockets[0].getsockname()[1] if server else 0)
    watcher = asyncio.get_running_loop().create_task(_watch(state, reload_interval))
    return RunningProxy(ports[0], ports[1], state, runners, watcher)
