"""Modules that load an entry-point group: `entry_points(group="G")`,
`entry_points().select(group="G")`, `entry_points()["G"]`, `iter_entry_points("G")` (also
through `importlib.metadata`, `importlib_metadata` or `pkg_resources`), and stevedore's managers
(`DriverManager("G", ...)`, `ExtensionManager(namespace="G")`, ...). The group is a string
literal or a module-level constant bound to one; anything else is not followed. stevedore calls
the group a namespace, and code that loads through a shared helper names it in a class or
module attribute (`driver_namespace = "G"` on each manager class): such an attribute counts as
a load of "G" too. Only groups the project declares are ever linked, so a namespace string that
names no declared group adds nothing.

One level of indirection is followed: a module-level function whose positional parameter is
the group of such a load (`def load_eggs(name): ... iter_entry_points(name)`) is a loader
(`params`), and a call that passes it a string literal, in that parameter's position or by
its keyword (`load_eggs("trac.plugins")`), is a candidate load of that group (`calls`); the
link stage resolves the callee through imports (`link/__init__.py`)."""

from __future__ import annotations

import ast
import re

from strangler.parse.facts.syntax import keyword, literal_str
from strangler.parse.facts.walk import Collector, Walk


def _is_entry_points_call(node: ast.expr) -> bool:
    """`entry_points()` or `x.entry_points()` with no group: a mapping of every group."""
    if not isinstance(node, ast.Call) or node.args or node.keywords:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "entry_points") or (
        isinstance(func, ast.Attribute) and func.attr == "entry_points")


# stevedore's manager classes: the first argument (or `namespace=`) is the entry-point group.
_STEVEDORE = frozenset({"DriverManager", "ExtensionManager", "NamedExtensionManager",
                        "EnabledExtensionManager", "HookManager", "DispatchExtensionManager",
                        "NameDispatchExtensionManager"})
_LOADERS = frozenset({"entry_points", "iter_entry_points", "select"}) | _STEVEDORE


def _namespace_attribute(target: ast.expr, value: ast.expr) -> ast.expr | None:
    """The string bound to a `*namespace` name (`driver_namespace = "G"`), else None."""
    if isinstance(target, ast.Name) and target.id.lower().endswith("namespace") \
            and literal_str(value) is not None:
        return value
    return None


# A string that can name an entry-point group (`trac.plugins`, `console_scripts`).
_GROUP = re.compile(r"[A-Za-z_][\w\-]*(?:\.[\w\-]+)*")


def _group_literal(node: ast.expr) -> str | None:
    if type(node) is ast.Constant and type(node.value) is str and len(node.value) <= 100 \
            and _GROUP.fullmatch(node.value):
        return node.value
    return None


class EntryPointFacts(Collector):
    """loads: (group, line, inside a function) of each loaded group; params: (function,
    parameter position, parameter, deferred) of each loader function whose parameter is the
    group it loads (deferred: loaded in a function nested in it); calls: (callee, "#position"
    or keyword, literal, line, inside a function) of each literal a call passes."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self._found: list[tuple[ast.expr, int, bool]] = []
        self._constants: dict[str, str] = {}
        self.params: set[tuple[str, int, str, bool]] = set()
        self.calls: list[tuple[str, str, str, int, bool]] = []

    def _group(self, node: ast.expr | None, line: int) -> None:
        if node is None:
            return
        self._found.append((node, line, self.walk.depth_function > 0))
        if isinstance(node, ast.Name) and self.walk.params:
            function, positional = self.walk.params[-1]
            if node.id in positional:
                self.params.add((function, positional.index(node.id), node.id,
                                 self.walk.depth_function > 1))

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if chain is not None:  # plain loops: this sees every call of every file
            for index, arg in enumerate(node.args):
                if type(arg) is ast.Constant:
                    text = _group_literal(arg)
                    if text is not None:
                        self.calls.append((chain, f"#{index}", text, node.lineno,
                                           self.walk.depth_function > 0))
            for item in node.keywords:
                if item.arg is not None and type(item.value) is ast.Constant:
                    text = _group_literal(item.value)
                    if text is not None:
                        self.calls.append((chain, item.arg, text, node.lineno,
                                           self.walk.depth_function > 0))
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else (
            func.id if isinstance(func, ast.Name) else None)
        if name not in _LOADERS:  # `entry_points().select(...)` has no chain: by its name
            return
        if last in _STEVEDORE:
            self._group(keyword(node, "namespace") or (node.args[0] if node.args else None),
                        node.lineno)
        elif last == "iter_entry_points":
            self._group(keyword(node, "group") or (node.args[0] if node.args else None),
                        node.lineno)
        elif last == "entry_points" or (isinstance(func, ast.Attribute) and func.attr == "select"
                                        and _is_entry_points_call(func.value)):
            self._group(keyword(node, "group"), node.lineno)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_entry_points_call(node.value):
            self._group(node.slice, node.lineno)

    def class_statement(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            # read when the class is used, never at import: a lazy load
            self._namespace(statement.targets[0], statement.value, statement.lineno, True)

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        text = literal_str(value)
        if isinstance(target, ast.Name) and text is not None:
            self._constants[target.id] = text
            self._namespace(target, value, value.lineno, True)

    def _namespace(self, target: ast.expr, value: ast.expr, line: int, lazy: bool) -> None:
        found = _namespace_attribute(target, value)
        if found is not None:
            self._found.append((found, line, lazy))

    @property
    def loads(self) -> tuple[tuple[str, int, bool], ...]:
        found: list[tuple[str, int, bool]] = []
        for node, line, lazy in self._found:
            group = literal_str(node)
            if group is None and isinstance(node, ast.Name):
                group = self._constants.get(node.id)
            if group:
                found.append((group, line, lazy))
        return tuple(sorted(set(found)))
