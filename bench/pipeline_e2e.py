"""The whole pipeline on real projects, as a regression check of the proposal's consumers.

For each project (a copy under --work; the sources are never changed):
  1. `analyze` twice (an empty cache, then the filled one): analysis.json byte-identical?
     report.md size;
  2. `analyze --write-config`, then `strangler check` on the copy: exit code (0 expected);
  3. the plan's first seam: `extract SEAM` (dry run) and `extract SEAM --apply --force
     --python PY` (its import and boot checks), then `python -m compileall` on the copy.

PY is VENVS/<project>/bin/python when it exists (the project's dependencies plus fastapi,
uvicorn and a2wsgi), else the interpreter running this script (imports of the project's
own dependencies then fail before and after alike, and are not blamed on the change).

    python bench/pipeline_e2e.py /work/corpus/* /work/unseen/* --work /tmp/e2e \
        [--venvs NAME=DIR ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


# The set-up each project's own docs ask for before it starts (as bench/extract_real.py).
ENV = {"apache-superset": {"SUPERSET_SECRET_KEY": "strangler-bench-not-a-secret-0123456789ab"}}


def _prepare(name: str, copy: Path, python: str) -> None:
    if name == "flaskbb":
        (copy / "logs").mkdir(exist_ok=True)
    elif name == "lnbits":
        (copy / "data").mkdir(exist_ok=True)
    elif name == "wger":
        (copy / "db").mkdir(exist_ok=True)
        subprocess.run([python, "-m", "wger", "create-settings", "--settings-path",
                        str(copy / "settings.py"), "--database-path",
                        str(copy / "db" / "database.sqlite")], cwd=copy, check=False,
                       capture_output=True, timeout=300,  # it runs `invoke` from the venv
                       env={**os.environ, "PATH": f"{Path(python).parent}:{os.environ['PATH']}"})


def _run(args: list[str], timeout: float = 1800, env: dict[str, str] | None = None
         ) -> tuple[int, str, float]:
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, **(env or {})})
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def _not_compiling(root: Path) -> set[str]:
    """Files py_compile rejects (the projects that use Python 3.12 syntax have some before
    any change; only new ones count)."""
    done = subprocess.run([sys.executable, "-m", "compileall", "-q", "-f", str(root)],
                          capture_output=True, text=True, check=False)
    return set(re.findall(r"Error compiling '([^']+)'", done.stdout))


def one(strangler: list[str], source: Path, work: Path, python: str) -> dict[str, Any]:
    """Every step on one project; a failing step is recorded and the next ones still run."""
    name = source.name
    copy, cache = work / name, work / f"{name}.cache"
    for path in (copy, cache, work / f"{name}.a", work / f"{name}.b", work / f"{name}.c"):
        shutil.rmtree(path, ignore_errors=True)
    shutil.copytree(source, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    row: dict[str, Any] = {"project": name, "python": python}
    outs = []
    for tag in ("a", "b"):
        out = work / f"{name}.{tag}"
        rc, text, secs = _run([*strangler, "analyze", str(copy), "--out", str(out), "--no-svg",
                               "--quiet", "--cache-dir", str(cache)])
        row[f"analyze_{tag}"] = {"rc": rc, "s": round(secs, 1), "tail": text[-400:] if rc else ""}
        outs.append(out)
    a, b = (o / "analysis.json" for o in outs)
    row["identical"] = a.exists() and b.exists() and a.read_bytes() == b.read_bytes()
    row["report_md"] = (outs[0] / "report.md").stat().st_size if a.exists() else None
    plan = json.loads(a.read_text())["plan"] if a.exists() else []
    row["first"] = plan[0]["seam"] if plan else None
    rc, text, _ = _run([*strangler, "analyze", str(copy), "--out", str(work / f"{name}.c"),
                        "--no-svg", "--quiet", "--cache-dir", str(cache), "--write-config"])
    row["write_config"] = {"rc": rc, "tail": text[-400:] if rc else ""}
    rc, text, secs = _run([*strangler, "check", str(copy), "--cache-dir", str(cache)])
    row["check"] = {"rc": rc, "s": round(secs, 1), "tail": text[-600:]}
    if row["first"]:
        seam = str(row["first"])
        rc, text, _ = _run([*strangler, "extract", seam, "--path", str(copy), "--cache-dir",
                            str(cache)])
        row["extract_dry"] = {"rc": rc, "tail": text[-600:]}
        if python != sys.executable:
            _prepare(name, copy, python)  # after the analysis: not part of what it reads
        broken = _not_compiling(copy)
        boot = [] if python != sys.executable else ["--no-boot-check"]  # no dependencies
        rc, text, secs = _run([*strangler, "extract", seam, "--path", str(copy), "--cache-dir",
                               str(cache), "--apply", "--force", "--python", python, *boot],
                              env=ENV.get(name))
        row["extract_apply"] = {"rc": rc, "s": round(secs, 1), "boot": not boot,
                                "tail": text[-1500:]}
        row["booted"] = "boot check: started" in text
        # A service's copy of a monolith file that did not compile before is not new.
        row["new_compile_errors"] = sorted(
            path for path in _not_compiling(copy) - broken
            if not any(path.endswith("/" + old.removeprefix(f"{copy}/")) for old in broken))
        row["files_before_3_12_syntax"] = len(broken)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--venvs", nargs="*", default=[], help="NAME=VENV_DIR")
    parser.add_argument("--strangler", default=str(Path(sys.executable).parent / "strangler"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    venvs = dict(item.split("=", 1) for item in args.venvs)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for project in args.projects:
        venv = venvs.get(project.name)
        python = f"{venv}/bin/python" if venv else sys.executable
        row = one([args.strangler], project.resolve(), args.work.resolve(), python)
        rows.append(row)
        print(json.dumps(row, indent=1), flush=True)
    print("| project | analysis.json identical | report.md bytes | check exit | first seam "
          "| extract dry / apply exit | service booted | new files not compiling |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        apply = r.get("extract_apply", {})
        booted = ("yes" if r.get("booted") else "no") if apply.get("boot") else "not tried"
        print(f"| {r['project']} | {'yes' if r['identical'] else 'NO'} | {r['report_md']} "
              f"| {r['check']['rc']} | {r['first']} | {r.get('extract_dry', {}).get('rc')} / "
              f"{apply.get('rc')} | {booted} | {len(r.get('new_compile_errors', []))} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
