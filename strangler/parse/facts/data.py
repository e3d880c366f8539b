"""Database facts as written in one file: SQL in strings, table-helper calls
(`db.insert("accounts", row)`), SQLAlchemy `Table` objects (with their columns) and imperative
mappings, Django `apps.get_model` lookups, write constructs such as `update(Model)`, and the
columns DDL names (CREATE/ALTER TABLE in SQL strings, alembic's `op.create_table` and
`op.add_column`)."""

from __future__ import annotations

import ast
import re

from strangler.model import ColumnRow, RawSql, RawTableObject
from strangler.parse.facts.columns import table_columns, table_foreign_keys
from strangler.parse.facts.imports import DYNAMIC_IMPORTS
from strangler.parse.facts.orm_writes import (
    QUERY_STEPS,
    ROW_WRITES,
    SESSION_WRITES,
    Written,
    chained_write,
    rows_of,
    session_write,
    target_rows,
)
from strangler.parse.facts.syntax import dotted, is_view_helper, keyword, literal_str, names_in
from strangler.parse.facts.walk import Collector, Walk
from strangler.parse.registries import WRITE_CONSTRUCTS, model_write
from strangler.parse.sql import columns_in_ddl, tables_in_sql

_TABLE_HELPERS = frozenset({"insert", "update", "upsert", "delete", "insert_many", "bulk_insert"})
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_ALEMBIC = frozenset({"create_table", "add_column"})
_DB_HANDLE = re.compile(
    r"(?i)(db|database|conn|connection|cursor|cur|tx|transaction)|\w+_(db|conn)")


