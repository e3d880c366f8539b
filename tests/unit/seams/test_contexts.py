"""Business contexts: the routes whose handler module reaches a module within three steps."""

from __future__ import annotations

from strangler.graph import CouplingGraph, Dependency
from strangler.model import ProjectIndex, Route
from strangler.seams.signals import business_contexts


def _route(method: str, path: str, module: str) -> Route:
    return Route((method,), path, f"{module}.view", module, f"{module}.py", 1, "flask")


def _dependency(source: str, target: str, kind: str = "import") -> Dependency:
    return Dependency(source, target, ((kind, 1),), (), 1.0, 1)


def test_each_route_reaches_what_its_handler_module_reaches_within_three_steps() -> None:
    """Several routes share a handler module (walked once for all of them); each route's
    label lands on every module its handler reaches in at most three runtime steps, and
    nowhere else; a type-only import does not carry it."""
    routes = (_route("GET", "/a", "app.views"), _route("POST", "/a", "app.views"),
              _route("GET", "/b", "app.other"))
    chain = ["app.views", "app.m1", "app.m2", "app.m3", "app.m4"]
    dependencies = [_dependency(a, b) for a, b in zip(chain, chain[1:], strict=False)]
    dependencies += [_dependency("app.other", "app.m2", "call"),
                     _dependency("app.views", "app.typed", "import_type_only")]
    index = ProjectIndex("", (), (), (), routes, (), (), (), (), ())
    graph = CouplingGraph(tuple(sorted({*chain, "app.other", "app.typed"})),
                          tuple(dependencies), ())
    a_routes = frozenset({"GET /a", "POST /a"})
    assert business_contexts(index, graph) == {
        "app.views": a_routes,
        "app.m1": a_routes,
        "app.m2": a_routes | {"GET /b"},
        "app.m3": a_routes | {"GET /b"},
        "app.other": frozenset({"GET /b"}),
        "app.m4": frozenset({"GET /b"}),
    }
    assert business_contexts(index, graph, depth=1) == {
        "app.views": a_routes, "app.m1": a_routes,
        "app.other": frozenset({"GET /b"}), "app.m2": frozenset({"GET /b"})}
