"""Layer packages that mirror the domains another layer package holds further down.

A layered application may split its interface layer by kind and by version:
`api/handlers/v1/records.py` and `api/schemas/v1/records.py` beside `validators/records.py`
and `models/`. The children of `api/` are layer packages (`handlers`, `schemas`), not
domains, so `mirror_layers`, which reads children, found nothing that `validators/`
repeats, and the application, with two layer packages by name (`api/`, `models/`), was
not read as layered: each layer stayed one unit and the clustering cut the application by
layer. Read past its layer-named packages (`handlers/`, `v1/`), a layer package holds
its domains again."""

from __future__ import annotations

from collections.abc import Iterable


def nested_domains(kids: dict[str, set[str]], package: str) -> set[str]:
    """The domain words (`layer_pairs.domain_key`) of the modules and packages below
    `package`, reached through packages named by a layer word only (`handlers/v1/records`
    -> record)."""
    from strangler.seams.layer_pairs import domain_key
    from strangler.seams.words import LAYER_WORDS

    found: set[str] = set()
    pending = [package]
    while pending:
        current = pending.pop()
        for child in kids.get(current, ()):
            full = f"{current}.{child}"
            if child.lower() in LAYER_WORDS and full in kids:
                pending.append(full)
            elif (key := domain_key(child)) is not None:
                found.add(key)
    return found


def nested_mirrors(modules: Iterable[str]) -> frozenset[str]:
    """The packages (full names) named by a layer word but not in `TRUE_LAYERS`
    (`validators/`) whose children repeat the domains of a sibling layer package (one in
    `TRUE_LAYERS`), read past that package's own layer packages (`api/handlers/v1/<domain>`,
    `nested_domains`):
    `mirror_layers.SHARED_MIN` of them at least, and `SHARED_SHARE` of the package's
    domain-named children. Such a package is a layer of the application as much as one
    named in `TRUE_LAYERS`."""
    from strangler.seams.hubs import COMMAND_WORDS
    from strangler.seams.layer_apps import child_names
    from strangler.seams.layer_pairs import domain_key
    from strangler.seams.mirror_layers import SHARED_MIN, SHARED_SHARE
    from strangler.seams.words import LAYER_WORDS, TRUE_LAYERS

    kids = child_names(modules)
    found: set[str] = set()
    for package in sorted(kids):
        children = sorted(c for c in kids[package] if f"{package}.{c}" in kids)
        layers = [nested_domains(kids, f"{package}.{c}") for c in children
                  if c.lower() in TRUE_LAYERS]
        if not any(layers):
            continue
        for child in children:
            lowered = child.lower()
            if lowered in TRUE_LAYERS or lowered not in LAYER_WORDS or lowered in COMMAND_WORDS:
                continue
            mine = {k for c in kids[f"{package}.{child}"] if (k := domain_key(c))}
            if any(len(shared := mine & layer) >= SHARED_MIN
                   and len(shared) >= SHARED_SHARE * len(mine) for layer in layers):
                found.add(f"{package}.{child}")
    return frozenset(found)
