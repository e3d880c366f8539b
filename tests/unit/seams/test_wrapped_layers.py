"""Issue 10 item 2 (helper `rucio`): an application layered by kind over one models module
(`core/<concept>` logic, `gateway/<concept>` permission-checked API, REST resources in
`web/rest/flaskapi/v1/<concepts>`). The two first layers are an unnamed layer pair; the REST
layer, wrapped below the web package, a framework's package and a version package, repeats
their concepts too: it is a third layer, its wrapping packages' names (`flaskapi`) are layer
words, and `web/rest/flaskapi/v1/rules` is the `rule` concept's, not one `flaskapi` unit of
every resource. With that third layer, a concept's twins (`core/rule`, `gateway/rule`,
`.../v1/rules`) are held as one unit for the clustering, and the words of the schema's one
models module (`db/sqla/models`: `sqla`) name no domain whose code stays out of the kernel."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.layer_pairs import paired_layer_packages
from strangler.seams.layer_twins import held_twins
from strangler.seams.words import domain_units

CONCEPTS = ("rule", "replica", "did", "scope", "subscription", "account")


def _layered(rest: str = "app.web.rest.flaskapi.v1") -> list[str]:
    names = ["app", "app.core", "app.gateway", "app.common", "app.common.utils"]
    parts = rest.split(".")
    names += [".".join(parts[:i]) for i in range(2, len(parts) + 1)]
    for concept in CONCEPTS:
        names += [f"app.core.{concept}", f"app.gateway.{concept}", f"{rest}.{concept}s"]
    names += [f"{rest}.common", f"{rest}.main", "app.web.rest.ping"]
    return names


def test_a_layer_wrapped_below_the_web_package_is_the_pairs_third_layer() -> None:
    names = _layered()
    pairs = paired_layer_packages(names)
    assert pairs.unnamed == frozenset({"app.core", "app.gateway"})
    assert pairs.wrapped == frozenset({"app.web.rest.flaskapi.v1"})
    assert "flaskapi" in pairs.layers  # (the framework's package names a layer here)
    units = domain_units(names)
    for concept in CONCEPTS:
        # without the rule every REST resource was unit `word:flaskapi`, one seam of them all
        assert units[f"app.web.rest.flaskapi.v1.{concept}s"] == units[f"app.core.{concept}"] \
            == units[f"app.gateway.{concept}"] == f"word:{concept}"
    assert units["app.web.rest.flaskapi.v1.common"] == "app.web"  # (no concept: plumbing)


def test_a_package_that_branches_wraps_no_layer() -> None:
    # `web/rest/` holding two packages is no wrapper: its children are not read as a layer
    names = _layered() + ["app.web.rest.other", "app.web.rest.other.x"]
    pairs = paired_layer_packages(names)
    assert pairs.wrapped == frozenset()
    assert "flaskapi" not in pairs.layers
    assert domain_units(names)["app.web.rest.flaskapi.v1.rules"] == "word:flaskapi"


def test_a_concepts_twins_are_held_only_with_a_third_layer() -> None:
    names = _layered()
    held = held_twins(domain_units(names))
    assert held["app.core.rule"] == held["app.gateway.rule"] == \
        held["app.web.rest.flaskapi.v1.rules"] == "word:rule"
    assert "app.web.rest.flaskapi.v1.common" not in held
    # two layers only (a CI master's `db/` and `data/`): `join_twins`'s, after the clustering
    two = [n for n in names if ".web" not in n]
    assert paired_layer_packages(two).unnamed
    assert held_twins(domain_units(two)) == {}


def test_the_schemas_storage_words_name_no_domain(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    tables = "".join(f"class T{i}:\n    __tablename__ = 't{i}'\n" for i in range(6))
    files = {
        "app/__init__.py": "",
        "app/db/__init__.py": "",
        "app/db/sqla/__init__.py": "",
        "app/db/sqla/models.py": tables,
        "app/db/sqla/constants.py": "STATE = 1\n",
        # the bootstrap: it writes the root account's row
        "app/db/sqla/util.py": "def bootstrap(db):\n    db.execute('INSERT INTO t0 VALUES (1)')\n",
    }
    for domain in ("rules", "replicas", "dids", "scopes"):
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/logic.py"] = (
            "from app.db.sqla import constants, models\n"
            "def run():\n    return constants.STATE, models\n")
    index, graph = graph_of(build_tree(tmp_path / "proj", files))
    clusters = {m.name: m.name.split(".")[1] for m in index.modules if "." in m.name}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    # without the rule `util` writing a row made `sqla` a domain word, and the constants
    # every domain reads, named by it, stayed out of the kernel
    assert "app.db.sqla.constants" in kernel
    assert "app.db.sqla.util" not in kernel  # (it writes a table: domain data)


def test_every_module_of_a_concept_in_a_layer_package_is_held() -> None:
    # `core/rule_utils` is the `rule` concept's too: it is held beside `core/rule`, never
    # in its place (the logic module is the one the clustering let go)
    names = _layered() + ["app.core.rule_utils"]
    held = held_twins(domain_units(names))
    assert held["app.core.rule"] == held["app.core.rule_utils"] == held["app.gateway.rule"] \
        == "word:rule"
