"""Issue 10 (helper `s15-octoprint`): an application without tables whose REST API is one
package of one resource module per domain (`server/api/slicing.py`, `server/api/files.py`)
beside the application's own domain packages and modules (`slicing/`, `filemanager/`,
`timelapse.py`): after the clustering each resource module that uses its domain home joins
the group holding most of that home. An API package naming too few homes, a homonym that
never calls its home, and a package inside a domain (`graphql/order/mutations`) are left
as they were."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.api_homes import api_homes, join_api_homes

RESOURCES = ("access", "files", "printer", "printer_profiles", "slicing", "system",
             "timelapse", "connection", "settings")
HOMES = {"access": "app.access", "files": "app.filemanager", "printer": "app.printer",
         "printer_profiles": "app.printer", "slicing": "app.slicing",
         "system": "app.systemcommands", "timelapse": "app.timelapse"}


def _app() -> list[str]:
    names = ["app", "app.server", "app.server.api", "app.server.util", "app.server.views",
             "app.access", "app.access.users", "app.access.groups", "app.filemanager",
             "app.filemanager.storage", "app.printer", "app.printer.standard",
             "app.slicing", "app.slicing.exceptions", "app.systemcommands", "app.timelapse",
             "app.settings"]
    return names + [f"app.server.api.{r}" for r in RESOURCES]


def _dep(source: str, target: str) -> Dependency:
    return Dependency(source, target, (("import", 1),), (), 1.0, 1)


def _deps(skip: tuple[str, ...] = ()) -> list[Dependency]:
    found = [_dep(f"app.server.api.{r}", "app.server.util") for r in RESOURCES]
    found += [_dep(f"app.server.api.{r}", home) for r, home in HOMES.items() if r not in skip]
    return found


SERVED = frozenset(f"app.server.api.{r}" for r in RESOURCES)


def _groups(*groups: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(("", tuple(sorted(g))) for g in groups)


def _where(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, int]:
    return {m: i for i, (_, members) in enumerate(groups) for m in members}


def _clustered() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _groups(
        ["app.server.util", "app.server.views", "app.server.api"]
        + [f"app.server.api.{r}" for r in RESOURCES],
        ["app.access", "app.access.users", "app.access.groups"],
        ["app.filemanager", "app.filemanager.storage", "app.printer", "app.printer.standard",
         "app.systemcommands"],
        ["app.slicing", "app.slicing.exceptions"],
        ["app.timelapse"])


def test_each_resource_module_names_its_domain_home() -> None:
    homes = api_homes(_app(), SERVED, _deps())
    # same word, a compound's head, a home whose name begins with the module's word
    assert homes == {f"app.server.api.{r}": (home,) for r, home in HOMES.items()}


def test_resource_modules_join_their_domains_groups() -> None:
    names = _app()
    found = _where(join_api_homes(_clustered(), names, SERVED, _deps(),
                                  {m: 10 for m in names}))
    # without the rule every resource module stays with the API's helpers
    assert found["app.server.api.slicing"] == found["app.slicing"]
    assert found["app.server.api.timelapse"] == found["app.timelapse"]
    assert found["app.server.api.access"] == found["app.access.users"]
    assert found["app.server.api.files"] == found["app.filemanager.storage"]
    assert found["app.server.api.printer_profiles"] == found["app.printer"]
    # modules named after no home (or after no domain) stay with the API
    assert found["app.server.api.connection"] == found["app.server.util"]
    assert found["app.server.api.settings"] == found["app.server.util"]


def test_too_few_homes_or_homonyms_change_nothing() -> None:
    names = _app()
    groups = _clustered()
    loc = {m: 10 for m in names}
    # four resource modules that use their homes are too few for an API of domains
    skip = ("files", "printer", "system")
    assert join_api_homes(groups, names, SERVED, _deps(skip), loc) == groups
    # modules that serve no route are no REST API (a CLI package of commands)
    assert join_api_homes(groups, names, frozenset(), _deps(), loc) == groups


def test_a_package_inside_a_domain_is_no_api() -> None:
    names = ["shop", "shop.order", "shop.order.models", "shop.graphql",
             "shop.graphql.order", "shop.graphql.order.mutations"]
    resources = [f"shop.graphql.order.mutations.order_{verb}"
                 for verb in ("create", "update", "delete", "cancel", "confirm", "refund")]
    deps = [_dep(m, "shop.order.models") for m in resources]
    assert api_homes(names + resources, frozenset(resources), deps) == {}


def test_kept_modules_and_pinned_groups_stay() -> None:
    names = _app()
    loc = {m: 10 for m in names}
    pinned = (("api", _clustered()[0][1]), *_clustered()[1:])
    assert join_api_homes(pinned, names, SERVED, _deps(), loc) == pinned
    kept = [f"app.server.api.{r}" for r in RESOURCES]
    assert join_api_homes(_clustered(), names, SERVED, _deps(), loc, kept) == _clustered()


# An application layered by kind, one module per domain in every layer (helper `set9`): the
# dashboard's routers have no domain package to join, only the same-named modules of the
# sibling layer packages (`models/client.py`, `repositories/client.py`).
WORDS = ("clients", "tenants", "themes", "users", "roles", "webhooks")
SINGLE = ("client", "tenant", "theme", "user", "role", "webhook")
LAYERS = ("models", "repositories", "schemas")


def _layered() -> list[str]:
    names = ["svc", "svc.apps", "svc.apps.dash", "svc.apps.dash.routers",
             "svc.apps.dash.util", "svc.apps.dash.routers.auth"]
    names += [f"svc.apps.dash.routers.{w}" for w in WORDS]
    names += [f"svc.{layer}" for layer in LAYERS]
    names += [f"svc.{layer}.{w}" for layer in LAYERS for w in SINGLE]
    return names


LAYERED_SERVED = frozenset(f"svc.apps.dash.routers.{w}" for w in WORDS + ("auth",))


def _layered_deps() -> list[Dependency]:
    found = [_dep(f"svc.apps.dash.routers.{w}", "svc.apps.dash.util") for w in WORDS]
    found += [_dep(f"svc.apps.dash.routers.{w}", f"svc.repositories.{s}")
              for w, s in zip(WORDS, SINGLE, strict=True)]
    return found


def _layered_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    dash = ["svc.apps.dash.util", "svc.apps.dash.routers", "svc.apps.dash.routers.auth"]
    return _groups(dash + [f"svc.apps.dash.routers.{w}" for w in WORDS],
                   *[[f"svc.{layer}.{s}" for layer in LAYERS] for s in SINGLE])


def test_resource_modules_without_a_home_name_their_twins() -> None:
    homes = api_homes(_layered(), LAYERED_SERVED, _layered_deps())
    assert homes["svc.apps.dash.routers.clients"] == (
        "svc.models.client", "svc.repositories.client", "svc.schemas.client")
    assert "svc.apps.dash.routers.auth" not in homes


def test_resource_modules_join_the_group_of_their_twins() -> None:
    names = _layered()
    found = _where(join_api_homes(_layered_groups(), names, LAYERED_SERVED, _layered_deps(),
                                  {m: 10 for m in names}))
    for word, single in zip(WORDS, SINGLE, strict=True):
        assert found[f"svc.apps.dash.routers.{word}"] == found[f"svc.models.{single}"]
    assert found["svc.apps.dash.routers.auth"] == found["svc.apps.dash.util"]


def test_twins_the_module_never_uses_are_no_home() -> None:
    deps = [d for d in _layered_deps() if d.target != "svc.repositories.client"]
    homes = api_homes(_layered(), LAYERED_SERVED, deps)
    assert "svc.apps.dash.routers.clients" not in homes
    assert len(homes) == 5


# An application layered by kind (helper `s17-homes`): its API package holds one resource
# module per domain beside the platform's handlers, and each domain's home is a package
# elsewhere: a child package of the API package itself (`server/orders`) or a deeper cousin
# (`store/core/billing`, `store/core/ticket_registry`), never a child of an ancestor.
FAR_HOMES = {"billing_api": "app.store.core.billing", "order_api": "app.server.orders",
                 "report_api": "app.store.reports", "invoice_router": "app.store.invoice",
                 "ticket_api": "app.store.core.ticket_registry", "user_api": "app.store.users"}


def _far() -> list[str]:
    homes = ["app.store.core.billing", "app.server.orders", "app.store.orders",
             "app.store.reports", "app.store.invoice", "app.store.core.ticket_registry",
             "app.store.users"]
    return (["app", "app.server", "app.server.handlers", "app.server.util", "app.store",
             "app.store.core", "app.server.health_api"]
            + homes + [f"{home}.store" for home in homes]
            + [f"app.server.{r}" for r in FAR_HOMES])


FAR_SERVED = frozenset([f"app.server.{r}" for r in FAR_HOMES] + ["app.server.health_api"])


def _far_deps(extra: tuple[tuple[str, str], ...] = (),
                  skip: tuple[str, ...] = ()) -> list[Dependency]:
    found = [_dep(m, "app.server.handlers") for m in FAR_SERVED]
    found += [_dep(f"app.server.{r}", f"{home}.store") for r, home in FAR_HOMES.items()
              if r not in skip]
    return found + [_dep(source, target) for source, target in extra]


def test_a_resource_module_finds_its_home_anywhere_in_the_project() -> None:
    homes = api_homes(_far(), FAR_SERVED, _far_deps())
    # a child package of the API package, deeper cousins, a prefix (`ticket` ->
    # `ticket_registry`); `store/orders` is a package of the word too, but never used
    assert homes == {f"app.server.{r}": (home,) for r, home in FAR_HOMES.items()}


def test_two_used_packages_of_the_word_are_no_home() -> None:
    homes = api_homes(_far(), FAR_SERVED,
                      _far_deps(extra=(("app.server.order_api", "app.store.orders.store"),)))
    # `order_api` uses both `server/orders` and `store/orders`: ambiguous, left alone
    assert "app.server.order_api" not in homes
    assert homes["app.server.billing_api"] == ("app.store.core.billing",)


def test_far_packages_the_module_never_uses_are_no_home() -> None:
    assert api_homes(_far(), FAR_SERVED,
                     _far_deps(skip=("billing_api", "report_api"))) == {}


def test_layered_resource_modules_join_their_homes_groups() -> None:
    names = _far()
    api = ["app.server", "app.server.handlers", "app.server.util", "app.server.health_api"]
    clustered = _groups(api + [f"app.server.{r}" for r in FAR_HOMES],
                        ["app.store.core.billing", "app.store.core.billing.store",
                         "app.store.invoice", "app.store.invoice.store"],
                        ["app.server.orders", "app.server.orders.store", "app.store.orders",
                         "app.store.orders.store"],
                        ["app.store.reports", "app.store.reports.store", "app.store.users",
                         "app.store.users.store", "app.store.core.ticket_registry",
                         "app.store.core.ticket_registry.store"])
    found = _where(join_api_homes(clustered, names, FAR_SERVED, _far_deps(),
                                  {m: 10 for m in names}))
    for resource, home in FAR_HOMES.items():
        assert found[f"app.server.{resource}"] == found[home], resource
    assert found["app.server.health_api"] == found["app.server.handlers"]
