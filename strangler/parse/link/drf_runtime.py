"""Django REST framework routers filled at run time: `router.register(viewset.urlpattern(),
viewset)` in a loop or method over viewset classes the app collects itself, and the router
(one of a list, built in a loop) included as `include(router.urls)`.

Which viewsets such a loop registers is not written anywhere; what is written is each
viewset's own route name, as a plain-string class attribute (`endpoint_name = "tasks"`).
So when the project has registrations whose prefix is read from the viewset, an included
`router.urls` that names no router of the project is taken to serve the project's DRF
viewset classes that declare such a name, under the include's prefix. Without any such
class the include stays unresolved, with that reason."""

from __future__ import annotations

from strangler.model import Route, UnresolvedRoute
from strangler.parse.link.names import Linker
from strangler.parse.link.paths import unmarked

# Class attributes a viewset names its route segment with when routers read it
ROUTE_NAME_ATTRIBUTES = ("endpoint_name",)
RUNTIME_REASON = "DRF router filled at run time: no viewset declares its route name"


def runtime_registrations(linker: Linker) -> list[tuple[str, int]]:
    """(module, line) of the project's DRF registrations whose prefix is read from the
    viewset (`router.register(viewset.urlpattern(), viewset)`)."""
    return [(name, register.line) for name, data in sorted(linker.data.items())
            for register in data.facts.runtime_registers]


def named_viewsets(linker: Linker) -> list[tuple[str, str, str, int]]:
    """(class, route name, module, line) of the project's DRF viewsets with a plain-string
    route name."""
    classes, bases = linker.class_hierarchy()
    memo: dict[str, bool] = {}

    def is_drf(qual: str, depth: int = 0) -> bool:
        if qual not in memo:
            memo[qual] = False
            memo[qual] = depth < 20 and any(
                base.startswith("rest_framework.")
                or (base in classes and is_drf(base, depth + 1)) for base in bases[qual])
        return memo[qual]

    found: list[tuple[str, str, str, int]] = []
    for qual in sorted(classes):
        module, cls = classes[qual]
        strings = dict(cls.strings)
        name = next((strings[key] for key in ROUTE_NAME_ATTRIBUTES if strings.get(key)), None)
        if name and is_drf(qual):
            found.append((qual, name.strip("/"), module, cls.line))
    return found


def runtime_drf_routes(linker: Linker, module: str, line: int, prefix: str
                       ) -> tuple[list[Route], list[UnresolvedRoute]] | None:
    """The routes of an included `router.urls` whose router the project fills at run time
    (None when the project registers no viewset that way)."""
    registrations = runtime_registrations(linker)
    if not registrations:
        return None
    file = linker.data[module].source.path
    viewsets = named_viewsets(linker)
    if not viewsets:
        return [], [UnresolvedRoute(module, file, line, "router.urls", RUNTIME_REASON)]
    routes: list[Route] = []
    for qual, name, owner, line in viewsets:
        # Served by the viewset's module: the one register call is generic plumbing that
        # every viewset passes through, not the code that serves the route.
        base, runtime = unmarked("/" + (prefix.rstrip("/") + "/" + name).strip("/"))
        for path in (base + "/", base + "/{pk}/"):
            routes.append(Route(("ANY",), path.replace("//", "/"), qual, owner,
                                linker.data[owner].source.path, line, "drf", runtime))
    return routes, []
