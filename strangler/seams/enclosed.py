"""Platform names inside a domain's package.

A module named `exceptions`, `utils`, `constants`, `types` or `mixins` reads like platform
code, and the kernel rule lets such a name stand in for breadth (two domains using it are
enough). That holds where the name sits in the platform's own places: the project package,
`utils/`, `lib/`, `core/`, a layer package (`commands/utils`, `daos/exceptions`). Inside a
domain's package (`commands/dashboard/exceptions`, `ipam/constants`, `discount/utils/shared`)
it is that domain's helper: the domain's name encloses it, and only real breadth (a third of
the domains) makes it shared."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from strangler.seams.words import LAYER_WORDS, PLUGIN_CONTAINERS, STOP_WORDS, UNIT_STOP

# Interface packages that hold a part of every domain (`graphql/`, Django REST framework's
# `viewsets/`) are places of the platform too, like the layer words (`api`, `serializers`).
INTERFACE_WORDS = frozenset({"graphql", "viewsets", "viewset"})


def platform_tops(modules: Iterable[str]) -> set[str]:
    """Top-level packages that are the platform's own place: one holding a third of the
    modules or more (the application package, `ckan` beside its `ckanext` plugins) and the
    Django project package (the one holding `settings`, `wsgi` or `asgi`)."""
    names = set(modules)
    counts = Counter(name.split(".", 1)[0] for name in names)
    return {top for top, count in counts.items() if count * 3 >= len(names) or any(
        f"{top}.{last}" in names for last in ("settings", "wsgi", "asgi"))}


def domain_enclosed(module: str, tops: set[str], platform_words: frozenset[str]) -> bool:
    """Whether a package named after a domain encloses `module`: one of its packages (the
    platform's top packages aside) has a name that is no layer, platform or generic word
    (`platform_words`: the kernel's name hints)."""
    parts = module.split(".")[:-1]
    if parts and parts[0] in tops:
        parts = parts[1:]
    return any(domain_word(part, platform_words) for part in parts)


def domain_word(part: str, platform_words: frozenset[str]) -> bool:
    """Whether a package's name is a domain's: no layer, platform or generic word."""
    place = LAYER_WORDS | STOP_WORDS | UNIT_STOP | PLUGIN_CONTAINERS | INTERFACE_WORDS \
        | platform_words
    # (`apihandlers`: two layer words run together name a layer, `seams.compound_layers`)
    from strangler.seams.compound_layers import compound_layer

    return part.lower() not in place and not part.startswith("_") \
        and not compound_layer(part)

