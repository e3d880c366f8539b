#!/usr/bin/env python3
"""Score `strangler analyze`'s seam proposal against hand-written reference decompositions.

For each practice project with a reference in ``bench/truth/<project>.toml`` this script runs
``strangler analyze PROJECT --out TMP --no-cache --no-svg --quiet`` (the corpus is only read) and
reports, for the proposal and for the two baselines (import-Louvain and packages, computed by
strangler's own baseline functions over the same modules):

- **ARI**: adjusted Rand index against the reference over all modules of the analysis (minus the
  reference's ``ignore`` globs). The kernel is one label; roots, unassigned modules and the
  reference's ``singletons`` are each a group of their own, so a big kernel cannot game it.
- **kernel**: the proposal's kernel as a share of code lines (baselines have no kernel).
- **names**: the share of seams named after their majority reference domain (by code lines): a
  word of the seam's name is one of the domain's names, singular or plural.
- **whole**: for layered projects, the share of domains with two or more layers present whose
  layers' majority seam (by code lines) is one and the same seam, not the kernel, and a seam
  whose majority domain is this one (a seam that swallows several domains keeps one whole).

The references are written by reading each project's code and docs, never from strangler's
output; ``--check`` only validates them (every module covered, no glob without a match, no
ambiguous match). Usage::

    python bench/seams_truth.py [--corpus /work/corpus] [--project wger ...] [--json FILE]
        [--strangler "strangler"] [--check] [--show-misses] [--confusion]
    python bench/seams_truth.py --held-out /work/unseen   # the held-out projects
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "truth"
DEFAULT_CORPUS = Path("/work/corpus")
PROJECTS = ("flaskbb", "lnbits", "wger", "ckan", "apache-superset")
# Held-out projects (references in truth/held_out/): never tuned on, only checked, to see
# whether a change generalises beyond the practice corpus. Fetched by hand (see their files).
FIRST_HELD_OUT = ("netbox", "CTFd", "redash", "dispatch", "saleor")
HELD_OUT = FIRST_HELD_OUT + tuple(sorted(
    path.stem for path in (TRUTH / "held_out").glob("*.toml") if path.stem not in FIRST_HELD_OUT))


def held_out_in(directory: Path) -> tuple[str, ...]:
    """The held-out projects whose sources are unpacked in ``directory``."""
    return tuple(project for project in HELD_OUT if (directory / project).is_dir())
KERNEL = "<kernel>"
SEED = 42  # strangler's default seed (SeamConfig.seed)


# ----------------------------------------------------------------------------- reference


class TruthError(Exception):
    """A reference file that is malformed or does not match the project."""


@dataclass
class Reference:
    project: str
    layered: bool
    ignore: tuple[str, ...]
    kernel: tuple[str, ...]
    singletons: tuple[str, ...]
    domains: dict[str, tuple[str, ...]]  # domain -> globs
    layers: dict[str, dict[str, tuple[str, ...]]]  # domain -> layer -> globs
    names: dict[str, tuple[str, ...]]  # domain -> accepted names
    kernel_names: tuple[str, ...] = ()
    rules: list[tuple[str, str, str]] = field(default_factory=list)  # (glob, label, layer)

    @classmethod
    def load(cls, path: Path) -> Reference:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise TruthError(f"{path}: {exc}") from exc
        known = {"project", "layered", "ignore", "kernel", "singletons", "kernel_names",
                 "domains", "sources"}
        unknown = set(data) - known
        if unknown:
            raise TruthError(f"{path}: unknown keys {sorted(unknown)}")
        domains: dict[str, tuple[str, ...]] = {}
        layers: dict[str, dict[str, tuple[str, ...]]] = {}
        names: dict[str, tuple[str, ...]] = {}
        for domain, spec in data.get("domains", {}).items():
            extra = set(spec) - {"modules", "layers", "names"}
            if extra:
                raise TruthError(f"{path}: domain {domain}: unknown keys {sorted(extra)}")
            globs = list(spec.get("modules", ()))
            found = {layer: tuple(g) for layer, g in spec.get("layers", {}).items()}
            for layer_globs in found.values():
                globs.extend(layer_globs)
            if not globs:
                raise TruthError(f"{path}: domain {domain} has no modules")
            domains[domain] = tuple(globs)
            layers[domain] = found
            names[domain] = tuple(spec.get("names", (domain,)))
        ref = cls(
            project=data.get("project", path.stem),
            layered=bool(data.get("layered", False)),
            ignore=tuple(data.get("ignore", ())),
            kernel=tuple(data.get("kernel", ())),
            singletons=tuple(data.get("singletons", ())),
            domains=domains,
            layers=layers,
            names=names,
            kernel_names=tuple(data.get("kernel_names", ())),
        )
        ref.rules = ([(g, "<ignore>", "") for g in ref.ignore]
                     + [(g, KERNEL, "") for g in ref.kernel]
                     + [(g, "<single>", "") for g in ref.singletons])
        for domain, globs in domains.items():
            layer_of = {g: layer for layer, lg in layers[domain].items() for g in lg}
            ref.rules.extend((g, domain, layer_of.get(g, "")) for g in globs)
        return ref

    def classify(self, modules: Iterable[str]) -> tuple[dict[str, tuple[str, str]], list[str]]:
        """(module -> (label, layer)) and problems: unmatched modules, ambiguous matches,
        globs that match nothing. The most specific glob (longest literal prefix) wins."""
        result: dict[str, tuple[str, str]] = {}
        problems: list[str] = []
        used: set[str] = set()
        for module in sorted(modules):
            best: list[tuple[int, str, str, str]] = []
            for glob, label, layer in self.rules:
                if _glob_match(glob, module):
                    best.append((_specificity(glob), glob, label, layer))
            if not best:
                problems.append(f"module not covered by the reference: {module}")
                result[module] = ("<single>", "")
                continue
            best.sort(reverse=True)
            top = [b for b in best if b[0] == best[0][0]]
            if len({(b[2], b[3]) for b in top}) > 1:
                problems.append(f"ambiguous: {module} matches "
                                + ", ".join(f"{b[1]} ({b[2]})" for b in top))
            used.add(best[0][1])
            result[module] = (best[0][2], best[0][3])
        for glob, label, _ in self.rules:
            if glob not in used and not any(_glob_match(glob, m) for m in modules):
                problems.append(f"glob matches no module: {glob} ({label})")
        return result, problems


def _glob_match(glob: str, module: str) -> bool:
    """fnmatch on dotted names; `a.b.**` also matches `a.b` itself."""
    if glob.endswith(".**"):
        base = glob[:-3]
        return fnmatchcase(module, base) or fnmatchcase(module, base + ".*")
    return fnmatchcase(module, glob)


def _specificity(glob: str) -> int:
    """Length of the literal part before the first wildcard (exact names rank highest)."""
    cut = min((i for i, c in enumerate(glob) if c in "*?["), default=None)
    return len(glob) * 2 + 1 if cut is None else cut * 2


# ----------------------------------------------------------------------------- scoring


def adjusted_rand_index(left: Mapping[str, str], right: Mapping[str, str]) -> float:
    """Hubert and Arabie's ARI of two labelings of the same items (1.0 identical, ~0 random).

    Written here rather than imported from strangler so that the measuring stick does not
    share code with what it measures."""
    items = sorted(set(left) & set(right))
    n = len(items)
    if n < 2:
        return 1.0
    contingency = Counter((left[i], right[i]) for i in items)
    rows = Counter(left[i] for i in items)
    cols = Counter(right[i] for i in items)

    def comb2(x: int) -> int:
        return x * (x - 1) // 2

    index = sum(comb2(v) for v in contingency.values())
    row_sum = sum(comb2(v) for v in rows.values())
    col_sum = sum(comb2(v) for v in cols.values())
    expected = row_sum * col_sum / comb2(n)
    maximum = (row_sum + col_sum) / 2
    if math.isclose(maximum, expected):
        return 1.0 if index == maximum else 0.0
    return (index - expected) / (maximum - expected)


def _words(name: str) -> set[str]:
    parts = [p for p in re.split(r"[^a-z0-9]+", name.lower()) if p]
    words = set(parts) | {"_".join(parts)}
    return words | {_singular(w) for w in words}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass
class Score:
    ari: float
    kernel_share: float | None
    names: float | None
    named: tuple[int, int]
    whole: float | None
    kept: tuple[int, int]
    groups: int
    misses: list[str] = field(default_factory=list)


def score(labels: Mapping[str, str], kernel: set[str], reference: Mapping[str, tuple[str, str]],
          ref: Reference, loc: Mapping[str, int], has_names: bool) -> Score:
    """Figures of one labeling (module -> seam; modules absent are singletons)."""
    universe = sorted(reference)
    predicted = {m: KERNEL if m in kernel else labels.get(m, f"<alone:{m}>") for m in universe}
    truth = {m: (f"<alone:{m}>" if label == "<single>" else label)
             for m, (label, _) in reference.items()}
    ari = adjusted_rand_index(predicted, truth)
    total = sum(max(1, loc[m]) for m in universe)
    kernel_share = sum(max(1, loc[m]) for m in universe if m in kernel) / total

    members: dict[str, list[str]] = defaultdict(list)
    for m in universe:
        if not predicted[m].startswith("<"):
            members[predicted[m]].append(m)
    misses: list[str] = []
    right = 0
    majority_of: dict[str, str] = {}
    for seam, mods in sorted(members.items()):
        weight: Counter[str] = Counter()
        for m in mods:
            weight[truth[m]] += max(1, loc[m])
        majority = min(weight, key=lambda d: (-weight[d], d))
        majority_of[seam] = majority
        if majority == KERNEL:
            accepted = ref.kernel_names
        elif majority.startswith("<alone:"):
            accepted = tuple(majority[len("<alone:"):-1].split(".")[1:]) or (
                majority[len("<alone:"):-1],)
        else:
            accepted = ref.names.get(majority, (majority,))
        wanted = set().union(*(_words(a) for a in accepted)) if accepted else set()
        if _words(seam) & wanted:
            right += 1
        else:
            misses.append(f"seam {seam!r}: majority {majority} ({weight[majority]} of "
                          f"{sum(weight.values())} lines)")

    kept = 0
    layered_domains = 0
    if ref.layered:
        for domain, layer_globs in sorted(ref.layers.items()):
            by_layer: dict[str, Counter[str]] = defaultdict(Counter)
            for m, (label, layer) in reference.items():
                if label == domain and layer:
                    by_layer[layer][predicted[m]] += max(1, loc[m])
            if len(by_layer) < 2 or len(layer_globs) < 2:
                continue
            layered_domains += 1
            majorities = {min(c, key=lambda s: (-c[s], s)) for c in by_layer.values()}
            seam = next(iter(majorities))
            # The shared seam must be this domain's own (the domain is its majority), so one
            # seam that swallows several domains keeps at most one of them whole.
            if len(majorities) == 1 and majority_of.get(seam) == domain:
                kept += 1
            else:
                misses.append(f"domain {domain}: layers split over "
                              + ", ".join(f"{layer}->{min(c, key=lambda s: (-c[s], s))}"
                                          for layer, c in sorted(by_layer.items())))
    seams = len(members)
    return Score(
        ari=ari,
        kernel_share=kernel_share,
        names=(right / seams if seams else None) if has_names else None,
        named=(right, seams),
        whole=(kept / layered_domains if layered_domains else None) if ref.layered else None,
        kept=(kept, layered_domains),
        groups=seams,
        misses=misses,
    )


def confusion(labels: Mapping[str, str], kernel: set[str], roots: set[str],
              reference: Mapping[str, tuple[str, str]]) -> list[str]:
    """Where each reference domain's modules went (seams, the kernel, roots, unassigned), and
    what each seam is made of, by module count: the diagnosis behind a low ARI."""
    def place(module: str) -> str:
        if module in kernel:
            return "<kernel>"
        if module in roots:
            return "<root>"
        return labels.get(module, "<unassigned>")

    by_domain: dict[str, Counter[str]] = defaultdict(Counter)
    by_seam: dict[str, Counter[str]] = defaultdict(Counter)
    for module, (label, _) in sorted(reference.items()):
        by_domain[label][place(module)] += 1
        by_seam[place(module)][label] += 1
    lines = []
    for domain, places in sorted(by_domain.items(), key=lambda d: (-d[1].total(), d[0])):
        lines.append(f"domain {domain} ({places.total()}): " + ", ".join(
            f"{p} {n}" for p, n in sorted(places.items(), key=lambda x: (-x[1], x[0]))))
    for seam, domains in sorted(by_seam.items()):
        lines.append(f"seam {seam} ({domains.total()}): " + ", ".join(
            f"{d} {n}" for d, n in sorted(domains.items(), key=lambda x: (-x[1], x[0]))))
    return lines


# ----------------------------------------------------------------------------- running


def run_analyze(command: list[str], project: Path, out: Path) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    done = subprocess.run([*command, "analyze", str(project), "--out", str(out), "--no-cache",
                           "--no-svg", "--quiet"], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"strangler analyze {project} exited with {done.returncode}:\n"
                           f"{done.stderr[-3000:]}")
    return json.loads((out / "analysis.json").read_text(encoding="utf-8")), seconds


def baselines(document: dict[str, Any], universe: set[str]) -> dict[str, dict[str, str]]:
    """strangler's two baselines over the evaluated modules, from the analysis document."""
    from strangler.seams.metrics import import_louvain_baseline, package_baseline

    graph = SimpleNamespace(dependencies=[
        SimpleNamespace(source=d["source"], target=d["target"], kinds=tuple(d["kinds"].items()),
                        weight=d["weight"])
        for d in document["dependencies"]])
    return {
        "import_louvain": import_louvain_baseline(graph, set(universe), SEED),  # type: ignore[arg-type]
        "packages": package_baseline(set(universe)),
    }


