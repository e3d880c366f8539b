"""A layer module rejoins the seam holding most of its domain word's modules
(`seams.layer_rejoin`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helpers import build_tree, graph_of

from strangler.graph import Dependency
from strangler.seams.layer_rejoin import in_layer, rejoin_layers, symbol_homes

UNITS = {"app.thumbnails": "word:thumbnail", "app.thumbnails.digest": "word:thumbnail",
         "app.tasks.thumbnails": "word:thumbnail", "app.charts.api": "word:chart",
         "app.dashboards.api": "word:dashboard", "app.dashboards": "word:dashboard"}


def _groups(*groups: tuple[str, ...], pins: tuple[str, ...] = ()
            ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((pins[i] if i < len(pins) else "", g) for i, g in enumerate(groups))


def test_a_job_module_named_for_a_domain_joins_the_seam_of_that_domain() -> None:
    groups = _groups(("app.charts.api", "app.thumbnails", "app.thumbnails.digest"),
                     ("app.dashboards", "app.dashboards.api", "app.tasks.thumbnails"))
    moved = rejoin_layers(groups, UNITS)
    assert moved == _groups(("app.charts.api", "app.tasks.thumbnails", "app.thumbnails",
                             "app.thumbnails.digest"),
                            ("app.dashboards", "app.dashboards.api"))


def test_a_domain_package_module_is_an_anchor_and_never_moves() -> None:
    # (the unit's majority is in the plugins' group, but the API module is no layer module)
    units = {"app.types.api": "word:type", "app.types.plugins.a": "word:type",
             "app.types.plugins.b": "word:type"}
    groups = _groups(("app.types.api",), ("app.types.plugins.a", "app.types.plugins.b"))
    assert rejoin_layers(groups, units) == groups


def test_ties_pins_and_kept_modules_stay() -> None:
    units = {"app.models.user": "word:user", "app.views.user": "word:user"}
    tie = _groups(("app.models.user",), ("app.views.user",))
    assert rejoin_layers(tie, units) == tie
    groups = _groups(("app.charts.api", "app.thumbnails", "app.thumbnails.digest"),
                     ("app.dashboards", "app.dashboards.api", "app.tasks.thumbnails"))
    assert rejoin_layers(groups, UNITS, kept=["app.tasks.thumbnails"]) == groups
    pinned = _groups(*(members for _, members in groups), pins=("", "dash"))
    assert rejoin_layers(pinned, UNITS) == pinned
    home_pinned = _groups(*(members for _, members in groups), pins=("charts",))
    assert rejoin_layers(home_pinned, UNITS) == home_pinned


def test_layer_modules_are_those_below_a_layer_package() -> None:
    assert in_layer("app.commands.chart.create") and in_layer("app.tasks.cache")
    assert not in_layer("app.charts.api") and not in_layer("app.models")


def _use(source: str, target: str, *symbols: tuple[str, int]) -> Dependency:
    return Dependency(source, target, (("call", 1),), symbols, 1.0, 1)


FUNDING_GROUPS = _groups(
    ("app.backends", "app.backends.fake", "app.backends.lnd"),
    ("app.core.crud.payments", "app.core.services.funding_source",
     "app.core.services.payments"))
FUNDING_UNITS = {"app.core.services.funding_source": "word:funding_source",
                 "app.core.crud.payments": "word:payment",
                 "app.core.services.payments": "word:payment",
                 "app.backends": "app.backends", "app.backends.fake": "app.backends",
                 "app.backends.lnd": "app.backends"}


def test_a_lone_layer_module_joins_the_group_whose_code_its_word_names() -> None:
    uses = [_use("app.core.services.funding_source", "app.backends",
                 ("get_funding_source", 3), ("set_funding_source", 1)),
            _use("app.core.services.funding_source", "app.core.crud.payments",
                 ("get_balance", 2))]
    moved = symbol_homes(FUNDING_GROUPS, FUNDING_UNITS, uses, set())
    assert moved == _groups(("app.backends", "app.backends.fake", "app.backends.lnd",
                             "app.core.services.funding_source"),
                            ("app.core.crud.payments", "app.core.services.payments"))


def test_named_symbols_of_a_data_owner_or_of_two_groups_name_no_home() -> None:
    uses = [_use("app.core.services.funding_source", "app.backends",
                 ("get_funding_source", 3))]
    # (the named code maps a table: data weighs in the clustering already)
    assert symbol_homes(FUNDING_GROUPS, FUNDING_UNITS, uses, {"app.backends"}) \
        == FUNDING_GROUPS
    # (named code in two groups, or a single use, says nothing)
    both = [*uses, _use("app.core.services.funding_source", "app.core.crud.payments",
                        ("funding_source_total", 1))]
    assert symbol_homes(FUNDING_GROUPS, FUNDING_UNITS, both, set()) == FUNDING_GROUPS
    once = [_use("app.core.services.funding_source", "app.backends",
                 ("get_funding_source", 1))]
    assert symbol_homes(FUNDING_GROUPS, FUNDING_UNITS, once, set()) == FUNDING_GROUPS
    # (a module that shares its word with another module is `rejoin_layers`' business)
    shared = FUNDING_UNITS | {"app.core.crud.funding_source": "word:funding_source"}
    assert symbol_homes(FUNDING_GROUPS, shared, uses, set()) == FUNDING_GROUPS


def test_the_clustering_cache_key_sees_the_symbols_a_dependency_uses(tmp_path: Path) -> None:
    # (`symbol_homes` reads symbol names: a rename with the same kinds is another clustering)
    from strangler.pipeline import _core_key
    from strangler.seams import SeamRequest

    index, graph = graph_of(build_tree(tmp_path / "p", {
        "app/__init__.py": "", "app/backends.py": "def get_funding_source():\n    return 1\n",
        "app/services/__init__.py": "",
        "app/services/funding_source.py": ("from app.backends import get_funding_source\n"
                                           "def balance():\n"
                                           "    return get_funding_source()\n")}))
    dependency = next(d for d in graph.dependencies if d.target == "app.backends")
    renamed = replace(dependency, symbols=tuple(("get_backend", n)
                                                for _, n in dependency.symbols))
    other = replace(graph, dependencies=tuple(renamed if d is dependency else d
                                              for d in graph.dependencies))
    assert _core_key(index, graph, SeamRequest(), []) != _core_key(index, other,
                                                                   SeamRequest(), [])


def test_a_tie_goes_to_the_group_serving_the_routes_the_word_names(tmp_path: Path) -> None:
    from strangler.seams.layer_rejoin import route_words

    units = {"app.model.user": "word:user", "app.views.user": "word:user"}
    groups = _groups(("app.model.group", "app.model.package", "app.model.user"),
                     ("app.lib.login", "app.views.user"))
    # (no routes: a tie stays)
    assert rejoin_layers(groups, units) == groups
    index, _ = graph_of(build_tree(tmp_path / "p", {
        "app/__init__.py": "",
        "app/views/__init__.py": "",
        "app/views/user.py": ("from flask import Blueprint\n"
                              "bp = Blueprint('user', __name__, url_prefix='/user')\n"
                              "@bp.route('/<id>/edit')\n"
                              "def edit(id):\n    return id\n"),
    }))
    words = route_words(index)
    assert words == {"app.views.user": frozenset({"user"})}
    assert rejoin_layers(groups, units, (), words) == _groups(
        ("app.model.group", "app.model.package"),
        ("app.lib.login", "app.model.user", "app.views.user"))
    # (a model the user keeps together with others stays)
    assert rejoin_layers(groups, units, ("app.model.user",), words) == groups
