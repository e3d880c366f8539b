"""The data files beside the monolith's Python modules (`logconf.json` next to the module
that opens `Path(__file__).parent / "logconf.json"`): the service carries them with the
code, because code finds them through its own `__file__`, which is in the service's copy.

Only the files directly in a package's folder; subfolders (templates, static, locale) are
the framework's, which the service finds in the monolith. Text files only, up to a size.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

MAX_BYTES = 1 << 20
_CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyd", ".so", ".pyi")


def data_files(root: Path, folders: Iterable[str]) -> dict[str, str]:
    """Relative path -> text of each data file directly in `folders` (relative to `root`):
    not code, not hidden, at most MAX_BYTES, UTF-8 text (binary files are left out)."""
    found: dict[str, str] = {}
    for folder in sorted(set(folders)):
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith(_CODE_SUFFIXES):
                continue
            try:
                if not entry.is_file() or entry.stat().st_size > MAX_BYTES:
                    continue
                with open(entry.path, "rb") as handle:
                    text = handle.read().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found[f"{folder}/{entry.name}" if folder else entry.name] = text
    return found
