"""Render the files of an extraction: the service, the client shim, the codemod diffs."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import libcst

from strangler.generate.codemod import Rewrite, redirect_imports
from strangler.model import (
    DatabaseSettings,
    ExtractionPlan,
    InterfaceFunction,
    Module,
    ProjectIndex,
    serving_module,
)
from strangler.templating import environment

SAMPLE_VALUES = {"int": 1, "float": 1.0, "str": "x", "bool": False, "dict": {}, "list": [],
                 "Dict": {}, "List": [], "Mapping": {}, "Sequence": [], "tuple": [],
                 "Tuple": []}
_MISSING = object()  # no sample fits: the generated test is marked for the team


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the monolith's root
    content: str
    generated: bool = True  # False: an existing file of the user's, changed by a codemod


@dataclass(frozen=True)
class Extraction:
    plan: ExtractionPlan
    files: tuple[RenderedFile, ...]  # new generated files
    rewrites: tuple[Rewrite, ...]  # changed monolith files (before and after)
    client_package: str
    service_dir: str
    legacy_app: Any = None  # how the service serves the seam's routes (None: it does not)
    native: tuple[tuple[str, str, str], ...] = ()  # FastAPI routers included as they are
    dependencies: tuple[str, ...] = ()  # distributions with the monolith's pins
    unresolved: tuple[str, ...] = ()  # import names no declared distribution matches
    database: DatabaseSettings | None = None  # the settings the service reads, as the monolith
    # Why the service's own runtime may not install beside the monolith's pins
    conflicts: tuple[str, ...] = ()
    # Carried modules not copied: they find files through __file__ (settings, data folders,
    # alembic.ini), so the service imports the monolith's own (its paths mean the same).
    referenced: tuple[str, ...] = ()
    # Seam modules in another source root than the client's (a script folder beside the
    # package): their callers may not see the client, so they keep importing them directly.
    other_root_modules: tuple[str, ...] = ()


def _sample(param: Any) -> object:
    """A value that fits the parameter's inferred type: its annotation (`int`, `list[str]`,
    `Optional[int]`, `int | None`), else an id for an id-named parameter; _MISSING when
    nothing tells (a None would fail by design on real code)."""
    annotation = param.annotation
    if annotation:
        text = annotation.strip("'\"").replace("typing.", "")
        if text.startswith("Optional["):
            text = text[len("Optional["):-1]
        for part in text.split("|"):
            base = part.split("[")[0].strip()
            if base in SAMPLE_VALUES:
                return SAMPLE_VALUES[base]
        return _MISSING
    if param.name in ("id", "pk") or param.name.endswith(("_id", "_pk")):
        return 1
    if param.name.endswith(("_ids", "_pks")):
        return [1]
    return _MISSING


def _samples(functions: tuple[InterfaceFunction, ...]
             ) -> tuple[dict[str, dict], dict[str, dict], dict[str, str]]:
    """Sample arguments per RPC path, payloads of the wrong type, and the paths whose
    samples the team must fill in (with which arguments)."""
    samples: dict[str, dict] = {}
    bad: dict[str, dict] = {}
    todo: dict[str, str] = {}
    for function in functions:
        if not function.json_safe:
            continue
        path = f"/rpc/{function.module}/{function.name}"
        required = [p for p in function.params if p.default is None
                    and p.kind not in ("var_positional", "var_keyword")]
        values = {p.name: _sample(p) for p in required}
        missing = [f"{p.name} ({p.annotation or 'unannotated'})" for p in required
                   if values[p.name] is _MISSING]
        if missing:
            todo[path] = ("fill in sample arguments that fit: " + ", ".join(missing))
        samples[path] = {k: (None if v is _MISSING else v) for k, v in values.items()}
        if required and all(p.annotation for p in required):
            bad[path] = {p.name: {"not": ["a", "valid", "value"]} for p in required}
    return samples, bad, todo


def _folder_depth(module: Module) -> tuple[list[str], int]:
    """The folder of a module's file and how many dotted parts that folder stands for."""
    depth = module.name.count(".") + 1
    return module.path.split("/")[:-1], depth if module.is_package else depth - 1


