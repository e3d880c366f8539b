"""Entry-point plugin maps: groups read from pyproject.toml, setup.cfg and setup.py; the
modules that load a group; and the `entry_point` dependency from loader to each module
registered under it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.model import ProjectIndex
from strangler.parse import ParseOptions, link, parse_project
from strangler.pipeline import AnalyzeRequest, analyze

PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/plugins/__init__.py": "",
    "pkg/plugins/sql.py": "class Backend:\n    pass\n",
    "pkg/plugins/mem.py": "class Backend:\n    pass\n",
    "pkg/unused.py": "class Thing:\n    pass\n",
}
LOADER = """
    from importlib.metadata import entry_points

    def load():
        return [ep.load() for ep in entry_points(group="pkg.backends")]
"""
PYPROJECT = """
    [project]
    name = "pkg"

    [project.entry-points."pkg.backends"]
    sql = "pkg.plugins.sql:Backend"
    mem = "pkg.plugins.mem:Backend [extra]"
    outside = "otherdist.backend:Backend"

    [project.entry-points."pkg.nobody_loads"]
    thing = "pkg.unused:Thing"
"""
SETUP_CFG = """
    [metadata]
    name = pkg

    [options.entry_points]
    pkg.backends =
        sql = pkg.plugins.sql:Backend
        mem = pkg.plugins.mem:Backend
    pkg.nobody_loads =
        thing = pkg.unused:Thing
"""
SETUP_PY_DICT = """
    from setuptools import setup

    ENTRY_POINTS = {
        "pkg.backends": ["sql = pkg.plugins.sql:Backend", "mem = pkg.plugins.mem:Backend"],
        "pkg.nobody_loads": ["thing = pkg.unused:Thing"],
    }
    setup(name="pkg", entry_points=ENTRY_POINTS)
