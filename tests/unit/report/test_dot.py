import pydot

from strangler.report.dot import render_dot


def _document() -> dict:  # type: ignore[type-arg]
    modules = [{"name": n, "path": n.replace(".", "/") + ".py", "loc": 3}
               for n in ("shop.billing.pay", 'shop.odd"name', "shop.cart.add", "tool")]
    return {
        "modules": modules,
        "dependencies": [
            {"source": "shop.billing.pay", "target": 'shop.odd"name', "weight": 2.0},
            {"source": "shop.cart.add", "target": "shop.billing.pay", "weight": 1.0},
        ],
        "proposal": {"assignment": {"shop.billing.pay": "billing", "shop.cart.add": "cart"}},
    }


def test_module_dot_parses_with_pydot_and_clusters_by_seam() -> None:
    text = render_dot(_document())
    graph = pydot.graph_from_dot_data(text)[0]
    labels = {s.get_label() for s in graph.get_subgraphs()}
    assert labels == {'"service billing"', '"service cart"'}
    assert len(graph.get_edges()) == 2
    assert '"shop.odd\\"name"' in text  # quotes in names are escaped, not breaking the file


def test_package_dot_aggregates() -> None:
    graph = pydot.graph_from_dot_data(render_dot(_document(), aggregate=True))[0]
    names = {n.get_name() for n in graph.get_nodes()} - {"node", "edge", "graph"}
    assert '"shop.billing"' in names and '"shop.cart"' in names
