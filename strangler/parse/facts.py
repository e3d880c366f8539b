"""Extract a file's facts from its stdlib `ast` tree in one pass.

One traversal feeds several small collectors (imports, symbol uses, routes, data), because
walking the tree is the dominant cost of a cold run; each collector's output is a field of
`FileFacts`. Relative imports are made absolute here, so linking never needs the file again.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import replace

from strangler.model import (
    RUNTIME_PREFIX_MARK,
    FileFacts,
    Problem,
    RawClass,
    RawImport,
    RawRegister,
    RawRouteDecl,
    RawRouter,
    RawRouterCall,
    RawSql,
    RawTableObject,
    RawUrlPattern,
)
from strangler.parse.registries import (
    REGISTRY_OWNER,
    WRITE_CONSTRUCTS,
    call_routes,
    model_write,
    registry_routes,
)
from strangler.parse.sql import tables_in_sql

ROUTE_DECORATORS = {
    "route": ("flask", ()),
    "get": ("flask", ("GET",)),
    "post": ("flask", ("POST",)),
    "put": ("flask", ("PUT",)),
    "patch": ("flask", ("PATCH",)),
    "delete": ("flask", ("DELETE",)),
    "head": ("flask", ("HEAD",)),
    "options": ("flask", ("OPTIONS",)),
    "api_route": ("fastapi", ()),
    "websocket": ("fastapi", ("WEBSOCKET",)),
}
ROUTER_CONSTRUCTORS = {
    "Flask": "flask_app",
    "Blueprint": "blueprint",
    "FastAPI": "fastapi_app",
    "APIRouter": "apirouter",
    "DefaultRouter": "drf_router",  # Django REST framework
    "SimpleRouter": "drf_router",
    "ExtendedSimpleRouter": "drf_router",
    "NestedSimpleRouter": "drf_router",
}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
DJANGO_URL_FUNCS = {"path": False, "re_path": True, "url": True}
RELATION_CALLS = {
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "relationship",
    "relation",
    "ParentalKey",
    "ParentalManyToManyField",
}
SETTINGS = {"ROOT_URLCONF"}
COLUMN_CALLS = {"Column", "mapped_column", "column_property", "relationship"}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_TABLE_HELPERS = frozenset({"insert", "update", "upsert", "delete", "insert_many", "bulk_insert"})
_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_DB_HANDLE = re.compile(
    r"(?i)(db|database|conn|connection|cursor|cur|tx|transaction)|\w+_(db|conn)")


def _names_in(node: ast.AST) -> list[str]:
    """The names and attribute names of a receiver such as `self.db` or `(conn or db)`."""
    if isinstance(node, ast.BoolOp):
        return [name for value in node.values for name in _names_in(value)]
    chain = dotted(node)
    return chain.split(".") if chain else []


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _literal_str(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _literal_strings(node: ast.AST | None) -> tuple[str, ...] | None:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = [_literal_str(element) for element in node.elts]
        if all(value is not None for value in values):
            return tuple(value for value in values if value is not None)
    return None


def _string_set_terms(node: ast.expr) -> tuple[str, ...] | None:
    """A set of strings written as literals, names of constants and `|` unions, as terms:
    "=value" for a literal, "@dotted" for a reference; None when it is something else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return ("=" + node.value,)
    if isinstance(node, ast.Set | ast.List | ast.Tuple):
        terms: list[str] = []
        for element in node.elts:
            found = _string_set_terms(element)
            if found is None or any(t.startswith("?") for t in found):
                return None
            terms.extend(found)
        return tuple(terms)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _string_set_terms(node.left), _string_set_terms(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Call) and dotted(node.func) in ("set", "frozenset") and (
            len(node.args) <= 1 and not node.keywords):
        return _string_set_terms(node.args[0]) if node.args else ()
    reference = dotted(node) if isinstance(node, ast.Attribute | ast.Name) else None
    return ("@" + reference,) if reference else None


# Keyword arguments and dict keys whose string values are documentation (OpenAPI examples,
# marshmallow and pydantic metadata), never SQL that runs.
DOCUMENTATION_KEYS = frozenset({"example", "examples", "description", "summary", "help",
                                "help_text", "doc", "title", "comment"})


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def resolve_relative(module: str, is_package: bool, level: int, name: str | None) -> str | None:
    """Absolute module named by `from <level dots><name> import ...` inside `module`."""
    if level == 0:
        return name
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        if level - 1 > len(parts):
            return None
        parts = parts[: len(parts) - (level - 1)]
    if name:
        parts.append(name)
    return ".".join(parts) if parts else None


