"""Flask, FastAPI and Flask-AppBuilder routes as written in one file: routers (`Blueprint`,
`APIRouter`, ...), route decorators and `add_url_rule`-style calls, router registrations
(`register_blueprint`, `include_router`, `mount`, DRF `router.register`, Flask-RESTX
`add_namespace`), Flask-RESTX namespaces and `@ns.route` on Resource classes, route registries
(lists and dicts of paths, `add_resource`, loops over them), and calls that pass a router to a
function."""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from strangler.model import (
    RUNTIME_PREFIX_MARK,
    RawClassCall,
    RawRegister,
    RawRouteDecl,
    RawRouter,
    RawViewRegistrar,
)
from strangler.parse.facts.django import url_patterns
from strangler.parse.facts.imports import DYNAMIC_IMPORTS
from strangler.parse.facts.routes_pyramid import PYRAMID_CALLS, PyramidRoutes
from strangler.parse.facts.routes_webpy import class_route, table_routes, url_table
from strangler.parse.facts.syntax import (
    dotted,
    is_view_helper,
    keyword,
    literal_str,
    literal_strings,
    url_prefix,
)
from strangler.parse.facts.walk import Collector, Walk
from strangler.parse.registries import (
    REGISTRY_OWNER,
    Submapper,
    call_routes,
    registry_routes,
    starlette_routes,
)

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

# The owner of a route a class serves itself (its methods decorated with a bare `route`).
SELF_ROUTER = "<self>"
# Flask-Classful (and its predecessor Flask-Classy): a `FlaskView` subclass serves its
# public methods by name, the special ones by HTTP method (`index` at the base, `get` with
# its arguments, `post`...), under `route_base` or the class name without `View`.
CLASSFUL_MODULES = frozenset({"flask_classful", "flask_classy"})
CLASSFUL_SPECIAL = {"index": ("GET", False), "get": ("GET", True), "post": ("POST", False),
                    "put": ("PUT", True), "patch": ("PATCH", True), "delete": ("DELETE", True)}
_CAMEL_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Flask-RESTX / Flask-RESTPlus / Flask-RESTful: `Namespace` and `Api` are routers only when
# imported from one of these (the names are too common to trust alone).
RESTX_MODULES = frozenset({"flask_restx", "flask_restplus", "flask_restful"})
RESTX_ROUTERS = {"Namespace": "restx_namespace", "Api": "restx_api"}

# Applications and routers that take a Starlette route list as `routes=`.
STARLETTE_APPS = frozenset({"Starlette", "Router", "FastAPI", "APIRouter"})

# A project's own wrapper of Flask-RESTful's add_resource (`api.add_org_resource(Alert,
# "/api/alerts/<id>")`): the same arguments, checked the same way (a class, path literals).
RESOURCE_ADDER = re.compile(r"^add_\w+_resource$")
# A project's own router class (`class NetBoxRouter(DefaultRouter)`) is usually named like
# its base: such constructions are kept as candidates the linker checks against the bases.
CANDIDATE_SUFFIXES = ("Router", "Blueprint", "Flask", "FastAPI")


