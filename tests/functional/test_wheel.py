"""The built wheel (not the editable install) carries the templates and renders them."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_ships_templates_and_renders_them(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path / "dist"), str(REPO)], check=True,
                   timeout=300, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("strangler-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "strangler/templates/report/report.md.jinja" in names
    # Every module (strangler.plan was once left out) and every shipped template.
    modules = {str(p.relative_to(REPO)) for p in (REPO / "strangler").rglob("*.py")
               if "__pycache__" not in p.parts}
    templates = {"strangler/" + str(p.relative_to(REPO)) for p in (REPO / "templates").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
    assert modules - names == set() and templates - names == set()
    dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert f"{dist_info}/licenses/LICENSE" in names
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    # -S: no site processing, so the editable install's .pth finder is not active; the
    # dependencies come from this environment's site-packages, strangler from the wheel.
    site_packages = sysconfig.get_paths()["purelib"]
    script = (
        "import strangler, strangler.templating as t;"
        "print(strangler.__file__);"
        "print(t.environment().get_template('report/report.md.jinja').filename);"
        "from strangler.report.vendor import inline_scripts;"
        "print(sum(len(s) for s in inline_scripts()))"  # the vendored graph libraries load
    )
    result = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True,
                            text=True, check=True, timeout=60, cwd=tmp_path,
                            env={"PYTHONPATH": f"{target}:{site_packages}"})
    module_file, template_file, vendored = result.stdout.split()
    assert int(vendored) > 400_000
    assert module_file.startswith(str(target))
    assert template_file.startswith(str(target / "strangler" / "templates"))
