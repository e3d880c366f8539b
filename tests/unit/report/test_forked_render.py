"""On a big project `report.md` and `index.html` are rendered by a forked child while the
analysis renders the JSON (`pipeline._readable_reports`): the same bytes either way."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from strangler import pipeline
from strangler.adapters.cache import NullStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="needs fork and two cores")
def test_reports_rendered_in_a_child_are_the_same(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "legacy_monolith"
    shutil.copytree(EXAMPLE, root)
    here = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    assert len(here.proposal.seams) >= 2  # type: ignore[union-attr]
    monkeypatch.setattr(pipeline, "RENDER_FORK_FROM", 1)
    real = pipeline._render_readable
    mark = tmp_path / "rendered by"

    def marked(*args: object) -> tuple[bytes, bytes | None]:
        mark.write_text(str(os.getpid()))  # a file: the child's memory is its own
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_render_readable", marked)
    forked = analyze(AnalyzeRequest(path=root, svg=False), LocalFileSystem(), NullStore())
    assert int(mark.read_text()) != os.getpid()
    assert list(forked.files) == list(here.files)  # the same files, in the same order
    assert forked.files == here.files
    assert b"# " in forked.files["report.md"] and b"<html" in forked.files["index.html"]
