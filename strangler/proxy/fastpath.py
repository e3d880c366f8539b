"""The fast path: a request without a body for legacy (on the default route, a legacy or
shadow route, or a canary route outside the canary's share), to a plain-http upstream with
an idle kept-alive connection, is sent from the server's parser callback and answered from
the upstream's read callback, with no task, future or timer per request."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from strangler.proxy.body import EMPTY
from strangler.proxy.calls import big, stream_lean, upstream_address, upstream_host
from strangler.proxy.config import RouteConfig
from strangler.proxy.diff import Response
from strangler.proxy.headers import announces_length, as_dict, forward_headers, response_headers
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.routing import BadPath, clean_path, is_idempotent, match_route
from strangler.proxy.select import serves_new
from strangler.proxy.shadow import shadowed, start_shadow
from strangler.proxy.state import (
    ProxyState,
    account,
    background,
    bad_gateway,
    legacy_of,
)
from strangler.proxy.upstream import HeaderPairs, UpstreamResponse, may_resend, request_bytes

LOG = logging.getLogger("strangler.proxy")


def relay(state: ProxyState, request: HttpRequest) -> bool:
    """The lean server's `relay`: take the request when it fits the fast path (see the
    module doc). Everything else goes to the async handler: refusals, the new service (its
    fallbacks and breaker), request bodies, upgrades, https, and new connections. Returns
    whether it took the request."""
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
    if route is not None and serves_new(route, request):
        return False
    legacy, name = legacy_of(config, route), route.prefix if route else "default"
    address = upstream_address(legacy)
    if not state.pool.has_idle(*address):
        return False
    headers = forward_headers(request)
    payload = request_bytes(request.method, request.raw_path,
                            upstream_host(state, request, address), headers, b"")
    shadow = route if route is not None and mode == "shadow" and shadowed(
        route, request.method) else None
    exchange = _Relayed(state, request, route, shadow, name, mode, path, headers, legacy,
                        started)
    return state.pool.send(address.host, address.port, request.method, payload, config.timeout,
                           exchange.on_reply, address.tls) is not None


@dataclass(slots=True)
class _Relayed:
    """One request on the fast path, followed through its upstream's answer."""

    state: ProxyState
    request: HttpRequest
    route: RouteConfig | None
    shadow: RouteConfig | None  # the route whose new service gets a copy, if any
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
        if not reply.finished:  # the head: stream a big or unsized answer (a shadowed one
            if big(request.method, reply.status, reply.content_length):  # with a copy)
                reply.notify = None
                background(state, self._stream(reply))
            return
        if reply.error is not None:
            if may_resend(reply, is_idempotent(request.method)):
                request.resent = True  # a kept-alive connection closed under it: once more,
                request.handle_async()  # on a new connection
                return
            failed = bad_gateway(state, request, self.path, self.name, "legacy", reply.error)
            status, kept, body = failed.status, list(failed.wire), failed.body
        else:
            status, body = reply.status, b"".join(reply.chunks)
            kept = response_headers(reply.headers, announces_length(request.method, status))
            if self.shadow is not None:
                start_shadow(state, self.shadow, self.legacy, request, self.path, EMPTY,
                             self.headers, Response(status, as_dict(kept), body, tuple(kept)))
        account(state, request, self.path, self.name, self.mode, "legacy", status,
                self.started)
        request.send(status, kept, body)
        request.done()

    async def _stream(self, reply: UpstreamResponse) -> None:
        state, request = self.state, self.request
        try:
            capture = state.config.compare_max_bytes if self.shadow is not None else 0
            streamed = await stream_lean(state, request, reply,
                                         response_headers(reply.headers),
                                         state.config.timeout, capture)
            account(state, request, self.path, self.name, self.mode, "legacy",
                    reply.status, self.started)
            if self.shadow is not None and not streamed.aborted:
                start_shadow(state, self.shadow, self.legacy, request, self.path, EMPTY,
                             self.headers, streamed.copy)
        finally:
            request.done()
