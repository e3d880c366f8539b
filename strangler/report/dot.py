"""`graph.dot`: the coupling graph for Graphviz, built with pydot, one cluster per package."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pydot

MAX_PEN = 6.0


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(document: dict[str, Any], aggregate: bool = False) -> str:
    """DOT text of the module graph (or, with `aggregate`, of the package graph)."""
    graph = pydot.Dot("strangler", graph_type="digraph", rankdir="LR", fontname="Helvetica",
                      concentrate="true")
    graph.set_node_defaults(shape="box", style="rounded,filled", fillcolor="#eef3fb",
                            fontname="Helvetica", fontsize="10")
    graph.set_edge_defaults(color="#7a8ca5", arrowsize="0.6")
    if aggregate:
        _packages(graph, document)
        return str(graph.to_string())
    clusters: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for module in document["modules"]:
        clusters[group_of(module["name"]) if "." in module["name"] else ""].append(module)
    for package, modules in sorted(clusters.items()):
        target: pydot.Graph = graph
        if package:
            cluster = pydot.Cluster(package.replace(".", "_"), label=_quote(package),
                                    style="rounded", color="#b8c4d6")
            graph.add_subgraph(cluster)  # type: ignore[arg-type]  # pydot accepts clusters
            target = cluster
        for module in modules:
            target.add_node(pydot.Node(_quote(module["name"]), label=_quote(module["name"]),
                                       tooltip=_quote(f"{module['path']} ({module['loc']} loc)")))
    heaviest = max((d["weight"] for d in document["dependencies"]), default=1.0) or 1.0
    for dependency in document["dependencies"]:
        pen = 0.5 + MAX_PEN * dependency["weight"] / heaviest
        graph.add_edge(pydot.Edge(_quote(dependency["source"]), _quote(dependency["target"]),
                                  penwidth=f"{pen:.2f}",
                                  tooltip=_quote(f"weight {dependency['weight']}")))
    return str(graph.to_string())


def group_of(module: str) -> str:
    """The package a module is drawn in: its first two name parts (`shop.billing`)."""
    return ".".join(module.split(".")[:2])


def _packages(graph: pydot.Dot, document: dict[str, Any]) -> None:
    package_of = {m["name"]: group_of(m["name"]) for m in document["modules"]}
    sizes: dict[str, int] = defaultdict(int)
    for module in document["modules"]:
        sizes[package_of[module["name"]]] += 1
    for package, size in sorted(sizes.items()):
        graph.add_node(pydot.Node(_quote(package), label=_quote(f"{package}\\n{size} modules")))
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for dependency in document["dependencies"]:
        key = (package_of[dependency["source"]], package_of[dependency["target"]])
        if key[0] != key[1]:
            weights[key] += dependency["weight"]
    heaviest = max(weights.values(), default=1.0) or 1.0
    for (source, target), weight in sorted(weights.items()):
        graph.add_edge(pydot.Edge(_quote(source), _quote(target),
                                  penwidth=f"{0.5 + MAX_PEN * weight / heaviest:.2f}"))
