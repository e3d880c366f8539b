"""The scaffolding of a layer package: what the layer's domain modules all stand on.

In a layered application each layer package (`forms/`, `schemas/`, `handlers/`, `daos/`)
holds one module per domain, and beside them the layer's own base: the package's
`__init__` defining `BaseForm`, a `fields` module of custom field types, `daos/base`,
`handlers/base`. Such a base has no data of its own and is used by the layer's modules of
many domains. It is the platform's, and it must leave the clustering before it starts: in
the graph it is the one thing every form shares, so it glues the layer's modules into one
seam (a cut along the layer) instead of letting each go with its domain.

Kept narrow on purpose: the base sits in a layer package that no domain's package encloses
(`enclosed.domain_enclosed`: `dcim/models/mixins` is the dcim app's), it maps, writes and
reads no table (a settings store aside) and serves no route, and the layer's own modules
of LAYER_DOMAINS different domains use it, and it is not named after a domain that maps a
table (`schemas/agent` beside the `agents` table is the agent's schema, composed into the
schemas of what is attached to agents, not the layer's base). A package `__init__` that
re-exports its submodules counts too: re-exporting them is no use of theirs."""

from __future__ import annotations

import re

from strangler.graph import CouplingGraph
from strangler.model import ProjectIndex
from strangler.seams.index_facts import data_facts, runtime_users, served_modules
from strangler.seams.words import ROLE_AFFIX, TRUE_LAYERS, children_of, singular

LAYER_DOMAINS = 3  # domains of one layer whose modules use a base: the layer's, not one's
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # `AgentState` -> `Agent_State`


def _family(module: str) -> str:
    """A layer module's domain name: its own name, role suffix aside, singular."""
    return singular(ROLE_AFFIX.sub("", module.rsplit(".", 1)[-1].lower()))


def layer_bases(index: ProjectIndex, graph: CouplingGraph) -> dict[str, int]:
    """Each layer base (see the module's docstring) -> how many of its layer's domains use
    it. Read from the runtime imports, the tables, the routes and the module names only."""
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.kernel import KERNEL_NAMES

    names = {m.name for m in index.modules}
    children = children_of(names)
    facts = data_facts(index, graph)
    data = facts.touches_data | facts.mapping_data
    serving = served_modules(index).serving
    users = runtime_users(graph)
    tops = platform_tops(names)
    # (a layer package known by its shape, `viewsets/` beside `models/`, has a base too)
    from strangler.seams.mirror_layers import mirrored_layers

    layers = TRUE_LAYERS | platform_free(mirrored_layers(names))
    # (and the layer packages two siblings of any name make: `layer_pairs._unnamed_pairs`)
    from strangler.seams.layer_pairs import paired_layer_packages

    unnamed = paired_layer_packages(names).unnamed
    from strangler.seams.compound_layers import layer_named

    # (a module named after a domain that owns a table, by the table's name or its model
    # class's, is that domain's, however many domains' modules use it: letta's
    # `schemas/agent`, the agent's schema, composed into the schemas of the blocks, tools
    # and groups attached to agents; Django's `shop_order` table is the `Order` model's)
    owned = {_family(name) for table in index.tables if table.models
             for name in (table.name.rsplit(".", 1)[-1],
                          *(_CAMEL.sub("_", model.name.rsplit(".", 1)[-1])
                            for model in table.models))}
    found: dict[str, int] = {}
    for layer in sorted(children):
        if not layer_named(layer.rsplit(".", 1)[-1].lower(), layers) and layer not in unnamed:
            continue
        kids = children[layer]
        for base in sorted(kids | ({layer} if layer in names else set())):
            if (base in data or base in serving or (base != layer and _family(base) in owned)
                    or domain_enclosed(base, tops, frozenset(KERNEL_NAMES))):
                continue
            domains = {_family(user) for user in users.get(base, frozenset()) & kids
                       if user != base}
            domains.discard(_family(base))
            if len(domains) >= LAYER_DOMAINS:
                found[base] = len(domains)
    return found


def platform_free(layers: frozenset[str]) -> frozenset[str]:
    """The layers known by their shape that no helper name names (`lib/` beside `api/`
    is a layer for the domain words; its own modules are the platform's by breadth)."""
    from strangler.seams.kernel import KERNEL_NAMES

    return frozenset(layer for layer in layers if layer not in KERNEL_NAMES)


def plugin_frameworks(index: ProjectIndex, graph: CouplingGraph) -> set[str]:
    """The `__init__` of a plugin container (`plugins/`, `extensions/`: `PLUGIN_CONTAINERS`)
    that the plugins below it import (the registration API they call), where no module
    directly in the container maps a table and the `__init__` touches no table and serves
    no route: the plugin framework, the platform's. A plugin package may have tables of its
    own; a container with models of its own (flaskbb's `plugins/models`) is an app, and one
    inside a domain's package is that domain's."""
    from strangler.seams.enclosed import domain_enclosed, platform_tops
    from strangler.seams.kernel import KERNEL_NAMES, runtime_edges
    from strangler.seams.words import PLUGIN_CONTAINERS

    names = {m.name for m in index.modules}
    packages = {m.name for m in index.modules if m.is_package}
    facts = data_facts(index, graph)
    mapping, data = facts.mapping, facts.touches_data
    serving = served_modules(index).serving
    tops = platform_tops(names)
    found: set[str] = set()
    for container in sorted(packages):
        if (container.rsplit(".", 1)[-1].lower() not in PLUGIN_CONTAINERS
                or container in data or container in serving
                or domain_enclosed(container, tops, frozenset(KERNEL_NAMES))
                or any(m.rsplit(".", 1)[0] == container and m not in packages
                       for m in mapping)):
            continue
        if any(target == container and source.startswith(container + ".")
               for source, target in runtime_edges(graph)):
            found.add(container)
    return found
