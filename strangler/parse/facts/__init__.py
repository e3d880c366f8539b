"""Extract a file's facts from its stdlib `ast` tree in one pass.

One traversal (`walk.py`) feeds a collector per concern: imports and the names a module
binds (`imports.py`), Flask/FastAPI/Flask-AppBuilder routes (`routes.py`), Django URLconfs
(`django.py`), classes and ORM models (`classes.py`), entry-point loaders
(`entry_points.py`), GraphQL root-type fields (`graphql/`: Graphene, Strawberry, Ariadne),
module-level lists of dotted names (`dotted_lists.py`), the dotted paths settings name
(`wiring.py`), views registered for a model into a
registry (`view_registry.py`), service-locator keys and reads (`providers.py`), route helpers
(`route_helpers.py`), database facts (`data.py`; `documents.py` for plain pymongo/motor
collections; `members.py` for Tables reached through
the object declaring them; `columns.py` reads table columns for
both); each collector's output is a field of `FileFacts`. The walk records the name chains,
and `uses.py` keeps those that are symbol uses. Relative imports are made absolute here, so
linking never needs the file again.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from strangler.model import FileFacts, Problem, RawRouterCall
from strangler.parse.facts.classes import ClassFacts
from strangler.parse.facts.data import DataFacts
from strangler.parse.facts.django import DjangoFacts
from strangler.parse.facts.documents import DocumentFacts
from strangler.parse.facts.dotted_lists import DottedListFacts
from strangler.parse.facts.entry_points import EntryPointFacts
from strangler.parse.facts.graphql import GraphqlFacts
from strangler.parse.facts.imports import ImportFacts
from strangler.parse.facts.members import MemberFacts, member_reads
from strangler.parse.facts.providers import ProviderFacts, alias_reads
from strangler.parse.facts.route_helpers import RouteHelperFacts
from strangler.parse.facts.routes import RouteFacts
from strangler.parse.facts.syntax import count_loc, dotted, resolve_relative
from strangler.parse.facts.uses import kept_uses
from strangler.parse.facts.view_registry import ViewRegistryFacts
from strangler.parse.facts.walk import Collector, Walk
from strangler.parse.facts.wiring import WiringFacts
from strangler.parse.sensitive import data_attribute

__all__ = ["count_loc", "dotted", "extract_facts", "resolve_relative"]

# One walk feeds them all; a new framework is a new collector here.
COLLECTORS: tuple[Callable[[Walk], Collector], ...] = (
    ImportFacts, ClassFacts, RouteFacts, DjangoFacts, DataFacts, EntryPointFacts, GraphqlFacts,
    DottedListFacts, ViewRegistryFacts, ProviderFacts, RouteHelperFacts, MemberFacts,
    DocumentFacts, WiringFacts)


def extract_facts(tree: ast.Module, module: str, is_package: bool, text: str) -> FileFacts:
    """All facts of one parsed module."""
    loc, lines = count_loc(text)
    walk = Walk(module, is_package, COLLECTORS)
    problems: list[Problem] = []
    try:
        walk.run(tree)
    except RecursionError:
        walk = Walk(module, is_package, COLLECTORS)
        problems.append(Problem("", 1, "nesting too deep for a full analysis: imports only",
                                "warning"))
        only = walk.collectors[0]
        assert isinstance(only, ImportFacts)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                only.visit_Import(node)
            elif isinstance(node, ast.ImportFrom):
                only.visit_ImportFrom(node)
    (imports, classes, routes, django, data, entry_points, graphql, lists, views,
     providers, helpers, members, documents, wiring) = walk.collectors
    assert isinstance(imports, ImportFacts)
    assert isinstance(classes, ClassFacts) and isinstance(routes, RouteFacts)
    assert isinstance(django, DjangoFacts) and isinstance(data, DataFacts)
    assert isinstance(entry_points, EntryPointFacts)
    assert isinstance(graphql, GraphqlFacts) and isinstance(lists, DottedListFacts)
    assert isinstance(views, ViewRegistryFacts) and isinstance(providers, ProviderFacts)
    assert isinstance(helpers, RouteHelperFacts) and isinstance(members, MemberFacts)
    assert isinstance(documents, DocumentFacts) and isinstance(wiring, WiringFacts)
    bound = {raw.alias for raw in imports.imports if raw.alias}
    passable = bound | {router.var for router in routes.routers}
    named = bound | set(imports.defined)  # callees an entry-point loader may be
    router_calls = tuple(RawRouterCall(function, args, line)
                         for function, args, line in routes.calls
                         if any(arg in passable for arg in args if arg))
    uses = kept_uses(walk.uses, imports.imports, classes.classes, data.table_objects)
    return FileFacts(
        loc=loc,
        lines=lines,
        imports=tuple(imports.imports),
        uses=uses,
        defined=tuple(dict.fromkeys(imports.defined)),
        all_names=imports.all_names,
        classes=tuple(classes.classes),
        routers=tuple(routes.routers),
        route_decls=tuple(routes.route_decls),
        registers=tuple(routes.registers),
        runtime_registers=tuple(routes.runtime_registers),
        view_registrars=tuple(routes.view_registrars),
        class_calls=tuple(routes.class_calls),
        pyramid_routes=tuple(routes.pyramid.routes),
        pyramid_views=tuple(routes.pyramid.views),
        pyramid_includes=tuple(routes.pyramid.includes),
        router_calls=router_calls,
        urlpatterns=tuple(django.urlpatterns),
        pattern_lists=tuple(django.pattern_lists),
        sql=tuple(data.sql) + tuple(documents.sql),
        table_objects=tuple(data.table_objects),
        model_lookups=tuple(data.model_lookups),
        mappings=tuple(data.mappings),
        settings=tuple(django.settings),
        problems=tuple(imports.problems) + tuple(problems),
        model_writes=tuple(dict.fromkeys(data.model_writes)),
        dynamic_unresolved=tuple(imports.dynamic_unresolved),
        dynamic_patterns=tuple(imports.dynamic_patterns),
        entry_point_loads=entry_points.loads,
        entry_point_params=tuple(sorted(entry_points.params)),
        entry_point_calls=tuple(call for call in entry_points.calls
                                if call[0].partition(".")[0] in named),
        ddl_columns=tuple(data.ddl_columns),
        graphql_fields=tuple(graphql.fields),
        graphql_bindables=tuple(graphql.bindables),
        graphql_schema_roots=tuple(graphql.schema_roots),
        graphql_sdl_roots=tuple(graphql.sdl_roots),
        graphql_object_types=tuple(graphql.object_types),
        dotted_lists=tuple(lists.lists),
        settings_paths=tuple(wiring.paths),
        view_registrations=tuple(views.registrations),
        registry_functions=views.functions(tree, bound | set(imports.defined)),
        provided_keys=tuple(providers.provided),
        alias_uses=alias_reads(providers.aliases, bound, walk.uses),
        route_helpers=tuple(helpers.helpers),
        helper_calls=tuple(helpers.calls),
        registration_fields=tuple(sorted(helpers.fields)),
        data_attributes=tuple(sorted({attr for _, attrs, _ in walk.uses for attr in attrs
                                      if data_attribute(attr)})),
        class_tables=tuple(members.class_tables),
        instance_bindings=tuple(members.instance_bindings),
        member_reads=member_reads(walk.uses, members.assigned),
        member_writes=tuple(dict.fromkeys(members.member_writes)),
        named_tables=tuple(dict.fromkeys(members.named_tables)),
        mongo_databases=tuple(documents.databases),
        mongo_uses=tuple(documents.uses),
    )
