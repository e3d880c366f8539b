"""Redirect imports of a seam's modules to its client package, with libcst.

`from shop.billing import payments` becomes `from shop.billing_client import payments`, and
`from shop.billing.payments import charge` becomes `from shop.billing_client.payments import
charge`; everything else in the file (formatting, comments) is left exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import PositionProvider


@dataclass(frozen=True)
class Rewrite:
    path: str
    before: str
    after: str
    unchanged_sites: tuple[tuple[int, str], ...]  # (line, why) imports left as they were


def _dotted(node: cst.BaseExpression | None) -> str:
    if node is None:
        return ""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _expression(dotted: str) -> cst.Attribute | cst.Name:
    parts = dotted.split(".")
    node: cst.Attribute | cst.Name = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _absolute(module: str, is_package: bool, level: int, name: str) -> str | None:
    if level == 0:
        return name
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 > len(parts):
        return None
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts) or None


def _closing_indent(statement: cst.ImportFrom) -> cst.SimpleWhitespace:
    """The indentation of the closing parenthesis of a multi-line import."""
    last = statement.names[-1] if isinstance(statement.names, Sequence) else None
    if last is not None and isinstance(last.comma, cst.Comma) and isinstance(
            last.comma.whitespace_after, cst.ParenthesizedWhitespace):
        return last.comma.whitespace_after.last_line
    if statement.rpar is not None and isinstance(statement.rpar.whitespace_before,
                                                 cst.ParenthesizedWhitespace):
        return statement.rpar.whitespace_before.last_line
    return cst.SimpleWhitespace("")


def _regroup(statement: cst.ImportFrom, aliases: list[cst.ImportAlias]) -> cst.ImportFrom:
    """`statement` importing only `aliases`, laid out as it was: a parenthesized multi-line
    import keeps its parentheses, one name a line and each name's comment; a one-line
    import stays one line."""
    if statement.lpar is None:
        return statement.with_changes(
            names=[a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in aliases])
    *body, last = aliases
    rpar = statement.rpar
    comma = last.comma
    if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after,
                                                   cst.ParenthesizedWhitespace):
        # The line break (and comment) after the last name now comes before `)`: give it
        # the closing parenthesis's indentation and drop the one `)` had.
        last = last.with_changes(comma=comma.with_changes(
            whitespace_after=comma.whitespace_after.with_changes(
                last_line=_closing_indent(statement))))
        rpar = cst.RightParen(whitespace_before=cst.SimpleWhitespace(""))
    elif isinstance(comma, cst.Comma) and statement.rpar is not None and not isinstance(
            statement.rpar.whitespace_before, cst.ParenthesizedWhitespace):
        last = last.with_changes(comma=cst.MaybeSentinel.DEFAULT)  # (a, b,) -> (a, b)
    return statement.with_changes(names=[*body, last], rpar=rpar)


class RedirectImports(cst.CSTTransformer):
    """Rewrite imports of redirected modules (old dotted name -> new dotted name)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, redirects: dict[str, str], module: str, is_package: bool) -> None:
        super().__init__()
        self.redirects = redirects
        self.module = module
        self.is_package = is_package
        self.unchanged: list[tuple[int, str]] = []
        self._extra: dict[int, list[cst.BaseSmallStatement]] = {}  # split imports: more lines

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine
                                  ) -> cst.SimpleStatementLine | cst.FlattenSentinel[
                                      cst.SimpleStatementLine]:
        if len(updated.body) != 1 or id(updated.body[0]) not in self._extra:
            return updated
        extra = self._extra.pop(id(updated.body[0]))
        lines = [updated] + [cst.SimpleStatementLine(body=[statement]) for statement in extra]
        return cst.FlattenSentinel(lines)

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom
                         ) -> cst.BaseSmallStatement:
        if isinstance(updated.names, cst.ImportStar):
            return updated
        source = _absolute(self.module, self.is_package, len(updated.relative),
                           _dotted(updated.module))
        if source is None:
            return updated
        if source in self.redirects:  # from shop.billing.payments import charge
            return updated.with_changes(module=_expression(self.redirects[source]), relative=())
        moved: list[cst.ImportAlias] = []
        kept: list[cst.ImportAlias] = []
        for alias in updated.names:
            full = f"{source}.{_dotted(alias.name)}"
            (moved if full in self.redirects else kept).append(alias)
        if not moved:
            return updated
        statements: list[cst.BaseSmallStatement] = []
        targets: dict[str, list[cst.ImportAlias]] = {}
        for alias in moved:
            old_name = _dotted(alias.name)
            new = self.redirects[f"{source}.{old_name}"]
            parent, _, leaf = new.rpartition(".")
            if leaf != old_name:  # the client module has another name: keep the local name
                bound = alias.asname.name if alias.asname else cst.Name(old_name)
                alias = alias.with_changes(name=cst.Name(leaf), asname=cst.AsName(name=bound))
            targets.setdefault(parent, []).append(alias)
        for parent, aliases in targets.items():
            statements.append(_regroup(updated, aliases).with_changes(
                module=_expression(parent), relative=()))
        if kept:
            statements.append(_regroup(updated, kept))
        first = statements[0]
        if len(statements) > 1:
            self._extra[id(first)] = statements[1:]
        return first

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        for alias in updated.names:
            dotted = _dotted(alias.name)
            if dotted in self.redirects and alias.asname is not None:
                names.append(alias.with_changes(name=_expression(self.redirects[dotted])))
            else:
                if dotted in self.redirects:
                    line = self.get_metadata(PositionProvider, original).start.line
                    self.unchanged.append((line, f"`import {dotted}` without an alias: its "
                                                 "uses are attribute chains; rewrite by hand"))
                names.append(alias)
        return updated.with_changes(names=names)


def redirect_imports(source: str, path: str, module: str, is_package: bool,
                     redirects: dict[str, str]) -> Rewrite:
    """Rewrite one file's imports; `after == before` when nothing points at the seam."""
    tree = cst.metadata.MetadataWrapper(cst.parse_module(source))
    transformer = RedirectImports(redirects, module, is_package)
    after = tree.visit(transformer).code
    return Rewrite(path, source, after, tuple(transformer.unchanged))
