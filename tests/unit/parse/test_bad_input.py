"""Bad input costs one file, never the run: each case is reported as one problem and the
good sibling modules of the same package are still analyzed.

Newer syntax than the running interpreter must parse with no problem, with true line numbers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import build_tree, imports_of, index_of, problems_by_path
from typer.testing import CliRunner, Result

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.cli.app import app
from strangler.model import Problem, ProjectIndex, SourceFile
from strangler.parse import DiscoveryOptions, ParseOptions, link, parse_project
from strangler.parse.project import facts_for_bytes

TESTS_DIR = Path(__file__).resolve().parents[2]

# A small package whose good modules must survive any bad sibling: pkg.a imports pkg.b and
# calls b.helper() on line 2.
GOOD: dict[str, str | bytes] = {
    "pkg/__init__.py": "",
    "pkg/a.py": """
        from pkg import b
        b.helper()
    """,
    "pkg/b.py": """
        def helper():
            return 1


        class Base:
            pass
    """,
    "pkg/c.py": """
        def other():
            return 2
    """,
}


def _project(tmp_path: Path, extra: dict[str, str | bytes]) -> Path:
    return build_tree(tmp_path / "proj", {**GOOD, **extra})


def _uses(index: ProjectIndex, source: str) -> dict[tuple[str, str, str], tuple[int, ...]]:
    """(target, symbol, kind) -> lines, for the uses made by `source`."""
    return {(u.target, u.name, u.kind): u.lines for u in index.uses if u.source == source}


def _assert_good_siblings_analyzed(index: ProjectIndex) -> None:
    assert ("pkg.b", None, ()) in imports_of(index, "pkg.a")
    assert _uses(index, "pkg.a")[("pkg.b", "helper", "call")] == (2,)
    names = {module.name for module in index.modules}
    assert {"pkg", "pkg.a", "pkg.b", "pkg.c"} <= names


def _only_problem(index: ProjectIndex, path: str) -> str:
    """The single problem message of the project, which must be about `path`."""
    found = problems_by_path(index)
    assert list(found) == [path], found
    assert len(found[path]) == 1, found[path]
    return found[path][0]


def _problem_of(index: ProjectIndex, path: str) -> Problem:
    [problem] = [p for p in index.problems if p.path == path]
    return problem


# --------------------------------------------------------------------------- broken files


def test_syntax_error_is_one_problem(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bad.py": "x = 1\ndef broken(:\n    pass\n"})
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    assert message.startswith("syntax error")
    assert _problem_of(index, "pkg/bad.py").line == 2
    assert _problem_of(index, "pkg/bad.py").severity == "error"
    _assert_good_siblings_analyzed(index)


def test_python2_code_is_reported_as_python2(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bad.py": 'import os\nprint "x"\n'})
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    assert "syntax error" in message
    assert "Python 2" in message
    assert _problem_of(index, "pkg/bad.py").line == 2
    _assert_good_siblings_analyzed(index)


def test_undecodable_bytes_on_first_line_are_reported_as_not_utf8(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bad.py": b"\xff\xfe bad"})
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    # No coding line: the file is not UTF-8, and the reason must say so.
    assert "utf-8" in message.lower(), message
    _assert_good_siblings_analyzed(index)


def test_undecodable_bytes_on_a_later_line_are_reported_as_not_utf8(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bad.py": b"x = 1\ny = 2\nz = '\xff'\n"})
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    assert "cannot decode as utf-8" in message.lower()
    assert _problem_of(index, "pkg/bad.py").line == 3
    _assert_good_siblings_analyzed(index)


def test_pep263_latin1_file_parses_and_its_imports_are_found(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\nfrom pkg import b\ns = 'caf\xe9 \xfc\xf1'\nb.helper()\n"
    root = _project(tmp_path, {"pkg/latin.py": source.encode("latin-1")})
    index = index_of(root)
    assert index.problems == ()
    assert ("pkg.b", None, ()) in imports_of(index, "pkg.latin")
    assert [i.line for i in index.imports if i.source == "pkg.latin"] == [2]
    assert _uses(index, "pkg.latin")[("pkg.b", "helper", "call")] == (4,)
    _assert_good_siblings_analyzed(index)


def test_utf8_bom_file_parses_and_its_imports_are_found(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bom.py": b"\xef\xbb\xbffrom pkg import b\nb.helper()\n"})
    index = index_of(root)
    assert index.problems == ()
    assert [(i.target, i.line) for i in index.imports if i.source == "pkg.bom"] == [("pkg.b", 1)]
    assert _uses(index, "pkg.bom")[("pkg.b", "helper", "call")] == (2,)
    _assert_good_siblings_analyzed(index)


def test_nul_bytes_are_reported_as_binary(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/bad.py": b"x = 1\n\x00\x00\x01\x02binary\n"})
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    assert "NUL" in message
    assert _problem_of(index, "pkg/bad.py").line == 2
    _assert_good_siblings_analyzed(index)


def _generated_module(size: int) -> bytes:
    """`from pkg import b` then long literal assignments, at least `size` bytes."""
    head = b"from pkg import b\n"
    line = b'S%d = "' + b"x" * 990 + b'"\n'
    count = (size - len(head)) // 1000 + 1
    return head + b"".join(line % i for i in range(count)) + b"b.helper()\n"


def test_huge_generated_module_is_skipped_with_the_size_limit(tmp_path: Path) -> None:
    data = _generated_module(5_000_000)
    assert len(data) > 5_000_000
    root = _project(tmp_path, {"pkg/generated.py": data})
    index = index_of(root)
    message = _only_problem(index, "pkg/generated.py")
    assert "limit" in message
    assert "2.0 MB" in message
    assert "--max-file-size" in message
    assert _problem_of(index, "pkg/generated.py").severity == "warning"
    assert imports_of(index, "pkg.generated") == []
    _assert_good_siblings_analyzed(index)


def test_huge_generated_module_is_analyzed_under_a_raised_limit(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/generated.py": _generated_module(5_000_000)})
    options = ParseOptions(discovery=DiscoveryOptions(), max_file_bytes=10_000_000, jobs=1)
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), options)
    index = link(root.name, parsed.files, parsed.problems)
    assert index.problems == ()
    assert [(i.target, i.line) for i in index.imports if i.source == "pkg.generated"] == [
        ("pkg.b", 1)
    ]
    [module] = [m for m in index.modules if m.name == "pkg.generated"]
    assert module.lines > 5000
    _assert_good_siblings_analyzed(index)


def test_deeply_nested_parentheses_are_one_problem(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/deep.py": "x = " + "(" * 300 + "1" + ")" * 300 + "\n"})
    index = index_of(root)
    message = _only_problem(index, "pkg/deep.py")
    assert "nested" in message
    _assert_good_siblings_analyzed(index)


_CHILD = """
import json, sys
from pathlib import Path
from helpers import index_of
index = index_of(Path(sys.argv[1]))
print(json.dumps({
    "problems": [[p.path, p.message] for p in index.problems],
    "imports": [[i.source, i.target, i.line] for i in index.imports],
}))
"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x = " + "[" * 5000 + "]" * 5000 + "\n", id="list"),
        pytest.param("x = " + "f(" * 5000 + ")" * 5000 + "\n", id="call"),
    ],
)
def test_extremely_deep_nesting_is_one_problem_and_does_not_crash(
    tmp_path: Path, text: str
) -> None:
    # Run in a child process: a crash of the parser (stack overflow in native code) would
    # otherwise take the whole test session down instead of failing this test.
    root = _project(tmp_path, {"pkg/deep.py": text})
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root)],
        cwd=TESTS_DIR, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(TESTS_DIR)},
    )
    assert child.returncode == 0, f"analysis crashed (exit {child.returncode}): {child.stderr}"
    result = json.loads(child.stdout)
    assert [path for path, _ in result["problems"]] == ["pkg/deep.py"]
    assert "nested" in result["problems"][0][1]
    assert ["pkg.a", "pkg.b", 1] in result["imports"]