def package_dir(index: ProjectIndex, package: str) -> str | None:
    """The folder of `package` relative to the root ('' for the source root when package is
    ''), told from any module inside it; None when no module is."""
    depth = package.count(".") + 1 if package else 0
    for module in sorted(index.modules, key=lambda m: m.name):
        if package and module.name != package and not module.name.startswith(package + "."):
            continue
        folder, level = _folder_depth(module)
        if level < depth or level > len(folder):
            continue
        return "/".join(folder[:len(folder) - (level - depth)])
    return None


def source_root(module: Module) -> str:
    """The folder a module is imported from ('' for the monolith's root, 'src' ...)."""
    folder, level = _folder_depth(module)
    return "/".join(folder[:len(folder) - level])


def source_relative(module: Module) -> str:
    """A module's path below its source root (`src/app/x.py` -> `app/x.py`)."""
    folder, level = _folder_depth(module)
    return "/".join([*folder[len(folder) - level:], module.path.rsplit("/", 1)[-1]])


def render_extraction(index: ProjectIndex, plan: ExtractionPlan, sources: Mapping[str, str],
                      out: str, carried: tuple[str, ...], legacy_app: Any,
                      database: DatabaseSettings | str, dependencies: tuple[str, ...] = (),
                      native: tuple[tuple[str, str, str], ...] = (),
                      boot: Mapping[str, Any] | None = None, *,
                      requires_python: str = ">=3.8",
                      unresolved: tuple[str, ...] = (),
                      data: Mapping[str, str] | None = None) -> Extraction:
    """Every file the extraction writes, and the rewritten monolith files. `data`: the
    data files beside the monolith's modules (path -> text); those in a carried package's
    folder are carried with its code."""
    env = environment()
    seam = plan.seam
    if isinstance(database, str):  # one environment variable, named by the caller
        database = DatabaseSettings("environment", (database,), "the monolith")
    parent_package = plan.package.rsplit(".", 1)[0] if "." in plan.package else ""
    client_package = f"{parent_package}.{seam}_client" if parent_package else f"{seam}_client"
    # Beside the seam's package, inside the package it is imported from (namespace packages
    # and src layouts included): found from the files, not from an __init__.py.
    home = package_dir(index, parent_package) if parent_package else _source_root(
        index, plan.package)  # a top-level seam package or module: its own source root
    client_dir = (home + "/" if home else "") + f"{seam}_client"
    files: list[RenderedFile] = []
    env_prefix = f"STRANGLER_{seam.upper()}"
    files.append(RenderedFile(f"{client_dir}/__init__.py", env.get_template(
        "client/package.py.jinja").render(seam=seam)))
    files.append(RenderedFile(f"{client_dir}/_runtime.py", env.get_template(
        "client/runtime.py.jinja").render(seam=seam, env=env_prefix)))
    by_module: dict[str, list[InterfaceFunction]] = {}
    for function in plan.functions:
        by_module.setdefault(function.module, []).append(function)
    local_names: dict[str, list[str]] = {}
    for module, name, _ in plan.local_symbols:
        local_names.setdefault(module, []).append(name)
    redirects: dict[str, str] = {}
    client_root = _source_root(index, parent_package) if parent_package else home or ""
    roots = {m.name: source_root(m) for m in index.modules}
    other_root: list[str] = []
    for module in sorted(by_module):  # modules without functions stay as they are
        if roots.get(module, client_root) != client_root:
            # a caller that imports it may not see the client's root (a script folder)
            other_root.append(module)
            continue
        if module.startswith(plan.package + "."):
            relative = module[len(plan.package) + 1:]
        elif module == plan.package:
            relative = "package"
        elif parent_package and module.startswith(parent_package + "."):
            relative = module[len(parent_package) + 1:]  # a helper beside the main package
        else:  # a seam module living further away
            relative = module
        client_module = f"{client_package}.{relative.replace('.', '_')}"
        redirects[module] = client_module
        parent, _, leaf = module.rpartition(".")
        files.append(RenderedFile(
            f"{client_dir}/{relative.replace('.', '_')}.py",
            env.get_template("client/module.py.jinja").render(
                seam=seam, module=module, client_package=client_package, parent=parent,
                leaf=leaf, functions=by_module.get(module, []),
                local_names=sorted(set(local_names.get(module, [])) - {
                    f.name for f in by_module.get(module, [])}))))
    # The service.
    referenced = _referenced(carried, sources, index, client_package, plan.modules)
    service_dir = f"{out.rstrip('/')}/{seam}"
    package = f"{seam}_service"
    samples, bad, todo = _samples(plan.functions)
    context = dict(seam=seam, functions=[f for f in plan.functions if f.json_safe],
                   prefixes=list(plan.routable_prefixes),
                   legacy_app=(None if legacy_app is None else {
                       "kind": legacy_app.kind, "target": legacy_app.target,
                       "call": legacy_app.call}), database={
                       "found": database.found, "variables": list(database.variables),
                       "describe": database.describe()}, native=list(native),
                   package=package, samples=samples, bad=bad, todo=todo, owned=plan.tables_owned,
                   to_move=plan.tables_to_move, of_others=plan.tables_of_others,
                   dependencies=dependencies,
                   runtime=_runtime_dependencies(dependencies),
                   requires_python=requires_python, unresolved=unresolved,
                   env=env_prefix, modules=_used_modules(plan),
                   other_modules=sorted(set(plan.modules) - set(_used_modules(plan))),
                   referenced=referenced,
                   boot=_boot(boot, _source_root(index, plan.package), service_dir,
                              carried_roots(index, carried)))
    for template, target in (("service/app.py.jinja", f"{package}/app.py"),
                             ("service/pyproject.toml.jinja", "pyproject.toml"),
                             ("service/Dockerfile.jinja", "Dockerfile"),
                             ("service/README.md.jinja", "README.md"),
                             ("service/tests/test_service.py.jinja",
                              "tests/test_service.py")):
        files.append(RenderedFile(f"{service_dir}/{target}",
                                  env.get_template(template).render(**context)))
    files.append(RenderedFile(f"{service_dir}/.gitignore",
                              "# the idempotency store of a service run from this folder\n"
                              ".strangler-idempotency.sqlite3*\n"))
    files.append(RenderedFile(f"{service_dir}/{package}/__init__.py",
                              f'"""The {seam} service (generated by strangler extract)."""\n'))
    back = {new: old for old, new in redirects.items()}
    by_name = {m.name: m for m in index.modules}
    members = set(plan.modules)
    for module in carried:
        found = by_name.get(module)
        if found is not None and module in sources:
            text = sources[module]
            if module in referenced:
                continue  # found in the monolith by the service's fallback
            if client_package in text:  # the service runs the seam in-process: no client
                text = redirect_imports(text, found.path, module, found.is_package,
                                        back).after
            # Below the service's src/ as below the monolith's source root (no src/src/).
            files.append(RenderedFile(f"{service_dir}/src/{source_relative(found)}", text))
    # Data files beside carried package modules: their code finds them through __file__.
    folders = {by_name[m].path.rpartition("/")[0]: source_relative(by_name[m]).rpartition("/")[0]
               for m in carried if m in by_name and (by_name[m].is_package or "." in m)}
    written = {f.path for f in files}
    for path, text in sorted((data or {}).items()):
        folder, _, name = path.rpartition("/")
        target = f"{service_dir}/src/{folders[folder]}/{name}" if folder in folders else ""
        if target and target not in written:
            files.append(RenderedFile(target, text))
    # The codemod: every other monolith module importing the seam goes through the client.
    rewrites: list[Rewrite] = []
    for m in index.modules:
        if m.name in members or m.name not in sources:
            continue
        text = sources[m.name]
        if not _may_import(m.name, text, redirects):
            continue
        rewrite = redirect_imports(text, m.path, m.name, m.is_package, redirects)
        if rewrite.after != rewrite.before:
            rewrites.append(rewrite)
    return Extraction(plan, tuple(files), tuple(rewrites), client_package, service_dir,
                      legacy_app, native, dependencies, unresolved, database,
                      runtime_conflicts(dependencies), tuple(referenced), tuple(other_root))


