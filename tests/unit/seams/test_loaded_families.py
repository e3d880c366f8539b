"""Issue 10 (DefectDojo, set 15): plugins a loader finds by a built name are one family,
gathered where their clients are or else a slice of its own named by their kind
(`seams.loaded_families`), not guests of the domain whose rows they build; modules of one
package's API loaded by name, and plugins other code imports, are no family."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams import SeamRequest, propose_seams
from strangler.seams.loaded_families import families, name_loads

SCANNERS = ("nmap", "zap", "nessus", "trivy", "bandit", "semgrep", "snyk")


def _project(scanners: tuple[str, ...] = SCANNERS, member_modules: bool = False,
             imported: str | None = None, spread: bool = True) -> dict[str, str]:
    """Django apps `findings` (the Finding table, its views and queries), `products` and
    `users`; `tools/factory.py` loads `tools/<scanner>/parser.py` by a built name, and each
    parser builds Finding rows (`member_modules`: each scanner a module `tools/<scanner>.py`
    instead; `imported`: a module of `products` importing the first scanner's parser)."""
    files = {"manage.py": "import os\n", "app/__init__.py": "",
             "app/tools/__init__.py": "",
             "app/tools/factory.py": (
                 "import os\nfrom importlib import import_module\n"
                 "PARSERS = {}\n"
                 "def load():\n"
                 "    for name in os.listdir(os.path.dirname(__file__)):\n"
                 + ("        PARSERS[name] = import_module(f'app.tools.{name}')\n"
                    if member_modules else
                    "        PARSERS[name] = import_module(f'app.tools.{name}.parser')\n")
                 + "def get_parser(kind):\n    return PARSERS[kind]\n")}
    for app, model in (("findings", "Finding"), ("products", "Product"), ("users", "Person")):
        files.update({
            f"app/{app}/__init__.py": "", f"app/{app}/apps.py": "",
            f"app/{app}/models.py": ("from django.db import models\n"
                                     f"class {model}(models.Model):\n"
                                     "    title = models.CharField(max_length=9)\n"),
            f"app/{app}/queries.py": (f"from app.{app}.models import {model}\n"
                                      f"def listed():\n    return {model}.objects.all()\n"),
            f"app/{app}/views.py": (f"from app.{app}.queries import listed\n"
                                    f"from app.{app}.models import {model}\n"
                                    "def index(request):\n"
                                    f"    {model}.objects.create(title='x')\n"
                                    "    return listed()\n")})
    files["app/findings/importer.py"] = (
        "from app.tools.factory import get_parser\n"
        "from app.findings.models import Finding\n"
        "def run(kind, report):\n"
        "    for finding in get_parser(kind).parse(report):\n"
        "        finding.save()\n    return Finding.objects.count()\n")
    for scanner in scanners:
        parser = ("from app.findings.models import Finding\n"
                  f"from app.tools.{scanner}.fields import severity\n"
                  "def parse(report):\n"
                  "    return [Finding(title=line, severity=severity(line))"
                  " for line in report]\n")
        if member_modules:
            files[f"app/tools/{scanner}.py"] = parser.replace(
                f"from app.tools.{scanner}.fields import severity\n",
                "def severity(line):\n    return 1\n")
        else:
            files.update({f"app/tools/{scanner}/__init__.py": "",
                          f"app/tools/{scanner}/parser.py": parser,
                          f"app/tools/{scanner}/fields.py": "def severity(line):\n"
                                                            "    return 1\n"})
    if spread:  # (the products and users apps import scans too: clients in three seams)
        for app, model in (("products", "Product"), ("users", "Person")):
            files[f"app/{app}/scans.py"] = (
                "from app.tools.factory import get_parser\n"
                f"from app.{app}.models import {model}\n"
                "def scan(kind, report):\n"
                f"    return get_parser(kind).parse({model}.objects.all())\n")
    if imported:
        files["app/products/reports.py"] = (f"from app.tools.{imported}.parser import parse\n"
                                            "from app.products.models import Product\n"
                                            "def report():\n"
                                            "    return parse(Product.objects.all())\n")
    return files


def _seams(tmp_path: Path, **options: object) -> dict[str, set[str]]:
    index, graph = graph_of(build_tree(tmp_path / "scan", _project(**options)))  # type: ignore[arg-type]
    proposal = propose_seams(index, graph, SeamRequest())
    found: dict[str, set[str]] = {}
    for module, seam in proposal.assignment:
        found.setdefault(seam, set()).add(module)
    return found


def test_parsers_loaded_by_a_built_name_are_one_slice_named_by_their_kind(
        tmp_path: Path) -> None:
    seams = _seams(tmp_path)
    parsers = {f"app.tools.{s}.{m}" for s in SCANNERS for m in ("parser", "fields")} \
        | {f"app.tools.{s}" for s in SCANNERS} | {"app.tools", "app.tools.factory"}
    assert seams.get("parser") == parsers
    # The findings domain keeps its table, views and importer apart from the parsers.
    holding = next(name for name, members in seams.items() if "app.findings.models" in members)
    assert holding != "parser"
    assert {"app.findings.views", "app.findings.queries"} <= seams[holding]


def test_a_family_whose_clients_one_seam_holds_joins_that_seam(tmp_path: Path) -> None:
    """geonode (set 13): the upload orchestrator and tasks alone use the format handlers
    they load; the handlers are the upload domain's, gathered in its seam."""
    seams = _seams(tmp_path, spread=False)
    holding = next(name for name, members in seams.items() if "app.findings.importer" in members)
    assert {f"app.tools.{s}.parser" for s in SCANNERS} <= seams[holding]
    assert "parser" not in seams


def test_families_need_plugin_folders_that_only_the_family_imports(tmp_path: Path) -> None:
    index, graph = graph_of(build_tree(tmp_path / "a", _project()))
    loads = name_loads(index.imports, index.name_loads)
    modules = [m.name for m in index.modules]
    (group, word), = families(loads, graph.dependencies, modules, frozenset())
    assert word == "parser" and "app.tools.nmap.fields" in group
    # One package's modules loaded by name (an API's `action/get`, `action/create`) are
    # no family: a member is a folder of its own.
    index, graph = graph_of(build_tree(tmp_path / "b", _project(member_modules=True)))
    assert families(name_loads(index.imports, index.name_loads), graph.dependencies,
                    [m.name for m in index.modules], frozenset()) == []
    # A plugin another domain imports is no leaf: it stays where it is; the rest are one.
    index, graph = graph_of(build_tree(tmp_path / "c", _project(imported="nmap")))
    (group, _), = families(name_loads(index.imports, index.name_loads), graph.dependencies,
                           [m.name for m in index.modules], frozenset())
    assert "app.tools.nmap.parser" not in group and "app.tools.zap.parser" in group
    # Fewer plugins than a family: nothing.
    index, graph = graph_of(build_tree(tmp_path / "d", _project(scanners=SCANNERS[:4])))
    assert families(name_loads(index.imports, index.name_loads), graph.dependencies,
                    [m.name for m in index.modules], frozenset()) == []
