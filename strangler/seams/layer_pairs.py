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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from strangler.seams.name_sets import once_per_name_set

PAIR_MIN = 5  # domains named in both layer packages
PAIR_SHARE = 0.5  # of the smaller layer package's domain-named children
# Two sibling packages of any name (`db/`, `data/`) mirror each other when PAIR_MIN of their
# children, and half of the smaller one's, are named by words that no more than RARE_IN
# siblings' children use: the layers of one application repeat its domains, while sibling
# apps or plugins repeat their role modules (`events`, `links`, `permissions`) in every one.
RARE_IN = 3


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
    # the layer packages (full names) found by `_unnamed_pairs`, whatever their names
    unnamed: frozenset[str] = frozenset()
    # the third layer packages (full names) found below wrapping packages
    # (`_wrapped_layers`: `web/rest/flaskapi/v1`)
    wrapped: frozenset[str] = frozenset()


def domain_key(child: str) -> str | None:
    """The domain word a layer package's child names (singular, role suffix read past), or
    None for a helper or private name."""
    from strangler.seams.words import NOT_A_DOMAIN, ROLE_AFFIX, singular

    lowered = child.lower()
    if lowered in NOT_A_DOMAIN or lowered.startswith("_"):
        return None
    word = singular(ROLE_AFFIX.sub("", lowered)).replace("_", "")
    return word if len(word) >= 3 else None


def _never(package: str) -> bool:
    return False


_KEPT = 4  # the last few module sets asked about without `layered` (one analysis: one)
_memo: dict[frozenset[str], LayerPairs] = {}


def paired_layer_packages(modules: Iterable[str],
                          layered: Callable[[str], bool] = _never) -> LayerPairs:
    """`_paired` of the modules; remembered for the last few module sets when no `layered`
    test is given (the word edges, the layer bases and the Django apps each ask)."""
    if layered is not _never:
        return _paired(modules, layered)
    key = frozenset(modules)
    found = _memo.get(key)
    if found is None:
        found = _paired(key, layered)
        if len(_memo) >= _KEPT:
            del _memo[next(iter(_memo))]
        _memo[key] = found
    return found


def _paired(modules: Iterable[str], layered: Callable[[str], bool]) -> LayerPairs:
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
    unnamed: dict[str, set[str]] = defaultdict(set)
    wrapped: dict[str, set[str]] = defaultdict(set)
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
        if package not in found:
            for name, other, common in _unnamed_pairs(package, kids, layered):
                found.add(package)
                names[package].update((name.lower(), other.lower()))
                words[package] |= common
                unnamed[package].update((f"{package}.{name}", f"{package}.{other}"))
        if package in found:
            for chain in _wrapped_layers(package, kids, words[package], names[package]):
                names[package].update(part.lower() for part in chain)
                wrapped[package].add(".".join((package, *chain)))
    # Sibling packages made the same way are apps, each an interface layer of every domain
    # (a back office's `control/` and a shop's `presale/`, each with `forms/`, `views/`):
    # `layer_apps` looks into those, not this rule.
    parents = Counter(package.rpartition(".")[0] for package in found)
    alone = {package for package in found if parents[package.rpartition(".")[0]] == 1}
    return LayerPairs(frozenset(alone), frozenset().union(*(names[p] for p in alone)),
                      tuple((p, frozenset(words[p])) for p in sorted(alone)),
                      frozenset().union(*(unnamed[p] for p in alone)),
                      frozenset().union(*(wrapped[p] for p in alone)))


def _wrapped_layers(package: str, kids: dict[str, set[str]], words: AbstractSet[str],
                    layers: AbstractSet[str]) -> list[tuple[str, ...]]:
    """The chains of packages (their names below `package`) wrapping a third layer of the
    pair's domains below another child of `package`: a chain of packages each holding one child
    package (their other children modules: `web/rest/flaskapi/v1/`, the REST resources
    under a web package, a framework's package and a version package) down to a package
    whose children repeat the pair's domains (PAIR_MIN of its domain-named children, half
    of them or more). The chain's names, the framework's among them (`flaskapi`), name a
    layer here, never a domain: `web/rest/flaskapi/v1/rules` is the `rule` domain's."""
    found: list[tuple[str, ...]] = []
    for child in sorted(kids[package]):
        if child.lower() in layers or f"{package}.{child}" not in kids:
            continue
        chain = [child]
        current = f"{package}.{child}"
        while True:
            mine = {k for c in kids[current] if (k := domain_key(c))}
            shared = mine & words
            if len(shared) >= PAIR_MIN and len(shared) * 2 >= len(mine) and len(chain) > 1:
                found.append(tuple(chain))
                break
            below = [c for c in kids[current] if f"{current}.{c}" in kids]
            if len(below) != 1:
                break
            chain.append(below[0])
            current = f"{current}.{below[0]}"
    return found


def _unnamed_pairs(package: str, kids: dict[str, set[str]],
                   layered: Callable[[str], bool]) -> list[tuple[str, str, frozenset[str]]]:
    """The pairs of `package`'s child packages, not both named in `TRUE_LAYERS`, whose
    children repeat each other's domains (a master's `db/builds` beside `data/builds`):
    PAIR_MIN shared domain words or more, half of the smaller package's domain-named
    children, counting only the words that the children of RARE_IN siblings or fewer use.
    Only a package that is the application (its name past the top part holds no domain
    word: `buildbot`, `acme.core`) and pairs of which neither is made of layer packages
    itself (an app beside the plugin API that re-exports it) are read."""
    from strangler.seams.words import TRUE_LAYERS, _main_word

    if "." in package and _main_word(package.split(".") + ["_"]) is not None:
        return []  # (a component's packages: `dispatch.plugins.bases`, `.dispatch_test`)

    def made_of_layers(child: str) -> bool:
        return layered(child) or sum(1 for k in kids.get(child, ())
                                     if k.lower() in TRUE_LAYERS and f"{child}.{k}" in kids) >= 3

    children = [child for child in sorted(kids[package]) if f"{package}.{child}" in kids
                and not made_of_layers(f"{package}.{child}")]
    domains = {child: {k for c in kids[f"{package}.{child}"] if (k := domain_key(c))}
               for child in children}
    used = Counter(word for found in domains.values() for word in found)
    pairs: list[tuple[str, str, frozenset[str]]] = []
    for i, name in enumerate(children):
        for other in children[i + 1:]:
            if name.lower() in TRUE_LAYERS and other.lower() in TRUE_LAYERS:
                continue  # (the named pairs above)
            shared = frozenset(w for w in domains[name] & domains[other] if used[w] <= RARE_IN)
            if len(shared) >= PAIR_MIN and \
                    len(shared) >= PAIR_SHARE * min(len(domains[name]), len(domains[other])):
                pairs.append((name, other, shared))
    return pairs


@once_per_name_set
def layer_children(names: frozenset[str]) -> frozenset[str]:
    """The child packages (namespace packages too) of each package that
    `paired_layer_packages` finds (no package counted as layered beforehand): its layer
    packages and its helper layers (`utils/`). A child package named after one of the
    domains the layers share (`orders/` beside `api/orders`, `serializers/orders`) is that
    domain's own package (a Django app beside a DRF `api/`), not a layer. Computed once per
    set of names (`name_sets`)."""
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
    return frozenset(found)
