"""Routes registered through a project's own helper function (see `facts/route_helpers.py`).

A helper is kept when it passes its path parameter and a handler parameter to a known
registration, or packs them into a structure whose handler field some registration of the
project reads (`ResourceMap(resource=resource, url=url)` and `add_resource(r.resource, ...)`).
Each call of a kept helper (resolved through imports) with a literal path is a route served
by the handler it passes; one whose path is no literal is an unresolved registration. The
registration inside a direct helper, whose path is the parameter, is then no unresolved
route of its own."""

from __future__ import annotations

from strangler.model import RawHelperCall, RawRouteHelper, Route, UnresolvedRoute
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import join_path

MISSING = "!"  # the call passes no value for the parameter
Helper = tuple[RawRouteHelper, str]  # (helper, the parameter that carries the handler)


def helper_routes(linker: Linker, unresolved: list[UnresolvedRoute]
                  ) -> tuple[list[Route], list[UnresolvedRoute]]:
    """The routes registered by calls of route helpers, and `unresolved` with the helpers'
    own registrations left out and the helper calls without a literal path added."""
    helpers = _helpers(linker)
    if not helpers:
        return [], unresolved
    routes: list[Route] = []
    found: list[UnresolvedRoute] = []
    for name, data in linker.data.items():
        for call in data.facts.helper_calls:
            resolved = linker.resolve_local(name, call.function)
            helper = helpers.get((resolved[0], resolved[1])) if not resolved[2] else None
            if helper is None or helper[0].decorator != (call.decorated is not None):
                continue
            paths = _paths(call, helper[0])
            if call.decorated is not None:
                handler_value: str | None = "@" + call.decorated
            else:
                handler_value = _argument(call, helper[0], helper[1])
            if not paths or handler_value is None or not handler_value.startswith("@"):
                continue
            handler = linker.handler(name, handler_value[1:])
            if any(path is None or not path.startswith("=") for path in paths):
                found.append(UnresolvedRoute(name, data.source.path, call.line, handler,
                                             "path passed to a route helper is not a literal"))
                continue
            methods = linker.view_methods(handler, ("GET",))
            for path in paths:
                assert path is not None
                routes.append(Route(methods, join_path("", path[1:]), handler, name,
                                    data.source.path, call.line, "flask"))
    inside = {(module, helper.line) for (module, _), (helper, _) in helpers.items()
              if helper.handler is not None}
    kept = [u for u in unresolved if (u.module, u.line) not in inside]
    return routes, kept + found


def _helpers(linker: Linker) -> dict[tuple[str, str], Helper]:
    """Route helpers by (module, function), with their handler parameter."""
    read = {field for data in linker.data.values() for field in data.facts.registration_fields}
    helpers: dict[tuple[str, str], Helper] = {}
    for name, data in linker.data.items():
        for helper in data.facts.route_helpers:
            if helper.handler is not None:
                helpers[(name, helper.function)] = (helper, helper.handler)
                continue
            handlers = sorted(parameter for field, parameter in helper.fields
                              if field in read and parameter != helper.path)
            if len(handlers) == 1:
                helpers[(name, helper.function)] = (helper, handlers[0])
    return helpers


def _paths(call: RawHelperCall, helper: RawRouteHelper) -> list[str | None]:
    """The values a call passes as paths: the one path argument, or every positional
    argument from the `*urls` parameter's position on; none when it passes no path."""
    if helper.many:
        return list(call.args[len(helper.params) - 1:])
    path = _argument(call, helper, helper.path)
    return [] if path == MISSING else [path]


def _argument(call: RawHelperCall, helper: RawRouteHelper, parameter: str) -> str | None:
    """The value a call passes for `parameter`, by keyword or position; MISSING if none."""
    for key, value in call.keywords:
        if key == parameter:
            return value
    if parameter in helper.params:
        index = helper.params.index(parameter)
        if index < len(call.args):
            return call.args[index]
    return MISSING
