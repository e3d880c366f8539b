"""An API package of one module per domain: each module joins its domain's own package.

An application without tables (its data are files) has no data-first signal; its REST API
still names its domains. A Flask blueprint package holds one resource module per domain
(`server/api/slicing.py`, `server/api/timelapse.py`, `server/api/files.py`) beside the
application's own domain packages and modules (`slicing/`, `timelapse.py`, `filemanager/`).
The word units keep the API package one unit (its modules are no packages, so
`words._mirrors` does not read them as a mirror) and the clustering glues the resource
modules to the API's shared helpers, far from the logic each of them calls.

A package is such an API when MIN_MATCHED of its child modules or more serve routes, are
named after a domain home (a package or module that is a child of one of the package's
ancestors, off its own path), use that home (an import or a call: a homonym that never
calls it is not its API), and make half of its route-serving modules named after a domain
or more. A module's name matches a home's when they are the same domain word (singular,
role suffix read past: `users` -> `users.py`), when the module's first name parts are
(`printer_profiles` -> `printer/`), or when the home's name begins with the module's word
and REST_MIN letters or more follow (`files` -> `filemanager/`, `system` ->
`systemcommands/`); a nearer ancestor's home first, an exact match before a prefix.

A module no home names may have twins instead: in an application layered by kind with one
module per domain in every layer, the domain has no package of its own, only a module of its
name in each sibling layer package (`routers/clients.py` beside `models/client.py`,
`repositories/client.py`, `dependencies/client.py`); those twins (modules of the domain word
in the packages that are children of the package's ancestors, off its own path) are its home.

A module that neither a home nor twins place may find its home farther away: in an
application layered by kind the domain's package can be a child of the API package itself
(`server/jobs/` beside `server/job_api.py`) or a deeper cousin (`store/tracking/gateway/`
for `server/gateway_api.py`). Its home is then the package anywhere in the project, off the
API package's own path, whose name its name matches (its heads exactly, best first, then its
word as a prefix) AND that it uses; two such packages it uses are an ambiguous home, and the
module is left where it is.

Once the seams are drawn, each matched module joins the group holding most of its home's
modules (by count, then code lines; a tie moves nothing). Pinned groups neither give nor
take, modules the user keeps together stay, and a module in the kernel or among the roots
is not taken out of it."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from strangler.graph import Dependency
from strangler.seams.layer_pairs import domain_key as _domain_key
from strangler.seams.layer_rejoin import _moved

MIN_MATCHED = 5  # resource modules named after (and using) a domain home
MATCHED_SHARE = 0.5  # of the package's route-serving modules named after a domain
REST_MIN = 3  # letters a home's name has past the module's word (`file` -> `filemanager`)


@lru_cache(maxsize=8192)
def domain_key(child: str) -> str | None:
    """`layer_pairs.domain_key`, remembered (a name is asked about once per package)."""
    return _domain_key(child)


def _heads(child: str) -> list[str]:
    """The domain keys a module's name can stand for, best first: its own, then those of
    its first name parts, longest first (`printer_profiles` -> `printerprofile`,
    `printer`)."""
    parts = child.split("_")
    keys = [domain_key(child)] + [domain_key("_".join(parts[:end]))
                                  for end in range(len(parts) - 1, 0, -1)]
    return [k for k in keys if k]


def _home_of(child: str, levels: list[dict[str, str]]) -> str | None:
    """The home a module's name matches (see the module docstring), or None."""
    heads = _heads(child)
    for homes in levels:  # (nearest ancestor first)
        for key in heads:
            if key in homes:
                return homes[key]
        begun = sorted(name for key, name in homes.items()
                       if heads and key.startswith(heads[0])
                       and len(key) - len(heads[0]) >= REST_MIN)
        if len(begun) == 1:
            return begun[0]
    return None


def _homes(ancestor: str, own: str, kids: Mapping[str, set[str]], names: set[str]
           ) -> dict[str, str]:
    """domain key -> the child of `ancestor` (a module or package, not `own`) it names."""
    homes: dict[str, str] = {}
    for child in sorted(kids.get(ancestor, ())):
        if child == own or not (key := domain_key(child)):
            continue
        full = f"{ancestor}.{child}"
        if full in names or full in kids:
            homes.setdefault(key, full)
    return homes


def _twins(parts: list[str], kids: Mapping[str, set[str]], names: set[str]
           ) -> dict[str, tuple[str, ...]]:
    """domain key -> its modules in the layer packages beside the package's path (children
    of its ancestors' child packages, off its own path): the home of a domain without one."""
    package = ".".join(parts)
    twins: dict[str, list[str]] = defaultdict(list)
    for depth in range(len(parts) - 1, 0, -1):
        ancestor = ".".join(parts[:depth])
        for layer in sorted(kids.get(ancestor, ())):
            full = f"{ancestor}.{layer}"
            if full not in kids or package == full or package.startswith(f"{full}."):
                continue
            for child in sorted(kids[full]):
                if f"{full}.{child}" in names and f"{full}.{child}" not in kids and \
                        (key := domain_key(child)):
                    twins[key].append(f"{full}.{child}")
    return {key: tuple(found) for key, found in twins.items()}


