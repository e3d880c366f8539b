"""SQLAlchemy Core tables reached through the object that declares them.

A schema class may declare its `Table` objects as class attributes
(`class Model: builds = sa.Table("builds", metadata, ...)`), and the code then reaches each
table through an attribute chain ending in the object that holds them:
`self.db.model.builds.select()`, `tbl = self.db.model.builds` ... `tbl.insert()`,
`sa.select(model.logs.c.id)`. No import names the table, so the import-resolved uses never
see these reads. This collector records, per file, what the linker needs to tell them
(`link/members.py`):

- `class_tables`: the Tables a class declares as attributes, (class, attribute, table, line);
- `instance_bindings`: `x = Cls(...)`, `self.x = mod.Cls(...)`: (bound name, constructor);
- `member_reads`: every (holder, attribute) pair of the name chains read, with their lines
  (the chains as the walk records them: the name and its first three attributes);
- `member_writes`: (holder, attribute, line) of the chain a write construct is called on
  (`<chain>.insert()`, `.update()`, `.delete()`), taken through a variable bound in this or an
  enclosing scope (`tbl = self.db.model.builds` ... `tbl.insert()`), or given to it
  (`sa.delete(self.db.model.logs)`);
- `named_tables`: `metadata.tables["builds"]` (and its `.insert()`...): (table, op, line).
"""

from __future__ import annotations

import ast
from collections import defaultdict

from strangler.parse.facts.syntax import dotted, literal_str
from strangler.parse.facts.walk import Collector, Walk

_WRITES = frozenset({"insert", "update", "delete"})
MemberRow = tuple[str, str, tuple[int, ...]]


class MemberFacts(Collector):
    """class_tables, instance_bindings, member_writes, named_tables (member_reads: from the
    walk's uses, `member_reads`)."""

    call_names = _WRITES

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.class_tables: list[tuple[str, str, str, int]] = []
        self.instance_bindings: dict[tuple[str, str], None] = {}
        self.member_writes: list[tuple[str, str, int]] = []
        self.named_tables: list[tuple[str, str, int]] = []
        # (scope, variable) -> the (holder, attribute) or ("", table name) it was bound to
        self._aliases: dict[tuple[tuple[str, ...], str], tuple[str, str]] = {}
        # variables assigned an object or a chain anywhere in the file (`model = self.db.model`)
        self.assigned: set[str] = set()

    def class_statement(self, statement: ast.stmt) -> None:
        """`builds = sa.Table("builds", metadata, ...)` in a class body."""
        if self.walk.depth_function or not isinstance(statement, ast.Assign | ast.AnnAssign):
            return
        target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
        value = statement.value
        if not (isinstance(target, ast.Name) and isinstance(value, ast.Call)
                and len(value.args) >= 2
                and (dotted(value.func) or "").rsplit(".", 1)[-1] == "Table"):
            return
        table = literal_str(value.args[0])
        if table:
            schema = literal_str(next((k.value for k in value.keywords if k.arg == "schema"),
                                      None))
            if schema and "." not in table:
                table = f"{schema}.{table}"
            self.class_tables.append((".".join(self.walk.scope), target.id, table,
                                      value.lineno))

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) != 1:
            return
        target, value = node.targets[0], node.value
        kind = type(value)
        if kind is ast.Call:
            func = value.func  # type: ignore[attr-defined]
            last = func.attr if type(func) is ast.Attribute else (
                func.id if type(func) is ast.Name else "")
            if not last[:1].isupper():
                return
            name = target.id if type(target) is ast.Name else (
                target.attr if type(target) is ast.Attribute else None)
            constructor = dotted(func)
            if name and constructor:
                self.instance_bindings[(name, constructor)] = None
                if type(target) is ast.Name:
                    self.assigned.add(name)
            return
        if not isinstance(target, ast.Name):
            return
        if kind is ast.Attribute or kind is ast.Subscript or (
                kind is ast.Name and self._aliases):
            held = self._held(value)
            if held is not None:
                self._aliases[(tuple(self.walk.scope), target.id)] = held
                self.assigned.add(target.id)
                return
        if self._aliases:  # rebound to something else
            self._aliases.pop((tuple(self.walk.scope), target.id), None)

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        func = node.func
        if not isinstance(func, ast.Attribute) or func.attr not in _WRITES:
            return
        held = self._held(func.value)
        if held is None and node.args and chain is not None and chain.count(".") <= 1:
            held = self._held(node.args[0])  # `sa.delete(self.db.model.logs)`
        if held is None:
            return
        holder, attribute = held
        if holder:
            self.member_writes.append((holder, attribute, node.lineno))
        else:
            self.named_tables.append((attribute, "write", node.lineno))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        table = _named_table(node)
        if table:
            self.named_tables.append((table, "read", node.lineno))

    def _held(self, node: ast.expr) -> tuple[str, str] | None:
        """(holder, attribute) of a chain `...holder.attribute`, or of the variable it is,
        bound in this or an enclosing scope; ("", table) of `metadata.tables["t"]`."""
        if isinstance(node, ast.Subscript):
            table = _named_table(node)
            return ("", table) if table else None
        chain = dotted(node)
        if chain is None:
            return None
        parts = chain.rsplit(".", 2)
        if len(parts) >= 2:
            return parts[-2], parts[-1]
        scope = tuple(self.walk.scope)
        for depth in range(len(scope), -1, -1):
            found = self._aliases.get((scope[:depth], chain))
            if found is not None:
                return found
        return None


def _named_table(node: ast.Subscript) -> str | None:
    """`metadata.tables["builds"]`, `self.model.metadata.tables["builds"]`: "builds"."""
    value = node.value
    if not (isinstance(value, ast.Attribute) and value.attr == "tables"
            and dotted(value) is not None):
        return None
    return literal_str(node.slice)


def member_reads(uses: dict[tuple[str, tuple[str, ...], str], list[int]],
                 assigned: set[str]) -> tuple[MemberRow, ...]:
    """Every (holder, attribute) pair of the chains the walk recorded, with its lines. A
    holder that is the chain's first name must be a class's name (`Model.builds`) or a
    variable the file assigns an object or a chain (`model = self.db.model`): a parameter
    `model` (`def f(model): model.sourcestamps`) may be any object."""
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (name, attrs, kind), lines in uses.items():
        if not attrs or kind == "base" or kind == "attribute_store":
            continue
        if name[:1].isupper() or name in assigned:
            pairs[(name, attrs[0])] += lines
        for holder, attribute in zip(attrs, attrs[1:], strict=False):
            pairs[(holder, attribute)] += lines
    return tuple((holder, attribute, tuple(sorted(set(lines))))
                 for (holder, attribute), lines in sorted(pairs.items()))
