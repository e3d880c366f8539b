"""Views registered for a model by a decorator and expanded into URLs by a helper that reads
the same registry (NetBox's `@register_model_view` and `get_model_urls`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of

REGISTRY = {
    "site_cfg/__init__.py": "",
    "site_cfg/settings.py": 'ROOT_URLCONF = "site_cfg.urls"\n',
    "site_cfg/urls.py": """
        from django.urls import include, path
        urlpatterns = [path("shop/", include("shop.urls"))]
        """,
    "core/__init__.py": "",
    "core/registry.py": """
        from collections import defaultdict
        registry = {"views": defaultdict(dict), "search": {}}
        """,
    "core/views.py": """
        from core.registry import registry

        def register_model_view(model, name="", path=None, detail=True, kwargs=None):
            def _wrapper(cls):
                app_label = model._meta.app_label
                registry["views"][app_label].setdefault(model._meta.model_name, []).append(
                    {"name": name, "view": cls, "path": path if path is not None else name,
                     "detail": detail})
                return cls
            return _wrapper

        def register_search(model):
            def _wrapper(cls):
                registry["search"][model] = cls
                return cls
            return _wrapper
        """,
    "core/urls.py": """
        from django.urls import path
        from core.registry import registry

        def get_model_urls(app_label, model_name, detail=True):
            views = [v for v in registry["views"][app_label].get(model_name, [])
                     if v["detail"] == detail]
            return [path(f"{v['path']}/" if v["path"] else "", v["view"].as_view())
                    for v in views]
        """,
    "shop/__init__.py": "",
    "shop/models.py": """
        from django.db import models

        class Order(models.Model):
            pass

        class Refund(models.Model):
            pass
        """,
    "shop/views.py": """
        from core.views import register_model_view, register_search
        from shop.models import Order, Refund

        @register_model_view(Order, "list", path="", detail=False)
        class OrderListView:
            def get(self, request): ...

        @register_model_view(Order)
        class OrderView:
            def get(self, request, pk): ...

        @register_model_view(Order, "edit")
        @register_model_view(Order, "add", detail=False)
        class OrderEditView:
            def get(self, request): ...
            def post(self, request): ...

        @register_model_view(Order, "bulk_delete", path="delete", detail=False)
        class OrderBulkDeleteView:
            def post(self, request): ...

        @register_model_view(Refund, "edit")
        class RefundEditView:
            def post(self, request): ...

        @register_search(Order)
        class OrderIndex:
            def get(self, request): ...
        """,
    "shop/urls.py": """
        from django.urls import include, path
        from core.urls import get_model_urls
        urlpatterns = [
            path("orders/", include(get_model_urls("shop", "order", detail=False))),
            path("orders/<int:pk>/", include(get_model_urls("shop", "order"))),
            path("payments/", include(get_model_urls("shop", "payment", detail=False))),
        ]
        """,
}


def test_registered_views_are_routes_under_the_helpers_prefix(tmp_path: Path) -> None:
    index = index_of(build_tree(tmp_path / "proj", REGISTRY))
    assert {(r.methods, r.path, r.handler, r.module) for r in index.routes} == {
        (("GET",), "/shop/orders/", "shop.views.OrderListView", "shop.urls"),
        (("GET", "POST"), "/shop/orders/add/", "shop.views.OrderEditView", "shop.urls"),
        (("POST",), "/shop/orders/delete/", "shop.views.OrderBulkDeleteView", "shop.urls"),
        (("GET",), "/shop/orders/<int:pk>/", "shop.views.OrderView", "shop.urls"),
        (("GET", "POST"), "/shop/orders/<int:pk>/edit/", "shop.views.OrderEditView",
         "shop.urls"),
    }
    # a model no view is registered for has no route, and nothing is left unresolved
    assert index.unresolved_routes == ()


def test_a_helper_that_reads_no_registry_stays_unresolved(tmp_path: Path) -> None:
    files = dict(REGISTRY)
    files["core/urls.py"] = """
        from django.urls import path

        def get_model_urls(app_label, model_name, detail=True):
            return []
        """
    index = index_of(build_tree(tmp_path / "proj", files))
    assert index.routes == ()
    assert [u.handler for u in index.unresolved_routes] == [
        "get_model_urls(...) at /shop/orders/", "get_model_urls(...) at /shop/orders/<int:pk>/",
        "get_model_urls(...) at /shop/payments/"]


def test_a_registration_whose_shared_argument_differs_is_not_the_helpers(
        tmp_path: Path) -> None:
    """`detail=False` on the registration and the helper's default `detail=True`: the view
    is the list path's only; a literal the helper's other arguments do not name (another
    app label) matches no view."""
    files = dict(REGISTRY)
    files["shop/urls.py"] = """
        from django.urls import include, path
        from core.urls import get_model_urls
        urlpatterns = [
            path("orders/<int:pk>/", include(get_model_urls("shop", "order"))),
            path("other/", include(get_model_urls("billing", "order", detail=False))),
            path("big/", include(get_model_urls("shop", 1e999))),
        ]
        """
    index = index_of(build_tree(tmp_path / "proj", files))
    assert {(r.path, r.handler) for r in index.routes} == {
        ("/shop/orders/<int:pk>/", "shop.views.OrderView"),
        ("/shop/orders/<int:pk>/edit/", "shop.views.OrderEditView"),
    }
    assert index.unresolved_routes == ()


def test_a_default_only_the_helper_has_does_not_reject_every_view(tmp_path: Path) -> None:
    """`prefix=None` on the helper, not written in the call, names no model: the views are
    still found. A call naming an app twice (`("shop", "shop")`) names no model of it."""
    files = dict(REGISTRY)
    files["core/urls.py"] = REGISTRY["core/urls.py"].replace(
        "def get_model_urls(app_label, model_name, detail=True):",
        "def get_model_urls(app_label, model_name, detail=True, prefix=None):")
    files["shop/urls.py"] = """
        from django.urls import include, path
        from core.urls import get_model_urls
        urlpatterns = [
            path("orders/<int:pk>/", include(get_model_urls("shop", "order"))),
            path("twice/", include(get_model_urls("shop", "shop", detail=False))),
        ]
        """
    index = index_of(build_tree(tmp_path / "proj", files))
    assert {(r.path, r.handler) for r in index.routes} == {
        ("/shop/orders/<int:pk>/", "shop.views.OrderView"),
        ("/shop/orders/<int:pk>/edit/", "shop.views.OrderEditView"),
    }


def test_a_decorator_that_only_reads_the_registry_registers_no_view(tmp_path: Path) -> None:
    """A signal-handler decorator sharing the helper's parameters that reads
    `registry["views"]` (and writes another registry) is no view registration."""
    files = dict(REGISTRY)
    files["core/hooks.py"] = """
        from core.registry import registry

        def on_save(model, detail=False):
            def wrap(handler):
                if registry["views"].get(model._meta.app_label):
                    registry["search"][model] = handler
                return handler
            return wrap
        """
    files["shop/signals.py"] = """
        from core.hooks import on_save
        from shop.models import Order

        @on_save(Order)
        def notify(instance): ...
        """
    index = index_of(build_tree(tmp_path / "proj", files))
    assert "shop.signals.notify" not in {r.handler for r in index.routes}
    assert {r.path for r in index.routes if r.handler == "shop.views.OrderListView"} == {
        "/shop/orders/"}


def test_a_model_given_by_keyword_is_registered(tmp_path: Path) -> None:
    files = dict(REGISTRY)
    files["shop/views.py"] = REGISTRY["shop/views.py"].replace(
        '@register_model_view(Refund, "edit")', '@register_model_view(model=Refund, name="edit")')
    files["shop/urls.py"] = """
        from django.urls import include, path
        from core.urls import get_model_urls
        urlpatterns = [path("refunds/<int:pk>/", include(get_model_urls("shop", "refund")))]
        """
    index = index_of(build_tree(tmp_path / "proj", files))
    assert {(r.path, r.handler) for r in index.routes} == {
        ("/shop/refunds/<int:pk>/edit/", "shop.views.RefundEditView")}
