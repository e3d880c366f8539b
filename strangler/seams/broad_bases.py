"""Bases that most of a layer's domains stand on, even when they touch a table.

`layer_bases` keeps a layer package's base out of the clustering only when it maps, writes
and reads no table. A DRF project's base viewset (`viewsets/base.py`: `NamedModelViewSet`,
the roles mixin that assigns the creator's object roles) or a serializer `fields` module
that resolves a hyperlink by reading the table it points to touches tables, yet every
domain's module of the layer subclasses or calls it: it is the layer's scaffolding, and no
domain owns it. Left in, it is the one thing every viewset shares, and it glues the layer
back into one seam.

A base of this kind is kept narrow: it maps no table (a models `base` with concrete models
is a domain's), serves no route, no domain's package encloses it, the layer's own modules
of BROAD_SHARE of the layer's domains use it (LAYER_DOMAINS at least), not merely three of
them, and if it touches a table it is named as scaffolding (SCAFFOLD_NAMES or a helper
name), or is the layer package itself, or, named by no table, touches the tables of
LAYER_DOMAINS of the very domains that use it (patchwork's `api/embedded`: a nested
serializer for every model, every domain's and none's). A layer known by its shape counts
unless a helper name names it (`lib/`: its modules are the platform's anyway, found by their
breadth)."""

from __future__ import annotations

from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.index_facts import data_facts, runtime_users, served_modules

BROAD_SHARE = 1 / 2  # of the layer's domain-named modules whose domains use the base
# Names of a layer's scaffolding besides the helper names (`kernel.KERNEL_NAMES`): a base
# that touches a table is one only when named so, or when it is the layer's own `__init__`
# (a domain-named module many commands call, `commands/sync_service`, is its domain's).
SCAFFOLD_NAMES = frozenset({"fields", "generic", "abstract", "bases", "base", "mixins"})


def broad_layer_bases(index: ProjectIndex, graph: CouplingGraph) -> dict[str, int]:
    """Each broad layer base (see the module's docstring) -> how many of its layer's
    domains use it. Layers are the packages named in `TRUE_LAYERS` and the ones known by
    their shape (`mirror_layers.mirrored_layers`)."""
    from strangler.seams.compound_layers import layer_named
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.kernel import KERNEL_NAMES
    from strangler.seams.layer_bases import LAYER_DOMAINS, platform_free
    from strangler.seams.mirror_layers import mirrored_layers
    from strangler.seams.words import NOT_A_DOMAIN, ROLE_AFFIX, TRUE_LAYERS, children_of, singular

    def family(module: str) -> str:  # (as `layer_bases`: own name, role suffix aside)
        return singular(ROLE_AFFIX.sub("", module.rsplit(".", 1)[-1].lower()))

    names = {m.name for m in index.modules}
    packages = {m.name for m in index.modules if m.is_package}
    children = children_of(names)
    mapping = data_facts(index, graph).mapping
    serving = served_modules(index).serving
    users = runtime_users(graph)
    tops = platform_tops(names)
    layers = TRUE_LAYERS | platform_free(mirrored_layers(names))
    # (and the layer packages two siblings of any name make: `layer_pairs._unnamed_pairs`)
    from strangler.seams.layer_pairs import paired_layer_packages

    unnamed = paired_layer_packages(names).unnamed
    data = data_facts(index, graph).touches_data
    # (a base touching the tables of the very domains that use it, `api/embedded` of a
    # nested serializer for every model, is every domain's scaffolding, not one's)
    touched: dict[str, set[str]] = {}
    for link in graph.table_access:
        touched.setdefault(link.module, set()).add(link.table)
    project_words = table_name_words(table.name for table in index.tables)  # (`api/project`)
    found: dict[str, int] = {}
    for layer in sorted(children):
        if not layer_named(layer.rsplit(".", 1)[-1].lower(), layers) and layer not in unnamed:
            continue
        kids = children[layer]
        families = {family(k) for k in kids - packages
                    if k.rsplit(".", 1)[-1].lower() not in NOT_A_DOMAIN}
        for base in sorted(kids | ({layer} if layer in names else set())):
            if (base in mapping or base in serving
                    or domain_enclosed(base, tops, frozenset(KERNEL_NAMES))):
                continue
            last = base.rsplit(".", 1)[-1].lower()
            domains = {family(user) for user in users.get(base, frozenset()) & kids
                       if user != base}
            domains.discard(family(base))
            if base in data and base != layer and last not in SCAFFOLD_NAMES | KERNEL_NAMES \
                    and (family(base) in project_words
                         or len(domains & table_name_words(touched.get(base, ()))) < LAYER_DOMAINS):
                continue
            if len(domains) >= LAYER_DOMAINS and len(domains) >= BROAD_SHARE * len(families):
                found[base] = len(domains)
    return found


def table_name_words(tables: Iterable[str]) -> set[str]:
    """The singular words of the tables' names (`patchwork_patch` -> patchwork, patch)."""
    from strangler.seams.words import singular

    return {singular(word) for table in tables
            for word in table.rsplit(".", 1)[-1].lower().split("_") if word}
