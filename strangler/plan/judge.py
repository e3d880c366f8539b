"""Which interface functions can go remote, and why the others stay in process.

A function stays local when wrapping it would change what callers see (a decorator, a
rebinding, attributes its callers use) or when its values are not proven JSON (see
`values.py`). Every decision comes with a reason shown in the plan.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from strangler.model import Param
from strangler.plan.values import (
    Scope,
    Verdict,
    annotation_verdict,
    call_sites,
    combine,
    returns_of,
    verdict,
)


def keep_local_reason(module_tree: ast.Module, function: ast.FunctionDef | ast.AsyncFunctionDef,
                      caller_texts: Mapping[str, str]) -> str | None:
    """Why `function` must stay the very object callers import, or None if a wrapper would
    do: decorated (a task's .delay, a receiver's registration, a route), rebound at module
    level, or used by callers through an attribute (`send.delay(...)`)."""
    name = function.name
    if function.decorator_list:
        shown = ", ".join("@" + ast.unparse(d).split("(")[0] for d in function.decorator_list)
        return (f"decorated ({shown}): a wrapper would lose what the decorator adds (a task's "
                ".delay/.apply_async, a signal receiver's registration); stays local")
    for node in module_tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return (f"rebound at module level (line {node.lineno}): the module attribute is "
                    "not the plain function; stays local")
    pattern = re.compile(rf"\b{re.escape(name)}\.([A-Za-z_]\w*)")
    for caller in sorted(caller_texts):
        found = pattern.search(caller_texts[caller])
        if found:
            return (f"{caller} uses {name}.{found.group(1)}: a wrapper would not have it; "
                    "stays local")
    return None


def _bind(call: ast.Call, params: tuple[Param, ...]) -> dict[str, ast.expr] | None:
    """Argument expression per parameter name at one call site; None if not decidable
    (star-arguments at the call site)."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            k.arg is None for k in call.keywords):
        return None
    positional = [p for p in params if p.kind in ("positional", "positional_only")]
    bound: dict[str, ast.expr] = {}
    for param, arg in zip(positional, call.args, strict=False):
        bound[param.name] = arg
    for keyword in call.keywords:
        if keyword.arg is not None:
            bound[keyword.arg] = keyword.value
    return bound


def json_judgement(function: ast.FunctionDef | ast.AsyncFunctionDef, params: tuple[Param, ...],
                   returns: str | None, caller_trees: Mapping[str, ast.Module],
                   models: frozenset[str]) -> list[str]:
    """The reasons `function`'s values are not proven JSON ([] when they are)."""
    reasons: list[str] = []
    if any(p.kind in ("var_positional", "var_keyword") for p in params):
        reasons.append("takes *args/**kwargs: the service cannot receive them as they are")
    sites = [(call, scope) for call, scope in call_sites(caller_trees, caller_trees,
                                                         function.name)]
    per_param: dict[str, list[Verdict]] = {p.name: [] for p in params}
    undecided = 0
    for call, scope in sites:
        bound = _bind(call, params)
        if bound is None:
            undecided += 1
            continue
        scope = Scope(scope.json_names, models)
        for param in params:
            if param.name in bound:
                per_param[param.name].append(verdict(bound[param.name], scope))
    if undecided:
        reasons.append(f"{undecided} call site(s) pass *args/**kwargs: values unknown")
    if not sites:
        reasons.append("no call site found (passed by reference or called dynamically): "
                       "argument values unknown")
    json_params: set[str] = set()
    for param in params:
        if param.kind in ("var_positional", "var_keyword"):
            continue
        declared = annotation_verdict(param.annotation)
        seen = combine(per_param[param.name]) if per_param[param.name] else (
            "json" if param.default is not None else "unknown")
        if declared == "unsafe":
            reasons.append(f"argument {param.name} is annotated {param.annotation}")
        elif seen == "unsafe":
            reasons.append(f"argument {param.name}: a caller passes a model, query, date "
                           "or other non-JSON value")
        elif declared == "json" or seen == "json":
            json_params.add(param.name)
        elif sites:
            reasons.append(f"argument {param.name}: unannotated, and what callers pass "
                           "cannot be told")
    declared_return = annotation_verdict(returns)
    scope = Scope(frozenset(json_params), models)
    body = combine(verdict(value, scope) for value in returns_of(function))
    if declared_return == "unsafe":
        reasons.append(f"returns {returns}")
    elif body == "unsafe":
        reasons.append("returns a model, query, date or other non-JSON value")
    elif body == "unknown" and declared_return != "json":
        reasons.append("unannotated return whose value cannot be told")
    return reasons
