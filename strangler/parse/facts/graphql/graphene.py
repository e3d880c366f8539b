"""Graphene: a class deriving from `graphene.ObjectType` (a root type when a schema names it,
or a class deriving from it, or else when it is named as one: the mixins a schema's `Query`
inherits from); each class attribute set to a call is a field, resolved by its
`resolve_<field>` method or, for `SomeMutation.Field()`, by the mutation class."""

from __future__ import annotations

import ast

from strangler.parse.facts.graphql.common import Root, root_operation
from strangler.parse.facts.syntax import dotted


def graphene_root(node: ast.ClassDef, imports: set[str]) -> Root | None:
    """A Graphene object type, whatever its name: which ones are roots is told when linking."""
    for base in node.bases:
        chain = dotted(base) or ""
        if chain.rpartition(".")[2] == "ObjectType" and (
                chain.startswith("graphene.") or "graphene" in imports):
            return Root(node.name, root_operation(node.name), "graphene")
    return None


def graphene_field(root: Root, name: str, value: ast.Call, line: int) -> None:
    # `ProductCreate.Field()`: the mutation class resolves it (`graphene.Field(T)` is a field
    # of type T, resolved in this class)
    func = value.func
    owner = dotted(func.value) if isinstance(func, ast.Attribute) and func.attr == "Field" \
        and not value.args else None
    if owner is not None and owner.split(".")[0] == "graphene":
        owner = None
    root.fields.append((name, owner, line, None))