def test_empty_init_gives_no_problem(tmp_path: Path) -> None:
    root = _project(tmp_path, {"pkg/sub/__init__.py": ""})
    index = index_of(root)
    assert index.problems == ()
    assert "pkg.sub" in {m.name for m in index.modules}
    _assert_good_siblings_analyzed(index)


@pytest.mark.parametrize("text", ["", "\n\n   \n"], ids=["empty", "blank-lines"])
def test_empty_module_is_at_most_info(tmp_path: Path, text: str) -> None:
    root = _project(tmp_path, {"pkg/empty.py": text})
    index = index_of(root)
    found = problems_by_path(index)
    assert set(found) <= {"pkg/empty.py"}
    assert all(p.severity == "info" for p in index.problems)
    assert len(index.problems) <= 1
    assert "pkg.empty" in {m.name for m in index.modules}
    _assert_good_siblings_analyzed(index)


def test_dangling_symlink_is_reported_unreadable(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    os.symlink("missing.py", root / "pkg" / "bad.py")
    index = index_of(root)
    message = _only_problem(index, "pkg/bad.py")
    assert "unreadable" in message
    assert "No such file" in message
    _assert_good_siblings_analyzed(index)


@pytest.mark.parametrize("target", [".", ".."], ids=["to-own-folder", "to-parent"])
def test_directory_symlink_loop_terminates_and_is_reported(tmp_path: Path, target: str) -> None:
    root = _project(tmp_path, {})
    os.symlink(target, root / "pkg" / "loop", target_is_directory=True)
    index = index_of(root)
    message = _only_problem(index, "pkg/loop")
    assert "symlink loop" in message
    assert _problem_of(index, "pkg/loop").severity in ("warning", "error")
    assert not any("loop" in m.name for m in index.modules)
    _assert_good_siblings_analyzed(index)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("name: service\nitems:\n  - a: 1\n  - b: 2\n", id="yaml"),
        pytest.param("# Title\n\nSome *markdown* text, with a [link](http://x).\n", id="markdown"),
    ],
)
def test_py_file_that_is_not_python_is_one_problem(tmp_path: Path, text: str) -> None:
    root = _project(tmp_path, {"pkg/notes.py": text})
    index = index_of(root)
    message = _only_problem(index, "pkg/notes.py")
    assert message.startswith("syntax error")
    _assert_good_siblings_analyzed(index)


