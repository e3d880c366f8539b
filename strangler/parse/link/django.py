"""Django routes: URLconfs from ROOT_URLCONF (or the ones nothing includes), `include()`d
URLconfs and pattern lists, and Django REST framework routers included as `router.urls`.

A URLconf that nothing reaches from ROOT_URLCONF is mounted at run time (a plugin's URLconf
loaded in a loop, one set per request as `request.urlconf`): it is walked too, after the
roots, and what the roots already walked is not walked again."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.model import RawUrlPattern, Route, UnresolvedRoute
from strangler.parse.link.drf_runtime import runtime_drf_routes
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import unmarked
from strangler.parse.link.view_registry import ViewRegistry


def django_routes(linker: Linker, routes: list[Route], unresolved: list[UnresolvedRoute]
                  ) -> None:
    """Append the project's Django routes to `routes` (and what is not understood)."""
    data_of = linker.data
    url_modules = {name for name, data in data_of.items() if data.facts.urlpatterns}
    if not url_modules:
        return
    roots = {value for data in data_of.values() for key, value in data.facts.settings
             if key == "ROOT_URLCONF" and value in url_modules}
    if not roots:
        included: set[str] = set()
        for name in url_modules:
            for pattern in _flatten(data_of[name].facts.urlpatterns):
                if pattern.include is not None:
                    found = _included(linker, name, pattern.include)
                    if found is not None:
                        included.add(found[1])
        roots = url_modules - included
    registry = ViewRegistry(linker)
    walked: set[str] = set()
    for root in sorted(roots):
        _walk_urlconf(linker, registry, root, data_of[root].facts.urlpatterns, "", (root,),
                      routes, unresolved, walked)
    for other in sorted(url_modules - walked):
        _walk_urlconf(linker, registry, other, data_of[other].facts.urlpatterns, "", (other,),
                      routes, unresolved, walked, once=True)


def _included(linker: Linker, module: str, include: str
              ) -> tuple[str, str, tuple[RawUrlPattern, ...]] | None:
    """(module, key, patterns) that `include(...)` names: a URLconf or a list of patterns."""
    data_of = linker.data
    if not include.startswith("@"):
        found = linker.module_prefix(linker.rooted(module, include))  # 'app.urls' too
        if found is None or found[1]:
            return None
        return found[0], found[0], data_of[found[0]].facts.urlpatterns
    expression = include[1:]
    local_lists = dict(data_of[module].facts.pattern_lists)
    if expression in local_lists:
        return module, f"{module}:{expression}", local_lists[expression]
    target, symbol, rest = linker.resolve_local(module, expression)
    if not symbol:
        return target, target, data_of[target].facts.urlpatterns
    if not rest:
        if symbol == "urlpatterns":
            return target, target, data_of[target].facts.urlpatterns
        lists = dict(data_of[target].facts.pattern_lists)
        if symbol in lists:
            return target, f"{target}:{symbol}", lists[symbol]
    return None


def _drf_routes(linker: Linker, module: str, expression: str, prefix: str
                ) -> list[Route] | None:
    """Routes of a Django REST framework router included as `router.urls`."""
    if not expression.endswith(".urls"):
        return None
    router = linker.router_of(module, expression[: -len(".urls")])
    if router is None or linker.data[router[0]].routers[router[1]].kind != "drf_router":
        return None
    found: list[Route] = []
    for name, data in linker.data.items():
        for register in data.facts.registers:
            if register.prefix is None or linker.router_of(name, register.owner) != router:
                continue
            handler = linker.handler(name, register.target)
            base, runtime = unmarked("/" + (prefix + register.prefix).strip("/"))
            for path in (base + "/", base + "/{pk}/"):
                found.append(Route(("ANY",), path.replace("//", "/"), handler, name,
                                   data.source.path, register.line, "drf", runtime))
    return found


def _walk_urlconf(linker: Linker, registry: ViewRegistry, module: str,
                  patterns: tuple[RawUrlPattern, ...], prefix: str, stack: tuple[str, ...],
                  routes: list[Route], unresolved: list[UnresolvedRoute], walked: set[str],
                  once: bool = False) -> None:
    """Routes of `patterns` under `prefix`; `walked` gathers the URLconfs and lists seen, and
    with `once` those are not walked again."""
    walked.add(stack[-1])
    file = linker.data[module].source.path
    for pattern in patterns:
        if pattern.route is None:
            unresolved.append(UnresolvedRoute(module, file, pattern.line, pattern.view or "",
                                              "URL pattern is not a literal"))
            continue
        piece = pattern.route
        if pattern.regex:
            piece = piece.removeprefix("^").removesuffix("$")
        full = prefix + piece
        if pattern.nested:
            _walk_urlconf(linker, registry, module, pattern.nested, full, stack, routes,
                          unresolved, walked, once)
            continue
        if pattern.include is not None and pattern.include.startswith("()"):
            views = registry.views(module, pattern)
            if views is not None:
                for segment, registrant, registration in views:
                    handler = linker.handler(registrant, registration.view)
                    path, runtime = unmarked(full + segment)
                    routes.append(Route(linker.view_methods(handler, ("ANY",)),
                                        "/" + path.lstrip("/"), handler, module, file,
                                        pattern.line, "django", runtime))
                continue
            under = "/" + unmarked(full)[0].lstrip("/")
            unresolved.append(UnresolvedRoute(
                module, file, pattern.line, f"{pattern.include[2:]}(...) at {under}",
                "URL patterns made at run time by a call"))
            continue
        if pattern.include is not None:
            drf = _drf_routes(linker, module, pattern.include[1:], full) if (
                pattern.include.startswith("@")) else None
            if drf is not None:
                routes.extend(drf)
                continue
            filled = runtime_drf_routes(linker, module, pattern.line, full) if (
                pattern.include.startswith("@") and pattern.include.endswith(".urls")
                and _included(linker, module, pattern.include) is None) else None
            if filled is not None:
                routes.extend(filled[0])
                unresolved.extend(filled[1])
                continue
            found = _included(linker, module, pattern.include)
            if found is None:
                unresolved.append(UnresolvedRoute(
                    module, file, pattern.line, pattern.include.lstrip("@"),
                    _not_followed(linker, module, pattern.include)))
                continue
            target, key, included = found
            if key not in stack and not (once and key in walked):
                _walk_urlconf(linker, registry, target, included, full, (*stack, key), routes,
                              unresolved, walked, once)
            continue
        if pattern.view is None:
            unresolved.append(UnresolvedRoute(module, file, pattern.line, "",
                                              "view is not a name"))
            continue
        handler = linker.handler(module, pattern.view)
        path, runtime = unmarked(full)
        routes.append(Route(linker.view_methods(handler, ("ANY",)), "/" + path.lstrip("/"),
                            handler, module, file, pattern.line, "django", runtime))


def _not_followed(linker: Linker, module: str, include: str) -> str:
    """Why an include is not followed: a name of the project's that holds no literal list of
    patterns (`debug_patterns = []`, filled in a loop or under `if settings.DEBUG`), or
    something outside the project."""
    if include.startswith("@"):
        expression = include[1:]
        bound = linker.data[module].bindings.get(expression.partition(".")[0])
        _, symbol, rest = linker.resolve_local(module, expression)
        if symbol and not rest and (bound is None or linker.resolve(bound) is not None):
            return "URL pattern list built at run time"
    return "included URLconf is not part of the project"


def _flatten(patterns: tuple[RawUrlPattern, ...]) -> Iterable[RawUrlPattern]:
    for pattern in patterns:
        yield pattern
        yield from _flatten(pattern.nested)
