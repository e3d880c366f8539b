"""Issue 10 item 7: an import by a built name (`import_module(f"app.tools.{name}.parser")`)
names the project modules its pattern can name (`parse.link.dynamic_patterns`), a fact with
no import edge; a pattern naming none, or no module path at all, stays unresolved."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import build_tree, index_of

from strangler.graph import build_graph
from strangler.parse.facts.syntax import name_pattern
from strangler.parse.link.dynamic_patterns import pattern_regex


def _pattern(source: str) -> str | None:
    return name_pattern(ast.parse(source, mode="eval").body)


def test_names_built_from_values_become_patterns() -> None:
    assert _pattern('f"app.tools.{name}.parser"') == "app.tools.*.parser"
    assert _pattern('"app.backends." + kind') == "app.backends.*"
    assert _pattern('"app.%s.views" % name') == "app.*.views"
    assert _pattern('"app.{}.views".format(name)') == "app.*.views"
    assert _pattern('f"{app}.signals"') == "*.signals"
    assert _pattern('"app.tools.pg"') is None  # a literal is an import, not a pattern
    assert _pattern("name") is None
    assert _pattern("make(name)") is None


def test_a_pattern_matches_one_name_part_per_value_a_leading_value_several() -> None:
    regex = pattern_regex("app.tools.*.parser")
    assert regex.match("app.tools.nmap.parser")
    assert not regex.match("app.tools.nmap.helpers.parser")
    assert not regex.match("app.tools.nmap.parser.extra")
    leading = pattern_regex("*.signals")
    assert leading.match("app.orders.signals") and leading.match("orders.signals")
    assert pattern_regex("app.tools.*_parser").match("app.tools.nmap_parser")


def _project(tmp_path: Path) -> Path:
    return build_tree(tmp_path / "scan", {
        "app/__init__.py": "",
        "app/tools/__init__.py": "",
        "app/tools/factory.py": """
            import os
            from importlib import import_module

            PARSERS = {}
            for folder in os.listdir(os.path.dirname(__file__)):
                module = import_module(f"app.tools.{folder}.parser")
                PARSERS[folder] = module

            def load(name, kind):
                import_module("." + name, package=__package__)
                import_module(f"app.exporters.{kind}")   # names no project module
                import_module(name)                      # names no module path
            """,
        "app/tools/nmap/__init__.py": "",
        "app/tools/nmap/parser.py": "class NmapParser: ...\n",
        "app/tools/zap/__init__.py": "",
        "app/tools/zap/parser.py": "class ZapParser: ...\n",
        "app/tools/zap/helpers.py": "def clean(x):\n    return x\n",
    })


def test_a_loader_names_the_modules_its_pattern_can_name(tmp_path: Path) -> None:
    index = index_of(_project(tmp_path))
    assert set(index.name_loads) >= {("app.tools.factory", "app.tools.nmap.parser"),
                                     ("app.tools.factory", "app.tools.zap.parser")}
    # (`"." + name` against the module's own package: every module of `app.tools`)
    assert ("app.tools.factory", "app.tools.nmap") in index.name_loads
    assert ("app.tools.factory", "app.tools.zap.helpers") not in index.name_loads
    completeness = index.completeness
    assert completeness is not None
    assert completeness.pattern_links == len(index.name_loads)
    # The pattern naming no project module and the bare value stay unresolved.
    assert [line for module, line in completeness.dynamic_imports_unresolved
            if module == "app.tools.factory"] == [11, 12]
    # A fact, not an import: no edge, no coupling from the loader to its plugins.
    edges = {(d.source, d.target) for d in build_graph(index).dependencies}
    assert ("app.tools.factory", "app.tools.nmap.parser") not in edges
