"""Tables: ORM models (Django, SQLAlchemy, Flask-SQLAlchemy, imperative mappings) and Table
objects, their columns, who reads and writes them (SQL strings, model uses, write constructs),
and the relations between model classes."""

from __future__ import annotations

import re
from collections import defaultdict

from strangler.model import (
    ColumnRow,
    ModelRef,
    ModelRelation,
    RawClass,
    RawTableObject,
    Table,
    TableAccess,
)
from strangler.parse.facts.orm_writes import QUERY_STEPS
from strangler.parse.link.app_labels import app_label
from strangler.parse.link.columns import DJANGO_USER_BASES, ddl_columns, unique_columns
from strangler.parse.link.declared import declared_writes, repository_writes
from strangler.parse.link.documents import (
    DOCUMENT_KINDS,
    default_collection,
    document_kind,
    imported_collections,
)
from strangler.parse.link.members import member_accesses
from strangler.parse.link.names import Linker
from strangler.parse.sensitive import classify_table

# Active-record ORMs: their `Model` base, the kind it makes (the table named by `Meta.table`
# or `Meta.table_name`, else the class name in lower case, their default)
ACTIVE_RECORD_ORMS = {"tortoise": "tortoise", "peewee": "peewee", "playhouse": "peewee"}
ACTIVE_RECORD_KINDS = frozenset(ACTIVE_RECORD_ORMS.values())
# SQLAlchemy 2's declarative base classes: a direct subclass is the registry's base, unmapped
DECLARATIVE_BASES = frozenset({"DeclarativeBase", "DeclarativeBaseNoMeta"})
WRITE_METHODS = {
    "create", "save", "delete", "update", "insert", "bulk_create", "bulk_update",
    "get_or_create", "update_or_create", "add", "add_all", "merge", "remove", "destroy",
    "upsert", "delete_many", "insert_many", "update_many", "set", "truncate",
    "modify", "insert_one", "update_one", "delete_one", "replace_one", "find_one_and_update",
    "find_one_and_delete", "find_one_and_replace",
}
# (target module, symbol) -> (using module, attribute chain after the symbol, kind, line)
MemberUses = dict[tuple[str, str], list[tuple[str, tuple[str, ...], str, int]]]


def unmapped_table_classes(linker: Linker, tables: list[Table]) -> tuple[str, ...]:
    """SQLModel classes declared `table=True` (deriving from `sqlmodel.SQLModel`, directly or
    through project classes) that no table of `tables` maps, by qualified name, sorted."""
    classes, bases = linker.class_hierarchy()
    mapped = {model.name for table in tables for model in table.models}

    def sqlmodel_based(qual: str, depth: int = 0) -> bool:
        return depth < 20 and any(
            sqlmodel_based(base, depth + 1) if base in classes
            else base.split(".")[0] == "sqlmodel" and base.split(".")[-1] == "SQLModel"
            for base in bases[qual])

    return tuple(sorted(qual for qual, (_, cls) in classes.items()
                        if cls.table_keyword and qual not in mapped and sqlmodel_based(qual)))


