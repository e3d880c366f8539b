"""Issue 10 (arize-phoenix, opened from set 12): a GraphQL API written by kind (`types/`,
`input_types/`, `mutations/`, `dataloaders/` beside `routers/`) is a layer of every domain,
also below a package that is not the top one (`server/api/`): each module's unit is the
domain word below that container (`types/DatasetLabel` -> `dataset_label`), never the
container's own name. And a one-module query over the rows of one table of the schema's
one models module (`dataloaders/span_cost_summary_by_trace`, reading `span_costs`) is a
part of the unit its head word names (`span_cost`); named for no unit, it is the part
of the one unit named by the tables it reads (`num_spans_per_trace` reading `spans`)."""

from __future__ import annotations

from pathlib import Path

from helpers import graph_of

from strangler.seams.compounds import compound_heads
from strangler.seams.signals import static_neighbours
from strangler.seams.words import domain_units

DOMAINS = ("Dataset", "Prompt", "Span", "Experiment")


def _names() -> list[str]:
    names = ["app", "app.config", "app.db", "app.db.models", "app.server", "app.server.app",
             "app.server.api", "app.server.api.types", "app.server.api.input_types",
             "app.server.api.mutations", "app.server.api.dataloaders",
             "app.server.api.routers", "app.server.api.routers.v1",
             "app.server.mcp", "app.server.mcp.tools", "app.server.cli", "app.server.cli.serve",
             "app.trace", "app.trace.otel"]
    for cls in DOMAINS:
        snake = cls.lower()
        names += [f"app.server.api.types.{cls}", f"app.server.api.types.{cls}Label",
                  f"app.server.api.input_types.{cls}Sort",
                  f"app.server.api.mutations.{snake}_mutations",
                  f"app.server.api.dataloaders.{snake}_labels",
                  f"app.server.api.routers.v1.{snake}s"]
    return sorted(names)


def test_graphql_layers_below_a_container_are_cut_by_domain_words() -> None:
    units = domain_units(_names())
    for cls in DOMAINS:
        snake = cls.lower()
        assert units[f"app.server.api.types.{cls}"] \
            == units[f"app.server.api.mutations.{snake}_mutations"] \
            == units[f"app.server.api.routers.v1.{snake}s"] == f"word:{snake}", (cls, units)
        assert units[f"app.server.api.types.{cls}Label"] \
            == units[f"app.server.api.dataloaders.{snake}_labels"] == f"word:{snake}_label"
    assert not any(unit == "word:server" for unit in units.values())


MODEL = '''
class {cls}(Base):
    __tablename__ = "{table}"
    id = Column(Integer, primary_key=True)
'''
LOADER = '''
from sqlalchemy import select

from app.db import models


async def load(session, ids):
    return await session.scalars(select(models.{cls}).where(models.{cls}.id.in_(ids)))
'''


def test_a_one_module_query_over_a_named_table_is_its_heads_part(tmp_path: Path) -> None:
    tables = {"Span": "spans", "SpanCost": "span_costs", "Trace": "traces",
              "Project": "projects", "Dataset": "datasets"}
    models = "from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import " \
             "declarative_base\n\nBase = declarative_base()\n" + "".join(
                 MODEL.format(cls=cls, table=table) for cls, table in tables.items())
    files = {"app/__init__.py": "", "app/db/__init__.py": "", "app/db/models.py": models,
             "app/api/__init__.py": "", "app/api/types/__init__.py": "",
             "app/api/dataloaders/__init__.py": "", "app/api/mutations/__init__.py": "",
             "app/api/routers/__init__.py": ""}
    for cls in ("Span", "SpanCost", "Trace"):
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in cls).lstrip("_")
        files[f"app/api/types/{cls}.py"] = LOADER.format(cls=cls)
        files[f"app/api/dataloaders/{snake}s.py"] = LOADER.format(cls=cls)
        files[f"app/api/mutations/{snake}_mutations.py"] = LOADER.format(cls=cls)
        files[f"app/api/routers/{snake}s.py"] = LOADER.format(cls=cls)
    # named after the span costs it sums (by trace): reads `span_costs` alone
    files["app/api/dataloaders/span_cost_summary_by_trace.py"] = LOADER.format(cls="SpanCost")
    # named like a span query but reading the traces: no data tie to `span`, the rows
    # it reads are the traces'
    files["app/api/dataloaders/span_trace_ids.py"] = LOADER.format(cls="Trace")
    # named for no unit: the one named table it reads decides; two decide nothing
    files["app/api/dataloaders/num_per_parent.py"] = LOADER.format(cls="Span")
    files["app/api/dataloaders/latest_ids.py"] = LOADER.format(cls="Span") + \
        LOADER.format(cls="Trace").replace("def load(", "def load_other(")
    root = tmp_path / "proj"
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    index, graph = graph_of(root)
    neighbours = static_neighbours(graph)
    units = domain_units(sorted(m.name for m in index.modules),
                         lambda m: neighbours.get(m, set()))
    assert units["app.api.dataloaders.span_cost_summary_by_trace"] \
        == "word:span_cost_summary_by_trace"
    heads = compound_heads(units, index, neighbours)
    assert heads["word:span_cost_summary_by_trace"] == "word:span_cost"
    assert heads["word:span_trace_id"] == "word:trace"
    assert heads["word:num_per_parent"] == "word:span"
    assert "word:latest_id" not in heads


def test_a_layered_package_named_for_a_domain_keeps_its_word() -> None:
    """`forum/threads/{api,views,serializers}/...`: the package is the domain (`thread`),
    the modules under its layers are its parts, not domains of their own; only a package
    named for the whole application (`server/`) gives way to the words under it."""
    names = ["forum", "forum.conf", "forum.threads", "forum.users", "forum.categories",
             "forum.categories.models", "forum.categories.views"]
    for app in ("threads", "users"):
        for layer in ("api", "views", "serializers"):
            names += [f"forum.{app}.{layer}", f"forum.{app}.{layer}.posts",
                      f"forum.{app}.{layer}.moderation"]
    units = domain_units(sorted(names))
    assert units["forum.threads.api.posts"] == units["forum.threads.views.moderation"] \
        == "word:thread"
    assert units["forum.users.api.posts"] == "word:user"
