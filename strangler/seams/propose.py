"""Partition modules into services: weighted Louvain, then constraints and clean-up."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from strangler.model import KernelModule, Module
from strangler.seams.config import SeamConfig, matches
from strangler.seams.words import TRUE_LAYERS

if TYPE_CHECKING:
    import networkx as nx

    from strangler.seams.louvain import WeightedGraph
    from strangler.seams.naming import NameEvidence

RESOLUTIONS = (0.5, 0.8, 1.2, 1.7, 2.5)


@dataclass(frozen=True)
class Choice:
    """The clustering's account of its choice: the number of groups it clustered into
    (None where it could not choose one: fewer groups than asked for) and the words after
    that number. The count travels as data: the steps after the clustering (kernel,
    libraries, slices) join or split groups, and the report says so beside it."""

    groups: int | None
    rest: str = ""

    def text(self) -> str:
        """The account in words ("clustered into 10 groups, the partition ...")."""
        return self.rest if self.groups is None else f"{self.head()}{self.rest}"

    def head(self) -> str:
        """The words naming the count ("" without one)."""
        return "" if self.groups is None else f"clustered into {self.groups} groups"


@dataclass(frozen=True)
class Partition:
    """Named groups of modules; `pinned` names come from the configuration."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    pinned: frozenset[str] = frozenset()
    choice: Choice = Choice(None)

    def labels(self) -> dict[str, str]:
        return {module: name for name, members in self.groups for module in members}


def louvain(graph: nx.Graph, resolution: float, seed: int,
            units: dict[str, str] | None = None, prepared: LouvainInput | None = None
            ) -> list[set[str]]:
    """Deterministic weighted Louvain communities (sorted for stability). With `units`
    (node -> unit), the nodes of one unit are one node (their inner edges a self-loop, so
    modularity is unchanged) and no community splits a unit. `prepared` is
    `louvain_input(graph, units)`, built once for several resolutions."""
    from strangler.seams.louvain import communities_of

    if graph.number_of_nodes() == 0:
        return []
    prepared = prepared or louvain_input(graph, units)
    found = communities_of(prepared.graph, resolution, seed)
    if prepared.members is None:
        return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))
    members = prepared.members
    communities = [set().union(*(members[u] for u in c)) for c in found]
    return sorted(communities, key=lambda c: (-len(c), min(c)))


# From this many nodes to cluster, the later resolutions run in a forked child while this
# process runs the first ones (`louvain_resolutions`); below it, a fork costs more than
# it saves.
FORK_FROM = 1000