_FILE_RELATIVE = re.compile(r"\b__file__\b")
# A path that leaves the module's folder: `.parent.parent`, `.parents[2]`, `os.pardir`, "..".
_CLIMBS = re.compile(r"\.parent\s*\.\s*parent\b|\.parents\s*\[|dirname\(\s*os\.path\.dirname"
                     r"|\bos\.pardir\b|['\"]\.\.(?:[/'\"])")


def _referenced(carried: tuple[str, ...], sources: Mapping[str, str], index: ProjectIndex,
                client_package: str, members: Iterable[str]) -> list[str]:
    """The carried modules the service imports from the monolith instead of copying: shared
    modules that find files through `__file__` (settings, alembic.ini, data folders), which
    in a copy would point into the service's src/, and seam modules that climb out of
    their folder that way. A package with carried modules below it is copied
    all the same: without its __init__ in src/, they would all come from the monolith (the
    data beside it is carried). A module importing the client is copied (rewritten)."""
    packages = {m.name for m in index.modules if m.is_package}
    members = set(members)
    found = []
    for module in carried:
        text = sources.get(module, "")
        if not _FILE_RELATIVE.search(text) or client_package in text or (
                module in packages and any(c.startswith(module + ".") for c in carried)):
            continue
        # The seam's own code stays copied unless it climbs out of its folder (the data
        # beside it is carried): the service runs its copy, as its worker does.
        if module not in members or _CLIMBS.search(text):
            found.append(module)
    return found


