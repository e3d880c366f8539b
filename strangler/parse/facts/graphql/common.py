"""What the GraphQL readers share: root-type names, the root type being read, and the root
types a schema's construction names."""

from __future__ import annotations

import ast
import re

from strangler.model import GraphqlOperation
from strangler.parse.facts.syntax import dotted, keyword

ROOT_NAME = re.compile(r"(Query|Queries|Mutation|Mutations|Subscription|Subscriptions)$")
OPERATIONS: dict[str, GraphqlOperation] = {
    "Query": "Query", "Queries": "Query", "Mutation": "Mutation", "Mutations": "Mutation",
    "Subscription": "Subscription", "Subscriptions": "Subscription"}
SCHEMA_KEYWORDS: dict[str, GraphqlOperation] = {
    "query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
# `schema { query: RootQuery mutation: RootMutation }` in SDL
SDL_SCHEMA = re.compile(r"\bschema\s*(?:@[^{]*)?\{([^}]*)\}")
SDL_ROOT = re.compile(r"\b(query|mutation|subscription)\s*:\s*([_A-Za-z][_0-9A-Za-z]*)")


def root_operation(name: str) -> GraphqlOperation | None:
    """The operation a root type named `name` serves (`ProductQueries` -> Query)."""
    found = ROOT_NAME.search(name)
    return OPERATIONS[found.group(1)] if found else None


def schema_roots(call: ast.Call) -> list[tuple[GraphqlOperation, str]]:
    """The root classes a schema construction names: `query=`, `mutation=`,
    `subscription=` (a name chain each), and a first positional argument as the query
    (`graphene.Schema(Query)`, `strawberry.Schema(Query)`, `build_federated_schema(Query)`)."""
    found: list[tuple[GraphqlOperation, str]] = []
    if call.args and keyword(call, "query") is None:
        chain = dotted(call.args[0])
        if chain:
            found.append(("Query", chain))
    for name, operation in SCHEMA_KEYWORDS.items():
        given = keyword(call, name)
        chain = dotted(given) if given is not None else None
        if chain:
            found.append((operation, chain))
    return found


def sdl_roots(text: str) -> list[tuple[GraphqlOperation, str]]:
    """The root type names an SDL `schema { ... }` definition in `text` declares."""
    if "schema" not in text or "{" not in text:
        return []
    return [(SCHEMA_KEYWORDS[kind], name) for body in SDL_SCHEMA.findall(text)
            for kind, name in SDL_ROOT.findall(body)]


class Root:
    """A root type (or a type a schema may name as one) being read: its fields (name,
    handler or None, line, the operation the field itself says or None) and the names of
    its methods. `operation`: what its name tells, None when nothing."""

    def __init__(self, name: str, operation: GraphqlOperation | None, framework: str) -> None:
        self.name = name
        self.operation = operation
        self.framework = framework
        self.fields: list[tuple[str, str | None, int, GraphqlOperation | None]] = []
        self.methods: set[str] = set()
