"""Lower syntax newer than the running interpreter to an equivalent it parses (via libcst).

Only names and structure matter to the analyzer, so: type parameters are dropped,
`type X = ...` becomes `X = ...`, unparenthesized `except A, B:` gets parentheses, and
f-strings or t-strings the stdlib tokenizer rejects become a tuple of their expressions.
Every replacement keeps its line count, so line numbers stay true.
"""

from __future__ import annotations

import libcst as cst


class _Lower(cst.CSTTransformer):
    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        return updated.with_changes(type_parameters=None)

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef:
        return updated.with_changes(type_parameters=None)

    def leave_TypeAlias(
        self, original: cst.TypeAlias, updated: cst.TypeAlias
    ) -> cst.BaseSmallStatement:
        return cst.Assign(targets=[cst.AssignTarget(target=updated.name)], value=updated.value)

    def leave_ExceptHandler(
        self, original: cst.ExceptHandler, updated: cst.ExceptHandler
    ) -> cst.ExceptHandler:
        kind = updated.type
        if isinstance(kind, cst.Tuple) and not kind.lpar:
            return updated.with_changes(
                type=kind.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            )
        return updated

    def leave_ExceptStarHandler(
        self, original: cst.ExceptStarHandler, updated: cst.ExceptStarHandler
    ) -> cst.ExceptStarHandler:
        kind = updated.type
        if isinstance(kind, cst.Tuple) and not kind.lpar:
            return updated.with_changes(
                type=kind.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            )
        return updated

    def leave_FormattedString(
        self, original: cst.FormattedString, updated: cst.FormattedString
    ) -> cst.BaseExpression:
        return _expressions_tuple(original, updated.parts)

    def leave_TemplatedString(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        return _expressions_tuple(original, getattr(updated, "parts", ()))


_MODULE = cst.Module(body=[])


def _parts_code(parts: object) -> str:
    """The expressions of f-string parts as tuple items, each on its original line."""
    code = ""
    for part in parts:  # type: ignore[attr-defined]
        expression = getattr(part, "expression", None)
        if expression is None:
            code += "\n" * _MODULE.code_for_node(part).count("\n")
            continue
        code += _MODULE.code_for_node(expression) + ", "
        spec = getattr(part, "format_spec", None)
        if spec:
            code += _parts_code(spec)
    return code


def _expressions_tuple(original: cst.CSTNode, parts: object) -> cst.BaseExpression:
    code = _parts_code(parts)
    missing = _MODULE.code_for_node(original).count("\n") - code.count("\n")
    if "," not in code:
        code = "''" + code
    return cst.parse_expression("(" + code + "\n" * max(0, missing) + ")")


def lower_new_syntax(text: str) -> str | None:
    """Return `text` lowered to syntax the running interpreter parses, or None if libcst fails."""
    try:
        module = cst.parse_module(text)
    except Exception:  # libcst raises ParserSyntaxError and, on odd input, others
        return None
    try:
        return module.visit(_Lower()).code
    except Exception:
        return None
