"""Families of layer modules: one domain written once in each layer package.

In a layered application a domain is a file of the same name in each layer package:
`crud/settings`, `services/settings`; `crud/payments`, `models/payments`,
`services/payments`. When the name is a platform word (`settings`, `helpers`, `exceptions`)
the name alone reads like shared code; the mirror across the layers says it is one
domain's layer (admin settings stored in a `system_settings` table), not the kernel's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from strangler.seams.words import ROLE_SUFFIX, TRUE_LAYERS, singular


def layer_key(module: str) -> tuple[str, str, str] | None:
    """(container, layer package, family name) of a module that sits directly in a layer
    package (`lnbits.core.crud.settings` -> `lnbits.core`, `crud`, `setting`;
    `views/payment_api` -> family `payment`), else None."""
    parts = module.split(".")
    if len(parts) < 2 or parts[-2].lower() not in TRUE_LAYERS:
        return None
    name = singular(ROLE_SUFFIX.sub("", parts[-1].lower()))
    if not name or name == "__init__":
        return None
    return ".".join(parts[:-2]), parts[-2].lower(), name


def mirrored_layers(modules: Iterable[str], owners: set[str]) -> set[str]:
    """Modules of a layer family with data: the same name (role suffix aside, singular) in
    two layer packages or more of one container, one of them mapping or writing a table
    (`owners`). Each member is that domain's layer, whatever its name says."""
    families: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: defaultdict(list))
    for module in modules:
        key = layer_key(module)
        if key is not None:
            container, layer, name = key
            families[(container, name)][layer].append(module)
    found: set[str] = set()
    for layers in families.values():
        members = [m for found_in in layers.values() for m in found_in]
        if len(layers) >= 2 and any(m in owners for m in members):
            found.update(members)
    return found

