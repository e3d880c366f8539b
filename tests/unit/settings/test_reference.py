"""docs/config.md documents exactly the schema's keys, with their defaults."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec

from strangler.settings.reference import BEGIN, END, _nested, render, updated
from strangler.settings.schema import Document

DOC = Path(__file__).resolve().parents[3] / "docs" / "config.md"


def _schema_keys(table: Any, path: str) -> set[str]:
    """Every key a user can write, as `section key` (walked independently of render())."""
    keys = set()
    for info in msgspec.structs.fields(table):
        nested = _nested(info.type)
        if nested is None:
            keys.add(f"{path} {info.encode_name}")
        else:
            keys |= _schema_keys(nested[1], f"{path}.{info.encode_name}".lstrip("."))
    return keys


def _documented_keys(text: str) -> set[str]:
    keys, section = set(), ""
    for line in text.splitlines():
        heading = re.match(r"#+ `\[\[?([\w.]+?)(?:\.NAME)?\]\]?`", line)
        if heading:
            section = heading.group(1)
        row = re.match(r"\| `(\w+)` \|", line)
        if row:
            keys.add(f"{section} {row.group(1)}")
    return keys


def test_config_md_is_the_generated_reference() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text == updated(text), (
        "docs/config.md is out of date: python -m strangler.settings.reference docs/config.md")


def test_every_schema_key_is_documented_and_nothing_else() -> None:
    reference = DOC.read_text(encoding="utf-8").partition(BEGIN)[2].partition(END)[0]
    expected = _schema_keys(Document, "")
    assert len(expected) > 50  # the walk saw the whole schema
    assert _documented_keys(reference) == expected
    assert "| `shadow_inflight` | integer ≥ 0 | `2` |" in render()
    assert '| `mode` | one of "legacy", "shadow", "canary", "new" | `"shadow"` |' in render()
