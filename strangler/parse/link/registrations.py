"""How many blueprints, routers, mounted apps and namespaces each module registers on an
application or router (`register_blueprint`, `include_router`, `mount`, `add_namespace`).
A Django URLconf's DRF `router.register(...)` calls are left out: there the viewsets are
the app's own, and the URLconf is judged by Django's rules."""

from __future__ import annotations

from strangler.parse.link.names import Linker


def registrations(linker: Linker) -> tuple[tuple[str, int], ...]:
    """(module, registrations) for each module with any, sorted by module."""
    found: list[tuple[str, int]] = []
    for name, data in sorted(linker.data.items()):
        facts = data.facts
        if facts.urlpatterns or facts.pattern_lists:
            continue
        count = len({(register.owner, register.target, register.line)
                     for register in facts.registers})
        if count:
            found.append((name, count))
    return tuple(found)
