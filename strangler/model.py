"""Frozen dataclasses passed between the pipeline stages.

parse (per file)  -> FileFacts          (cacheable: a pure function of module name + source)
link  (all files) -> ProjectIndex       (imports resolved, routes composed, tables joined)
graph             -> CouplingGraph      (see strangler.graph)
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

# --------------------------------------------------------------------------- discovery


# Marks a `{expression}` placeholder for a URL prefix computed at run time, in facts only: the
# linker strips it and flags the route (FastAPI's `{param}` has the same braces).
RUNTIME_PREFIX_MARK = "\x1f"
# Two partitions whose metric differs by less than this share of the larger value tie: the
# report and the proposal's notes only call a gap at least this wide a win or a loss.
RELATIVE_TIE = 0.05


@dataclass(frozen=True)
class SourceFile:
    """A `.py` file found under the analyzed root."""

    path: str  # posix path relative to the analyzed root
    module: str  # dotted module name
    is_package: bool  # True for `__init__.py`
    source_root: str  # posix path of the import root ('' for the analyzed root itself)
    test_name: bool = False  # named like a test file, or in a package named `test`: dropped
    # after parsing if it imports a test framework (pytest, unittest, ...), the package's
    # files with it (`discovery.test_folders`), unless tests are included


@dataclass(frozen=True)
class Problem:
    """Something that could not be analyzed, or was skipped; the run goes on."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error | warning | info


# --------------------------------------------------------------------------- per-file facts


class RawImport(NamedTuple):
    """One imported module or name, as written (relative imports already made absolute).

    A named tuple, not a dataclass: a project has tens of thousands of them, and the facts
    cache loads a named tuple in a third of a dataclass' time (docs/benchmarks.md)."""

    line: int
    module: str  # absolute dotted module the statement names
    name: str | None  # `from module import name`; None for `import module`
    alias: str | None  # local name it binds (None for star imports and dynamic imports)
    type_only: bool = False  # under `if TYPE_CHECKING:`
    lazy: bool = False  # inside a function body
    guarded: bool = False  # inside `try: ... except ImportError`
    dynamic: bool = False  # importlib.import_module("literal") / __import__("literal")
    star: bool = False  # `from module import *`


# Uses of a local name through an attribute chain (at most 3 long), of one kind, in one file:
# (name, attrs, kind, lines) with kind in call | base | decorator | attribute | reference |
# attribute_store. Plain tuples, not dataclasses: a big project has hundreds of thousands of
# them, and plain tuples pickle ten times faster, which is most of a warm run's cost.
UseRow = tuple[str, tuple[str, ...], str, tuple[int, ...]]


@dataclass(frozen=True)
class RawRouter:
    """`bp = Blueprint(..., url_prefix=...)`, `router = APIRouter(prefix=...)`, `app = Flask()`."""

    var: str
    # flask_app | blueprint | fastapi_app | apirouter | drf_router | restx_namespace |
    # restx_api (Flask-RESTX/RESTPlus/RESTful); `candidate`: made by a class that may be a
    # project subclass of one (`NetBoxRouter()`), told by the linker
    kind: str
    prefix: str  # '' when none
    line: int
    constructor: str = ""  # the dotted class name, for a candidate


GraphqlOperation = Literal["Query", "Mutation", "Subscription"]
# How a route is reached: an HTTP path, or an operation of a GraphQL schema served through one
# endpoint (the proxy routes by path, so it can only route the endpoint, never an operation).
RouteKind = Literal["http", "graphql"]


@dataclass(frozen=True)
class RawGraphqlField:
    """A field of a GraphQL root type (Query, Mutation, Subscription) as written in one file:
    Graphene and Strawberry classes, Ariadne `@query.field("x")` and `set_field`."""

    # Set when the field itself says (`@strawberry.mutation`); else told by `owner`: the
    # schema that lists its class (or a class deriving from it), its Ariadne bindable.
    operation: GraphqlOperation | None
    field: str
    handler: str  # dotted expression in the module: resolver, mutation class or `Class.field`
    line: int
    framework: str  # graphene | strawberry | ariadne
    owner: str = ""  # the class (Graphene, Strawberry) or bindable (Ariadne) it is set on
    # Graphene, Strawberry: the operation the class's name tells (`ProductQueries` -> Query),
    # the fallback when no schema construction names the class
    by_name: GraphqlOperation | None = None


@dataclass(frozen=True)
class RawRouteDecl:
    """A route declared on a router variable, by decorator or by call."""

    owner: str  # dotted expression of the router (`bp`, `views.bp`, `app`)
    path: str | None  # None when not a literal
    methods: tuple[str, ...]
    handler: str  # qualified name inside the module (`Class.method` or `func`)
    line: int
    framework: str  # flask | fastapi | fab
    reason: str = ""  # why the path could not be resolved
    # (function, index) when the router is positional parameter `index` of that module-level
    # function (`def rules(bp):`); its prefixes come from the routers passed at the call sites.
    param: tuple[str, int] | None = None


