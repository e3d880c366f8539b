"""Issue 10 (helper s19 `wiring`): the modules the settings name as framework wiring.

- the facts keep every dotted string under an upper-case module-level name, at any depth,
  with the innermost dict key (`parse/facts/wiring.py`);
- the link keeps the project modules named under a wiring key (middleware, backends,
  `*_CLASS`, context processors, logging's `()`), not the apps, task lists or roots, and adds
  no import edge (`parse/link/wiring.py`);
- the seams stage puts in the kernel the wiring outside any domain's package with no table
  read, mapped or written and no route, whoever uses it (`seams/settings_wiring.py`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamConfig
from strangler.seams.settings_wiring import wiring_kernel


def _site(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "proj", {
        "site/__init__.py": "",
        "site/settings.py": """
            INSTALLED_APPS = ["site.orders", "site.accounts"]
            ROOT_URLCONF = "site.urls"
            MIDDLEWARE = ["django.middleware.common.CommonMiddleware",
                          "site.accounts.hooks.LoginHook"]
            AUTHENTICATION_BACKENDS = ["site.core.auth.TokenBackend"]
            DATABASE_ROUTERS = ["site.core.routers.Router"]
            TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
                          "OPTIONS": {"context_processors": ["site.core.context.globals"]}}]
            REST_FRAMEWORK = {"DEFAULT_PAGINATION_CLASS": "site.core.paging.Pages",
                              "DEFAULT_THROTTLE_RATES": {"anon": "5/min"}}
            LOGGING = {"filters": {"req": {"()": "site.core.logs.RequestFilter"}}}
            CELERY_IMPORTS = ["site.orders.tasks"]
            """,
        "site/urls.py": "urlpatterns = []\n",
        "site/core/__init__.py": "",
        "site/core/auth.py": """
            from site.accounts.models import Account
            class TokenBackend:
                def authenticate(self, request, token=None):
                    return Account.objects.filter(token=token).first()
            """,
        "site/core/routers.py": "class Router:\n    def db_for_read(self, model): ...\n",
        "site/core/context.py": "def globals(request):\n    return {}\n",
        "site/core/paging.py": "class Pages: ...\n",
        "site/core/logs.py": "class RequestFilter: ...\n",
        "site/accounts/__init__.py": "",
        "site/accounts/models.py": """
            from django.db import models
            class Account(models.Model):
                token = models.CharField(max_length=9)
            """,
        "site/accounts/hooks.py": "class LoginHook: ...\n",
        "site/orders/__init__.py": "",
        "site/orders/models.py": """
            from django.db import models
            class Order(models.Model):
                total = models.IntegerField()
            """,
        "site/orders/tasks.py": "from site.orders.models import Order\n",
        "site/orders/views.py": """
            from site.orders.models import Order
            from site.core.paging import Pages
            def index(request):
                return Pages(Order.objects.all())
            """,
    })


def test_settings_name_the_framework_wiring(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    assert set(index.settings_wiring) == {
        ("site.accounts.hooks", "MIDDLEWARE"),
        ("site.core.auth", "AUTHENTICATION_BACKENDS"),
        ("site.core.routers", "DATABASE_ROUTERS"),
        ("site.core.context", "context_processors"),
        ("site.core.paging", "DEFAULT_PAGINATION_CLASS"),
        ("site.core.logs", "()")}
    # A setting names code the framework loads: no import edge, so no breadth.
    assert not any(i.source == "site.settings" and i.target.startswith("site.core")
                   for i in index.imports)


def test_wiring_outside_the_domains_is_kernel(tmp_path: Path) -> None:
    index, graph = graph_of(_site(tmp_path))
    found = wiring_kernel(index, graph, SeamConfig(), {"site.settings", "site.urls"})
    # The accounts app's hook stays with its app; the backend reading the accounts is the
    # identity domain's; the paging class is the framework's though a domain's view uses it.
    assert [k.module for k in found] == ["site.core.context", "site.core.logs",
                                         "site.core.paging", "site.core.routers"]
    assert "DATABASE_ROUTERS" in found[3].reason
    # A module already placed (a lever, the kernel) is never moved.
    assert wiring_kernel(index, graph, SeamConfig(),
                         {"site.settings", "site.urls", "site.core.logs",
                          "site.core.context", "site.core.paging",
                          "site.core.routers"}) == []
