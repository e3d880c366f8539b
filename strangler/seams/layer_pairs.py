"""A package of two mirrored layer packages is a layered application.

`words._units` looks into a package made of three layer packages or more (`api/`,
`models/`, `services/`): its modules' units are their domain words. A layered FastAPI or
Flask application may have only two (`routers/<area>.py` beside `models/<area>.py`, the
rest in `utils/`): without a third layer package each layer stayed one unit, and a layer
module every domain uses (the users, groups and access-grant models) pulled all the small
domains' routers and models into one seam. Two layer packages whose children repeat each
other's domains (PAIR_MIN of them, and half of the smaller one's) are the same sign of a
layer-first application as three layer packages by name."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PAIR_MIN = 5  # domains named in both layer packages
PAIR_SHARE = 0.5  # of the smaller layer package's domain-named children


@dataclass(frozen=True)
class LayerPairs:
    """The packages made of mirrored layer packages, and those layer packages' names
    (lower case): in such a package they name a layer, never a domain, even where a
    table is named by the same word (an AI application's `models/models.py`, table
    `model`)."""

    packages: frozenset[str]
    layers: frozenset[str]
    # package -> the domain words its layer packages share (`routers/chats`, `models/chats`)
    domains: tuple[tuple[str, frozenset[str]], ...] = ()


def domain_key(child: str) -> str | None:
    """The domain word a layer package's child names (singular, role suffix read past), or
    None for a helper or private name."""
    from strangler.seams.words import NOT_A_DOMAIN, ROLE_SUFFIX, singular

    lowered = child.lower()
    if lowered in NOT_A_DOMAIN or lowered.startswith("_"):
        return None
    word = singular(ROLE_SUFFIX.sub("", lowered)).replace("_", "")
    return word if len(word) >= 3 else None


def paired_layer_packages(modules: Iterable[str],
                          layered: Callable[[str], bool] = lambda package: False
                          ) -> LayerPairs:
    """The packages holding two layer packages (named in `TRUE_LAYERS`) whose children
    are named after the same domains: at least PAIR_MIN shared domain words (singular,
    role suffix read past), half of the smaller package's domain-named children or more.
    A package already `layered` (three layer packages) is left as it was."""
    from strangler.seams.layer_apps import child_names
    from strangler.seams.words import TRUE_LAYERS

    key = domain_key
    kids = child_names(modules)
    found: set[str] = set()
    names: dict[str, set[str]] = defaultdict(set)
    words: dict[str, set[str]] = defaultdict(set)
    for package in sorted(kids):
        if layered(package):
            continue
        layers = [(child.lower(), {k for c in kids[f"{package}.{child}"] if (k := key(c))})
                  for child in sorted(kids[package])
                  if child.lower() in TRUE_LAYERS and f"{package}.{child}" in kids]
        for i, (name, first) in enumerate(layers):
            for other, second in layers[i + 1:]:
                shared = first & second
                if len(shared) >= PAIR_MIN and \
                        len(shared) >= PAIR_SHARE * min(len(first), len(second)):
                    found.add(package)
                    names[package].update((name, other))
                    words[package] |= shared
    # Sibling packages made the same way are apps, each an interface layer of every domain
    # (a back office's `control/` and a shop's `presale/`, each with `forms/`, `views/`):
    # `layer_apps` looks into those, not this rule.
    parents = Counter(package.rpartition(".")[0] for package in found)
    alone = {package for package in found if parents[package.rpartition(".")[0]] == 1}
    return LayerPairs(frozenset(alone), frozenset().union(*(names[p] for p in alone)),
                      tuple((p, frozenset(words[p])) for p in sorted(alone)))


def layer_children(modules: Iterable[str]) -> set[str]:
    """The child packages (namespace packages too) of each package that
    `paired_layer_packages` finds (no package counted as layered beforehand): its layer
    packages and its helper layers (`utils/`). A child package named after one of the
    domains the layers share (`orders/` beside `api/orders`, `serializers/orders`) is that
    domain's own package (a Django app beside a DRF `api/`), not a layer."""
    names = set(modules)
    found_pairs = paired_layer_packages(names)
    domains = dict(found_pairs.domains)
    found: set[str] = set()
    for name in names:
        parts = name.split(".")
        for depth in range(1, len(parts) - 1):
            package = ".".join(parts[:depth])
            if package in found_pairs.packages and \
                    domain_key(parts[depth]) not in domains[package]:
                found.add(".".join(parts[:depth + 1]))
    return found