def evaluate(project: str, corpus: Path, command: list[str], check_only: bool
             ) -> dict[str, Any]:
    held_out = TRUTH / "held_out" / f"{project}.toml"
    ref = Reference.load(held_out if held_out.exists() else TRUTH / f"{project}.toml")
    with tempfile.TemporaryDirectory(prefix="seams-truth-") as tmp:
        document, seconds = run_analyze(command, corpus / project, Path(tmp) / "out")
    loc = {m["name"]: int(m["loc"]) for m in document["modules"]}
    classified, problems = ref.classify(loc)
    reference = {m: v for m, v in classified.items() if v[0] != "<ignore>"}
    result: dict[str, Any] = {"project": project, "modules": len(reference),
                              "ignored": len(classified) - len(reference),
                              "loc": sum(loc[m] for m in reference),
                              "reference_problems": problems, "seconds": round(seconds, 2)}
    ref_kernel = sum(loc[m] for m, (label, _) in reference.items() if label == KERNEL)
    result["reference_kernel_share"] = ref_kernel / max(1, result["loc"])
    result["reference_domains"] = len({label for label, _ in reference.values()
                                       if not label.startswith("<")})
    if check_only:
        return result
    proposal = document.get("proposal") or {}
    assignment = dict(proposal.get("assignment", []))
    kernel = {k["module"] for k in proposal.get("kernel", [])}
    roots = {r["module"] for r in proposal.get("roots", [])}
    result["confusion"] = confusion(assignment, kernel, roots, reference)
    figures = {"proposal": score(assignment, kernel, reference, ref, loc, True)}
    for name, labels in baselines(document, set(reference)).items():
        figures[name] = score(labels, set(), reference, ref, loc, name == "packages")
    result["figures"] = {name: vars(s) for name, s in figures.items()}
    return result


