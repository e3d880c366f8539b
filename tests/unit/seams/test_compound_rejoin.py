"""A layer module of a compound domain word rejoins the seam of its head word
(`layer_rejoin.rejoin_layers` with `compounds.rejoin_heads`)."""

from __future__ import annotations

from strangler.graph import Dependency
from strangler.seams.compounds import rejoin_heads, word_layers
from strangler.seams.layer_rejoin import rejoin_layers

# A layered app: handlers/, tasks/, models/; `query_results` and `parameterized_query`
# are part of the queries domain, whose handler and jobs sit together in one seam.
UNITS = {
    "app.handlers.queries": "word:query", "app.tasks.queries.run": "word:query",
    "app.tasks.queries.clean": "word:query", "app.handlers.query_results": "word:query_result",
    "app.models.parameterized_query": "word:parameterized_query",
    "app.handlers.dashboards": "word:dashboard", "app.models.dashboards": "word:dashboard",
}


def _use(source: str, target: str) -> Dependency:
    return Dependency(source, target, (("import", 1),), (), 1.0, 1)


# (the queries handler uses both parts; the parameterized query uses a log helper)
USES = [_use("app.handlers.queries", "app.handlers.query_results"),
        _use("app.handlers.queries", "app.models.parameterized_query")]


def _groups(*groups: tuple[str, ...], pins: tuple[str, ...] = ()
            ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((pins[i] if i < len(pins) else "", g) for i, g in enumerate(groups))


def test_heads_are_read_at_the_start_or_the_end_of_a_compound_tied_by_use() -> None:
    heads = rejoin_heads(UNITS, USES)
    assert heads == {"word:query_result": "word:query",
                     "word:parameterized_query": "word:query"}
    # (a shared spelling with no use between the two is a coincidence; a compound that
    # uses the head's module, and is not used by it, is no part of it)
    assert rejoin_heads(UNITS, []) == {}
    assert rejoin_heads(UNITS, [_use("app.handlers.query_results", "app.handlers.queries")]
                        ) == {}


def test_compound_layer_modules_join_the_group_of_their_head() -> None:
    groups = _groups(("app.handlers.queries", "app.tasks.queries.clean",
                      "app.tasks.queries.run"),
                     ("app.handlers.dashboards", "app.handlers.query_results",
                      "app.models.dashboards", "app.models.parameterized_query"))
    moved = rejoin_layers(groups, UNITS, heads=rejoin_heads(UNITS, USES))
    assert moved == _groups(("app.handlers.queries", "app.handlers.query_results",
                             "app.models.parameterized_query", "app.tasks.queries.clean",
                             "app.tasks.queries.run"),
                            ("app.handlers.dashboards", "app.models.dashboards"))
    # (without heads, the rule is as it was: nothing moves)
    assert rejoin_layers(groups, UNITS) == groups


def test_the_head_alone_decides_and_a_tie_of_its_modules_moves_nothing() -> None:
    # (counted with its head, the compound would tie the head's vote and keep the
    # handler from its jobs; the head's own modules decide first)
    groups = _groups(("app.tasks.queries.clean", "app.tasks.queries.run"),
                     ("app.handlers.queries", "app.handlers.query_results",
                      "app.models.parameterized_query", "app.handlers.dashboards"))
    moved = rejoin_layers(groups, UNITS, heads=rejoin_heads(UNITS, USES))
    assert ("", ("app.handlers.dashboards",)) in moved
    tie = {**UNITS, "app.handlers.queries": "word:other"}
    split = _groups(("app.tasks.queries.run",), ("app.tasks.queries.clean",),
                    ("app.handlers.query_results",))
    assert rejoin_layers(split, tie, heads={"word:query_result": "word:query"}) == split


def test_pinned_groups_and_kept_modules_stay() -> None:
    groups = _groups(("app.handlers.queries", "app.tasks.queries.clean",
                      "app.tasks.queries.run"),
                     ("app.handlers.dashboards", "app.handlers.query_results"))
    heads = {"word:query_result": "word:query"}
    assert rejoin_layers(groups, UNITS, kept=["app.handlers.query_results"],
                         heads=heads) == groups
    pinned = _groups(*(members for _, members in groups), pins=("", "dash"))
    assert rejoin_layers(pinned, UNITS, heads=heads) == pinned
    home = _groups(*(members for _, members in groups), pins=("queries",))
    assert rejoin_layers(home, UNITS, heads=heads) == home


def test_a_package_of_modules_named_for_domains_found_elsewhere_is_a_layer() -> None:
    units = {"app.utils.skills": "word:skill", "app.utils.tools": "word:tool",
             "app.utils.notes": "word:note", "app.utils.skill_files": "word:skill_file",
             "app.routers.skills": "word:skill", "app.routers.tools": "word:tool",
             "app.routers.notes": "word:note", "app.misc.alpha": "word:alpha",
             "app.misc.beta": "word:beta", "app.misc.gamma": "word:gamma"}
    assert word_layers(units) == {"app.utils", "app.routers"}
    uses = [_use("app.routers.skills", "app.utils.skill_files")]
    assert rejoin_heads(units, uses) == {"word:skill_file": "word:skill"}
    # (below a package that is no layer, the compound is a component of its own)
    units["app.misc.skill_files"] = units.pop("app.utils.skill_files")
    assert rejoin_heads(units, [_use("app.routers.skills", "app.misc.skill_files")]) == {}


def test_a_kernel_helper_of_a_compound_word_joins_its_head_s_seam() -> None:
    from strangler.model import KernelModule
    from strangler.seams.domain_helpers import domain_helpers

    units = {"app.routers.chats": "word:chat", "app.models.chats": "word:chat",
             "app.utils.chat_fork": "word:chat_fork", "app.utils.dates": "app.utils.dates",
             "app.routers.users": "word:user", "app.models.users": "word:user"}
    groups = (("", ("app.models.chats", "app.routers.chats")),
              ("", ("app.models.users", "app.routers.users")))
    kernel = [KernelModule(m, "a helper") for m in ("app.utils.chat_fork", "app.utils.dates")]
    heads = {"word:chat_fork": "word:chat"}
    moved, left = domain_helpers(groups, kernel, units, lambda _: False, heads)
    assert moved[0] == ("", ("app.models.chats", "app.routers.chats", "app.utils.chat_fork"))
    assert [k.module for k in left] == ["app.utils.dates"]
    # (without the head, a word alone in the kernel names no seam)
    assert domain_helpers(groups, kernel, units, lambda _: False)[0] == groups
    # (a module the user put in the kernel stays)
    assert domain_helpers(groups, kernel, units, lambda m: m.endswith("chat_fork"),
                          heads)[0] == groups
