"""Settings that name code the framework loads by dotted path: Django's `MIDDLEWARE`,
`AUTHENTICATION_BACKENDS`, `TEMPLATES[...]["OPTIONS"]["context_processors"]`, the
`REST_FRAMEWORK` default classes, `LOGGING`'s handler and filter factories, `*_BACKEND` and
`*_CLASS` strings. The module-level assignment to an upper-case name is read to any depth
(lists, tuples, dict values, calls' arguments), each dotted string kept with the setting key
it sits under: the innermost dict key, else the variable (`REST_FRAMEWORK` ->
`DEFAULT_PAGINATION_CLASS`). Which keys are wiring is the link stage's choice
(`link/wiring.py`); no string is resolved here."""

from __future__ import annotations

import ast

from strangler.parse.facts.dotted_lists import DOTTED
from strangler.parse.facts.walk import Collector, Walk

MAX_DEPTH = 6  # TEMPLATES = [{"OPTIONS": {"context_processors": [...]}}] is four deep


def _setting_strings(node: ast.expr, key: str, depth: int,
                     found: list[tuple[str, str, int]]) -> None:
    """(key, dotted string, line) for the dotted strings under `node`."""
    if depth > MAX_DEPTH:
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and DOTTED.match(node.value):
            found.append((key, node.value, node.lineno))
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            _setting_strings(element, key, depth + 1, found)
    elif isinstance(node, ast.Dict):
        for name, value in zip(node.keys, node.values, strict=True):
            inner = name.value if isinstance(name, ast.Constant) and isinstance(
                name.value, str) else key
            _setting_strings(value, inner, depth + 1, found)
    elif isinstance(node, ast.BinOp):
        _setting_strings(node.left, key, depth + 1, found)
        _setting_strings(node.right, key, depth + 1, found)
    elif isinstance(node, ast.Call):  # dict(BACKEND="..."), env("X", default="...")
        for argument in node.args:
            _setting_strings(argument, key, depth + 1, found)
        for word in node.keywords:
            _setting_strings(word.value, word.arg or key, depth + 1, found)


class WiringFacts(Collector):
    """settings_paths: (setting key, dotted string, line)."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.paths: list[tuple[str, str, int]] = []

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name) or not target.id.isupper():
            return
        _setting_strings(value, target.id, 0, self.paths)
