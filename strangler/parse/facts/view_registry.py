"""Views registered for a model into a registry that a URL helper later expands, as NetBox
does: `@register_model_view(Site, "edit")` on a view appends it to
`registry["views"]["dcim"]["site"]`, and `include(get_model_urls("dcim", "site"))` in a
URLconf makes a path per registered view. This file records the decorated views with the
decorator's arguments, and every module-level function that subscripts a module-level name
by a literal key (`registry["views"]`) with its parameters' literal defaults; the link stage
(`link/view_registry.py`) pairs a helper with the decorators that use the same registry."""

from __future__ import annotations

import ast
from collections import defaultdict

from strangler.model import RawRegistryFunction, RawViewRegistration
from strangler.parse.facts.syntax import call_arguments, dotted, literal_str
from strangler.parse.facts.walk import Collector, Walk


def _default(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(
            node.value, str | bool | int | float | type(None)):
        return "=" + repr(node.value)
    return ""


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[tuple[str, str], ...]:
    """(name, literal default or "") of each positional and keyword-only parameter."""
    args = node.args
    positional = args.posonlyargs + args.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    return tuple((arg.arg, _default(default)) for arg, default in zip(
        positional + args.kwonlyargs, defaults + list(args.kw_defaults), strict=True))


# Methods that add to or change the container they are called on.
_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "__setitem__"})


def _root(node: ast.expr) -> tuple[str, str] | None:
    """(name, key) of the `name["key"]` a subscript or attribute chain starts from."""
    while isinstance(node, ast.Subscript | ast.Attribute):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            key = literal_str(node.slice)
            return (node.value.id, key) if key is not None else None
        node = node.value
    return None


def _written(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[tuple[str, str]]:
    """The (name, key) pairs a function (nested functions included) writes into: an item
    assigned or deleted below `name["key"]`, or a mutating method called on it."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(function):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign | ast.Delete):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in _MUTATORS):
            targets = [node.func.value]
        found.update(pair for target in targets if (pair := _root(target)) is not None)
    return found


class ViewRegistryFacts(Collector):
    """registrations, and `functions(tree, names)` once the walk is done."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.registrations: list[RawViewRegistration] = []
        self._reads: dict[str, dict[tuple[str, str], None]] = defaultdict(dict)

    def decorator(self, decorator: ast.expr, node: ast.AST) -> None:
        if self.walk.scope or not isinstance(decorator, ast.Call):
            return
        chain = dotted(decorator.func)
        # (the model given first or by keyword: `@register_model_view(model=Site)`)
        named = [*decorator.args[:1], *(k.value for k in decorator.keywords if k.arg)]
        if chain is not None and any(dotted(value) is not None for value in named) and isinstance(
                node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            self.registrations.append(RawViewRegistration(
                chain, call_arguments(decorator), node.name, decorator.lineno))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self.walk.params and isinstance(node.value, ast.Name):
            key = literal_str(node.slice)
            if key is not None:
                self._reads[self.walk.params[0][0]][(node.value.id, key)] = None

    def functions(self, tree: ast.Module, module_names: set[str]
                  ) -> tuple[RawRegistryFunction, ...]:
        """The functions subscripting a name bound at module level (imported or assigned;
        not one of their parameters) by a literal key. Their parameters are read from the
        module's top-level statements, only for these few functions."""
        if not self._reads:
            return ()
        defined = {node.name: node for node in tree.body
                   if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
        found = []
        for name, reads in self._reads.items():
            params = _params(defined[name]) if name in defined else ()
            own = {param for param, _ in params}
            registries = tuple(read for read in reads
                               if read[0] in module_names and read[0] not in own)
            if registries:
                written = _written(defined[name]) if name in defined else set()
                found.append(RawRegistryFunction(name, params, registries, tuple(
                    read for read in registries if read in written)))
        return tuple(found)
