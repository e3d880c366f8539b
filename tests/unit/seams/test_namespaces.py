"""Issue 10 (kernel): an uncoupled layer package `__init__` (CTFd's empty `schemas/__init__`,
LNbits' `core/views/__init__`) whose modules sit in many seams is their shared namespace,
the kernel's; it was an unassigned module of its own. A package most of whose modules are
one seam's is folded into that seam elsewhere, and one split over two seams (a domain's
package, half of it with another domain) is no namespace."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamRequest, seam_core
from strangler.seams.namespaces import namespace_kernel

PACKAGES = {"app", "app.schemas", "app.orders", "app.types"}


def test_a_package_over_three_places_is_a_namespace() -> None:
    groups = [("app.schemas.users", "app.users"), ("app.schemas.teams", "app.teams"),
              ("app.orders", "app.orders.models", "app.orders.views", "app.types.money")]
    found = namespace_kernel(["app.schemas", "app.orders", "app.types"], groups,
                             {"app.schemas.fields", "app.types.base"}, PACKAGES)
    assert [k.module for k in found] == ["app.schemas"]
    assert found[0].reason == ("the namespace of a package whose 3 modules sit in 2 seams "
                               "and the kernel, coupled to nothing itself")


def test_a_package_mostly_one_seams_or_over_two_places_is_not() -> None:
    groups = [("app.schemas.users", "app.schemas.teams"), ("app.schemas.pages",),
              ("app.types.a",), ("app.types.b",)]
    # `schemas`: 2 of 3 in one seam (folded into it by the proposal); `types`: two seams.
    assert namespace_kernel(["app.schemas", "app.types"], groups, set(), PACKAGES) == []


def test_the_empty_layer_package_leaves_the_unassigned(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/schemas/__init__.py": "",
             "app/base.py": "class Base:\n    pass\n"}
    for domain in ("users", "teams", "pages", "orders"):
        files[f"app/schemas/{domain}.py"] = (f"from app.{domain} import {domain.title()}\n"
                                             f"class {domain.title()}Schema:\n"
                                             f"    model = {domain.title()}\n")
        files[f"app/{domain}.py"] = (f"from app.base import Base\nclass "
                                     f"{domain.title()}(Base):\n    pass\n")
    index, graph = graph_of(build_tree(tmp_path / "ns", files))
    core = seam_core(index, graph, SeamRequest())
    assert "app.schemas" in {k.module for k in core.kernel}
    assert "app.schemas" not in core.isolated


def test_a_django_app_split_over_seams_is_no_namespace() -> None:
    # (review10: pretix's bundled `plugins/returnurl` app, its apps/signals/urls/views in
    # three seams, was called "the namespace" of the seams and put in the kernel; a package
    # holding an AppConfig is one domain's app, however the clustering split it)
    groups = [("app.plugins.returnurl.apps", "app.payment"),
              ("app.plugins.returnurl.signals", "app.presale"),
              ("app.plugins.returnurl.urls", "app.plugins.returnurl.views", "app.event")]
    packages = {"app", "app.plugins", "app.plugins.returnurl"}
    assert namespace_kernel(["app.plugins.returnurl"], groups, set(), packages) == []
    # (the same package without its AppConfig is a layer over three seams: a namespace)
    groups[0] = ("app.plugins.returnurl.config", "app.payment")
    found = namespace_kernel(["app.plugins.returnurl"], groups, set(), packages)
    assert [k.module for k in found] == ["app.plugins.returnurl"]
