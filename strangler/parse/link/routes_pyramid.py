"""Pyramid routes: route names (`config.add_route`) joined with the views bound to them
(`@view_config(route_name=...)`, `config.add_view(..., route_name=...)`) across modules, the
name being global in an application; a literal `config.include(target, route_prefix=...)`
prefixes the routes the included module adds in its functions (`includeme`). Cornice services
and resource classes are plain route declarations (facts/routes_pyramid.py)."""

from __future__ import annotations

from collections import defaultdict

from strangler.model import RUNTIME_PREFIX_MARK, RawPyramidRoute, Route, UnresolvedRoute
from strangler.parse.facts.syntax import resolve_relative
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import join_path, unmarked


def _include_prefixes(linker: Linker) -> dict[str, list[str]]:
    """The prefixes each project module is included under (`config.include("app.api",
    route_prefix="/api")`); a prefix not written as a literal is marked as known at run time."""
    found: dict[str, list[str]] = defaultdict(list)
    for name, data in linker.data.items():
        for target, prefix, _line in data.facts.pyramid_includes:
            if target.startswith("."):
                level = len(target) - len(target.lstrip("."))
                module = resolve_relative(name, data.source.is_package, level,
                                          target.lstrip(".") or None)
            else:
                module = target
            if module is None:
                continue
            if module.rsplit(".", 1)[-1] == "includeme" and module not in linker.data:
                module = module.rsplit(".", 1)[0]
            if module in linker.data:
                found[module].append(prefix if prefix is not None
                                     else "{" + RUNTIME_PREFIX_MARK + "route_prefix}")
    return found


def _handler(linker: Linker, module: str, written: str) -> str:
    """The qualified name of a view: an expression in `module`, or a dotted name string
    ("=app.views.home", "=.views.home" relative to the module's package)."""
    if written == "<unknown>":
        return written
    if not written.startswith("="):
        return linker.handler(module, written)
    text = written[1:].replace(":", ".")
    if text.startswith("."):
        level = len(text) - len(text.lstrip("."))
        found = resolve_relative(module, linker.data[module].source.is_package, level,
                                 text.lstrip(".") or None)
        return found or text
    return text


def pyramid_routes(linker: Linker, unresolved: list[UnresolvedRoute]) -> list[Route]:
    """The Pyramid routes of the project; the registrations that could not be joined go to
    `unresolved` (a name or pattern not written as a literal, a view bound to a name no
    `add_route` declares, a route no view serves)."""
    declared: dict[str, list[tuple[str, RawPyramidRoute]]] = defaultdict(list)
    counted: set[str] = set()  # names whose pattern is not known: counted once, at the route
    any_views = False
    for name, data in linker.data.items():
        facts = data.facts
        any_views = any_views or bool(facts.pyramid_views)
        for route in facts.pyramid_routes:
            if route.name is None or route.pattern is None:
                if route.name is not None:
                    counted.add(route.name)
                unresolved.append(UnresolvedRoute(name, data.source.path, route.line,
                                                  route.name or "<unknown>", route.reason))
            else:
                declared[route.name].append((name, route))
    if not declared and not any_views:
        return []
    prefixes = _include_prefixes(linker)
    served: set[str] = set()
    routes: list[Route] = []
    for name, data in linker.data.items():
        for view in data.facts.pyramid_views:
            handler = _handler(linker, name, view.handler)
            if view.route_name is None:
                unresolved.append(UnresolvedRoute(name, data.source.path, view.line, handler,
                                                  view.reason))
                continue
            found = declared.get(view.route_name)
            if not found and view.route_name in counted:
                continue
            if not found:
                unresolved.append(UnresolvedRoute(
                    name, data.source.path, view.line, handler,
                    f"route `{view.route_name}` is not declared by a literal add_route"))
                continue
            served.add(view.route_name)
            methods = view.methods or linker.view_methods(handler, ("GET",))
            for module, route in found:
                assert route.pattern is not None
                starts = prefixes.get(module, [""]) if route.function else [""]
                for start in sorted(set(starts)):
                    full, runtime = unmarked(join_path(start, route.pattern))
                    routes.append(Route(methods, full, handler, name, data.source.path,
                                        view.line, "pyramid", runtime))
    for route_name in sorted(set(declared) - served):
        for module, route in declared[route_name]:
            unresolved.append(UnresolvedRoute(module, linker.data[module].source.path,
                                              route.line, route_name,
                                              f"no view is bound to route `{route_name}`"))
    return routes
