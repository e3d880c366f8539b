"""Stage 4: a seam (or module, or package) + the index -> an `ExtractionPlan`.

What the new service serves and exposes, which calls go through the client, which functions
write (and so are not retried or shadowed), and what cannot be done safely.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Mapping

from strangler.model import (
    ROUTABLE_PREFIX,
    ExtractionPlan,
    InterfaceFunction,
    Param,
    ProjectIndex,
    Risk,
    carried_prefixes,
    serving_module,
)
from strangler.plan.judge import json_judgement, keep_local_reason
from strangler.plan.prefixes import (
    config_prefixes,
    route_prefixes,
    runtime_pieces,
    unset_config_keys,
    with_config_prefixes,
    without_runtime_prefix,
)
from strangler.plan.risks import code_risks, graphql_risk, outside_model_writes
from strangler.plan.tasks import plan_tasks

READ_VERBS = ("get", "list", "is", "has", "find", "count", "search", "lookup", "fetch",
              "describe", "show", "can", "compute", "calculate", "plan", "format", "render")
INSTANCE_WRITES = {"save", "delete", "commit", "flush", "bulk_create", "bulk_update", "add",
                   "add_all", "merge", "executemany"}
TRANSACTION = re.compile(r"\b(transaction|atomic|begin|commit|rollback)\b")


def _main_package(modules: list[str], packages: set[str]) -> str:
    """The deepest package holding more than half of the seam's modules below it (a
    misplaced helper elsewhere does not move it): `shop.billing` for shop.billing.* plus
    shop.catalog.pricing, and `dcim` for dcim's views beside its many subpackages. Without
    one, the package with the most modules directly in it."""
    below: dict[str, int] = defaultdict(int)
    votes: dict[str, int] = defaultdict(int)
    for module in modules:
        home = module if module in packages else module.rsplit(".", 1)[0]
        votes[home] += 1
        parts = home.split(".")  # (namespace packages too: every folder above a module)
        for depth in range(1, len(parts) + 1):
            below[".".join(parts[:depth])] += 1
    majority = [p for p, n in below.items() if 2 * n > len(modules)]
    if majority:
        return max(sorted(majority), key=lambda p: (p.count("."), below[p]))
    return max(sorted(votes), key=lambda p: votes[p]) if votes else modules[0]


def _params(function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Param, ...]:
    args = function.args
    result: list[Param] = []
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for index, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        kind = "positional_only" if index < len(args.posonlyargs) else "positional"
        result.append(Param(arg.arg, kind, ast.unparse(arg.annotation) if arg.annotation
                            else None, ast.unparse(default) if default else None))
    if args.vararg:
        result.append(Param(args.vararg.arg, "var_positional", None, None))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        result.append(Param(arg.arg, "keyword", ast.unparse(arg.annotation) if arg.annotation
                            else None, ast.unparse(kw_default) if kw_default else None))
    if args.kwarg:
        result.append(Param(args.kwarg.arg, "var_keyword", None, None))
    return tuple(result)


def resolve_target(name: str, seams: Mapping[str, tuple[str, ...]],
                   modules: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """(seam name, modules) for a seam name, a dotted module or a package; None if unknown."""
    if name in seams:
        return name, seams[name]
    members = tuple(m for m in modules if m == name or m.startswith(name + "."))
    if members:
        return name.rsplit(".", 1)[-1], members
    return None


def make_plan(index: ProjectIndex, seam: str, members: tuple[str, ...],
              sources: Mapping[str, str], kernel: frozenset[str] = frozenset(),
              owners: Mapping[str, str] | None = None) -> ExtractionPlan:
    """Plan the extraction of `members` as service `seam` (`sources`: module -> text;
    `owners`: table -> the seam that owns it, from the analysis or the declared seams: a
    table another seam owns stays with that seam, and this one calls it)."""
    member_set = set(members)
    paths = {m.name: m.path for m in index.modules}
    package = _main_package(sorted(members), {m.name for m in index.modules if m.is_package})
    risks: list[Risk] = []

    # Who outside uses what inside.
    used: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for use in index.uses:
        if use.target in member_set and use.source not in member_set and use.name:
            for line in use.lines:
                used[(use.target, use.name)].append((use.source, line))
            if use.name.startswith("_"):
                risks.append(Risk("private_import", f"{use.source} uses private name "
                                  f"{use.target}.{use.name}", paths.get(use.source, ""),
                                  use.lines[0]))
            if use.kind == "attribute_store":
                risks.append(Risk("mutable_state", f"{use.source} assigns {use.target}."
                                  f"{use.name} at run time: module state the service cannot "
                                  "share", paths.get(use.source, ""), use.lines[0]))
    for imp in index.imports:
        if imp.target in member_set and imp.source not in member_set and imp.name:
            used.setdefault((imp.target, imp.name), []).append((imp.source, imp.line))

    # Functions and their writes, per module.
    writes_at: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for table in index.tables:
        for access in table.writers:
            if access.module in member_set:
                writes_at[access.module].append((access.line, table.name))
    definitions: dict[tuple[str, str], ast.FunctionDef | ast.AsyncFunctionDef] = {}
    trees: dict[str, ast.Module] = {}
    module_state: list[Risk] = []
    for module in sorted(member_set):
        try:
            tree = ast.parse(sources.get(module, ""))
        except SyntaxError:
            continue
        trees[module] = tree
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                definitions[(module, node.name)] = node
        for found in ast.walk(tree):
            if isinstance(found, ast.Global):
                module_state.append(Risk("mutable_state", f"{module} rebinds module state "
                                         f"({', '.join(found.names)}) at run time: each replica "
                                         "would hold its own copy", paths.get(module, ""),
                                         found.lineno))
    risks.extend(module_state)
    direct: dict[tuple[str, str], set[str]] = {}
    calls: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    bindings = _seam_bindings(index, member_set)
    for (module, name), node in definitions.items():
        end = node.end_lineno or node.lineno
        direct[(module, name)] = {t for line, t in writes_at[module] if node.lineno <= line <= end}
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                target = _called(inner.func, module, bindings)
                if target in definitions:
                    calls[(module, name)].add(target)
                elif isinstance(inner.func, ast.Attribute) and inner.func.attr in INSTANCE_WRITES:
                    direct[(module, name)].add("(a model or session write)")
        text = ast.get_source_segment(sources.get(module, ""), node) or ""
        if TRANSACTION.search(text) and (module, name) in used:
            risks.append(Risk("transaction", f"{module}.{name} opens or commits a transaction; "
                              "callers outside the seam that expect it in their own "
                              "transaction lose atomicity over HTTP", paths.get(module, ""),
                              node.lineno))
    writes = {key: set(value) for key, value in direct.items()}
    changed = True
    while changed:  # writes through the seam functions a function calls
        changed = False
        for key, targets in calls.items():
            for target in targets:
                extra = writes.get(target, set()) - writes[key]
                if extra:
                    writes[key] |= extra
                    changed = True

    functions: list[InterfaceFunction] = []
    local: list[tuple[str, str, str]] = []
    models = frozenset(re.split(r"[.:]", model.name)[-1] for table in index.tables
                       for model in table.models)
    for (module, name), callers in sorted(used.items()):
        function = definitions.get((module, name))
        if function is None:
            if not name.startswith("_") and module in member_set:
                local.append((module, name, "not a function: stays in-process (class, constant "
                              "or module)"))
            continue
        caller_modules = sorted({source for source, _ in callers})
        reason = keep_local_reason(trees[module], function,
                                   {c: sources.get(c, "") for c in caller_modules})
        if reason is None and isinstance(function, ast.AsyncFunctionDef):
            reason = ("async: a synchronous wrapper would change what callers await; stays "
                      "local")
        if reason is not None:
            local.append((module, name, reason))
            continue
        params = _params(function)
        returns = ast.unparse(function.returns) if function.returns else None
        reasons = json_judgement(function, params, returns,
                                 _trees(caller_modules, sources), models)
        safe = not reasons
        written = tuple(sorted(writes.get((module, name), set())))
        read_only = not written and name.split("_")[0] in READ_VERBS
        if not safe:
            risks.append(Risk("not_json", f"{module}.{name}: {'; '.join(reasons)}: stays "
                              "local in every mode", paths.get(module, ""), function.lineno))
        functions.append(InterfaceFunction(module, name, params, returns, function.lineno,
                                           read_only, written,
                                           tuple(sorted(set(callers))), safe))

    owned: list[str] = []
    to_move: list[tuple[str, tuple[str, ...]]] = []
    of_others: list[tuple[str, str]] = []
    used_outside: dict[str, tuple[str, ...]] = {}  # every table also used outside the seam
    for table in index.tables:
        accessors = {a.module for a in (*table.readers, *table.writers)}
        inside = accessors & member_set
        if not inside:
            continue
        outside = sorted(accessors - member_set - kernel)
        owner = (owners or {}).get(table.name, seam)
        if outside:
            used_outside[table.name] = tuple(outside)
        if owner != seam:
            of_others.append((table.name, owner))
            writing = sorted({a.module for a in table.writers} & member_set)
            risks.append(Risk("shared_table", f"table {table.name} belongs to seam {owner}: "
                              "it does not move with this service, which calls " + owner
                              + (f" for it ({', '.join(writing)} write it: move those writes "
                                 f"to {owner} first)" if writing else " for it, or keeps a "
                                 "read model"), "", 0))
        elif outside:
            to_move.append((table.name, tuple(outside)))
            risks.append(Risk("shared_table", f"table {table.name} is also read or written by "
                              f"{', '.join(outside)}: migrate its data or serve it through "
                              "the API", "", 0))
        else:
            owned.append(table.name)
    # GraphQL operations share one endpoint: no path prefix is theirs (see graphql_risk)
    # A route is the seam's when its handler is (as the seam lists it: `serving_module`).
    served = {r for r in index.routes if serving_module(r, paths) in member_set}
    http = [r for r in index.routes if r.kind == "http"]
    operations = tuple(r for r in index.routes if r.kind == "graphql" and r in served)
    if operations:
        risks.append(graphql_risk(operations))
    routes = tuple(r for r in http if r in served)
    configured = config_prefixes([r.path for r in http], sources)
    unset = unset_config_keys([r.path for r in http], sources)
    others = [without_runtime_prefix(with_config_prefixes(r.path, configured, unset),
                                     r.framework, r.runtime_prefix)
              for r in http if r not in served]
    mine = [without_runtime_prefix(with_config_prefixes(r.path, configured, unset),
                                   r.framework, r.runtime_prefix) for r in routes]
    prefixes = route_prefixes(mine, others)
    for piece in sorted({p for r in routes
                         for p in runtime_pieces(with_config_prefixes(r.path, configured, unset),
                                                 r.framework, r.runtime_prefix)}):
        risks.append(Risk("route_prefix", f"the routes' prefix {{{piece}}} is computed at run "
                          "time: the route table assumes it is empty; where a deployment sets "
                          "it, prefix the table's entries with its value, or those paths stay "
                          "on legacy", "", 0))
    for setting in sorted(k for k in unset if any(k in r.path for r in routes)):
        risks.append(Risk("route_prefix", f"the routes' prefix is the setting {setting}, which "
                          "the project computes at run time: the route table assumes it is "
                          "empty (its default); where a deployment sets it, prefix the "
                          "table's entries with it, or those paths stay on legacy", "", 0))
    for setting, (value, module, line) in sorted(configured.items()):
        if any(setting in r.path for r in routes):
            risks.append(Risk("route_prefix", f"the routes' prefix {value or '/'} is the "
                              f"config value {setting} set in {module}: a deployment that sets "
                              "it otherwise must change the route table too",
                              paths.get(module, ""), line))
    routable = set(carried_prefixes(prefixes))
    for prefix in prefixes:
        if not ROUTABLE_PREFIX.fullmatch(prefix):
            risks.append(Risk("route_prefix", f"route prefix {prefix} has a path parameter "
                              "that is not one whole segment (a path converter, a regular "
                              "expression): a route table cannot carry it; keep these routes "
                              "on legacy, or give them a prefix of their own", "", 0))
        elif prefix not in routable:
            risks.append(Risk("route_prefix", f"route prefix {prefix} is made of path "
                              "parameters only: it would take every path of its depth, the "
                              "legacy application's too; these routes stay on legacy, or "
                              "give them a prefix of their own", "", 0))
    tasks, task_risks = plan_tasks(seam, member_set, sources, paths, writes, used_outside)
    risks.extend(task_risks)
    risks.extend(code_risks(member_set, sources, paths))
    risks.extend(outside_model_writes(index, member_set, sources, paths))
    carried = sorted({imp.target for imp in index.imports
                      if imp.source in member_set and imp.target not in member_set})
    risks.sort(key=lambda r: (r.kind, r.file, r.line, r.message))
    return ExtractionPlan(
        seam=seam, modules=tuple(sorted(member_set)), package=package,
        functions=tuple(functions), local_symbols=tuple(local), routes=routes,
        route_prefixes=tuple(prefixes), tables_owned=tuple(sorted(owned)),
        tables_to_move=tuple(sorted(to_move)), carried=tuple(carried), risks=tuple(risks),
        tasks=tasks, graphql_operations=operations, tables_of_others=tuple(sorted(of_others)),
    )


def _trees(modules: list[str], sources: Mapping[str, str]) -> dict[str, ast.Module]:
    found: dict[str, ast.Module] = {}
    for module in modules:
        try:
            found[module] = ast.parse(sources.get(module, ""))
        except SyntaxError:
            continue
    return found


def _seam_bindings(index: ProjectIndex, members: set[str]) -> dict[str, dict[str, str]]:
    """Per seam module: local alias -> seam module it names (from its imports)."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for imp in index.imports:
        if imp.source in members and imp.target in members and imp.name is None:
            found[imp.source][imp.target.rsplit(".", 1)[-1]] = imp.target
    return found


def _called(func: ast.expr, module: str, bindings: dict[str, dict[str, str]]
            ) -> tuple[str, str] | None:
    if isinstance(func, ast.Name):
        return (module, func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        target = bindings.get(module, {}).get(func.value.id)
        if target:
            return (target, func.attr)
    return None
