"""The roots a project's settings name by dotted string: Django's ROOT_URLCONF (a module),
WSGI_APPLICATION and ASGI_APPLICATION (an object in a module). What the project says its
roots are comes before any rule on names (`seams.kernel.find_roots`)."""

from __future__ import annotations

from strangler.parse.link.names import Linker

ROOT_SETTINGS = ("ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION")


def named_module(value: str, modules: set[str]) -> str | None:
    """The project module a dotted string names: the module itself or, for an object
    (`proj.wsgi.application`), the module defining it; below a source folder, the one
    module whose name ends with it."""
    for candidate in (value, value.rsplit(".", 1)[0] if "." in value else ""):
        if not candidate:
            continue
        if candidate in modules:
            return candidate
        ending = [m for m in modules if m.endswith("." + candidate)]
        if len(ending) == 1:
            return ending[0]
    return None


def declared_roots(linker: Linker) -> tuple[tuple[str, str], ...]:
    """(module, setting) for each project module a root setting names, sorted."""
    modules = set(linker.data)
    found = {(module, key) for data in linker.data.values()
             for key, value in data.facts.settings if key in ROOT_SETTINGS
             and (module := named_module(value, modules)) is not None}
    return tuple(sorted(found))
