"""The parts of a plugin framework that live outside its container's `__init__`.

`layer_bases.plugin_frameworks` finds a plugin container's registration API (`plugins/`'s
`__init__`, which the plugins below it import). A framework is rarely one module: its
implementation and its front often sit beside the container under the container's own name
(`utils/plugins`, which keeps the registered scripts; `constants/plugins`, which shows them
to the templates), and the container holds plain modules that are no plugin but a service
the plugins call (`plugins/migrations`, the plugins' schema upgrades). Each is the
platform's: no data, no routes, and the plugins of every domain use it. Left in the graph
they are a seam of their own with the app initializer that loads the plugins.

A part, for a framework module `F` (a container `__init__`):
- a module whose last name is the container's (`plugins`), outside the container and
  outside any domain's package, that `F` imports or that imports `F`;
- a plain module (no package) directly in the container that the modules of a plugin
  package in the container import (the plugins call it, as they call `F`).
Either way it maps, writes and reads no table (a settings store aside) and serves no route.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def framework_parts(frameworks: Iterable[str], modules: Iterable[str], packages: set[str],
                    data: set[str], serving: set[str], edges: Iterable[tuple[str, str]],
                    enclosed: set[str]) -> dict[str, str]:
    """Each part (see the module's docstring) -> the framework it belongs to.
    `frameworks`: the container `__init__`s; `data`: modules that map, write or read a
    table (a settings store aside); `serving`: modules that serve a route; `edges`: the
    run-time (source, target) imports; `enclosed`: modules inside a domain's package."""
    names = set(modules)
    imports: dict[str, set[str]] = defaultdict(set)
    imported_by: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        imports[source].add(target)
        imported_by[target].add(source)
    found: dict[str, str] = {}
    for framework in sorted(frameworks):
        word = framework.rsplit(".", 1)[-1]
        inside = framework + "."
        plugins = {m for m in names if m.startswith(inside)
                   and inside + m[len(inside):].split(".", 1)[0] in packages}
        for name in sorted(names - {framework}):
            if name in data or name in serving or name in found:
                continue
            if name.startswith(inside):
                direct = "." not in name[len(inside):]
                if direct and name not in packages and imported_by[name] & plugins:
                    found[name] = framework
            elif (name.rsplit(".", 1)[-1] == word and name not in enclosed
                  and (name in imports[framework] or framework in imports[name])):
                found[name] = framework
    return found
