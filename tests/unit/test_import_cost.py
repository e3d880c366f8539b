"""What a re-analysis imports and builds before it starts: every module and dataclass counts
(a one-line edit on superset takes about a third of a second, docs/benchmarks.md)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import subprocess
import sys

import pytest

# Modules of the `analyze` path whose dataclasses must carry a docstring: without one,
# @dataclass computes `inspect.signature` of the class on import, to make one up.
DOCUMENTED = ("strangler.model", "strangler.graph", "strangler.pipeline",
              "strangler.adapters.filesystem", "strangler.parse.project",
              "strangler.parse.discovery", "strangler.parse.source")


@pytest.mark.parametrize("name", DOCUMENTED)
def test_dataclasses_have_their_own_docstring(name: str) -> None:
    module = importlib.import_module(name)
    made_up = [cls.__name__ for cls in vars(module).values()
               if isinstance(cls, type) and dataclasses.is_dataclass(cls)
               and cls.__module__ == name
               and cls.__doc__ == cls.__name__ + str(inspect.signature(cls)).replace(
                   " -> None", "")]
    assert made_up == []


def test_analyze_path_leaves_out_what_an_edit_does_not_need() -> None:
    """git's process module (outside a repository), the summary's shell quoting, the ini
    parser (for a setup.cfg) and the TOML parser (the metadata is read once per content) are
    imported where they are used."""
    code = ("import sys\n"
            "import strangler.cli.analyze_run, strangler.pipeline, strangler.adapters.git\n"
            "import strangler.adapters.entry_points, strangler.adapters.metadata_cache\n"
            "print(sorted({'subprocess', 'shlex', 'configparser', 'tomllib'}"
            " & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
