"""Flask-AppBuilder routes: each concrete view or API class serves the `@expose`d methods it
defines or inherits (the nearest definition wins) and, for a ModelRestApi, the CRUD routes
Flask-AppBuilder adds, filtered by `include_route_methods` and `exclude_route_methods`, under
its own or inherited `route_base` / `resource_name`."""

from __future__ import annotations

from strangler.model import RawClass, RawRouteDecl, Route
from strangler.parse.link.names import MAX_HOPS, Linker
from strangler.parse.link.paths import join_path

# The routes Flask-AppBuilder 4's ModelRestApi adds to every subclass: (method, path, verbs).
FAB_MODEL_API_ROUTES = (
    ("info", "/_info", ("GET",)), ("get", "/<int:pk>", ("GET",)), ("get_list", "/", ("GET",)),
    ("post", "/", ("POST",)), ("put", "/<pk>", ("PUT",)), ("delete", "/<pk>", ("DELETE",)),
)


def fab_routes(linker: Linker) -> list[Route]:
    """The Flask-AppBuilder routes of the project."""
    exposed: dict[str, dict[str, list[RawRouteDecl]]] = {}
    for name, data in linker.data.items():
        for decl in data.facts.route_decls:
            if decl.owner == "<class>" and "." in decl.handler and decl.path is not None:
                owner, method = decl.handler.rsplit(".", 1)
                exposed.setdefault(f"{name}.{owner}", {}).setdefault(method, []).append(decl)
    if not exposed and not any(imp.module.startswith("flask_appbuilder")
                               for data in linker.data.values() for imp in data.facts.imports):
        return []
    classes, bases = linker.class_hierarchy()
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
        include = _fab_filter(linker, found, "include_routes")
        exclude = _fab_filter(linker, found, "exclude_routes") or set()

        def allowed(method: str) -> bool:
            return (include is None or method in include) and method not in exclude  # noqa: B023

        seen: set[str] = set()
        path = linker.data[module].source.path
        for owner in chain:
            _, owner_cls = classes[owner]
            for method in owner_cls.methods:
                if method in seen:
                    continue
                seen.add(method)
                for decl in exposed.get(owner, {}).get(method, ()):
                    if allowed(method) and decl.path is not None:
                        line = decl.line if owner == qual else cls.line
                        routes.append(Route(decl.methods, join_path(route_base, decl.path),
                                            f"{qual}.{method}", module, path, line, "fab"))
        if any(q.startswith("flask_appbuilder") and q.endswith("ModelRestApi")
               for q in external):
            for method, route_path, verbs in FAB_MODEL_API_ROUTES:
                if method not in seen and allowed(method):
                    routes.append(Route(verbs, join_path(route_base, route_path),
                                        f"{qual}.{method}", module, path, cls.line, "fab"))
    return routes


def _fab_filter(linker: Linker, chain: list[tuple[str, RawClass]], attribute: str
                ) -> set[str] | None:
    """The nearest `include_route_methods` / `exclude_route_methods` as a set of names;
    None when unset or not understood (then Flask-AppBuilder's default: no filter)."""
    for module, cls in chain:
        terms = getattr(cls, attribute)
        if terms is not None:
            return _string_set(linker, module, cls, terms, 0)
    return None


def _string_set(linker: Linker, module: str, cls: RawClass, terms: tuple[str, ...],
                depth: int) -> set[str] | None:
    if depth > MAX_HOPS:
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
            found = _string_set(linker, module, cls, local[reference], depth + 1)
        else:
            target, symbol, rest = linker.resolve_local(module, reference)
            owner = linker.data[target].classes.get(symbol) if target in linker.data else None
            value = dict(owner.constants).get(rest[0]) if owner and len(rest) == 1 else None
            if owner is None or value is None:
                return None
            found = _string_set(linker, target, owner, value, depth + 1)
        if found is None:
            return None
        names |= found
    return names
