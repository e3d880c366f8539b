"""Decomposition metrics (definitions and sources in docs/metrics.md)."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from strangler.graph import CouplingGraph
from strangler.model import RELATIVE_TIE, Metrics, ProjectIndex

NED_BAND = (3, 30)  # a "non-extreme" service has 3..30 modules


@dataclass
class MetricsMemo:
    """`compute_metrics` results by a digest of everything it reads, kept between runs by
    the caller: an edit that changes none of a partition's inputs (a new line, a comment, a
    renamed local) scores it again for free, and any change of them is a new key."""

    previous: dict[str, Any] = field(default_factory=dict)
    used: dict[str, Any] = field(default_factory=dict)  # this run's: the next `previous`
    # Mixed into every key: the code that computed the entries (the caller's fingerprint).
    salt: str = ""
    # Besides the metrics (Metrics, by digest), the import cycles' cuts (tuple of the notes,
    # by "cuts:" and a digest), which read only the cycles, their edges and the labels.


def _dumps(part: Any) -> bytes:
    try:
        return orjson.dumps(part)
    except orjson.JSONEncodeError:  # a name that is not UTF-8 (lone surrogates)
        return repr(part).encode("utf-8", "surrogateescape")


def metrics_inputs(index: ProjectIndex, graph: CouplingGraph,
                   contexts: dict[str, frozenset[str]]) -> Any:
    """A hasher fed with what `compute_metrics` reads besides the partition: the
    dependencies' ends and weights, the symbol uses' ends and names, the module-table
    relation and the business contexts."""
    hasher = hashlib.sha256()
    ordered: dict[int, list[str]] = {}  # each distinct set sorted once (modules share them)
    for part in ([(d.source, d.target, d.weight) for d in graph.dependencies],
                 [(u.source, u.target, u.name) for u in index.uses],
                 [(t.table, t.module) for t in graph.table_access],
                 sorted((m, ordered.get(id(c)) or ordered.setdefault(id(c), sorted(c)))
                        for m, c in contexts.items())):
        hasher.update(_dumps(part))
        hasher.update(b"\0")
    return hasher


def memo_metrics(memo: MetricsMemo | None, inputs: Any, index: ProjectIndex,
                 graph: CouplingGraph, labels: dict[str, str], units: set[str],
                 contexts: dict[str, frozenset[str]]) -> Metrics:
    """`compute_metrics`, looked up in `memo` first; `inputs` is `metrics_inputs(...)` of the
    same index, graph and contexts (None without a memo)."""
    if memo is None:
        return compute_metrics(index, graph, labels, units, contexts)
    hasher = inputs.copy()
    hasher.update(memo.salt.encode())
    ordered = sorted(units)
    hasher.update(_dumps((ordered, [labels.get(u) for u in ordered])))
    key = hasher.hexdigest()
    found = memo.used.get(key) or memo.previous.get(key)
    if not isinstance(found, Metrics):
        found = compute_metrics(index, graph, labels, units, contexts)
    memo.used[key] = found
    return found


def compute_metrics(index: ProjectIndex, graph: CouplingGraph, labels: dict[str, str],
                    units: set[str], contexts: dict[str, frozenset[str]]) -> Metrics:
    """All metrics of one partition of `units` (modules of `units` without a label count as
    singleton groups). Edges: the coupling graph's dependencies between units."""
    label = {u: labels.get(u, f"<alone:{u}>") for u in units}
    members: dict[str, set[str]] = defaultdict(set)
    for unit, name in label.items():
        members[name].add(unit)
    partitions = sorted(members)
    k = len(partitions)
    edges = [(d.source, d.target, d.weight) for d in graph.dependencies
             if d.source in units and d.target in units and d.source != d.target]

    undirected: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, weight in edges:
        undirected[(source, target) if source < target else (target, source)] += weight
    modularity = weighted_modularity(((u, v, w) for (u, v), w in undirected.items()), label)

    def damp(weight: float) -> float:
        return 1.0 + math.log(1.0 + weight)

    total = sum(damp(w) for _, _, w in edges)
    cross = sum(damp(w) for s, t, w in edges if label[s] != label[t])
    icp = cross / total if total else 0.0

    pairs_inside: dict[str, set[tuple[str, str]]] = defaultdict(set)
    pairs_between: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for source, target, _ in edges:
        pair = (source, target) if source < target else (target, source)
        a, b = label[source], label[target]
        if a == b:
            pairs_inside[a].add(pair)
        else:
            pairs_between[(a, b) if a < b else (b, a)].add(pair)
    # (no unit at all: a project whose only module is its entry point)
    cohesion_term = sum(len(pairs_inside[p]) / len(members[p]) ** 2
                        for p in partitions) / k if k else 0.0
    coupling_term = 0.0
    if k > 1:
        coupling_term = sum(
            len(found) / (2 * len(members[a]) * len(members[b]))
            for (a, b), found in pairs_between.items()
        ) * 2 / (k * (k - 1))
    sm = cohesion_term - coupling_term

    interface: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for use in index.uses:
        if use.source in label and use.target in label and label[use.source] != label[
                use.target]:
            interface[label[use.target]].add((use.target, use.name))
    ifn = sum(len(symbols) for symbols in interface.values()) / k if k else 0.0

    low, high = NED_BAND
    ned = 1.0 - sum(len(members[p]) for p in partitions
                    if low <= len(members[p]) <= high) / max(1, len(units))

    intra_edges: dict[str, int] = defaultdict(int)
    leaving: dict[str, int] = defaultdict(int)
    internal_weight: dict[str, float] = defaultdict(float)
    external_weight: dict[str, float] = defaultdict(float)
    for source, target, weight in edges:
        a, b = label[source], label[target]
        if a == b:
            intra_edges[a] += 1
            internal_weight[a] += weight
        else:
            leaving[a] += 1
            leaving[b] += 1
            external_weight[a] += weight
            external_weight[b] += weight
    mq = sum(2 * intra_edges[p] / (2 * intra_edges[p] + leaving[p])
             for p in partitions if intra_edges[p])
    cohesion = sum(
        2 * internal_weight[p] / (2 * internal_weight[p] + external_weight[p])
        if internal_weight[p] + external_weight[p] else 0.0
        for p in partitions) / k if k else 0.0
    all_weight = sum(w for _, _, w in edges)
    coupling = sum(w for s, t, w in edges if label[s] != label[t]) / all_weight if all_weight \
        else 0.0

    entropies: list[float] = []
    per_table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for link in graph.table_access:  # one link per (table, module): linear in the relation
        if link.module in label:
            per_table[link.table][label[link.module]] += 1
    for table in sorted(per_table):
        counts = per_table[table]
        n = sum(counts.values())
        entropy = -sum(c / n * math.log(c / n) for c in counts.values())
        entropies.append(entropy / math.log(k) if k > 1 else 0.0)
    tx_purity = 1.0 - sum(entropies) / len(entropies) if entropies else 1.0

    bcp_values = []
    for p in partitions:
        union: set[str] = set()
        for module in members[p]:
            union |= contexts.get(module, frozenset())
        bcp_values.append(math.log(max(1, len(union))))
    bcp = sum(bcp_values) / k if k else 0.0

    return Metrics(
        services=sum(1 for p in partitions if not p.startswith("<alone:")),
        modularity=round(modularity, 4), icp=round(icp, 4), sm=round(sm, 4),
        ifn=round(ifn, 4), ned=round(ned, 4), mq=round(mq, 4), cohesion=round(cohesion, 4),
        coupling=round(coupling, 4), tx_purity=round(tx_purity, 4), bcp=round(bcp, 4),
    )


