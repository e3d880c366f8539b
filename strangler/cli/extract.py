"""`strangler extract NAME`: a runnable service, a client shim and routes (dry run first)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from strangler.adapters.cache import DiskStore, NullStore, Store, default_cache_dir
from strangler.adapters.filesystem import LocalFileSystem
from strangler.cli.formats import TextOrJson
from strangler.model import plural
from strangler.seams import ConfigError

EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
CARRIED_LISTED = 12  # shared modules named on the terminal; every one is in the file list


def extract_command(
    name: Annotated[str, typer.Argument(help="Seam name (from the last analysis or the "
                                              "config), or a dotted module or package.")],
    path: Annotated[Path, typer.Option("--path", help="Root folder of the monolith.")] = Path(
        "."),
    out: Annotated[str, typer.Option("--out", help="Folder for services, inside the "
                                     "monolith.")] = "services",
    apply: Annotated[bool, typer.Option("--apply", help="Write the files and rewrite the "
                                        "monolith (without it: a dry run).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Apply even with uncommitted "
                                        "changes or outside git.")] = False,
    output_format: Annotated[TextOrJson, typer.Option(
        "--format", help="text or json.")] = TextOrJson.text,
    config: Annotated[Path | None, typer.Option("--config", help="Seam configuration.")] = None,
    cache_dir: Annotated[Path | None, typer.Option(
        "--cache-dir", help="Cache folder of the last analysis (its seams are used).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the cache.")] = False,
    python: Annotated[str | None, typer.Option(
        "--python", help="The monolith's interpreter, for the checks after --apply "
        "(default: the one running strangler).")] = None,
    verify: Annotated[str | None, typer.Option(
        "--verify", help="The monolith's test command, run before and after --apply; a "
        "test run that passed before and fails after rolls the change back.")] = None,
    no_boot_check: Annotated[bool, typer.Option(
        "--no-boot-check", help="Do not start the service after --apply.")] = False,
) -> None:
    """Extract a seam into a service beside the monolith, with a client shim and routes."""
    # libcst and the templates load here, not at start-up: other commands never need them.
    from strangler.adapters.apply import apply_files, git_dirty
    from strangler.extract import ExtractError, ExtractRequest, prepare
    store: Store = NullStore() if no_cache else DiskStore(cache_dir or default_cache_dir(),
                                                          str(path.resolve()))
    try:
        result = prepare(ExtractRequest(name, path, out, config_path=config),
                         LocalFileSystem(), store)
    except (ExtractError, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    extraction = result.extraction
    plan = extraction.plan
    if output_format == "json":
        typer.echo(json.dumps(_plan_json(result), indent=1))
    else:
        _print_plan(result)
    if not apply:
        if output_format == "text":
            typer.echo("\ndry run: nothing written. Run again with --apply to write it.")
        return
    reason = git_dirty(path)
    if reason and not force:
        typer.echo(f"error: refusing to change the monolith: {reason}; commit or stash first, "
                   "or pass --force", err=True)
        raise typer.Exit(EXIT_REFUSED)
    from strangler.cli import extract_checks

    interpreter = python or sys.executable
    if not no_boot_check:
        legacy = extraction.legacy_app
        missing = extract_checks.missing_runtime(
            interpreter, path, extraction.dependencies,
            legacy is not None and getattr(legacy, "kind", "") == "wsgi")
        if missing:
            typer.echo(f"error: the service's runtime is not installed for {interpreter}: "
                       f"{', '.join(missing)} (install them beside the monolith's own: "
                       f"{interpreter} -m pip install {' '.join(repr(m) for m in missing)}"
                       "), or pass --no-boot-check; nothing was written", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
    paths, modules = list(result.import_paths), list(result.check_modules)
    baseline = extract_checks.before(interpreter, path, paths, modules, result.boot, verify)
    no_boot_before = None
    if result.worker:
        from strangler.cli.extract_tasks import boot_before

        no_boot_before = boot_before(interpreter, path, paths, plan,
                                     extract_checks._env(result.boot))
    report = apply_files(
        path, path / extraction.service_dir,
        [(f.path, f.content) for f in extraction.files],
        [(r.path, r.before, r.after) for r in extraction.rewrites])
    if result.routes_toml:
        from strangler.adapters.locked_edit import edit_locked

        report.previous.setdefault("strangler.toml", result.config_before
                                   if (path / "strangler.toml").exists() else None)
        # appended under the lock, atomically: a concurrent `route set` is not lost, and the
        # file keeps its mode and stays a symlink if it is one
        edit_locked(path / "strangler.toml", lambda text: text + result.routes_toml,
                    create=True)
        report.rewritten.append("strangler.toml")
    code = extract_checks.after(
        interpreter, path, paths, modules, result.boot, verify, baseline, report,
        None if no_boot_check else path / extraction.service_dir, f"{plan.seam}_service",
        plan.seam, sum(1 for f in plan.functions if f.json_safe))
    if not code and result.worker:
        from strangler.cli.extract_tasks import worker_check

        code = worker_check(interpreter, path, None if no_boot_check else
                            path / extraction.service_dir, result.worker,
                            extract_checks._env(result.boot), report, plan, paths,
                            no_boot_before=no_boot_before)
    if code:
        raise typer.Exit(code)
    from strangler.cli.extract_openapi import write_openapi

    openapi = write_openapi(path / extraction.service_dir, f"{plan.seam}_service",
                            interpreter, plan.functions)
    typer.echo(f"\nwritten {len(report.written)} files, {len(report.unchanged)} unchanged, "
               f"{len(report.rewritten)} monolith files changed")
    for kept in report.kept_hand_edited:
        typer.echo(f"kept (changed by hand since generated): {kept}")
    for refused in report.refused_not_ours:
        typer.echo(f"not overwritten (not generated by strangler): {refused}")
    for skipped in report.skipped_rewrites:
        typer.echo(f"not rewritten (changed since the plan was made): {skipped}")
    for line in openapi:
        typer.echo(line)


def _where(modules: tuple[str, ...]) -> str:
    """The packages holding a seam's modules, most first (a layered seam spans several)."""
    counts: dict[str, int] = {}
    for module in modules:
        package = module.rsplit(".", 1)[0] if "." in module else module
        counts[package] = counts.get(package, 0) + 1
    ranked = sorted(counts, key=lambda p: (-counts[p], p))
    shown = ", ".join(f"{p} ({counts[p]})" for p in ranked[:4])
    return shown + (f" and {plural(len(ranked) - 4, 'other package')}" if len(ranked) > 4
                    else "")


