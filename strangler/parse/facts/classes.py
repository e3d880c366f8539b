"""Classes as written in one file: ORM models (SQLAlchemy `__tablename__`, columns, Django
fields and `Meta`), relations between models, and view classes (methods, Flask-AppBuilder's
`route_base`, `resource_name`, route method filters)."""

from __future__ import annotations

import ast
from typing import Literal

from strangler.model import ColumnRow, RawClass
from strangler.parse.facts.columns import annotation_type, field_column, mapped_annotation
from strangler.parse.facts.orm_writes import rows_of
from strangler.parse.facts.syntax import (
    dotted,
    is_true,
    keyword,
    literal_str,
    string_set_terms,
)
from strangler.parse.facts.walk import Collector, Walk

RELATION_CALLS = {
    "ForeignKey",
    "ForeignKeyField",  # Peewee, Tortoise ORM
    "OneToOneField",
    "ManyToManyField",
    "relationship",
    "relation",
    "ParentalKey",
    "ParentalManyToManyField",
    # document databases (MongoEngine): `ReferenceField(Y)`, `LazyReferenceField("Y")`
    "ReferenceField",
    "LazyReferenceField",
    "CachedReferenceField",
}
# containers whose first argument is a field: `ListField(ReferenceField(Y))`
_FIELD_CONTAINERS = frozenset({"ListField", "SortedListField", "MapField", "DictField"})
_EMBEDDED_FIELDS = frozenset({"EmbeddedDocumentField", "EmbeddedDocumentListField"})
# Beanie's relation annotations: `author: Link[User]`, `posts: list[BackLink[Post]]`
_LINKS = frozenset({"Link", "BackLink"})
COLUMN_CALLS = {"Column", "mapped_column", "column_property", "relationship"}
# Class attributes kept when they are a plain string: a Django AppConfig's `name` and
# `label` (the app label tables are named after), a DRF viewset's `endpoint_name`.
STRING_ATTRIBUTES = frozenset({"name", "label", "endpoint_name"})


class ClassFacts(Collector):
    """classes (nested classes before the class that holds them, as they end)."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.classes: list[RawClass] = []
        self._open: list[tuple[str, tuple[str, ...], _ClassInfo]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        bases = [dotted(base.value if isinstance(base, ast.Subscript) else base)
                 for base in node.bases]
        qualname = ".".join([*self.walk.scope, node.name])
        info = _ClassInfo()
        for base in node.bases:
            if isinstance(base, ast.Subscript):
                found = base.slice.elts if isinstance(base.slice, ast.Tuple) else [base.slice]
                info.base_args.extend(arg for e in found if (arg := dotted(e)))
        info.table_keyword = any(k.arg == "table" and is_true(k.value) for k in node.keywords)
        self._open.append((qualname, tuple(b for b in bases if b), info))

    def class_statement(self, statement: ast.stmt) -> None:
        self._open[-1][2].inspect(statement)

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        qualname, bases, info = self._open.pop()
        self.classes.append(
            RawClass(
                name=qualname,
                line=node.lineno,
                bases=bases,
                methods=tuple(info.methods),
                tablename=info.tablename,
                table_schema=info.table_schema,
                abstract=info.abstract,
                db_table=info.db_table,
                app_label=info.app_label,
                proxy=info.proxy,
                column_fields=info.column_fields,
                django_fields=info.django_fields,
                relations=tuple(info.relations),
                secondaries=tuple(info.secondaries),
                route_base=info.route_base,
                resource_name=info.resource_name,
                include_routes=info.include_routes,
                exclude_routes=info.exclude_routes,
                datamodel=info.datamodel,
                constants=tuple(info.constants),
                columns=tuple(info.columns),
                declared_models=tuple(info.declared_models),
                base_args=tuple(info.base_args),
                strings=tuple(sorted(info.strings.items())),
                collection=info.collection,
                embedded=tuple(info.embedded),
                tablename_rule=info.tablename_rule,
                table_keyword=info.table_keyword,
            )
        )


def tablename_rule(method: ast.FunctionDef | ast.AsyncFunctionDef) -> Literal["lower", "snake"]:
    """How a `__tablename__` method names a subclass's table: "lower" when it returns
    `cls.__name__.lower()`, else "snake" (CamelCase -> camel_case, the usual rule)."""
    for node in ast.walk(method):
        if (isinstance(node, ast.Return) and isinstance(node.value, ast.Call)
                and dotted(node.value.func) in ("cls.__name__.lower", "self.__name__.lower")):
            return "lower"
    return "snake"


def _returned_literal(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The string a method returns when its only return is a string literal."""
    returns = [node for node in ast.walk(method) if isinstance(node, ast.Return)]
    if len(returns) == 1 and returns[0].value is not None:
        return literal_str(returns[0].value)
    return None


