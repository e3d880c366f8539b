"""A lone job module joins the package whose module named by its word calls it
(`layer_rejoin.symbol_homes`); a table-less service several domains build on joins the data
slice that is all it uses (`data_clients.sole_suppliers`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.data_clients import client_homes, sole_suppliers
from strangler.seams.layer_rejoin import _named_by, symbol_homes


def _use(source: str, target: str, *symbols: tuple[str, int]) -> Dependency:
    return Dependency(source, target, (("call", 1),), symbols or (("x", 1),), 1.0, 1)


def _groups(*groups: tuple[str, ...], pins: tuple[str, ...] = ()
            ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((pins[i] if i < len(pins) else "", g) for i, g in enumerate(groups))


# A Celery job module alone of its word, queued by the manager named by that word in
# another package, but built on the charts' code.
JOB_UNITS = {"app.tasks.async_queries": "word:async_query",
             "app.async_events.api": "word:async_event",
             "app.async_events.async_query_manager": "word:async_event",
             "app.charts.api": "word:chart", "app.commands.chart.data": "word:chart"}
JOB_GROUPS = _groups(("app.async_events.api", "app.async_events.async_query_manager"),
                     ("app.charts.api", "app.commands.chart.data", "app.tasks.async_queries"))
JOB_USES = [
    _use("app.async_events.async_query_manager", "app.tasks.async_queries",
         ("load_chart_data_into_cache", 1), ("load_explore_json_into_cache", 1)),
    _use("app.tasks.async_queries", "app.commands.chart.data", ("ChartDataCommand", 2)),
    _use("app.tasks.async_queries", "app.charts.api", ("ChartDataSchema", 1)),
]


def test_a_lone_job_module_joins_the_package_of_its_named_caller() -> None:
    assert symbol_homes(JOB_GROUPS, JOB_UNITS, JOB_USES, set()) == _groups(
        ("app.async_events.api", "app.async_events.async_query_manager",
         "app.tasks.async_queries"),
        ("app.charts.api", "app.commands.chart.data"))


def test_a_caller_not_named_by_the_word_or_owning_data_names_no_home() -> None:
    renamed = [_use("app.async_events.api", "app.tasks.async_queries",
                    ("load_chart_data_into_cache", 2)), *JOB_USES[1:]]
    assert symbol_homes(JOB_GROUPS, JOB_UNITS, renamed, set()) == JOB_GROUPS
    # (a caller that maps a table: the data weighs in the clustering already)
    assert symbol_homes(JOB_GROUPS, JOB_UNITS, JOB_USES,
                        {"app.async_events.async_query_manager"}) == JOB_GROUPS
    # (one use only, or a module that shares its word with another: no move)
    once = [_use("app.async_events.async_query_manager", "app.tasks.async_queries",
                 ("load_chart_data_into_cache", 1)), *JOB_USES[1:]]
    assert symbol_homes(JOB_GROUPS, JOB_UNITS, once, set()) == JOB_GROUPS
    shared = JOB_UNITS | {"app.commands.async_query": "word:async_query"}
    assert symbol_homes(JOB_GROUPS, shared, JOB_USES, set()) == JOB_GROUPS


def test_a_caller_is_named_by_whole_words_singular_or_as_the_module() -> None:
    assert _named_by("app.x.async_query_manager", ("async_query",))
    assert _named_by("app.x.async_queries_manager", ("async_query", "async_queries"))
    assert _named_by("app.x.production_schedule_version", ("schedule",))
    assert not _named_by("app.x.prevent_rules", ("event",))
    assert not _named_by("app.x.async_querying", ("async_query",))


def test_a_job_module_that_is_no_layer_module_or_is_kept_stays() -> None:
    units = {("app.jobs_x.async_queries" if m == "app.tasks.async_queries" else m): u
             for m, u in JOB_UNITS.items()}
    uses = [Dependency(d.source.replace("tasks.", "jobs_x."),
                       d.target.replace("tasks.", "jobs_x."), d.kinds, d.symbols, d.weight,
                       d.first_line) for d in JOB_USES]
    groups = _groups(JOB_GROUPS[0][1], ("app.charts.api", "app.commands.chart.data",
                                        "app.jobs_x.async_queries"))
    assert symbol_homes(groups, units, uses, set()) == groups
    assert symbol_homes(JOB_GROUPS, JOB_UNITS, JOB_USES, set(),
                        kept=["app.tasks.async_queries"]) == JOB_GROUPS


# The temporary-cache API and commands: built on the key-value store's codec only,
# subclassed by the dashboards' filter state and the explore form data.
CACHE_UNITS = {
    "app.temporary_cache.api": "word:temporary_cache",
    "app.commands.temporary_cache.create": "word:temporary_cache",
    "app.key_value.types": "word:key_value", "app.key_value.models": "word:key_value",
    "app.daos.key_value": "word:key_value",
    "app.dashboards.filter_state.api": "word:dashboard",
    "app.commands.dashboard.create": "word:dashboard",
    "app.explore.form_data.api": "word:explore",
}
CACHE_OWNERS = {"app.key_value.models"}
CACHE_GROUPS = _groups(
    ("app.commands.dashboard.create", "app.commands.temporary_cache.create",
     "app.dashboards.filter_state.api", "app.temporary_cache.api"),
    ("app.daos.key_value", "app.key_value.models", "app.key_value.types"),
    ("app.explore.form_data.api",))
CACHE_USES = [
    _use("app.temporary_cache.api", "app.commands.temporary_cache.create"),
    _use("app.temporary_cache.api", "app.key_value.types"),
    _use("app.commands.temporary_cache.create", "app.key_value.types"),
    _use("app.dashboards.filter_state.api", "app.temporary_cache.api"),
    _use("app.explore.form_data.api", "app.commands.temporary_cache.create"),
    _use("app.daos.key_value", "app.key_value.models"),
]


def _label(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, int]:
    return {m: i for i, (_, members) in enumerate(groups) for m in members}


def test_a_service_several_domains_build_on_joins_the_data_it_is_built_on() -> None:
    assert sole_suppliers(CACHE_UNITS, CACHE_USES, CACHE_OWNERS, _label(CACHE_GROUPS)) \
        == {"word:temporary_cache": "word:key_value"}
    assert client_homes(CACHE_GROUPS, CACHE_UNITS, CACHE_USES, CACHE_OWNERS) == _groups(
        ("app.commands.dashboard.create", "app.dashboards.filter_state.api"),
        ("app.commands.temporary_cache.create", "app.daos.key_value",
         "app.key_value.models", "app.key_value.types", "app.temporary_cache.api"),
        ("app.explore.form_data.api",))


def test_one_user_two_supplies_or_one_layer_name_no_supplier() -> None:
    label = _label(CACHE_GROUPS)
    # (used from one domain only: it may be that domain's own code)
    one_user = [u for u in CACHE_USES if u.source != "app.explore.form_data.api"]
    assert sole_suppliers(CACHE_UNITS, one_user, CACHE_OWNERS, label) == {}
    # (built on two domains' code)
    two = [*CACHE_USES, _use("app.temporary_cache.api", "app.commands.dashboard.create")]
    assert sole_suppliers(CACHE_UNITS, two, CACHE_OWNERS, label) == {}
    # (a helper module alone in one package is no service across layers)
    units = {m: u for m, u in CACHE_UNITS.items() if m != "app.commands.temporary_cache.create"}
    uses = [u for u in CACHE_USES if "commands.temporary_cache" not in u.source + u.target]
    uses.append(_use("app.explore.form_data.api", "app.temporary_cache.api"))
    assert sole_suppliers(units, uses, CACHE_OWNERS, label) == {}
    # (a unit with a table of its own is a data slice, not a service of another's)
    owners = CACHE_OWNERS | {"app.temporary_cache.api"}
    assert sole_suppliers(CACHE_UNITS, CACHE_USES, owners, label) == {}


def test_code_outside_the_seams_does_not_count_and_pins_hold() -> None:
    # (a use of kernel code, absent from the groups, is no supply)
    uses = [*CACHE_USES, _use("app.temporary_cache.api", "app.views.base_api")]
    assert sole_suppliers(CACHE_UNITS, uses, CACHE_OWNERS, _label(CACHE_GROUPS)) \
        == {"word:temporary_cache": "word:key_value"}
    pinned = _groups(*(members for _, members in CACHE_GROUPS), pins=("dash",))
    assert client_homes(pinned, CACHE_UNITS, CACHE_USES, CACHE_OWNERS) == pinned