"""
SETUP_PY_STRING = '''
    from setuptools import setup

    setup(name="pkg", entry_points="""
        [pkg.backends]
        sql = pkg.plugins.sql:Backend
        mem = pkg.plugins.mem:Backend
    """)
'''


def _index(root: Path) -> ProjectIndex:
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    return link(root.name, parsed.files, parsed.problems, read_entry_points(root))


def _links(index: ProjectIndex) -> set[tuple[str, str]]:
    return {(i.source, i.target) for i in index.imports if i.entry_point}


EXPECTED = {("pkg.core", "pkg.plugins.mem"), ("pkg.core", "pkg.plugins.sql")}


@pytest.mark.parametrize("metadata", [
    {"pyproject.toml": PYPROJECT}, {"setup.cfg": SETUP_CFG}, {"setup.py": SETUP_PY_DICT},
    {"setup.py": SETUP_PY_STRING}], ids=["pyproject", "setup.cfg", "setup.py", "setup.py-ini"])
def test_each_metadata_form_links_the_loader_to_its_registered_modules(
        tmp_path: Path, metadata: dict[str, str]) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, **metadata, "pkg/core.py": LOADER})
    index = _index(root)
    assert _links(index) == EXPECTED
    assert index.completeness is not None and index.completeness.entry_point_links == 2
    assert index.completeness.dynamic_imports == 0  # import_module() counts are unchanged


@pytest.mark.parametrize("loader", [
    'from importlib.metadata import entry_points\nfor e in entry_points(group="pkg.backends"):'
    "\n    e.load()\n",
    'from importlib.metadata import entry_points\nPLUGINS = entry_points().select('
    'group="pkg.backends")\n',
    'import importlib_metadata\nPLUGINS = importlib_metadata.entry_points()["pkg.backends"]\n',
    'from pkg_resources import iter_entry_points\nPLUGINS = list(iter_entry_points('
    '"pkg.backends"))\n',
    'import pkg_resources\nGROUP = "pkg.backends"\n\ndef load():\n'
    "    return list(pkg_resources.iter_entry_points(group=GROUP))\n",
], ids=["entry_points", "select", "subscript", "iter_entry_points", "pkg_resources-constant"])
def test_each_loader_form_is_followed(tmp_path: Path, loader: str) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "pyproject.toml": PYPROJECT,
                                          "pkg/core.py": loader})
    assert _links(_index(root)) == EXPECTED


def test_a_group_that_no_module_loads_and_outside_targets_add_nothing(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "pyproject.toml": PYPROJECT,
                                          "pkg/core.py": LOADER})
    assert {e.group for e in read_entry_points(root)} == {"pkg.backends", "pkg.nobody_loads"}
    targets = {i.target for i in _index(root).imports if i.entry_point}
    assert "pkg.unused" not in targets  # registered, but its group is never loaded
    assert not any(t.startswith("otherdist") for t in targets)  # another distribution's


def test_a_group_that_is_not_a_literal_is_not_followed(tmp_path: Path) -> None:
    loader = ("from importlib.metadata import entry_points\n\ndef load(group):\n"
              "    return entry_points(group=group)\n")
    root = build_tree(tmp_path / "proj", {**PACKAGE, "pyproject.toml": PYPROJECT,
                                          "pkg/core.py": loader})
    assert _links(_index(root)) == set()


def test_entry_point_edges_weigh_like_a_lazy_dynamic_import_and_close_no_cycle(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        **PACKAGE, "pyproject.toml": PYPROJECT, "pkg/core.py": LOADER,
        "pkg/plugins/sql.py": "from pkg import core\n\nclass Backend:\n    pass\n"})
    graph = build_graph(_index(root))
    edges = {(d.source, d.target): d for d in graph.dependencies}
    loaded = edges[("pkg.core", "pkg.plugins.mem")]
    assert dict(loaded.kinds) == {"entry_point": 1} and loaded.weight == 0.5
    assert graph.cycles == ()  # sql imports core; core only loads sql by group


def test_malformed_metadata_adds_nothing_and_does_not_fail(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pyproject.toml": "[project\nname=", "setup.cfg": "[options.entry_points\n",
        "setup.py": "from setuptools import setup\nsetup(entry_points=make())\n"})
    assert read_entry_points(root) == ()


def test_analyze_links_entry_points_and_reports_them_in_the_completeness_line(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "pyproject.toml": PYPROJECT,
                                          "pkg/core.py": LOADER})
    files = analyze(AnalyzeRequest(path=root, parse=ParseOptions(jobs=1), svg=False),
                    LocalFileSystem(), MemoryStore()).files
    document = json.loads(files["analysis.json"])
    flagged = [(i["source"], i["target"]) for i in document["imports"]
               if "entry_point" in i["flags"]]
    assert sorted(flagged) == sorted(EXPECTED)
    assert document["completeness"]["entry_point_links"] == 2
    assert "2 entry-point links followed" in document["completeness"]["text"]
    again = analyze(AnalyzeRequest(path=root, parse=ParseOptions(jobs=1), svg=False),
                    LocalFileSystem(), MemoryStore()).files
    assert again["analysis.json"] == files["analysis.json"]


PBR_SETUP_CFG = """
    [metadata]
    name = pkg

    [entry_points]
    pkg.backends =
        sql = pkg.plugins.sql:Backend
        mem = pkg.plugins.mem:Backend
