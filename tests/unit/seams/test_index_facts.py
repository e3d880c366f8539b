"""Facts many seams rules read, computed once per analysis (`seams.index_facts`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.index_facts import served_modules

URLCONF = {
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": ("from django.urls import path\n"
                     "from shop import views\n"
                     "from shop.api import health\n"
                     "urlpatterns = [path('orders/', views.order_list),\n"
                     "               path('health/', health)]\n"),
    "shop/__init__.py": "",
    "shop/views.py": "def order_list(request):\n    return None\n",
    "shop/api.py": ("from django.urls import path\n"
                    "def health(request):\n    return None\n"
                    "urlpatterns = [path('ping/', health)]\n"),
}


def test_a_route_declared_in_a_urlconf_is_served_by_its_handlers_module(
        tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", URLCONF))
    served = served_modules(index)
    assert served.declaring == {"proj.urls", "shop.api"}
    assert served.handling == {"shop.views", "shop.api"}
    assert served.serving == {"proj.urls", "shop.views", "shop.api"}
    by_path = dict(zip((r.path for r in index.routes), served.handler_of, strict=True))
    assert by_path["/orders/"] == "shop.views"
    assert by_path["/health/"] == "shop.api"


def test_computed_once_per_index(tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", URLCONF))
    assert served_modules(index) is served_modules(index)
    again, _ = graph_of(build_tree(tmp_path / "q", URLCONF))
    # another index (equal facts, another analysis) gets its own record
    assert served_modules(again) is not served_modules(index)
    assert served_modules(again) == served_modules(index)
