"""Packages whose own folder is also on `sys.path`: their modules import siblings top-level.

A Django project kept inside a package (`pkg/manage.py`, `pkg/__init__.py`) runs with `pkg/`
first on `sys.path` (a script's folder is), so its apps write `from projects.models import
Project` for the module discovery names `pkg.projects.models`. Such a package holds a
`manage.py` and is told by its own imports: several of its modules import names that are no
top-level module of the project but are, verified name by name, modules or definitions under
the package. Resolution then tries `pkg.` before a name whose first part is neither a project
top level nor a standard-library module. Without the `manage.py` the imports alone mislead: a
package with a `graphql/` sub-package importing the graphql library looks the same.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping

from strangler.model import FileFacts, RawImport

# A package is an import root when its modules make at least this many verified top-level
# imports of its own children, naming at least this many distinct children: one or two
# names could be an outside library shadowed by a same-named module (`pkg/celery.py`).
MIN_IMPORTS = 5
MIN_CHILDREN = 2


def package_import_roots(facts: Mapping[str, FileFacts], packages: set[str]) -> tuple[str, ...]:
    """The packages holding a `manage.py` whose modules import the package's own children
    as top-level names (sorted, so resolution tries them in a fixed order)."""
    top_levels = {name.split(".")[0] for name in facts}
    evidence: dict[str, Counter[str]] = {}
    for module, module_facts in facts.items():
        parts = module.split(".")
        for end in range(1, len(parts)):
            package = ".".join(parts[:end])
            if package not in packages or f"{package}.manage" not in facts:
                continue
            for raw in module_facts.imports:
                top = raw.module.split(".")[0]
                if (top and top not in top_levels and top not in sys.stdlib_module_names
                        and _verified(facts, package, raw)):
                    evidence.setdefault(package, Counter())[top] += 1
    return tuple(sorted(package for package, tops in evidence.items()
                        if tops.total() >= MIN_IMPORTS and len(tops) >= MIN_CHILDREN))


def _verified(facts: Mapping[str, FileFacts], package: str, raw: RawImport) -> bool:
    """True when the import names, under `package`, a module that exists and (for `from m
    import n`) a submodule or a top-level name that module defines or imports."""
    if raw.dynamic or raw.module.startswith("."):
        return False
    full = f"{package}.{raw.module}"
    found = facts.get(full)
    if found is None:
        return False
    if raw.name is None:
        return "." in raw.module  # `import a.b`: a chain of the package's modules
    if raw.star:
        return True
    return (f"{full}.{raw.name}" in facts or raw.name in found.defined
            or any(other.alias == raw.name for other in found.imports))
