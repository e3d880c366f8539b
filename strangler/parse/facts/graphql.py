"""GraphQL operations as written in one file: the fields of root types (Query, Mutation,
Subscription), which a schema serves through one HTTP endpoint.

- Graphene: a class deriving from `graphene.ObjectType` named `...Query`/`...Queries`,
  `...Mutation(s)` or `...Subscription(s)` (the mixins a schema's `Query` inherits from);
  each class attribute set to a call is a field, resolved by its `resolve_<field>` method or,
  for `SomeMutation.Field()`, by the mutation class.
- Strawberry: a `@strawberry.type` class so named (or `name="Query"`); its
  `strawberry.field(...)`/`strawberry_django.field()` attributes (handler: `resolver=`) and
  its methods decorated `@strawberry.field`, `.mutation`, `.subscription`.
- Ariadne: `QueryType()`, `MutationType()`, `SubscriptionType()`, `ObjectType("Query")`
  bound to a module-level name (`graphql_bindables`), and `@query.field("x")` on a function or
  `query.set_field("x", resolver)`: the owner is resolved when linking, so a resolver module
  that imports `query` from the schema module is found too.
"""

from __future__ import annotations

import ast
import re

from strangler.model import GraphqlOperation, RawGraphqlField
from strangler.parse.facts.syntax import dotted, keyword, literal_str
from strangler.parse.facts.walk import Collector, Walk

ROOT_NAME = re.compile(r"(Query|Queries|Mutation|Mutations|Subscription|Subscriptions)$")
OPERATIONS: dict[str, GraphqlOperation] = {
    "Query": "Query", "Queries": "Query", "Mutation": "Mutation", "Mutations": "Mutation",
    "Subscription": "Subscription", "Subscriptions": "Subscription"}
ARIADNE_TYPES: dict[str, GraphqlOperation] = {
    "QueryType": "Query", "MutationType": "Mutation", "SubscriptionType": "Subscription"}
STRAWBERRY_FIELDS: dict[str, GraphqlOperation | None] = {
    "field": None, "connection": None, "node": None, "mutation": "Mutation",
    "subscription": "Subscription"}
STRAWBERRY_MODULES = ("strawberry", "strawberry_django")


def _root_operation(name: str) -> GraphqlOperation | None:
    found = ROOT_NAME.search(name)
    return OPERATIONS[found.group(1)] if found else None


class _Root:
    """A root type being read: its fields (name, handler or None, line, operation) and the
    names of its methods."""

    def __init__(self, name: str, operation: GraphqlOperation, framework: str) -> None:
        self.name = name
        self.operation = operation
        self.framework = framework
        self.fields: list[tuple[str, str | None, int, GraphqlOperation]] = []
        self.methods: set[str] = set()


