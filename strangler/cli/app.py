"""The `strangler` command's entry point: the typer app (strangler/cli/commands.py), or, for a
plain `strangler analyze` run, the analysis without typer (strangler/cli/fast.py)."""

from __future__ import annotations

import gc
import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

EXIT_INTERRUPTED = 130  # as typer's own main exits on Ctrl-C


def __getattr__(name: str) -> typer.Typer:
    """`from strangler.cli.app import app` still gives the typer app, built on first use."""
    if name == "app":
        from strangler.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    for stream in (sys.stdout, sys.stderr):
        # A file name that is not UTF-8 is printed as `\udcxx` instead of ending the run.
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")
    from strangler.cli.fast import analyze_arguments

    arguments = analyze_arguments(sys.argv[1:], os.environ)
    if arguments is None:
        from strangler.cli.commands import app

        app()
        return
    from strangler.adapters.cache import default_cache_dir
    from strangler.cli.code_cache import keep_dataclass_code

    keep_code = keep_dataclass_code(
        None if arguments["no_cache"] else arguments["cache_dir"] or default_cache_dir())
    # Importing the analyzer creates tens of thousands of objects (dataclasses, regular
    # expressions) and no garbage: the cycle collector only walked them again and again.
    gc.disable()
    try:
        from strangler.cli.analyze_run import run_analyze
    finally:
        gc.enable()
    try:
        run_analyze(**arguments)
        keep_code()  # every class the run made exists now
        sys.stdout.flush()
        sys.stderr.flush()
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # As click does: the reader went away (`| head`); exit 1 without a second error
        # when Python flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    # Done: the reports are written, the cache stored and the parser processes joined. Skip
    # the interpreter's teardown, which frees every object of the analysis one by one
    # (15 ms of a 0.4 s re-analysis of superset; mypy exits the same way).
    os._exit(0)
