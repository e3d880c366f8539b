"""`graph.dot`: the coupling graph for Graphviz, clustered by seam (or by package).

The module graph can have thousands of edges, so its DOT text is written directly (pydot's
`to_string` took a quarter second on 5,000 edges); the small package-level graph used for
`graph.svg` on big projects is built with pydot. Tests parse both with pydot.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from strangler.report.json_report import dependency_edges
from strangler.report.palette import KERNEL as KERNEL_FILL
from strangler.report.palette import service_colours

MAX_PEN = 6.0
MAX_PACKAGE_EDGES = 200  # the package picture keeps its heaviest edges: readable, and fast
SHARED_FILL = "#eeeeee"
KERNEL = "(shared kernel)"


def quote(text: str) -> str:
    """A DOT double-quoted string (escapes backslashes, quotes and newlines)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped + '"'


def group_of(module: str) -> str:
    """The package a module is drawn in: its first two name parts (`shop.billing`)."""
    return ".".join(module.split(".")[:2])


def render_dot(document: dict[str, Any], aggregate: bool = False) -> str:
    """DOT text of the module graph (or, with `aggregate`, of the package graph)."""
    if aggregate:
        return _services(document) if document.get("seams") else _packages(document)
    seam_of = {m: s for m, s in document.get("proposal", {}).get("assignment", {}).items()}
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for module in document["modules"]:
        if seam_of:
            clusters[seam_of.get(module["name"], "")].append(module)
        else:
            clusters[group_of(module["name"]) if "." in module["name"] else ""].append(module)
    colours = service_colours(sorted(c for c in clusters if c))
    lines = [
        "digraph strangler {",
        ' graph [rankdir=LR, fontname="Helvetica", concentrate=true];',
        ' node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica",'
        " fontsize=10];",
        ' edge [color="#7a8ca5", arrowsize=0.6];',
    ]
    for position, (cluster, modules) in enumerate(sorted(clusters.items())):
        indent = " "
        if cluster:
            label = f"service {cluster}" if seam_of else cluster
            lines.append(f" subgraph cluster_{position} {{")
            lines.append(f"  label={quote(label)}; style=rounded; color=\"#b8c4d6\";")
            indent = "  "
        fill = colours.get(cluster, SHARED_FILL) if seam_of else "#eef3fb"
        for module in modules:
            tooltip = f"{module['path']} ({module['loc']} loc)"
            lines.append(f"{indent}{quote(module['name'])} [fillcolor={quote(fill)}, "
                         f"tooltip={quote(tooltip)}];")
        if cluster:
            lines.append(" }")
    heaviest = max((w for _, _, w in dependency_edges(document)), default=1.0) or 1.0
    # Each module's name quoted once, not once per edge (thousands of edges on every edit).
    quoted = {module["name"]: quote(module["name"]) for module in document["modules"]}
    for source, target, weight in dependency_edges(document):
        pen = 0.5 + MAX_PEN * weight / heaviest
        tooltip = quote(f"weight {weight}")
        lines.append(f" {quoted.get(source) or quote(source)} -> "
                     f"{quoted.get(target) or quote(target)} "
                     f"[penwidth={pen:.2f}, tooltip={tooltip}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _services(document: dict[str, Any]) -> str:
    """Services as nodes (coloured as in index.html, sized by code), the kernel apart, and
    directed edges weighted by the module dependencies that cross."""
    import pydot

    names = [s["name"] for s in document["seams"]]
    colours = service_colours(names)
    owner = {m["name"]: KERNEL for m in document["modules"]}
    owner.update(document.get("proposal", {}).get("assignment", {}))
    graph = pydot.Dot("strangler", graph_type="digraph", rankdir="LR", fontname="Helvetica")
    graph.set_node_defaults(shape="box", style="rounded,filled", fontname="Helvetica",
                            fontsize="11")
    graph.set_edge_defaults(color="#7a8ca5", arrowsize="0.7")
    for seam in document["seams"]:
        graph.add_node(pydot.Node(quote(seam["name"]), fillcolor=quote(colours[seam["name"]]),
                                  label=quote(f"{seam['name']}\n{len(seam['modules'])} modules"
                                              f", {seam['loc']} loc")))
    kernel_size = sum(1 for module in owner.values() if module == KERNEL)
    graph.add_node(pydot.Node(quote(KERNEL), fillcolor=quote(KERNEL_FILL), shape="cylinder",
                              label=quote(f"shared kernel\n{kernel_size} modules")))
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, weight in dependency_edges(document):
        key = (owner[source], owner[target])
        if key[0] != key[1] and KERNEL not in key:
            weights[key] += weight
    # the heaviest couplings, about two per service: more would hide the structure again
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max(20, 2 * len(names))]
    heaviest = max((w for _, w in kept), default=1.0) or 1.0
    for (source, target), weight in sorted(kept):
        graph.add_edge(pydot.Edge(quote(source), quote(target), tooltip=quote(f"{weight:.1f}"),
                                  penwidth=f"{0.5 + MAX_PEN * weight / heaviest:.2f}"))
    return str(graph.to_string())


def _packages(document: dict[str, Any]) -> str:
    import pydot  # only for the package view

    graph = pydot.Dot("strangler", graph_type="digraph", rankdir="LR", fontname="Helvetica")
    graph.set_node_defaults(shape="box", style="rounded,filled", fillcolor="#eef3fb",
                            fontname="Helvetica", fontsize="10")
    graph.set_edge_defaults(color="#7a8ca5", arrowsize="0.6")
    package_of = {m["name"]: group_of(m["name"]) for m in document["modules"]}
    sizes: dict[str, int] = defaultdict(int)
    for module in document["modules"]:
        sizes[package_of[module["name"]]] += 1
    for package, size in sorted(sizes.items()):
        graph.add_node(pydot.Node(quote(package), label=quote(f"{package}\n{size} modules")))
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for source, target, weight in dependency_edges(document):
        key = (package_of[source], package_of[target])
        if key[0] != key[1]:
            weights[key] += weight
    kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_PACKAGE_EDGES]
    heaviest = max((w for _, w in kept), default=1.0) or 1.0
    for (source, target), weight in sorted(kept):
        graph.add_edge(pydot.Edge(quote(source), quote(target),
                                  penwidth=f"{0.5 + MAX_PEN * weight / heaviest:.2f}"))
    return str(graph.to_string())
