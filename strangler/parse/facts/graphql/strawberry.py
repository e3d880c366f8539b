"""Strawberry: a `@strawberry.type` class (a root type when a schema names it, or a class
deriving from it, or else when it is named as one, or `name="Query"`); its
`strawberry.field(...)`/`strawberry_django.field()` attributes (handler: `resolver=`) and its
methods decorated `@strawberry.field`, `.mutation`, `.subscription`."""

from __future__ import annotations

import ast

from strangler.model import GraphqlOperation
from strangler.parse.facts.graphql.common import Root, root_operation
from strangler.parse.facts.syntax import dotted, keyword, literal_str

STRAWBERRY_FIELDS: dict[str, GraphqlOperation | None] = {
    "field": None, "connection": None, "node": None, "mutation": "Mutation",
    "subscription": "Subscription"}
STRAWBERRY_MODULES = ("strawberry", "strawberry_django")


def is_strawberry(chain: str | None, imports: set[str]) -> bool:
    """`strawberry.x`, `strawberry_django.x`, or a bare name in a module importing them."""
    if chain is None:
        return False
    return chain.split(".")[0] in STRAWBERRY_MODULES or (
        "." not in chain and any(m in imports for m in STRAWBERRY_MODULES))


def strawberry_root(node: ast.ClassDef, imports: set[str]) -> Root | None:
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        chain = dotted(call.func if call else decorator)
        if chain and chain.rpartition(".")[2] == "type" and is_strawberry(chain, imports):
            named = literal_str(keyword(call, "name")) if call else None
            return Root(node.name, root_operation(named or node.name), "strawberry")
    return None


def strawberry_field(root: Root, name: str, value: ast.Call, line: int,
                     imports: set[str]) -> None:
    chain = dotted(value.func)
    last = chain.rpartition(".")[2] if chain else ""
    if last not in STRAWBERRY_FIELDS or not is_strawberry(chain, imports):
        return
    given = keyword(value, "resolver")
    resolver = dotted(given) if given is not None else None
    root.fields.append((literal_str(keyword(value, "name")) or name,
                        resolver or f"{root.name}.{name}", line,
                        STRAWBERRY_FIELDS[last]))


def strawberry_method(root: Root, node: ast.FunctionDef | ast.AsyncFunctionDef,
                      imports: set[str]) -> None:
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        chain = dotted(call.func if call else decorator)
        last = chain.rpartition(".")[2] if chain else ""
        if last in STRAWBERRY_FIELDS and is_strawberry(chain, imports):
            name = (literal_str(keyword(call, "name")) if call else None) or node.name
            root.fields.append((name, f"{root.name}.{node.name}", node.lineno,
                                STRAWBERRY_FIELDS[last]))
            return
