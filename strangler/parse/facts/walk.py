"""One traversal of a module's `ast`, feeding every fact collector.

Walking the tree is the dominant cost of a cold run, so it happens once per file: the walk
keeps the context every collector needs (enclosing scopes, whether code is inside a function,
an `if TYPE_CHECKING:` block, a `try` that catches ImportError, a documentation value) and
calls the hooks the collectors define, in the manner of LibCST's batchable visitors. Hooks are
named after the node they see (`visit_Call`, `leave_ClassDef`) or after what the walk found:
`use` (a name chain read, called or stored), `string` (a string literal or f-string text),
`decorator`, `class_statement`. `visit_Call` hooks get the call's dotted name and its last
part (None when the callee is not a name chain); a collector that only cares about calls of
some names (`import_module`, `Table`) lists them in `call_names` and gets only those. The
walk itself records every name chain
it reads, calls, stores to, decorates or subclasses with (`uses`): that is what it walks for
at almost every node, so it costs no hook call.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from strangler.parse.facts.syntax import dotted, literal_str

IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
# Keyword arguments and dict keys whose string values are documentation (OpenAPI examples,
# marshmallow and pydantic metadata), never SQL that runs.
DOCUMENTATION_KEYS = frozenset({"example", "examples", "description", "summary", "help",
                                "help_text", "doc", "title", "comment"})
HOOKS = ("visit_Import", "visit_ImportFrom", "visit_FunctionDef", "decorator", "visit_ClassDef",
         "class_statement", "leave_ClassDef", "visit_Call", "visit_Assign",
         "visit_AugAssign", "module_assignment", "visit_For", "leave_For", "string",
         "visit_Subscript", "visit_comprehension", "visit_With", "leave_With")


def _fan_out(hooks: list[Callable[..., Any]]) -> Callable[..., Any]:
    """One callable for a list of hooks (the hook itself when there is one)."""
    if not hooks:
        return _nothing
    if len(hooks) == 1:
        return hooks[0]

    def call_all(*args: Any) -> None:
        for hook in hooks:
            hook(*args)

    return call_all


@lru_cache(maxsize=8)
def _plan(classes: tuple[type[Collector], ...]
          ) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...], dict[str, tuple[int, ...]]]:
    """For each hook, the positions of the collectors that define it; the collectors that
    see every call; and, by callee name, those that see only calls so named."""
    events = {name: tuple(i for i, cls in enumerate(classes) if hasattr(cls, name))
              for name in HOOKS if name != "visit_Call"}
    callers = [i for i, cls in enumerate(classes) if hasattr(cls, "visit_Call")]
    general = tuple(i for i in callers if classes[i].call_names is None)
    named: dict[str, tuple[int, ...]] = {}
    for i in callers:
        for name in sorted(classes[i].call_names or ()):
            named[name] = (*named.get(name, ()), i)
    return events, general, named


def _nothing(*args: Any) -> None:
    return None


# Fields whose nodes no hook and no walk method reads: expression contexts (`Load`, `Store`)
# and operators have no children, and visiting them (a sixth of all visits) did nothing.
# Type comments are strings.
_LEAF_FIELDS = frozenset({"ctx", "op", "ops", "type_comment"})


_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    """The fields of a node type that `generic_visit` walks, in their order."""
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = tuple(name for name in getattr(kind, "_fields", ()) if name not in _LEAF_FIELDS)
        _CHILD_FIELDS[kind] = fields
    return fields


class Collector:
    """A set of hooks (methods named as in `HOOKS`) and the facts they gather."""

    # With `call_names`, `visit_Call` is called only for calls of a callee so named
    # (`x.update(...)`, `update(...)`, also `(a or b).update(...)`).
    call_names: frozenset[str] | None = None

    def __init__(self, walk: Walk) -> None:
        self.walk = walk


class Walk:
    """The traversal and its context; `run` calls every collector's hooks."""

    def __init__(self, module: str, is_package: bool,
                 collectors: Sequence[Callable[[Walk], Collector]]) -> None:
        self.module = module
        self.is_package = is_package
        self.scope: list[str] = []  # enclosing class/function names
        self.params: list[tuple[str, tuple[str, ...]]] = []  # enclosing module-level function
        self.depth_function = 0
        self.depth_documentation = 0  # inside an `example=` / "description" value: prose
        self.depth_type_checking = 0
        self.depth_guarded = 0
        # (name, first three attributes, kind) -> lines
        self.uses: dict[tuple[str, tuple[str, ...], str], list[int]] = defaultdict(list)
        self._methods: dict[type, Callable[[Any], None]] = {}
        self.collectors = [make(self) for make in collectors]
        # Which collector has which hook is worked out once per set of collector classes:
        # a walk is made per file, and looking up every hook name cost a fifth of the pass.
        events, general_calls, named_calls = _plan(tuple(type(c) for c in self.collectors))
        bound = {event: _fan_out([getattr(self.collectors[i], event) for i in found])
                 for event, found in events.items()}
        self._on_import = bound["visit_Import"]
        self._on_import_from = bound["visit_ImportFrom"]
        self._on_function = bound["visit_FunctionDef"]
        self._on_decorator = bound["decorator"]
        self._on_class = bound["visit_ClassDef"]
        self._on_class_statement = bound["class_statement"]
        self._on_class_end = bound["leave_ClassDef"]
        self._on_assign = bound["visit_Assign"]
        self._on_aug_assign = bound["visit_AugAssign"]
        # (target, value) of each module-level assignment, for the collectors that want no
        # more than that (most of them): the walk unpacks Assign and AnnAssign once
        self._on_module_assignment = bound["module_assignment"]
        self._on_for = bound["visit_For"]
        self._on_for_end = bound["leave_For"]
        self._on_with = bound["visit_With"]
        self._on_with_end = bound["leave_With"]
        self._on_comprehension = bound["visit_comprehension"]
        self._on_string = bound["string"]
        self._on_subscript = bound["visit_Subscript"]
        # looped inline: the hottest hooks
        call_hook: list[Callable[..., Any]] = [getattr(c, "visit_Call", _nothing)
                                               for c in self.collectors]
        self._call_hooks = tuple(call_hook[i] for i in general_calls)
        self._named_call_hooks = {name: tuple(call_hook[i] for i in found)
                                  for name, found in named_calls.items()}

    def run(self, tree: ast.Module) -> None:
        for statement in tree.body:
            self.visit(statement)

    # ast.NodeVisitor looks the visit method up by name for every node, and generic_visit walks
    # fields through a generator; a bound method per node type, looked up once per file, and
    # this loop make the pass about 40% faster.
    def visit(self, node: ast.AST) -> None:
        method = self._methods.get(type(node))
        if method is None:
            method = self._method(type(node))
        method(node)

    def _method(self, kind: type) -> Callable[[Any], None]:
        method = getattr(self, f"_walk_{kind.__name__}", None) or self.generic_visit
        self._methods[kind] = method
        return method

    def generic_visit(self, node: ast.AST) -> None:
        # The children's methods are looked up here rather than through `visit`: a third of
        # the nodes are reached from this loop, and the extra call cost more than the lookup.
        methods = self._methods
        for field in _child_fields(type(node)):
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        method = methods.get(type(item))
                        if method is None:
                            method = self._method(type(item))
                        method(item)
            elif isinstance(value, ast.AST):
                method = methods.get(type(value))
                if method is None:
                    method = self._method(type(value))
                method(value)

    # ----------------------------------------------------------------- imports and context

    def _walk_Import(self, node: ast.Import) -> None:
        self._on_import(node)

    def _walk_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._on_import_from(node)

    def _walk_If(self, node: ast.If) -> None:
        test = dotted(node.test)
        if test in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"):
            self.depth_type_checking += 1
            for statement in node.body:
                self.visit(statement)
            self.depth_type_checking -= 1
            for statement in node.orelse:
                self.visit(statement)
            return
        self.generic_visit(node)

    def _walk_Try(self, node: ast.Try) -> None:
        guarded = any(self._catches_import_error(handler) for handler in node.handlers)
        if guarded:
            self.depth_guarded += 1
        for statement in node.body:
            self.visit(statement)
        if guarded:
            self.depth_guarded -= 1
        for handler in node.handlers:
            self.visit(handler)
        for statement in node.orelse + node.finalbody:
            self.visit(statement)

    _walk_TryStar = _walk_Try

    @staticmethod
    def _catches_import_error(handler: ast.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        return any((dotted(name) or "").split(".")[-1] in IMPORT_ERRORS for name in names)

    # ----------------------------------------------------------------- scopes

    def _walk_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._on_function(node)
        for decorator in node.decorator_list:
            self._on_decorator(decorator, node)
            self._visit_use(decorator, "decorator")
        self._visit_arguments(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        if not self.scope:
            positional = node.args.posonlyargs + node.args.args
            self.params.append((node.name, tuple(arg.arg for arg in positional)))
        self.scope.append(node.name)
        self.depth_function += 1
        for statement in node.body:
            self.visit(statement)
        self.depth_function -= 1
        self.scope.pop()
        if not self.scope:
            self.params.pop()

    _walk_FunctionDef = _walk_function
    _walk_AsyncFunctionDef = _walk_function

    def _visit_arguments(self, args: ast.arguments) -> None:
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [
            a for a in (args.vararg, args.kwarg) if a is not None
        ]:
            if arg.annotation is not None:
                self.visit(arg.annotation)

    def _walk_Lambda(self, node: ast.Lambda) -> None:
        self.depth_function += 1
        self.generic_visit(node)
        self.depth_function -= 1

    def _walk_ClassDef(self, node: ast.ClassDef) -> None:
        self._on_class(node)
        for decorator in node.decorator_list:
            self._on_decorator(decorator, node)
            self._visit_use(decorator, "decorator")
        for base in node.bases:
            self._visit_use(base, "base")
        for item in node.keywords:
            self.visit(item.value)
        self.scope.append(node.name)
        for statement in node.body:
            self._on_class_statement(statement)
            self.visit(statement)
        self.scope.pop()
        self._on_class_end(node)

    # ----------------------------------------------------------------- uses

    def _visit_use(self, node: ast.expr, kind: str) -> None:
        """Report `node` as a use of `kind` if it is a name chain, then visit what is inside."""
        target = node.func if isinstance(node, ast.Call) else node
        chain = dotted(target)
        if chain is not None:
            name, *attrs = chain.split(".")
            self.uses[(name, tuple(attrs[:3]), kind)].append(node.lineno)
            if isinstance(node, ast.Call):
                self._visit_call_arguments(node)
            return
        self.visit(node)

    def _visit_call_arguments(self, node: ast.Call) -> None:
        for arg in node.args:
            self.visit(arg)
        for item in node.keywords:
            self._visit_value(item.arg, item.value)

    def _visit_value(self, key: str | None, value: ast.expr) -> None:
        documentation = key in DOCUMENTATION_KEYS
        self.depth_documentation += documentation
        self.visit(value)
        self.depth_documentation -= documentation

    def _walk_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                self.visit(key)
            self._visit_value(literal_str(key), value)

    def _walk_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.uses[(node.id, (), "reference")].append(node.lineno)

    def _walk_Attribute(self, node: ast.Attribute) -> None:
        chain = dotted(node)
        if chain is None:
            self.visit(node.value)
            return
        name, *attrs = chain.split(".")
        kind = "attribute" if isinstance(node.ctx, ast.Load) else "attribute_store"
        self.uses[(name, tuple(attrs[:3]), kind)].append(node.lineno)

    def _walk_Call(self, node: ast.Call) -> None:
        func = node.func
        chain = dotted(func)
        callee = func.attr if isinstance(func, ast.Attribute) else (
            func.id if isinstance(func, ast.Name) else None)
        named = self._named_call_hooks.get(callee) if callee is not None else None
        if chain is None:
            for hook in named or ():
                hook(node, None, None)
            for hook in self._call_hooks:
                hook(node, None, None)
            self.generic_visit(node)
            return
        name, *attrs = chain.split(".")
        last = attrs[-1] if attrs else name
        for hook in named or ():
            hook(node, chain, last)
        for hook in self._call_hooks:
            hook(node, chain, last)
        self.uses[(name, tuple(attrs[:3]), "call")].append(node.lineno)
        self._visit_call_arguments(node)

    def _walk_Subscript(self, node: ast.Subscript) -> None:
        self._on_subscript(node)
        self.generic_visit(node)

    def _walk_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._on_for(node)
        self.generic_visit(node)
        self._on_for_end(node)

    _walk_AsyncFor = _walk_For

    def _walk_With(self, node: ast.With | ast.AsyncWith) -> None:
        self._on_with(node)
        self.generic_visit(node)
        self._on_with_end(node)

    _walk_AsyncWith = _walk_With

    def _walk_comprehensions(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp
                             | ast.DictComp) -> None:
        """The generators first (their targets are bound before the element reads them)."""
        for generator in node.generators:
            self._on_comprehension(generator)
            self.visit(generator)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)

    _walk_ListComp = _walk_comprehensions
    _walk_SetComp = _walk_comprehensions
    _walk_GeneratorExp = _walk_comprehensions
    _walk_DictComp = _walk_comprehensions

    # ----------------------------------------------------------------- assignments

    def _walk_Assign(self, node: ast.Assign) -> None:
        self._on_assign(node)
        if not self.scope:
            for target in node.targets:
                self._on_module_assignment(target, node.value)
        self.generic_visit(node)

    def _walk_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not self.scope and node.value is not None:
            self._on_module_assignment(node.target, node.value)
        self.generic_visit(node)

    def _walk_AugAssign(self, node: ast.AugAssign) -> None:
        self._on_aug_assign(node)
        self.generic_visit(node)

    # ----------------------------------------------------------------- strings

    def _walk_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a string used as a comment: prose, never executed SQL
        self.visit(node.value)

    def _walk_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and len(node.value) > 12:
            self._on_string(node.value, node.lineno)

    def _walk_JoinedStr(self, node: ast.JoinedStr) -> None:
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append("{}")
                if isinstance(value, ast.FormattedValue):
                    self.visit(value.value)
        text = "".join(parts)
        if len(text) > 12:
            self._on_string(text, node.lineno)
