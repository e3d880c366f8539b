"""Lower syntax newer than the running interpreter to an equivalent it parses (via libcst).

Only names and structure matter to the analyzer, so: type parameters are dropped,
`type X = ...` becomes `X = ...`, unparenthesized `except A, B:` gets parentheses, and
f-strings or t-strings the stdlib tokenizer rejects become a tuple of their expressions.
Every replacement keeps its line count, so line numbers stay true.
"""

from __future__ import annotations

import libcst as cst


class _Lower(cst.CSTTransformer):
    def __init__(self) -> None:
        super().__init__()
        self._sides: set[int] = set()  # ids of the strings a concatenation joins

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
        if id(original) in self._sides:
            return updated
        return _expressions_tuple(original, updated.parts)

    def leave_TemplatedString(
        self, original: cst.BaseExpression, updated: cst.BaseExpression
    ) -> cst.BaseExpression:
        if id(original) in self._sides:
            return updated
        return _expressions_tuple(original, getattr(updated, "parts", ()))

    # ("a" f"{b}": a string may be concatenated with strings only, so an f-string that is
    # one side of a concatenation stays a string until the whole concatenation, the
    # outermost, becomes one tuple of every f-string's expressions)
    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        self._sides.update((id(node.left), id(node.right)))
        return True

    def leave_ConcatenatedString(
        self, original: cst.ConcatenatedString, updated: cst.ConcatenatedString
    ) -> cst.BaseExpression:
        if id(original) in self._sides or all(
                isinstance(side, cst.SimpleString) for side in _string_sides(updated)):
            return updated
        return _code_tuple(original, _joined_code(updated))


def _string_sides(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The strings a concatenation joins, left to right."""
    if isinstance(node, cst.ConcatenatedString):
        return [*_string_sides(node.left), *_string_sides(node.right)]
    return [node]


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


def _joined_code(node: cst.BaseExpression) -> str:
    """The expressions of a concatenation's f-strings as tuple items, each on its line:
    the line breaks of its parentheses, of the space between its strings and inside
    its strings kept where they were."""
    lead = "\n" * sum(_MODULE.code_for_node(paren).count("\n")
                      for paren in getattr(node, "lpar", ()))
    if isinstance(node, cst.ConcatenatedString):
        between = _MODULE.code_for_node(node.whitespace_between).count("\n")
        return (lead + _joined_code(node.left) + "\n" * between
                + _joined_code(node.right))
    if isinstance(node, cst.SimpleString):
        return lead + "\n" * node.value.count("\n")
    return lead + _parts_code(getattr(node, "parts", ()))


def _expressions_tuple(original: cst.CSTNode, parts: object) -> cst.BaseExpression:
    return _code_tuple(original, _parts_code(parts))


def _code_tuple(original: cst.CSTNode, code: str) -> cst.BaseExpression:
    """`code` (tuple items) in parentheses, as many lines as `original` took."""
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


_OLD_KEYWORDS = frozenset({"async", "await"})
_KEYWORD_AFTER_ASYNC = frozenset({"def", "for", "with"})
_NAME_BEFORE = frozenset({".", "def", "class", "import", "as", "global", "nonlocal"})


def rename_old_keywords(text: str) -> str | None:
    """`async` and `await` used as names (valid before Python 3.7: `task.async(x)`,
    `f(async=True)`) renamed `async_` / `await_`, so the stdlib parses the file; None when
    there is nothing to rename or the text does not tokenize.

    libcst's native parser ignores `python_version` and rejects these names too (libcst 1.9),
    so the rename works on tokens: strings and comments are never touched, and each
    replacement stays on its line, so line numbers stay true."""
    import io
    import tokenize

    if "async" not in text and "await" not in text:
        return None
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                  if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT,
                                    tokenize.DEDENT)]
    except (tokenize.TokenError, SyntaxError):
        return None
    renames: list[tuple[int, int]] = []  # (row, column) of each name to rename
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string not in _OLD_KEYWORDS:
            continue
        before = tokens[index - 1].string if index else ""
        after = tokens[index + 1].string if index + 1 < len(tokens) else ""
        if token.string == "async":
            keyword = after in _KEYWORD_AFTER_ASYNC and before not in _NAME_BEFORE
        else:
            keyword = before not in _NAME_BEFORE and after not in ("=", ",", ")", ":")
        if not keyword:
            renames.append(token.start)
    if not renames:
        return None
    lines = text.splitlines(keepends=True)
    for row, column in sorted(renames, reverse=True):
        line = lines[row - 1]
        end = column + 5
        lines[row - 1] = line[:end] + "_" + line[end:]
    return "".join(lines)
