"""A small, deterministic YAML writer for configuration trees (pure).

Only what an Envoy bootstrap needs: mappings (in insertion order), lists, strings, numbers,
booleans. Every string is written as a JSON string (a valid YAML double-quoted scalar, so no
value can change the document's structure), multi-line ones as literal blocks.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _key(name: str) -> str:
    return name if _PLAIN_KEY.fullmatch(name) else json.dumps(name)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _block(text: str, indent: str) -> list[str]:
    """A literal block (`|-`): the lines as they are, indented under their key."""
    return ["|-" if not text.endswith("\n") else "|", *(
        f"{indent}{line}" if line else "" for line in text.rstrip("\n").split("\n"))]


def _lines(value: Any, indent: str) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for name, item in value.items():
            out.extend(_entry(f"{indent}{_key(name)}:", item, indent))
    elif isinstance(value, list):
        for item in value:
            nested = _lines(item, indent + "  ") if isinstance(item, dict | list) and item \
                else None
            if nested:
                out.append(f"{indent}- {nested[0].lstrip()}")
                out.extend(nested[1:])
            else:
                out.extend(_entry(f"{indent}-", item, indent))
    return out


def _entry(head: str, item: Any, indent: str) -> list[str]:
    if isinstance(item, dict | list):
        if not item:
            return [f"{head} {'{}' if isinstance(item, dict) else '[]'}"]
        return [head, *_lines(item, indent + "  ")]
    if isinstance(item, str) and "\n" in item:
        first, *rest = _block(item, indent + "  ")
        return [f"{head} {first}", *rest]
    return [f"{head} {_scalar(item)}"]


def dump(tree: dict[str, Any]) -> str:
    """`tree` as YAML text, one key per line, in the order the mappings hold them."""
    return "\n".join(_lines(tree, "")) + "\n"
