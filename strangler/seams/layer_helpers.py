"""Role modules of a layer package that several domains share.

In layer-first code (`controllers/`, `model/`, `views/`), the layer package holds one module
per domain (`model/repo`, `model/user`, `model/gist`) and, beside them, modules named by
their role in the layer: `model/base`, `model/forms` (the FormEncode forms of every area),
`model/validators`, `controllers/error`. Those are the layer's own plumbing: no domain owns
them, every domain's module of the layer builds on them. The clustering glues each to the
domain that pulls hardest (Kallithea's forms and validators to the users seam).

The shape: a package named like a layer (`words.TRUE_LAYERS`), beside another package
named like a layer (a layer-first layout: `model/` beside `controllers/`), whose direct
modules lie in
`LAYER_SEAMS` seams or more (a layer of several domains, not one domain's `models/`), none
of which maps one domain's tables (a Django app named `views` is a domain; a schema module
mapping most tables, `model/db`, is no domain's: `index_facts.schema_sized`); a
direct module of it named by a role (`ROLE_NAMES`), that maps and writes no table and that
modules of two seams or more use, joins the kernel. Applied after the clustering, as the
other platform passes are. Linear in modules and dependencies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex
from strangler.seams.index_facts import data_facts, schema_sized
from strangler.seams.propose import Grouping
from strangler.seams.words import TRUE_LAYERS

LAYER_SEAMS = 3  # seams the direct modules of a layer package lie in
ROLE_NAMES = frozenset({"base", "forms", "form", "validators", "validation", "meta", "utils",
                        "util", "helpers", "error", "errors", "exceptions", "mixins",
                        "decorators", "fields", "widgets"})


def layer_role_modules(index: ProjectIndex, graph: CouplingGraph, grouping: Grouping,
                       excluded: Iterable[str]) -> tuple[Grouping, list[KernelModule]]:
    """The role modules of shared layer packages (see the module's text) taken from their
    seams into the kernel. Pinned groups and `excluded` modules stay."""
    from strangler.seams.kernel import runtime_edges

    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    pinned = {m for name, members in grouping.groups if name for m in members}
    skip = pinned | set(excluded)
    facts = data_facts(index, graph)
    data = facts.mapping | set(facts.written)
    packages = {m.name for m in index.modules if m.is_package}
    seams_in: dict[str, set[int]] = defaultdict(set)
    for module in index.modules:
        name = module.name
        if "." in name and name in label:
            seams_in[name.rsplit(".", 1)[0]].add(label[name])
    # (a package with a module mapping one domain's tables is that domain's, whatever its
    # name: rdmo's `views` app of output templates; a schema module mapping most tables,
    # Kallithea's `model/db`, is no domain's)
    mapped: dict[str, int] = defaultdict(int)
    for found in facts.mapped_by.values():
        for mapper in found:
            mapped[mapper] += 1
    domains = {m.rsplit(".", 1)[0] for m, n in mapped.items()
               if "." in m and not schema_sized(n, facts.tables)}
    # (a layer-first layout: another package beside it is named like a layer too, as
    # `controllers/` beside `model/`; pgAdmin's `databases/schemas/` is a domain's)
    def parent(package: str) -> str:
        return package.rsplit(".", 1)[0] if "." in package else ""

    layered = {p for p in packages if p.rsplit(".", 1)[-1] in TRUE_LAYERS}
    parents: dict[str, int] = defaultdict(int)
    for layer in layered:
        parents[parent(layer)] += 1
    layers = {p for p, found in seams_in.items()
              if p in layered and parents[parent(p)] >= 2
              and len(found) >= LAYER_SEAMS and p not in domains}
    if not layers:
        return grouping, []
    candidates = {m.name for m in index.modules
                  if "." in m.name and m.name not in packages and m.name in label
                  and m.name not in skip and m.name not in data
                  and m.name.rsplit(".", 1)[0] in layers
                  and m.name.rsplit(".", 1)[1] in ROLE_NAMES}
    users: dict[str, set[int]] = defaultdict(set)
    for source, target in runtime_edges(graph):
        if target in candidates and source in label and source != target:
            users[target].add(label[source])
    taken = sorted(m for m in candidates if len(users[m]) >= 2)
    if not taken:
        return grouping, []
    package = {m: m.rsplit(".", 1)[0] for m in taken}
    return grouping.without(set(taken)), [
        KernelModule(m, f"the {m.rsplit('.', 1)[1]} of the layer package {package[m]}, "
                        f"whose modules lie in {len(seams_in[package[m]])} seams: used by "
                        f"{len(users[m])} of them, no table of its own")
        for m in taken]
