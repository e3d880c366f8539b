#!/usr/bin/env python3
"""The facts behind table ownership and routes, counted per project.

Analyzes each project once (the same `pipeline.analyze` the CLI runs, no cache, no seams)
and prints, per project: files, files not parsed, tables, tables with no accessor, tables
with no writer, tables with no known columns, table accesses (reader and writer entries),
routes found, unresolved route registrations, dynamic imports not followed. `--list` also
names the tables with no accessor and with no writer (to check a sample of the misses
against the source); `--json FILE` saves everything, `--diff FILE` compares with a saved
run. Usage::

    python -P bench/facts_counts.py [--project P ...] [--held-out /work/unseen]
        [--list] [--json FILE] [--diff FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import seams_truth as truth  # noqa: E402

from strangler.adapters.cache import NullStore  # noqa: E402
from strangler.adapters.filesystem import LocalFileSystem  # noqa: E402
from strangler.pipeline import AnalyzeRequest, analyze  # noqa: E402

COLUMNS = ("files", "not_parsed", "tables", "no_accessor", "no_writer", "no_columns", "reads",
           "writes", "routes", "unresolved", "dyn_unresolved")


def project_index(root: Path) -> Any:
    """The linked `ProjectIndex` of `root` (caught on its way into the graph stage)."""
    import strangler.graph as graph

    seen: list[Any] = []
    original = graph.build_graph

    def recording(index: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(index)
        return original(index, *args, **kwargs)

    graph.build_graph = recording
    try:
        analyze(AnalyzeRequest(path=root, svg=False, seams=None), LocalFileSystem(),
                NullStore())
    finally:
        graph.build_graph = original
    return seen[0]


def counts(index: Any) -> dict[str, Any]:
    facts = index.completeness
    tables = index.tables
    return {
        "files": facts.files,
        "not_parsed": len(facts.files_not_parsed),
        "tables": len(tables),
        "no_accessor": len(facts.tables_without_accessor),
        "no_writer": sum(1 for t in tables if not t.writers),
        "no_columns": len(facts.tables_without_columns),
        "reads": sum(len(t.readers) for t in tables),
        "writes": sum(len(t.writers) for t in tables),
        "routes": len(index.routes),
        "unresolved": facts.unresolved_routes,
        "dyn_unresolved": len(facts.dynamic_imports_unresolved),
        "tables_no_accessor": sorted(facts.tables_without_accessor),
        "tables_no_writer": sorted(t.name for t in tables if not t.writers),
        "tables_no_columns": sorted(facts.tables_without_columns),
        "table_names": sorted(t.name for t in tables),
        "unresolved_first": [f"{u.module}:{u.line} {u.handler}: {u.reason}"
                             for u in index.unresolved_routes],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=truth.DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, metavar="DIR",
                        help="also the held-out projects found in DIR")
    parser.add_argument("--project", action="append")
    parser.add_argument("--list", action="store_true", help="name the tables counted")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--diff", type=Path, help="compare with a saved --json")
    args = parser.parse_args(argv)
    roots = {p: args.corpus / p for p in truth.PROJECTS}
    if args.held_out:
        roots.update({p: args.held_out / p for p in truth.held_out_in(args.held_out)})
    if args.project:
        roots = {p: r for p, r in roots.items() if p in args.project}
    old = json.loads(args.diff.read_text(encoding="utf-8")) if args.diff else {}
    print("| project | " + " | ".join(COLUMNS) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    found: dict[str, Any] = {}
    for project, root in roots.items():
        row = found[project] = counts(project_index(root))
        cells = []
        for column in COLUMNS:
            before = old.get(project, {}).get(column)
            cells.append(f"{before} → {row[column]}" if before is not None
                         and before != row[column] else str(row[column]))
        print(f"| {project} | " + " | ".join(cells) + " |", flush=True)
    if args.list:
        for project, row in found.items():
            print(f"\n{project}: no accessor: {', '.join(row['tables_no_accessor']) or '-'}")
            print(f"{project}: no writer: {', '.join(row['tables_no_writer']) or '-'}")
            for line in row["unresolved_first"]:
                print(f"{project}: unresolved {line}")
    if args.json:
        args.json.write_text(json.dumps(found, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
