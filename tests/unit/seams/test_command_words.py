"""Issue 10 (kernel): a Django management command is named for what it does
(`clear_file_cache`), not for a domain. When it writes a table, the words of its own name
are no domain's: a shared `file_utils` every app uses is kernel (taken out after the
clustering), not code "named for" the product domain's data."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

DOMAINS = ("order", "product", "account")


def _project(tmp_path: Path) -> Path:
    """Three Django apps whose views use a shared `common/file_utils.py` and a shared
    `common/product_utils.py`; the product app has a command that writes its table."""
    files = {"shop/__init__.py": "", "shop/common/__init__.py": "",
             "shop/common/file_utils.py": "def upload():\n    return 1\n",
             "shop/common/product_utils.py": "def price():\n    return 1\n",
             "shop/product/management/__init__.py": "",
             "shop/product/management/commands/__init__.py": "",
             "shop/product/management/commands/clear_file_cache.py": (
                 "from shop.product.models import Product\n"
                 "def handle():\n    Product.objects.all().delete()\n")}
    for domain in DOMAINS:
        model = domain.title()
        files[f"shop/{domain}/__init__.py"] = ""
        files[f"shop/{domain}/models.py"] = (
            f"from django.db import models\nclass {model}(models.Model):\n"
            "    name = models.CharField(max_length=10)\n")
        files[f"shop/{domain}/views.py"] = (
            f"from shop.{domain}.models import {model}\n"
            "from shop.common.file_utils import upload\n"
            "from shop.common.product_utils import price\n"
            f"def index(request):\n    return list({model}.objects.all()) or upload() or price()\n")
    return build_tree(tmp_path / "proj", files)


def test_a_command_name_makes_no_domain_word(tmp_path: Path) -> None:
    from strangler.model import KernelModule
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel
    from strangler.seams.words import command_words

    index, graph = graph_of(_project(tmp_path))
    assert command_words("shop.product.management.commands.clear_file_cache") == {
        "clear", "file", "cache"}
    assert command_words("shop.product.views") == frozenset()
    # each app its own first-pass group: the shared helpers are used by all three
    clusters = {m.name: m.name.split(".")[1] if "." in m.name else m.name
                for m in index.modules}
    late: list[KernelModule] = []
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, (), set(),
                                            late)}
    assert "shop.common.file_utils" in {k.module for k in late}
    assert "shop.common.file_utils" not in kernel  # (taken out after the clustering)
    # a helper named for a domain that owns tables stays that domain's
    assert "shop.common.product_utils" not in kernel | {k.module for k in late}
