"""The diff store's size and cost (run by hand): the issue's case of 20 rows of 1 MiB
strings, a long run of ordinary differing rows, and the cost of one `record()`.

    python bench/diff_store.py [--compare-with REV]

`--compare-with` loads strangler/proxy/store.py as it was at a git revision (e.g. the one
before redaction and byte bounds) and runs the same cases on it.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

BIG = "x" * (1 << 20)
ORDINARY = {f"body.items.{j}.name": ("a" * 150 + str(j), "b" * 150) for j in range(50)}
TYPICAL = {**{f"body.items.{i}.price": (i, i + 1) for i in range(8)},
           "body.user.token": ("abc" * 10, "def" * 10),
           "body.note": ("hello world " * 5, "hello there " * 5)}


def _load(rev: str | None) -> ModuleType:
    if rev is None:
        from strangler.proxy import store
        return store
    source = subprocess.run(["git", "show", f"{rev}:strangler/proxy/store.py"], check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(f"store_{rev}", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    exec(compile(source, f"store.py@{rev}", "exec"), module.__dict__)  # noqa: S102
    return module


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def _fill(store: Any, rows: int, fields: Any) -> tuple[int, float]:
    peak = 0
    start = time.perf_counter()
    for index in range(rows):
        values = fields(index) if callable(fields) else fields
        if store.record("/r", "GET", "/r/1", values, {}, at=time.time()):
            store.flush()
            peak = max(peak, _size(Path(store.path)))
    store.flush()
    return max(peak, _size(Path(store.path))), (time.perf_counter() - start) / rows * 1e6


def run(module: ModuleType, label: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "a.sqlite"
        store = module.DiffStore(str(path), 100_000)
        peak, _ = _fill(store, 20, lambda i: {"body.blob": (BIG + str(i), BIG)})
        print(f"{label}: 20 rows of 1 MiB strings: peak file + journals {peak / 1e6:.2f} MB")
        store.close()
        path = Path(work) / "b.sqlite"
        store = module.DiffStore(str(path), 100_000)
        peak, _ = _fill(store, 20_000, ORDINARY)
        rows = store.db.execute("SELECT COUNT(*) FROM comparisons").fetchone()[0]
        print(f"{label}: 20,000 rows of 50 fields (150 characters): peak {peak / 1e6:.1f} MB,"
              f" {rows} rows kept")
        store.close()
        store = module.DiffStore(str(Path(work) / "c.sqlite"), 100_000)
        _, cost = _fill(store, 20_000, TYPICAL)
        print(f"{label}: record() of 10 differing fields: {cost:.1f} us (flushes included)")
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare-with", metavar="REV")
    rev = parser.parse_args().compare_with
    if rev:
        run(_load(rev), f"store.py@{rev}")
    run(_load(None), "this tree")


if __name__ == "__main__":
    main()
