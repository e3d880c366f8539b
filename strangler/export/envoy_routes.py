"""Envoy routes for the route table (pure): each strangler route becomes one to three Envoy
routes, most specific first (longest prefix; see proxy/pattern.py), because Envoy takes the
first that matches.

legacy: to legacy. shadow: to legacy, with a mirror of safe methods (all with
`shadow_unsafe`) to `strangler compare` or the new service. new: to the aggregate cluster
(new, then legacy); idempotent methods are retried on legacy after a 5xx, a reset or a
timeout, other methods only when they never reached the new service. canary: the Lua filter
writes the client's side into a header, and the route is chosen again on it.
"""

from __future__ import annotations

import re
from typing import Any

from strangler.export.envoy_clusters import (
    TYPE,
    fallback_name,
    legacy_name,
    seconds,
    shadow_name,
)
from strangler.proxy.config import ProxyConfig, RouteConfig
from strangler.proxy.headers import SHADOW_HEADER
from strangler.proxy.pattern import PARAM, first_match_key, is_pattern, path_regex
from strangler.proxy.routing import IDEMPOTENT_METHODS, SAFE_METHODS

SIDE_HEADER = "x-strangler-side"
LUA = "envoy.filters.http.lua"
FAULT = "envoy.filters.http.fault"
ALL_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
# Characters a prefix may have: Envoy matches it against the normalized path, in which only
# these appear undecoded.
_SAFE_PREFIX = re.compile(r"/[A-Za-z0-9\-._~/@:+,!*()=&$;']*")


def check_prefix(prefix: str) -> None:
    if not _SAFE_PREFIX.fullmatch(PARAM.sub("p", prefix)):
        raise ValueError(f"route prefix {prefix!r} cannot be matched by Envoy as the "
                         "embedded proxy matches it: use letters, digits and "
                         "-._~/@:+,!*()=&$;' only")


def _methods(names: list[str]) -> dict[str, Any]:
    return {"name": ":method", "string_match": {
        "safe_regex": {"regex": "^(" + "|".join(names) + ")$"}}}


def _match(route: RouteConfig, methods: list[str] | None, side: str | None
           ) -> dict[str, Any]:
    match: dict[str, Any]
    if route.prefix == "/":
        match = {"prefix": "/"}
    elif is_pattern(route.prefix):  # `{param}`: one segment; RE2 matches the whole path
        match = {"safe_regex": {"regex": path_regex(route.prefix)}}
    else:
        match = {"path_separated_prefix": route.prefix}
    headers = []
    if methods is not None:
        headers.append(_methods(methods))
    if route.header is not None:
        name, value = route.header
        headers.append({"name": name, "string_match": {"exact": value},
                        "treat_missing_header_as_empty": True})
    if side is not None:
        headers.append({"name": SIDE_HEADER, "string_match": {"exact": side}})
    if headers:
        match["headers"] = headers
    return match


def _subset(route: RouteConfig, allowed: set[str]) -> list[str]:
    """The route's methods that are also in `allowed`, in a fixed order."""
    return [m for m in (route.methods or ALL_METHODS) if m in allowed]


def _retry(on: str, timeout: float) -> dict[str, Any]:
    """One retry, on a lower priority (legacy, in the aggregate cluster)."""
    return {
        "retry_on": on,
        "num_retries": 1,
        "per_try_idle_timeout": seconds(timeout),
        "retry_back_off": {"base_interval": "0.001s", "max_interval": "0.002s"},
        "retry_priority": {"name": "envoy.retry_priorities.previous_priorities",
                           "typed_config": {
                               TYPE: "type.googleapis.com/envoy.extensions.retry.priority."
                                     "previous_priorities.v3.PreviousPrioritiesConfig",
                               "update_frequency": 1}},
        "retry_host_predicate": [{"name": "envoy.retry_host_predicates.previous_hosts",
                                  "typed_config": {
                                      TYPE: "type.googleapis.com/envoy.extensions.retry.host."
                                            "previous_hosts.v3.PreviousHostsPredicate"}}],
        "host_selection_retry_max_attempts": 3,
    }


IDEMPOTENT_RETRY = "5xx,reset,connect-failure,refused-stream"
NEVER_SENT_RETRY = "connect-failure,refused-stream,reset-before-request"


def _action(config: ProxyConfig, cluster: str) -> dict[str, Any]:
    action: dict[str, Any] = {"cluster": cluster, "timeout": "0s",
                              "idle_timeout": seconds(config.timeout)}
    if not config.preserve_host:
        action["auto_host_rewrite"] = True
    return action


def _fault(route: RouteConfig) -> dict[str, Any] | None:
    """[routes.chaos] as Envoy's fault filter on the new side (None: no chaos). Envoy
    cannot reset a connection: `reset_rate` is added to the aborts (503) instead."""
    chaos = route.chaos
    abort = min(1.0, chaos.error_rate + chaos.reset_rate)
    if not chaos.latency_ms and not abort:
        return None
    fault: dict[str, Any] = {TYPE: "type.googleapis.com/envoy.extensions.filters.http."
                                   "fault.v3.HTTPFault"}
    if chaos.latency_ms:
        fault["delay"] = {"fixed_delay": seconds(chaos.latency_ms / 1000),
                          "percentage": {"numerator": 100, "denominator": "HUNDRED"}}
    if abort:
        fault["abort"] = {"http_status": 503, "percentage": {
            "numerator": round(abort * 1_000_000), "denominator": "MILLION"}}
    return fault


