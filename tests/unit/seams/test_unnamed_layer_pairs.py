"""Issue 10 (helper `s14-layers`): a layer-first application whose layer packages carry no
layer name (a CI master's `db/<resource>` queries beside `data/<resource>` endpoints, the
engine in `process/`) is layered all the same: two sibling packages whose children repeat
each other's domains, by words that few siblings use, are a layer pair. Each layer module's
unit is then its domain word (`db/builds` + `data/builds` = `word:build`), the two layers'
names are layer words for the word edges, and each layer's base (`db/base`, `data/base`,
used by the layer's modules of many domains) is its scaffolding, as for named layers.
Sibling apps that repeat their role modules (`events`, `links`, `permissions` in every app),
and a component's own folders (`plugins/bases` beside `plugins/testing`), are no pair."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.layer_bases import layer_bases
from strangler.seams.layer_pairs import paired_layer_packages
from strangler.seams.words import domain_units, name_words

RESOURCES = ("builds", "changes", "workers", "masters", "schedulers", "sourcestamps")


def _master(top: str = "ci") -> list[str]:
    names = [top, f"{top}.db", f"{top}.data", f"{top}.process", f"{top}.util",
             f"{top}.db.base", f"{top}.db.connector", f"{top}.data.base",
             f"{top}.data.connector", f"{top}.process.build", f"{top}.util.lru"]
    for resource in RESOURCES:
        names += [f"{top}.db.{resource}", f"{top}.data.{resource}"]
    return names


def test_two_sibling_layers_of_any_name_make_a_layered_package() -> None:
    names = _master()
    pairs = paired_layer_packages(names)
    assert pairs.packages == frozenset({"ci"})
    assert pairs.unnamed == frozenset({"ci.db", "ci.data"})
    units = domain_units(names)
    for resource in RESOURCES:
        word = resource.rstrip("s")
        # without the rule `db` and `data` are stop words: every query module is unit
        # `ci.db`, every endpoint `ci.data`, and the two layers are two seams
        assert units[f"ci.db.{resource}"] == units[f"ci.data.{resource}"] == f"word:{word}"
    assert units["ci.db.base"] == "ci.db"  # (the layer's scaffolding: no domain word)
    # the pair's names make its modules layered for the word edges
    assert name_words("ci.db.builds", pairs.layers) == (frozenset({"build"}), True)


def test_sibling_apps_repeating_their_role_modules_are_no_pair() -> None:
    # Django-style apps, each with the same role modules: the words are in every app
    names = ["site"]
    for app in ("orders", "invoices", "tags", "users"):
        names += [f"site.{app}"] + [f"site.{app}.{role}" for role in (
            "events", "links", "permissions", "menus", "handlers", "queues")]
    assert paired_layer_packages(names).packages == frozenset()
    assert domain_units(names)["site.orders.events"] == "site.orders"


def test_a_components_own_folders_are_no_pair() -> None:
    # a plugin framework's `bases/` beside its test plugins: the folders of one component
    names = ["acme", "acme.incident", "acme.plugins", "acme.plugins.bases",
             "acme.plugins.testing", "acme.incident.models"]
    for kind in ("conference", "ticket", "storage", "email", "oncall", "document"):
        names += [f"acme.plugins.bases.{kind}", f"acme.plugins.testing.{kind}"]
    assert paired_layer_packages(names).packages == frozenset()


def test_few_shared_domains_are_no_pair() -> None:
    names = ["ci", "ci.db", "ci.data"]
    names += [f"ci.db.{r}" for r in ("builds", "changes", "workers", "pool", "model")]
    names += [f"ci.data.{r}" for r in ("builds", "changes", "workers", "root", "types")]
    assert paired_layer_packages(names).packages == frozenset()


def test_the_base_of_a_layer_found_by_its_shape_is_its_scaffolding(tmp_path: Path) -> None:
    files: dict[str, str] = {
        "ci/__init__.py": "", "ci/db/__init__.py": "", "ci/data/__init__.py": "",
        "ci/db/base.py": "class DBConnectorComponent:\n    pass\n",
        "ci/data/base.py": "class ResourceType:\n    pass\n",
    }
    for resource in RESOURCES:
        name = resource.title()
        files[f"ci/db/{resource}.py"] = (
            "from ci.db import base\n"
            f"class {name}Connector(base.DBConnectorComponent):\n    pass\n")
        files[f"ci/data/{resource}.py"] = (
            "from ci.data import base\n"
            f"class {name}(base.ResourceType):\n    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "app", files))
    found = layer_bases(index, graph)
    # without the pair `db/` and `data/` are no layer packages and have no base
    assert found.get("ci.db.base") == len(RESOURCES)
    assert found.get("ci.data.base") == len(RESOURCES)