@dataclass(frozen=True)
class RawPyramidRoute:
    """Pyramid `config.add_route("name", "/pattern")`: a route by name; the views bound to
    the name (`@view_config(route_name=...)`, `config.add_view(..., route_name=...)`, in any
    module: the name is global in an application) serve it."""

    name: str | None  # None when not a literal
    pattern: str | None  # with a literal `route_prefix_context` prefix; None when not literal
    line: int
    function: str | None  # the module-level function it is added in (`includeme`), if any
    reason: str = ""  # why the name or pattern is not known


@dataclass(frozen=True)
class RawPyramidView:
    """A view bound to a Pyramid route name: `@view_config(route_name=...)` on a function or
    method (or through `@view_defaults(route_name=...)` on its class), `config.add_view(view,
    route_name=...)`, `config.add_route(..., view=...)`."""

    route_name: str | None  # None when not a literal
    handler: str  # qualified name inside the module, or dotted expression of the view
    methods: tuple[str, ...]
    line: int
    reason: str = ""


@dataclass(frozen=True)
class RawRouteHelper:
    """A module-level function whose parameters carry a route's path and handler into a
    registration: directly (`api.add_resource(resource, url)`), or through a structure that
    a registration reads the handler from (`return ResourceMap(resource=resource, url=url)`
    and, elsewhere, `api.add_resource(r.resource, ...)`)."""

    function: str
    params: tuple[str, ...]  # positional parameter names, in order
    path: str  # the parameter that carries the path
    handler: str | None  # direct: the parameter passed as the handler
    fields: tuple[tuple[str, str], ...] = ()  # structure: (field, parameter) pairs
    line: int = 0  # direct: the registration's line (its own path is the parameter)
    # A decorator factory (`def resource(*urls): def wrapper(cls): api.add_resource(cls,
    # *urls); return cls; return wrapper`): the handler is the class or function decorated
    # with a call of it, `handler` the inner function's parameter; `many`: the path
    # parameter is `*urls`, every argument from its position on is a path.
    decorator: bool = False
    many: bool = False


@dataclass(frozen=True)
class RawHelperCall:
    """A call that passes a path (a literal starting with `/`, or a `url=`-like keyword) and
    a dotted name: a candidate call of a route helper. Values: "=text" for a string literal,
    "@dotted" for a name chain, None for anything else."""

    function: str  # dotted expression of the called function
    args: tuple[str | None, ...]
    keywords: tuple[tuple[str, str | None], ...]
    line: int
    decorated: str | None = None  # a decorator call: the class or function it decorates


@dataclass(frozen=True)
class RawViewRegistrar:
    """A classmethod of a project class that registers the class itself on a router its
    caller passes: `@classmethod def register_node_view(cls, blueprint):
    blueprint.add_url_rule(rule, view_func=cls.as_view(name))`, one per such call."""

    owner: str  # the top-level class that defines the classmethod
    method: str
    param: int  # position of the router among the arguments a call passes (after `cls`)
    path: str | None  # the literal path, None when it is computed
    methods: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class RawClassCall:
    """`TableView.register_node_view(blueprint)`: a method called on a capitalised name with
    name-chain arguments (else None): the candidate calls of a view registrar."""

    function: str  # dotted expression of the called method
    args: tuple[str | None, ...]
    line: int


@dataclass(frozen=True)
class RawRouterCall:
    """`register_rules(bp)`: a call that passes a router (or an imported name) positionally."""

    function: str  # dotted expression of the called function
    args: tuple[str | None, ...]  # positional arguments that are bare names, else None
    line: int


@dataclass(frozen=True)
class RawRegister:
    """`app.register_blueprint(bp, url_prefix=...)` / `app.include_router(r, prefix=...)`."""

    owner: str
    target: str  # dotted expression of the registered router
    prefix: str | None  # None when the call passes none
    line: int


@dataclass(frozen=True)
class RawUrlPattern:
    """One entry of a Django `urlpatterns` list."""

    route: str | None  # None when not a literal
    regex: bool  # re_path / url: the route is a regular expression
    view: str | None  # dotted expression of the view (`views.index`, `views.Home`)
    include: str | None  # dotted module named by include("a.urls") or include(a.urls)
    line: int
    nested: tuple[RawUrlPattern, ...] = ()  # include([...]) of an inline list
    # include(get_model_urls("dcim", "site", detail=False)): the call's arguments (see
    # `Arguments`), for the views a registry holds
    arguments: Arguments = ()


