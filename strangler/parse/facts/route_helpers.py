"""Routes registered through a project's own helper function, one level deep.

A project often wraps its framework's registration in a function of its own and calls it
with literal paths: `construct_resource_map(resource=UsersResource, url='/users')`, or
`def add(api, resource, url): api.add_resource(resource, url)`. Per file this collects
- the helpers: module-level functions with a path-named parameter (`url`, `path`, `rule`...)
  that pass it, with another parameter as the handler, to a known registration (direct),
  or pack it with other parameters into a structure (`ResourceMap(resource=resource,
  url=url)`); the link stage keeps a structure whose field a registration reads its handler
  from (`api.add_resource(r.resource, *urls)`), see `link/route_helpers.py`;
- the fields registrations read handlers from (`r.resource` -> `resource`);
- the calls that pass a path and a dotted name: the candidate calls of a helper.
Function bodies are looked into only for functions with a path-named parameter (few), so
the file is still walked once for every other node."""

from __future__ import annotations

import ast

from strangler.model import RawHelperCall, RawRouteHelper
from strangler.parse.facts.syntax import dotted, keyword
from strangler.parse.facts.walk import Collector, Walk

PATH_WORDS = frozenset({"url", "path", "rule", "route", "uri", "pattern", "url_rule",
                        "url_path", "route_path"})
REGISTRATIONS = frozenset({"add_resource", "add_url_rule", "add_api_route", "add_route"})
# The frameworks' own route decorators (`@bp.route("/x")`, `@router.get("/x")`), read by
# `routes.py`: never a project's decorator factory.
FRAMEWORK_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "head",
                                  "options", "api_route", "websocket", "expose"})


def _handler_arg(call: ast.Call, last: str) -> ast.expr | None:
    """The handler a registration call passes: the resource of `add_resource(R, ...)`, the
    `view_func` of `add_url_rule`, the endpoint of `add_api_route`/`add_route`."""
    if last == "add_resource":
        return call.args[0] if call.args else keyword(call, "resource")
    if last == "add_url_rule":
        return keyword(call, "view_func") or (call.args[2] if len(call.args) > 2 else None)
    return keyword(call, "endpoint") or (call.args[1] if len(call.args) > 1 else None)


def _path_arg(call: ast.Call, last: str) -> ast.expr | None:
    if last == "add_resource":
        return call.args[1] if len(call.args) > 1 else keyword(call, "url")
    return call.args[0] if call.args else (keyword(call, "rule") or keyword(call, "path"))


def _as_view_of(node: ast.expr, names: set[str]) -> str | None:
    """The parameter `P` of a `P.as_view(...)` call (a class-based view passed in)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "as_view" and isinstance(node.func.value, ast.Name) \
            and node.func.value.id in names:
        return node.func.value.id
    return None


def _value(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "=" + node.value
    chain = dotted(node)
    return "@" + chain if chain is not None else None


def _pathlike(node: ast.Call) -> bool:
    """Whether a call passes a literal path (`'/users'`) or a path-named keyword. Plain
    loops: this runs on every call of every file (generators cost 5% of the facts walk)."""
    for arg in node.args:
        if type(arg) is ast.Constant and type(arg.value) is str and arg.value[:1] == "/":
            return True
    for item in node.keywords:
        if item.arg in PATH_WORDS:
            return True
        value = item.value
        if type(value) is ast.Constant and type(value.value) is str and value.value[:1] == "/":
            return True
    return False


def _path_parameter(name: str) -> bool:
    """Whether a parameter's name says it carries paths (`url`, `urls`, `rules`)."""
    return name in PATH_WORDS or (name.endswith("s") and name[:-1] in PATH_WORDS)


def _decorator_factory(node: ast.FunctionDef | ast.AsyncFunctionDef) -> RawRouteHelper | None:
    """A module-level decorator factory that registers what it decorates under the paths it
    is given: `def resource(*urls, **kwargs): def wrapper(cls): api.add_resource(cls,
    *urls, **kwargs); return cls; return wrapper` (Flask-RESTful resources registered by
    `@resource("/v1/users")`). Its path parameter is `*urls` or one path-named parameter; the
    inner function (returned by the factory) passes its first parameter as the handler."""
    arguments = node.args
    positional = tuple(arg.arg for arg in arguments.posonlyargs + arguments.args)
    vararg = arguments.vararg.arg if arguments.vararg is not None else None
    if vararg is not None and _path_parameter(vararg):
        path, many, params = vararg, True, (*positional, vararg)
    else:
        paths = [name for name in positional if name in PATH_WORDS]
        if len(paths) != 1:
            return None
        path, many, params = paths[0], False, positional
    returned = {item.value.id for item in node.body
                if isinstance(item, ast.Return) and isinstance(item.value, ast.Name)}
    for inner in node.body:
        if not isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                or inner.name not in returned:
            continue
        inner_args = inner.args.posonlyargs + inner.args.args
        if not inner_args:
            continue
        handler = inner_args[0].arg
        for call in ast.walk(inner):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) \
                    or call.func.attr not in REGISTRATIONS:
                continue
            given = _handler_arg(call, call.func.attr)
            target = _path_arg(call, call.func.attr)
            if isinstance(target, ast.Starred):
                target = target.value
            if isinstance(given, ast.Name) and given.id == handler \
                    and isinstance(target, ast.Name) and target.id == path:
                return RawRouteHelper(node.name, params, path, handler, (), call.lineno,
                                      decorator=True, many=many)
    return None


