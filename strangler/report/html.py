"""`index.html`: one self-contained interactive report (inline CSS and JS, no network).

The analysis travels as JSON inside a `<script type="application/json">` element, with `<`,
`>`, `&` and the JavaScript line separators escaped so no string from the analyzed code can
close the element; the script renders every such string with `textContent`.
"""

from __future__ import annotations

import json
from typing import Any

from strangler.report.templates import environment, templates_dir

METRIC_KEYS = [("services", ""), ("modularity", "higher"), ("icp", "lower"), ("sm", "higher"),
               ("ifn", "lower"), ("ned", "lower"), ("mq", "higher"), ("cohesion", "higher"),
               ("coupling", "lower"), ("tx_purity", "higher"), ("bcp", "lower")]
MAX_PROBLEMS = 500
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#edc948", "#76b7b2",
           "#ff9da7", "#9c755f", "#86bcb6", "#8cd17d", "#b6992d", "#d37295", "#499894")


def _script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


MAX_TABLE_SEAMS = 8  # other seams named per shared table; a schema every seam reads says "+N"


def _others(seams: list[str], own: str) -> list[str]:
    others = [name for name in seams if name != own]
    if len(others) > MAX_TABLE_SEAMS:
        return [*others[:MAX_TABLE_SEAMS], f"+{len(others) - MAX_TABLE_SEAMS} more"]
    return others


def view_model(document: dict[str, Any]) -> dict[str, Any]:
    """The slice of the analysis the page needs, with module indexes for compact edges."""
    proposal = document.get("proposal", {})
    assignment = proposal.get("assignment", {})
    index = {m["name"]: i for i, m in enumerate(document["modules"])}
    sides = {t["table"]: [side["seam"] for side in t["seams"]]
             for t in document.get("shared_tables", [])}
    seams = []
    for position, seam in enumerate(document.get("seams", [])):
        seams.append({
            "name": seam["name"], "color": PALETTE[position % len(PALETTE)],
            "modules": seam["modules"], "loc": seam["loc"], "difficulty": seam["difficulty"],
            "difficulty_score": seam["difficulty_score"],
            "interface": [{"module": i["module"], "name": i["name"], "uses": i["uses"]}
                          for i in seam["interface"]],
            "routes": [{"methods": r["methods"], "path": r["path"]} for r in seam["routes"]],
            "tables_owned": seam["tables_owned"],
            "tables_shared": [{"table": t["table"], "seams": _others(
                sides.get(t["table"], []), seam["name"])} for t in seam["tables_shared"]],
            "depends_on": seam["depends_on"], "used_by": seam["used_by"], "why": seam["why"],
        })
    return {
        "title": document["root"],
        "summary": document["summary"],
        "choice": proposal.get("choice", ""),
        "seams": seams,
        "kernel": proposal.get("kernel", []),
        "roots": proposal.get("roots", []),
        "modules": [{"name": m["name"], "path": m["path"], "loc": m["loc"],
                     "seam": assignment.get(m["name"], "")} for m in document["modules"]],
        "edges": [[index[d["source"]], index[d["target"]], d["weight"]]
                  for d in document["dependencies"]],
        "plan": document.get("plan", []),
        "metrics": document.get("metrics", {}),
        "metric_keys": METRIC_KEYS,
        "problems": document["problems"][:MAX_PROBLEMS],
    }


def render_html(document: dict[str, Any]) -> str:
    """The self-contained HTML report."""
    script = (templates_dir() / "report" / "report.js").read_text(encoding="utf-8")
    return environment().get_template("report/index.html.jinja").render(
        title=document["root"], data_json=_script_json(view_model(document)), script=script)
