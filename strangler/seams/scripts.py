"""Stand-alone scripts kept beside an application: developer tools, data generators, one-off
imports (`tools/create_fake_admin.py`, `extras/dummy_generator/generator.py`, a top-level
`populate.py`). They are run by hand, not deployed with a service; left in the proposal, their
table writes make tables look shared (a fake-admin script writing the accounts, wallets and
payments tables) and their imports pull unrelated domains together."""

from __future__ import annotations

from strangler.graph import CouplingGraph
from strangler.model import KernelModule, ProjectIndex

PACKAGED_SHARE = 0.5  # of the modules, in regular top-level packages, for the rule to apply
SCRIPT_REASON = ("script run beside the application (outside its packages, used by none of "
                 "its modules), left out of the proposal")


def find_scripts(index: ProjectIndex, graph: CouplingGraph, kept: set[str]
                 ) -> list[KernelModule]:
    """Modules outside the application's regular packages (a top-level file, or a folder
    without `__init__.py` such as `tools/`, `extras/`, `docs/scripts/`) that no module of the
    application uses, that serve no route and map no table. `kept` (roots, pinned modules)
    stay. Only where regular packages hold most of the code: in a flat project every
    module is top-level, and none is a script by this rule."""
    packages = {m.name for m in index.modules if m.is_package}

    def packaged(name: str) -> bool:
        return name.split(".", 1)[0] in packages

    if sum(1 for m in index.modules if packaged(m.name)) < PACKAGED_SHARE * len(index.modules):
        return []
    served = {route.module for route in index.routes}
    mapping = {model.module for table in index.tables for model in table.models}
    outside = {m.name for m in index.modules if not packaged(m.name)}
    uses: dict[str, set[str]] = {}
    used: set[str] = set()
    for d in graph.dependencies:
        if d.target in outside and d.source != d.target:
            if d.source in outside:
                uses.setdefault(d.source, set()).add(d.target)
            else:
                used.add(d.target)
    # A script used only by scripts is one too; one the application uses is not, nor are
    # the modules it uses in turn (its helpers).
    frontier = sorted(used)
    while frontier:
        for target in uses.get(frontier.pop(), ()):
            if target not in used:
                used.add(target)
                frontier.append(target)
    return [KernelModule(name, SCRIPT_REASON) for name in sorted(outside)
            if name not in used and name not in served and name not in mapping
            and name not in kept]
