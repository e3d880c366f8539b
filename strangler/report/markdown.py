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
    return [{"table": shared["table"],
             "seams": [side["seam"] for side in shared["seams"]
                       if not side["seam"].startswith("(")],
             "sides": [{**side, "first": f"{side['file']}:{side['line']}"}
                       for side in shared["seams"]]}
            for shared in document.get("shared_tables", [])]


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