def _pinned(dependencies: tuple[str, ...], name: str) -> tuple[int, ...] | None:
    """The version the monolith pins `name` to (`pydantic==1.6.2` -> (1, 6, 2))."""
    for dependency in dependencies:
        found = re.fullmatch(rf"{name}\s*==\s*(\d+(?:\.\d+)*)\S*", dependency.strip(), re.I)
        if found:
            return tuple(int(part) for part in found.group(1).split("."))
    return None


# FastAPI's releases with `lifespan` on pydantic 1 (0.93 to 0.99 need pydantic >= 1.7.4).
FASTAPI_ON_PYDANTIC_1 = "fastapi>=0.93,<0.100"


def runtime_conflicts(dependencies: tuple[str, ...]) -> tuple[str, ...]:
    """Pins of the monolith that no release of the service's runtime installs beside."""
    pydantic = _pinned(dependencies, "pydantic")
    if pydantic is not None and pydantic < (1, 7, 4):
        shown = ".".join(map(str, pydantic))
        return (f"the service runs on FastAPI, which needs pydantic >= 1.7.4; the monolith "
                f"pins pydantic=={shown}: the service cannot run in the monolith's "
                "environment until pydantic is upgraded (its routes stay on legacy)",)
    return ()


def _runtime_dependencies(dependencies: tuple[str, ...]) -> list[str]:
    """What the service's own code needs, unless the project already pins it: FastAPI's
    pydantic-1 releases when the monolith pins pydantic 1."""
    declared = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", d)[0]).lower()
                for d in dependencies}
    pydantic = _pinned(dependencies, "pydantic")
    fastapi = FASTAPI_ON_PYDANTIC_1 if pydantic is not None and pydantic < (2,) \
        else "fastapi>=0.110"
    return [d for d in (fastapi, "uvicorn>=0.27", "a2wsgi>=1.10")
            if re.split(r"[<>=]", d)[0] not in declared]


def runtime_requirements(dependencies: tuple[str, ...]) -> list[str]:
    """The service's own runtime as its pyproject asks for it: the monolith's pins where it
    has them, else strangler's requirements."""
    declared = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", d)[0]).lower(): d
                for d in dependencies}
    return [*_runtime_dependencies(dependencies),
            *(declared[n] for n in ("fastapi", "uvicorn", "a2wsgi") if n in declared)]


