"""With `elsewhere` (the pipeline passes `seams.parallel.in_child`), half of the files are
linked by a forked child: the index and the link memo are the same, in the same order."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from strangler.adapters.cache import NullStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse.link import link_reusing
from strangler.parse.project import ParseOptions, parse_project
from strangler.seams.parallel import in_child

# (`strangler.parse.link` is also the name of a function of `strangler.parse`)
link_module = importlib.import_module("strangler.parse.link")
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "legacy_monolith"


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="needs fork and two cores")
def test_half_linked_by_a_child_is_the_same(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    parsed = parse_project(LocalFileSystem(), str(EXAMPLE), NullStore(), ParseOptions())
    digests = dict(parsed.digests)
    index, memo, _ = link_reusing("legacy_monolith", parsed.files, parsed.problems, digests)
    monkeypatch.setattr(link_module, "SPLIT_FROM", 1)
    mark = tmp_path / "linked by"
    real = link_module._links_of

    def marked(*args: object) -> object:
        if os.getpid() != parent:
            mark.write_text(str(os.getpid()))  # a file: the child's memory is its own
        return real(*args)  # type: ignore[arg-type]

    parent = os.getpid()
    monkeypatch.setattr(link_module, "_links_of", marked)
    split_index, split_memo, _ = link_reusing("legacy_monolith", parsed.files,
                                              parsed.problems, digests, elsewhere=in_child)
    assert int(mark.read_text()) != parent
    assert split_index == index
    assert list(split_memo.files.items()) == list(memo.files.items())
    assert split_memo == memo
    assert len(index.imports) > 50 and len(index.uses) > 50


def test_reused_links_are_kept_in_module_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run reuses every file's links: nothing is sent elsewhere."""
    parsed = parse_project(LocalFileSystem(), str(EXAMPLE), NullStore(), ParseOptions())
    digests = dict(parsed.digests)
    _, memo, _ = link_reusing("legacy_monolith", parsed.files, parsed.problems, digests)
    monkeypatch.setattr(link_module, "SPLIT_FROM", 1)

    def nowhere(*args: object) -> object:
        raise AssertionError("nothing to link")

    _, again, reused = link_reusing("legacy_monolith", parsed.files, parsed.problems,
                                    digests, memo, elsewhere=nowhere)
    assert reused == len(memo.files)
    assert list(again.files) == list(memo.files)