def _print_plan(result: object) -> None:
    from strangler.extract import ExtractResult, unified_diff

    assert isinstance(result, ExtractResult)
    extraction = result.extraction
    plan = extraction.plan
    echo = typer.echo
    echo(f"extract {plan.seam}: {plural(len(plan.modules), 'module')} in "
         f"{_where(plan.modules)}")
    _print_strategy(plan)
    echo(f"\ninterface ({len(plan.functions)} functions, through {extraction.client_package}):")
    for f in plan.functions:
        params = ", ".join(p.name for p in f.params)
        kind = "read-only (retried, shadowed)" if f.read_only else (
            "writes " + (", ".join(f.writes) or "(unknown: treated as a write)")
            + " (not retried, not shadowed)")
        safe = "" if f.json_safe else "; NOT JSON-safe: stays local"
        echo(f"  {f.module}.{f.name}({params}) -> {f.returns or '?'}: {kind}{safe}; "
             f"{len(f.callers)} call sites")
    for module, symbol, why in plan.local_symbols:
        echo(f"  {module}.{symbol}: {why}")
    from strangler.cli.extract_tasks import print_tasks

    print_tasks(plan, result.worker, result.task_routes)
    if extraction.native:
        ported = ", ".join(f"{m}.{v}" for m, v, _ in extraction.native)
        serving = (f"FastAPI routers ported as they are ({ported}); anything else by the "
                   + (f"mounted {extraction.legacy_app.describe()}" if extraction.legacy_app
                      else "legacy app"))
    elif extraction.legacy_app is not None:
        serving = (f"legacy handlers mounted as they are ({extraction.legacy_app.describe()}), "
                   "not ported (not mechanical for this framework)")
    elif plan.routes:
        serving = "no legacy application found to mount: these routes stay on legacy"
    else:
        serving = "-"
    echo(f"\nroutes: {len(plan.routes)} under {', '.join(plan.route_prefixes) or '-'}: "
         f"{serving}")
    if plan.graphql_operations:
        echo(f"GraphQL operations: {len(plan.graphql_operations)} through the schema's one "
             "endpoint: not moved by the proxy (see the graphql risk)")
    echo(f"tables only it uses (they move with it): {', '.join(plan.tables_owned) or '-'}")
    if extraction.database is not None:
        echo(f"database settings: {extraction.database.describe()}")
    for table, others in plan.tables_to_move:
        echo(f"table to move later: {table} (also used by {', '.join(others)})")
    for table, owner in plan.tables_of_others:
        echo(f"table of another service: {table} (owned by {owner}: it stays there, and "
             "this service calls it)")
    shown = ", ".join(plan.carried[:CARRIED_LISTED])
    more = len(plan.carried) - CARRIED_LISTED
    if more > 0:
        shown += f", … and {more} more (all are copied: see the files below)"
    echo(f"carried into the service besides the seam: {len(plan.carried)} shared modules "
         f"(what the seam {'and the legacy app import' if extraction.legacy_app else 'imports'}): "
         f"{shown}")
    if extraction.other_root_modules:
        echo(f"not through the client (in another source root than "
             f"{extraction.client_package}, their callers keep importing them): "
             f"{', '.join(extraction.other_root_modules)}")
    if extraction.referenced:
        echo(f"not copied ({len(extraction.referenced)}): they find files through "
             "__file__, so the service imports the monolith's own: "
             f"{', '.join(extraction.referenced)}")
    echo(f"dependencies (pinned as the monolith pins them): "
         f"{', '.join(extraction.dependencies) or '-'}")
    if extraction.unresolved:
        echo(f"  not found in the monolith's metadata (add by hand): "
             f"{', '.join(extraction.unresolved)}")
    for conflict in extraction.conflicts:
        echo(f"!!! {conflict}")
    echo(f"\nrisks ({len(plan.risks)}):")
    for risk in plan.risks:
        where = f" ({risk.file}:{risk.line})" if risk.file else ""
        echo(f"  [{risk.kind}] {risk.message}{where}")
    echo(f"\nfiles to create ({len(extraction.files)}):")
    for file in extraction.files:
        if "/src/" not in file.path:
            echo(f"  {file.path}")
    carried = sum(1 for f in extraction.files if "/src/" in f.path and f.path.endswith(".py"))
    data = sum(1 for f in extraction.files if "/src/" in f.path and not f.path.endswith(".py"))
    echo(f"  … and {carried} modules copied into {extraction.service_dir}/src/"
         + (f", with {data} data file(s) beside them" if data else ""))
    echo(f"\nmonolith files to change ({len(extraction.rewrites)}):")
    for rewrite in extraction.rewrites:
        echo(unified_diff(rewrite.path, rewrite.before, rewrite.after), nl=False)
        for line, why in rewrite.unchanged_sites:
            echo(f"  not rewritten: {rewrite.path}:{line}: {why}")
    if result.routes_toml:
        echo(unified_diff("strangler.toml", result.config_before,
                          result.config_before + result.routes_toml), nl=False)