# A call's arguments as written: (position as "0", "1", ... or the keyword, value), the value
# "=" + repr of a literal constant or "@" + a dotted name; other arguments are left out.
Arguments = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RawViewRegistration:
    """`@register_model_view(Site, "edit", detail=False)` on a view class or function: the
    decorator call, its arguments and the view it decorates."""

    decorator: str  # dotted name of the decorator factory
    arguments: Arguments
    view: str
    line: int


@dataclass(frozen=True)
class RawRegistryFunction:
    """A module-level function that reads or writes a module-level registry by a literal key
    (`registry["views"][app][model]`): its parameters with their literal defaults ("" when
    none) and the (registry name, key) pairs it subscripts, nested functions included."""

    name: str
    params: tuple[tuple[str, str], ...]
    registries: tuple[tuple[str, str], ...]
    # the pairs it writes into (`registry["views"][app] = ...`, `registry["views"][a].append`):
    # a decorator factory that only reads a registry registers nothing
    writes: tuple[tuple[str, str], ...] = ()


# A table column as written: (name, type). The name is the database column's (the literal name
# of `Column("password", ...)` or `db_column=`, else the attribute; a Django foreign key's
# `<field>_id`); the type is the last part of the type as written (`Numeric`, `DecimalField`,
# `Decimal` of `Mapped[Decimal]`), '' when none is given.
ColumnRow = tuple[str, str]


@dataclass(frozen=True)
class RawClass:
    """A class definition with what the data and route extractors need of it."""

    name: str  # qualified name inside the module
    line: int
    bases: tuple[str, ...]  # dotted base expressions as written
    methods: tuple[str, ...]
    tablename: str | None = None  # literal `__tablename__`
    table_schema: str | None = None  # `{"schema": ...}` or `schema=` in `__table_args__`
    abstract: bool = False  # `__abstract__ = True` or Meta.abstract = True
    db_table: str | None = None  # Django Meta.db_table
    app_label: str | None = None  # Django Meta.app_label
    proxy: bool = False  # Django Meta.proxy = True: no table, its concrete base's
    column_fields: int = 0  # Column()/mapped_column()/Mapped[] attributes
    django_fields: int = 0  # models.XField() attributes
    relations: tuple[tuple[str, int], ...] = ()  # (string or dotted target, line)
    # `relationship(..., secondary="table")`: association tables named by string (table, line)
    secondaries: tuple[tuple[str, int], ...] = ()
    route_base: str | None = None  # Flask-AppBuilder `route_base`
    resource_name: str | None = None  # Flask-AppBuilder `resource_name`
    # Flask-AppBuilder's route filters as string-set terms ("=name" literal, "@A.B" reference,
    # "?" not understood); None when the class does not set them.
    include_routes: tuple[str, ...] | None = None
    exclude_routes: tuple[str, ...] | None = None
    datamodel: bool = False  # sets `datamodel` (a concrete Flask-AppBuilder model API or view)
    constants: tuple[tuple[str, tuple[str, ...]], ...] = ()  # class-level string-set constants
    columns: tuple[ColumnRow, ...] = ()  # ORM columns and Django fields, in order
    # (dotted expression, line) of the model a form, serializer or view class works on:
    # `model = M`, `Meta.model = M`, `queryset = M.objects.all()`
    declared_models: tuple[tuple[str, int], ...] = ()
    # dotted type arguments of subscripted bases: `M` of `class MDAO(BaseDAO[M])`
    base_args: tuple[str, ...] = ()
    # plain-string class attributes the linker reads: a Django AppConfig's `name` and
    # `label`, a DRF viewset's `endpoint_name` (see `STRING_ATTRIBUTES`)
    strings: tuple[tuple[str, str], ...] = ()
    # a document database collection the class names: MongoEngine's `meta = {"collection":
    # ...}`, Beanie's `class Settings: name = ...`, ODMantic's `model_config`/`Config`
    collection: str | None = None
    # MongoEngine's `address = EmbeddedDocumentField(Address)`: (field, embedded class)
    embedded: tuple[tuple[str, str], ...] = ()
    # `__tablename__` computed by a method (`@declared_attr`): every mapped subclass gets a
    # table named from its class name, "lower" (`cls.__name__.lower()`) or "snake" (any
    # other body: the CamelCase -> camel_case most such bases compute)
    tablename_rule: Literal["lower", "snake"] | None = None
    # `class Hero(SQLModel, table=True)`: the class statement's `table=True` keyword, which
    # makes a SQLModel class a mapped table (without it, a pydantic schema)
    table_keyword: bool = False


@dataclass(frozen=True)
class RawSql:
    """A table named in a raw SQL string literal."""

    table: str
    op: str  # read | write
    line: int


