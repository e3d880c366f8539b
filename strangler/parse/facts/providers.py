"""Service-locator registries as written in one file: the keys classes provide, and the
attributes read on module-level aliases of imported objects.

A service locator hides the link from a user to the code it calls: the provider class
declares the key it registers under (`_provides_api = 'identity_api'`, `provides = "mail"`)
and users read that key as an attribute of the registry (`PROVIDERS.identity_api.get(...)`),
never importing the provider. The registry is usually reached through a module-level alias
of an imported object (`PROVIDERS = provider_api.ProviderAPIs`); reads of an imported name
itself are in the file's uses already. `link/providers.py` joins keys and reads."""

from __future__ import annotations

import ast
import re

from strangler.model import UseRow
from strangler.parse.facts.syntax import assignment, dotted, literal_str
from strangler.parse.facts.walk import Collector, Walk

# The class attribute a provider names its key with: `provides`, `_provides_api`,
# `__provides__`, `provides_service`.
PROVIDES = re.compile(r"^_*provides(_[a-z]+)?_*$")
KEY = re.compile(r"^[A-Za-z_]\w*$")


class ProviderFacts(Collector):
    """provided: (class, key, line); aliases: module-level `NAME = imported.chain` (or
    `NAME = imported`)."""

    def __init__(self, walk: Walk) -> None:
        super().__init__(walk)
        self.provided: list[tuple[str, str, int]] = []
        self.aliases: dict[str, str] = {}

    def class_statement(self, statement: ast.stmt) -> None:
        assigned = assignment(statement)
        if assigned is None:
            return
        target, value = assigned
        if not isinstance(target, ast.Name) or not PROVIDES.match(target.id):
            return
        key = literal_str(value)
        if key is not None and KEY.match(key):
            self.provided.append((".".join(self.walk.scope), key, statement.lineno))

    def module_assignment(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name) and isinstance(value, ast.Attribute | ast.Name):
            chain = dotted(value)
            if chain is not None and chain.split(".")[0] != target.id:
                self.aliases[target.id] = chain


def alias_reads(aliases: dict[str, str], bound: set[str],
                uses: dict[tuple[str, tuple[str, ...], str], list[int]]) -> tuple[UseRow, ...]:
    """The walk's name chains read through an alias of an imported object, rewritten to
    start at the import (`PROVIDERS.x.get` -> `provider_api.ProviderAPIs.x.get`), with the
    alias' chain and the first attribute read on it only (all a registry read needs)."""
    wanted = {alias: chain.split(".") for alias, chain in aliases.items()
              if chain.split(".")[0] in bound and alias not in bound}
    if not wanted:
        return ()
    merged: dict[tuple[str, tuple[str, ...], str], list[int]] = {}
    for (name, attrs, kind), lines in uses.items():
        parts = wanted.get(name)
        if parts is None or not attrs or kind not in ("attribute", "call"):
            continue
        key = (parts[0], (*parts[1:], attrs[0]), kind)
        merged.setdefault(key, []).extend(lines)
    return tuple((name, attrs, kind, tuple(sorted(set(lines))))
                 for (name, attrs, kind), lines in sorted(merged.items()))
