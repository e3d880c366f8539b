"""Issue 10 (branch layered): a package named like a slice joins it only when coupled to it;
a vertical slice across three layers is split off a group even without tables of its own."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import build_tree, graph_of

from strangler.model import Module
from strangler.seams.propose import Choice, Grouping, name_groups, split_slices
from strangler.seams.signals import static_neighbours
from strangler.seams.words import domain_units

# `app.core` is layered (crud/ models/ services/ views/, one file per domain); beside it,
# `app.wallets` holds funding-source backends (a homonym of the wallets slice) and
# `app.fiat` holds fiat providers that `views/fiat_api` serves.
SLICE = ["app.core.crud.wallets", "app.core.models.wallets", "app.core.services.wallets",
         "app.core.views.wallet_api"]
BACKENDS = ["app.wallets", "app.wallets.base", "app.wallets.alby", "app.wallets.lnd"]
FIAT = ["app.fiat", "app.fiat.base", "app.fiat.stripe", "app.core.views.fiat_api"]
MODULES = ["app", "app.core", "app.core.crud", "app.core.models", "app.core.services",
           "app.core.views", "app.core.crud.payments", "app.core.models.payments",
           *SLICE, *BACKENDS, *FIAT]
USES = {
    "app.core.views.fiat_api": {"app.fiat.base"},
    "app.fiat.base": {"app.core.views.fiat_api", "app.fiat.stripe"},
    "app.wallets.alby": {"app.wallets.base"},
    "app.wallets.base": {"app.wallets.alby", "app.core.crud.payments"},
}


def _uses(module: str) -> set[str]:
    return USES.get(module, set())


def test_a_package_named_like_a_slice_joins_it_only_when_coupled_to_it() -> None:
    by_name = domain_units(MODULES)
    assert {by_name[m] for m in SLICE + BACKENDS} == {"word:wallet"}  # names alone
    units = domain_units(MODULES, _uses)
    assert {units[m] for m in SLICE} == {"word:wallet"}
    # nothing of the slice uses the backends, nor do they use it: a homonym
    assert {units[m] for m in BACKENDS} == {"app.wallets"}
    # the fiat providers are used by the fiat API: one slice
    assert {units[m] for m in FIAT} == {"word:fiat"}


def test_the_slice_keeps_its_name_beside_a_bigger_homonym_package() -> None:
    backends = [*BACKENDS, "app.wallets.eclair", "app.wallets.nwc"]
    modules = {name: Module(name, f"{name.replace('.', '/')}.py", "app", False, 100, 120)
               for name in MODULES + backends}
    grouping = Grouping((("", tuple(sorted(backends))), ("", tuple(sorted(SLICE)))), Choice(None))
    names = {members: name for name, members in name_groups(grouping, modules, _uses).groups}
    # The package keeps its own name; the slice is the wallet part of `core`, not a plural
    # twin `wallet` beside `wallets`, which a reader cannot tell apart.
    assert names[tuple(sorted(backends))] == "wallets"
    assert names[tuple(sorted(SLICE))] == "core_wallet"


def test_a_vertical_slice_across_three_layers_is_split_off_without_tables() -> None:
    graph = nx.Graph()
    edges = [
        ("a.crud.payments", "a.models.payments", 4.0),
        ("a.services.payments", "a.crud.payments", 4.0),
        ("a.views.payment_api", "a.services.payments", 4.0),
        # lnurl: models, services and views of its own, no table; it calls the payments
        ("a.services.lnurl", "a.models.lnurl", 3.0), ("a.views.lnurl_api", "a.services.lnurl", 3.0),
        ("a.services.lnurl", "a.services.payments", 2.0),
        # two layers only: no vertical slice of its own
        ("a.services.invoice", "a.views.invoice_api", 3.0),
        ("a.services.invoice", "a.services.payments", 1.0),
    ]
    graph.add_weighted_edges_from(edges)
    units = {m: "unit:word:payment" for m in ("a.crud.payments", "a.models.payments",
                                              "a.services.payments", "a.views.payment_api")}
    units.update({m: "unit:word:lnurl" for m in ("a.models.lnurl", "a.services.lnurl",
                                                 "a.views.lnurl_api")})
    units.update({m: "unit:word:invoice" for m in ("a.services.invoice",
                                                   "a.views.invoice_api")})
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    groups = {frozenset(members) for _, members in
              split_slices(graph, grouping, units, {"a.crud.payments"}).groups}
    assert frozenset({"a.models.lnurl", "a.services.lnurl", "a.views.lnurl_api"}) in groups
    payments = next(g for g in groups if "a.crud.payments" in g)
    assert {"a.services.invoice", "a.views.invoice_api"} <= payments


def test_static_neighbours_are_code_uses_both_ways(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/a.py": "from app.b import f\n\ndef g():\n    return f()\n",
        "app/b.py": "def f():\n    return 1\n",
        "app/c.py": "X = 1\n",
    })
    _, graph = graph_of(root)
    found = static_neighbours(graph)
    assert "app.b" in found["app.a"] and "app.a" in found["app.b"]
    assert "app.c" not in found


def test_a_self_contained_unit_is_split_off_a_data_slice_without_tables() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.crud.payments", "a.models.payments", 4.0),
        ("a.views.payment_api", "a.crud.payments", 4.0),
        # fiat providers and their API: tightly knit, one call into the payments
        ("a.fiat.base", "a.fiat.stripe", 4.0), ("a.fiat.base", "a.fiat.paypal", 4.0),
        ("a.views.fiat_api", "a.fiat.base", 3.0),
        ("a.views.fiat_api", "a.views.payment_api", 1.0),
        # ... and as many into helpers: payments are not its main tie (`_component_allies`)
        ("a.fiat.base", "a.helpers", 1.0), ("a.fiat.stripe", "a.cache", 1.0),
        ("a.helpers", "a.crud.payments", 3.0), ("a.cache", "a.crud.payments", 3.0),
        # a helper unit that pulls the payments as hard as itself stays with them
        ("a.lib.invoice", "a.lib.invoice_format", 1.0), ("a.lib.invoice", "a.crud.payments", 1.0),
        ("a.lib.invoice_format", "a.views.payment_api", 1.0),
        ("a.lib.invoice_qr", "a.lib.invoice", 1.0),
    ])
    units = {m: "unit:word:payment" for m in ("a.crud.payments", "a.models.payments",
                                              "a.views.payment_api")}
    units.update({m: "unit:word:fiat" for m in ("a.fiat.base", "a.fiat.stripe",
                                                "a.fiat.paypal", "a.views.fiat_api")})
    units.update({m: "unit:word:invoice" for m in ("a.lib.invoice", "a.lib.invoice_format",
                                                   "a.lib.invoice_qr")})
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    groups = {frozenset(members) for _, members in
              split_slices(graph, grouping, units, {"a.crud.payments"}).groups}
    assert frozenset({"a.fiat.base", "a.fiat.stripe", "a.fiat.paypal",
                      "a.views.fiat_api"}) in groups
    payments = next(g for g in groups if "a.crud.payments" in g)
    assert {"a.lib.invoice", "a.lib.invoice_format", "a.lib.invoice_qr"} <= payments


def test_a_plugin_named_after_a_layer_domain_is_that_domains_unit() -> None:
    modules = ["app", "app.api", "app.api.challenges", "app.api.flags", "app.api.users",
               "app.schemas", "app.schemas.challenges", "app.schemas.users",
               "app.views", "app.views.challenges", "app.views.users",
               "app.plugins", "app.plugins.challenges", "app.plugins.challenges.logic",
               "app.plugins.flags", "app.plugins.dynamic_scoring",
               "app.plugins.migrations"]
    units = domain_units(modules)
    assert {units[m] for m in ("app.api.challenges", "app.plugins.challenges",
                               "app.plugins.challenges.logic")} == {"word:challenge"}
    assert units["app.plugins.flags"] == units["app.api.flags"] == "word:flag"
    # plugins no layer names stay the plugin system's
    assert {units[m] for m in ("app.plugins", "app.plugins.dynamic_scoring",
                               "app.plugins.migrations")} == {"word:plugin"}


def test_a_slice_across_api_admin_and_utils_is_split_off_without_tables() -> None:
    # (CTFd-shaped: `api/v1/scoreboard`, `admin/scoreboard`, `utils/scoreboard` read the
    # tables the one models module maps; the back office and the helpers are its layers)
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.api.v1.challenges", "a.plugins.challenges", 4.0),
        ("a.admin.challenges", "a.plugins.challenges", 4.0),
        ("a.api.v1.scoreboard", "a.utils.scoreboard", 3.0),
        ("a.admin.scoreboard", "a.utils.scoreboard", 3.0),
        ("a.utils.scoreboard", "a.plugins.challenges", 2.0),
        # (a module of no unit, left to join the slice it pulls hardest)
        ("a.views.scoreboard_page", "a.api.v1.scoreboard", 2.0),
    ])
    units = {m: "unit:word:challenge" for m in ("a.api.v1.challenges", "a.admin.challenges",
                                                "a.plugins.challenges")}
    units.update({m: "unit:word:scoreboard" for m in ("a.api.v1.scoreboard",
                                                      "a.admin.scoreboard",
                                                      "a.utils.scoreboard")})
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    groups = {frozenset(members) for _, members in
              split_slices(graph, grouping, units, {"a.api.v1.challenges"}).groups}
    assert frozenset({"a.api.v1.scoreboard", "a.admin.scoreboard", "a.utils.scoreboard",
                      "a.views.scoreboard_page"}) in groups


def test_a_group_of_slices_alone_is_split_too() -> None:
    # (no module outside a slice is left to place: the split still stands)
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("a.api.awards", "a.schemas.awards", 4.0), ("a.api.users", "a.schemas.users", 4.0),
        ("a.api.awards", "a.api.users", 1.0)])
    units = {"a.api.awards": "unit:word:award", "a.schemas.awards": "unit:word:award",
             "a.api.users": "unit:word:user", "a.schemas.users": "unit:word:user"}
    grouping = Grouping((("", tuple(sorted(graph.nodes))),), Choice(None))
    groups = {frozenset(members) for _, members in
              split_slices(graph, grouping, units, {"a.api.awards", "a.api.users"}).groups}
    assert groups == {frozenset({"a.api.awards", "a.schemas.awards"}),
                      frozenset({"a.api.users", "a.schemas.users"})}
