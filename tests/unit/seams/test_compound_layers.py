"""Issue 10 (jupyterhub): a package named by an interface word and a layer word run together
(`apihandlers/` beside `handlers/`) is a layer package, so its base (`apihandlers/base`'s
APIHandler, which every resource's handler subclasses and which reads the users table) is the
layer's scaffolding, kernel before the clustering, and not a domain package's helper. Left
in, it glued the REST handlers of every domain into one `apihandlers` seam. And a package's
`__init__` that loads one of its own submodules (`jupyterhub/__init__` publishing the
single-user server extension) is no user of it: the group of that submodule is no library
of the group that holds the package's `__init__`."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.broad_bases import broad_layer_bases
from strangler.seams.compound_layers import compound_layer, layer_named
from strangler.seams.enclosed import domain_enclosed, platform_tops
from strangler.seams.kernel import KERNEL_NAMES
from strangler.seams.propose import Choice, Grouping
from strangler.seams.slices import library_groups

DOMAINS = ("users", "groups", "services", "proxy")


def test_an_interface_word_and_a_layer_word_run_together_name_a_layer() -> None:
    assert compound_layer("apihandlers")
    assert compound_layer("api_views")
    assert compound_layer("WebControllers")
    # (a layer word alone is the layer rules' own; an interface alone, a version, two
    # interface words or a layer of models are no compound layer)
    assert not compound_layer("handlers")
    assert not compound_layer("api")
    assert not compound_layer("rest_api")
    assert not compound_layer("apiv1")
    assert not compound_layer("viewmodels")
    assert not compound_layer("billing")
    assert layer_named("handlers", frozenset({"handlers"}))
    assert layer_named("apihandlers", frozenset())
    assert not layer_named("billing", frozenset({"handlers"}))


def _hub(tmp_path: Path, layer: str) -> Path:
    """`hub/orm.py` maps one table per domain; `hub/<layer>/<domain>.py` per domain, each
    subclassing `hub/<layer>/base`'s APIHandler, which reads the users table (the current
    user); `hub/<layer>/__init__` gathers their route lists."""
    models = "".join(f"class {d.title()}(models.Model):\n    name = models.CharField()\n"
                     for d in DOMAINS)
    files: dict[str, str] = {
        "hub/__init__.py": "",
        "hub/orm.py": "from django.db import models\n" + models,
        f"hub/{layer}/__init__.py": "".join(f"from hub.{layer} import {d}\n" for d in DOMAINS)
        + "handlers = [" + ", ".join(f"{d}.handlers" for d in DOMAINS) + "]\n",
        f"hub/{layer}/base.py": "from hub.orm import Users\n"
                                "class APIHandler:\n    def current_user(self, name):\n"
                                "        return Users.objects.filter(name=name)\n",
    }
    for d in DOMAINS:
        files[f"hub/{layer}/{d}.py"] = (
            f"from hub.{layer}.base import APIHandler\nfrom hub.orm import {d.title()}\n"
            f"class {d.title()}Handler(APIHandler):\n"
            f"    def get(self):\n        return {d.title()}.objects.filter(name='x')\n"
            f"handlers = [{d.title()}Handler]\n")
    return build_tree(tmp_path / "proj", files)


def test_the_base_of_a_compound_named_layer_is_broad_though_it_reads_a_table(
        tmp_path: Path) -> None:
    index, graph = graph_of(_hub(tmp_path, "apihandlers"))
    assert broad_layer_bases(index, graph).get("hub.apihandlers.base") == 4
    names = {m.name for m in index.modules}
    assert not domain_enclosed("hub.apihandlers.base", platform_tops(names),
                               frozenset(KERNEL_NAMES))


def test_a_package_of_a_domain_name_has_no_layer_base(tmp_path: Path) -> None:
    # (the same shape under a domain's name: `billing/base` is billing's helper)
    index, graph = graph_of(_hub(tmp_path, "billing"))
    assert "hub.billing.base" not in broad_layer_bases(index, graph)
    names = {m.name for m in index.modules}
    assert domain_enclosed("hub.billing.base", platform_tops(names), frozenset(KERNEL_NAMES))


def _extension(tmp_path: Path, hook: bool = True) -> Path:
    """`hub/__init__` loads `hub/ext/extension` in a hook (`hook`) or imports it at the top
    (a re-export); `hub/other` uses `hub/ext/auth`; nothing else uses the `ext` package."""
    init = ("def _extension_points():\n    from hub.ext import extension\n"
            "    return [extension.load]\n") if hook else \
        "from hub.ext import extension\nPOINTS = [extension.load]\n"
    return build_tree(tmp_path / "proj", {
        "hub/__init__.py": init,
        "hub/pages.py": "def home():\n    return 'home'\n",
        "hub/ext/__init__.py": "",
        "hub/ext/extension.py": "from hub.ext.auth import check\n"
                                "def load():\n    return check()\n",
        "hub/ext/auth.py": "def check():\n    return True\n",
        "hub/other.py": "from hub.ext.auth import check\ndef run():\n    return check()\n",
    })


EXT = ("hub.ext.auth", "hub.ext.extension")


def test_a_package_loading_its_own_submodule_in_a_hook_is_no_user_of_it(
        tmp_path: Path) -> None:
    index, graph = graph_of(_extension(tmp_path))
    grouping = Grouping((("", ("hub", "hub.pages")), ("", EXT)), Choice(None))
    # (the package's hook is its only "user": the extension stays a group of its own)
    assert library_groups(index, graph, grouping, []) == grouping
    # A module outside the package that uses it is a user: the extension is its library.
    with_other = Grouping((("", ("hub", "hub.pages")), ("", EXT), ("", ("hub.other",))),
                          Choice(None))
    merged = sorted(members for _, members in library_groups(index, graph, with_other,
                                                             []).groups)
    assert merged == [("hub", "hub.pages"), ("hub.ext.auth", "hub.ext.extension", "hub.other")]


def test_a_package_importing_its_own_submodule_at_the_top_uses_it(tmp_path: Path) -> None:
    # (a re-export gathers the submodule: its group is the package's library, as before)
    index, graph = graph_of(_extension(tmp_path, hook=False))
    grouping = Grouping((("", ("hub", "hub.pages")), ("", EXT)), Choice(None))
    merged = sorted(members for _, members in library_groups(index, graph, grouping,
                                                             []).groups)
    assert merged == [("hub", "hub.ext.auth", "hub.ext.extension", "hub.pages")]