class DataFacts(Collector):
    """sql, table_objects, mappings, model_lookups, model_writes, ddl_columns."""

    call_names = _TABLE_HELPERS | WRITE_CONSTRUCTS | _ALEMBIC | ROW_WRITES | SESSION_WRITES | {
        "map_imperatively", "mapper", "get_model", "Table"}

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.sql: list[RawSql] = []
        self.table_objects: list[RawTableObject] = []
        self.mappings: list[tuple[str, str, int]] = []
        self.model_lookups: list[tuple[str, str, int]] = []
        self.model_writes: list[tuple[str, int]] = []
        self.ddl_columns: list[tuple[str, tuple[ColumnRow, ...]]] = []
        # (enclosing scope, variable) -> what the variable holds rows of, for `obj.save()`
        self._rows: dict[tuple[tuple[str, ...], str], Written] = {}
        self._classes: list[tuple[str, int]] = []  # enclosing classes: (name, scope depth)

    def string(self, text: str, line: int) -> None:
        if self.walk.depth_documentation:
            return  # `example="SELECT value FROM time_series_table"` documents, never runs
        found = tables_in_sql(text)
        for table, op in found:
            self.sql.append(RawSql(table, op, line))
        if found:
            self.ddl_columns.extend(columns_in_ddl(text))

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        self._table_helper(node)
        if chain is None or last is None:
            written = chained_write(node)
            if written and written[0][0] == "super" and (own := self._own_model()) is not None:
                written = ((own, node.lineno),)  # `super().save()` in the model's own save()
            self.model_writes.extend(written)
            return
        self._row_writes(node, chain)
        if last in _ALEMBIC and node.args:  # op.create_table("t", Column(...)), op.add_column
            table = literal_str(node.args[0])
            columns = table_columns(node.args[1:])
            if table and columns:
                self.ddl_columns.append((table, columns))
        if len(node.args) >= 2 and last not in DYNAMIC_IMPORTS and not is_view_helper(
                node, chain):
            if last in ("map_imperatively", "mapper"):
                mapped, table = dotted(node.args[0]), dotted(node.args[1])
                if mapped and table:  # classical SQLAlchemy mapping: mapper(Class, table)
                    self.mappings.append((mapped, table, node.lineno))
            elif last == "get_model":
                app_label, model = literal_str(node.args[0]), literal_str(node.args[1])
                if app_label and model:
                    self.model_lookups.append((app_label, model, node.lineno))
            elif last == "Table":
                table = _schema_table(node)
                if table and not any(t.line == node.lineno and t.table == table
                                     for t in self.table_objects):
                    self.table_objects.append(RawTableObject(
                        None, table, node.lineno, table_columns(node.args[1:]),
                        table_foreign_keys(node.args[1:])))
        if last in WRITE_CONSTRUCTS:
            constructed = model_write(node, last)
            if constructed:
                self.model_writes.append((constructed, node.lineno))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        """`Table("name", key="id")[Column("id", type="int"), Column("title")]`: a schema
        declared in a Table DSL of the project's own (trac's `db_default.schema`), its
        columns as the subscript's items."""
        call = node.value
        if not (isinstance(call, ast.Call) and len(call.args) == 1
                and (dotted(call.func) or "").split(".")[-1] == "Table"
                and isinstance(node.slice, (ast.List, ast.Tuple))):
            return
        table = literal_str(call.args[0])
        columns = tuple((name, _dsl_type(item)) for item in node.slice.elts
                        if isinstance(item, ast.Call)
                        and (dotted(item.func) or "").split(".")[-1] == "Column"
                        and item.args and (name := literal_str(item.args[0])))
        if table and columns and _TABLE_NAME.fullmatch(table):
            self.table_objects.append(RawTableObject(None, table, call.lineno, columns))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._classes.append((node.name, len(self.walk.scope)))

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        self._classes.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        """`obj = Model.objects.get(...)`: remember what `obj` holds rows of, in this scope."""
        target = node.targets[0]
        if len(node.targets) == 1 and isinstance(target, ast.Name):
            value = node.value
            chain = dotted(value.func) if isinstance(value, ast.Call) else None
            # `obj = Model(...)`: constructing the row counts as its write already; the
            # `session.add(obj)` or `obj.save()` that follows is the same write.
            self._bind(target.id, () if chain and chain.rsplit(".", 1)[-1][:1].isupper()
                       else rows_of(value))
        elif len(node.targets) == 1 and isinstance(target, ast.Tuple):
            for variable, found in target_rows(target, node.value):
                self._bind(variable, found)  # `obj, created = M.objects.get_or_create()`

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        """`for row in Model.objects.filter(...)`: `row` holds rows of the model (also
        `for i, row in enumerate(qs)`, `for order, line in zip(orders, lines)`)."""
        for variable, found in target_rows(node.target, node.iter):
            self._bind(variable, found)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        """`[row.delete() for row in qs]`: bound as a `for` loop's target is."""
        for variable, found in target_rows(node.target, node.iter):
            self._bind(variable, found)

    def _bind(self, variable: str, found: Written) -> None:
        """Remember what `variable` holds rows of in this scope; a variable read in `found`
        (`qs.first()`, `for row in qs`) stands for the rows it holds itself."""
        scope = tuple(self.walk.scope)
        if not found:
            self._rows.pop((scope, variable), None)
            return
        rows: Written = ()
        for expression, line in found:
            head, _, steps = expression.partition(".")
            # (only the variable itself or a query step on it, `qs.first()`, `Model.query`
            # of `Model = Topic`: `order.lines.all()` and `order.customer` are rows of
            # other models, reached through a relation)
            held = (self._rows.get((scope, head))
                    if not steps or steps.split(".", 1)[0] in QUERY_STEPS else None)
            rows += held if held is not None else ((expression, line),)
        self._rows[(scope, variable)] = rows

    def _own_model(self) -> str | None:
        """The class whose method this code is directly in (a module-level class only)."""
        if self._classes and self._classes[-1][1] == 0 and len(self.walk.scope) == 2:
            return self._classes[-1][0]
        return None

    def _row_writes(self, node: ast.Call, chain: str) -> None:
        """`obj.save()`, `qs.update(...)` on a variable bound in this scope to rows of a
        model, `session.delete(obj)`, and in a model's own method `self.save()` or
        `session.delete(self)`: writes of that model."""
        head, _, method = chain.partition(".")
        scope = tuple(self.walk.scope)
        if method in ROW_WRITES:
            if (scope, head) in self._rows:
                self.model_writes.extend(
                    (expression, node.lineno) for expression, _ in self._rows[(scope, head)])
            elif head == "self" and (own := self._own_model()) is not None:
                self.model_writes.append((own, node.lineno))
        row = session_write(node, chain)
        if isinstance(row, ast.Name):
            if row.id == "self" and (own := self._own_model()) is not None:
                self.model_writes.append((own, node.lineno))
            self.model_writes.extend(
                (expression, node.lineno) for expression, _ in self._rows.get((scope, row.id), ()))
        elif row is not None:
            self.model_writes.extend(rows_of(row))

    def _table_helper(self, node: ast.Call) -> None:
        """`db.insert("accounts", row)`, `(conn or db).update("assets", a)`: a table write.

        Many codebases wrap their database in helpers that take the table name as the first
        argument (lnbits does). The receiver must look like a database handle, so that
        `items.insert(0, x)` or `cache.delete("users")` are not taken for tables.
        """
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in _TABLE_HELPERS and node.args):
            return
        table = literal_str(node.args[0])
        if table is None or not _TABLE_NAME.fullmatch(table):
            return
        if any(_DB_HANDLE.fullmatch(name) for name in names_in(func.value)):
            self.sql.append(RawSql(table, "write", node.lineno))

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        """`users = Table("users", metadata, ...)`: a Table object other modules can use."""
        if isinstance(target, ast.Name) and isinstance(value, ast.Call):
            constructor = (dotted(value.func) or "").split(".")[-1]
            if constructor == "Table" and len(value.args) >= 2:
                table = _schema_table(value)
                if table:
                    self.table_objects.append(RawTableObject(
                        target.id, table, value.lineno, table_columns(value.args[1:]),
                        table_foreign_keys(value.args[1:])))


def _dsl_type(column: ast.Call) -> str:
    """`Column("id", type="int")` -> "int"; "" when not given as a literal."""
    return literal_str(keyword(column, "type")) or ""


def _schema_table(call: ast.Call) -> str | None:
    """`Table("name", metadata, ..., schema="s")`: "s.name" (as the ORM models' tables)."""
    table = literal_str(call.args[0])
    schema = literal_str(keyword(call, "schema"))
    return f"{schema}.{table}" if table and schema and "." not in table else table
