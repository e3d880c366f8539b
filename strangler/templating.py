"""The jinja2 templates shipped with strangler, for the report, generate and export stages.

Loading and rendering only: nothing here writes a file. Compiled templates are kept on disk
only when the command line asks for it (`cache_compiled_templates`, under the cache folder the
user chose), so a stage that renders stays a pure function of its input.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

__all__ = ["cache_compiled_templates", "environment", "markdown_escape", "mermaid_text",
           "shipped_text", "templates_dir"]


def templates_dir() -> Path:
    """`strangler/templates` in an installed wheel, else the checkout's top-level `templates/`."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    if installed.is_dir():
        return installed
    return package.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """A jinja2 environment over the shipped templates; undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
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


def shipped_text(name: str) -> str:
    """A shipped file that is not a template (e.g. `report/report.js`), through the loader."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def cache_compiled_templates(cache: jinja2.BytecodeCache | None) -> None:
    """Keep compiled templates in `cache` (compiling costs more than rendering a small
    report); the CLI passes one under the user's cache folder, or None for `--no-cache`."""
    environment().bytecode_cache = cache


def markdown_escape(value: object) -> str:
    """Escape text from the analyzed code for a Markdown table cell."""
    text = str(value)
    for char in ("\\", "|", "`", "*", "_", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def mermaid_text(value: object) -> str:
    """Text for a Mermaid `["..."]` label: letters, digits and `_.- ` kept, the rest `_`."""
    return "".join(c if c.isalnum() or c in "_.- " else "_" for c in str(value))
