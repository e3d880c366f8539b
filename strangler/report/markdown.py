"""`report.md`: the analysis, readable in a pull request (rendered from a jinja2 template)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strangler.report.dot import group_of
from strangler.report.templates import environment

TOP_DEPENDENCIES = 25
ROUTES_PER_PACKAGE = 30
MAX_PROBLEMS = 50


def _conflicts(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per table shared by several seams, with reads and writes per seam."""
    rows: dict[str, dict[str, Any]] = {}
    for seam in document.get("seams", []):
        for shared in seam["tables_shared"]:
            if shared["table"] in rows:
                continue
            sides: dict[str, dict[str, Any]] = {}
            for access in shared["accesses"]:
                side = sides.setdefault(access["seam"], {"seam": access["seam"], "reads": 0,
                                                         "writes": 0, "first": ""})
                side["writes" if access["access"] == "write" else "reads"] += 1
                if not side["first"]:
                    side["first"] = f"{access['file']}:{access['line']}"
            rows[shared["table"]] = {
                "table": shared["table"],
                "seams": sorted(s for s in sides if not s.startswith("(")),
                "sides": sorted(sides.values(), key=lambda s: (s["seam"].startswith("("),
                                                               s["seam"])),
            }
    return [rows[name] for name in sorted(rows)]


def render_markdown(document: dict[str, Any]) -> str:
    """Render the Markdown report from the analysis document."""
    dependencies = sorted(document["dependencies"],
                          key=lambda d: (-d["weight"], d["source"], d["target"]))
    routes_by_package: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for route in document["routes"]:
        routes_by_package[group_of(route["module"])].append(route)
    tables = sorted(document["tables"], key=lambda t: (
        -len({a["module"] for a in t["readers"] + t["writers"]}), t["name"]))
    return environment().get_template("report/report.md.jinja").render(
        conflicts=_conflicts(document),
        doc=document,
        summary=document["summary"],
        dependencies=dependencies[:TOP_DEPENDENCIES],
        routes_by_package=sorted(routes_by_package.items()),
        routes_limit=ROUTES_PER_PACKAGE,
        tables=tables,
        problems=document["problems"][:MAX_PROBLEMS],
        third_party=[e for e in document["external"] if e["category"] == "third_party"],
    )