def _far_homes(kids: Mapping[str, set[str]]) -> dict[str, list[str]]:
    """domain key -> every package of the project whose own name is that word."""
    far: dict[str, list[str]] = defaultdict(list)
    for package in sorted(kids):
        if (key := domain_key(package.rpartition(".")[2])):
            far[key].append(package)
    return far


def _far_home(child: str, package: str, far: Mapping[str, list[str]], used: set[str]
              ) -> str | None:
    """The one package elsewhere in the project (off the API package's own path) that a
    module's name matches (its heads exactly, best first, then its word as a prefix) and
    that it uses; None when none is, or when two or more are (an ambiguous home)."""
    def usable(candidates: Iterable[str]) -> list[str]:
        return [home for home in candidates
                if home != package and not package.startswith(f"{home}.")
                and any(t == home or t.startswith(f"{home}.") for t in used)]

    heads = _heads(child)
    for key in heads:
        if key in far:
            found = usable(far[key])
            if found:
                return found[0] if len(found) == 1 else None
    if not heads:
        return None
    begun = usable(home for key, homes in far.items()
                   if key.startswith(heads[0]) and len(key) - len(heads[0]) >= REST_MIN
                   for home in homes)
    return begun[0] if len(begun) == 1 else None


def api_homes(modules: Iterable[str], served: frozenset[str],
              dependencies: Iterable[Dependency]) -> dict[str, tuple[str, ...]]:
    """Each resource module of an API package (see the module docstring) -> its home (a
    package or module name, or the module's twins)."""
    from strangler.seams.layer_apps import child_names

    names = set(modules)
    kids = child_names(names)
    # (the packages with MIN_MATCHED route-serving modules named after a domain)
    counted = Counter(module.rpartition(".")[0] for module in served
                      if module in names and module not in kids)
    candidates = {package: [f"{package}.{c}" for c in sorted(kids[package])
                            if f"{package}.{c}" in served and f"{package}.{c}" not in kids
                            and domain_key(c)]
                  for package, count in counted.items() if count >= MIN_MATCHED}
    candidates = {p: found for p, found in candidates.items() if len(found) >= MIN_MATCHED}
    if not candidates:
        return {}
    asking = {m for found in candidates.values() for m in found}
    uses: dict[str, set[str]] = defaultdict(set)
    for dep in dependencies:
        if dep.source in asking:
            uses[dep.source].add(dep.target)
    found: dict[str, tuple[str, ...]] = {}
    far = _far_homes(kids)
    for package, resources in sorted(candidates.items()):
        parts = package.split(".")
        levels = [_homes(".".join(parts[:depth]), parts[depth], kids, names)
                  for depth in range(len(parts) - 1, 0, -1)]
        # (a home named by a part of the package's own path holds the package already:
        # `graphql/order/mutations/order_create` is the order domain's, not an API's)
        inside = {key for part in parts if (key := domain_key(part))}
        twins = _twins(parts, kids, names)
        matched: dict[str, tuple[str, ...]] = {}
        for module in resources:
            home = _home_of(module.rpartition(".")[2], levels)
            if home and domain_key(home.rpartition(".")[2]) not in inside and \
                    any(t == home or t.startswith(f"{home}.") for t in uses[module]):
                matched[module] = (home,)
            elif not home and (key := domain_key(module.rpartition(".")[2])) and \
                    key not in inside and set(twins.get(key, ())) & uses[module]:
                matched[module] = twins[key]
            elif not home and (elsewhere := _far_home(module.rpartition(".")[2], package, far,
                                                      uses[module])) and \
                    domain_key(elsewhere.rpartition(".")[2]) not in inside:
                matched[module] = (elsewhere,)
        if len(matched) >= MIN_MATCHED and len(matched) >= MATCHED_SHARE * len(resources):
            found.update(matched)
    return found


def join_api_homes(groups: tuple[tuple[str, tuple[str, ...]], ...], modules: Iterable[str],
                   served: frozenset[str], dependencies: Iterable[Dependency],
                   loc: Mapping[str, int], kept: Iterable[str] = ()
                   ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`groups` with each API resource module (`api_homes`) in the group holding most of
    its home's modules, as the module docstring says."""
    homes = api_homes(modules, served, dependencies)
    if not homes:
        return groups
    label = {m: i for i, (_, members) in enumerate(groups) for m in members}
    pinned = {i for i, (pin, _) in enumerate(groups) if pin}
    held = set(kept)
    moves: dict[str, int] = {}
    placed = sorted(label.items())
    for module, home in sorted(homes.items()):
        if module not in label or label[module] in pinned or module in held:
            continue
        prefixes = tuple(f"{h}." for h in home)
        count: Counter[int] = Counter()
        lines: Counter[int] = Counter()
        for member, group in placed:
            if member in home or member.startswith(prefixes):
                count[group] += 1
                lines[group] += loc.get(member, 0)
        if not count:
            continue
        ranked = sorted(count, key=lambda g: (-count[g], -lines[g], g))
        if len(ranked) > 1 and (count[ranked[1]], lines[ranked[1]]) == \
                (count[ranked[0]], lines[ranked[0]]):
            continue
        if ranked[0] not in pinned and ranked[0] != label[module]:
            moves[module] = ranked[0]
    return _moved(groups, label, moves)
