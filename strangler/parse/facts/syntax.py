"""Small readers of stdlib `ast` nodes shared by the fact collectors."""

from __future__ import annotations

import ast
import re

from strangler.model import RUNTIME_PREFIX_MARK


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def names_in(node: ast.AST) -> list[str]:
    """The names and attribute names of a receiver such as `self.db` or `(conn or db)`."""
    if isinstance(node, ast.BoolOp):
        return [name for value in node.values for name in names_in(value)]
    chain = dotted(node)
    return chain.split(".") if chain else []


def assignment(statement: ast.stmt) -> tuple[ast.expr, ast.expr] | None:
    """(target, value) of `x = v` with one target, or of `x: T = v`; None otherwise."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return statement.targets[0], statement.value
    if isinstance(statement, ast.AnnAssign) and statement.value is not None:
        return statement.target, statement.value
    return None


def literal_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def name_pattern(node: ast.AST | None) -> str | None:
    """A module name built from literals and values, as a pattern with `*` for each value:
    `f"app.tools.{name}.parser"`, `"app.tools." + name`, `"app.%s.views" % name`,
    `"app.{}.views".format(name)`. None when it is a literal or no such construction."""
    parts = _pattern_parts(node)
    pattern = "".join(parts) if parts is not None else ""
    return pattern if "*" in pattern else None


def _pattern_parts(node: ast.AST | None) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for value in node.values:
            text = literal_str(value)
            parts.append("*" if text is None else text)
        return parts
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pattern_parts(node.left), _pattern_parts(node.right)
        return [*(left or ["*"]), *(right or ["*"])] if left or right else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        text = literal_str(node.left)
        return [text.replace("%s", "*").replace("%r", "*")] if text and "%" in text else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        text = literal_str(node.func.value)
        if text is None or "{" not in text:
            return None
        return [re.sub(r"\{[^{}]*\}", "*", text)]
    return None


def literal_strings(node: ast.AST | None) -> tuple[str, ...] | None:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = [literal_str(element) for element in node.elts]
        if all(value is not None for value in values):
            return tuple(value for value in values if value is not None)
    return None


def string_set_terms(node: ast.expr) -> tuple[str, ...] | None:
    """A set of strings written as literals, names of constants and `|` unions, as terms:
    "=value" for a literal, "@dotted" for a reference; None when it is something else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ("=" + node.value,)
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        terms: list[str] = []
        for element in node.elts:
            found = string_set_terms(element)
            if found is None or any(t.startswith("?") for t in found):
                return None
            terms.extend(found)
        return tuple(terms)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = string_set_terms(node.left), string_set_terms(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Call) and dotted(node.func) in ("set", "frozenset") and (
            len(node.args) <= 1 and not node.keywords):
        return string_set_terms(node.args[0]) if node.args else ()
    reference = dotted(node) if isinstance(node, ast.Attribute | ast.Name) else None
    return ("@" + reference,) if reference else None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def url_prefix(node: ast.expr) -> str | None:
    """A literal URL prefix, or `{expression}` for one computed at run time (None for None)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    return "{" + RUNTIME_PREFIX_MARK + ast.unparse(node)[:60] + "}"


def is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str | None:
    """Absolute module named by `from <level dots><name> import ...` inside `module`."""
    if level == 0:
        return name
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        if level - 1 > len(parts):
            return None
        parts = parts[: len(parts) - (level - 1)]
    if name:
        parts.append(name)
    return ".".join(parts) if parts else None


def count_loc(text: str) -> tuple[int, int]:
    """(code lines, physical lines): code lines are non-blank and not only a comment."""
    lines = text.splitlines()
    code = 0
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            code += 1
    return code, len(lines)


def is_view_helper(node: ast.Call, chain: str) -> bool:
    """`register_view(bp, routes=[...], view_func=V)`: a helper around `add_url_rule` (its
    call is a route, whatever else its name suggests)."""
    return keyword(node, "view_func") is not None and bool(node.args) and "." not in chain


def call_arguments(call: ast.Call) -> tuple[tuple[str, str], ...]:
    """The literal and name-chain arguments of `call` (see `model.Arguments`)."""
    found: list[tuple[str, str]] = []
    for key, value in [*((str(i), arg) for i, arg in enumerate(call.args)),
                       *((item.arg, item.value) for item in call.keywords if item.arg)]:
        if isinstance(value, ast.Constant) and isinstance(
                value.value, str | bool | int | float | type(None)):
            found.append((key, "=" + repr(value.value)))
        elif (chain := dotted(value)) is not None:
            found.append((key, "@" + chain))
    return tuple(found)
