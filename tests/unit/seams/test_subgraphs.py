"""`subgraphs.induced_copy` is `graph.subgraph(nodes).copy()`: the same nodes, edges and
weights in the same order, whether the kept nodes are few (networkx then walks its set of
them) or many (it walks the graph's own order)."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from strangler.seams.subgraphs import induced_copy


def _graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.Graph()
    names = [f"m{rng.randrange(10**6)}" for _ in range(300)]
    graph.add_nodes_from(rng.sample(names, len(names)))
    for _ in range(900):
        a, b = rng.choice(names), rng.choice(names)
        graph.add_edge(a, b, weight=round(rng.random(), 4))
    graph.graph["label"] = "x"
    return graph


def _shape(graph: nx.Graph) -> tuple[object, ...]:
    return (list(graph.nodes(data=True)), list(graph.edges(data=True)),
            [(n, list(graph.adj[n].items())) for n in graph], dict(graph.graph))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("share", [0.1, 0.45, 0.5, 0.55, 0.9])
def test_the_same_graph_in_the_same_order(seed: int, share: float) -> None:
    graph = _graph(seed)
    rng = random.Random(seed * 7)
    nodes = sorted(rng.sample(list(graph.nodes), int(len(graph) * share)))
    nodes += ["not a node", nodes[0]]  # unknown and repeated nodes are ignored, as there
    expected = graph.subgraph(nodes).copy()
    found = induced_copy(graph, nodes)
    assert _shape(found) == _shape(expected)
    found.add_edge("new", nodes[0])  # a real copy: the original is untouched
    assert "new" not in graph
