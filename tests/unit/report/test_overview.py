"""The review summary shared by report.md and index.html, on hand-made documents."""

from __future__ import annotations

from typing import Any

import pydot
import pytest

from strangler.report.dot import render_dot
from strangler.report.markdown import BUDGET, render_markdown
from strangler.report.overview import (
    CRITICAL,
    KERNEL,
    data_kind,
    dsm_order,
    overview,
    service_edges,
)
from strangler.report.palette import KERNEL as KERNEL_COLOUR
from strangler.report.palette import service_colours, unique_labels


def _document(services: int, per_service: int, tables: int = 3) -> dict[str, Any]:
    """`services` services of `per_service` modules; service i uses service i-1, and the last
    uses the first (a cycle); every service writes table `t0`."""
    modules, assignment, dependencies, seams = [], {}, [], []
    for s in range(services):
        names = [f"app.svc{s}.sub.mod{m}" for m in range(per_service)]
        for name in names:
            modules.append({"name": name, "path": name.replace(".", "/") + ".py", "loc": 10,
                            "lines": 12, "package": "app", "is_package": False})
            assignment[name] = f"svc{s}"
        seams.append({"name": f"svc{s}", "modules": names, "loc": 10 * per_service,
                      "pinned": False, "interface": [], "routes": [], "tables_owned": [],
                      "tables_shared": [{"table": "t0"}], "depends_on": [], "used_by": [],
                      "why": {"together": [], "cut": []}, "difficulty": "easy",
                      "difficulty_score": 1.0, "confidence": "high", "confidence_notes": [],
                      "critical_tables": [], "money_or_identity": False})
    modules.append({"name": "app.utils", "path": "app/utils.py", "loc": 5, "lines": 5,
                    "package": "app", "is_package": False})
    for s in range(1, services):
        dependencies.append({"source": f"app.svc{s}.sub.mod0", "target":
                             f"app.svc{s - 1}.sub.mod1", "weight": 2.0, "kinds": {"import": 1}})
    dependencies.append({"source": "app.svc0.sub.mod0", "target":
                         f"app.svc{services - 1}.sub.mod0", "weight": 1.5, "kinds": {"import": 1}})
    dependencies.append({"source": "app.svc0.sub.mod0", "target": "app.utils", "weight": 1.0,
                         "kinds": {"import": 1}})
    table_list = [{"name": f"t{t}", "models": [], "readers": [],
                   "writers": [{"module": f"app.svc{s}.sub.mod0", "file": "x.py", "line": 1,
                                "via": "sql"} for s in range(services if t == 0 else 1)]}
                  for t in range(tables)]
    return {
        "root": "app", "summary": {"modules": len(modules), "lines": 1, "loc": 1, "routes": 0,
                                   "unresolved_routes": 0, "runtime_prefix_routes": 0,
                                   "tables": tables, "cycles": 0, "problems": 0},
        "completeness": {"text": "Fact completeness: all."},
        "modules": modules, "dependencies": dependencies, "routes": [],
        "unresolved_routes": [], "tables": table_list, "cycles": [], "external": [],
        "problems": [], "seams": seams,
        "shared_tables": [{"table": "t0", "seams": [
            {"seam": f"svc{s}", "modules": 1, "reads": 0, "writes": 1, "file": "x.py",
             "line": 1} for s in range(services)]}],
        "plan": [{"order": 1, "seam": "svc0", "reason": "first: 1 shared tables"}],
        "metrics": {name: {"services": services, "modularity": 0.5, "icp": 0.3, "sm": 0.1,
                           "ifn": 1.0, "ned": 0.2, "mq": 2.0, "cohesion": 0.5,
                           "coupling": 0.3, "tx_purity": 0.9, "bcp": 1.0}
                    for name in ("proposal", "packages", "import_louvain")},
        "proposal": {"choice": "chosen", "signals": [], "notes": [],
                                    "kernel": [{"module": "app.utils", "reason": "utils"}],
                                    "roots": [], "assignment": assignment},
    }


def test_colours_never_repeat_and_never_take_the_kernel_grey() -> None:
    colours = service_colours(f"s{i}" for i in range(500))
    assert len(set(colours.values())) == 500
    assert KERNEL_COLOUR not in colours.values()


