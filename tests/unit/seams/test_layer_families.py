"""Issue 10 (layers): a module named like platform code (`services/settings`) that mirrors a
data-owning layer module (`crud/settings`, which writes the settings table) is that domain's
layer, not the kernel's; a layer module of a domain (`forms/users` beside `api/users`) stays
with its domain rather than with its own layer's base class."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from helpers import build_tree, graph_of

from strangler.seams.layer_families import family_units, layer_key, mirrored_layers
from strangler.seams.propose import UNIT_NODE, cohesive_units


def _layered(tmp_path: Path) -> Path:
    """crud/ models/ services/ views/ of a settings domain and a payments domain; three
    views use `services/settings`, so by name and breadth alone it reads like a kernel
    settings module."""
    files = {
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/crud/__init__.py": "",
        "app/core/crud/settings.py": """
            def save(db, value):
                db.execute("UPDATE system_settings SET value = ?", value)
            def load(db):
                return db.execute("SELECT * FROM system_settings")
            """,
        "app/core/crud/payments.py": """
            def add(db, p):
                db.execute("INSERT INTO payments VALUES (?)", p)
            """,
        "app/core/models/__init__.py": "",
        "app/core/models/payments.py": "class Payment:\n    pass\n",
        "app/core/services/__init__.py": "",
        "app/core/services/settings.py": """
            from app.core.crud.settings import load, save
            def current(db):
                return load(db)
            def update(db, value):
                return save(db, value)
            """,
        "app/core/services/payments.py": """
            from app.core.crud.payments import add
            from app.core.models.payments import Payment
            def pay(db):
                return add(db, Payment())
            """,
        "app/core/views/__init__.py": "",
    }
    for view in ("payment_api", "admin_api", "node_api"):
        files[f"app/core/views/{view}.py"] = (
            "from app.core.services.settings import current\n"
            "from app.core.services.payments import pay\n"
            "def handler(db):\n    return current(db), pay(db)\n")
    return build_tree(tmp_path / "proj", files)


def test_layer_key_reads_the_family_name_past_the_role_suffix() -> None:
    assert layer_key("app.core.crud.settings") == ("app.core", "crud", "setting")
    assert layer_key("app.core.views.payment_api") == ("app.core", "views", "payment")
    assert layer_key("app.core.settings") is None  # not in a layer package


def test_a_settings_module_mirroring_a_data_owning_layer_module_is_not_kernel(
        tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import data_owners, find_kernel

    index, graph = graph_of(_layered(tmp_path))
    owners = data_owners(index, graph)
    assert "app.core.crud.settings" in owners
    names = [m.name for m in index.modules]
    assert {"app.core.crud.settings", "app.core.services.settings"} <= mirrored_layers(
        names, owners)
    # each view its own first-pass domain: three domains use services/settings
    clusters = {m.name: m.name for m in index.modules}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "app.core.services.settings" not in kernel


def test_a_platform_name_with_no_data_owning_mirror_stays_a_kernel_candidate() -> None:
    # `commands/exceptions` beside `daos/exceptions`: neither maps or writes a table
    modules = ["app.commands.exceptions", "app.daos.exceptions", "app.daos.chart"]
    assert mirrored_layers(modules, {"app.daos.chart"}) == set()



def _family_graph(pull_from_other: float) -> tuple[nx.Graph, dict[str, str]]:
    """`forms/users` tied to its domain (`api/users`, 1.0), to its layer's base class
    (`forms`, 5.0) and a sibling (`forms/fields`, 3.0), and to the teams' API by
    `pull_from_other`."""
    graph = nx.Graph()
    graph.add_weighted_edges_from([
        ("app.forms.users", "app.api.users", 1.0),
        ("app.forms.users", "app.forms", 5.0),
        ("app.forms.users", "app.forms.fields", 3.0),
        ("app.forms.users", "app.api.teams", pull_from_other),
        ("app.api.users", "app.schemas.users", 3.0),
        ("app.api.teams", "app.schemas.teams", 3.0),
        ("app.forms.fields", "app.schemas.fields", 3.0),
    ])
    units = {"app.forms.users": "word:user", "app.api.users": "word:user",
             "app.schemas.users": "word:user", "app.api.teams": "word:team",
             "app.schemas.teams": "word:team", "app.forms": "app.forms",
             "app.forms.fields": "word:field", "app.schemas.fields": "word:field"}
    return graph, units


def test_a_layer_module_stays_with_its_domain_over_its_own_layer() -> None:
    graph, units = _family_graph(0.5)
    kept = cohesive_units(graph, units)
    # cohesive_units alone lets the layer's base class pull it out of its domain
    assert "app.forms.users" not in kept
    assert family_units(graph, units, kept)["app.forms.users"] == UNIT_NODE + "word:user"


def test_a_layer_module_pulled_harder_by_another_domain_is_left_free() -> None:
    graph, units = _family_graph(1.5)
    assert "app.forms.users" not in family_units(graph, units, cohesive_units(graph, units))


def test_a_layer_module_with_nothing_tying_it_to_its_domain_is_left_free() -> None:
    graph, units = _family_graph(0.5)
    graph.remove_edge("app.forms.users", "app.api.users")
    assert "app.forms.users" not in family_units(graph, units, cohesive_units(graph, units))