# --------------------------------------------------------------------------- newer syntax


def _new_syntax_index(tmp_path: Path, name: str, text: str) -> ProjectIndex:
    root = _project(tmp_path, {f"pkg/{name}.py": text})
    index = index_of(root)
    assert index.problems == ()
    _assert_good_siblings_analyzed(index)
    return index


def _import_lines(index: ProjectIndex, source: str) -> dict[str, int]:
    return {i.target: i.line for i in index.imports if i.source == source}


def test_pep695_generics_and_type_alias_parse_with_true_lines(tmp_path: Path) -> None:
    text = textwrap.dedent("""
        from pkg import b

        class Box[T](b.Base):
            item: T

        def first[T](xs: list[T]) -> T:
            return xs[0]

        type Alias = list[int]

        from pkg import c
        c.other()
        b.helper()
    """).lstrip("\n")
    index = _new_syntax_index(tmp_path, "generic", text)
    assert _import_lines(index, "pkg.generic") == {"pkg.b": 1, "pkg.c": 11}
    uses = _uses(index, "pkg.generic")
    assert uses[("pkg.b", "Base", "base")] == (3,)
    assert uses[("pkg.c", "other", "call")] == (12,)
    assert uses[("pkg.b", "helper", "call")] == (13,)
    source = SourceFile("pkg/generic.py", "pkg.generic", False, "")
    assert {"Box", "first", "Alias"} <= set(facts_for_bytes(text.encode(), source, 10**7).defined)


def test_pep701_fstrings_parse_with_true_lines(tmp_path: Path) -> None:
    text = textwrap.dedent('''
        from pkg import b
        d = {"k": 1}
        s = f"{d["k"]} and {b.helper()}"
        m = f"""
        {d["k"]!r}
        """
        from pkg import c
        c.other()
    ''').lstrip("\n")
    index = _new_syntax_index(tmp_path, "fstrings", text)
    assert _import_lines(index, "pkg.fstrings") == {"pkg.b": 1, "pkg.c": 7}
    uses = _uses(index, "pkg.fstrings")
    assert uses[("pkg.b", "helper", "call")] == (3,)  # used inside the f-string
    assert uses[("pkg.c", "other", "call")] == (8,)


