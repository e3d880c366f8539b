"""A project with no strangler configuration gets the schema's defaults without msgspec."""

from __future__ import annotations

import subprocess
import sys

import pytest

from strangler.seams.config import ConfigError, SeamConfig, config_from_document, parse_config
from strangler.settings.load import load_document

PYPROJECT = '[project]\nname = "shop"\n\n[tool.ruff]\nline-length = 100\n'


def test_the_defaults_are_what_the_schema_gives_an_empty_table() -> None:
    checked = config_from_document(load_document({}, "tool.strangler"))
    assert checked == SeamConfig()
    assert repr(checked) == repr(SeamConfig())


@pytest.mark.parametrize(("text", "in_pyproject"), [
    (PYPROJECT, True), (PYPROJECT + "[tool.strangler]\n", True), ("", False), ("# none\n", False),
])
def test_no_configuration_gives_the_defaults(text: str, in_pyproject: bool) -> None:
    assert parse_config(text, "f.toml", in_pyproject) == SeamConfig()


def test_a_configuration_is_still_checked_against_the_schema() -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_config(PYPROJECT + "[tool\n", "pyproject.toml", True)
    with pytest.raises(ConfigError, match="min_sise"):
        parse_config(PYPROJECT + "[tool.strangler]\nmin_sise = 3\n", "pyproject.toml", True)
    assert parse_config("min_size = 7\n", "strangler.toml", False).min_size == 7


def test_a_pyproject_without_the_table_loads_no_msgspec() -> None:
    script = ("import sys; from strangler.seams.config import parse_config; "
              f"parse_config({PYPROJECT!r}, 'pyproject.toml', True); "
              "print('msgspec' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "False"
