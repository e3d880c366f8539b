#!/usr/bin/env python3
"""Do the seams of `strangler analyze` and the plans of `strangler extract` agree on routes?

For each project, this script runs ``strangler analyze PROJECT`` (into a temporary report and
cache folder; the project is only read), then for every proposed seam ``strangler extract SEAM
--path PROJECT --format json`` (a dry run, with the same cache, so the analysis' seams are the
ones planned), and compares the routes the seam lists in analysis.json (``seams[].routes``)
with the routes the plan serves (``plan.routes`` plus ``plan.graphql_operations``). A route is
compared by kind, methods, path, handler, file and line. Usage::

    python -P bench/route_agreement.py [--corpus /work/corpus] [--project wger ...]
        [--held-out /work/unseen --project saleor --seam account] [--show] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path("/work/corpus")
PROJECTS = ("flaskbb", "lnbits", "wger", "ckan", "apache-superset")
HELD_OUT = ("netbox", "CTFd", "redash", "dispatch", "saleor")

RouteKey = tuple[str, tuple[str, ...], str, str, str, int]


@dataclass
class SeamCheck:
    seam: str
    listed: int  # routes the seam lists in analysis.json
    planned: int  # routes `extract` plans (HTTP routes and GraphQL operations)
    only_listed: list[str] = field(default_factory=list)
    only_planned: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class ProjectCheck:
    project: str
    seams: list[SeamCheck]
    seconds: float

    @property
    def disagreeing(self) -> list[SeamCheck]:
        return [s for s in self.seams if s.only_listed or s.only_planned or s.error]


def _key(route: dict[str, Any]) -> RouteKey:
    return (route.get("kind", "http"), tuple(route["methods"]), route["path"], route["handler"],
            route["file"], int(route["line"]))


def _label(key: RouteKey) -> str:
    kind, methods, path, handler, file, line = key
    return f"{','.join(methods)} {path} -> {handler} ({file}:{line})"


def check_project(root: Path, command: list[str], only: list[str] | None) -> ProjectCheck:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="route-agreement-") as tmp:
        out, cache = Path(tmp) / "report", Path(tmp) / "cache"
        subprocess.run([*command, "analyze", str(root), "--out", str(out), "--cache-dir",
                        str(cache), "--no-svg", "--quiet"], check=True)
        analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
        checks: list[SeamCheck] = []
        for seam in analysis.get("seams", []):
            if only and seam["name"] not in only:
                continue
            listed = {_key(r) for r in seam["routes"]}
            done = subprocess.run(
                [*command, "extract", seam["name"], "--path", str(root), "--format", "json",
                 "--cache-dir", str(cache)], capture_output=True, text=True)
            if done.returncode != 0:
                checks.append(SeamCheck(seam["name"], len(listed), 0,
                                        error=(done.stderr.strip() or "exit "
                                               f"{done.returncode}").splitlines()[-1]))
                continue
            plan = json.loads(done.stdout)["plan"]
            planned = {_key(r) for r in (*plan["routes"], *plan["graphql_operations"])}
            checks.append(SeamCheck(seam["name"], len(listed), len(planned),
                                    sorted(_label(k) for k in listed - planned),
                                    sorted(_label(k) for k in planned - listed)))
    return ProjectCheck(root.name, checks, round(time.perf_counter() - started, 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--held-out", type=Path, metavar="DIR",
                        help="check the held-out projects in DIR instead of the corpus")
    parser.add_argument("--project", action="append", choices=PROJECTS + HELD_OUT)
    parser.add_argument("--seam", action="append", help="only these seams (repeatable)")
    parser.add_argument("--strangler", default=f"{shlex.quote(sys.executable)} -m strangler",
                        help="the command that runs strangler")
    parser.add_argument("--show", action="store_true", help="list the routes that disagree")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    base, names = (args.held_out, HELD_OUT) if args.held_out else (args.corpus, PROJECTS)
    projects = [p for p in names if not args.project or p in args.project]
    command = shlex.split(args.strangler)
    results = []
    print("| project | seams | seams that disagree | routes in seams | routes in plans "
          "| only in seam | only in plan | time |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in projects:
        if not (base / name).is_dir():
            print(f"{name}: not found under {base}", file=sys.stderr)
            continue
        result = check_project(base / name, command, args.seam)
        results.append(result)
        print(f"| {name} | {len(result.seams)} | {len(result.disagreeing)} "
              f"| {sum(s.listed for s in result.seams)} | {sum(s.planned for s in result.seams)} "
              f"| {sum(len(s.only_listed) for s in result.seams)} "
              f"| {sum(len(s.only_planned) for s in result.seams)} | {result.seconds} s |",
              flush=True)
    if args.show:
        for result in results:
            for seam in result.disagreeing:
                print(f"\n{result.project} / {seam.seam}: {seam.listed} listed, "
                      f"{seam.planned} planned{'; ' + seam.error if seam.error else ''}")
                for label in seam.only_listed[:10]:
                    print(f"  only in the seam: {label}")
                for label in seam.only_planned[:10]:
                    print(f"  only in the plan: {label}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n",
                             encoding="utf-8")
    return 1 if any(r.disagreeing for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
