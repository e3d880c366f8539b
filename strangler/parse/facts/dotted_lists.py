"""Module-level collections of dotted names written as strings: plugin, backend and query
runner lists (`QUERY_RUNNERS = ["app.query_runner.pg", ...]`, `PLUGINS = ("app.plugins.x.
XPlugin", ...)`) that code loads with `import_module`, `import_string` or `__import__`. The
link stage keeps those naming two or more project modules (see `link/dotted_lists.py`)."""

from __future__ import annotations

import ast
import re

from strangler.parse.facts.walk import Collector, Walk

DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


def _strings(node: ast.expr, found: list[str]) -> None:
    """The string elements of a list/tuple/set, the keys and values of a dict, and both sides
    of `+` (`BASE + [...]`), one level deep."""
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        elements: list[ast.expr | None] = list(node.elts)
    elif isinstance(node, ast.Dict):
        elements = [*node.keys, *node.values]
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        _strings(node.left, found)
        _strings(node.right, found)
        return
    else:
        return
    for element in elements:
        if isinstance(element, ast.Constant) and isinstance(element.value, str) \
                and DOTTED.match(element.value):
            found.append(element.value)


class DottedListFacts(Collector):
    """dotted_lists: (variable, dotted strings, line)."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.lists: list[tuple[str, tuple[str, ...], int]] = []

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name) or not isinstance(
                value, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.BinOp):
            return
        found: list[str] = []
        _strings(value, found)
        unique = tuple(dict.fromkeys(found))
        if len(unique) >= 2:
            self.lists.append((target.id, unique, value.lineno))
