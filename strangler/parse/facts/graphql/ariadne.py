"""Ariadne: `QueryType()`, `MutationType()`, `SubscriptionType()`, `ObjectType("Query")`
(or `ObjectType("RootQuery")` where an SDL `schema { query: RootQuery }` says so) bound to a
module-level name are bindables; `@query.field("x")` on a function and
`query.set_field("x", resolver)` set a field on one. The owner is resolved when linking, so a
resolver module that imports `query` from the schema module is found too."""

from __future__ import annotations

import ast

from strangler.model import GraphqlOperation, RawGraphqlField
from strangler.parse.facts.graphql.common import OPERATIONS
from strangler.parse.facts.syntax import dotted, literal_str

ARIADNE_TYPES: dict[str, GraphqlOperation] = {
    "QueryType": "Query", "MutationType": "Mutation", "SubscriptionType": "Subscription"}
ROOTS = ("Query", "Mutation", "Subscription")


def ariadne_bindable(value: ast.expr, imports: set[str]) -> GraphqlOperation | None:
    if not isinstance(value, ast.Call):
        return None
    last = (dotted(value.func) or "").rpartition(".")[2]
    operation = ARIADNE_TYPES.get(last)
    if operation is None and last == "ObjectType" and "ariadne" in imports and value.args:
        named = literal_str(value.args[0]) or ""
        operation = OPERATIONS[named] if named in ROOTS else None
    return operation


def ariadne_object_type(value: ast.expr, imports: set[str]) -> str | None:
    """`ObjectType("RootQuery")`: the type's name, which an SDL `schema { ... }` may make a
    root type (`ObjectType("Query")` is one already: `ariadne_bindable`)."""
    if not isinstance(value, ast.Call) or not value.args or "ariadne" not in imports:
        return None
    if (dotted(value.func) or "").rpartition(".")[2] != "ObjectType":
        return None
    named = literal_str(value.args[0])
    return named if named and named not in ROOTS else None


def ariadne_decorated(decorator: ast.expr, function: str, line: int
                      ) -> RawGraphqlField | None:
    """`@owner.field("x")` (or `.source`) on a module-level function."""
    if not isinstance(decorator, ast.Call) or not decorator.args:
        return None
    func = decorator.func
    if not isinstance(func, ast.Attribute) or func.attr not in ("field", "source"):
        return None
    owner = dotted(func.value)
    name = literal_str(decorator.args[0])
    if owner and name:
        return RawGraphqlField(None, name, function, line, "ariadne", owner)
    return None


def ariadne_set_field(node: ast.Call, chain: str) -> RawGraphqlField | None:
    """`owner.set_field("x", resolver)`."""
    if len(node.args) < 2:
        return None
    name, handler = literal_str(node.args[0]), dotted(node.args[1])
    owner = chain.rpartition(".")[0]
    if name and handler and owner:
        return RawGraphqlField(None, name, handler, node.lineno, "ariadne", owner)
    return None
