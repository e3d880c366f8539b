"""Issue 10 (helper `s14-twins`): in an application with an unnamed layer pair (a CI
master's `db/<resource>` queries beside `data/<resource>` endpoints), the engine's module
named after a resource (`process/builder`) and a package named after one (`schedulers/`)
are the twins of that resource's layer modules: after the clustering they share one seam.
The layer modules anchor a lone engine module ("data first"); a whole package named after
the word anchors the layer modules. A project without such a pair is left as it was."""

from __future__ import annotations

from strangler.seams.layer_twins import join_twins

RESOURCES = ("builds", "builders", "workers", "masters", "schedulers", "sourcestamps")


def _master() -> list[str]:
    names = ["ci", "ci.db", "ci.data", "ci.process", "ci.schedulers", "ci.db.base",
             "ci.data.base", "ci.process.builder", "ci.process.botmaster",
             "ci.process.properties", "ci.schedulers.base", "ci.schedulers.timed",
             "ci.schedulers.forced"]
    for resource in RESOURCES:
        names += [f"ci.db.{resource}", f"ci.data.{resource}"]
    return names


def _groups(*groups: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(("", tuple(sorted(g))) for g in groups)


def _where(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, int]:
    return {m: i for i, (_, members) in enumerate(groups) for m in members}


def test_an_engine_module_joins_its_resources_layer_modules() -> None:
    names = _master()
    groups = _groups(
        ["ci.db.builders", "ci.data.builders"],
        ["ci.process.builder", "ci.process.botmaster"],
        ["ci.schedulers.base", "ci.schedulers.timed", "ci.schedulers.forced"],
        ["ci.db.schedulers", "ci.data.schedulers", "ci.db.masters", "ci.data.masters"],
        ["ci.db.builds", "ci.data.builds", "ci.db.workers", "ci.data.workers",
         "ci.db.sourcestamps", "ci.data.sourcestamps", "ci.process.properties"])
    found = _where(join_twins(groups, names, {m: 10 for m in names}))
    # without the rule the builder engine stays with the bot master, cut from its data
    assert found["ci.process.builder"] == found["ci.db.builders"] == found["ci.data.builders"]
    assert found["ci.process.botmaster"] != found["ci.process.builder"]
    # a package named after the word anchors the layer modules
    assert found["ci.db.schedulers"] == found["ci.data.schedulers"] == \
        found["ci.schedulers.timed"]
    assert found["ci.db.masters"] != found["ci.db.schedulers"]
    # modules named by no shared word stay
    assert found["ci.process.properties"] == found["ci.db.builds"]


def test_kept_modules_and_pinned_groups_stay() -> None:
    names = _master()
    groups = (("", ("ci.data.builders", "ci.db.builders")),
              ("payments", ("ci.process.botmaster", "ci.process.builder")))
    assert join_twins(groups, names, {m: 10 for m in names}) == groups
    loose = _groups(["ci.db.builders", "ci.data.builders"],
                    ["ci.process.builder", "ci.process.botmaster"])
    assert join_twins(loose, names, {m: 10 for m in names},
                      kept=["ci.process.builder"]) == loose


def test_without_an_unnamed_layer_pair_nothing_moves() -> None:
    # named layers (`models/`, `views/`) are `layer_rejoin`'s, not this rule's
    names = ["shop", "shop.models", "shop.views", "shop.process", "shop.process.order"]
    names += [f"shop.{layer}.{r}" for layer in ("models", "views")
              for r in ("orders", "carts", "users", "items", "payments")]
    groups = _groups([n for n in names if ".models." in n or ".views." in n],
                     ["shop.process.order"])
    assert join_twins(groups, names, {m: 10 for m in names}) == groups


def test_an_engine_twin_is_named_by_its_resource() -> None:
    from strangler.seams.layer_twins import twin_units

    names = _master() + ["ci.process.buildstep"]
    units = twin_units(names)
    # without it the build slice that took `process/build` was named `process`
    assert units["ci.process.builder"] == "word:builder"
    assert units["ci.process.buildstep"] == "word:build"  # (the longest word it begins with)
    assert "ci.process.botmaster" not in units  # (no resource's word)
    assert "ci.schedulers.timed" not in units  # (a package named by the word keeps its own)
    assert twin_units(["shop", "shop.models", "shop.models.orders"]) == {}


def test_a_compound_layer_module_joins_its_heads_twins() -> None:
    names = _master() + ["ci.db.builders_tags", "ci.data.builders_tags"]
    groups = _groups(
        ["ci.db.builders", "ci.data.builders", "ci.process.builder"],
        ["ci.db.builders_tags", "ci.data.builders_tags", "ci.process.botmaster"])
    loc = {m: 10 for m in names}
    loc["ci.db.builders"] = 50  # (two groups of two layer modules: the lines decide)
    found = _where(join_twins(groups, names, loc))
    # `builders_tags` is a compound of `builder`: its layer modules join the head's slice
    assert found["ci.db.builders_tags"] == found["ci.data.builders_tags"] == \
        found["ci.db.builders"] == found["ci.process.builder"]
    assert found["ci.process.botmaster"] != found["ci.db.builders"]