class GraphqlFacts(Collector):
    """graphql_fields, graphql_bindables."""

    call_names = frozenset({"set_field"})

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.fields: list[RawGraphqlField] = []
        self.bindables: list[tuple[str, GraphqlOperation]] = []
        self._imports: set[str] = set()  # graphql libraries the module imports
        self._stack: list[_Root | None] = []

    # ----------------------------------------------------------------- imports

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            self._imports.add(item.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._imports.add(node.module.split(".")[0])

    def _strawberry(self, chain: str | None) -> bool:
        if chain is None:
            return False
        head = chain.split(".")[0]
        return head in STRAWBERRY_MODULES or (
            "." not in chain and any(m in self._imports for m in STRAWBERRY_MODULES))

    # ----------------------------------------------------------------- Graphene, Strawberry

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._stack.append(None if self.walk.scope else self._root(node))

    def _root(self, node: ast.ClassDef) -> _Root | None:
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            chain = dotted(call.func if call else decorator)
            if chain and chain.rpartition(".")[2] == "type" and self._strawberry(chain):
                named = literal_str(keyword(call, "name")) if call else None
                operation = _root_operation(named or node.name)
                return _Root(node.name, operation, "strawberry") if operation else None
        operation = _root_operation(node.name)
        if operation is None:
            return None
        for base in node.bases:
            chain = dotted(base) or ""
            if chain.rpartition(".")[2] == "ObjectType" and (
                    chain.startswith("graphene.") or "graphene" in self._imports):
                return _Root(node.name, operation, "graphene")
        return None

    def class_statement(self, statement: ast.stmt) -> None:
        root = self._stack[-1] if self._stack else None
        if root is None:
            return
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            root.methods.add(statement.name)
            if root.framework == "strawberry":
                self._strawberry_method(root, statement)
            return
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            return
        if not isinstance(target, ast.Name) or target.id.startswith("_") \
                or not isinstance(value, ast.Call):
            return
        chain = dotted(value.func)
        if root.framework == "graphene":
            # `ProductCreate.Field()`: the mutation class resolves it (`graphene.Field(T)`
            # is a field of type T, resolved in this class)
            owner = dotted(value.func.value) if isinstance(value.func, ast.Attribute) \
                and value.func.attr == "Field" and not value.args else None
            if owner is not None and owner.split(".")[0] == "graphene":
                owner = None
            root.fields.append((target.id, owner, statement.lineno, root.operation))
        elif chain and self._strawberry(chain) and \
                chain.rpartition(".")[2] in STRAWBERRY_FIELDS:
            given = keyword(value, "resolver")
            resolver = dotted(given) if given is not None else None
            name = literal_str(keyword(value, "name")) or target.id
            kind = STRAWBERRY_FIELDS[chain.rpartition(".")[2]]
            root.fields.append((name, resolver or f"{root.name}.{target.id}",
                                statement.lineno, kind or root.operation))

    def _strawberry_method(self, root: _Root,
                           node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            chain = dotted(call.func if call else decorator)
            last = chain.rpartition(".")[2] if chain else ""
            if last in STRAWBERRY_FIELDS and self._strawberry(chain):
                name = (literal_str(keyword(call, "name")) if call else None) or node.name
                root.fields.append((name, f"{root.name}.{node.name}", node.lineno,
                                    STRAWBERRY_FIELDS[last] or root.operation))
                return

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        root = self._stack.pop() if self._stack else None
        if root is None:
            return
        for name, handler, line, operation in root.fields:
            if handler is None:
                resolver = f"resolve_{name}"
                handler = f"{root.name}.{resolver if resolver in root.methods else name}"
            self.fields.append(RawGraphqlField(operation, name, handler, line, root.framework))

    # ----------------------------------------------------------------- Ariadne

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
            return
        last = (dotted(value.func) or "").rpartition(".")[2]
        operation = ARIADNE_TYPES.get(last)
        if operation is None and last == "ObjectType" and "ariadne" in self._imports \
                and value.args:
            named = literal_str(value.args[0]) or ""
            operation = OPERATIONS.get(named) if named in ("Query", "Mutation",
                                                           "Subscription") else None
        if operation is not None:
            self.bindables.append((target.id, operation))

    def decorator(self, decorator: ast.expr,
                  node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if self.walk.scope or isinstance(node, ast.ClassDef) \
                or not isinstance(decorator, ast.Call) or not decorator.args:
            return
        func = decorator.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("field", "source"):
            return
        owner = dotted(func.value)
        name = literal_str(decorator.args[0])
        if owner and name and not self._strawberry(owner):
            self.fields.append(RawGraphqlField(None, name, node.name, node.lineno, "ariadne",
                                               owner))

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if last != "set_field" or chain is None or len(node.args) < 2:
            return
        name, handler = literal_str(node.args[0]), dotted(node.args[1])
        owner = chain.rpartition(".")[0]
        if name and handler and owner:
            self.fields.append(RawGraphqlField(None, name, handler, node.lineno, "ariadne",
                                               owner))
