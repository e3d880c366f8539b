"""The review summary: services, their couplings, data ownership, risks and the baselines in
words. Plain data from the analysis document, shared by report.md and index.html."""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any

from strangler.graph import strongly_connected
from strangler.model import first_step_why, plural
from strangler.report.baselines import baselines_in_words
from strangler.report.json_report import dependency_edges

KERNEL = "(shared kernel)"  # the name analysis.json gives the kernel's side of a table
CRITICAL = "money or identity"
METRIC_HELP = {
    "services": "number of services (groups) in the partition",
    "modularity": "Newman modularity: how much more weight stays inside groups than chance "
                  "would put there (higher is better)",
    "icp": "inter-partition call percentage: share of the coupling weight that crosses "
           "services (lower is better)",
    "sm": "structural modularity: density of edges inside services minus across them "
          "(higher is better)",
    "ifn": "interface number: public symbols per service used from other services "
           "(lower is better)",
    "ned": "non-extreme distribution: share of modules in services that are too small "
           "(<3) or too big (>30) (lower is better)",
    "mq": "modularization quality (Bunch): sum over services of internal vs boundary edges "
          "(higher is better)",
    "cohesion": "mean share of each service's weight that stays inside it (higher is better)",
    "coupling": "cross-service weight over total weight (lower is better)",
    "tx_purity": "transactional purity: 1.0 when every table is used by one service only "
                 "(higher is better)",
    "bcp": "business context purity: how many business contexts (routes) each service "
           "serves, log scale (lower is better)",
}


def critical_tables(document: dict[str, Any]) -> set[str]:
    """The money or identity tables, as the migration plan decided them (each seam's
    `critical_tables` in analysis.json): one rule for the plan and both reports."""
    return {table for seam in document.get("seams", [])
            for table in seam.get("critical_tables", [])}


def data_kind(table: str, critical: set[str]) -> str:
    """`money or identity` when the plan counts the table as such, else ''."""
    return CRITICAL if table in critical else ""


def seam_of(document: dict[str, Any]) -> dict[str, str]:
    """Module → service; kernel, roots and unassigned modules map to KERNEL."""
    assignment = document.get("proposal", {}).get("assignment", {})
    return {m["name"]: assignment.get(m["name"], KERNEL) for m in document["modules"]}


