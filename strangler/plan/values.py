"""Whether the values that cross a seam function are JSON: judged from what its callers pass
and what its body returns, with annotations as one more witness, never the only one.

Each expression gets a verdict: "json" (a literal, an id, a string built from values), "unsafe"
(a model instance, a query, a datetime, a set, bytes) or "unknown". A function goes remote only
when every argument at every call site and every returned value is "json"; anything else keeps
it local, with the reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["json", "unsafe", "unknown"]

JSON_NAMES = {"int", "float", "str", "bool", "None", "dict", "list", "tuple", "Any", "Optional",
              "Union", "Mapping", "Sequence", "Dict", "List", "Tuple", "typing", "object",
              "Literal", "NoneType", "Iterable"}
# Builtins and helpers whose result is JSON whatever they are given.
JSON_CALLS = {"int", "str", "float", "bool", "len", "round", "abs", "repr", "format", "dumps",
              "isoformat", "strftime", "hexdigest", "lower", "upper", "strip", "join",
              "gettext", "_", "render_template", "url_for", "count", "exists"}
UNSAFE_CALLS = {"datetime", "date", "time", "timedelta", "now", "today", "utcnow", "Decimal",
                "UUID", "uuid4", "set", "frozenset", "bytes", "bytearray", "open", "jsonify",
                "Response", "HttpResponse", "JsonResponse", "redirect", "abort"}
QUERY_CALLS = {"all", "first", "one", "one_or_none", "get_or_404", "first_or_404", "filter",
               "filter_by", "order_by", "paginate", "select_related", "prefetch_related",
               "values", "exclude", "annotate", "get_object_or_404", "get_or_create"}
ORM_ATTRIBUTES = {"query", "objects", "session"}
UNSAFE_ANNOTATIONS = {"datetime", "date", "time", "timedelta", "Decimal", "UUID", "set",
                      "frozenset", "bytes", "QuerySet", "Query", "Model"}


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    found = set(verdicts)
    if "unsafe" in found:
        return "unsafe"
    return "unknown" if "unknown" in found else "json"


def annotation_verdict(annotation: str | None) -> Verdict:
    """What an annotation alone says: JSON types, known non-JSON ones, or unknown."""
    if annotation is None:
        return "unknown"
    try:
        tree = ast.parse(annotation.strip("'\""), mode="eval")
    except SyntaxError:
        return "unknown"
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    if names <= JSON_NAMES:
        return "json"
    return "unsafe"  # a class of the project's, or a library type: not JSON as it is


def _is_id(name: str) -> bool:
    return name in ("id", "pk", "uuid_str") or name.endswith(("_id", "_ids", "_pk"))


@dataclass(frozen=True)
class Scope:
    """What names mean where an expression is: JSON-annotated parameters and model classes."""

    json_names: frozenset[str] = frozenset()
    models: frozenset[str] = frozenset()


def verdict(node: ast.expr | None, scope: Scope) -> Verdict:
    """The verdict for one expression (see the module docstring)."""
    if node is None:
        return "json"
    if isinstance(node, ast.Constant):
        return "unsafe" if isinstance(node.value, bytes) or node.value is ... else "json"
    if isinstance(node, ast.JoinedStr | ast.Compare):
        return "json"
    if isinstance(node, ast.List | ast.Tuple):
        return combine(verdict(e, scope) for e in node.elts)
    if isinstance(node, ast.Dict):
        return combine(verdict(e, scope) for e in [*node.keys, *node.values]
                       if e is not None)
    if isinstance(node, ast.Set | ast.SetComp | ast.GeneratorExp | ast.Lambda | ast.Await |
                  ast.Yield | ast.YieldFrom):
        return "unsafe"
    if isinstance(node, ast.ListComp):
        return verdict(node.elt, scope)
    if isinstance(node, ast.DictComp):
        return combine((verdict(node.key, scope), verdict(node.value, scope)))
    if isinstance(node, ast.BoolOp):
        return combine(verdict(v, scope) for v in node.values)
    if isinstance(node, ast.BinOp):
        return combine((verdict(node.left, scope), verdict(node.right, scope)))
    if isinstance(node, ast.UnaryOp):
        return "json" if isinstance(node.op, ast.Not) else verdict(node.operand, scope)
    if isinstance(node, ast.IfExp):
        return combine((verdict(node.body, scope), verdict(node.orelse, scope)))
    if isinstance(node, ast.Name):
        if node.id in scope.models:
            return "unsafe"
        return "json" if node.id in scope.json_names or _is_id(node.id) else "unknown"
    if isinstance(node, ast.Attribute):
        if node.attr in ORM_ATTRIBUTES:
            return "unsafe"
        return "json" if _is_id(node.attr) else "unknown"
    if isinstance(node, ast.Call):
        return _call_verdict(node, scope)
    return "unknown"


def _call_verdict(node: ast.Call, scope: Scope) -> Verdict:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(
        func, ast.Attribute) else ""
    if name in scope.models or name in UNSAFE_CALLS or name in QUERY_CALLS:
        return "unsafe"
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and (
            func.value.attr in ORM_ATTRIBUTES):
        return "unsafe"  # Model.query.get(...), Model.objects.get(...)
    if name in JSON_CALLS:
        return "json"
    if name in ("list", "tuple", "sorted", "dict", "min", "max", "sum") and node.args:
        return combine(verdict(a, scope) for a in node.args)
    return "unknown"


def returns_of(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr | None]:
    """Every value `function` returns (None for a bare return), nested functions left out;
    a generator's yields are returned as themselves (a generator is not JSON)."""
    found: list[ast.expr | None] = []
    falls_through = True
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Return):
            found.append(node.value)
        elif isinstance(node, ast.Yield | ast.YieldFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    if function.body and isinstance(function.body[-1], ast.Return | ast.Raise):
        falls_through = False
    if falls_through:
        found.append(None)
    return found


def call_sites(trees: Mapping[str, ast.Module], callers: Iterable[str], name: str
               ) -> list[tuple[ast.Call, Scope]]:
    """Calls of `name` (as `name(...)` or `x.name(...)`) in the caller modules, each with the
    JSON-annotated parameters of the function it sits in."""
    found: list[tuple[ast.Call, Scope]] = []
    for module in sorted(set(callers)):
        tree = trees.get(module)
        if tree is None:
            continue
        _collect(tree, name, Scope(), found)
    return found


def _collect(node: ast.AST, name: str, scope: Scope, found: list[tuple[ast.Call, Scope]]
             ) -> None:
    for child in ast.iter_child_nodes(node):
        inner = scope
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            args = child.args
            typed = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]
                     if a.annotation is not None
                     and annotation_verdict(ast.unparse(a.annotation)) == "json"}
            inner = Scope(frozenset(typed), scope.models)
        if isinstance(child, ast.Call):
            func = child.func
            if (isinstance(func, ast.Name) and func.id == name) or (
                    isinstance(func, ast.Attribute) and func.attr == name):
                found.append((child, inner))
        _collect(child, name, inner, found)
