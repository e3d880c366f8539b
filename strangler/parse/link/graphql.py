"""GraphQL operations as routes: each field of a root type becomes a `Route` of kind
"graphql", path `/graphql#<Operation>.<field>`, handled by its resolver or mutation class and
owned by the module that defines that handler (where the work is done, not where the schema
lists it).

Which types are roots follows the schema's construction where the project shows it: the
classes `graphene.Schema(query=Q, mutation=M)` or `strawberry.Schema(Q)` names and every
project class they derive from; the Ariadne `ObjectType("X")` an SDL `schema { query: X }`
names. The naming convention (`…Query`, `…Mutations`, Ariadne's `QueryType()` and
`ObjectType("Query")`) is the fallback for the types no construction names."""

from __future__ import annotations

from strangler.model import GraphqlOperation, Route
from strangler.parse.link.names import Linker

GRAPHQL_PATH = "/graphql"


def graphql_path(operation: str, field: str) -> str:
    return f"{GRAPHQL_PATH}#{operation}.{field}"


def schema_classes(linker: Linker) -> dict[str, GraphqlOperation]:
    """Qualified project class -> the operation a schema construction makes it the root of
    (or the root's base of). A class reached from two roots keeps the first, in module
    order: Query, Mutation, Subscription as each construction lists them."""
    named = [(name, found) for name, data in linker.data.items()
             for found in data.facts.graphql_schema_roots]
    if not named:
        return {}
    classes, bases = linker.class_hierarchy()
    roots: dict[str, GraphqlOperation] = {}
    for module, (operation, expression) in named:  # modules are in name order
        queue = [linker.class_ref(module, expression)]
        while queue:
            ref = queue.pop()
            if ref in roots or ref not in classes:
                continue
            roots[ref] = operation
            queue.extend(bases[ref])
    return roots


def graphql_routes(linker: Linker) -> list[Route]:
    """Every GraphQL operation of the project (an Ariadne field whose owner is no bindable of
    the project is dropped, and so is a field of a type that is no root)."""
    bindables: dict[tuple[str, str], GraphqlOperation] = {
        (name, var): operation for name, data in linker.data.items()
        for var, operation in data.facts.graphql_bindables}
    sdl: dict[str, GraphqlOperation] = {}
    for data in linker.data.values():  # in module name order
        for declared, type_name in data.facts.graphql_sdl_roots:
            sdl.setdefault(type_name, declared)
    if sdl:
        for name, data in linker.data.items():
            for var, type_name in data.facts.graphql_object_types:
                if type_name in sdl:
                    bindables[(name, var)] = sdl[type_name]
    roots = schema_classes(linker)
    routes: list[Route] = []
    for name, data in linker.data.items():
        for raw in data.facts.graphql_fields:
            operation: GraphqlOperation | None = raw.operation
            if operation is None and raw.framework == "ariadne":
                operation = bindables.get((name, raw.owner))
                if operation is None:
                    target, symbol, rest = linker.resolve_local(name, raw.owner)
                    operation = None if rest else bindables.get((target, symbol))
            elif operation is None:
                operation = roots.get(f"{name}.{raw.owner}") or raw.by_name
            if operation is None:
                continue
            handler = linker.handler(name, raw.handler)
            found = linker.module_prefix(handler)
            module = found[0] if found is not None else name
            routes.append(Route(("POST",), graphql_path(operation, raw.field), handler, module,
                                data.source.path, raw.line, raw.framework, kind="graphql"))
    return routes
