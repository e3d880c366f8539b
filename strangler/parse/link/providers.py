"""Uses through a service-locator registry: from a module that reads a provided key on a
registry to the module of the class that provides it.

A key (`identity_api`) is provided by one class (`_provides_api = 'identity_api'`, see
`facts/providers.py`); a read `R.identity_api...` counts when the receiver `R` (resolved
through imports and module-level aliases to one object) is read with two or more provided
keys across the project: one key alone is as likely an ordinary attribute (`g.user`)."""

from __future__ import annotations

from collections import defaultdict

from strangler.model import SymbolUse
from strangler.parse.link.names import Linker

MIN_KEYS = 2  # distinct provided keys read on one receiver for it to be a registry
# The kind of such a use: weighed as a call, but no import at run time (see graph.py).
LOCATED = "located"

Read = tuple[str, str, str, str, tuple[int, ...]]  # (user, receiver, key, kind, lines)


def provider_uses(linker: Linker) -> dict[str, list[SymbolUse]]:
    """By using module: a use of kind `located` of each providing class it reads (sorted)."""
    declared: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name, data in linker.data.items():
        for cls, key, _ in data.facts.provided_keys:
            declared[key].add((name, cls))
    providers = {key: next(iter(found)) for key, found in declared.items() if len(found) == 1}
    if not providers:
        return {}
    reads = _reads(linker, set(providers))
    keys_of: dict[str, set[str]] = defaultdict(set)
    for _, receiver, key, _, _ in reads:
        keys_of[receiver].add(key)
    merged: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for user, receiver, key, _, lines in reads:
        module, cls = providers[key]
        if len(keys_of[receiver]) >= MIN_KEYS and module != user:
            merged[(user, module, cls)].update(lines)
    found: dict[str, list[SymbolUse]] = defaultdict(list)
    for (user, module, cls), seen in sorted(merged.items()):
        found[user].append(SymbolUse(user, module, cls, LOCATED, tuple(sorted(seen))))
    return dict(found)


def _reads(linker: Linker, keys: set[str]) -> list[Read]:
    """Every read of a provided key on a chain rooted at an import, with its receiver."""
    found: list[Read] = []
    for name, data in linker.data.items():
        bindings = data.bindings
        for local, attrs, kind, lines in (*data.facts.uses, *data.facts.alias_uses):
            if kind not in ("attribute", "call"):
                continue
            for position, attr in enumerate(attrs):
                if attr not in keys or local not in bindings:
                    continue
                chain = ".".join([bindings[local], *attrs[:position]])
                resolved = linker.resolve(chain)
                receiver = chain if resolved is None else ":".join(
                    [resolved[0], resolved[1], ".".join(resolved[2])])
                found.append((name, receiver, attr, kind, lines))
                break
    return found

