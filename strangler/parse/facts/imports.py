"""What a module imports (static, lazy, guarded, type-only, dynamic, star) and the names it
binds at top level (for star imports of it), with relative imports made absolute."""

from __future__ import annotations

import ast

from strangler.model import Problem, RawImport
from strangler.parse.facts.syntax import (
    keyword,
    literal_str,
    literal_strings,
    name_pattern,
    resolve_relative,
)
from strangler.parse.facts.walk import Collector, Walk

DYNAMIC_IMPORTS = ("import_module", "__import__")


class ImportFacts(Collector):
    """imports, defined, all_names, dynamic_unresolved, dynamic_patterns, problems."""

    call_names = frozenset(DYNAMIC_IMPORTS)

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.imports: list[RawImport] = []
        self.defined: list[str] = []
        self.all_names: tuple[str, ...] | None = None
        self.dynamic_unresolved: list[int] = []
        self.dynamic_patterns: list[tuple[int, str]] = []
        self.problems: list[Problem] = []

    def add(self, line: int, module: str, name: str | None, alias: str | None,
            dynamic: bool = False, star: bool = False) -> None:
        walk = self.walk
        self.imports.append(
            RawImport(
                line=line,
                module=module,
                name=name,
                alias=alias,
                type_only=walk.depth_type_checking > 0,
                lazy=walk.depth_function > 0,
                guarded=walk.depth_guarded > 0,
                dynamic=dynamic,
                star=star,
            )
        )

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            if item.asname:
                self.add(node.lineno, item.name, None, item.asname)
            else:
                self.add(node.lineno, item.name, None, item.name.split(".")[0])
            if not self.walk.scope:
                self.defined.append(item.asname or item.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        walk = self.walk
        base = resolve_relative(walk.module, walk.is_package, node.level, node.module)
        if base is None:
            self.problems.append(
                Problem("", node.lineno, "relative import beyond the top-level package", "warning")
            )
            return
        for item in node.names:
            if item.name == "*":
                self.add(node.lineno, base, None, None, star=True)
            else:
                self.add(node.lineno, base, item.name, item.asname or item.name)
                if not walk.scope:
                    self.defined.append(item.asname or item.name)

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        """`importlib.import_module("x")`, `__import__("x")`: a dynamic import."""
        if last not in DYNAMIC_IMPORTS or not node.args:
            return
        target = literal_str(node.args[0])
        if not target:
            pattern = name_pattern(node.args[0])
            anchored = self._anchored(node, last, pattern) if pattern else None
            if anchored:
                self.dynamic_patterns.append((node.lineno, anchored))
            else:
                self.dynamic_unresolved.append(node.lineno)
            return
        if not target.startswith("."):
            self.add(node.lineno, target, None, None, dynamic=True)
            return
        # import_module(name, package): the anchor may be positional (not for __import__,
        # whose second argument is globals)
        positional = node.args[1] if len(node.args) > 1 and last == "import_module" else None
        package = literal_str(keyword(node, "package") or positional)
        level = len(target) - len(target.lstrip("."))
        anchor = package or self.walk.module
        base = resolve_relative(anchor, package is not None or self.walk.is_package,
                                level, target.lstrip(".") or None)
        if base:
            self.add(node.lineno, base, None, None, dynamic=True)

    def _anchored(self, node: ast.Call, last: str | None, pattern: str) -> str | None:
        """`pattern` made absolute (a relative one against its package), or None when it
        names no literal part of a module path (`import_module(name)`, `f"{a}.{b}"`)."""
        if pattern.startswith("."):
            positional = node.args[1] if len(node.args) > 1 and last == "import_module" \
                else None
            anchor_node = keyword(node, "package") or positional
            package = literal_str(anchor_node)
            if package is None and anchor_node is not None \
                    and not self._is_own_package(anchor_node):
                return None
            level = len(pattern) - len(pattern.lstrip("."))
            anchor = package or self.walk.module
            pattern = resolve_relative(anchor, package is not None or self.walk.is_package,
                                       level, pattern.lstrip(".") or None) or ""
        segments = pattern.split(".")
        if not any(s and "*" not in s for s in segments) or any(not s for s in segments):
            return None
        return pattern

    @staticmethod
    def _is_own_package(node: ast.expr) -> bool:
        """`__package__` or `__name__`: the module's own package, written as a value."""
        return isinstance(node, ast.Name) and node.id in ("__package__", "__name__")

    # ----------------------------------------------------------------- names defined

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if not self.walk.scope:
            self.defined.append(node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if not self.walk.scope:
            self.defined.append(node.name)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if (not self.walk.scope and isinstance(node.target, ast.Name)
                and node.target.id == "__all__" and self.all_names is not None):
            extra = literal_strings(node.value)
            if extra is not None:
                self.all_names = self.all_names + extra

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Tuple):
            self.defined.extend(t.id for t in target.elts if isinstance(t, ast.Name))
        elif isinstance(target, ast.Name):
            self.defined.append(target.id)
            if target.id == "__all__":
                self.all_names = literal_strings(value)
