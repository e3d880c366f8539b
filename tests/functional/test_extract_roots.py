"""A seam in a second source root (mealie's `dev/code-generation/` beside the repo root): the
client goes beside the seam, and the service finds the modules of every root its carried code
comes from; shared modules that locate files through `__file__` are the monolith's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build_tree
from typer.testing import CliRunner

from strangler.adapters.verify import boot_service
from strangler.cli.app import app

pytestmark = pytest.mark.slow
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]


def _commit(root: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "legacy"]):
        subprocess.run([*GIT, "-C", str(root), *args], check=True, capture_output=True)


def test_a_seam_in_a_second_source_root(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "mono", {
        "app/__init__.py": "",
        "app/core.py": """
            def version():
                return "1"
            """,
        # a shared module that finds a file above its package through __file__
        "app/paths.py": """
            from pathlib import Path

            ROOT = Path(__file__).resolve().parents[1]
            ALEMBIC = (ROOT / "alembic.ini").read_text()
            """,
        "alembic.ini": "[alembic]\n",
        "dev/code-gen/tool.py": """
            import importlib
            from pathlib import Path

            from app.core import version
            from app.paths import ALEMBIC

            HELPERS = importlib.import_module("helpers")  # by name: not carried
            CONFIG = (Path(__file__).resolve().parents[2] / "alembic.ini").read_text()


            def main() -> str:
                return version() + HELPERS.NAME + ALEMBIC.strip()
            """,
        "dev/code-gen/helpers.py": 'NAME = "h"\n',
        "strangler.toml": '[seams.tool]\nmodules = ["tool"]\n',
        "dev/code-gen/run.py": """
            from tool import main

            print(main())
            """,
    })
    _commit(root)
    result = CliRunner().invoke(app, ["extract", "tool", "--path", str(root), "--no-cache",
                                      "--apply", "--no-boot-check"])
    assert result.exit_code == 0, result.output
    assert "not copied (2): they find files through __file__" in result.output
    assert (root / "dev/code-gen/tool_client/__init__.py").exists()  # beside the seam
    assert "tool_client" in (root / "dev/code-gen/run.py").read_text()
    run = subprocess.run([sys.executable, "dev/code-gen/run.py"], cwd=root, text=True,
                         capture_output=True, env={"PYTHONPATH": str(root)})
    assert run.stdout.strip() == "1h[alembic]", run.stderr
    service = root / "services" / "tool"
    assert not (service / "src" / "app" / "paths.py").exists()
    assert not (service / "src" / "tool.py").exists()  # the seam's own, for the same reason
    check = boot_service(sys.executable, service, "tool_service")
    assert check.ready, check.detail
    assert '"modules":1' in check.detail and '"warnings":[]' in check.detail, check.detail