class RouteFacts(Collector):
    """routers, route_decls, registers, and the candidates for router_calls."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.routers: list[RawRouter] = []
        self.route_decls: list[RawRouteDecl] = []
        self.registers: list[RawRegister] = []
        self.runtime_registers: list[RawRegister] = []  # DRF, prefix computed
        # (function, positional names, line): candidates for `router_calls`, filtered when the
        # file is done (most calls pass no router; plain tuples keep this hot path cheap)
        self.calls: list[tuple[str, tuple[str | None, ...], int]] = []
        self.registry_lists: dict[str, tuple[int, int]] = {}  # name -> route_decls slice
        self._restx: set[str] = set()  # names bound to Flask-RESTX's modules or classes
        self._constants: dict[str, str] = {}  # module-level string constants
        self._submapper: Submapper | None = None  # the last Routes `submapper(...)` seen
        # View registrars (`@classmethod def register(cls, bp): bp.add_url_rule(...,
        # view_func=cls.as_view(...))`) and the calls on classes that may use them
        self.view_registrars: list[RawViewRegistrar] = []
        self.class_calls: list[RawClassCall] = []
        self._classes: set[str] = set()  # top-level classes
        self._classmethods: dict[tuple[str, str], tuple[str, ...]] = {}  # -> positional names
        self._class_views: set[tuple[tuple[str, ...], str]] = set()  # (scope, `v = cls.as_view()`)
        self.pyramid = PyramidRoutes(self._constants)  # Pyramid and Cornice
        # Routes a class serves itself (`@route("/users")` on the methods of a Blueprint
        # subclass or a Flask-Classful view): the class scopes, those that declared such
        # routes, and each class's own prefix (`super().__init__(..., url_prefix=)`,
        # `route_base =`)
        self._class_scopes: set[tuple[str, ...]] = set()
        self._self_routes: set[tuple[str, ...]] = set()
        self._class_prefix: dict[tuple[str, ...], str] = {}
        self._classful_bases: set[str] = set()  # names bound to FlaskView here
        self._classful: dict[tuple[str, ...], str] = {}  # class scope -> its default base
        # web.py URL tables by variable, until `web.application(urls, ...)` serves one
        self._webpy_tables: dict[str, list[tuple[str, str, int]]] = {}
        self._webpy_served: set[str] = set()  # names an application serves, no table yet

    # ----------------------------------------------------------------- classes

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if not self.walk.scope:
            self._classes.add(node.name)
        if (declared := class_route(node, ".".join([*self.walk.scope, node.name]))):
            self.route_decls.append(declared)
        self._class_scopes.add((*self.walk.scope, node.name))
        if self._classful_bases and any(dotted(base) in self._classful_bases
                                        for base in node.bases):
            self._classful[(*self.walk.scope, node.name)] = classful_route_base(node.name)

    def leave_ClassDef(self, node: ast.ClassDef) -> None:
        self.pyramid.leave_class(".".join([*self.walk.scope, node.name]), self.route_decls)
        scope = (*self.walk.scope, node.name)
        self._class_scopes.discard(scope)
        prefix = self._class_prefix.pop(scope, self._classful.pop(scope, ""))
        prefix = prefix if prefix.startswith("{") else prefix.strip("/")
        declared = scope in self._self_routes
        self._self_routes.discard(scope)
        if not declared or not prefix:
            return
        start = prefix if prefix.startswith("{") else f"/{prefix}"
        # (found by handler, not by position: a loop over a registry rewrites route_decls)
        qualified = ".".join(scope)
        for index, decl in enumerate(self.route_decls):
            if decl.owner == SELF_ROUTER and decl.path is not None \
                    and decl.handler.rpartition(".")[0] == qualified:
                self.route_decls[index] = replace(decl, path=start + decl.path)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        self.pyramid.enter_with(node)

    def leave_With(self, node: ast.With | ast.AsyncWith) -> None:
        self.pyramid.leave_with()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        scope = self.walk.scope
        if scope:
            self.pyramid.method(".".join(scope), node.name)
        if self._classful and tuple(scope) in self._classful:
            self._classful_method(node)
        if len(scope) == 1 and scope[0] in self._classes and any(
                isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list):
            positional = node.args.posonlyargs + node.args.args
            if len(positional) >= 2:
                self._classmethods[(scope[0], node.name)] = tuple(a.arg for a in positional)

    # ----------------------------------------------------------------- decorators

    def decorator(self, decorator: ast.expr,
                  function: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if not isinstance(decorator, ast.Call):
            return
        func = decorator.func
        handler = ".".join([*self.walk.scope, function.name])
        if isinstance(function, ast.ClassDef):
            if not self.pyramid.class_decorator(decorator, handler, function.lineno):
                self._class_route(decorator, handler, function.lineno)
            return
        owner = dotted(func.value) if isinstance(func, ast.Attribute) else None
        if self.pyramid.decorator(decorator, owner, handler, self.walk.scope, function.lineno,
                                  self.route_decls):
            return
        if isinstance(func, ast.Name) and func.id in ("expose", "expose_api"):  # FAB
            path_node = decorator.args[0] if decorator.args else keyword(decorator, "url")
            methods = literal_strings(keyword(decorator, "methods")) or ("GET",)
            path = literal_str(path_node) if path_node is not None else "/"
            self._add_route("<class>", path, methods, handler, function.lineno, "fab", path_node)
            return
        if isinstance(func, ast.Name) and func.id == "route" \
                and tuple(self.walk.scope) in self._class_scopes:
            self._self_route(decorator, handler, function.lineno)
            return
        if not isinstance(func, ast.Attribute) or func.attr not in ROUTE_DECORATORS:
            return
        owner = dotted(func.value)
        if owner is None:
            return
        framework, default_methods = ROUTE_DECORATORS[func.attr]
        methods = literal_strings(keyword(decorator, "methods")) or default_methods
        path_node = decorator.args[0] if decorator.args else (
            keyword(decorator, "rule") or keyword(decorator, "path")
        )
        if func.attr == "get" and not decorator.args and path_node is None:
            return  # `x.get()` decorator without a path is no route (e.g. cache.get())
        self._add_route(owner, literal_str(path_node), methods, handler,
                        function.lineno, framework, path_node)

    def _self_route(self, decorator: ast.Call, handler: str, line: int) -> None:
        """`@route("/users", methods=[...])` on a method: the class is the router (a Blueprint
        subclass registering its decorated methods, a Flask-Classful view); its prefix is
        added when the class ends."""
        path = literal_str(decorator.args[0]) if decorator.args else None
        if path is None or not path.startswith("/"):
            return
        methods = literal_strings(keyword(decorator, "methods")) or ("GET",)
        scope = tuple(self.walk.scope)
        self._self_routes.add(scope)
        self._add_route(SELF_ROUTER, path, methods, handler, line, "flask", None)

    def _classful_method(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """A Flask-Classful view's public method without a `route` decorator: a route by
        its name (`index` -> `/`, `get(id)` -> `/<id>`, `stats()` -> `/stats/`)."""
        if node.name.startswith("_") or any(
                isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod", "property")
                or isinstance(d, ast.Call) and isinstance(d.func, ast.Name)
                and d.func.id == "route" for d in node.decorator_list):
            return
        arguments = "".join(f"/<{a.arg}>" for a in (node.args.posonlyargs + node.args.args)[1:])
        method, with_arguments = CLASSFUL_SPECIAL.get(node.name, ("GET", True))
        if node.name in CLASSFUL_SPECIAL:
            path = arguments if with_arguments and arguments else "/"
        else:
            path = f"/{node.name}/" + arguments.lstrip("/")
        scope = tuple(self.walk.scope)
        self._self_routes.add(scope)
        self._add_route(SELF_ROUTER, path, (method,), ".".join([*scope, node.name]),
                        node.lineno, "flask", None)

    def _class_route(self, decorator: ast.Call, handler: str, line: int) -> None:
        """`@ns.route("/a", "/b")` on a Flask-RESTX Resource class: one route per path, the
        methods those of the class."""
        func = decorator.func
        owner = dotted(func.value) if isinstance(func, ast.Attribute) else None
        if owner is None or not isinstance(func, ast.Attribute) or func.attr != "route":
            return
        methods = literal_strings(keyword(decorator, "methods")) or ()
        paths: list[ast.expr | None] = list(decorator.args) or [None]
        for path_node in paths:
            self._add_route(owner, literal_str(path_node) if path_node is not None else None,
                            methods, handler, line, "flask", path_node)

    # ----------------------------------------------------------------- imports

    def visit_Import(self, node: ast.Import) -> None:
        for item in node.names:
            if item.name in CLASSFUL_MODULES:
                self._classful_bases.add(f"{item.asname or item.name}.FlaskView")
            if item.name in RESTX_MODULES:
                self._restx.add(item.asname or item.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module in CLASSFUL_MODULES:
            self._classful_bases.update(item.asname or item.name for item in node.names
                                        if item.name == "FlaskView")
        if node.level == 0 and node.module and node.module.split(".")[0] in RESTX_MODULES:
            self._restx.update(item.asname or item.name for item in node.names
                               if item.name in RESTX_ROUTERS)

    def _restx_kind(self, constructor: str) -> str | None:
        """The router kind of a Flask-RESTX `Namespace(...)`/`Api(...)` construction."""
        head, _, last = constructor.rpartition(".")
        if last not in RESTX_ROUTERS:
            return None
        known = head in self._restx if head else constructor in self._restx
        return RESTX_ROUTERS[last] if known else None

    # ----------------------------------------------------------------- calls

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if chain is None or last is None:
            if len(self.walk.scope) >= 2 and self.walk.scope[-1] == "__init__" \
                    and isinstance(func := node.func, ast.Attribute) \
                    and func.attr == "__init__" and isinstance(func.value, ast.Call) \
                    and dotted(func.value.func) == "super" \
                    and (prefix := literal_str(keyword(node, "url_prefix"))) is not None:
                self._class_prefix[tuple(self.walk.scope[:-1])] = prefix
            return
        if last == "application" and node.args and isinstance(node.args[0], ast.Name):
            # web.application(urls, globals()): the table now, or once it is written below
            if (table := self._webpy_tables.pop(node.args[0].id, None)) is not None:
                self.route_decls.extend(table_routes(table))
            else:
                self._webpy_served.add(node.args[0].id)
        if last in PYRAMID_CALLS and "." in chain:
            params = self.walk.params
            self.pyramid.call(node, chain, last, params[-1][0] if params else None,
                              self.route_decls)
        if node.args and any(isinstance(arg, ast.Name) for arg in node.args):
            self.calls.append((
                chain, tuple(arg.id if isinstance(arg, ast.Name) else None for arg in node.args),
                node.lineno))
        if node.args and len(node.args) <= 4 and chain.count(".") >= 1 \
                and chain.rsplit(".", 2)[-2][:1].isupper():
            args = tuple(dotted(arg) for arg in node.args)
            if any(args):  # `TableView.register_node_view(blueprint)`
                self.class_calls.append(RawClassCall(chain, args, node.lineno))
        if last in DYNAMIC_IMPORTS and node.args:
            pass  # an import, not a route
        elif (last in ("add_resource", "add_route", "connect") or RESOURCE_ADDER.match(last)) \
                and "." in chain:
            owner = chain.rsplit(".", 1)[0]
            wrapper = last not in ("add_resource", "add_route", "connect")
            # (a `connect` on a name other than the mapper's follows the last submapper's
            # block: `with rmap.submapper(...) as m: m.connect(...)`)
            block = self._submapper if self._submapper is not None and last == "connect" \
                and owner != self._submapper.owner else None
            found = call_routes(node, "add_resource" if wrapper else last, block)
            if wrapper and not all(route.path is not None for route in found):
                found = []  # `add_views_to_resource(context, data)`: not a registration
            for route in found:
                self._add_route(owner, route.path, route.methods, route.handler, route.line,
                                route.framework, route.path_node)
        elif last == "submapper" and "." in chain:
            self._submapper = self._routes_submapper(chain.rsplit(".", 1)[0], node)
        elif last in ("register_blueprint", "include_router") and node.args and "." in chain:
            target = dotted(node.args[0])
            if target:
                prefix_node = keyword(node, "url_prefix" if last == "register_blueprint"
                                      else "prefix")
                prefix = url_prefix(prefix_node) if prefix_node is not None else None
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], target, prefix, node.lineno)
                )
        elif last == "mount" and "." in chain and node.args:
            # FastAPI/Starlette: app.mount("/api", sub_app) (a StaticFiles(...) is no router)
            target_node = node.args[1] if len(node.args) > 1 else keyword(node, "app")
            target = dotted(target_node) if target_node is not None else None
            prefix = url_prefix(node.args[0])
            if target and prefix is not None:
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], target, prefix, node.lineno))
        elif last == "add_namespace" and node.args and "." in chain:
            target = dotted(node.args[0])  # Flask-RESTX: api.add_namespace(ns, "/path")
            path_node = node.args[1] if len(node.args) > 1 else keyword(node, "path")
            if target:
                prefix = url_prefix(path_node) if path_node is not None else None
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], target, prefix, node.lineno))
        elif last in ("add_url_rule", "add_api_route", "add_api_websocket_route") and "." in chain:
            self._route_call(node, chain, last)
        elif last == "register" and "." in chain and len(node.args) >= 2:
            prefix, viewset = literal_str(node.args[0]), dotted(node.args[1])
            if prefix is not None and viewset:  # DRF: router.register("users", UserViewSet)
                self.registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], viewset, prefix, node.lineno))
            elif viewset and _derived_from(node.args[0], viewset):
                # `router.register(viewset.urlpattern(), viewset)`: the prefix is read from
                # the viewset, registered at run time (in a loop or method over viewsets)
                self.runtime_registers.append(
                    RawRegister(chain.rsplit(".", 1)[0], viewset, None, node.lineno))
        elif is_view_helper(node, chain):
            self._route_helper(node)
        if node.args and isinstance(node.args[0], ast.List | ast.Tuple):
            self._registry(node.args[0])  # Application([("/a", A), ...])
        if last in STARLETTE_APPS and (inline := keyword(node, "routes")) is not None:
            self._registry(inline)  # Starlette(routes=[Route("/a", a), ...])

    def _routes_submapper(self, owner: str, node: ast.Call) -> Submapper:
        """A Routes `mapper.submapper(path_prefix=..., controller=...)`: its controller and
        its prefix (a literal or module constant, else marked as known at run time)."""
        controller = literal_str(keyword(node, "controller"))
        prefix_node = keyword(node, "path_prefix")
        prefix = ""
        if prefix_node is not None:
            name = dotted(prefix_node)
            known = literal_str(prefix_node) if name is None else self._constants.get(name)
            prefix = (known.rstrip("/") if known is not None
                      else "{" + RUNTIME_PREFIX_MARK + (name or "prefix") + "}")
        return Submapper(owner, controller, prefix)

    def _route_call(self, node: ast.Call, chain: str, last: str) -> None:
        owner = chain.rsplit(".", 1)[0]
        if last == "add_url_rule" and self._registrar(node, owner):
            return
        path = literal_str(node.args[0]) if node.args else literal_str(
            keyword(node, "rule") or keyword(node, "path")
        )
        view: ast.expr | None
        if last == "add_url_rule":
            view = keyword(node, "view_func") or (node.args[2] if len(node.args) > 2 else None)
            framework = "flask"
        else:
            view = keyword(node, "endpoint") or (node.args[1] if len(node.args) > 1 else None)
            framework = "fastapi"
        methods = literal_strings(keyword(node, "methods")) or (
            ("WEBSOCKET",) if last == "add_api_websocket_route" else ()
        )
        self._add_route(owner, path, methods, _handler(view), node.lineno, framework,
                        node.args[0] if node.args else None)

    def _registrar(self, node: ast.Call, owner: str) -> bool:
        """Whether an `add_url_rule` call registers the class of the classmethod it is in on
        a router the method is passed (`bp.add_url_rule(rule, view_func=cls.as_view(n))`, or
        a `view = cls.as_view(n)` before it): then a view registrar, whose routes are the
        calls' (`TableView.register_node_view(blueprint)`, linked), not a route here."""
        scope = self.walk.scope
        params = self._classmethods.get((scope[0], scope[1])) if len(scope) >= 2 else None
        if params is None or owner not in params[1:]:
            return False
        view = keyword(node, "view_func") or (node.args[2] if len(node.args) > 2 else None)
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute) \
                and view.func.attr == "as_view" and isinstance(view.func.value, ast.Name):
            own = view.func.value.id == params[0]
        else:
            own = isinstance(view, ast.Name) and (tuple(scope), view.id) in self._class_views
        if not own:
            return False
        path = literal_str(node.args[0]) if node.args else literal_str(keyword(node, "rule"))
        methods = tuple(m.upper() for m in literal_strings(keyword(node, "methods")) or ())
        self.view_registrars.append(RawViewRegistrar(
            scope[0], scope[1], params.index(owner) - 1, path, methods, node.lineno))
        return True

    def _route_helper(self, node: ast.Call) -> None:
        """`register_view(bp, routes=["/a", "/b"], view_func=V)`: a helper around add_url_rule."""
        owner = dotted(node.args[0])
        rules = keyword(node, "routes") or keyword(node, "rules") or (
            node.args[1] if len(node.args) > 1 else None)
        paths = literal_strings(rules)
        if owner is None or paths is None:
            return
        handler = _handler(keyword(node, "view_func"))
        methods = literal_strings(keyword(node, "methods")) or ()
        for path in paths:
            self._add_route(owner, path, methods, handler, node.lineno, "flask", None)

    def _add_route(self, owner: str, path: str | None, methods: tuple[str, ...], handler: str,
                   line: int, framework: str, path_node: ast.AST | None) -> None:
        reason = ""
        if path is None and isinstance(path_node, ast.Call) and len(path_node.args) == 1 \
                and (inner := literal_str(path_node.args[0])) is not None \
                and inner.startswith("/") and (func := dotted(path_node.func)):
            # `org_scoped_rule("/login")`: a literal path a helper prefixes at run time
            path = "{" + RUNTIME_PREFIX_MARK + func + "}" + inner
        if path is None and isinstance(path_node, ast.BinOp) \
                and isinstance(path_node.op, ast.Add) \
                and (tail := literal_str(path_node.right)) is not None and tail.startswith("/") \
                and (head := dotted(path_node.left)) is not None:
            # `prefix + "/attachments/"`: a literal path under a prefix known at run time
            # (a loop over the mount points of one blueprint), or under a module constant
            # (`API + "/users"`), known now as a Routes submapper's `path_prefix` is, unless
            # a parameter of the enclosing function has its name
            shadowed = any(head in names for _, names in self.walk.params)
            known = None if shadowed else self._constants.get(head)
            path = (known if known is not None
                    else "{" + RUNTIME_PREFIX_MARK + head + "}") + tail
        if path is None:
            reason = "path is not a literal: " + (
                ast.unparse(path_node)[:80] if isinstance(path_node, ast.AST) else "missing"
            )
        param = None
        params = self.walk.params
        if params and owner in params[-1][1]:
            function, names = params[-1]
            param = (function, names.index(owner))
        self.route_decls.append(
            RawRouteDecl(owner, path, tuple(m.upper() for m in methods), handler, line,
                         framework, reason, param)
        )

    # ----------------------------------------------------------------- registries

    def _registry(self, node: ast.AST, name: str | None = None) -> None:
        start = len(self.route_decls)
        for route in registry_routes(node) or starlette_routes(node):
            self._add_route(REGISTRY_OWNER, route.path, route.methods, route.handler,
                            route.line, route.framework, route.path_node)
        if name is not None and len(self.route_decls) > start:
            self.registry_lists[name] = (start, len(self.route_decls))

    def leave_For(self, node: ast.For) -> None:
        """`for rule, view in rules: bp.add_url_rule(rule, view_func=view)`: the routes of the
        registry `rules` belong to `bp`, and the call in the loop is no unresolved route.
        Each such call in the loop registers them all, also under a literal prefix
        (`api.add_url_rule(version_rule + rule, ...)`, `version_rule` a module constant)."""
        if not (isinstance(node.iter, ast.Name) and node.iter.id in self.registry_lists
                and isinstance(node.target, ast.Tuple) and node.target.elts
                and isinstance(node.target.elts[0], ast.Name)):
            return
        variable = node.target.elts[0].id
        start, end = self.registry_lists[node.iter.id]
        registry = self.route_decls[start:end]
        copies: list[RawRouteDecl] = []
        calls: set[int] = set()
        for statement in node.body:
            call = statement.value if isinstance(statement, ast.Expr) else None
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in ("add_url_rule", "add_route", "add_api_route")
                    and call.args):
                continue
            prefix = self._loop_prefix(call.args[0], variable)
            owner = dotted(call.func.value)
            if owner is None or prefix is None:
                continue
            calls.add(call.lineno)
            copies.extend(replace(decl, owner=owner, line=call.lineno if prefix else decl.line,
                                  path=prefix + decl.path if decl.path is not None else None)
                          for decl in registry if decl.owner == REGISTRY_OWNER)
        if not calls:
            return
        kept = [d for d in registry if d.owner != REGISTRY_OWNER] + copies
        self.route_decls[start:end] = kept
        shift = len(kept) - (end - start)
        for other, (first, last) in self.registry_lists.items():
            if first >= end:  # a registry listed after this one: its slice moved
                self.registry_lists[other] = (first + shift, last + shift)
        self.route_decls = [d for d in self.route_decls
                            if not (d.line in calls and d.path is None)]
        self.registry_lists.pop(node.iter.id)  # indices change: one loop per registry

    def _loop_prefix(self, path: ast.expr, variable: str) -> str | None:
        """"" for the loop's own `rule`; the literal before it in `PREFIX + rule` or
        `"/v1" + rule`; None for anything else."""
        if isinstance(path, ast.Name):
            return "" if path.id == variable else None
        if isinstance(path, ast.BinOp) and isinstance(path.op, ast.Add) and isinstance(
                path.right, ast.Name) and path.right.id == variable:
            left = path.left
            prefix = self._constants.get(left.id) if isinstance(left, ast.Name) else (
                literal_str(left))
            return prefix if prefix is not None and prefix.startswith("/") else None
        return None

    # ----------------------------------------------------------------- assignments

    def visit_Assign(self, node: ast.Assign) -> None:
        scope = self.walk.scope
        if tuple(scope) in self._class_scopes and isinstance(target := node.targets[0], ast.Name) \
                and target.id == "route_base" and not is_none(node.value):  # Flask-Classful
            # (`route_base = BASE + "/x"`: a prefix known at run time)
            self._class_prefix[tuple(scope)] = url_prefix(node.value) or ""
        if len(scope) >= 2 and (scope[0], scope[1]) in self._classmethods \
                and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call) \
                and isinstance(func := node.value.func, ast.Attribute) \
                and func.attr == "as_view" and isinstance(func.value, ast.Name) \
                and func.value.id == self._classmethods[(scope[0], scope[1])][0]:
            self._class_views.add((tuple(scope), node.targets[0].id))  # v = cls.as_view(..)
        if self.walk.scope and isinstance(node.targets[0], ast.Name):
            # Routers made inside an app factory: `def init(app): bp = Blueprint(...)`.
            self._router(node.targets[0].id, node.value)

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name):
            return
        name = target.id
        if (text := literal_str(value)) is not None:
            self._constants[name] = text  # `version_rule = "/<int:ver>"`
        if (table := url_table(value)) is None:
            self._webpy_tables.pop(name, None)  # (reassigned: no longer that table)
        elif name in self._webpy_served:
            self.route_decls.extend(table_routes(table))  # (served before it was written)
        else:
            self._webpy_tables[name] = table  # web.py: `urls = ("/", "index", ...)`
        if name not in ("__all__", "urlpatterns"):
            if isinstance(value, ast.List | ast.Tuple):
                if not url_patterns(value):
                    self._registry(value, name)  # routes = [("/a", A), ...]
            elif isinstance(value, ast.Dict):
                self._registry(value, name)  # ROUTES = {"/a": A, ...}
        self._router(name, value)
        self.pyramid.service(name, value)

    def _router(self, name: str, value: ast.expr) -> None:
        if not isinstance(value, ast.Call):
            return
        constructor = dotted(value.func) or ""
        last = constructor.split(".")[-1]
        restx = self._restx_kind(constructor)
        if restx is not None:
            self._restx_router(name, restx, value)
            return
        kind = ROUTER_CONSTRUCTORS.get(last)
        if kind is None:
            if not last.endswith(CANDIDATE_SUFFIXES) or not last[:1].isupper():
                return
            self.routers.append(RawRouter(name, "candidate", _any_prefix(value), value.lineno,
                                          constructor))
            return
        prefix_node = keyword(value, "url_prefix" if kind == "blueprint" else "prefix")
        if kind == "fastapi_app":
            prefix_node = keyword(value, "root_path")
        prefix = url_prefix(prefix_node) if prefix_node is not None else ""
        self.routers.append(RawRouter(name, kind, prefix or "", value.lineno))


    def _restx_router(self, name: str, kind: str, value: ast.Call) -> None:
        """`Namespace("users", path=...)`: its path is `path=` or `/<name>`. `Api(bp,
        prefix=...)`: a router registered on the blueprint or app it is made on."""
        if kind == "restx_namespace":
            path_node = keyword(value, "path")
            title = literal_str(value.args[0] if value.args else keyword(value, "name"))
            prefix = url_prefix(path_node) if path_node is not None else (
                "/" + title if title else "")
            self.routers.append(RawRouter(name, kind, prefix or "", value.lineno))
            return
        prefix_node = keyword(value, "prefix")
        prefix = url_prefix(prefix_node) if prefix_node is not None else ""
        self.routers.append(RawRouter(name, kind, prefix or "", value.lineno))
        parent = dotted(value.args[0]) if value.args else None
        if parent is None and (app := keyword(value, "app")) is not None:
            parent = dotted(app)
        if parent:
            self.registers.append(RawRegister(parent, name, None, value.lineno))