def weighted_modularity(edges: Iterable[tuple[str, str, float]], label: dict[str, str]
                        ) -> float:
    """Newman's modularity of an undirected weighted graph given as (u, v, w) edges, each
    pair once; equal to networkx's `community.modularity(G, groups, weight="weight")`."""
    total = 0.0
    inside: dict[str, float] = defaultdict(float)
    degree: dict[str, float] = defaultdict(float)
    for u, v, w in edges:
        total += w
        lu, lv = label[u], label[v]
        degree[lu] += w
        degree[lv] += w
        if lu == lv:
            inside[lu] += w
    if total == 0:
        return 0.0
    return sum(inside.values()) / total - sum((d / (2 * total)) ** 2 for d in degree.values())


def package_baseline(units: set[str]) -> dict[str, str]:
    """Baseline 1: each package is a service, at the level where packages become domains:
    below every top-level package with several children (`ckan.model`, `ckanext.activity`,
    a Django app), one level further down while one package holds most of the modules
    (`src.app.*`), and inside each container of domains (`app.modules.*`,
    `app.modules.events.*`: `seams.containers`)."""
    depth = 1
    while True:
        groups: dict[str, int] = defaultdict(int)
        for unit in units:
            groups[".".join(unit.split(".")[:depth])] += 1
        biggest = max(groups.values(), default=0)
        deeper = sum(1 for u in units if len(u.split(".")) > depth)
        if biggest * 5 < len(units) * 4 and len(groups) > 1 or not deeper or depth >= 6:
            break
        depth += 1
    # Every top-level package with several children is split at the next level, unless
    # the top-level packages are apps made of layers (Django apps side by side).
    from strangler.seams.words import app_units, domain_units

    apps = app_units(domain_units(sorted(units)), with_modules=True) if depth == 1 else set()
    children: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        parts = unit.split(".")
        if len(parts) > depth:
            children[".".join(parts[:depth])].add(parts[depth])
    # A container of domains (`app/modules/<domain>/`, `seams.containers`) is split into
    # its domains, and so on down (`modules/events/<part>/`).
    from strangler.seams.containers import container_label, domain_containers

    containers = domain_containers(units)
    labels: dict[str, str] = {}
    for unit in units:
        parts = unit.split(".")
        prefix = ".".join(parts[:depth])
        extra = 1 if depth == 1 and len(children.get(prefix, ())) >= 2 and len(parts) > 1 \
            and prefix not in apps else 0
        labels[unit] = container_label(unit, ".".join(parts[:depth + extra]), containers)
    return labels


