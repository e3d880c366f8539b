"""Domain slices over the tables of the schema's one models module (`seams.named_data`)."""

from __future__ import annotations

from pathlib import Path

from strangler.seams.named_data import named_data_units
from strangler.seams.propose import Choice, Grouping

# One models module maps every table; the domains are layered around it.
SCHEMA = "app.models.database"
MAPS = {SCHEMA: ["datasets", "records", "responses", "api_tokens", "fields"]}
CLASSES = {"datasets": ["app.models.database.Dataset"],
           "records": ["app.models.database.Record"],
           "responses": ["app.models.database.Response"],
           "api_tokens": ["app.models.database.ApiToken"],
           "fields": ["app.models.database.Field"]}
RESPONSE = ["app.api.handlers.responses", "app.api.policies.response_policy",
            "app.validators.responses"]
UNITS = {**{m: "word:response" for m in RESPONSE},
         **{m: "word:token" for m in ("app.api.tokens", "app.api.schemas.tokens",
                                      "app.tokens")},
         **{m: "word:field" for m in ("app.api.fields", "app.api.schemas.fields",
                                      "app.validators.fields")},
         **{m: "word:record" for m in ("app.api.records", "app.validators.records")},
         SCHEMA: "word:database"}
ACCESS = [("app.api.handlers.responses", "responses"), ("app.api.handlers.responses", "records"),
          ("app.api.tokens", "api_tokens"), ("app.api.fields", "fields"),
          ("app.api.records", "records")]


def test_a_unit_named_for_a_table_of_the_one_models_module_and_touching_it_is_found() -> None:
    found = named_data_units(UNITS, MAPS, CLASSES, 5, ACCESS)
    # (`token` names no table: the class is `ApiToken`; `record` has two modules only)
    assert found == {"word:response", "word:field"}


def test_a_model_class_name_names_the_unit_too() -> None:
    units = {**UNITS, **{m: "word:api_token" for m in ("app.api.tokens",
                                                       "app.api.schemas.tokens", "app.tokens")}}
    assert "word:api_token" in named_data_units(units, MAPS, CLASSES, 5, ACCESS)


def test_a_child_table_makes_no_slice_of_its_own() -> None:
    found = named_data_units(UNITS, MAPS, CLASSES, 5, ACCESS, {"fields": "datasets"})
    assert found == {"word:response"}


def test_a_unit_that_never_touches_its_table_is_not_found() -> None:
    access = [a for a in ACCESS if a[0] != "app.api.handlers.responses"]
    assert "word:response" not in named_data_units(UNITS, MAPS, CLASSES, 5, access)


def test_tables_spread_over_models_modules_are_no_schema() -> None:
    # (one models module per domain: the tables' own modules make the slices already)
    maps = {f"app.models.{t}": [t] for t in MAPS[SCHEMA]}
    assert named_data_units(UNITS, maps, CLASSES, 5, ACCESS) == set()
    # (nor is a models module holding fewer than half of the project's tables)
    assert named_data_units(UNITS, MAPS, CLASSES, 11, ACCESS) == set()


def test_a_named_unit_is_split_from_the_slice_it_was_clustered_with() -> None:
    import networkx as nx

    from strangler.seams.propose import split_slices

    records = ["app.contexts.records", "app.api.records", "app.validators.records"]
    graph = nx.Graph()
    for a, b, w in [(records[1], records[0], 4.0), (records[2], records[0], 4.0),
                    (RESPONSE[0], RESPONSE[1], 3.0), (RESPONSE[2], RESPONSE[0], 3.0),
                    (RESPONSE[0], records[0], 2.0)]:
        graph.add_edge(a, b, weight=w)
    units = {**{m: "unit:word:record" for m in records},
             **{m: "unit:word:response" for m in RESPONSE}}
    grouping = Grouping((("", tuple(sorted(records + RESPONSE))),), Choice(None))
    owners = {"app.contexts.records"}  # writes the records table; no response module writes
    whole = split_slices(graph, grouping, units, owners)
    assert len(whole.groups) == 1
    split = {frozenset(members) for _, members in
             split_slices(graph, grouping, units, owners, named={"unit:word:response"}).groups}
    assert split == {frozenset(records), frozenset(RESPONSE)}


def test_the_units_of_a_project_with_one_models_module(tmp_path: Path) -> None:
    from helpers import SQLALCHEMY_BASE, build_tree, graph_of

    from strangler.seams import _named_data
    from strangler.seams.aggregates import table_parents

    models = "from sqlalchemy import Column, Integer\nfrom app.db import Base\n" + "".join(
        f"class {name}(Base):\n    __tablename__ = '{table}'\n"
        "    id = Column(Integer, primary_key=True)\n"
        for name, table in [("Dataset", "datasets"), ("Record", "records"),
                            ("Response", "responses"), ("Workspace", "workspaces")])
    reader = ("from app.models.database import Response\n"
              "def get(db, id):\n    return db.get(Response, id)\n")
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "", "app/db.py": SQLALCHEMY_BASE,
        "app/models/__init__.py": "", "app/models/database.py": models,
        "app/api/__init__.py": "", "app/api/handlers/__init__.py": "",
        "app/api/handlers/responses.py": reader,
        "app/api/policies/__init__.py": "",
        "app/api/policies/response_policy.py": reader,
        "app/validators/__init__.py": "", "app/validators/responses.py": reader,
    })
    index, graph = graph_of(root)
    # (the unit `words.domain_units` finds in a project with more domains)
    units = {m: "word:response" for m in ("app.api.handlers.responses",
                                          "app.api.policies.response_policy",
                                          "app.validators.responses")}
    assert _named_data(index, graph, units, table_parents(index)) == {"word:response"}
