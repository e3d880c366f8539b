"""Build a synthetic monolith: K renamed copies of one corpus app that share one schema.

    python bench/synth_monolith.py --copies 8 --out /tmp/synth8            # lnbits x 8
    python bench/synth_monolith.py --app apache-superset --package superset --copies 4 --out DIR

Each copy `<package>_cNN` is the app's package with its own absolute imports rewritten to the
copy (`from lnbits.db import Database` -> `from lnbits_c03.db import Database`); SQL strings,
model `__tablename__`s and everything else stay as they are, so every copy reads and writes
the same tables: one database, K times the code. The corpus is only read, never changed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules", "static", "*.min.js")


def import_pattern(package: str) -> re.Pattern[str]:
    """`package` as the first name of an import statement's module (`from pkg.x import`,
    `import pkg.x as y`, `import a, pkg`)."""
    name = re.escape(package)
    return re.compile(rf"^(\s*(?:from|import)\s+(?:[\w.]+\s*,\s*)*){name}(?=[.\s,]|$)",
                      re.MULTILINE)


def rewrite(text: str, pattern: re.Pattern[str], new: str) -> str:
    return pattern.sub(lambda match: match.group(1) + new, text)


def build(source: Path, package: str, copies: int, out: Path) -> list[str]:
    """Write `copies` renamed copies of `source` under `out`; return their package names."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pattern = import_pattern(package)
    names = []
    for copy in range(copies):
        name = f"{package}_c{copy:02d}"
        target = out / name
        shutil.copytree(source, target, ignore=SKIP)
        for path in sorted([*target.rglob("*.py"), *target.rglob("*.pyi")]):
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            changed = rewrite(text, pattern, name)
            if changed != text:
                path.write_text(changed, encoding="utf-8")
        names.append(name)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--app", default="lnbits", help="project folder in the corpus")
    parser.add_argument("--package", default=None, help="its package (default: --app)")
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    package = args.package or args.app
    source = args.corpus / args.app / package
    if not (source / "__init__.py").is_file():
        print(f"not a package: {source}", file=sys.stderr)
        return 2
    if args.out.resolve().is_relative_to(args.corpus.resolve()):
        print("--out must be outside the corpus (the corpus is read-only)", file=sys.stderr)
        return 2
    names = build(source, package, args.copies, args.out)
    print(f"{len(names)} copies of {package} in {args.out}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