@dataclass(frozen=True)
class RawTableObject:
    """`Table("name", metadata, ...)`."""

    var: str | None
    table: str
    line: int
    columns: tuple[ColumnRow, ...] = ()  # its `Column("name", Type)` arguments
    # its foreign keys: (`"table.column"` a `ForeignKey` or `ForeignKeyConstraint` refers to,
    # line)
    foreign_keys: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class FileFacts:
    """Everything one file says, independent of the rest of the project."""

    loc: int  # non-blank, non-comment lines
    lines: int  # physical lines
    imports: tuple[RawImport, ...] = ()
    # names bound by imports (all if a star import), and the module's own model classes and
    # Table objects (for table accessors in the module that maps them)
    uses: tuple[UseRow, ...] = ()
    defined: tuple[str, ...] = ()  # top-level names defined (def, class, assignment)
    all_names: tuple[str, ...] | None = None  # literal `__all__`
    classes: tuple[RawClass, ...] = ()
    routers: tuple[RawRouter, ...] = ()
    route_decls: tuple[RawRouteDecl, ...] = ()
    registers: tuple[RawRegister, ...] = ()
    router_calls: tuple[RawRouterCall, ...] = ()
    urlpatterns: tuple[RawUrlPattern, ...] = ()
    pattern_lists: tuple[tuple[str, tuple[RawUrlPattern, ...]], ...] = ()  # other URL lists
    sql: tuple[RawSql, ...] = ()
    table_objects: tuple[RawTableObject, ...] = ()
    model_lookups: tuple[tuple[str, str, int], ...] = ()  # apps.get_model("app", "Model")
    mappings: tuple[tuple[str, str, int], ...] = ()  # map_imperatively(Class, table_var)
    settings: tuple[tuple[str, str], ...] = ()  # ROOT_URLCONF, WSGI_APPLICATION... (name, literal)
    problems: tuple[Problem, ...] = ()
    model_writes: tuple[tuple[str, int], ...] = ()  # update(Model): (dotted name, line)
    dynamic_unresolved: tuple[int, ...] = ()  # lines of import_module(<not a literal>)
    # import_module(f"app.tools.{name}.parser"): (line, absolute pattern, `*` for a value)
    dynamic_patterns: tuple[tuple[int, str], ...] = ()
    # Entry-point groups the module loads: entry_points(group="G"), iter_entry_points("G"):
    # (group, line, inside a function).
    entry_point_loads: tuple[tuple[str, int, bool], ...] = ()
    # One level of indirection (facts/entry_points.py): module-level functions whose
    # positional parameter is the group they load, (function, position, parameter, deferred),
    # and calls passing a string literal to a name the module binds, (callee, "#position" or
    # keyword, literal, line, inside a function).
    entry_point_params: tuple[tuple[str, int, str, bool], ...] = ()
    entry_point_calls: tuple[tuple[str, str, str, int, bool], ...] = ()
    # Attribute names used that may name a secret or money column (`user.password`).
    data_attributes: tuple[str, ...] = ()
    # Columns that DDL names: CREATE TABLE / ALTER TABLE ... ADD|RENAME COLUMN in SQL strings,
    # alembic's op.create_table / op.add_column: (table, columns), in the order written.
    ddl_columns: tuple[tuple[str, tuple[ColumnRow, ...]], ...] = ()
    graphql_fields: tuple[RawGraphqlField, ...] = ()
    graphql_bindables: tuple[tuple[str, GraphqlOperation], ...] = ()  # Ariadne (var, operation)
    # Root types as a schema is built: `graphene.Schema(query=Q, mutation=M)`,
    # `strawberry.Schema(Q)`, `schema = build_schema(Q, mutation=M)`: (operation, class
    # expression); and as an SDL string declares them, `schema { query: RootQuery }`:
    # (operation, GraphQL type name).
    graphql_schema_roots: tuple[tuple[GraphqlOperation, str], ...] = ()
    graphql_sdl_roots: tuple[tuple[GraphqlOperation, str], ...] = ()
    graphql_object_types: tuple[tuple[str, str], ...] = ()  # Ariadne ObjectType("X"): (var, X)
    # Module-level collections of 2+ dotted strings (`PLUGINS = ["app.plugins.x.Plugin", ...]`):
    # (variable, strings, line); linked to the project modules they name.
    dotted_lists: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    # Dotted strings under a module-level upper-case name, at any depth: (setting key, string,
    # line), the key the innermost dict key (`parse/facts/wiring.py`).
    settings_paths: tuple[tuple[str, str, int], ...] = ()
    # Views registered for a model by a decorator, and the functions that read a registry
    # (the decorator factory and the URL helper that expands it): see link/view_registry.py.
    view_registrations: tuple[RawViewRegistration, ...] = ()
    registry_functions: tuple[RawRegistryFunction, ...] = ()
    # Service locators (see facts/providers.py): keys classes provide (class, key, line), and
    # the chains read through module-level aliases of imported objects (`PROVIDERS.x`).
    provided_keys: tuple[tuple[str, str, int], ...] = ()
    alias_uses: tuple[UseRow, ...] = ()
    # Route helpers (facts/route_helpers.py): functions that register a route from their
    # parameters, calls that may be theirs, and the fields registrations read handlers from.
    route_helpers: tuple[RawRouteHelper, ...] = ()
    helper_calls: tuple[RawHelperCall, ...] = ()
    registration_fields: tuple[str, ...] = ()
    # DRF `router.register(<computed prefix>, <viewset expression>)`: registrations made at
    # run time (a loop or method over viewset classes); prefix None (link/drf_runtime.py)
    runtime_registers: tuple[RawRegister, ...] = ()
    # Class-based views that register themselves through a classmethod of a project base
    # class (facts/routes.py), and the calls of such methods on classes (link/view_registrars.py)
    view_registrars: tuple[RawViewRegistrar, ...] = ()
    class_calls: tuple[RawClassCall, ...] = ()
    # Pyramid routes by name, the views bound to names, and `config.include(target,
    # route_prefix=...)`: (target, prefix or None, line) (facts/routes_pyramid.py)
    pyramid_routes: tuple[RawPyramidRoute, ...] = ()
    pyramid_views: tuple[RawPyramidView, ...] = ()
    pyramid_includes: tuple[tuple[str, str | None, int], ...] = ()
    # SQLAlchemy Tables reached through the object declaring them (facts/members.py):
    # class attributes that are Tables (class, attribute, table, line), names bound to a
    # constructed object (name, constructor), the (holder, attribute) pairs of the chains
    # read (with lines) and written (with a line), and `metadata.tables["t"]` (table, op, line)
    class_tables: tuple[tuple[str, str, str, int], ...] = ()
    instance_bindings: tuple[tuple[str, str], ...] = ()
    member_reads: tuple[tuple[str, str, tuple[int, ...]], ...] = ()
    member_writes: tuple[tuple[str, str, int], ...] = ()
    named_tables: tuple[tuple[str, str, int], ...] = ()
    # pymongo/motor: module-level names bound to a client database (`db = client["app"]`), and
    # collection calls on a name imported from another module (local name, collection, op, line)
    mongo_databases: tuple[str, ...] = ()
    mongo_uses: tuple[tuple[str, str, str, int], ...] = ()