def count_loc(text: str) -> tuple[int, int]:
    """(code lines, physical lines): code lines are non-blank and not only a comment."""
    lines = text.splitlines()
    code = 0
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            code += 1
    return code, len(lines)


class _Collector(ast.NodeVisitor):
    """Walks one module; see `extract_facts`."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.module = module
        self.is_package = is_package
        self.imports: list[RawImport] = []
        self.uses: dict[tuple[str, tuple[str, ...], str], list[int]] = defaultdict(list)
        self.defined: list[str] = []
        self.all_names: tuple[str, ...] | None = None
        self.classes: list[RawClass] = []
        self.routers: list[RawRouter] = []
        self.params: list[tuple[str, tuple[str, ...]]] = []  # enclosing module-level function
        # (function, positional names, line): candidates for `router_calls`, filtered when the
        # file is done (most calls pass no router; plain tuples keep this hot path cheap)
        self.calls: list[tuple[str, tuple[str | None, ...], int]] = []
        self.route_decls: list[RawRouteDecl] = []
        self.registers: list[RawRegister] = []
        self.urlpatterns: list[RawUrlPattern] = []
        self.pattern_lists: list[tuple[str, tuple[RawUrlPattern, ...]]] = []
        self.sql: list[RawSql] = []
        self.table_objects: list[RawTableObject] = []
        self.model_lookups: list[tuple[str, str, int]] = []
        self.mappings: list[tuple[str, str, int]] = []
        self.settings: list[tuple[str, str]] = []
        self.model_writes: list[tuple[str, int]] = []
        self.registry_lists: dict[str, tuple[int, int]] = {}  # name -> route_decls slice
        self.dynamic_unresolved: list[int] = []
        self.problems: list[Problem] = []
        self.depth_function = 0
        self.depth_documentation = 0  # inside an `example=` / "description" value: prose
        self.depth_type_checking = 0
        self.depth_guarded = 0
        self.scope: list[str] = []  # enclosing class/function names

    # ----------------------------------------------------------------- traversal

    # ast.NodeVisitor looks the visit method up by name for every node, and generic_visit walks
    # fields through a generator; this dispatch table and loop make the pass about 30% faster.
    _dispatch: dict[type, str] = {}

    def visit(self, node: ast.AST) -> None:
        kind = type(node)
        name = self._dispatch.get(kind)
        if name is None:
            name = f"visit_{kind.__name__}"
            if not hasattr(self, name):
                name = "generic_visit"
            self._dispatch[kind] = name
        getattr(self, name)(node)

    def generic_visit(self, node: ast.AST) -> None:
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    # ----------------------------------------------------------------- imports

    def _add_import(self, line: int, module: str, name: str | None, alias: str | None,
                    dynamic: bool = False, star: bool = False) -> None:
        self.imports.append(
            RawImport(
                line=line,
                module=module,
                name=name,
                alias=alias,
                type_only=self.depth_type_checking > 0,
                lazy=self.depth_function > 0,
                guarded=self.depth_guarded > 0,
                dynamic=dynamic,
                star=star,
            )
        )

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            if item.asname:
                self._add_import(node.lineno, item.name, None, item.asname)
            else:
                self._add_import(node.lineno, item.name, None, item.name.split(".")[0])
            if not self.scope:
                self.defined.append(item.asname or item.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = resolve_relative(self.module, self.is_package, node.level, node.module)
        if base is None:
            self.problems.append(
                Problem("", node.lineno, "relative import beyond the top-level package", "warning")
            )
            return
        for item in node.names:
            if item.name == "*":
                self._add_import(node.lineno, base, None, None, star=True)
            else:
                self._add_import(node.lineno, base, item.name, item.asname or item.name)
                if not self.scope:
                    self.defined.append(item.asname or item.name)

    def visit_If(self, node: ast.If) -> None:
        test = dotted(node.test)
        if test in ("TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"):
            self.depth_type_checking += 1
            for statement in node.body:
                self.visit(statement)
            self.depth_type_checking -= 1
            for statement in node.orelse:
                self.visit(statement)
            return
        self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        guarded = any(self._catches_import_error(handler) for handler in node.handlers)
        if guarded:
            self.depth_guarded += 1
        for statement in node.body:
            self.visit(statement)
        if guarded:
            self.depth_guarded -= 1
        for handler in node.handlers:
            self.visit(handler)
        for statement in node.orelse + node.finalbody:
            self.visit(statement)

    visit_TryStar = visit_Try  # type: ignore[assignment]

    @staticmethod
    def _catches_import_error(handler: ast.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        return any((dotted(name) or "").split(".")[-1] in IMPORT_ERRORS for name in names)

    # ----------------------------------------------------------------- scopes

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if not self.scope:
            self.defined.append(node.name)
        for decorator in node.decorator_list:
            self._record_route_decorator(decorator, node)
            self._visit_use(decorator, "decorator")
        self._visit_arguments(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        if not self.scope:
            positional = node.args.posonlyargs + node.args.args
            self.params.append((node.name, tuple(arg.arg for arg in positional)))
        self.scope.append(node.name)
        self.depth_function += 1
        for statement in node.body:
            self.visit(statement)
        self.depth_function -= 1
        self.scope.pop()
        if not self.scope:
            self.params.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def _visit_arguments(self, args: ast.arguments) -> None:
        for default in args.defaults + [d for d in args.kw_defaults if d is not None]:
            self.visit(default)
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [
            a for a in (args.vararg, args.kwarg) if a is not None
        ]:
            if arg.annotation is not None:
                self.visit(arg.annotation)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.depth_function += 1
        self.generic_visit(node)
        self.depth_function -= 1

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if not self.scope:
            self.defined.append(node.name)
        for decorator in node.decorator_list:
            self._visit_use(decorator, "decorator")
        bases: list[str] = []
        for base in node.bases:
            name = dotted(base.value if isinstance(base, ast.Subscript) else base)
            if name:
                bases.append(name)
            self._visit_use(base, "base")
        for keyword in node.keywords:
            self.visit(keyword.value)
        qualname = ".".join([*self.scope, node.name])
        info = _ClassInfo()
        self.scope.append(node.name)
        for statement in node.body:
            info.inspect(statement)
            self.visit(statement)
        self.scope.pop()
        self.classes.append(
            RawClass(
                name=qualname,
                line=node.lineno,
                bases=tuple(bases),
                methods=tuple(info.methods),
                tablename=info.tablename,
                abstract=info.abstract,
                db_table=info.db_table,
                app_label=info.app_label,
                column_fields=info.column_fields,
                django_fields=info.django_fields,
                relations=tuple(info.relations),
                route_base=info.route_base,
                resource_name=info.resource_name,
                include_routes=info.include_routes,
                exclude_routes=info.exclude_routes,
                datamodel=info.datamodel,
                constants=tuple(info.constants),
            )
        )

    # ----------------------------------------------------------------- uses

    def _visit_use(self, node: ast.expr, kind: str) -> None:
        """Record `node` as a use of `kind` if it is a name chain, then visit what is inside."""
        target = node.func if isinstance(node, ast.Call) else node
        chain = dotted(target)
        if chain is not None:
            name, *attrs = chain.split(".")
            use_kind = kind if kind != "reference" or not isinstance(node, ast.Call) else "call"
            self.uses[(name, tuple(attrs[:3]), use_kind)].append(node.lineno)
            if isinstance(node, ast.Call):
                self._visit_call_arguments(node)
            return
        self.visit(node)

    def _visit_call_arguments(self, node: ast.Call) -> None:
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            self._visit_value(keyword.arg, keyword.value)

    def _visit_value(self, key: str | None, value: ast.expr) -> None:
        documentation = key in DOCUMENTATION_KEYS
        self.depth_documentation += documentation
        self.visit(value)
        self.depth_documentation -= documentation

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:
                self.visit(key)
            self._visit_value(_literal_str(key), value)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.uses[(node.id, (), "reference")].append(node.lineno)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        chain = dotted(node)
        if chain is None:
            self.visit(node.value)
            return
        name, *attrs = chain.split(".")
        kind = "attribute" if isinstance(node.ctx, ast.Load) else "attribute_store"
        self.uses[(name, tuple(attrs[:3]), kind)].append(node.lineno)

    def visit_Call(self, node: ast.Call) -> None:
        self._table_helper_call(node)
        chain = dotted(node.func)
        if chain is None:
            self.generic_visit(node)
            return
        name, *attrs = chain.split(".")
        self.uses[(name, tuple(attrs[:3]), "call")].append(node.lineno)
        if node.args and any(isinstance(arg, ast.Name) for arg in node.args):
            self.calls.append((
                chain, tuple(arg.id if isinstance(arg, ast.Name) else None for arg in node.args),
                node.lineno))
        last = attrs[-1] if attrs else name
        self._inspect_call(node, chain, last)
        if last in WRITE_CONSTRUCTS:
            written = model_write(node, last)
            if written:
                self.model_writes.append((written, node.lineno))
        if node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            self._record_registry(node.args[0])  # Application([("/a", A), ...])
        self._visit_call_arguments(node)

    def _record_registry(self, node: ast.AST, name: str | None = None) -> None:
        start = len(self.route_decls)
        for route in registry_routes(node):
            self._add_route(REGISTRY_OWNER, route.path, route.methods, route.handler,
                            route.line, route.framework, route.path_node)
        if name is not None and len(self.route_decls) > start:
            self.registry_lists[name] = (start, len(self.route_decls))

    def visit_For(self, node: ast.For) -> None:
        """`for rule, view in rules: bp.add_url_rule(rule, view_func=view)`: the routes of the
        registry `rules` belong to `bp`, and the call in the loop is no unresolved route."""
        self.generic_visit(node)
        if not (isinstance(node.iter, ast.Name) and node.iter.id in self.registry_lists
                and isinstance(node.target, ast.Tuple) and node.target.elts
                and isinstance(node.target.elts[0], ast.Name)):
            return
        variable = node.target.elts[0].id
        for statement in node.body:
            call = statement.value if isinstance(statement, ast.Expr) else None
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in ("add_url_rule", "add_route", "add_api_route")
                    and call.args and isinstance(call.args[0], ast.Name)
                    and call.args[0].id == variable):
                continue
            owner = dotted(call.func.value)
            if owner is None:
                continue
            start, end = self.registry_lists[node.iter.id]
            for index in range(start, end):
                decl = self.route_decls[index]
                if decl.owner == REGISTRY_OWNER:
                    self.route_decls[index] = replace(decl, owner=owner)
            self.route_decls = [d for d in self.route_decls
                                if not (d.line == call.lineno and d.path is None)]
            self.registry_lists.pop(node.iter.id)  # indices change: one loop per registry
            return

    # ----------------------------------------------------------------- calls of interest

    def _table_helper_call(self, node: ast.Call) -> None:
        """`db.insert("accounts", row)`, `(conn or db).update("assets", a)`: a table write.

        Many codebases wrap their database in helpers that take the table name as the first
        argument (lnbits does). The receiver must look like a database handle, so that
        `items.insert(0, x)` or `cache.delete("users")` are not taken for tables.
        """
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in _TABLE_HELPERS and node.args):
            return
        table = _literal_str(node.args[0])
        if table is None or not _TABLE_NAME.fullmatch(table):
            return
        if any(_DB_HANDLE.fullmatch(name) for name in _names_in(func.value)):
            self.sql.append(RawSql(table, "write", node.lineno))

    def _inspect_call(self, node: ast.Call, chain: str, last: str) -> None:
        if last in ("import_module", "__import__") and node.args:
            target = _literal_str(node.args[0])
            if target:
                package = _literal_str(_keyword(node, "package"))
                if target.startswith("."):
                    level = len(target) - len(target.lstrip("."))
                    anchor = package or self.module
                    base = resolve_relative(anchor, package is not None or self.is_package,
                                            level, target.lstrip(".") or None)
                    if base:
                        self._add_import(node.lineno, base, None, None, dynamic=True)
                else:
                    self._add_import(node.lineno, target, None, None, dynamic=True)
            else:
                self.dynamic_unresolved.append(node.lineno)
        elif last in ("add_resource", "add_route", "connect") and "." in chain:
            owner = chain.rsplit(".", 1)[0]
            for route in call_routes(node, last):
                self._add_route(owner, route.path, route.methods, route.handler, route.line,
                                route.framework, route.path_node)
        elif last in ("register_blueprint", "include_router") and node.args and "." in chain:
            target = dotted(node.args[0])
            if target:
                prefix_node = _keyword(node, "url_prefix" if last == "register_blueprint"
                                       else "prefix")
                prefix = _prefix(prefix_node) if prefix_node is not None else None
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], target, prefix, node.lineno)
                )
        elif last in ("add_url_rule", "add_api_route", "add_api_websocket_route") and "." in chain:
            self._record_route_call(node, chain, last)
        elif last == "register" and "." in chain and len(node.args) >= 2:
            prefix, viewset = _literal_str(node.args[0]), dotted(node.args[1])
            if prefix is not None and viewset:  # DRF: router.register("users", UserViewSet)
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], viewset, prefix, node.lineno))
        elif _keyword(node, "view_func") is not None and node.args and "." not in chain:
            self._record_route_helper(node)
        elif last in ("map_imperatively", "mapper") and len(node.args) >= 2:
            mapped, table = dotted(node.args[0]), dotted(node.args[1])
            if mapped and table:  # classical SQLAlchemy mapping: mapper(Class, table)
                self.mappings.append((mapped, table, node.lineno))
        elif last == "get_model" and len(node.args) >= 2:
            app_label, model = _literal_str(node.args[0]), _literal_str(node.args[1])
            if app_label and model:
                self.model_lookups.append((app_label, model, node.lineno))
        elif last == "Table" and len(node.args) >= 2:
            table = _literal_str(node.args[0])
            if table and not any(t.line == node.lineno and t.table == table
                                 for t in self.table_objects):
                self.table_objects.append(RawTableObject(None, table, node.lineno))

    def _record_route_call(self, node: ast.Call, chain: str, last: str) -> None:
        owner = chain.rsplit(".", 1)[0]
        path = _literal_str(node.args[0]) if node.args else _literal_str(
            _keyword(node, "rule") or _keyword(node, "path")
        )
        view: ast.expr | None
        if last == "add_url_rule":
            view = _keyword(node, "view_func") or (node.args[2] if len(node.args) > 2 else None)
            framework = "flask"
        else:
            view = _keyword(node, "endpoint") or (node.args[1] if len(node.args) > 1 else None)
            framework = "fastapi"
        handler = "<unknown>"
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute):
            handler = dotted(view.func.value) or handler  # View.as_view("name")
        elif view is not None:
            handler = dotted(view) or handler
        methods = _literal_strings(_keyword(node, "methods")) or (
            ("WEBSOCKET",) if last == "add_api_websocket_route" else ()
        )
        self._add_route(owner, path, methods, handler, node.lineno, framework,
                        node.args[0] if node.args else None)

    def _record_route_helper(self, node: ast.Call) -> None:
        """`register_view(bp, routes=["/a", "/b"], view_func=V)`: a helper around add_url_rule."""
        owner = dotted(node.args[0])
        rules = _keyword(node, "routes") or _keyword(node, "rules") or (
            node.args[1] if len(node.args) > 1 else None)
        paths = _literal_strings(rules)
        if owner is None or paths is None:
            return
        view = _keyword(node, "view_func")
        handler = "<unknown>"
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute):
            handler = dotted(view.func.value) or handler
        elif view is not None:
            handler = dotted(view) or handler
        methods = _literal_strings(_keyword(node, "methods")) or ()
        for path in paths:
            self._add_route(owner, path, methods, handler, node.lineno, "flask", None)

    def _record_route_decorator(
        self, decorator: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> None:
        if not isinstance(decorator, ast.Call):
            return
        func = decorator.func
        handler = ".".join([*self.scope, function.name])
        if isinstance(func, ast.Name) and func.id in ("expose", "expose_api"):
            path_node = decorator.args[0] if decorator.args else _keyword(decorator, "url")
            methods = _literal_strings(_keyword(decorator, "methods")) or ("GET",)
            path = _literal_str(path_node) if path_node is not None else "/"
            self._add_route("<class>", path, methods, handler, function.lineno, "fab", path_node)
            return
        if not isinstance(func, ast.Attribute) or func.attr not in ROUTE_DECORATORS:
            return
        owner = dotted(func.value)
        if owner is None:
            return
        framework, default_methods = ROUTE_DECORATORS[func.attr]
        methods = _literal_strings(_keyword(decorator, "methods")) or default_methods
        path_node = decorator.args[0] if decorator.args else (
            _keyword(decorator, "rule") or _keyword(decorator, "path")
        )
        if func.attr == "get" and not decorator.args and path_node is None:
            return  # `x.get()` decorator without a path is no route (e.g. cache.get())
        self._add_route(owner, _literal_str(path_node), methods, handler,
                        function.lineno, framework, path_node)

    def _add_route(self, owner: str, path: str | None, methods: tuple[str, ...], handler: str,
                   line: int, framework: str, path_node: ast.AST | None) -> None:
        reason = ""
        if path is None:
            reason = "path is not a literal: " + (
                ast.unparse(path_node)[:80] if isinstance(path_node, ast.AST) else "missing"
            )
        param = None
        if self.params and owner in self.params[-1][1]:
            function, names = self.params[-1]
            param = (function, names.index(owner))
        self.route_decls.append(
            RawRouteDecl(owner, path, tuple(m.upper() for m in methods), handler, line,
                         framework, reason, param)
        )

    # ----------------------------------------------------------------- assignments

    def visit_Assign(self, node: ast.Assign) -> None:
        if not self.scope:
            for target in node.targets:
                self._record_module_assignment(target, node.value)
        elif isinstance(node.targets[0], ast.Name):
            # Routers made inside an app factory: `def init(app): bp = Blueprint(...)`.
            self._record_router(node.targets[0].id, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not self.scope and node.value is not None:
            self._record_module_assignment(node.target, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if not self.scope and isinstance(node.target, ast.Name):
            if node.target.id == "urlpatterns":
                self.urlpatterns.extend(_url_patterns(node.value))
            elif node.target.id == "__all__" and self.all_names is not None:
                extra = _literal_strings(node.value)
                if extra is not None:
                    self.all_names = self.all_names + extra
        self.generic_visit(node)

    def _record_module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name):
            if isinstance(target, ast.Tuple):
                self.defined.extend(t.id for t in target.elts if isinstance(t, ast.Name))
            return
        name = target.id
        self.defined.append(name)
        if name == "__all__":
            self.all_names = _literal_strings(value)
        elif name == "urlpatterns":
            self.urlpatterns.extend(_url_patterns(value))
        elif isinstance(value, ast.List | ast.Tuple | ast.Call | ast.BinOp):
            patterns = _url_patterns(value)
            if patterns:
                self.pattern_lists.append((name, tuple(patterns)))
            elif isinstance(value, ast.List | ast.Tuple):
                self._record_registry(value, name)  # routes = [("/a", A), ...]
        elif isinstance(value, ast.Dict):
            self._record_registry(value, name)  # ROUTES = {"/a": A, ...}
        elif name in SETTINGS and (literal := _literal_str(value)) is not None:
            self.settings.append((name, literal))
        self._record_router(name, value)
        if isinstance(value, ast.Call):
            constructor = (dotted(value.func) or "").split(".")[-1]
            if constructor == "Table" and len(value.args) >= 2:
                table = _literal_str(value.args[0])
                if table:
                    self.table_objects.append(RawTableObject(name, table, value.lineno))

    def _record_router(self, name: str, value: ast.expr) -> None:
        if not isinstance(value, ast.Call):
            return
        kind = ROUTER_CONSTRUCTORS.get((dotted(value.func) or "").split(".")[-1])
        if kind is None:
            return
        prefix_node = _keyword(value, "url_prefix" if kind == "blueprint" else "prefix")
        if kind == "fastapi_app":
            prefix_node = _keyword(value, "root_path")
        prefix = _prefix(prefix_node) if prefix_node is not None else ""
        self.routers.append(RawRouter(name, kind, prefix or "", value.lineno))

    # ----------------------------------------------------------------- strings (SQL)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a string used as a comment: prose, never executed SQL
        self.visit(node.value)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and len(node.value) > 12:
            self._scan_sql(node.value, node.lineno)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append("{}")
                if isinstance(value, ast.FormattedValue):
                    self.visit(value.value)
        text = "".join(parts)
        if len(text) > 12:
            self._scan_sql(text, node.lineno)

    def _scan_sql(self, text: str, line: int) -> None:
        if self.depth_documentation:
            return  # `example="SELECT value FROM time_series_table"` documents, never runs
        for table, op in tables_in_sql(text):
            self.sql.append(RawSql(table, op, line))


class _ClassInfo:
    """What a class body says about ORM tables, Django meta and views."""

    def __init__(self) -> None:
        self.methods: list[str] = []
        self.tablename: str | None = None
        self.abstract = False
        self.db_table: str | None = None
        self.app_label: str | None = None
        self.column_fields = 0
        self.django_fields = 0
        self.relations: list[tuple[str, int]] = []
        self.route_base: str | None = None
        self.resource_name: str | None = None
        self.include_routes: tuple[str, ...] | None = None
        self.exclude_routes: tuple[str, ...] | None = None
        self.datamodel = False
        self.constants: list[tuple[str, tuple[str, ...]]] = []

    def inspect(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            self.methods.append(statement.name)
        elif isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            for item in statement.body:
                if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
                    key = item.targets[0].id
                    if key == "db_table":
                        self.db_table = _literal_str(item.value)
                    elif key == "app_label":
                        self.app_label = _literal_str(item.value)
                    elif key == "abstract":
                        self.abstract = _is_true(item.value)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            if not isinstance(target, ast.Name):
                return
            value = statement.value
            if target.id == "__tablename__":
                self.tablename = _literal_str(value)
            elif target.id == "__abstract__":
                self.abstract = value is not None and _is_true(value)
            elif target.id == "route_base":
                self.route_base = _literal_str(value)
            elif target.id == "resource_name":
                self.resource_name = _literal_str(value)
            elif target.id in ("include_route_methods", "exclude_route_methods"):
                terms = _string_set_terms(value) if value is not None else None
                if target.id == "include_route_methods":
                    self.include_routes = terms if terms is not None else ("?",)
                else:
                    self.exclude_routes = terms if terms is not None else ("?",)
            elif target.id == "datamodel":
                self.datamodel = value is not None
            elif value is not None and target.id.isupper():
                terms = _string_set_terms(value)
                if terms is not None:
                    self.constants.append((target.id, terms))
            if isinstance(statement, ast.AnnAssign) and _is_mapped(statement.annotation):
                self.column_fields += 1
            if isinstance(value, ast.Call):
                self._inspect_field(value)

    def _inspect_field(self, call: ast.Call) -> None:
        func = (dotted(call.func) or "").split(".")[-1]
        if func in COLUMN_CALLS:
            self.column_fields += 1
        elif func.endswith("Field") or func in RELATION_CALLS:
            self.django_fields += 1
        if func in RELATION_CALLS and call.args:
            first = call.args[0]
            target = _literal_str(first) or dotted(first)
            if target:
                self.relations.append((target, call.lineno))
        if func == "Column" or func == "mapped_column":
            for arg in call.args:
                if isinstance(arg, ast.Call) and (dotted(arg.func) or "").endswith("ForeignKey"):
                    target = _literal_str(arg.args[0]) if arg.args else None
                    if target:
                        self.relations.append(("table:" + target, arg.lineno))


def _prefix(node: ast.expr) -> str | None:
    """A literal URL prefix, or `{expression}` for one computed at run time (None for None)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    return "{" + RUNTIME_PREFIX_MARK + ast.unparse(node)[:60] + "}"


