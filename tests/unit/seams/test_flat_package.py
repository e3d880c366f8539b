"""A flat application inside a wrapper package (`calibreweb/cps/*.py`): its feature modules
are the domain units, so a helper many of them import is broad enough for the kernel."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.words import domain_units

FEATURES = ("shelf", "kobo", "opds", "admin", "editbooks", "search", "gdrive", "oauth")


def _flat_names(extra: tuple[str, ...] = ()) -> list[str]:
    return sorted(["web", "web.__main__", "web.cps", "web.cps.tasks", "web.cps.tasks.mail",
                   "web.cps.tasks.convert", "web.cps.string_helper", "web.cps.db"]
                  + [f"web.cps.{f}" for f in FEATURES] + list(extra))


def test_the_modules_of_a_wrapped_flat_package_are_each_a_unit() -> None:
    units = domain_units(_flat_names())
    # One level below the wrapper (`web.cps`, 16 of the 17 modules): each module its unit,
    # a subpackage one unit.
    assert units["web.cps.shelf"] == "web.cps.shelf"
    assert units["web.cps.kobo"] == "web.cps.kobo"
    assert units["web.cps.tasks.mail"] == units["web.cps.tasks.convert"] == "web.cps.tasks"


def test_a_package_holding_less_than_four_fifths_is_not_a_wrapper() -> None:
    # Beside other packages of the top package (`web.cps` holds under 80%), the package is
    # one unit at the usual level, as before.
    others = tuple(f"web.{p}.m{i}" for p in ("api", "jobs") for i in range(3))
    units = domain_units(_flat_names(others))
    assert units["web.cps.shelf"] == units["web.cps.kobo"] == "web.cps"
    assert units["web.api.m0"] == "web.api"


def _flat_project(tmp_path: Path) -> Path:
    files: dict[str, str] = {
        "web/__init__.py": "",
        "web/__main__.py": "from web.cps import main\nmain.run()\n",
        "web/cps/__init__.py": "",
        "web/cps/main.py": "def run():\n    return 1\n",
        "web/cps/string_helper.py": "def strip(x):\n    return x.strip()\n",
        "web/cps/db.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import DeclarativeBase
            class Base(DeclarativeBase):
                pass
            class Book(Base):
                __tablename__ = "books"
                id = Column(Integer, primary_key=True)
            """,
    }
    for feature in FEATURES:
        files[f"web/cps/{feature}.py"] = (
            "from web.cps import db, string_helper\n"
            f"def {feature}(x):\n    return string_helper.strip(x), db.Book\n")
    return build_tree(tmp_path / "proj", files)


def test_a_helper_of_the_flat_package_is_kernel_though_the_first_pass_folds_it(
        tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_flat_project(tmp_path))
    # Louvain folds a flat package into one group: the helper's users share its group.
    clusters = {m.name: "0" for m in index.modules if m.name.startswith("web.cps.")}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "web.cps.string_helper" in kernel
    # The models module owns the table: domain data, never kernel.
    assert "web.cps.db" not in kernel
    assert not kernel & {f"web.cps.{f}" for f in FEATURES}


def test_a_kernel_module_does_not_go_back_to_a_seam_holding_most_of_the_application() -> None:
    """When the clustering leaves a flat application mostly uncut (one seam of most of the
    grouped modules), a helper that seam's modules use is no one domain's code."""
    from strangler.seams.kernel_returns import one_seam_homes

    big = tuple(f"web.cps.f{i:02d}" for i in range(24))
    small = tuple(f"web.cps.s{i}" for i in range(6))
    users = [(m, "web.cps.text") for m in big[:5]]
    assert one_seam_homes((("", big), ("", small)), {"web.cps.text"}, users, set()) == {}
    # The same users in a seam of a third of the modules: the helper goes back to it.
    third = (("", big[:10]), ("", big[10:])) + (("", small),)
    assert one_seam_homes(third, {"web.cps.text"}, users, set()) == {"web.cps.text": 0}
