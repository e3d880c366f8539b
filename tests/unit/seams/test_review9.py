"""Review of the session's seams rules: odd projects and the user's levers."""

from __future__ import annotations

from pathlib import Path

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
