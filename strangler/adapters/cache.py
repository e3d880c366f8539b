"""Where per-file facts and finished analyses are kept between runs.

The default location is `$STRANGLER_CACHE_DIR`, else `$XDG_CACHE_HOME/strangler`, else
`~/.cache/strangler`; one folder per analyzed root (named by a hash of its absolute path),
so nothing is ever written inside the user's project. Entries are pickles behind a checksum:
the cache folder is trusted like any other file the user owns, and a damaged, truncated or
foreign entry is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from strangler.adapters.atomic import replace_file
from strangler.adapters.checked import header, payload_of
from strangler.adapters.forked import fork_child, wait_child


def _source_stats(root: Path, hasher: Any) -> None:
    """Feed (path, size, mtime) of the .py/.jinja/.js files under `root` to `hasher`."""
    if root.is_file():
        stat = root.stat()
        hasher.update(f"{root.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".jinja", ".js")):
                stat = os.stat(os.path.join(folder, name))
                hasher.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())


@lru_cache(maxsize=8)
def code_fingerprint(*parts: str) -> str:
    """A hash of strangler's own files (name, size, mtime) under `parts` of the package, so a
    cached result never outlives the code that made it (an upgrade, or a developer's edit)."""
    package = Path(__file__).resolve().parent.parent
    hasher = hashlib.sha1()
    for root in [package.joinpath(*part.split("/")) for part in parts] or [package]:
        _source_stats(root, hasher)
    templates = package.parent / "templates"
    if not parts and templates.is_dir():  # a source checkout keeps templates beside the code
        _source_stats(templates, hasher)
    return hasher.hexdigest()[:12]


def default_cache_dir() -> Path:
    """The documented default cache folder."""
    explicit = os.environ.get("STRANGLER_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "strangler"


class Store(Protocol):
    """A small key-value store of pickled objects."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> None: ...


class NullStore:
    """`--no-cache`: remembers nothing."""

    def get(self, key: str) -> Any | None:
        return None

    def put(self, key: str, value: Any) -> None:
        return None


class MemoryStore:
    """A store kept in memory, for tests."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def get(self, key: str) -> Any | None:
        data = self.items.get(key)
        return pickle.loads(data) if data is not None else None

    def put(self, key: str, value: Any) -> None:
        self.items[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class DiskStore:
    """Pickles in `<cache_dir>/<hash of root>/`, written atomically (temp file + rename)."""

    def __init__(self, cache_dir: Path, root: str) -> None:
        digest = hashlib.sha1(os.fsencode(os.path.abspath(root))).hexdigest()[:16]
        self.folder = Path(cache_dir) / digest
        self._collected: list[tuple[str, Any]] | None = None
        self._writers: list[tuple[int, frozenset[str]]] = []  # (pid, keys it writes)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        self.settle(key)
        try:
            with open(self._path(key), "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        body = payload_of(raw)  # a damaged entry can unpickle into another value
        if body is None:
            return None
        try:
            return pickle.loads(body)
        except Exception:  # a foreign file: behave as if empty
            return None

    def put(self, key: str, value: Any) -> None:
        if self._collected is not None:
            self._collected.append((key, value))
            return
        self.settle(key)
        self._write(key, value)

    def _write(self, key: str, value: Any) -> None:
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self.folder.mkdir(parents=True, exist_ok=True)
            replace_file(str(self._path(key)),
                         lambda handle: handle.writelines((header(data), data)))
        except OSError:
            return None  # a read-only or full cache disk only costs speed

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """The puts inside the block are written after it, in their order, by one forked
        child while the caller goes on (`settle` waits for it; a `get` or `put` of one
        of its keys does too). Pickling a big project's facts and links is a tenth of the
        analyzer's own time after the parse, on a core that is idle then."""
        if self._collected is not None:  # nested: the outer block writes them
            yield
            return
        collected: list[tuple[str, Any]] = []
        self._collected = collected
        try:
            yield
        finally:
            self._collected = None
            self._write_later(collected)

    def _write_later(self, items: list[tuple[str, Any]]) -> None:
        if not items:
            return
        keys = frozenset(key for key, _ in items)
        for key in keys:
            self.settle(key)
        pid = fork_child()
        if pid is None:
            for key, value in items:
                self._write(key, value)
            return
        if pid == 0:  # the child: write, and leave without the parent's clean-up
            code = 1
            try:
                for key, value in items:
                    self._write(key, value)
                code = 0
            finally:
                os._exit(code)
        self._writers.append((pid, keys))

    def settle(self, key: str | None = None) -> None:
        """Wait for the children writing `key` (None: all of them). A child that failed
        left its entries as they were (each write is atomic): that only costs speed."""
        if not self._writers:
            return
        waiting = [(pid, keys) for pid, keys in self._writers if key is None or key in keys]
        if not waiting:
            return
        self._writers = [w for w in self._writers if w not in waiting]
        for pid, _ in waiting:
            wait_child(pid)


# From this many files' facts or links written at once, a child writes them: below it, as
# after an edit, forking the analysis costs more than pickling a small delta.
DEFER_FROM = 1000


def deferred(store: Store, files: int) -> contextlib.AbstractContextManager[None]:
    """`DiskStore.deferred` for a store that has it, when the block writes the entries of
    `files` files or more (`DEFER_FROM`); else a block that changes nothing."""
    later = getattr(store, "deferred", None)
    return later() if later is not None and files >= DEFER_FROM else contextlib.nullcontext()


def settle(store: Store) -> None:
    """Wait until every write `deferred` started is done (a store without them: nothing)."""
    wait = getattr(store, "settle", None)
    if wait is not None:
        wait()