@dataclass(frozen=True)
class EntryPoint:
    """`name = module:attr` under `group` in the project's metadata (pyproject.toml,
    setup.cfg or setup.py)."""

    group: str
    name: str
    module: str  # the dotted module before the colon
    source: str  # the file that declares it, relative to the root


# --------------------------------------------------------------------------- linked index


@dataclass(frozen=True)
class Module:
    """One module of the project, with its size."""

    name: str
    path: str
    package: str  # top-level package ('' for a top-level module)
    is_package: bool
    loc: int
    lines: int


class Import(NamedTuple):
    """An import resolved to a module of the project. A named tuple, as `RawImport`: the
    index of a big project has hundreds of thousands, made again on every run, and a named
    tuple is made in a third of a frozen dataclass' time."""

    source: str
    target: str
    line: int
    name: str | None  # the imported name when `from target import name` names no module
    type_only: bool
    lazy: bool
    guarded: bool
    dynamic: bool
    star: bool
    implicit: bool = False  # parent package implied by `import a.b.c`
    entry_point: bool = False  # `target` is registered under a group that `source` loads
    registry: bool = False  # `target` is named in a list of dotted strings `source` holds


class SymbolUse(NamedTuple):
    """Uses of symbol `name` of module `target` by module `source` (a named tuple, as
    `Import`)."""

    source: str
    target: str
    name: str
    kind: str
    lines: tuple[int, ...]


@dataclass(frozen=True)
class ExternalImport:
    """An import of something outside the project."""

    module: str  # top-level import name
    distribution: str | None  # installable distribution, where it can be told
    category: str  # stdlib | third_party
    importers: tuple[tuple[str, int], ...]  # (module, line)


@dataclass(frozen=True)
class Route:
    """An HTTP route and the handler that serves it."""

    methods: tuple[str, ...]
    path: str
    handler: str  # module-qualified handler name
    module: str
    file: str
    line: int
    framework: str
    runtime_prefix: bool = False  # a prefix is only known at run time: `{expression}` in path
    # "graphql": an operation, path `/graphql#Query.products` (the endpoint's conventional path
    # and the operation after `#`, which never reaches a server): not routable by path
    kind: RouteKind = "http"


def serving_module(route: Route, modules: Container[str]) -> str:
    """The module a route is attributed to, everywhere (seams, plan, proxy routes, exports,
    reports): its handler's module when the handler is project code, else the module that
    declares the route. A DRF viewset or a view registered in the root `urls.py` belongs to
    the app that defines it, not to `urls.py`: the longest prefix of the handler that is a
    module of `modules` (the project's)."""
    parts = route.handler.split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return route.module