class _ClassInfo:
    """What a class body says about ORM tables, Django meta and views."""

    def __init__(self) -> None:
        self.methods: list[str] = []
        self.table_keyword = False
        self.tablename: str | None = None
        self.table_schema: str | None = None
        self.abstract = False
        self.db_table: str | None = None
        self.app_label: str | None = None
        self.proxy = False
        self.column_fields = 0
        self.django_fields = 0
        self.relations: list[tuple[str, int]] = []
        self.secondaries: list[tuple[str, int]] = []
        self.route_base: str | None = None
        self.resource_name: str | None = None
        self.include_routes: tuple[str, ...] | None = None
        self.exclude_routes: tuple[str, ...] | None = None
        self.datamodel = False
        self.constants: list[tuple[str, tuple[str, ...]]] = []
        self.columns: list[ColumnRow] = []
        self.declared_models: list[tuple[str, int]] = []
        self.base_args: list[str] = []
        self.strings: dict[str, str] = {}
        self.collection: str | None = None
        self.embedded: list[tuple[str, str]] = []
        self.tablename_rule: Literal["lower", "snake"] | None = None

    def inspect(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            self.methods.append(statement.name)
            if statement.name.strip("_").endswith("table_args") and self.table_schema is None:
                self.table_schema = table_schema(statement)  # a `@declared_attr` method
            elif statement.name == "__tablename__":
                returned = _returned_literal(statement)
                if returned:  # (`return "events"`: the model's own name, as a method)
                    self.tablename = returned
                else:
                    self.tablename_rule = tablename_rule(statement)
        elif isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            for item in statement.body:
                if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
                    key = item.targets[0].id
                    if key in ("db_table", "table", "table_name"):
                        # (Django's `db_table`, Tortoise's `table`, Peewee's `table_name`)
                        self.db_table = literal_str(item.value)
                    elif key == "app_label":
                        self.app_label = literal_str(item.value)
                    elif key == "abstract":
                        self.abstract = is_true(item.value)
                    elif key == "proxy":
                        self.proxy = is_true(item.value)
                    elif key == "model" and (model := dotted(item.value)):
                        self.declared_models.append((model, item.lineno))
        elif isinstance(statement, ast.ClassDef) and statement.name in ("Settings", "Config"):
            # Beanie's `class Settings: name = "users"`, ODMantic's `class Config: collection`
            for item in statement.body:
                if (isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name)
                        and item.targets[0].id in ("name", "collection")):
                    self.collection = literal_str(item.value) or self.collection
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            if not isinstance(target, ast.Name):
                return
            value = statement.value
            if isinstance(statement, ast.AnnAssign):
                self._links(statement.annotation)
            if target.id in ("meta", "model_config") and isinstance(value, ast.Dict | ast.Call):
                self._document_meta(value)
            if target.id == "__tablename__":
                self.tablename = literal_str(value)
            elif target.id.strip("_").endswith("table_args") and value is not None:
                self.table_schema = self.table_schema or table_schema(value)
            elif target.id == "__abstract__":
                self.abstract = value is not None and is_true(value)
            elif target.id == "route_base":
                self.route_base = literal_str(value)
            elif target.id == "resource_name":
                self.resource_name = literal_str(value)
            elif target.id in ("include_route_methods", "exclude_route_methods"):
                terms = string_set_terms(value) if value is not None else None
                if target.id == "include_route_methods":
                    self.include_routes = terms if terms is not None else ("?",)
                else:
                    self.exclude_routes = terms if terms is not None else ("?",)
            elif target.id == "datamodel":
                self.datamodel = value is not None
            elif target.id == "model" and value is not None and (model := dotted(value)):
                self.declared_models.append((model, statement.lineno))
            elif target.id == "queryset" and value is not None:
                self.declared_models.extend(rows_of(value)[:1])
            elif target.id in STRING_ATTRIBUTES and value is not None:
                text = literal_str(value)
                if text is not None:
                    self.strings[target.id] = text
            elif value is not None and target.id.isupper():
                terms = string_set_terms(value)
                if terms is not None:
                    self.constants.append((target.id, terms))
            mapped = isinstance(statement, ast.AnnAssign) and mapped_annotation(
                statement.annotation)
            if mapped:
                self.column_fields += 1
            if isinstance(value, ast.Call):
                self._inspect_field(value)
                embedded = _embedded(value)
                if embedded:
                    self.embedded.append((target.id, embedded))
                column = field_column(value, target.id)
                if column is not None:
                    if mapped and not column[1]:  # mapped_column() typed by its annotation
                        assert isinstance(statement, ast.AnnAssign)
                        column = (column[0], annotation_type(statement.annotation))
                    self.columns.append(column)
            elif mapped and value is None:  # `price: Mapped[Decimal]`
                assert isinstance(statement, ast.AnnAssign)
                self.columns.append((target.id, annotation_type(statement.annotation)))

    def _document_meta(self, value: ast.Dict | ast.Call) -> None:
        """MongoEngine's `meta = {"collection": "users", "abstract": True}`, ODMantic's
        `model_config = {"collection": "users"}` (or `ConfigDict(collection=...)`)."""
        pairs = (zip(value.keys, value.values, strict=True) if isinstance(value, ast.Dict)
                 else ((ast.Constant(k.arg), k.value) for k in value.keywords if k.arg))
        for key, item in pairs:
            name = literal_str(key) if key is not None else None
            if name == "collection" and literal_str(item):
                self.collection = literal_str(item)
            elif name == "abstract" and is_true(item):
                self.abstract = True

    def _links(self, annotation: ast.expr) -> None:
        """Beanie's `Link[User]`, `list[Link[User]] | None`: relations to User."""
        for found in ast.walk(annotation):
            if (isinstance(found, ast.Subscript)
                    and (dotted(found.value) or "").split(".")[-1] in _LINKS
                    and (target := literal_str(found.slice) or dotted(found.slice))):
                self.relations.append((target, found.lineno))

    def _inspect_field(self, call: ast.Call) -> None:
        func = (dotted(call.func) or "").split(".")[-1]
        if func in _FIELD_CONTAINERS and call.args and isinstance(call.args[0], ast.Call):
            inner = call.args[0]
            if (dotted(inner.func) or "").split(".")[-1] in RELATION_CALLS and inner.args:
                target = literal_str(inner.args[0]) or dotted(inner.args[0])
                if target:
                    self.relations.append((target, inner.lineno))
        if func in COLUMN_CALLS:
            self.column_fields += 1
        elif func.endswith("Field") or func in RELATION_CALLS:
            self.django_fields += 1
        if func in RELATION_CALLS:
            # The target comes first, or by keyword: Django's `to=`, SQLAlchemy's `argument=`.
            first = call.args[0] if call.args else (
                keyword(call, "to") or keyword(call, "argument"))
            target = (literal_str(first) or dotted(first)) if first is not None else None
            if target:
                self.relations.append((target, call.lineno))
            secondary = literal_str(keyword(call, "secondary")) if func == "relationship" \
                else None
            if secondary:
                self.secondaries.append((secondary, call.lineno))
        if func == "Column" or func == "mapped_column":
            for arg in call.args:
                if isinstance(arg, ast.Call) and (dotted(arg.func) or "").endswith("ForeignKey"):
                    target = literal_str(arg.args[0]) if arg.args else None
                    if target:
                        self.relations.append(("table:" + target, arg.lineno))


