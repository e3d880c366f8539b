"""Concept layer packages: the same-package bonus does not glue their concepts together.

The coupling graph rewards two modules of one package (`SignalWeights.package`): the
authors put them together. In a layered application written one module per concept in
each layer (`model/member.py`, `model/mailinglist.py` beside `interfaces/member.py`,
`interfaces/mailinglist.py`, `rest/members.py`), a layer package holds every concept of
the application: two of its modules sit together because they are the same layer, not
the same domain, and the bonus only thickens the ties between the concepts (the model of
a list and the model of its members) until the clustering merges them into one seam.

A concept layer package is a package at least CONCEPT_SHARE of whose modules are slices of
CONCEPT_MIN or more different domain units (`words.domain_units`) each with modules in some
other package too. Between two of its slices of DIFFERENT units that both work on data
(map, read or write a table) the same-package bonus is not given (`signals.signal_graph`);
modules of one unit keep it, and so do concepts without data (a `forms/` or `schemas/`
layer: CTFd's groups lean on that bonus) and every pair in any other package."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

CONCEPT_SHARE = 0.75  # of a package's modules, slices of units that span other packages
CONCEPT_MIN = 4  # different units among those slices


def concept_layer_packages(units: Mapping[str, str]) -> frozenset[str]:
    """The concept layer packages among the modules of `units` (module -> domain unit)."""
    return frozenset(concept_slices(units))


def concept_slices(units: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Each concept layer package -> its modules that are slices of a unit spanning other
    packages (the concepts; the package's own plumbing, `model/base`, is none)."""
    homes: dict[str, set[str]] = defaultdict(set)
    for module, unit in units.items():
        if unit.startswith("word:"):
            homes[unit].add(module.rsplit(".", 1)[0] if "." in module else "")
    children: dict[str, list[str]] = defaultdict(list)
    for module in units:
        if "." in module:
            children[module.rsplit(".", 1)[0]].append(module)
    found: dict[str, frozenset[str]] = {}
    for package, members in children.items():
        slices = [m for m in members if len(homes.get(units[m], ())) > 1]
        if len(slices) >= CONCEPT_SHARE * len(members) \
                and len({units[m] for m in slices}) >= CONCEPT_MIN:
            found[package] = frozenset(slices)
    return found
