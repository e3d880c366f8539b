"""Render the files of an extraction: the service, the client shim, the codemod diffs."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from strangler.generate.codemod import Rewrite, redirect_imports
from strangler.model import ExtractionPlan, InterfaceFunction, ProjectIndex
from strangler.report.templates import environment

SAMPLE_VALUES = {"int": 1, "float": 1.0, "str": "x", "bool": False, "dict": {}, "list": []}


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


def _sample(annotation: str | None) -> object:
    if annotation is None:
        return None
    base = annotation.split("|")[0].split("[")[0].strip()
    return SAMPLE_VALUES.get(base)


def _samples(functions: tuple[InterfaceFunction, ...]) -> tuple[dict[str, dict], dict[str, dict]]:
    samples: dict[str, dict] = {}
    bad: dict[str, dict] = {}
    for function in functions:
        if not function.json_safe:
            continue
        path = f"/rpc/{function.module}/{function.name}"
        required = [p for p in function.params if p.default is None
                    and p.kind not in ("var_positional", "var_keyword")]
        samples[path] = {p.name: _sample(p.annotation) for p in required}
        if required and all(p.annotation for p in required):
            bad[path] = {p.name: {"not": ["a", "valid", "value"]} for p in required}
    return samples, bad


def _module_path(index: ProjectIndex, module: str) -> str | None:
    for m in index.modules:
        if m.name == module:
            return m.path
    return None


def render_extraction(index: ProjectIndex, plan: ExtractionPlan, sources: Mapping[str, str],
                      out: str, carried: tuple[str, ...], legacy_app: Any,
                      db_env: str, dependencies: tuple[str, ...] = (),
                      native: tuple[tuple[str, str, str], ...] = ()) -> Extraction:
    """Every file the extraction writes, and the rewritten monolith files."""
    env = environment()
    seam = plan.seam
    package_path = _module_path(index, plan.package)
    parent_package = plan.package.rsplit(".", 1)[0] if "." in plan.package else ""
    client_package = f"{parent_package}.{seam}_client" if parent_package else f"{seam}_client"
    if package_path and package_path.endswith("__init__.py"):
        client_dir = package_path.rsplit("/", 2)[0] if package_path.count("/") > 1 else ""
    else:
        client_dir = package_path.rsplit("/", 1)[0] if package_path and "/" in package_path \
            else ""
    client_dir = (client_dir + "/" if client_dir else "") + f"{seam}_client"
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
    for module in sorted(by_module):  # modules without functions stay as they are
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
    service_dir = f"{out.rstrip('/')}/{seam}"
    package = f"{seam}_service"
    samples, bad = _samples(plan.functions)
    context = dict(seam=seam, functions=[f for f in plan.functions if f.json_safe],
                   prefixes=[p for p in plan.route_prefixes if "<" not in p and "{" not in p],
                   legacy_app=(None if legacy_app is None else {
                       "kind": legacy_app.kind, "target": legacy_app.target,
                       "call": legacy_app.call}), db_env=db_env, native=list(native),
                   package=package, samples=samples, bad=bad, owned=plan.tables_owned,
                   to_move=plan.tables_to_move, dependencies=dependencies)
    for template, target in (("service/app.py.jinja", f"{package}/app.py"),
                             ("service/pyproject.toml.jinja", "pyproject.toml"),
                             ("service/Dockerfile.jinja", "Dockerfile"),
                             ("service/README.md.jinja", "README.md"),
                             ("service/tests/test_service.py.jinja",
                              "tests/test_service.py")):
        files.append(RenderedFile(f"{service_dir}/{target}",
                                  env.get_template(template).render(**context)))
    files.append(RenderedFile(f"{service_dir}/{package}/__init__.py",
                              f'"""The {seam} service (generated by strangler extract)."""\n'))
    back = {new: old for old, new in redirects.items()}
    is_package = {m.name: m.is_package for m in index.modules}
    for module in carried:
        path = _module_path(index, module)
        if path and module in sources:
            text = sources[module]
            if client_package in text:  # the service runs the seam in-process: no client
                text = redirect_imports(text, path, module, is_package[module], back).after
            files.append(RenderedFile(f"{service_dir}/src/{path}", text))
    # The codemod: every other monolith module importing the seam goes through the client.
    rewrites: list[Rewrite] = []
    members = set(plan.modules)
    for m in index.modules:
        if m.name in members or m.name not in sources:
            continue
        text = sources[m.name]
        if not any(module in text for module in _mentions(redirects)):
            continue
        rewrite = redirect_imports(text, m.path, m.name, m.is_package, redirects)
        if rewrite.after != rewrite.before:
            rewrites.append(rewrite)
    return Extraction(plan, tuple(files), tuple(rewrites), client_package, service_dir,
                      legacy_app, native)


def _mentions(redirects: dict[str, str]) -> set[str]:
    """Cheap pre-filter: a file that names none of these cannot import the seam."""
    return {module.rsplit(".", 1)[-1] for module in redirects}


def check_syntax(files: tuple[RenderedFile, ...]) -> list[str]:
    """Paths of generated Python files that do not parse (a template bug)."""
    broken = []
    for file in files:
        if file.path.endswith(".py"):
            try:
                ast.parse(file.content)
            except SyntaxError as exc:
                broken.append(f"{file.path}:{exc.lineno}: {exc.msg}")
    return broken