def project_tables(linker: Linker, member_uses: MemberUses
                   ) -> tuple[list[Table], list[ModelRelation]]:
    """Tables (their models, readers and writers) and the relations between model classes."""
    classes, bases = linker.class_hierarchy()

    memo: dict[str, str | None] = {}

    def kind_of(qual: str, depth: int = 0) -> str | None:
        """'django' | 'sqlalchemy' | 'orm' when the class (or an ancestor) is a model base."""
        if qual in memo:
            return memo[qual]
        memo[qual] = None
        result: str | None = None
        if qual in classes and depth < 20:
            cls = classes[qual][1]
            for base in bases[qual]:
                if base in classes:
                    result = kind_of(base, depth + 1)
                elif (document := document_kind(linker, classes[qual][0], base)) is not None:
                    memo[qual] = None if document == "embedded" else document
                    return memo[qual]  # an embedded document is no collection
                elif base.startswith("django.") and (
                        base.endswith(".Model") or base in DJANGO_USER_BASES):
                    result = "django"
                elif base.split(".")[0] in ACTIVE_RECORD_ORMS and base.endswith(".Model"):
                    result = ACTIVE_RECORD_ORMS[base.split(".")[0]]
                elif base.startswith(("sqlalchemy", "flask_sqlalchemy")) or (
                    base.split(".")[-1] in ("Model", "Base", "DeclarativeBase")
                    and (cls.column_fields or cls.tablename)
                ):
                    result = "sqlalchemy"
                if result:
                    break
            if result is None and (cls.tablename or cls.tablename_rule):
                result = "orm"
            if result is None and cls.django_fields and any(
                b.split(".")[-1] == "Model" for b in bases[qual]
            ):
                result = "django"
            if result is None and _on_third_party_django_base(
                    linker, classes[qual][0], cls, bases[qual], classes):
                result = "django"
        memo[qual] = result
        return result

    model_table: dict[str, str] = {}
    models: dict[str, list[ModelRef]] = defaultdict(list)
    subclassed = {base for found in bases.values() for base in found}  # project bases

    def nearest(qual: str, attribute: str, depth: int = 0) -> str | None:
        """The class's own value of a `RawClass` attribute, or the nearest project base's."""
        own: str | None = getattr(classes[qual][1], attribute)
        if own or depth > 20:
            return own
        return next((found for base in bases[qual] if base in classes
                     for found in [nearest(base, attribute, depth + 1)] if found), None)

    def schema_of(qual: str) -> str | None:
        """The schema the class's table arguments name, or the nearest project base's."""
        return nearest(qual, "table_schema")

    def qualified(qual: str, table: str | None) -> str | None:
        """`schema.table` when the model puts its table in a schema (SQLAlchemy)."""
        schema = schema_of(qual) if table and "." not in table else None
        return f"{schema}.{table}" if schema else table

    def declarative_root(qual: str) -> bool:
        """The project's declarative base (`class Base(DeclarativeBase)`, or a base whose
        `__tablename__` is a method): SQLAlchemy maps its subclasses, not the base itself;
        its columns (`id`, `created`) are every model's."""
        cls = classes[qual][1]
        if cls.tablename:
            return False
        if any(base.startswith("sqlalchemy") and base.split(".")[-1] in DECLARATIVE_BASES
               for base in bases[qual]):
            return True
        # (a method of a model below the base names that model's own table)
        return cls.tablename_rule is not None and not any(
            base in classes and kind_of(base) for base in bases[qual])

    def name_rule(qual: str) -> str | None:
        """The `__tablename__` method the class or a project base of it defines."""
        return nearest(qual, "tablename_rule")

    def table_of(qual: str, depth: int = 0) -> str | None:
        module, cls = classes[qual]
        kind = kind_of(qual)
        if kind is None or cls.abstract or depth > 20 or (
                kind in ("sqlalchemy", "orm") and declarative_root(qual)):
            return None
        if kind in DOCUMENT_KINDS:
            if cls.collection:
                return cls.collection
            for base in bases[qual]:  # MongoEngine's `allow_inheritance`: the parent's
                if base in classes and kind_of(base) == kind:
                    inherited = table_of(base, depth + 1)
                    if inherited:
                        return inherited
            return default_collection(kind, cls.name.split(".")[-1])
        if kind in ACTIVE_RECORD_KINDS:
            # Every concrete subclass is a table of its own; a base without fields of its
            # own (Peewee's `BaseModel` naming the database) is none.
            if not cls.django_fields and not cls.db_table and qual in subclassed:
                return None
            return cls.db_table or cls.name.split(".")[-1].lower()
        if kind == "django":
            if cls.proxy:  # a proxy model maps the table of its concrete project base
                for base in bases[qual]:
                    if base in classes and kind_of(base):
                        inherited = table_of(base, depth + 1)
                        if inherited:
                            return inherited
            if cls.db_table:
                return cls.db_table
            label = cls.app_label or app_label(linker, module)
            return f"{label}_{cls.name.split('.')[-1].lower()}"
        if cls.tablename:
            if not declares_columns(qual):
                # A subclass that names a table but adds no column maps its parent's table:
                # Flask-SQLAlchemy makes it single-table inheritance, and SQLAlchemy could
                # not join a table without a key.
                for base in bases[qual]:
                    if base in classes and kind_of(base):
                        inherited = table_of(base, depth + 1)
                        if inherited:
                            return inherited
            return qualified(qual, cls.tablename)
        for base in bases[qual]:
            if base in classes and kind_of(base):
                # A mixin's `__tablename__` lands in the schema the model's own table
                # arguments name (one settings table per schema, say).
                inherited = qualified(qual, table_of(base, depth + 1))
                if inherited:
                    return inherited
        rule = name_rule(qual)
        if cls.column_fields or rule:
            name = cls.name.split(".")[-1]
            return qualified(qual, name.lower() if rule == "lower" else _snake(name))
        return None

    def declares_columns(qual: str, depth: int = 0) -> bool:
        """The class, or a project mixin of it (a base that maps no table), declares columns."""
        if classes[qual][1].column_fields:
            return True
        return depth < 20 and any(
            base in classes and table_of(base, depth + 1) is None
            and declares_columns(base, depth + 1) for base in bases[qual])

    columns: dict[str, list[ColumnRow]] = defaultdict(list)  # models first, by class name

    def inherited_columns(qual: str, table: str, depth: int = 0) -> list[ColumnRow]:
        """The class's columns and those of its project bases that map no other table
        (mixins, abstract models, single-table inheritance)."""
        found = list(classes[qual][1].columns)
        for base in bases[qual]:
            if base in classes and depth < 20 and qualified(qual, table_of(base)) in (
                    None, table):
                found.extend(inherited_columns(base, table, depth + 1))
            found.extend(DJANGO_USER_BASES.get(base, ()))
        return found

    for qual in sorted(classes):
        table = table_of(qual)
        if table is None:
            continue
        module, cls = classes[qual]
        model_table[qual] = table
        models[table].append(ModelRef(qual, module, linker.data[module].source.path,
                                      cls.line, kind_of(qual) or "orm"))
        columns[table].extend(inherited_columns(qual, table))
        columns[table].extend(_embedded_columns(linker, classes, qual))
    object_tables: dict[str, str] = {}
    for name, data in linker.data.items():
        for obj in data.facts.table_objects:
            ref = f"{name}.{obj.var}" if obj.var else f"{name}:{obj.table}"
            if obj.var:
                object_tables[ref] = obj.table
            models[obj.table].append(ModelRef(ref, name, data.source.path, obj.line,
                                              "table"))
            columns[obj.table].extend(obj.columns)

    for name, data in linker.data.items():
        for mapped, table_var, _line in data.facts.mappings:
            cls_module, cls_symbol, _ = linker.resolve_local(name, mapped)
            tab_module, tab_symbol, _ = linker.resolve_local(name, table_var)
            table = object_tables.get(f"{tab_module}.{tab_symbol}")
            qual = f"{cls_module}.{cls_symbol}"
            if table and qual in classes and qual not in model_table:
                model_table[qual] = table
                models[table].append(ModelRef(qual, cls_module,
                                              linker.data[cls_module].source.path,
                                              classes[qual][1].line, "sqlalchemy"))

    readers: dict[str, set[TableAccess]] = defaultdict(set)
    writers: dict[str, set[TableAccess]] = defaultdict(set)
    for name, data in linker.data.items():
        for sql in data.facts.sql:
            access = TableAccess(name, data.source.path, sql.line, "sql")
            (writers if sql.op == "write" else readers)[sql.table].add(access)
    for table, access, op in imported_collections(linker):
        (writers if op == "write" else readers)[table].add(access)
    for (target, symbol), found in member_uses.items():
        qual = f"{target}.{symbol}"
        table = model_table.get(qual) or object_tables.get(qual)
        if table is None:
            continue
        for source, rest, kind, line in found:
            if kind == "base":
                continue
            access = TableAccess(source, linker.data[source].source.path, line, symbol)
            writes = (kind == "call" and not rest) or any(m in WRITE_METHODS for m in rest)
            (writers if writes else readers)[table].add(access)
    _own_accesses(linker, model_table, object_tables, readers, writers)
    _secondary_accesses(linker, classes, model_table, set(models), readers)
    accessed = member_accesses(linker, set(models))
    for table, access, writes in accessed:
        if not writes:
            readers[table].add(access)
    for table, access, writes in accessed:
        if writes:
            readers[table].discard(access)
            writers[table].add(access)

    def expression_table(module: str, expression: str) -> str | None:
        target, symbol, rest = _resolved(linker, module, expression)
        return None if rest and rest[0] not in QUERY_STEPS else (
            model_table.get(f"{target}.{symbol}") or object_tables.get(f"{target}.{symbol}"))

    for table, access in [*declared_writes(linker, classes, bases, expression_table),
                          *repository_writes(linker, classes, expression_table,
                                             WRITE_METHODS, member_uses)]:
        readers[table].discard(access)
        writers[table].add(access)
    for name, data in linker.data.items():
        for label, model, line in data.facts.model_lookups:
            for qual, table in model_table.items():
                if qual.rsplit(".", 1)[-1] == model and (
                    app_label(linker, classes[qual][0]) == label
                    or classes[qual][1].app_label == label
                ):
                    readers[table].add(TableAccess(name, data.source.path, line, model))

    ddl = ddl_columns(linker)  # migrations and SQL: a fallback
    names = sorted(set(models) | set(readers) | set(writers))
    known = {table: unique_columns(columns.get(table) or ddl.get(table) or ())
             for table in names}
    tables = [
        Table(
            name=table,
            models=tuple(sorted(models.get(table, []), key=lambda m: (m.module, m.line))),
            readers=tuple(sorted(readers.get(table, set()),
                                 key=lambda a: (a.module, a.line, a.via))),
            writers=tuple(sorted(writers.get(table, set()),
                                 key=lambda a: (a.module, a.line, a.via))),
            columns=known[table],
            sensitive=classify_table(table, known[table]),
        )
        for table in names
    ]
    relations = _relations(linker, classes, model_table)
    return tables, relations