def louvain_resolutions(graph: nx.Graph, resolutions: Sequence[float], seed: int,
                        units: dict[str, str] | None = None,
                        prepared: LouvainInput | None = None) -> list[list[set[str]]]:
    """`louvain` at each resolution, in their order. On a big graph the second half of the
    resolutions is clustered by a forked child (`seams.parallel`) on the core the
    analysis leaves idle: each run is independent and seeded, so the communities are
    the same as one after the other."""
    if not resolutions:
        return []
    prepared = prepared or (louvain_input(graph, units) if graph.number_of_nodes() else None)
    # (the first run builds the first level every resolution shares: before the fork)
    first = louvain(graph, resolutions[0], seed, units, prepared)
    split = max(1, len(resolutions) // 2)
    if prepared is None or len(prepared.graph.nodes) < FORK_FROM or split >= len(resolutions):
        return [first, *(louvain(graph, r, seed, units, prepared) for r in resolutions[1:])]
    from strangler.seams.parallel import in_child

    later = in_child(_louvain_each, graph, tuple(resolutions[split:]), seed, units, prepared)
    mine = [louvain(graph, r, seed, units, prepared) for r in resolutions[1:split]]
    return [first, *mine, *later.result()]


def _louvain_each(graph: nx.Graph, resolutions: tuple[float, ...], seed: int,
                  units: dict[str, str] | None, prepared: LouvainInput) -> list[list[set[str]]]:
    return [louvain(graph, r, seed, units, prepared) for r in resolutions]


@dataclass(frozen=True)
class LouvainInput:
    """What `louvain` clusters: the graph with each unit contracted to one node, and the
    members of each contracted node (None: no units)."""

    graph: WeightedGraph
    members: dict[str, set[str]] | None


def louvain_input(graph: nx.Graph, units: dict[str, str] | None = None) -> LouvainInput:
    from strangler.seams.louvain import weighted_graph

    if not units:
        return LouvainInput(weighted_graph(sorted(graph.nodes),
                                           sorted(graph.edges(data="weight"))), None)
    members: dict[str, set[str]] = defaultdict(set)
    for node in graph.nodes:
        members[units.get(node, node)].add(node)
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for a, b, weight in graph.edges(data="weight"):
        ua, ub = units.get(a, a), units.get(b, b)
        weights[(ua, ub) if ua <= ub else (ub, ua)] += weight
    return LouvainInput(weighted_graph(sorted(members), sorted(
        (a, b, w) for (a, b), w in weights.items())), members)


UNIT_NODE = "unit:"  # prefix of a contracted domain unit (never a module or table name)


def cohesive_units(graph: nx.Graph, units: dict[str, str]) -> dict[str, str]:
    """The members of each domain unit (`words.domain_units`) that the unit holds: a module
    stays with its unit unless another unit (or a module or table outside any unit) pulls
    it harder than its own unit does. Only modules in a unit of two or more are kept."""
    sizes = Counter(units[m] for m in graph.nodes if m in units)
    kept: dict[str, str] = {}
    for module in sorted(graph.nodes):
        unit = units.get(module)
        if unit is None or sizes[unit] < 2:
            continue
        pull: dict[str, float] = defaultdict(float)
        for neighbour, data in graph[module].items():
            pull[units.get(neighbour, neighbour)] += data.get("weight", 1.0)
        own = pull.pop(unit, 0.0)
        if own > 0 and all(value <= own for value in pull.values()):
            kept[module] = UNIT_NODE + unit
    return kept


def attach_followers(graph: nx.Graph, grouping: Grouping, followers: set[str]) -> Grouping:
    """Each follower joins the group it pulls hardest, strongest pull first (followers
    placed before count); one that pulls no group stays out."""
    return attach_settled(graph, grouping, followers, None)


# The weight of a leftover's pull on a module left by another split group (`attach_settled`).
FOREIGN_PULL = 0.5


def attach_settled(graph: nx.Graph, grouping: Grouping, followers: set[str],
                   origin: dict[str, int] | None) -> Grouping:
    """`attach_followers` for the modules left by split groups (`origin`: each one's group
    before the split): each joins the group it pulls hardest, strongest pull first, and a
    module placed before it pulls it at FOREIGN_PULL of its weight when it came from
    another split group. Counted in full across groups, the first leftover placed in a big
    seam pulled the next ones of other groups after it, and at some seeds the split
    snowballed into one seam (privacyIDEA's event handlers, policy and user code into the
    token seam); not counted at all, Pretix's payment code, left by two groups, no longer
    met in one seam. A pull counts beyond what the group's size draws (the modularity gain:
    the pull less the module's share of all coupling times the group's): counted bare, a
    group of hubs that every layer imports took the leftovers of every split, one after
    the other (bookwyrm's shelf group took 58 views, forms and models of six domains;
    modoboa's admin group its accounts code). With no `origin`, every pull counts in full
    (`attach_followers`)."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    groups = [set(members) for _, members in grouping.groups]
    moved: dict[str, int] = {}  # placed follower -> its origin
    pending = sorted(followers & set(graph.nodes))
    degree = dict(graph.degree(weight="weight")) if origin is not None else {}
    total = sum(degree.values()) or 1.0
    volume: dict[int, float] = defaultdict(float)
    for module, number in label.items():
        volume[number] += degree.get(module, 0.0)
    while pending:
        best: tuple[float, str, int] | None = None
        for module in pending:
            pull: dict[int, float] = defaultdict(float)
            for neighbour, data in graph[module].items():
                if neighbour in label:
                    own = origin is None or (moved.get(neighbour, origin.get(module))
                                             == origin.get(module))
                    pull[label[neighbour]] += (data.get("weight", 1.0)
                                               * (1.0 if own else FOREIGN_PULL))
            if pull and origin is not None:
                # (the modularity gain: the pull beyond what the group's coupling to
                # everything would draw at random, so a big group of hubs does not take
                # every leftover of a split)
                share = degree.get(module, 0.0) / total
                pull = {k: v - share * volume[k] for k, v in pull.items()}
            if pull:
                target = max(sorted(pull), key=lambda k: pull[k])
                if best is None or pull[target] > best[0]:
                    best = (pull[target], module, target)
        if best is None:
            break
        _, module, target = best
        groups[target].add(module)
        label[module] = target
        volume[target] += degree.get(module, 0.0)
        moved[module] = -1 if origin is None else origin.get(module, -1)
        pending.remove(module)
    return Grouping(tuple((name, tuple(sorted(groups[i])))
                          for i, (name, _) in enumerate(grouping.groups)), grouping.choice)


def _size(members: set[str], modules: dict[str, Module]) -> int:
    """How many modules a group holds (the signal graph's table nodes do not count)."""
    return sum(1 for m in members if m in modules)


def _strongest_neighbour(graph: nx.Graph, members: set[str], label: dict[str, int],
                         own: int, room: dict[int, int] | None = None, size: int = 0
                         ) -> int | None:
    """The group pulling `members` hardest (among groups with room for `size` more modules,
    if limited)."""
    pull: dict[int, float] = defaultdict(float)
    for module in members:
        for neighbour, data in graph[module].items():
            other = label.get(neighbour)
            if other is not None and other != own and (
                    room is None or room.get(other, 0) >= size):
                pull[other] += data.get("weight", 1.0)
    if not pull:
        return None
    return max(sorted(pull), key=lambda k: pull[k])


def _constrain(graph: nx.Graph, communities: list[set[str]], modules: dict[str, Module],
               config: SeamConfig) -> tuple[dict[int, set[str]], dict[int, str]]:
    """Apply the maximum size, pins, `together` groups, package folding and the minimum size."""
    if config.max_size:
        communities = _split_large(graph, communities, config.max_size, config.seed, modules)
    groups: dict[int, set[str]] = {i: set(c) for i, c in enumerate(communities)}
    pinned_names: dict[int, str] = {}
    label = {m: i for i, c in groups.items() for m in c}
    # Pins: every module matching a service's globs goes to that service's group.
    next_id = len(groups)
    for service, globs in config.pins:
        members = {m for m in label if m in modules and matches(m, globs)}
        if not members:
            continue
        for module in members:
            groups[label[module]].discard(module)
        groups[next_id] = members
        pinned_names[next_id] = service
        for module in members:
            label[module] = next_id
        next_id += 1
    # Together: a group of globs lands where most of its modules already are.
    for globs in config.together:
        members = {m for m in label if m in modules and matches(m, globs)}
        if not members:
            continue
        target = Counter(label[m] for m in members).most_common(1)[0][0]
        for module in members:
            groups[label[module]].discard(module)
            groups[target].add(module)
            label[module] = target
    groups = {i: c for i, c in groups.items() if c}
    # A package's __init__ belongs where most of its direct submodules are.
    children_of: dict[str, list[str]] = defaultdict(list)
    for module in label:
        if "." in module:
            children_of[module.rsplit(".", 1)[0]].append(module)
    for name in sorted(label):
        if name not in modules or not modules[name].is_package or label[name] in pinned_names:
            continue
        children = [label[m] for m in children_of.get(name, [])]
        if not children:
            continue
        target, votes = Counter(children).most_common(1)[0]
        if votes * 2 > len(children) and target != label[name]:
            groups[label[name]].discard(name)
            groups[target].add(name)
            label[name] = target
    groups = {i: c for i, c in groups.items() if c}
    # Tiny groups merge into the neighbour that pulls them hardest, or are left unassigned.
    changed = True
    while changed:
        changed = False
        for i in sorted(groups, key=lambda k: (_size(groups[k], modules), min(groups[k]))):
            members = groups[i]
            if i in pinned_names or _size(members, modules) >= config.min_size:
                continue
            room = ({k: config.max_size - _size(g, modules) for k, g in groups.items()}
                    if config.max_size else None)
            neighbour = _strongest_neighbour(graph, members, label, i, room,
                                             _size(members, modules))
            if neighbour is None:
                for module in members:
                    del label[module]
            else:
                groups[neighbour] |= members
                for module in members:
                    label[module] = neighbour
            del groups[i]
            changed = True
            break
    groups = {i: c for i, c in groups.items() if c}
    return groups, pinned_names


def _split_large(graph: nx.Graph, communities: list[set[str]], limit: int, seed: int,
                 modules: dict[str, Module]) -> list[set[str]]:
    """Split groups above `limit` modules by Louvain on their own subgraph, raising the
    resolution until the parts fit (or the group cannot be split further)."""
    result: list[set[str]] = []
    pending = [set(c) for c in communities]
    while pending:
        group = pending.pop()
        if _size(group, modules) <= limit:
            result.append(group)
            continue
        sub = graph.subgraph(sorted(group))
        parts: list[set[str]] = [group]
        for resolution in (1.5, 2.5, 4.0, 8.0):
            parts = louvain(sub.copy(), resolution, seed)
            if len(parts) > 1:
                break
        if len(parts) <= 1:  # no structure inside: cut it in name order
            names = sorted(m for m in group if m in modules)
            parts = [set(names[i:i + limit]) for i in range(0, len(names), limit)]
        pending.extend(parts)
    return sorted(result, key=lambda c: (-len(c), min(c)))


def _modularity(graph: nx.Graph, groups: dict[int, set[str]],
                edges: list[tuple[str, str, float]] | None = None) -> float:
    """Modularity of `groups` on `graph` (`edges`: its weighted edges, listed once for
    several calls)."""
    from strangler.seams.metrics import weighted_modularity

    label = {m: f"<alone:{m}>" for m in graph.nodes}
    label.update({m: str(i) for i, c in groups.items() for m in c})
    return weighted_modularity(graph.edges(data="weight") if edges is None else edges, label)


def _merge_to(graph: nx.Graph, groups: dict[int, set[str]], count: int,
              pinned: dict[int, str], modules: dict[str, Module]) -> dict[int, set[str]]:
    """Merge the smallest unpinned groups into their strongest neighbours until `count`."""
    groups = {i: set(c) for i, c in groups.items()}
    while len(groups) > count:
        label = {m: i for i, c in groups.items() for m in c}
        candidates = [i for i in groups if i not in pinned] or list(groups)
        smallest = min(candidates, key=lambda k: (_size(groups[k], modules), min(groups[k])))
        target = _strongest_neighbour(graph, groups[smallest], label, smallest)
        if target is None:
            target = min((i for i in groups if i != smallest),
                         key=lambda k: (_size(groups[k], modules), min(groups[k])))
        groups[target] |= groups.pop(smallest)
    return groups


@dataclass(frozen=True)
class Grouping:
    """The chosen groups before they are named: (pinned service or "", members), in a fixed
    order. It depends on the graph's structure and weights only, never on line numbers or
    sizes, so it can be reused after any edit that leaves those unchanged."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    choice: Choice

    def without(self, taken: Collection[str]) -> Grouping:
        """The same groups, in the same order, less the `taken` modules (a group left
        empty is dropped)."""
        return Grouping(tuple((pin, left) for pin, members in self.groups
                              if (left := tuple(m for m in members if m not in taken))),
                        self.choice)

    def moved(self, moves: Mapping[str, int]) -> Grouping:
        """The same groups with each module of `moves` in the group of that index (taken
        from its own group, if it had one), in the fixed order; a group left empty is
        dropped."""
        groups = [set(members) - moves.keys() for _, members in self.groups]
        for module, target in moves.items():
            groups[target].add(module)
        return Grouping.ordered(((pin, g) for (pin, _), g in zip(self.groups, groups,
                                                                 strict=True) if g),
                                self.choice)

    @classmethod
    def ordered(cls, groups: Iterable[tuple[str, Iterable[str]]], choice: Choice) -> Grouping:
        """(pin, members) pairs in the fixed order: members sorted, biggest group first, ties
        by their first member."""
        return cls(tuple(sorted(((pin, tuple(sorted(members))) for pin, members in groups),
                                key=lambda g: (-len(g[1]), g[1][0]))), choice)


def take_kernel(grouping: Grouping, isolated: Iterable[str], owners: set[str],
                fixed: Iterable[str], home: Callable[[str], str | None],
                reason: Callable[[str], str]) -> tuple[Grouping, list[str], list[KernelModule]]:
    """The modules, grouped or `isolated`, that `home` places in a platform part (its name,
    or None), that own no data (`owners`) and that no lever placed (`fixed`, and the pinned
    groups' members), taken out as kernel with `reason(home)`. Returns the grouping (its
    order kept), the isolated modules left and the kernel modules."""
    fixed = set(fixed) | {m for pin, members in grouping.groups if pin for m in members}
    candidates = {m for _, members in grouping.groups for m in members} | set(isolated)
    found = sorted(m for m in candidates if m not in owners and m not in fixed and home(m))
    if not found:
        return grouping, list(isolated), []
    taken = set(found)
    return grouping.without(taken), [m for m in isolated if m not in taken], [
        KernelModule(m, reason(home(m) or "")) for m in found]


def propose_partition(graph: nx.Graph, modules: dict[str, Module], config: SeamConfig,
                      services: int = 0) -> Partition:
    """Choose the partition and name its groups."""
    return name_groups(choose_groups(graph, modules, config, services), modules)


def name_groups(grouping: Grouping, modules: dict[str, Module],
                uses: Callable[[str], set[str]] | None = None,
                evidence: NameEvidence | None = None,
                units: dict[str, str] | None = None) -> Partition:
    """Name each group after its members, their tables and routes (`naming.seam_names`;
    pinned groups keep their service's name); `uses` (a module's code neighbours) tells
    domain units apart as the clustering did; `evidence`: `naming.name_evidence`; `units`:
    the domain units `uses` gives, when the caller has them already."""
    from strangler.seams.naming import seam_names

    groups = {i: set(members) for i, (_, members) in enumerate(grouping.groups)}
    pinned = {i: name for i, (name, _) in enumerate(grouping.groups) if name}
    names = seam_names(groups, pinned, modules, uses, evidence, units)
    ordered = sorted(((names[i], tuple(sorted(members))) for i, members in groups.items()))
    return Partition(tuple(ordered), frozenset(pinned.values()), grouping.choice)


def choose_groups(graph: nx.Graph, modules: dict[str, Module], config: SeamConfig,
                  services: int = 0, units: dict[str, str] | None = None) -> Grouping:
    """Choose the groups: best modularity over several resolutions, or `services` groups.
    `units` (module -> unit) are clustered as one node each (see `louvain`)."""
    tried: list[tuple[float, float, dict[int, set[str]], dict[int, str]]] = []
    prepared = louvain_input(graph, units) if graph.number_of_nodes() else None
    edges = list(graph.edges(data="weight"))
    found = louvain_resolutions(graph, RESOLUTIONS, config.seed, units, prepared)
    for resolution, communities in zip(RESOLUTIONS, found, strict=True):
        groups, pinned = _constrain(graph, communities, modules, config)
        tried.append((resolution, _modularity(graph, groups, edges), groups, pinned))
    wanted = services or config.services
    if wanted:
        resolution, score, groups, pinned = min(
            tried, key=lambda t: (abs(len(t[2]) - wanted) if len(t[2]) >= wanted
                                  else 1000 + wanted - len(t[2]), -t[1]))
        groups = _merge_to(graph, groups, wanted, pinned, modules)
        if len(groups) < wanted:
            choice = Choice(None, f"not the {wanted} asked for: the coupling splits into at "
                                  f"most {len(groups)} groups of {config.min_size} modules or "
                                  "more (lower min_size, or ask for fewer)")
        else:
            choice = Choice(len(groups), f" as asked (--services {wanted})")
    else:
        # The consensus partition: the one most similar (mean adjusted Rand index) to the
        # partitions found at every other resolution. Modularity alone favours a few big
        # services on small graphs; the consensus is the cut that is stable across scales.
        from strangler.seams.metrics import adjusted_rand_index

        flat = [{m: str(i) for i, c in t[2].items() for m in c if m in modules} for t in tried]
        agreement = [sum(adjusted_rand_index(flat[i], flat[j]) for j in range(len(tried))
                         if j != i) / max(1, len(tried) - 1) for i in range(len(tried))]
        best = max(range(len(tried)), key=lambda i: (round(agreement[i], 6),
                                                     round(tried[i][1], 6)))
        resolution, score, groups, pinned = tried[best]
        counts = sorted({len(t[2]) for t in tried})
        choice = Choice(len(groups), f", the partition most consistent with the others (mean "
                                     f"adjusted Rand index {agreement[best]:.2f}) among "
                                     f"Louvain runs at resolutions {RESOLUTIONS[0]}–"
                                     f"{RESOLUTIONS[-1]}, which gave {counts[0]}–{counts[-1]} "
                                     "groups; --services N overrides")
    # The table nodes of the signal graph have done their work: only modules form seams.
    groups = {i: kept for i, c in groups.items() if (kept := {m for m in c if m in modules})}
    order = sorted(groups, key=lambda i: (-len(groups[i]), min(groups[i])))
    return Grouping(tuple((pinned.get(i, ""), tuple(sorted(groups[i]))) for i in order), choice)


def split_slices(graph: nx.Graph, grouping: Grouping, units: dict[str, str],
                 owners: set[str], owned: dict[str, set[str]] | None = None,
                 parents: dict[str, str] | None = None,
                 heads: dict[str, str] | None = None,
                 vocabularies: dict[str, str] | None = None,
                 app_of: dict[str, str] | None = None,
                 named: Collection[str] = ()) -> Grouping:
    """A group holding two domain slices or more is split, one group per slice. A slice is
    a contracted unit (`cohesive_units`) of two modules or more with data of its own (one
    of its modules maps or writes a table): routes, logic and models of one domain over
    its own tables, the unit a service is cut along; or one that spans SLICE_LAYERS layer
    packages (`models/lnurl`, `services/lnurl`, `views/lnurl_api`); or one that is
    self-contained (`_self_contained`). The split group's other modules then
    join the group they pull hardest, among its slices and all other groups (see
    `attach_followers`); one that pulls none stays with the group's biggest slice. Pinned
    groups are left whole. A slice whose data are child tables of another slice's table
    (`aggregates.child_units`; `owned`: each module's tables, `parents`: each child table's
    parent) is part of that slice's aggregate: its modules join that slice's group first,
    and the two are one slice there; so is a slice named by a compound of another slice's
    word (`heads`: `compounds.compound_heads`), and a compound's head that is no slice is
    part of the compound's (`compounds.absorb_heads`); so is a slice whose data are an
    entity's vocabulary (`vocabularies`: `vocabularies.vocabulary_tables`) with the
    entity's slice. With `app_of` (module -> its Django app), the slices of one group that
    are parts of one table-owning app are one slice (`app_slices.app_heads`). The `named`
    units have data of their own too: tables of the schema's one models module that their
    word names (`named_data.named_data_units`)."""
    members_of: dict[str, list[str]] = defaultdict(list)
    for module, unit in units.items():
        members_of[unit].append(module)
    slices = {unit for unit, members in members_of.items()
              if len(members) >= 2 and (any(m in owners for m in members) or unit in named
                                        or _layer_span(members) >= SLICE_LAYERS)}
    contained = {unit for unit, members in members_of.items()
                 if unit not in slices and _self_contained(graph, members)}
    slices |= contained
    absorbed = frozenset[str]()
    if heads:
        from strangler.seams.compounds import absorb_heads, unit_key

        before = set(members_of)
        units, members_of = absorb_heads(heads, slices, units, members_of)
        absorbed = frozenset(unit_key(u) for u in before - set(members_of))
    joins: dict[str, str] = {}
    if owned and parents:
        from strangler.seams.aggregates import child_units

        joins = child_units({u: members_of[u] for u in sorted(slices)}, owned, parents)
    if owned and vocabularies:
        # (a vocabulary's slice is its entity's: `seams.vocabularies`)
        from strangler.seams.vocabularies import vocabulary_units

        for child, whole in vocabulary_units({u: members_of[u] for u in sorted(slices)},
                                             owned, vocabularies).items():
            joins.setdefault(child, joins.get(whole, whole))
    if heads:
        # (a compound word's slice is its head's: `budget_entry` of `budget`)
        from strangler.seams.compounds import slice_heads

        for child, whole in slice_heads(heads, slices, absorbed).items():
            joins.setdefault(child, joins.get(whole, whole))
    if joins:
        grouping = _join_parents(grouping, members_of, joins)
    result: list[tuple[str, tuple[str, ...]]] = []
    rest: set[str] = set()
    fallback: dict[str, int] = {}
    origin: dict[str, int] = {}
    for number, (pinned, members) in enumerate(grouping.groups):
        found = sorted({units[m] for m in members if units.get(m) in slices})
        # (a child slice is one slice with its parent's, which is in this group now)
        head = {u: joins[u] if joins.get(u) in found else u for u in found}
        for unit, ally in _component_allies(graph, members_of, contained, found).items():
            head[unit] = head[ally]
        if app_of:
            # (an app's entities are one slice: `seams.app_slices`)
            from strangler.seams.app_slices import app_heads, joined_heads

            head = joined_heads(head, app_heads(found, members_of, app_of, owners))
        if pinned or len(set(head.values())) < 2:
            result.append((pinned, members))
            continue
        parts = [tuple(sorted(m for m in members if head.get(units.get(m, "")) == unit))
                 for unit in sorted(set(head.values()))]
        biggest = max(parts, key=lambda p: (len(p), p))
        left = {m for m in members if units.get(m) not in slices}
        rest |= left
        origin.update((module, number) for module in left)
        result.extend(("", part) for part in parts)
        for module in left:
            fallback[module] = len(result) - len(parts) + parts.index(biggest)
    if not rest:
        return Grouping.ordered(result, grouping.choice)
    placed = attach_settled(graph, Grouping(tuple(result), grouping.choice), rest, origin)
    groups = [set(members) for _, members in placed.groups]
    for module in sorted(rest - {m for g in groups for m in g}):
        groups[fallback[module]].add(module)
    return Grouping.ordered(((pin, g) for (pin, _), g in zip(placed.groups, groups, strict=True)),
                            grouping.choice)


SLICE_LAYERS = 3  # layer packages a unit spans to be a vertical slice without tables
SELF_CONTAINED = 2.0  # inner pull over all outer pull, of a unit ...
SELF_CONTAINED_MIN = 3  # ... of this many modules or more, to be a slice without tables


def _self_contained(graph: nx.Graph, members: list[str]) -> bool:
    """A unit of SELF_CONTAINED_MIN modules or more whose modules pull each other at least
    SELF_CONTAINED times as hard as they pull everything else (modules and tables): a
    component with a core of its own (fiat providers and the API that serves them), even
    without tables. It reads the unit's own edges only, never the grouping, so it does not
    change with the seed."""
    if len(members) < SELF_CONTAINED_MIN:
        return False
    inside = set(members)
    inner = outer = 0.0
    for module in members:
        for neighbour, data in graph[module].items():
            if neighbour in inside:
                inner += data.get("weight", 1.0) / 2
            else:
                outer += data.get("weight", 1.0)
    return inner >= SELF_CONTAINED * outer


COMPONENT_ALLY = 0.5  # share of a self-contained unit's outer pull that makes it a part


def _component_allies(graph: nx.Graph, members_of: dict[str, list[str]],
                      contained: set[str], found: list[str]) -> dict[str, str]:
    """Self-contained units (no tables) of one group that are a component of another slice
    of the group: COMPONENT_ALLY of their outer pull or more goes to that slice's members
    (superset's `distributed_lock` beside the `key_value` store that uses it). Such a unit
    stays with its ally instead of splitting the group; a unit whose outer pull is spread
    (LNbits' fiat providers, 20% to payments) is still a slice of its own."""
    allies: dict[str, str] = {}
    home = {m: u for u in found for m in members_of[u]}
    for unit in found:
        if unit not in contained:
            continue
        inside = set(members_of[unit])
        pull: Counter[str] = Counter()
        outer = 0.0
        for module in sorted(inside):
            for neighbour, data in graph[module].items():
                if neighbour in inside:
                    continue
                weight = data.get("weight", 1.0)
                outer += weight
                if (other := home.get(neighbour)) and other not in contained:
                    pull[other] += weight
        if pull and outer:
            ally, weight = min(pull.items(), key=lambda kv: (-kv[1], kv[0]))
            if weight >= COMPONENT_ALLY * outer:
                allies[unit] = ally
    return allies


# The packages that count as a slice's layers: the true layers, and the two that a layered
# application keeps one module per domain in beside them: the back office (`admin/scoreboard`
# beside `api/v1/scoreboard`) and the helpers holding a domain's logic (`utils/scoreboard`).
SPAN_LAYERS = TRUE_LAYERS | frozenset({"admin", "utils", "util", "helpers"})


def _layer_span(members: Iterable[str]) -> int:
    """How many layer packages (`crud/`, `models/`, `views/`, `commands/`, and `admin/`,
    `utils/`: SPAN_LAYERS) hold a unit's members, at any depth (`commands/chart/create` is
    in `commands/`)."""
    homes: set[str] = set()
    for module in members:
        parts = module.split(".")
        for depth in range(1, len(parts)):
            if parts[depth - 1] in SPAN_LAYERS:
                homes.add(".".join(parts[:depth]))
                break
    return len(homes)


def _join_parents(grouping: Grouping, members_of: dict[str, list[str]],
                  joins: dict[str, str]) -> Grouping:
    """Each child slice's members move to the group holding most of the slice it joins
    (pinned groups are left as they are)."""
    label = {m: i for i, (_, members) in enumerate(grouping.groups) for m in members}
    groups = [set(members) for _, members in grouping.groups]
    pinned = {i for i, (pin, _) in enumerate(grouping.groups) if pin}
    for child, parent in sorted(joins.items()):
        # (the group holding most of the parent's modules, not that of its first module
        # by name: a lone package `__init__` placed elsewhere is no home for the child)
        held = Counter(label[m] for m in members_of[parent] if m in label)
        if not held:
            continue
        target = min(held, key=lambda i: (-held[i], i))
        if target in pinned:
            continue
        for module in members_of[child]:
            source = label.get(module)
            if source is None or source in pinned or source == target:
                continue
            groups[source].discard(module)
            groups[target].add(module)
            label[module] = target
    return Grouping.ordered(((pin, g) for (pin, _), g in zip(grouping.groups, groups,
                                                               strict=True) if g),
                            grouping.choice)
