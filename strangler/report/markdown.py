"""`report.md`: the analysis, readable in a pull request (rendered from a jinja2 template).

It opens with the summary of index.html and keeps every list bounded, so it fits a GitHub
comment (65,536 characters) at any project size: the long lists are folded in `<details>`
and cut at a fixed length, the rest is in analysis.json.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any

from strangler.report.baselines import BETTER
from strangler.report.dot import group_of
from strangler.report.json_report import dependency_edges
from strangler.report.overview import KERNEL, METRIC_HELP, overview
from strangler.templating import environment

TOP_DEPENDENCIES = 15
MAX_PROBLEMS = 30
BUDGET = 60_000  # characters; a GitHub comment holds 65,536
# (rows of any folded list, module names per service or cycle, services detailed): the
# first level whose report fits the budget is used.
LEVELS = ((40, 12, 200), (25, 6, 100), (15, 3, 60), (8, 0, 30), (8, 0, 20), (5, 0, 15))
MERMAID_EDGES = 30  # a service diagram with more arrows is no longer read
COUPLINGS = 20


def _conflicts(document: dict[str, Any], summary: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per table shared by several seams, with its owner and reads and writes per
    seam: first the tables a service other than the owner writes (the writes to move to the
    owner before any split; `overview.table_rows` decides it, for the top risks too), then
    by name."""
    judged = {row["table"]: row for row in summary["tables"]}
    rows = []
    for shared in document.get("shared_tables", []):
        row = judged.get(shared["table"], {})
        rows.append({"table": shared["table"], "kind": row.get("kind", ""),
                     "owner": shared.get("owner", ""), "basis": shared.get("owner_basis", ""),
                     "sides": shared["seams"],
                     "written_by_others": bool(row.get("write_conflict"))})
    return sorted(rows, key=lambda row: (not row["written_by_others"], row["table"]))


def _notes(document: dict[str, Any]) -> dict[str, Any]:
    """The proposal's notes: every note but the import-cycle cuts, then those (the Import
    cycles section lists the cycles; the cuts are many on a big project: Saleor 105)."""
    notes = document.get("proposal", {}).get("notes", [])
    cuts = [n for n in notes if n.startswith("import cycle of")]
    return {"other": [n for n in notes if not n.startswith("import cycle of")], "cuts": cuts}


def render_markdown(document: dict[str, Any], summary: dict[str, Any] | None = None) -> str:
    """Render the Markdown report from the analysis document (`summary`: its `overview`,
    if the caller already has it)."""
    # The heaviest first; only those shown are made into dicts.
    heaviest = heapq.nsmallest(TOP_DEPENDENCIES, (
        (-weight, source, target, position)
        for position, (source, target, weight) in enumerate(dependency_edges(document))))
    dependencies = [document["dependencies"][entry[3]] for entry in heaviest]
    routes_by_package: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for route in document["routes"]:
        # by the package that serves the route, as the seams count it (not where it is declared)
        routes_by_package[group_of(route.get("served_by", route["module"]))].append(route)
    tables = sorted(document["tables"], key=lambda t: (
        -len({a["module"] for a in t["readers"] + t["writers"]}), t["name"]))
    summary = overview(document) if summary is None else summary
    between = sorted((e for e in summary["edges"]
                      if KERNEL not in (e["source"], e["target"])),
                     key=lambda e: (-e["weight"], e["source"], e["target"]))
    ids = {s["name"]: i for i, s in enumerate(document.get("seams", []), start=1)}
    mermaid = between[:MERMAID_EDGES]
    drawn = {e["source"] for e in mermaid} | {e["target"] for e in mermaid}
    context = {
        "conflicts": _conflicts(document, summary),
        "doc": document,
        "ov": summary,
        "ids": ids,
        "service_edges": between,
        "mermaid": mermaid,
        "mermaid_nodes": [s for s in document.get("seams", []) if s["name"] in drawn
                          or len(document["seams"]) <= MERMAID_EDGES],
        "couplings": COUPLINGS,
        "metric_keys": list(BETTER.items()),
        "metric_help": METRIC_HELP,
        "summary": document["summary"],
        "dependencies": dependencies[:TOP_DEPENDENCIES],
        "routes_by_package": sorted(routes_by_package.items(),
                                    key=lambda kv: (-len(kv[1]), kv[0])),
        "tables": tables,
        "problems": document["problems"][:MAX_PROBLEMS],
        "third_party": [e for e in document["external"] if e["category"] == "third_party"],
        "notes": _notes(document),
    }
    template = environment().get_template("report/report.md.jinja")
    text = ""
    for max_rows, max_members, max_services in LEVELS:
        text = template.render(context, max_rows=max_rows, max_members=max_members,
                               max_services=max_services)
        if len(text) < BUDGET:
            break
    return text
