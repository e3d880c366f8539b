"""Pyramid and Cornice routes as written in one file (fed by `RouteFacts`, same walk).

- Pyramid: `config.add_route("name", "/pattern")` (or `pattern=`), under a literal
  `with config.route_prefix_context("/p"):`; views bound to a route name by
  `@view_config(route_name=..., request_method=...)` on functions and methods (also any
  decorator call with a literal `route_name=`, a project's own `view_config`, but for
  Pyramid's exception, forbidden and not-found views, which serve no route; a class's
  `@view_defaults(route_name=...)` gives its methods' default), `config.add_view(view,
  route_name=...)` and `add_route(..., view=...)`; `config.include(target, route_prefix=...)`.
  The link (link/routes_pyramid.py) joins names to views across modules.
- Cornice: `svc = Service(name=..., path="/x")` at module level, then `@svc.get()` ... and
  `svc.add_view("GET", view)`: route declarations with the service's path.
- Resource classes: a class decorator call whose `path=` or `*_path=` keyword arguments are
  literal URL paths (starting with "/"): Cornice's `@resource(collection_path=..., path=...)`,
  and a project's own resource registration of that shape (`@register(plural_path="/b",
  object_path="/b/{{id}}")`). One route per path, the class its handler; Cornice's method
  names (`collection_get`, `get`, ...) give the methods.
"""

from __future__ import annotations

import ast

from strangler.model import RawPyramidRoute, RawPyramidView, RawRouteDecl
from strangler.parse.facts.syntax import dotted, keyword, literal_str

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
# Pyramid's error views: a `route_name=` only narrows which requests' errors they answer.
ERROR_VIEWS = frozenset({"exception_view_config", "forbidden_view_config",
                         "notfound_view_config"})
# Calls of these names are looked at (RouteFacts.visit_Call hands them over).
PYRAMID_CALLS = frozenset({"add_route", "add_view", "include"})


def request_methods(node: ast.expr | None) -> tuple[str, ...]:
    """`request_method="GET"` or `("GET", "POST")`: upper-case verbs (() when absent or not
    literal)."""
    if node is None:
        return ()
    if (text := literal_str(node)) is not None:
        return (text.upper(),)
    if isinstance(node, ast.List | ast.Tuple):
        values = [literal_str(e) for e in node.elts]
        return tuple(v.upper() for v in values if v is not None)
    return ()


def unbrace(path: str) -> str:
    """`/b/{{id}}`: a path kept as a `str.format` template, as the router sees it."""
    return path.replace("{{", "{").replace("}}", "}") if "{{" in path else path


