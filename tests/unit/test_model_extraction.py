"""The extraction plan's types are created on first use: `strangler analyze` never needs
them, and strangler.model still gives every one of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import strangler.model as model
from strangler import model_extraction

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"


def test_an_analyze_run_never_imports_the_extraction_types(tmp_path: Path) -> None:
    script = ("import sys; sys.modules['strangler.model_extraction'] = None\n"  # would fail
              "from strangler.cli.app import main; main()")
    run = subprocess.run(
        [sys.executable, "-c", script, "analyze", str(EXAMPLE), "--out", str(tmp_path / "out"),
         "--cache-dir", str(tmp_path / "cache"), "--no-svg", "--quiet"],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "analysis.json").stat().st_size > 0


@pytest.mark.parametrize("name", sorted(model.EXTRACTION_TYPES))
def test_strangler_model_gives_each_extraction_type(name: str) -> None:
    assert getattr(model, name) is getattr(model_extraction, name)
    namespace: dict[str, object] = {}
    exec(f"from strangler.model import {name}", namespace)
    assert namespace[name] is getattr(model_extraction, name)


def test_other_missing_names_are_still_missing() -> None:
    with pytest.raises(AttributeError, match="no attribute 'ExtractionPlans'"):
        model.ExtractionPlans  # noqa: B018
    assert not hasattr(model, "Nope")


def test_every_public_type_of_the_extraction_module_is_given() -> None:
    public = {name for name, value in vars(model_extraction).items()
              if not name.startswith("_") and getattr(value, "__module__", None)
              == model_extraction.__name__}
    assert public <= model.EXTRACTION_TYPES
