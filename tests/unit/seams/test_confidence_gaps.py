"""A project's gaps indexed once (ProjectGaps) give each seam its own confidence."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, graph_of

from strangler.seams.confidence import ProjectGaps


def test_one_index_of_gaps_answers_every_seam_for_itself(tmp_path: Path) -> None:
    """Asked in turn about seams with different gaps, one ProjectGaps gives each exactly
    its own: nothing found for one seam carries over to the next."""
    root = build_tree(tmp_path / "gaps", {
        "app/__init__.py": "",
        "app/plugins.py": "import importlib\n"
                          "def load(name):\n    return importlib.import_module(name)\n",
        "app/more.py": "import importlib\n"
                       "def load(name):\n    return importlib.import_module(name)\n",
        "app/orders.py": "def total(x):\n    return x\n",
        "app/broken.py": "def broken(:\n    pass\n",
    })
    index, _ = graph_of(root)
    gaps = ProjectGaps(index)
    elsewhere = "project: 1 files elsewhere not parsed"
    for _ in range(2):
        assert gaps.confidence({"app.plugins", "app.more"}) == (
            "low", ("2 of its dynamic imports not followed", elsewhere))
        assert gaps.confidence({"app.orders"}) == ("medium", (elsewhere,))
        assert gaps.confidence({"app.broken", "app.orders"}) == (
            "medium", ("1 of its files not parsed",))
        assert gaps.confidence({"app.plugins"}) == (
            "low", ("1 of its dynamic imports not followed", elsewhere))