class RouteHelperFacts(Collector):
    """helpers, fields (registration reads), calls (candidate helper calls)."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.helpers: list[RawRouteHelper] = []
        self.fields: set[str] = set()
        self.calls: list[RawHelperCall] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if self.walk.scope:
            return
        factory = _decorator_factory(node)
        if factory is not None:
            self.helpers.append(factory)
            return
        arguments = node.args
        positional = tuple(arg.arg for arg in arguments.posonlyargs + arguments.args)
        names = set(positional) | {arg.arg for arg in arguments.kwonlyargs}
        paths = sorted(names & PATH_WORDS)
        if len(paths) != 1 or len(names) < 2:
            return
        path = paths[0]
        # (`view_func = view.as_view(endpoint)`: a local that is a handler parameter's view)
        views = {inner.targets[0].id: parameter for inner in ast.walk(node)
                 if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name)
                 and (parameter := _as_view_of(inner.value, names)) is not None}
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                helper = self._helper(inner, node.name, positional, names, path, views)
                if helper is not None:
                    self.helpers.append(helper)
                    return

    @staticmethod
    def _helper(call: ast.Call, function: str, positional: tuple[str, ...], names: set[str],
                path: str, views: dict[str, str] | None = None) -> RawRouteHelper | None:
        func = call.func
        last = func.attr if isinstance(func, ast.Attribute) else None
        if last in REGISTRATIONS:
            assert last is not None
            handler = _handler_arg(call, last)
            target = _path_arg(call, last)
            # the handler: a parameter, its `view.as_view(...)` (Flask's `register_api(view,
            # endpoint, url)`), or a local holding that
            parameter = handler.id if isinstance(handler, ast.Name) else None
            if parameter is not None and parameter not in names:
                parameter = (views or {}).get(parameter)
            elif handler is not None and parameter is None:
                parameter = _as_view_of(handler, names)
            if parameter is not None and parameter in names and parameter != path \
                    and isinstance(target, ast.Name) and target.id == path:
                return RawRouteHelper(function, positional, path, parameter, (), call.lineno)
            return None
        fields = tuple((item.arg, item.value.id) for item in call.keywords
                       if item.arg and isinstance(item.value, ast.Name)
                       and item.value.id in names)
        if len(fields) >= 2 and any(parameter == path for _, parameter in fields):
            return RawRouteHelper(function, positional, path, None, fields, call.lineno)
        return None

    def decorator(self, decorator: ast.expr,
                  function: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        """A decorator call passing a literal path (`@resource("/v1/users")`): a candidate
        call of a decorator factory, whose handler is what it decorates."""
        if not isinstance(decorator, ast.Call) or not _pathlike(decorator):
            return
        chain = dotted(decorator.func)
        if chain is None or chain.rsplit(".", 1)[-1] in FRAMEWORK_DECORATORS:
            return
        args = tuple(_value(arg) for arg in decorator.args)
        keywords = tuple((item.arg, _value(item.value)) for item in decorator.keywords
                         if item.arg)
        self.calls.append(RawHelperCall(chain, args, keywords, decorator.lineno,
                                        ".".join([*self.walk.scope, function.name])))

    def visit_Call(self, node: ast.Call, chain: str | None, last: str | None) -> None:
        if chain is None:
            return
        if last in REGISTRATIONS:
            assert last is not None
            handler = _handler_arg(node, last)
            if isinstance(handler, ast.Attribute) and isinstance(handler.value, ast.Name):
                self.fields.add(handler.attr)
            return
        if not _pathlike(node):
            return
        args = tuple(_value(arg) for arg in node.args)
        keywords = tuple((item.arg, _value(item.value)) for item in node.keywords if item.arg)
        if any(value and value[0] == "@" for value in (*args, *(v for _, v in keywords))):
            self.calls.append(RawHelperCall(chain, args, keywords, node.lineno))