def _print_strategy(plan: object) -> None:
    from strangler.model import ExtractionPlan

    assert isinstance(plan, ExtractionPlan)
    echo = typer.echo
    if plan.strategy is not None:
        echo(f"\nstrategy: {plan.strategy.chosen}: {plan.strategy.why}")
        for name, why in plan.strategy.also:
            echo(f"  also {name}: {why}")
    scope = plan.scope
    if scope is None:
        return
    if scope.status == "ok":
        echo(f"scope: {scope.summary}")
        return
    echo(f"\n!!! SCOPE: {scope.status.upper()}: {scope.summary}")
    for module, target, count in scope.cut_first:
        echo(f"!!!   cut first: {module} imports {target} (pulls {count} modules)")
    for table, others in scope.split_tables:
        echo(f"!!!   split table {table}: also used by {', '.join(others[:6])}"
             f"{' ...' if len(others) > 6 else ''}")


def _plan_json(result: object) -> dict[str, object]:
    from dataclasses import asdict

    from strangler.extract import ExtractResult, unified_diff

    assert isinstance(result, ExtractResult)
    extraction = result.extraction
    return {
        "plan": asdict(extraction.plan),
        "client_package": extraction.client_package,
        "service_dir": extraction.service_dir,
        "files": [f.path for f in extraction.files],
        "rewrites": [{"path": r.path, "diff": unified_diff(r.path, r.before, r.after),
                      "not_rewritten": [{"line": line, "why": why}
                                        for line, why in r.unchanged_sites]}
                     for r in extraction.rewrites],
        "routes_toml": result.routes_toml,
        "worker": result.worker,
        "dependencies": list(extraction.dependencies),
        "unresolved_dependencies": list(extraction.unresolved),
        "runtime_conflicts": list(extraction.conflicts),
        "referenced_modules": list(extraction.referenced),
        "other_root_modules": list(extraction.other_root_modules),
        "database": None if extraction.database is None else {
            **asdict(extraction.database), "describe": extraction.database.describe()},
    }
