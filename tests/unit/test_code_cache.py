"""The dataclass methods' code kept between runs (strangler/cli/code_cache.py): classes are
made exactly as without it, the second run compiles nothing, and a bad file costs nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from strangler.cli.code_cache import FILE

# Made in a fresh interpreter; prints what each class's methods are made of and how it
# behaves, and whether anything was compiled.
PROBE = r'''
import json, sys
from pathlib import Path
folder = None if sys.argv[1] == "-" else Path(sys.argv[1])
from strangler.cli.code_cache import keep_dataclass_code
save = keep_dataclass_code(folder)
import builtins, dataclasses
compiled = []
real_compile = builtins.compile
def counting(source, *args, **kwargs):
    compiled.append(source)
    return real_compile(source, *args, **kwargs)
builtins.compile = counting
from dataclasses import dataclass, field, FrozenInstanceError

@dataclass(frozen=True)
class Point:
    x: int
    y: "tuple[int, ...]" = field(default_factory=tuple)
    label: str = "p"

@dataclass(order=True, slots=True)
class Row:
    key: str
    n: int = 0

builtins.compile = real_compile
save()
p = Point(1, (2,), "a")
try:
    p.x = 3
    frozen = False
except FrozenInstanceError:
    frozen = True
def shape(function):
    code = function.__code__
    return [code.co_code.hex(), repr(code.co_consts), code.co_names, code.co_varnames,
            code.co_filename, repr(function.__annotations__), repr(function.__defaults__)]
print(json.dumps({
    "compiled": len(compiled),
    "methods": {f"{cls.__name__}.{name}": shape(getattr(cls, name))
                for cls in (Point, Row) for name in ("__init__", "__repr__", "__eq__")
                if hasattr(getattr(cls, name), "__code__")},
    "behaviour": [repr(p), p == Point(1, (2,), "a"), hash(p) == hash(Point(1, (2,), "a")),
                  frozen, Row("a") < Row("b"), repr(Row("k", 2))],
}))
'''


def _probe(folder: Path | None) -> dict:  # type: ignore[type-arg]
    out = subprocess.run([sys.executable, "-c", PROBE, str(folder) if folder else "-"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def test_kept_code_makes_the_same_classes_and_is_not_compiled_again(tmp_path: Path) -> None:
    without = _probe(None)
    first = _probe(tmp_path)
    assert (tmp_path / FILE).is_file()
    second = _probe(tmp_path)
    assert first["compiled"] > 0 and second["compiled"] == 0
    for run in (first, second):
        assert run["methods"] == without["methods"]
        assert run["behaviour"] == without["behaviour"]
    assert without["behaviour"][3] is True  # frozen


@pytest.mark.parametrize("content", [b"", b"not marshal", b"\xe3\x00\x00"])
def test_a_bad_file_is_compiled_over(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FILE).write_bytes(content)
    run = _probe(tmp_path)
    assert run["compiled"] > 0 and run["methods"] == _probe(None)["methods"]
    assert _probe(tmp_path)["compiled"] == 0  # rewritten


def test_analyze_keeps_it_in_the_cache_folder_only(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "legacy_monolith"
    outputs = []
    for n, extra in enumerate((["--no-cache"], ["--cache-dir", str(tmp_path / "cache")],
                               ["--cache-dir", str(tmp_path / "cache")])):
        out = tmp_path / f"out{n}"
        subprocess.run([sys.executable, "-m", "strangler", "analyze", str(example), "--out",
                        str(out), "--no-svg", "--quiet", *extra], check=True,
                       env={"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"})
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert not (tmp_path / "home").exists()  # --no-cache wrote no cache anywhere
    assert (tmp_path / "cache" / FILE).is_file()
    assert outputs[0] == outputs[1] == outputs[2]


def test_an_unwritable_folder_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    run = _probe(blocked / "cache")  # cannot be created: nothing kept, no error
    assert run["methods"] == _probe(None)["methods"]
    assert _probe(blocked / "cache")["compiled"] > 0


def test_a_damaged_code_object_is_compiled_over(tmp_path: Path) -> None:
    """A file that still unmarshals but holds damaged code (a flipped byte on disk): without
    a check, every class made from it broke (TypeError from `__create_fn__`, or a crash of
    the interpreter) on every run until the cache folder was deleted."""
    without = _probe(None)
    _probe(tmp_path)
    data = (tmp_path / FILE).read_bytes()
    name = b"_dflt_label"  # a parameter name of Point's __init__ maker, last in its code
    at = data.rfind(name)
    assert at > 0
    (tmp_path / FILE).write_bytes(data[:at] + b"_dflt_lbbel" + data[at + len(name):])
    run = _probe(tmp_path)
    assert run["compiled"] > 0
    assert run["methods"] == without["methods"] and run["behaviour"] == without["behaviour"]
    assert _probe(tmp_path)["compiled"] == 0  # rewritten
