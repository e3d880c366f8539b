"""Flask and FastAPI routes: decorators on routers, with the prefixes the routers are
registered under (`register_blueprint`, `include_router`), through calls that pass them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container

from strangler.model import RUNTIME_PREFIX_MARK, RawRouterCall, Route, UnresolvedRoute
from strangler.parse.link.django import django_routes
from strangler.parse.link.fab import fab_routes
from strangler.parse.link.graphql import graphql_routes
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import join_path, unmarked
from strangler.parse.link.route_helpers import helper_routes
from strangler.parse.link.routes_pyramid import pyramid_routes
from strangler.parse.link.view_registrars import registrar_routes

Router = tuple[str, str]  # (module, variable)


def _passed_routers(linker: Linker, calls: dict[str, list[tuple[str, RawRouterCall]]],
                    module: str, param: tuple[str, int]) -> list[Router]:
    """The routers passed as parameter `param` of a function of `module`, at its calls
    (`calls`: the project's router-passing calls by the last part of the called name, so
    each declaration looks only at calls of a function of its name, not at every call: a
    scan of all of them per declaration grew with the square of the project)."""
    function, index = param
    found: set[Router] = set()
    for caller, call in calls.get(function, ()):
        if index >= len(call.args) or call.args[index] is None:
            continue
        if linker.resolve_local(caller, call.function) != (module, function, ()):
            continue
        router = linker.router_of(caller, call.args[index] or "")
        if router is not None:
            found.add(router)
    return sorted(found)


def _calls_by_function(linker: Linker) -> dict[str, list[tuple[str, RawRouterCall]]]:
    calls: dict[str, list[tuple[str, RawRouterCall]]] = defaultdict(list)
    for caller, call in linker.router_calls():
        calls[call.function.rpartition(".")[2]].append((caller, call))
    return calls


def project_routes(linker: Linker) -> tuple[list[Route], list[UnresolvedRoute]]:
    """Every route of the project (all frameworks), and the declarations not resolved."""
    data_of = linker.data
    registrations: dict[Router, list[tuple[Router | None, str | None]]] = defaultdict(list)
    for name, data in data_of.items():
        for register in data.facts.registers:
            child = linker.router_of(name, register.target)
            if child is None:
                continue
            parent = linker.router_of(name, register.owner)
            registrations[child].append((parent, register.prefix))

    def prefixes(router: Router, seen: frozenset[Router]) -> list[str]:
        own = data_of[router[0]].routers[router[1]].prefix
        if router in seen or not registrations.get(router):
            return [own]
        result: list[str] = []
        stacks = data_of[router[0]].routers[router[1]].kind == "apirouter"
        for parent, prefix in registrations[router]:
            outer = prefixes(parent, seen | {router}) if parent is not None else [""]
            if prefix is None:
                inner = own
            elif stacks:  # FastAPI: include_router(prefix=) goes before APIRouter(prefix=)
                inner = join_path(prefix, own) if own else prefix
            else:  # Flask: register_blueprint(url_prefix=) replaces Blueprint(url_prefix=)
                inner = prefix
            for start in outer:
                result.append(join_path(start, inner))
        return sorted(set(result))

    routes: list[Route] = []
    unresolved: list[UnresolvedRoute] = []
    calls: dict[str, list[tuple[str, RawRouterCall]]] | None = None
    passed_memo: dict[tuple[str, tuple[str, int]], list[Router]] = {}
    for name, data in data_of.items():
        path = data.source.path
        for decl in data.facts.route_decls:
            handler = (routes_handler(name, decl.handler, data_of)
                       if decl.framework == "routes" else None) or linker.handler(
                name, decl.handler)
            if decl.path is None:
                unresolved.append(UnresolvedRoute(name, path, decl.line, handler, decl.reason))
                continue
            framework = decl.framework
            if decl.owner == "<class>":
                continue  # Flask-AppBuilder: per concrete class, in fab.py
            router = linker.router_of(name, decl.owner)
            if decl.param:
                if calls is None:
                    calls = _calls_by_function(linker)
                key = (name, decl.param)
                if key not in passed_memo:
                    passed_memo[key] = _passed_routers(linker, calls, name, decl.param)
                passed = passed_memo[key]
            else:
                passed = []
            if router is None and passed:
                starts = sorted({start for found in passed
                                 for start in prefixes(found, frozenset())})
                if any(data_of[m].routers[v].kind in ("fastapi_app", "apirouter")
                       for m, v in passed):
                    framework = "fastapi"
            elif router is None:
                if not decl.path.startswith(("/", "{" + RUNTIME_PREFIX_MARK)):
                    unresolved.append(UnresolvedRoute(
                        name, path, decl.line, handler, f"router `{decl.owner}` not found"))
                    continue
                starts = [""]
                if any(imp.module.split(".")[0] == "fastapi" for imp in data.facts.imports):
                    framework = "fastapi"
            else:
                kind = data_of[router[0]].routers[router[1]].kind
                if kind in ("fastapi_app", "apirouter"):
                    framework = "fastapi"
                starts = prefixes(router, frozenset())
            methods = decl.methods or linker.view_methods(handler, ("GET",),
                                                          decl.framework == "webpy")
            for start in starts:
                full, runtime = unmarked(join_path(start, decl.path))
                routes.append(Route(methods, full, handler, name, path, decl.line, framework,
                                    runtime))
    helped, unresolved = helper_routes(linker, unresolved)
    routes.extend(helped)
    django_routes(linker, routes, unresolved)
    routes.extend(fab_routes(linker))
    routes.extend(registrar_routes(linker, lambda router: prefixes(router, frozenset())))
    routes.extend(graphql_routes(linker))
    routes.extend(pyramid_routes(linker, unresolved))
    routes.sort(key=route_order)
    unresolved.sort(key=lambda u: (u.file, u.line))
    return routes, unresolved


def route_order(route: Route) -> tuple[str, tuple[str, ...], str, int]:
    """The order of the index's routes (by path, methods, handler, line): one order
    wherever routes are merged, so the same project gives the same list."""
    return route.path, route.methods, route.handler, route.line


def routes_handler(module: str, handler: str, modules: Container[str]) -> str | None:
    """A Routes handler (`admin.repos.index`: the `controller="admin/repos"` of a
    `connect` and its action) as the controller module's action: Pylons and TurboGears
    look the controller up in the controllers directory: the package of the route map
    (`kallithea/controllers/routing.py` -> `kallithea.controllers.admin.repos`), or a
    `controllers` package beside it or above it (Pylons' `config/routing.py`). None when
    no such module exists."""
    controller, _, action = handler.rpartition(".")
    if not controller:
        return None
    package = module
    while "." in package:
        package = package.rsplit(".", 1)[0]
        for found in (f"{package}.{controller}", f"{package}.controllers.{controller}"):
            if found in modules:
                return f"{found}.{action}"
    return None

