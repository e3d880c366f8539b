"""The compiled code of the methods `@dataclass` writes, kept between runs of `analyze`.

Python 3.11 and 3.12 make each method of a dataclass (`__init__`, `__repr__`, `__eq__`,
`__hash__`, and a frozen one's `__setattr__` and `__delattr__`) by writing its source and
running `exec` on it: about 400 parses on every start of `analyze`, a tenth of a one-line
edit's re-analysis of superset (docs/benchmarks.md). Here `dataclasses` is given an `exec`
that compiles each source once and keeps the code object in the cache folder, under
Python's bytecode magic number; the next run only unmarshals it.

The code object is the one `exec` would compile from the same text (same file name `<string>`,
no inherited compiler flags), so every class is made exactly as before. Nothing else is
touched: the replacement `exec` lives in the `dataclasses` module's own namespace, and does
what the built-in does for anything but a source string.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

# Code objects are specific to the bytecode version and the optimization level (-O).
FILE = f"dataclass-code-{MAGIC_NUMBER.hex()}-o{sys.flags.optimize}.marshal"
# The file is checked (`adapters.checked`): marshal trusts its input, and a damaged code
# object that still unmarshals breaks every class made from it (or crashes the interpreter),
# on every run, until the cache folder is deleted.


class _Cache:
    def __init__(self, known: dict[str, CodeType], home: dict[str, Any]) -> None:
        self.known = known
        self.used: dict[str, CodeType] = {}  # what this run made: what the next one keeps
        self.added = False
        self.home = home  # the caller's globals, which the built-in falls back to

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:  # noqa: A002
        if globals is None:
            globals = self.home  # noqa: A001
        if isinstance(source, str):
            code = self.known.get(source)
            if code is None:
                # As the built-in compiles a string: `<string>`, and no flags of this module
                # (its `from __future__ import annotations` would change the annotations).
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.known[source] = code
                self.added = True
            self.used[source] = code
            source = code
        builtins.exec(source, globals, locals)


def _load(path: Path) -> dict[str, CodeType]:
    try:
        data = path.read_bytes()
    except OSError:  # missing or unreadable
        return {}
    from strangler.adapters.checked import payload_of

    payload = payload_of(data)
    if payload is None:  # truncated, damaged, or of an older format
        return {}
    try:
        known = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - a foreign file: behave as if empty
        return {}
    if not isinstance(known, dict) or not all(
            isinstance(k, str) and isinstance(v, CodeType) for k, v in known.items()):
        return {}
    return known


def keep_dataclass_code(folder: Path | None) -> Callable[[], None]:
    """Let `dataclasses` reuse the code kept in `folder` (None: compile as usual and keep
    nothing). Returns the function that stores what this run compiled, to be called once
    every dataclass the run needs exists."""
    import dataclasses

    if folder is None or sys.implementation.name != "cpython" or not hasattr(
            dataclasses, "_create_fn"):  # 3.13 makes all methods of a class in one exec
        return lambda: None
    path = folder / FILE
    cache = _Cache(_load(path), vars(dataclasses))
    dataclasses.exec = cache.exec  # type: ignore[attr-defined]

    def save() -> None:
        if not cache.added:
            return
        from strangler.adapters.atomic import replace_file
        from strangler.adapters.checked import header

        try:
            payload = marshal.dumps(cache.used)  # code no longer made (an upgrade) is dropped
            data = header(payload) + payload
            os.makedirs(folder, exist_ok=True)
            replace_file(str(path), lambda handle: handle.write(data))
        except (OSError, ValueError):  # a read-only or full cache disk only costs speed
            return
        cache.added = False

    return save
