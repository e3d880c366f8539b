"""Work the caller does while the parser processes parse (`parse_project(meanwhile=...)`)."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree

from strangler.adapters.cache import MemoryStore
from strangler.adapters.filesystem import LocalFileSystem
from strangler.parse import ParseOptions, parse_project
from strangler.parse import project as project_module


def _tree(tmp_path: Path, count: int) -> Path:
    return build_tree(tmp_path / "proj", {f"pkg/m{i}.py": f"import os\nX{i} = {i}\n"
                                          for i in range(count)} | {"pkg/__init__.py": ""})


def _facts(parsed: project_module.ParsedProject) -> list[tuple[str, object]]:
    return [(source.path, facts) for source, facts in parsed.files]


def test_called_once_while_parser_processes_parse(tmp_path: Path) -> None:
    root = _tree(tmp_path, project_module._PARALLEL_THRESHOLD + 10)
    calls: list[int] = []
    parsed = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=2),
                           meanwhile=lambda: calls.append(1))
    assert calls == [1]
    alone = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    assert _facts(parsed) == _facts(alone)


def test_not_called_without_parser_processes(tmp_path: Path) -> None:
    root = _tree(tmp_path, 5)
    calls: list[int] = []
    parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=2),
                  meanwhile=lambda: calls.append(1))
    parse_project(LocalFileSystem(), str(_tree(tmp_path / "b", 60)), MemoryStore(),
                  ParseOptions(jobs=1), meanwhile=lambda: calls.append(1))
    assert calls == []


def test_the_pipeline_work_changes_no_result(tmp_path: Path) -> None:
    """`pipeline._while_parsing` only does ahead of time what the stages would do: called
    twice, or before anything else, it raises nothing and the analysis is the same."""
    from strangler.adapters.cache import NullStore
    from strangler.pipeline import AnalyzeRequest, _while_parsing, analyze

    root = _tree(tmp_path, project_module._PARALLEL_THRESHOLD + 2)
    request = AnalyzeRequest(root, ParseOptions(jobs=2), svg=False)
    first = analyze(request, LocalFileSystem(), NullStore())
    _while_parsing(True)
    _while_parsing(False)
    second = analyze(request, LocalFileSystem(), NullStore())
    assert first.files == second.files


def test_batches_by_size_give_results_in_file_order(tmp_path: Path) -> None:
    """The parser processes take the batches with the most bytes first; the facts still
    come back in the order of the files, as one process gives them."""
    count = project_module._BATCH * 4 + 5
    root = build_tree(tmp_path / "proj", {
        f"pkg/m{i:03d}.py": "import os\n" + "".join(f"V{j} = os.sep\n" for j in range(i % 7 * 30))
        for i in range(count)} | {"pkg/__init__.py": ""})
    both = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=2))
    alone = parse_project(LocalFileSystem(), str(root), MemoryStore(), ParseOptions(jobs=1))
    assert both.parsed == count + 1
    assert _facts(both) == _facts(alone)
    sources = [source for source, _ in both.files]
    results = project_module._run_parse(LocalFileSystem(), str(root), sources,
                                        ParseOptions(jobs=2), None, None,
                                        [(i * 7919) % 101 for i in range(len(sources))])
    assert [facts for _, facts in results] == [facts for _, facts in both.files]
