"""Issue 10 item 3 (helper roots9): the roots the settings name by dotted string
(ROOT_URLCONF, WSGI_APPLICATION) come first; the rule on the name `urls` is a fallback."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.parse.link.declared_roots import named_module
from strangler.seams.config import SeamConfig
from strangler.seams.kernel import find_roots


def _site(root: Path, urlconf: str = "site.multidomain.main_urlconf") -> Path:
    urls = "from django.urls import include, path\n\nurlpatterns = [\n" \
           "    path('shop/', include('site.shop.urls')),\n]\n"
    files: dict[str, str | bytes] = {
        "site/__init__.py": "",
        "site/settings.py": f"ROOT_URLCONF = {urlconf!r}\n"
                            "WSGI_APPLICATION = 'site.server.application'\n",
        "site/server.py": "from django.core.wsgi import get_wsgi_application\n\n"
                          "application = get_wsgi_application()\n",
        "site/urls.py": urls,
        "site/multidomain/__init__.py": "",
        "site/multidomain/main_urlconf.py":
            "from django.urls import include, path\n\n"
            "urlpatterns = [path('', include('site.urls'))]\n",
        "site/shop/__init__.py": "",
        "site/shop/urls.py": "from django.urls import path\nfrom site.shop import views\n\n"
                             "urlpatterns = [path('', views.index)]\n",
        "site/shop/views.py": "def index(request):\n    return None\n",
    }
    return build_tree(root, files)


def test_settings_named_roots_come_first(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    assert ("site.multidomain.main_urlconf", "ROOT_URLCONF") in index.declared_roots
    assert ("site.server", "WSGI_APPLICATION") in index.declared_roots
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert "ROOT_URLCONF" in roots["site.multidomain.main_urlconf"]
    assert "WSGI_APPLICATION" in roots["site.server"]
    # a URLconf the root includes is no root for its name alone
    assert "site.urls" not in roots


def test_name_rule_is_the_fallback(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path, urlconf="elsewhere.urls"))
    assert all(key != "ROOT_URLCONF" for _, key in index.declared_roots)
    roots = {r.module: r.reason for r in find_roots(index, graph, SeamConfig())}
    assert roots.get("site.urls") == "the root URLconf"


def test_named_module() -> None:
    modules = {"src.proj.wsgi", "proj2.urls"}
    assert named_module("proj.wsgi.application", modules) == "src.proj.wsgi"
    assert named_module("proj2.urls", modules) == "proj2.urls"
    assert named_module("other.urls", modules) is None
