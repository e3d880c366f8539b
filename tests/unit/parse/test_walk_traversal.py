"""The fact walk's traversal: every child expression is reached, leaf nodes are not."""

from __future__ import annotations

import ast

from strangler.parse.facts import extract_facts
from strangler.parse.facts.walk import Walk

SOURCE = """\
import db

total = -db.a[1] + db.b(2) * (not db.c) or db.d < db.e.f
db.g += 1
x, db.h.i = db.j, [db.k for _ in db.l]
"""


class _Counting(Walk):
    """A walk that records the node types whose methods it looked up."""

    def __init__(self) -> None:
        super().__init__("pkg.mod", False, ())
        self.looked_up: list[type] = []

    def _method(self, kind: type):  # type: ignore[no-untyped-def]
        self.looked_up.append(kind)
        return super()._method(kind)


def test_context_and_operator_nodes_are_never_visited() -> None:
    walk = _Counting()
    walk.run(ast.parse(SOURCE))
    leaves = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
    assert walk.looked_up, "the walk looked no method up"
    assert not [kind for kind in walk.looked_up if issubclass(kind, leaves)]
    # ... while the expressions around them were walked
    assert {ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Subscript} <= set(walk.looked_up)


def test_every_name_chain_under_operators_is_a_use() -> None:
    facts = extract_facts(ast.parse(SOURCE), "pkg.mod", False, SOURCE)
    # rows are (name, attributes, kind, lines)
    chains = {row[1]: row[2] for row in facts.uses if row[0] == "db"}
    assert set(chains) == {(name,) for name in "abcdgjkl"} | {("e", "f"), ("h", "i")}
    assert chains[("b",)] == "call" and chains[("h", "i")] == "attribute_store"
