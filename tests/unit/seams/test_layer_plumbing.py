"""The plumbing of an interface layer that mirrors the domains (`graphql/<app>` beside each
Django app) is kernel: the endpoint, context and the layer's own `core` framework
(`seams.layer_plumbing`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of, sqlalchemy_app

from strangler.seams import SeamConfig, SeamRequest, propose_seams
from strangler.seams.layer_plumbing import mirror_layers, plumbing
from strangler.seams.words import domain_units

DOMAINS = ("product", "order", "menu")

def _project() -> dict[str, str]:
    """Three apps (models, service) and a `graphql/` package with one child package per app
    (types, mutations), its own `core/` base types, and an endpoint, context and
    middleware directly in it: the endpoint uses the context and the middleware only."""
    files = sqlalchemy_app(DOMAINS, {
        "app/graphql/__init__.py": "",
        "app/graphql/core/__init__.py": "",
        "app/graphql/core/types.py": "class ModelType:\n    pass\n",
        "app/graphql/context.py": "def get_context(request):\n    return {}\n",
        "app/graphql/middleware.py": "def timing(next_, root):\n    return next_(root)\n",
        "app/graphql/views.py": (
            "from app.graphql.context import get_context\n"
            "from app.graphql.middleware import timing\n"
            "def graphql_view(request):\n    return timing(get_context, request)\n")})
    for domain in DOMAINS:
        model = domain.capitalize()
        files |= {
            f"app/graphql/{domain}/__init__.py": "",
            f"app/graphql/{domain}/types.py": (
                "from app.graphql.core.types import ModelType\n"
                f"from app.{domain}.models import {model}\n"
                f"class {model}Type(ModelType):\n    model = {model}\n"),
            f"app/graphql/{domain}/mutations.py": (
                f"from app.graphql.{domain}.types import {model}Type\n"
                f"from app.{domain}.service import create\n"
                f"def mutate(db):\n    return create(db), {model}Type\n"),
        }
    return files


def test_a_package_whose_children_are_the_apps_slices_is_a_mirror() -> None:
    names = sorted(n[:-3].replace("/", ".").removesuffix(".__init__")
                   for n in _project())
    packages = {n for n in names if any(o.startswith(n + ".") for o in names)}
    mirrors = mirror_layers(domain_units(names), packages)
    assert mirrors == {"app.graphql"}
    assert plumbing("app.graphql.views", mirrors, packages) == "app.graphql"
    assert plumbing("app.graphql.core.types", mirrors, packages) == "app.graphql"
    assert plumbing("app.graphql", mirrors, packages) == "app.graphql"
    # A domain's slice of the layer is that domain's, and the apps are no mirrors.
    assert plumbing("app.graphql.product.types", mirrors, packages) is None
    assert mirror_layers(domain_units([n for n in names if ".graphql" not in n]),
                         packages) == set()


def test_the_layer_s_endpoint_and_framework_are_kernel_its_slices_stay_with_the_apps(
        tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    proposal = propose_seams(index, graph, SeamRequest(config=SeamConfig(min_size=1)))
    kernel = {k.module for k in proposal.kernel}
    assert {"app.graphql.views", "app.graphql.context", "app.graphql.middleware",
            "app.graphql.core.types"} <= kernel
    seam_of = {m: seam.name for seam in proposal.seams for m in seam.modules}
    for domain in DOMAINS:
        assert seam_of[f"app.graphql.{domain}.mutations"] == seam_of[f"app.{domain}.models"]