# ----------------------------------------------------------------------------- output


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.0f}%"


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| project | modules | partition | groups | ARI | kernel | names right | "
             "layered domains whole |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for r in results:
        for name, f in r.get("figures", {}).items():
            names = "n/a" if f["names"] is None else (
                f"{_pct(f['names'])} ({f['named'][0]}/{f['named'][1]})")
            whole = "n/a" if f["whole"] is None else (
                f"{_pct(f['whole'])} ({f['kept'][0]}/{f['kept'][1]})")
            kernel = _pct(f["kernel_share"]) if name == "proposal" else "—"
            lines.append(f"| {r['project']} | {r['modules']} | {name} | {f['groups']} | "
                         f"{f['ari']:.2f} | {kernel} | {names} | {whole} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--project", action="append", choices=PROJECTS + HELD_OUT)
    parser.add_argument("--held-out", type=Path, metavar="DIR",
                        help="score the held-out projects found in DIR instead of the corpus")
    parser.add_argument("--strangler", default=f"{shlex.quote(sys.executable)} -m strangler",
                        help="command that runs strangler (default: this Python's module)")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    parser.add_argument("--check", action="store_true",
                        help="only validate the references against the analysis' modules")
    parser.add_argument("--show-misses", action="store_true",
                        help="list misnamed seams and split domains")
    parser.add_argument("--confusion", action="store_true",
                        help="print where each reference domain went and what each seam holds")
    args = parser.parse_args(argv)
    command = shlex.split(args.strangler)
    results = []
    failed = False
    if args.held_out is not None:
        args.corpus = args.held_out
    for project in args.project or (held_out_in(args.held_out) if args.held_out is not None
                                    else PROJECTS):
        if not (args.corpus / project).is_dir():
            print(f"{project}: not found under {args.corpus}", file=sys.stderr)
            failed = True
            continue
        try:
            result = evaluate(project, args.corpus, command, args.check)
        except (TruthError, RuntimeError) as exc:
            print(f"{project}: {exc}", file=sys.stderr)
            failed = True
            continue
        results.append(result)
        print(f"{project}: {result['modules']} modules ({result['ignored']} ignored), "
              f"{result['loc']} code lines, reference: {result['reference_domains']} domains, "
              f"kernel {_pct(result['reference_kernel_share'])}; analyze "
              f"{result['seconds']} s", file=sys.stderr)
        for problem in result["reference_problems"]:
            print(f"  reference: {problem}", file=sys.stderr)
            failed = True
        if args.confusion:
            for line in result.get("confusion", []):
                print(f"  {line}", file=sys.stderr)
        if args.show_misses:
            for name, f in result.get("figures", {}).items():
                for miss in f["misses"]:
                    print(f"  {name}: {miss}", file=sys.stderr)
    if not args.check:
        print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
