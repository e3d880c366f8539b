"""Business contexts: the routes whose handler module reaches a module within three steps."""

from __future__ import annotations

from dataclasses import replace

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


def test_equal_contexts_are_one_object_and_score_as_before() -> None:
    """Modules reached by the same routes share one context set, and the route signal
    between two modules is still 2 * |common routes| / |all their routes| times its weight,
    also when the same pair of sets is compared again for other modules."""
    from strangler.seams.config import Signals, SignalWeights
    from strangler.seams.signals import signal_graph

    routes = (_route("GET", "/a", "x.views"), _route("GET", "/b", "x.views"),
              _route("GET", "/b", "y.views"))
    dependencies = [_dependency("x.views", "x.one"), _dependency("x.views", "x.two"),
                    _dependency("y.views", "x.two"), _dependency("x.one", "x.two"),
                    _dependency("x.views", "y.views")]
    names = ("x.one", "x.two", "x.views", "y.views")
    index = ProjectIndex("", (), (), (), routes, (), (), (), (), ())
    graph = CouplingGraph(names, tuple(dependencies), ())
    contexts = business_contexts(index, graph)
    assert contexts["x.one"] is contexts["x.views"]
    assert contexts["x.two"] == frozenset({"GET /a", "GET /b"})
    weights = SignalWeights()
    static_only = Signals(data=False, cochange=False, routes=False, package=False, words=False)
    both = signal_graph(index, graph, weights, replace(static_only, routes=True),
                        contexts=contexts)
    plain = signal_graph(index, graph, weights, static_only)
    for a, b in [("x.one", "x.views"), ("x.one", "x.two"), ("x.two", "x.views"),
                 ("x.views", "y.views"), ("x.two", "y.views")]:
        ca, cb = contexts[a], contexts[b]
        expected = weights.routes * 2.0 * len(ca & cb) / len(ca | cb)
        assert both[a][b]["weight"] == round(plain[a][b]["weight"] + expected, 6)


def test_a_route_declared_in_the_root_urlconf_starts_from_its_handlers_module() -> None:
    """`path('orders/', orders.views.index)` in the root `urls.py`: the walk starts from the
    module that serves the route (`model.serving_module`), so the order code is reached,
    not only what `urls.py` imports within three steps."""
    from strangler.model import Module

    names = ["site.urls", "orders.views", "orders.models", "orders.rules", "orders.tax"]
    modules = tuple(Module(n, n.replace(".", "/") + ".py", n.split(".")[0], False, 1, 1)
                    for n in names)
    route = Route(("GET",), "/orders/", "orders.views.index", "site.urls", "site/urls.py", 1,
                  "django")
    chain = ["site.urls", "orders.views", "orders.models", "orders.rules", "orders.tax"]
    dependencies = [_dependency(a, b) for a, b in zip(chain, chain[1:], strict=False)]
    index = ProjectIndex("", modules, (), (), (route,), (), (), (), (), ())
    graph = CouplingGraph(tuple(sorted(names)), tuple(dependencies), ())
    contexts = business_contexts(index, graph)
    assert contexts["orders.tax"] == frozenset({"GET /orders/"})
    assert "site.urls" not in contexts