def test_labels_take_enough_of_the_name_to_be_unique() -> None:
    names = ["a.user.routes", "a.post.routes", "b.post.routes", "a.cli", "x.y.create"]
    labels = unique_labels(names)
    assert labels == {"a.user.routes": "user.routes", "a.post.routes": "a.post.routes",
                      "b.post.routes": "b.post.routes", "a.cli": "cli", "x.y.create": "create"}
    assert len(set(unique_labels([f"p{i}.routes" for i in range(50)]).values())) == 50


def test_money_and_identity_tables_are_the_ones_the_plan_counts() -> None:
    assert data_kind("t0", {"t0"}) == CRITICAL
    assert data_kind("payments", {"t0"}) == ""  # the name alone does not decide
    document = _document(3, 2)
    document["seams"][1].update(critical_tables=["t0"], money_or_identity=True)
    summary = overview(document)
    assert [r["kind"] for r in summary["tables"] if r["table"] == "t0"] == [CRITICAL]
    assert summary["critical"] == ["svc1"]
    assert any(r["kind"] == CRITICAL and "t0 (3)" in r["text"] for r in summary["risks"])


def test_service_edges_sum_the_crossing_dependencies_and_the_dsm_puts_providers_first() -> None:
    document = _document(4, 3)
    edges = {(e["source"], e["target"]): (e["weight"], e["count"])
             for e in service_edges(document)}
    assert edges[("svc1", "svc0")] == (2.0, 1)
    assert edges[("svc0", KERNEL)] == (1.0, 1)
    order = dsm_order(["svc0", "svc1", "svc2", "svc3"],
                      [e for e in service_edges(document) if KERNEL not in e.values()])
    assert sorted(order) == ["svc0", "svc1", "svc2", "svc3"]
    # one cycle through all four: they stay together; without the back edge, providers first
    document["dependencies"] = document["dependencies"][:-2]
    assert dsm_order(["svc3", "svc2", "svc1", "svc0"], service_edges(document)) == [
        "svc0", "svc1", "svc2", "svc3"]


def test_overview_names_the_first_step_and_the_shared_written_table() -> None:
    summary = overview(_document(3, 2))
    assert summary["first"]["seam"] == "svc0"
    assert "shares 1 table" in summary["first"]["why"]
    texts = " ".join(r["text"] for r in summary["risks"])
    assert "1 table written by a service other than its owner, or by several (t0)" in texts


def test_report_md_fits_a_github_comment_at_two_thousand_modules() -> None:
    document = _document(200, 10, tables=400)
    text = render_markdown(document)
    assert len(text) < BUDGET
    assert text.index("## Summary") < text.index("## Services") < text.index("## Tables")
    assert "more services in `analysis.json`" in text
    mermaid = text.split("```mermaid", 1)[1].split("```", 1)[0]
    assert mermaid.count("-->") <= 30


def test_graph_svg_source_draws_services_when_aggregated() -> None:
    document = _document(5, 40)
    dot = render_dot(document, aggregate=True)
    graph = pydot.graph_from_dot_data(dot)[0]
    names = {n.get_name().strip('"') for n in graph.get_nodes()}
    assert {f"svc{i}" for i in range(5)} <= names and KERNEL in names
    fills = [n.get("fillcolor") for n in graph.get_nodes() if n.get_name().strip('"') != KERNEL
             and n.get("fillcolor")]
    assert len(fills) == 5 and len(set(fills)) == 5


def test_dsm_order_equals_networkx_condensation_order() -> None:
    """dsm_order does without networkx (its import cost 80 ms of every re-analysis): on
    random graphs with cycles it gives networkx's condensation order, providers first."""
    import random
    from collections import defaultdict

    import networkx as nx

    from strangler.report.overview import dsm_order

    def by_networkx(names, edges):  # type: ignore[no-untyped-def]
        graph = nx.DiGraph()
        graph.add_nodes_from(names)
        inbound: dict[str, float] = defaultdict(float)
        for edge in edges:
            if edge["source"] in graph and edge["target"] in graph:
                graph.add_edge(edge["source"], edge["target"])
                inbound[edge["target"]] += edge["weight"]
                inbound[edge["source"]] -= edge["weight"]
        condensed = nx.condensation(graph)
        groups: dict[int, list[str]] = defaultdict(list)
        for name, group in condensed.graph["mapping"].items():
            groups[group].append(name)
        order = nx.lexicographical_topological_sort(condensed.reverse(copy=False),
                                                    key=lambda g: min(groups[g]))
        return [n for g in order for n in sorted(groups[g], key=lambda n: (-inbound[n], n))]

    rng = random.Random(7)
    for _ in range(500):
        names = [f"s{i}" for i in rng.sample(range(40), rng.randint(1, 14))]
        edges = [{"source": rng.choice(names), "target": rng.choice(names),
                  "weight": rng.choice([0.5, 1.0, 2.0])} for _ in range(rng.randint(0, 30))]
        edges = [e for e in edges if e["source"] != e["target"]]
        edges.append({"source": "outside", "target": names[0], "weight": 1.0})
        assert dsm_order(names, edges) == by_networkx(names, edges)