# From this many modules, `baseline_soon` computes the baseline in a forked child.
BASELINE_FORK_FROM = 1000


def baseline_soon(graph: CouplingGraph, units: set[str], seed: int
                  ) -> Callable[[], dict[str, str]]:
    """`import_louvain_baseline` for a caller that needs it later: on a big project a
    forked child (`seams.parallel`) computes it on the core the analysis leaves idle,
    from a copy of `units` taken now. Call the result to get the labels."""
    units = set(units)
    if len(units) < BASELINE_FORK_FROM:
        return lambda: import_louvain_baseline(graph, units, seed)
    from strangler.seams.parallel import in_child

    return in_child(import_louvain_baseline, graph, units, seed).result


def import_louvain_baseline(graph: CouplingGraph, units: set[str], seed: int) -> dict[str, str]:
    """Baseline 2: plain Louvain on the bare import graph (unweighted, undirected)."""
    from strangler.seams.louvain import louvain_communities

    pairs = set()
    for dependency in graph.dependencies:
        kinds = dict(dependency.kinds)
        if dependency.source in units and dependency.target in units and any(
                k.startswith("import") for k in kinds):
            a, b = sorted((dependency.source, dependency.target))
            pairs.add((a, b, 1.0))
    communities = louvain_communities(sorted(units), sorted(pairs), 1.0, seed)
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    return {m: f"louvain_{i}" for i, c in enumerate(ordered) for m in c}


def adjusted_rand_index(left: dict[str, str], right: dict[str, str]) -> float:
    """ARI over the units both labelings assign (1.0 = identical partitions)."""
    units = sorted(set(left) & set(right))
    n = len(units)
    if n < 2:
        return 1.0
    table: dict[tuple[str, str], int] = defaultdict(int)
    rows: dict[str, int] = defaultdict(int)
    cols: dict[str, int] = defaultdict(int)
    for unit in units:
        table[(left[unit], right[unit])] += 1
        rows[left[unit]] += 1
        cols[right[unit]] += 1

    def pairs(x: int) -> float:
        return x * (x - 1) / 2

    index = sum(pairs(v) for v in table.values())
    row_sum = sum(pairs(v) for v in rows.values())
    col_sum = sum(pairs(v) for v in cols.values())
    expected = row_sum * col_sum / pairs(n)
    maximum = (row_sum + col_sum) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


BASELINE_LABELS = {"packages": "packages", "import_louvain": "Louvain on imports"}


def clearly(higher: float, lower: float) -> bool:
    """`higher` exceeds `lower` by a gap the report does not call a tie (RELATIVE_TIE)."""
    return higher - lower >= RELATIVE_TIE * max(abs(higher), abs(lower), 1e-9)


def baseline_verdicts(metrics: tuple[tuple[str, Metrics], ...]) -> list[str]:
    """In words, each metric on which a baseline does clearly better than the proposal (a
    gap under RELATIVE_TIE is a tie, as in the report)."""
    proposal = dict(metrics)["proposal"]
    verdicts: list[str] = []
    for name, baseline in metrics:
        if name == "proposal":
            continue
        lost = []
        if clearly(baseline.modularity, proposal.modularity):
            lost.append(f"modularity {proposal.modularity:.3f} < {baseline.modularity:.3f}")
        if clearly(proposal.icp, baseline.icp):
            lost.append(f"share of calls crossing services (ICP) {proposal.icp:.3f} > "
                        f"{baseline.icp:.3f}")
        if clearly(baseline.tx_purity, proposal.tx_purity):
            lost.append(f"table purity {proposal.tx_purity:.3f} < {baseline.tx_purity:.3f}")
        if lost:
            verdicts.append(f"the {BASELINE_LABELS.get(name, name)} baseline "
                            f"({baseline.services} groups) does better than the proposal on "
                            + "; ".join(lost))
    return verdicts
