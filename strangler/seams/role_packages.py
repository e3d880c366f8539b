"""Layer packages known by their modules' names: `policies/dataset_policy.py`,
`jobs/webhook_jobs.py`, `repos/repository_meals.py`.

A package whose modules repeat its own name as a suffix (or as a prefix, spelt out in
full: `repository_` in `repos/`), the rest of each name a domain
the application names elsewhere too (`dataset` of `api/handlers/v1/datasets`), holds one
role (its name) for each domain. Such a package is a layer of the application whatever
its name is (`policies/`, `jobs/` are no layer words by themselves), and its modules'
domain words are their names less that suffix: `dataset_policy` is the dataset domain's,
not a `policy` domain's. A package of `<kind>_store` modules whose kinds the application
names nowhere else (`file_store`, `queue_store`) is a set of backends, not a layer."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

ROLE_MIN = 3  # modules named <domain>_<package name>, their domains named elsewhere too
ROLE_SHARE = 0.5  # of the package's modules
_VERSION = re.compile(r"v\d+")


def role_packages(modules: Iterable[str]) -> frozenset[str]:
    """The names (lower case) of the packages most of whose modules, ROLE_MIN at least,
    are named `<domain>_<package name>`, singular or plural (`policies/dataset_policy`),
    where `<domain>` is the domain word of a module or package outside that package too.
    A version package is read past (`policies/v1/dataset_policy`)."""
    from strangler.seams.layer_pairs import domain_key

    names = [name.lower().split(".") for name in modules]
    children: dict[str, set[str]] = defaultdict(set)
    for parts in names:
        if len(parts) >= 3 and any(not _VERSION.fullmatch(p) for p in parts[1:-1]):
            children[".".join(parts[:-1])].add(parts[-1])
    # (packages with enough suffix-named modules first: most projects have none, and the
    # domain words of every name are only read for those that do)
    candidates: dict[str, list[str]] = {}
    for package, kids in children.items():
        own = next(p for p in reversed(package.split(".")) if not _VERSION.fullmatch(p))
        heads = [head for kid in kids if (head := without_role(kid, frozenset({own}))) != kid]
        if len(heads) >= ROLE_MIN and len(heads) >= ROLE_SHARE * len(kids):
            candidates[package] = heads
    if not candidates:
        return frozenset()
    keys: dict[str, str | None] = {}
    outside: dict[str, set[str]] = defaultdict(set)  # domain word -> packages naming it
    for parts in names:
        for depth in range(1, len(parts)):
            part = parts[depth]
            if part not in keys:
                keys[part] = domain_key(part)
            if (key := keys[part]) is not None:
                outside[key].add(".".join(parts[:depth]))
    found: set[str] = set()
    for package, heads in candidates.items():
        domains = [key for head in heads
                   if (key := domain_key(head)) is not None and outside[key] - {package}]
        if len(domains) >= ROLE_MIN and len(domains) >= ROLE_SHARE * len(children[package]):
            found.add(next(p for p in reversed(package.split("."))
                           if not _VERSION.fullmatch(p)))
    return frozenset(found)


def without_role(word: str, roles: frozenset[str]) -> str:
    """`word` less a suffix naming one of the `roles` packages (`dataset_policy` ->
    `dataset` where `policies` is one)."""
    from strangler.seams.words import singular

    head, _, tail = word.rpartition("_")
    if head and (tail in roles or any(singular(role) == tail for role in roles)):
        return head
    # (or a prefix naming a layer, spelt out in full: `repos/repository_meals`; not a
    # domain's own word, `recipe/recipe_asset`)
    from strangler.seams.words import LAYER_WORDS

    first, _, rest = word.partition("_")
    if rest and (first in LAYER_WORDS or f"{first}s" in LAYER_WORDS
                 or first.endswith("y") and f"{first[:-1]}ies" in LAYER_WORDS) \
            and any(first == role or first.startswith(singular(role))
                    and len(singular(role)) >= 4 for role in roles):
        return rest
    return word
