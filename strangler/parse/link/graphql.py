"""GraphQL operations as routes: each field of a root type becomes a `Route` of kind
"graphql", path `/graphql#<Operation>.<field>`, handled by its resolver or mutation class and
owned by the module that defines that handler (where the work is done, not where the schema
lists it)."""

from __future__ import annotations

from strangler.model import GraphqlOperation, Route
from strangler.parse.link.names import Linker

GRAPHQL_PATH = "/graphql"


def graphql_path(operation: str, field: str) -> str:
    return f"{GRAPHQL_PATH}#{operation}.{field}"


def graphql_routes(linker: Linker) -> list[Route]:
    """Every GraphQL operation of the project (an Ariadne field whose owner is no bindable of
    the project is dropped)."""
    bindables: dict[tuple[str, str], GraphqlOperation] = {
        (name, var): operation for name, data in linker.data.items()
        for var, operation in data.facts.graphql_bindables}
    routes: list[Route] = []
    for name, data in linker.data.items():
        for raw in data.facts.graphql_fields:
            operation = raw.operation
            if operation is None:
                operation = bindables.get((name, raw.owner))
                if operation is None:
                    target, symbol, rest = linker.resolve_local(name, raw.owner)
                    operation = None if rest else bindables.get((target, symbol))
                if operation is None:
                    continue
            handler = linker.handler(name, raw.handler)
            found = linker.module_prefix(handler)
            module = found[0] if found is not None else name
            routes.append(Route(("POST",), graphql_path(operation, raw.field), handler, module,
                                data.source.path, raw.line, raw.framework, kind="graphql"))
    return routes
