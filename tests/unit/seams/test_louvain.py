"""The seeded Louvain of strangler.seams.louvain always finishes."""

from __future__ import annotations

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