def service_edges(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Directed service → service couplings (the kernel included, as KERNEL): summed weight
    of the module dependencies that cross, and how many there are. One pass over them."""
    owner = seam_of(document)
    weight: dict[tuple[str, str], float] = defaultdict(float)
    count: dict[tuple[str, str], int] = defaultdict(int)
    for source, target, edge_weight in dependency_edges(document):
        key = (owner[source], owner[target])
        if key[0] != key[1]:
            weight[key] += edge_weight
            count[key] += 1
    return [{"source": a, "target": b, "weight": round(weight[(a, b)], 3),
             "count": count[(a, b)]} for a, b in sorted(weight)]


def dsm_order(names: list[str], edges: list[dict[str, Any]]) -> list[str]:
    """Providers before their users, so every mark above the diagonal is a cycle. Services in
    one cycle stay together, the most used first. (Without networkx: importing it cost 80 ms
    of every re-analysis after an edit.)"""
    known = set(names)
    inbound: dict[str, float] = defaultdict(float)
    pairs: list[tuple[str, str]] = []
    for edge in edges:
        source, target = edge["source"], edge["target"]
        if source in known and target in known:
            pairs.append((source, target))
            inbound[target] += edge["weight"]
            inbound[source] -= edge["weight"]
    group_of: dict[str, str] = {}  # name → its cycle's smallest name (the group's key)
    for component in strongly_connected(pairs):
        for name in component:
            group_of[name] = min(component)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[group_of.setdefault(name, name)].append(name)
    # Edges point user → provider: a group comes once every group it uses has come, and
    # among those ready, the one with the smallest name first.
    uses: dict[str, set[str]] = defaultdict(set)
    users: dict[str, set[str]] = defaultdict(set)
    for source, target in pairs:
        if group_of[source] != group_of[target]:
            uses[group_of[source]].add(group_of[target])
            users[group_of[target]].add(group_of[source])
    waiting = {group: len(uses[group]) for group in groups}
    ready = [group for group, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        group = heapq.heappop(ready)
        order.append(group)
        for user in users[group]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    return [name for group in order
            for name in sorted(groups[group], key=lambda n: (-inbound[n], n))]


def table_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Tables × services: reads and writes per service, shared tables first, each with its
    owner (the analysis' `seams[].tables_owned` and `shared_tables[].owner`: a table only the
    kernel uses has one too, another database's table has none). A write conflict is a table
    that a service other than its owner writes, or, with no owner, that several write."""
    owner = seam_of(document)
    owners = {table: seam["name"] for seam in document.get("seams", [])
              for table in seam.get("tables_owned", [])}
    owners.update((t["table"], t["owner"]) for t in document.get("shared_tables", [])
                  if t.get("owner"))
    critical = critical_tables(document)
    rows = []
    for table in document.get("tables", []):
        cells: dict[str, dict[str, int]] = defaultdict(lambda: {"reads": 0, "writes": 0})
        for access in table["readers"]:
            cells[owner.get(access["module"], KERNEL)]["reads"] += 1
        for access in table["writers"]:
            cells[owner.get(access["module"], KERNEL)]["writes"] += 1
        services = sorted(s for s in cells if s != KERNEL)
        writers = [s for s in services if cells[s]["writes"]]
        table_owner = owners.get(table["name"], "")
        rows.append({"table": table["name"], "kind": data_kind(table["name"], critical),
                     "cells": {s: cells[s] for s in sorted(cells)},
                     "services": services,
                     "owner": table_owner,
                     "conflict": len(services) > 1,
                     "write_conflict": (any(s != table_owner for s in writers) if table_owner
                                        else len(writers) > 1) and len(services) > 1})
    return sorted(rows, key=lambda r: (not r["conflict"], -len(r["services"]), r["table"]))


def _listed(names: list[str], limit: int = 5) -> str:
    return ", ".join(names[:limit]) + (", …" if len(names) > limit else "")


def risks(document: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The top risks a reviewer should weigh, most serious first: money or identity data
    several services use, tables several services write, import cycles across services."""
    found: list[dict[str, str]] = []
    shared = [r for r in rows if r["kind"] == CRITICAL and r["conflict"]]
    if shared:
        found.append({"kind": CRITICAL, "text": (
            f"{plural(len(shared), 'table')} used by several services: "
            + _listed([f"{r['table']} ({len(r['services'])})" for r in shared])
            + ". Move these last, behind one owner")})
    writes = [r for r in rows if r["write_conflict"]]
    if writes:
        found.append({"kind": "shared tables", "text": (
            f"{plural(len(writes), 'table')} written by a service other than its owner, "
            f"or by several ({_listed([r['table'] for r in writes])}): the owner "
            "(Data ownership) takes over those writes before the services can be split")})
    owner = seam_of(document)
    for cycle in document.get("cycles", []):
        services = sorted({owner[m] for m in cycle["modules"]} - {KERNEL})
        if len(services) > 1:
            lazy = " (closed only by imports inside functions)" if cycle["lazy_only"] else ""
            found.append({"kind": "cycle", "text": (
                f"an import cycle of {len(cycle['modules'])} modules spans "
                f"{len(services)} services{lazy}: cut it before they can be deployed apart")})
    read = [r for r in rows if r["conflict"] and not r["write_conflict"]]
    if read:
        found.append({"kind": "shared tables", "text": (
            f"{plural(len(read), 'more table')} read by several services "
            f"({_listed([r['table'] for r in read])}): serve them through an API or a "
            "read model")})
    return found


def first_step(document: dict[str, Any]) -> dict[str, Any] | None:
    """The first extraction of the plan, and why, in words."""
    plan = document.get("plan", [])
    seam = next((s for s in document.get("seams", []) if plan and s["name"] == plan[0]["seam"]),
                None)
    if seam is None:
        return None
    why = first_step_why(len(seam["tables_shared"]), sum(i["uses"] for i in seam["interface"]),
                         len(seam["used_by"]), seam["difficulty"])
    return {"seam": seam["name"], "modules": len(seam["modules"]), "loc": seam["loc"],
            "routes": len(seam["routes"]), "why": why,
            "reason": plan[0]["reason"].removeprefix("first: ")}


def confidence_counts(seams: list[dict[str, Any]]) -> dict[str, int]:
    """How many seams are of high, medium and low confidence."""
    counts = {"high": 0, "medium": 0, "low": 0}
    for seam in seams:
        counts[seam.get("confidence", "high")] += 1
    return counts


def overview(document: dict[str, Any]) -> dict[str, Any]:
    """Everything the summary of both reports shows, computed once."""
    seams = document.get("seams", [])
    rows = table_rows(document)
    edges = service_edges(document)
    names = [s["name"] for s in seams]
    kernel = document.get("proposal", {}).get("kernel", [])
    return {
        "services": len(seams),
        "kernel": len(kernel),
        "first": first_step(document),
        "edges": edges,
        "order": dsm_order(names, edges),
        "tables": rows,
        "risks": risks(document, rows),
        "baselines": baselines_in_words(document.get("metrics", {})),
        "completeness": (document.get("completeness") or {}).get("text", ""),
        "confidence": confidence_counts(seams),
        "unsure": [s["name"] for s in seams if s.get("confidence", "high") != "high"],
        "critical": [s["name"] for s in seams if s.get("money_or_identity")],
    }
