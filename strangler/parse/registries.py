"""Routes kept in registries and model writes: small fact collectors used by `facts._Collector`.

Each function reads one `ast` node the collector is already visiting (no traversal of its
own) and returns what it found, so the file is still walked once.

- Route registries: lists of `(path, Handler)` tuples (Tornado, webapp2, Falcon-style lists
  passed to an application or looped over), dicts of `{"/path": Handler}` (`routes`/WebOb
  apps), Flask-RESTful `api.add_resource(Resource, "/a", "/b")`, `add_route("/p", handler)`
  (Falcon, Starlette, aiohttp with a method first) and `map.connect("name", "/p", ...)` (Routes),
  Starlette's lists of `Route`/`WebSocketRoute`/`Mount(routes=[...])`.
- Model writes: `insert(Model)`, `update(Model)`, `delete(Model)`, `session.bulk_*_mappings(
  Model, rows)`: the first argument names the model or table that is written.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from strangler.parse.facts.syntax import dotted

WRITE_CONSTRUCTS = frozenset({"insert", "update", "delete", "upsert", "bulk_insert_mappings",
                              "bulk_update_mappings", "insert_into"})
HTTP_VERBS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"})
REGISTRY_OWNER = "<registry>"


@dataclass(frozen=True, slots=True)
class RegistryRoute:
    path: str | None  # None: not a literal
    handler: str  # dotted name, or "<unknown>"
    methods: tuple[str, ...]
    line: int
    framework: str
    path_node: ast.AST | None


def _handler_name(node: ast.AST | None) -> str | None:
    """`Handler`, `views.Handler`, `Handler()` or `Handler.as_view()` as a dotted name."""
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("as_view", "as_asgi"):
            return dotted(func.value)
        return dotted(func)
    return dotted(node) if node is not None else None


def _route_path(node: ast.AST | None) -> str | None:
    """A literal URL path; regular expressions lose their `^`/`$` anchors."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return None
    path = node.value.removeprefix("^").removesuffix("$")
    return path if path.startswith("/") else None


