"""The new service's path (`new` routes, a canary's share): fallback to legacy and the
circuit breaker of each new service."""

from __future__ import annotations

from strangler.proxy.body import Body
from strangler.proxy.calls import Streamed, UpstreamFailure, call
from strangler.proxy.config import RouteConfig
from strangler.proxy.diff import Response
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.routing import is_idempotent
from strangler.proxy.state import ProxyState, breaker_gauge
from strangler.proxy.upstream import HeaderPairs


async def new_path(state: ProxyState, route: RouteConfig, legacy: str, request: HttpRequest,
                   body: Body, headers: HeaderPairs) -> tuple[Response | Streamed, str]:
    """Serve from the new service. Fall back to legacy when the request never reached it
    (any method), or when it failed or answered 5xx and the method is idempotent (RFC 9110):
    a request that may have acted on the new service is never sent to legacy.

    The breaker hears of a streamed answer when its head arrives: a half-open breaker's one
    trial that streams for minutes (server-sent events, a slow client) kept every other
    request on legacy for as long."""
    config = state.config
    breaker = state.breaker(route.upstream)
    idempotent = is_idempotent(request.method)
    name = route.prefix
    settled = False  # the breaker has been told how this request went

    def settle(status: int) -> None:
        nonlocal settled
        if not settled:
            settled = True
            if status >= 500:
                breaker.failure()
            else:
                breaker.success()
            breaker_gauge(state, route.upstream, breaker)

    async def fall_back(reason: str) -> tuple[Response | Streamed, str]:
        state.metrics.inc("fallbacks_total", route=name, reason=reason)
        return (await call(state, legacy, request, body, headers, config.timeout,
                           stream=True), "legacy")

    if not breaker.allow():
        breaker_gauge(state, route.upstream, breaker)
        return await fall_back("breaker_open")
    try:
        response = await call(state, route.upstream, request, body, headers, config.timeout,
                              route.chaos, stream=True,
                              accept=lambda status: status < 500 or not idempotent,
                              on_stream=settle)
    except UpstreamFailure as failure:
        settle(502)
        if failure.sent and not idempotent:  # it may have acted: never replay it on legacy
            raise
        return await fall_back("error")
    settle(response.status)
    if response.status >= 500 and idempotent:
        return await fall_back("5xx")
    return response, "new"