def test_reports_given_the_overview_are_the_reports_that_compute_it() -> None:
    from strangler.report.html import render_html

    document = _document(5, 4)
    shown = overview(document)
    assert render_markdown(document, shown) == render_markdown(document)
    assert render_html(document, shown) == render_html(document)
    other = overview(_document(3, 4))  # the summary really is what they show
    assert render_markdown(document, other) != render_markdown(document)


def test_first_step_says_who_uses_it_from_outside() -> None:
    """Uses from the kernel or the roots are not uses by other services: the sentence says
    so instead of "other services use it 2 times" beside "used by: nobody"."""
    document = _document(3, 2)
    first = document["seams"][0]
    first["interface"] = [{"module": first["modules"][0], "name": "f", "uses": 2,
                           "call_sites": []}]
    assert "2 inbound uses, none from another service" in overview(document)["first"]["why"]
    first["used_by"] = ["svc1"]
    assert "2 inbound uses from 1 other service" in overview(document)["first"]["why"]
    first["interface"] = []
    first["used_by"] = []
    assert "no code outside it uses it" in overview(document)["first"]["why"]


def test_the_data_view_names_the_owner_the_analysis_gives_every_table() -> None:
    """The owner column is `seams[].tables_owned` (the analysis' rule) for every table: a
    table only the kernel uses still has the owner of its model, and a table no seam owns
    (another database's, read by one service) has none."""
    from strangler.report.overview import table_rows

    document = _document(2, 2, tables=1)
    access = {"module": "app.utils", "file": "app/utils.py", "line": 3, "via": "sql"}
    document["tables"].append({"name": "kernel_only", "models": [], "readers": [access],
                               "writers": [access]})
    document["tables"].append({"name": "foreign", "models": [], "writers": [], "readers": [
        {"module": "app.svc1.sub.mod0", "file": "x.py", "line": 2, "via": "sql"}]})
    document["seams"][0]["tables_owned"] = ["kernel_only"]
    document["shared_tables"][0].update(owner="svc1", owner_basis="writes")
    rows = {row["table"]: row for row in table_rows(document)}
    assert rows["kernel_only"]["owner"] == "svc0"
    assert rows["foreign"]["owner"] == ""
    assert rows["t0"]["owner"] == "svc1" and rows["t0"]["write_conflict"]


def test_report_md_lists_the_proposals_notes_the_terminal_points_to() -> None:
    document = _document(3, 2)
    cuts = [f"import cycle of 9 modules: break it by cutting svc{i} -> svc0 (1 imports)"
            for i in range(30)]
    document["proposal"]["notes"] = ["2 modules have no coupling to others and stay "
                                     "unassigned: app.a, app.b", *cuts]
    text = render_markdown(document)
    notes = text.split("## Notes on the proposal", 1)[1].split("\n## ", 1)[0]
    assert "- 2 modules have no coupling to others and stay unassigned: app.a, app.b" in notes
    assert "the cheapest cut of each (30)" in notes
    assert "cutting svc0 -\\> svc0" in notes
    assert "more in `analysis.json` (`proposal.notes`)" in notes
    assert "cutting svc29" not in notes  # folded: the cuts are many on a big project


def test_a_report_folded_to_no_member_names_says_where_the_members_are(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At the budget's last levels no module name is listed per service: the line points to
    `analysis.json` instead of an empty list followed by ", … N more"."""
    from strangler.report import markdown
    from strangler.report.markdown import LEVELS

    assert LEVELS[-1][1] == 0
    monkeypatch.setattr(markdown, "BUDGET", 1)  # nothing fits: the last level is rendered
    document = _document(200, 10, tables=400)
    text = render_markdown(document)
    assert "): , …" not in text
    assert "listed in `analysis.json` (`seams`)" in text