@dataclass(frozen=True)
class UnresolvedRoute:
    """A route declaration whose path could not be worked out."""

    module: str
    file: str
    line: int
    handler: str
    reason: str


class TableAccess(NamedTuple):
    """One place where a module reads or writes a table (a named tuple, as `Import`: loaded
    from the link memo on every run, and its class is made in a fraction of a dataclass')."""

    module: str
    file: str
    line: int
    via: str  # model class name or "sql"


class ModelRef(NamedTuple):
    """A model class (or Table object) that maps a table (a named tuple, as `TableAccess`)."""

    name: str  # module-qualified class name (or `module:var` for Table objects)
    module: str
    file: str
    line: int
    framework: str  # sqlalchemy | django | orm | table | mongoengine | beanie | odmantic |
    # tortoise | peewee


class TableColumn(NamedTuple):
    """A column of a table, with its type as written (a named tuple, as `TableAccess`)."""

    name: str
    type: str  # as written, last part (`Numeric`, `EmailField`); '' when not given


DataKind = Literal["money", "identity"]


@dataclass(frozen=True)
class SensitiveTable:
    """A table that holds money or identity data, and the columns that tell so (none when
    no columns are known and its name told)."""

    table: str
    kinds: tuple[DataKind, ...]
    columns: tuple[str, ...] = ()
    # The columns that hold the data itself (password hashes, keys, prices, balances), not
    # contact details: code that reads the table and uses one of them handles the data.
    core: tuple[str, ...] = ()
    # Identity only because the table is named for credentials (`api_tokens` keeping a
    # digest): the plan and the reports count it, the seams' identity home does not.
    credential: bool = False

    def describe(self, shown: int = 3) -> str:
        """`users (identity: password_hash, email)`; `payments (money: by its name, no
        columns known)`."""
        kinds = " and ".join(self.kinds)
        if not self.columns:
            return f"{self.table} ({kinds}: by its name, no columns known)"
        more = f", … {len(self.columns) - shown} more" if len(self.columns) > shown else ""
        return f"{self.table} ({kinds}: {', '.join(self.columns[:shown])}{more})"


@dataclass(frozen=True)
class Table:
    """A database table: the models that map it, who reads and writes it, its columns."""

    name: str
    models: tuple[ModelRef, ...]
    readers: tuple[TableAccess, ...]
    writers: tuple[TableAccess, ...]
    # From its models and Table objects; from DDL (SQL, migrations) only when they have none.
    columns: tuple[TableColumn, ...] = ()
    sensitive: SensitiveTable | None = None  # money or identity data, and why


@dataclass(frozen=True)
class ModelRelation:
    """A foreign key or relationship from one model to another."""

    source: str  # module-qualified model
    target: str  # module-qualified model (or table name)
    source_module: str
    target_module: str
    file: str
    line: int


# The names an application factory goes by (`create_app`, `make_app`...).
APP_FACTORY_NAMES = frozenset({"create_app", "make_app", "create_application", "app_factory",
                               "get_app", "build_app", "init_app_factory"})