def _is_mapped(annotation: ast.expr) -> bool:
    """`Mapped[int]` or `orm.Mapped[int]`: an SQLAlchemy 2.0 mapped column."""
    if isinstance(annotation, ast.Subscript):
        return (dotted(annotation.value) or "").split(".")[-1] == "Mapped"
    return False


def _is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _view_name(node: ast.expr) -> str | None:
    """`views.x`, `View.as_view()` or `wrapper(...)` around either, as a dotted name."""
    for _ in range(5):
        if not isinstance(node, ast.Call):
            return dotted(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "as_view":
            return dotted(node.func.value)
        if not node.args:
            return dotted(node.func)
        node = node.args[0]
    return None


def _url_patterns(node: ast.expr) -> list[RawUrlPattern]:
    """Django URL patterns in a list, a sum of lists, or a call such as i18n_patterns(...)."""
    if isinstance(node, ast.BinOp):
        return _url_patterns(node.left) + _url_patterns(node.right)
    if isinstance(node, ast.Attribute) and node.attr == "urls" and dotted(node):
        return [RawUrlPattern("", False, None, "@" + (dotted(node) or ""), node.lineno)]
    elements: list[ast.expr]
    if isinstance(node, ast.List | ast.Tuple):
        elements = list(node.elts)
    elif isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("_patterns"):
        listed = [p for arg in node.args for p in _url_patterns(ast.List(elts=[arg]))]
        if (dotted(node.func) or "").endswith("i18n_patterns"):  # adds the language prefix
            return [RawUrlPattern("<lang>/", False, None, None, node.lineno, tuple(listed))]
        return listed
    else:
        return []
    patterns: list[RawUrlPattern] = []
    for element in elements:
        if not isinstance(element, ast.Call):
            continue
        func = (dotted(element.func) or "").split(".")[-1]
        route_node = element.args[0] if element.args else _keyword(element, "route")
        if func not in DJANGO_URL_FUNCS or route_node is None:
            continue
        route = _literal_str(route_node)  # re_path(route="^a/$", view=v) as well
        view_node = element.args[1] if len(element.args) > 1 else _keyword(element, "view")
        view: str | None = None
        include: str | None = None
        nested: tuple[RawUrlPattern, ...] = ()
        if isinstance(view_node, ast.Call):
            inner = (dotted(view_node.func) or "").split(".")[-1]
            if inner == "include" and view_node.args:
                first = view_node.args[0]
                if isinstance(first, ast.Tuple) and first.elts:
                    first = first.elts[0]
                if isinstance(first, ast.List | ast.Tuple):
                    nested = tuple(_url_patterns(first))
                else:
                    include = _literal_str(first) or (
                        "@" + (dotted(first) or "") if dotted(first) else None
                    )
            elif inner == "as_view" and isinstance(view_node.func, ast.Attribute):
                view = dotted(view_node.func.value)
            elif view_node.args:
                view = _view_name(view_node.args[0])  # a wrapped view: csrf_exempt(views.x)
            else:
                view = dotted(view_node.func)
        elif view_node is not None:
            view = dotted(view_node)
        patterns.append(
            RawUrlPattern(route, DJANGO_URL_FUNCS[func], view, include, element.lineno, nested)
        )
    return patterns


def extract_facts(tree: ast.Module, module: str, is_package: bool, text: str) -> FileFacts:
    """All facts of one parsed module."""
    loc, lines = count_loc(text)
    collector = _Collector(module, is_package)
    problems: list[Problem] = []
    try:
        for statement in tree.body:
            collector.visit(statement)
    except RecursionError:
        collector = _Collector(module, is_package)
        problems.append(Problem("", 1, "nesting too deep for a full analysis: imports only",
                                "warning"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                collector.visit_Import(node)
            elif isinstance(node, ast.ImportFrom):
                collector.visit_ImportFrom(node)
    bound = {raw.alias for raw in collector.imports if raw.alias}
    passable = bound | {router.var for router in collector.routers}
    router_calls = tuple(RawRouterCall(function, args, line)
                         for function, args, line in collector.calls
                         if any(arg in passable for arg in args if arg))
    keep_all = any(raw.star for raw in collector.imports)
    # The module's own model classes and Table objects: using them here makes this module
    # an accessor of their tables (`secondary=tags`, `session.get(User, id)` in a method).
    local = {cls.name for cls in collector.classes if "." not in cls.name} | {
        obj.var for obj in collector.table_objects if obj.var}
    uses = tuple(
        (name, attrs, kind, tuple(found))
        for (name, attrs, kind), found in collector.uses.items()
        if keep_all or name in bound or (name in local and name not in bound)
    )
    return FileFacts(
        loc=loc,
        lines=lines,
        imports=tuple(collector.imports),
        uses=uses,
        defined=tuple(dict.fromkeys(collector.defined)),
        all_names=collector.all_names,
        classes=tuple(collector.classes),
        routers=tuple(collector.routers),
        route_decls=tuple(collector.route_decls),
        registers=tuple(collector.registers),
        router_calls=router_calls,
        urlpatterns=tuple(collector.urlpatterns),
        pattern_lists=tuple(collector.pattern_lists),
        sql=tuple(collector.sql),
        table_objects=tuple(collector.table_objects),
        model_lookups=tuple(collector.model_lookups),
        mappings=tuple(collector.mappings),
        settings=tuple(collector.settings),
        problems=tuple(collector.problems) + tuple(problems),
        model_writes=tuple(collector.model_writes),
        dynamic_unresolved=tuple(collector.dynamic_unresolved),
    )
