"""A layer of query modules over the schema's one models module (`models/deployments`
reading the `deployment` table that `database/orm_models` maps with every other table) is
the tables' domain code, not kernel by breadth (`named_data.named_data_modules`); a module
reading a schema's worth of tables (a database interface) is no one domain's code, whatever
group the tables' mapper sits in (`kernel.domain_data_users`)."""

from __future__ import annotations

from pathlib import Path

from helpers import SQLALCHEMY_BASE, build_tree, graph_of

from strangler.seams.named_data import named_data_modules

SCHEMA = "app.database.orm_models"
MAPS = {SCHEMA: ["deployment", "flow_run", "concurrency_limit_v2", "variable"]}
CLASSES = {"deployment": [f"{SCHEMA}.Deployment"], "flow_run": [f"{SCHEMA}.FlowRun"],
           "concurrency_limit_v2": [f"{SCHEMA}.ConcurrencyLimitV2"],
           "variable": [f"{SCHEMA}.Variable"]}
UNITS = {"app.models.deployments": "word:deployment", "app.api.deployments": "word:deployment",
         "app.models.flow_runs": "word:flow_run",
         "app.models.concurrency_limits_v2": "word:concurrency_limits_v2",
         "app.models.helpers": "word:helper", "app.services.late_runs": "word:late_run",
         SCHEMA: "word:orm_model"}
ACCESS = [("app.models.deployments", "deployment"), ("app.models.flow_runs", "flow_run"),
          ("app.models.flow_runs", "deployment"),
          ("app.models.concurrency_limits_v2", "concurrency_limit_v2"),
          ("app.models.helpers", "variable"), ("app.services.late_runs", "flow_run")]


def test_a_module_of_a_unit_named_for_a_schema_table_it_reads_is_domain_code() -> None:
    found = named_data_modules(UNITS, MAPS, CLASSES, 4, ACCESS)
    # (each word singular: `concurrency_limits_v2` names `concurrency_limit_v2`; the API
    # module reads nothing, the helper and the loop service are named for no table)
    assert found == {"app.models.deployments", "app.models.flow_runs",
                     "app.models.concurrency_limits_v2"}


def test_tables_spread_over_models_modules_make_no_such_module() -> None:
    maps = {f"app.orm.{t}": [t] for t in MAPS[SCHEMA]}
    assert named_data_modules(UNITS, maps, CLASSES, 4, ACCESS) == set()
    # (nor does a models module holding fewer than half of the project's tables)
    assert named_data_modules(UNITS, MAPS, CLASSES, 9, ACCESS) == set()


DOMAINS = [("Deployment", "deployment"), ("Flow", "flow"), ("Worker", "worker"),
           ("Log", "log")]


def _project(tmp_path: Path) -> Path:
    """Layered by kind: every table in `database/orm_models`, one query module per table in
    `models/` and one router per table in `api/`, the schemas of every table in
    `schemas/core` and `schemas/actions`; each router also reads deployments."""
    models = "from sqlalchemy import Column, Integer\nfrom app.db import Base\n" + "".join(
        f"class {name}(Base):\n    __tablename__ = '{table}'\n"
        "    id = Column(Integer, primary_key=True)\n" for name, table in DOMAINS)
    files = {"app/__init__.py": "", "app/db.py": SQLALCHEMY_BASE,
             "app/database/__init__.py": "", "app/database/orm_models.py": models,
             "app/models/__init__.py": "", "app/api/__init__.py": "",
             "app/schemas/__init__.py": "", "app/schemas/core.py": "class Read:\n    id: int\n",
             "app/schemas/actions.py": "class Create:\n    id: int\n",
             "app/models/paging.py": "def page(q, n):\n    return q[:n]\n"}
    for name, table in DOMAINS:
        files[f"app/models/{table}s.py"] = (
            f"from app.database.orm_models import {name}\n"
            f"def read(session, id):\n    return session.get({name}, id)\n")
        files[f"app/api/{table}s.py"] = (
            f"from app.models import deployments, paging, {table}s\n"
            f"def get_{table}(session):\n"
            f"    rows = [{table}s.read(session, 1), deployments.read(session, 1)]\n"
            "    return paging.page(rows, 9)\n")
    return build_tree(tmp_path / "proj", files)


def test_a_query_module_many_domains_call_stays_out_of_the_kernel(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_project(tmp_path))
    # (the first pass: one group per domain, its router and query module)
    clusters = {m.name: m.name.rsplit(".", 1)[-1] for m in index.modules}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "app.models.paging" in kernel  # used as widely, named for no table
    assert "app.models.deployments" not in kernel


def test_reading_the_schemas_tables_is_no_domains_code(tmp_path: Path) -> None:
    from strangler.seams.kernel import domain_data_users

    index, graph = graph_of(_project(tmp_path))
    def reader(models: str) -> str:
        return ("from app.database import orm_models as m\n"
                "def count(session):\n"
                f"    return [session.query(c).count() for c in ({models})]\n")

    index, graph = graph_of(build_tree(tmp_path / "proj", {
        "app/database/interface.py": reader("m.Deployment, m.Flow, m.Worker, m.Log"),
        "app/database/stats.py": reader("m.Deployment, m.Flow, m.Log")}))
    # (the first pass put both beside the schema)
    clusters = {m.name: m.name.rsplit(".", 1)[-1] for m in index.modules}
    clusters["app.database.interface"] = clusters["app.database.orm_models"]
    clusters["app.database.stats"] = clusters["app.database.orm_models"]
    found = domain_data_users(index, graph, clusters)
    # (all four tables: the schema's interface, no domain's code; three of four are still
    # read as the code of the group the tables' mapper sits in, as before)
    assert "app.database.interface" not in found
    assert "app.database.stats" in found