@dataclass(frozen=True)
class ProjectIndex:
    """All facts of one project, linked across files."""

    root: str
    modules: tuple[Module, ...]
    imports: tuple[Import, ...]
    uses: tuple[SymbolUse, ...]
    routes: tuple[Route, ...]
    unresolved_routes: tuple[UnresolvedRoute, ...]
    tables: tuple[Table, ...]
    relations: tuple[ModelRelation, ...]
    external: tuple[ExternalImport, ...]
    problems: tuple[Problem, ...]
    stats: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    completeness: FactCompleteness | None = None
    # (module, attribute names) that may name a secret or money column, for modules with any.
    data_attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Modules the project's metadata names as console or GUI scripts (`console_scripts`,
    # `[project.scripts]`): commands a user runs, roots of the application.
    scripts: tuple[str, ...] = ()
    # Project modules the settings name as roots: (module, setting), ROOT_URLCONF,
    # WSGI_APPLICATION, ASGI_APPLICATION (`parse.link.declared_roots`).
    declared_roots: tuple[tuple[str, str], ...] = ()
    # (module, blueprints/routers it registers) for modules registering any, a Django
    # URLconf's aside (`parse.link.registrations`).
    registrations: tuple[tuple[str, int], ...] = ()
    # Modules that call a web framework's application class, or a project class derived from
    # one, or Django's get_wsgi/asgi_application (`parse.link.app_objects`).
    app_builders: tuple[str, ...] = ()
    # Modules that bind an application factory's name at top level (`def create_app`, or
    # an import of it): a call `module.create_app()` names a factory only if one is there
    # (`parse.link.app_objects.factory_definers`).
    factory_definers: tuple[str, ...] = ()
    # (module, setting key) for project modules a setting names as framework wiring, loaded
    # by dotted path (`MIDDLEWARE`, `AUTHENTICATION_BACKENDS`, `DEFAULT_PAGINATION_CLASS`):
    # no import, no edge (`parse.link.wiring`).
    settings_wiring: tuple[tuple[str, str], ...] = ()
    # (loader, module) for project modules a loader imports by a name it builds
    # (`import_module(f"app.tools.{name}.parser")`): no import, no edge; the seams read it
    # as a fact (`parse.link.dynamic_patterns`, `seams.loaded_families`).
    name_loads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FactCompleteness:
    """What the facts may be missing: a proposal built on them is only as sure as these."""

    files: int
    files_not_parsed: tuple[str, ...]  # paths: syntax errors, undecodable, skipped as too big
    tables: int
    tables_without_accessor: tuple[str, ...]  # no module reads or writes them
    unresolved_routes: int  # route registrations whose path or router is not known
    dynamic_imports: int  # import_module("literal") and __import__("literal"), followed
    dynamic_imports_unresolved: tuple[tuple[str, int], ...]  # (module, line): not a literal
    # No model, Table object or DDL names their columns: money or identity is told by name only.
    tables_without_columns: tuple[str, ...] = ()
    entry_point_links: int = 0  # loader -> module registered under the group it loads
    registry_links: int = 0  # list of dotted strings -> project module it names
    pattern_links: int = 0  # loader -> project module a name it builds can name
    # (library, modules importing it): data libraries whose models the facts do not read
    # (Pony, ormar, Piccolo, PynamoDB...): their tables are missing from the data
    unread_data_libraries: tuple[tuple[str, int], ...] = ()
    # SQLModel classes declared `table=True` that no table maps (qualified names): SQLModel
    # names such a table after the class, which the facts do not follow yet; its table,
    # readers and writers are missing from the data
    unmapped_table_classes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- seams


@dataclass(frozen=True)
class InterfaceSymbol:
    """A function or class of a seam that code outside the seam uses."""

    module: str
    name: str
    uses: int
    call_sites: tuple[tuple[str, str, int], ...]  # (module, file, line) outside the seam


@dataclass(frozen=True)
class TableSide:
    """How one seam (or the shared kernel) uses a table: counts and its first access (or,
    for a seam that only defines the table's model, that definition)."""

    seam: str
    modules: int
    reads: int
    writes: int
    file: str
    line: int
    models: int = 0  # its modules that define a model of the table


@dataclass(frozen=True)
class SharedTable:
    """A table this seam and other seams both access: this seam's side, and how many other
    sides (seams or the shared kernel) there are. Every side of a table is listed once, in
    `SeamProposal.shared_tables`, not repeated in each seam."""

    table: str
    side: TableSide
    others: int


@dataclass(frozen=True)
class TableSeams:
    """A table several seams access, with one side per seam (the shared kernel last), and
    the seam that owns it (`seams.owners`; "" when no rule decides)."""

    table: str
    sides: tuple[TableSide, ...]
    owner: str = ""
    owner_basis: Literal["model", "writes", "reads", ""] = ""


@dataclass(frozen=True)
class SeamEdge:
    """A dependency shown to explain a seam (kept together, or cut)."""

    source: str
    target: str
    weight: float
    file: str
    line: int


@dataclass(frozen=True)
class Seam:
    """One proposed service: its modules, interface, routes and tables."""

    name: str
    modules: tuple[str, ...]
    loc: int
    interface: tuple[InterfaceSymbol, ...]
    routes: tuple[Route, ...]
    tables_owned: tuple[str, ...]
    tables_shared: tuple[SharedTable, ...]
    depends_on: tuple[tuple[str, float], ...]  # (seam, weight) this seam uses
    used_by: tuple[tuple[str, float], ...]  # (seam, weight) that use this seam
    why_together: tuple[SeamEdge, ...]  # strongest internal edges
    cut_edges: tuple[SeamEdge, ...]  # heaviest edges to other seams (to cut when extracting)
    difficulty: str  # easy | medium | hard
    difficulty_score: float
    pinned: bool = False
    confidence: Literal["high", "medium", "low"] = "high"  # lowered by fact-completeness gaps
    confidence_notes: tuple[str, ...] = ()  # the gaps that lowered it
    # Where the seam departs from the project's Django apps, with the evidence
    # (`seams.app_notes`): two table-owning apps merged, parts of an app at home elsewhere.
    app_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metrics:
    """Quality scores of one partition of the modules."""

    services: int
    modularity: float
    icp: float
    sm: float
    ifn: float
    ned: float
    mq: float
    cohesion: float
    coupling: float
    tx_purity: float
    bcp: float


