"""Routes of class-based views that register themselves through a classmethod of a project
class: `@classmethod def register_node_view(cls, blueprint): blueprint.add_url_rule(rule,
view_func=cls.as_view(name))` (Flask's `MethodView.as_view` pattern inside the class, as
pgAdmin's `NodeView.register_node_view` does for every object-browser node).

A call `TableView.register_node_view(blueprint)` on a project class that defines or inherits
such a method (the nearest definition in its bases wins) serves, for each `add_url_rule` of
the method, a route whose handler is the class and whose module is the calling module, under
the prefixes of the router passed (a router of the project, else none). A path the method
computes is marked as known at run time (`{register_node_view}`), as the Routes submapper
fact does; its methods are the literal `methods=` of the call, else the view's."""

from __future__ import annotations

from collections.abc import Callable

from strangler.model import RUNTIME_PREFIX_MARK, RawViewRegistrar, Route
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import join_path, unmarked

Prefixes = Callable[[tuple[str, str]], list[str]]


def registrar_routes(linker: Linker, prefixes: Prefixes) -> list[Route]:
    """The routes served by calls of view registrars (`prefixes`: a router's full prefixes)."""
    defined: dict[str, dict[str, list[RawViewRegistrar]]] = {}
    for name, data in linker.data.items():
        for registrar in data.facts.view_registrars:
            defined.setdefault(f"{name}.{registrar.owner}", {}).setdefault(
                registrar.method, []).append(registrar)
    if not defined:
        return []
    classes, bases = linker.class_hierarchy()
    memo: dict[tuple[str, str], list[RawViewRegistrar]] = {}

    def nearest(qual: str, method: str) -> list[RawViewRegistrar]:
        """The registrar `method` of `qual` or its nearest project base (breadth first)."""
        key = (qual, method)
        if key not in memo:
            found: list[RawViewRegistrar] = []
            queue, seen = [qual], {qual}
            while queue and not found:
                current = queue.pop(0)
                found = defined.get(current, {}).get(method, [])
                for base in bases.get(current, ()):
                    if base in classes and base not in seen:
                        seen.add(base)
                        queue.append(base)
            memo[key] = found
        return memo[key]

    routes: list[Route] = []
    for name, data in linker.data.items():
        for call in data.facts.class_calls:
            head, _, method = call.function.rpartition(".")
            qual = linker.class_ref(name, head)
            if qual not in classes:
                continue
            seen: set[tuple[str, tuple[str, ...]]] = set()
            for registrar in nearest(qual, method):
                if registrar.param >= len(call.args) or not (arg := call.args[registrar.param]):
                    continue
                router = linker.router_of(name, arg)
                starts = prefixes(router) if router is not None else [""]
                path = registrar.path if registrar.path is not None else (
                    "/{" + RUNTIME_PREFIX_MARK + method + "}")
                methods = registrar.methods or linker.view_methods(qual, ("GET",))
                for start in starts:
                    full, runtime = unmarked(join_path(start, path))
                    if (full, methods) in seen:
                        continue
                    seen.add((full, methods))
                    routes.append(Route(methods, full, qual, name, data.source.path, call.line,
                                        "flask", runtime))
    return routes
