"""`index.html`: one self-contained interactive report (inline CSS and JS, no network).

The analysis travels as JSON inside a `<script type="application/json">` element, with `<`,
`>`, `&` and the JavaScript line separators escaped so no string from the analyzed code can
close the element; the script renders every such string with `textContent`, or as canvas text
through Cytoscape.js (vendored, `vendor.py`), which never parses it as markup.
"""

from __future__ import annotations

import json
from typing import Any

from strangler.report.baselines import BETTER
from strangler.report.json_report import dependency_edges
from strangler.report.overview import KERNEL, METRIC_HELP, overview, seam_of
from strangler.report.palette import KERNEL as KERNEL_COLOUR
from strangler.report.palette import service_colours, unique_labels
from strangler.report.vendor import Script, csp_hash, inline_libraries
from strangler.templating import environment, shipped_text

MAX_PROBLEMS = 500
MAX_CYCLE_EDGES = 200  # per cycle; all of them are in analysis.json


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def view_model(document: dict[str, Any], summary: dict[str, Any] | None = None
               ) -> dict[str, Any]:
    """The slice of the analysis the page needs (`summary`: the document's `overview`, if
    the caller has it). Modules and services are referred to by index (the kernel is the
    index after the last service) to keep the page small."""
    proposal = document.get("proposal", {})
    summary = overview(document) if summary is None else summary
    names = [s["name"] for s in document.get("seams", [])]
    colours = service_colours(names)
    position = {name: i for i, name in enumerate(names)}
    position[KERNEL] = len(names)
    owner = seam_of(document)
    labels = unique_labels(m["name"] for m in document["modules"])
    index = {m["name"]: i for i, m in enumerate(document["modules"])}
    seams = []
    for seam in document.get("seams", []):
        seams.append({
            "name": seam["name"], "color": colours[seam["name"]], "loc": seam["loc"],
            "modules": [index[m] for m in seam["modules"] if m in index],
            "difficulty": seam["difficulty"], "difficulty_score": seam["difficulty_score"],
            "interface": [{"module": i["module"], "name": i["name"], "uses": i["uses"]}
                          for i in seam["interface"]],
            "routes": [{"methods": r["methods"], "path": r["path"]} for r in seam["routes"]],
            "tables_owned": seam["tables_owned"],
            "tables_shared": [t["table"] for t in seam["tables_shared"]],
            "depends_on": seam["depends_on"], "used_by": seam["used_by"], "why": seam["why"],
            "confidence": seam.get("confidence", "high"),
            "confidence_notes": seam.get("confidence_notes", []),
            "critical_tables": seam.get("critical_tables", []),
        })
    cycles = []
    for cycle in document.get("cycles", []):
        services = sorted({owner[m] for m in cycle["modules"]} - {KERNEL})
        cycles.append({"modules": [index[m] for m in cycle["modules"] if m in index],
                       "lazy_only": cycle["lazy_only"], "services": services,
                       "edges": [[e["source"], e["target"], e["file"], e["line"]]
                                 for e in cycle["edges"][:MAX_CYCLE_EDGES]],
                       "more_edges": max(0, len(cycle["edges"]) - MAX_CYCLE_EDGES)})
    return {
        "title": document["root"],
        "summary": document["summary"],
        "overview": {key: summary[key] for key in
                     ("services", "kernel", "first", "risks", "baselines", "completeness",
                      "confidence", "unsure", "critical")},
        "choice": proposal.get("choice", ""),
        "notes": [n for n in proposal.get("notes", []) if n.startswith("import cycle")],
        "proposal_notes": [n for n in proposal.get("notes", [])
                           if not n.startswith("import cycle")],
        "kernel_color": KERNEL_COLOUR,
        "seams": seams,
        "order": [position[name] for name in summary["order"]],
        "kernel": proposal.get("kernel", []),
        "roots": proposal.get("roots", []),
        # [name, path, loc, service index, unique label]
        "modules": [[m["name"], m["path"], m["loc"], position[owner[m["name"]]],
                     labels[m["name"]]] for m in document["modules"]],
        "edges": [[index[source], index[target], weight]
                  for source, target, weight in dependency_edges(document)],
        "service_edges": [[position[e["source"]], position[e["target"]], e["weight"],
                           e["count"]] for e in summary["edges"]],
        "tables": [{"table": r["table"], "kind": r["kind"], "conflict": r["conflict"],
                    "write_conflict": r["write_conflict"],
                    "owner": position.get(r["owner"]),
                    "cells": [[position[s], c["reads"], c["writes"]]
                              for s, c in r["cells"].items()]}
                   for r in summary["tables"]],
        "cycles": cycles,
        "plan": document.get("plan", []),
        "metrics": document.get("metrics", {}),
        "metric_keys": [[key, better, METRIC_HELP[key]] for key, better in BETTER.items()],
        "problems": document["problems"][:MAX_PROBLEMS],
    }


def render_html(document: dict[str, Any], summary: dict[str, Any] | None = None,
                libraries: tuple[Script, ...] | None = None) -> str:
    """The self-contained HTML report: the vendored graph libraries, then the page's script,
    each allowed by its hash in the Content-Security-Policy (no other script can run).
    `summary`: the document's `overview`, if the caller has it; `libraries`: what
    `inline_libraries()` returns, if the caller kept a copy."""
    page = shipped_text("report/report.js")
    scripts = [*(libraries if libraries is not None else inline_libraries()),
               (page, csp_hash(page))]
    return environment().get_template("report/index.html.jinja").render(
        title=document["root"], data_json=_script_json(view_model(document, summary)),
        scripts=[script for script, _ in scripts],
        script_hashes=" ".join(allowed for _, allowed in scripts))
