"""TOML text to a dict, with the schema's error type: no msgspec, so a project whose
pyproject.toml has no `[tool.strangler]` is analyzed without loading the schema."""

from __future__ import annotations

import tomllib
from typing import Any


class SettingsError(Exception):
    """The file is not valid TOML or does not fit the schema; the message says where."""


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document in `text`, or SettingsError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"not valid TOML: {exc}") from None
