"""A flat package whose modules are all leaf units of their own (no subpackage, no unit of two
modules): the unit breadth bars are shares of all its units, so a helper most modules import
is kernel while a domain's core module that three others import is not."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.kernel import counted_units

FEATURES = ("mirror", "replica", "upload", "search", "simple", "users", "indexes", "fsck",
            "export", "status", "hooks", "login")


def _flat_leaf_project(tmp_path: Path) -> Path:
    files: dict[str, str] = {
        "pkgsrv/__init__.py": "",
        "pkgsrv/textutil.py": "def strip(x):\n    return x.strip()\n",
        # the application's own model: three feature modules build on it
        "pkgsrv/model.py": """
            from pkgsrv import textutil
            class Stage:
                def name(self, x):
                    return textutil.strip(x)
            """,
    }
    for i, feature in enumerate(FEATURES):
        model = "from pkgsrv.model import Stage\n" if i < 3 else ""
        files[f"pkgsrv/{feature}.py"] = (
            f"from pkgsrv import textutil\n{model}"
            f"def {feature}(x):\n    return textutil.strip(x)\n")
    return build_tree(tmp_path / "proj", files)


def test_all_units_count_when_each_module_is_its_own_unit() -> None:
    assert counted_units({f"app.m{i}": f"app.m{i}" for i in range(10)}) == 10
    # one unit of two modules: only such units count, as before
    assert counted_units({"app.a": "app.a", "app.b": "app.b", "app.p.x": "app.p",
                          "app.p.y": "app.p"}) == 1


def test_a_flat_leaf_package_keeps_its_core_module_out_of_the_kernel(tmp_path: Path) -> None:
    from strangler.seams import SeamConfig
    from strangler.seams.kernel import find_kernel

    index, graph = graph_of(_flat_leaf_project(tmp_path))
    # the first, kernel-blind pass folds the flat package into one group
    clusters = {m.name: "0" for m in index.modules if m.name.startswith("pkgsrv.")}
    kernel = {k.module for k in find_kernel(index, graph, SeamConfig(), clusters, ())}
    assert "pkgsrv.textutil" in kernel  # imported by every module
    # imported by three of the package's fourteen units: a domain's, not the platform's
    assert "pkgsrv.model" not in kernel