def _entry(route: RouteConfig, suffix: str, match: dict[str, Any],
           action: dict[str, Any], lua: bool = False, new_side: bool = False
           ) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": f"{route.prefix} {route.mode}{suffix}",
        "match": match,
        "metadata": {"filter_metadata": {"strangler": {"route": route.prefix,
                                                       "mode": route.mode}}},
        "route": action,
    }
    per_filter: dict[str, Any] = {}
    if lua:
        kind, _, name = route.sticky.partition(":")
        entry["metadata"]["filter_metadata"][LUA] = {
            "prefix": route.prefix, "percent": route.percent, "sticky_kind": kind,
            "sticky_name": name.lower() if kind == "header" else name}
        per_filter[LUA] = {TYPE: "type.googleapis.com/envoy.extensions.filters.http.lua.v3."
                                 "LuaPerRoute", "name": "canary"}
    fault = _fault(route) if new_side else None
    if fault is not None:
        per_filter[FAULT] = fault
    if per_filter:
        entry["typed_per_filter_config"] = per_filter
    return entry


def _new_side(config: ProxyConfig, route: RouteConfig, side: str | None, lua: bool
              ) -> list[dict[str, Any]]:
    """The routes to the new service with legacy as its fallback: a retry after any failure
    for idempotent methods, only before the request was sent for the others."""
    cluster = fallback_name(config, route.upstream, route.legacy or config.legacy)
    out = []
    idempotent = _subset(route, IDEMPOTENT_METHODS)
    if idempotent:
        action = _action(config, cluster)
        action["retry_policy"] = _retry(IDEMPOTENT_RETRY, config.timeout)
        out.append(_entry(route, " (idempotent)", _match(route, idempotent, side),
                          action, lua, new_side=True))
    others = _subset(route, set(ALL_METHODS) - IDEMPOTENT_METHODS)
    if others or route.methods == ():
        action = _action(config, cluster)
        action["retry_policy"] = _retry(NEVER_SENT_RETRY, config.timeout)
        methods = None if not route.methods else others
        out.append(_entry(route, "", _match(route, methods, side), action, lua,
                          new_side=True))
    return out


def _mirror(route: RouteConfig, compare: bool) -> dict[str, Any]:
    return {"cluster": "strangler_compare" if compare else shadow_name(route.upstream),
            "disable_shadow_host_suffix_append": True,
            "request_headers_mutations": [{"append": {
                "header": {"key": SHADOW_HEADER, "value": "1"},
                "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}}]}


def serve(route: RouteConfig) -> str:
    """How a route's requests are served: a canary at 0% or 100% is plain legacy or new."""
    if route.mode == "canary":
        return "legacy" if route.percent <= 0 else "new" if route.percent >= 100 else "canary"
    return route.mode


def route_entries(config: ProxyConfig, route: RouteConfig, compare: bool
                  ) -> list[dict[str, Any]]:
    """The Envoy routes of one strangler route, most specific first."""
    check_prefix(route.prefix)
    legacy = legacy_name(config, route.legacy or config.legacy)
    methods = list(route.methods) if route.methods else None
    mode = serve(route)
    if mode == "legacy":
        return [_entry(route, "", _match(route, methods, None),
                       _action(config, legacy))]
    if mode == "shadow":
        mirrored = _action(config, legacy)
        mirrored["request_mirror_policies"] = [_mirror(route, compare)]
        if route.shadow_unsafe:  # every method is copied (side effects twice!)
            return [_entry(route, "", _match(route, methods, None), mirrored)]
        out = []
        copied = _subset(route, SAFE_METHODS)
        if copied:
            out.append(_entry(route, " (copied)", _match(route, copied, None),
                              mirrored))
        if not route.methods or set(route.methods) - SAFE_METHODS:
            out.append(_entry(route, "", _match(route, methods, None),
                              _action(config, legacy)))
        return out
    if mode == "new":
        return _new_side(config, route, None, lua=False)
    # A canary: the new side when the Lua filter says so, else legacy. Every one of these
    # routes runs the filter, so a client cannot pick its side by sending the header.
    return [*_new_side(config, route, "new", lua=True),
            _entry(route, "", _match(route, methods, None), _action(config, legacy),
                   lua=True)]


def routes(config: ProxyConfig, compare: bool) -> list[dict[str, Any]]:
    """Every route, most specific first (Envoy takes the first that matches), then the
    default route to legacy."""
    out: list[dict[str, Any]] = []
    patterned = any(is_pattern(r.prefix) for r in config.routes)
    for route in sorted(config.routes, key=lambda r: first_match_key(r.prefix, patterned)):
        out.extend(route_entries(config, route, compare))
    if not any(r.prefix == "/" and not r.methods and r.header is None
               for r in config.routes):
        out.append({"name": "default", "match": {"prefix": "/"},
                    "metadata": {"filter_metadata": {"strangler": {"route": "default",
                                                                   "mode": "legacy"}}},
                    "route": _action(config, "legacy")})
    return out
