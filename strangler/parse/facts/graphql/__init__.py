"""GraphQL operations as written in one file: the fields of object types that may be root
types (Query, Mutation, Subscription), which a schema serves through one HTTP endpoint, and
the root types a schema's construction names (`graphene.Schema(query=Q)`, an SDL `schema {
query: Q }`): the linker decides which types are roots. One collector (one set of hooks in
the walk) reads the three libraries, one module each: `graphene.py`, `strawberry.py`,
`ariadne.py`."""

from __future__ import annotations

import ast

from strangler.model import GraphqlOperation, RawGraphqlField
from strangler.parse.facts.graphql.ariadne import (
    ariadne_bindable,
    ariadne_decorated,
    ariadne_object_type,
    ariadne_set_field,
)
from strangler.parse.facts.graphql.common import Root, schema_roots, sdl_roots
from strangler.parse.facts.graphql.graphene import graphene_field, graphene_root
from strangler.parse.facts.graphql.strawberry import (
    is_strawberry,
    strawberry_field,
    strawberry_method,
    strawberry_root,
)
from strangler.parse.facts.syntax import assignment, dotted
from strangler.parse.facts.walk import Collector, Walk

# A module building a schema imports one of these (Saleor's api.py: only graphql-core, and
# its own `build_federated_schema`).
SCHEMA_LIBRARIES = frozenset({"graphene", "strawberry", "strawberry_django", "graphql"})


class GraphqlFacts(Collector):
    """graphql_fields, graphql_bindables, graphql_object_types, graphql_schema_roots,
    graphql_sdl_roots."""

    call_names = frozenset({"set_field", "Schema"})

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.fields: list[RawGraphqlField] = []
        self.bindables: list[tuple[str, GraphqlOperation]] = []
        self.object_types: list[tuple[str, str]] = []
        self.schema_roots: dict[tuple[GraphqlOperation, str], None] = {}  # in order, once
        self.sdl_roots: dict[tuple[GraphqlOperation, str], None] = {}
        self._imports: set[str] = set()  # top-level packages the module imports
        self._stack: list[Root | None] = []

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            self._imports.add(item.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._imports.add(node.module.split(".")[0])

    # ----------------------------------------------------------------- root types

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        root = None
        if not self.walk.scope:
            root = strawberry_root(node, self._imports) or graphene_root(node, self._imports)
        self._stack.append(root)

    def class_statement(self, statement: ast.stmt) -> None:
        root = self._stack[-1] if self._stack else None
        if root is None:
            return
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            root.methods.add(statement.name)
            if root.framework == "strawberry":
                strawberry_method(root, statement, self._imports)
            return
        assigned = assignment(statement)
        if assigned is None:
            return
        target, value = assigned
        if not isinstance(target, ast.Name) or target.id.startswith("_") \
                or not isinstance(value, ast.Call):
            return
        if root.framework == "graphene":
            graphene_field(root, target.id, value, statement.lineno)
        else:
            strawberry_field(root, target.id, value, statement.lineno, self._imports)

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        root = self._stack.pop() if self._stack else None
        if root is None:
            return
        for name, handler, line, operation in root.fields:
            if handler is None:
                resolver = f"resolve_{name}"
                handler = f"{root.name}.{resolver if resolver in root.methods else name}"
            self.fields.append(RawGraphqlField(operation, name, handler, line, root.framework,
                                               root.name, root.operation))

    # ----------------------------------------------------------------- schema construction

    def _schema_call(self, call: ast.Call) -> None:
        if self._imports & SCHEMA_LIBRARIES:
            for found in schema_roots(call):
                self.schema_roots.setdefault(found)

    def string(self, text: str, line: int) -> None:
        for found in sdl_roots(text):
            self.sdl_roots.setdefault(found)

    # ----------------------------------------------------------------- Ariadne

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            operation = ariadne_bindable(value, self._imports)
            if operation is not None:
                self.bindables.append((target.id, operation))
            else:
                named = ariadne_object_type(value, self._imports)
                if named is not None:
                    self.object_types.append((target.id, named))
        # `schema = build_federated_schema(Query, mutation=Mutation)`: a project's own
        # builder (`graphene.Schema(...)`, anywhere, is seen by `visit_Call`)
        if isinstance(value, ast.Call):
            last = (dotted(value.func) or "").rpartition(".")[2]
            if last != "Schema" and last.lower().endswith("schema"):
                self._schema_call(value)

    def decorator(self, decorator: ast.expr,
                  node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if self.walk.scope or isinstance(node, ast.ClassDef):
            return
        found = ariadne_decorated(decorator, node.name, node.lineno)
        if found is not None and not is_strawberry(found.owner, self._imports):
            self.fields.append(found)

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if last == "Schema":
            self._schema_call(node)
        elif last == "set_field" and chain is not None:
            found = ariadne_set_field(node, chain)
            if found is not None:
                self.fields.append(found)
