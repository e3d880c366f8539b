"""The project's metadata files read once per content: its entry points (pyproject.toml,
setup.cfg, setup.py) and its seam configuration (strangler.toml or pyproject.toml).

Reading them parsed TOML twice, an ini file and setup.py's syntax tree on every run (4 to 7
ms of a one-line edit's re-analysis of superset). The result is kept in the cache under a
digest of the files' bytes and of the code that reads them, so a reused value is the one
the readers would return; a configuration error is never kept (it is raised on every run).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from strangler.adapters.cache import Store, code_fingerprint
from strangler.adapters.config import load_config
from strangler.adapters.entry_points import read_entry_points
from strangler.model import EntryPoint
from strangler.seams.config import SeamConfig

T = TypeVar("T")
ENTRY_POINT_FILES = ("pyproject.toml", "setup.cfg", "setup.py")
# The readers' code: a change to any of them makes every kept value stale.
READERS = ("adapters/entry_points.py", "adapters/config.py", "adapters/metadata_cache.py",
           "seams/config.py", "settings")


def _files_key(paths: list[Path]) -> str:
    """A digest of the readers' code, the paths (a reader may name them in what it returns)
    and each file's bytes."""
    hasher = hashlib.sha1()  # a cache key, as code_fingerprint's
    hasher.update(f"{code_fingerprint(*READERS)}\0{[str(p) for p in paths]!r}\0".encode(
        "utf-8", "surrogateescape"))
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:  # missing, a folder, unreadable: the readers skip it too
            hasher.update(b"-\0")
            continue
        hasher.update(f"{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def _reusing(store: Store, name: str, paths: list[Path], compute: Callable[[], T],
             valid: Callable[[Any], bool]) -> T:
    key = _files_key(paths)
    kept = store.get(name)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key and valid(kept[1]):
        value: T = kept[1]
        return value
    value = compute()
    # The readers open the files again: a file saved in between would pair the old bytes'
    # key with the new content, which a later return to the old bytes would reuse.
    if _files_key(paths) == key:
        store.put(name, (key, value))
    return value


def entry_points_reusing(root: Path, store: Store) -> tuple[EntryPoint, ...]:
    """`read_entry_points(root)`, kept under the bytes of the files it reads."""
    return _reusing(store, "entry-points", [root / name for name in ENTRY_POINT_FILES],
                    lambda: read_entry_points(root),
                    lambda value: isinstance(value, tuple)
                    and all(isinstance(e, EntryPoint) for e in value))


def config_reusing(root: Path, explicit: Path | None, store: Store) -> tuple[SeamConfig, str]:
    """`load_config(root, explicit)`, kept under the bytes of the files it may read."""
    candidates = [explicit] if explicit else [root / "strangler.toml", root / "pyproject.toml"]
    return _reusing(store, "seam-config", candidates, lambda: load_config(root, explicit),
                    lambda value: isinstance(value, tuple) and len(value) == 2
                    and isinstance(value[0], SeamConfig) and isinstance(value[1], str))
