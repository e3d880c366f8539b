"""A file's imports resolved to project modules, and the outside packages it imports."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable

from strangler.model import ExternalImport, Import
from strangler.parse.distributions import distribution_of
from strangler.parse.link.names import Linker


def file_imports(linker: Linker, name: str) -> tuple[list[Import], list[tuple[str, int]]]:
    """The imports of module `name` that name project modules (sorted), and (top-level name,
    line) of the others. Reads only the file's facts and the set of module names."""
    imports: list[Import] = []
    external: list[tuple[str, int]] = []
    for raw in linker.data[name].facts.imports:
        flags = dict(type_only=raw.type_only, lazy=raw.lazy, guarded=raw.guarded,
                     dynamic=raw.dynamic, star=raw.star)
        found = linker.module_prefix(linker.rooted(
            name, f"{raw.module}.{raw.name}" if raw.name else raw.module))
        if found is None:
            top = raw.module.split(".")[0]
            if top and top not in linker.top_levels and not raw.module.startswith("."):
                external.append((top, raw.line))
            continue
        target, rest = found
        imported_name = rest[0] if rest else None
        if raw.name is not None and target != raw.module and rest:
            imported_name = rest[0]
        if target != name:
            imports.append(Import(name, target, raw.line, imported_name, **flags))
        if raw.name is None and raw.alias is not None and "." in raw.module:
            parts = raw.module.split(".")
            for end in range(1, len(parts)):
                parent = ".".join(parts[:end])
                if parent in linker.data and parent != name and parent != target:
                    imports.append(Import(name, parent, raw.line, None, implicit=True, **flags))
    imports.sort(key=lambda i: (i.target, i.line, i.name or ""))
    return imports, external


def external_imports(found: Iterable[tuple[str, tuple[tuple[str, int], ...]]]
                     ) -> list[ExternalImport]:
    """Outside packages by top-level name, from (module, its external imports) pairs."""
    importers: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for module, external in found:
        for top, line in external:
            importers[top].add((module, line))
    return [
        ExternalImport(
            module=top,
            distribution=distribution_of(top),
            category="stdlib" if top in sys.stdlib_module_names else "third_party",
            importers=tuple(sorted(users)),
        )
        for top, users in sorted(importers.items())
    ]
