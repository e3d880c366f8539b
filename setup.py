"""Ships the top-level templates/ folder inside the wheel as strangler/templates.

Everything else is in pyproject.toml. templates/ stays beside the code, where a checkout and
an editable install read it (strangler/templating.py looks in both places). Declaring it as a
package mapped to another folder (`package-dir`) would make setuptools warn on every build and
install editable checkouts through a meta path finder, with a warning of its own; copying the
files here keeps `pip install .` and `make setup` silent (decisions.md, "First contact").
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"
SHIPPED = (".jinja", ".js", ".css")  # and LICENSE* files of vendored libraries


def template_files() -> list[Path]:
    """The files of templates/ that go into the wheel, relative to it, in a fixed order."""
    return sorted(
        path.relative_to(TEMPLATES) for path in TEMPLATES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        and (path.name.endswith(SHIPPED) or path.name.startswith("LICENSE"))
    )


class BuildPyWithTemplates(build_py):
    """build_py, then templates/ copied to strangler/templates in the build folder."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads templates/ in the checkout
            return
        target = Path(self.build_lib, "strangler", "templates")
        for relative in template_files():
            destination = target / relative
            self.mkpath(str(destination.parent))
            self.copy_file(str(TEMPLATES / relative), str(destination))


setup(cmdclass={"build_py": BuildPyWithTemplates})
