"""docs/config.md's key reference, generated from the schema.

`python -m strangler.settings.reference docs/config.md` rewrites the part between the
markers; tests/unit/settings/test_reference.py fails when the file and the schema differ.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import msgspec

from strangler.settings.load import bare_type, describe, is_table, union_members
from strangler.settings.schema import Document

BEGIN = "<!-- reference: generated from strangler/settings/schema.py, do not edit by hand -->"
END = "<!-- end of the generated reference -->"


def render() -> str:
    """The reference: one Markdown table per TOML table, in the schema's order."""
    lines: list[str] = []
    _section(Document, "Top-level keys (seam proposal)", "", "", lines, 2)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(table: Any, title: str, intro: str, path: str, lines: list[str],
             level: int) -> None:
    lines += [f"{'#' * level} {title}", ""]
    if intro:
        lines += [intro, ""]
    fields = msgspec.structs.fields(table)
    rows = [f for f in fields if _nested(f.type) is None]
    if rows:
        lines += ["| key | type | default | meaning |", "| --- | --- | --- | --- |"]
        lines += [f"| `{f.encode_name}` | {_type(f.type)} | {_default(f)} | "
                  f"{_description(f.type)} |" for f in rows]
        lines.append("")
    for f in fields:
        nested = _nested(f.type)
        if nested is None:
            continue
        kind, inner = nested
        name = f"{path}.{f.encode_name}" if path else f.encode_name
        heading = {"table": f"`[{name}]`", "array": f"`[[{name}]]`",
                   "named": f"`[{name}.NAME]`"}[kind]
        _section(inner, heading, _description(f.type), name, lines,
                 level + 1 if path else level)  # the file's own tables are peers of the top


def _nested(annotation: Any) -> tuple[str, Any] | None:
    """How a key holds a table: ("table", T), ("array", T) for [[key]], ("named", T) for
    [key.NAME]; None for a plain value."""
    bare = bare_type(annotation)
    if is_table(bare):
        return "table", bare
    args = get_args(bare)
    if get_origin(bare) is list and args and is_table(bare_type(args[0])):
        return "array", bare_type(args[0])
    if get_origin(bare) is dict:
        tables = [a for a in union_members(args[1]) if is_table(a)]
        if tables:
            return "named", tables[0]
    return None


def _type(annotation: Any) -> str:
    if get_origin(bare_type(annotation)) is dict:
        return "table of NAME = " + _type(get_args(bare_type(annotation))[1])
    text = re.sub(r"(^|, | or |\()an? ", r"\1", describe(annotation))
    return text.replace(" of at least ", " ≥ ").replace(" from ", ", ")


def _description(annotation: Any) -> str:
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            if getattr(meta, "description", None):
                return str(meta.description).replace("|", "\\|")
    return ""


def _default(info: msgspec.structs.FieldInfo) -> str:
    if info.required:
        return "required"
    value = info.default_factory() if info.default is msgspec.NODEFAULT else info.default
    return "unset" if value is None else f"`{_toml(value)}`"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, int):
        return f"{value:_}" if value >= 100_000 else str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    return repr(value)


def updated(text: str) -> str:
    """`text` (docs/config.md) with the part between the markers replaced by `render()`."""
    before, begin, rest = text.partition(BEGIN)
    _, end, after = rest.partition(END)
    if not begin or not end:
        raise ValueError("the reference markers are missing")
    return f"{before}{BEGIN}\n\n{render()}\n{END}{after}"


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/config.md")
    target.write_text(updated(target.read_text(encoding="utf-8")), encoding="utf-8")