"""


def test_pbr_entry_points_section_of_setup_cfg_is_read(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": PBR_SETUP_CFG,
                                          "pkg/core.py": LOADER})
    assert {(e.group, e.module) for e in read_entry_points(root)} == {
        ("pkg.backends", "pkg.plugins.sql"), ("pkg.backends", "pkg.plugins.mem")}
    assert _links(_index(root)) == EXPECTED


@pytest.mark.parametrize("loader", [
    'import stevedore\nMGR = stevedore.DriverManager("pkg.backends", "sql")\n',
    'from stevedore import extension\n\ndef load():\n'
    '    return extension.ExtensionManager(namespace="pkg.backends")\n',
    # the manager names its group in a class attribute and a shared helper loads it
    'from pkg import helper\n\nclass Manager(helper.Base):\n'
    '    driver_namespace = "pkg.backends"\n',
    'NAMESPACE = "pkg.backends"\n',
], ids=["DriverManager", "ExtensionManager-keyword", "class-attribute", "module-constant"])
def test_stevedore_namespaces_are_followed(tmp_path: Path, loader: str) -> None:
    helper = ("import stevedore\n\nclass Base:\n    driver_namespace = None\n\n"
              "    def load(self, name):\n"
              "        return stevedore.DriverManager(self.driver_namespace, name).driver\n")
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": PBR_SETUP_CFG,
                                          "pkg/helper.py": helper, "pkg/core.py": loader})
    assert _links(_index(root)) == EXPECTED  # the helper's namespace is no literal: no link


def test_a_namespace_string_that_names_no_declared_group_adds_nothing(tmp_path: Path) -> None:
    loader = 'class Manager:\n    driver_namespace = "otherdist.backends"\n'
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": PBR_SETUP_CFG,
                                          "pkg/core.py": loader})
    assert _links(_index(root)) == set()


# One level of indirection: a project function whose parameter is the group it loads, called
# with a literal group (trac's `load_eggs("trac.plugins")`).
TRAC_LOADER = """
    from pkg_resources import working_set

    def load_eggs(entry_point_name):
        def _load_eggs(env):
            for entry in working_set.iter_entry_points(entry_point_name):
                entry.load()
        return _load_eggs

    def load_components(env, loaders=(load_eggs("pkg.backends"),)):
        for loader in loaders:
            loader(env)
"""
HELPER = """
    import stevedore
    from importlib import metadata

    def load(group):
        return [ep.load() for ep in metadata.entry_points(group=group)]

    def load_selected(name, group):
        return metadata.entry_points().select(group=group)

    def manager(namespace, invoke=False):
        return stevedore.ExtensionManager(namespace, invoke_on_load=invoke)

    def twice(group):
        return load(group)
"""


def _lazy_links(index: ProjectIndex) -> set[tuple[str, str, bool]]:
    return {(i.source, i.target, i.lazy) for i in index.imports if i.entry_point}


def test_a_loader_function_called_with_a_literal_group_links_its_caller(
        tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": SETUP_CFG,
                                          "pkg/core.py": TRAC_LOADER})
    # the group is loaded in the closure load_eggs returns: at call time, not at import
    assert _lazy_links(_index(root)) == {(s, t, True) for s, t in EXPECTED}


@pytest.mark.parametrize("caller", [
    'from pkg.helper import load\n\nPLUGINS = load("pkg.backends")\n',
    'from pkg import helper\n\nPLUGINS = helper.load(group="pkg.backends")\n',
    'from pkg.helper import load_selected\n\nPLUGINS = load_selected("x", "pkg.backends")\n',
    'from pkg.helper import manager\n\nPLUGINS = manager("pkg.backends", True)\n',
], ids=["imported-name", "module-attribute-keyword", "select-second-parameter", "stevedore"])
def test_a_loader_function_in_another_module_is_resolved_through_imports(
        tmp_path: Path, caller: str) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": SETUP_CFG,
                                          "pkg/helper.py": HELPER, "pkg/core.py": caller})
    # called at import, and the helper loads in its own body: not lazy
    assert _lazy_links(_index(root)) == {(s, t, False) for s, t in EXPECTED}


@pytest.mark.parametrize("caller", [
    # the literal is passed in a parameter that is not the group
    'from pkg.helper import load_selected\n\nPLUGINS = load_selected("pkg.backends", "x")\n',
    'from pkg.helper import manager\n\nPLUGINS = manager(namespace="x", invoke="pkg.backends")\n',
    # two levels of indirection are not followed
    'from pkg.helper import twice\n\nPLUGINS = twice("pkg.backends")\n',
    # a function of the same name that is not the loader
    'def load(group):\n    return group\n\nPLUGINS = load("pkg.backends")\n',
], ids=["other-position", "other-keyword", "two-levels", "same-name-elsewhere"])
def test_only_the_group_parameter_of_a_loader_one_level_deep_counts(
        tmp_path: Path, caller: str) -> None:
    root = build_tree(tmp_path / "proj", {**PACKAGE, "setup.cfg": SETUP_CFG,
                                          "pkg/helper.py": HELPER, "pkg/core.py": caller})
    assert _links(_index(root)) == set()
