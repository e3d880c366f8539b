"""Compiled jinja2 templates kept in the user's cache folder, for `strangler.templating`."""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2


class _BestEffortCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be written is a slower run, never a failed one."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(cache_dir: Path) -> jinja2.BytecodeCache | None:
    """`<cache_dir>/templates`, created if needed; None when it cannot be."""
    folder = Path(cache_dir) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BestEffortCache(str(folder))
