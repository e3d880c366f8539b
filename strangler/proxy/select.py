"""Which side serves a request of a route (pure, on the request's head)."""

from __future__ import annotations

from strangler.proxy.config import RouteConfig
from strangler.proxy.http_request import HttpRequest
from strangler.proxy.routing import goes_to_new, sticky_key


def serves_new(route: RouteConfig, request: HttpRequest) -> bool:
    """Is this request for the new service: a new route, or a client in a canary's share?"""
    if route.mode == "new":
        return True
    if route.mode != "canary":
        return False
    return goes_to_new(route, sticky_key(route, request.headers, request.cookies,
                                         request.remote or ""))