class PyramidRoutes:
    """The Pyramid and Cornice part of `RouteFacts` (its hooks call these)."""

    def __init__(self, constants: dict[str, str]) -> None:
        self.constants = constants  # RouteFacts' module-level string constants
        self.routes: list[RawPyramidRoute] = []
        self.views: list[RawPyramidView] = []
        self.includes: list[tuple[str, str | None, int]] = []
        self.services: dict[str, str | None] = {}  # Cornice service variable -> path
        self._prefixes: list[str | None] = []  # enclosing route_prefix_context blocks
        self._defaults: dict[str, tuple[str | None, tuple[str, ...]]] = {}  # view_defaults
        # class name -> [(keyword, path, line)] of a resource decorator, and its methods
        self._resources: dict[str, list[tuple[str, str, int]]] = {}
        self._methods: dict[str, list[str]] = {}

    # ----------------------------------------------------------------- values

    def text(self, node: ast.expr | None) -> str | None:
        """A literal string, a module constant, or a `+` of those."""
        if node is None:
            return None
        if (found := literal_str(node)) is not None:
            return found
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.text(node.left), self.text(node.right)
            return left + right if left is not None and right is not None else None
        return None

    # ----------------------------------------------------------------- with blocks

    def enter_with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            call = item.context_expr
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) \
                    and call.func.attr == "route_prefix_context":
                arg = call.args[0] if call.args else keyword(call, "route_prefix")
                self._prefixes.append(self.text(arg) if arg is not None else "")
                return
        self._prefixes.append("")  # any other block: nothing added, popped on leaving

    def leave_with(self) -> None:
        if self._prefixes:
            self._prefixes.pop()

    def _prefix(self) -> str | None:
        """The joined literal prefixes of the enclosing blocks (None: one is not literal)."""
        parts: list[str] = []
        for prefix in self._prefixes:
            if prefix is None:
                return None
            if prefix:
                parts.append("/" + prefix.strip("/"))
        return "".join(parts)

    # ----------------------------------------------------------------- calls

    def call(self, node: ast.Call, chain: str, last: str, function: str | None,
             decls: list[RawRouteDecl]) -> None:
        owner = chain.rsplit(".", 1)[0]
        if last == "add_view" and owner in self.services and node.args \
                and (verb := literal_str(node.args[0])) is not None \
                and verb.lower() in HTTP_VERBS and len(node.args) > 1:
            path = self.services[owner]  # Cornice: svc.add_view("GET", view)
            handler = dotted(node.args[1]) or "<unknown>"
            decls.append(RawRouteDecl(owner, path, (verb.upper(),), handler, node.lineno,
                                      "cornice", "" if path else "service path is not a literal"))
        elif last == "add_route":
            self._add_route(node, function)
        elif last == "add_view":
            self._add_view(node)
        elif last == "include" and (route_prefix := keyword(node, "route_prefix")) is not None:
            target = self.text(node.args[0]) if node.args else None
            if target:
                prefix = self.text(route_prefix)
                self.includes.append((target, prefix, node.lineno))

    def _add_route(self, node: ast.Call, function: str | None) -> None:
        """`config.add_route("name", "/pattern")`: Pyramid's. A name may be written as a
        path (`add_route("/{user}", "/{user:[^/]+}")`) when a literal pattern follows; a path
        followed by an object is another framework's `add_route`, read by `call_routes`."""
        name_node = node.args[0] if node.args else keyword(node, "name")
        pattern_node = node.args[1] if len(node.args) > 1 else keyword(node, "pattern")
        if pattern_node is None:
            pattern_node = keyword(node, "path")
        if name_node is None or pattern_node is None:
            return
        name = self.text(name_node)
        if name is not None and (name == "*" or name.lower() in HTTP_VERBS):
            return  # aiohttp: add_route("GET", "/p", handler)
        if name is not None and name.startswith("/") and len(node.args) > 1 \
                and literal_str(node.args[1]) is None:
            return  # Falcon: add_route("/path", resource)
        if len(node.args) > 1 and isinstance(node.args[1], ast.Call | ast.Lambda):
            return  # add_route("name", Resource()): not Pyramid's
        if name is None and len(node.args) > 1:
            return  # `add_route(name, path)`: counted unresolved by `call_routes` already
        static = keyword(node, "static")
        if isinstance(static, ast.Constant) and static.value is True:
            return  # only for generating URLs (to another site, often): Pyramid serves none
        pattern = self.text(pattern_node)
        prefix = self._prefix()
        reason = ""
        if name is None or pattern is None or prefix is None:
            what = "route name" if name is None else "pattern" if pattern is None else "prefix"
            reason = f"{what} is not a literal: " + ast.unparse(
                name_node if name is None else pattern_node)[:80]
            pattern = None
        else:
            if not pattern.startswith("/"):
                pattern = "/" + pattern  # Pyramid patterns are rooted either way
            pattern = prefix + pattern if prefix else pattern
        self.routes.append(RawPyramidRoute(name, pattern, node.lineno, function, reason))
        view = keyword(node, "view")
        if view is not None and name is not None:
            self.views.append(RawPyramidView(
                name, dotted(view) or "<unknown>",
                request_methods(keyword(node, "request_method")), node.lineno))

    def _add_view(self, node: ast.Call) -> None:
        route_name = keyword(node, "route_name")
        if route_name is None:
            return  # a context or exception view: no route
        view = node.args[0] if node.args else keyword(node, "view")
        handler = dotted(view) if view is not None else None
        if handler is None and (text := literal_str(view)) is not None:
            handler = "=" + text  # a dotted name Pyramid resolves: "app.views.home"
        if handler is None:
            handler = "<unknown>"
        attr = literal_str(keyword(node, "attr"))
        if attr and handler != "<unknown>":
            handler = f"{handler}.{attr}"
        name = self.text(route_name)
        reason = "" if name is not None else (
            "route name is not a literal: " + ast.unparse(route_name)[:80])
        self.views.append(RawPyramidView(name, handler,
                                         request_methods(keyword(node, "request_method")),
                                         node.lineno, reason))

    # ----------------------------------------------------------------- assignments

    def service(self, name: str, value: ast.expr) -> None:
        """`svc = Service(name="x", path="/x")` (Cornice, or a project subclass named so)."""
        if not isinstance(value, ast.Call):
            return
        constructor = dotted(value.func) or ""
        if constructor.rsplit(".", 1)[-1] != "Service":
            return
        path_node = keyword(value, "path")
        if path_node is None and len(value.args) > 1:
            path_node = value.args[1]
        if path_node is None:
            return
        path = self.text(path_node)
        if path is not None and not path.startswith("/"):
            return
        self.services[name] = unbrace(path) if path is not None else None

    # ----------------------------------------------------------------- decorators

    def decorator(self, decorator: ast.Call, owner: str | None, handler: str, scope: list[str],
                  line: int, decls: list[RawRouteDecl]) -> bool:
        """A Cornice `@svc.get()` or a Pyramid `@view_config(...)` on a function: whether it
        was one (then nothing else reads it)."""
        func = decorator.func
        if owner is not None and owner in self.services and isinstance(func, ast.Attribute) \
                and func.attr in HTTP_VERBS:
            path = self.services[owner]
            decls.append(RawRouteDecl(owner, path, (func.attr.upper(),), handler, line,
                                      "cornice", "" if path else "service path is not a literal"))
            return True
        name = dotted(func)
        route_name = keyword(decorator, "route_name")
        last = name.rsplit(".", 1)[-1] if name is not None else ""
        if name is None or last in ERROR_VIEWS or (last != "view_config" and (
                route_name is None or self.text(route_name) is None)):
            # (a project's own `view_config`, h's `@api_config(versions=..., route_name=
            # "api.annotations")` registering through venusian as Pyramid's does, binds its
            # view by the literal route name too)
            return False
        methods = request_methods(keyword(decorator, "request_method"))
        cls = ".".join(scope)
        if route_name is None and cls in self._defaults:
            default, default_methods = self._defaults[cls]
            methods = methods or default_methods
            if default is not None:
                self.views.append(RawPyramidView(default, handler, methods, line))
            return True
        if route_name is None:
            return True  # a context or exception view
        text = self.text(route_name)
        self.views.append(RawPyramidView(
            text, handler, methods, line,
            "" if text is not None else "route name is not a literal: "
            + ast.unparse(route_name)[:80]))
        return True

    def class_decorator(self, decorator: ast.Call, cls: str, line: int) -> bool:
        """`@view_defaults(route_name=...)`, or a resource decorator with literal paths."""
        name = dotted(decorator.func) or ""
        if name.rsplit(".", 1)[-1] == "view_defaults":
            self._defaults[cls] = (self.text(keyword(decorator, "route_name")),
                                   request_methods(keyword(decorator, "request_method")))
            return True
        paths = [(item.arg, text, line) for item in decorator.keywords
                 if item.arg is not None and (item.arg == "path" or item.arg.endswith("_path"))
                 and (text := self.text(item.value)) is not None and text.startswith("/")]
        if not paths:
            return False
        self._resources[cls] = [(arg, unbrace(path), at) for arg, path, at in paths]
        self._methods[cls] = []
        return True

    def method(self, cls: str, name: str) -> None:
        if cls in self._methods:
            self._methods[cls].append(name)

    def leave_class(self, cls: str, decls: list[RawRouteDecl]) -> None:
        """The routes of a resource class: per path keyword, the verbs of its methods named
        for it (Cornice: `collection_get` for `collection_path`, `get` for `path`)."""
        paths = self._resources.pop(cls, None)
        if paths is None:
            return
        names = self._methods.pop(cls, [])
        for arg, path, line in paths:
            stem = arg[: -len("path")]  # "collection_", "" or "plural_"...
            verbs = tuple(verb.upper() for verb in HTTP_VERBS if stem + verb in names)
            decls.append(RawRouteDecl(cls, path, verbs, cls, line, "cornice"))