def test_pep758_except_without_parentheses_parses_with_true_lines(tmp_path: Path) -> None:
    text = textwrap.dedent("""
        from pkg import b
        try:
            b.helper()
        except ValueError, TypeError:
            pass
        from pkg import c
        c.other()
    """).lstrip("\n")
    index = _new_syntax_index(tmp_path, "excepts", text)
    assert _import_lines(index, "pkg.excepts") == {"pkg.b": 1, "pkg.c": 6}
    uses = _uses(index, "pkg.excepts")
    assert uses[("pkg.b", "helper", "call")] == (3,)
    assert uses[("pkg.c", "other", "call")] == (7,)


def test_tstrings_parse_with_true_lines(tmp_path: Path) -> None:
    text = textwrap.dedent('''
        from pkg import b
        name = "x"
        greeting = t"hi {name} {b.helper()}"
        block = t"""
        {name}
        """
        from pkg import c
        c.other()
    ''').lstrip("\n")
    index = _new_syntax_index(tmp_path, "tstrings", text)
    assert _import_lines(index, "pkg.tstrings") == {"pkg.b": 1, "pkg.c": 7}
    uses = _uses(index, "pkg.tstrings")
    assert uses[("pkg.b", "helper", "call")] == (3,)  # used inside the t-string
    assert uses[("pkg.c", "other", "call")] == (8,)


def test_new_syntax_beside_concatenated_fstrings_parses_with_true_lines(tmp_path: Path
                                                                       ) -> None:
    # `type` forces the libcst path; an f-string joined to a plain string ("a" f"{x}")
    # and a chain of three over lines (real code: error messages) must lower too
    text = textwrap.dedent("""
        from pkg import b
        type Ids = list[int]
        message = "id: " f"{b.helper()}"
        detail = (
            "first "
            f"{b.helper()} "
            "last"
        )
        from pkg import c
        c.other()
    """).lstrip("\n")
    index = _new_syntax_index(tmp_path, "joined", text)
    assert _import_lines(index, "pkg.joined") == {"pkg.b": 1, "pkg.c": 9}
    uses = _uses(index, "pkg.joined")
    assert uses[("pkg.b", "helper", "call")] == (3, 6)
    assert uses[("pkg.c", "other", "call")] == (10,)
    assert not index.problems


@pytest.mark.parametrize("prefix", ["f", "t"])
def test_use_inside_multiline_new_string_keeps_its_line(tmp_path: Path, prefix: str) -> None:
    # Line 2 forces the libcst path on interpreters older than the syntax; the use
    # of b.helper() on line 4 sits inside a multi-line string opened on line 3.
    text = (
        'from pkg import b\n'
        f'x = {prefix}"{{ {{"k": 1}}["k"] }}"\n'
        f'm = {prefix}"""\n'
        '{b.helper()}\n'
        '"""\n'
        'from pkg import c\n'
        'c.other()\n'
    )
    index = _new_syntax_index(tmp_path, "multi", text)
    assert _import_lines(index, "pkg.multi") == {"pkg.b": 1, "pkg.c": 6}
    uses = _uses(index, "pkg.multi")
    assert uses[("pkg.c", "other", "call")] == (7,)
    assert uses[("pkg.b", "helper", "call")] == (4,)


# --------------------------------------------------------------------------- CLI


def _cli(path: Path, tmp_path: Path) -> Result:
    return CliRunner().invoke(
        app, ["analyze", str(path), "--out", str(tmp_path / "out"), "--no-cache"]
    )


def test_cli_missing_path_exits_2_with_message(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = _cli(missing, tmp_path)
    assert result.exit_code == 2
    assert "path not found" in result.stderr
    assert str(missing) in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_folder_without_python_exits_2_with_message(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "docs", {"README.md": "# hi\n", "data/x.txt": "y\n"})
    result = _cli(root, tmp_path)
    assert result.exit_code == 2
    assert "no Python files" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_folder_of_only_broken_files_exits_0_and_reports_them(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "broken", {
        "pkg/__init__.py": b"\x00\x00",
        "pkg/a.py": "def broken(:\n",
        "pkg/b.py": 'print "x"\n',
    })
    result = _cli(root, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "3 problems" in result.stdout
    document = json.loads((tmp_path / "out" / "analysis.json").read_text())
    assert sorted(p["path"] for p in document["problems"]) == [
        "pkg/__init__.py", "pkg/a.py", "pkg/b.py"
    ]
