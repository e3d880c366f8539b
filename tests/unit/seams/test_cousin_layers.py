"""Issue 10 (helper `quay2`): layer packages one level below top packages named for no
layer (`store/model/<concept>`, `web/api/<resource>`, `jobs/<x>job`) are cousins: the
domain words that recur across two of them are word units; a word found in one layer only
stays out, and the top packages holding them are looked into. A layer-word table mapped
in one schema module is a domain where a data layer module is named by it."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.cousin_layers import suffix_layers, twin_stem
from strangler.seams.layer_domains import table_layer_words
from strangler.seams.words import domain_units

MODULES = [
    "store", "store.schema", "store.fields", "store.cache", "store.cache.redis",
    "store.cache.memory",
    "store.model", "store.model._basequery", "store.model.invoice", "store.model.order",
    "store.model.health",
    "web", "web.common", "web.api", "web.api.discovery", "web.api.invoices",
    "web.api.invoices_models_interface", "web.api.invoices_models_legacy", "web.api.orders",
    "web.v2", "web.v2.blobs", "web.v2.manifest",
    "jobs", "jobs.worker", "jobs.invoicejob", "jobs.cleanupjob", "jobs.queuejob",
    "jobs.reportjob",
    "ui", "ui.page", "ui.menu",
]


def test_recurring_words_of_cousin_layers_are_word_units() -> None:
    units = domain_units(MODULES)
    assert {units[m] for m in ("store.model.order", "web.api.orders")} == {"word:order"}
    # (a resource's `<word>_models_<kind>` twins are the resource's; the job layer too)
    assert {units[m] for m in ("store.model.invoice", "web.api.invoices",
                               "web.api.invoices_models_interface",
                               "web.api.invoices_models_legacy",
                               "jobs.invoicejob")} == {"word:invoice"}
    # a word of one layer only is no unit: it stands alone
    for module in ("store.model.health", "store.model._basequery", "web.api.discovery"):
        assert not units[module].startswith("word:")
    # the hosts are looked into: their other packages are units of their own
    assert {units[m] for m in ("store.cache.redis", "store.cache.memory")} == {"store.cache"}
    assert {units[m] for m in ("web.v2.blobs", "web.v2.manifest")} == {"web.v2"}
    # a job of no recurring word stands alone too: the job layer is looked into
    assert units["jobs.cleanupjob"] == "jobs.cleanupjob"
    assert units["jobs.worker"] == "jobs.worker"
    assert units["ui.page"] == "ui"


def test_one_cousin_layer_is_no_layering() -> None:
    modules = [m for m in MODULES if not m.startswith("web")]
    units = domain_units(modules)
    assert not any(unit.startswith("word:") for unit in units.values())


def test_twin_stem_and_suffix_layers() -> None:
    assert twin_stem("team_models_interface") == "team"
    assert twin_stem("team_models") == "team_models"  # (a role suffix: `ROLE_AFFIX`)
    assert twin_stem("teams") == "teams"
    units = {m: m.split(".")[0] for m in MODULES}
    tops = {m.split(".")[0] for m in MODULES}
    assert suffix_layers(units, tops, lambda package: False) == {"jobs": "job"}


def test_a_table_layer_word_named_by_a_data_layer_module(tmp_path: Path) -> None:
    schema = ("from peewee import Model, CharField\n\n\n"
              "class Repository(Model):\n    name = CharField()\n\n\n"
              "class Team(Model):\n    name = CharField()\n")
    files: dict[str, str | bytes] = {
        "store/__init__.py": "",
        "store/schema.py": schema,
        "store/model/__init__.py": "",
        "store/model/team.py": "from store.schema import Team\n",
    }
    root = build_tree(tmp_path / "without", files)
    assert table_layer_words(graph_of(root)[0]) == frozenset()
    files["store/model/repository.py"] = "from store.schema import Repository\n"
    root = build_tree(tmp_path / "with", files)
    assert table_layer_words(graph_of(root)[0]) == frozenset({"repository"})
