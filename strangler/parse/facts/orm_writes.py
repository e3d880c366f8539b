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
