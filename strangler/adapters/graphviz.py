"""Render DOT to SVG with Graphviz's `dot`, when it is installed."""

from __future__ import annotations

import shutil
import subprocess


class GraphvizUnavailable(Exception):
    """`dot` is not installed, failed, or took too long; the message says which."""


def render_svg(dot_text: str, timeout: float = 120.0) -> bytes:
    """SVG bytes for `dot_text`; raises GraphvizUnavailable with the reason."""
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizUnavailable(
            "Graphviz is not installed (no `dot` on PATH): graph.svg not written; "
            "install it (apt-get install graphviz) or open graph.dot in any Graphviz viewer")
    try:
        source = dot_text.encode("utf-8", "backslashreplace")
        result = subprocess.run([executable, "-Tsvg"], input=source,
                                capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise GraphvizUnavailable(f"Graphviz took over {timeout:.0f}s: graph.svg not written"
                                  ) from exc
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise GraphvizUnavailable(
            f"Graphviz failed: {message[-1] if message else result.returncode}")
    return result.stdout
