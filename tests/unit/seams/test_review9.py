"""Review of the session's seams rules: odd projects and the user's levers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import SQLALCHEMY_MODEL, sqlalchemy_app

from strangler.adapters.cache import MemoryStore
from strangler.adapters.entry_points import read_entry_points
from strangler.adapters.filesystem import LocalFileSystem
from strangler.graph import build_graph
from strangler.parse import ParseOptions, link, parse_project
from strangler.seams import SeamRequest, propose_seams


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _index(root: Path):  # type: ignore[no-untyped-def]
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    return link(root.name, parsed.files, parsed.problems, read_entry_points(root))


def test_a_project_of_one_module_gets_a_proposal(tmp_path: Path) -> None:
    # Its one module is an entry point (a root): no unit is left to score, which divided
    # by zero in the metrics.
    index = _index(_write(tmp_path / "one", {"app.py": "def f():\n    return 1\n"}))
    proposal = propose_seams(index, build_graph(index), SeamRequest())
    assert [r.module for r in proposal.roots] == ["app"]
    assert not proposal.seams


def test_a_late_module_whose_group_is_platform_is_in_the_kernel_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # ckan's `lib/i18n`: `find_kernel`'s late modules leave their groups after the
    # clustering, and `platform_groups` may already have taken the whole group.
    from strangler.model import KernelModule
    from strangler.seams import kernel as kernel_module
    from strangler.seams.propose import Grouping
    from tests.unit.seams.test_late_kernel import _project

    real = kernel_module.platform_groups

    def with_platform(index: Any, graph: Any, grouping: Grouping
                      ) -> tuple[Grouping, list[KernelModule]]:
        grouping, moved = real(index, graph, grouping)
        taken = {m for _, members in grouping.groups if "app.exceptions" in members
                 for m in members}
        return grouping.without(taken), [*moved, *(KernelModule(m, "platform")
                                                   for m in sorted(taken))]

    monkeypatch.setattr(kernel_module, "platform_groups", with_platform)
    index = _index(_project(tmp_path))
    proposal = propose_seams(index, build_graph(index), SeamRequest())
    kernel = [k.module for k in proposal.kernel]
    assert "app.exceptions" in kernel
    assert len(kernel) == len(set(kernel))


def _translation_app() -> dict[str, str]:
    """A product whose business is translation: its `translations` app has a model, the
    views serving its pages and a service that reads the model; two other apps beside it."""
    domains = ("translations", "projects", "users")
    files = sqlalchemy_app(
        domains, {"app/__init__.py": "from flask import Flask\napp = Flask(__name__)\n"},
        model=SQLALCHEMY_MODEL + "    text = Column(String)\n",
        service=("from app.{domain}.models import {name}\n"
                 "def listing(db):\n    return db.query({name})\n"))
    return files | {
        f"app/{domain}/views.py": (
            f"from app import app\nfrom app.{domain}.service import listing\n"
            f"@app.route('/{domain}/')\ndef index():\n    return listing(None)\n"
            f"@app.route('/{domain}/<int:pk>')\ndef show(pk):\n    return listing(pk)\n")
        for domain in domains}


def test_an_i18n_named_app_serving_routes_is_no_platform(tmp_path: Path) -> None:
    # `seams.i18n` takes the modules of a `translations` package that map and write no
    # table as kernel: a translation product's own app keeps its views and services.
    from helpers import build_tree, graph_of

    index, graph = graph_of(build_tree(tmp_path / "proj", _translation_app()))
    assert "app.translations.views" in {r.module for r in index.routes}
    proposal = propose_seams(index, graph, SeamRequest())
    kernel = {k.module for k in proposal.kernel}
    assert "app.translations.views" not in kernel
    labels = dict(proposal.assignment)
    assert labels["app.translations.views"] == labels["app.translations.models"] \
        == labels["app.translations.service"]


def _two_apps() -> dict[str, str]:
    """Two apps of eight modules each (a model, a service the others use), tied by one read
    of the other's model."""
    files = sqlalchemy_app(
        ("orders", "billing"),
        model=SQLALCHEMY_MODEL.replace("Column, Integer, String", "Column, Integer"),
        service=("from app.{domain}.models import {name}\n"
                 "def find(db):\n    return db.query({name})\n"))
    for domain, other in (("orders", "billing"), ("billing", "orders")):
        name = domain.capitalize()
        for part in ("views", "forms", "tasks", "admin", "signals", "emails"):
            files[f"app/{domain}/{part}.py"] = (
                f"from app.{domain}.service import find\n"
                f"from app.{domain}.models import {name}\n"
                f"def run(db):\n    return find(db), {name}\n")
        files[f"app/{domain}/reports.py"] = (
            f"from app.{other}.models import {other.capitalize()}\n"
            f"from app.{domain}.service import find\n"
            f"def run(db):\n    return find(db), {other.capitalize()}\n")
    return files