def is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def classful_route_base(class_name: str) -> str:
    """Flask-Classful's default route base: the class name without its `View` suffix, its
    words joined by dashes (`UserProfileView` -> `user-profile`)."""
    name = class_name[:-4] if class_name.endswith("View") and len(class_name) > 4 else class_name
    return _CAMEL_WORD.sub("-", name).lower()


def _any_prefix(call: ast.Call) -> str:
    """The prefix a router of a yet unknown kind is made with (either framework's keyword)."""
    node = keyword(call, "url_prefix") or keyword(call, "prefix")
    return (url_prefix(node) or "") if node is not None else ""


def _handler(view: ast.expr | None) -> str:
    """The view a route call names: `views.x`, or `View` for `View.as_view("name")`."""
    if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute):
        return dotted(view.func.value) or "<unknown>"
    if view is not None:
        return dotted(view) or "<unknown>"
    return "<unknown>"


def _derived_from(node: ast.expr, viewset: str) -> bool:
    """Whether a prefix is read from the registered viewset itself: `viewset.prefix`,
    `viewset.urlpattern()`, `self.viewset.endpoint_name` for the viewset `self.viewset`."""
    if isinstance(node, ast.Call):
        node = node.func
    found = dotted(node) if isinstance(node, ast.Attribute) else None
    return found is not None and found.startswith(viewset + ".")
