"""Entry-point plugins join the domain their kind is named after (`seams.plugin_kinds`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.model import KernelModule
from strangler.seams.plugin_kinds import kind_homes, plugin_kinds, plugin_packages
from strangler.seams.propose import Choice, Grouping

BASES = "app.plugins.bases"
DEST, ISSUER, SOURCE, METRIC = (f"{BASES}.destination", f"{BASES}.issuer",
                                f"{BASES}.catalog", f"{BASES}.metric")
KERNEL = [KernelModule(m, "framework") for m in (
    BASES, DEST, ISSUER, SOURCE, METRIC, "app.extensions", "app.utils")]
# plugin package -> (kind module, classes subclassing it) of its registered `plugin` module
PLUGINS = {
    "p_aws": ((DEST, 3), (SOURCE, 1)),
    "p_sftp": ((DEST, 1),),
    "p_gcs": ((DEST, 1),),
    "p_vault": ((DEST, 1), (SOURCE, 1)),
    "p_cfssl": ((ISSUER, 1),),
    "p_google": ((ISSUER, 1),),
    "p_digicert": ((ISSUER, 2), (SOURCE, 2)),  # a tie: `catalog` is never implemented alone
    "p_atlas": ((METRIC, 1),),
    "p_atlas_redis": ((METRIC, 1),),
    "p_statsd": ((METRIC, 1),),
}


def _dep(source: str, target: str, kind: str = "call", count: int = 1) -> Dependency:
    return Dependency(source, target, ((kind, count),), (), 1.0, 1)


def _plugin(name: str) -> tuple[str, str]:
    return f"app.plugins.{name}", f"app.plugins.{name}.plugin"


def _dependencies(extra: tuple[Dependency, ...] = ()) -> list[Dependency]:
    found = [_dep("app.metrics", "app.utils"), _dep("app.extensions", "app.metrics"),
             _dep("app.destinations.service", "app.destinations.models"),
             _dep("app.destinations.service", "app.sources.service"),
             _dep("app.sources.service", "app.destinations.service"),
             _dep("app.sources.service", "app.sources.models"),
             _dep("app.authorities.service", "app.authorities.models")]
    for name, kinds in PLUGINS.items():
        package, module = _plugin(name)
        found.append(_dep("app.factory", module, "entry_point"))
        found.append(_dep(module, package, "import"))
        found.append(_dep(module, "app.utils"))
        found.extend(_dep(module, kind, "base", count) for kind, count in kinds)
    return [*found, *extra]


def _grouping() -> Grouping:
    plugins = [m for name in PLUGINS for m in _plugin(name)]
    return Grouping.ordered([
        ("", ["app.destinations.models", "app.destinations.service", "app.sources.models",
              "app.sources.service", *[m for m in plugins if "atlas" not in m]]),
        ("", ["app.authorities.models", "app.authorities.service"]),
        ("", [m for m in plugins if "atlas" in m]),
    ], Choice(3))


UNITS = {m: m.rsplit(".", 1)[0] for m in (
    "app.destinations.models", "app.destinations.service", "app.sources.models",
    "app.sources.service", "app.authorities.models", "app.authorities.service")}
UNITS.update({"app.metrics": "app.metrics"})
PACKAGES = {"app", "app.plugins", BASES, *(_plugin(n)[0] for n in PLUGINS)}
OWNERS = {"app.destinations.models", "app.sources.models", "app.authorities.models"}


def _run(grouping: Grouping | None = None, extra: tuple[Dependency, ...] = (),
         fixed: frozenset[str] = frozenset()) -> tuple[list[list[str]], list[str], list[str]]:
    result, kernel, isolated = kind_homes(
        grouping or _grouping(), list(KERNEL), ["app.metrics"], _dependencies(extra), UNITS,
        PACKAGES, OWNERS, OWNERS | {"app.factory"}, fixed)
    return ([sorted(members) for _, members in result.groups],
            sorted(k.module for k in kernel), isolated)


def test_a_plugin_package_has_the_kind_its_registered_classes_subclass_most() -> None:
    plugins = [_plugin(n)[0] for n in PLUGINS]
    entries = {_plugin(n)[1] for n in PLUGINS}
    kinds = plugin_kinds(_dependencies(), plugins, {k.module for k in KERNEL}, entries)
    assert kinds["app.plugins.p_aws"] == DEST
    assert kinds["app.plugins.p_vault"] == DEST  # (tie: `catalog` is never alone)
    assert kinds["app.plugins.p_digicert"] == ISSUER
    assert kinds["app.plugins.p_statsd"] == METRIC


def test_destination_plugins_leave_with_their_domain_the_group_of_another_domain() -> None:
    groups, _, _ = _run()
    destinations = next(g for g in groups if "app.destinations.models" in g)
    assert "app.sources.models" not in destinations
    assert {"app.plugins.p_aws.plugin", "app.plugins.p_sftp", "app.plugins.p_gcs.plugin",
            "app.plugins.p_vault.plugin"} <= set(destinations)
    assert ["app.sources.models", "app.sources.service"] in groups


def test_a_kind_no_domain_is_named_after_is_one_group_of_its_plugins() -> None:
    groups, _, _ = _run()
    assert sorted(m for name in ("p_cfssl", "p_digicert", "p_google")
                  for m in _plugin(name)) in groups


def test_a_kind_named_after_a_module_only_the_kernel_uses_is_platform() -> None:
    groups, kernel, isolated = _run()
    assert {"app.metrics", "app.plugins.p_atlas.plugin", "app.plugins.p_statsd"} <= set(kernel)
    assert isolated == []
    assert not any("atlas" in m for g in groups for m in g)


def test_a_plugin_using_data_of_its_group_stays_there() -> None:
    # the cfssl issuer reads the authorities' service, and sits in their group
    grouping = _grouping()
    moved = Grouping.ordered([
        (pin, [m for m in ms if "p_cfssl" not in m]
         + (list(_plugin("p_cfssl")) if "app.authorities.models" in ms else []))
        for pin, ms in grouping.groups], grouping.choice)
    groups, _, _ = _run(moved, (_dep("app.plugins.p_cfssl.plugin", "app.authorities.service"),))
    authorities = next(g for g in groups if "app.authorities.models" in g)
    assert "app.plugins.p_cfssl.plugin" in authorities


def test_a_single_kind_changes_nothing() -> None:
    grouping = _grouping()
    dependencies = [d for d in _dependencies() if d.target not in (ISSUER, SOURCE, METRIC)]
    result, kernel, isolated = kind_homes(
        grouping, list(KERNEL), ["app.metrics"], dependencies, UNITS, PACKAGES, OWNERS,
        OWNERS | {"app.factory"}, frozenset())
    assert result == grouping and kernel == KERNEL and isolated == ["app.metrics"]


def test_user_placed_plugins_stay() -> None:
    groups, _, _ = _run(fixed=frozenset({"app.plugins.p_sftp.plugin"}))
    assert "app.plugins.p_sftp.plugin" in next(g for g in groups if "app.sources.models" in g)


def test_a_package_registering_its_own_modules_is_no_plugin_package() -> None:
    dependencies = [_dep("app", "app.jobs", "entry_point"),
                    _dep("app.factory", "app.plugins.p_sftp.plugin", "entry_point")]
    names = ["app", "app.jobs", "app.plugins.p_sftp", "app.plugins.p_sftp.plugin"]
    assert plugin_packages(dependencies, names, {"app", "app.plugins.p_sftp"},
                           set()) == ["app.plugins.p_sftp"]
