"""The embedded strangler-fig proxy: a lean HTTP/1.1 server in front (http_server.py) and a
lean keep-alive client to http and https upstreams (upstream.py).

Per route: `legacy` (all to legacy), `shadow` (legacy answers; a copy goes to the new service
off the response path, bounded and timed out, then the two answers are compared off the
event loop: shadow.py), `canary` (N% of clients, sticky, to the new service) and `new` (all
to the new service). On the new path, connection errors, timeouts and 5xx answers of
idempotent requests fall back to legacy, and any request falls back when it never reached
the new service, as with nginx; a circuit breaker per upstream sends everything to legacy
while it is open. The default route always goes to legacy. Only configured upstreams are
ever contacted: the upstream URL is built from the route table and the request's path alone.

Here: the async handler of one request (`handle`) and starting/stopping the proxy. The fast
path is fastpath.py, the new service's path with fallback and breaker cutover.py, shadow
copies shadow.py, upstream calls calls.py, header policy headers.py, housekeeping, reloads
and the admin port admin.py.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from strangler.proxy.access_log import AccessLog
from strangler.proxy.admin import serve_admin, store_settings, watch
from strangler.proxy.body import Body
from strangler.proxy.calls import (
    Streamed,
    UpstreamFailure,
    call,
    upstream_address,
    upstream_host,
)
from strangler.proxy.config import ProxyConfig, RouteConfig, parse_proxy_config
from strangler.proxy.cutover import new_path
from strangler.proxy.diff import Response
from strangler.proxy.fastpath import relay
from strangler.proxy.headers import forward_headers, response_headers
from strangler.proxy.http_request import BadBody, HttpRequest, RequestTimeout, has_no_body
from strangler.proxy.http_server import READ_TIMEOUT_SECONDS, LeanServer, default_max_connections
from strangler.proxy.routing import BadPath, clean_path, match_route
from strangler.proxy.select import serves_new
from strangler.proxy.shadow import shadowed, start_shadow
from strangler.proxy.state import (
    ProxyState,
    account,
    bad_gateway,
    legacy_of,
    reject,
)
from strangler.proxy.store import DiffStore
from strangler.proxy.tunnel import tunnel
from strangler.proxy.upstream import ConnectFailed, HeaderPairs, ResponseFailed

__all__ = ["ProxyState", "RunningProxy", "handle", "relay", "start_proxy"]
LOG = logging.getLogger("strangler.proxy")
ADMIN_CONNECTIONS = 64  # the admin port serves scrapers and operators, not users
REFUSALS = {
    400: ("host", "bad request: exactly one valid Host header is needed\n"),
    405: ("method", "method not allowed\n"),
    501: ("transfer_encoding", "transfer coding not implemented\n"),
    505: ("version", "HTTP version not supported\n"),
}


async def handle(state: ProxyState, request: HttpRequest) -> None:
    """Serve one request on the proxy port."""
    started = time.perf_counter()
    response = await _route(state, request, started)
    if isinstance(response, Response):
        request.send(response.status, response.wire or response.headers.items(),
                     response.body)


async def _route(state: ProxyState, request: HttpRequest, started: float
                 ) -> Response | Streamed:
    """Answer a request: rejected, or routed to legacy or the new service (see module doc)."""
    config = state.config  # one table per request, even if a reload happens meanwhile
    if request.refused:
        reason, text = REFUSALS[request.refused]
        allow = (("Allow", "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"),) if (
            request.refused == 405) else ()
        return reject(state, request, started, request.refused, reason, text, allow)
    try:
        path = clean_path(request.raw_path.split("?", 1)[0])
    except BadPath as exc:
        return reject(state, request, started, 400, "path", f"bad request path: {exc}\n")
    if request.content_length is not None and request.content_length > config.max_body:
        return reject(state, request, started, 413, "body_size", "request body too large\n")
    try:
        body = await request.read_body(config.max_body + 1)
    except RequestTimeout:
        return reject(state, request, started, 408, "body_timeout", "request body timed out\n")
    except BadBody:
        return reject(state, request, started, 400, "body_framing", "malformed request body\n")
    if body.size > config.max_body:
        return reject(state, request, started, 413, "body_size", "request body too large\n")
    headers = forward_headers(request)
    route = match_route(config, request.method, path, request.headers)
    legacy = legacy_of(config, route)
    name = route.prefix if route else "default"
    mode = route.mode if route else "legacy"
    side = "legacy"
    try:
        if request.upgrade:
            response, side = await _upgrade(state, route, legacy, request, headers, body)
        elif route is not None and mode == "shadow" and shadowed(route, request.method):
            response = await call(state, legacy, request, body, headers, config.timeout,
                                  stream=True, capture=config.compare_max_bytes)
            copy = response.copy if isinstance(response, Streamed) else response
            if not (isinstance(response, Streamed) and response.aborted):
                start_shadow(state, route, legacy, request, path, body, headers, copy)
        elif route is not None and serves_new(route, request):
            response, side = await new_path(state, route, legacy, request, body, headers)
        else:  # the default route, legacy mode, a canary's client outside its share
            response = await call(state, legacy, request, body, headers, config.timeout,
                                  stream=True)
    except UpstreamFailure as exc:
        response = bad_gateway(state, request, path, name, side, exc)
    account(state, request, path, name, mode, side, response.status, started)
    return response


async def _upgrade(state: ProxyState, route: RouteConfig | None, legacy: str,
                   request: HttpRequest, headers: HeaderPairs, body: Body
                   ) -> tuple[Response | Streamed, str]:
    """A WebSocket (Upgrade) request goes where the route serves its users: the new service
    on a new route or for a canary's share while its breaker is closed (tunnels follow the
    breaker, they do not count for it: only a closed one lets them through, or a half-open
    breaker's one trial became as many as clients asked), else legacy; a new service that
    cannot be reached falls back to legacy. On a 101 the two are joined until either closes
    (tunnel.py)."""
    sides = [("legacy", legacy)]
    if route is not None and serves_new(route, request) and (
            state.breaker(route.upstream).state == "closed"):
        sides.insert(0, ("new", route.upstream))
    early = b"".join(body.chunks())  # (bounded by max_body; upgrade requests rarely have one)
    for side, base in sides:
        address = upstream_address(base)
        host = upstream_host(state, request, address)
        tls = state.pool.tls_context() if address.tls else None
        try:
            answer = await tunnel(request, (address.host, address.port), host, headers, early,
                                  state.config.timeout, tls)
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
        status, pairs, chunks = answer
        return await _pass_on(state, request, status, pairs, chunks), side
    raise UpstreamFailure("no upstream for the upgrade", sent=False)  # pragma: no cover


async def _pass_on(state: ProxyState, request: HttpRequest, status: int,
                   pairs: list[tuple[str, str]], chunks: AsyncIterator[bytes]) -> Streamed:
    """Stream an upstream's ordinary answer to an upgrade request to the client."""
    length = next((int(value) for name, value in pairs
                   if name.lower() == "content-length" and value.isdigit()), None)
    no_body = request.method == "HEAD" or has_no_body(status)
    kept = response_headers(pairs, keep_length=no_body)
    try:
        if no_body:
            async for _ in chunks:
                pass
            request.send(status, kept, b"")
            return Streamed(status)
        await request.start(status, kept, length)
        async for chunk in chunks:
            await request.write(chunk)
        await request.end()
    except (ResponseFailed, TimeoutError, OSError, ConnectionError):
        state.metrics.inc("streams_aborted_total")
        request.abort()
        return Streamed(status, aborted=True)
    return Streamed(status)


