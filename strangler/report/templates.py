"""Load the jinja2 templates shipped with strangler (inside the wheel, or beside the source)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


def templates_dir() -> Path:
    """`strangler/templates` in an installed wheel, else the checkout's top-level `templates/`."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """A jinja2 environment over the shipped templates; undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["md"] = markdown_escape
    env.filters["mermaid"] = mermaid_text
    env.filters["py"] = repr  # a Python literal (None, True, dicts) in generated code
    return env


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the cache folder: compiling costs more than rendering."""
    from strangler.adapters.cache import default_cache_dir

    folder = default_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def markdown_escape(value: object) -> str:
    """Escape text from the analyzed code for a Markdown table cell."""
    text = str(value)
    for char in ("\\", "|", "`", "*", "_", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def mermaid_text(value: object) -> str:
    """Text for a Mermaid `["..."]` label: letters, digits and `_.- ` kept, the rest `_`."""
    return "".join(c if c.isalnum() or c in "_.- " else "_" for c in str(value))