def _own_accesses(linker: Linker, model_table: dict[str, str], object_tables: dict[str, str],
                  readers: dict[str, set[TableAccess]],
                  writers: dict[str, set[TableAccess]]) -> None:
    """Accesses the cross-module uses miss: a module using its own model classes and
    Table objects (`secondary=tags`, `session.get(User, id)` in a method), and writes
    through `insert(M)`, `update(M)`, `delete(M)`, `bulk_*_mappings(M, rows)`."""
    for name, data in linker.data.items():
        path = data.source.path
        bindings = data.bindings
        mapping = {line for _, _, line in data.facts.mappings}  # map_imperatively(C, t)
        for local, attrs, kind, lines in data.facts.uses:
            if kind == "base" or local in bindings:
                continue
            qual = f"{name}.{local}"
            table = model_table.get(qual) or object_tables.get(qual)
            if table is None:
                continue
            writes = (kind == "call" and not attrs) or any(m in WRITE_METHODS for m in attrs)
            for line in lines:
                if line not in mapping:
                    (writers if writes else readers)[table].add(
                        TableAccess(name, path, line, local))
        for expression, line in data.facts.model_writes:
            target, symbol, rest = _resolved(linker, name, expression)
            qual = f"{target}.{symbol}"
            table = model_table.get(qual) or object_tables.get(qual)
            if table is None or any(part in WRITE_METHODS for part in rest):
                continue  # not a model, or `M.__table__.insert()` counted already
            access = TableAccess(name, path, line, symbol)
            readers[table].discard(access)
            writers[table].add(access)


