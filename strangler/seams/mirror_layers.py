"""Layer packages found by their shape, not by their name.

`words.TRUE_LAYERS` lists the usual names of a layer package (`models/`, `api/`,
`serializers/`). A project may call a layer something else: a Flask application's
`lib/<domain>.py` beside `api/<domain>.py` and `models/<domain>.py`, a DRF project's
`viewsets/<domain>.py` beside `models/<domain>.py` and `serializers/<domain>.py`. Such a
package is known by what it holds: its children repeat the domains of a sibling layer
package. Its name is then a layer word in this project, not a domain word (`viewset` is
no domain) and not a platform word (`lib/machine` is the machine domain's logic)."""

from __future__ import annotations

import re

from strangler.seams.name_sets import once_per_name_set

SHARED_MIN = 4  # children named after a domain of one sibling layer package
SHARED_SHARE = 1 / 3  # of the package's own domain-named children
# Names of a contract layer: a package of interface declarations (zope `Interface`s, ABCs,
# ports), one module per concept of the application, platform concepts included.
CONTRACT_LAYERS = frozenset({"interfaces", "interface", "contracts", "ports"})
VERSION = re.compile(r"^v\d+$")  # an API version package, looked through: `v2/<domain>`


@once_per_name_set  # (five rules ask)
def mirrored_layers(modules: frozenset[str]) -> frozenset[str]:
    """The names (lower case) of packages that sit beside a layer package (one named in
    `TRUE_LAYERS`) and whose children mirror it: at least SHARED_MIN of their children,
    and a third of those named after a domain, have a namesake (singular, role suffix
    read past) among that layer package's children, and, for a package not named by a
    layer word, those namesakes are a third of the layer package's domains too (a
    `cli/` of five command groups beside twenty handlers is a set of commands, not a
    layer of the application). A package named by another layer word (`tasks/` of one
    job module per domain) is found too: a layer word that names a table
    (`layer_domains.table_layer_words`) stays a layer as that package's name. A
    command-line package (`hubs.COMMAND_WORDS`) is left to `hubs`, whose command layer
    follows the domains without becoming one."""
    from strangler.seams.hubs import COMMAND_WORDS
    from strangler.seams.layer_apps import child_names
    from strangler.seams.words import (
        LAYER_WORDS,
        NOT_A_DOMAIN,
        ROLE_AFFIX,
        TRUE_LAYERS,
        singular,
    )

    def key(child: str) -> str | None:
        lowered = child.lower()
        if lowered in NOT_A_DOMAIN or lowered.startswith("_"):
            return None
        word = singular(ROLE_AFFIX.sub("", lowered)).replace("_", "")
        return word if len(word) >= 3 else None

    kids = child_names(modules)

    def children_of(package: str) -> set[str]:
        """The children of `package`, read through its version packages (`v1/`, `v2/`:
        drf-spectacular's `schema_extensions/v2/<domain>/` beside `views/v2/<domain>`)."""
        found = set(kids[package])
        for child in kids[package]:
            if VERSION.match(child.lower()) and f"{package}.{child}" in kids:
                found |= kids[f"{package}.{child}"]
        return found

    found: set[str] = set()
    for package in sorted(kids):
        children = kids[package]
        layers = [{k for c in children_of(f"{package}.{child}") if (k := key(c))}
                  for child in sorted(children)
                  if child.lower() in TRUE_LAYERS and f"{package}.{child}" in kids]
        if not layers:
            continue
        # (a contract layer declares every concept, the platform's too: a package mirroring
        # it needs no third of its concepts, `contracts` below)
        contracts = [{k for c in kids[f"{package}.{child}"] if (k := key(c))}
                     for child in sorted(children)
                     if child.lower() in CONTRACT_LAYERS and f"{package}.{child}" in kids]
        for child in sorted(children):
            lowered = child.lower()
            if lowered in TRUE_LAYERS or lowered in COMMAND_WORDS or lowered in found \
                    or f"{package}.{child}" not in kids:
                continue  # (a command package's commands follow their domains: `hubs`)
            mine = {k for c in children_of(f"{package}.{child}") if (k := key(c))}
            named = lowered in LAYER_WORDS  # (a layer's name: one way is enough)
            if any(len(shared := mine & layer) >= SHARED_MIN
                   and len(shared) >= SHARED_SHARE * len(mine)
                   and (named or len(shared) >= SHARED_SHARE * len(layer))
                   for layer in layers) or any(
                    len(shared := mine & layer) >= SHARED_MIN
                    and len(shared) >= SHARED_SHARE * len(mine) for layer in contracts):
                found.add(lowered)
    return frozenset(found)
