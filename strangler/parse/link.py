"""Link per-file facts into one `ProjectIndex`: resolve imports, symbols, routes and tables.

Everything here is pure: it reads `(SourceFile, FileFacts)` pairs and returns frozen data.
Name resolution follows Python's rules closely enough for coupling: a local name bound by an
import is followed through attribute chains to the longest dotted prefix that is a module of
the project, then through re-exports in `__init__` modules (at most a few hops).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from strangler.model import (
    RUNTIME_PREFIX_MARK,
    ExternalImport,
    FactCompleteness,
    FileFacts,
    Import,
    ModelRef,
    ModelRelation,
    Module,
    Problem,
    ProjectIndex,
    RawClass,
    RawRouteDecl,
    RawRouter,
    RawRouterCall,
    RawUrlPattern,
    Route,
    SourceFile,
    SymbolUse,
    Table,
    TableAccess,
    UnresolvedRoute,
)
from strangler.parse.distributions import distribution_of

WRITE_METHODS = {
    "create", "save", "delete", "update", "insert", "bulk_create", "bulk_update",
    "get_or_create", "update_or_create", "add", "add_all", "merge", "remove", "destroy",
    "upsert", "delete_many", "insert_many", "update_many", "set", "truncate",
}
HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
# The routes Flask-AppBuilder 4's ModelRestApi adds to every subclass: (method, path, verbs).
FAB_MODEL_API_ROUTES = (
    ("info", "/_info", ("GET",)), ("get", "/<int:pk>", ("GET",)), ("get_list", "/", ("GET",)),
    ("post", "/", ("POST",)), ("put", "/<pk>", ("PUT",)), ("delete", "/<pk>", ("DELETE",)),
)
_MAX_HOPS = 6


@dataclass
class _ModuleData:
    source: SourceFile
    facts: FileFacts
    bindings: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    exports: dict[str, str] = field(default_factory=dict)  # top-level imported name -> target
    classes: dict[str, RawClass] = field(default_factory=dict)
    routers: dict[str, RawRouter] = field(default_factory=dict)


class Linker:
    """Resolves names across the project. Build once, then call `index()`."""

    def __init__(self, root: str, files: Iterable[tuple[SourceFile, FileFacts]],
                 problems: Iterable[Problem] = ()) -> None:
        self.root = root
        self._prefix_cache: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        self._resolve_cache: dict[str, tuple[str, str, tuple[str, ...]] | None] = {}
        self.data: dict[str, _ModuleData] = {}
        self._router_calls: list[tuple[str, RawRouterCall]] | None = None
        self._hierarchy: tuple[dict[str, tuple[str, RawClass]], dict[str, list[str]]] | None = None
        self.extra_problems = list(problems)
        for source, facts in sorted(files, key=lambda pair: pair[0].module):
            if source.module in self.data:
                other = self.data[source.module].source.path
                self.extra_problems.append(
                    Problem(source.path, 1, f"module {source.module} is also at {other}: skipped",
                            "warning")
                )
                continue
            self.data[source.module] = _ModuleData(source, facts)
        self.top_levels = {name.split(".")[0] for name in self.data}
        for module in self.data.values():
            self._bind(module)

    # ------------------------------------------------------------------ names

    def module_prefix(self, dotted: str) -> tuple[str, list[str]] | None:
        """Longest prefix of `dotted` that is a project module, and the remaining parts."""
        if dotted in self._prefix_cache:
            found = self._prefix_cache[dotted]
            return None if found is None else (found[0], list(found[1]))
        result = self._module_prefix(dotted)
        self._prefix_cache[dotted] = None if result is None else (result[0], tuple(result[1]))
        return result

    def _module_prefix(self, dotted: str) -> tuple[str, list[str]] | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.data:
                return candidate, parts[end:]
        return None

    def _bind(self, module: _ModuleData) -> None:
        for raw in module.facts.imports:
            if raw.alias is None:
                continue
            if raw.name is None:
                top = raw.module.split(".")[0]
                target = top if raw.alias == top else raw.module  # `import a.b.c` binds `a`
            else:
                target = f"{raw.module}.{raw.name}"
            module.bindings.setdefault(raw.alias, target)
            if not raw.lazy:
                module.exports.setdefault(raw.alias, target)
        for raw in module.facts.imports:
            if raw.star:
                star = self.data.get(raw.module)
                if star is None:
                    continue
                names = star.facts.all_names
                if names is None:
                    names = tuple(n for n in star.facts.defined if not n.startswith("_"))
                for name in names:
                    module.bindings.setdefault(name, f"{raw.module}.{name}")
                    if not raw.lazy:
                        module.exports.setdefault(name, f"{raw.module}.{name}")
        module.classes = {cls.name: cls for cls in module.facts.classes}
        module.routers = {router.var: router for router in module.facts.routers}

    def resolve(self, dotted: str) -> tuple[str, str, tuple[str, ...]] | None:
        """(module, symbol, rest) for a dotted target, following re-exports; symbol '' = module."""
        if dotted in self._resolve_cache:
            return self._resolve_cache[dotted]
        result = self._resolve(dotted)
        self._resolve_cache[dotted] = result
        return result

    def _resolve(self, dotted: str) -> tuple[str, str, tuple[str, ...]] | None:
        for _ in range(_MAX_HOPS):
            found = self.module_prefix(dotted)
            if found is None:
                return None
            module, rest = found
            if not rest:
                return module, "", ()
            symbol, tail = rest[0], tuple(rest[1:])
            data = self.data[module]
            exported = data.exports.get(symbol)
            if exported is None or symbol in data.classes:
                return module, symbol, tail
            dotted = ".".join([exported, *tail])
        return None

    def resolve_local(self, module: str, expression: str) -> tuple[str, str, tuple[str, ...]]:
        """Resolve a dotted expression written inside `module`; falls back to a local symbol."""
        head, _, tail = expression.partition(".")
        bound = self.data[module].bindings.get(head)
        if bound is not None:
            resolved = self.resolve(f"{bound}.{tail}" if tail else bound)
            if resolved is not None:
                return resolved
        parts = tuple(expression.split("."))
        return module, parts[0], parts[1:]

    def external_name(self, module: str, expression: str) -> str:
        """The fully qualified dotted name of an expression bound to something outside."""
        head, _, tail = expression.partition(".")
        bound = self.data[module].bindings.get(head)
        if bound is None:
            return expression
        return f"{bound}.{tail}" if tail else bound

    # ------------------------------------------------------------------ index

    def index(self) -> ProjectIndex:
        modules = tuple(
            Module(
                name=name,
                path=data.source.path,
                package=name.split(".")[0] if "." in name or data.source.is_package else "",
                is_package=data.source.is_package,
                loc=data.facts.loc,
                lines=data.facts.lines,
            )
            for name, data in sorted(self.data.items())
        )
        imports, external = self._imports()
        uses = self._uses()
        routes, unresolved = self._routes()
        tables, relations = self._tables(uses)
        problems = list(self.extra_problems)
        for data in self.data.values():
            for problem in data.facts.problems:
                problems.append(Problem(data.source.path, problem.line, problem.message,
                                        problem.severity))
        problems.sort(key=lambda p: (p.path, p.line, p.message))
        completeness = self._completeness(imports, unresolved, tables)
        return ProjectIndex(
            root=self.root,
            modules=modules,
            imports=tuple(imports),
            uses=tuple(uses),
            routes=tuple(routes),
            unresolved_routes=tuple(unresolved),
            tables=tuple(tables),
            relations=tuple(relations),
            external=tuple(external),
            problems=tuple(problems),
            completeness=completeness,
        )

    def _completeness(self, imports: list[Import], unresolved: list[UnresolvedRoute],
                      tables: list[Table]) -> FactCompleteness:
        not_parsed = sorted(
            data.source.path for data in self.data.values()
            if any(p.severity == "error" or p.message.startswith("skipped:")
                   for p in data.facts.problems))
        return FactCompleteness(
            files=len(self.data),
            files_not_parsed=tuple(not_parsed),
            tables=len(tables),
            tables_without_accessor=tuple(t.name for t in tables
                                          if not t.readers and not t.writers),
            unresolved_routes=len(unresolved),
            dynamic_imports=sum(1 for i in imports if i.dynamic),
            dynamic_imports_unresolved=tuple(sorted(
                (name, line) for name, data in self.data.items()
                for line in data.facts.dynamic_unresolved)),
        )

    # ------------------------------------------------------------------ imports

    def _imports(self) -> tuple[list[Import], list[ExternalImport]]:
        imports: list[Import] = []
        external: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for name, data in self.data.items():
            for raw in data.facts.imports:
                flags = dict(type_only=raw.type_only, lazy=raw.lazy, guarded=raw.guarded,
                             dynamic=raw.dynamic, star=raw.star)
                found = self.module_prefix(
                    f"{raw.module}.{raw.name}" if raw.name else raw.module
                )
                if found is None:
                    top = raw.module.split(".")[0]
                    if top and top not in self.top_levels and not raw.module.startswith("."):
                        external[top].append((name, raw.line))
                    continue
                target, rest = found
                imported_name = rest[0] if rest else None
                if raw.name is not None and target != raw.module and rest:
                    imported_name = rest[0]
                if target != name:
                    imports.append(Import(name, target, raw.line, imported_name, **flags))
                if raw.name is None and raw.alias is not None and "." in raw.module:
                    parts = raw.module.split(".")
                    for end in range(1, len(parts)):
                        parent = ".".join(parts[:end])
                        if parent in self.data and parent != name and parent != target:
                            imports.append(
                                Import(name, parent, raw.line, None, implicit=True, **flags)
                            )
        imports.sort(key=lambda i: (i.source, i.target, i.line, i.name or ""))
        externals = [
            ExternalImport(
                module=top,
                distribution=distribution_of(top),
                category="stdlib" if top in sys.stdlib_module_names else "third_party",
                importers=tuple(sorted(set(importers))),
            )
            for top, importers in sorted(external.items())
        ]
        return imports, externals

    # ------------------------------------------------------------------ symbol uses

    def _uses(self) -> list[SymbolUse]:
        merged: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
        self.member_uses: dict[tuple[str, str], list[tuple[str, tuple[str, ...], str, int]]] = (
            defaultdict(list)
        )
        for name, data in self.data.items():
            bindings = data.bindings
            for local, attrs, kind, lines in data.facts.uses:
                bound = bindings.get(local)
                if bound is None:
                    continue
                resolved = self.resolve(".".join([bound, *attrs]) if attrs else bound)
                if resolved is None:
                    continue
                target, symbol, rest = resolved
                if target == name:
                    continue
                merged[(name, target, symbol, kind)].extend(lines)
                if symbol:
                    for line in lines:
                        self.member_uses[(target, symbol)].append((name, rest, kind, line))
        return [
            SymbolUse(source, target, symbol, kind, tuple(sorted(lines)))
            for (source, target, symbol, kind), lines in sorted(merged.items())
        ]

    # ------------------------------------------------------------------ routes

    def router_of(self, module: str, expression: str) -> tuple[str, str] | None:
        """(module, variable) of the router an expression written in `module` names."""
        return self._router(module, expression)

    def _router(self, module: str, expression: str) -> tuple[str, str] | None:
        if expression in self.data[module].routers:
            return module, expression
        target, symbol, rest = self.resolve_local(module, expression)
        if not rest and symbol in self.data[target].routers:
            return target, symbol
        return None

    def _passed_routers(self, module: str, param: tuple[str, int]) -> list[tuple[str, str]]:
        """The routers passed as parameter `param` of a function of `module`, at its calls."""
        if self._router_calls is None:
            self._router_calls = [(name, call) for name, data in self.data.items()
                                  for call in data.facts.router_calls]
        function, index = param
        found: set[tuple[str, str]] = set()
        for caller, call in self._router_calls:
            if index >= len(call.args) or call.args[index] is None:
                continue
            if call.function.rpartition(".")[2] != function:
                continue  # cheap filter before resolving through imports
            if self.resolve_local(caller, call.function) != (module, function, ()):
                continue
            router = self._router(caller, call.args[index] or "")
            if router is not None:
                found.add(router)
        return sorted(found)

    def _routes(self) -> tuple[list[Route], list[UnresolvedRoute]]:
        registrations: dict[tuple[str, str], list[tuple[tuple[str, str] | None, str | None]]] = (
            defaultdict(list)
        )
        for name, data in self.data.items():
            for register in data.facts.registers:
                child = self._router(name, register.target)
                if child is None:
                    continue
                parent = self._router(name, register.owner)
                registrations[child].append((parent, register.prefix))

        def prefixes(router: tuple[str, str], seen: frozenset[tuple[str, str]]) -> list[str]:
            own = self.data[router[0]].routers[router[1]].prefix
            if router in seen or not registrations.get(router):
                return [own]
            result: list[str] = []
            stacks = self.data[router[0]].routers[router[1]].kind == "apirouter"
            for parent, prefix in registrations[router]:
                outer = prefixes(parent, seen | {router}) if parent is not None else [""]
                if prefix is None:
                    inner = own
                elif stacks:  # FastAPI: include_router(prefix=) goes before APIRouter(prefix=)
                    inner = join_path(prefix, own) if own else prefix
                else:  # Flask: register_blueprint(url_prefix=) replaces Blueprint(url_prefix=)
                    inner = prefix
                for start in outer:
                    result.append(join_path(start, inner))
            return sorted(set(result))

        routes: list[Route] = []
        unresolved: list[UnresolvedRoute] = []
        for name, data in self.data.items():
            path = data.source.path
            for decl in data.facts.route_decls:
                handler = self._handler(name, decl.handler)
                if decl.path is None:
                    unresolved.append(UnresolvedRoute(name, path, decl.line, handler, decl.reason))
                    continue
                framework = decl.framework
                if decl.owner == "<class>":
                    continue  # Flask-AppBuilder: per concrete class, below
                else:
                    router = self._router(name, decl.owner)
                    passed = self._passed_routers(name, decl.param) if decl.param else []
                    if router is None and passed:
                        starts = sorted({start for found in passed
                                         for start in prefixes(found, frozenset())})
                        if any(self.data[m].routers[v].kind in ("fastapi_app", "apirouter")
                               for m, v in passed):
                            framework = "fastapi"
                    elif router is None:
                        if not decl.path.startswith("/"):
                            unresolved.append(UnresolvedRoute(
                                name, path, decl.line, handler,
                                f"router `{decl.owner}` not found"))
                            continue
                        starts = [""]
                        if any(imp.module.split(".")[0] == "fastapi"
                               for imp in data.facts.imports):
                            framework = "fastapi"
                    else:
                        kind = self.data[router[0]].routers[router[1]].kind
                        if kind in ("fastapi_app", "apirouter"):
                            framework = "fastapi"
                        starts = prefixes(router, frozenset())
                methods = decl.methods or self._view_methods(handler, ("GET",))
                for start in starts:
                    full = join_path(start, decl.path)
                    runtime = RUNTIME_PREFIX_MARK in full
                    routes.append(Route(methods, full.replace(RUNTIME_PREFIX_MARK, ""), handler,
                                        name, path, decl.line, framework, runtime))
        self._django_routes(routes, unresolved)
        routes.extend(self._fab_routes())
        routes.sort(key=lambda r: (r.path, r.methods, r.handler, r.line))
        unresolved.sort(key=lambda u: (u.file, u.line))
        return routes, unresolved

    def _handler(self, module: str, expression: str) -> str:
        head = expression.split(".")[0]
        if head in self.data[module].classes or head in self.data[module].facts.defined and (
            head not in self.data[module].bindings
        ):
            return f"{module}.{expression}"
        target, symbol, rest = self.resolve_local(module, expression)
        return ".".join(part for part in (target, symbol, *rest) if part)

    def _fab_routes(self) -> list[Route]:
        """Flask-AppBuilder views and APIs: each concrete class serves the `@expose`d methods
        it defines or inherits (the nearest definition wins) and, for a ModelRestApi, the
        CRUD routes Flask-AppBuilder adds, filtered by `include_route_methods` and
        `exclude_route_methods`, under its own or inherited `route_base` / `resource_name`."""
        exposed: dict[str, dict[str, list[RawRouteDecl]]] = {}
        for name, data in self.data.items():
            for decl in data.facts.route_decls:
                if decl.owner == "<class>" and "." in decl.handler and decl.path is not None:
                    owner, method = decl.handler.rsplit(".", 1)
                    exposed.setdefault(f"{name}.{owner}", {}).setdefault(method, []).append(decl)
        if not exposed and not any(imp.module.startswith("flask_appbuilder")
                                   for data in self.data.values() for imp in data.facts.imports):
            return []
        classes, bases = self._class_hierarchy()
        memo: dict[str, list[str]] = {}

        def mro(qual: str, seen: frozenset[str] = frozenset()) -> list[str]:
            if qual in memo:
                return memo[qual]
            order = [qual]
            for base in bases.get(qual, ()):
                if base in seen or base == qual:
                    continue
                for item in mro(base, seen | {qual}) if base in classes else [base]:
                    if item not in order:
                        order.append(item)
            memo[qual] = order
            return order

        subclassed = {base for found in bases.values() for base in found}
        routes: list[Route] = []
        for qual, (module, cls) in sorted(classes.items()):
            order = mro(qual)
            chain = [q for q in order if q in classes]
            external = [q for q in order if q not in classes]
            if not any(q in exposed for q in chain) and not any(
                    q.startswith("flask_appbuilder") for q in external):
                continue
            if qual in subclassed and not (cls.resource_name or cls.route_base or cls.datamodel):
                continue  # a base class: its subclasses serve its routes
            found = [classes[q] for q in chain]
            route_base = next((c.route_base for _, c in found if c.route_base is not None), None)
            resource = next((c.resource_name for _, c in found if c.resource_name), None)
            short = cls.name.split(".")[-1]
            if route_base is None:
                api = any(q.split(".")[-1].endswith(("Api", "API")) for q in order[1:])
                route_base = f"/api/v1/{resource or short.lower()}" if api else "/" + short.lower()
            include = self._fab_filter(found, "include_routes")
            exclude = self._fab_filter(found, "exclude_routes") or set()

            def allowed(method: str) -> bool:
                return (include is None or method in include) and method not in exclude  # noqa: B023

            seen: set[str] = set()
            for owner in chain:
                owner_module, owner_cls = classes[owner]
                for method in owner_cls.methods:
                    if method in seen:
                        continue
                    seen.add(method)
                    for decl in exposed.get(owner, {}).get(method, ()):
                        if allowed(method) and decl.path is not None:
                            line = decl.line if owner == qual else cls.line
                            routes.append(Route(decl.methods, join_path(route_base, decl.path),
                                                f"{qual}.{method}", module,
                                                self.data[module].source.path, line, "fab"))
            if any(q.startswith("flask_appbuilder") and q.endswith("ModelRestApi")
                   for q in external):
                for method, path, verbs in FAB_MODEL_API_ROUTES:
                    if method not in seen and allowed(method):
                        routes.append(Route(verbs, join_path(route_base, path),
                                            f"{qual}.{method}", module,
                                            self.data[module].source.path, cls.line, "fab"))
        return routes

    def _fab_filter(self, chain: list[tuple[str, RawClass]], attribute: str) -> set[str] | None:
        """The nearest `include_route_methods` / `exclude_route_methods` as a set of names;
        None when unset or not understood (then Flask-AppBuilder's default: no filter)."""
        for module, cls in chain:
            terms = getattr(cls, attribute)
            if terms is not None:
                return self._string_set(module, cls, terms, 0)
        return None

    def _string_set(self, module: str, cls: RawClass, terms: tuple[str, ...],
                    depth: int) -> set[str] | None:
        if depth > _MAX_HOPS:
            return None
        names: set[str] = set()
        for term in terms:
            if term.startswith("="):
                names.add(term[1:])
                continue
            if not term.startswith("@"):
                return None
            reference = term[1:]
            local = dict(cls.constants)
            if "." not in reference and reference in local:  # a constant of the same class
                found = self._string_set(module, cls, local[reference], depth + 1)
            else:
                target, symbol, rest = self.resolve_local(module, reference)
                owner = self.data[target].classes.get(symbol) if target in self.data else None
                value = dict(owner.constants).get(rest[0]) if owner and len(rest) == 1 else None
                if owner is None or value is None:
                    return None
                found = self._string_set(target, owner, value, depth + 1)
            if found is None:
                return None
            names |= found
        return names

    def _django_routes(self, routes: list[Route], unresolved: list[UnresolvedRoute]) -> None:
        url_modules = {name for name, data in self.data.items() if data.facts.urlpatterns}
        if not url_modules:
            return
        roots = {value for data in self.data.values() for key, value in data.facts.settings
                 if key == "ROOT_URLCONF" and value in url_modules}
        if not roots:
            included: set[str] = set()
            for name in url_modules:
                for pattern in _flatten(self.data[name].facts.urlpatterns):
                    if pattern.include is not None:
                        found = self._included(name, pattern.include)
                        if found is not None:
                            included.add(found[1])
            roots = url_modules - included
        for root in sorted(roots):
            self._walk_urlconf(root, self.data[root].facts.urlpatterns, "", (root,),
                               routes, unresolved)

    def _included(self, module: str, include: str
                  ) -> tuple[str, str, tuple[RawUrlPattern, ...]] | None:
        """(module, key, patterns) that `include(...)` names: a URLconf or a list of patterns."""
        if not include.startswith("@"):
            if include in self.data:
                return include, include, self.data[include].facts.urlpatterns
            return None
        expression = include[1:]
        local_lists = dict(self.data[module].facts.pattern_lists)
        if expression in local_lists:
            return module, f"{module}:{expression}", local_lists[expression]
        target, symbol, rest = self.resolve_local(module, expression)
        if not symbol:
            return target, target, self.data[target].facts.urlpatterns
        if not rest:
            if symbol == "urlpatterns":
                return target, target, self.data[target].facts.urlpatterns
            lists = dict(self.data[target].facts.pattern_lists)
            if symbol in lists:
                return target, f"{target}:{symbol}", lists[symbol]
        return None

    def _drf_routes(self, module: str, expression: str, prefix: str, line: int
                    ) -> list[Route] | None:
        """Routes of a Django REST framework router included as `router.urls`."""
        if not expression.endswith(".urls"):
            return None
        router = self._router(module, expression[: -len(".urls")])
        if router is None or self.data[router[0]].routers[router[1]].kind != "drf_router":
            return None
        found: list[Route] = []
        for name, data in self.data.items():
            for register in data.facts.registers:
                if register.prefix is None or self._router(name, register.owner) != router:
                    continue
                handler = self._handler(name, register.target)
                base = "/" + (prefix + register.prefix).strip("/")
                for path in (base + "/", base + "/{pk}/"):
                    found.append(Route(("ANY",), path.replace("//", "/"), handler, name,
                                       data.source.path, register.line, "drf"))
        return found

    def _walk_urlconf(self, module: str, patterns: tuple[RawUrlPattern, ...], prefix: str,
                      stack: tuple[str, ...], routes: list[Route],
                      unresolved: list[UnresolvedRoute]) -> None:
        file = self.data[module].source.path
        for pattern in patterns:
            if pattern.route is None:
                unresolved.append(UnresolvedRoute(module, file, pattern.line, pattern.view or "",
                                                  "URL pattern is not a literal"))
                continue
            piece = pattern.route
            if pattern.regex:
                piece = piece.removeprefix("^").removesuffix("$")
            full = prefix + piece
            if pattern.nested:
                self._walk_urlconf(module, pattern.nested, full, stack, routes, unresolved)
                continue
            if pattern.include is not None:
                drf = self._drf_routes(module, pattern.include[1:], full, pattern.line) if (
                    pattern.include.startswith("@")) else None
                if drf is not None:
                    routes.extend(drf)
                    continue
                found = self._included(module, pattern.include)
                if found is None:
                    unresolved.append(UnresolvedRoute(
                        module, file, pattern.line, pattern.include.lstrip("@"),
                        "included URLconf is not part of the project"))
                    continue
                target, key, included = found
                if key not in stack:
                    self._walk_urlconf(target, included, full, (*stack, key), routes,
                                       unresolved)
                continue
            if pattern.view is None:
                unresolved.append(UnresolvedRoute(module, file, pattern.line, "",
                                                  "view is not a name"))
                continue
            handler = self._handler(module, pattern.view)
            routes.append(Route(self._view_methods(handler, ("ANY",)), "/" + full.lstrip("/"),
                                handler,
                                module, file, pattern.line, "django"))

    def _view_methods(self, handler: str, default: tuple[str, ...]) -> tuple[str, ...]:
        """HTTP methods of a class-based view (its get/post/... methods), else `default`."""
        found = self.module_prefix(handler)
        if found is not None and found[1]:
            cls = self.data[found[0]].classes.get(".".join(found[1]))
            if cls is not None:
                methods = tuple(m.upper() for m in HTTP_METHODS if m in cls.methods)
                return methods or default
        return default

    # ------------------------------------------------------------------ tables

    def _class_ref(self, module: str, base: str) -> str:
        """Module-qualified name of a base class (project class or external dotted name)."""
        if base in self.data[module].classes:
            return f"{module}.{base}"
        head = base.split(".")[0]
        if head not in self.data[module].bindings:
            return base
        resolved = self.resolve_local(module, base)
        target, symbol, rest = resolved
        if symbol and symbol in self.data[target].classes:
            return ".".join([target, symbol, *rest])
        return self.external_name(module, base)

    def _class_hierarchy(self) -> tuple[dict[str, tuple[str, RawClass]], dict[str, list[str]]]:
        """Every project class by qualified name, and its bases resolved (project classes by
        qualified name, others by dotted name); computed once for routes and tables."""
        if self._hierarchy is None:
            classes = {f"{name}.{cls.name}": (name, cls) for name, data in self.data.items()
                       for cls in data.facts.classes}
            bases = {qual: [self._class_ref(module, b) for b in cls.bases]
                     for qual, (module, cls) in classes.items()}
            self._hierarchy = (classes, bases)
        return self._hierarchy

    def _tables(self, uses: list[SymbolUse]) -> tuple[list[Table], list[ModelRelation]]:
        classes, bases = self._class_hierarchy()

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
                    elif base.startswith("django.") and base.endswith(".Model"):
                        result = "django"
                    elif base.startswith(("sqlalchemy", "flask_sqlalchemy")) or (
                        base.split(".")[-1] in ("Model", "Base", "DeclarativeBase")
                        and (cls.column_fields or cls.tablename)
                    ):
                        result = "sqlalchemy"
                    if result:
                        break
                if result is None and cls.tablename:
                    result = "orm"
                if result is None and cls.django_fields and any(
                    b.split(".")[-1] == "Model" for b in bases[qual]
                ):
                    result = "django"
            memo[qual] = result
            return result

        model_table: dict[str, str] = {}
        models: dict[str, list[ModelRef]] = defaultdict(list)

        def table_of(qual: str, depth: int = 0) -> str | None:
            module, cls = classes[qual]
            kind = kind_of(qual)
            if kind is None or cls.abstract or depth > 20:
                return None
            if kind == "django":
                if cls.db_table:
                    return cls.db_table
                return f"{cls.app_label or _app_label(module)}_{cls.name.split('.')[-1].lower()}"
            if cls.tablename:
                return cls.tablename
            for base in bases[qual]:
                if base in classes and kind_of(base):
                    inherited = table_of(base, depth + 1)
                    if inherited:
                        return inherited
            if cls.column_fields:
                return _snake(cls.name.split(".")[-1])
            return None

        for qual in sorted(classes):
            table = table_of(qual)
            if table is None:
                continue
            module, cls = classes[qual]
            model_table[qual] = table
            models[table].append(ModelRef(qual, module, self.data[module].source.path,
                                          cls.line, kind_of(qual) or "orm"))
        object_tables: dict[str, str] = {}
        for name, data in self.data.items():
            for obj in data.facts.table_objects:
                ref = f"{name}.{obj.var}" if obj.var else f"{name}:{obj.table}"
                if obj.var:
                    object_tables[ref] = obj.table
                models[obj.table].append(ModelRef(ref, name, data.source.path, obj.line,
                                                  "table"))

        for name, data in self.data.items():
            for mapped, table_var, _line in data.facts.mappings:
                cls_module, cls_symbol, _ = self.resolve_local(name, mapped)
                tab_module, tab_symbol, _ = self.resolve_local(name, table_var)
                table = object_tables.get(f"{tab_module}.{tab_symbol}")
                qual = f"{cls_module}.{cls_symbol}"
                if table and qual in classes and qual not in model_table:
                    model_table[qual] = table
                    models[table].append(ModelRef(qual, cls_module,
                                                  self.data[cls_module].source.path,
                                                  classes[qual][1].line, "sqlalchemy"))

        readers: dict[str, set[TableAccess]] = defaultdict(set)
        writers: dict[str, set[TableAccess]] = defaultdict(set)
        for name, data in self.data.items():
            for sql in data.facts.sql:
                access = TableAccess(name, data.source.path, sql.line, "sql")
                (writers if sql.op == "write" else readers)[sql.table].add(access)
        for (target, symbol), found in self.member_uses.items():
            qual = f"{target}.{symbol}"
            table = model_table.get(qual) or object_tables.get(qual)
            if table is None:
                continue
            for source, rest, kind, line in found:
                if kind == "base":
                    continue
                access = TableAccess(source, self.data[source].source.path, line, symbol)
                writes = (kind == "call" and not rest) or any(m in WRITE_METHODS for m in rest)
                (writers if writes else readers)[table].add(access)
        self._own_accesses(model_table, object_tables, readers, writers)
        for name, data in self.data.items():
            for app_label, model, line in data.facts.model_lookups:
                for qual, table in model_table.items():
                    if qual.rsplit(".", 1)[-1] == model and (
                        _app_label(classes[qual][0]) == app_label
                        or classes[qual][1].app_label == app_label
                    ):
                        readers[table].add(TableAccess(name, data.source.path, line, model))

        names = sorted(set(models) | set(readers) | set(writers))
        tables = [
            Table(
                name=table,
                models=tuple(sorted(models.get(table, []), key=lambda m: (m.module, m.line))),
                readers=tuple(sorted(readers.get(table, set()),
                                     key=lambda a: (a.module, a.line, a.via))),
                writers=tuple(sorted(writers.get(table, set()),
                                     key=lambda a: (a.module, a.line, a.via))),
            )
            for table in names
        ]
        relations = self._relations(classes, model_table)
        return tables, relations

    def _own_accesses(self, model_table: dict[str, str], object_tables: dict[str, str],
                      readers: dict[str, set[TableAccess]],
                      writers: dict[str, set[TableAccess]]) -> None:
        """Accesses the cross-module uses miss: a module using its own model classes and
        Table objects (`secondary=tags`, `session.get(User, id)` in a method), and writes
        through `insert(M)`, `update(M)`, `delete(M)`, `bulk_*_mappings(M, rows)`."""
        for name, data in self.data.items():
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
                head = expression.split(".")[0]
                if head in bindings:
                    target, symbol, rest = self.resolve_local(name, expression)
                else:
                    target, symbol, rest = name, head, tuple(expression.split(".")[1:])
                qual = f"{target}.{symbol}"
                table = model_table.get(qual) or object_tables.get(qual)
                if table is None or any(part in WRITE_METHODS for part in rest):
                    continue  # not a model, or `M.__table__.insert()` counted already
                access = TableAccess(name, path, line, symbol)
                readers[table].discard(access)
                writers[table].add(access)

    def _relations(self, classes: dict[str, tuple[str, RawClass]],
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
                found = self._relation_target(module, target, by_short, by_table)
                if found is None or found == qual:
                    continue
                relations.append(ModelRelation(qual, found, module, classes[found][0],
                                               self.data[module].source.path, line))
        return relations

    def _relation_target(self, module: str, target: str, by_short: dict[str, list[str]],
                         by_table: dict[str, str]) -> str | None:
        if target.startswith("table:"):
            return by_table.get(target[6:].split(".")[0])
        if target == "self":
            return None
        if "." in target and target.count(".") == 1 and target.split(".")[0] not in (
            self.data[module].bindings
        ):
            label, short = target.split(".")
            for qual in by_short.get(short, []):
                if _app_label(qual.rsplit(".", 1)[0]) == label:
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
            if target not in self.data[module].bindings:
                return None
        resolved = self.resolve_local(module, target)
        qual = ".".join(part for part in (resolved[0], resolved[1], *resolved[2]) if part)
        return qual if qual in by_short.get(qual.rsplit(".", 1)[-1], []) else None


def _flatten(patterns: tuple[RawUrlPattern, ...]) -> Iterable[RawUrlPattern]:
    for pattern in patterns:
        yield pattern
        yield from _flatten(pattern.nested)


def _app_label(module: str) -> str:
    """Django's default app label: the package holding `models` (or the module's package)."""
    parts = module.split(".")
    if "models" in parts:
        index = len(parts) - 1 - parts[::-1].index("models")
        if index > 0:
            return parts[index - 1]
    return parts[-2] if len(parts) > 1 else parts[0]


def _snake(name: str) -> str:
    """Flask-SQLAlchemy's default table name: CamelCase -> camel_case."""
    return re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower()


def join_path(prefix: str, path: str) -> str:
    """Join a router prefix and a route path the way Flask and FastAPI do."""
    if not prefix:
        return path if path.startswith("/") else "/" + path
    if not path:
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def link(root: str, files: Iterable[tuple[SourceFile, FileFacts]],
         problems: Iterable[Problem] = ()) -> ProjectIndex:
    """Link every file's facts into one project index."""
    return Linker(root, files, problems).index()
