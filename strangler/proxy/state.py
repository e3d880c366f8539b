"""What the running proxy holds (table, metrics, breakers, pools, background work), and the
bookkeeping every request path shares: accounting, refusals, 502s, the breaker's gauges."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strangler.proxy.access_log import AccessLog
from strangler.proxy.breaker import Breaker
from strangler.proxy.comparer import Comparer
from strangler.proxy.config import ProxyConfig, RouteConfig
from strangler.proxy.diff import Response
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.http_server import LeanServer
from strangler.proxy.metrics import Metrics
from strangler.proxy.store import DiffStore
from strangler.proxy.upstream import UpstreamPool

LOG = logging.getLogger("strangler.proxy")
TEXT = (("Content-Type", "text/plain; charset=utf-8"),)


@dataclass
class ProxyState:
    config: ProxyConfig
    config_path: Path | None
    metrics: Metrics = field(default_factory=Metrics)
    breakers: dict[str, Breaker] = field(default_factory=dict)
    store: DiffStore | None = None
    pool: UpstreamPool = field(default_factory=UpstreamPool)  # http and https upstreams
    shadow_slots: asyncio.Semaphore | None = None
    comparer: Comparer = field(default_factory=Comparer)  # shadow comparisons, off the loop
    tasks: set[asyncio.Task[None]] = field(default_factory=set)  # shadow copies, streams
    config_mtime: float = 0.0
    reload_error: str = ""
    # (listen, admin) as the file said when the proxy started: a reload cannot move them
    listening: tuple[tuple[str, int], tuple[str, int]] | None = None
    access: AccessLog | None = None
    busy: bool = False  # CPU-bound over the last quarter second: shadow copies pause
    cpu_mark: tuple[float, float] = (0.0, 0.0)  # (process CPU seconds, wall seconds)
    machine_mark: tuple[int, int] | None = None  # (total, idle) CPU ticks of the machine
    breaker_seen: dict[str, tuple[str, int]] = field(default_factory=dict)  # last gauges set
    server: LeanServer | None = None  # the proxy port's (its limits follow reloads)
    store_settings: tuple[object, ...] = ()  # the diff store's settings at start

    def breaker(self, upstream: str) -> Breaker:
        if upstream not in self.breakers:
            self.breakers[upstream] = Breaker(self.config.breaker_failures,
                                              self.config.breaker_open_seconds,
                                              clock=time.monotonic)
        return self.breakers[upstream]


def legacy_of(config: ProxyConfig, route: RouteConfig | None) -> str:
    """The legacy upstream of a route: its own, or the table's."""
    return (route.legacy if route is not None else None) or config.legacy


def account(state: ProxyState, request: HttpRequest, path: str, route: str, mode: str,
            side: str, status: int, started: float) -> None:
    """Metrics and the access-log line of one routed request."""
    elapsed = time.perf_counter() - started
    state.metrics.request(route, mode, side, status, elapsed)
    if state.access is not None:
        state.access.request(request.method, path, route, mode, side, status, elapsed,
                             request.remote)


def reject(state: ProxyState, request: HttpRequest, started: float, status: int,
           reason: str, text: str, extra: tuple[tuple[str, str], ...] = ()) -> Response:
    """Refuse a request before it is routed (counted, and logged like any other)."""
    state.metrics.inc("rejected_total", reason=reason)
    if not request.complete:
        request.keep_alive = False  # the rest of its body is still on the wire: close after
    if state.access is not None:
        state.access.request(request.method, request.raw_path[:200], "", "", "", status,
                             time.perf_counter() - started, request.remote, rejected=reason)
    return Response(status, {"content-type": TEXT[0][1]}, text.encode(), (*TEXT, *extra))


def bad_gateway(state: ProxyState, request: HttpRequest, path: str, route: str, side: str,
                error: Exception) -> Response:
    """The 502 answer to a request its upstream could not answer (counted and logged)."""
    state.metrics.inc("upstream_errors_total", route=route, upstream=side)
    LOG.warning("%s %s: %s unreachable: %s", request.method, path, side, error)
    return Response(502, {"content-type": "text/plain"}, b"bad gateway\n",
                    (("Content-Type", "text/plain"),))


def breaker_gauge(state: ProxyState, upstream: str, breaker: Breaker) -> None:
    seen = (breaker.state, breaker.transitions)
    if state.breaker_seen.get(upstream) == seen:
        return  # unchanged: most requests
    state.breaker_seen[upstream] = seen
    for value in ("closed", "open", "half_open"):
        state.metrics.set("breaker_state", 1.0 if breaker.state == value else 0.0,
                          upstream=upstream, state=value)
    state.metrics.set("breaker_transitions", float(breaker.transitions), upstream=upstream)


def background(state: ProxyState, work: Coroutine[Any, Any, None]) -> None:
    """Run `work` in a task held until it ends (the loop keeps only weak references) and
    cancelled when the proxy closes."""
    task = asyncio.get_running_loop().create_task(work)
    state.tasks.add(task)
    task.add_done_callback(state.tasks.discard)
