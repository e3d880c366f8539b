"""`strangler analyze` without typer, for the command lines a CI job or editor hook repeats.

A re-analysis after a one-line edit takes a few tenths of a second, and importing typer and
building every command's click parser cost about a tenth of that (docs/benchmarks.md). So
`strangler analyze` with only the options below, each written out in full (`--out X`,
`--out=X`, `-o X`, `-q`, `-j N`), is read here. Anything else (`--help`, an unknown or
misspelled option, a bad value, a missing path, shell completion) returns None and goes to
the typer app, which answers or refuses it as it always did. The values are what typer
passes `analyze_command` (tests/unit/test_cli_fast.py compares both on every option).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from strangler.cli.formats import TextOrJson

# analyze_command's defaults (strangler/cli/analyze.py)
DEFAULTS: dict[str, Any] = {
    "out": Path("strangler-report"), "exclude": None, "include_tests": False,
    "include_migrations": False, "output_format": TextOrJson.text, "cache_dir": None,
    "no_cache": False, "jobs": 0, "max_file_size": 2.0, "no_svg": False, "quiet": False,
    "services": 0, "move": None, "without": None, "keep_examples": False, "no_seams": False,
    "write_config": False, "timings": False, "config": None,
}
FLAGS = {"--include-tests": "include_tests", "--include-migrations": "include_migrations",
         "--no-cache": "no_cache", "--no-svg": "no_svg", "--quiet": "quiet", "-q": "quiet",
         "--keep-examples": "keep_examples", "--no-seams": "no_seams",
         "--write-config": "write_config", "--timings": "timings"}
# option -> (parameter, conversion, repeatable)
VALUES: dict[str, tuple[str, Callable[[str], Any], bool]] = {
    "--out": ("out", Path, False), "-o": ("out", Path, False),
    "--cache-dir": ("cache_dir", Path, False), "--config": ("config", Path, False),
    "--exclude": ("exclude", str, True), "--move": ("move", str, True),
    "--without": ("without", str, True), "--format": ("output_format", TextOrJson, False),
    "--jobs": ("jobs", int, False), "-j": ("jobs", int, False),
    "--services": ("services", int, False), "--max-file-size": ("max_file_size", float, False),
}


def analyze_arguments(argv: list[str], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """run_analyze's keyword arguments for `argv` (without the program name), or None when
    the typer app must read it."""
    if argv[:1] != ["analyze"] or any(key.endswith("_COMPLETE") for key in environ):
        return None
    found: dict[str, Any] = {}
    paths: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        if not token.startswith("-"):
            paths.append(token)
            continue
        option, equals, value = token.partition("=")
        if option in FLAGS and not equals:
            found[FLAGS[option]] = True
            continue
        if option not in VALUES or (equals and not option.startswith("--")):
            return None
        if not equals:
            value = next(tokens, "")
        if not value or value.startswith("-"):
            return None
        name, convert, repeatable = VALUES[option]
        try:
            converted = convert(value)
        except ValueError:
            return None
        if repeatable:
            found.setdefault(name, []).append(converted)
        else:
            found[name] = converted
    if len(paths) != 1:
        return None
    return {"path": Path(paths[0]), **DEFAULTS, **found}
