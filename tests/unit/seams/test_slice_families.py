"""A layer module of a family written in three layer packages is its domain's layer, never
the kernel, even without a table (`layer_families.slice_families`, read by `find_kernel`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.layer_families import slice_families


def _layered(tmp_path: Path) -> Path:
    """models/ services/ views/ of an lnurl domain with no table; four other views use
    `services/lnurl`, so by breadth alone it reads like a shared helper."""
    files = {
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/models/__init__.py": "",
        "app/core/models/lnurl.py": "class LnurlRequest:\n    pass\n",
        "app/core/services/__init__.py": "",
        "app/core/services/lnurl.py": """
            from app.core.models.lnurl import LnurlRequest
            def handle(url):
                return LnurlRequest()
            """,
        "app/core/views/__init__.py": "",
        "app/core/views/lnurl_api.py": """
            from app.core.services.lnurl import handle
            def api_lnurl(url):
                return handle(url)
            """,
    }
    for view in ("payment_api", "wallet_api", "node_api", "user_api"):
        files[f"app/core/views/{view}.py"] = (
            "from app.core.services.lnurl import handle\n"
            "def handler(url):\n    return handle(url)\n")
    return build_tree(tmp_path / "proj", files)


def test_a_three_layer_family_without_data_is_not_kernel(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_layered(tmp_path))
    # each view its own first-pass domain: five domains use services/lnurl
    clusters = {m.name: m.name for m in index.modules}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "app.core.services.lnurl" not in kernel


def test_families_of_two_layers_or_of_platform_words_are_no_slice() -> None:
    modules = ["app.models.lnurl", "app.services.lnurl", "app.views.lnurl_api",
               "app.models.payments", "app.views.payment_api",
               "app.commands.exceptions", "app.daos.exceptions", "app.views.exceptions"]
    assert slice_families(modules) == {"app.models.lnurl", "app.services.lnurl",
                                       "app.views.lnurl_api"}
