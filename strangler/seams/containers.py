"""Containers of domains: packages whose children are the domains (`app/modules/<domain>/`).

A modular monolith keeps its domains in one package (`modules/`, `components/`, a domain
that holds sub-domains: `modules/events/<part>/`). Such a package is where packages become
domains, not a domain itself: the packages baseline splits it into its children, and a
seam is not named after it. A container is a package below the top level that holds a
third of the project's modules or more (SHARE) and CONTAINED (3) child packages or more of
two modules each whose names are no layer (`views/`, `models/`: a package made of layers is
one domain's). Read recursively: a domain package that is big enough and holds domain
packages of its own (`modules/events/`, with `abstracts/`, `papers/`...) is one too.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from strangler.seams.name_sets import once_per_name_set
from strangler.seams.words import LAYER_WORDS

# Interface technologies: a package named so (`graphql/`) is a layer, as `api/` is.
INTERFACE_WORDS = frozenset({"graphql", "grpc", "rpc"})
SHARE = 3  # a container holds at least 1/SHARE of the project's modules
CONTAINED = 3  # child packages (two modules or more, not a layer) of a container


@once_per_name_set  # (five rules ask)
def domain_containers(modules: frozenset[str]) -> frozenset[str]:
    """The containers of domains among the packages of `modules` (dotted names; see the
    module docstring)."""
    names = sorted(modules)
    below: Counter[str] = Counter()
    kids: dict[str, Counter[str]] = defaultdict(Counter)
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts)):
            package = ".".join(parts[:depth])
            below[package] += 1
            if depth < len(parts) - 1:
                kids[package][parts[depth]] += 1
    return frozenset(
        package for package, count in below.items()
        if "." in package and count * SHARE >= len(names)
        and sum(1 for kid, size in kids[package].items()
                if size >= 2 and kid.lower() not in LAYER_WORDS) >= CONTAINED)


def container_label(module: str, label: str, containers: frozenset[str]) -> str:
    """`label` (a package holding `module`, or `module` itself) taken down through the
    containers: the child package of the container that holds `module`, while that child
    is not a layer (`modules/events/abstracts`; `modules/events/controllers` stays with
    `modules/events`)."""
    while label in containers and module.startswith(label + "."):
        child = module[len(label) + 1:].split(".", 1)
        if len(child) < 2 or child[0].lower() in LAYER_WORDS:
            break
        label = f"{label}.{child[0]}"
    return label


def domain_path(module: str, containers: frozenset[str]) -> str | None:
    """`module`'s name read from the package a container of domains holds it in: its
    domain package (`abstracts.controllers.display` of
    `app.modules.events.abstracts.controllers.display`; `events.util` of
    `app.modules.events.util`), or the container's child when that is a layer word
    (`api.controllers` of `app.modules.api.controllers`); None when no container holds it."""
    outer = next((c for c in sorted(containers, key=len) if module.startswith(c + ".")),
                 None)
    if outer is None:
        return None
    label = container_label(module, outer, containers)
    if label == outer:
        return module[len(outer) + 1:]
    return module[len(label.rpartition(".")[0]) + 1:]


def contained_units(units: dict[str, str]) -> dict[str, str]:
    """Domain units (`words.domain_units`) taken down through the containers of domains:
    a unit that is a container (`app.modules`, holding 600 modules of 30 domains) becomes
    the domain packages it holds (`container_label`). A container named like a layer or an
    interface (`graphql/`, `blueprints/`), or whose modules mostly joined other units
    already (`graphql/<domain>` mirrors, `words._mirrors`), is a layer of the domains and
    is left as it is: two domain packages in it do not make a mirror, nor more units."""
    containers = domain_containers(units)
    if not containers:
        return units
    sizes = Counter(units.values())
    below = Counter(c for name in units for c in containers if name.startswith(c + "."))
    whole = {c for c in containers if sizes[c] * 2 >= below[c]
             and c.rsplit(".", 1)[-1].lower() not in LAYER_WORDS | INTERFACE_WORDS}
    if not whole:
        return units
    return {name: container_label(name, unit, containers) if unit in whole else unit
            for name, unit in units.items()}
