"""Table coupling as a bipartite module-table relation: linear in the accesses."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.report import analysis_document, render_json_bytes
from strangler.seams import SeamRequest, Signals, SignalWeights, propose_seams
from strangler.seams.signals import SMALL_TABLE, is_table_node, signal_graph

HOT = 3 * SMALL_TABLE  # modules that all read one table


def _schema_project(root: Path) -> Path:
    """Three apps of HOT // 3 views each; every view reads `users` and writes its app's own
    table; each app's views also call their app's service module."""
    files: dict[str, str] = {"site/__init__.py": ""}
    for app in ("billing", "catalog", "orders"):
        files[f"site/{app}/__init__.py"] = ""
        files[f"site/{app}/service.py"] = f"""
            def run(db):
                db.execute("UPDATE {app}_items SET seen = 1")
            """
        for n in range(HOT // 3):
            files[f"site/{app}/view_{n}.py"] = f"""
                from site.{app} import service

                def handle(db):
                    db.execute("SELECT * FROM users")
                    db.execute("INSERT INTO {app}_items VALUES (1)")
                    return service.run(db)
                """
    return build_tree(root, files)


def test_a_shared_table_is_one_link_per_module_not_an_edge_per_pair(tmp_path: Path) -> None:
    index, graph = graph_of(_schema_project(tmp_path / "proj"))
    users = [link for link in graph.table_access if link.table == "users"]
    assert len(users) == HOT
    assert all(link.reads == 1 and link.writes == 0 for link in users)
    # No module pair exists because of a table: every dependency is code (views -> service).
    assert all(d.target.endswith(".service") or d.target.count(".") < 2
               for d in graph.dependencies)
    assert len(graph.dependencies) < 2 * HOT
    assert not any(k == "shared_table" for d in graph.dependencies for k, _ in d.kinds)


def test_a_hot_table_becomes_one_node_a_small_one_links_pairs(tmp_path: Path) -> None:
    index, graph = graph_of(_schema_project(tmp_path / "proj"))
    signals = signal_graph(index, graph, SignalWeights(), Signals(cochange=False, routes=False,
                                                                  package=False, static=False))
    tables = sorted(n for n in signals.nodes if is_table_node(n))
    # `users` (HOT modules) and each app's table (HOT // 3 + 1 > SMALL_TABLE) are stars.
    assert tables == ["table:billing_items", "table:catalog_items", "table:orders_items",
                      "table:users"]
    assert signals.degree("table:users") == HOT
    # Linear: one edge per (module, table) link, no clique.
    assert signals.number_of_edges() == len(graph.table_access)
    # The table every module reads pulls less than a table one app writes.
    view = "site.billing.view_0"
    assert signals[view]["table:users"]["weight"] < signals[view]["table:billing_items"]["weight"]


def test_small_tables_keep_the_pairwise_signal(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/a.py": 'def f(db):\n    db.execute("INSERT INTO ledger VALUES (1)")\n',
        "app/b.py": 'def g(db):\n    db.execute("SELECT * FROM ledger")\n',
    })
    index, graph = graph_of(root)
    signals = signal_graph(index, graph, SignalWeights(), Signals(cochange=False))
    assert not any(is_table_node(n) for n in signals.nodes)
    assert signals["app.a"]["app.b"]["weight"] > 0


def test_tables_shared_are_listed_once_per_table_with_counts(tmp_path: Path) -> None:
    index, graph = graph_of(_schema_project(tmp_path / "proj"))
    proposal = propose_seams(index, graph, SeamRequest(signals=Signals(cochange=False)))
    assert len(proposal.seams) >= 2
    users = [t for t in proposal.shared_tables if t.table == "users"]
    assert len(users) == 1
    sides = users[0].sides
    assert sum(side.modules for side in sides) == HOT
    assert sum(side.reads for side in sides) == HOT
    assert len({side.seam for side in sides}) == len(sides)
    for seam in proposal.seams:
        for shared in seam.tables_shared:
            if shared.table == "users":
                assert shared.side.seam == seam.name
                assert shared.others == len(sides) - 1
    document = analysis_document(index, graph, proposal)
    text = render_json_bytes(document)
    assert text.count(b'"table":"users"') == 1 + sum(
        1 for s in proposal.seams for t in s.tables_shared if t.table == "users")
    assert document["schema_version"] == "2.2"