@dataclass
class RunningProxy:
    port: int
    admin_port: int
    state: ProxyState
    admin: LeanServer
    watcher: asyncio.Task[None]
    server: LeanServer

    async def close(self) -> None:
        self.watcher.cancel()
        await self.server.close()
        await self.admin.close()
        if self.state.access is not None:
            self.state.access.flush()
        for task in list(self.state.tasks):
            task.cancel()
        self.state.pool.close()
        self.state.comparer.close()
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
        try:
            on_file = parse_proxy_config(config_path.read_text(encoding="utf-8"))
            state.listening = (on_file.listen, on_file.admin)
        except (OSError, ValueError, UnicodeDecodeError):
            pass
    state.store = DiffStore.for_config(config, config_path)
    state.store_settings = store_settings(config)
    state.shadow_slots = asyncio.Semaphore(config.shadow_inflight)
    state.access = AccessLog(access_log) if access_log is not None else None
    # The proxy port and the admin port: lean servers (http_server.py).
    lean = LeanServer(functools.partial(handle, state), config.max_body,
                      read_timeout=read_timeout, relay=functools.partial(relay, state),
                      log_error=lambda request: LOG.exception("%s %s: proxy error",
                                                              request.method, request.path),
                      max_connections=config.max_connections, max_headers=config.max_headers,
                      first_byte_timeout=config.first_byte_timeout,
                      spool_bytes=config.spool_bytes,
                      count=lambda event: state.metrics.inc("connections_shed_total",
                                                            reason=event))
    admin = LeanServer(functools.partial(serve_admin, state), max_body=0,
                       max_connections=min(ADMIN_CONNECTIONS, default_max_connections()))
    try:
        proxy_port = await lean.start(config.listen[0],
                                      config.listen[1] if port is None else port)
        admin_bound = await admin.start(config.admin[0],
                                        config.admin[1] if admin_port is None else admin_port)
    except OSError:
        await lean.close()  # leave nothing half-open behind
        await admin.close()
        state.store.close()
        raise
    state.metrics.set("max_connections", float(lean.max_connections))
    state.server = lean
    watcher = asyncio.get_running_loop().create_task(watch(state, reload_interval))
    return RunningProxy(proxy_port, admin_bound, state, admin, watcher, lean)
