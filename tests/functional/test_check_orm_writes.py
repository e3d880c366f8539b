"""`strangler check` on a Django project: a queryset write into another seam's table
(`Model.objects.filter(...).update(...)`) is a new table-owner violation, not a read the
accepted baseline already allows."""

from __future__ import annotations

import textwrap
from pathlib import Path

from typer.testing import CliRunner

from strangler.cli.app import app

APPS = {"orders": "Order", "catalog": "Product", "accounts": "Account"}


def _django_shop(root: Path) -> Path:
    files = {
        "manage.py": "import os\n"
                     "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
        "shop/__init__.py": "",
        "shop/settings.py": f"INSTALLED_APPS = {[f'shop.{label}' for label in APPS]!r}\n",
    }
    for label, model in APPS.items():
        files[f"shop/{label}/__init__.py"] = ""
        files[f"shop/{label}/models.py"] = f"""
            from django.db import models


            class {model}(models.Model):
                name = models.CharField(max_length=20)
                price = models.IntegerField()
            """
        files[f"shop/{label}/services.py"] = f"""
            from shop.{label}.models import {model}


            def rename(pk, name):
                {model}.objects.filter(pk=pk).update(name=name)


            def listing():
                return list({model}.objects.all())


            def make(name):
                return {model}.objects.create(name=name, price=1)
            """
        files[f"shop/{label}/views.py"] = f"""
            from django.http import JsonResponse

            from shop.{label} import services


            def index(request):
                return JsonResponse({{"items": [o.name for o in services.listing()]}})


            def rename(request, pk):
                services.rename(pk, request.POST["name"])
                return JsonResponse({{}})
            """
        files[f"shop/{label}/urls.py"] = f"""
            from django.urls import path

            from shop.{label} import views

            urlpatterns = [path("", views.index), path("<int:pk>/", views.rename)]
            """
    # Orders already reads the catalog's table when the seams are accepted: a read the
    # baseline keeps.
    files["shop/orders/prices.py"] = """
        from shop.catalog.models import Product


        def price_of(pk):
            return Product.objects.filter(pk=pk).first().price
        """
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def _check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", str(root), "--no-cache"])
    return result.exit_code, result.stdout


def test_a_new_queryset_update_of_another_seams_table_fails_the_check(tmp_path: Path) -> None:
    root = _django_shop(tmp_path / "shop_project")
    result = CliRunner().invoke(app, ["analyze", str(root), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--no-svg", "--write-config", "-q"])
    assert result.exit_code == 0, result.output
    config = (root / "strangler.toml").read_text()
    assert "[seams.catalog]" in config and "[seams.orders]" in config
    code, out = _check(root)
    assert code == 0, out
    prices = root / "shop" / "orders" / "prices.py"
    prices.write_text(prices.read_text() + "\n\ndef zero_prices():\n"
                      "    Product.objects.filter(price__lt=0).update(price=0)\n")
    line = len(prices.read_text().splitlines())
    code, out = _check(root)
    assert code == 1, out
    assert (f"shop/orders/prices.py:{line}: strangler/table-owner: seam orders writes table "
            "catalog_product, which seam catalog owns") in out