def _embedded(call: ast.Call) -> str | None:
    """The class of `EmbeddedDocumentField(E)`, `EmbeddedDocumentListField("E")`,
    `ListField(EmbeddedDocumentField(E))`."""
    func = (dotted(call.func) or "").split(".")[-1]
    if func in _FIELD_CONTAINERS and call.args and isinstance(call.args[0], ast.Call):
        return _embedded(call.args[0])
    if func in _EMBEDDED_FIELDS and call.args:
        return literal_str(call.args[0]) or dotted(call.args[0])
    return None


def table_schema(node: ast.AST) -> str | None:
    """The database schema that SQLAlchemy table arguments name: a `{"schema": "x"}` dict
    (alone or last in the tuple) or a `schema="x"` keyword of a helper call, anywhere in an
    assignment's value or a `@declared_attr` method (PostgreSQL projects keep one schema per
    domain, and equal table names in two schemas are two tables)."""
    for found in ast.walk(node):
        if isinstance(found, ast.Dict):
            for key, value in zip(found.keys, found.values, strict=True):
                if key is not None and literal_str(key) == "schema" and literal_str(value):
                    return literal_str(value)
        elif isinstance(found, ast.Call):
            schema = literal_str(keyword(found, "schema"))
            if schema:
                return schema
    return None
