"""`strangler extract NAME`: wire parse -> seams -> plan -> render, and apply when asked.

Kept apart from `pipeline.py` (which wires analysis) so each file stays about one job; like
the pipeline, it is the only other place that imports several stages.
"""

from __future__ import annotations

import difflib
import keyword
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from strangler.adapters.cache import Store, settle
from strangler.adapters.filesystem import FileSystem
from strangler.adapters.package_data import data_files
from strangler.generate.render import (
    Extraction,
    check_syntax,
    render_extraction,
    source_root,
)
from strangler.model import (
    ExtractionPlan,
    FileFacts,
    ProjectIndex,
    Route,
    SeamProposal,
    SourceFile,
)
from strangler.parse import ParseOptions, link, parse_project
from strangler.parse.source import decode
from strangler.seams.config import SeamConfig, matches

_SETTINGS = re.compile(r"""DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']""")


class ExtractError(Exception):
    """A name, path or project the extraction cannot work with; the message says why."""


@dataclass(frozen=True)
class ExtractRequest:
    name: str
    path: Path
    out: str = "services"
    parse: ParseOptions = ParseOptions()
    config_path: Path | None = None


@dataclass(frozen=True)
class ExtractResult:
    extraction: Extraction
    routes_toml: str  # the [[routes]] entries to add to strangler.toml ('' if present)
    config_before: str  # strangler.toml as it is
    boot: dict[str, Any] = field(default_factory=dict)  # framework, settings, app
    # What --apply proves by importing: module names, and the sys.path folders (relative to
    # the monolith's root) they import from.
    check_modules: tuple[str, ...] = ()
    import_paths: tuple[str, ...] = ()
    worker: str = ""  # the tasks strategy's worker module, run from the service folder
    task_routes: str = ""  # the monolith's module that routes the seam's tasks to its queue


def _framework(routes: tuple[Route, ...]) -> str:
    """django, flask or fastapi: the framework most of `routes` belong to ('' if none)."""
    names = ["fastapi" if r.framework == "fastapi" else "django" if r.framework in (
        "django", "drf") else "flask" if r.framework in ("flask", "fab") else ""
             for r in routes]
    names = [n for n in names if n]
    return max(sorted(set(names)), key=names.count) if names else ""


def _django_settings(sources: dict[str, str]) -> str:
    """The settings module the project's manage.py / wsgi.py names (by string)."""
    for module in sorted(sources, key=lambda m: (not m.endswith(("manage", "wsgi", "asgi")),
                                                 m)):
        found = _SETTINGS.search(sources[module])
        if found:
            return found.group(1)
    return ""


def validate_name(name: str) -> None:
    parts = name.split(".")
    if not all(part.isidentifier() and not keyword.iskeyword(part) for part in parts):
        raise ExtractError(f"{name!r} is not a seam name or a dotted module name")


def validate_out(root: Path, out: str) -> Path:
    target = (root / out).resolve()
    if out.startswith(("/", "~")) or ".." in Path(out).parts or not str(target).startswith(
            str(root.resolve())):
        raise ExtractError(f"--out {out!r} must be a folder inside the monolith")
    return target


def _edges(index: ProjectIndex) -> dict[str, set[str]]:
    """module -> the modules it imports at run time."""
    edges: dict[str, set[str]] = {}
    for imp in index.imports:
        if not imp.type_only:
            edges.setdefault(imp.source, set()).add(imp.target)
    return edges


def _closure(index: ProjectIndex, start: set[str]) -> set[str]:
    edges = _edges(index)
    seen = set(start)
    frontier = list(start)
    while frontier:
        for target in edges.get(frontier.pop(), ()):
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    names = {m.name for m in index.modules}
    for module in list(seen):  # the packages on the way, so imports work
        parts = module.split(".")
        for end in range(1, len(parts)):
            parent = ".".join(parts[:end])
            if parent in names:
                seen.add(parent)
    return seen


def service_runtime(dependencies: tuple[str, ...]) -> list[str]:
    """The service's own runtime requirements (FastAPI, uvicorn, a2wsgi), as its pyproject
    asks for them beside the monolith's pins."""
    from strangler.generate.render import runtime_requirements

    return runtime_requirements(dependencies)


