"""A plugin registered through an entry point is not the app's root wiring
(`seams.entry_plugins`)."""

from __future__ import annotations

from strangler.graph import CouplingGraph, Dependency
from strangler.seams.entry_plugins import entry_point_plugins, unregistered
from strangler.seams.root_wiring import root_wiring


def _dep(source: str, target: str, kind: str = "call", weight: float = 1.0) -> Dependency:
    return Dependency(source, target, ((kind, 1),), (), weight, 1)


def test_only_modules_reached_by_entry_point_links_alone_are_plugins() -> None:
    graph = CouplingGraph(("app.factory", "app.p.sftp", "app.p.aws", "app.p.aws.s3"), (
        _dep("app.factory", "app.p.sftp", "entry_point"),
        _dep("app.factory", "app.p.aws", "entry_point"),
        _dep("app.other", "app.p.aws", "import"),  # imported as well: not only registered
        _dep("app.p.aws", "app.p.aws.s3", "import"),
    ), ())
    assert entry_point_plugins(graph) == {"app.p.sftp"}


# A destinations domain whose rows name their plugin; the sftp destination plugin is loaded
# by the factory from the packaging entry points, the middleware by a plain import. Both
# are used only by the factory and are built on the platform's helpers.
GROUPS = (
    ("", ("app.destinations.models", "app.destinations.service", "app.plugins.sftp.plugin")),
    ("", ("app.users.models", "app.users.service", "app.middleware")),
)
UNITS = {"app.destinations.models": "app.destinations",
         "app.destinations.service": "app.destinations",
         "app.plugins.sftp.plugin": "app.plugins", "app.users.models": "app.users",
         "app.users.service": "app.users", "app.middleware": "app.middleware"}
DEPENDENCIES = (
    _dep("app.factory", "app.plugins.sftp.plugin", "entry_point", 0.5),
    _dep("app.factory", "app.middleware", "import"),
    _dep("app.plugins.sftp.plugin", "app.plugins.bases.destination", "base", 3.0),
    _dep("app.plugins.sftp.plugin", "app.utils", "call", 3.0),
    _dep("app.plugins.sftp.plugin", "app.destinations.models", "call", 0.5),
    _dep("app.middleware", "app.utils", "call", 3.0),
    _dep("app.middleware", "app.users.models", "call", 0.5),
    _dep("app.destinations.service", "app.destinations.models", "call", 2.0),
    _dep("app.users.service", "app.users.models", "call", 2.0),
)
RUNTIME = tuple((d.source, d.target) for d in DEPENDENCIES)
MODULES = tuple(sorted({m for _, ms in GROUPS for m in ms} | {
    "app.factory", "app.utils", "app.plugins.bases.destination"}))


def test_a_registered_plugin_stays_in_its_group_while_the_middleware_is_kernel() -> None:
    graph = CouplingGraph(MODULES, DEPENDENCIES, ())
    wiring = root_wiring(GROUPS, graph, RUNTIME, {"app.factory"},
                         {"app.destinations.models", "app.users.models"}, set(), UNITS, set())
    # root_wiring alone takes both: only the factory reaches them, they use the platform
    assert [k.module for k in wiring] == ["app.middleware", "app.plugins.sftp.plugin"]
    assert [k.module for k in unregistered(wiring, graph)] == ["app.middleware"]
