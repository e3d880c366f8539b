"""Table columns as written: SQLAlchemy `Column(...)` / `mapped_column(...)` / `Mapped[...]`
attributes (also `db.Column`, `sa.Column`), Django model fields, and the `Column("name", Type)`
arguments of `Table(...)` and alembic's `op.create_table(...)`. Helpers of the class and data
collectors: they read one node, and never walk."""

from __future__ import annotations

import ast
import re

from strangler.model import ColumnRow
from strangler.parse.facts.syntax import dotted, keyword, literal_str

SQLALCHEMY_COLUMNS = frozenset({"Column", "mapped_column"})
# Django fields that hold a row id in this table (`<name>_id`), and fields with no column here.
_DJANGO_KEYS = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
_DJANGO_NO_COLUMN = frozenset({"ManyToManyField", "ParentalManyToManyField", "GenericRelation",
                               "GenericForeignKey"})
_FIRST_NAME = re.compile(r"[A-Za-z_][\w.]*")
_NOT_TYPES = frozenset({"ForeignKey", "Sequence", "Identity", "Computed", "FetchedValue",
                        "CheckConstraint", "Index"})


def last_name(node: ast.AST) -> str:
    """`sa.types.Numeric` -> `Numeric`; '' when the node is not a name chain."""
    return (dotted(node) or "").rsplit(".", 1)[-1]


def field_column(call: ast.Call, attribute: str) -> ColumnRow | None:
    """The column an ORM attribute's value declares: `Column(...)`, `mapped_column(...)`, a
    Django `models.XField(...)` or foreign key; None for anything else (relationships,
    properties, many-to-many fields, form fields are the caller's to leave out)."""
    func = last_name(call.func)
    if func in SQLALCHEMY_COLUMNS:
        name = literal_str(call.args[0]) if call.args else None
        name = name or literal_str(keyword(call, "name")) or attribute
        return name, _sqlalchemy_type(call)
    if func in _DJANGO_NO_COLUMN:
        return None
    if func.endswith("Field") or func in _DJANGO_KEYS:
        column = literal_str(keyword(call, "db_column"))
        if column is None:
            column = f"{attribute}_id" if func in _DJANGO_KEYS else attribute
        return column, func
    return None


def _sqlalchemy_type(call: ast.Call) -> str:
    """The type argument of `Column("id", Integer, ForeignKey(...))` or `type_=`."""
    given = keyword(call, "type_")
    if given is not None:
        return _type_name(given)
    for arg in call.args:
        if isinstance(arg, ast.Constant):
            continue
        found = _type_name(arg)
        if found and found not in _NOT_TYPES:
            return found
    return ""


def _type_name(node: ast.expr) -> str:
    """`Numeric(10, 2)` -> `Numeric`; a factory's argument, `MutableDict.as_mutable(JSONB)`
    or `encrypted_field_factory.create(String(1024))` -> `JSONB`, `String`."""
    if isinstance(node, ast.Call):
        called = last_name(node.func)
        if called[:1].islower() and node.args:  # types are classes: a function wraps one
            return _type_name(node.args[0])
        return called
    return last_name(node)


def annotation_type(annotation: ast.expr) -> str:
    """The type inside `Mapped[...]`: `Mapped[Optional[Decimal]]`, `Mapped[Decimal | None]`
    and `Mapped["Decimal"]` give `Decimal`; '' when it is not a plain name."""
    node: ast.expr | None = annotation
    for _ in range(6):
        if isinstance(node, ast.Subscript):
            node = node.slice
        elif isinstance(node, ast.BinOp):  # X | None
            left, right = node.left, node.right
            node = right if isinstance(left, ast.Constant) and left.value is None else left
        elif isinstance(node, ast.Tuple):
            node = node.elts[0] if node.elts else None
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            written = _FIRST_NAME.match(node.value.strip())  # `"datetime.date | None"`
            return written.group(0).rsplit(".", 1)[-1] if written else ""
        else:
            break
    return last_name(node) if node is not None else ""


def mapped_annotation(annotation: ast.expr) -> bool:
    """`Mapped[int]` or `orm.Mapped[int]`: an SQLAlchemy 2.0 mapped attribute."""
    return isinstance(annotation, ast.Subscript) and last_name(annotation.value) == "Mapped"


def table_columns(args: list[ast.expr]) -> tuple[ColumnRow, ...]:
    """The `Column("name", Type, ...)` among a `Table(...)` call's arguments."""
    found: list[ColumnRow] = []
    for arg in args:
        if isinstance(arg, ast.Call) and last_name(arg.func) in SQLALCHEMY_COLUMNS:
            name = literal_str(arg.args[0]) if arg.args else literal_str(keyword(arg, "name"))
            if name:
                found.append((name, _sqlalchemy_type(arg)))
    return tuple(found)


def table_foreign_keys(args: list[ast.expr]) -> tuple[tuple[str, int], ...]:
    """The foreign keys among a `Table(...)` call's arguments, as (`"table.column"`, line):
    `Column("package_id", ForeignKey("package.id"))` (also `sa.ForeignKey`, `column=`) and
    `ForeignKeyConstraint(["package_id"], ["package.id"])`. A key given as a column object
    (`ForeignKey(package.c.id)`) is not read."""
    found: list[tuple[str, int]] = []
    for arg in args:
        if not isinstance(arg, ast.Call):
            continue
        called = last_name(arg.func)
        if called in SQLALCHEMY_COLUMNS:
            for inner in arg.args:
                if isinstance(inner, ast.Call) and last_name(inner.func) == "ForeignKey":
                    target = literal_str(inner.args[0]) if inner.args else literal_str(
                        keyword(inner, "column"))
                    if target:
                        found.append((target, inner.lineno))
        elif called == "ForeignKeyConstraint":
            referred = arg.args[1] if len(arg.args) >= 2 else keyword(arg, "refcolumns")
            if isinstance(referred, (ast.List, ast.Tuple)):
                for item in referred.elts:
                    target = literal_str(item)
                    if target:
                        found.append((target, arg.lineno))
    return tuple(found)