def test_a_number_of_services_asked_for_is_not_split_further(tmp_path: Path) -> None:
    # `seams.app_split` cuts a group holding two whole apps; with `--services N` the user
    # asked for N, and the apps the clustering merged to reach it stay merged (weblate
    # with --services 3 got 11 seams).
    from helpers import build_tree, graph_of

    index, graph = graph_of(build_tree(tmp_path / "proj", _two_apps()))
    assert len(propose_seams(index, graph, SeamRequest()).seams) == 2
    assert len(propose_seams(index, graph, SeamRequest(services=1)).seams) == 1


def test_a_view_module_named_like_an_entry_point_is_clustered(tmp_path: Path) -> None:
    # `events/controllers/manage.py` holds the management views its blueprint registers:
    # named like `manage.py` and imported, it was taken for platform "the application
    # starts from" (kernel); it is a view, clustered with its domain.
    from helpers import build_tree, graph_of

    files = _translation_app()
    files |= {
        "app/projects/manage.py": ("from app.projects.service import listing\n"
                                   "def edit(pk):\n    return listing(pk)\n"),
        "app/projects/blueprint.py": (
            "from app import app\nfrom app.projects import manage\n"
            "app.add_url_rule('/projects/<int:pk>/edit', view_func=manage.edit)\n")}
    index, graph = graph_of(build_tree(tmp_path / "proj", files))
    assert "app.projects.manage.edit" in {r.handler for r in index.routes}
    from strangler.model import KernelModule
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_roots

    imported: list[KernelModule] = []
    roots = find_roots(index, graph, SeamConfig(), imported)
    assert "app.projects.manage" not in {k.module for k in [*roots, *imported]}
    proposal = propose_seams(index, graph, SeamRequest())
    assert "app.projects.manage" not in {k.module for k in proposal.kernel} | {
        r.module for r in proposal.roots}
    labels = dict(proposal.assignment)
    assert labels["app.projects.manage"] == labels["app.projects.service"]


def test_the_plan_starts_with_a_whole_slice_in_the_easiest_band() -> None:
    """Among real, non-critical seams with routes, one that owns tables comes before one
    that only reads others', and a medium one before a hard one."""
    from strangler.model import Route, Seam
    from strangler.seams.explain import _rank_difficulty
    from strangler.seams.migration import migration_plan
    from strangler.seams.sensitive import SensitiveData

    def seam(name: str, owned: tuple[str, ...], score: float) -> Seam:
        route = Route(("GET",), f"/{name}", f"{name}.v.f", f"{name}.v", "v.py", 1, "flask")
        return Seam(name=name, modules=tuple(f"{name}.m{i}" for i in range(4)), loc=2000,
                    interface=(), routes=(route,), tables_owned=owned, tables_shared=(),
                    depends_on=(), used_by=(), why_together=(), cut_edges=(), difficulty="",
                    difficulty_score=score)

    ranked = _rank_difficulty([seam("reader", (), 3.0), seam("hard", ("archive",), 30.0),
                               seam("medium", ("tags",), 10.0)])
    assert [s.difficulty for s in ranked] == ["easy", "hard", "medium"]
    plan = migration_plan(ranked, SensitiveData({}))
    assert [step.seam for step in plan] == ["medium", "hard", "reader"]
