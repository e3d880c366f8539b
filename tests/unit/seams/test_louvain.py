"""The seeded Louvain of strangler.seams.louvain always finishes."""

from __future__ import annotations

import hashlib
import random

import pytest

from strangler.seams.louvain import louvain_communities


def test_a_tie_between_two_equal_communities_settles() -> None:
    """Two identical components and a node tied to both with the same weight: the gain of
    moving that node between them is zero up to rounding, and it moved back and forth
    forever (seen on 16 copies of one app sharing one schema)."""
    import threading

    base = [(0, 3, 0.996), (0, 4, 1.5766), (1, 2, 2.3205), (1, 3, 1.6431), (1, 4, 1.764),
            (2, 3, 1.2419), (2, 4, 2.8674), (3, 4, 2.1036)]
    edges = [(str(a + copy * 5), str(b + copy * 5), w) for copy in (0, 1) for a, b, w in base]
    edges += [("10", "3", 1.6153), ("10", "8", 1.6153)]
    nodes = [str(i) for i in range(11)]
    found: list[list[set[str]]] = []
    worker = threading.Thread(target=lambda: found.append(louvain_communities(nodes, edges)),
                              daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert found, "Louvain did not finish"
    communities = found[0]
    assert sorted(n for c in communities for n in c) == sorted(nodes)
    assert {"0", "1", "2", "3", "4"} <= next(c for c in communities if "0" in c)


def _plain_louvain(nodes: list[str], edges: list[tuple[str, str, float]],
                   resolution: float, seed: int) -> list[set[str]]:
    """Louvain as first written, over dicts in name order: the reference."""
    from collections import defaultdict

    from strangler.seams.louvain import MIN_GAIN

    index = {name: i for i, name in enumerate(nodes)}
    adjacency: list[dict[int, float]] = [defaultdict(float) for _ in nodes]
    for a, b, weight in edges:
        i, j = index[a], index[b]
        adjacency[i][j] += weight
        if i != j:
            adjacency[j][i] += weight
    degrees = [sum(adj.values()) + adj.get(i, 0.0) for i, adj in enumerate(adjacency)]
    total = sum(degrees) / 2
    members: list[list[int]] = [[i] for i in range(len(nodes))]
    # Visiting order: by a digest of the seed and the node's name; a community visits at
    # its first member's place.
    keys = [hashlib.blake2b(f"{seed}:{name}".encode("utf-8", "surrogatepass"),
                            digest_size=8).digest() for name in nodes]
    while True:
        count = len(adjacency)
        community = list(range(count))
        community_degree = list(degrees)
        order = sorted(range(count), key=lambda n: min(keys[i] for i in members[n]))
        scale = resolution / (2 * total * total)
        improved, moved = False, True
        while moved:
            moved = False
            for node in order:
                weights: dict[int, float] = defaultdict(float)
                for neighbour, weight in adjacency[node].items():
                    if neighbour != node:
                        weights[community[neighbour]] += weight
                degree = degrees[node]
                current = community[node]
                community_degree[current] -= degree
                remove = (-weights.get(current, 0.0) / total
                          + community_degree[current] * degree * scale)
                best, best_gain = current, 0.0
                for candidate, weight in weights.items():
                    gain = remove + weight / total - community_degree[candidate] * degree * scale
                    if gain > best_gain:
                        best, best_gain = candidate, gain
                if best_gain <= MIN_GAIN:
                    best = current
                community_degree[best] += degree
                if best != current:
                    community[node] = best
                    moved = improved = True
        if not improved:
            break
        renumber = {c: k for k, c in enumerate(dict.fromkeys(community))}
        groups: list[list[int]] = [[] for _ in renumber]
        for node, label in enumerate(community):
            groups[renumber[label]].extend(members[node])
        members = groups
        aggregated: list[dict[int, float]] = [defaultdict(float) for _ in renumber]
        new_degrees = [0.0] * len(renumber)
        for node, adj in enumerate(adjacency):
            source = renumber[community[node]]
            new_degrees[source] += degrees[node]
            for neighbour, weight in adj.items():
                target = renumber[community[neighbour]]
                if source == target and neighbour != node:
                    aggregated[source][source] += weight / 2
                else:
                    aggregated[source][target] += weight
        adjacency, degrees = aggregated, new_degrees
    return [{nodes[i] for i in group} for group in members]


@pytest.mark.parametrize("seed", range(12))
def test_the_packed_levels_find_the_communities_of_the_plain_ones(seed: int) -> None:
    """The levels renumber the nodes in visiting order and pack them in arrays for speed,
    and one built graph serves several resolutions (its first level packed once per seed);
    on random graphs with self-loops, parallel edges and many exact ties, the communities
    are exactly those of plain Louvain over dicts, at every resolution and seed."""
    from strangler.seams.louvain import communities_of, weighted_graph

    rng = random.Random(seed)
    size = rng.randint(8, 30)
    base = [(rng.randrange(size), rng.randrange(size), float(rng.choice((1, 1, 2, 0.5))))
            for _ in range(size * rng.randint(1, 3))]
    base += [(i, i, 2.0) for i in range(0, size, 7)]  # self-loops
    # Identical copies, joined by one node tied to all of them: many exact ties.
    copies = rng.randint(2, 5)
    nodes = [f"c{c}.m{i:02d}" for c in range(copies) for i in range(size)] + ["hub"]
    edges = [(f"c{c}.m{a:02d}", f"c{c}.m{b:02d}", w) for c in range(copies) for a, b, w in base]
    edges += [("hub", f"c{c}.m00", 1.0) for c in range(copies)]
    shared = weighted_graph(nodes, edges)
    for resolution, louvain_seed in [(0.5, seed), (1.0, seed), (2.5, seed), (1.0, seed + 1),
                                     (0.5, seed)]:
        plain = _plain_louvain(nodes, edges, resolution, louvain_seed)
        assert louvain_communities(nodes, edges, resolution, louvain_seed) == plain
        assert communities_of(shared, resolution, louvain_seed) == plain
        assert sorted(n for c in plain for n in c) == sorted(nodes)


@pytest.mark.parametrize("seed", range(6))
def test_an_unrelated_module_leaves_the_other_communities_as_they_were(seed: int) -> None:
    """Each node's visiting place comes from its name and the seed, so a module added
    without coupling (a new script, a deleted file) moves no other module: with a shuffled
    order, one more node reordered every visit and reshaped the partition."""
    rng = random.Random(seed)
    nodes = [f"m{i:02d}" for i in range(40)]
    edges = [(rng.choice(nodes), rng.choice(nodes), float(rng.choice((1, 2, 0.5))))
             for _ in range(90)]
    before = louvain_communities(nodes, edges, 1.0, seed)
    for extra in (["a_new_script"], ["zz1", "zz2", "m05x"]):
        after = louvain_communities(sorted(nodes + extra), edges, 1.0, seed)
        assert [c for c in after if not c & set(extra)] == before