def _looks_like_path(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and (
        node.value.startswith(("/", "^/")))


def registry_routes(node: ast.AST) -> list[RegistryRoute]:
    """Routes of a literal registry: `[("/a", A), ("/b", B, {...})]` or `{"/a": A}`.

    An element counts only when its path literal starts with `/` (or `^/`) and its handler
    is a name, so lists of other pairs (choices, pairs of strings) are left alone."""
    pairs: list[tuple[ast.expr, ast.expr, int]]  # (path, handler, line)
    if isinstance(node, ast.List | ast.Tuple):
        pairs = [(e.elts[0], e.elts[1], e.lineno) for e in node.elts
                 if isinstance(e, ast.Tuple | ast.List) and len(e.elts) >= 2]
        size = len(node.elts)
    elif isinstance(node, ast.Dict):
        pairs = [(key, value, key.lineno) for key, value in zip(node.keys, node.values,
                                                                strict=True) if key is not None]
        size = len(node.keys)
    else:
        return []
    found: list[RegistryRoute] = []
    for path, value, line in pairs:
        handler = _handler_name(value) if _looks_like_path(path) else None
        if handler:
            found.append(RegistryRoute(_route_path(path), handler, (), line, "registry", path))
    if found and len(found) * 2 < size:
        return []  # mostly something else: a coincidence, not a route table
    return found


STARLETTE_ROUTES = frozenset({"Route", "WebSocketRoute", "Mount"})


def starlette_routes(node: ast.AST, prefix: str = "", depth: int = 0) -> list[RegistryRoute]:
    """Starlette's `[Route("/a", endpoint), WebSocketRoute("/ws", ws), Mount("/p",
    routes=[...])]`: the routes of the list, under the paths of the mounts around them."""
    if not isinstance(node, ast.List | ast.Tuple) or depth > 8:
        return []
    found: list[RegistryRoute] = []
    for element in node.elts:
        if not isinstance(element, ast.Call):
            continue
        kind = (dotted(element.func) or "").split(".")[-1]
        if kind not in STARLETTE_ROUTES:
            continue
        path_node = element.args[0] if element.args else next(
            (k.value for k in element.keywords if k.arg == "path"), None)
        path = _literal(path_node)
        if kind == "Mount":
            inner = next((k.value for k in element.keywords if k.arg == "routes"), None)
            if inner is not None and path is not None:
                found.extend(starlette_routes(inner, prefix + path, depth + 1))
            continue
        endpoint = element.args[1] if len(element.args) > 1 else next(
            (k.value for k in element.keywords if k.arg == "endpoint"), None)
        methods_node = next((k.value for k in element.keywords if k.arg == "methods"), None)
        methods: tuple[str, ...] = ("WEBSOCKET",) if kind == "WebSocketRoute" else ()
        if isinstance(methods_node, ast.List | ast.Tuple):
            methods = tuple(m.upper() for e in methods_node.elts if (m := _literal(e)))
        found.append(RegistryRoute(prefix + path if path is not None else None,
                                   _handler_name(endpoint) or "<unknown>", methods,
                                   element.lineno, "starlette", path_node))
    return found


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


@dataclass(frozen=True, slots=True)
class Submapper:
    """`with mapper.submapper(path_prefix=P, controller="admin/repos") as m:` (Routes): the
    defaults of the `m.connect(...)` calls in its block. `prefix` is the path prefix as a
    route path carries it (a literal, or a marked `{expression}` known at run time)."""

    owner: str  # the mapper the submapper is made on (`rmap`)
    controller: str | None
    prefix: str


def routes_controller(controller: str, action: str | None) -> str:
    """A Routes handler as the linker reads it: the controller's path as a dotted name
    (`admin/repos` -> `admin.repos`) and its action (`index`, the Pylons default)."""
    return controller.strip("/").replace("/", ".") + "." + (action or "index")


def _routes_methods(node: ast.Call) -> tuple[str, ...]:
    """`conditions=dict(method=["POST"])` of a Routes `connect`: its HTTP methods."""
    conditions = next((k.value for k in node.keywords if k.arg == "conditions"), None)
    if not isinstance(conditions, ast.Call) or dotted(conditions.func) != "dict":
        return ()
    method = next((k.value for k in conditions.keywords if k.arg == "method"), None)
    found = [e.value for e in method.elts if isinstance(e, ast.Constant)
             and isinstance(e.value, str)] if isinstance(method, ast.List | ast.Tuple) else []
    return tuple(m.upper() for m in found if m.upper() in HTTP_VERBS)


def call_routes(node: ast.Call, last: str, submapper: Submapper | None = None
                ) -> list[RegistryRoute]:
    """Routes registered by one call of `add_resource`, `add_route` or `connect` (a Routes
    `connect` inside a `submapper` block takes the block's controller and path prefix)."""
    args = node.args
    if last == "add_resource" and args:
        handler = _handler_name(args[0])
        if handler is None:
            return []  # `toolkit.add_resource("assets", "name")`: not a REST resource
        paths = [arg for arg in args[1:] if not isinstance(arg, ast.Starred)]
        keyword = next((k.value for k in node.keywords if k.arg in ("urls", "url")), None)
        if keyword is not None:
            paths.append(keyword)
        if any(_literal(p) is not None and not _looks_like_path(p) for p in paths):
            return []
        return [RegistryRoute(_literal(p) if _literal(p) is not None else None, handler, (),
                              node.lineno, "flask", p) for p in paths]
    if last == "add_route" and len(args) >= 2:
        method = _literal(args[0])
        if method is not None and method.upper() in HTTP_VERBS and len(args) >= 3:  # aiohttp
            verbs = () if method == "*" else (method.upper(),)
            return [RegistryRoute(_literal(args[1]), _handler_name(args[2]) or "<unknown>",
                                  verbs, node.lineno, "aiohttp", args[1])]
        if method is not None and not method.startswith("/"):
            return []  # `add_route("name", ...)`: some other API
        if method is not None and _literal(args[1]) is not None:
            return []  # Pyramid's `add_route("/name", "/pattern")`: a route name, then its path
        return [RegistryRoute(method, _handler_name(args[1]) or "<unknown>", (), node.lineno,
                              "registry", args[0])]
    if last == "connect" and args:
        path_node = next((a for a in args[:2] if _looks_like_path(a)), None)
        if path_node is None:
            return []
        controller = next((_literal(k.value) for k in node.keywords if k.arg == "controller"),
                          None)
        action = next((_literal(k.value) for k in node.keywords if k.arg == "action"), None)
        path = _literal(path_node)
        if controller is None and submapper is not None:
            controller = submapper.controller
            path = submapper.prefix + path if path is not None else None
        if controller is None:
            return []  # `signal.connect(...)`, `db.connect(...)`: not a Routes mapper
        return [RegistryRoute(path, routes_controller(controller, action),
                              _routes_methods(node), node.lineno, "routes", path_node)]
    return []


def model_write(node: ast.Call, last: str) -> str | None:
    """The dotted name a write construct writes to: `update(User)` -> "User"."""
    if last in WRITE_CONSTRUCTS and node.args:
        return dotted(node.args[0])
    return None