def _used_modules(plan: ExtractionPlan) -> list[str]:
    """The seam modules callers use (functions, kept-local names, routes): /readyz needs
    them to import; all of the seam's modules when callers use none."""
    members = set(plan.modules)
    used = {f.module for f in plan.functions} | {m for m, _, _ in plan.local_symbols} | {
        serving_module(r, members) for r in plan.routes}
    return sorted(used & members) or list(plan.modules)


def carried_roots(index: ProjectIndex, carried: Iterable[str]) -> set[str]:
    """The source roots the carried modules are imported from ('' for the monolith's root)."""
    wanted = set(carried)
    return {source_root(m) for m in index.modules if m.name in wanted}


def _source_root(index: ProjectIndex, package: str) -> str:
    """The folder the seam's package is imported from ('' for the monolith's root, 'src')."""
    for module in index.modules:
        if module.name == package:  # a package or a plain module (`tool` in dev/code-gen/)
            return source_root(module)
    folder = package_dir(index, package)
    if not folder:
        return ""
    parts = folder.split("/")
    return "/".join(parts[:max(0, len(parts) - package.count(".") - 1)])


def _boot(boot: Mapping[str, Any] | None, source_root: str | None, service_dir: str,
          other_roots: Iterable[str] = ()) -> dict[str, Any]:
    """How the service boots (framework, settings, app) and where it finds the monolith's
    source root, and its other source roots the carried code comes from, relative to the
    service folder."""
    ups = "/".join([".."] * (service_dir.count("/") + 1))
    found = dict(boot or {})
    found.setdefault("framework", "")
    found.setdefault("settings", "")
    found.setdefault("app", None)
    found["monolith"] = f"{ups}/{source_root}" if source_root else ups
    found["roots"] = [f"{ups}/{r}" if r else ups
                      for r in sorted(set(other_roots) - {source_root or ""})]
    found["workdir"] = ups
    return found


_FROM_IMPORT = re.compile(r"\bfrom\s+(\.*[\w.]*)\s+import\s+(\([^)]*\)|[^\n]*)")


def _may_import(module: str, text: str, redirects: Mapping[str, str]) -> bool:
    """Cheap pre-filter before the libcst rewrite: can `module` (source `text`) import one
    of the redirected modules? Either the module's dotted name is in the text (`import
    shop.billing.payments`, `from shop.billing.payments import x`), or a `from PARENT
    import ...` names its leaf (relative forms only from inside the same top-level package).
    A leaf name alone (`utils`, `models`) anywhere in the project is not enough: that made
    a 45k-line Django dry run parse most of its files."""
    targets = [t for t in redirects if t in text]
    if any(re.search(rf"\b{re.escape(t)}\b", text) for t in targets):
        return True
    top = module.split(".")[0]
    leaves = {t.rpartition(".")[2]: t for t in redirects}
    if not any(leaf in text for leaf in leaves):
        return False
    for found in _FROM_IMPORT.finditer(text):
        source, names = found.group(1), found.group(2)
        for leaf, target in leaves.items():
            parent = target.rpartition(".")[0]
            if source.startswith("."):
                if target.split(".")[0] != top:
                    continue
                if source.rstrip(".").endswith(leaf) or re.search(rf"\b{leaf}\b", names):
                    return True
            elif source == parent and re.search(rf"\b{re.escape(leaf)}\b", names):
                return True
    return False


def check_syntax(files: tuple[RenderedFile, ...]) -> list[str]:
    """Paths of generated Python files that do not parse (a template bug). A file this
    interpreter cannot parse is tried again with libcst, which reads every Python 3 grammar,
    as the analysis did: a monolith on a newer Python carries its own syntax into the
    service (f-strings with nested quotes, Python 3.12), and that is not broken."""
    broken = []
    for file in files:
        if file.path.endswith(".py"):
            try:
                ast.parse(file.content)
            except SyntaxError as exc:
                try:
                    libcst.parse_module(file.content)
                except libcst.ParserSyntaxError:
                    broken.append(f"{file.path}:{exc.lineno}: {exc.msg}")
    return broken
