"""ORM writes that no name chain shows: a write method called on the result of a query
(`Model.objects.filter(...).update(...)`, `Model.query.filter_by(...).delete()`,
`session.query(Model).filter(...).delete()`), on a variable bound to a query or a row in the
same function (`obj = Model.objects.get(...)` ... `obj.save()`), and rows handed to a session
(`db.session.delete(obj)`, `session.merge(obj)`).

Each returns the dotted expressions whose model (or Table object) is written, with the line
of the expression; the linker keeps those that name a model and ignores the rest. Only the
expression's own words are read: a row passed in as a parameter (`def f(obj): obj.save()`)
is not known and is not guessed.
"""

from __future__ import annotations

import ast
import re

from strangler.parse.facts.syntax import dotted

# Methods that write the rows of the query or the row they are called on.
ROW_WRITES = frozenset({
    "update", "delete", "save", "create", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create", "delete_many", "update_many", "insert_many", "upsert"})
# Session methods that write the row given as first argument.
SESSION_WRITES = frozenset({"add", "delete", "merge"})
# Calls whose first argument is the model queried: `session.query(Model)`, `select(Model)`,
# `get_object_or_404(Model, pk=1)`, `db.get_or_404(Model, 1)`, `session.execute(select(M))`.
_FIRST_ARGUMENT = frozenset({"query", "select", "get_object_or_404", "get_list_or_404",
                             "get_or_404", "one_or_404", "first_or_404", "execute",
                             "scalars", "scalar"})
# Steps after which the value is no longer rows of the model: `.to_dict().update(...)` updates
# a dict, `.values().first()` is a dict in Django.
_NOT_ROWS = frozenset({"values", "values_list", "to_dict", "as_dict", "dict", "model_dump",
                       "serialize", "to_json", "json", "copy", "items", "keys", "__dict__",
                       "count", "exists", "aggregate", "annotate_dict"})
# Steps on a query, a row or a model class that yield rows of the same model
# (`qs.filter(...)`, `qs.first()`, `Model.objects`, `Model.query`); an attribute or any
# other step may be a relation to another model.
QUERY_STEPS = frozenset({"objects", "query",
    "all", "filter", "exclude", "get", "first", "last", "latest", "earliest", "order_by",
    "distinct", "select_related", "prefetch_related", "only", "defer", "reverse", "using",
    "select_for_update", "iterator", "none", "filter_by", "one", "one_or_none", "limit",
    "offset", "scalars", "unique", "where", "with_for_update"})
_SESSION = re.compile(r"(?i)\w*session\w*")
Written = tuple[tuple[str, int], ...]  # (dotted expression, line)


def rows_of(node: ast.AST, depth: int = 0) -> Written:
    """The dotted expressions whose rows `node` yields: `Model.objects.filter(a).first()` ->
    `Model.objects.filter`; `session.query(Model).get(1)` -> `Model` (and `session.query`)."""
    while depth < 4:  # the loop descends receivers; the depth bounds nested arguments
        if isinstance(node, ast.Await | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            chain = dotted(node.func)
            if chain is None:
                node = node.func
                continue
            parts = chain.split(".")
            if parts[-1] in _NOT_ROWS:
                return ()
            found: Written = ((chain, node.lineno),)
            if node.args and (parts[-1] in _FIRST_ARGUMENT or (
                    parts[-1] == "get" and len(parts) > 1 and _SESSION.fullmatch(parts[-2]))):
                found = rows_of(node.args[0], depth + 1) + found
            return found
        elif isinstance(node, ast.Attribute):
            if node.attr in _NOT_ROWS:
                return ()
            chain = dotted(node)
            if chain is not None:
                return ((chain, node.lineno),)
            node = node.value
        elif isinstance(node, ast.Name):
            return ((node.id, node.lineno),)
        else:
            return ()
    return ()


# Calls whose positional arguments each yield one element of the tuples they produce:
# `zip(a, b)`; `enumerate(rows)` yields (index, row).
_TUPLE_SOURCES = frozenset({"zip", "enumerate", "query", "select"})


def target_rows(target: ast.expr, value: ast.expr) -> list[tuple[str, Written]]:
    """What each name of a binding target holds rows of: `row` in `for row in qs`, `row` in
    `for i, row in enumerate(qs)`, `order, line` in `for order, line in zip(orders, lines)`
    or in `session.query(Order, Line)`, `obj` in `obj, created = M.objects.get_or_create()`.
    A name not known to hold rows is listed with `()`, so an older binding is forgotten."""
    if isinstance(target, ast.Name):
        return [(target.id, rows_of(value))]
    if not isinstance(target, ast.Tuple | ast.List):
        return []
    names = [(i, e.id) for i, e in enumerate(target.elts) if isinstance(e, ast.Name)]
    parts: dict[int, Written] = {}
    call = value
    while isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and (
            call.func.attr in QUERY_STEPS or call.func.attr in ("join", "outerjoin")
    ) and call.func.attr not in _TUPLE_SOURCES:
        call = call.func.value  # `session.query(A, B).join(...).all()`: the query's columns
    last = (dotted(call.func) or "").rsplit(".", 1)[-1] if isinstance(call, ast.Call) else ""
    if isinstance(call, ast.Call) and last in _TUPLE_SOURCES and not any(
            isinstance(arg, ast.Starred) for arg in call.args):
        args = list(call.args)
        if last == "enumerate" and args:
            args = [ast.Constant(0), args[0]]
        if last in ("query", "select") and len(args) < 2:
            args = []  # one entity: rows, not tuples
        for i, arg in enumerate(args):
            parts[i] = rows_of(arg) if last in ("zip", "enumerate") else _entity(arg)
    elif isinstance(value, ast.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in (
            "get_or_create", "update_or_create"):
        # (row, created); the row is the model's, the write method is not its chain
        parts[0] = tuple((expression.rsplit(".", 1)[0], line)
                         for expression, line in rows_of(value))
    return [(name, parts.get(i, ())) for i, name in names]


def _entity(node: ast.expr) -> Written:
    """`Order` in `session.query(Order, Line)`; a column (`Order.id`) is no row."""
    if isinstance(node, ast.Name):
        return ((node.id, node.lineno),)
    return ()


def chained_write(node: ast.Call) -> Written:
    """`Model.objects.filter(...).update(...)`: a write method on the result of a call."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in ROW_WRITES):
        return ()
    if dotted(func) is not None:
        return ()  # `Model.objects.create(...)`: a name chain, counted by the uses
    return rows_of(func.value)


def session_write(node: ast.Call, chain: str) -> ast.expr | None:
    """The row argument of `db.session.delete(obj)`, `session.merge(obj)`."""
    parts = chain.split(".")
    if len(parts) >= 2 and parts[-1] in SESSION_WRITES and node.args and _SESSION.fullmatch(
            parts[-2]):
        return node.args[0]
    return None
