"""Layer packages known by their modules' names: `policies/dataset_policy.py`,
`jobs/webhook_jobs.py`.

A package whose modules repeat its own name as a suffix holds one role (its name) for
each domain (the rest of the module's name). Such a package is a layer of the
application whatever its name is (`policies/`, `jobs/` are no layer words by themselves),
and its modules' domain words are their names less that suffix: `dataset_policy` is the
dataset domain's, not a `policy` domain's."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

ROLE_MIN = 3  # modules named <domain>_<package name>, at least ...
ROLE_SHARE = 0.5  # ... and this share of the package's modules
_VERSION = re.compile(r"v\d+")


def role_packages(modules: Iterable[str]) -> frozenset[str]:
    """The names (lower case) of the packages most of whose modules, ROLE_MIN at least,
    end in `_<package name>`, singular or plural (`policies/dataset_policy`). A version
    package is read past (`policies/v1/dataset_policy`)."""
    from strangler.seams.words import singular

    children: dict[str, set[str]] = defaultdict(set)
    for name in modules:
        parts = name.lower().split(".")
        if len(parts) < 3:
            continue
        owner = [p for p in parts[1:-1] if not _VERSION.fullmatch(p)]
        if owner:
            children[".".join(parts[:-1])].add(parts[-1])
    found: set[str] = set()
    for package, names in children.items():
        own = next(p for p in reversed(package.split(".")) if not _VERSION.fullmatch(p))
        suffixes = (f"_{own}", f"_{singular(own)}")
        named = [n for n in names if n.endswith(suffixes) and n not in suffixes]
        if len(named) >= ROLE_MIN and len(named) >= ROLE_SHARE * len(names):
            found.add(own)
    return frozenset(found)


def without_role(word: str, roles: frozenset[str]) -> str:
    """`word` less a suffix naming one of the `roles` packages (`dataset_policy` ->
    `dataset` where `policies` is one)."""
    from strangler.seams.words import singular

    head, _, tail = word.rpartition("_")
    if head and (tail in roles or any(singular(role) == tail for role in roles)):
        return head
    return word
