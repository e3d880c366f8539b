"""An API module goes with the manager it reaches through the service locator.

Where the HTTP layer reaches the domain logic through a service registry
(`PROVIDERS.resource_api.get_project(...)`, the `located` symbol uses of
`parse.link.providers`), an API module imports no manager, and the clustering groups the
API modules by the helpers they share (validation, JSON-home relations) instead of by the
domain they serve. An API module that serves routes and reads one provider far more than
the others (`api/projects` calling `resource_api` in two reads of three) is that
provider's HTTP layer: it joins the provider's group. An API module that reads many
providers evenly (an authentication API that checks users, projects and roles) stays."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet

from strangler.seams.subsystems import Groups, moved_members

MIN_READS = 5  # located reads (lines) a module makes before it counts as an API of one
SHARE = 0.6  # the part of those reads one provider must take


def located_reads(uses: Iterable[tuple[str, str, str, int]]) -> dict[str, Counter[str]]:
    """source -> provider module -> lines of `located` reads, from (source, target, kind,
    lines) use rows."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for source, target, kind, lines in uses:
        if kind == "located" and source != target:
            found[source][target] += lines
    return dict(found)


def apis_with_providers(groups: Groups, reads: Mapping[str, Counter[str]],
                        serving: AbstractSet[str]) -> Groups:
    """Each route-serving module in an unpinned group whose located reads (MIN_READS or
    more) go to one provider for more than SHARE of them moves to that provider's group,
    when it is unpinned."""
    where = {name: i for i, (_, names) in enumerate(groups) for name in names}
    moves: dict[str, int] = {}
    for source, counter in sorted(reads.items()):
        total = sum(counter.values())
        if source not in serving or source not in where or total < MIN_READS \
                or groups[where[source]][0]:
            continue
        provider, lines = min(counter.items(), key=lambda item: (-item[1], item[0]))
        if lines <= SHARE * total or provider not in where:
            continue
        home = where[provider]
        if home != where[source] and not groups[home][0]:
            moves[source] = home
    return moved_members(groups, moves)
