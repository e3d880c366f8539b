"""The `--format` choices, as enums so `--help` lists them and typer refuses others (exit 2).

StrEnum members are strings: `output_format == "json"` reads as before.
"""

from __future__ import annotations

from enum import StrEnum


class TextOrJson(StrEnum):
    """`analyze`, `extract` and `diff`."""

    text = "text"
    json = "json"


class CheckFormat(StrEnum):
    """`check`: sarif for code-scanning UIs (GitHub, GitLab)."""

    text = "text"
    json = "json"
    sarif = "sarif"
