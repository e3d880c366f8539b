"""bench/seams_sweep.py: the seed sweep in one process gives the CLI's proposal."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from strangler.adapters.cache import NullStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.pipeline import AnalyzeRequest, analyze

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "legacy_monolith"


def _load() -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("seams_sweep", ROOT / "bench" / "seams_sweep.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["seams_sweep"] = module
    spec.loader.exec_module(module)
    return module


sweep = _load()


@pytest.fixture(scope="module")
def found() -> Any:
    return sweep.seams_input(EXAMPLE)


def test_proposal_at_a_seed_is_the_one_analyze_makes_with_that_seed(found: Any,
                                                                  tmp_path: Path) -> None:
    config = tmp_path / "seed.toml"
    config.write_text("seed = 7\n", encoding="utf-8")
    cli = analyze(AnalyzeRequest(path=EXAMPLE, svg=False, config_path=config),
                  LocalFileSystem(), NullStore()).proposal
    mine = sweep.proposal_at(found, 7)
    assert mine.assignment == cli.assignment
    assert mine.kernel == cli.kernel
    assert mine.seams == cli.seams


def test_proposal_at_hands_the_seed_to_the_seams_stage(found: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import strangler.seams as seams

    seen: list[int] = []
    original = seams.seam_core

    def recording(index: Any, graph: Any, request: Any, commits: Any = ()) -> Any:
        seen.append(request.config.seed)
        return original(index, graph, request, commits)

    monkeypatch.setattr(seams, "seam_core", recording)
    sweep.proposal_at(found, 7)
    sweep.proposal_at(found, 3)
    assert seen == [7, 3]


def test_kernel_flips_counts_each_first_pass_seed(found: Any) -> None:
    chosen, runs = sweep.kernel_flips(found, range(4))
    assert runs == 4
    # The example's first pass does not change with the seed: its breadth kernel is chosen
    # at every seed, and it is part of the proposal's kernel.
    assert chosen and set(chosen.values()) == {4}
    kernel = {k.module for k in sweep.proposal_at(found, 42).kernel}
    assert set(chosen) <= kernel


def test_flips_line_separates_stable_and_flipping_modules() -> None:
    line = sweep.flips_line("p", Counter({"a": 4, "b": 1, "c": 3}), 4, {"a": 10, "b": 5, "c": 50})
    assert line.startswith("p: kernel at every seed 1 modules (10 lines); at some seeds only 2 "
                           "(55 lines): c 3/4 (50 lines), b 1/4 (5 lines)")
