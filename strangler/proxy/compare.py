"""`strangler compare`: shadow comparisons when another proxy carries the traffic (Diffy's
design). Envoy (or any proxy) mirrors a shadow route's requests here, fire and forget; for a
safe method this service calls legacy and the new service itself, compares the two answers
with the route's noise rules and ignore paths, and writes to the same diff store as the
embedded proxy, so `strangler diff` and promotion readiness work whichever proxy is in front.

The embedded proxy's rules hold: the lean server's limits on heads, bodies and slow clients;
copies in flight bounded by `shadow_inflight` and paused while the CPU is busy (dropped,
never queued); each answer kept up to `compare_max_bytes`; comparisons in a worker process;
secrets redacted in the store. A copy of an unsafe method (`shadow_unsafe`) goes to the new
service only: legacy already acted on the user's request, and its answer is not here.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path

from strangler.proxy.admin import serve_admin, watch
from strangler.proxy.body import Body
from strangler.proxy.calls import AnswerTooBig, UpstreamFailure, fetch
from strangler.proxy.config import ProxyConfig, RouteConfig
from strangler.proxy.diff import Response
from strangler.proxy.headers import HOP_BY_HOP, SHADOW_HEADER
from strangler.proxy.http_request import BadBody, HttpRequest, RequestTimeout
from strangler.proxy.http_server import LeanServer
from strangler.proxy.routing import SAFE_METHODS, BadPath, clean_path, match_route
from strangler.proxy.shadow import compare_and_record, copy_slots, not_compared
from strangler.proxy.state import ProxyState, legacy_of
from strangler.proxy.store import DiffStore

LOG = logging.getLogger("strangler.compare")
TEXT = [("Content-Type", "text/plain")]
# Not passed on to legacy and the new service: hop-by-hop, framing, and what Envoy adds to
# a mirrored copy only (its own hop, marked internal).
DROPPED = frozenset({*HOP_BY_HOP, "host", "content-length", "expect", "x-envoy-internal"})


def copy_headers(request: HttpRequest) -> list[tuple[str, str]]:
    """The copy's headers as the user's request had them upstream: the proxy in front set
    X-Forwarded-* already (kept as they are); the hop Envoy appends to X-Forwarded-For when
    it sends a mirror (marked `x-envoy-internal`) is taken off again."""
    headers = request.headers
    connection = headers.get("connection") or ""
    listed = {item.strip().lower() for item in connection.split(",")}
    internal = headers.get("x-envoy-internal", "").lower() == "true"
    out = []
    for name, value in headers.pairs:
        lower = name.lower()
        if lower in DROPPED or lower in listed:
            continue
        if lower == "x-forwarded-for" and internal:
            value = value.rpartition(",")[0].strip() if "," in value else value
        out.append((name, value))
    if SHADOW_HEADER.lower() not in headers:
        out.append((SHADOW_HEADER, "1"))
    return out


async def handle_copy(state: ProxyState, request: HttpRequest) -> None:
    """Take one mirrored request, and answer it (202; the proxy in front ignores the
    answer) once it is compared: the proxy's bound on copies in flight (Envoy's circuit
    breaker on this cluster) then bounds the work here too."""
    config = state.config
    try:
        path = clean_path(request.path)
    except BadPath as exc:
        request.send(400, TEXT, f"bad request path: {exc}\n".encode())
        return
    try:
        body = await request.read_body(config.max_body + 1)
    except (RequestTimeout, BadBody):
        request.send(400, TEXT, b"bad request body\n")
        return
    if body.size > config.max_body:
        request.send(413, TEXT, b"request body too large\n")
        return
    route = match_route(config, request.method, path, request.headers)
    if route is None or route.mode != "shadow":
        state.metrics.inc("compare_unrouted_total")
        request.send(404, TEXT, b"no shadow route for this path\n")
        return
    if body.spooled:
        not_compared(state, route.prefix, "too_big")
    else:
        await compare_copy(state, route, request, path, body, copy_headers(request))
    request.send(202, TEXT, b"")


async def compare_copy(state: ProxyState, route: RouteConfig, request: HttpRequest,
                       path: str, body: Body, headers: list[tuple[str, str]]) -> None:
    """Call both sides and compare, within the embedded proxy's bounds: drop, never queue."""
    config, name = state.config, route.prefix
    slots = copy_slots(state, name)
    if slots is None:
        return
    legacy = legacy_of(config, route)

    def call(base: str, chaos: bool = False) -> Awaitable[Response]:
        return fetch(state, base, request, body, headers, config.shadow_timeout,
                     config.compare_max_bytes, route.chaos if chaos else None)

    async with slots:
        try:
            if request.method not in SAFE_METHODS:
                # The new service sees it; legacy acted on the user's request already.
                await call(route.upstream, chaos=True)
                not_compared(state, name, "dropped", "unsafe_method")
                return
            calls = [call(legacy), call(route.upstream, chaos=True)]
            if config.noise:
                calls.append(call(legacy))
            answers = await asyncio.gather(*calls)
        except UpstreamFailure:
            not_compared(state, name, "failed")
            return
        except AnswerTooBig:
            not_compared(state, name, "too_big")
            return
        await compare_and_record(state, route, request.method, path, answers[0], answers[1],
                                 answers[2] if config.noise else None)


@dataclass
class RunningCompare:
    port: int
    admin_port: int | None
    state: ProxyState
    server: LeanServer
    admin: LeanServer | None
    watcher: asyncio.Task[None]

    async def close(self) -> None:
        self.watcher.cancel()
        await self.server.close()
        if self.admin is not None:
            await self.admin.close()
        self.state.pool.close()
        self.state.comparer.close()
        if self.state.store is not None:
            self.state.store.close()


async def start_compare(config: ProxyConfig, config_path: Path | None, listen: tuple[str, int],
                        admin: tuple[str, int] | None = None, reload_interval: float = 1.0
                        ) -> RunningCompare:
    """Serve mirrored copies on `listen`, and /_strangler/metrics on `admin` if given
    (ports 0 pick free ones). The table is re-read when its file changes."""
    state = ProxyState(config, config_path)
    if config_path is not None:
        state.config_mtime = os.stat(config_path).st_mtime_ns
    state.store = DiffStore.for_config(config, config_path)
    state.shadow_slots = asyncio.Semaphore(config.shadow_inflight)
    server = LeanServer(functools.partial(handle_copy, state), config.max_body,
                        log_error=lambda request: LOG.exception("%s %s: compare error",
                                                                request.method, request.path),
                        max_connections=config.max_connections,
                        max_headers=config.max_headers,
                        first_byte_timeout=config.first_byte_timeout,
                        spool_bytes=config.spool_bytes)
    admin_server = None
    try:
        port = await server.start(*listen)
        admin_port = None
        if admin is not None:
            admin_server = LeanServer(functools.partial(serve_admin, state), max_body=0,
                                      max_connections=64)
            admin_port = await admin_server.start(*admin)
    except OSError:
        await server.close()
        if admin_server is not None:
            await admin_server.close()
        state.store.close()
        raise
    watcher = asyncio.get_running_loop().create_task(watch(state, reload_interval))
    return RunningCompare(port, admin_port, state, server, admin_server, watcher)
