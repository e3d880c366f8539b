"""Families of layer modules: one domain written once in each layer package.

In a layered application a domain is a file of the same name in each layer package:
`crud/settings`, `services/settings`; `crud/payments`, `models/payments`,
`services/payments`. When the name is a platform word (`settings`, `helpers`, `exceptions`)
the name alone reads like shared code; the mirror across the layers says it is one
domain's layer (admin settings stored in a `system_settings` table), not the kernel's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from strangler.seams.words import ROLE_AFFIX, TRUE_LAYERS, singular


def layer_key(module: str) -> tuple[str, str, str] | None:
    """(container, layer package, family name) of a module that sits directly in a layer
    package (`lnbits.core.crud.settings` -> `lnbits.core`, `crud`, `setting`;
    `views/payment_api` -> family `payment`), else None."""
    parts = module.split(".")
    if len(parts) < 2 or parts[-2].lower() not in TRUE_LAYERS:
        return None
    name = singular(ROLE_AFFIX.sub("", parts[-1].lower()))
    if not name or name == "__init__":
        return None
    return ".".join(parts[:-2]), parts[-2].lower(), name


def layer_family_map(modules: Iterable[str]) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(container, family name) -> layer package -> its modules of that family
    (`layer_key`)."""
    families: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list))
    for module in modules:
        key = layer_key(module)
        if key is not None:
            container, layer, name = key
            families[(container, name)][layer].append(module)
    return families


def mirrored_layers(modules: Iterable[str], owners: set[str]) -> set[str]:
    """Modules of a layer family with data: the same name (role suffix aside, singular) in
    two layer packages or more of one container, one of them mapping or writing a table
    (`owners`). Each member is that domain's layer, whatever its name says."""
    families = layer_family_map(modules)
    found: set[str] = set()
    for layers in families.values():
        members = [m for found_in in layers.values() for m in found_in]
        if len(layers) >= 2 and any(m in owners for m in members):
            found.update(members)
    return found



def family_units(graph: Any, units: dict[str, str], kept: dict[str, str]) -> dict[str, str]:
    """`kept` (`propose.cohesive_units`) with the layer families held together: a module
    directly in a layer package whose own name is its unit's domain word (`forms/users` of
    unit `user`, beside `api/v1/users` and `schemas/users`) stays with its unit when
    something ties it to the unit and what pulls it harder is its own layer only: the
    layer package's base (`forms/__init__`'s BaseForm) and its sibling modules. A layer is
    not a domain; another domain pulling it harder keeps it free."""
    from strangler.seams.propose import UNIT_NODE

    spread: dict[str, set[str]] = defaultdict(set)
    for name, found in units.items():
        key = layer_key(name)
        if key is not None and found == f"word:{key[2]}":
            spread[found].add(key[1])
    result = dict(kept)
    for module in sorted(graph.nodes):
        unit = units.get(module)
        key = layer_key(module)
        if (module in kept or unit is None or key is None or unit != f"word:{key[2]}"
                or len(spread[unit]) < 2):
            continue
        layer = module.rsplit(".", 1)[0]
        own = 0.0
        pull: dict[str, float] = defaultdict(float)
        for neighbour, data in graph[module].items():
            weight = data.get("weight", 1.0)
            if units.get(neighbour) == unit:
                own += weight
            elif neighbour != layer and neighbour.rsplit(".", 1)[0] != layer:
                pull[units.get(neighbour, neighbour)] += weight
        if own > 0 and all(value <= own for value in pull.values()):
            result[module] = UNIT_NODE + unit
    return result


SLICE_FAMILY_LAYERS = 3  # layer packages a family spans to be a domain without data


def slice_families(modules: Iterable[str]) -> set[str]:
    """Modules of a layer family written in SLICE_FAMILY_LAYERS layer packages or more of
    one container (`models/lnurl`, `services/lnurl`, `views/lnurl_api`), tables or not:
    the team's own naming draws that slice across the layers (as `propose.split_slices`
    reads it), so each member is the domain's layer, never the platform's, however many
    domains use it. A family named by no domain word (`commands/exceptions`,
    `daos/exceptions`, `views/exceptions`: a layer or platform word) is no slice."""
    from strangler.seams.words import name_words

    families = layer_family_map(modules)
    return {m for (_, name), layers in families.items()
            if len(layers) >= SLICE_FAMILY_LAYERS and name_words(f"_.{name}")[0]
            for found_in in layers.values() for m in found_in}
