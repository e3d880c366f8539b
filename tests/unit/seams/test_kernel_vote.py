"""Issue 10 (seed spread): the kernel is what most of a few first passes choose, at the
configured seed and seeds derived from it, so a module near a breadth bar does not flip in
and out of the kernel with the seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import build_tree, graph_of

from strangler.model import KernelModule


def test_derived_seeds_start_with_the_configured_one_and_are_stable() -> None:
    from strangler.seams.kernel_vote import PASSES, derived_seeds

    seeds = derived_seeds(42)
    assert seeds[0] == 42 and len(seeds) == PASSES == len(set(seeds))
    assert derived_seeds(42) == seeds
    assert derived_seeds(7)[1:] != seeds[1:]


def test_a_module_most_passes_choose_is_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    import strangler.seams.kernel_vote as vote
    from strangler.seams.config import SeamConfig

    seeds = vote.derived_seeds(42)
    # (by pass: which modules are kernel, which late, which enclosed)
    chosen = {seeds[0]: ({"app.utils", "app.only_here"}, set(), {"app.x"}),
              seeds[1]: ({"app.utils", "app.most"}, {"app.later"}, {"app.x"}),
              seeds[2]: ({"app.utils", "app.most"}, {"app.later"}, {"app.x"}),
              seeds[3]: ({"app.utils", "app.most"}, {"app.later"}, set()),
              seeds[4]: ({"app.utils"}, set(), set())}

    def one_pass(*args: Any) -> Any:
        seed = args[-1]
        kernel, late, enclosed = chosen[seed]
        return ({"app.a": str(seed)},
                [KernelModule(m, f"kernel at {seed}") for m in sorted(kernel)],
                [KernelModule(m, f"late at {seed}") for m in sorted(late)], sorted(enclosed))

    monkeypatch.setattr(vote, "_one_pass", one_pass)
    first, kernel, late, enclosed = vote.voted_kernel(
        None, None, SeamConfig(), [], [], [], [])  # type: ignore[arg-type]
    assert first == {"app.a": "42"}  # the configured seed's grouping for the later rules
    assert [k.module for k in kernel] == ["app.utils", "app.most"]
    assert kernel[0].reason == "kernel at 42"  # the configured seed's reason first
    assert [k.module for k in late] == ["app.later"]
    assert enclosed == {"app.x"}


def test_one_pass_gives_its_own_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    import strangler.seams.kernel_vote as vote
    from strangler.seams.config import SeamConfig

    def one_pass(*args: Any) -> Any:
        return {}, [KernelModule("app.rare", "kernel")], [], []

    monkeypatch.setattr(vote, "_one_pass", one_pass)
    _, kernel, _, _ = vote.voted_kernel(None, None, SeamConfig(), [], [], [], [],  # type: ignore[arg-type]
                                        passes=1)
    assert [k.module for k in kernel] == ["app.rare"]


def test_seam_core_keeps_a_helper_every_domain_uses_at_every_seed(tmp_path: Path) -> None:
    """A utility that four domains use is kernel whatever the seed."""
    from dataclasses import replace

    from strangler.seams import SeamRequest, seam_core

    files = {"app/__init__.py": "", "app/textutil.py": "def clean(s):\n    return s.strip()\n"}
    for domain in ("orders", "people", "stock", "billing"):
        files[f"app/{domain}/__init__.py"] = ""
        files[f"app/{domain}/models.py"] = (
            f"class {domain.title()}:\n    __tablename__ = '{domain}'\n")
        files[f"app/{domain}/views.py"] = (
            f"from app.{domain}.models import {domain.title()}\n"
            f"from app.textutil import clean\n"
            f"def show():\n    return clean({domain.title()}.__name__)\n")
    index, graph = graph_of(build_tree(tmp_path / "proj", files))
    request = SeamRequest()
    kernels = set()
    for seed in (42, 1, 2, 3):
        core = seam_core(index, graph, replace(request, config=replace(request.config,
                                                                       seed=seed)))
        kernels.add(frozenset(k.module for k in core.kernel))
    assert len(kernels) == 1 and "app.textutil" in next(iter(kernels))
