"""Sibling plugins declaring one extension interface, none with a seam of its own, are one
group (`seams.interface_kinds`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.interface_kinds import interface_kinds, plugin_interfaces
from strangler.seams.propose import Grouping

FRAMEWORK = {
    "app/__init__.py": "",
    "app/plugins/__init__.py": "",
    "app/plugins/base.py": ("class SingletonPlugin:\n    pass\n"
                            "def implements(interface):\n    return None\n"),
    "app/plugins/interfaces.py": ("class IConfigurer:\n    pass\n"
                                  "class IResourceView:\n    pass\n"
                                  "class IActions:\n    pass\n"),
    "ext/__init__.py": "",
}
KERNEL = ["app", "app.plugins", "app.plugins.base", "app.plugins.interfaces"]


def _plugin(name: str, interfaces: tuple[str, ...], body: str = "") -> dict[str, str]:
    lines = "".join(f"    p.implements(i.{interface})\n" for interface in interfaces)
    return {f"ext/{name}/__init__.py": "",
            f"ext/{name}/plugin.py": ("import app.plugins.base as p\n"
                                      "import app.plugins.interfaces as i\n" + body
                                      + f"class {name.capitalize()}(p.SingletonPlugin):\n"
                                      + lines)}


def _project() -> dict[str, str]:
    files = dict(FRAMEWORK)
    files |= _plugin("imageview", ("IConfigurer", "IResourceView"))
    files |= _plugin("textview", ("IConfigurer", "IResourceView"))
    files |= _plugin("audioview", ("IResourceView",))
    files |= _plugin("store", ("IConfigurer", "IActions"))
    files |= {"ext/store/models.py": "class Row:\n    pass\n",
              "ext/store/logic.py": "from ext.store.models import Row\n"}
    files |= {"ext/designer/__init__.py": "",
              "ext/designer/views.py": "import ext.store.logic\n"}
    return files


def _run(tmp_path: Path, grouping: Grouping, isolated: list[str],
         fixed: tuple[str, ...] = ()) -> tuple[Grouping, list[str]]:
    index, _ = graph_of(build_tree(tmp_path / "p", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    return interface_kinds(grouping, isolated, index, KERNEL, packages, fixed)


def test_declared_interfaces_are_read_from_implements_lines(tmp_path: Path) -> None:
    index, _ = graph_of(build_tree(tmp_path / "p", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    placed = {m.name for m in index.modules} - set(KERNEL)
    found = plugin_interfaces(index, KERNEL, packages, placed)
    assert found["ext.audioview"] == {("app.plugins.interfaces", "IResourceView")}
    assert ("app.plugins.interfaces", "IActions") in found["ext.store"]
    # (the base class and the `implements` function itself are no interface)
    assert not any(name in ("SingletonPlugin", "implements")
                   for interfaces in found.values() for _, name in interfaces)


def test_seamless_plugins_of_one_interface_become_one_group(tmp_path: Path) -> None:
    grouping = Grouping((
        ("", ("ext.designer", "ext.designer.views", "ext.designer.x", "ext.imageview",
              "ext.imageview.plugin", "ext.textview", "ext.textview.plugin")),
        ("", ("ext.store", "ext.store.logic", "ext.store.models", "ext.store.plugin"))),
        "test")
    found, isolated = _run(tmp_path, grouping, ["ext.audioview", "ext.audioview.plugin"])
    assert {members for _, members in found.groups} == {
        ("ext.audioview", "ext.audioview.plugin", "ext.imageview", "ext.imageview.plugin",
         "ext.textview", "ext.textview.plugin"),
        ("ext.designer", "ext.designer.views", "ext.designer.x"),
        ("ext.store", "ext.store.logic", "ext.store.models", "ext.store.plugin")}
    assert isolated == []


def test_an_interface_a_placed_plugin_declares_or_a_lever_moves_nothing(
        tmp_path: Path) -> None:
    # (`textview` leads a group of its own: IResourceView is no kind then; `store` leads
    # its group and declares IConfigurer, which is the framework's)
    grouping = Grouping((
        ("", ("ext.designer", "ext.designer.views", "ext.imageview",
              "ext.imageview.plugin", "ext.audioview", "ext.audioview.plugin")),
        ("", ("ext.store", "ext.store.logic", "ext.store.models", "ext.store.plugin")),
        ("", ("ext.textview", "ext.textview.plugin"))), "test")
    assert _run(tmp_path, grouping, []) == (grouping, [])
    seamless = Grouping((
        ("", ("ext.designer", "ext.designer.views", "ext.designer.x", "ext.imageview",
              "ext.imageview.plugin", "ext.textview", "ext.textview.plugin")),), "test")
    isolated = ["ext.audioview", "ext.audioview.plugin"]
    assert _run(tmp_path, seamless, isolated, ("ext.textview.plugin",)) == (seamless,
                                                                            isolated)


def test_interface_words_drop_the_zope_prefix_and_split_camel_case() -> None:
    from strangler.seams.interface_kinds import interface_word

    assert interface_word("IResourceView") == "resource_view"
    assert interface_word("plugins.IDatasetForm") == "dataset_form"
    assert interface_word("IAPIToken") == "api_token"
    assert interface_word("Importer") == "importer"


def _named(tmp_path: Path, groups: list[tuple[str, ...]],
           pinned: dict[int, str] | None = None) -> dict[int, str]:
    from dataclasses import replace

    from strangler.seams.interface_kinds import module_interfaces
    from strangler.seams.naming import NameEvidence, seam_names

    index, _ = graph_of(build_tree(tmp_path / "p", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    words = module_interfaces(index, groups, KERNEL, packages)
    modules = {m.name: m for m in index.modules}
    return seam_names(dict(enumerate(set(g) for g in groups)), pinned or {}, modules,
                      evidence=replace(NameEvidence(), kinds=words),
                      units={m: m.split(".")[1] if "." in m else m for m in modules})


def test_a_group_of_plugins_of_one_interface_is_named_after_it(tmp_path: Path) -> None:
    views = ("ext.audioview", "ext.audioview.plugin", "ext.imageview",
             "ext.imageview.plugin", "ext.textview", "ext.textview.plugin")
    store = ("ext.store", "ext.store.logic", "ext.store.models", "ext.store.plugin")
    designer = ("ext.designer", "ext.designer.views")
    # (`resource_view`, not one member's `imageview`; IConfigurer is declared in two groups
    # and names neither; the store's IActions has one implementer)
    assert _named(tmp_path, [views, store, designer]) == {
        0: "resource_view", 1: "store", 2: "designer"}
    # A pin elsewhere leaves the name alone.
    assert _named(tmp_path / "pin", [views, store, designer], {2: "studio"})[0] == (
        "resource_view")


def test_an_interface_names_no_group_its_plugins_do_not_make(tmp_path: Path) -> None:
    from strangler.seams.interface_kinds import module_interfaces

    index, _ = graph_of(build_tree(tmp_path / "p", _project()))
    packages = {m.name for m in index.modules if m.is_package}
    # (its implementers split over two groups: no kind)
    split = [("ext.audioview", "ext.audioview.plugin", "ext.imageview",
              "ext.imageview.plugin"), ("ext.textview", "ext.textview.plugin", "ext.store",
                                        "ext.store.logic", "ext.store.models",
                                        "ext.store.plugin")]
    assert module_interfaces(index, split, KERNEL, packages) == {}
    # (the view plugins sit in a group that is mostly another domain's: that domain names it)
    big = "".join(f"def f{i}():\n    return {i}\n" for i in range(40))
    files = _project() | {"ext/designer/views.py": "import ext.store.logic\n" + big}
    index, _ = graph_of(build_tree(tmp_path / "q", files))
    joined = [("ext.audioview", "ext.audioview.plugin", "ext.imageview",
               "ext.imageview.plugin", "ext.textview", "ext.textview.plugin",
               "ext.designer", "ext.designer.views")]
    assert module_interfaces(index, joined, KERNEL, packages) == {}


def test_a_framework_interface_or_a_shared_package_names_no_group(tmp_path: Path) -> None:
    """Issue 10 item 4 (trac, fifth held-out set): an interface a module of another seam
    also declares is the framework's (`ITemplateProvider`), not a kind; plugins that share
    a package below the top level (`tracopt.versioncontrol.svn`, `.git`) are named by it."""
    from strangler.seams.interface_kinds import module_interfaces

    views = ("ext.audioview", "ext.audioview.plugin", "ext.imageview",
             "ext.imageview.plugin", "ext.textview", "ext.textview.plugin")
    files = _project() | {"ext/designer/views.py": (
        "import ext.store.logic\nimport app.plugins.base as p\n"
        "import app.plugins.interfaces as i\n"
        "class Designer(p.SingletonPlugin):\n    p.implements(i.IResourceView)\n")}
    index, _ = graph_of(build_tree(tmp_path / "p", files))
    packages = {m.name for m in index.modules if m.is_package}
    store = ("ext.store", "ext.store.logic", "ext.store.models", "ext.store.plugin")
    designer = ("ext.designer", "ext.designer.views")
    assert module_interfaces(index, [views, store, designer], KERNEL, packages) == {}
    # (the same three view plugins inside one package `ext.views`)
    nested: dict[str, str] = dict(FRAMEWORK) | {"ext/views/__init__.py": ""}
    for name in ("imageview", "textview", "audioview"):
        for path, text in _plugin(name, ("IResourceView",)).items():
            nested[path.replace("ext/", "ext/views/", 1)] = text
    index, _ = graph_of(build_tree(tmp_path / "q", nested))
    packages = {m.name for m in index.modules if m.is_package}
    group = tuple(m.name for m in index.modules if m.name.startswith("ext.views."))
    assert module_interfaces(index, [group], KERNEL, packages) == {}


def test_a_number_of_services_asked_for_gets_no_kind_group(tmp_path: Path) -> None:
    # `--services N` is the user's word: the rule only adds groups, so it stays off (ckan
    # with --services 3 got 6 seams, two of them interface kinds).
    from strangler.seams import SeamRequest, propose_seams

    index, graph = graph_of(build_tree(tmp_path / "p", _project()))
    assert len(propose_seams(index, graph, SeamRequest(services=1)).seams) == 1