def _secondary_accesses(linker: Linker, classes: dict[str, tuple[str, RawClass]],
                        model_table: dict[str, str], known: set[str],
                        readers: dict[str, set[TableAccess]]) -> None:
    """A model's `relationship(..., secondary="chat_participant")` reads and writes that
    association table through the ORM: the model's module is its accessor. Only a string
    naming a known table counts (SQLAlchemy evaluates any other string as an expression)."""
    for qual in sorted(model_table):
        module, cls = classes[qual]
        for name, line in cls.secondaries:
            table = name if name in known else name.rpartition(".")[2]  # `schema.table`
            if table in known:
                readers[table].add(TableAccess(module, linker.data[module].source.path, line,
                                               "secondary"))


def _resolved(linker: Linker, module: str, expression: str) -> tuple[str, str, tuple[str, ...]]:
    """(module, symbol, attributes) a dotted expression of `module` names."""
    head = expression.split(".")[0]
    if head in linker.data[module].bindings:
        return linker.resolve_local(module, expression)
    return module, head, tuple(expression.split(".")[1:])


def _relations(linker: Linker, classes: dict[str, tuple[str, RawClass]],
               model_table: dict[str, str]) -> list[ModelRelation]:
    by_short: dict[str, list[str]] = defaultdict(list)
    by_table: dict[str, str] = {}
    for qual, table in model_table.items():
        by_short[qual.rsplit(".", 1)[-1]].append(qual)
        by_table.setdefault(table, qual)
    relations: list[ModelRelation] = []
    for qual in sorted(model_table):
        module, cls = classes[qual]
        for target, line in cls.relations:
            found = _relation_target(linker, module, target, by_short, by_table)
            if found is None or found == qual:
                continue
            relations.append(ModelRelation(qual, found, module, classes[found][0],
                                           linker.data[module].source.path, line))
    relations.extend(_table_object_relations(linker, by_table, classes))
    return relations


