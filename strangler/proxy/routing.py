"""Which route a request takes, and which side serves it (pure)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from urllib.parse import unquote

from strangler.proxy.config import ProxyConfig, RouteConfig
from strangler.proxy.pattern import specificity
from strangler.proxy.split_hash import in_first_share, split_hash

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
IDEMPOTENT_METHODS = SAFE_METHODS | {"PUT", "DELETE"}


def is_idempotent(method: str) -> bool:
    """A request that may be sent twice (RFC 9110 9.2.2): an idempotent method. An
    `Idempotency-Key` does not count: the key lives in one service's store, so it never
    makes a resend to another service safe, and nginx and Envoy ignore it too."""
    return method in IDEMPOTENT_METHODS


_SLASHES = re.compile(r"/{2,}")


class BadPath(Exception):
    """A path that could reach something it should not (`..`, encoded separators)."""


def clean_path(raw: str) -> str:
    """The request path as routes see it: decoded and normalized (`.` and empty segments
    dropped, a trailing slash kept); refused when it tries to climb out (`..`, `%2e%2e`,
    backslashes). Upstreams get the target as it was sent, not this."""
    if "%" not in raw and "\\" not in raw and "/." not in raw and "//" not in raw \
            and "\x00" not in raw and raw[:1] == "/":
        return raw  # already normal: most requests
    decoded = unquote(raw)
    if "\x00" in decoded or "\\" in decoded:
        raise BadPath("illegal character in path")
    segments = decoded.split("/")
    if any(s == ".." for s in segments):
        raise BadPath("'..' in path")
    # Slashes merged first, as nginx's merge_slashes does: normpath keeps two leading ones,
    # and `//orders/x` would escape the /orders route while a Flask app serves it as one.
    decoded = _SLASHES.sub("/", decoded)
    normal = posixpath.normpath(decoded) if decoded not in ("", "/") else "/"
    if not normal.startswith("/"):
        normal = "/" + normal
    if decoded.endswith("/") and normal != "/":
        normal += "/"
    return normal


def match_route(config: ProxyConfig, method: str, path: str, headers: Mapping[str, str]
                ) -> RouteConfig | None:
    """The most specific matching route (the longest prefix; a literal segment beats a
    `{param}` one), or None for the default (legacy) route."""
    best: RouteConfig | None = None
    for route in config.routes:
        prefix = route.prefix
        if route.pattern is not None:
            if route.pattern.fullmatch(path) is None:
                continue
        elif not (path == prefix or path.startswith(prefix.rstrip("/") + "/")
                  or prefix == "/"):
            continue
        if route.methods and method.upper() not in route.methods:
            continue
        if route.header is not None and headers.get(route.header[0], "") != route.header[1]:
            continue
        if best is None or _beats(route, best):
            best = route
    return best


def _beats(route: RouteConfig, best: RouteConfig) -> bool:
    if route.pattern is None and best.pattern is None:
        return len(route.prefix) > len(best.prefix)  # nested literals: the longer one
    return specificity(route.prefix) > specificity(best.prefix)


def canary_bucket(key: str) -> int:
    """A stable bucket 0..99 for a client key (the same client always lands the same way):
    nginx's split_clients hash of the key, scaled to 100."""
    return split_hash(key) * 100 >> 32


def sticky_key(route: RouteConfig, headers: Mapping[str, str], cookies: Mapping[str, str],
               client: str) -> str:
    kind, _, name = route.sticky.partition(":")
    if kind == "cookie":
        return cookies.get(name, client)
    if kind == "header":
        return headers.get(name.lower(), client)
    return client


def goes_to_new(route: RouteConfig, key: str) -> bool:
    """For a canary route: does this client's bucket fall in the new service's share? The
    same arithmetic as the nginx export's `split_clients "PREFIX|KEY"`, so a client is on
    the same side through either proxy."""
    return in_first_share(f"{route.prefix}|{key}", route.percent)