@dataclass(frozen=True)
class PlanStep:
    """One step of the extraction order."""

    order: int
    seam: str
    reason: str
    # The money or identity tables the seam owns or writes, which put it last (the plan's
    # one rule; the reports read it from here), and for each what decided it.
    critical: tuple[str, ...] = ()
    critical_why: tuple[str, ...] = ()  # `users (password_hash, email)`, one per table


@dataclass(frozen=True)
class KernelModule:
    """A module kept out of every service, and why."""

    module: str
    reason: str


@dataclass(frozen=True)
class SeamProposal:
    """The proposed services, the kernel, the plan and the scores."""

    seams: tuple[Seam, ...]
    kernel: tuple[KernelModule, ...]  # shared library: kept out of services, split later
    roots: tuple[KernelModule, ...]  # composition roots (app factories, root URLconfs)
    plan: tuple[PlanStep, ...]
    metrics: tuple[tuple[str, Metrics], ...]  # ("proposal" | baseline name, metrics)
    choice: str  # why this number of services
    assignment: tuple[tuple[str, str], ...]  # (module, seam) for every assigned module
    signals: tuple[str, ...]  # signals used
    notes: tuple[str, ...] = ()
    shared_tables: tuple[TableSeams, ...] = ()  # tables several seams access
    examples: tuple[KernelModule, ...] = ()  # example, demo and test-support code left out


# --------------------------------------------------------------------------- extraction

# The extraction plan's types live in strangler/model_extraction.py and are created on first
# use: only `strangler extract` needs them, and creating a dataclass costs about 0.6 ms of
# every `strangler analyze` run's start-up (docs/benchmarks.md).
EXTRACTION_TYPES = frozenset({
    "Param",
    "InterfaceFunction",
    "Risk",
    "TaskSystem",
    "SeamTask",
    "CeleryApp",
    "TasksPlan",
    "StrategyName",
    "ScopeStatus",
    "Strategy",
    "ScopeJudgement",
    "ExtractionPlan",
    "DatabaseFound",
    "DatabaseSettings",
})

if TYPE_CHECKING:  # for the type checker, the names themselves
    from strangler.model_extraction import (  # noqa: F401
        CeleryApp,
        DatabaseFound,
        DatabaseSettings,
        ExtractionPlan,
        InterfaceFunction,
        Param,
        Risk,
        ScopeJudgement,
        ScopeStatus,
        SeamTask,
        Strategy,
        StrategyName,
        TasksPlan,
        TaskSystem,
    )
else:
    def __getattr__(name: str) -> Any:
        if name in EXTRACTION_TYPES:
            from strangler import model_extraction

            return getattr(model_extraction, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A parameter segment, `{name}` (strangler/proxy/pattern.py's PARAM: the proxy imports no
# model, so the two are written alike), and a prefix a route table can carry (the proxy's
# pattern matches it).
_PARAM = r"\{[A-Za-z_][A-Za-z0-9_]*\}"
PARAM_SEGMENT = re.compile(_PARAM)
ROUTABLE_PREFIX = re.compile(rf"/|(?:/(?:[^/<>{{}}()\[\]\\?*^$|+]+|{_PARAM}))+")


def carried_prefixes(prefixes: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The `prefixes` a route table can carry: literal segments and whole `{name}` segments
    (one segment, any value: `/{lang}/weight`), with at least one literal segment: a prefix
    of parameters only (`/{param}`) would take every path of its depth, the legacy
    application's included."""
    return tuple(p for p in prefixes if ROUTABLE_PREFIX.fullmatch(p) and (
        p == "/" or any(not PARAM_SEGMENT.fullmatch(segment)
                        for segment in p.strip("/").split("/"))))


def plural(count: int, word: str) -> str:
    """`1 table`, `2 tables`: the count and the word, in the plural unless it is one."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def inbound_words(uses: int, services: int) -> str:
    """How code outside a seam uses it: `uses` call sites, from `services` other seams (the
    rest come from modules in no seam: the shared kernel, the application's roots, and
    scripts or examples left out of the proposal)."""
    if not uses:
        return "no code outside it uses it"
    if not services:
        return (f"{plural(uses, 'inbound use')}, none from another service (kernel, roots "
                "or left-out scripts)")
    return f"{plural(uses, 'inbound use')} from {plural(services, 'other service')}"


def first_step_why(shared_tables: int, inbound: int, services: int, difficulty: str) -> str:
    """Why the plan's first seam goes first, in the words both the reports' "First step"
    and the terminal's summary use: its shared tables, who uses it, its difficulty."""
    return "; ".join([
        f"it shares {plural(shared_tables, 'table')} with other services" if shared_tables
        else "it shares no table with another service",
        inbound_words(inbound, services),
        f"its difficulty is {difficulty}"])