def _table_object_relations(linker: Linker, by_table: dict[str, str],
                            classes: dict[str, tuple[str, RawClass]]) -> list[ModelRelation]:
    """SQLAlchemy Core foreign keys: `resource = Table("resource", metadata,
    Column("package_id", ForeignKey("package.id")))` relates the Table object to the model of
    the table it refers to (a mapped class, else that table's own Table object), as a
    class's `ForeignKey` does. A key to its own table relates nothing."""
    objects: list[tuple[str, str, RawTableObject]] = []  # (ref, module, object)
    for name in sorted(linker.data):
        for obj in linker.data[name].facts.table_objects:
            ref = f"{name}.{obj.var}" if obj.var else f"{name}:{obj.table}"
            objects.append((ref, name, obj))
            by_table.setdefault(obj.table, ref)
    module_of = {ref: name for ref, name, _ in objects}
    table_of = {found: table for table, found in by_table.items()}
    relations: list[ModelRelation] = []
    for ref, name, obj in objects:
        keys = [(found, line) for target, line in obj.foreign_keys
                if (found := _foreign_key_target(target, by_table)) is not None
                and found != ref and table_of.get(found) != obj.table]
        for found, line in keys:
            target_module = classes[found][0] if found in classes else module_of[found]
            relations.append(ModelRelation(ref, found, name, target_module,
                                           linker.data[name].source.path, line))
    return relations

