"""Entry-point plugins join the domain their kind is named after (`seams.plugin_kinds`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import Dependency, build_graph
from strangler.model import KernelModule, Module
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams.config import SeamConfig
from strangler.seams.kernel import find_roots, runtime_edges
from strangler.seams.naming import NameEvidence
from strangler.seams.plugin_kinds import (
    kind_homes,
    module_kinds,
    plugin_kinds,
    plugin_packages,
)
from strangler.seams.propose import Choice, Grouping, name_groups
from strangler.seams.registry_roots import late_registry_roots, registry_roots

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


# An entry-point plugin whose HTTP client mounts adapters (`requests.Session.mount`) twice
# is loaded by the factory alone, like a route registry, but registers no router.
PLUGIN_APP = {
    "setup.cfg": """
        [metadata]
        name = shop

        [options.entry_points]
        shop.plugins =
            ca = shop.plugins.ca.plugin:CaPlugin
    """,
    "shop/__init__.py": "",
    "shop/factory.py": """
        from importlib.metadata import entry_points
        from flask import Flask
        from shop.orders.views import blueprint as orders
        from shop.users.views import blueprint as users

        def create_app():
            app = Flask(__name__)
            app.register_blueprint(orders)
            app.register_blueprint(users)
            for ep in entry_points(group="shop.plugins"):
                ep.load()
            return app
    """,
    "shop/plugins/__init__.py": "",
    "shop/plugins/ca/__init__.py": "",
    "shop/plugins/ca/plugin.py": """
        import requests
        from requests.adapters import HTTPAdapter

        class CaPlugin:
            def __init__(self):
                self.session = requests.Session()
                adapter = HTTPAdapter(max_retries=3)
                self.session.mount("https://", adapter)
                self.session.mount("http://", adapter)

            def issue(self, csr):
                return self.session.post("https://ca.example/issue", data=csr).json()
    """,
}
for _domain in ("orders", "users"):
    PLUGIN_APP[f"shop/{_domain}/__init__.py"] = ""
    PLUGIN_APP[f"shop/{_domain}/views.py"] = f"""
        from flask import Blueprint

        blueprint = Blueprint({_domain!r}, __name__)

        @blueprint.route("/{_domain}")
        def index():
            return {_domain!r}
    """


def test_an_entry_point_plugin_mounting_http_adapters_is_no_route_registry(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop_app", PLUGIN_APP)
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    index = link(root.name, parsed.files, parsed.problems, read_entry_points(root))
    graph = build_graph(index)
    plugin = "shop.plugins.ca.plugin"
    assert dict(index.registrations).get(plugin, 0) >= 2  # (what the registry rule reads)
    roots = {r.module for r in find_roots(index, graph, SeamConfig())}
    grouping = Grouping.ordered([("", [plugin, "shop.orders.views"])], Choice(1))
    # (the registry rule alone takes it: only the factory reaches it, it "mounts" twice)
    assert plugin in {r.module for r in registry_roots(index, graph, SeamConfig(), roots,
                                                        runtime_edges(graph))}
    left, found = late_registry_roots(index, graph, SeamConfig(), grouping, roots)
    assert plugin not in {r.module for r in found}
    assert plugin in left.groups[0][1]


def test_a_plugin_is_named_by_its_kind_not_its_vendor() -> None:
    names = sorted({m for n in PLUGINS for m in _plugin(n)} | set(UNITS)
                   | {k.module for k in KERNEL} | {"app.destinations"})
    kinds = module_kinds(_dependencies(), names, PACKAGES | {"app.destinations"},
                         {k.module for k in KERNEL}, set())
    assert kinds["app.plugins.p_cfssl"] == kinds["app.plugins.p_cfssl.plugin"] == "issuer"
    assert kinds["app.plugins.p_aws.plugin"] == "destinations"  # (the domain's spelling)
    issuers = {m for n in ("p_cfssl", "p_google", "p_digicert") for m in _plugin(n)}
    modules = {m: Module(m, m.replace(".", "/") + ".py", "app", m.count(".") == 2, 50, 60)
               for m in issuers}
    plain = name_groups(Grouping.ordered([("", issuers)], Choice(1)), modules)
    named = name_groups(Grouping.ordered([("", issuers)], Choice(1)), modules,
                        evidence=NameEvidence(kinds=kinds))
    assert plain.groups[0][0] != "issuer"
    assert named.groups[0][0] == "issuer"


def test_a_number_of_services_asked_for_gets_no_new_group() -> None:
    # `--services N` is the user's word: no plugin kind becomes a group of its own and no
    # domain is cut out of its group (lemur with --services 3 got 6 seams); a domain's
    # plugins still join its group and the platform's plugins the kernel.
    result, kernel, _ = kind_homes(
        _grouping(), list(KERNEL), ["app.metrics"], _dependencies(), UNITS, PACKAGES, OWNERS,
        OWNERS | {"app.factory"}, frozenset(), split=False)
    groups = [sorted(members) for _, members in result.groups]
    assert len(groups) <= len(_grouping().groups)
    destinations = next(g for g in groups if "app.destinations.models" in g)
    assert {"app.sources.models", "app.plugins.p_aws.plugin"} <= set(destinations)
    assert "app.plugins.p_statsd" in {k.module for k in kernel}
    assert len(_run()[0]) > len(groups)  # (the default does cut and gather)