def prepare(request: ExtractRequest, fs: FileSystem, store: Store) -> ExtractResult:
    """Everything `extract` would do, computed without writing anything (the dry run)."""
    from strangler.adapters.config import load_config
    from strangler.adapters.project_metadata import read_metadata
    from strangler.adapters.project_metadata import resolve as resolve_requirement
    from strangler.graph import build_graph
    from strangler.plan import make_plan, resolve_target
    from strangler.plan.database import find_database_settings
    from strangler.plan.strategy import choose_strategy, judge_scope
    from strangler.seams import SeamRequest, propose_seams

    validate_name(request.name)
    root = request.path
    if not root.is_dir():
        raise ExtractError(f"not a folder: {root}")
    validate_out(root, request.out)
    config, _ = load_config(root, request.config_path)
    parsed = parse_project(fs, str(root), store, request.parse)
    if not parsed.digests:
        raise ExtractError(f"no Python files under {root}")
    files = fold_clients(parsed.files)
    index = link(root.resolve().name, files, parsed.problems, specs=parsed.specs)
    graph = build_graph(index)
    settle(store)  # the facts written meanwhile by a child (`cache.deferred`)
    # The seams the team reviewed: declared in the config, else those of the last analysis
    # (with whatever options it ran with), else a proposal made now with the defaults.
    last = store.get("seams")
    proposal = last.get("proposal") if isinstance(last, dict) else None
    if proposal is None or not hasattr(proposal, "seams"):
        proposal = propose_seams(index, graph, SeamRequest(config=config))
    if config.declared:
        seams = {name: tuple(m.name for m in index.modules if matches(m.name, globs))
                 for name, globs in config.declared}
    else:
        seams = {s.name: s.modules for s in proposal.seams}
    modules = [m.name for m in index.modules]
    found = resolve_target(request.name, seams, modules)
    if found is None:
        close = difflib.get_close_matches(request.name, list(seams) + modules, n=5, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ExtractError(f"unknown seam or module {request.name!r}{hint}")
    seam, members = found
    validate_name(seam)
    sources: dict[str, str] = {}
    for source, _ in parsed.files:
        try:
            text = decode(fs.read_bytes(str(root), source.path)).text
        except OSError:
            text = None
        if text is not None:
            sources[source.module] = text
    kernel = frozenset(k.module for k in proposal.kernel)
    plan = make_plan(index, seam, members, sources, kernel,
                     _table_owners(index, config, proposal) if seam in seams else None)
    # The seam's routes decide the framework; without routes, the project's.
    framework = _framework(plan.routes) or _framework(index.routes)
    app = find_legacy_app(parsed.files, framework) if framework else None
    legacy_app = app if plan.routes else None
    native = native_routers(files, set(members)) if framework == "fastapi" else ()
    carried_start = set(members) | ({legacy_app.target.split(":")[0]} if legacy_app else set())
    boot = {"framework": framework,
            "settings": _django_settings(sources) if framework == "django" else "",
            "app": None if app is None or framework == "django" else {
                "kind": app.kind, "target": app.target, "call": app.call}}
    carried = tuple(sorted(_closure(index, carried_start)))
    # The plan lists every shared module the service carries (members are its own code).
    plan = replace(plan, carried=tuple(m for m in carried if m not in set(members)))
    plan = replace(plan, strategy=choose_strategy(plan, legacy_app is not None or bool(native)))
    plan = replace(plan, scope=judge_scope(plan, _edges(index), len(index.modules)))
    database = find_database_settings(sources, framework, str(boot["settings"]))
    metadata = read_metadata(root)
    required: set[str] = set()
    unresolved: set[str] = set()
    for external in index.external:
        if external.category != "third_party" or not any(
                m in carried for m, _ in external.importers):
            continue
        pinned = resolve_requirement(external.module, external.distribution, metadata)
        if pinned is None and not metadata.requirements and external.distribution:
            pinned = external.distribution  # the project declares nothing: the known name
        if pinned is None:
            unresolved.add(external.module)
        else:
            required.add(pinned)
    dependencies = tuple(sorted(required, key=str.lower))
    by_name = {m.name: m for m in index.modules}
    data = data_files(root, (m.path.rpartition("/")[0] for m in
                             (by_name[c] for c in carried if c in by_name)
                             if m.is_package or "." in m.name))  # not the source root
    extraction = render_extraction(index, plan, sources, request.out, carried, legacy_app,
                                   database, dependencies, native, boot,
                                   requires_python=metadata.requires_python or ">=3.8",
                                   unresolved=tuple(sorted(unresolved)), data=data)
    extraction, worker = _with_tasks(index, extraction, sources, carried, boot)
    broken = check_syntax(extraction.files)
    if broken:
        raise ExtractError("generated code does not parse (a strangler bug): "
                           + "; ".join(broken))
    config_file = root / "strangler.toml"
    config_before = config_file.read_text(encoding="utf-8") if config_file.exists() else ""
    by_path = {m.path: m for m in index.modules}
    changed = [by_path[r.path] for r in extraction.rewrites if r.path in by_path]
    check = sorted({m.name for m in changed} | set(members) | {
        _client_module(f.path, extraction.client_package) for f in extraction.files
        if f.path.endswith(".py") and f"/{plan.seam}_client/" in "/" + f.path})
    roots = sorted({source_root(m) for m in [*changed, *(
        m for m in index.modules if m.name in set(members))]})
    if worker is not None:
        check = sorted({*check, worker.routes_module})
    return ExtractResult(extraction, _routes_toml(plan, config_before), config_before, boot,
                         tuple(check), tuple(roots), worker.worker if worker else "",
                         worker.routes_module if worker else "")


def _with_tasks(index: ProjectIndex, extraction: Extraction, sources: dict[str, str],
                carried: tuple[str, ...], boot: dict[str, Any]) -> tuple[Extraction, Any]:
    """The extraction with the tasks strategy's files and routing line, when the plan's
    tasks can move (the worker's files; None otherwise)."""
    from strangler.generate.render import (
        RenderedFile,
        _boot,
        _source_root,
        carried_roots,
        source_relative,
    )
    from strangler.generate.tasks import insert_routing, render_tasks

    plan = extraction.plan
    by_name = {m.name: m for m in index.modules}
    carried_paths = {m: source_relative(by_name[m]) for m in carried if m in by_name}
    package = f"{plan.seam}_service"
    worker = render_tasks(plan, sources, extraction.service_dir, package,
                          _boot(boot, _source_root(index, plan.package), extraction.service_dir,
                                carried_roots(index, carried)),
                          f"STRANGLER_{plan.seam.upper()}", carried_paths)
    if worker is None:
        return extraction, None
    new = dict(worker.files)
    files = [f if f.path not in new else RenderedFile(f.path, new.pop(f.path))
             for f in extraction.files]
    files += [RenderedFile(path, content) for path, content in new.items()]
    rewrites = list(extraction.rewrites)
    routing = worker.rewrite
    if routing is not None and routing.after != routing.before:
        for position, rewrite in enumerate(rewrites):
            if rewrite.path == routing.path:  # its imports are redirected too: both changes
                app = plan.tasks.app if plan.tasks else None
                assert app is not None
                merged = insert_routing(rewrite.after, rewrite.path, app, plan.seam,
                                        worker.routes_module)
                rewrites[position] = replace(rewrite, after=merged.after)
                break
        else:
            rewrites.append(routing)
    return replace(extraction, files=tuple(files), rewrites=tuple(rewrites)), worker


def _client_module(path: str, client_package: str) -> str:
    leaf = path.rsplit("/", 1)[-1][:-3]
    return client_package if leaf == "__init__" else f"{client_package}.{leaf}"


Files = tuple[tuple[SourceFile, FileFacts], ...]


def fold_clients(files: Files) -> Files:
    """Make generated client packages transparent: drop their modules and read imports of
    them as imports of the modules they wrap, so a second extraction sees the same project
    (and writes the same files) as the first."""
    wrapped: dict[str, str] = {}
    for source, facts in files:
        if source.module.rsplit(".", 1)[-1] == "_runtime" or "_client." not in source.module:
            continue
        for imp in facts.imports:
            if imp.alias == "_local" and imp.name:
                wrapped[source.module] = f"{imp.module}.{imp.name}"
    if not wrapped:
        return files
    clients = {module.rsplit(".", 1)[0] for module in wrapped}
    kept = []
    for source, facts in files:
        if any(source.module == c or source.module.startswith(c + ".") for c in clients):
            continue
        imports = []
        for imp in facts.imports:
            full = f"{imp.module}.{imp.name}" if imp.name else imp.module
            if full in wrapped:  # from pkg.x_client import mod
                target = wrapped[full]
                imports.append(imp._replace(module=target.rsplit(".", 1)[0],
                                            name=target.rsplit(".", 1)[1] if imp.name else None))
            elif imp.module in wrapped:  # from pkg.x_client.mod import f
                imports.append(imp._replace(module=wrapped[imp.module]))
            else:
                imports.append(imp)
        kept.append((source, replace(facts, imports=tuple(imports))))
    return tuple(kept)


@dataclass(frozen=True)
class LegacyApp:
    """How the service mounts the legacy application to serve the seam's routes as they are."""

    kind: str  # wsgi | asgi
    target: str  # module:attribute
    call: bool  # the attribute is a factory to call (create_app), not the app itself

    def describe(self) -> str:
        return f"{self.kind.upper()} app {self.target}{'()' if self.call else ''}"


def native_routers(files: Files, members: set[str]) -> tuple[tuple[str, str, str], ...]:
    """FastAPI routers of the seam that the service can include as they are (a mechanical
    port): (module, variable, the prefix the legacy app includes them with). A router whose
    include prefix is computed at run time is left to the mounted legacy app."""
    from strangler.parse.link import Linker

    linker = Linker("", files)
    found: dict[tuple[str, str], set[str]] = {}
    for source, facts in files:
        for register in facts.registers:
            target = linker.router_of(source.module, register.target)
            if target is None or target[0] not in members:
                continue
            if linker.data[target[0]].routers[target[1]].kind != "apirouter":
                continue
            found.setdefault(target, set()).add(register.prefix or "")
    return tuple(sorted((module, var, prefixes.pop()) for (module, var), prefixes in
                        found.items() if len(prefixes) == 1 and "{" not in next(iter(prefixes))))


def find_legacy_app(files: Files, framework: str) -> LegacyApp | None:
    """The monolith's application for the seam's framework: a Flask or FastAPI factory or
    app object, or Django's WSGI `application`."""
    candidates: list[LegacyApp] = []
    for source, facts in files:
        own = {name for name in facts.defined} - {imp.alias for imp in facts.imports}
        imports = {imp.module.split(".")[0] for imp in facts.imports}
        if framework == "django":
            if source.module.endswith("wsgi") and "application" in own:
                candidates.append(LegacyApp("wsgi", f"{source.module}:application", False))
            continue
        kind = "asgi" if framework == "fastapi" else "wsgi"
        wanted = "fastapi" if framework == "fastapi" else "flask"
        if wanted not in imports:
            continue
        if "create_app" in own:
            candidates.append(LegacyApp(kind, f"{source.module}:create_app", True))
        apps = [r.var for r in facts.routers if r.kind in ("flask_app", "fastapi_app")
                and r.var in own]
        if apps:
            candidates.append(LegacyApp(kind, f"{source.module}:{apps[0]}", False))
    # A factory beats a module-level app object; then the shortest module name (the top).
    candidates.sort(key=lambda a: (not a.call, a.target.count("."), a.target))
    return candidates[0] if candidates else None


def _routes_toml(plan: ExtractionPlan, existing: str) -> str:
    lines: list[str] = []
    for prefix in plan.route_prefixes:
        if f'prefix = "{prefix}"' in existing:
            continue
        if prefix not in plan.routable_prefixes:
            lines += ["", f"# {prefix}: has a path parameter a route table cannot carry "
                          "(see the plan's risks)"]
            continue
        lines += ["", "[[routes]]", f'prefix = "{prefix}"', f'service = "{plan.seam}"',
                  'legacy = "http://127.0.0.1:5000"', 'upstream = "http://127.0.0.1:8000"',
                  'mode = "shadow"']
    if not lines:
        return ""
    header = ["", f"# Routes of the {plan.seam} service (strangler extract): legacy and new side"
                  " by side; `strangler route set PREFIX MODE` moves traffic."]
    return "\n".join(header + lines) + "\n"


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True),
                                        after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def _table_owners(index: ProjectIndex, config: SeamConfig, proposal: SeamProposal
                  ) -> dict[str, str]:
    """table -> owning seam: the declared seams' `tables` when seams are declared (none
    known without them), else the analysis' owners."""
    if config.declared:
        from strangler.seams.owners import table_owners

        return table_owners(index, config)
    return {table: seam.name for seam in proposal.seams for table in seam.tables_owned}