def _relation_target(linker: Linker, module: str, target: str, by_short: dict[str, list[str]],
                     by_table: dict[str, str]) -> str | None:
    if target.startswith("table:"):
        return _foreign_key_target(target[6:], by_table)
    if target == "self":
        return None
    if "." in target and target.count(".") == 1 and target.split(".")[0] not in (
        linker.data[module].bindings
    ):
        label, short = target.split(".")
        for qual in by_short.get(short, []):
            if app_label(linker, qual.rsplit(".", 1)[0]) == label:
                return qual
        return by_short[short][0] if len(by_short.get(short, [])) == 1 else None
    if "." not in target:
        candidates = by_short.get(target, [])
        if len(candidates) == 1:
            return candidates[0]
        package = module.rsplit(".", 1)[0]
        same = [c for c in candidates if c.startswith(package + ".")]
        if same:
            return same[0]
        if target not in linker.data[module].bindings:
            return None
    resolved = linker.resolve_local(module, target)
    qual = ".".join(part for part in (resolved[0], resolved[1], *resolved[2]) if part)
    return qual if qual in by_short.get(qual.rsplit(".", 1)[-1], []) else None


def _foreign_key_target(reference: str, by_table: dict[str, str]) -> str | None:
    """The model of `ForeignKey("table.column")` or `ForeignKey("schema.table.column")`: the
    table as named, else its unqualified name (a model without a schema), else the one
    schema-qualified table of that name (a key written without the schema)."""
    table = reference.rsplit(".", 1)[0] if "." in reference else reference
    if table in by_table:
        return by_table[table]
    bare = table.rsplit(".", 1)[-1]
    if bare in by_table:
        return by_table[bare]
    found = [name for name in by_table if name.rsplit(".", 1)[-1] == bare]
    return by_table[found[0]] if len(found) == 1 else None


def _on_third_party_django_base(linker: Linker, module: str, cls: RawClass,
                                bases: list[str], classes: dict[str, tuple[str, RawClass]]
                                ) -> bool:
    """A Django model whose base comes from a third-party package (django-lifecycle's
    `LifecycleModel`, django-model-utils' `TimeStampedModel`, `MPTTModel`): an external base
    named `...Model`, and `models.XField()` attributes in a module that imports Django's
    `django.db.models` (a pydantic `BaseModel` with `Field()` attributes does not)."""
    if not cls.django_fields:
        return False
    if not any(base not in classes and base.split(".")[-1].endswith("Model")
               and not base.startswith(("django.", "pydantic", "sqlalchemy", "sqlmodel"))
               for base in bases):
        return False
    return any(target == "django.db.models" or target.startswith("django.db.models.")
               for target in linker.data[module].bindings.values())


def _embedded_columns(linker: Linker, classes: dict[str, tuple[str, RawClass]], qual: str
                      ) -> list[ColumnRow]:
    """A document's embedded documents belong to it: `address = EmbeddedDocumentField(
    Address)` adds `address.street`... (one level) to the embedding document's columns."""
    module, cls = classes[qual]
    found: list[ColumnRow] = []
    for field, target in cls.embedded:
        embedded = _class_named(linker, classes, module, target)
        if embedded is not None:
            found.extend((f"{field}.{name}", kind) for name, kind in classes[embedded][1].columns)
    return found


def _class_named(linker: Linker, classes: dict[str, tuple[str, RawClass]], module: str,
                 target: str) -> str | None:
    """The project class a name written in `module` (or a string naming a class) means."""
    if f"{module}.{target}" in classes:
        return f"{module}.{target}"
    if target.split(".")[0] in linker.data[module].bindings:
        found, symbol, rest = linker.resolve_local(module, target)
        qual = ".".join(part for part in (found, symbol, *rest) if part)
        return qual if qual in classes else None
    same = [qual for qual in classes if qual.rsplit(".", 1)[-1] == target]
    return same[0] if len(same) == 1 else None


def _snake(name: str) -> str:
    """Flask-SQLAlchemy's default table name: CamelCase -> camel_case."""
    return re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower()
