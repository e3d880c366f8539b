#!/usr/bin/env python3
"""CPU time of the fact extraction alone (the one `ast` walk, `extract_facts`) over every
`.py` file of a folder: what a new collector or hook costs, without parsing, linking or
clustering in the figure (run by hand, not a test).

Files are read and parsed once; the extraction is timed ``--runs`` times with
``time.process_time`` and the min and median are printed. To compare two versions of the code,
run it once per tree, alternating, with that tree first on ``PYTHONPATH``::

    PYTHONPATH=/tmp/old .venv/bin/python -P bench/facts_cost.py /work/corpus/apache-superset
    PYTHONPATH=.        .venv/bin/python -P bench/facts_cost.py /work/corpus/apache-superset
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
from pathlib import Path

from strangler.parse.facts import extract_facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    trees = []
    for path in sorted(args.root.rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
            trees.append((ast.parse(text), path.stem, text))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
    times = []
    for _ in range(args.runs):
        start = time.process_time()
        for tree, name, text in trees:
            extract_facts(tree, name, False, text)
        times.append(time.process_time() - start)
    print(f"{len(trees)} files: min {min(times):.3f} s, median {statistics.median(times):.3f} s "
          f"over {args.runs} runs")


if __name__ == "__main__":
    main()
