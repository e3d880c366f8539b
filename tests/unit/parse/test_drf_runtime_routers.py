"""DRF routers filled at run time: viewsets registered in a loop with a prefix read from
the viewset (`router.register(viewset.urlpattern(), viewset)`), routers included as
`include(router.urls)` from a list built in a loop."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

VIEWSETS = """
    from rest_framework import viewsets

    class NamedViewSet(viewsets.GenericViewSet):
        endpoint_name = None

        @classmethod
        def urlpattern(cls):
            return cls.endpoint_name

    class TaskViewSet(NamedViewSet):
        endpoint_name = "tasks"

    class WorkerViewSet(NamedViewSet):
        endpoint_name = "workers"
    """
URLS = """
    from django.urls import include, path
    from rest_framework import routers
    from app.registry import collected_viewsets

    class Node:
        def __init__(self, viewset):
            self.viewset = viewset

        def register_with(self, router):
            router.register(self.viewset.urlpattern(), self.viewset)
            return [router]

    all_routers = []
    for viewset in collected_viewsets():
        all_routers += Node(viewset).register_with(routers.DefaultRouter())

    urlpatterns = [path("health/", include("app.health"))]
    for router in all_routers:
        urlpatterns.append(path("api/v3/", include(router.urls)))
    """


def _tree(tmp_path: Path, viewsets: str) -> Path:
    return build_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/settings.py": 'ROOT_URLCONF = "app.urls"\n',
        "app/registry.py": "def collected_viewsets():\n    return []\n",
        "app/viewsets.py": viewsets,
        "app/urls.py": URLS,
    })


def test_viewsets_naming_their_route_are_served_under_the_include(tmp_path: Path) -> None:
    index = index_of(_tree(tmp_path, VIEWSETS))
    paths = {(r.path, r.handler) for r in index.routes if r.framework == "drf"}
    assert paths == {
        ("/api/v3/tasks/", "app.viewsets.TaskViewSet"),
        ("/api/v3/tasks/{pk}/", "app.viewsets.TaskViewSet"),
        ("/api/v3/workers/", "app.viewsets.WorkerViewSet"),
        ("/api/v3/workers/{pk}/", "app.viewsets.WorkerViewSet"),
    }
    assert not any(u.handler == "router.urls" for u in index.unresolved_routes)


def test_without_named_viewsets_the_include_is_unresolved_with_the_reason(
        tmp_path: Path) -> None:
    plain = VIEWSETS.replace('endpoint_name = "tasks"', "pass").replace(
        'endpoint_name = "workers"', "pass")
    index = index_of(_tree(tmp_path, plain))
    assert not [r for r in index.routes if r.framework == "drf"]
    reasons = {u.reason for u in index.unresolved_routes if u.handler == "router.urls"}
    assert reasons == {"DRF router filled at run time: no viewset declares its route name"}


def test_an_admin_style_register_call_is_no_runtime_router(tmp_path: Path) -> None:
    root = _tree(tmp_path, VIEWSETS)
    urls = root / "app/urls.py"
    urls.write_text(urls.read_text().replace(
        "router.register(self.viewset.urlpattern(), self.viewset)",
        "router.register(Model, self.viewset)"))  # `admin.site.register(Model, Admin)`
    index = index_of(root)
    assert not [r for r in index.routes if r.framework == "drf"]
