"""Modules only the application's roots use, built on the platform, are kernel
(`seams.root_wiring`)."""

from __future__ import annotations

from strangler.graph import CouplingGraph, Dependency
from strangler.seams.root_wiring import root_wiring


def _dep(source: str, target: str, weight: float = 1.0) -> Dependency:
    return Dependency(source, target, (("call", 1),), (), weight, 1)


GROUPS = (
    ("", ("app.audit.crud", "app.audit.models", "app.audit.views", "app.middleware")),
    ("", ("app.orders.models", "app.orders.views", "app.tasks")),
    ("", ("app.plugins", "app.plugins.manager", "app.plugins.spec")),
)
UNITS = {"app.audit.crud": "app.audit", "app.audit.models": "app.audit",
         "app.audit.views": "app.audit", "app.middleware": "app.middleware",
         "app.orders.models": "app.orders", "app.orders.views": "app.orders",
         "app.tasks": "app.tasks", "app.plugins": "app.plugins",
         "app.plugins.manager": "app.plugins", "app.plugins.spec": "app.plugins"}
DEPENDENCIES = (
    # the middleware: settings and helpers (kernel), one call into the audit domain
    _dep("app.middleware", "app.settings", 4.0), _dep("app.middleware", "app.helpers", 2.0),
    _dep("app.middleware", "app.audit.models"),
    # the root's jobs module: mostly the orders domain
    _dep("app.tasks", "app.orders.models", 3.0), _dep("app.tasks", "app.settings"),
    # the plugin manager: kernel only, but its package's specs are in its seam
    _dep("app.plugins.manager", "app.helpers", 2.0),
    _dep("app.orders.views", "app.orders.models", 2.0),
    _dep("app.audit.views", "app.audit.crud"), _dep("app.audit.crud", "app.audit.models"),
)
RUNTIME = (("app.app", "app.middleware"), ("app.app", "app.tasks"),
           ("app.app", "app.plugins.manager"), ("app.app", "app.orders.views"),
           ("app.audit.views", "app.audit.crud"), ("app.audit.crud", "app.audit.models"),
           ("app.orders.views", "app.orders.models"), ("app.plugins", "app.plugins.spec"))
MODULES = tuple(sorted({m for _, ms in GROUPS for m in ms} | {"app.app", "app.settings",
                                                              "app.helpers"}))


def _wiring(groups: tuple[tuple[str, tuple[str, ...]], ...] = GROUPS,
            served: frozenset[str] = frozenset({"app.orders.views", "app.audit.views"}),
            fixed: frozenset[str] = frozenset(),
            runtime: tuple[tuple[str, str], ...] = RUNTIME) -> list[str]:
    graph = CouplingGraph(MODULES, DEPENDENCIES, ())
    return [k.module for k in root_wiring(groups, graph, runtime, {"app.app"},
                                          {"app.orders.models", "app.audit.crud"},
                                          set(served), UNITS, set(fixed))]


def test_middleware_only_the_app_factory_uses_is_kernel() -> None:
    assert _wiring() == ["app.middleware"]


def test_a_module_another_seam_imports_or_a_lever_holds_stays() -> None:
    assert _wiring(runtime=(*RUNTIME, ("app.audit.views", "app.middleware"))) == []
    assert _wiring(fixed=frozenset({"app.middleware"})) == []
    pinned = (("audit", GROUPS[0][1]), *GROUPS[1:])
    assert _wiring(groups=pinned) == []
